"""A period's sales in storage (storage/sales.py): one page, newest order first, and the tally
in one query, each scoped to the workspace."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import Session

from salesbot.results import SalesTally
from storage.store import Store, get_or_create_workspace

NOV_1, NOV_30 = date(2026, 11, 1), date(2026, 11, 30)


@pytest.fixture
def two_shops(db):
    """Two workspaces, each with Rita and Per; sales in and around November."""
    with Session(db) as session:
        shops = []
        for team_id in ("T0ONE", "T0TWO"):
            store = Store(session, get_or_create_workspace(session, slack_team_id=team_id))
            rita, per = (store.save_person(store.new_person(f"U{team_id}{n}")) for n in ("R", "P"))
            shops.append((store, rita, per))
        yield shops
        session.rollback()


def add(store, person, day, amount, **fields):
    return store.add_sale(
        person_id=person.id, amount=Decimal(amount), ordered_on=day, source="console", **fields
    )


def test_a_page_newest_order_first_ties_by_id_and_the_tally(two_shops):
    (store, rita, per), (other, other_rita, _) = two_shops
    early = add(store, rita, NOV_1, 100)
    same_day = [add(store, rita, date(2026, 11, 10), 200), add(store, rita, date(2026, 11, 10), 300)]
    lost = add(store, rita, date(2026, 11, 12), 400, lost_on=date(2026, 11, 13), lost_reason="price")
    last = add(store, rita, NOV_30, 50, delivered_on=NOV_30, followed_up_on=NOV_30)
    pers = add(store, per, date(2026, 11, 5), 1000)
    add(store, rita, date(2026, 10, 31), 7)  # before the period
    add(store, rita, date(2026, 12, 1), 7)  # after it
    add(other, other_rita, date(2026, 11, 10), 99_999)  # another workspace

    ritas = store.sales_ordered_in([rita.id], NOV_1, NOV_30, limit=20)
    assert [s.id for s in ritas] == [last.id, lost.id, same_day[1].id, same_day[0].id, early.id]
    assert [s.id for s in store.sales_ordered_in([rita.id], NOV_1, NOV_30, limit=2, offset=2)] == [
        same_day[1].id,
        same_day[0].id,
    ]
    assert store.tally_sales_ordered_in([rita.id], NOV_1, NOV_30) == SalesTally(
        count=5, won=Decimal(650), lost=1
    )

    everyone = store.sales_ordered_in(None, NOV_1, NOV_30, limit=20)
    assert pers.id in {s.id for s in everyone} and len(everyone) == 6
    assert store.tally_sales_ordered_in(None, NOV_1, NOV_30) == SalesTally(count=6, won=Decimal(1650), lost=1)
    assert store.tally_sales_ordered_in([rita.id, per.id], NOV_1, NOV_30).count == 6

    assert store.sales_ordered_in([], NOV_1, NOV_30, limit=20) == []
    assert store.tally_sales_ordered_in([], NOV_1, NOV_30) == SalesTally()
    assert store.tally_sales_ordered_in([rita.id], date(2027, 1, 1), date(2027, 1, 31)) == SalesTally()
    assert other.tally_sales_ordered_in(None, NOV_1, NOV_30) == SalesTally(
        count=1, won=Decimal(99_999), lost=0
    )
    assert other.sales_ordered_in([rita.id], NOV_1, NOV_30, limit=20) == [], "another workspace's people"
