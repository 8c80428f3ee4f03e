"""Digest cadences and their occurrences: every cadence, daylight saving both ways, times of day."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from salesbot.cadences import (
    Cadence,
    due_instant,
    last_working_day,
    latest_occurrence,
    next_occurrence,
    parse_time,
    upcoming,
    zone,
)
from salesbot.errors import InvalidInput
from salesbot.periods import Period
from salesbot.workdays import Workdays

OSLO, NEW_YORK = "Europe/Oslo", "America/New_York"


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def local_times(occurrences, tz: str) -> list[str]:
    return [o.due_at.astimezone(zone(tz)).strftime("%a %Y-%m-%d %H:%M") for o in occurrences]


# -- cadences -----------------------------------------------------------------------------------


def test_daily_and_weekdays():
    monday = utc(2026, 11, 23, 0, 0)
    assert local_times(upcoming(Cadence("daily"), time(9), OSLO, monday, 7), OSLO) == [
        f"{d} 2026-11-{n} 09:00"
        for d, n in zip(("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), range(23, 30), strict=True)
    ]
    assert local_times(upcoming(Cadence("weekdays"), time(9), OSLO, monday, 6), OSLO) == [
        "Mon 2026-11-23 09:00",
        "Tue 2026-11-24 09:00",
        "Wed 2026-11-25 09:00",
        "Thu 2026-11-26 09:00",
        "Fri 2026-11-27 09:00",
        "Mon 2026-11-30 09:00",
    ]


def test_weekly_on_a_day():
    friday = Cadence("weekly", weekday=4)
    assert local_times(upcoming(friday, time(15, 30), OSLO, utc(2026, 11, 27, 15, 0), 3), OSLO) == [
        "Fri 2026-12-04 15:30",  # 15:00 UTC is 16:00 in Oslo: this Friday's has passed
        "Fri 2026-12-11 15:30",
        "Fri 2026-12-18 15:30",
    ]


def test_monthly_on_a_day_uses_the_last_day_of_a_shorter_month():
    cadence = Cadence("monthly", day=31)
    assert local_times(upcoming(cadence, time(8), OSLO, utc(2026, 1, 1), 4), OSLO) == [
        "Sat 2026-01-31 08:00",
        "Sat 2026-02-28 08:00",
        "Tue 2026-03-31 08:00",
        "Thu 2026-04-30 08:00",
    ]
    assert local_times(upcoming(Cadence("monthly", day=29), time(8), OSLO, utc(2028, 2, 1), 1), OSLO) == [
        "Tue 2028-02-29 08:00"  # a leap year
    ]


def test_last_working_day_of_the_month_skips_weekends():
    assert last_working_day(Period.of_month(2026, 5)) == date(2026, 5, 29)  # May 31 is a Sunday
    assert last_working_day(Period.of_month(2026, 11)) == date(2026, 11, 30)  # a Monday
    occurrences = upcoming(Cadence("last_working_day"), time(16), OSLO, utc(2026, 4, 1), 3)
    assert local_times(occurrences, OSLO) == [
        "Thu 2026-04-30 16:00",
        "Fri 2026-05-29 16:00",
        "Tue 2026-06-30 16:00",
    ]


def test_working_days_leave_out_the_workspaces_holidays():
    norway = Workdays("NO", year_end_eves_off=True)
    weekdays = upcoming(Cadence("weekdays"), time(8), OSLO, utc(2026, 12, 22, 12), 5, norway)
    assert local_times(weekdays, OSLO) == [
        "Wed 2026-12-23 08:00",
        "Mon 2026-12-28 08:00",  # not Christmas Eve, Christmas Day or the weekend
        "Tue 2026-12-29 08:00",
        "Wed 2026-12-30 08:00",
        "Mon 2027-01-04 08:00",  # not New Year's Eve or New Year's Day
    ]
    assert last_working_day(Period.of_month(2026, 12), norway) == date(2026, 12, 30)
    assert last_working_day(Period.of_month(2026, 12), Workdays("NO")) == date(2026, 12, 31)  # eves worked
    assert last_working_day(Period.of_month(2026, 12)) == date(2026, 12, 31)  # Monday to Friday alone
    year_end = next_occurrence(
        Cadence("period_end", period_kind="year"), time(12), OSLO, utc(2026, 12, 1), norway
    )
    assert year_end.key == "2026-12-30T12:00"
    easter = latest_occurrence(Cadence("weekdays"), time(8), OSLO, utc(2026, 4, 6, 12), norway)
    assert easter.key == "2026-04-01T08:00"  # Maundy Thursday to Easter Monday are holidays


def test_period_end_for_a_quarter_and_a_year():
    quarterly = upcoming(Cadence("period_end", period_kind="quarter"), time(16), OSLO, utc(2026, 1, 1), 4)
    assert local_times(quarterly, OSLO) == [
        "Tue 2026-03-31 16:00",
        "Tue 2026-06-30 16:00",
        "Wed 2026-09-30 16:00",
        "Thu 2026-12-31 16:00",
    ]
    yearly = upcoming(Cadence("period_end", period_kind="year"), time(12), OSLO, utc(2027, 1, 1), 2)
    assert local_times(yearly, OSLO) == [
        "Fri 2027-12-31 12:00",
        "Fri 2028-12-29 12:00",
    ]  # Dec 31 2028: Sunday
    monthly = upcoming(Cadence("period_end", period_kind="month"), time(12), OSLO, utc(2026, 1, 1), 1)
    assert local_times(monthly, OSLO) == ["Fri 2026-01-30 12:00"]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"kind": "hourly"},
        {"kind": "weekly"},
        {"kind": "weekly", "weekday": 7},
        {"kind": "monthly", "day": 0},
        {"kind": "period_end", "period_kind": "week"},
    ],
)
def test_a_cadence_needs_what_its_kind_needs(kwargs):
    with pytest.raises(ValueError):
        Cadence(**kwargs)


# -- daylight saving ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tz", "spring", "autumn"),
    [(OSLO, date(2026, 3, 29), date(2026, 10, 25)), (NEW_YORK, date(2026, 3, 8), date(2026, 11, 1))],
)
def test_nine_oclock_stays_nine_oclock_through_both_changes(tz, spring, autumn):
    daily = Cadence("daily")
    for change in (spring, autumn):
        start = datetime.combine(change - timedelta(days=2), time(23), tzinfo=UTC)
        occurrences = upcoming(daily, time(9), tz, start, 4)
        assert [o.due_at.astimezone(zone(tz)).strftime("%H:%M") for o in occurrences] == ["09:00"] * 4
        offsets = {o.due_at.astimezone(zone(tz)).utcoffset() for o in occurrences}
        assert len(offsets) == 2, "the UTC instant moves by an hour across the change"
        # Exactly one occurrence a day, each 24 h apart in local wall time.
        assert [o.local.date() for o in occurrences] == [
            change - timedelta(days=1) + timedelta(days=i) for i in range(4)
        ]


def test_oslo_at_nine_in_utc_before_and_after_each_change():
    daily = Cadence("daily")
    assert next_occurrence(daily, time(9), OSLO, utc(2026, 3, 28, 9)).due_at == utc(2026, 3, 29, 7)  # CEST
    assert next_occurrence(daily, time(9), OSLO, utc(2026, 3, 27, 9)).due_at == utc(2026, 3, 28, 8)  # CET
    assert next_occurrence(daily, time(9), OSLO, utc(2026, 10, 24, 9)).due_at == utc(2026, 10, 25, 8)  # CET
    assert next_occurrence(daily, time(9), OSLO, utc(2026, 10, 23, 9)).due_at == utc(2026, 10, 24, 7)  # CEST


@pytest.mark.parametrize(
    ("tz", "night", "jump_utc"),
    [
        (OSLO, datetime(2026, 3, 29, 2, 30), utc(2026, 3, 29, 1)),
        (NEW_YORK, datetime(2026, 3, 8, 2, 30), utc(2026, 3, 8, 7)),
    ],
)
def test_a_time_in_the_spring_gap_is_posted_when_the_clocks_jump(tz, night, jump_utc):
    assert due_instant(night, zone(tz)) == jump_utc
    assert jump_utc.astimezone(zone(tz)).strftime("%H:%M") == "03:00"
    occurrence = next_occurrence(Cadence("daily"), time(2, 30), tz, jump_utc - timedelta(hours=3))
    assert occurrence.key == night.strftime("%Y-%m-%dT%H:%M")
    assert occurrence.due_at == jump_utc
    # The day after, 02:30 exists again.
    following = next_occurrence(Cadence("daily"), time(2, 30), tz, occurrence.due_at)
    assert following.due_at.astimezone(zone(tz)).strftime("%d %H:%M") == f"{night.day + 1:02d} 02:30"


@pytest.mark.parametrize(
    ("tz", "night", "first_utc"),
    [
        (OSLO, datetime(2026, 10, 25, 2, 30), utc(2026, 10, 25, 0, 30)),
        (NEW_YORK, datetime(2026, 11, 1, 1, 30), utc(2026, 11, 1, 5, 30)),
    ],
)
def test_a_time_in_the_autumn_fold_happens_once(tz, night, first_utc):
    at = night.time()
    occurrence = next_occurrence(Cadence("daily"), at, tz, first_utc - timedelta(hours=3))
    assert occurrence.due_at == first_utc, "the first of the two"
    second = first_utc + timedelta(hours=1)
    assert second.astimezone(zone(tz)).replace(tzinfo=None) == night, "the same wall time comes again"
    # During and after the repeated hour, the latest occurrence is still the same one (same key).
    for moment in (second, second + timedelta(minutes=30)):
        assert latest_occurrence(Cadence("daily"), at, tz, moment).key == occurrence.key
    assert next_occurrence(Cadence("daily"), at, tz, first_utc).local.date() == night.date() + timedelta(
        days=1
    )


def test_latest_occurrence_is_the_last_one_due():
    daily = Cadence("daily")
    assert latest_occurrence(daily, time(9), OSLO, utc(2026, 11, 27, 7, 59)).key == "2026-11-26T09:00"
    assert latest_occurrence(daily, time(9), OSLO, utc(2026, 11, 27, 8, 0)).key == "2026-11-27T09:00"
    weekdays = Cadence("weekdays")
    assert (
        latest_occurrence(weekdays, time(9), OSLO, utc(2026, 11, 29, 12)).key == "2026-11-27T09:00"
    )  # Sunday
    yearly = Cadence("period_end", period_kind="year")
    assert latest_occurrence(yearly, time(9), OSLO, utc(2026, 12, 30)).key == "2025-12-31T09:00"


def test_the_same_wall_time_in_different_zones_falls_at_different_instants():
    oslo = next_occurrence(Cadence("daily"), time(9), OSLO, utc(2026, 11, 27))
    new_york = next_occurrence(Cadence("daily"), time(9), NEW_YORK, utc(2026, 11, 27))
    assert new_york.due_at - oslo.due_at == timedelta(hours=6)
    assert oslo.key == new_york.key == "2026-11-27T09:00"


# -- reading a time of day ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09:00", time(9)),
        ("9", time(9)),
        ("7.30", time(7, 30)),
        ("0730", time(7, 30)),
        ("kl 8", time(8)),
        ("kl. 08:15", time(8, 15)),
        ("9am", time(9)),
        ("5:30 pm", time(17, 30)),
        ("12 am", time(0)),
        ("23:59", time(23, 59)),
    ],
)
def test_times_of_day(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["25:00", "9:75", "13pm", "noon", "", "9:0"])
def test_bad_times_say_what_was_wrong(text):
    with pytest.raises(InvalidInput) as error:
        parse_time(text)
    assert error.value.key == "digest.time_invalid"
    assert error.value.example == "digest.time_example"
