"""A concluded diagnosis's follow-up (SPEC section 1.4): on its follow-up date the manager who
concluded it is reminded of the subject, the root cause, the actions and their owners, and shown
what changed since: the subject's attainment and, for the step marked as the problem, its
evidence figures — then (kept at the conclusion, ``take_snapshot``) and now.

"Now" is the period of the diagnosis's kind running on the day of the reminder (a diagnosis of
November followed up in December compares with December); a range of days is compared with itself.

When: from the follow-up date, in the manager's working hours on a working day in their own
timezone (``salesbot.training.in_working_hours``, as training reminders), sent once — the
scheduler claims each with a conditional UPDATE before it sends.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol

from salesbot import diagnosis as dx
from salesbot.evidence import STEPS, EvidenceStore, Figure, step_evidence
from salesbot.goals import Subject
from salesbot.periods import Period, current_period
from salesbot.progress import ProgressStore, evaluate, member_goal
from salesbot.training import in_working_hours
from salesbot.workdays import MONDAY_TO_FRIDAY, Workdays


class FollowUpStore(dx.DiagnosisStore, EvidenceStore, ProgressStore, Protocol):
    pass


@dataclass(frozen=True)
class FollowUp:
    """What the follow-up reminder says."""

    diagnosis: dx.DiagnosisRecord
    subject: Subject
    period: Period  # the diagnosis's
    now_period: Period  # the one compared with it
    actions: Sequence[dx.DiagnosisActionRecord]
    attainment_then: float | None
    attainment_now: float | None
    step: str | None  # the step marked as the problem (None: none was)
    then: list[Figure]
    now: list[Figure]


def problem_step(marks: Mapping[str, str]) -> str | None:
    """The first step, in the order of the process, marked as the problem."""
    return next((step for step in STEPS if marks.get(step) == dx.PROBLEM), None)


def subject_attainment(
    store: ProgressStore, subject: Subject, period: Period, *, today: date
) -> float | None:
    """The subject's attainment of its goal within ``period`` (the one progress would stand by:
    ``progress.member_goal``), or None without one."""
    goals = store.goals_for(
        within=(period.start, period.end),
        person_ids=[subject.person.id] if subject.scope == "person" else [],
        team_ids=[subject.team.id] if subject.scope == "team" else [],
    )
    goal = member_goal(goals, today=today)
    if goal is None:
        return None
    return float(evaluate(store, [goal], today)[goal.id].attainment)


def _number(value) -> str | None:
    return None if value is None else str(value)


def take_snapshot(
    store: FollowUpStore, subject: Subject, period: Period, marks: Mapping[str, str], *, today: date
) -> dict:
    """The figures kept at the conclusion (JSON): the attainment, the problem step and its figures."""
    step = problem_step(marks)
    figures = step_evidence(store, subject, period, step, today=today).figures if step else []
    return {
        "attainment": subject_attainment(store, subject, period, today=today),
        "step": step,
        "figures": [
            {
                "key": f.key,
                "unit": f.unit,
                "subject": _number(f.subject),
                "others": _number(f.others),
                "subject_records": f.subject_records,
                "others_records": f.others_records,
                "params": dict(f.params),
            }
            for f in figures
        ],
    }


def snapshot_of(store: FollowUpStore, diagnosis: dx.DiagnosisRecord, *, today: date) -> dict:
    """``take_snapshot`` of a diagnosis about to be concluded, from its marks."""
    marks = {row.step: row.mark for row in store.diagnosis_steps(diagnosis.id)}
    period = Period.from_key(diagnosis.period_key)
    return take_snapshot(store, dx.subject_of(store, diagnosis), period, marks, today=today)


def _figure(data: Mapping) -> Figure:
    def number(value):
        return None if value is None else Decimal(value)

    return Figure(
        key=data["key"],
        unit=data["unit"],
        subject=number(data.get("subject")),
        others=number(data.get("others")),
        subject_records=int(data.get("subject_records") or 0),
        others_records=int(data.get("others_records") or 0),
        params=dict(data.get("params") or {}),
    )


def is_due(diagnosis: dx.DiagnosisRecord, local: datetime, workdays: Workdays = MONDAY_TO_FRIDAY) -> bool:
    """At ``local`` (the manager's wall time): on or after the follow-up date, in working hours,
    not sent yet."""
    return (
        diagnosis.state == dx.CONCLUDED
        and diagnosis.follow_up_on is not None
        and diagnosis.follow_up_sent_at is None
        and local.date() >= diagnosis.follow_up_on
        and in_working_hours(local, workdays)
    )


def now_period_of(period: Period, today: date) -> Period:
    return period if period.kind == "range" else current_period(period.kind, today)


def follow_up(store: FollowUpStore, diagnosis: dx.DiagnosisRecord, *, today: date) -> FollowUp:
    """What changed since the conclusion, for the reminder."""
    subject = dx.subject_of(store, diagnosis)
    period = Period.from_key(diagnosis.period_key)
    now_period = now_period_of(period, today)
    snapshot = diagnosis.concluded_figures or {}
    step = snapshot.get("step")
    now = step_evidence(store, subject, now_period, step, today=today).figures if step else []
    return FollowUp(
        diagnosis=diagnosis,
        subject=subject,
        period=period,
        now_period=now_period,
        actions=store.diagnosis_actions(diagnosis.id),
        attainment_then=snapshot.get("attainment"),
        attainment_now=subject_attainment(store, subject, now_period, today=today),
        step=step,
        then=[_figure(f) for f in snapshot.get("figures", [])],
        now=now,
    )
