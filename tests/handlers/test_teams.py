"""End to end: ``/sales team``, teams created, staffed, listed, renamed, given a channel, deleted."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from storage.models import AuditEntry, Person, Team, TeamMembership
from tests.conftest import MANAGER, NORWEGIAN, OWNER, REP, REP2
from tests.helpers import last_reply, rows


def test_team_lifecycle(slack, db):
    slack.command("team create Bedrift Øst", user=OWNER)
    assert "Team *Bedrift Øst* created" in last_reply(slack)
    slack.command(f"team add bedrift øst {slack.mention(REP)} {slack.mention(REP2)}", user=OWNER)
    assert "Added to *Bedrift Øst*: Rita Rep, Per Rep" in last_reply(slack)
    slack.command(f"team manager Bedrift Øst {slack.mention(MANAGER)}", user=OWNER)
    assert "Now managing *Bedrift Øst*: Mona Manager" in last_reply(slack)
    dm = slack.fake.wait_for_posted(lambda p: p.kind == "dm" and p.user == MANAGER)
    assert "manager of the team *Bedrift Øst*" in dm.text
    assert {p.slack_user_id: p.role for p in rows(db, Person)}[MANAGER] == "manager"

    slack.command("team list", user=REP)
    listing = last_reply(slack, REP)
    assert "*Bedrift Øst* · members: 2\nManagers: <@U0MANAGER>\nMembers: <@U0REP2>, <@U0REP>" in listing

    slack.command(f"team remove Bedrift Øst {slack.mention(REP2)}", user=OWNER)
    assert "Removed from *Bedrift Øst*: Per Rep" in last_reply(slack)
    memberships = rows(db, TeamMembership)
    assert sorted(m.role for m in memberships) == ["manager", "member"]
    actions = [e.action for e in rows(db, AuditEntry)]
    for action in ("team.created", "team.members_added", "team.managers_added", "team.members_removed"):
        assert action in actions


@pytest.mark.parametrize(("user", "expected"), [(REP, "Teams (1)"), (NORWEGIAN, "Team (1)")])
def test_team_alone_lists_the_teams(slack, user, expected):
    slack.command("team create Øst", user=OWNER)
    slack.command("team", user=user)
    reply = last_reply(slack, user)
    assert expected in reply and "*Øst*" in reply and "``" not in reply


def test_a_mistyped_team_is_renamed_and_an_empty_one_deleted(slack, db):
    slack.command("team create Ost", user=OWNER)
    slack.command(f"team add Ost {slack.mention(REP)}", user=OWNER)
    slack.command("team rename Ost Øst", user=OWNER)
    assert "Team *Ost* is now called *Øst*. Its people, goals and digests stay with it." in last_reply(slack)
    (team,) = rows(db, Team)
    assert (team.name, team.name_key) == ("Øst", "øst")
    assert [m.team_id for m in rows(db, TeamMembership)] == [team.id]

    slack.command('team create "Team Nord & Co"', user=OWNER)
    slack.command('team rename "team nord & co" "Nord"', user=NORWEGIAN)
    assert "Bare salesbot-administratorer" in last_reply(slack, NORWEGIAN)
    slack.command("team rename Team Nord & Co to Nord", user=OWNER)
    assert "Team *Team Nord &amp; Co* is now called *Nord*" in last_reply(slack)
    slack.command("team rename Vest Sør", user=OWNER)
    assert "There is no team called *Vest*" in last_reply(slack)
    slack.command("team rename Øst", user=OWNER)
    assert "Name the team and its new name" in last_reply(slack)
    slack.command("team rename Øst Nord", user=OWNER)
    assert "There is already a team called *Nord*" in last_reply(slack)

    slack.command("team delete Nord", user=REP)
    assert "Only salesbot admins" in last_reply(slack, REP)
    slack.command("team delete nord", user=OWNER)
    assert "Team *Nord* deleted." in last_reply(slack)
    slack.command("team delete Øst", user=OWNER)
    reply = last_reply(slack)
    assert (
        "Team *Øst* deleted." in reply
        and "No longer in it: Rita Rep. Their sales and goals are kept." in reply
    )
    assert rows(db, Team) == [] and rows(db, TeamMembership) == []
    audit = [(e.action, e.details.get("name") or e.details.get("new")) for e in rows(db, AuditEntry)]
    assert (
        ("team.renamed", "Øst") in audit
        and ("team.deleted", "Øst") in audit
        and ("team.deleted", "Nord") in audit
    )


def test_a_team_with_goals_is_not_deleted(slack, db):
    slack.command("team create Øst", user=OWNER)
    slack.command("goal team:Øst 100000 this month", user=OWNER)
    slack.command("team delete Øst", user=OWNER)
    reply = last_reply(slack)
    assert "*Øst* has goals, so it can't be deleted" in reply and "`/sales team rename Øst NEW NAME`" in reply
    slack.command("team delete Øst", user=NORWEGIAN)
    assert "Bare salesbot-administratorer" in last_reply(slack, NORWEGIAN)
    slack.command(f"role {slack.mention(NORWEGIAN)} admin", user=OWNER)
    slack.command("team delete Øst", user=NORWEGIAN)
    assert "*Øst* har mål og kan derfor ikke slettes" in last_reply(slack, NORWEGIAN)
    assert [t.name for t in rows(db, Team)] == ["Øst"]


def test_team_channel_is_set_shown_and_cleared(slack, db):
    slack.fake.add_channel("C0SALGOST", "salg-ost")
    slack.command("team create Øst", user=OWNER)
    slack.command("team channel Øst <#C0SALGOST|salg-ost>", user=OWNER)
    reply = last_reply(slack)
    assert "*Øst* is told of its goals in <#C0SALGOST>" in reply
    assert "salesbot is in the channel and posts the team's new and revised goals there" in reply
    assert rows(db, Team)[0].channel_id == "C0SALGOST"
    slack.command("team list", user=REP)
    assert "Team channel: <#C0SALGOST>" in last_reply(slack, REP)
    slack.command("team channel Øst <#C0SALGOST|salg-ost>", user=REP)
    assert "Only salesbot admins" in last_reply(slack, REP)
    slack.command("team channel Øst", user=OWNER)
    assert "Name the team and one channel" in last_reply(slack)
    slack.command("team channel Øst off", user=OWNER)
    assert "has no team channel" in last_reply(slack)
    assert rows(db, Team)[0].channel_id is None
    assert "team.channel" in [e.action for e in rows(db, AuditEntry)]


def test_team_errors_write_nothing(slack, db):
    slack.command("team create Øst", user=OWNER)
    slack.command("team create øst", user=OWNER)
    assert "already a team called *øst*" in last_reply(slack)
    slack.command(f"team add Vest {slack.mention(REP)}", user=OWNER)
    assert "no team called *Vest*" in last_reply(slack)
    slack.command("team add Øst @rita", user=OWNER)
    assert "pick the person from Slack's @ list" in last_reply(slack)
    slack.command("team add Øst <@U0NOBODY|ghost>", user=OWNER)
    assert "can't find <@U0NOBODY>" in last_reply(slack)
    slack.command("team create Nord", user=REP)
    assert "Only salesbot admins" in last_reply(slack, REP)
    assert [t.name for t in rows(db, Team)] == ["Øst"]
    assert rows(db, TeamMembership) == []


def test_team_list_stays_inside_block_kit_limits_for_many_teams(slack, db):
    from storage.store import Store, get_or_create_workspace

    with Session(db) as session:
        store = Store(session, get_or_create_workspace(session, slack_team_id=slack.team_id))
        people = []
        for i in range(120):
            person = store.new_person(f"U0MANY{i:03d}")
            person.name = f"Person Number {i} With A Rather Long Name"
            people.append(store.save_person(person))
        for t in range(60):
            team = store.create_team(f"Team {t:02d}")
            for person in people:
                store.add_to_team(team, person, "member")
        session.commit()
    slack.command("team list", user=OWNER)
    posted = [p for p in slack.fake.snapshot_posted() if p.kind == "ephemeral"][-1]
    assert len(posted.blocks) <= 50
    assert "…and 13 more teams." in str(posted.blocks)
    assert all(len(b.get("text", {}).get("text", "")) <= 3000 for b in posted.blocks)


@pytest.mark.parametrize(
    ("user", "said"),
    [
        (OWNER, "I can't find the channel `#salg-ost`. If it exists, pick it from Slack's list"),
        (NORWEGIAN, "Jeg finner ikke kanalen `#salg-ost`. Hvis den finnes, velger du den fra Slacks liste"),
    ],
)
def test_a_channel_typed_by_hand_that_slack_did_not_link_is_named_as_the_problem(slack, db, user, said):
    """`#salg-ost` stays plain text when no such channel exists: the reply is about the channel."""
    slack.command("team create Bedrift Øst", user=OWNER)
    if user == NORWEGIAN:
        slack.command(f"role {slack.mention(NORWEGIAN)} admin", user=OWNER)
    slack.command("team channel Bedrift Øst #salg-ost", user=user)
    reply = last_reply(slack, user)
    assert said in reply and "/invite @salesbot" in reply
    assert rows(db, Team)[0].channel_id is None


@pytest.mark.parametrize(
    ("user", "said"),
    [
        (OWNER, "salesbot is not in <#C0SALGOST> yet, so it cannot post there: type `/invite @salesbot`"),
        (NORWEGIAN, "salesbot er ikke med i <#C0SALGOST> ennå, så den kan ikke legge ut meldinger"),
    ],
)
def test_a_public_channel_salesbot_is_not_in_is_saved_with_how_to_invite_it(slack, db, user, said):
    slack.fake.add_channel("C0SALGOST", "salg-ost", is_member=False)
    slack.command(f"role {slack.mention(NORWEGIAN)} admin", user=OWNER)
    slack.command("team create Bedrift Øst", user=OWNER)
    slack.command("team channel Bedrift Øst <#C0SALGOST|salg-ost>", user=user)
    assert said in last_reply(slack, user)
    assert rows(db, Team)[0].channel_id == "C0SALGOST"


@pytest.mark.parametrize(
    ("channel", "user", "said"),
    [
        (
            {"is_private": True, "is_member": False},
            OWNER,
            "I can't see <#C0SALGOST>: it was deleted, or it is a private",
        ),
        (
            {"is_private": True, "is_member": False},
            NORWEGIAN,
            "Jeg ser ikke <#C0SALGOST>: kanalen er slettet",
        ),
        (None, OWNER, "I can't see <#C0SALGOST>: it was deleted"),
        ({"is_archived": True}, OWNER, "<#C0SALGOST> is archived, so salesbot cannot post there"),
        ({"is_archived": True}, NORWEGIAN, "<#C0SALGOST> er arkivert, så salesbot kan ikke legge ut"),
    ],
)
def test_a_channel_salesbot_can_never_post_in_is_refused_with_how_to_fix_it(slack, db, channel, user, said):
    if channel is not None:
        slack.fake.add_channel("C0SALGOST", "salg-ost", **channel)
    slack.command(f"role {slack.mention(NORWEGIAN)} admin", user=OWNER)
    slack.command("team create Bedrift Øst", user=OWNER)
    slack.command("team channel Bedrift Øst <#C0SALGOST|salg-ost>", user=user)
    assert said in last_reply(slack, user)
    assert rows(db, Team)[0].channel_id is None
    assert "team.channel" not in [e.action for e in rows(db, AuditEntry)]


def test_a_rep_setting_a_channel_is_refused_for_the_right_not_the_channel(slack, db):
    slack.command("team create Bedrift Øst", user=OWNER)
    slack.command("team channel Bedrift Øst <#C0GONE|gone>", user=REP)
    reply = last_reply(slack, REP)
    assert "Only salesbot admins" in reply and "C0GONE" not in reply
