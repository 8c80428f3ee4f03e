"""Message catalog and locale-aware formatting (English and Norwegian Bokmål).

Messages live in ``salesbot/catalog/<area>.py``, each a ``MESSAGES = {"en": {...}, "nb": {...}}``
dict, so every part of the app owns its own strings. Placeholders are ``str.format`` names;
numbers, money and dates are formatted with babel before they are put in.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal, format_percent, get_currency_symbol

from salesbot import catalog

logger = logging.getLogger(__name__)

LANGUAGES = ("en", "nb")
DEFAULT_LANGUAGE = "en"
# babel locales used for formatting; Norwegian formats as in Norway (space groups, comma decimals).
BABEL_LOCALES = {"en": "en_US", "nb": "nb_NO"}


def language_of(slack_locale: str | None) -> str | None:
    """``nb-NO`` → ``nb``; ``no``/``nn`` count as Norwegian; other languages → None."""
    if not slack_locale:
        return None
    lang = slack_locale.replace("_", "-").split("-")[0].lower()
    if lang in ("nb", "no", "nn"):
        return "nb"
    if lang == "en":
        return "en"
    return None


def pick_language(*, preference: str | None, slack_locale: str | None, workspace: str | None) -> str:
    """A person's own choice, else their Slack locale when en or nb, else the workspace's."""
    for candidate in (preference, language_of(slack_locale), workspace):
        if candidate in LANGUAGES:
            return candidate
    return DEFAULT_LANGUAGE


@lru_cache(maxsize=1)
def messages() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
    for module_info in pkgutil.iter_modules(catalog.__path__):
        module = importlib.import_module(f"{catalog.__name__}.{module_info.name}")
        for lang in LANGUAGES:
            for key, text in module.MESSAGES.get(lang, {}).items():
                if key in merged[lang]:
                    raise RuntimeError(f"message key {key!r} defined twice ({module_info.name})")
                merged[lang][key] = text
    return merged


def t(lang: str, key: str, /, **params: object) -> str:
    """The message ``key`` in ``lang`` with ``params`` filled in."""
    table = messages()
    text = table.get(lang, {}).get(key) or table[DEFAULT_LANGUAGE].get(key)
    if text is None:
        logger.error("missing message key %s", key)
        return key
    try:
        return text.format(**params)
    except (KeyError, IndexError):
        logger.exception("message %s could not be filled", key)
        return text


class Formatter:
    """Numbers, money and dates for one reader."""

    def __init__(self, lang: str, currency: str = "NOK") -> None:
        self.lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
        self.locale = Locale.parse(BABEL_LOCALES[self.lang])
        self.currency = currency

    def t(self, key: str, /, **params: object) -> str:
        return t(self.lang, key, **params)

    def number(self, value: Decimal | float | int, decimals: int = 0) -> str:
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return format_decimal(value, format=pattern, locale=self.locale)

    def money(self, value: Decimal | float | int | None, currency: str | None = None) -> str:
        if value is None:
            return "–"
        value = Decimal(value)
        pattern = self.locale.currency_formats["standard"].pattern
        if value == value.to_integral_value():
            # Sales figures are mostly whole: "kr 150 000", not "kr 150 000,00".
            pattern = pattern.replace(".00", "")
        if get_currency_symbol(currency or self.currency, locale=self.locale).isalpha():
            # A currency shown as letters ("NOK") needs a space before the number: "NOK 1,500".
            pattern = pattern.replace("¤#", "¤\u00a0#")
        return format_currency(
            value, currency or self.currency, format=pattern, locale=self.locale, currency_digits=False
        )

    def percent(self, ratio: float | Decimal) -> str:
        return format_percent(ratio, locale=self.locale)

    def date(self, value: date | datetime, format: str = "medium") -> str:
        return format_date(value, format=format, locale=self.locale)

    def datetime(self, value: datetime, tz: str = "UTC", format: str = "medium") -> str:
        return format_datetime(value, format=format, tzinfo=_zone(tz), locale=self.locale)


def _zone(name: str):
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)
