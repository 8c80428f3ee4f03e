"""Coaching's rules: reading the forms, the check-in dates by cadence, when reminders are due,
who may coach whom, and how many weeks the effect compares."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pytest

from salesbot import coaching as co
from salesbot.access import Actor, Role
from salesbot.errors import FieldErrors, InvalidInput

TODAY = date(2026, 11, 18)  # a Wednesday


@dataclass
class Plan:
    first_check_in: date = date(2026, 11, 25)
    ends_on: date = date(2027, 2, 24)
    cadence: str = "biweekly"
    state: str = co.OPEN
    end_reminded_at: datetime | None = None


@dataclass
class CheckIn:
    number: int = 0
    due_on: date = date(2026, 11, 25)
    done_on: date | None = None
    reminded_at: datetime | None = None


@dataclass
class Person:
    id: int
    name: str = "Per"


def actor(person_id: int, role: Role = Role.MANAGER, managed=()) -> Actor:
    return Actor(person_id, f"U{person_id}", "x", role, "en", frozenset(managed))


def read(**given):
    values = {
        "focus_areas": ["closing"],
        "focus_note": "",
        "cadence": "weekly",
        "first_check_in": date(2026, 11, 25),
        "ends_on": date(2027, 2, 1),
        "today": TODAY,
    } | given
    return co.read_plan(**values)


def test_the_plan_form_is_read_whole_with_every_error_at_once():
    draft = read(focus_areas=["pricing", "closing", "nonsense"], focus_note="  Asking   for the order ")
    assert draft.focus_areas == ("closing", "pricing") and draft.focus_note == "Asking for the order"
    with pytest.raises(FieldErrors) as refused:
        read(
            focus_areas=[],
            cadence=None,
            first_check_in=date(2026, 11, 17),
            ends_on=TODAY,
            person_missing=True,
        )
    assert set(refused.value.errors) == {co.F_PERSON, co.F_FOCUS, co.F_CADENCE, co.F_FIRST, co.F_END}
    with pytest.raises(FieldErrors) as refused:
        read(first_check_in=date(2027, 3, 1), ends_on=date(2027, 2, 1))
    assert refused.value.errors[co.F_END].key == "coaching.end_after_first"
    with pytest.raises(FieldErrors) as refused:
        read(ends_on=date(2028, 1, 1))
    assert refused.value.errors[co.F_END].key == "coaching.end_too_far"
    assert read(focus_areas=[], focus_note="Cold calls").focus_areas == ()


def test_check_ins_follow_the_cadence_and_stop_before_the_end():
    plan = Plan()
    assert co.next_check_in(plan, 0, TODAY) == (1, date(2026, 12, 9))
    # Recorded late (on 20 December): the next by the cadence after today, not one in the past.
    assert co.next_check_in(plan, 0, date(2026, 12, 20)) == (2, date(2026, 12, 23))
    assert co.next_check_in(plan, 6, date(2027, 2, 17)) is None, "24 February is the end: no check-in on it"
    monthly = Plan(first_check_in=date(2027, 1, 31), cadence="monthly", ends_on=date(2027, 6, 1))
    assert co.check_in_date(monthly, 1) == date(2027, 2, 28) and co.check_in_date(monthly, 2) == date(
        2027, 3, 31
    )
    dates = co.upcoming_dates(
        plan, [CheckIn(0, date(2026, 11, 25), date(2026, 11, 25)), CheckIn(1, date(2026, 12, 9))]
    )
    assert dates[:3] == [date(2026, 12, 9), date(2026, 12, 23), date(2027, 1, 6)] and dates[-1] == date(
        2027, 2, 17
    )
    assert co.upcoming_dates(Plan(state=co.CLOSED), [CheckIn()]) == []


def test_reminders_are_due_from_their_date_in_working_hours_once():
    plan, check_in = Plan(), CheckIn()
    assert not co.check_in_due(check_in, plan, datetime(2026, 11, 24, 10, 0))
    assert co.check_in_due(check_in, plan, datetime(2026, 11, 25, 9, 0))
    assert not co.check_in_due(check_in, plan, datetime(2026, 11, 25, 16, 0))
    assert not co.check_in_due(check_in, plan, datetime(2026, 11, 28, 10, 0))  # Saturday
    assert not co.check_in_due(
        CheckIn(reminded_at=datetime(2026, 11, 25)), plan, datetime(2026, 11, 26, 10, 0)
    )
    assert not co.check_in_due(CheckIn(done_on=TODAY), plan, datetime(2026, 11, 26, 10, 0))
    assert not co.check_in_due(check_in, Plan(state=co.CLOSED), datetime(2026, 11, 26, 10, 0))
    assert co.end_due(plan, datetime(2027, 2, 24, 9, 30))
    assert not co.end_due(plan, datetime(2027, 2, 23, 9, 30))
    assert not co.end_due(Plan(end_reminded_at=datetime(2027, 2, 24)), datetime(2027, 2, 25, 9, 30))


def test_the_person_s_managers_and_admins_coach_them_and_nobody_coaches_themselves():
    per = Person(7)
    assert co.may_coach(actor(1, managed={7}), per)
    assert co.may_coach(actor(2, Role.ADMIN), per)
    assert not co.may_coach(actor(3, managed={8}), per), "another team's manager"
    assert not co.may_coach(actor(7, Role.REP), per)
    assert not co.may_coach(actor(7, Role.ADMIN), per), "not even an admin coaches themselves"
    assert not co.may_coach(actor(1, managed={7}), None)
    with pytest.raises(Exception) as refused:
        co.require_may_coach(actor(3), per)
    assert refused.value.key == "coaching.denied"


def test_the_command_names_one_person_or_none():
    assert co.parse_coach("") is None
    assert co.parse_coach("<@U0REP|rita>") == "U0REP"
    for wrong in ("<@U0REP|rita> <@U0REP2|per>", "<@U0REP|rita> tomorrow", "@rita"):
        with pytest.raises(InvalidInput):
            co.parse_coach(wrong)


def test_the_outcome_form_needs_a_later_end_to_extend_and_a_kind_to_escalate():
    plan = type("P", (), {"ends_on": date(2027, 2, 24), "starts_on": TODAY})()

    def outcome(**given):
        values = {
            "outcome": None,
            "note": "",
            "new_end": None,
            "escalation": None,
            "plan": plan,
            "today": TODAY,
        }
        return co.read_outcome(**(values | given))

    assert outcome(outcome="improved", new_end=date(2027, 5, 1)).new_end is None
    assert outcome(outcome="extended", new_end=date(2027, 3, 31)).new_end == date(2027, 3, 31)
    with pytest.raises(FieldErrors) as refused:
        outcome(outcome="extended", new_end=date(2027, 2, 1))
    assert set(refused.value.errors) == {co.F_NEW_END}
    with pytest.raises(FieldErrors) as refused:
        outcome(outcome="escalated")
    assert set(refused.value.errors) == {co.F_ESCALATION}
    assert outcome(outcome="escalated", escalation="separation").escalation == "separation"
    with pytest.raises(FieldErrors):
        outcome()


def test_the_effect_compares_as_many_weeks_as_the_plan_has_run_up_to_eight():
    assert co.effect_weeks(TODAY, TODAY) == 1
    assert co.effect_weeks(TODAY, date(2026, 11, 24)) == 1
    assert co.effect_weeks(TODAY, date(2026, 11, 25)) == 2
    assert co.effect_weeks(TODAY, date(2027, 6, 1)) == co.EFFECT_WEEKS


class _Audited:
    """Just what exporting plans asks of the store: the people, and the audit log."""

    def __init__(self, *people: Person) -> None:
        self.people = {p.id: p for p in people}
        self.audited: list[dict] = []

    def person(self, person_id):
        return self.people.get(person_id)

    def audit(self, **entry):
        self.audited.append(entry)


def test_an_export_reads_the_plans_of_people_the_reader_coaches_each_audited():
    @dataclass
    class Exported(Plan):
        id: int = 0
        person_id: int = 0

    store = _Audited(Person(3, "Per"), Person(4, "Sam"), Person(2, "Mona"))
    plans = [Exported(id=10, person_id=3), Exported(id=11, person_id=4), Exported(id=12, person_id=2)]
    done = CheckIn(number=0, due_on=date(2026, 11, 4), done_on=date(2026, 11, 4))
    upcoming = CheckIn(number=1, due_on=date(2026, 11, 18))
    mona = actor(2, managed={3})
    views = list(co.plans_to_export(store, mona, plans, {10: [done, upcoming]}))
    assert [view.person.name for view in views] == ["Per"], "not Sam (not hers), not her own plan"
    assert views[0].next_check_in is upcoming and not views[0].as_person
    assert store.audited == [
        {
            "actor_id": 2,
            "action": "coaching.exported",
            "entity": "coaching_plan",
            "entity_id": 10,
            "subject": 3,
        }
    ]
    admin = actor(1, Role.ADMIN)
    assert [view.plan.id for view in co.plans_to_export(store, admin, plans, {})] == [10, 11, 12]
    assert not list(co.plans_to_export(store, actor(5, Role.REP), plans, {})), "a rep exports no plan"
