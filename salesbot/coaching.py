"""A coaching plan: when a salesperson's own ability is the cause of a miss (SPEC section 1.4 f),
their manager coaches them — focus areas, check-ins on a cadence until an end date — and records
how it ended. Its states::

    start (form) ──▶ OPEN ──check in──▶ OPEN   (the next check-in per cadence, before the end date)
                      │ ▲
                      │ └──── extended (a new end date)
                      │ record the outcome
                      ├──── improved ─────────────────────────────▶ CLOSED
                      └──── escalated (confirmed first) ──────────▶ CLOSED

Every change of a plan bumps ``version`` and is written only ``WHERE version = seen``; a check-in
is recorded only ``WHERE done_at IS NULL``: a double click or a Slack retry records one.

One open plan per person (the store's unique ``open_key``): a second start shows the open one.

Who may: the person's managers and admins see and change the whole plan, and nobody coaches
themselves; the person sees their own plan's focus areas, check-in dates and agreed next steps,
never the notes or an outcome's details. Anyone else is refused with the same words whether the
person exists or not. Every view, export and change is written to the audit log; an escalation
is never announced and never put in a digest.

The plan's effect (:func:`effect`): the person's weekly revenue in the weeks before the plan and
as many weeks since (at most ``EFFECT_WEEKS``), side by side, and the attainment of their goal
before the plan and since, from storage aggregates.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Protocol

from salesbot.access import Actor
from salesbot.commands import require_mentions
from salesbot.errors import FieldCheck, InvalidInput, PermissionDenied
from salesbot.progress import ProgressStore, evaluate, member_goal
from salesbot.records import GoalRecord, PersonRecord
from salesbot.training import MONTHS, WEEKS, Recurrence, due_on, in_working_hours
from salesbot.workdays import MONDAY_TO_FRIDAY, Workdays

# States.
OPEN, CLOSED = "open", "closed"
# Outcomes, and what an escalation is.
IMPROVED, EXTENDED, ESCALATED = "improved", "extended", "escalated"
OUTCOMES = (IMPROVED, EXTENDED, ESCALATED)
PERFORMANCE_PLAN, SEPARATION = "performance_plan", "separation"
ESCALATIONS = (PERFORMANCE_PLAN, SEPARATION)

FOCUS_AREAS = ("product_knowledge", "needs_analysis", "closing", "follow_up", "pipeline", "pricing")
CADENCES: dict[str, Recurrence] = {
    "weekly": Recurrence(1, WEEKS),
    "biweekly": Recurrence(2, WEEKS),
    "monthly": Recurrence(1, MONTHS),
}
DEFAULT_CADENCE = "biweekly"
FOCUS_NOTE_MAX = 200
NOTES_MAX = 2000
NEXT_STEPS_MAX = 1000
LONGEST = timedelta(days=366)  # a plan longer than a year is not coaching any more
EFFECT_WEEKS = 8
# How far back a goal counts as "before the plan".
GOAL_LOOKBACK = timedelta(days=366)

# Form fields, so each error shows under its own input.
F_PERSON, F_FOCUS, F_FOCUS_NOTE, F_CADENCE = (
    "coach_person",
    "coach_focus",
    "coach_focus_note",
    "coach_cadence",
)
F_FIRST, F_END = "coach_first", "coach_end"
F_NOTES, F_NEXT_STEPS = "coach_notes", "coach_next_steps"
F_OUTCOME, F_NEW_END, F_ESCALATION, F_OUTCOME_NOTE = (
    "coach_outcome",
    "coach_new_end",
    "coach_escalation",
    "coach_outcome_note",
)
F_CONFIRM = "coach_confirm"


# -- what storage gives ------------------------------------------------------------------------


class CoachingPlanRecord(Protocol):
    id: int
    person_id: int
    manager_id: int
    diagnosis_id: int | None
    focus_areas: list
    focus_note: str
    cadence: str
    starts_on: date
    first_check_in: date
    ends_on: date
    state: str
    outcome: str | None
    escalation: str | None
    outcome_note: str
    ended_on: date | None
    version: int
    end_reminded_at: datetime | None


class CheckInRecord(Protocol):
    id: int
    plan_id: int
    number: int
    due_on: date
    done_on: date | None
    notes: str
    next_steps: str
    reminded_at: datetime | None


@dataclass(frozen=True)
class PlanDraft:
    """A plan as the form gives it, checked (``read_plan``)."""

    focus_areas: tuple[str, ...]
    focus_note: str
    cadence: str
    first_check_in: date
    ends_on: date


class CoachingStore(ProgressStore, Protocol):
    def person(self, person_id: int) -> PersonRecord | None: ...
    def coaching_plan(self, plan_id: int) -> CoachingPlanRecord | None: ...
    def open_coaching_plan(self, person_id: int) -> CoachingPlanRecord | None: ...
    def start_coaching_plan(
        self, *, person_id: int, manager_id: int, diagnosis_id: int | None, draft: PlanDraft, starts_on: date
    ) -> tuple[CoachingPlanRecord, bool]: ...
    def coaching_check_ins(self, plan_id: int) -> Sequence[CheckInRecord]: ...
    def coaching_check_in(self, check_in_id: int) -> CheckInRecord | None: ...
    def record_coaching_check_in(
        self,
        check_in: CheckInRecord,
        *,
        notes: str,
        next_steps: str,
        done_by_id: int,
        done_on: date,
        next_number: int | None,
        next_due: date | None,
    ) -> bool: ...
    def change_coaching_plan(
        self, plan: CoachingPlanRecord, *, seen_version: int, **values: object
    ) -> bool: ...
    def schedule_coaching_check_in(self, plan: CoachingPlanRecord, *, number: int, due: date) -> None: ...
    def open_coaching_plans_for(
        self, *, person_ids: Sequence[int], manager_id: int
    ) -> Sequence[CoachingPlanRecord]: ...
    def coaching_weekly_revenue(self, person_id: int, start: date, end: date) -> Mapping[int, Decimal]: ...


@dataclass(frozen=True)
class PlanView:
    """A plan as its reader sees it: the row, its person, its check-ins (oldest first), the
    dates still to come, and whether the reader is the person (who sees less)."""

    plan: CoachingPlanRecord
    person: PersonRecord
    check_ins: Sequence[CheckInRecord]
    upcoming: Sequence[date]
    as_person: bool = False
    created: bool = False
    stale: bool = False

    @property
    def next_check_in(self) -> CheckInRecord | None:
        """The check-in to record next (the earliest not done), if the plan is open."""
        if self.plan.state != OPEN:
            return None
        return next((c for c in self.check_ins if c.done_on is None), None)


@dataclass(frozen=True)
class Effect:
    """The plan's effect: weekly revenue before and since (as many weeks each, oldest first), and
    the attainment of the person's goal before and since (None: no goal)."""

    weeks: int
    before: list[Decimal]
    since: list[Decimal]
    goal_before: GoalRecord | None
    attainment_before: float | None
    goal_since: GoalRecord | None
    attainment_since: float | None

    @property
    def average_before(self) -> Decimal:
        return sum(self.before, Decimal(0)) / self.weeks

    @property
    def average_since(self) -> Decimal:
        return sum(self.since, Decimal(0)) / self.weeks


# -- dates (pure) ------------------------------------------------------------------------------


def check_in_date(plan: CoachingPlanRecord, number: int) -> date:
    """Check-in ``number`` (0 is the first) by the plan's cadence."""
    return due_on(plan.first_check_in, CADENCES[plan.cadence], number)


def next_check_in(plan: CoachingPlanRecord, after_number: int, today: date) -> tuple[int, date] | None:
    """The check-in after ``after_number``: the next by the cadence that falls after ``today``
    (one recorded late does not leave a date in the past), and before the end date; None when
    the plan ends first."""
    number = after_number + 1
    while (day := check_in_date(plan, number)) <= today:
        number += 1
    return (number, day) if day < plan.ends_on else None


def upcoming_dates(plan: CoachingPlanRecord, check_ins: Sequence[CheckInRecord]) -> list[date]:
    """The check-in dates still to come: the open one and those after it by the cadence, before
    the end date (what the person is told)."""
    if plan.state != OPEN:
        return []
    pending = [c for c in check_ins if c.done_on is None]
    if not pending:
        return []
    number = pending[0].number
    found = [pending[0].due_on]
    while len(found) < 60 and (day := check_in_date(plan, number + len(found))) < plan.ends_on:
        found.append(day)
    return found


def check_in_due(
    check_in: CheckInRecord, plan: CoachingPlanRecord, local: datetime, workdays: Workdays = MONDAY_TO_FRIDAY
) -> bool:
    """At ``local`` (the manager's wall time): on or after the check-in's date, in working hours,
    not recorded nor reminded yet, the plan open."""
    return (
        plan.state == OPEN
        and check_in.done_on is None
        and check_in.reminded_at is None
        and local.date() >= check_in.due_on
        and in_working_hours(local, workdays)
    )


def end_due(plan: CoachingPlanRecord, local: datetime, workdays: Workdays = MONDAY_TO_FRIDAY) -> bool:
    """At ``local``: on or after the end date, in working hours, the plan open, not reminded."""
    return (
        plan.state == OPEN
        and plan.end_reminded_at is None
        and local.date() >= plan.ends_on
        and in_working_hours(local, workdays)
    )


def parse_coach(text: str) -> str | None:
    """``[@person]``: the Slack id of the one person named, or None for none."""
    if not text.strip():
        return None
    user_ids, rest = require_mentions(text, usage="coaching.example")
    if len(user_ids) > 1 or rest:
        raise InvalidInput("coaching.one_person", example="coaching.example")
    return user_ids[0]


def open_key(person_id: int) -> str:
    return f"person:{person_id}"


# -- who may -----------------------------------------------------------------------------------


def may_coach(actor: Actor, person: PersonRecord | None) -> bool:
    """The person's managers and admins; nobody coaches themselves."""
    if person is None:
        return False
    if person.id == actor.person_id:
        return False
    return actor.is_admin or person.id in actor.managed_person_ids


def refuse() -> PermissionDenied:
    """The one refusal for anyone else: it names nobody and tells nothing about the person."""
    return PermissionDenied("coaching.denied")


def require_may_coach(actor: Actor, person: PersonRecord | None) -> None:
    if not may_coach(actor, person):
        raise refuse()


# -- reading the forms -------------------------------------------------------------------------


def read_plan(
    *,
    focus_areas: Sequence[str],
    focus_note: str,
    cadence: str | None,
    first_check_in: date | None,
    ends_on: date | None,
    today: date,
    person_missing: bool = False,
) -> PlanDraft:
    """The plan form read whole: every field's error at once (``FieldErrors``)."""
    check = FieldCheck()
    if person_missing:
        check.refuse(F_PERSON, InvalidInput("coaching.person_missing"))
    areas = tuple(area for area in FOCUS_AREAS if area in set(focus_areas))
    note = " ".join(focus_note.split())
    if not areas and not note:
        check.refuse(F_FOCUS, InvalidInput("coaching.focus_missing"))
    if len(note) > FOCUS_NOTE_MAX:
        check.refuse(F_FOCUS_NOTE, InvalidInput("coaching.focus_note_too_long", limit=FOCUS_NOTE_MAX))
    if cadence not in CADENCES:
        check.refuse(F_CADENCE, InvalidInput("coaching.cadence_missing"))
    if first_check_in is None or first_check_in < today:
        check.refuse(F_FIRST, InvalidInput("coaching.first_not_past"))
    if ends_on is None or ends_on <= today:
        check.refuse(F_END, InvalidInput("coaching.end_future"))
    elif first_check_in is not None and ends_on <= first_check_in:
        check.refuse(F_END, InvalidInput("coaching.end_after_first"))
    elif ends_on - today > LONGEST:
        check.refuse(F_END, InvalidInput("coaching.end_too_far"))
    check.done()
    return PlanDraft(areas, note, cadence, first_check_in, ends_on)


def read_check_in(*, notes: str, next_steps: str) -> tuple[str, str]:
    check = FieldCheck()
    notes, next_steps = notes.strip(), next_steps.strip()
    if len(notes) > NOTES_MAX:
        check.refuse(F_NOTES, InvalidInput("coaching.notes_too_long", limit=NOTES_MAX))
    if len(next_steps) > NEXT_STEPS_MAX:
        check.refuse(F_NEXT_STEPS, InvalidInput("coaching.next_steps_too_long", limit=NEXT_STEPS_MAX))
    if not notes and not next_steps:
        check.refuse(F_NEXT_STEPS, InvalidInput("coaching.check_in_empty"))
    check.done()
    return notes, next_steps


@dataclass(frozen=True)
class OutcomeDraft:
    outcome: str
    note: str
    new_end: date | None = None
    escalation: str | None = None


def read_outcome(
    *,
    outcome: str | None,
    note: str,
    new_end: date | None,
    escalation: str | None,
    plan: CoachingPlanRecord,
    today: date,
) -> OutcomeDraft:
    """The outcome form read whole: an extension needs a later end date, an escalation its kind."""
    check = FieldCheck()
    note = note.strip()
    if outcome not in OUTCOMES:
        check.refuse(F_OUTCOME, InvalidInput("coaching.outcome_missing"))
    if len(note) > NOTES_MAX:
        check.refuse(F_OUTCOME_NOTE, InvalidInput("coaching.notes_too_long", limit=NOTES_MAX))
    if outcome == EXTENDED:
        if new_end is None or new_end <= max(today, plan.ends_on):
            check.refuse(F_NEW_END, InvalidInput("coaching.new_end_later"))
        elif new_end - plan.starts_on > LONGEST * 2:
            check.refuse(F_NEW_END, InvalidInput("coaching.end_too_far"))
    if outcome == ESCALATED and escalation not in ESCALATIONS:
        check.refuse(F_ESCALATION, InvalidInput("coaching.escalation_missing"))
    check.done()
    return OutcomeDraft(
        outcome,
        note,
        new_end if outcome == EXTENDED else None,
        escalation if outcome == ESCALATED else None,
    )


# -- use cases ---------------------------------------------------------------------------------


def _audit(store: CoachingStore, actor: Actor, action: str, plan: CoachingPlanRecord, **details) -> None:
    store.audit(
        actor_id=actor.person_id,
        action=action,
        entity="coaching_plan",
        entity_id=plan.id,
        subject=plan.person_id,
        **details,
    )


def view_of(store: CoachingStore, plan: CoachingPlanRecord, **flags: bool) -> PlanView:
    """``plan`` with its person and check-ins (for the scheduler's reminders; not audited)."""
    check_ins = list(store.coaching_check_ins(plan.id))
    return PlanView(
        plan=plan,
        person=store.person(plan.person_id),
        check_ins=check_ins,
        upcoming=upcoming_dates(plan, check_ins),
        **flags,
    )


def open_plan_of(store: CoachingStore, actor: Actor, person: PersonRecord | None) -> PlanView | None:
    """``person``'s open plan (audited as seen), or None; refused to anyone who may not coach them."""
    require_may_coach(actor, person)
    plan = store.open_coaching_plan(person.id)
    if plan is None:
        return None
    _audit(store, actor, "coaching.viewed", plan)
    return view_of(store, plan)


def start(
    store: CoachingStore,
    actor: Actor,
    person: PersonRecord | None,
    draft: PlanDraft,
    *,
    today: date,
    diagnosis_id: int | None = None,
) -> PlanView:
    """Starts ``person``'s plan with its first check-in; when one is open already (two managers
    at once, or a second form), that one, unchanged (``created`` False)."""
    require_may_coach(actor, person)
    plan, created = store.start_coaching_plan(
        person_id=person.id,
        manager_id=actor.person_id,
        diagnosis_id=diagnosis_id,
        draft=draft,
        starts_on=today,
    )
    if created:
        _audit(
            store,
            actor,
            "coaching.started",
            plan,
            focus=list(draft.focus_areas),
            cadence=draft.cadence,
            first_check_in=draft.first_check_in.isoformat(),
            ends_on=draft.ends_on.isoformat(),
            diagnosis=diagnosis_id,
        )
    else:
        _audit(store, actor, "coaching.viewed", plan)
    return view_of(store, plan, created=created)


def _readable(store: CoachingStore, actor: Actor, plan_id: int) -> CoachingPlanRecord:
    plan = store.coaching_plan(plan_id)
    if plan is None:
        raise refuse()
    require_may_coach(actor, store.person(plan.person_id))
    return plan


def show(store: CoachingStore, actor: Actor, plan_id: int) -> PlanView:
    """The whole plan, for the person's managers and admins."""
    plan = _readable(store, actor, plan_id)
    _audit(store, actor, "coaching.viewed", plan)
    return view_of(store, plan)


def my_plan(store: CoachingStore, actor: Actor) -> PlanView | None:
    """The asking person's own open plan, as they see it (no notes, no outcome).

    Not audited: it reveals nothing of anyone else's, and App Home reads it on every open.
    """
    plan = store.open_coaching_plan(actor.person_id)
    if plan is None:
        return None
    return view_of(store, plan, as_person=True)


def check_in_to_record(
    store: CoachingStore, actor: Actor, check_in_id: int
) -> tuple[PlanView, CheckInRecord]:
    """The check-in a Check in button opens the form for, and its plan."""
    check_in = store.coaching_check_in(check_in_id)
    if check_in is None:
        raise refuse()
    plan = _readable(store, actor, check_in.plan_id)
    return view_of(store, plan), check_in


def record_check_in(
    store: CoachingStore,
    actor: Actor,
    check_in_id: int,
    *,
    notes: str,
    next_steps: str,
    today: date,
) -> tuple[PlanView, bool]:
    """Records the check-in and schedules the next by the cadence (until the end date); True
    when this call recorded it, False when it was already (a double click records one)."""
    check_in = store.coaching_check_in(check_in_id)
    if check_in is None:
        raise refuse()
    plan = _readable(store, actor, check_in.plan_id)
    if plan.state != OPEN:
        raise InvalidInput("coaching.closed")
    following = next_check_in(plan, check_in.number, today)
    recorded = check_in.done_on is None and store.record_coaching_check_in(
        check_in,
        notes=notes,
        next_steps=next_steps,
        done_by_id=actor.person_id,
        done_on=today,
        next_number=following[0] if following else None,
        next_due=following[1] if following else None,
    )
    if recorded:
        _audit(
            store,
            actor,
            "coaching.checked_in",
            plan,
            check_in=check_in.id,
            next_check_in=following[1].isoformat() if following else None,
        )
    return view_of(store, store.coaching_plan(plan.id), stale=not recorded), recorded


def require_open(store: CoachingStore, actor: Actor, plan_id: int) -> CoachingPlanRecord:
    """The plan a Record the outcome button opens the form for."""
    plan = _readable(store, actor, plan_id)
    if plan.state != OPEN:
        raise InvalidInput("coaching.closed")
    return plan


def record_outcome(
    store: CoachingStore, actor: Actor, plan_id: int, *, seen_version: int, draft: OutcomeDraft, today: date
) -> PlanView:
    """Improved or escalated closes the plan; extended moves its end date (the end reminder comes
    again then, and check-ins go on by the cadence). Refused when the plan changed since the form
    was opened."""
    plan = require_open(store, actor, plan_id)
    if draft.outcome == EXTENDED:
        values: dict[str, object] = {
            "ends_on": draft.new_end,
            "outcome": EXTENDED,
            "outcome_note": draft.note,
            "end_reminded_at": None,
        }
    else:
        values = {
            "state": CLOSED,
            "open_key": None,
            "outcome": draft.outcome,
            "escalation": draft.escalation,
            "outcome_note": draft.note,
            "ended_on": today,
            "ended_by_id": actor.person_id,
        }
    if plan.version != seen_version or not store.change_coaching_plan(
        plan, seen_version=seen_version, **values
    ):
        raise InvalidInput("coaching.changed")
    plan = store.coaching_plan(plan_id)
    if draft.outcome == EXTENDED:
        pending = [c for c in store.coaching_check_ins(plan.id) if c.done_on is None]
        if not pending:  # the check-ins had run out before the old end date: carry on after it
            done = [c.number for c in store.coaching_check_ins(plan.id)]
            following = next_check_in(plan, max(done, default=-1), today)
            if following is not None:
                store.schedule_coaching_check_in(plan, number=following[0], due=following[1])
        _audit(store, actor, "coaching.extended", plan, ends_on=draft.new_end.isoformat())
    elif draft.outcome == ESCALATED:
        _audit(store, actor, "coaching.escalated", plan, escalation=draft.escalation)
    else:
        _audit(store, actor, "coaching.improved", plan)
    return view_of(store, plan)


def plans_to_export(
    store: CoachingStore,
    actor: Actor,
    plans: Iterable[CoachingPlanRecord],
    check_ins: Mapping[int, Sequence[CheckInRecord]],
) -> Iterator[PlanView]:
    """The plans among ``plans`` ``actor`` may read whole, notes and outcome included: those of
    the people they may coach (never their own). Each is audited as exported when it is read,
    as a plan shown is (``coaching.viewed``)."""
    for plan in plans:
        person = store.person(plan.person_id)
        if not may_coach(actor, person):
            continue
        _audit(store, actor, "coaching.exported", plan)
        found = list(check_ins.get(plan.id, ()))
        yield PlanView(plan=plan, person=person, check_ins=found, upcoming=upcoming_dates(plan, found))


def plans_to_follow(store: CoachingStore, actor: Actor) -> list[PlanView]:
    """The open plans of the people ``actor`` manages, and those they started (App Home)."""
    if not (actor.is_admin or actor.managed_person_ids):
        return []
    found = []
    for plan in store.open_coaching_plans_for(
        person_ids=sorted(actor.managed_person_ids), manager_id=actor.person_id
    ):
        if may_coach(actor, store.person(plan.person_id)):
            found.append(view_of(store, plan))
    return found


# -- the effect ---------------------------------------------------------------------------------


def effect_weeks(starts_on: date, until: date) -> int:
    """As many weeks as the plan has run (the week under way counts), at least one, at most
    ``EFFECT_WEEKS``."""
    return max(1, min(EFFECT_WEEKS, ((until - starts_on).days // 7) + 1))


def _attainment(store: ProgressStore, goal: GoalRecord | None, on: date) -> float | None:
    if goal is None:
        return None
    return float(evaluate(store, [goal], min(on, goal.period_end))[goal.id].attainment)


def effect(store: CoachingStore, plan: CoachingPlanRecord, *, today: date) -> Effect:
    """The weeks before the plan against as many since, from one grouped aggregate, and the
    attainment of the person's goal that ended last before the plan against the one running now
    (or, for a plan ended, on its last day)."""
    until = plan.ended_on or today
    weeks = effect_weeks(plan.starts_on, until)
    first = plan.starts_on - timedelta(weeks=weeks)
    last = min(until, plan.starts_on + timedelta(weeks=weeks) - timedelta(days=1))
    by_week = store.coaching_weekly_revenue(plan.person_id, first, last)
    revenue = [Decimal(by_week.get(week, 0)) for week in range(2 * weeks)]
    before_goals = store.goals_for(
        within=(plan.starts_on - GOAL_LOOKBACK, plan.starts_on - timedelta(days=1)),
        person_ids=[plan.person_id],
    )
    # The goal that ended last before the plan (of several ending that day, the one progress
    # would stand by).
    latest = max((g.period_end for g in before_goals), default=None)
    goal_before = member_goal([g for g in before_goals if g.period_end == latest], today=latest or until)
    since_goals = store.goals_for(covering=until, person_ids=[plan.person_id]) or store.goals_for(
        within=(plan.starts_on, until), person_ids=[plan.person_id]
    )
    goal_since = member_goal(since_goals, today=until)
    return Effect(
        weeks=weeks,
        before=revenue[:weeks],
        since=revenue[weeks:],
        goal_before=goal_before,
        attainment_before=_attainment(store, goal_before, plan.starts_on),
        goal_since=goal_since,
        attainment_since=_attainment(store, goal_since, until),
    )
