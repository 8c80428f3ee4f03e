"""People: created on first contact from their Slack profile, and given roles."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

from salesbot.access import Actor, Role, effective_role, is_admin_by_right, require_admin
from salesbot.commands import require_mentions
from salesbot.errors import Conflict, InvalidInput
from salesbot.i18n import LANGUAGES, pick_language
from salesbot.records import AuditTrail, InWorkspace, PersonRecord, TeamRecord, WorkspaceRecord

# A profile older than this is read from Slack again (names, timezones and admin flags change).
PROFILE_MAX_AGE = timedelta(hours=12)


class PeopleStore(InWorkspace, AuditTrail, Protocol):
    """What keeping people and their roles needs of the store."""

    def person(self, person_id: int) -> PersonRecord | None: ...
    def person_by_slack_id(self, slack_user_id: str) -> PersonRecord | None: ...
    def claim_person(self, slack_user_id: str) -> tuple[PersonRecord, bool]: ...
    def save_person(self, person: PersonRecord) -> PersonRecord: ...
    def managed_person_ids(self, manager: PersonRecord) -> set[int]: ...
    def drop_manager_roles(self, person: PersonRecord) -> Sequence[TeamRecord]: ...
    def update_workspace(self, **changes: object) -> WorkspaceRecord: ...


@dataclass(frozen=True)
class SlackProfile:
    """What salesbot keeps of a Slack user (from users.info)."""

    user_id: str
    name: str
    timezone: str | None = None
    locale: str | None = None
    is_admin: bool = False
    is_owner: bool = False
    is_bot: bool = False
    deleted: bool = False


def refreshed_long_ago(refreshed: datetime, now: datetime | None = None) -> bool:
    """Whether a profile last refreshed from Slack at ``refreshed`` should be asked for again."""
    now = now or datetime.now(UTC)
    if refreshed.tzinfo is None:  # SQLite returns naive datetimes; they are stored as UTC
        refreshed = refreshed.replace(tzinfo=UTC)
    return now - refreshed > PROFILE_MAX_AGE


def sync_person(
    store: PeopleStore, profile: SlackProfile, configured_admins: Collection[str]
) -> PersonRecord:
    """Create or refresh the person for ``profile``; the first admin seen sets the workspace timezone."""
    person, created = store.claim_person(profile.user_id)
    person.name = profile.name or person.name or profile.user_id
    person.timezone = profile.timezone or person.timezone
    person.slack_locale = profile.locale or person.slack_locale
    person.is_slack_admin = profile.is_admin
    person.is_slack_owner = profile.is_owner
    person.is_bot = profile.is_bot
    person.deleted = profile.deleted
    person.refreshed_at = datetime.now(UTC)
    store.save_person(person)
    if created:
        store.audit(
            actor_id=None, action="person.created", entity="person", entity_id=person.id, user=profile.user_id
        )
    workspace = store.workspace
    if not workspace.timezone_confirmed and profile.timezone and is_admin_by_right(person, configured_admins):
        store.update_workspace(timezone=profile.timezone, timezone_confirmed=True)
    return person


def language_of(person: PersonRecord | None, workspace_locale: str | None) -> str:
    """The language ``person`` reads: their own choice, else their Slack locale, else the
    workspace's (no person: the workspace's)."""
    return pick_language(
        preference=person.language if person else None,
        slack_locale=person.slack_locale if person else None,
        workspace=workspace_locale,
    )


def actor_for(store: PeopleStore, person: PersonRecord, configured_admins: Collection[str]) -> Actor:
    role = effective_role(person, configured_admins)
    managed = store.managed_person_ids(person) if role is not Role.REP else set()
    return Actor(
        person_id=person.id,
        slack_user_id=person.slack_user_id,
        name=person.name,
        role=role,
        lang=language_of(person, store.workspace.locale),
        managed_person_ids=frozenset(managed),
    )


@dataclass(frozen=True)
class RoleChange:
    person_name: str
    old: Role
    new: Role
    dropped_teams: list[str]


# The role words of both languages: "/sales role @kari manager" and "/sales rolle @kari leder".
ROLE_WORDS = {
    "admin": Role.ADMIN,
    "administrator": Role.ADMIN,
    "manager": Role.MANAGER,
    "leder": Role.MANAGER,
    "rep": Role.REP,
    "selger": Role.REP,
}


def set_role(
    store: PeopleStore, actor: Actor, subject: PersonRecord, new_role: str, configured_admins: Collection[str]
) -> RoleChange:
    """Give ``subject`` a role. A rep keeps no team manager seats."""
    require_admin(actor, "role")
    role = ROLE_WORDS.get(new_role.casefold())
    if role is None:
        raise InvalidInput("role.unknown", example="role.usage", text=new_role)
    if subject.is_bot:
        raise InvalidInput("role.bot", name=subject.name)
    old = effective_role(subject, configured_admins)
    if is_admin_by_right(subject, configured_admins) and role is not Role.ADMIN:
        raise Conflict("role.admin_by_right", name=subject.name)
    if old is role:
        return RoleChange(person_name=subject.name, old=old, new=role, dropped_teams=[])
    subject.role = role.value
    store.save_person(subject)
    dropped = [team.name for team in store.drop_manager_roles(subject)] if role is Role.REP else []
    store.audit(
        actor_id=actor.person_id,
        action="person.role",
        entity="person",
        entity_id=subject.id,
        old=old.value,
        new=role.value,
        dropped_teams=dropped,
    )
    return RoleChange(person_name=subject.name, old=old, new=role, dropped_teams=dropped)


def set_preferences(
    store: PeopleStore,
    actor: Actor,
    *,
    language: str | None,
    public_ranking: bool,
    diagnosis_suggestions: bool | None = None,
) -> PersonRecord:
    """A person's own preferences: language (None follows Slack), public ranking and, for a
    manager or an admin, whether salesbot suggests diagnoses to them (None: unchanged)."""
    if language is not None and language not in LANGUAGES:
        raise InvalidInput("settings.language_invalid", text=language)
    person = store.person(actor.person_id)
    person.language = language
    person.public_ranking = public_ranking
    if diagnosis_suggestions is not None:
        person.diagnosis_suggestions = diagnosis_suggestions
    store.save_person(person)
    store.audit(
        actor_id=person.id,
        action="person.preferences",
        entity="person",
        entity_id=person.id,
        language=language,
        public_ranking=public_ranking,
        diagnosis_suggestions=person.diagnosis_suggestions,
    )
    return person


@dataclass(frozen=True)
class RoleCommand:
    user_id: str
    role: str


def parse_role(text: str) -> RoleCommand:
    ids, remainder = require_mentions(text, usage="role.usage")
    if len(ids) != 1 or not remainder or len(remainder.split()) != 1:
        raise InvalidInput("role.form", example="role.usage")
    return RoleCommand(user_id=ids[0], role=remainder.casefold())
