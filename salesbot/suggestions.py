"""salesbot suggests a diagnosis (issue 13): when a goal ends missed, or a person's goal is at
risk with a third of its period or less left, their manager gets one DM naming who and by how
much, with Diagnose (``salesbot.diagnosis``) beside each.

What is suggested (``reason_for``):

- ``missed``: a person's or a team's goal closed as missed at its period's end
  (``progress.close_ended_goals``, run here first, so a goal nobody looked at is closed too),
  within ``MISSED_WITHIN_DAYS`` of that end: a new install, or a long downtime, does not dig up
  old misses;
- ``at_risk``: a person's goal running today whose status is at risk (``salesbot.pacing``) with a
  third of its working days or less left. A team's pace is seen in its members' (a team
  diagnosis lists them), so a team is suggested only once its goal is missed;
- never a company goal (there is no subject to diagnose), a deleted person's, nor a goal whose
  subject already has a diagnosis for its period, open or concluded: it is being looked at.

Whom (``recipients_of``): the subject's managers — a person's are the managers of the teams they
are a member of, a team's its own managers. With none (a person in no team, a team without a
manager), the workspace's admins, as a low customer score is told; nobody is told of their own
goal. A manager who turned suggestions off in their preferences is not told, and nobody is
told in their place.

Once: each (goal, reason, manager) is claimed in a unique row before the DM goes out, so retries,
restarts and several scheduler processes send it once. The claim is per manager so that each
hears of it in their own working hours (``salesbot.training.in_working_hours``: never at night,
on a weekend or a public holiday); a manager's suggestions due in one tick go in one DM
(``by_recipient``), never a DM per goal.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Protocol

from salesbot.goals import Subject, goal_period
from salesbot.pacing import Progress
from salesbot.periods import Period
from salesbot.progress import ProgressStore, close_ended_goals, evaluate
from salesbot.records import GoalRecord, PersonRecord, TeamRecord

MISSED, AT_RISK = "missed", "at_risk"
REASONS = (MISSED, AT_RISK)
# At risk is suggested once at most 1/AT_RISK_PART of the period's working days is left (a third).
AT_RISK_PART = 3
# A goal missed longer ago than this is not suggested any more.
MISSED_WITHIN_DAYS = 14

ClaimKey = tuple[int, str, int]  # goal id, reason, the manager's person id


class ClosedGoalRecord(GoalRecord, Protocol):
    actual_at_close: Decimal | None


class SuggestionStore(ProgressStore, Protocol):
    def suggestable_goals(self, *, today: date, missed_since: date) -> Sequence[ClosedGoalRecord]: ...
    def diagnosed_subjects(self, period_keys: Collection[str]) -> set[tuple[str, int, str]]: ...
    def suggestions_claimed(self, goal_ids: Collection[int]) -> set[ClaimKey]: ...
    def managers_of(self, person_id: int) -> Sequence[PersonRecord]: ...
    def team_managers(self, team_id: int) -> Sequence[PersonRecord]: ...
    def admin_people(self, configured_admins: Collection[str]) -> Sequence[PersonRecord]: ...
    def person(self, person_id: int) -> PersonRecord | None: ...
    def team_by_id(self, team_id: int) -> TeamRecord | None: ...


@dataclass(frozen=True)
class Suggestion:
    """One goal to suggest, to ``recipients`` (those not told of it for this reason yet)."""

    goal: GoalRecord
    reason: str
    subject: Subject
    period: Period
    attainment: float  # actual / target
    shortfall: Decimal  # still to sell (at risk) or missing at the end (missed), in the goal's metric
    days_left: int | None  # at risk: the working days left in the period
    product: str | None
    recipients: tuple[PersonRecord, ...]

    def key(self, recipient: PersonRecord) -> ClaimKey:
        return (self.goal.id, self.reason, recipient.id)


def little_left(progress: Progress) -> bool:
    """A third of the period's working days or less is left (counted as pacing counts them)."""
    left = progress.total_days - progress.elapsed_days
    return left * AT_RISK_PART <= progress.total_days


def reason_for(goal: GoalRecord, progress: Progress | None) -> str | None:
    """Why ``goal`` is worth a diagnosis now, if it is: ``MISSED`` or ``AT_RISK``."""
    if goal.scope not in ("person", "team"):
        return None
    if goal.status == MISSED:
        return MISSED
    if (
        goal.scope == "person"
        and goal.status == "open"
        and progress is not None
        and progress.status == AT_RISK
        and little_left(progress)
    ):
        return AT_RISK
    return None


def _may_hear(person: PersonRecord) -> bool:
    return not person.deleted and not person.is_bot


def recipients_of(
    store: SuggestionStore, subject: Subject, *, admins: Sequence[PersonRecord]
) -> list[PersonRecord]:
    """The subject's managers who want suggestions; the admins when the subject has no manager."""
    if subject.scope == "person":
        managers = [m for m in store.managers_of(subject.person.id) if _may_hear(m)]
    else:
        managers = [m for m in store.team_managers(subject.team.id) if _may_hear(m)]
    told = managers or [a for a in admins if _may_hear(a)]
    own = subject.person.id if subject.scope == "person" else None
    return [p for p in told if p.id != own and p.diagnosis_suggestions]


def suggestions_due(
    store: SuggestionStore, today: date, *, configured_admins: Collection[str] = ()
) -> list[Suggestion]:
    """The suggestions to make on ``today`` (the workspace's date), each with the managers not
    told of it yet. When to send each manager theirs is theirs to say (``in_working_hours``)."""
    close_ended_goals(store, today)
    goals = list(
        store.suggestable_goals(today=today, missed_since=today - timedelta(days=MISSED_WITHIN_DAYS))
    )
    if not goals:
        return []
    running = [g for g in goals if g.scope == "person" and g.status == "open"]
    progress = evaluate(store, running, today) if running else {}
    diagnosed = store.diagnosed_subjects({g.period_key for g in goals})
    claimed = store.suggestions_claimed([g.id for g in goals])
    products = {p.id: p.name for p in store.products(include_retired=True)}
    admins: list[PersonRecord] | None = None
    found = []
    for goal in goals:
        reason = reason_for(goal, progress.get(goal.id))
        subject_id = goal.person_id if goal.scope == "person" else goal.team_id
        if reason is None or (goal.scope, subject_id, goal.period_key) in diagnosed:
            continue
        if goal.scope == "person":
            person = store.person(goal.person_id)
            if person is None or not _may_hear(person):
                continue
            subject = Subject("person", person=person)
        else:
            team = store.team_by_id(goal.team_id)
            if team is None:
                continue
            subject = Subject("team", team=team)
        if admins is None:
            admins = list(store.admin_people(configured_admins))
        recipients = tuple(
            p for p in recipients_of(store, subject, admins=admins) if (goal.id, reason, p.id) not in claimed
        )
        if not recipients:
            continue
        if reason == MISSED:
            actual = goal.actual_at_close if goal.actual_at_close is not None else Decimal(0)
            attainment, shortfall, days_left = float(actual / goal.target), goal.target - actual, None
        else:
            now = progress[goal.id]
            attainment, shortfall = now.attainment, now.remaining
            days_left = now.total_days - now.elapsed_days
        found.append(
            Suggestion(
                goal=goal,
                reason=reason,
                subject=subject,
                period=goal_period(goal),
                attainment=attainment,
                shortfall=max(shortfall, Decimal(0)),
                days_left=days_left,
                product=products.get(goal.product_id) if goal.product_id else None,
                recipients=recipients,
            )
        )
    return found


def by_recipient(
    suggestions: Iterable[Suggestion],
) -> dict[int, tuple[PersonRecord, list[Suggestion]]]:
    """Each manager's suggestions, missed before at risk, the furthest behind first: one DM each."""
    found: dict[int, tuple[PersonRecord, list[Suggestion]]] = {}
    for suggestion in suggestions:
        for person in suggestion.recipients:
            found.setdefault(person.id, (person, []))[1].append(suggestion)
    for _, theirs in found.values():
        theirs.sort(key=lambda s: (REASONS.index(s.reason), s.attainment, s.goal.id))
    return found


def claimed_only(
    suggestions: Sequence[Suggestion], recipient: PersonRecord, claimed: Mapping[ClaimKey, object]
) -> list[Suggestion]:
    """Of a manager's suggestions, those whose claim went in (another runner has the rest)."""
    return [s for s in suggestions if s.key(recipient) in claimed]
