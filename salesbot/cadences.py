"""Digest cadences and when their occurrences fall, in any timezone and through daylight saving.

A schedule posts at a local wall-clock time in its timezone: 09:00 in Europe/Oslo is 09:00 in
winter and in summer. Two wall times need a rule, on the nights the clocks change:

- a time that does not exist (the spring gap, 02:30 when clocks jump from 02:00 to 03:00) is
  posted at the first valid moment after it: the instant the clocks jump (03:00 local);
- a time that happens twice (the autumn fold, 02:30 when clocks go back) is posted once, at
  the first of the two.

An occurrence is named by its scheduled local wall time (``2026-10-25T02:30``), whatever
instant it is posted at; the runner records occurrences under that key, so the fold's second
02:30 is the same occurrence as the first, and a digest is never posted twice.

Working days (``weekdays``, the last working day of a month or a period) are Monday to Friday
less the workspace's holidays (``salesbot.workdays``): a ``Workdays`` passed in, Monday to
Friday when none is. Pure: no Slack, no SQL, no clock of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from salesbot.errors import InvalidInput
from salesbot.periods import Period, current_period
from salesbot.workdays import MONDAY_TO_FRIDAY, Workdays

CADENCES = ("daily", "weekdays", "weekly", "monthly", "last_working_day", "period_end")
PERIOD_KINDS = ("month", "quarter", "year")
# How far back an occurrence is looked for: a year-end digest is at most a year ago.
_LOOK_BACK_DAYS = 370
KEY_FORMAT = "%Y-%m-%dT%H:%M"


@dataclass(frozen=True)
class Cadence:
    """How often a digest is posted.

    ``weekday`` (0 = Monday) is the day of a weekly digest; ``day`` (1–31) the day of the month
    of a monthly one, a shorter month using its last day; ``period_kind`` the period whose last
    working day a ``period_end`` digest is posted on.
    """

    kind: str
    weekday: int | None = None
    day: int | None = None
    period_kind: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in CADENCES:
            raise ValueError(f"unknown cadence {self.kind!r}")
        if self.kind == "weekly" and (self.weekday is None or not 0 <= self.weekday <= 6):
            raise ValueError("a weekly cadence needs a weekday 0-6")
        if self.kind == "monthly" and (self.day is None or not 1 <= self.day <= 31):
            raise ValueError("a monthly cadence needs a day 1-31")
        if self.kind == "period_end" and self.period_kind not in PERIOD_KINDS:
            raise ValueError("a period-end cadence needs a period kind (month, quarter or year)")

    def occurs_on(self, day: date, workdays: Workdays = MONDAY_TO_FRIDAY) -> bool:
        if self.kind == "daily":
            return True
        if self.kind == "weekdays":
            return workdays.is_working_day(day)
        if self.kind == "weekly":
            return day.weekday() == self.weekday
        if self.kind == "monthly":
            last = Period.of_month(day.year, day.month).end.day
            return day.day == min(self.day, last)
        if self.kind == "last_working_day":
            return day == last_working_day(Period.of_month(day.year, day.month), workdays)
        return day == last_working_day(current_period(self.period_kind, day), workdays)


@dataclass(frozen=True)
class Occurrence:
    """One scheduled posting: its local wall time (naive) and the UTC instant it is due."""

    local: datetime
    due_at: datetime

    @property
    def key(self) -> str:
        return self.local.strftime(KEY_FORMAT)

    @property
    def day(self) -> date:
        """The local date the digest reports on."""
        return self.local.date()


def last_working_day(period: Period, workdays: Workdays = MONDAY_TO_FRIDAY) -> date:
    """The period's last working day (its first day, should it have none)."""
    day = period.end
    while not workdays.is_working_day(day) and day > period.start:
        day -= timedelta(days=1)
    return day


def zone(name: str) -> ZoneInfo:
    """The timezone called ``name``; ValueError when there is none."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown timezone {name!r}") from None


def is_timezone(name: str | None) -> bool:
    return bool(name) and name in available_timezones()


def due_instant(local: datetime, tz: ZoneInfo) -> datetime:
    """The UTC instant a local wall time ``local`` (naive) is due in ``tz``.

    The first of two instants in the autumn fold; the moment clocks jump when ``local`` falls
    in the spring gap.
    """
    first = local.replace(tzinfo=tz, fold=0).astimezone(UTC)
    if first.astimezone(tz).replace(tzinfo=None) == local:
        return first  # exists (and fold=0 is the earlier of two)
    # In the gap, fold=0 reads the wall time with the offset from before the jump, which lands
    # after it, and fold=1 with the offset after, which lands before: the jump lies between.
    before = local.replace(tzinfo=tz, fold=1).astimezone(UTC)
    after = first
    new_offset = after.astimezone(tz).utcoffset()
    while after - before > timedelta(seconds=1):
        middle = before + (after - before) / 2
        if middle.astimezone(tz).utcoffset() == new_offset:
            after = middle
        else:
            before = middle
    return after.replace(microsecond=0)


def _occurrence(cadence_at: time, day: date, tz: ZoneInfo) -> Occurrence:
    local = datetime.combine(day, cadence_at)
    return Occurrence(local=local, due_at=due_instant(local, tz))


def latest_occurrence(
    cadence: Cadence, at: time, tz: str, now: datetime, workdays: Workdays = MONDAY_TO_FRIDAY
) -> Occurrence | None:
    """The last occurrence due at or before ``now`` (aware), or None in the past year."""
    zone_info = zone(tz)
    day = now.astimezone(zone_info).date()
    for _ in range(_LOOK_BACK_DAYS):
        if cadence.occurs_on(day, workdays):
            occurrence = _occurrence(at, day, zone_info)
            if occurrence.due_at <= now:
                return occurrence
        day -= timedelta(days=1)
    return None


def next_occurrence(
    cadence: Cadence, at: time, tz: str, after: datetime, workdays: Workdays = MONDAY_TO_FRIDAY
) -> Occurrence:
    """The first occurrence due strictly after ``after`` (aware)."""
    zone_info = zone(tz)
    day = after.astimezone(zone_info).date() - timedelta(days=1)
    for _ in range(_LOOK_BACK_DAYS + 2):
        if cadence.occurs_on(day, workdays):
            occurrence = _occurrence(at, day, zone_info)
            if occurrence.due_at > after:
                return occurrence
        day += timedelta(days=1)
    raise AssertionError("every cadence occurs at least once a year")  # pragma: no cover


def upcoming(
    cadence: Cadence, at: time, tz: str, after: datetime, count: int, workdays: Workdays = MONDAY_TO_FRIDAY
) -> list[Occurrence]:
    """The next ``count`` occurrences after ``after``."""
    found: list[Occurrence] = []
    for _ in range(count):
        after = next_occurrence(cadence, at, tz, after, workdays)
        found.append(after)
        after = after.due_at
    return found


_TIME = re.compile(r"(?:kl\.?\s*)?(\d{1,2})(?:[:.]?(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?")


def parse_time(text: str) -> time:
    """``09:00``, ``9``, ``9.30``, ``0930``, ``kl 9``, ``9am``, ``5:30 pm`` → a wall-clock time."""
    cleaned = " ".join(text.casefold().split())
    match = _TIME.fullmatch(cleaned)
    if match:
        hour, minute = int(match[1]), int(match[2] or 0)
        suffix = (match[3] or "").replace(".", "")
        if suffix and not 1 <= hour <= 12:
            match = None
        elif suffix:
            hour = hour % 12 + (12 if suffix == "pm" else 0)
    if not match or not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise InvalidInput("digest.time_invalid", example="digest.time_example", text=text.strip())
    return time(hour, minute)


def time_text(at: time) -> str:
    return at.strftime("%H:%M")


def parse_stored_time(text: str) -> time:
    """A schedule's stored ``HH:MM``."""
    return time.fromisoformat(text)
