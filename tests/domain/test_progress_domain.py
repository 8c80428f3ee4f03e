"""Progress maths on a real database: actuals per scope, pacing, closing goals, the leaderboard."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import event
from sqlmodel import Session, select

from salesbot.errors import InvalidInput, NotFound, PermissionDenied
from salesbot.leaderboard import counted_goals, leaderboard
from salesbot.pacing import compute_progress
from salesbot.people import actor_for
from salesbot.periods import Period
from salesbot.progress import (
    close_ended_goals,
    evaluate,
    goal_actuals,
    member_goal,
    progress_report,
    read_progress_ask,
)
from storage.models import AuditEntry, Sale, TimeOff
from storage.store import Store, get_or_create_workspace
from tests.helpers import goal_row

NOV = Period.of_month(2026, 11)
OCT = Period.of_month(2026, 10)
TODAY = date(2026, 11, 18)  # a Wednesday


@pytest.fixture
def store(db):
    with Session(db) as session:
        yield Store(session, get_or_create_workspace(session, slack_team_id="T0PROGRESS"))


def person(store, name, *, public=True, role="rep"):
    row = store.new_person("U0" + name.upper().replace(" ", ""))
    row.name, row.public_ranking, row.role = name, public, role
    return store.save_person(row)


def team(store, name, members=(), managers=()):
    row = store.create_team(name)
    for member in members:
        store.add_to_team(row, member, "member")
    for manager in managers:
        store.add_to_team(row, manager, "manager")
    return row


def goal(store, target, *, scope="person", who=None, metric="revenue", period=NOV, product=None):
    return goal_row(store, target, period=period, scope=scope, who=who, metric=metric, product=product)


def sale(store, who, amount, day, *, units=1, lost=None, product=None, workspace_id=None):
    store.session.add(
        Sale(
            workspace_id=workspace_id or store.workspace_id,
            person_id=who.id,
            amount=Decimal(amount),
            units=units,
            ordered_on=day,
            lost_on=lost,
            lost_reason="price" if lost else None,
            product_id=product.id if product else None,
        )
    )
    store.session.flush()


def actor(store, who):
    return actor_for(store, who, frozenset())


def test_actuals_per_scope_count_sales_not_lost_in_the_period(store):
    rita, per, mona, kari = (person(store, n) for n in ("Rita", "Per", "Mona", "Kari"))
    ost = team(store, "Øst", members=[rita, per], managers=[mona])
    coffee = store.add_product("Kaffe", None)
    sale(store, rita, "1000.50", date(2026, 11, 3), units=2, product=coffee)
    sale(store, rita, 500, date(2026, 11, 10), lost=date(2026, 11, 12))  # lost: counts as zero
    sale(store, rita, 700, date(2026, 10, 31))  # before the period
    sale(store, rita, 800, date(2026, 12, 1))  # after it
    sale(store, per, 2000, date(2026, 11, 30))
    sale(store, mona, 300, date(2026, 11, 6))  # a manager, not a member of the team
    sale(store, kari, 400, date(2026, 11, 1))
    other = get_or_create_workspace(store.session, slack_team_id="T0OTHER")
    sale(store, rita, 9999, date(2026, 11, 5), workspace_id=other.id)  # another workspace's row

    goals = {
        "revenue": goal(store, 5000, who=rita),
        "units": goal(store, 10, who=rita, metric="units"),
        "deals": goal(store, 3, who=rita, metric="deals"),
        "product": goal(store, 2000, who=rita, product=coffee),
        "per": goal(store, 1000, who=per),
        "team": goal(store, 10000, scope="team", who=ost),
        "team_deals": goal(store, 5, scope="team", who=ost, metric="deals"),
        "company": goal(store, 20000, scope="company"),
        "company_units": goal(store, 50, scope="company", metric="units"),
        "company_product": goal(store, 5000, scope="company", product=coffee),
    }
    actuals = goal_actuals(store, goals.values())
    assert {name: actuals[g.id] for name, g in goals.items()} == {
        "revenue": Decimal("1000.50"),
        "units": 2,
        "deals": 1,
        "product": Decimal("1000.50"),
        "per": 2000,
        "team": Decimal("3000.50"),
        "team_deals": 2,
        "company": Decimal("3700.50"),
        "company_units": 5,
        "company_product": Decimal("1000.50"),
    }


def test_many_goals_are_evaluated_in_a_fixed_number_of_queries(store, db):
    people = [person(store, f"Person {i}") for i in range(40)]
    big = team(store, "Stor", members=people)
    goals = [goal(store, 1000, who=p) for p in people] + [goal(store, 40000, scope="team", who=big)]
    goals += [goal(store, 100000, scope="company"), goal(store, 5000, who=people[0], period=OCT)]
    for index, someone in enumerate(people):
        sale(store, someone, 100 * (index + 1), date(2026, 11, 2))
    statements = []

    def count(connection, cursor, statement, *args):
        statements.append(statement)

    event.listen(db, "before_cursor_execute", count)
    try:
        progress = evaluate(store, goals, TODAY)
    finally:
        event.remove(db, "before_cursor_execute", count)
    assert len(progress) == len(goals)
    assert progress[goals[39].id].actual == 4000
    assert progress[goals[40].id].actual == sum(100 * (i + 1) for i in range(40))
    # Members, two sale windows (November, October), the company total and time off.
    assert len(statements) <= 5, statements


def test_business_day_pacing_leaves_time_off_out(store):
    store.update_workspace(pacing="business")
    rita, per = person(store, "Rita"), person(store, "Per")
    ost = team(store, "Øst", members=[rita, per])
    rita_goal = goal(store, 21000, who=rita)  # November 2026 has 21 weekdays
    per_goal = goal(store, 21000, who=per)
    team_goal = goal(store, 42000, scope="team", who=ost)
    store.session.add(
        TimeOff(
            workspace_id=store.workspace_id,
            person_id=rita.id,
            start=date(2026, 11, 9),
            end=date(2026, 11, 13),
        )
    )
    sale(store, rita, 9000, date(2026, 11, 4))
    sale(store, per, 9000, date(2026, 11, 4))
    progress = evaluate(store, [rita_goal, per_goal, team_goal], TODAY)

    # Up to yesterday 12 weekdays have passed; Rita was away for 5 of the 21.
    assert (progress[per_goal.id].elapsed_days, progress[per_goal.id].total_days) == (12, 21)
    assert progress[per_goal.id].expected_to_date == Decimal("12000.00")
    assert progress[per_goal.id].status == "behind"
    assert (progress[rita_goal.id].elapsed_days, progress[rita_goal.id].total_days) == (7, 16)
    assert progress[rita_goal.id].expected_to_date == Decimal("9187.50")
    assert progress[rita_goal.id].status == "on_track"
    assert progress[rita_goal.id] == compute_progress(
        target=21000,
        actual=9000,
        period_start=NOV.start,
        period_end=NOV.end,
        today=TODAY,
        mode="business",
        time_off=[(date(2026, 11, 9), date(2026, 11, 13))],
    )
    # Time off is personal: the team's pace counts every business day.
    assert progress[team_goal.id].total_days == 21


def test_ended_goals_are_closed_once_as_reached_or_missed(store):
    rita, per = person(store, "Rita"), person(store, "Per")
    ost = team(store, "Øst", members=[rita, per])
    reached = goal(store, 1000, who=rita, period=OCT)
    missed = goal(store, 5000, who=per, period=OCT)
    team_missed = goal(store, 7000, scope="team", who=ost, period=OCT)
    running = goal(store, 1000, who=rita)
    sale(store, rita, 1500, date(2026, 10, 20))
    sale(store, per, 100, date(2026, 10, 21))
    sale(store, per, 900, date(2026, 10, 22), lost=date(2026, 10, 30))

    closed = close_ended_goals(store, TODAY)

    assert {g.id for g in closed} == {reached.id, missed.id, team_missed.id}
    assert (reached.status, reached.actual_at_close) == ("reached", Decimal("1500.00"))
    assert (missed.status, missed.actual_at_close) == ("missed", Decimal("100.00"))
    assert (team_missed.status, team_missed.actual_at_close) == ("missed", Decimal("1600.00"))
    assert all(g.closed_at is not None for g in closed)
    assert running.status == "open"
    audits = store.session.exec(select(AuditEntry).where(AuditEntry.action == "goal.closed")).all()
    assert sorted(a.entity_id for a in audits) == sorted(g.id for g in closed)
    assert {a.details["status"] for a in audits} == {"reached", "missed"}
    assert close_ended_goals(store, TODAY) == [], "a closed goal is not closed again"
    # The last day of a period is still in it.
    assert close_ended_goals(store, NOV.end) == []


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


def test_reading_the_progress_command(store):
    east = team(store, "Bedrift Øst")
    ask = read_progress_ask(store, "team:bedrift øst Q4", today=TODAY, lang="en")
    assert (ask.team.id, ask.period) == (east.id, Period.of_quarter(2026, 4))
    assert read_progress_ask(store, "company last month", today=TODAY, lang="en").company
    assert read_progress_ask(store, "<@U0RITA|rita> 2026", today=TODAY, lang="en").user_id == "U0RITA"
    assert read_progress_ask(store, "", today=TODAY, lang="en") == read_progress_ask(
        store, "  ", today=TODAY, lang="en"
    )
    with pytest.raises(NotFound) as unknown:
        read_progress_ask(store, "team:Bedrift Q4", today=TODAY, lang="en")
    assert unknown.value.params["suggestions"] == "Bedrift Øst"
    with pytest.raises(InvalidInput) as two:
        read_progress_ask(store, "<@U0RITA|rita> company", today=TODAY, lang="en")
    assert (two.value.key, two.value.example) == ("progress.one_subject", "progress.example")
    with pytest.raises(InvalidInput) as bad:
        read_progress_ask(store, "next yesteryear", today=TODAY, lang="en")
    assert bad.value.key == "period.invalid"


def test_who_may_see_whose_progress(store):
    rita, per, mona, ingrid, kari = (person(store, n) for n in ("Rita", "Per", "Mona", "Ingrid", "Kari"))
    mona.role, ingrid.role = "manager", "admin"
    ost = team(store, "Øst", members=[rita, per], managers=[mona])
    vest = team(store, "Vest", members=[kari])
    refused = [
        (rita, {"person": per}, "progress.person_denied"),
        (rita, {"team": vest}, "progress.team_denied"),
        (mona, {"person": kari}, "progress.person_denied_manager"),
        (mona, {"team": vest}, "progress.team_denied"),
    ]
    for who, kwargs, key in refused:
        with pytest.raises(PermissionDenied) as refusal:
            progress_report(store, actor(store, who), today=TODAY, **kwargs)
        assert refusal.value.key == key
    allowed = [
        (rita, {"person": rita}),
        (rita, {"team": ost}),
        (rita, {"company": True}),
        (mona, {"person": per}),
        (mona, {"team": ost}),
        (ingrid, {"person": kari}),
        (ingrid, {"team": vest}),
    ]
    for who, kwargs in allowed:
        assert progress_report(store, actor(store, who), today=TODAY, **kwargs).explicit
    default = progress_report(store, actor(store, rita), today=TODAY)
    assert [s.scope for s in default.sections] == ["person", "team", "company"]


def test_member_goal_picks_the_goal_that_stands_for_a_members_pace(store):
    rita = person(store, "Rita")
    q4 = Period.of_quarter(2026, 4)
    team_goal = goal(store, 9000, scope="team", who=team(store, "Øst", members=[rita]), period=q4)
    october = goal(store, 100, who=rita, period=OCT)
    november = goal(store, 100, who=rita)
    units = goal(store, 5, who=rita, metric="units")
    quarter_units = goal(store, 50, who=rita, metric="units", period=q4)
    every = [october, november, units, quarter_units]
    # The one running today, the shortest, revenue first.
    assert member_goal(every, today=TODAY) == november
    # For a team goal: its metric first; October's ended goal only when nothing else overlaps.
    assert member_goal(every, today=TODAY, like=team_goal) == november
    assert member_goal([october, units], today=TODAY, like=team_goal) == october
    units_goal = goal(store, 500, scope="team", who=store.team_by_name("Øst"), metric="units", period=q4)
    assert member_goal(every, today=TODAY, like=units_goal) == units
    assert (
        member_goal([goal(store, 1, who=rita, period=Period.of_year(2025))], today=TODAY, like=team_goal)
        is None
    )


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
