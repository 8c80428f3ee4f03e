"""The settings modals' Block Kit (handlers/blocks/settings.py)."""

from __future__ import annotations

import pytest


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
