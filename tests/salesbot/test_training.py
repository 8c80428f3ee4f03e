"""Training's rules on their own: what people type, when each occurrence is due, which one a
person has to do, and when a reminder is due. (End to end: tests/handlers/test_training.py.)"""

from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace

import pytest

from salesbot import training
from salesbot.errors import InvalidInput
from salesbot.training import MONTHS, WEEKS, Occurrence, Recurrence
from salesbot.workdays import Workdays

TODAY = date(2026, 12, 7)  # a Monday
NORWAY = Workdays("NO", year_end_eves_off=True)


# -- what people type -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "title", "due", "recurrence"),
    [
        ("Kaffe 101 <@U0KARI|kari> due 15.12", "Kaffe 101", date(2026, 12, 15), None),
        (
            "Kaffe 101 <@U0KARI|kari> frist 15.12 hver 3. måned",
            "Kaffe 101",
            date(2026, 12, 15),
            Recurrence(3, MONTHS),
        ),
        (
            '"Fra demo til avtale" <@U0KARI|kari> due 2027-01-08 every 2 weeks',
            "Fra demo til avtale",
            date(2027, 1, 8),
            Recurrence(2, WEEKS),
        ),
        (
            "Kaffe 101 <@U0KARI|kari> frist 15.12 hver uke",
            "Kaffe 101",
            date(2026, 12, 15),
            Recurrence(1, WEEKS),
        ),
    ],
)
def test_an_assignment_as_typed_in_either_language(text, title, due, recurrence):
    command = training.parse_assign(text, today=TODAY, lang="nb")
    assert (command.title, command.user_ids, command.due, command.recurrence) == (
        title,
        ("U0KARI",),
        due,
        recurrence,
    )


def test_a_team_is_assigned_by_name():
    command = training.parse_assign('Kaffe 101 team:"Bedrift Øst" due 15.12', today=TODAY, lang="en")
    assert (command.team, command.user_ids) == ("Bedrift Øst", ())


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Kaffe 101 <@U0KARI|kari>", "training.due_missing"),
        ("Kaffe 101 due 15.12", "training.assignee_missing"),
        ("<@U0KARI|kari> due 15.12", "training.title_missing"),
        ("Kaffe 101 <@U0KARI|kari> due 15.12 every 60 weeks", "training.every_invalid"),
        ("Kaffe 101 @kari due 15.12", "command.plain_mention"),
    ],
)
def test_an_assignment_missing_a_part_says_which(text, key):
    with pytest.raises(InvalidInput) as refused:
        training.parse_assign(text, today=TODAY, lang="en")
    assert refused.value.key == key


def test_an_item_as_typed_with_norwegian_keywords():
    draft = training.parse_item("Kaffe 101 lenke:https://example.com/kaffe tema:produkt minutter:20")
    assert (draft.title, draft.content, draft.topic, draft.minutes) == (
        "Kaffe 101",
        "https://example.com/kaffe",
        "produkt",
        "20",
    )
    with pytest.raises(InvalidInput):
        training.parse_item("Kaffe 101 and nothing else")


@pytest.mark.parametrize(
    ("text", "action", "words"),
    [
        ("", training.LIST, ()),
        ("teknikk", training.SEARCH, ("teknikk",)),
        ("søk kaffe", training.SEARCH, ("kaffe",)),
    ],
)
def test_words_that_are_no_action_search_the_library(text, action, words):
    command = training.parse_train(text, today=TODAY, lang="nb")
    assert (command.action, command.words) == (action, words)


# -- when each occurrence is due ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "recurrence", "occurrence", "due"),
    [
        (date(2026, 12, 15), None, 3, date(2026, 12, 15)),  # a one-off has one
        (date(2026, 12, 15), Recurrence(2, WEEKS), 2, date(2027, 1, 12)),
        (date(2026, 11, 30), Recurrence(3, MONTHS), 1, date(2027, 2, 28)),  # February has no 30th
        (date(2026, 11, 30), Recurrence(3, MONTHS), 2, date(2027, 5, 30)),  # May has: back to the 30th
        (date(2026, 12, 15), Recurrence(1, MONTHS), 1, date(2027, 1, 15)),  # over New Year
    ],
)
def test_when_an_occurrence_is_due(first, recurrence, occurrence, due):
    assert training.due_on(first, recurrence, occurrence) == due


def assignment(first_due, every=None, unit=None):
    return SimpleNamespace(first_due=first_due, every=every, unit=unit)


def test_a_one_off_is_open_until_done_and_overdue_after_its_date():
    one_off = assignment(date(2026, 12, 1))
    assert training.open_occurrence(one_off, set(), TODAY) == Occurrence(0, date(2026, 12, 1), True)
    assert training.open_occurrence(one_off, {0}, TODAY) is None


def test_a_refresher_comes_back_after_it_is_done():
    monthly = assignment(date(2026, 12, 10), 1, MONTHS)
    assert training.open_occurrence(monthly, set(), TODAY) == Occurrence(0, date(2026, 12, 10), False)
    assert training.open_occurrence(monthly, {0}, TODAY) == Occurrence(1, date(2027, 1, 10), False)


def test_a_missed_refresher_is_replaced_by_the_next_once_that_is_due():
    """Missed in October and November: December's is the one to do, not a backlog of three."""
    monthly = assignment(date(2026, 10, 5), 1, MONTHS)
    assert training.open_occurrence(monthly, set(), TODAY) == Occurrence(2, date(2026, 12, 5), True)


# -- reminders ----------------------------------------------------------------------------------


def test_the_reminder_day_is_two_working_days_before_skipping_weekends_and_holidays():
    assert training.reminder_day(date(2026, 12, 9), NORWAY) == date(2026, 12, 7)  # Wed → Mon
    assert training.reminder_day(date(2026, 12, 14), NORWAY) == date(2026, 12, 10)  # Mon → Thu
    assert training.reminder_day(date(2026, 12, 28), NORWAY) == date(2026, 12, 22)  # Christmas off


@pytest.mark.parametrize(
    ("local", "kind"),
    [
        (datetime(2026, 12, 7, 10, 0), training.BEFORE),  # Monday morning, due Wednesday
        (datetime(2026, 12, 7, 7, 30), None),  # before working hours
        (datetime(2026, 12, 7, 16, 0), None),  # after them
        (datetime(2026, 12, 10, 9, 0), training.OVERDUE),  # Thursday, a day late
        (datetime(2026, 12, 12, 11, 0), None),  # Saturday: never on a weekend
        (datetime(2026, 12, 24, 11, 0), None),  # Christmas Eve is off in Norway
    ],
)
def test_which_reminder_is_due_at_a_persons_wall_time(local, kind):
    wednesday = Occurrence(0, date(2026, 12, 9), overdue=False)
    assert training.reminder_kind(wednesday, local, NORWAY, assigned_on=date(2026, 12, 1)) == kind


def test_no_before_reminder_on_the_day_it_was_assigned():
    wednesday = Occurrence(0, date(2026, 12, 9), overdue=False)
    assert training.reminder_kind(wednesday, datetime(2026, 12, 7, 10), NORWAY, assigned_on=TODAY) is None
