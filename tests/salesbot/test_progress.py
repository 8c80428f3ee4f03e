"""Progress maths on a real database: actuals per scope, pacing, closing goals, members' goals.

The leaderboard's ranking is tested in test_leaderboard.py."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import event
from sqlmodel import select

from salesbot.errors import InvalidInput, NotFound, PermissionDenied
from salesbot.pacing import compute_progress
from salesbot.periods import Period
from salesbot.progress import (
    Dashboard,
    close_ended_goals,
    evaluate,
    goal_actuals,
    home_dashboard,
    member_goal,
    progress_report,
    read_progress_ask,
)
from storage.models import AuditEntry, TimeOff
from storage.store import get_or_create_workspace
from tests.salesbot.rows import NOV, actor, goal, person, sale, team

OCT = Period.of_month(2026, 10)
TODAY = date(2026, 11, 18)  # a Wednesday


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


# -- the App Home: an admin sees the company -----------------------------------------------------


def company(store, teams: int, people: int, *, start: int = 0):
    """``teams`` teams of ``people`` members each, with a November goal per member and per team;
    member ``i`` sold ``i`` × 30 % of their goal, so two of each team are behind (57 % of the
    month is gone)."""
    made = []
    for t in range(start, start + teams):
        members = [person(store, f"Person {t}-{i}") for i in range(people)]
        row = team(store, f"Team {t:03d}", members=members)
        goal(store, 1000 * people, scope="team", who=row)
        for i, member in enumerate(members):
            goal(store, 1000, who=member)
            sale(store, member, 300 * i, date(2026, 11, 2))
        made.append((row, members))
    return made


def test_an_admin_sees_the_company_its_teams_worst_first_and_everyone_behind(store):
    ingrid, mona = person(store, "Ingrid", role="admin"), person(store, "Mona", role="manager")
    ost = team(store, "Øst", members=[person(store, "Rita"), person(store, "Per")], managers=[mona])
    vest = team(store, "Vest", members=[person(store, "Kari")])
    team(store, "Nord")
    rita, per, kari = (store.person_by_slack_id(f"U0{n}") for n in ("RITA", "PER", "KARI"))
    goal(store, 100000, scope="company")
    goal(store, 30000, scope="team", who=ost)
    goal(store, 10000, scope="team", who=vest)
    goal(store, 10000, who=rita)
    goal(store, 10000, who=per)
    goal(store, 10000, who=kari)
    goal(store, 5000, who=ingrid)
    sale(store, rita, 9000, date(2026, 11, 5))  # ahead
    sale(store, per, 1000, date(2026, 11, 5))  # at risk
    sale(store, kari, 5000, date(2026, 11, 5))  # behind: 57 % of the month gone
    sale(store, ingrid, 4000, date(2026, 11, 5))

    dashboard = home_dashboard(store, actor(store, ingrid), today=TODAY)
    assert [item.goal.target for item in dashboard.goals] == [5000], "her own goals first"
    view = dashboard.company
    assert [item.progress.actual for item in view.goals] == [19000]
    assert [(t.name, t.size, t.behind, t.goal and t.goal.progress.status) for t in view.teams] == [
        ("Øst", 2, 1, "at_risk"),
        ("Vest", 1, 1, "behind"),
        ("Nord", 0, 0, None),
    ]
    assert [(s.person.name, s.status) for s in view.behind] == [("Per", "at_risk"), ("Kari", "behind")]
    assert view.with_goal == 4
    # Nobody else sees the company; a manager still sees their team's people.
    managed = home_dashboard(store, actor(store, mona), today=TODAY)
    assert managed.company is None
    assert [s.person.name for s in managed.teams[0].people] == ["Per", "Rita"]


def test_an_admins_home_takes_the_same_queries_for_a_company_three_times_the_size(store, db):
    ingrid = person(store, "Ingrid", role="admin")
    goal(store, 100000, scope="company")
    company(store, 4, 5)
    admin = actor(store, ingrid)

    def queries() -> tuple[int, Dashboard]:
        statements = []

        def count(connection, cursor, statement, *args):
            statements.append(statement)

        event.listen(db, "before_cursor_execute", count)
        try:
            dashboard = home_dashboard(store, admin, today=TODAY)
        finally:
            event.remove(db, "before_cursor_execute", count)
        return len(statements), dashboard

    small, dashboard = queries()
    assert len(dashboard.company.teams) == 4 and len(dashboard.company.behind) == 4 * 2
    company(store, 8, 15, start=4)
    large, dashboard = queries()
    assert len(dashboard.company.teams) == 12 and len(dashboard.company.behind) == 12 * 2
    assert large == small <= 14
