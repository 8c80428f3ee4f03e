"""The evidence's own arithmetic, without a database: the periods the ability step compares."""

from __future__ import annotations

from datetime import date

from salesbot.evidence import periods_back
from salesbot.periods import Period


def test_the_periods_before_are_of_the_same_kind():
    assert [p.key for p in periods_back(Period.of_month(2026, 1), 3)] == ["2026-01", "2025-12", "2025-11"]
    assert [p.key for p in periods_back(Period.of_quarter(2026, 1), 3)] == ["2026-Q1", "2025-Q4", "2025-Q3"]
    assert [p.key for p in periods_back(Period.of_year(2026), 2)] == ["2026", "2025"]
    weeks = periods_back(Period.of_range(date(2026, 11, 9), date(2026, 11, 22)), 3)
    assert [(p.start, p.end) for p in weeks] == [
        (date(2026, 11, 9), date(2026, 11, 22)),
        (date(2026, 10, 26), date(2026, 11, 8)),
        (date(2026, 10, 12), date(2026, 10, 25)),
    ]
