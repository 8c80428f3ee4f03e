"""The rules of goals discussed with staff that need no database: when someone counts as not
having acknowledged, and when each side of a talk is reminded (weekends, holidays, DST)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from salesbot.goal_talks import is_overdue, talk_reminder_day, talk_reminder_due, working_days_since
from salesbot.workdays import Workdays


def test_working_days_since_count_only_working_days_after_the_day():
    assert working_days_since(date(2026, 11, 10), date(2026, 11, 10)) == 0
    assert working_days_since(date(2026, 11, 13), date(2026, 11, 16)) == 1  # Friday → Monday
    norway = Workdays("NO", year_end_eves_off=True)
    assert working_days_since(date(2026, 12, 23), date(2026, 12, 28), norway) == 1  # 24–27 off


@pytest.mark.parametrize(
    ("told", "today", "overdue"),
    [
        (datetime(2026, 11, 10, 9, tzinfo=UTC), date(2026, 11, 11), False),  # Tuesday → Wednesday
        (datetime(2026, 11, 10, 9, tzinfo=UTC), date(2026, 11, 12), True),  # → Thursday
        (datetime(2026, 11, 13, 9, tzinfo=UTC), date(2026, 11, 16), False),  # Friday → Monday
        (datetime(2026, 11, 13, 9, tzinfo=UTC), date(2026, 11, 17), True),  # → Tuesday
        # 23:30 UTC on Monday is Tuesday in Oslo: the day counts in the workspace's calendar.
        (datetime(2026, 11, 9, 23, 30, tzinfo=UTC), date(2026, 11, 11), False),
        (datetime(2026, 11, 9, 23, 30), date(2026, 11, 12), True),  # SQLite's naive UTC
    ],
)
def test_someone_has_not_acknowledged_two_working_days_after_being_told(told, today, overdue):
    assert is_overdue(told, today, "Europe/Oslo") is overdue


def test_a_talk_is_reminded_on_its_day_or_the_working_day_before_an_early_or_weekend_one():
    assert talk_reminder_day(datetime(2026, 11, 12, 14, 0)) == date(2026, 11, 12)
    assert talk_reminder_day(datetime(2026, 11, 12, 8, 30)) == date(2026, 11, 11)  # before 09:00
    assert talk_reminder_day(datetime(2026, 11, 16, 8, 0)) == date(2026, 11, 13)  # Monday early: Friday
    assert talk_reminder_day(datetime(2026, 11, 14, 12, 0)) == date(2026, 11, 13)  # a Saturday talk


def test_a_talk_reminder_is_due_in_working_hours_on_the_day_before_the_talk_only():
    talk = datetime(2026, 11, 12, 15, 0, tzinfo=UTC)  # 16:00 in Oslo, 10:00 in New York
    assert not talk_reminder_due(talk, datetime(2026, 11, 12, 7, 0, tzinfo=UTC), "Europe/Oslo")  # 08:00
    assert talk_reminder_due(talk, datetime(2026, 11, 12, 8, 0, tzinfo=UTC), "Europe/Oslo")  # 09:00
    assert not talk_reminder_due(talk, datetime(2026, 11, 12, 8, 0, tzinfo=UTC), "America/New_York")  # 03:00
    assert talk_reminder_due(talk, datetime(2026, 11, 12, 14, 0, tzinfo=UTC), "America/New_York")  # 09:00
    assert not talk_reminder_due(
        talk, datetime(2026, 11, 12, 15, 0, tzinfo=UTC), "America/New_York"
    )  # the talk


def test_a_talk_reminder_follows_the_clock_across_dst():
    # Monday 30 March 2026, 10:00 in Oslo (summer time since Sunday): 08:00 UTC.
    talk = datetime(2026, 3, 30, 8, 0, tzinfo=UTC)
    assert not talk_reminder_due(talk, datetime(2026, 3, 30, 6, 30, tzinfo=UTC), "Europe/Oslo")  # 08:30
    assert talk_reminder_due(talk, datetime(2026, 3, 30, 7, 0, tzinfo=UTC), "Europe/Oslo")  # 09:00
