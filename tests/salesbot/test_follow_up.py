"""A diagnosis's follow-up: when it is due, which step is the problem, the period compared."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from salesbot import diagnosis as dx
from salesbot.follow_up import is_due, now_period_of, problem_step
from salesbot.periods import Period


@dataclass
class Row:
    state: str = dx.CONCLUDED
    follow_up_on: date | None = date(2026, 12, 2)  # a Wednesday
    follow_up_sent_at: datetime | None = None


def test_due_from_its_date_in_working_hours_once():
    assert not is_due(Row(), datetime(2026, 12, 1, 10, 0))  # the day before
    assert not is_due(Row(), datetime(2026, 12, 2, 8, 59))
    assert is_due(Row(), datetime(2026, 12, 2, 9, 0))
    assert not is_due(Row(), datetime(2026, 12, 2, 16, 0))
    assert is_due(Row(), datetime(2026, 12, 3, 10, 0))  # missed yesterday: today
    assert not is_due(Row(), datetime(2026, 12, 5, 10, 0))  # a Saturday
    assert not is_due(Row(follow_up_sent_at=datetime(2026, 12, 2, 9, 0)), datetime(2026, 12, 2, 10, 0))
    assert not is_due(Row(state=dx.CONCLUDING), datetime(2026, 12, 2, 10, 0))
    assert not is_due(Row(follow_up_on=None), datetime(2026, 12, 2, 10, 0))


def test_the_problem_is_the_first_step_marked_so_in_the_order_of_the_process():
    assert problem_step({"training": dx.PROBLEM, "price": dx.PROBLEM, "product": dx.RULED_OUT}) == "price"
    assert problem_step({"product": dx.RULED_OUT, "price": dx.ASK_DEPARTMENT}) is None


def test_now_is_the_period_of_the_same_kind_running_today():
    assert now_period_of(Period.of_month(2026, 11), date(2026, 12, 2)) == Period.of_month(2026, 12)
    assert now_period_of(Period.of_quarter(2026, 4), date(2026, 12, 2)) == Period.of_quarter(2026, 4)
    days = Period.of_range(date(2026, 11, 2), date(2026, 11, 13))
    assert now_period_of(days, date(2026, 12, 2)) == days
