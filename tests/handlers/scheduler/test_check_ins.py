"""Coaching reminders through the scheduler's tick: on a check-in's date and on the plan's end
date, a DM to the manager in their working hours (09:00–16:00 in their own timezone), never at
night or on a weekend, once however many runners tick, through the week daylight saving starts;
Check in from the reminder records the check-in and schedules the next."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from handlers.ids import COACHING_CHECK_IN, COACHING_CHECK_IN_MODAL, COACHING_PLAN_MODAL
from salesbot.coaching import next_check_in
from storage.models import CoachingCheckIn, CoachingPlan
from tests.conftest import MANAGER, NORWEGIAN, OWNER, REP2
from tests.handlers.office import office_workspace
from tests.handlers.schedules import runner_for
from tests.helpers import buttons, data, dms, press, rows


@pytest.fixture
def office(db):
    with office_workspace(db) as workspace:  # Wednesday 18 November 2026
        yield workspace


def at(*parts) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def start_plan(ws, user=MANAGER, first="2026-11-25", end="2027-02-24", cadence="biweekly"):
    ws.command(f"coach {ws.mention(REP2)}", user=user)
    view = ws.fake.wait_for_posted(
        lambda p: (
            p.kind == "modal_open" and p.user == user and p.view.get("callback_id") == COACHING_PLAN_MODAL
        )
    ).view
    ws.submit(
        user=user,
        view=view,
        answers={
            "coach_focus": ["closing"],
            "coach_first": first,
            "coach_end": end,
            "coach_cadence": cadence,
        },
    )


def reminders(ws, user=MANAGER) -> list:
    return [
        p
        for p in ws.fake.snapshot_posted()
        if p.kind == "dm"
        and p.user == user
        and ("check-in with" in (p.text or "") or "samtalen med" in (p.text or ""))
    ]


def test_the_manager_is_reminded_once_on_the_date_in_working_hours(office, db):
    start_plan(office)
    (check_in,) = rows(db, CoachingCheckIn)
    runner = runner_for(office)
    assert runner.tick(at(2026, 11, 24, 9, 0)).coached == []  # the day before
    assert runner.tick(at(2026, 11, 25, 7, 0)).coached == []  # 08:00 in Oslo: too early
    assert runner.tick(at(2026, 11, 25, 8, 30)).coached == [f"check-in {check_in.id}@{MANAGER}"]
    assert runner.tick(at(2026, 11, 25, 9, 0)).coached == []  # once
    assert runner.tick(at(2026, 11, 26, 9, 0)).coached == []
    (message,) = reminders(office)
    assert "Time for your check-in with Per Rep (Nov 25, 2026)." in message.text
    assert dms(office, REP2)[1:] == [], "only the manager is reminded"

    # Check in from the reminder: recorded, and the next one two weeks on.
    press(office, MANAGER, buttons(message.blocks)[COACHING_CHECK_IN])
    view = office.fake.wait_for_posted(
        lambda p: p.kind == "modal_open" and p.view.get("callback_id") == COACHING_CHECK_IN_MODAL
    ).view
    office.submit(user=MANAGER, view=view, answers={"coach_notes": "ok", "coach_next_steps": "Call Acme"})
    assert [(c.number, c.due_on.isoformat(), c.done_on is not None) for c in rows(db, CoachingCheckIn)] == [
        (0, "2026-11-25", True),
        (1, "2026-12-09", False),
    ]
    assert len(runner.tick(at(2026, 12, 9, 8, 0)).coached) == 1


def test_not_at_night_nor_on_a_weekend_but_the_next_working_morning(office, db):
    start_plan(office, first="2026-11-28")  # a Saturday
    runner = runner_for(office)
    assert runner.tick(at(2026, 11, 28, 10, 0)).coached == []  # Saturday 11:00
    assert runner.tick(at(2026, 11, 29, 10, 0)).coached == []  # Sunday
    assert runner.tick(at(2026, 11, 30, 3, 0)).coached == []  # Monday 04:00: night
    assert len(runner.tick(at(2026, 11, 30, 8, 0)).coached) == 1  # Monday 09:00 in Oslo
    assert len(reminders(office)) == 1


def test_two_runners_send_it_once(office, db):
    start_plan(office)
    first, second = runner_for(office), runner_for(office)
    now = at(2026, 11, 25, 8, 30)
    due = first.check_ins.due(office.team_id, now)
    assert len(due) == 1 and len(second.check_ins.due(office.team_id, now)) == 1
    client = first.services.client_for(office.team_id)
    assert first.check_ins._send(due[0], client, at=now) is True
    assert second.check_ins._send(due[0], client, at=now) is False
    assert second.tick(at(2026, 11, 25, 9, 0)).coached == []
    assert len(reminders(office)) == 1


def record_first(db):
    """The first check-in recorded straight in the store (as the form would), the next scheduled."""
    with data(db) as store:
        plan = store.coaching_plan(rows(db, CoachingPlan)[0].id)
        (check_in,) = store.coaching_check_ins(plan.id)
        following = next_check_in(plan, check_in.number, check_in.due_on)
        store.record_coaching_check_in(
            check_in,
            notes="",
            next_steps="Call Acme",
            done_by_id=plan.manager_id,
            done_on=check_in.due_on,
            next_number=following[0],
            next_due=following[1],
        )


def test_a_check_in_recorded_after_the_runner_worked_it_out_is_not_sent(office, db):
    start_plan(office)
    runner = runner_for(office)
    due = runner.check_ins.due(office.team_id, at(2026, 11, 25, 8, 30))
    record_first(db)
    client = runner.services.client_for(office.team_id)
    assert runner.check_ins._send(due[0], client, at=at(2026, 11, 25, 8, 30)) is False, (
        "the claim sees it recorded"
    )
    assert reminders(office) == []


def test_through_the_start_of_daylight_saving_in_the_manager_s_time(office, db):
    """Weekly check-ins on Mondays 22 and 29 March 2027; Oslo's clocks go forward on the 28th, and
    the 29th is Easter Monday, a public holiday in Norway: the reminder waits for Tuesday."""
    start_plan(office, first="2027-03-22", end="2027-04-30", cadence="weekly")
    runner = runner_for(office)
    assert runner.tick(at(2027, 3, 22, 7, 0)).coached == []  # 08:00 in Oslo (UTC+1)
    assert len(runner.tick(at(2027, 3, 22, 8, 0)).coached) == 1  # 09:00
    record_first(db)
    assert runner.tick(at(2027, 3, 29, 7, 0)).coached == []  # Easter Monday, 09:00
    assert runner.tick(at(2027, 3, 30, 6, 30)).coached == []  # Tuesday 08:30 in Oslo (UTC+2)
    assert len(runner.tick(at(2027, 3, 30, 7, 0)).coached) == 1  # 09:00


def test_the_end_date_reminds_the_manager_to_record_the_outcome_once(office, db):
    start_plan(office, first="2026-11-19", end="2026-11-26", cadence="weekly")
    runner = runner_for(office)
    assert [label.split(" ")[0] for label in runner.tick(at(2026, 11, 19, 9, 0)).coached] == ["check-in"]
    assert runner.tick(at(2026, 11, 25, 9, 0)).coached == []
    ends = runner.tick(at(2026, 11, 26, 9, 0)).coached
    assert ends == [f"coaching-end {rows(db, CoachingPlan)[0].id}@{MANAGER}"]
    (message,) = [
        p for p in office.fake.snapshot_posted() if p.kind == "dm" and "coaching plan ends" in (p.text or "")
    ]
    assert "Per Rep's coaching plan ends Nov 26, 2026." in message.text
    assert "Record the outcome" in str(message.blocks)
    assert runner.tick(at(2026, 11, 27, 9, 0)).coached == []


def test_in_norwegian_to_the_manager_who_started_it(office, db):
    office.command(f"team manager Øst {office.mention(NORWEGIAN)}", user=OWNER)
    start_plan(office, user=NORWEGIAN)
    assert len(runner_for(office).tick(at(2026, 11, 25, 8, 30)).coached) == 1
    (message,) = reminders(office, NORWEGIAN)
    assert "Det er tid for samtalen med Per Rep (25. nov. 2026)." in message.text
    assert reminders(office, MANAGER) == [], "the manager who started it, not every manager"
