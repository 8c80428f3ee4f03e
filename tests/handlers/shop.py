"""The shop the sales, open-order and time-off tests run in (Wednesday 18 November 2026, in
Oslo), and reading back what was recorded and shown."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlmodel import Session

from localslack.workspace import LocalWorkspace
from storage.models import AuditEntry, Person, Sale
from storage.store import Store, get_or_create_workspace
from tests.conftest import MANAGER, NORWEGIAN, OWNER, REP, local_workspace
from tests.helpers import buttons, rows

# Wednesday 18 November 2026, mid-morning in Oslo.
NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
TODAY = date(2026, 11, 18)


@contextmanager
def shop_workspace(db, *, public_url: str | None = None) -> Iterator[LocalWorkspace]:
    """A workspace at a fixed time: team Øst (Rita, Kari; managed by Mona), Per outside it, two
    products; ``public_url`` where the feedback page is served."""
    with local_workspace(db, at=NOW, public_url=public_url) as workspace:
        for text in (
            "team create Øst",
            f"team add Øst {workspace.mention(REP)} {workspace.mention(NORWEGIAN)}",
            f"team manager Øst {workspace.mention(MANAGER)}",
            "product add Barista Pro 24 990",
            "product add Kaffeabonnement",
        ):
            workspace.command(text, user=OWNER)
        yield workspace


def sales_of(db, user=None) -> list[Sale]:
    people = {p.id: p.slack_user_id for p in rows(db, Person)}
    return sorted(
        (s for s in rows(db, Sale) if user is None or people[s.person_id] == user), key=lambda s: s.id
    )


def last_ephemeral(ws, user):
    return [p for p in ws.fake.snapshot_posted() if p.kind == "ephemeral" and p.user == user][-1]


def modal(ws, user) -> dict:
    return ws.fake.wait_for_posted(lambda p: p.kind == "modal_open" and p.user == user).view


def audit_actions(db) -> list[str]:
    return [e.action for e in rows(db, AuditEntry)]


def record(
    ws, db, user=REP, text="result 10 000 Barista Pro customer:Acme", promised=None
) -> tuple[Sale, dict]:
    ws.command(text, user=user)
    sale = sales_of(db)[-1]
    if promised:
        with Session(db) as session:
            stored = session.get(Sale, sale.id)
            stored.promised_on = promised
            session.add(stored)
            session.commit()
    return sale, buttons(last_ephemeral(ws, user).blocks)


def updates(ws, user) -> list:
    return [p for p in ws.fake.snapshot_posted() if p.kind == "update" and p.user == user]


def add_open_orders(ws, db, user: str, count: int) -> None:
    """``count`` open orders for ``user``, promised one day apart (so the order is known)."""
    with Session(db) as session:
        store = Store(session, get_or_create_workspace(session, slack_team_id=ws.team_id))
        person = store.person_by_slack_id(user)
        for n in range(count):
            store.add_sale(
                person_id=person.id,
                amount=Decimal(100 + n),
                units=1,
                customer=f"Kunde {n + 1:02d}",
                ordered_on=date(2026, 10, 1),
                promised_on=date(2026, 11, 1) + timedelta(days=n),
                source="console",
            )
        session.commit()
