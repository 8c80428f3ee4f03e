"""Message catalogs and locale-aware formatting, in every language salesbot has a catalog for.

Messages live in gettext catalogs, one per language: ``salesbot/locales/<lang>/LC_MESSAGES/salesbot.po``.
Their msgids are symbolic keys (``goal.saved``); the English catalog carries the English text and is
the fallback for a message another language lacks. A message that depends on a count is one plural
entry (``msgid_plural``, ``msgstr[0..n]`` by the language's ``Plural-Forms``), read with ``tn`` or
``Formatter.plural``. Placeholders are ``str.format`` names; numbers, money and dates are formatted
with babel before they are put in.

The catalogs are read with babel and compiled in memory, once per process: there is no ``.mo`` file
to build or to go stale. A language is there when its catalog is.
"""

from __future__ import annotations

import gettext
import logging
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from io import BytesIO
from pathlib import Path

from babel import Locale
from babel.core import get_global
from babel.dates import format_date, format_datetime
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal, format_percent, get_currency_symbol

logger = logging.getLogger(__name__)

DOMAIN = "salesbot"
LOCALES = Path(__file__).with_name("locales")
DEFAULT_LANGUAGE = "en"
# Slack locales read as one of salesbot's languages: Norwegian and Nynorsk readers get Bokmål.
LANGUAGE_ALIASES = {"no": "nb", "nn": "nb"}


def catalog_path(lang: str, locales: Path = LOCALES, domain: str = DOMAIN) -> Path:
    return locales / lang / "LC_MESSAGES" / f"{domain}.po"


def catalog_languages(locales: Path = LOCALES, domain: str = DOMAIN) -> tuple[str, ...]:
    """The languages with a catalog, the default first."""
    found = {path.parents[1].name for path in locales.glob(f"*/LC_MESSAGES/{domain}.po")}
    return tuple(sorted(found, key=lambda lang: (lang != DEFAULT_LANGUAGE, lang)))


def babel_locale(lang: str) -> str:
    """The locale a language's numbers and dates are formatted in: its likeliest country in CLDR,
    so ``nb`` formats as in Norway (``nb_NO``: space groups, comma decimals) and ``en`` as in the
    United States (``en_US``)."""
    likely = Locale.parse(get_global("likely_subtags").get(lang, lang))
    return str(Locale(likely.language, territory=likely.territory))


LANGUAGES = catalog_languages()
BABEL_LOCALES = {lang: babel_locale(lang) for lang in LANGUAGES}


def language_name(lang: str) -> str:
    """A language's name in that language, as CLDR has it: ``English``, ``norsk bokmål``."""
    return Locale.parse(lang).get_display_name(lang)


def country_name(code: str, lang: str) -> str:
    """A country's name in ``lang``, as CLDR has it: ``Norge``, ``Norway``; the code when unknown."""
    return Locale.parse(lang).territories.get(code, code)


def language_of(slack_locale: str | None) -> str | None:
    """``nb-NO`` → ``nb``; ``no``/``nn`` count as Norwegian; languages without a catalog → None."""
    if not slack_locale:
        return None
    lang = slack_locale.replace("_", "-").split("-")[0].lower()
    lang = LANGUAGE_ALIASES.get(lang, lang)
    return lang if lang in LANGUAGES else None


def accepted_language(header: str | None) -> str:
    """The language a browser asks for in its ``Accept-Language`` header (``nb-NO,nb;q=0.9,
    en;q=0.8``) that salesbot speaks, the highest weight first and, between equal weights, the
    first named; English when it names none of them."""
    ranked = []
    for position, part in enumerate((header or "").split(",")):
        tag, *params = (piece.strip() for piece in part.split(";"))
        weight = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if tag and weight > 0:
            ranked.append((-weight, position, tag))
    for _, _, tag in sorted(ranked):
        if lang := language_of(tag):
            return lang
    return DEFAULT_LANGUAGE


def pick_language(*, preference: str | None, slack_locale: str | None, workspace: str | None) -> str:
    """A person's own choice, else their Slack locale when salesbot speaks it, else the workspace's."""
    for candidate in (preference, language_of(slack_locale), workspace):
        if candidate in LANGUAGES:
            return candidate
    return DEFAULT_LANGUAGE


def read_catalog(lang: str, locales: Path = LOCALES, domain: str = DOMAIN) -> Catalog:
    with catalog_path(lang, locales, domain).open("rb") as file:
        return read_po(file, locale=lang, domain=domain)


def compile_catalog(catalog: Catalog) -> gettext.GNUTranslations:
    """The catalog as gettext reads it from a ``.mo`` file. Messages that are fuzzy or not fully
    translated are left out, so that the fallback answers for them."""
    for message in list(catalog)[1:]:
        forms = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        if message.fuzzy or not all(forms):
            catalog.delete(message.id)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


class _MissingMessage(gettext.NullTranslations):
    """The end of every fallback chain: a key no catalog has is logged and shown as it is."""

    def gettext(self, message: str) -> str:
        logger.error("missing message key %s", message)
        return message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        logger.error("missing message key %s", msgid1)
        return msgid1


@cache
def translations(locales: Path = LOCALES, domain: str = DOMAIN) -> dict[str, gettext.GNUTranslations]:
    """Every language's compiled catalog, each falling back to English; compiled once per process.
    Another ``domain`` in other ``locales`` is another set of catalogs read the same way (the
    console's own words, in ``localslack/console/locales``)."""
    compiled = {
        lang: compile_catalog(read_catalog(lang, locales, domain))
        for lang in catalog_languages(locales, domain)
    }
    compiled[DEFAULT_LANGUAGE].add_fallback(_MissingMessage())
    for lang, translation in compiled.items():
        if lang != DEFAULT_LANGUAGE:
            translation.add_fallback(compiled[DEFAULT_LANGUAGE])
    return compiled


def _translation(lang: str) -> gettext.GNUTranslations:
    table = translations()
    return table.get(lang, table[DEFAULT_LANGUAGE])


def _fill(key: str, text: str, params: dict[str, object]) -> str:
    try:
        return text.format(**params)
    except (KeyError, IndexError):
        logger.exception("message %s could not be filled", key)
        return text


def t(lang: str, key: str, /, **params: object) -> str:
    """The message ``key`` in ``lang`` with ``params`` filled in."""
    return _fill(key, _translation(lang).gettext(key), params)


def tn(lang: str, key: str, count: int, /, **params: object) -> str:
    """The plural message ``key`` in ``lang``, in the form its plural rule gives ``count``, with
    ``params`` filled in; ``{count}`` is ``count`` unless ``params`` gives it (formatted)."""
    return _fill(key, _translation(lang).ngettext(key, key, count), {"count": count, **params})


class Formatter:
    """Numbers, money and dates for one reader."""

    def __init__(self, lang: str, currency: str = "NOK") -> None:
        self.lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
        self.locale = Locale.parse(BABEL_LOCALES[self.lang])
        self.currency = currency

    def t(self, key: str, /, **params: object) -> str:
        return t(self.lang, key, **params)

    def plural(self, key: str, count: int, /, **params: object) -> str:
        """The plural message ``key`` in the form for ``count``, with ``{count}`` formatted:
        "1 person", "2 people"."""
        return tn(self.lang, key, count, **{"count": self.number(count), **params})

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
