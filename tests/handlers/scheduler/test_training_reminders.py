"""Training reminders through the scheduler's tick: two working days before the due date and
once when it has passed, in the person's working hours (09:00–16:00 in their own timezone), never
at night, on a weekend or a public holiday, once each however often the tick runs, and through
the week daylight saving starts."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from storage.models import TrainingReminder
from tests.conftest import MANAGER, NORWEGIAN, OWNER, REP, REP2
from tests.handlers.schedules import runner_for
from tests.handlers.shop import shop_workspace
from tests.helpers import dms, rows

ADD = "train add Barista basics link:https://example.com/barista topic:product"


@pytest.fixture
def ws(db):
    with shop_workspace(db) as workspace:  # Wednesday 18 November 2026
        workspace.command(ADD, user=MANAGER)
        yield workspace


def at(*parts) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def reminders(ws, user) -> list[str]:
    return [text for text in dms(ws, user) if "reminder" in text or "was due" in text or "påminnelse" in text]


def test_reminded_two_working_days_before_and_once_overdue_in_working_hours(ws, db):
    ws.command(f"train assign Barista basics {ws.mention(REP)} due 23.11", user=MANAGER)  # a Monday
    runner = runner_for(ws)
    assert runner.tick(at(2026, 11, 19, 6, 0)).reminded == []  # Thursday 07:00 in Oslo: too early
    report = runner.tick(at(2026, 11, 19, 8, 30))  # 09:30 in Oslo, two working days before
    assert len(report.reminded) == 1 and report.reminded[0].endswith(":before")
    assert "A reminder: this training is due Nov 23, 2026" in reminders(ws, REP)[-1]
    assert runner.tick(at(2026, 11, 19, 9, 0)).reminded == []  # once
    assert runner.tick(at(2026, 11, 20, 9, 0)).reminded == []
    assert runner.tick(at(2026, 11, 24, 5, 0)).reminded == []  # Tuesday 06:00: not at night
    assert runner.tick(at(2026, 11, 24, 16, 0)).reminded == []  # 17:00: after working hours
    report = runner.tick(at(2026, 11, 25, 8, 0))
    assert len(report.reminded) == 1 and report.reminded[0].endswith(":overdue")
    assert "This training was due Nov 23, 2026" in reminders(ws, REP)[-1]
    assert runner.tick(at(2026, 11, 26, 8, 0)).reminded == []
    assert len(reminders(ws, REP)) == 2
    assert sorted(r.status for r in rows(db, TrainingReminder)) == ["sent", "sent"]


def test_no_reminder_on_a_weekend_or_a_public_holiday(ws, db):
    ws.command(f"train assign Barista basics {ws.mention(NORWEGIAN)} due 23.12", user=MANAGER)
    runner = runner_for(ws)
    runner.tick(at(2026, 12, 21, 9, 0))  # the reminder before, on Monday
    # Overdue from Christmas Eve: the eve, Christmas Day, Boxing Day (a Saturday), Sunday…
    for day in (24, 25, 26, 27):
        assert runner.tick(at(2026, 12, day, 10, 0)).reminded == []
    report = runner.tick(at(2026, 12, 28, 10, 0))  # …and Monday, at work again
    assert len(report.reminded) == 1
    assert "Fristen for denne opplæringen var 23. des. 2026" in dms(ws, NORWEGIAN)[-1]


def test_working_hours_follow_each_persons_clock_through_daylight_saving(ws, db):
    ws.command(f"team add Øst {ws.mention(REP2)}", user=OWNER)  # Per is in New York
    ws.command("train assign Barista basics team:Øst due 30.3.2027", user=MANAGER)
    runner = runner_for(ws)
    # Wednesday 31 March 2027, after Europe moved its clocks on the 28th: 06:30 UTC is 08:30 in Oslo.
    assert runner.tick(at(2027, 3, 31, 6, 30)).reminded == []
    report = runner.tick(at(2027, 3, 31, 7, 5))  # 09:05 in Oslo (it would be 08:05 in winter)
    assert sorted(label.split("@")[1] for label in report.reminded) == [
        f"{NORWEGIAN}:overdue",
        f"{REP}:overdue",
    ]
    assert runner.tick(at(2027, 3, 31, 12, 0)).reminded == []  # 08:00 in New York (EDT)
    report = runner.tick(at(2027, 3, 31, 13, 0))  # 09:00 in New York
    assert [label.split("@")[1] for label in report.reminded] == [f"{REP2}:overdue"]
    assert runner.tick(at(2027, 3, 31, 14, 0)).reminded == []


def test_two_runners_send_each_reminder_once(ws, db):
    ws.command(f"train assign Barista basics {ws.mention(REP)} due 23.11", user=MANAGER)
    first, second = runner_for(ws), runner_for(ws)
    now = at(2026, 11, 19, 8, 30)
    due = first.reminders.due(ws.team_id, now)  # both have worked out the same reminder…
    assert len(due) == 1 and len(second.reminders.due(ws.team_id, now)) == 1
    client = first.services.client_for(ws.team_id)  # the workspace's own token, as run() does
    assert first.reminders._send(due[0], client) is True
    assert second.reminders._send(due[0], client) is False  # …and only the first claim sends it
    assert len(reminders(ws, REP)) == 1
