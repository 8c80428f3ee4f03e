"""Who may do what: roles from Slack's flags and configuration, managers and their teams' members."""

from __future__ import annotations

import pytest

from salesbot import teams
from salesbot.access import Role, effective_role
from salesbot.errors import PermissionDenied
from salesbot.people import actor_for
from tests.salesbot.rows import ADMINS, synced


def test_effective_role_prefers_slack_flags_and_configuration(store):
    owner = synced(store, "U0OWN", "Owner", is_owner=True)
    configured = synced(store, "U0CONF", "Configured")
    rep = synced(store, "U0REP", "Rep")
    assert effective_role(owner, ADMINS) is Role.ADMIN
    assert effective_role(configured, ADMINS) is Role.ADMIN
    assert effective_role(rep, ADMINS) is Role.REP
    rep.role = "manager"
    assert effective_role(rep, ADMINS) is Role.MANAGER


def test_managers_manage_their_teams_members_only(store):
    owner = actor_for(store, synced(store, "U0OWN", "Owner", is_owner=True), ADMINS)
    boss, kari, ola = synced(store, "U0B", "Boss"), synced(store, "U0K", "Kari"), synced(store, "U0O", "Ola")
    teams.create_team(store, owner, "Øst")
    teams.create_team(store, owner, "Vest")
    teams.add_members(store, owner, "Øst", [kari])
    teams.add_members(store, owner, "Vest", [ola])
    change = teams.add_managers(store, owner, "øst", [boss], ADMINS)
    assert change.promoted == ["Boss"]
    manager = actor_for(store, boss, ADMINS)
    assert manager.role is Role.MANAGER
    assert manager.may_manage(kari.id) and not manager.may_manage(ola.id)
    rep = actor_for(store, kari, ADMINS)
    assert rep.may_manage(kari.id) and not rep.may_manage(ola.id)
    with pytest.raises(PermissionDenied):
        teams.create_team(store, manager, "Nord")
