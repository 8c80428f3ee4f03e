"""The time, from one place, so tests and the console can move it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo


class Clock:
    """The real time, always timezone-aware UTC."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self, timezone: str) -> date:
        """Today's date where ``timezone`` is (a workspace's or a person's)."""
        return self.now().astimezone(ZoneInfo(timezone)).date()


class FixedClock(Clock):
    """A clock that stands still until moved."""

    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware time")
        self.at = at

    def now(self) -> datetime:
        return self.at.astimezone(UTC)

    def set(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware time")
        self.at = at
