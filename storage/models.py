"""SQLModel tables. Every row except a workspace's own belongs to exactly one workspace."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import JSON, Column, DateTime, Numeric, UniqueConstraint
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
    announcement_channel: str | None = Field(default=None, max_length=32)
    production_contact: str | None = Field(default=None, max_length=32)
    customer_service_contact: str | None = Field(default=None, max_length=32)
    marketing_contact: str | None = Field(default=None, max_length=32)
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
