"""Domain rules for roles, teams, products and the command grammar, on a real Store."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import Session

from salesbot import people, products, teams
from salesbot.access import Role, effective_role
from salesbot.commands import take_mentions
from salesbot.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from salesbot.people import SlackProfile, actor_for, parse_role, sync_person
from salesbot.products import parse_product
from salesbot.teams import parse_team
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
    with pytest.raises(Conflict) as caught:
        products.find_product(store, "Barista Pro")
    assert (caught.value.key, caught.value.params) == (
        "product.retired_not_for_sale",
        {"name": "Barista Pro"},
    )
    assert products.find_product(store, "barista pro", include_retired=True).active is False
    with pytest.raises(Conflict) as caught:
        products.retire_product(store, owner, "Barista Pro")
    assert caught.value.key == "product.already_retired"
    with pytest.raises(NotFound):
        products.find_product(store, "Espresso")
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
    assert caught.value.key == "team.rename_form"
    with pytest.raises(InvalidInput) as caught:
        parse_team("frobnicate Nord")
    assert (caught.value.key, caught.value.params) == ("team.form", {"text": "frobnicate"})
    assert parse_role("<@U9|x> ADMIN").role == "admin"
    with pytest.raises(InvalidInput):
        parse_role("<@U9|x> <@U8|y> admin")


def test_a_list_price_above_a_billion_is_refused(store):
    owner = actor_for(store, person(store, "U0OWN", "Owner", is_owner=True), ADMINS)
    with pytest.raises(InvalidInput) as caught:
        products.add_product(store, owner, "Gold", Decimal("150000000000"))
    assert caught.value.key == "product.price_too_high"
    assert products.add_product(store, owner, "Gold", Decimal("1000000000")).list_price == Decimal(
        "1000000000"
    )


@pytest.mark.parametrize(
    ("text", "action"),
    [("", "list"), ("list", "list"), ("LIST", "list")],
)
def test_team_and_product_alone_are_their_lists(text, action):
    assert parse_team(text).action == action
    assert parse_product(text, "en").action == action


@pytest.mark.parametrize(
    ("text", "readings"),
    [
        ("rename Ost Øst", (("Ost", "Øst"),)),
        ('rename "Team Ost" "Team Øst"', (("Team Ost", "Team Øst"),)),
        ("rename “Team Ost” “Team Øst”", (("Team Ost", "Team Øst"),)),
        ("rename Team Ost to Team Øst", (("Team Ost", "Team Øst"),)),
        ("rename Team Ost til Team Øst", (("Team Ost", "Team Øst"),)),
        (
            "rename Team Ost Team Øst",
            (("Team Ost Team", "Øst"), ("Team Ost", "Team Øst"), ("Team", "Ost Team Øst")),
        ),
    ],
)
def test_rename_grammar(text, readings):
    parsed = parse_team(text)
    assert (parsed.action, parsed.renames) == ("rename", readings)


@pytest.mark.parametrize(
    "text", ["rename", "rename Øst", 'rename "Øst"', 'rename "Øst" "Vest" "Nord"', 'rename "Øst']
)
def test_rename_needs_two_names(text):
    with pytest.raises(InvalidInput) as caught:
        parse_team(text)
    assert caught.value.key == "team.rename_form"


def test_rename_a_mistyped_team_keeps_its_people_and_is_audited(store):
    owner_person = person(store, "U0OWN", "Owner", is_owner=True)
    owner = actor_for(store, owner_person, ADMINS)
    kari = person(store, "U0K", "Kari")
    teams.create_team(store, owner, "Team Ost")
    teams.create_team(store, owner, "Vest")
    teams.add_members(store, owner, "Team Ost", [kari])

    old, team = teams.rename_team(store, owner, parse_team("rename Team Ost Team Øst").renames)
    assert (old, team.name) == ("Team Ost", "Team Øst")
    assert store.team_by_name("team øst").id == team.id and store.team_by_name("Team Ost") is None
    assert [p.name for p in store.team_view(team).members] == ["Kari"]
    entry = next(e for e in store.audit_entries() if e.action == "team.renamed")
    assert (entry.actor_person_id, entry.details["old"], entry.details["new"]) == (
        owner_person.id,
        "Team Ost",
        "Team Øst",
    )
    # Only the case changes: still the same team.
    assert teams.rename_team(store, owner, [("team øst", "TEAM ØST")])[1].name == "TEAM ØST"

    with pytest.raises(Conflict) as caught:
        teams.rename_team(store, owner, [("Vest", "team øst")])
    assert caught.value.key == "team.exists"
    with pytest.raises(Conflict) as caught:
        teams.rename_team(store, owner, [("Vest", "Vest")])
    assert caught.value.key == "team.rename_same"
    with pytest.raises(NotFound) as caught:
        teams.rename_team(store, owner, [("Vst", "Nord")])
    assert caught.value.params["suggestions"] == "Vest"
    with pytest.raises(InvalidInput) as caught:
        teams.rename_team(store, owner, [("Vest", "<@U1>")])
    assert caught.value.key == "team.name_markup"
    teams.create_team(store, owner, "Nord")
    teams.create_team(store, owner, "Nord Vest")
    with pytest.raises(InvalidInput) as caught:  # "Nord" → "Vest Sør", or "Nord Vest" → "Sør"?
        teams.rename_team(store, owner, parse_team("rename Nord Vest Sør").renames)
    assert caught.value.key == "team.rename_ambiguous"
    rep = actor_for(store, kari, ADMINS)
    with pytest.raises(PermissionDenied):
        teams.rename_team(store, rep, [("Vest", "Sør")])
    assert store.team_by_name("Vest") is not None


def test_delete_a_team_without_goals_or_digests(store):
    from salesbot.goals import goal_key

    owner = actor_for(store, person(store, "U0OWN", "Owner", is_owner=True), ADMINS)
    boss, kari = person(store, "U0B", "Boss"), person(store, "U0K", "Kari")
    for name in ("Øst", "Vest", "Nord"):
        teams.create_team(store, owner, name)
    teams.add_members(store, owner, "Øst", [kari])
    teams.add_managers(store, owner, "Øst", [boss], ADMINS)
    vest, nord = store.team_by_name("Vest"), store.team_by_name("Nord")
    store.add_goal(
        scope="team",
        team_id=vest.id,
        metric="revenue",
        period_kind="month",
        period_key="2026-11",
        period_start=date(2026, 11, 1),
        period_end=date(2026, 11, 30),
        target=Decimal("1000"),
        goal_key=goal_key("team", vest.id, "revenue", "2026-11", None),
    )
    store.add_digest_schedule(
        kind="channel", scope="team", team_id=nord.id, channel_id="C1", cadence="daily", local_time="09:00"
    )

    rep = actor_for(store, kari, ADMINS)
    with pytest.raises(PermissionDenied):
        teams.delete_team(store, rep, "Øst")
    assert teams.delete_team(store, owner, "øst") == ("Øst", ["Boss", "Kari"])
    assert store.team_by_name("Øst") is None
    assert store.managed_teams(boss) == [] and store.teams_of(kari) == []
    entry = next(e for e in store.audit_entries() if e.action == "team.deleted")
    assert entry.details == {"name": "Øst", "people": ["Boss", "Kari"]}

    with pytest.raises(Conflict) as caught:
        teams.delete_team(store, owner, "Vest")
    assert (caught.value.key, caught.value.params) == ("team.delete_has_goals", {"name": "Vest"})
    with pytest.raises(Conflict) as caught:
        teams.delete_team(store, owner, "Nord")
    assert caught.value.key == "team.delete_has_digests"
    with pytest.raises(NotFound):
        teams.delete_team(store, owner, "Øst")
    assert [t.name for t in (v.team for v in store.teams())] == ["Nord", "Vest"]
