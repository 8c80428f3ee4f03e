"""Teams (departments): create, rename, delete, members, managers."""

from __future__ import annotations

import re
import shlex
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from salesbot.access import Actor, Role, effective_role, require_admin
from salesbot.commands import CHANNEL_MENTION, NO_CHANNEL, require_mentions, take_action, unquote
from salesbot.errors import Conflict, InvalidInput, NotFound, UserError
from salesbot.names import clean_name, closest
from salesbot.records import (
    AuditTrail,
    DigestScheduleRecord,
    GoalFinder,
    MembershipRecord,
    PersonRecord,
    TeamRecord,
)

TEAM_NAME_MAX = 80
MEMBER = "member"
MANAGER = "manager"


class TeamLookup(Protocol):
    """Finding teams, and who is in or manages which: what other modules read of teams."""

    def person(self, person_id: int) -> PersonRecord | None: ...
    def team_by_name(self, name: str) -> TeamRecord | None: ...
    def team_names(self) -> Sequence[str]: ...
    def team_names_by_id(self) -> Mapping[int, str]: ...
    def teams_of(self, person: PersonRecord) -> Sequence[TeamRecord]: ...
    def managed_teams(self, person: PersonRecord) -> Sequence[TeamRecord]: ...
    def teams_by_role(self, person: PersonRecord) -> Mapping[str, Sequence[TeamRecord]]: ...


class TeamStore(GoalFinder, TeamLookup, AuditTrail, Protocol):
    """What changing teams needs of the store."""

    def create_team(self, name: str) -> TeamRecord: ...
    def rename_team(self, team: TeamRecord, name: str) -> TeamRecord: ...
    def delete_team(self, team: TeamRecord) -> None: ...
    def save_team(self, team: TeamRecord) -> TeamRecord: ...
    def team_view(self, team: TeamRecord) -> TeamView: ...
    def memberships(self, team: TeamRecord, role: str) -> Mapping[int, MembershipRecord]: ...
    def add_to_team(self, team: TeamRecord, person: PersonRecord, role: str) -> None: ...
    def remove_from_team(self, membership: MembershipRecord) -> None: ...
    def save_person(self, person: PersonRecord) -> PersonRecord: ...
    def digest_schedules(self, *, kind: str = "channel") -> Sequence[DigestScheduleRecord]: ...


@dataclass(frozen=True)
class TeamView:
    """A team with its people, as lists read for display and rules."""

    team: TeamRecord
    managers: list[PersonRecord]
    members: list[PersonRecord]


@dataclass(frozen=True)
class MembershipChange:
    team: str
    changed: list[str]  # names added or removed
    unchanged: list[str]  # already in, or not in, the team
    promoted: list[str] = ()  # reps who became managers


def teams_of_actor(store: TeamLookup, actor: Actor) -> tuple[list[TeamRecord], list[TeamRecord]]:
    """(the teams ``actor`` is a member of, the teams they manage), each by name."""
    teams = store.teams_by_role(store.person(actor.person_id))
    return list(teams.get(MEMBER, ())), list(teams.get(MANAGER, ()))


def managed_team_ids(store: TeamLookup, actor: Actor) -> set[int]:
    """The ids of the teams ``actor`` is a manager of."""
    return {team.id for team in store.managed_teams(store.person(actor.person_id))}


def teams_to_pick(store: TeamLookup, actor: Actor) -> list[tuple[int, str]]:
    """The teams ``actor`` may pick for a goal or a team digest, as (id, name) by name: every
    team for an admin, the teams they manage for anyone else."""
    if actor.is_admin:
        return sorted(store.team_names_by_id().items(), key=lambda team: team[1].casefold())
    return [(team.id, team.name) for team in store.managed_teams(store.person(actor.person_id))]


def find_team(store: TeamLookup, name: str, *, example: str) -> TeamRecord:
    """The team called ``name``; an unknown name is answered with the closest ones and ``example``:
    the form of the command that named it (``orders.usage`` for ``/sales orders team:NAME``), so
    the reader is shown how to write what they were writing."""
    team = store.team_by_name(name)
    if team is None:
        suggestions = closest(name, store.team_names())
        key = "team.not_found_suggest" if suggestions else "team.not_found"
        raise NotFound(key, example=example, name=name, suggestions=", ".join(suggestions))
    return team


def create_team(store: TeamStore, actor: Actor, name: str) -> TeamRecord:
    require_admin(actor, "team create")
    name = clean_name(name, max_length=TEAM_NAME_MAX, kind="team")
    if store.team_by_name(name) is not None:
        raise Conflict("team.exists", name=name)
    team = store.create_team(name)
    store.audit(
        actor_id=actor.person_id,
        action="team.created",
        entity="team",
        entity_id=team.id,
        name=name,
    )
    return team


def rename_team(
    store: TeamStore, actor: Actor, readings: Sequence[tuple[str, str]]
) -> tuple[str, TeamRecord]:
    """Renames a team; (its old name, the team). Goals, people and digests keep to it (by id).

    ``readings`` are the ways to read what was typed as (old name, new name); the one whose old
    name is a team is meant, and two that are both teams are refused as unclear.
    """
    require_admin(actor, "team rename")
    if not readings:
        raise InvalidInput("team.rename_form", example="team.usage")
    found = [(team, new) for old, new in readings if (team := store.team_by_name(old)) is not None]
    if not found:
        find_team(
            store, readings[0][0], example="team.usage"
        )  # says there is no such team, with the closest names
    if len(found) > 1:
        text = " ".join(readings[0])
        raise InvalidInput("team.rename_ambiguous", example="team.usage", text=text)
    team, new = found[0]
    new = clean_name(new, max_length=TEAM_NAME_MAX, kind="team")
    if new == team.name:
        raise Conflict("team.rename_same", name=new)
    other = store.team_by_name(new)
    if other is not None and other.id != team.id:
        raise Conflict("team.exists", name=other.name)
    old = team.name
    store.rename_team(team, new)
    store.audit(
        actor_id=actor.person_id,
        action="team.renamed",
        entity="team",
        entity_id=team.id,
        old=old,
        new=new,
    )
    return old, team


def delete_team(store: TeamStore, actor: Actor, name: str) -> tuple[str, list[str]]:
    """Deletes a team set up by mistake; (its name, the names of the people who were in it).

    A team with goals is kept (deleting it would take the goals and their history with it), and
    so is one with a digest schedule, which would otherwise stop without a word to its owner.
    """
    require_admin(actor, "team delete")
    team = find_team(store, name, example="team.usage")
    if store.goals_of_subject("team", team.id, limit=1):
        raise Conflict("team.delete_has_goals", name=team.name)
    if any(schedule.team_id == team.id for schedule in store.digest_schedules()):
        raise Conflict("team.delete_has_digests", name=team.name)
    view = store.team_view(team)
    people = list(dict.fromkeys(person.name for person in [*view.managers, *view.members]))
    for role in (MEMBER, MANAGER):
        for membership in store.memberships(team, role).values():
            store.remove_from_team(membership)
    store.audit(
        actor_id=actor.person_id,
        action="team.deleted",
        entity="team",
        entity_id=team.id,
        name=team.name,
        people=people,
    )
    store.delete_team(team)
    return team.name, people


def add_members(
    store: TeamStore, actor: Actor, team_name: str, people: Sequence[PersonRecord]
) -> MembershipChange:
    require_admin(actor, "team add")
    team = find_team(store, team_name, example="team.usage")
    current = store.memberships(team, MEMBER)
    added, already = [], []
    for person in _distinct(people):
        if person.id in current:
            already.append(person.name)
        else:
            store.add_to_team(team, person, MEMBER)
            added.append(person.name)
    change = MembershipChange(team=team.name, changed=added, unchanged=already)
    return _audited(store, actor, team, "team.members_added", change)


def remove_members(
    store: TeamStore, actor: Actor, team_name: str, people: Sequence[PersonRecord]
) -> MembershipChange:
    """Removes people from the team, as members and as managers."""
    require_admin(actor, "team remove")
    team = find_team(store, team_name, example="team.usage")
    members, managers = store.memberships(team, MEMBER), store.memberships(team, MANAGER)
    removed, absent = [], []
    for person in _distinct(people):
        found = [m for m in (members.get(person.id), managers.get(person.id)) if m is not None]
        for membership in found:
            store.remove_from_team(membership)
        (removed if found else absent).append(person.name)
    change = MembershipChange(team=team.name, changed=removed, unchanged=absent)
    return _audited(store, actor, team, "team.members_removed", change)


def add_managers(
    store: TeamStore,
    actor: Actor,
    team_name: str,
    people: Sequence[PersonRecord],
    configured_admins: Collection[str],
) -> MembershipChange:
    """Makes people managers of the team; a rep made a team manager gets the manager role."""
    require_admin(actor, "team manager")
    team = find_team(store, team_name, example="team.usage")
    current = store.memberships(team, MANAGER)
    added, already, promoted = [], [], []
    for person in _distinct(people):
        if person.id in current:
            already.append(person.name)
            continue
        store.add_to_team(team, person, MANAGER)
        added.append(person.name)
        if effective_role(person, configured_admins) is Role.REP:
            person.role = Role.MANAGER.value
            store.save_person(person)
            promoted.append(person.name)
    change = MembershipChange(team=team.name, changed=added, unchanged=already, promoted=promoted)
    return _audited(store, actor, team, "team.managers_added", change, promoted=promoted)


def _audited(
    store: TeamStore, actor: Actor, team: TeamRecord, action: str, change: MembershipChange, **details: object
) -> MembershipChange:
    """``change``, audited when it added or removed anyone."""
    if change.changed:
        store.audit(
            actor_id=actor.person_id,
            action=action,
            entity="team",
            entity_id=team.id,
            people=change.changed,
            **details,
        )
    return change


def _distinct(people: Sequence[PersonRecord]) -> list:
    seen, result = set(), []
    for person in people:
        if person.id not in seen:
            seen.add(person.id)
            result.append(person)
    return result


def set_channel(
    store: TeamStore,
    actor: Actor,
    team_name: str,
    channel_id: str | None,
    *,
    channel_problem: UserError | None = None,
) -> TeamRecord:
    """Where the team is told of its goals and revisions; None tells its members one by one.

    ``channel_problem`` is why salesbot can never post in the channel (Slack was asked before
    the transaction): refused after the right and the team are checked, so each refusal says
    the first thing to fix."""
    require_admin(actor, "team channel")
    team = find_team(store, team_name, example="team.usage")
    if channel_problem is not None:
        raise channel_problem
    before = team.channel_id
    team.channel_id = channel_id
    store.save_team(team)
    store.audit(
        actor_id=actor.person_id,
        action="team.channel",
        entity="team",
        entity_id=team.id,
        old=before,
        new=channel_id,
    )
    return team


@dataclass(frozen=True)
class TeamCommand:
    action: str  # create | add | remove | manager | channel | rename | delete | list
    name: str = ""
    user_ids: tuple[str, ...] = ()
    channel_id: str | None = None  # for "channel"; None clears it
    # For "rename": the ways to read the words as (old name, new name), longest old name first.
    renames: tuple[tuple[str, str], ...] = ()


# The words of both languages for each action: the Norwegian usage shows the Norwegian ones.
TEAM_ACTIONS = {
    "create": "create",
    "opprett": "create",
    "ny": "create",
    "add": "add",
    "legg til": "add",
    "remove": "remove",
    "fjern": "remove",
    "manager": "manager",
    "leder": "manager",
    "channel": "channel",
    "kanal": "channel",
    "rename": "rename",
    "omdøp": "rename",
    "delete": "delete",
    "slett": "delete",
    "list": "list",
    "liste": "list",
    "vis": "list",
}


# Between the old and the new name: "/sales team rename Ost to Øst".
_RENAME_TO = re.compile(r"\s+(?:to|til|->|→)\s+", re.IGNORECASE)


def parse_team(text: str) -> TeamCommand:
    """``/sales team`` alone lists the teams, like ``team list``."""
    action, rest = take_action(text, TEAM_ACTIONS, area="team")
    if action == "list":
        return TeamCommand(action="list")
    if action == "create":
        if "<@" in rest:
            raise InvalidInput("team.create_no_people", example="team.usage")
        return TeamCommand(action="create", name=unquote(rest))
    if action == "delete":
        if not rest:
            raise InvalidInput("team.name_missing", example="team.usage")
        return TeamCommand(action="delete", name=unquote(rest))
    if action == "rename":
        return TeamCommand(action="rename", renames=_rename_readings(rest))
    if action == "channel":
        return _parse_team_channel(rest)
    ids, name = require_mentions(rest, usage="team.usage")
    if not name:
        raise InvalidInput("team.name_missing", example="team.usage")
    return TeamCommand(action=action, name=unquote(name), user_ids=tuple(ids))


def _rename_readings(rest: str) -> tuple[tuple[str, str], ...]:
    """``OLD NEW`` as (old, new) pairs: one when the names are quoted or split by "to", else
    every split of the words (the catalog of teams then tells which old name is meant)."""
    rest = rest.translate(str.maketrans({"“": '"', "”": '"', "«": '"', "»": '"'})).strip()
    if '"' in rest:
        try:
            words = shlex.split(rest)
        except ValueError:
            raise InvalidInput("team.rename_form", example="team.usage") from None
        if len(words) != 2 or not all(w.strip() for w in words):
            raise InvalidInput("team.rename_form", example="team.usage")
        return ((words[0].strip(), words[1].strip()),)
    parts = _RENAME_TO.split(rest)
    if len(parts) == 2 and all(parts):
        return ((parts[0], parts[1]),)
    words = rest.split()
    if len(words) < 2:
        raise InvalidInput("team.rename_form", example="team.usage")
    return tuple((" ".join(words[:cut]), " ".join(words[cut:])) for cut in range(len(words) - 1, 0, -1))


def _parse_team_channel(rest: str) -> TeamCommand:
    """``channel NAME #channel`` sets where the team is told of its goals; ``channel NAME off`` clears it."""
    channels = CHANNEL_MENTION.findall(rest)
    name = " ".join(CHANNEL_MENTION.sub(" ", rest).split())
    if len(channels) > 1:
        raise InvalidInput("team.channel_form", example="team.usage")
    if not channels:
        words = name.split()
        if len(words) >= 2 and len(words[-1]) > 1 and words[-1].startswith("#"):
            # A channel typed by hand that Slack did not make a link: it does not exist (or was not
            # picked from the list), which says more than the command's form.
            raise InvalidInput("team.channel_unknown", channel=words[-1])
        if len(words) < 2 or words[-1].casefold() not in NO_CHANNEL:
            raise InvalidInput("team.channel_form", example="team.usage")
        name = " ".join(words[:-1])
    if not name:
        raise InvalidInput("team.name_missing", example="team.usage")
    return TeamCommand(action="channel", name=unquote(name), channel_id=channels[0] if channels else None)
