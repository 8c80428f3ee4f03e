"""Reading what follows ``/sales``: words and mentions."""

from __future__ import annotations

from salesbot.commands import take_mentions


def test_mentions_are_taken_once_each_in_order():
    assert take_mentions("add Øst <@U1|kari> <@U2> <@U1>") == (["U1", "U2"], "add Øst")
