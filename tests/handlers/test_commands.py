"""End to end: ``/sales`` itself (handlers/commands.py): the help menu and its buttons, unknown
subcommands, the reader's language, and the command text read back as typed."""

from __future__ import annotations

import pytest

from handlers import ids
from salesbot.i18n import t
from storage.models import Product, Team
from tests.conftest import NORWEGIAN, OWNER, REP
from tests.helpers import last_reply, open_modal, replies, rows


def test_help_menu_lists_commands_with_buttons(slack):
    result = slack.command("help", user=OWNER)
    assert result.status == 200
    posted = [p for p in slack.fake.snapshot_posted() if p.kind == "ephemeral"][-1]
    usages = "\n".join(b["text"]["text"] for b in posted.blocks if b["type"] == "section")
    assert "/sales team create" in usages and "/sales role" in usages and "/sales export" in usages
    buttons = [e["action_id"] for b in posted.blocks if b["type"] == "actions" for e in b["elements"]]
    # The daily work first, then preferences and administration.
    assert buttons == [
        ids.OPEN_RESULT_MODAL,
        ids.SHOW_OPEN_ORDERS,
        ids.SHOW_PROGRESS,
        ids.SHOW_LEADERBOARD,
        ids.OPEN_PREFERENCES,
        ids.SHOW_TEAMS,
        ids.SHOW_PRODUCTS,
        ids.OPEN_SETTINGS,
    ]


@pytest.mark.parametrize(
    ("user", "lang", "first"),
    [(REP, "en", "Record a sale"), (NORWEGIAN, "nb", "Registrer et salg")],
)
def test_help_menu_buttons_for_a_rep_in_their_language_within_block_kit_limits(slack, user, lang, first):
    # The same labels as on the App Home tab.
    keys = ("record_sale", "open_orders", "progress", "leaderboard")
    labels = [t(lang, f"home.button.{key}") for key in keys]
    labels += [t(lang, f"help.button.{key}") for key in ("preferences", "teams", "products")]
    assert labels[0] == first
    slack.command("help", user=user)
    posted = [p for p in slack.fake.snapshot_posted() if p.kind == "ephemeral" and p.user == user][-1]
    rows_ = [b for b in posted.blocks if b["type"] == "actions"]
    shown_labels = [e["text"]["text"] for b in rows_ for e in b["elements"]]
    assert shown_labels == labels
    assert all(len(b["elements"]) <= 25 for b in rows_) and all(len(label) <= 75 for label in shown_labels)
    assert [e["style"] for e in rows_[0]["elements"] if "style" in e] == ["primary"]


def test_help_menu_buttons_do_their_work(slack):
    slack.command("help", user=REP)
    slack.click(user=REP, action_id=ids.OPEN_RESULT_MODAL, block_id="help_buttons")
    modal = open_modal(slack, REP)
    assert modal.view["callback_id"] == ids.RESULT_MODAL
    slack.click(user=REP, action_id=ids.SHOW_PROGRESS, block_id="help_buttons")
    slack.click(user=REP, action_id=ids.SHOW_LEADERBOARD, block_id="help_buttons")
    progress, leaderboard = replies(slack, REP)[-2:]
    assert "goal" in progress.casefold() and "leaderboard" in leaderboard.casefold()


def test_a_bare_sales_shows_the_menu_and_a_rep_sees_only_their_commands(slack):
    slack.command("", user=REP)
    text = last_reply(slack, REP)
    assert "/sales team list" in text and "/sales product list" in text
    assert "/sales role" not in text and "team create" not in text and "product add" not in text


def test_unknown_subcommand_suggests_the_closest(slack):
    slack.command("tema list", user=OWNER)
    assert "Did you mean `/sales team`?" in last_reply(slack)


def test_norwegian_user_gets_norwegian(slack):
    slack.command("hjelp", user=NORWEGIAN)
    assert "Skriv `/sales` etterfulgt av en kommando" in last_reply(slack, NORWEGIAN)
    slack.command("lagg", user=NORWEGIAN)
    assert "er ikke en `/sales`-kommando" in last_reply(slack, NORWEGIAN)


def test_names_with_ampersands_are_stored_as_typed(slack, db):
    # LocalWorkspace sends "&" as Slack does ("&amp;"); salesbot keeps what the person typed.
    slack.command("team create R&D", user=OWNER)
    slack.command("product add Kaffe & Te 100", user=OWNER)
    slack.command("product retire kaffe & te", user=OWNER)
    assert [t.name for t in rows(db, Team)] == ["R&D"]
    assert [(p.name, p.active) for p in rows(db, Product)] == [("Kaffe & Te", False)]


def test_help_buttons_work_from_the_message_and_from_app_home(slack):
    slack.command("team create Øst", user=OWNER)
    slack.click(user=REP, action_id=ids.SHOW_TEAMS, block_id="help_buttons")
    assert "Øst" in last_reply(slack, REP)
    slack.open_home(REP)
    home = slack.fake.home_view(REP)
    assert home is not None and "Hi Rita Rep" in str(home["blocks"])
    slack.click(user=REP, action_id=ids.SHOW_PRODUCTS, block_id="home_buttons", view=home)
    dm = slack.fake.wait_for_posted(lambda p: p.kind == "dm" and p.user == REP)
    assert "product catalog is empty" in dm.text


def test_help_lists_result_orders_and_away(slack):
    slack.command("help", user=REP)
    text = last_reply(slack, REP)
    assert "`/sales result AMOUNT [PRODUCT] [QUANTITY] [for @person] [customer:NAME] [segment:NAME]`" in text
    assert "`3 units` or `x3`" in text
    assert "`/sales orders`" in text and "`/sales away FROM TO [@person]`" in text
