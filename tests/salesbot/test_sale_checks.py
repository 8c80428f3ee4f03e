"""Which amounts are asked about before a sale is saved, and what is suggested instead."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from salesbot.goals import goal_key
from salesbot.periods import Period
from salesbot.sale_checks import unusual_amount
from tests.salesbot.fakes import FakeStore

TODAY = date(2026, 11, 18)
NOVEMBER = Period.of_month(2026, 11)


@pytest.fixture
def store():
    return FakeStore()


@pytest.fixture
def kari(store):
    return store.person_named("Kari")


def goal_of(store, person, target, period=NOVEMBER, *, metric="revenue", product_id=None, status="open"):
    return store.add_goal(
        scope="person",
        person_id=person.id,
        team_id=None,
        metric=metric,
        period_kind=period.kind,
        period_key=period.key,
        period_start=period.start,
        period_end=period.end,
        product_id=product_id,
        target=Decimal(target),
        goal_key=goal_key("person", person.id, metric, period.key, product_id),
        status=status,
    )


def history(store, person, *amounts, days_ago=1, lost=False):
    for n, amount in enumerate(amounts):
        day = TODAY - timedelta(days=days_ago + n)
        store.sale_for(person, day, amount=Decimal(amount), lost_on=day if lost else None)


def check(store, person, amount, **fields):
    return unusual_amount(store, person_id=person.id, amount=Decimal(amount), ordered_on=TODAY, **fields)


# -- the list price ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "units", "doubted"),
    [
        ("14970", 3, False),  # 3 × 4 990 at list price
        ("11976", 3, False),  # 20 % off
        ("4990", 3, False),  # a third of it: one item priced, three counted
        ("2994", 3, False),  # a fifth: a deep discount
        ("1497", 3, True),  # a tenth: a zero missing
        ("74850", 3, True),  # five times: 15 at list price would be typed as 15
        ("150000", 3, True),  # the example: a zero too many
        ("69000", 3, False),  # under five times
    ],
)
def test_an_amount_far_from_the_list_price_is_asked_about(store, kari, amount, units, doubted):
    grinder = store.product_named("Kaffekvern", list_price=Decimal("4990"))
    doubt = check(store, kari, amount, units=units, product_id=grinder.id)
    assert (doubt is not None) == doubted
    if doubted:
        assert (doubt.list_total, doubt.suggestion) == (Decimal(14970), Decimal(14970))
        assert doubt.product == grinder
        assert doubt.usual is None and doubt.goal is None


def test_a_list_price_that_agrees_settles_it_whatever_the_goal_and_history(store, kari):
    machine = store.product_named("Barista Pro", list_price=Decimal("24990"))
    goal_of(store, kari, 50_000)
    history(store, kari, *[1290] * 10)
    assert check(store, kari, "124950", units=5, product_id=machine.id) is None


def test_a_product_without_a_list_price_is_compared_with_history_and_goal(store, kari):
    subscription = store.product_named("Kaffeabonnement")
    goal_of(store, kari, 250_000)
    assert check(store, kari, "1500000", product_id=subscription.id).goal is not None
    assert check(store, kari, "150000", product_id=subscription.id) is None


# -- the goal ---------------------------------------------------------------------------


def test_more_than_the_whole_goal_is_asked_about_with_a_zero_fewer_suggested(store, kari):
    goal = goal_of(store, kari, 250_000)
    doubt = check(store, kari, "1500000")
    assert (doubt.goal, doubt.usual, doubt.suggestion) == (goal, None, Decimal(150_000))
    assert check(store, kari, "499999") is None  # beating the whole goal in one sale happens
    assert check(store, kari, "500000").goal is not None  # twice it is asked about


def test_the_suggestion_is_under_twice_the_goal(store, kari):
    goal_of(store, kari, 250_000)
    assert check(store, kari, "6000000").suggestion == Decimal(60_000)  # 600 000 is still too much


def test_with_several_goals_the_largest_counts(store, kari):
    goal_of(store, kari, 250_000)
    goal_of(store, kari, 3_000_000, Period.of_year(2026))
    assert check(store, kari, "1500000") is None
    assert check(store, kari, "6000000").goal.target == Decimal(3_000_000)


@pytest.mark.parametrize(
    "goal",
    [
        {"period": Period.of_month(2026, 10)},  # another period
        {"metric": "units"},
        {"status": "reached"},
        {"product_id": 99},  # a goal for one product only
    ],
)
def test_only_an_open_revenue_goal_for_the_orders_period_counts(store, kari, goal):
    goal_of(store, kari, 250_000, **goal)
    assert check(store, kari, "1500000") is None


def test_another_persons_goal_does_not_count(store, kari):
    goal_of(store, store.person_named("Per"), 10_000)
    assert check(store, kari, "150000") is None


# -- the usual sale ---------------------------------------------------------------------


def test_ten_times_the_usual_sale_is_asked_about(store, kari):
    history(store, kari, 12_000, 15_000, 15_000, 18_000, 900_000)  # the median ignores the big one
    assert check(store, kari, "149999") is None
    doubt = check(store, kari, "150000")
    assert (doubt.usual, doubt.suggestion, doubt.goal) == (Decimal(15_000), Decimal(15_000), None)


def test_the_suggestion_is_nearest_the_usual_sale(store, kari):
    history(store, kari, *[15_000] * 5)
    assert check(store, kari, "1500000").suggestion == Decimal(15_000)
    assert check(store, kari, "9000000").suggestion == Decimal(9_000)


def test_no_suggestion_when_no_zeros_can_go(store, kari):
    history(store, kari, *[1] * 5)
    assert check(store, kari, "12.34").suggestion is None


@pytest.mark.parametrize(
    "sales",
    [
        {"amounts": [15_000] * 4},  # too few to tell
        {"amounts": [15_000] * 5, "lost": True},  # lost sales are not what she sells
        {"amounts": [15_000] * 5, "days_ago": 370},  # over a year ago
    ],
)
def test_the_usual_sale_needs_five_recent_sales_not_lost(store, kari, sales):
    history(store, kari, *sales.pop("amounts"), **sales)
    assert check(store, kari, "150000") is None


def test_only_the_last_fifty_sales_make_the_usual_sale(store, kari):
    history(store, kari, *[100_000] * 50)
    history(store, kari, *[1_000] * 60, days_ago=60)
    assert check(store, kari, "150000") is None


def test_someone_with_too_few_sales_is_compared_with_everyones_usual_sale(store, kari):
    """An admin's first sale, `1,5m` in a shop whose sales are about 15 000: asked about."""
    history(store, store.person_named("Per"), *[14_000, 15_000, 16_000])
    history(store, store.person_named("Ola"), *[15_000, 15_000])
    history(store, kari, 15_000)  # one of her own is too few to tell
    doubt = check(store, kari, "1500000")
    assert (doubt.usual, doubt.usual_of_everyone, doubt.suggestion) == (
        Decimal(15_000),
        True,
        Decimal(15_000),
    )
    assert check(store, kari, "140000") is None


def test_her_own_usual_sale_counts_before_everyones(store, kari):
    history(store, store.person_named("Per"), *[1_000] * 20)
    history(store, kari, *[150_000] * 5)
    assert check(store, kari, "900000") is None
