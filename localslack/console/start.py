"""Starting a console session: the first run on an empty workspace, its people, whom to act as.

``run`` takes a started ``LocalWorkspace`` and the ``Records`` its caller read from salesbot's
database; everything here works on the fake Slack and the terminal only.
"""

from __future__ import annotations

import os
import re
import sys
from typing import TextIO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from localslack.console.mentions import channel_name_from_id, find_channel, find_person, username
from localslack.console.records import Records, StoredPerson
from localslack.console.repl import Console
from localslack.console.terminal import EndOfInput, Interrupted, Terminal
from localslack.console.words import Words
from localslack.webapi import FakeSlack, FakeUser
from localslack.workspace import LocalWorkspace
from salesbot.i18n import DEFAULT_LANGUAGE, language_of

SALES = ("C0SALES", "sales")
CONSOLE_USER_ID = "U0CONSOLE"


def run(
    workspace: LocalWorkspace,
    records: Records,
    *,
    user: str | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> int:
    """The console on ``workspace``, acting as ``user`` (a name or id) when given; returns the exit
    code (0 when input ends or on quit)."""
    # Until someone acts, the console speaks the terminal's language.
    words = Words(language_of(local_locale()) or DEFAULT_LANGUAGE)
    term = Terminal(sys.stdin if stdin is None else stdin, sys.stdout if stdout is None else stdout, words)
    workspace.fake.add_channel(*SALES)
    console = Console(workspace=workspace, records=records, term=term)
    if records.is_empty and not first_run(term, workspace.fake, records):
        return 0
    people = seed_people(workspace.fake, records)
    seed_channels(workspace.fake, records)
    user_id, not_found = acting_user(workspace.fake, people, user)
    if user_id is None:
        term.out(words("start.no_one"))
        return 1
    console.user_id = user_id
    console.follow_language()
    if not_found:
        term.out(words("start.acting_instead", wanted=not_found, name=workspace.fake.user(user_id).real_name))
    return console.run()


def first_run(term: Terminal, fake: FakeSlack, records: Records) -> bool:
    """On an empty workspace: the demo company, or one user for the person at the keyboard.
    Returns False when input ended before an answer."""
    words = term.words
    try:
        if term.yes(words("start.load_demo", company=records.demo_company)):
            term.out(records.load_demo())
            return True
        name = ""
        while not name:
            name = " ".join(term.ask(words("start.your_name")).split())
    except (EndOfInput, Interrupted):
        return False
    fake.add_user(
        FakeUser(
            id=CONSOLE_USER_ID,
            name=username(name, {u.name for u in list(fake.users.values())}),
            real_name=name,
            tz=local_timezone(),
            locale=local_locale(),
            is_admin=True,
            is_owner=True,
        )
    )
    term.out(words("start.welcome", name=name))
    return True


def seed_people(fake: FakeSlack, records: Records) -> list[StoredPerson]:
    """The fake's user directory from the people salesbot keeps, so users.info answers for them."""
    people = records.people()
    taken = {u.name for u in list(fake.users.values())}
    for person in people:
        if person.slack_user_id in fake.users or person.is_bot:
            continue
        name = username(person.name or person.slack_user_id, taken)
        taken.add(name)
        fake.add_user(
            FakeUser(
                id=person.slack_user_id,
                name=name,
                real_name=person.name or person.slack_user_id,
                tz=person.timezone if _valid_timezone(person.timezone) else "UTC",
                locale=person.slack_locale or "en-US",
                is_admin=person.is_slack_admin,
                is_owner=person.is_slack_owner,
            )
        )
    return people


def seed_channels(fake: FakeSlack, records: Records) -> None:
    """The channels salesbot keeps (made in earlier sessions), back in the fake Slack by name."""
    for channel_id in records.channels():
        name = channel_name_from_id(channel_id)
        if channel_id not in fake.channels and name and find_channel(fake, name) is None:
            fake.add_channel(channel_id, name)


def acting_user(
    fake: FakeSlack, people: list[StoredPerson], wanted: str | None
) -> tuple[str | None, str | None]:
    """(user id, ``wanted`` when no one is called that)."""
    not_found = None
    if wanted:
        user = find_person(fake, wanted)
        if user is not None:
            return user.id, None
        not_found = wanted
    owner = next((p for p in people if p.is_slack_owner and p.slack_user_id in fake.users), None)
    first = next((p for p in people if p.slack_user_id in fake.users), None)
    chosen = owner or first
    if chosen is not None:
        return chosen.slack_user_id, not_found
    humans = [u for u in list(fake.users.values()) if not u.is_bot]
    return (humans[0].id if humans else None), not_found


def local_timezone() -> str:
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        link = os.path.realpath("/etc/localtime")
        if "zoneinfo/" in link:
            candidates.append(link.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    for name in candidates:
        if name and _valid_timezone(name):
            return name
    return "UTC"


def _valid_timezone(name: str | None) -> bool:
    if not name:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def local_locale() -> str:
    """The terminal's language as a Slack locale (``nb_NO.UTF-8`` → ``nb-NO``)."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        match = re.match(r"^([a-z]{2})(?:_([A-Z]{2}))?", value)
        if match:
            language, country = match.group(1), match.group(2)
            if language in ("nb", "no", "nn"):
                return "nb-NO"
            if language == "en":
                return f"en-{country or 'US'}"
            return f"{language}-{country}" if country else "en-US"
    return "en-US"
