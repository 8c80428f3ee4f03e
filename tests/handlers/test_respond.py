"""Replies (handlers/respond.py): every message sent has a plain-text fallback beside its blocks."""

from __future__ import annotations

from tests.conftest import OWNER


def test_every_reply_has_a_text_fallback(slack):
    slack.command("help", user=OWNER)
    slack.command("team list", user=OWNER)
    slack.command("product list", user=OWNER)
    assert slack.fake.missing_text_fallbacks() == []
