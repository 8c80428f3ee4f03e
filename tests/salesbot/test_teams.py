"""Teams on a real Store: names, members and managers, renaming, deleting, and how a team is typed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from salesbot import products, teams
from salesbot.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from salesbot.people import actor_for
from salesbot.products import parse_product
from salesbot.teams import parse_team
from tests.salesbot.rows import ADMINS, synced


def test_team_names_are_unique_regardless_of_case_and_validated(store):
    owner = actor_for(store, synced(store, "U0OWN", "Owner", is_owner=True), ADMINS)
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


def test_every_change_is_audited(store):
    owner_person = synced(store, "U0OWN", "Owner", is_owner=True)
    owner = actor_for(store, owner_person, ADMINS)
    teams.create_team(store, owner, "Øst")
    products.add_product(store, owner, "Kaffe", None)
    actions = [(entry.action, entry.actor_person_id) for entry in store.audit_entries()]
    assert ("team.created", owner_person.id) in actions and ("product.added", owner_person.id) in actions


def test_team_grammar():
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


@pytest.mark.parametrize(
    ("text", "action"),
    [("", "list"), ("list", "list"), ("LIST", "list")],
)
def test_team_and_product_alone_are_their_lists(text, action):
    assert parse_team(text).action == action
    assert parse_product(text, "en").action == action


@pytest.mark.parametrize(
    ("text", "action", "name", "user_ids"),
    [
        ("opprett Nord", "create", "Nord", ()),
        ("Legg til Nord <@U1|kari>", "add", "Nord", ("U1",)),
        ("legg  til Nord <@U1|kari>", "add", "Nord", ("U1",)),
        ("fjern Nord <@U1|kari>", "remove", "Nord", ("U1",)),
        ("leder Nord <@U1|kari>", "manager", "Nord", ("U1",)),
        ("slett Nord", "delete", "Nord", ()),
        ("liste", "list", "", ()),
        ("vis", "list", "", ()),
    ],
)
def test_team_actions_read_in_norwegian(text, action, name, user_ids):
    command = parse_team(text)
    assert (command.action, command.name, command.user_ids) == (action, name, user_ids)


def test_team_channel_and_rename_read_in_norwegian():
    assert parse_team("kanal Nord av").action == "channel"
    assert parse_team("kanal Nord av").channel_id is None
    assert parse_team("omdøp Ost til Øst").renames == (("Ost", "Øst"),)
    with pytest.raises(InvalidInput) as caught:
        parse_team("legg Nord <@U1|kari>")
    assert (caught.value.key, caught.value.params) == ("team.form", {"text": "legg"})


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
    owner_person = synced(store, "U0OWN", "Owner", is_owner=True)
    owner = actor_for(store, owner_person, ADMINS)
    kari = synced(store, "U0K", "Kari")
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

    owner = actor_for(store, synced(store, "U0OWN", "Owner", is_owner=True), ADMINS)
    boss, kari = synced(store, "U0B", "Boss"), synced(store, "U0K", "Kari")
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
