"""Block Kit and mrkdwn as terminal text."""

import pytest

from localslack.console.render import Button, Renderer
from localslack.console.terminal import Style
from localslack.webapi import FakeSlack, FakeUser, Posted


@pytest.fixture
def fake():
    fake = FakeSlack()  # not started: only its directory is used
    fake.add_user(FakeUser("U0KARI", "kari", "Kari Nordmann"))
    fake.add_channel("C0SALES", "sales")
    return fake


def test_mrkdwn_is_rendered_as_readable_text(fake):
    plain = Renderer(fake, Style(False))
    text = (
        ":white_check_mark: *Saved* for <@U0KARI> and <@U0NOBODY|someone> in <#C0SALES|sales>: "
        "see <https://example.com/x|the guide> &amp; <https://example.com> :unknown_code:"
    )
    assert plain.mrkdwn(text) == (
        "✅ Saved for @Kari Nordmann and @someone in #sales: see the guide (https://example.com/x) & "
        "https://example.com :unknown_code:"
    )
    assert plain.mrkdwn("`open_settings` stays, _soft_ words") == "`open_settings` stays, soft words"
    assert Renderer(fake, Style(True)).mrkdwn("*Saved*") == "\x1b[1mSaved\x1b[0m"


def test_blocks_are_rendered_with_numbered_buttons(fake):
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": "Progress"}},
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": "*Kari* is ahead"},
            "fields": [{"type": "mrkdwn", "text": "Target: 100"}],
            "accessory": {
                "type": "button",
                "text": {"type": "plain_text", "text": "Details"},
                "action_id": "d",
            },
        },
        {"type": "divider"},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "Updated today"}]},
        {
            "type": "actions",
            "block_id": "row",
            "elements": [
                {"type": "button", "text": {"type": "plain_text", "text": "Log a sale"}, "action_id": "log"},
                {
                    "type": "button",
                    "text": {"type": "plain_text", "text": "Help"},
                    "action_id": "h",
                    "value": "v",
                },
            ],
        },
        {"type": "image", "image_url": "https://example.com/c.png", "alt_text": "a chart"},
    ]
    buttons: list[Button] = []
    lines = Renderer(fake, Style(False)).blocks(blocks, buttons, Posted("ephemeral"))

    assert lines == [
        "Progress",
        "========",
        "Kari is ahead",
        "  Target: 100",
        "[1] Details",
        "─" * 40,
        "Updated today",
        "[2] Log a sale  [3] Help",
        "[image: a chart]",
    ]
    assert [(b.action_id, b.block_id, b.value) for b in buttons] == [
        ("d", "", None),
        ("log", "row", None),
        ("h", "row", "v"),
    ]


def test_every_emoji_salesbot_writes_is_drawn_in_the_console():
    """Each `:name:` in the catalogs has a glyph in the console (a new one would show as text)."""
    import re
    from pathlib import Path

    from babel.messages.pofile import read_po

    from localslack.console.render import EMOJI

    root = Path(__file__).resolve().parents[3]
    used = set()
    for path in root.glob("salesbot/locales/*/LC_MESSAGES/salesbot.po"):
        with path.open("rb") as po:
            for message in read_po(po):
                texts = message.string if isinstance(message.string, tuple | list) else [message.string]
                for text in texts:
                    # A `:name:` between spaces or at the ends; not a URL's "https:" or "email:".
                    used |= set(
                        re.findall(r"(?<![\w/]):([a-z0-9_+\-]*[a-z][a-z0-9_+\-]*):(?![/\w])", text or "")
                    )
    assert "white_check_mark" in used
    assert used - set(EMOJI) == set()
