"""Kudos' rules without Slack: reading the command, where a shout-out goes, the digest's lines."""

from __future__ import annotations

import pytest

from salesbot import kudos
from salesbot.access import Actor, Role
from salesbot.errors import InvalidInput
from salesbot.i18n import Formatter


def test_the_command_reads_one_person_and_the_reason():
    assert kudos.parse_kudos("<@U1> Great demo") == kudos.KudosCommand("U1", "Great demo")
    with pytest.raises(InvalidInput) as refused:
        kudos.parse_kudos("<@U1> <@U2> Both of you")
    assert refused.value.key == "kudos.one_person"
    with pytest.raises(InvalidInput) as refused:
        kudos.check_reason("   ")
    assert refused.value.key == "kudos.reason_missing"
    with pytest.raises(InvalidInput):
        kudos.check_reason("x" * (kudos.REASON_MAX + 1))


def test_where_kudos_are_shown():
    both = kudos.places(public=True, origin="C1", origin_postable=True, announcement="C9")
    assert both == kudos.Places(("C1", "C9"), True, None)
    same = kudos.places(public=True, origin="C9", origin_postable=True, announcement="C9")
    assert same.channels == ("C9",)
    instead = kudos.places(public=True, origin="C1", origin_postable=False, announcement="C9")
    assert instead == kudos.Places(("C9",), False, "C9")
    nowhere = kudos.places(public=True, origin="C1", origin_postable=False, announcement=None)
    assert nowhere.channels == ()
    private = kudos.places(public=False, origin="C1", origin_postable=True, announcement="C9")
    assert private.channels == ()


class _Person:
    def __init__(self, pid, name):
        self.id, self.name = pid, name


def test_the_digest_lines_name_the_most_thanked():
    fmt = Formatter("nb")
    top = [kudos.KudosCount(_Person(1, "Kari"), 3), kudos.KudosCount(_Person(2, "Rita"), 1)]
    assert kudos.kudos_lines(fmt, top, 4) == ["4 ros gitt.", "Fått mest ros: Kari (3), Rita (1)"]
    assert kudos.kudos_lines(fmt, [], 0) == []


class _Receiver:
    def __init__(self, pid, public=True):
        self.id, self.public_ranking = pid, public


def test_kudos_shown_in_public_are_anyone_s_to_read_the_rest_only_those_involved_and_their_managers():
    row = type("Row", (), {"giver_id": 2, "receiver_id": 3})()
    private, public = _Receiver(3, public=False), _Receiver(3)
    rep = Actor(5, "U5", "Else", Role.REP, "en")
    assert kudos.may_see(rep, row, public) and not kudos.may_see(rep, row, private)
    for reader in (
        Actor(2, "U2", "Giver", Role.REP, "en"),
        Actor(3, "U3", "Thanked", Role.REP, "en"),
        Actor(7, "U7", "Their manager", Role.MANAGER, "en", frozenset({2})),
        Actor(8, "U8", "Admin", Role.ADMIN, "en"),
    ):
        assert kudos.may_see(reader, row, private), reader.name
    assert not kudos.may_see(
        Actor(9, "U9", "Other manager", Role.MANAGER, "en", frozenset({4})), row, private
    )
