"""A demo company for the local console: Fjordkaffe AS, an office-coffee supplier in Norway."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from salesbot.people import SlackProfile, sync_person
from salesbot.teams import MANAGER, MEMBER

DEMO_COMPANY = "Fjordkaffe AS"


@dataclass(frozen=True)
class DemoPerson:
    user_id: str
    name: str
    role: str = "rep"
    locale: str = "nb-NO"
    is_owner: bool = False


# The first is the workspace owner, whom the console acts as by default.
DEMO_PEOPLE = (
    DemoPerson("U0DEMO001", "Ingrid Solberg", role="admin", is_owner=True),
    DemoPerson("U0DEMO002", "Lars Haugen", role="manager"),
    DemoPerson("U0DEMO003", "Mona Berg", role="manager", locale="en-GB"),
    DemoPerson("U0DEMO004", "Erik Johansen", role="manager"),
    DemoPerson("U0DEMO005", "Kari Nordmann"),
    DemoPerson("U0DEMO006", "Ola Hansen"),
    DemoPerson("U0DEMO007", "Sofie Lie", locale="en-US"),
    DemoPerson("U0DEMO008", "Jonas Bakken"),
    DemoPerson("U0DEMO009", "Emma Kristiansen"),
    DemoPerson("U0DEMO010", "Henrik Dahl"),
    DemoPerson("U0DEMO011", "Nora Pedersen", locale="en-GB"),
    DemoPerson("U0DEMO012", "Sander Moen"),
    DemoPerson("U0DEMO013", "Ida Larsen"),
    DemoPerson("U0DEMO014", "Magnus Eide"),
    DemoPerson("U0DEMO015", "Thea Strand"),
    DemoPerson("U0DEMO016", "Filip Nilsen"),
)

# Team name → (manager, members) by user id.
DEMO_TEAMS = {
    "Bedrift Øst": ("U0DEMO002", ("U0DEMO005", "U0DEMO006", "U0DEMO007", "U0DEMO008")),
    "Bedrift Vest": ("U0DEMO003", ("U0DEMO009", "U0DEMO010", "U0DEMO011", "U0DEMO012")),
    "Offentlig sektor": ("U0DEMO004", ("U0DEMO013", "U0DEMO014", "U0DEMO015", "U0DEMO016")),
}

DEMO_PRODUCTS = (
    ("Barista Pro 2", Decimal("24990")),
    ("Kontor Kompakt", Decimal("12490")),
    ("Serviceavtale", Decimal("4990")),
    ("Bønneabonnement", Decimal("1290")),
    ("Vannkoker Deluxe", None),
)


def is_empty(store) -> bool:
    return store.count_people() == 0


def load_demo(store) -> str:
    """Fills an empty workspace with the demo company; returns a summary line.

    Refuses a workspace that already has people, so a real workspace is never mixed with demo data.
    """
    if not is_empty(store):
        return "The workspace already has people; the demo was not loaded."
    store.update_workspace(
        name=DEMO_COMPANY, currency="NOK", locale="nb", timezone="Europe/Oslo", timezone_confirmed=True
    )
    people = {}
    for demo in DEMO_PEOPLE:
        person = sync_person(
            store,
            SlackProfile(
                user_id=demo.user_id,
                name=demo.name,
                timezone="Europe/Oslo",
                locale=demo.locale,
                is_owner=demo.is_owner,
                is_admin=demo.is_owner,
            ),
            configured_admins=frozenset(),
        )
        person.role = demo.role
        people[demo.user_id] = store.save_person(person)
    for name, (manager, members) in DEMO_TEAMS.items():
        team = store.create_team(name)
        store.add_to_team(team, people[manager], MANAGER)
        for member in members:
            store.add_to_team(team, people[member], MEMBER)
    for name, price in DEMO_PRODUCTS:
        store.add_product(name, price)
    store.audit(actor=None, action="demo.loaded", entity="workspace", entity_id=store.workspace_id)
    return (
        f"Loaded {DEMO_COMPANY}: {len(DEMO_PEOPLE)} people in {len(DEMO_TEAMS)} teams, "
        f"{len(DEMO_PRODUCTS)} products."
    )
