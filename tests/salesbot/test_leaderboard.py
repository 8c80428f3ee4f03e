"""The leaderboard on a real database: ties share a rank, who is counted, opted-out people."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from salesbot.leaderboard import counted_goals, leaderboard
from salesbot.periods import Period
from tests.salesbot.rows import NOV, actor, goal, person, sale

TODAY = date(2026, 11, 18)  # a Wednesday


def test_leaderboard_ties_share_a_rank_and_opted_out_people_see_only_themselves(store):
    ana, bo, cy, dag, eli = (person(store, n) for n in ("Ana", "Bo", "Cy", "Dag", "Eli"))
    dag.public_ranking = False
    nobody = person(store, "Nils")  # no revenue goal: not ranked
    for who, target, actual in (
        (ana, 1000, 1000),
        (bo, 2000, 2000),
        (cy, 1000, 500),
        (dag, 1000, 1500),
        (eli, 1000, 200),
    ):
        goal(store, target, who=who)
        sale(store, who, actual, date(2026, 11, 2))
    goal(store, 10, who=nobody, metric="units")

    board = leaderboard(store, actor(store, cy), today=TODAY, period=NOV)
    assert [(s.rank, s.person.name) for s in board.top] == [(1, "Ana"), (1, "Bo"), (3, "Cy"), (4, "Eli")]
    assert board.own is None and board.ranked == 4

    hidden = leaderboard(store, actor(store, dag), today=TODAY, period=NOV)
    assert [(s.rank, s.person.name) for s in hidden.top] == [
        (1, "Dag"),
        (2, "Ana"),
        (2, "Bo"),
        (4, "Cy"),
        (5, "Eli"),
    ]
    assert hidden.viewer_public is False

    short = leaderboard(store, actor(store, eli), today=TODAY, period=NOV, size=2)
    assert [(s.rank, s.person.name) for s in short.top] == [(1, "Ana"), (1, "Bo")]
    assert (short.own.rank, short.own.person.name, short.own.attainment) == (4, "Eli", Decimal("0.200"))

    outside = leaderboard(store, actor(store, nobody), today=TODAY, period=NOV)
    assert outside.own is None and "Nils" not in [s.person.name for s in outside.top]


def test_several_goals_count_together_and_an_all_products_goal_wins(store):
    ana, bo = person(store, "Ana"), person(store, "Bo")
    coffee, tea = store.add_product("Kaffe", None), store.add_product("Te", None)
    q4 = Period.of_quarter(2026, 4)
    whole = goal(store, 3000, who=ana, period=q4)
    inside = goal(store, 1000, who=ana)  # November, inside Q4: left out
    product = goal(store, 500, who=ana, period=q4, product=coffee)  # product goal beside a whole one
    assert counted_goals([whole, inside, product]) == [whole]
    coffee_goal = goal(store, 1000, who=bo, period=q4, product=coffee)
    tea_goal = goal(store, 1000, who=bo, period=q4, product=tea)
    assert counted_goals([coffee_goal, tea_goal]) == [coffee_goal, tea_goal]
    sale(store, ana, 1500, date(2026, 10, 3))
    sale(store, bo, 1000, date(2026, 10, 3), product=coffee)
    sale(store, bo, 500, date(2026, 11, 3), product=tea)
    sale(store, bo, 9000, date(2026, 11, 3))  # no product: in no goal of Bo's

    board = leaderboard(store, actor(store, ana), today=TODAY, period=q4)
    assert [(s.person.name, s.attainment, s.target) for s in board.top] == [
        ("Bo", Decimal("0.750"), 2000),
        ("Ana", Decimal("0.500"), 3000),
    ]


def test_the_leaderboard_leaves_out_goals_yet_to_start(store):
    ana = person(store, "Ana")
    december = Period.of_month(2026, 12)
    november = goal(store, 1000, who=ana)
    later = goal(store, 9000, who=ana, period=december)
    assert counted_goals([november, later], today=TODAY) == [november]
    assert counted_goals([later], today=TODAY) == []
    sale(store, ana, 500, date(2026, 11, 2))
    board = leaderboard(store, actor(store, ana), today=TODAY, period=Period.of_quarter(2026, 4))
    assert [(s.person.name, s.target, s.attainment) for s in board.top] == [("Ana", 1000, Decimal("0.500"))]
    assert board.starts is None
    ahead = leaderboard(store, actor(store, ana), today=TODAY, period=december)
    assert (ahead.top, ahead.starts) == ([], date(2026, 12, 1))
    assert leaderboard(store, actor(store, ana), today=december.start, period=december).top[0].target == 9000
