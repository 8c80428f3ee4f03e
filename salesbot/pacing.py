"""Progress maths for one goal: how far along the period is, what was expected by now,
whether the pace is good enough, and where the run rate ends up.

Elapsed time: the working days up to and including yesterday. Today is still being sold
in, so on the first day of a period nothing is expected yet, and a sale logged this
morning counts in ``actual`` without raising the bar.

Time off is personal: its days leave both the elapsed and the total working days, so a
week away neither counts against the pace nor is expected to be made up.

Under a linear run rate ``forecast / target`` equals ``pace_ratio``, so "the forecast is
under 75 % of target" and "the pace is under 0.75" are one rule: ``BEHIND_AT``.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

# Pace thresholds: actual / expected-to-date at or above each one earns that status.
AHEAD_AT = 1.10
ON_TRACK_AT = 0.95
BEHIND_AT = 0.75  # below this (forecast under 75 % of target): at risk

MODES = ("calendar", "business")
STATUSES = ("ahead", "on_track", "behind", "at_risk", "reached", "missed", "not_started")

_CENT = Decimal("0.01")


@dataclass(frozen=True)
class Progress:
    target: Decimal
    actual: Decimal
    elapsed_share: float  # elapsed working days / total working days, 0..1
    expected_to_date: Decimal
    attainment: float  # actual / target; above 1 when over-achieved
    pace_ratio: float | None  # actual / expected_to_date; None while nothing is expected
    status: str
    forecast: Decimal  # run-rate projection for the period end
    remaining: Decimal  # still to sell to reach the target, never below zero
    needed_per_day: Decimal | None  # remaining per remaining working day; None when none is left
    elapsed_days: int  # working days elapsed
    total_days: int  # working days in the period for this person


def working_days(
    start: date,
    end: date,
    *,
    mode: str = "calendar",
    excluded: Iterable[tuple[date, date]] = (),
    holidays: Collection[date] = (),
) -> int:
    """Days in [start, end] that count for pacing.

    ``calendar`` counts every day; ``business`` counts Monday to Friday except ``holidays``.
    Days inside any ``excluded`` (inclusive) range, such as time off, never count.

    Counted in closed form, not day by day: it runs for every goal of every report.
    """
    if mode not in MODES:
        raise ValueError(f"unknown pacing mode {mode!r}")
    if end < start:
        return 0
    away = _merged(excluded, start, end)
    if mode == "calendar":
        return (end - start).days + 1 - sum((last - first).days + 1 for first, last in away)
    days_off = sorted({day for day in holidays if start <= day <= end and day.weekday() < 5})

    def count(first: date, last: date) -> int:
        off = bisect.bisect_right(days_off, last) - bisect.bisect_left(days_off, first)
        return _weekdays(first, last) - off

    return count(start, end) - sum(count(first, last) for first, last in away)


def _weekdays(first: date, last: date) -> int:
    """Mondays to Fridays in [first, last]."""
    weeks, rest = divmod((last - first).days + 1, 7)
    weekday = first.weekday()
    return weeks * 5 + sum(1 for offset in range(rest) if (weekday + offset) % 7 < 5)


def _merged(ranges: Iterable[tuple[date, date]], start: date, end: date) -> list[tuple[date, date]]:
    """``ranges`` clipped to [start, end], overlapping and touching ones joined, in order."""
    merged: list[tuple[date, date]] = []
    for first, last in sorted((max(a, start), min(b, end)) for a, b in ranges):
        if first > last:
            continue
        if merged and first <= merged[-1][1] + timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def compute_progress(
    *,
    target: Decimal | int,
    actual: Decimal | int,
    period_start: date,
    period_end: date,
    today: date,
    mode: str = "calendar",
    time_off: Iterable[tuple[date, date]] = (),
    holidays: Collection[date] = (),
) -> Progress:
    """Where a goal stands on ``today``. ``target`` must be above zero."""
    target, actual = Decimal(target), Decimal(actual)
    if target <= 0:
        raise ValueError("a goal's target must be above zero")
    time_off = tuple(time_off)

    def count(end: date) -> int:
        return working_days(period_start, end, mode=mode, excluded=time_off, holidays=holidays)

    total = count(period_end)
    elapsed = count(min(today - timedelta(days=1), period_end))
    if total:
        elapsed_share = elapsed / total
        expected = target * elapsed / total
        forecast = actual * total / elapsed if elapsed else actual
    else:  # away for the whole period: nothing to pace against
        elapsed_share = 1.0 if today > period_end else 0.0
        expected = target if today > period_end else Decimal(0)
        forecast = actual
    pace_ratio = float(actual / expected) if expected else None
    remaining = max(target - actual, Decimal(0))
    days_left = total - elapsed
    needed_per_day = remaining / days_left if days_left else None

    return Progress(
        target=target,
        actual=actual,
        elapsed_share=elapsed_share,
        expected_to_date=_cents(expected),
        attainment=float(actual / target),
        pace_ratio=pace_ratio,
        status=_status(actual, target, pace_ratio, today, period_start, period_end),
        forecast=_cents(forecast),
        remaining=remaining,
        needed_per_day=None if needed_per_day is None else _cents(needed_per_day),
        elapsed_days=elapsed,
        total_days=total,
    )


def _status(
    actual: Decimal,
    target: Decimal,
    pace_ratio: float | None,
    today: date,
    period_start: date,
    period_end: date,
) -> str:
    if today < period_start:
        return "not_started"
    if actual >= target:
        return "reached"
    if today > period_end:
        return "missed"
    if pace_ratio is None:  # nothing expected yet: any sale is ahead of a zero bar
        return "ahead" if actual > 0 else "on_track"
    if pace_ratio >= AHEAD_AT:
        return "ahead"
    if pace_ratio >= ON_TRACK_AT:
        return "on_track"
    if pace_ratio >= BEHIND_AT:
        return "behind"
    return "at_risk"


def _cents(value: Decimal) -> Decimal:
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


def progress_bar(ratio: float, width: int = 10) -> str:
    """``▓▓▓▓▓▓░░░░`` for 0.6: block characters that line up on desktop and phone.

    The bar is full only at 100 % or more (it rounds down) and never shows more; say
    over-achievement in the text beside it.
    """
    if width < 1:
        raise ValueError("a progress bar needs a width of at least 1")
    # round() first so 0.29 * 100 (28.999…) still fills 29 cells.
    filled = min(max(math.floor(round(ratio * width, 9)), 0), width)
    return "▓" * filled + "░" * (width - filled)
