"""The searchable choices (handlers/blocks/choices.py): what an options load answers, as Slack takes it."""

from __future__ import annotations

import pytest

from handlers.blocks.choices import country_suggestions, timezone_select, timezone_suggestions
from localslack.blockkit import validate_options_response
from salesbot.timezones import all_timezones
from tests.handlers.blocks.samples import EN


@pytest.mark.parametrize("typed", ["", "a", "e", "america", "oslo", "zzz"])
@pytest.mark.parametrize("lang", ["en", "nb"])
def test_every_answer_is_one_slack_takes(lang, typed):
    for suggestions in (timezone_suggestions(lang, typed), country_suggestions(lang, typed)):
        assert validate_options_response({"options": suggestions}) == []


def test_every_zone_and_country_label_fits_an_option():
    for zone in all_timezones():
        (option,) = [o for o in timezone_suggestions("nb", zone) if o["value"] == zone]
        assert len(option["text"]["text"]) <= 75
    assert [o["text"]["text"] for o in country_suggestions("en", "none")] == [
        "None: every Monday to Friday is a working day"
    ]


def test_a_zone_set_elsewhere_is_still_the_one_shown():
    element = timezone_select(EN, "timezone", "Antarctica/Troll").to_dict()
    assert element["initial_option"] == {
        "text": {"type": "plain_text", "text": "Antarctica/Troll", "emoji": True},  # of no country
        "value": "Antarctica/Troll",
    }
    assert "initial_option" not in timezone_select(EN, "timezone", None).to_dict()
