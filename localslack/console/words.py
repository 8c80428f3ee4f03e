"""The console's own words (prompts, headers, hints, its commands' answers) in the acting person's
language.

They are what Slack's own client would say around salesbot's messages and modals ("Submit?",
"optional", "only you see this"), not salesbot's, so they live in the console's own catalogs,
``localslack/console/locales/<lang>/LC_MESSAGES/console.po``, read as salesbot reads its own
(``salesbot.i18n``: symbolic keys, English the fallback, plural entries). The catalog tests cover
both sets of catalogs.
"""

from __future__ import annotations

import logging
from pathlib import Path

from salesbot.i18n import DEFAULT_LANGUAGE, LANGUAGES, translations

logger = logging.getLogger(__name__)

LOCALES = Path(__file__).with_name("locales")
DOMAIN = "console"


def _fill(key: str, text: str, params: dict[str, object]) -> str:
    try:
        return text.format(**params)
    except (KeyError, IndexError):
        logger.exception("console message %s could not be filled", key)
        return text


class Words:
    """The console's messages in one language, which follows the person acting at the keyboard."""

    def __init__(self, lang: str = DEFAULT_LANGUAGE) -> None:
        self.lang = lang

    @property
    def lang(self) -> str:
        return self._lang

    @lang.setter
    def lang(self, lang: str) -> None:
        self._lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE

    def _catalog(self):
        table = translations(LOCALES, DOMAIN)
        return table.get(self.lang, table[DEFAULT_LANGUAGE])

    def __call__(self, key: str, /, **params: object) -> str:
        """The message ``key`` with ``params`` filled in."""
        return _fill(key, self._catalog().gettext(key), params)

    def plural(self, key: str, count: int, /, **params: object) -> str:
        """The plural message ``key`` in the form for ``count``."""
        return _fill(key, self._catalog().ngettext(key, key, count), {"count": count, **params})
