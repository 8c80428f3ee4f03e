"""The domain's fixtures: a real Store on the test database, and a small sales office in it."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from salesbot.access import Actor, Role
from storage.store import Store, get_or_create_workspace


@pytest.fixture
def store(db):
    """A Store bound to one workspace, its changes rolled back after the test."""
    with Session(db) as session:
        yield Store(session, get_or_create_workspace(session, slack_team_id="T0UNIT"))
        session.rollback()


@pytest.fixture
def world(store):
    """Team Øst: Rita and Kari, managed by Mona; Per in no team; Ingrid an admin.

    (store, actors by name, people by name)."""
    people = {}
    for slack_id, name in (("UA", "Ingrid"), ("UM", "Mona"), ("UR", "Rita"), ("UK", "Kari"), ("UP", "Per")):
        person = store.new_person(slack_id)
        person.name = name
        people[name] = store.save_person(person)
    team = store.create_team("Øst")
    store.add_to_team(team, people["Rita"], "member")
    store.add_to_team(team, people["Kari"], "member")
    store.add_to_team(team, people["Mona"], "manager")
    roles = {"Ingrid": Role.ADMIN, "Mona": Role.MANAGER}
    actors = {
        name: Actor(
            person_id=person.id,
            slack_user_id=person.slack_user_id,
            name=name,
            role=roles.get(name, Role.REP),
            lang="en",
            managed_person_ids=frozenset(store.managed_person_ids(person)),
        )
        for name, person in people.items()
    }
    return store, actors, people
