"""Ask the department's rules: who may answer, and when a reminder is due."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

from salesbot.department import may_answer, reminder_due
from salesbot.workdays import Workdays

OSLO = "Europe/Oslo"
NO = Workdays(country="NO")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=UTC)  # December: Oslo is UTC+1


def test_a_reminder_is_due_one_working_day_after_the_question():
    tuesday = at(1, 9)  # 10:00 in Oslo
    assert not reminder_due(tuesday, at(2, 8, 59), timezone=OSLO, workdays=NO)
    assert reminder_due(tuesday, at(2, 9), timezone=OSLO, workdays=NO)


def test_friday_questions_are_reminded_on_monday_never_at_the_weekend():
    friday = at(4, 9)
    assert not reminder_due(friday, at(5, 12), timezone=OSLO, workdays=NO)  # Saturday
    assert not reminder_due(friday, at(6, 12), timezone=OSLO, workdays=NO)  # Sunday
    assert reminder_due(friday, at(7, 9), timezone=OSLO, workdays=NO)  # Monday 10:00


def test_a_public_holiday_is_not_a_working_day():
    wednesday = at(23, 9)  # the 24th is a day off only with year-end eves; the 25th and 26th are holidays
    assert not reminder_due(wednesday, at(25, 12), timezone=OSLO, workdays=NO)
    assert reminder_due(wednesday, at(28, 9), timezone=OSLO, workdays=NO)


def test_only_the_contact_person_or_a_press_in_the_contact_channel_answers():
    person = SimpleNamespace(asked_to="U0PROD")
    assert may_answer(person, user_id="U0PROD", channel_id="D0DM")
    assert not may_answer(person, user_id="U0OTHER", channel_id="D0DM")
    channel = SimpleNamespace(asked_to="C0PROD")
    assert may_answer(channel, user_id="U0ANYONE", channel_id="C0PROD")
    assert not may_answer(channel, user_id="U0ANYONE", channel_id="C0GENERAL")
    assert not may_answer(channel, user_id="C0PROD", channel_id=None)


def test_a_reminder_missed_on_friday_waits_for_monday():
    thursday = at(3, 9)  # due Friday 10:00; the runner was down until Saturday
    assert not reminder_due(thursday, at(5, 12), timezone=OSLO, workdays=NO)
    assert reminder_due(thursday, at(7, 8), timezone=OSLO, workdays=NO)
