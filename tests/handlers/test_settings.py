"""End to end: ``/sales settings``, the workspace's settings for admins and everyone's own preferences."""

from __future__ import annotations

from handlers import ids
from storage.models import AuditEntry, Person, Workspace
from tests.conftest import MANAGER, NORWEGIAN, OWNER, REP
from tests.helpers import last_reply, open_modal, open_modal_of, rows


def test_workspace_settings_modal_saves_and_confirms(slack, db):
    slack.command("settings", user=OWNER)
    modal = open_modal(slack, OWNER)
    assert modal.view["callback_id"] == ids.SETTINGS_MODAL
    view = slack.fake.top_view(OWNER)
    assert [
        o["value"] for o in slack.suggest(user=OWNER, view=view, action_id="timezone", value="stock")
    ] == ["Europe/Stockholm"]
    result = slack.submit(
        user=OWNER,
        view=view,
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
    # A crafted submission with a timezone salesbot never offered (Slack sends only offered ones).
    mars = {"text": {"type": "plain_text", "text": "Mars"}, "value": "Mars/Olympus"}
    result = slack.submit(user=OWNER, view=view, answers={"timezone": mars})
    assert result.json() == {
        "response_action": "errors",
        "errors": {"timezone": "Choose a timezone from the list."},
    }
    assert rows(db, Workspace)[0].timezone == "Europe/Oslo"


def with_option(view: dict, block_id: str, value: str) -> dict:
    """``view`` with one more option in ``block_id``'s select: a crafted submission, as Slack
    would only send an option it listed."""
    option = {"text": {"type": "plain_text", "text": value}, "value": value}
    return {
        **view,
        "blocks": [
            b
            if b.get("block_id") != block_id
            else {**b, "element": {**b["element"], "options": [*b["element"]["options"], option]}}
            for b in view["blocks"]
        ],
    }


def test_settings_with_several_wrong_values_show_every_error_under_its_field(slack, db):
    slack.command(f"role {slack.mention(NORWEGIAN)} admin", user=OWNER)
    for user, expected in (
        (
            OWNER,
            {
                "currency": "Choose a currency from the list.",
                "timezone": "Choose a timezone from the list.",
                "pacing": "Choose calendar days or business days.",
            },
        ),
        (
            NORWEGIAN,
            {
                "currency": "Velg en valuta fra listen.",
                "timezone": "Velg en tidssone fra listen.",
                "pacing": "Velg kalenderdager eller arbeidsdager.",
            },
        ),
    ):
        slack.command("settings", user=user)
        view = open_modal_of(slack, user).view
        for block_id, value in (("currency", "QQQ"), ("pacing", "lunar")):
            view = with_option(view, block_id, value)
        # The timezone is searched (an external select): a crafted option salesbot never offered.
        mars = {"text": {"type": "plain_text", "text": "Mars"}, "value": "Mars/Olympus"}
        result = slack.submit(
            user=user, view=view, answers={"currency": "QQQ", "timezone": mars, "pacing": "lunar"}
        )
        assert result.json() == {"response_action": "errors", "errors": expected}
    workspace = rows(db, Workspace)[0]
    assert (workspace.currency, workspace.timezone, workspace.pacing) == ("NOK", "Europe/Oslo", "calendar")


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


def test_a_manager_turns_diagnosis_suggestions_off_and_on_a_rep_is_not_asked(slack, db):
    slack.command("settings me", user=OWNER)
    view = open_modal(slack, OWNER).view
    assert ids.PREF_SUGGESTIONS in str(view["blocks"])
    slack.submit(user=OWNER, view=view, answers={ids.PREF_SUGGESTIONS: []})
    owner = next(p for p in rows(db, Person) if p.slack_user_id == OWNER)
    assert owner.diagnosis_suggestions is False
    dm = slack.fake.wait_for_posted(lambda p: p.kind == "dm" and p.user == OWNER and "Preferences" in p.text)
    assert "salesbot no longer suggests diagnoses to you" in dm.text
    slack.command("settings", user=NORWEGIAN)  # a rep
    assert ids.PREF_SUGGESTIONS not in str(open_modal(slack, NORWEGIAN).view["blocks"])
    slack.submit(user=NORWEGIAN, view=slack.fake.top_view(NORWEGIAN), answers={"public_ranking": []})
    rep = next(p for p in rows(db, Person) if p.slack_user_id == NORWEGIAN)
    assert rep.diagnosis_suggestions is True, "unchanged"


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


def test_settings_submission_by_a_demoted_admin_is_refused(slack, db):
    slack.command(f"role {slack.mention(REP)} admin", user=OWNER)
    slack.command("settings", user=REP)
    view = open_modal(slack, REP).view
    slack.command(f"role {slack.mention(REP)} rep", user=OWNER)
    result = slack.submit(user=REP, view=view, answers={"currency": "USD"})
    assert result.json()["response_action"] == "errors"
    assert "Only salesbot admins" in result.json()["errors"]["currency"]
    assert rows(db, Workspace)[0].currency == "NOK"


def texts_of(options):
    return [option["text"]["text"] for option in options]


def test_the_timezone_picker_finds_any_zone_by_its_name_city_or_country(slack, db):
    slack.command("settings", user=OWNER)
    view = open_modal(slack, OWNER).view
    zone = next(b for b in view["blocks"] if b["block_id"] == "timezone")["element"]
    assert (zone["type"], zone["initial_option"]["value"]) == ("external_select", "Europe/Oslo")
    suggest = lambda typed: slack.suggest(user=OWNER, view=view, action_id="timezone", value=typed)  # noqa: E731
    assert texts_of(suggest(""))[:3] == [
        "Europe/Oslo (Norway)",
        "Europe/Stockholm (Sweden)",
        "Europe/Copenhagen (Denmark)",
    ]
    assert texts_of(suggest("norway")) == ["Europe/Oslo (Norway)"]
    assert texts_of(suggest("new york"))[0] == "America/New_York (United States)"
    assert texts_of(suggest("Sao Paulo"))[0] == "America/Sao_Paulo (Brazil)"  # without the accent
    assert "Pacific/Chatham (New Zealand)" in texts_of(suggest("chatham"))  # far outside the common ones
    assert len(suggest("america")) == 100  # Slack shows at most 100: typing more narrows them
    assert suggest("no such place") == []
    slack.submit(user=OWNER, view=view, answers={"timezone": "Pacific/Chatham"})
    assert rows(db, Workspace)[0].timezone == "Pacific/Chatham"


def test_a_norwegian_admin_searches_zones_and_countries_in_norwegian(slack, db):
    slack.command(f"role {slack.mention(NORWEGIAN)} admin", user=OWNER)
    slack.command("settings", user=NORWEGIAN)
    view = open_modal_of(slack, NORWEGIAN).view
    suggest = lambda action, typed: slack.suggest(user=NORWEGIAN, view=view, action_id=action, value=typed)  # noqa: E731
    assert texts_of(suggest("timezone", "norge")) == ["Europe/Oslo (Norge)"]
    assert texts_of(suggest("timezone", "københavn")) == ["Europe/Copenhagen (Danmark)"]
    holidays = next(b for b in view["blocks"] if b["block_id"] == "holiday_country")
    assert holidays["label"]["text"] == "Helligdager"
    assert holidays["element"]["initial_option"]["text"]["text"] == "Norge"  # Oslo's country until chosen
    assert texts_of(suggest("holiday_country", "sver")) == ["Sverige"]
    assert texts_of(suggest("holiday_country", "ingen")) == [
        "Ingen: alle dager fra mandag til fredag er arbeidsdager"
    ]
    slack.submit(user=NORWEGIAN, view=view, answers={"holiday_country": "SE"})
    assert rows(db, Workspace)[0].holiday_country == "SE"
    audit = [e for e in rows(db, AuditEntry) if e.action == "workspace.settings"][-1]
    assert audit.details["changes"]["holiday_country"] == ["NO", "SE"]


def test_the_holiday_country_follows_the_timezone_until_one_is_chosen(slack, db):
    slack.command("settings", user=OWNER)
    view = open_modal(slack, OWNER).view
    # Saving other settings leaves it following: the workspace moves to Stockholm, and so do its holidays.
    slack.suggest(user=OWNER, view=view, action_id="timezone", value="stockholm")
    slack.submit(user=OWNER, view=view, answers={"timezone": "Europe/Stockholm"})
    assert rows(db, Workspace)[0].holiday_country is None
    slack.command("settings", user=OWNER)
    view = open_modal_of(slack, OWNER).view
    holidays = next(b for b in view["blocks"] if b["block_id"] == "holiday_country")["element"]
    assert holidays["initial_option"] == {
        "text": {"type": "plain_text", "text": "Sweden", "emoji": True},
        "value": "SE",
    }
    # A country no one offered is refused on its field.
    atlantis = {"text": {"type": "plain_text", "text": "Atlantis"}, "value": "AT-LANTIS"}
    result = slack.submit(user=OWNER, view=view, answers={"holiday_country": atlantis})
    assert result.json() == {
        "response_action": "errors",
        "errors": {"holiday_country": "Choose a country from the list, or none."},
    }


def test_a_search_that_fails_shows_no_options_rather_than_an_error(slack, db, monkeypatch):
    import handlers.blocks.choices

    def broken(*args, **kwargs):
        raise RuntimeError("zone data missing")

    monkeypatch.setattr(handlers.blocks.choices, "find_timezones", broken)
    slack.command("settings", user=OWNER)
    view = open_modal(slack, OWNER).view
    assert slack.suggest(user=OWNER, view=view, action_id="timezone", value="oslo") == []
