"""When salesbot suggests a diagnosis, of which goal, to whom (salesbot/suggestions.py), on the
real store: missed, at risk with a third left, never twice, not what is already diagnosed, and
who is told when the subject has no manager."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from salesbot import diagnosis as dx
from salesbot.goals import Subject
from salesbot.pacing import compute_progress
from salesbot.periods import Period
from salesbot.suggestions import AT_RISK, MISSED, by_recipient, little_left, reason_for, suggestions_due
from storage.models import DiagnosisSuggestion
from tests.helpers import goal_row

NOVEMBER, OCTOBER = Period.of_month(2026, 11), Period.of_month(2026, 10)


def sell(store, person, amount, day):
    store.add_sale(person_id=person.id, amount=Decimal(amount), ordered_on=day, source="console")


def told(suggestions) -> list[tuple[str, str, list[str]]]:
    """(reason, subject's name, the names of those told) of each suggestion."""
    found = []
    for s in suggestions:
        name = s.subject.person.name if s.subject.scope == "person" else s.subject.team.name
        found.append((s.reason, name, [p.name for p in s.recipients]))
    return found


def make_admin(store, person):
    person.role = "admin"
    store.save_person(person)


def test_at_risk_once_a_third_of_the_period_is_left():
    def progress(actual, today):
        return compute_progress(
            target=10000, actual=actual, period_start=NOVEMBER.start, period_end=NOVEMBER.end, today=today
        )

    class Goal:
        scope, status = "person", "open"

    # 21 November: 20 of 30 days gone, 10 left, a third: at risk is suggested.
    assert little_left(progress(1000, date(2026, 11, 21)))
    assert reason_for(Goal, progress(1000, date(2026, 11, 21))) == AT_RISK
    # 20 November: 11 of 30 left, more than a third: not yet, however far behind.
    assert not little_left(progress(0, date(2026, 11, 20)))
    assert reason_for(Goal, progress(0, date(2026, 11, 20))) is None
    # Behind but not at risk: nothing.
    assert progress(5500, date(2026, 11, 21)).status == "behind"
    assert reason_for(Goal, progress(5500, date(2026, 11, 21))) is None

    class Team(Goal):
        scope = "team"

    class Company(Goal):
        scope, status = "company", "missed"

    assert reason_for(Team, progress(1000, date(2026, 11, 21))) is None, "a team only once missed"
    assert reason_for(Company, None) is None


def test_a_person_at_risk_with_a_third_left_is_suggested_to_their_manager(world):
    store, _, people = world
    goal_row(store, 10000, who=people["Rita"], period=NOVEMBER)
    sell(store, people["Rita"], 1000, date(2026, 11, 3))

    assert suggestions_due(store, date(2026, 11, 20)) == []  # more than a third left
    (suggestion,) = suggestions_due(store, date(2026, 11, 21))
    assert told([suggestion]) == [(AT_RISK, "Rita", ["Mona"])]
    assert suggestion.attainment == 0.1 and suggestion.shortfall == 9000
    assert suggestion.days_left == 10 and suggestion.period == NOVEMBER


def test_a_missed_goal_is_closed_and_suggested_with_its_shortfall(world):
    store, _, people = world
    rita_goal = goal_row(store, 10000, who=people["Rita"], period=OCTOBER)
    team_goal = goal_row(store, 30000, scope="team", who=store.team_by_name("Øst"), period=OCTOBER)
    goal_row(store, 500, who=people["Kari"], period=OCTOBER)  # reached
    goal_row(store, 100000, scope="company", period=OCTOBER)  # nobody to diagnose
    sell(store, people["Rita"], 4000, date(2026, 10, 3))
    sell(store, people["Kari"], 600, date(2026, 10, 3))

    found = suggestions_due(store, date(2026, 11, 2))

    assert rita_goal.status == "missed" and team_goal.status == "missed", "closed on the way"
    assert told(found) == [(MISSED, "Rita", ["Mona"]), (MISSED, "Øst", ["Mona"])]
    rita, team = found
    assert (rita.attainment, rita.shortfall, rita.days_left) == (0.4, 6000, None)
    assert (round(team.attainment, 4), team.shortfall) == (round(4600 / 30000, 4), 25400)
    # One DM for Mona with both, the furthest behind first.
    ((mona, theirs),) = by_recipient(found).values()
    assert mona.name == "Mona" and [s.subject.scope for s in theirs] == ["team", "person"]


def test_a_miss_long_ago_is_not_dug_up(world):
    store, _, people = world
    goal_row(store, 10000, who=people["Rita"], period=Period.of_month(2026, 9))
    assert suggestions_due(store, date(2026, 10, 14)) != []
    assert suggestions_due(store, date(2026, 10, 16)) == []  # ended more than 14 days ago


def test_not_twice_for_the_same_goal_reason_and_manager(world):
    store, _, people = world
    goal = goal_row(store, 10000, who=people["Rita"], period=OCTOBER)
    (suggestion,) = suggestions_due(store, date(2026, 11, 2))
    store.session.add(
        DiagnosisSuggestion(
            workspace_id=store.workspace_id, goal_id=goal.id, reason=MISSED, person_id=people["Mona"].id
        )
    )
    store.session.flush()
    assert suggestions_due(store, date(2026, 11, 2)) == []
    # A second manager of the team has not heard of it: only they are told now.
    store.add_to_team(store.team_by_name("Øst"), people["Per"], "manager")
    assert told(suggestions_due(store, date(2026, 11, 2))) == [(MISSED, "Rita", ["Per"])]


def test_a_subject_already_being_diagnosed_is_not_suggested(world):
    store, actors, people = world
    goal_row(store, 10000, who=people["Rita"], period=NOVEMBER)
    goal_row(store, 10000, who=people["Kari"], period=NOVEMBER)
    dx.start_or_resume(store, actors["Mona"], Subject("person", person=people["Rita"]), NOVEMBER)
    # Another period of Rita's is not covered by it.
    dx.start_or_resume(store, actors["Mona"], Subject("person", person=people["Kari"]), OCTOBER)

    assert told(suggestions_due(store, date(2026, 11, 21))) == [(AT_RISK, "Kari", ["Mona"])]


def test_no_manager_tells_the_admins_and_nobody_their_own_goal(world):
    store, _, people = world
    goal_row(store, 10000, who=people["Per"], period=OCTOBER)  # Per is in no team
    goal_row(store, 10000, scope="team", who=store.create_team("Vest"), period=OCTOBER)  # no manager
    assert suggestions_due(store, date(2026, 11, 2)) == [], "no manager and no admin: nobody"

    make_admin(store, people["Ingrid"])
    make_admin(store, people["Per"])
    assert told(suggestions_due(store, date(2026, 11, 2))) == [
        (MISSED, "Per", ["Ingrid"]),
        (MISSED, "Vest", ["Ingrid", "Per"]),
    ]


def test_a_manager_who_turned_suggestions_off_is_not_told_nor_anyone_in_their_place(world):
    store, _, people = world
    make_admin(store, people["Ingrid"])
    goal_row(store, 10000, who=people["Rita"], period=OCTOBER)
    people["Mona"].diagnosis_suggestions = False
    store.save_person(people["Mona"])
    assert suggestions_due(store, date(2026, 11, 2)) == []


def test_a_deleted_person_is_not_suggested(world):
    store, _, people = world
    goal_row(store, 10000, who=people["Rita"], period=OCTOBER)
    people["Rita"].deleted = True
    store.save_person(people["Rita"])
    assert suggestions_due(store, date(2026, 11, 2)) == []
