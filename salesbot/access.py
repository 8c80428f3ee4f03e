"""Roles and what each may do (SPEC section 2 and 6).

admin: Slack workspace owners and admins, people in SALESBOT_ADMINS, and anyone given the
admin role. manager: manages the people in the teams they are a manager of. rep: their own data.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from enum import StrEnum

from salesbot.errors import PermissionDenied
from salesbot.records import PersonRecord


class Role(StrEnum):
    ADMIN = "admin"
    MANAGER = "manager"
    REP = "rep"


def effective_role(person: PersonRecord, configured_admins: Collection[str]) -> Role:
    """The role that counts: Slack's admin flags and SALESBOT_ADMINS outrank the stored one."""
    if is_admin_by_right(person, configured_admins):
        return Role.ADMIN
    return Role(person.role) if person.role in Role.__members__.values() else Role.REP


def is_admin_by_right(person: PersonRecord, configured_admins: Collection[str]) -> bool:
    """Admins whose role comes from Slack or configuration and cannot be taken away in salesbot."""
    return person.is_slack_admin or person.is_slack_owner or person.slack_user_id in configured_admins


@dataclass(frozen=True)
class Actor:
    """Who is asking: a person with their effective role and the people they manage."""

    person_id: int
    slack_user_id: str
    name: str
    role: Role
    lang: str
    managed_person_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    @property
    def is_manager(self) -> bool:
        return self.role is Role.MANAGER

    def may_manage(self, person_id: int) -> bool:
        """Admins may act for anyone, managers for their teams' people, everyone for themselves."""
        return self.is_admin or person_id == self.person_id or person_id in self.managed_person_ids


def require_admin(actor: Actor, action: str) -> None:
    if not actor.is_admin:
        raise PermissionDenied("access.admins_only", action=action)


def require_manager(actor: Actor, action: str) -> None:
    """Managers and admins."""
    if actor.role not in (Role.ADMIN, Role.MANAGER):
        raise PermissionDenied("access.managers_only", action=action)
