"""The team list (handlers/blocks/teams.py): summarised inside one message, names escaped."""

from __future__ import annotations

from types import SimpleNamespace

from handlers.blocks.common import MESSAGE_BLOCKS
from handlers.blocks.teams import build_team_list
from handlers.respond import Reply
from tests.handlers.blocks.checks import valid_message, within_sections
from tests.handlers.blocks.samples import EN, NB, ODD, ODD_MD, person, team


def view(team_id: int, name: str, *, managers: int = 1, members: int = 2, channel_id: str | None = None):
    """A team as the store lists it: the team, its managers and its members."""
    return SimpleNamespace(
        team=team(team_id, name, channel_id),
        managers=[person(100 + i, slack_user_id=f"U0M{team_id}x{i}") for i in range(managers)],
        members=[person(1000 + i, slack_user_id=f"U0P{team_id}x{i}") for i in range(members)],
    )


def test_no_teams_yet():
    assert valid_message(build_team_list(EN, [])) == Reply(
        text="There are no teams yet. An admin creates one with `/sales team create NAME`.",
        blocks=[
            {
                "type": "section",
                "text": {
                    "type": "mrkdwn",
                    "text": "There are no teams yet. An admin creates one with `/sales team create NAME`.",
                },
            }
        ],
    )


def test_a_team_its_people_and_its_channel():
    reply = valid_message(build_team_list(EN, [view(1, ODD, channel_id="C0RD")]))
    assert reply.blocks[0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": "Teams (1)", "emoji": True},
    }
    assert within_sections(reply.blocks) == [
        f"*{ODD_MD}* · members: 2\nManagers: <@U0M1x0>\nMembers: <@U0P1x0>, <@U0P1x1>\nTeam channel: <#C0RD>"
    ]
    assert reply.text == f"Teams (1)\n{ODD_MD} (2)"


def test_a_team_without_people_in_norwegian():
    reply = valid_message(build_team_list(NB, [view(1, "Nord", managers=0, members=0)]))
    assert reply.blocks[0]["text"]["text"] == "Team (1)"
    (text,) = within_sections(reply.blocks)
    assert "ingen ennå" in text and "–" in text and "<#" not in text


def test_two_hundred_teams_stay_inside_one_message_with_a_count_of_the_rest():
    reply = valid_message(build_team_list(EN, [view(i, f"Team {i:03d}") for i in range(200)]))
    assert len(reply.blocks) <= MESSAGE_BLOCKS
    shown = within_sections(reply.blocks)
    assert reply.blocks[-1] == {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": f"…and {200 - len(shown)} more teams."}],
    }
    assert shown[0].startswith("*Team 000*") and shown[-1].startswith(f"*Team {len(shown) - 1:03d}*")
    assert reply.text.startswith("Teams (200)\nTeam 000 (2)") and len(reply.text) <= 3000


def test_a_huge_team_and_a_long_name_are_clipped_inside_their_section():
    reply = valid_message(build_team_list(EN, [view(1, "x" * 5000, managers=300, members=2000)]))
    (text,) = within_sections(reply.blocks)
    assert text.startswith("*xxx") and text.endswith("…")
    many = valid_message(build_team_list(EN, [view(1, "Øst", managers=300, members=2000)]))
    (text,) = within_sections(many.blocks)
    assert "members: 2000" in text and "more" in text  # the people are counted, not all named
