"""The ``/sales`` help menu (handlers/blocks/help.py)."""

from __future__ import annotations

from handlers import ids
from handlers.blocks.common import SECTION_TEXT
from handlers.blocks.help import build_help
from salesbot.access import Actor, Role
from tests.handlers.blocks.checks import mrkdwn, valid_message, within_sections
from tests.helpers import buttons

REP = Actor(person_id=1, slack_user_id="U0REP", name="Rita Rep", role=Role.REP, lang="en")
ADMIN = Actor(person_id=2, slack_user_id="U0OWNER", name="Ingrid", role=Role.ADMIN, lang="nb")
USAGES = [("result", "`/sales result AMOUNT [PRODUCT]`"), ("orders", "`/sales orders`")]


def rows(reply) -> dict[str, list[str]]:
    """The action ids of each row of buttons, by block id."""
    return {
        b["block_id"]: [e["action_id"] for e in b["elements"]] for b in reply.blocks if b["type"] == "actions"
    }


def test_the_menu_a_rep_sees():
    reply = valid_message(build_help(REP, USAGES))
    assert [b["type"] for b in reply.blocks] == [
        "header",
        "section",
        "actions",
        "actions",
        "divider",
        "section",
        "context",
    ]
    assert reply.blocks[0]["text"]["text"] == "salesbot"
    assert rows(reply) == {
        "help_buttons": [
            ids.OPEN_RESULT_MODAL,
            ids.SHOW_OPEN_ORDERS,
            ids.SHOW_PROGRESS,
            ids.SHOW_LEADERBOARD,
        ],
        "help_more": [ids.OPEN_PREFERENCES, ids.SHOW_TEAMS, ids.SHOW_PRODUCTS],
    }
    labels = {action: button["text"]["text"] for action, button in buttons(reply.blocks).items()}
    assert labels[ids.OPEN_RESULT_MODAL] == "Record a sale"
    assert [b.get("style") for b in reply.blocks[2]["elements"]] == ["primary", None, None, None]
    assert reply.blocks[5]["text"]["text"] == "`/sales result AMOUNT [PRODUCT]`\n`/sales orders`"
    assert "Your role in salesbot: *sales rep*." in reply.blocks[6]["elements"][0]["text"]
    assert reply.text == "salesbot", "the notification names the menu; the usages are in the blocks"


def test_an_admin_has_settings_in_their_language():
    reply = valid_message(build_help(ADMIN, []))
    assert rows(reply)["help_more"] == [
        ids.OPEN_PREFERENCES,
        ids.SHOW_TEAMS,
        ids.SHOW_PRODUCTS,
        ids.OPEN_SETTINGS,
    ]
    assert buttons(reply.blocks)[ids.OPEN_RESULT_MODAL]["text"]["text"] == "Registrer et salg"
    assert "Rollen din i salesbot: *administrator*." in mrkdwn(reply.blocks)
    assert "Skriv `/sales` etterfulgt av en kommando" in mrkdwn(reply.blocks)


def test_a_note_comes_first_and_in_the_fallback():
    reply = valid_message(
        build_help(REP, USAGES, note="`tema` is not a `/sales` command. Did you mean `/sales team`?")
    )
    assert reply.blocks[1]["text"]["text"] == "`tema` is not a `/sales` command. Did you mean `/sales team`?"
    assert reply.text.splitlines()[:2] == [
        "salesbot",
        "`tema` is not a `/sales` command. Did you mean `/sales team`?",
    ]
    long = valid_message(build_help(REP, USAGES, note="word " * 1000))
    assert len(long.blocks[1]["text"]["text"]) <= SECTION_TEXT


def test_a_long_usage_list_is_split_over_sections_at_whole_lines():
    usages = [(f"c{i}", f"`/sales c{i:02d}` " + "w" * 200) for i in range(40)]
    reply = valid_message(build_help(REP, usages))
    texts = within_sections(reply.blocks)[1:]  # after the intro
    assert len(texts) > 1
    assert "\n".join(texts).splitlines() == [usage for _, usage in usages]
    assert len(reply.text) <= 3000
