"""The customer segment list's Block Kit (handlers/blocks/segments.py), checked against Slack's
limits: the list with the retired last, the admin's hint or everyone else's, escaped names."""

from __future__ import annotations

from handlers.blocks.segments import build_segments
from salesbot.i18n import Formatter
from tests.handlers.blocks.checks import sections, valid_message

EN, NB = Formatter("en", "NOK"), Formatter("nb", "NOK")


def hint(reply) -> str:
    return next(b for b in reply.blocks if b["type"] == "context")["elements"][0]["text"]


def test_the_list_for_an_admin_with_a_notice_and_the_retired_last():
    reply = valid_message(
        build_segments(
            EN, [("Offices", True), ("Retail", False), ("Skoler & <b>", True)], admin=True, notice="Added."
        )
    )
    assert reply.blocks[0]["text"]["text"] == "Customer segments (2)"
    assert sections(reply.blocks) == ["Added.", "• Offices\n• Skoler &amp; &lt;b&gt;\nRetired: Retail"]
    assert hint(reply).startswith("Admins edit the list: `/sales segments add Education`")
    assert "Customer segments (2)\nAdded.\n• Offices" in reply.text


def test_the_list_for_everyone_else_in_norwegian_and_empty():
    reply = valid_message(build_segments(NB, [("Kontor", True)], admin=False))
    assert "Velg et salgs segment i skjemaet" in hint(reply) and "Administratorer" not in hint(reply)
    empty = valid_message(build_segments(EN, [("Retail", False)], admin=False))
    assert sections(empty.blocks) == ["No segments on the list.\nRetired: Retail"]


def test_a_long_list_stays_within_slacks_limits():
    many = [(f"Segment {i} " + "x" * 50, True) for i in range(200)]
    valid_message(build_segments(EN, many, admin=True, notice="n" * 4000))
