"""A coaching plan in Block Kit: every surface Slack would take, the manager's view with the
private notes and the person's without, many check-ins within Slack's limits, in en and nb."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from handlers.blocks.coaching import (
    build_check_in_modal,
    build_check_in_reminder,
    build_end_reminder,
    build_escalate_confirm,
    build_my_plan,
    build_next_steps_told,
    build_outcome_modal,
    build_outcome_told,
    build_plan,
    build_plan_modal,
    build_plan_told,
    build_plans,
    coaching_actions,
    home_coaching,
    home_my_plan,
)
from salesbot import coaching as co
from salesbot.i18n import Formatter
from tests.handlers.blocks.checks import mrkdwn, plain, valid_message, valid_view, within_sections

TODAY = date(2026, 11, 18)
NOTE = "Per struggles with *price* objections"


@dataclass
class Plan:
    id: int = 1
    person_id: int = 7
    manager_id: int = 2
    diagnosis_id: int | None = 4
    focus_areas: list = field(default_factory=lambda: ["closing", "pricing"])
    focus_note: str = "Asking for the order"
    cadence: str = "biweekly"
    starts_on: date = TODAY
    first_check_in: date = date(2026, 11, 25)
    ends_on: date = date(2027, 2, 24)
    state: str = co.OPEN
    outcome: str | None = None
    escalation: str | None = None
    outcome_note: str = ""
    ended_on: date | None = None
    version: int = 3
    end_reminded_at: datetime | None = None


@dataclass
class CheckIn:
    id: int
    number: int
    due_on: date
    done_on: date | None = None
    notes: str = ""
    next_steps: str = ""
    plan_id: int = 1
    reminded_at: datetime | None = None


@dataclass
class Person:
    id: int = 7
    name: str = "Per Rep"
    slack_user_id: str = "U0REP2"


@dataclass
class Goal:
    period_key: str
    period_end: date


def view_of(plan=None, done=1, **flags) -> co.PlanView:
    plan = plan or Plan()
    check_ins = [
        CheckIn(
            n + 1, n, plan.first_check_in + timedelta(weeks=2 * n), plan.first_check_in, NOTE, f"Step {n}"
        )
        for n in range(done)
    ]
    check_ins.append(CheckIn(done + 1, done, plan.first_check_in + timedelta(weeks=2 * done)))
    return co.PlanView(plan, Person(), check_ins, co.upcoming_dates(plan, check_ins), **flags)


EFFECT = co.Effect(
    weeks=2,
    before=[Decimal(1000), Decimal(0)],
    since=[Decimal(4000), Decimal(2500)],
    goal_before=Goal("2026-10", date(2026, 10, 31)),
    attainment_before=0.3,
    goal_since=Goal("2026-11", date(2026, 11, 30)),
    attainment_since=0.7,
)


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_every_surface_is_one_slack_takes(lang):
    fmt = Formatter(lang)
    view = view_of()
    valid_message(build_plan(fmt, view, effect=EFFECT, today=TODAY))
    valid_message(build_plans(fmt, [view], today=TODAY))
    valid_message(build_plans(fmt, [], today=TODAY))
    valid_message(build_my_plan(fmt, view, manager="U0MANAGER"))
    valid_message(build_my_plan(fmt, None))
    valid_message(build_plan_told(fmt, view, manager="U0MANAGER"))
    valid_message(build_next_steps_told(fmt, view, view.check_ins[0], manager="U0MANAGER"))
    valid_message(build_outcome_told(fmt, view, manager="U0MANAGER"))
    valid_message(build_check_in_reminder(fmt, view, view.check_ins[-1]))
    valid_message(build_end_reminder(fmt, view))
    valid_view(build_plan_modal(fmt, person_user_id="U0REP2", today=TODAY, private_metadata="{}"))
    valid_view(build_plan_modal(fmt, person_user_id=None, today=TODAY, private_metadata="{}"))
    valid_view(build_check_in_modal(fmt, view, view.check_ins[-1], private_metadata="{}"))
    valid_view(build_outcome_modal(fmt, view, today=TODAY, private_metadata="{}"))
    draft = co.OutcomeDraft(co.ESCALATED, "", escalation=co.PERFORMANCE_PLAN)
    valid_view(build_escalate_confirm(fmt, view, draft, private_metadata="{}"))
    blocks = home_coaching(fmt, [view], today=TODAY) + home_my_plan(fmt, view) + [coaching_actions(fmt, 7, 4)]
    assert valid_view({"type": "home", "blocks": [b.to_dict() for b in blocks]}, "home")


def test_the_manager_reads_the_notes_and_the_effect_side_by_side():
    text = mrkdwn(build_plan(Formatter("en"), view_of(), effect=EFFECT, today=TODAY).blocks)
    assert NOTE in text
    assert "_Your notes (private):_" in text
    assert "Week 1: NOK\xa01,000 → NOK\xa04,000" in text and "Week 2: NOK\xa00 → NOK\xa02,500" in text
    assert "*Average per week:* NOK\xa0500 before → NOK\xa03,250 since" in text
    assert "*Goal attainment:* 30% (October 2026) before → 70% (November 2026) since" in text
    assert "Started from a diagnosis." in text


def test_the_person_never_reads_the_notes_nor_an_outcome_s_details():
    fmt = Formatter("en")
    closed = Plan(state=co.CLOSED, outcome=co.ESCALATED, escalation=co.SEPARATION, outcome_note="HR says")
    for reply in (
        build_my_plan(fmt, view_of(), manager="U0MANAGER"),
        build_plan_told(fmt, view_of(), manager="U0MANAGER"),
        build_next_steps_told(fmt, view_of(), view_of().check_ins[0], manager="U0MANAGER"),
        build_outcome_told(fmt, view_of(closed), manager="U0MANAGER"),
    ):
        text = reply.text + mrkdwn(reply.blocks)
        assert "price" not in text.lower() and "notes" not in text.lower()
        assert "separation" not in text.lower() and "HR says" not in text and "escalat" not in text.lower()
    assert (
        build_outcome_told(fmt, view_of(closed), manager="U0M").text == "<@U0M> has ended your coaching plan."
    )
    mine = mrkdwn(build_my_plan(fmt, view_of(), manager="U0MANAGER").blocks)
    assert "Step 0" in mine and "*Focus:* Closing, Pricing and negotiation, Asking for the order" in mine


def test_many_check_ins_stay_within_slack_s_limits():
    fmt = Formatter("nb")
    plan = Plan(ends_on=date(2027, 11, 1), focus_note="x" * 200)
    long_view = view_of(plan, done=25)
    for check_in in long_view.check_ins:
        check_in.notes, check_in.next_steps = "n" * 2000, "s" * 1000
    reply = valid_message(build_plan(fmt, long_view, effect=EFFECT, today=TODAY))
    within_sections(reply.blocks)
    assert "Tidligere samtaler som ikke vises: 17." in mrkdwn(reply.blocks)
    within_sections(valid_message(build_my_plan(fmt, long_view)).blocks)


def test_the_forms_say_which_words_are_private_and_which_are_shared():
    fmt = Formatter("en")
    check_in = plain(build_check_in_modal(fmt, view_of(), view_of().check_ins[-1], private_metadata="{}"))
    assert "Your notes — private" in check_in and "Next steps you agreed — shared" in check_in
    assert "Per Rep never does." in check_in
    outcome = build_outcome_modal(fmt, view_of(), today=TODAY, private_metadata="{}")
    assert [o["value"] for o in outcome["blocks"][1]["element"]["options"]] == list(co.OUTCOMES)
    confirm = build_escalate_confirm(
        fmt, view_of(), co.OutcomeDraft(co.ESCALATED, "", escalation=co.SEPARATION), private_metadata="{}"
    )
    assert "never announced or put in a digest" in mrkdwn(confirm)
    assert "Separation considered" in mrkdwn(confirm)
