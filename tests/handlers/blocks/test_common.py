"""Limits, clipping, escaping and notices (handlers/blocks/common.py)."""

from __future__ import annotations

from handlers.blocks.common import (
    SECTION_TEXT,
    build_notice,
    clip,
    join_within,
    mention,
    metadata,
    mrkdwn_escape,
    read_metadata,
)
from handlers.respond import Reply
from tests.handlers.blocks.checks import valid_message


def test_the_escape_and_a_cut_never_splitting_one():
    assert mrkdwn_escape("<@U1> & <!here> &amp;") == "&lt;@U1&gt; &amp; &lt;!here&gt; &amp;amp;"
    assert mrkdwn_escape("R&D") == "R&amp;D"
    assert clip("abcdefgh R&amp; D more words", 16) == "abcdefgh R&amp;…"
    assert clip("aaaaaaaaaaaaa&amp;bbb", 16) == "aaaaaaaaaaaaa…"


def test_a_clip_keeps_what_fits_and_cuts_at_a_word_with_an_ellipsis():
    assert clip("Kaffe og te", 20) == "Kaffe og te"
    assert clip("Kaffe og te til hele kontoret", 20) == "Kaffe og te til…"
    assert clip("x" * 30, 10) == "x" * 9 + "…"
    assert len(clip("ord " * 2000, SECTION_TEXT)) <= SECTION_TEXT


def test_join_within_counts_what_does_not_fit():
    names = ["Ann", "Bo", "Cy", "Dag", "Eli"]
    assert join_within(names, 100, "+{count} more") == "Ann, Bo, Cy, Dag, Eli"
    assert join_within(names, 18, "+{count} more") == "Ann, Bo, +3 more"
    assert join_within([], 18, "+{count} more") == ""
    many = [f"<@U{i:08d}>" for i in range(1000)]
    joined = join_within(many, 600, "+{count} more")
    shown = joined.split(", ")
    assert len(joined) <= 600 and shown[-1] == f"+{1000 - len(shown) + 1} more"


def test_a_mention_and_a_modals_metadata():
    assert mention("U0REP") == "<@U0REP>"
    assert metadata(channel="C1", url=None, id=3) == '{"channel": "C1", "id": 3}'
    assert read_metadata({"private_metadata": metadata(channel="C1", id=3)}) == {"channel": "C1", "id": 3}
    assert read_metadata({"private_metadata": "not json"}) == {} and read_metadata({}) == {}


def test_a_notice():
    assert valid_message(build_notice("Team *Øst* created.")) == Reply(
        text="Team *Øst* created.",
        blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": "Team *Øst* created."}}],
    )
    assert valid_message(build_notice("Saved.", detail="Nobody was told.")) == Reply(
        text="Saved.\nNobody was told.",
        blocks=[
            {"type": "section", "text": {"type": "mrkdwn", "text": "Saved."}},
            {"type": "context", "elements": [{"type": "mrkdwn", "text": "Nobody was told."}]},
        ],
    )


def test_a_long_notice_is_clipped_inside_its_section():
    reply = valid_message(build_notice("word " * 2000, detail="more " * 1000))
    section, context = reply.blocks
    assert len(section["text"]["text"]) <= SECTION_TEXT and section["text"]["text"].endswith("…")
    assert len(context["elements"][0]["text"]) <= 2000
