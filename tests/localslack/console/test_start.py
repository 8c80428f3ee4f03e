"""Starting a session on the plain ``Records`` the caller hands over, with no database at all."""

from __future__ import annotations

import io

from localslack.console.records import Records, StoredPerson
from localslack.console.start import acting_user, first_run, seed_people
from localslack.console.terminal import Terminal
from localslack.webapi import FakeSlack


def records(**given) -> Records:
    nothing = {
        "is_empty": False,
        "demo_company": "Demo AS",
        "load_demo": lambda: "",
        "people": list,
        "announcement_channel": lambda: None,
        "workspace_name": lambda: None,
        "roles": lambda user_ids: {},
    }
    return Records(**{**nothing, **given})


def test_the_stored_people_are_seated_in_the_fake_and_the_owner_is_acted_as():
    people = [
        StoredPerson("U0REP", "Rita Rep", "Europe/Oslo", "nb-NO", False, False, False),
        StoredPerson("U0OWNER", "Ingrid Owner", "Nowhere/Atlantis", None, True, True, False),
        StoredPerson("U0OTHERBOT", "Other bot", None, None, False, False, True),
    ]
    fake = FakeSlack()

    seated = seed_people(fake, records(people=lambda: people, announcement_channel=lambda: "C0SALESNORTH"))

    assert seated == people
    rita, ingrid = fake.user("U0REP"), fake.user("U0OWNER")
    assert (rita.name, rita.real_name, rita.tz, rita.locale) == ("rita", "Rita Rep", "Europe/Oslo", "nb-NO")
    assert (ingrid.tz, ingrid.locale, ingrid.is_owner, ingrid.is_admin) == ("UTC", "en-US", True, True)
    assert "U0OTHERBOT" not in fake.users
    assert fake.channels["C0SALESNORTH"]["name"] == "salesnorth"
    assert acting_user(fake, people, None) == ("U0OWNER", None)
    assert acting_user(fake, people, "Rita") == ("U0REP", None)
    assert acting_user(fake, people, "Nobody") == ("U0OWNER", "No one called Nobody here; ")


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
