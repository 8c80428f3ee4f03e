"""End to end through Slack's request format: help, roles, teams, products, settings, App Home."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from handlers import ids
from salesbot.i18n import t
from storage.models import AuditEntry, Person, Product, Team, TeamMembership, Workspace
from tests.conftest import MANAGER, NORWEGIAN, OWNER, REP, REP2
from tests.helpers import last_reply, replies, rows


def test_help_menu_lists_commands_with_buttons(slack):
    result = slack.command("help", user=OWNER)
    assert result.status == 200
    posted = [p for p in slack.fake.snapshot_posted() if p.kind == "ephemeral"][-1]
    assert "/sales team create" in posted.text and "/sales role" in posted.text
    buttons = [e["action_id"] for b in posted.blocks if b["type"] == "actions" for e in b["elements"]]
    # The daily work first, then preferences and administration.
    assert buttons == [
        ids.OPEN_RESULT_MODAL,
        ids.SHOW_OPEN_ORDERS,
        ids.SHOW_PROGRESS,
        ids.SHOW_LEADERBOARD,
        ids.OPEN_PREFERENCES,
        ids.SHOW_TEAMS,
        ids.SHOW_PRODUCTS,
        ids.OPEN_SETTINGS,
    ]


@pytest.mark.parametrize(
    ("user", "lang", "first"),
    [(REP, "en", "Record a sale"), (NORWEGIAN, "nb", "Registrer et salg")],
)
def test_help_menu_buttons_for_a_rep_in_their_language_within_block_kit_limits(slack, user, lang, first):
    # The same labels as on the App Home tab.
    keys = ("record_sale", "open_orders", "progress", "leaderboard")
    labels = [t(lang, f"home.button.{key}") for key in keys]
    labels += [t(lang, f"help.button.{key}") for key in ("preferences", "teams", "products")]
    assert labels[0] == first
    slack.command("help", user=user)
    posted = [p for p in slack.fake.snapshot_posted() if p.kind == "ephemeral" and p.user == user][-1]
    rows_ = [b for b in posted.blocks if b["type"] == "actions"]
    shown_labels = [e["text"]["text"] for b in rows_ for e in b["elements"]]
    assert shown_labels == labels
    assert all(len(b["elements"]) <= 25 for b in rows_) and all(len(label) <= 75 for label in shown_labels)
    assert [e["style"] for e in rows_[0]["elements"] if "style" in e] == ["primary"]


def test_help_menu_buttons_do_their_work(slack):
    slack.command("help", user=REP)
    slack.click(user=REP, action_id=ids.OPEN_RESULT_MODAL, block_id="help_buttons")
    modal = open_modal(slack, REP)
    assert modal.view["callback_id"] == ids.RESULT_MODAL
    slack.click(user=REP, action_id=ids.SHOW_PROGRESS, block_id="help_buttons")
    slack.click(user=REP, action_id=ids.SHOW_LEADERBOARD, block_id="help_buttons")
    progress, leaderboard = replies(slack, REP)[-2:]
    assert "goal" in progress.casefold() and "leaderboard" in leaderboard.casefold()


def test_a_bare_sales_shows_the_menu_and_a_rep_sees_only_their_commands(slack):
    slack.command("", user=REP)
    text = last_reply(slack, REP)
    assert "/sales team list" in text and "/sales product list" in text
    assert "/sales role" not in text and "team create" not in text and "product add" not in text


def test_unknown_subcommand_suggests_the_closest(slack):
    slack.command("tema list", user=OWNER)
    assert "Did you mean `/sales team`?" in last_reply(slack)


def test_norwegian_user_gets_norwegian(slack):
    slack.command("hjelp", user=NORWEGIAN)
    assert "Skriv `/sales` etterfulgt av en kommando" in last_reply(slack, NORWEGIAN)
    slack.command("lagg", user=NORWEGIAN)
    assert "er ikke en `/sales`-kommando" in last_reply(slack, NORWEGIAN)


def test_people_are_created_on_first_contact_from_users_info(slack, db):
    slack.command("help", user=REP2)
    (person,) = [p for p in rows(db, Person) if p.slack_user_id == REP2]
    assert (person.name, person.timezone, person.role) == ("Per Rep", "America/New_York", "rep")
    assert slack.fake.calls_to("users.info")[-1].args["user"] == REP2
    calls = len(slack.fake.calls_to("users.info"))
    slack.command("help", user=REP2)
    assert len(slack.fake.calls_to("users.info")) == calls, "a known, fresh profile is not fetched again"


def test_first_admin_sets_workspace_timezone(slack, db):
    slack.command("help", user=REP2)  # a rep in New York does not set it
    assert rows(db, Workspace)[0].timezone == "UTC"
    slack.command("help", user=OWNER)
    assert rows(db, Workspace)[0].timezone == "Europe/Oslo"


def test_team_lifecycle(slack, db):
    slack.command("team create Bedrift Øst", user=OWNER)
    assert "Team *Bedrift Øst* created" in last_reply(slack)
    slack.command(f"team add bedrift øst {slack.mention(REP)} {slack.mention(REP2)}", user=OWNER)
    assert "Added to *Bedrift Øst*: Rita Rep, Per Rep" in last_reply(slack)
    slack.command(f"team manager Bedrift Øst {slack.mention(MANAGER)}", user=OWNER)
    assert "Now managing *Bedrift Øst*: Mona Manager" in last_reply(slack)
    dm = slack.fake.wait_for_posted(lambda p: p.kind == "dm" and p.user == MANAGER)
    assert "manager of the team *Bedrift Øst*" in dm.text
    assert {p.slack_user_id: p.role for p in rows(db, Person)}[MANAGER] == "manager"

    slack.command("team list", user=REP)
    listing = last_reply(slack, REP)
    assert "*Bedrift Øst* · members: 2\nManagers: <@U0MANAGER>\nMembers: <@U0REP2>, <@U0REP>" in listing

    slack.command(f"team remove Bedrift Øst {slack.mention(REP2)}", user=OWNER)
    assert "Removed from *Bedrift Øst*: Per Rep" in last_reply(slack)
    memberships = rows(db, TeamMembership)
    assert sorted(m.role for m in memberships) == ["manager", "member"]
    actions = [e.action for e in rows(db, AuditEntry)]
    for action in ("team.created", "team.members_added", "team.managers_added", "team.members_removed"):
        assert action in actions


@pytest.mark.parametrize(("user", "expected"), [(REP, "Teams (1)"), (NORWEGIAN, "Team (1)")])
def test_team_alone_lists_the_teams(slack, user, expected):
    slack.command("team create Øst", user=OWNER)
    slack.command("team", user=user)
    reply = last_reply(slack, user)
    assert expected in reply and "*Øst*" in reply and "``" not in reply


@pytest.mark.parametrize(("user", "expected"), [(REP, "Products (1)"), (NORWEGIAN, "Produkter (1)")])
def test_product_alone_lists_the_catalog(slack, user, expected):
    slack.command("product add Kaffe 100", user=OWNER)
    slack.command("product", user=user)
    reply = last_reply(slack, user)
    assert expected in reply and "Kaffe" in reply and "``" not in reply


def test_a_mistyped_team_is_renamed_and_an_empty_one_deleted(slack, db):
    slack.command("team create Ost", user=OWNER)
    slack.command(f"team add Ost {slack.mention(REP)}", user=OWNER)
    slack.command("team rename Ost Øst", user=OWNER)
    assert "Team *Ost* is now called *Øst*. Its people, goals and digests stay with it." in last_reply(slack)
    (team,) = rows(db, Team)
    assert (team.name, team.name_key) == ("Øst", "øst")
    assert [m.team_id for m in rows(db, TeamMembership)] == [team.id]

    slack.command('team create "Team Nord & Co"', user=OWNER)
    slack.command('team rename "team nord & co" "Nord"', user=NORWEGIAN)
    assert "Bare salesbot-administratorer" in last_reply(slack, NORWEGIAN)
    slack.command("team rename Team Nord & Co to Nord", user=OWNER)
    assert "Team *Team Nord &amp; Co* is now called *Nord*" in last_reply(slack)
    slack.command("team rename Vest Sør", user=OWNER)
    assert "There is no team called *Vest*" in last_reply(slack)
    slack.command("team rename Øst", user=OWNER)
    assert "Name the team and its new name" in last_reply(slack)
    slack.command("team rename Øst Nord", user=OWNER)
    assert "There is already a team called *Nord*" in last_reply(slack)

    slack.command("team delete Nord", user=REP)
    assert "Only salesbot admins" in last_reply(slack, REP)
    slack.command("team delete nord", user=OWNER)
    assert "Team *Nord* deleted." in last_reply(slack)
    slack.command("team delete Øst", user=OWNER)
    reply = last_reply(slack)
    assert (
        "Team *Øst* deleted." in reply
        and "No longer in it: Rita Rep. Their sales and goals are kept." in reply
    )
    assert rows(db, Team) == [] and rows(db, TeamMembership) == []
    audit = [(e.action, e.details.get("name") or e.details.get("new")) for e in rows(db, AuditEntry)]
    assert (
        ("team.renamed", "Øst") in audit
        and ("team.deleted", "Øst") in audit
        and ("team.deleted", "Nord") in audit
    )


def test_a_team_with_goals_is_not_deleted(slack, db):
    slack.command("team create Øst", user=OWNER)
    slack.command("goal team:Øst 100000 this month", user=OWNER)
    slack.command("team delete Øst", user=OWNER)
    reply = last_reply(slack)
    assert "*Øst* has goals, so it can't be deleted" in reply and "`/sales team rename Øst NEW NAME`" in reply
    slack.command("team delete Øst", user=NORWEGIAN)
    assert "Bare salesbot-administratorer" in last_reply(slack, NORWEGIAN)
    slack.command(f"role {slack.mention(NORWEGIAN)} admin", user=OWNER)
    slack.command("team delete Øst", user=NORWEGIAN)
    assert "*Øst* har mål og kan derfor ikke slettes" in last_reply(slack, NORWEGIAN)
    assert [t.name for t in rows(db, Team)] == ["Øst"]


def test_team_channel_is_set_shown_and_cleared(slack, db):
    slack.command("team create Øst", user=OWNER)
    slack.command("team channel Øst <#C0SALGOST|salg-ost>", user=OWNER)
    assert "*Øst* is told of its goals in <#C0SALGOST>" in last_reply(slack)
    assert rows(db, Team)[0].channel_id == "C0SALGOST"
    slack.command("team list", user=REP)
    assert "Team channel: <#C0SALGOST>" in last_reply(slack, REP)
    slack.command("team channel Øst <#C0SALGOST|salg-ost>", user=REP)
    assert "Only salesbot admins" in last_reply(slack, REP)
    slack.command("team channel Øst", user=OWNER)
    assert "Name the team and one channel" in last_reply(slack)
    slack.command("team channel Øst off", user=OWNER)
    assert "has no team channel" in last_reply(slack)
    assert rows(db, Team)[0].channel_id is None
    assert "team.channel" in [e.action for e in rows(db, AuditEntry)]


def test_team_errors_write_nothing(slack, db):
    slack.command("team create Øst", user=OWNER)
    slack.command("team create øst", user=OWNER)
    assert "already a team called *øst*" in last_reply(slack)
    slack.command(f"team add Vest {slack.mention(REP)}", user=OWNER)
    assert "no team called *Vest*" in last_reply(slack)
    slack.command("team add Øst @rita", user=OWNER)
    assert "pick the person from Slack's @ list" in last_reply(slack)
    slack.command("team add Øst <@U0NOBODY|ghost>", user=OWNER)
    assert "can't find <@U0NOBODY>" in last_reply(slack)
    slack.command("team create Nord", user=REP)
    assert "Only salesbot admins" in last_reply(slack, REP)
    assert [t.name for t in rows(db, Team)] == ["Øst"]
    assert rows(db, TeamMembership) == []


def test_roles(slack, db):
    slack.command(f"role {slack.mention(REP)} manager", user=OWNER)
    assert "Rita Rep" not in last_reply(slack) and "is now a manager" in last_reply(slack)
    dm = slack.fake.wait_for_posted(lambda p: p.kind == "dm" and p.user == REP)
    assert "made you a manager" in dm.text
    slack.command(f"role {slack.mention(REP)} boss", user=OWNER)
    assert "`boss` is not a role" in last_reply(slack)
    slack.command(f"role {slack.mention(OWNER)} rep", user=OWNER)
    assert "always a salesbot admin" in last_reply(slack)
    slack.command(f"role {slack.mention(REP2)} admin", user=REP)
    assert "Only salesbot admins" in last_reply(slack, REP)
    roles = {p.slack_user_id: p.role for p in rows(db, Person)}
    assert roles[REP] == "manager"
    assert REP2 not in roles, "a refused request stores nothing, not even the person it named"


def test_demoting_a_manager_drops_their_team_seats(slack, db):
    slack.command("team create Øst", user=OWNER)
    slack.command(f"team manager Øst {slack.mention(MANAGER)}", user=OWNER)
    slack.command(f"role {slack.mention(MANAGER)} rep", user=OWNER)
    assert "no longer manage: Øst" in last_reply(slack)
    assert rows(db, TeamMembership) == []


def test_salesbot_admins_setting_makes_an_admin(db):
    from localslack.workspace import LocalWorkspace

    workspace = LocalWorkspace.start(db, admins=frozenset({"U0CONFIGURED"}))
    try:
        workspace.add_user("U0CONFIGURED", "Cato Configured")
        workspace.command("team create Sør", user="U0CONFIGURED")
        assert "Team *Sør* created" in last_reply(workspace)
    finally:
        workspace.stop()


def test_products(slack, db):
    slack.command(f"role {slack.mention(MANAGER)} manager", user=OWNER)
    slack.command("product add Barista Pro 2 24 990 kr", user=MANAGER)
    assert "*Barista Pro 2* added to the catalog (NOK\xa024,990)" in last_reply(slack, MANAGER)
    slack.command('product add "Modell 3"', user=MANAGER)
    slack.command("product add Serviceavtale price: 4 990,50", user=NORWEGIAN)
    assert "Bare ledere og administratorer" in last_reply(slack, NORWEGIAN)
    slack.command("product retire Barista Pro", user=MANAGER)
    assert "Did you mean: Barista Pro 2?" in last_reply(slack, MANAGER)
    slack.command("product retire barista pro 2", user=MANAGER)
    assert "is retired" in last_reply(slack, MANAGER)
    slack.command("product list", user=REP)
    listing = last_reply(slack, REP)
    assert "Modell 3" in listing and "Barista" not in listing
    products = {p.name: (p.active, p.list_price) for p in rows(db, Product)}
    assert products["Barista Pro 2"][0] is False and products["Barista Pro 2"][1] == 24990
    assert products["Modell 3"] == (True, None)


def test_names_with_ampersands_are_stored_as_typed(slack, db):
    # LocalWorkspace sends "&" as Slack does ("&amp;"); salesbot keeps what the person typed.
    slack.command("team create R&D", user=OWNER)
    slack.command("product add Kaffe & Te 100", user=OWNER)
    slack.command("product retire kaffe & te", user=OWNER)
    assert [t.name for t in rows(db, Team)] == ["R&D"]
    assert [(p.name, p.active) for p in rows(db, Product)] == [("Kaffe & Te", False)]


def test_an_error_quoting_typed_text_never_pings(slack):
    slack.command("product retire <!here> & co", user=OWNER)
    posted = [p for p in slack.fake.snapshot_posted() if p.kind == "ephemeral"][-1]
    assert "There is no product called *&lt;!here&gt; &amp; co*" in posted.blocks[0]["text"]["text"]


def test_product_price_is_read_in_the_users_language(slack, db):
    slack.command(f"role {slack.mention(NORWEGIAN)} manager", user=OWNER)
    slack.command("product add Bønneabonnement 1 290,50", user=NORWEGIAN)
    assert "1\xa0290,50\xa0kr" in last_reply(slack, NORWEGIAN)
    slack.command("product add Kaffe 12,5", user=OWNER)
    assert "12.5" in last_reply(slack, OWNER)
    assert [p.name for p in rows(db, Product)] == ["Bønneabonnement"]


def open_modal(slack, user):
    return slack.fake.wait_for_posted(lambda p: p.kind == "modal_open" and p.user == user)


def open_modal_of(slack, user):
    """The last modal opened for ``user``."""
    return [p for p in slack.fake.snapshot_posted() if p.kind == "modal_open" and p.user == user][-1]


def test_workspace_settings_modal_saves_and_confirms(slack, db):
    slack.command("settings", user=OWNER)
    modal = open_modal(slack, OWNER)
    assert modal.view["callback_id"] == ids.SETTINGS_MODAL
    result = slack.submit(
        user=OWNER,
        view=slack.fake.top_view(OWNER),
        answers={
            "currency": "EUR",
            "locale": "nb",
            "timezone": "Europe/Stockholm",
            "default_period_kind": "quarter",
            "pacing": "business",
            "announcement_channel": "C0GENERAL",
            "production_contact": MANAGER,
        },
    )
    assert result.status == 200 and result.body == b""
    workspace = rows(db, Workspace)[0]
    assert (workspace.currency, workspace.locale, workspace.timezone, workspace.default_period_kind) == (
        "EUR",
        "nb",
        "Europe/Stockholm",
        "quarter",
    )
    assert (workspace.announcement_channel, workspace.production_contact) == ("C0GENERAL", MANAGER)
    assert workspace.pacing == "business"
    dm = slack.fake.wait_for_posted(lambda p: p.kind == "dm" and p.user == OWNER)
    # Told in their own language (their Slack locale is en-US), not the workspace's new one.
    assert "Workspace settings saved: EUR, norsk bokmål, Europe/Stockholm" in dm.text
    assert "workspace.settings" in [e.action for e in rows(db, AuditEntry)]
    # The workspace language now applies to people whose Slack locale is neither en nor nb… but
    # the owner's Slack locale is en-US, so they keep English.
    slack.command("help", user=OWNER)
    assert "Type `/sales` followed by a command" in last_reply(slack, OWNER)


def test_settings_modal_shows_errors_on_the_field_and_saves_nothing(slack, db):
    slack.command("settings", user=OWNER)
    view = open_modal(slack, OWNER).view
    # A crafted submission with a timezone not in the list (Slack would only send listed ones).
    view = {
        **view,
        "blocks": [
            b
            if b.get("block_id") != "timezone"
            else {
                **b,
                "element": {
                    **b["element"],
                    "options": [
                        *b["element"]["options"],
                        {"text": {"type": "plain_text", "text": "Mars"}, "value": "Mars/Olympus"},
                    ],
                },
            }
            for b in view["blocks"]
        ],
    }
    result = slack.submit(user=OWNER, view=view, answers={"timezone": "Mars/Olympus"})
    assert result.json() == {
        "response_action": "errors",
        "errors": {"timezone": "Choose a timezone from the list."},
    }
    assert rows(db, Workspace)[0].timezone == "Europe/Oslo"


def test_a_modal_is_acked_without_waiting_on_slack(slack, db):
    """A stale profile is not refreshed before the ack: a rate-limited users.info would make
    Slack give up on the submission after 3 seconds."""
    slack.command("settings", user=OWNER)
    view = open_modal(slack, OWNER).view
    with Session(db) as session:
        owner = session.exec(select(Person).where(Person.slack_user_id == OWNER)).one()
        owner.refreshed_at = owner.refreshed_at - timedelta(days=2)
        session.add(owner)
        session.commit()
    slack.fake.fail_next("users.info", "ratelimited", status=429, retry_after=4)
    calls = len(slack.fake.calls_to("users.info"))
    started = time.monotonic()
    result = slack.submit(user=OWNER, view=view, answers={"currency": "SEK"}, wait=False)
    assert result.status == 200 and time.monotonic() - started < 1.5
    slack.wait_idle()
    assert len(slack.fake.calls_to("users.info")) == calls
    assert rows(db, Workspace)[0].currency == "SEK"


def test_rep_settings_opens_personal_preferences(slack, db):
    slack.command("settings", user=NORWEGIAN)
    modal = open_modal(slack, NORWEGIAN)
    assert modal.view["callback_id"] == ids.PREFERENCES_MODAL
    assert modal.view["title"]["text"] == "Mine preferanser"
    slack.submit(
        user=NORWEGIAN, view=slack.fake.top_view(NORWEGIAN), answers={"language": "en", "public_ranking": []}
    )
    person = next(p for p in rows(db, Person) if p.slack_user_id == NORWEGIAN)
    assert (person.language, person.public_ranking) == ("en", False)
    dm = slack.fake.wait_for_posted(lambda p: p.kind == "dm" and p.user == NORWEGIAN)
    assert "Preferences saved: English; only you see your place on leaderboards" in dm.text
    slack.command("help", user=NORWEGIAN)
    assert "Type `/sales` followed by a command" in last_reply(slack, NORWEGIAN)


def test_a_manager_typing_settings_is_told_workspace_settings_are_for_admins(slack, db):
    slack.command(f"role {slack.mention(MANAGER)} manager", user=OWNER)
    slack.command("settings", user=MANAGER)
    view = open_modal(slack, MANAGER).view
    assert view["callback_id"] == ids.PREFERENCES_MODAL
    note = view["blocks"][0]
    assert note["type"] == "context"
    assert "changed by salesbot admins with `/sales settings`" in note["elements"][0]["text"]
    slack.command("settings", user=NORWEGIAN)
    view = open_modal_of(slack, NORWEGIAN).view
    assert "endres av salesbot-administratorer" in view["blocks"][0]["elements"][0]["text"]


def test_preferences_for_an_admin_have_no_note_about_admins():
    from handlers.blocks.settings import build_preferences_modal
    from salesbot.i18n import Formatter

    view = build_preferences_modal(Formatter("en"), language=None, public_ranking=True, is_admin=True)
    assert [b["type"] for b in view["blocks"]] == ["input", "input"]


@pytest.mark.parametrize(
    ("lang", "periods", "pacing"),
    [
        ("en", ["Month", "Quarter", "Year"], ["Calendar days", "Business days (Monday–Friday)"]),
        ("nb", ["Måned", "Kvartal", "År"], ["Kalenderdager", "Virkedager (mandag–fredag)"]),
    ],
)
def test_settings_options_are_capitalised_alike(lang, periods, pacing):
    from handlers.blocks.settings import build_settings_modal
    from salesbot.i18n import Formatter
    from salesbot.workspace_settings import WorkspaceSettings

    settings = WorkspaceSettings(
        currency="NOK", locale=lang, timezone="Europe/Oslo", default_period_kind="month", pacing="calendar"
    )
    view = build_settings_modal(Formatter(lang), settings)
    options = {
        b["block_id"]: [o["text"]["text"] for o in b["element"].get("options", [])]
        for b in view["blocks"]
        if b["type"] == "input"
    }
    assert options["default_period_kind"] == periods and options["pacing"] == pacing
    assert all(label[:1].isupper() for labels in options.values() for label in labels)


def test_settings_submission_by_a_demoted_admin_is_refused(slack, db):
    slack.command(f"role {slack.mention(REP)} admin", user=OWNER)
    slack.command("settings", user=REP)
    view = open_modal(slack, REP).view
    slack.command(f"role {slack.mention(REP)} rep", user=OWNER)
    result = slack.submit(user=REP, view=view, answers={"currency": "USD"})
    assert result.json()["response_action"] == "errors"
    assert "Only salesbot admins" in result.json()["errors"]["currency"]
    assert rows(db, Workspace)[0].currency == "NOK"


def test_help_buttons_work_from_the_message_and_from_app_home(slack):
    slack.command("team create Øst", user=OWNER)
    slack.click(user=REP, action_id=ids.SHOW_TEAMS, block_id="help_buttons")
    assert "Øst" in last_reply(slack, REP)
    slack.open_home(REP)
    home = slack.fake.home_view(REP)
    assert home is not None and "Hi Rita Rep" in str(home["blocks"])
    slack.click(user=REP, action_id=ids.SHOW_PRODUCTS, block_id="home_buttons", view=home)
    dm = slack.fake.wait_for_posted(lambda p: p.kind == "dm" and p.user == REP)
    assert "product catalog is empty" in dm.text


def test_app_home_lists_teams_for_members_and_managers(slack):
    slack.command("team create Øst", user=OWNER)
    slack.command(f"team add Øst {slack.mention(REP)}", user=OWNER)
    slack.command(f"team manager Øst {slack.mention(MANAGER)}", user=OWNER)
    slack.open_home(REP)
    slack.open_home(MANAGER)
    assert "*Your teams:* Øst" in str(slack.fake.home_view(REP)["blocks"])
    assert "*You manage:* Øst" in str(slack.fake.home_view(MANAGER)["blocks"])


def test_team_list_stays_inside_block_kit_limits_for_many_teams(slack, db):
    from storage.store import Store, get_or_create_workspace

    with Session(db) as session:
        store = Store(session, get_or_create_workspace(session, slack_team_id=slack.team_id))
        people = []
        for i in range(120):
            person = store.new_person(f"U0MANY{i:03d}")
            person.name = f"Person Number {i} With A Rather Long Name"
            people.append(store.save_person(person))
        for t in range(60):
            team = store.create_team(f"Team {t:02d}")
            for person in people:
                store.add_to_team(team, person, "member")
        session.commit()
    slack.command("team list", user=OWNER)
    posted = [p for p in slack.fake.snapshot_posted() if p.kind == "ephemeral"][-1]
    assert len(posted.blocks) <= 50
    assert "…and 13 more teams." in str(posted.blocks)
    assert all(len(b.get("text", {}).get("text", "")) <= 3000 for b in posted.blocks)


def test_bad_or_stale_signatures_are_refused(slack, db):
    body = "command=%2Fsales&text=team+create+Hack&team_id=T0LOCAL&user_id=U0OWNER"
    assert slack.post(body, "application/x-www-form-urlencoded", signature="v0=" + "0" * 64).status == 401
    stale = int(time.time()) - 60 * 10
    assert slack.post(body, "application/x-www-form-urlencoded", timestamp=stale).status == 401
    assert rows(db, Team) == []


def test_healthz(slack):
    result = slack.get("/healthz")
    assert result.status == 200 and result.json() == {"ok": True, "database": "up"}


def test_an_unexpected_failure_gives_a_reference(slack, monkeypatch, caplog):
    from salesbot import teams

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(teams, "create_team", broken)
    slack.command("team create Øst", user=OWNER)
    reply = last_reply(slack)
    assert "Something went wrong on our side, and nothing was saved" in reply
    reference = reply.split("`")[-2]
    assert any(reference in r.getMessage() and r.exc_info for r in caplog.records)


def test_every_reply_has_a_text_fallback(slack):
    slack.command("help", user=OWNER)
    slack.command("team list", user=OWNER)
    slack.command("product list", user=OWNER)
    assert slack.fake.missing_text_fallbacks() == []


@pytest.mark.parametrize("user", [OWNER, REP])
def test_workspaces_do_not_see_each_others_data(db, user):
    from localslack.workspace import LocalWorkspace

    first = LocalWorkspace.start(db, team_id="T0FIRST")
    second = LocalWorkspace.start(db, team_id="T0SECOND")
    try:
        for workspace in (first, second):
            workspace.add_user(OWNER, "Ingrid Owner", is_owner=True, is_admin=True)
            workspace.add_user(REP, "Rita Rep")
        first.command("team create Hemmelig", user=OWNER)
        second.command("team list", user=user)
        assert "no teams yet" in last_reply(second)
    finally:
        first.stop()
        second.stop()
