"""A period's sales: what ``/sales results`` reads, whose a reader may list (the rule shared with
open orders), the pages and the tally, on an in-memory store (no database)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from salesbot import results
from salesbot.errors import InvalidInput, NotFound, PermissionDenied
from salesbot.orders import COMPANY, PERSON, TEAM, Whose, sales_to_list
from salesbot.periods import Period
from tests.salesbot.fakes import FakeStore

TODAY = date(2026, 11, 18)
NOV = Period.of_month(2026, 11)


@pytest.fixture
def world():
    """Øst (Kari, Ola) managed by Mona; Vest (Per) managed by nobody here; Ingrid the admin."""
    store = FakeStore()
    ingrid = store.person_named("Ingrid", role="admin")
    mona = store.person_named("Mona", role="manager")
    kari, ola, per = (store.person_named(name) for name in ("Kari", "Ola", "Per"))
    ost = store.team_named("Øst", members=[kari, ola], managers=[mona])
    vest = store.team_named("Vest", members=[per])
    empty = store.team_named("Tom", managers=[mona])
    return store, dict(ingrid=ingrid, mona=mona, kari=kari, ola=ola, per=per, ost=ost, vest=vest, tom=empty)


def ask(store, reader, text):
    return results.read_results_ask(
        store, store.actor(reader), text, today=TODAY, find_person=store.find_person
    )


def test_what_results_reads_whose_and_the_period(world):
    store, people = world
    kari = people["kari"]
    assert ask(store, kari, "") == results.ResultsAsk(Whose(PERSON, kari.id), NOV)
    assert ask(store, kari, "last month").period == Period.of_month(2026, 10)
    assert ask(store, kari, "Q4") == results.ResultsAsk(Whose(PERSON, kari.id), Period.of_quarter(2026, 4))
    assert ask(store, kari, "<@UOLA|ola> 1.11-15.12") == results.ResultsAsk(
        Whose(PERSON, people["ola"].id), Period.of_range(date(2026, 11, 1), date(2026, 12, 15))
    )
    assert ask(store, kari, "team:øst").whose == Whose(TEAM, people["ost"].id)
    assert ask(store, kari, "lag:Vest forrige måned").period == Period.of_month(2026, 10)
    assert ask(store, kari, "company 2026") == results.ResultsAsk(Whose(COMPANY), Period.of_year(2026))
    with pytest.raises(NotFound) as unknown:
        ask(store, kari, "team:Nord")
    assert unknown.value.example == "results.example"
    with pytest.raises(InvalidInput) as two:
        ask(store, kari, "<@UOLA> team:Øst")
    assert (two.value.key, two.value.example) == ("results.one_subject", "results.example")


def test_no_period_is_the_current_one_of_the_workspaces_default_kind():
    store = FakeStore(default_period_kind="quarter")
    kari = store.person_named("Kari")
    assert ask(store, kari, "").period == Period.of_quarter(2026, 4)


@pytest.mark.parametrize(
    ("reader", "whose", "refused"),
    [
        ("kari", "kari", None),
        ("kari", "ola", ("results.not_allowed", {"name": "Ola"})),
        ("mona", "kari", None),
        ("mona", "per", ("results.not_allowed", {"name": "Per"})),
        ("ingrid", "per", None),
        ("kari", "ost", ("results.team_not_allowed", {"team": "Øst"})),  # a member is not its manager
        ("mona", "ost", None),
        ("mona", "vest", ("results.team_not_allowed", {"team": "Vest"})),
        ("ingrid", "vest", None),
        ("kari", "company", ("results.company_not_allowed", {})),
        ("mona", "company", ("results.company_not_allowed", {})),
        ("ingrid", "company", None),
    ],
)
def test_who_may_list_whose_sales(world, reader, whose, refused):
    store, people = world
    target = (
        Whose(COMPANY)
        if whose == "company"
        else Whose(TEAM if whose in ("ost", "vest") else PERSON, people[whose].id)
    )
    actor = store.actor(people[reader])
    if refused is None:
        listed = sales_to_list(store, actor, target, area="results")
        expected = {
            "ost": [people["kari"].id, people["ola"].id],
            "vest": [people["per"].id],
            "company": None,
        }.get(whose, [people.get(whose, people["kari"]).id])
        assert listed.person_ids == expected and listed.mine == (reader == whose)
    else:
        with pytest.raises(PermissionDenied) as denied:
            sales_to_list(store, actor, target, area="results")
        assert (denied.value.key, denied.value.params) == refused
        # The same rule refuses open orders in their own words.
        if whose != "company":
            with pytest.raises(PermissionDenied) as orders_denied:
                sales_to_list(store, actor, target)
            assert orders_denied.value.key == refused[0].replace("results.", "orders.")


def test_pages_newest_first_with_the_tally_of_the_whole_period(world):
    store, people = world
    kari, ola, per = people["kari"], people["ola"], people["per"]
    made = [store.sale_for(kari, date(2026, 11, 1) + timedelta(days=n // 2)) for n in range(25)]
    store.sale_for(kari, date(2026, 11, 3), amount=Decimal(500), lost_on=date(2026, 11, 4))
    store.sale_for(kari, date(2026, 10, 31))  # last month
    store.sale_for(ola, date(2026, 11, 2), amount=Decimal(70))
    store.sale_for(per, date(2026, 11, 2), amount=Decimal(9))
    lost = store.sales[25]

    mine = Whose(PERSON, kari.id)
    first, second = (
        results.results_page(store, store.actor(kari), mine, NOV, page=n, size=20) for n in (1, 2)
    )
    assert first.tally == results.SalesTally(count=26, won=Decimal(25_000), lost=1)
    assert (first.pages, second.page, len(second.sales), first.mine) == (2, 2, 6, True)
    listed = first.sales + second.sales
    assert listed == sorted(listed, key=lambda s: (s.ordered_on, s.id), reverse=True)
    assert {s.id for s in listed} == {s.id for s in made} | {lost.id}
    assert results.results_page(store, store.actor(kari), mine, NOV, page=9, size=20).page == 2

    team = results.results_page(
        store, store.actor(people["mona"]), Whose(TEAM, people["ost"].id), NOV, page=1, size=20
    )
    assert team.tally.count == 27 and team.tally.won == Decimal(25_070) and team.name == "Øst"
    everyone = results.results_page(
        store, store.actor(people["ingrid"]), Whose(COMPANY), NOV, page=1, size=20
    )
    assert everyone.tally == results.SalesTally(count=28, won=Decimal(25_079), lost=1)
    nobody = results.results_page(
        store, store.actor(people["mona"]), Whose(TEAM, people["tom"].id), NOV, page=3, size=20
    )
    assert (nobody.tally, nobody.sales, nobody.page, nobody.pages) == (results.SalesTally(), [], 1, 1)
