"""The office the progress and App Home tests run in, on Wednesday 18 November 2026 (in Oslo),
and goals and sales written straight to its database, as the goal and sale commands would
leave them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from decimal import Decimal

from localslack.workspace import LocalWorkspace
from salesbot.periods import Period
from storage.models import Goal, Person, Sale
from tests.conftest import MANAGER, NORWEGIAN, OWNER, REP, REP2, local_workspace
from tests.helpers import data, goal_row

NOV = Period.of_month(2026, 11)
OCT = Period.of_month(2026, 10)
NOW = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)
STRANGER = "U0STRANGER"


@contextmanager
def office_workspace(db) -> Iterator[LocalWorkspace]:
    """A workspace on 18 November 2026: team Øst (Rita, Per, Kari; Mona manages it) and Vest."""
    with local_workspace(db, at=NOW) as workspace:
        workspace.add_user(STRANGER, "Sam Stranger")
        mention = workspace.mention
        workspace.command("team create Øst", user=OWNER)
        workspace.command(f"team add Øst {mention(REP)} {mention(REP2)} {mention(NORWEGIAN)}", user=OWNER)
        workspace.command(f"team manager Øst {mention(MANAGER)}", user=OWNER)
        workspace.command("team create Vest", user=OWNER)
        yield workspace


def someone(store, user_id: str) -> Person:
    return store.person_by_slack_id(user_id)


def add_goal(store, target, *, scope="person", who=None, metric="revenue", period=NOV, product=None) -> Goal:
    return goal_row(store, target, period=period, scope=scope, who=who, metric=metric, product=product)


def add_sale(store, who, amount, day, *, lost=None, delivered=None, customer="") -> Sale:
    row = Sale(
        workspace_id=store.workspace_id,
        person_id=who.id,
        amount=Decimal(amount),
        ordered_on=day,
        lost_on=lost,
        lost_reason="price" if lost else None,
        delivered_on=delivered,
        customer=customer,
    )
    store.session.add(row)
    store.session.flush()
    return row


def november_goals(db):
    """Rita 6,000 of 10,000; Per 1,000 of 10,000; Kari no goal; the team and the company."""
    with data(db) as store:
        rita, per = someone(store, REP), someone(store, REP2)
        add_goal(store, 10000, who=rita)
        add_goal(store, 10000, who=per)
        add_goal(store, 30000, scope="team", who=store.team_by_name("Øst"))
        add_goal(store, 100000, scope="company")
        add_sale(store, rita, 6000, date(2026, 11, 5))
        add_sale(store, per, 1000, date(2026, 11, 6))
        add_sale(store, per, 4000, date(2026, 11, 7), lost=date(2026, 11, 9))


def quarter_team_goal_with_monthly_member_goals(db):
    """A Q4 goal for Øst; Rita and Per have November goals, Kari only an October one."""
    november_goals(db)
    with data(db) as store:
        add_goal(store, 90000, scope="team", who=store.team_by_name("Øst"), period=Period.of_quarter(2026, 4))
        add_goal(store, 5000, who=someone(store, NORWEGIAN), period=OCT)
