"""Choices found by typing: timezones and holiday countries, in Slack external selects.

A static select holds at most 100 options; these offer every IANA zone and every country the
``holidays`` package knows. The select starts on its current value; as the person types, Slack
asks for options (a ``block_suggestion``) and the feature's options listener answers with
``timezone_suggestions`` or ``country_suggestions``. ``min_query_length`` 0: opening the menu
already shows the common choices.
"""

from __future__ import annotations

from slack_sdk.models.blocks import ExternalDataSelectElement, Option

from handlers.blocks.common import OPTION_TEXT, clip
from salesbot.i18n import Formatter, country_name, t
from salesbot.timezones import find_timezones, timezone_label
from salesbot.workdays import NO_COUNTRY, find_countries

# Slack shows at most 100 options from an options load.
SUGGESTIONS = 100


def timezone_option(lang: str, zone: str) -> Option:
    """``Europe/Oslo (Norge)``, valued ``Europe/Oslo``."""
    return Option(text=clip(timezone_label(zone, lang), OPTION_TEXT), value=zone)


def timezone_select(fmt: Formatter, action_id: str, current: str | None) -> ExternalDataSelectElement:
    return ExternalDataSelectElement(
        action_id=action_id,
        placeholder=fmt.t("settings.timezone_search"),
        initial_option=timezone_option(fmt.lang, current) if current else None,
        min_query_length=0,
    )


def timezone_suggestions(lang: str, typed: str) -> list[dict]:
    return [timezone_option(lang, zone).to_dict() for zone in find_timezones(typed, lang, limit=SUGGESTIONS)]


def country_option(lang: str, code: str) -> Option:
    """``Norge``, valued ``NO``; "none" for no public holidays."""
    text = t(lang, "settings.holidays.none") if code == NO_COUNTRY else country_name(code, lang)
    return Option(text=clip(text, OPTION_TEXT), value=code)


def country_select(fmt: Formatter, action_id: str, current: str | None) -> ExternalDataSelectElement:
    return ExternalDataSelectElement(
        action_id=action_id,
        placeholder=fmt.t("settings.country_search"),
        initial_option=country_option(fmt.lang, current) if current else None,
        min_query_length=0,
    )


def country_suggestions(lang: str, typed: str) -> list[dict]:
    return [country_option(lang, code).to_dict() for code in find_countries(typed, lang, limit=SUGGESTIONS)]
