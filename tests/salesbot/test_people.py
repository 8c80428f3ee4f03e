"""People: synced from Slack, their roles and how a role is typed."""

from __future__ import annotations

import pytest

from salesbot import people
from salesbot.access import Role
from salesbot.errors import Conflict, InvalidInput, PermissionDenied
from salesbot.people import SlackProfile, actor_for, parse_role, sync_person
from tests.salesbot.rows import ADMINS, synced


def test_first_admin_sets_the_workspace_timezone_once(store):
    sync_person(store, SlackProfile(user_id="U1", name="Rep", timezone="Asia/Tokyo"), ADMINS)
    assert store.workspace.timezone == "UTC"
    synced(store, "U0OWN", "Owner", is_owner=True)
    assert store.workspace.timezone == "Europe/Oslo"
    sync_person(store, SlackProfile(user_id="U2", name="Admin", timezone="Asia/Tokyo", is_admin=True), ADMINS)
    assert store.workspace.timezone == "Europe/Oslo"


def test_role_rules(store):
    owner = actor_for(store, synced(store, "U0OWN", "Owner", is_owner=True), ADMINS)
    rep = synced(store, "U0REP", "Rep")
    bot = synced(store, "U0BOT", "Bot", is_bot=True)
    assert people.set_role(store, owner, rep, "Manager", ADMINS).new is Role.MANAGER
    with pytest.raises(InvalidInput):
        people.set_role(store, owner, rep, "king", ADMINS)
    with pytest.raises(InvalidInput):
        people.set_role(store, owner, bot, "rep", ADMINS)
    with pytest.raises(Conflict):
        people.set_role(store, owner, synced(store, "U0CONF", "Configured"), "rep", ADMINS)
    with pytest.raises(PermissionDenied):
        people.set_role(store, actor_for(store, rep, ADMINS), rep, "admin", ADMINS)


@pytest.mark.parametrize(
    ("word", "role"),
    [("administrator", Role.ADMIN), ("Leder", Role.MANAGER), ("selger", Role.REP), ("rep", Role.REP)],
)
def test_roles_are_read_in_both_languages(store, word, role):
    owner = actor_for(store, synced(store, "U0OWN", "Owner", is_owner=True), ADMINS)
    subject = synced(store, "U0SUB", "Subject")
    assert people.set_role(store, owner, subject, word, ADMINS).new is role


def test_role_grammar():
    assert parse_role("<@U9|x> ADMIN").role == "admin"
    with pytest.raises(InvalidInput):
        parse_role("<@U9|x> <@U8|y> admin")
