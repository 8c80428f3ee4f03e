"""What the console is told of salesbot's stored records, by whoever starts it.

The console never reads the database: it talks to salesbot as Slack does, and reads what
salesbot sent to the fake Web API. The few facts only the database knows (is the workspace
empty, who is in it, what role and language each person has, which channels salesbot keeps) are handed to it
as plain values and callables.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class StoredPerson:
    """A person salesbot keeps, with what the fake Slack needs to know them as a workspace member."""

    slack_user_id: str
    name: str | None
    timezone: str | None
    slack_locale: str | None
    is_slack_admin: bool
    is_slack_owner: bool
    is_bot: bool


@dataclass(frozen=True)
class Records:
    """The answers the console may ask for; each callable reads afresh, so a role changed by
    ``/sales role`` shows at once."""

    is_empty: bool  # no one in the workspace yet: the console offers the demo
    demo_company: str
    load_demo: Callable[[], str]  # loads the demo company; returns what to tell the person
    people: Callable[[], list[StoredPerson]]
    # The ids of the channels salesbot keeps: the announcement channel, team and digest channels.
    channels: Callable[[], list[str]]
    workspace_name: Callable[[], str | None]
    roles: Callable[[Iterable[str]], dict[str, str]]  # Slack user ids -> roles, for those salesbot knows
    # The language salesbot speaks to a Slack user (id, Slack locale): the console speaks it too.
    language: Callable[[str, str | None], str]
