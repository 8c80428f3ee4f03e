"""End to end: ``/sales role``, and who is an admin by configuration."""

from __future__ import annotations

from localslack.workspace import LocalWorkspace
from storage.models import Person, TeamMembership
from tests.conftest import MANAGER, OWNER, REP, REP2
from tests.helpers import last_reply, rows


def test_roles(slack, db):
    slack.command(f"role {slack.mention(REP)} manager", user=OWNER)
    assert "Rita Rep" not in last_reply(slack) and "is now a manager" in last_reply(slack)
    dm = slack.fake.wait_for_posted(lambda p: p.kind == "dm" and p.user == REP)
    assert "made you a manager" in dm.text
    slack.command(f"role {slack.mention(REP)} boss", user=OWNER)
    assert "`boss` is not a role" in last_reply(slack)
    slack.command(f"role {slack.mention(OWNER)} rep", user=OWNER)
    assert "always a salesbot admin" in last_reply(slack)
    slack.command(f"role {slack.mention(REP2)} admin", user=REP)
    assert "Only salesbot admins" in last_reply(slack, REP)
    roles = {p.slack_user_id: p.role for p in rows(db, Person)}
    assert roles[REP] == "manager"
    assert REP2 not in roles, "a refused request stores nothing, not even the person it named"


def test_demoting_a_manager_drops_their_team_seats(slack, db):
    slack.command("team create Øst", user=OWNER)
    slack.command(f"team manager Øst {slack.mention(MANAGER)}", user=OWNER)
    slack.command(f"role {slack.mention(MANAGER)} rep", user=OWNER)
    assert "no longer manage: Øst" in last_reply(slack)
    assert rows(db, TeamMembership) == []


def test_salesbot_admins_setting_makes_an_admin(db):

    workspace = LocalWorkspace.start(db, admins=frozenset({"U0CONFIGURED"}))
    try:
        workspace.add_user("U0CONFIGURED", "Cato Configured")
        workspace.command("team create Sør", user="U0CONFIGURED")
        assert "Team *Sør* created" in last_reply(workspace)
    finally:
        workspace.stop()
