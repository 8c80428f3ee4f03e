"""Open orders: who may list whose, and the pages, on an in-memory store (no database)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from salesbot import orders
from salesbot.errors import InvalidInput, NotFound, PermissionDenied
from salesbot.orders import PERSON, TEAM, Whose
from tests.salesbot.fakes import FakeStore

DAY = date(2026, 11, 2)


@pytest.fixture
def world():
    """Øst (Kari, Ola) managed by Mona; Vest (Per) managed by nobody here; Ingrid the admin."""
    store = FakeStore()
    ingrid = store.person_named("Ingrid", role="admin")
    mona = store.person_named("Mona", role="manager")
    kari, ola, per = (store.person_named(name) for name in ("Kari", "Ola", "Per"))
    ost = store.team_named("Øst", members=[kari, ola], managers=[mona])
    vest = store.team_named("Vest", members=[per])
    return store, dict(ingrid=ingrid, mona=mona, kari=kari, ola=ola, per=per, ost=ost, vest=vest)


def page(store, reader, whose, number=1, size=10):
    return orders.open_orders_page(store, store.actor(reader), whose, page=number, size=size)


@pytest.mark.parametrize(
    ("reader", "whose", "allowed"),
    [
        ("kari", "kari", True),  # one's own
        ("kari", "ola", False),  # a teammate's
        ("mona", "kari", True),  # a manager, their people's
        ("mona", "per", False),  # …not another team's
        ("mona", "mona", True),
        ("ingrid", "per", True),  # an admin, anyone's
    ],
)
def test_who_sees_a_persons_open_orders(world, reader, whose, allowed):
    store, people = world
    store.sale_for(people[whose], DAY)
    target = Whose(PERSON, people[whose].id)
    if allowed:
        shown = page(store, people[reader], target)
        assert (shown.total, shown.name, shown.mine) == (1, people[whose].name, reader == whose)
    else:
        with pytest.raises(PermissionDenied) as refused:
            page(store, people[reader], target)
        assert refused.value.key == "orders.not_allowed"


@pytest.mark.parametrize(
    ("reader", "team", "allowed"),
    [
        ("mona", "ost", True),  # the team's manager
        ("kari", "ost", False),  # a member is not its manager
        ("mona", "vest", False),
        ("ingrid", "vest", True),
    ],
)
def test_a_teams_open_orders_are_for_its_managers_and_admins(world, reader, team, allowed):
    store, people = world
    for person in ("kari", "ola", "per", "mona"):
        store.sale_for(people[person], DAY)
    target = Whose(TEAM, people[team].id)
    if allowed:
        shown = page(store, people[reader], target)
        members = {"ost": {"kari", "ola"}, "vest": {"per"}}[team]
        assert {o.person_id for o in shown.orders} == {people[m].id for m in members}, (
            "members', not managers'"
        )
        assert (shown.name, shown.mine) == (people[team].name, False)
    else:
        with pytest.raises(PermissionDenied) as refused:
            page(store, people[reader], target)
        assert (refused.value.key, refused.value.params) == (
            "orders.team_not_allowed",
            {"team": people[team].name},
        )


def test_a_team_gone_since_the_list_was_drawn(world):
    store, people = world
    with pytest.raises(InvalidInput) as gone:
        page(store, people["ingrid"], Whose(TEAM, 999))
    assert gone.value.key == "orders.team_gone"


def test_pages_hold_the_oldest_due_first_and_a_page_past_the_end_is_the_last(world):
    store, people = world
    kari = people["kari"]
    sales = [store.sale_for(kari, DAY + timedelta(days=n)) for n in range(23)]
    store.sale_for(kari, DAY, lost_on=DAY)  # not open
    store.sale_for(kari, DAY, followed_up_on=DAY)  # done with
    whose = Whose(PERSON, kari.id)

    first, second, third = (page(store, kari, whose, n) for n in (1, 2, 3))
    assert (first.total, first.pages) == (23, 3)
    assert [o.id for o in first.orders + second.orders + third.orders] == [s.id for s in sales]
    assert (second.page, len(third.orders)) == (2, 3)
    assert page(store, kari, whose, 7).page == 3, "a page emptied since it was drawn shows the last one"
    assert page(store, kari, whose, 0).page == 1
    assert page(store, kari, whose, 1, size=5).pages == 5

    nobody = page(store, people["ola"], Whose(PERSON, people["ola"].id), 4)
    assert (nobody.total, nobody.page, nobody.pages, nobody.orders) == (0, 1, 1, [])


def test_whose_orders_the_command_names(world):
    store, people = world
    kari = store.actor(people["kari"])
    find = store.find_person
    assert orders.read_whose(store, kari, "", find) == Whose(PERSON, kari.person_id)
    assert orders.read_whose(store, kari, "  ", find) == Whose(PERSON, kari.person_id)
    assert orders.read_whose(store, kari, "team: “øst”", find) == Whose(TEAM, people["ost"].id)
    assert orders.read_whose(store, kari, "lag:Vest", find) == Whose(TEAM, people["vest"].id)
    assert orders.read_whose(store, kari, "<@UOLA|ola>", find) == Whose(PERSON, people["ola"].id)
    with pytest.raises(NotFound):
        orders.read_whose(store, kari, "team:Nord", find)
    for text in ("ola", "<@UOLA> <@UPER>", "<@UOLA> please"):
        with pytest.raises(InvalidInput) as refused:
            orders.read_whose(store, kari, text, find)
        assert (refused.value.key, refused.value.example, refused.value.params) == (
            "orders.form",
            "orders.usage",
            {"text": text},
        )
