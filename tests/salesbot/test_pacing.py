import random
from datetime import date, timedelta
from decimal import Decimal

import pytest

from salesbot.i18n import t
from salesbot.pacing import STATUSES, compute_progress, progress_bar, working_days

# November 2026: starts on a Sunday, 30 days, 21 weekdays.
NOV_START, NOV_END = date(2026, 11, 1), date(2026, 11, 30)


def progress(today, actual, target=30000, **options):
    return compute_progress(
        target=Decimal(target),
        actual=Decimal(actual),
        period_start=NOV_START,
        period_end=NOV_END,
        today=today,
        **options,
    )


@pytest.mark.parametrize(
    ("start", "end", "mode", "expected"),
    [
        (NOV_START, NOV_END, "calendar", 30),
        (NOV_START, NOV_END, "business", 21),
        (date(2026, 11, 7), date(2026, 11, 8), "business", 0),  # a weekend
        (date(2026, 11, 6), date(2026, 11, 9), "business", 2),  # Friday to Monday
        (date(2026, 11, 6), date(2026, 11, 6), "calendar", 1),
        (date(2026, 11, 6), date(2026, 11, 5), "calendar", 0),  # empty span
        (date(2024, 2, 1), date(2024, 2, 29), "calendar", 29),  # leap year
        (date(2024, 2, 1), date(2024, 2, 29), "business", 21),
        (date(2026, 1, 1), date(2026, 12, 31), "business", 261),
    ],
)
def test_working_days(start, end, mode, expected):
    assert working_days(start, end, mode=mode) == expected


def test_working_days_excludes_time_off_and_holidays():
    christmas = {date(2026, 12, 24), date(2026, 12, 25), date(2026, 12, 26)}  # Thu, Fri, Sat
    december = (date(2026, 12, 1), date(2026, 12, 31))
    assert working_days(*december, mode="business") == 23
    assert working_days(*december, mode="business", holidays=christmas) == 21
    assert working_days(*december, mode="calendar", holidays=christmas) == 31  # every day counts
    away = [(date(2026, 11, 25), date(2026, 12, 4)), (date(2026, 12, 28), date(2027, 1, 3))]
    assert working_days(*december, mode="calendar", excluded=away) == 31 - 4 - 4
    assert working_days(*december, mode="business", excluded=away, holidays=christmas) == 21 - 4 - 4


def test_working_days_counted_at_once_agree_with_counting_day_by_day():
    def by_day(start, end, mode, excluded, holidays):
        days = (start + timedelta(days=n) for n in range((end - start).days + 1))
        return sum(
            1
            for day in days
            if (mode == "calendar" or (day.weekday() < 5 and day not in holidays))
            and not any(a <= day <= b for a, b in excluded)
        )

    rng = random.Random(11)
    base = date(2026, 1, 1)
    for _ in range(2000):
        start = base + timedelta(days=rng.randrange(400))
        end = start + timedelta(days=rng.randrange(-3, 120))
        excluded = [
            (first, first + timedelta(days=rng.randrange(-1, 15)))
            for first in (start + timedelta(days=rng.randrange(-20, 130)) for _ in range(rng.randrange(4)))
        ]
        holidays = [base + timedelta(days=rng.randrange(420)) for _ in range(rng.randrange(30))]
        for mode in ("calendar", "business"):
            expected = by_day(start, end, mode, excluded, set(holidays))
            assert working_days(start, end, mode=mode, excluded=excluded, holidays=holidays) == expected


def test_working_days_rejects_unknown_mode():
    with pytest.raises(ValueError):
        working_days(NOV_START, NOV_END, mode="weekly")


def test_day_one_expects_nothing_yet():
    result = progress(NOV_START, 0)
    assert result.elapsed_days == 0
    assert result.elapsed_share == 0.0
    assert result.expected_to_date == Decimal("0.00")
    assert result.pace_ratio is None
    assert result.status == "on_track"
    assert result.forecast == Decimal("0.00")
    assert result.needed_per_day == Decimal("1000.00")


def test_a_sale_on_day_one_is_ahead():
    result = progress(NOV_START, 500)
    assert result.pace_ratio is None
    assert result.status == "ahead"
    assert result.forecast == Decimal("500.00")  # nothing elapsed to project from


def test_mid_period_maths():
    # 10 of 30 days elapsed (1–10 November), 12 000 sold against an expected 10 000.
    result = progress(date(2026, 11, 11), 12000)
    assert result.elapsed_days == 10
    assert result.total_days == 30
    assert result.elapsed_share == pytest.approx(1 / 3)
    assert result.expected_to_date == Decimal("10000.00")
    assert result.attainment == pytest.approx(0.4)
    assert result.pace_ratio == pytest.approx(1.2)
    assert result.status == "ahead"
    assert result.forecast == Decimal("36000.00")
    assert result.remaining == Decimal("18000")
    assert result.needed_per_day == Decimal("900.00")  # 18 000 over the 20 days left


@pytest.mark.parametrize(
    ("actual", "status"),
    [
        (11000, "ahead"),  # pace 1.10
        (10999, "on_track"),
        (9500, "on_track"),  # pace 0.95
        (9499, "behind"),
        (7500, "behind"),  # pace 0.75, forecast exactly 75 % of target
        (7499, "at_risk"),
        (0, "at_risk"),
    ],
)
def test_status_thresholds(actual, status):
    result = progress(date(2026, 11, 11), actual)  # 10 000 expected
    assert result.status == status
    assert result.pace_ratio == pytest.approx(actual / 10000)
    assert float(result.forecast / result.target) == pytest.approx(result.pace_ratio)


def test_reached_mid_period():
    result = progress(date(2026, 11, 5), 30000)
    assert result.status == "reached"
    assert result.remaining == Decimal("0")
    assert result.needed_per_day == Decimal("0.00")


def test_over_achievement_shows_in_attainment():
    result = progress(date(2026, 11, 20), 45000)
    assert result.status == "reached"
    assert result.attainment == pytest.approx(1.5)
    assert result.remaining == Decimal("0")


def test_before_the_period():
    result = progress(date(2026, 10, 20), 0)
    assert result.status == "not_started"
    assert result.elapsed_days == 0
    assert result.pace_ratio is None
    assert result.needed_per_day == Decimal("1000.00")


@pytest.mark.parametrize(
    ("today", "actual", "status"),
    [
        (date(2026, 12, 1), 30000, "reached"),
        (date(2026, 12, 1), 29999, "missed"),
        (date(2027, 3, 1), 0, "missed"),
    ],
)
def test_after_the_period(today, actual, status):
    result = progress(today, actual)
    assert result.status == status
    assert result.elapsed_share == 1.0
    assert result.expected_to_date == Decimal("30000.00")
    assert result.forecast == Decimal(actual).quantize(Decimal("0.01"))
    assert result.needed_per_day is None  # no days left


def test_last_day_still_counts_as_selling_time():
    result = progress(NOV_END, 29000)
    assert result.elapsed_days == 29
    assert result.status == "on_track"
    assert result.needed_per_day == Decimal("1000.00")


def test_business_mode_skips_weekends():
    # Monday 9 November: 5 weekdays elapsed (2–6 Nov) of 21.
    result = progress(date(2026, 11, 9), 5000, target=21000, mode="business")
    assert (result.elapsed_days, result.total_days) == (5, 21)
    assert result.expected_to_date == Decimal("5000.00")
    assert result.status == "on_track"
    # The weekend adds no expectation: Saturday and Monday expect the same.
    saturday = progress(date(2026, 11, 7), 5000, target=21000, mode="business")
    assert saturday.expected_to_date == result.expected_to_date


def test_time_off_reduces_elapsed_and_total():
    # Away 2–6 November: 5 of the 10 elapsed calendar days, and 5 of the 30 in total.
    away = [(date(2026, 11, 2), date(2026, 11, 6))]
    result = progress(date(2026, 11, 11), 5000, time_off=away)
    assert (result.elapsed_days, result.total_days) == (5, 25)
    assert result.expected_to_date == Decimal("6000.00")
    assert result.forecast == Decimal("25000.00")


def test_time_off_spanning_the_period_edges():
    away = [(date(2026, 10, 20), date(2026, 11, 3)), (date(2026, 11, 28), date(2026, 12, 10))]
    result = progress(date(2026, 11, 11), 0, time_off=away, target=24000)
    # 1–3 and 28–30 November are off: 24 days in total, 7 of them (4–10) elapsed.
    assert (result.elapsed_days, result.total_days) == (7, 24)
    assert result.expected_to_date == Decimal("7000.00")


def test_away_the_whole_period():
    away = [(date(2026, 10, 1), date(2026, 12, 31))]
    during = progress(date(2026, 11, 15), 0, time_off=away)
    assert (during.elapsed_days, during.total_days) == (0, 0)
    assert during.expected_to_date == Decimal("0.00")
    assert during.status == "on_track"
    assert during.needed_per_day is None
    after = progress(date(2026, 12, 5), 0, time_off=away)
    assert after.status == "missed"


def test_holidays_in_business_mode():
    result = progress(date(2026, 11, 9), 0, target=20000, mode="business", holidays={date(2026, 11, 2)})
    assert (result.elapsed_days, result.total_days) == (4, 20)


def test_target_must_be_positive():
    with pytest.raises(ValueError):
        progress(date(2026, 11, 11), 0, target=0)


def test_money_is_rounded_to_cents():
    result = progress(date(2026, 11, 2), 0, target=1000)  # 1 of 30 days elapsed
    assert result.expected_to_date == Decimal("33.33")
    assert result.needed_per_day == Decimal("34.48")  # 1000 / 29


@pytest.mark.parametrize(
    ("ratio", "bar"),
    [
        (0, "░░░░░░░░░░"),
        (-0.5, "░░░░░░░░░░"),
        (0.05, "░░░░░░░░░░"),
        (0.1, "▓░░░░░░░░░"),
        (0.6, "▓▓▓▓▓▓░░░░"),
        (0.7, "▓▓▓▓▓▓▓░░░"),
        (0.99, "▓▓▓▓▓▓▓▓▓░"),  # full only when reached
        (1.0, "▓▓▓▓▓▓▓▓▓▓"),
        (2.5, "▓▓▓▓▓▓▓▓▓▓"),
    ],
)
def test_progress_bar(ratio, bar):
    assert progress_bar(ratio) == bar


def test_progress_bar_width():
    assert progress_bar(0.29, width=100).count("▓") == 29
    assert progress_bar(0.5, width=4) == "▓▓░░"
    assert len(progress_bar(3, width=20)) == 20
    with pytest.raises(ValueError):
        progress_bar(0.5, width=0)


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_every_status_has_a_name(lang):
    names = [t(lang, f"status.{status}") for status in STATUSES]
    assert all(name and not name.startswith("status.") for name in names)
    assert len(set(names)) == len(STATUSES)
