"""The rows the domain reads and changes, described by what it uses of them.

The domain never imports the storage layer: its functions take a store typed by a small
``Protocol`` in their own module (``goals.GoalStore``, ``sales.SaleStore``…) naming the store
methods that module calls, and the rows those methods return are described here, structurally,
by the attributes the domain reads or sets. ``storage.models``' tables have them all (checked by
tests/salesbot/test_boundaries.py), and so does any plain object a test's fake store hands out.

A row here is a stored one: its ``id`` is set. Every change is written to the workspace's
audit trail (``AuditTrail``), with what changed (``changed_values``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol


class WorkspaceRecord(Protocol):
    id: int
    currency: str
    locale: str
    timezone: str
    timezone_confirmed: bool
    default_period_kind: str
    pacing: str
    holiday_country: str | None
    year_end_eves_off: bool
    announcement_channel: str | None
    production_contact: str | None
    customer_service_contact: str | None
    marketing_contact: str | None
    feedback_scale: str


class PersonRecord(Protocol):
    id: int
    slack_user_id: str
    name: str
    timezone: str | None
    slack_locale: str | None
    language: str | None
    is_slack_admin: bool
    is_slack_owner: bool
    is_bot: bool
    deleted: bool
    role: str
    public_ranking: bool
    diagnosis_suggestions: bool
    refreshed_at: datetime


class TeamRecord(Protocol):
    id: int
    name: str
    channel_id: str | None


class MembershipRecord(Protocol):
    """A person in a team as a member or as one of its managers."""

    team_id: int
    person_id: int
    role: str


class ProductRecord(Protocol):
    id: int
    name: str
    active: bool
    list_price: Decimal | None


class GoalRecord(Protocol):
    id: int
    scope: str
    person_id: int | None
    team_id: int | None
    metric: str
    period_kind: str
    period_key: str
    period_start: date
    period_end: date
    product_id: int | None
    target: Decimal
    goal_key: str
    status: str
    created_by_id: int | None


class GoalRevisionRecord(Protocol):
    id: int
    goal_id: int
    old_target: Decimal
    new_target: Decimal
    reason_category: str
    reason_text: str
    revised_by_id: int | None


class SaleRecord(Protocol):
    id: int
    person_id: int
    product_id: int | None
    customer: str
    segment_id: int | None
    amount: Decimal
    units: int
    ordered_on: date
    promised_on: date | None
    delivered_on: date | None
    followed_up_on: date | None
    lost_on: date | None
    lost_reason: str | None
    lost_note: str


class TimeOffRecord(Protocol):
    id: int
    person_id: int
    start: date
    end: date


class DigestScheduleRecord(Protocol):
    id: int
    kind: str
    channel_id: str | None
    scope: str
    team_id: int | None
    person_id: int | None
    cadence: str
    weekday: int | None
    day_of_month: int | None
    period_kind: str | None
    local_time: str
    timezone: str | None
    sections: list
    top_n: int
    paused: bool
    owner_id: int | None
    last_occurrence: str | None
    app_id: str | None


class TrainingItemRecord(Protocol):
    id: int
    title: str
    content: str
    topic: str
    product_id: int | None
    minutes: int | None
    active: bool


class TrainingAssignmentRecord(Protocol):
    """An item assigned to a person or a team (one of ``person_id``, ``team_id``)."""

    id: int
    item_id: int
    person_id: int | None
    team_id: int | None
    first_due: date
    every: int | None
    unit: str | None
    active: bool
    created_at: datetime


class TrainingCompletionRecord(Protocol):
    assignment_id: int
    person_id: int
    occurrence: int
    due_on: date
    completed_on: date


class InWorkspace(Protocol):
    """A store is bound to one workspace, whose settings the domain reads."""

    workspace: WorkspaceRecord


class FeedbackRecord(Protocol):
    """One customer's answer (``storage.models.Feedback``)."""

    id: int
    scale: str
    score: int
    stage: str
    comment: str
    customer: str
    person_id: int | None
    product_id: int | None
    sale_id: int | None
    source: str
    request_id: int | None
    voter: str | None
    link_id: int | None
    permalink: str
    given_on: date
    created_by_id: int | None


class FeedbackRequestRecord(Protocol):
    """A rating message posted in a channel (``storage.models.FeedbackRequest``)."""

    id: int
    channel_id: str
    message_ts: str | None
    scale: str
    stage: str
    person_id: int | None
    product_id: int | None
    sale_id: int | None
    customer: str
    question: str


class FeedbackLinkRecord(Protocol):
    """A link to the feedback page (``storage.models.FeedbackLink``); the token is not kept."""

    id: int
    token_hash: str
    scale: str
    stage: str
    person_id: int | None
    product_id: int | None
    sale_id: int | None
    customer: str
    expires_at: datetime
    used_at: datetime | None
    created_by_id: int | None


class AuditTrail(Protocol):
    """Every change the domain makes is written to the workspace's audit log."""

    def audit(
        self,
        *,
        actor_id: int | None,
        action: str,
        entity: str,
        entity_id: int | None = None,
        **details: object,
    ) -> None: ...


class GoalFinder(Protocol):
    """Finding goals by the dates they cover or by what they are about: goals, teams and
    progress all ask this of the store."""

    def goals_overlapping(
        self,
        start: date,
        end: date,
        *,
        person_ids: Collection[int] | None = None,
        team_ids: Collection[int] | None = None,
        include_company: bool = True,
        limit: int | None = None,
    ) -> Sequence[GoalRecord]: ...
    def count_goals_overlapping(
        self,
        start: date,
        end: date,
        *,
        person_ids: Collection[int] | None = None,
        team_ids: Collection[int] | None = None,
        include_company: bool = True,
    ) -> int: ...
    def goals_of_subject(
        self,
        scope: str,
        subject_id: int | None,
        *,
        start: date | None = None,
        end: date | None = None,
        limit: int = 10,
    ) -> Sequence[GoalRecord]: ...


def changed_values(before: Mapping[str, object], after: Mapping[str, object]) -> dict[str, list[object]]:
    """What the audit log keeps of a change: each value that differs, as [before, after]."""
    return {key: [before[key], after[key]] for key in after if before[key] != after[key]}


# The person a Slack user id names, made from their Slack profile when salesbot does not know
# them yet (the handlers ask Slack); NotFound when Slack does not know them either.
PersonFinder = Callable[[str], PersonRecord]


class TechniqueRecord(Protocol):
    """A selling technique on the workspace's list (``storage.models.Technique``)."""

    id: int
    key: str
    label: str
    active: bool


class SegmentRecord(Protocol):
    """A customer segment on the workspace's list (``storage.models.Segment``)."""

    id: int
    key: str
    label: str
    active: bool


class WinStoryRecord(Protocol):
    """What worked in one sale (``storage.models.WinStory``)."""

    id: int
    sale_id: int
    person_id: int
    note: str
    created_by_id: int | None
