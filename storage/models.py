"""SQLModel tables. Every row except a workspace's own belongs to exactly one workspace."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import JSON, Column, DateTime, Index, Numeric, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


def _timestamp(**kwargs) -> Field:
    return Field(
        default_factory=utcnow,
        sa_type=DateTime(timezone=True),
        nullable=False,
        **kwargs,
    )


class Workspace(SQLModel, table=True):
    """One Slack team (an Enterprise Grid org install has one row per team id)."""

    id: int | None = Field(default=None, primary_key=True)
    slack_team_id: str = Field(max_length=32, unique=True)
    enterprise_id: str | None = Field(default=None, max_length=32)
    name: str = Field(default="", max_length=200)
    currency: str = Field(default="NOK", max_length=3)
    locale: str = Field(default="en", max_length=5)
    timezone: str = Field(default="UTC", max_length=64)
    # Set once the timezone has been taken from the first admin or chosen in settings.
    timezone_confirmed: bool = False
    default_period_kind: str = Field(default="month", max_length=10)
    # Pacing counts calendar days or business days (Monday–Friday, less holidays).
    pacing: str = Field(default="calendar", max_length=10)
    # Whose public holidays are not working days: an ISO country code, or "none"; None until an
    # admin picks one, which means the timezone's country (salesbot.workdays).
    holiday_country: str | None = Field(default=None, max_length=8)
    # 24 and 31 December are days off, as at most Norwegian workplaces.
    year_end_eves_off: bool = True
    announcement_channel: str | None = Field(default=None, max_length=32)
    production_contact: str | None = Field(default=None, max_length=32)
    customer_service_contact: str | None = Field(default=None, max_length=32)
    marketing_contact: str | None = Field(default=None, max_length=32)
    # How customers score: "csat" (1–5) or "nps" (0–10); see salesbot.feedback.
    feedback_scale: str = Field(default="csat", max_length=4)
    # Recognition (salesbot.recognition): the attainments celebrated beyond 100 % (percent,
    # ascending), how many top performers a period's announcement names and the least
    # attainment (percent) to be named; kudos one person may give a day (salesbot.kudos).
    celebration_thresholds: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    recognition_top_n: int = 5
    recognition_min_attainment: int = 100
    kudos_daily_limit: int = 5
    # When Slack told salesbot it was uninstalled (app_uninstalled, tokens_revoked); None while
    # installed. Its data is deleted once SALESBOT_UNINSTALL_GRACE_DAYS have passed, unless it is
    # installed again first (storage/installations.py).
    uninstalled_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True), index=True)
    created_at: datetime = _timestamp()
    updated_at: datetime = _timestamp()


class Person(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("workspace_id", "slack_user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True, ondelete="CASCADE")
    slack_user_id: str = Field(max_length=32)
    name: str = Field(default="", max_length=200)
    timezone: str | None = Field(default=None, max_length=64)
    slack_locale: str | None = Field(default=None, max_length=16)
    # The person's own language choice in salesbot, overriding their Slack locale.
    language: str | None = Field(default=None, max_length=5)
    is_slack_admin: bool = False
    is_slack_owner: bool = False
    is_bot: bool = False
    deleted: bool = False
    role: str = Field(default="rep", max_length=10)
    public_ranking: bool = True
    # A manager's DM suggesting a diagnosis when a goal is missed or at risk (salesbot.suggestions).
    diagnosis_suggestions: bool = True
    refreshed_at: datetime = _timestamp()
    created_at: datetime = _timestamp()


class Team(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("workspace_id", "name_key"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=80)
    # Lower-cased name: team names are unique regardless of case.
    name_key: str = Field(max_length=80)
    slack_usergroup_id: str | None = Field(default=None, max_length=32)
    channel_id: str | None = Field(default=None, max_length=32)
    created_at: datetime = _timestamp()


class TeamMembership(SQLModel, table=True):
    """A person in a team as a member or as one of its managers (a manager need not be a member)."""

    __tablename__ = "team_membership"
    __table_args__ = (UniqueConstraint("team_id", "person_id", "role"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True, ondelete="CASCADE")
    team_id: int = Field(foreign_key="team.id", index=True, ondelete="CASCADE")
    person_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    role: str = Field(max_length=10)  # "member" | "manager"
    created_at: datetime = _timestamp()


class Product(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("workspace_id", "name_key"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=120)
    name_key: str = Field(max_length=120)
    list_price: Decimal | None = Field(default=None, sa_type=Numeric(14, 2))
    active: bool = True
    created_at: datetime = _timestamp()


class AuditEntry(SQLModel, table=True):
    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True, ondelete="CASCADE")
    actor_person_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    action: str = Field(max_length=64)
    entity: str = Field(max_length=32)
    entity_id: int | None = None
    details: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = _timestamp(index=True)


class Goal(SQLModel, table=True):
    """A target for a person, a team or the company over a period; revisions keep its history."""

    __table_args__ = (
        UniqueConstraint("workspace_id", "goal_key"),
        Index("ix_goal_workspace_period", "workspace_id", "period_start", "period_end"),
    )

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", ondelete="CASCADE")
    scope: str = Field(max_length=10)  # company | team | person
    team_id: int | None = Field(default=None, foreign_key="team.id", index=True, ondelete="CASCADE")
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True, ondelete="CASCADE")
    metric: str = Field(max_length=10)  # revenue | units | deals
    period_kind: str = Field(max_length=10)  # month | quarter | year | range
    period_key: str = Field(max_length=32)  # 2026-11, 2026-Q4, 2026, 2026-11-03..2026-12-15
    period_start: date
    period_end: date  # inclusive
    product_id: int | None = Field(default=None, foreign_key="product.id", ondelete="SET NULL")
    target: Decimal = Field(sa_type=Numeric(16, 2))
    # What makes a goal "the same goal": scope, subject, metric, period and product. A second
    # goal with the same key is a revision. (NULLs never collide in a unique index, hence a key.)
    goal_key: str = Field(max_length=120)
    status: str = Field(default="open", max_length=10)  # open | reached | missed
    actual_at_close: Decimal | None = Field(default=None, sa_type=Numeric(16, 2))
    closed_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    created_by_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    created_at: datetime = _timestamp()
    updated_at: datetime = _timestamp()


# -- goals discussed with staff --


class GoalAck(SQLModel, table=True):
    """Where one person stands on one goal they were told of: told → discussing → agreed, or
    told → acknowledged. A new telling (a revision) puts it back to told; ``discussed`` stays, so
    acknowledging after a discussion reads as agreed. Moved by conditional UPDATEs: a double
    click or a Slack retry moves it once (``salesbot.goal_talks``)."""

    __tablename__ = "goal_ack"
    __table_args__ = (
        UniqueConstraint("goal_id", "person_id", name="uq_goal_ack"),
        Index("ix_goal_ack_person", "workspace_id", "person_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True, ondelete="CASCADE")
    goal_id: int = Field(foreign_key="goal.id", index=True, ondelete="CASCADE")
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE")
    status: str = Field(default="told", max_length=12)  # told | discussing | acknowledged | agreed
    discussed: bool = False
    told_at: datetime = _timestamp()
    told_by_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    status_at: datetime = _timestamp()
    status_by_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")


class GoalDiscussion(SQLModel, table=True):
    """A person's question about a goal, with the manager who set it: the concern, the two DM
    threads the bot keeps in step, and how the manager answered (kept, revised, agreed to, or a
    talk scheduled). ``outcome`` is NULL while it is open; each side's talk reminder is claimed
    once (``… IS NULL``)."""

    __tablename__ = "goal_discussion"
    __table_args__ = (
        Index("ix_goal_discussion_goal", "workspace_id", "goal_id", "person_id"),
        Index("ix_goal_discussion_person_thread", "workspace_id", "person_channel", "person_ts"),
        Index("ix_goal_discussion_manager_thread", "workspace_id", "manager_channel", "manager_ts"),
    )

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True, ondelete="CASCADE")
    goal_id: int = Field(foreign_key="goal.id", ondelete="CASCADE")
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE")
    manager_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    concern: str = Field(max_length=12)  # too_high | resources | timing | other
    comment: str = Field(default="", max_length=2000)
    person_channel: str | None = Field(default=None, max_length=32)
    person_ts: str | None = Field(default=None, max_length=32)
    manager_channel: str | None = Field(default=None, max_length=32)
    manager_ts: str | None = Field(default=None, max_length=32)
    outcome: str | None = Field(default=None, max_length=10)  # kept | revised | agreed
    note: str = Field(default="", max_length=2000)
    closed_by_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    closed_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    talk_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    person_reminded_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    manager_reminded_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    created_at: datetime = _timestamp()


class GoalDiscussionMessage(SQLModel, table=True):
    """A reply typed in a discussion's thread, relayed to the other side's thread. The Slack
    message's ts is the claim: a retried event is relayed once."""

    __tablename__ = "goal_discussion_message"
    __table_args__ = (UniqueConstraint("discussion_id", "slack_ts", name="uq_goal_discussion_message"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True, ondelete="CASCADE")
    discussion_id: int = Field(foreign_key="goal_discussion.id", ondelete="CASCADE")
    author_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    text: str = Field(default="", max_length=4000)
    slack_ts: str = Field(max_length=32)
    created_at: datetime = _timestamp()


class GoalAckReminder(SQLModel, table=True):
    """A manager's reminder to the people who have not acknowledged a goal: one a day per goal,
    claimed by inserting (goal, day)."""

    __tablename__ = "goal_ack_reminder"
    __table_args__ = (UniqueConstraint("goal_id", "day", name="uq_goal_ack_reminder"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True, ondelete="CASCADE")
    goal_id: int = Field(foreign_key="goal.id", ondelete="CASCADE")
    day: date
    sent_by_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    people: int = 0
    created_at: datetime = _timestamp()


class GoalRevision(SQLModel, table=True):
    __tablename__ = "goal_revision"

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True, ondelete="CASCADE")
    goal_id: int = Field(foreign_key="goal.id", index=True, ondelete="CASCADE")
    old_target: Decimal = Field(sa_type=Numeric(16, 2))
    new_target: Decimal = Field(sa_type=Numeric(16, 2))
    reason_category: str = Field(max_length=12)  # performance | economy | competition | other
    reason_text: str = Field(default="", max_length=2000)
    revised_by_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    created_at: datetime = _timestamp()


class Sale(SQLModel, table=True):
    """One order through its lifecycle: ordered → delivered → followed up (or lost)."""

    __table_args__ = (
        UniqueConstraint("workspace_id", "request_key"),
        # Covering index for progress and leaderboard aggregates: the period filter, the
        # grouping and the summed columns all come from the index, never from the rows.
        Index(
            "ix_sale_progress",
            "workspace_id",
            "ordered_on",
            "person_id",
            "product_id",
            "lost_on",
            "amount",
            "units",
        ),
        Index("ix_sale_person_open", "workspace_id", "person_id", "delivered_on", "followed_up_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", ondelete="CASCADE")
    person_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    product_id: int | None = Field(default=None, foreign_key="product.id", ondelete="SET NULL")
    customer: str = Field(default="", max_length=200)
    # The customer's segment, from the workspace's list (``Segment``); optional.
    segment_id: int | None = Field(default=None, foreign_key="segment.id", ondelete="SET NULL")
    amount: Decimal = Field(sa_type=Numeric(14, 2))
    units: int = 1
    ordered_on: date
    promised_on: date | None = None
    delivered_on: date | None = None
    followed_up_on: date | None = None
    lost_on: date | None = None
    lost_reason: str | None = Field(default=None, max_length=20)  # price | product_fit | delivery_time | …
    lost_note: str = Field(default="", max_length=2000)
    source: str = Field(default="slack", max_length=10)  # slack | import | console
    # The submission that created it (a modal's view id, say): a second submission finds this.
    request_key: str | None = Field(default=None, max_length=128)
    created_by_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    created_at: datetime = _timestamp()
    updated_at: datetime = _timestamp()


class TimeOff(SQLModel, table=True):
    """Days a person is away; excluded from their pacing."""

    __tablename__ = "time_off"

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True, ondelete="CASCADE")
    person_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    start: date
    end: date  # inclusive
    created_by_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    created_at: datetime = _timestamp()


# -- installations (OAuth) and many workspaces --

# Bolt's own tables for OAuth installs (slack_sdk's SQLAlchemy installation and state stores,
# used by storage/installations.py), defined by slack_sdk and registered here so the migrations
# (0019) and the schema test know them. They are keyed by Slack's ids, not by workspace row: an
# installation exists before its workspace's first request, and outlives nothing (uninstalling
# deletes it at once).
SLACK_INSTALLATIONS = SQLAlchemyInstallationStore.build_installations_table(
    SQLModel.metadata, SQLAlchemyInstallationStore.default_installations_table_name
)
SLACK_BOTS = SQLAlchemyInstallationStore.build_bots_table(
    SQLModel.metadata, SQLAlchemyInstallationStore.default_bots_table_name
)
SLACK_OAUTH_STATES = SQLAlchemyOAuthStateStore.build_oauth_states_table(
    SQLModel.metadata, SQLAlchemyOAuthStateStore.default_table_name
)


class ProcessedRequest(SQLModel, table=True):
    """Requests already carried out (a modal submitted twice, a Slack retry): one record each."""

    __tablename__ = "processed_request"
    __table_args__ = (UniqueConstraint("workspace_id", "request_key"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", ondelete="CASCADE")
    request_key: str = Field(max_length=128)
    created_at: datetime = _timestamp()


class DigestSchedule(SQLModel, table=True):
    """A digest posted on a cadence: to a channel (company or team), or by DM to one person.

    ``last_occurrence`` is the key of the latest occurrence already handled (posted, skipped,
    or passed over when the schedule was created, edited or resumed); the runner looks only
    at later ones. The occurrence table, not this column, is what makes posting exactly once.
    """

    __tablename__ = "digest_schedule"
    # One personal subscription per person (channel schedules have no person_id; NULLs never collide).
    __table_args__ = (UniqueConstraint("workspace_id", "person_id", name="uq_digest_schedule_person"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True, ondelete="CASCADE")
    kind: str = Field(default="channel", max_length=10)  # channel | personal
    channel_id: str | None = Field(default=None, max_length=32)  # channel schedules
    scope: str = Field(default="company", max_length=10)  # company | team | person
    team_id: int | None = Field(default=None, foreign_key="team.id", ondelete="CASCADE")
    # The subscriber of a personal digest, sent by DM at their own local time.
    person_id: int | None = Field(default=None, foreign_key="person.id", ondelete="CASCADE")
    cadence: str = Field(max_length=20)  # see salesbot.cadences.CADENCES
    weekday: int | None = None  # weekly: 0 = Monday
    day_of_month: int | None = None  # monthly: 1-31 (a shorter month uses its last day)
    period_kind: str | None = Field(default=None, max_length=10)  # period_end: month | quarter | year
    local_time: str = Field(max_length=5)  # HH:MM, wall-clock time in ``timezone``
    # None for a personal digest: it follows the person's own (Slack) timezone.
    timezone: str | None = Field(default=None, max_length=64)
    sections: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    top_n: int = 5  # leaderboard size
    paused: bool = False
    owner_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    last_occurrence: str | None = Field(default=None, max_length=40)
    # The Slack app's id, taken from the request that saved the schedule: digests link to its
    # App Home (slack://app?team=…&id=…&tab=home), and no Web API call tells a bot token its app.
    app_id: str | None = Field(default=None, max_length=32)
    created_by_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    created_at: datetime = _timestamp()
    updated_at: datetime = _timestamp()


class DigestOccurrence(SQLModel, table=True):
    """One occurrence of a schedule, inserted (claimed) before it is posted.

    The unique key (schedule, occurrence key) is what keeps a digest from being posted twice:
    whoever inserts the row posts it; a second insert fails. The key is the scheduled local
    wall time (``2026-10-25T02:30``), so an hour that happens twice in autumn is posted once.
    A "run now" has a key of its own (``now:…``).
    """

    __tablename__ = "digest_occurrence"
    __table_args__ = (
        UniqueConstraint("schedule_id", "occurrence_key", name="uq_digest_occurrence_key"),
        # The runner's retry pass: failed occurrences still young enough to post.
        Index("ix_digest_occurrence_status_due", "status", "due_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True, ondelete="CASCADE")
    schedule_id: int = Field(foreign_key="digest_schedule.id", ondelete="CASCADE")
    occurrence_key: str = Field(max_length=40)
    due_at: datetime = Field(sa_type=DateTime(timezone=True))
    status: str = Field(max_length=10)  # claimed | posted | failed | skipped
    attempts: int = 0
    error: str | None = Field(default=None, max_length=200)
    # Which scheduler process claimed it (host:pid), for the logs and for support.
    claimed_by: str = Field(default="", max_length=80)
    channel_id: str | None = Field(default=None, max_length=32)
    message_ts: str | None = Field(default=None, max_length=32)
    # The owner was told it failed (once per occurrence).
    reported: bool = False
    created_at: datetime = _timestamp()
    updated_at: datetime = _timestamp()


# -- diagnosis suggested (one DM per goal and reason) --


class DiagnosisSuggestion(SQLModel, table=True):
    """A suggestion to diagnose a goal (``salesbot.suggestions``), claimed (inserted) before the
    DM that carries it is sent.

    The unique key (goal, reason, recipient) is the claim: whoever inserts the row sends it; a
    second runner's insert fails, so each manager hears of a goal once per reason (``missed``,
    ``at_risk``), in their own working hours, however many processes tick."""

    __tablename__ = "diagnosis_suggestion"
    __table_args__ = (UniqueConstraint("goal_id", "reason", "person_id", name="uq_diagnosis_suggestion"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True, ondelete="CASCADE")
    goal_id: int = Field(foreign_key="goal.id", ondelete="CASCADE")
    reason: str = Field(max_length=8)  # missed | at_risk
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE")  # the manager told
    status: str = Field(default="claimed", max_length=10)  # claimed | sent | failed
    error: str | None = Field(default=None, max_length=200)
    claimed_by: str = Field(default="", max_length=80)
    created_at: datetime = _timestamp()
    updated_at: datetime = _timestamp()


class Segment(SQLModel, table=True):
    """A customer segment on the workspace's list (``/sales segments``), chosen on a sale
    (``Sale.segment_id``) and compared at a diagnosis's marketing step (``salesbot.segments``).

    Kept as techniques are: the defaults stored with their key and no label, so each reader sees
    them in their own language; an admin's own, or a renamed default, with its label; one in use
    retired (``active`` false), never deleted."""

    __table_args__ = (UniqueConstraint("workspace_id", "key", name="uq_segment_key"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", ondelete="CASCADE")
    key: str = Field(max_length=60)
    label: str = Field(default="", max_length=60)
    active: bool = True
    created_at: datetime = _timestamp()


class TrainingItem(SQLModel, table=True):
    """An item of the workspace's training library: a link or a text to work through."""

    __tablename__ = "training_item"
    __table_args__ = (UniqueConstraint("workspace_id", "title_key"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True, ondelete="CASCADE")
    title: str = Field(max_length=150)
    # Lower-cased title: titles are unique regardless of case.
    title_key: str = Field(max_length=150)
    content: str = Field(default="", max_length=2000)  # a link, or the text itself
    topic: str = Field(max_length=12)  # product | audience | strategy | technique
    product_id: int | None = Field(default=None, foreign_key="product.id", index=True, ondelete="SET NULL")
    minutes: int | None = None
    active: bool = True
    created_by_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    created_at: datetime = _timestamp()
    updated_at: datetime = _timestamp()


class TrainingAssignment(SQLModel, table=True):
    """An item assigned to one person or to a team (whoever is in it, read when asked), due on
    ``first_due`` and, when recurring, every ``every`` ``unit`` after it."""

    __tablename__ = "training_assignment"

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True, ondelete="CASCADE")
    item_id: int = Field(foreign_key="training_item.id", index=True, ondelete="CASCADE")
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True, ondelete="CASCADE")
    team_id: int | None = Field(default=None, foreign_key="team.id", index=True, ondelete="CASCADE")
    first_due: date
    every: int | None = None
    unit: str | None = Field(default=None, max_length=6)  # weeks | months
    active: bool = True
    assigned_by_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    created_at: datetime = _timestamp()


class TrainingCompletion(SQLModel, table=True):
    """One person's completion of one occurrence of an assignment (occurrence 0 is the first).

    The unique key makes a double click or a Slack retry record one completion. The item, the
    team and the due date are kept on the row, so completion can be counted per person, team,
    item (its product and topic) and period without working the schedule out again."""

    __tablename__ = "training_completion"
    __table_args__ = (
        UniqueConstraint("assignment_id", "person_id", "occurrence", name="uq_training_completion"),
        Index("ix_training_completion_period", "workspace_id", "completed_on", "person_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", ondelete="CASCADE")
    assignment_id: int = Field(foreign_key="training_assignment.id", ondelete="CASCADE")
    person_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    item_id: int = Field(foreign_key="training_item.id", index=True, ondelete="CASCADE")
    team_id: int | None = Field(default=None, foreign_key="team.id", ondelete="SET NULL")
    occurrence: int
    due_on: date
    completed_on: date  # in the workspace's timezone
    created_at: datetime = _timestamp()


class TrainingReminder(SQLModel, table=True):
    """A reminder of one occurrence for one person, claimed (inserted) before it is sent.

    The unique key (assignment, person, occurrence, kind) is the claim: whoever inserts the row
    sends the DM; a second runner's insert fails, so each reminder goes out once."""

    __tablename__ = "training_reminder"
    __table_args__ = (
        UniqueConstraint("assignment_id", "person_id", "occurrence", "kind", name="uq_training_reminder"),
    )

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True, ondelete="CASCADE")
    assignment_id: int = Field(foreign_key="training_assignment.id", ondelete="CASCADE")
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE")
    occurrence: int
    kind: str = Field(max_length=8)  # before | overdue
    status: str = Field(default="claimed", max_length=10)  # claimed | sent | failed
    error: str | None = Field(default=None, max_length=200)
    claimed_by: str = Field(default="", max_length=80)
    created_at: datetime = _timestamp()
    updated_at: datetime = _timestamp()


class FeedbackRequest(SQLModel, table=True):
    """A rating message posted in a channel (often a Slack Connect channel shared with a
    customer): its score buttons record one vote per person, which they may change."""

    __tablename__ = "feedback_request"

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True, ondelete="CASCADE")
    channel_id: str = Field(max_length=32)
    message_ts: str | None = Field(default=None, max_length=32)  # set once posted
    scale: str = Field(max_length=4)  # the workspace's scale when asked: csat | nps
    stage: str = Field(max_length=10)  # order | delivery | service
    person_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    product_id: int | None = Field(default=None, foreign_key="product.id", ondelete="SET NULL")
    sale_id: int | None = Field(default=None, foreign_key="sale.id", ondelete="SET NULL")
    customer: str = Field(default="", max_length=200)
    question: str = Field(default="", max_length=300)
    created_by_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    created_at: datetime = _timestamp()


class FeedbackLink(SQLModel, table=True):
    """A signed, expiring, single-use link to the feedback page, for a customer outside Slack.

    Only the token's hash is kept: the link itself is shown once, to the rep who made it."""

    __tablename__ = "feedback_link"
    __table_args__ = (UniqueConstraint("token_hash"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True, ondelete="CASCADE")
    token_hash: str = Field(max_length=64)
    scale: str = Field(max_length=4)
    stage: str = Field(max_length=10)
    person_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    product_id: int | None = Field(default=None, foreign_key="product.id", ondelete="SET NULL")
    sale_id: int | None = Field(default=None, foreign_key="sale.id", ondelete="SET NULL")
    customer: str = Field(default="", max_length=200)
    expires_at: datetime = Field(sa_type=DateTime(timezone=True))
    used_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    created_by_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    created_at: datetime = _timestamp()


class Feedback(SQLModel, table=True):
    """One customer's answer: a score on the workspace's scale at a stage of a sale's life
    (order, delivery, service), with what they said, about a rep, a product and a sale.

    Kept so it can be counted per person, team (through the person's teams), product, stage and
    period (``given_on``); ``scale`` is the scale the score was given on, so a later change of
    the workspace's scale never misreads old answers. A vote on a rating message is keyed by the
    request and the voter: one each, changed in place."""

    __table_args__ = (
        UniqueConstraint("request_id", "voter", name="uq_feedback_vote"),
        UniqueConstraint("link_id", name="uq_feedback_link"),
        # Covering index for the figures: the filter (workspace, scale, period), every grouping
        # (stage, product, rep; a team through the rep) and the score all come from the index.
        Index(
            "ix_feedback_figures",
            "workspace_id",
            "scale",
            "given_on",
            "stage",
            "product_id",
            "person_id",
            "score",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", ondelete="CASCADE")
    scale: str = Field(max_length=4)  # csat | nps
    score: int
    stage: str = Field(max_length=10)  # order | delivery | service
    comment: str = Field(default="", max_length=2000)
    customer: str = Field(default="", max_length=200)
    person_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    product_id: int | None = Field(default=None, foreign_key="product.id", ondelete="SET NULL")
    sale_id: int | None = Field(default=None, foreign_key="sale.id", ondelete="SET NULL")
    source: str = Field(max_length=10)  # logged | request | message | web
    request_id: int | None = Field(default=None, foreign_key="feedback_request.id", ondelete="CASCADE")
    voter: str | None = Field(default=None, max_length=32)  # the Slack user id of a vote
    link_id: int | None = Field(default=None, foreign_key="feedback_link.id", ondelete="SET NULL")
    permalink: str = Field(default="", max_length=500)  # the message it was logged from
    given_on: date  # in the workspace's timezone
    created_by_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    # When the rep's managers were told of this answer's low score: once per answer, however
    # often a vote changes (storage.feedback.claim_low_alert).
    low_alerted_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    created_at: datetime = _timestamp()
    updated_at: datetime = _timestamp()


# -- Excel imports --


class Technique(SQLModel, table=True):
    """A selling technique on the workspace's list, tagged on win stories.

    The defaults (``salesbot.working.DEFAULT_TECHNIQUES``) are stored with their key and no
    label, so each reader sees them in their own language; an admin's own, or a renamed
    default, has its label. One in use is retired (``active`` false), never deleted."""

    __table_args__ = (UniqueConstraint("workspace_id", "key", name="uq_technique_key"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", ondelete="CASCADE")
    # A default's key ("referral"), else the lower-cased label: unique regardless of case.
    key: str = Field(max_length=60)
    label: str = Field(default="", max_length=60)
    active: bool = True
    created_at: datetime = _timestamp()


class WinStory(SQLModel, table=True):
    """What worked in one sale, told by its owner or their manager: one per sale, edited in place."""

    __tablename__ = "win_story"
    __table_args__ = (UniqueConstraint("sale_id", name="uq_win_story_sale"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True, ondelete="CASCADE")
    sale_id: int = Field(foreign_key="sale.id", ondelete="CASCADE")
    person_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    note: str = Field(default="", max_length=500)
    created_by_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    created_at: datetime = _timestamp()
    updated_at: datetime = _timestamp()


class WinStoryTechnique(SQLModel, table=True):
    """A technique used in a win story: techniques are ranked by the stories (wins) and the
    value of their sales, counted through this link."""

    __tablename__ = "win_story_technique"
    __table_args__ = (Index("ix_win_story_technique_rank", "workspace_id", "technique_id", "story_id"),)

    story_id: int = Field(foreign_key="win_story.id", primary_key=True, ondelete="CASCADE")
    # No cascade: a technique in use is retired, never deleted.
    technique_id: int = Field(foreign_key="technique.id", primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", ondelete="CASCADE")


# -- recognition and rewards (kudos, rewards, nominations, celebrations) --


class Kudos(SQLModel, table=True):
    """A peer's thanks to someone, with the reason: counted per period (``given_on``, the
    workspace's day) and, per giver and day, against the workspace's daily limit."""

    __table_args__ = (
        UniqueConstraint("workspace_id", "request_key", name="uq_kudos_request"),
        Index("ix_kudos_period", "workspace_id", "given_on", "receiver_id"),
        Index("ix_kudos_giver_day", "workspace_id", "giver_id", "given_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", ondelete="CASCADE")
    giver_id: int = Field(foreign_key="person.id", ondelete="CASCADE")
    receiver_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    reason: str = Field(max_length=500)
    given_on: date
    channel_id: str | None = Field(default=None, max_length=32)  # where it was given
    # The command or form that gave it: a Slack retry or a second submission finds this.
    request_key: str = Field(max_length=128)
    created_at: datetime = _timestamp()


class Celebration(SQLModel, table=True):
    """A goal's crossing of a threshold (100 %, or one the workspace adds), claimed once by its
    unique key before it is posted: a retry, a recomputation or a second crossing after a sale was
    deleted finds it and celebrates nothing."""

    __table_args__ = (UniqueConstraint("goal_id", "threshold", name="uq_celebration_goal_threshold"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True, ondelete="CASCADE")
    goal_id: int = Field(foreign_key="goal.id", ondelete="CASCADE")
    threshold: int  # percent
    attainment: Decimal = Field(sa_type=Numeric(10, 4))  # when it was crossed: 1.2 is 120 %
    created_at: datetime = _timestamp()


class RecognitionAnnouncement(SQLModel, table=True):
    """A period's top-performer announcement, claimed once per workspace and period (the
    scheduler and *Post now* alike) before it is posted."""

    __tablename__ = "recognition_announcement"
    __table_args__ = (UniqueConstraint("workspace_id", "period_key", name="uq_recognition_announcement"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", ondelete="CASCADE")
    period_key: str = Field(max_length=32)
    status: str = Field(default="claimed", max_length=10)  # claimed | posted | failed | no_channel
    channel_id: str | None = Field(default=None, max_length=32)
    claimed_by: str = Field(default="", max_length=80)
    created_at: datetime = _timestamp()
    updated_at: datetime = _timestamp()


class Reward(SQLModel, table=True):
    """A reward on the workspace's catalog, kept by admins: its value (a cash amount, or what the
    reward costs), days for time off, and an optional budget per period (the workspace's default
    kind of period). One with nominations is retired, never deleted."""

    __table_args__ = (UniqueConstraint("workspace_id", "name_key", name="uq_reward_name"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", ondelete="CASCADE")
    kind: str = Field(max_length=10)  # cash | office | time_off | trip | custom
    name: str = Field(max_length=80)
    name_key: str = Field(max_length=80)
    value: Decimal | None = Field(default=None, sa_type=Numeric(14, 2))
    days: int | None = None
    budget: Decimal | None = Field(default=None, sa_type=Numeric(14, 2))
    active: bool = True
    created_by_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    created_at: datetime = _timestamp()


class Nomination(SQLModel, table=True):
    """A manager's nomination of someone for a reward, and an admin's decision on it.

    Decided once: the decision is written only ``WHERE status = 'pending'``, so a double click,
    a retry or a second admin finds it decided and is told by whom. ``period_key`` is the budget
    period the value counts in (the decision's day, once decided)."""

    __table_args__ = (
        UniqueConstraint("workspace_id", "request_key", name="uq_nomination_request"),
        Index("ix_nomination_spend", "workspace_id", "reward_id", "status", "period_key"),
    )

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True, ondelete="CASCADE")
    reward_id: int = Field(foreign_key="reward.id")
    person_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    nominated_by_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    reason: str = Field(max_length=500)
    achievement: str = Field(max_length=300)
    value: Decimal | None = Field(default=None, sa_type=Numeric(14, 2))
    days: int | None = None
    starts_on: date | None = None  # time off: its first day
    period_key: str = Field(max_length=32)
    status: str = Field(default="pending", max_length=10)  # pending | approved | declined
    note: str = Field(default="", max_length=500)
    decided_by_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    decided_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    over_budget: bool = False  # approved beyond the remaining budget, confirmed twice
    time_off_id: int | None = Field(default=None, foreign_key="time_off.id", ondelete="SET NULL")
    request_key: str = Field(max_length=128)
    created_at: datetime = _timestamp()


class Diagnosis(SQLModel, table=True):
    """A manager's diagnosis of a person's or a team's missed goal over a period
    (``salesbot.diagnosis``: its states and their diagram).

    ``open_key`` is set while the diagnosis is open and cleared when it is concluded: its unique
    key allows one open diagnosis per subject and period, however many are started at once.
    ``version`` grows with every change; a change is made only ``WHERE version = seen``."""

    __tablename__ = "diagnosis"
    __table_args__ = (UniqueConstraint("workspace_id", "open_key", name="uq_diagnosis_open"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True, ondelete="CASCADE")
    scope: str = Field(max_length=6)  # person | team
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True, ondelete="CASCADE")
    team_id: int | None = Field(default=None, foreign_key="team.id", index=True, ondelete="CASCADE")
    period_key: str = Field(max_length=32)
    period_start: date
    period_end: date
    open_key: str | None = Field(default=None, max_length=64)
    started_by_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    state: str = Field(max_length=12)  # step | concluding | concluded
    current_step: str | None = Field(default=None, max_length=12)
    root_cause: str | None = Field(default=None, max_length=12)
    notes: str = Field(default="", max_length=2000)
    follow_up_on: date | None = None
    version: int = 1
    concluded_by_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    concluded_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    # At the conclusion: the subject's attainment and the problem step's figures
    # (``salesbot.follow_up.take_snapshot``), shown beside today's on the follow-up date.
    concluded_figures: dict | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    # Set once, by the runner whose conditional UPDATE claimed the follow-up reminder.
    follow_up_sent_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    created_at: datetime = _timestamp()
    updated_at: datetime = _timestamp()


class DiagnosisStep(SQLModel, table=True):
    """A step of a diagnosis once reached: pending until the manager marks it."""

    __tablename__ = "diagnosis_step"
    __table_args__ = (UniqueConstraint("diagnosis_id", "step", name="uq_diagnosis_step"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True, ondelete="CASCADE")
    diagnosis_id: int = Field(foreign_key="diagnosis.id", ondelete="CASCADE")
    step: str = Field(max_length=12)
    mark: str = Field(default="pending", max_length=16)  # ruled_out | problem | ask_department | pending
    note: str = Field(default="", max_length=2000)
    decided_by_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    decided_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    created_at: datetime = _timestamp()


class DiagnosisAction(SQLModel, table=True):
    """An action a diagnosis ended in, with its owner (followed up on the diagnosis's date)."""

    __tablename__ = "diagnosis_action"

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True, ondelete="CASCADE")
    diagnosis_id: int = Field(foreign_key="diagnosis.id", index=True, ondelete="CASCADE")
    position: int
    text: str = Field(max_length=200)
    owner_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    # Or a department (production, customer_service, marketing): its contact was told.
    department: str | None = Field(default=None, max_length=20)
    done_on: date | None = None
    created_at: datetime = _timestamp()


class DiagnosisQuestion(SQLModel, table=True):
    """A diagnosis step's question to its department's contact (a Slack user or channel id, from
    the workspace settings) and the answer: Yes or No, a comment, or both. One per step; a later,
    different answer replaces the earlier one. ``reminded_at`` is claimed once (``IS NULL``)."""

    __tablename__ = "diagnosis_question"
    __table_args__ = (UniqueConstraint("diagnosis_id", "step", name="uq_diagnosis_question"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True, ondelete="CASCADE")
    diagnosis_id: int = Field(foreign_key="diagnosis.id", ondelete="CASCADE")
    step: str = Field(max_length=12)
    department: str = Field(max_length=20)  # production | customer_service | marketing
    asked_to: str = Field(max_length=32)  # a Slack user or channel id
    asked_by_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    asked_at: datetime = _timestamp()
    answer: str | None = Field(default=None, max_length=3)  # yes | no
    comment: str = Field(default="", max_length=2000)
    answered_by_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    answered_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    reminded_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


# -- coaching plans and check-ins --


class CoachingPlan(SQLModel, table=True):
    """A manager's coaching plan for one person (``salesbot.coaching``: its states).

    ``open_key`` is set while the plan is open and cleared when it closes: its unique key allows
    one open plan per person, however many are started at once. ``version`` grows with every
    change; a change is made only ``WHERE version = seen``. The outcome's note and an
    escalation's kind are private to the person's managers and admins."""

    __tablename__ = "coaching_plan"
    __table_args__ = (UniqueConstraint("workspace_id", "open_key", name="uq_coaching_plan_open"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True, ondelete="CASCADE")
    person_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    manager_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    diagnosis_id: int | None = Field(default=None, foreign_key="diagnosis.id", ondelete="SET NULL")
    open_key: str | None = Field(default=None, max_length=32)
    focus_areas: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    focus_note: str = Field(default="", max_length=200)
    cadence: str = Field(max_length=10)  # weekly | biweekly | monthly
    starts_on: date
    first_check_in: date
    ends_on: date
    state: str = Field(default="open", max_length=8)  # open | closed
    outcome: str | None = Field(default=None, max_length=10)  # improved | extended | escalated
    escalation: str | None = Field(default=None, max_length=20)  # performance_plan | separation
    outcome_note: str = Field(default="", max_length=2000)
    ended_on: date | None = None
    ended_by_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    version: int = 1
    # Set once per end date, by the runner whose conditional UPDATE claimed the end reminder;
    # cleared when the plan is extended.
    end_reminded_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    created_at: datetime = _timestamp()
    updated_at: datetime = _timestamp()


class CoachingCheckIn(SQLModel, table=True):
    """A check-in of a coaching plan, scheduled by its cadence: the manager's private notes and
    the next steps agreed with the person (shared with them). ``reminded_at`` and ``done_at`` are
    each set once, by a conditional UPDATE (``IS NULL``)."""

    __tablename__ = "coaching_check_in"
    __table_args__ = (
        UniqueConstraint("plan_id", "number", name="uq_coaching_check_in"),
        Index("ix_coaching_check_in_due", "workspace_id", "done_at", "due_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", ondelete="CASCADE")
    plan_id: int = Field(foreign_key="coaching_plan.id", index=True, ondelete="CASCADE")
    number: int  # 0 is the first, by the cadence
    due_on: date
    done_on: date | None = None
    done_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    done_by_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    notes: str = Field(default="", max_length=2000)
    next_steps: str = Field(default="", max_length=1000)
    reminded_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    created_at: datetime = _timestamp()


# -- the work after an ack, queued for the work processes (SALESBOT_WORK_QUEUE) --


class WorkJob(SQLModel, table=True):
    """A Slack request already acknowledged, waiting for a work process to do its work
    (``storage.work_queue``). It is the request on its way in, so it names its workspace by
    Slack's team id (the workspace may not have a row yet); it lives for seconds.

    ``taken_until`` is the lease of the work process doing it, renewed while it works: a job
    whose lease ran out (its process died) is taken again. The row is deleted in the work's own
    transaction, so work that committed is never done twice."""

    __tablename__ = "work_job"

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(default="", max_length=32)
    # The request's body as Bolt parsed it (JSON), without Slack's legacy verification token.
    body: str
    queued_at: datetime = _timestamp()
    taken_until: datetime | None = Field(default=None, sa_type=DateTime(timezone=True), index=True)
    attempts: int = 0
