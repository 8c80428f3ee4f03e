"""Time off rules: the text form, merging ranges, who may record, list and remove whose."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from salesbot import away
from salesbot.away import parse_away
from salesbot.errors import FieldErrors, InvalidInput, NotFound, PermissionDenied

TODAY = date(2026, 11, 18)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.12 5.12", ("add", date(2026, 12, 1), date(2026, 12, 5), None)),
        ("from 1 dec to 5 dec", ("add", date(2026, 12, 1), date(2026, 12, 5), None)),
        ("fra 1. des til 5. des <@U1>", ("add", date(2026, 12, 1), date(2026, 12, 5), "U1")),
        ("2026-12-01..2026-12-05", ("add", date(2026, 12, 1), date(2026, 12, 5), None)),
        ("i morgen", ("add", TODAY + timedelta(days=1), TODAY + timedelta(days=1), None)),
        ("december", ("add", date(2026, 12, 1), date(2026, 12, 31), None)),
        # The last day without a year is the next such day after the first: over New Year.
        ("24.12 2.1", ("add", date(2026, 12, 24), date(2027, 1, 2), None)),
        ("fra 23. des til 2. jan", ("add", date(2026, 12, 23), date(2027, 1, 2), None)),
        ("24.12-2.1 <@U1>", ("add", date(2026, 12, 24), date(2027, 1, 2), "U1")),
        ("from 24.12", ("add", date(2026, 12, 24), date(2026, 12, 24), None)),
        ("list", ("list", None, None, None)),
        ("liste <@U1>", ("list", None, None, "U1")),
        ("remove", ("remove", None, None, None)),
    ],
)
def test_parse_away(text, expected):
    parsed = parse_away(text, today=TODAY, lang="en")
    assert (parsed.action, parsed.start, parsed.end, parsed.user_id) == expected


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("5.12.2026 1.12.2026", "away.reversed"),
        ("2026-12-05..2026-12-01", "away.reversed"),
        ("1.1.2026 1.1.2028", "away.too_long"),
        ("soon", "away.dates_invalid"),
        ("31.02", "away.dates_invalid"),
        ("list 1.12", "away.form"),
        ("1.12 <@U1> <@U2>", "away.one_person"),
    ],
)
def test_parse_away_refuses(text, key):
    with pytest.raises(InvalidInput) as raised:
        parse_away(text, today=TODAY, lang="en")
    assert raised.value.key == key


def test_time_off_merges_touching_ranges_and_ignores_covered_ones(world):
    store, actors, people = world
    rita, person = actors["Rita"], people["Rita"].id
    away.record_time_off(store, rita, person, date(2026, 12, 1), date(2026, 12, 3))
    away.record_time_off(store, rita, person, date(2026, 12, 10), date(2026, 12, 12))
    change = away.record_time_off(store, rita, person, date(2026, 12, 4), date(2026, 12, 9))
    assert change.merged == [(date(2026, 12, 1), date(2026, 12, 3)), (date(2026, 12, 10), date(2026, 12, 12))]
    assert (change.time_off.start, change.time_off.end) == (date(2026, 12, 1), date(2026, 12, 12))
    covered = away.record_time_off(store, rita, person, date(2026, 12, 5), date(2026, 12, 6))
    assert covered.unchanged
    entries, total = away.listed_time_off(store, rita, today=TODAY)
    assert total == 1 and [(e.start, e.end) for e, _ in entries] == [(date(2026, 12, 1), date(2026, 12, 12))]
    away.record_time_off(store, rita, person, date(2026, 12, 14), date(2026, 12, 15))
    assert away.listed_time_off(store, rita, today=TODAY)[1] == 2, "a day's gap keeps them apart"


def test_the_list_holds_time_off_under_way_coming_up_and_ended_in_the_last_30_days(world):
    store, actors, people = world
    ingrid = actors["Ingrid"]
    for name, start, end in (
        ("Rita", date(2026, 12, 1), date(2026, 12, 5)),  # coming up
        ("Kari", date(2026, 11, 10), date(2026, 11, 20)),  # under way on 18 November
        ("Per", date(2026, 11, 16), date(2026, 11, 18)),  # its last day is today
        ("Mona", date(2026, 11, 2), date(2026, 11, 6)),  # ended 12 days ago
        ("Rita", date(2026, 10, 12), date(2026, 10, 19)),  # ended 30 days ago
        ("Kari", date(2026, 10, 1), date(2026, 10, 18)),  # ended 31 days ago: not listed
    ):
        away.record_time_off(store, ingrid, people[name].id, start, end)
    entries, total = away.listed_time_off(store, ingrid, today=TODAY)
    assert total == 5
    listed = [(person.name, entry.start.isoformat(), away.phase(entry, TODAY)) for entry, person in entries]
    assert listed == [
        ("Kari", "2026-11-10", away.NOW),
        ("Per", "2026-11-16", away.NOW),
        ("Rita", "2026-12-01", away.UPCOMING),
        ("Mona", "2026-11-02", away.RECENT),
        ("Rita", "2026-10-12", away.RECENT),
    ], "under way and coming up first, soonest first; then ended, the latest first"


def test_time_off_permissions_and_lists(world):
    store, actors, people = world
    with pytest.raises(PermissionDenied):
        away.record_time_off(store, actors["Rita"], people["Kari"].id, TODAY, TODAY)
    with pytest.raises(PermissionDenied):
        away.record_time_off(store, actors["Mona"], people["Per"].id, TODAY, TODAY)
    kari = away.record_time_off(store, actors["Mona"], people["Kari"].id, TODAY, TODAY).time_off
    away.record_time_off(store, actors["Ingrid"], people["Per"].id, TODAY, TODAY)
    away.record_time_off(store, actors["Rita"], people["Rita"].id, date(2026, 10, 1), date(2026, 10, 18))
    ended = away.listed_time_off(store, actors["Rita"], today=TODAY)[1]
    assert ended == 0, "time off that ended over a month ago is not listed"
    assert away.listed_time_off(store, actors["Mona"], today=TODAY)[1] == 1
    assert away.listed_time_off(store, actors["Ingrid"], today=TODAY)[1] == 2
    with pytest.raises(PermissionDenied):
        away.listed_time_off(store, actors["Per"], today=TODAY, person_id=people["Kari"].id)
    with pytest.raises(PermissionDenied):
        away.remove_time_off(store, actors["Rita"], kari.id)
    away.remove_time_off(store, actors["Kari"], kari.id)
    with pytest.raises(NotFound):
        away.remove_time_off(store, actors["Kari"], kari.id)
    actions = [e.action for e in store.audit_entries()]
    assert actions.count("time_off.recorded") == 3 and "time_off.removed" in actions


def test_the_time_off_form_is_checked_whole(world):
    store, actors, people = world
    with pytest.raises(FieldErrors) as refused:
        away.read_time_off_form(
            actors["Mona"],
            person=people["Mona"],
            user_id="UP",
            start=None,
            end=None,
            find_person=store.person_by_slack_id,
        )
    assert {field: error.key for field, error in refused.value.errors.items()} == {
        "person": "away.not_allowed",
        "start": "away.dates_missing",
        "end": "away.dates_missing",
    }
    with pytest.raises(FieldErrors) as refused:
        away.read_time_off_form(
            actors["Rita"],
            person=people["Rita"],
            user_id=None,
            start=TODAY,
            end=TODAY - timedelta(days=1),
            find_person=store.person_by_slack_id,
        )
    assert list(refused.value.errors) == ["end"]
    kari = away.read_time_off_form(
        actors["Mona"],
        person=people["Mona"],
        user_id="UK",
        start=TODAY,
        end=TODAY,
        find_person=store.person_by_slack_id,
    )
    assert kari.id == people["Kari"].id
