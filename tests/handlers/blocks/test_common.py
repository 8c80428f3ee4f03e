"""Limits, clipping, escaping and notices (handlers/blocks/common.py)."""

from __future__ import annotations

from handlers.blocks.common import clip, mrkdwn_escape


def test_the_escape_and_a_cut_never_splitting_one():
    assert mrkdwn_escape("<@U1> & <!here> &amp;") == "&lt;@U1&gt; &amp; &lt;!here&gt; &amp;amp;"
    assert mrkdwn_escape("R&D") == "R&amp;D"
    assert clip("abcdefgh R&amp; D more words", 16) == "abcdefgh R&amp;…"
    assert clip("aaaaaaaaaaaaa&amp;bbb", 16) == "aaaaaaaaaaaaa…"
