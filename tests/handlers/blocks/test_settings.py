"""The settings modals (handlers/blocks/settings.py): the workspace's and a person's own, and what
they read back."""

from __future__ import annotations

import pytest

from handlers import ids
from handlers.blocks.settings import (
    build_preferences_modal,
    build_settings_modal,
    read_preferences_submission,
    read_settings_submission,
)
from localslack.workspace import submission_state
from salesbot.i18n import Formatter
from salesbot.workspace_settings import COMMON_CURRENCIES, WorkspaceSettings
from tests.handlers.blocks.checks import block, initial, options, valid_view
from tests.handlers.blocks.samples import EN, NB

SETTINGS = WorkspaceSettings(
    currency="NOK",
    locale="nb",
    timezone="America/St_Johns",
    default_period_kind="quarter",
    pacing="business",
    holiday_country="CA",
    year_end_eves_off=False,
    announcement_channel="C0GENERAL",
    production_contact="U0PROD",
    customer_service_contact=None,
    marketing_contact="U0MARKET",
)


def test_preferences_for_an_admin_have_no_note_about_admins():
    view = valid_view(build_preferences_modal(EN, language=None, public_ranking=True, is_admin=True))
    assert [b["type"] for b in view["blocks"]] == ["input", "input"]


@pytest.mark.parametrize(
    ("lang", "periods", "pacing"),
    [
        (
            "en",
            ["Month", "Quarter", "Year"],
            ["Calendar days", "Business days (Monday–Friday, less public holidays)"],
        ),
        (
            "nb",
            ["Måned", "Kvartal", "År"],
            ["Kalenderdager", "Arbeidsdager (mandag–fredag, utenom helligdager)"],
        ),
    ],
)
def test_settings_options_are_capitalised_alike(lang, periods, pacing):
    settings = WorkspaceSettings(
        currency="NOK", locale=lang, timezone="Europe/Oslo", default_period_kind="month", pacing="calendar"
    )
    view = valid_view(build_settings_modal(Formatter(lang), settings))
    labels = {
        b["block_id"]: [o["text"]["text"] for o in b["element"].get("options", [])]
        for b in view["blocks"]
        if b["type"] == "input"
    }
    assert labels["default_period_kind"] == periods and labels["pacing"] == pacing
    assert all(label[:1].isupper() for found in labels.values() for label in found)


def test_the_workspace_settings_open_as_they_are_and_read_back_unchanged():
    view = valid_view(build_settings_modal(EN, SETTINGS))
    assert (view["callback_id"], view["title"]["text"]) == (ids.SETTINGS_MODAL, "Workspace settings")
    fields = ("currency", "locale", "timezone", "default_period_kind", "pacing", "holiday_country")
    assert [initial(view, field) for field in fields] == [
        "NOK",
        "nb",
        "America/St_Johns",
        "quarter",
        "business",
        "CA",
    ]
    assert initial(view, ids.SETTINGS_YEAR_END_EVES) is None  # unticked: 24 and 31 December are worked
    assert options(view, "locale") == [("English", "en"), ("Norsk bokmål", "nb")]
    assert read_settings_submission(submission_state(view, {})) == SETTINGS
    changed = read_settings_submission(
        submission_state(
            view, {"currency": "EUR", "marketing_contact": None, ids.SETTINGS_YEAR_END_EVES: ["off"]}
        )
    )
    assert (changed.currency, changed.marketing_contact, changed.year_end_eves_off) == ("EUR", None, True)


@pytest.mark.parametrize(
    ("lang", "timezone", "country", "eves"),
    [
        ("en", "Europe/Oslo (Norway)", "Norway", "Christmas Eve and New Year's Eve"),
        ("nb", "Europe/Oslo (Norge)", "Norge", "Julaften og nyttårsaften"),
    ],
)
def test_timezone_and_holiday_country_are_searched_and_the_eves_ticked(lang, timezone, country, eves):
    settings = WorkspaceSettings(
        currency="NOK", locale=lang, timezone="Europe/Oslo", default_period_kind="month", holiday_country="NO"
    )
    view = valid_view(build_settings_modal(Formatter(lang), settings))
    zone, holidays = block(view, "timezone")["element"], block(view, "holiday_country")["element"]
    assert (zone["type"], zone["initial_option"]["text"]["text"]) == ("external_select", timezone)
    assert (holidays["type"], holidays["initial_option"]["text"]["text"]) == ("external_select", country)
    assert zone["min_query_length"] == holidays["min_query_length"] == 0  # the common ones on opening
    assert block(view, ids.SETTINGS_YEAR_END_EVES)["label"]["text"] == eves
    assert initial(view, ids.SETTINGS_YEAR_END_EVES) == ["off"]
    assert read_settings_submission(submission_state(view, {})) == settings


def test_a_currency_outside_the_common_ones_is_offered_first():
    view = valid_view(
        build_settings_modal(
            NB, WorkspaceSettings(currency="JPY", locale="nb", timezone="UTC", default_period_kind="month")
        )
    )
    assert [value for _, value in options(view, "currency")] == ["JPY", *COMMON_CURRENCIES]
    assert initial(view, "currency") == "JPY"


def test_a_persons_preferences_and_what_they_read_back():
    view = valid_view(build_preferences_modal(NB, language=None, public_ranking=False))
    assert (view["callback_id"], view["title"]["text"]) == (ids.PREFERENCES_MODAL, "Mine preferanser")
    assert view["blocks"][0]["type"] == "context" and "endres av salesbot-administratorer" in str(
        view["blocks"][0]
    )
    assert options(view, ids.PREF_LANGUAGE) == [
        ("Samme som språket mitt i Slack", "auto"),
        ("English", "en"),
        ("Norsk bokmål", "nb"),
    ]
    assert initial(view, ids.PREF_LANGUAGE) == "auto" and initial(view, ids.PREF_RANKING) is None
    assert read_preferences_submission(submission_state(view, {})) == (None, False, None)
    chosen = submission_state(view, {ids.PREF_LANGUAGE: "nb", ids.PREF_RANKING: ["yes"]})
    assert read_preferences_submission(chosen) == ("nb", True, None)
    mine = valid_view(build_preferences_modal(EN, language="en", public_ranking=True))
    assert read_preferences_submission(submission_state(mine, {})) == ("en", True, None)
    assert ids.PREF_SUGGESTIONS not in str(mine), "a rep is suggested no diagnoses: not asked"


def test_a_manager_chooses_whether_diagnoses_are_suggested_to_them():
    view = valid_view(
        build_preferences_modal(EN, language=None, public_ranking=True, diagnosis_suggestions=True)
    )
    assert initial(view, ids.PREF_SUGGESTIONS) == ["yes"]
    assert read_preferences_submission(submission_state(view, {}))[2] is True
    off = submission_state(view, {ids.PREF_SUGGESTIONS: []})
    assert read_preferences_submission(off)[2] is False
    norsk = valid_view(
        build_preferences_modal(NB, language=None, public_ranking=True, diagnosis_suggestions=False)
    )
    assert "Foreslå en diagnose når noen jeg er leder for" in str(norsk)
    assert read_preferences_submission(submission_state(norsk, {}))[2] is False
