"""Starting a session on the plain ``Records`` the caller hands over, with no database at all."""

from __future__ import annotations

import io
import re

import pytest

from localslack.console.mentions import channel_id_for, channel_name_from_id
from localslack.console.records import Records, StoredPerson
from localslack.console.start import acting_user, first_run, seed_channels, seed_people
from localslack.console.terminal import Terminal
from localslack.webapi import FakeSlack


def records(**given) -> Records:
    nothing = {
        "is_empty": False,
        "demo_company": "Demo AS",
        "load_demo": lambda: "",
        "people": list,
        "channels": list,
        "workspace_name": lambda: None,
        "roles": lambda user_ids: {},
        "language": lambda user_id, slack_locale: "en",
    }
    return Records(**{**nothing, **given})


def test_the_stored_people_are_seated_in_the_fake_and_the_owner_is_acted_as():
    people = [
        StoredPerson("U0REP", "Rita Rep", "Europe/Oslo", "nb-NO", False, False, False),
        StoredPerson("U0OWNER", "Ingrid Owner", "Nowhere/Atlantis", None, True, True, False),
        StoredPerson("U0OTHERBOT", "Other bot", None, None, False, False, True),
    ]
    fake = FakeSlack()

    seated = seed_people(fake, records(people=lambda: people))

    assert seated == people
    rita, ingrid = fake.user("U0REP"), fake.user("U0OWNER")
    assert (rita.name, rita.real_name, rita.tz, rita.locale) == ("rita", "Rita Rep", "Europe/Oslo", "nb-NO")
    assert (ingrid.tz, ingrid.locale, ingrid.is_owner, ingrid.is_admin) == ("UTC", "en-US", True, True)
    assert "U0OTHERBOT" not in fake.users
    assert acting_user(fake, people, None) == ("U0OWNER", None)
    assert acting_user(fake, people, "Rita") == ("U0REP", None)
    assert acting_user(fake, people, "Nobody") == ("U0OWNER", "Nobody")


def test_the_first_run_loads_the_demo_through_the_callable_it_was_given():
    loaded = []

    def load_demo() -> str:
        loaded.append("Demo AS")
        return "Loaded."

    term = Terminal(io.StringIO("y\n"), io.StringIO())

    assert first_run(term, FakeSlack(), records(is_empty=True, load_demo=load_demo))

    assert loaded == ["Demo AS"]
    assert term.stdout.getvalue() == (
        "This workspace is empty. Load the demo company Demo AS? [Y/n] y\nLoaded.\n"
    )


@pytest.mark.parametrize("name", ["sales", "salg-ost", "team_zulu-2", "z", "pizza", "a" * 30])
def test_a_console_channel_id_spells_its_name_exactly(name):
    channel_id = channel_id_for(name)
    assert channel_id is not None and len(channel_id) <= 32
    assert re.fullmatch(r"C[A-Z0-9]+", channel_id)  # as salesbot reads a channel mention
    assert channel_name_from_id(channel_id) == name


def test_a_name_too_long_to_spell_in_an_id_has_none():
    assert channel_id_for("a" * 31) is None
    assert channel_id_for("-" * 16) is None


def test_the_channels_salesbot_keeps_are_back_by_name_after_a_restart():
    fake = FakeSlack()
    fake.add_channel("C0SALES", "sales")
    kept = ["C0SALGZ1OST", "C0SALES", "C0SALESNORTH", "D0NOTACHANNEL"]

    seed_channels(fake, records(channels=lambda: kept))

    names = {c["id"]: c["name"] for c in fake.channels.values()}
    # An id from before the spelling was exact reads as its letters and digits.
    assert names == {"C0SALGZ1OST": "salg-ost", "C0SALES": "sales", "C0SALESNORTH": "salesnorth"}
