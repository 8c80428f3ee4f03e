"""Domain rules for roles, teams, products and the command grammar, on a real Store."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlmodel import Session

from salesbot import people, products, teams
from salesbot.access import Role, effective_role
from salesbot.commands import parse_product, parse_role, parse_team, take_mentions
from salesbot.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from salesbot.people import SlackProfile, actor_for, sync_person
from storage.store import Store, get_or_create_workspace

ADMINS = frozenset({"U0CONF"})


@pytest.fixture
def store(db):
    with Session(db) as session:
        yield Store(session, get_or_create_workspace(session, slack_team_id="T0UNIT"))
        session.rollback()


def person(store, user_id, name, **flags):
    return sync_person(
        store, SlackProfile(user_id=user_id, name=name, timezone="Europe/Oslo", **flags), ADMINS
    )


def test_effective_role_prefers_slack_flags_and_configuration(store):
    owner = person(store, "U0OWN", "Owner", is_owner=True)
    configured = person(store, "U0CONF", "Configured")
    rep = person(store, "U0REP", "Rep")
    assert effective_role(owner, ADMINS) is Role.ADMIN
    assert effective_role(configured, ADMINS) is Role.ADMIN
    assert effective_role(rep, ADMINS) is Role.REP
    rep.role = "manager"
    assert effective_role(rep, ADMINS) is Role.MANAGER


def test_first_admin_sets_the_workspace_timezone_once(store):
    sync_person(store, SlackProfile(user_id="U1", name="Rep", timezone="Asia/Tokyo"), ADMINS)
    assert store.workspace.timezone == "UTC"
    person(store, "U0OWN", "Owner", is_owner=True)
    assert store.workspace.timezone == "Europe/Oslo"
    sync_person(store, SlackProfile(user_id="U2", name="Admin", timezone="Asia/Tokyo", is_admin=True), ADMINS)
    assert store.workspace.timezone == "Europe/Oslo"


def test_managers_manage_their_teams_members_only(store):
    owner = actor_for(store, person(store, "U0OWN", "Owner", is_owner=True), ADMINS)
    boss, kari, ola = person(store, "U0B", "Boss"), person(store, "U0K", "Kari"), person(store, "U0O", "Ola")
    teams.create_team(store, owner, "Øst")
    teams.create_team(store, owner, "Vest")
    teams.add_members(store, owner, "Øst", [kari])
    teams.add_members(store, owner, "Vest", [ola])
    change = teams.add_managers(store, owner, "øst", [boss], ADMINS)
    assert change.promoted == ["Boss"]
    manager = actor_for(store, boss, ADMINS)
    assert manager.role is Role.MANAGER
    assert manager.may_manage(kari.id) and not manager.may_manage(ola.id)
    rep = actor_for(store, kari, ADMINS)
    assert rep.may_manage(kari.id) and not rep.may_manage(ola.id)
    with pytest.raises(PermissionDenied):
        teams.create_team(store, manager, "Nord")


def test_team_names_are_unique_regardless_of_case_and_validated(store):
    owner = actor_for(store, person(store, "U0OWN", "Owner", is_owner=True), ADMINS)
    teams.create_team(store, owner, "  Bedrift   Øst ")
    assert store.team_names() == ["Bedrift Øst"]
    with pytest.raises(Conflict):
        teams.create_team(store, owner, "bedrift øst")
    for bad, key in (
        ("", "team.name_missing"),
        ("x" * 81, "team.name_too_long"),
        ("<!here>", "team.name_markup"),
    ):
        with pytest.raises(InvalidInput) as caught:
            teams.create_team(store, owner, bad)
        assert caught.value.key == key
    with pytest.raises(NotFound) as caught:
        teams.add_members(store, owner, "Bedrift Ost", [])
    assert (
        caught.value.key == "team.not_found_suggest" and caught.value.params["suggestions"] == "Bedrift Øst"
    )


def test_role_rules(store):
    owner = actor_for(store, person(store, "U0OWN", "Owner", is_owner=True), ADMINS)
    rep = person(store, "U0REP", "Rep")
    bot = person(store, "U0BOT", "Bot", is_bot=True)
    assert people.set_role(store, owner, rep, "Manager", ADMINS).new is Role.MANAGER
    with pytest.raises(InvalidInput):
        people.set_role(store, owner, rep, "king", ADMINS)
    with pytest.raises(InvalidInput):
        people.set_role(store, owner, bot, "rep", ADMINS)
    with pytest.raises(Conflict):
        people.set_role(store, owner, person(store, "U0CONF", "Configured"), "rep", ADMINS)
    with pytest.raises(PermissionDenied):
        people.set_role(store, actor_for(store, rep, ADMINS), rep, "admin", ADMINS)


def test_products_retire_and_come_back(store):
    owner = actor_for(store, person(store, "U0OWN", "Owner", is_owner=True), ADMINS)
    products.add_product(store, owner, "Barista Pro", Decimal("24990"))
    with pytest.raises(Conflict):
        products.add_product(store, owner, "barista pro", None)
    products.retire_product(store, owner, "Barista Pro")
    with pytest.raises(NotFound):
        products.find_product(store, "Barista Pro")
    back = products.add_product(store, owner, "Barista Pro", None)
    assert back.active and back.list_price == Decimal("24990")
    rep = actor_for(store, person(store, "U0REP", "Rep"), ADMINS)
    with pytest.raises(PermissionDenied):
        products.add_product(store, rep, "Kaffe", None)


def test_every_change_is_audited(store):
    owner_person = person(store, "U0OWN", "Owner", is_owner=True)
    owner = actor_for(store, owner_person, ADMINS)
    teams.create_team(store, owner, "Øst")
    products.add_product(store, owner, "Kaffe", None)
    actions = [(entry.action, entry.actor_person_id) for entry in store.audit_entries()]
    assert ("team.created", owner_person.id) in actions and ("product.added", owner_person.id) in actions


@pytest.mark.parametrize(
    ("text", "lang", "name", "price"),
    [
        ("add Kaffe", "en", "Kaffe", None),
        ("add Barista Pro 2 24 990 kr", "nb", "Barista Pro 2", Decimal("24990")),
        ('add "Modell 3" 4 990', "nb", "Modell 3", Decimal("4990")),
        ("add Serviceavtale pris: 1 290,50", "nb", "Serviceavtale", Decimal("1290.50")),
        ("add Serviceavtale price: 1,290.50", "en", "Serviceavtale", Decimal("1290.50")),
        ("add Abonnement 1.5k", "en", "Abonnement", Decimal("1500")),
    ],
)
def test_product_command_grammar(text, lang, name, price):
    parsed = parse_product(text, lang)
    assert (parsed.action, parsed.name, parsed.price) == ("add", name, price)


def test_an_unreadable_price_is_reported_not_taken_as_name():
    with pytest.raises(InvalidInput) as caught:
        parse_product("add Kaffe 12,5", "en")
    assert caught.value.key == "amount.ambiguous_comma"


def test_mentions_and_team_grammar():
    assert take_mentions("add Øst <@U1|kari> <@U2> <@U1>") == (["U1", "U2"], "add Øst")
    parsed = parse_team('add "Team Nord" <@U1|kari>')
    assert (parsed.action, parsed.name, parsed.user_ids) == ("add", "Team Nord", ("U1",))
    with pytest.raises(InvalidInput) as caught:
        parse_team("add Nord @kari")
    assert caught.value.key == "command.plain_mention"
    with pytest.raises(InvalidInput) as caught:
        parse_team("rename Nord")
    assert caught.value.key == "team.form"
    assert parse_role("<@U9|x> ADMIN").role == "admin"
    with pytest.raises(InvalidInput):
        parse_role("<@U9|x> <@U8|y> admin")
