"""``python bot.py console``: salesbot on its database, a local Slack around it, and the console.

What needs the database is done here: the in-process scheduler, and the ``Records`` the console
is handed (is the workspace empty, the demo, the stored people, their roles and languages, the
channels salesbot keeps), so that the console itself talks to salesbot only as Slack does.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import TextIO

from sqlalchemy.engine import Engine

from handlers.runtime import Services
from handlers.scheduler import start_scheduler
from localslack import console
from localslack.console.records import Records, StoredPerson
from localslack.workspace import LOCAL_TEAM_ID, LocalWorkspace
from salesbot.access import effective_role
from salesbot.config import Settings
from salesbot.demo import DEMO_COMPANY, is_empty, load_demo
from salesbot.i18n import pick_language


def run_console(
    settings: Settings,
    engine: Engine,
    *,
    user: str | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> int:
    """The local console on ``engine``; returns the exit code (0 when input ends or on quit)."""
    with _quiet_logging():
        workspace = LocalWorkspace.start(engine, team_id=LOCAL_TEAM_ID, admins=settings.admins)
        # Digests scheduled in the console are posted into it, like the real app's in-process scheduler.
        scheduler = (
            start_scheduler(replace(workspace.settings, scheduler_on=True), engine, clock=workspace.clock)
            if settings.scheduler_on
            else None
        )
        try:
            records = stored_records(
                Services(settings=settings, engine=engine), LOCAL_TEAM_ID, settings.admins
            )
            return console.run(workspace, records, user=user, stdin=stdin, stdout=stdout)
        finally:
            if scheduler is not None:
                scheduler.stop()
            workspace.stop()


def stored_records(services: Services, team_id: str, admins: frozenset[str]) -> Records:
    """What the console may know of the workspace ``team_id``, read from salesbot's store."""

    def load() -> str:
        with services.store(team_id) as store:
            return load_demo(store)

    def people() -> list[StoredPerson]:
        with services.store(team_id) as store:
            return [
                StoredPerson(
                    slack_user_id=p.slack_user_id,
                    name=p.name,
                    timezone=p.timezone,
                    slack_locale=p.slack_locale,
                    is_slack_admin=p.is_slack_admin,
                    is_slack_owner=p.is_slack_owner,
                    is_bot=p.is_bot,
                )
                for p in store.people()
            ]

    def channels() -> list[str]:
        with services.store(team_id) as store:
            kept = [
                store.workspace.announcement_channel,
                # A department's contact may be a channel (C…) or a person (U…): only channels.
                *(
                    contact
                    for contact in (
                        store.workspace.production_contact,
                        store.workspace.customer_service_contact,
                        store.workspace.marketing_contact,
                    )
                    if contact and contact.startswith(("C", "G"))
                ),
                *(view.team.channel_id for view in store.teams()),
                *(schedule.channel_id for schedule in store.digest_schedules()),
            ]
        return list(dict.fromkeys(channel for channel in kept if channel))

    def workspace_name() -> str | None:
        with services.store(team_id) as store:
            return store.workspace.name

    def roles(slack_user_ids: Iterable[str]) -> dict[str, str]:
        with services.store(team_id) as store:
            people = store.people_by_slack_ids(list(slack_user_ids))
            return {uid: effective_role(person, admins).value for uid, person in people.items()}

    def language(slack_user_id: str, slack_locale: str | None) -> str:
        with services.store(team_id) as store:
            person = store.person_by_slack_id(slack_user_id)
            return pick_language(
                preference=person.language if person else None,
                slack_locale=(person.slack_locale if person else None) or slack_locale,
                workspace=store.workspace.locale,
            )

    with services.store(team_id) as store:
        empty = is_empty(store)
    return Records(
        is_empty=empty,
        demo_company=DEMO_COMPANY,
        load_demo=load,
        people=people,
        channels=channels,
        workspace_name=workspace_name,
        roles=roles,
        language=language,
    )


@contextmanager
def _quiet_logging() -> Iterator[None]:
    """Bolt's INFO lines would clutter the transcript; warnings and errors still show.
    An explicit LOG_LEVEL (say DEBUG, to see every request) is left alone."""
    if os.environ.get("LOG_LEVEL"):
        yield
        return
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.WARNING)
    try:
        yield
    finally:
        root.setLevel(level)
