"""The message catalogs: every language complete and consistent with English, plural entries in the
forms their language needs, every key the code names present; and how messages are looked up.

Two sets of catalogs are held to the same rules: salesbot's own (``salesbot/locales``) and the local
console's words (``localslack/console/locales``), which no console text may bypass."""

from __future__ import annotations

import ast
import logging
import re
import string
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.plurals import get_plural
from babel.messages.pofile import write_po

from localslack.console import words as console_words
from salesbot.i18n import (
    BABEL_LOCALES,
    DEFAULT_LANGUAGE,
    DOMAIN,
    LANGUAGES,
    LOCALES,
    Formatter,
    accepted_language,
    babel_locale,
    catalog_languages,
    catalog_path,
    language_name,
    language_of,
    pick_language,
    read_catalog,
    t,
    tn,
    translations,
)

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = [lang for lang in LANGUAGES if lang != DEFAULT_LANGUAGE]
# Each set of catalogs: its folder and its domain (the .po file's name).
CATALOG_SETS = {
    "salesbot": (LOCALES, DOMAIN),
    "console": (console_words.LOCALES, console_words.DOMAIN),
}
EVERY_CATALOG = [(name, lang) for name in CATALOG_SETS for lang in LANGUAGES]
EVERY_TRANSLATION = [(name, lang) for name in CATALOG_SETS for lang in TRANSLATIONS]


def entries(catalog: Catalog) -> dict[str, Message]:
    """Each message by its key (a plural entry's msgid), without the header."""
    return {message.id[0] if message.pluralizable else message.id: message for message in list(catalog)[1:]}


def forms(message: Message) -> tuple[str, ...]:
    return tuple(message.string) if message.pluralizable else (message.string,)


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def path_of(name: str, lang: str) -> Path:
    return catalog_path(lang, *CATALOG_SETS[name])


@pytest.fixture(scope="module")
def catalog_sets() -> dict[str, dict[str, Catalog]]:
    return {
        name: {lang: read_catalog(lang, *where) for lang in LANGUAGES} for name, where in CATALOG_SETS.items()
    }


@pytest.fixture(scope="module")
def catalogs(catalog_sets) -> dict[str, Catalog]:
    return catalog_sets["salesbot"]


def test_english_and_norwegian_are_there_and_english_is_the_default():
    assert DEFAULT_LANGUAGE == "en" == LANGUAGES[0]
    assert "nb" in LANGUAGES


def test_the_console_speaks_every_language_salesbot_does():
    assert catalog_languages(*CATALOG_SETS["console"]) == LANGUAGES


@pytest.mark.parametrize(("name", "lang"), EVERY_CATALOG)
def test_the_catalog_header_names_its_language_plural_rule_and_utf8(name, lang, catalog_sets):
    catalog = catalog_sets[name][lang]
    headers = dict(catalog.mime_headers)
    assert headers["Language"] == lang
    assert catalog.plural_forms == get_plural(lang).plural_forms
    assert catalog.charset == "utf-8"
    assert not catalog.fuzzy, "a fuzzy header is ignored by gettext tools"


@pytest.mark.parametrize(("name", "lang"), EVERY_CATALOG)
def test_no_key_is_defined_twice(name, lang):
    # babel keeps the last of two entries with one msgid: look for them in the file itself.
    keys = re.findall(r'^msgid "(.+)"$', path_of(name, lang).read_text(encoding="utf-8"), re.MULTILINE)
    assert sorted(key for key, times in Counter(keys).items() if times > 1) == []


@pytest.mark.parametrize("name", CATALOG_SETS)
def test_every_english_message_has_its_text(name, catalog_sets):
    for key, message in entries(catalog_sets[name]["en"]).items():
        assert not message.fuzzy and all(form.strip() for form in forms(message)), key


@pytest.mark.parametrize(("name", "lang"), EVERY_TRANSLATION)
def test_every_message_is_translated(name, lang, catalog_sets):
    english, translated = entries(catalog_sets[name]["en"]), entries(catalog_sets[name][lang])
    assert translated.keys() == english.keys(), set(english) ^ set(translated)
    for key, message in translated.items():
        assert not message.fuzzy, f"{key} is fuzzy in {lang}"
        assert all(form.strip() for form in forms(message)), f"{key} is not translated into {lang}"


@pytest.mark.parametrize(("name", "lang"), EVERY_CATALOG)
def test_plural_entries_have_the_forms_of_their_language(name, lang, catalog_sets):
    english = entries(catalog_sets[name]["en"])
    for key, message in entries(catalog_sets[name][lang]).items():
        assert message.pluralizable == english[key].pluralizable, f"{key}: plural in one language only"
    # babel pads missing forms and drops extra ones as it reads: count them in the file itself.
    wanted = [str(index) for index in range(catalog_sets[name][lang].num_plurals)]
    for entry in path_of(name, lang).read_text(encoding="utf-8").split("\n\n"):
        if "\nmsgid_plural " in entry:
            key = re.search(r'^msgid "(.+)"$', entry, re.MULTILINE).group(1)
            assert re.findall(r"^msgstr\[(\d+)\]", entry, re.MULTILINE) == wanted, key


@pytest.mark.parametrize(("name", "lang"), EVERY_TRANSLATION)
def test_translations_keep_the_english_placeholders(name, lang, catalog_sets):
    english = entries(catalog_sets[name]["en"])
    for key, message in entries(catalog_sets[name][lang]).items():
        theirs, ours = forms(english[key]), forms(message)
        if len(theirs) == len(ours):
            # Form by form: "The one order…" may leave out the {count} that "{count} orders…" has.
            assert [placeholders(text) for text in ours] == [placeholders(text) for text in theirs], key
        else:
            every = set().union(*map(placeholders, theirs))
            assert all(placeholders(text) <= every for text in ours), key
            assert set().union(*map(placeholders, ours)) == every, key


# A literal key handed to t()/fmt.t()/a UserError, or as an example= key; and one handed to tn()/fmt.plural().
SINGULAR_USE = re.compile(
    r"""(?:\bt\(\s*(?:[\w.]+,\s*)?|\.t\(\s*|(?:InvalidInput|NotFound|PermissionDenied|Conflict|UserError)\(\s*"""
    r"""|example=)"([a-z_]+\.[a-z_.]+)\"""",
)
PLURAL_USE = re.compile(r"""(?:\btn\(\s*[\w.]+,\s*|\.plural\(\s*)"([a-z_]+\.[a-z_.]+)\"""")


CONSOLE = ROOT / "localslack" / "console"
# The console's words: a literal key handed to words() (singular) or words.plural().
CONSOLE_SINGULAR_USE = re.compile(r"""\bwords\(\s*"([a-z_]+\.[a-z_.]+)\"""")
CONSOLE_PLURAL_USE = re.compile(r"""\bwords\.plural\(\s*"([a-z_]+\.[a-z_.]+)\"""")


def source_files():
    for folder in ("salesbot", "handlers", "localslack"):
        yield from (ROOT / folder).rglob("*.py")


@pytest.mark.parametrize("path", list(source_files()), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_literal_key_in_the_code_exists(path, catalog_sets):
    if path.is_relative_to(CONSOLE):
        known, patterns = entries(catalog_sets["console"]["en"]), (CONSOLE_SINGULAR_USE, CONSOLE_PLURAL_USE)
    else:
        known, patterns = entries(catalog_sets["salesbot"]["en"]), (SINGULAR_USE, PLURAL_USE)
    code = path.read_text()
    for pattern, plural in zip(patterns, (False, True), strict=True):
        used = set(pattern.findall(code))
        wrong = sorted(key for key in used if key not in known or known[key].pluralizable != plural)
        kind = "plural" if plural else "singular"
        assert wrong == [], f"{path.name} names {kind} keys the catalog lacks, or has as the other kind"


def test_every_console_message_is_used(catalog_sets):
    code = "".join(path.read_text() for path in CONSOLE.glob("*.py"))
    unused = sorted(key for key in entries(catalog_sets["console"]["en"]) if f'"{key}"' not in code)
    assert unused == []


def literal_text(expr: ast.expr) -> str:
    """The text a string expression spells out itself: literals and f-string parts, not what calls
    (words(), names) put in."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return expr.value
    if isinstance(expr, ast.JoinedStr):
        return "".join(literal_text(part) for part in expr.values)
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
        return literal_text(expr.left) + literal_text(expr.right)
    # Alternatives and a tuple's items are separate texts: one per line.
    if isinstance(expr, ast.IfExp):
        return literal_text(expr.body) + "\n" + literal_text(expr.orelse)
    if isinstance(expr, ast.Tuple | ast.List):
        return "\n".join(literal_text(element) for element in expr.elts)
    return ""


# Ways the console shows text: written, asked, styled; lines returned, and a field's answer with its
# problem. A phrase (two words or more) written there is the console's own, and belongs in its catalogs.
SHOWN_BY = ("out", "write", "ask", "yes", "print_item", "bold", "dim", "italic", "header")
WORDS = re.compile(r"[^\W\d_]{2,}[^\w\s]*\s+[^\w\s]*[^\W\d_]+")  # words in a row: something to read


def words_of_its_own(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) in SHOWN_BY and node.args:
            found.append(literal_text(node.args[0]))
        elif isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple | ast.List):
            found.append(literal_text(node.value))
    return sorted(line.strip() for text in found for line in text.splitlines() if WORDS.search(line))


def test_the_check_finds_words_the_console_writes_itself():
    source = """
def f(self, answer):
    self.term.out("There are no buttons to press yet.")
    self.term.out(f"Press a number from 1 to {n}.")
    self.term.ask("Submit? [Y/n" + extra + "] ")
    self.term.out(self.words("press.none"))
    self.term.out("  " + self.words("field.required") + f" {label}")
    return False, None, "Type a number."
"""
    assert words_of_its_own(source) == [
        "Press a number from 1 to .",
        "Submit? [Y/n]",
        "There are no buttons to press yet.",
        "Type a number.",
    ]


@pytest.mark.parametrize("path", sorted(CONSOLE.glob("*.py")), ids=lambda path: path.name)
def test_the_console_writes_no_words_of_its_own(path):
    """Everything the console says is in its catalogs, so it follows the reader's language."""
    assert words_of_its_own(path.read_text(encoding="utf-8")) == []


# -- looking messages up ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "count", "expected"),
    [
        ("en", 1, "1 person so far:"),
        ("en", 0, "0 people so far:"),
        ("en", 2, "2 people so far:"),
        ("nb", 1, "1 person så langt:"),
        ("nb", 0, "0 personer så langt:"),
        ("nb", 2, "2 personer så langt:"),
    ],
)
def test_plural_messages_take_the_form_for_their_count(lang, count, expected):
    assert tn(lang, "digest.reached_count", count) == expected
    assert Formatter(lang).plural("digest.reached_count", count) == expected


def test_a_plural_form_may_leave_the_count_out_and_take_other_values():
    assert tn("en", "digest.delays_late", 1, days="3 days") == "The one delivered order came 3 days late."
    assert (
        tn("nb", "digest.delays_late", 4, late=2, days="2,5")
        == "2 av 4 leverte ordrer kom for sent, i snitt 2,5 dager."
    )


def test_formatter_plural_formats_the_count_for_its_reader():
    assert Formatter("en").plural("sale.days", 1000) == "1,000 days"
    assert Formatter("nb").plural("sale.days", 1000) == "1\u00a0000 dager"
    assert Formatter("nb").plural("sale.days", 1) == "1 dag"
    assert tn("nb", "sale.days", 1000, count="tusen") == "tusen dager"


def test_a_language_without_a_catalog_reads_english():
    assert t("xx", "digest.heading.reached") == t("en", "digest.heading.reached")
    assert tn("xx", "sale.days", 2) == "2 days"
    assert Formatter("xx").t("digest.heading.reached") == t("en", "digest.heading.reached")


def test_an_unknown_key_is_logged_and_shown_as_it_is(caplog):
    with caplog.at_level(logging.ERROR, logger="salesbot.i18n"):
        assert t("nb", "no.such_key", name="x") == "no.such_key"
        assert tn("nb", "no.such_plural", 2) == "no.such_plural"
    assert caplog.text.count("missing message key") == 2


def write_catalog(locales: Path, lang: str, messages: list[dict]) -> None:
    catalog = Catalog(locale=lang, domain="salesbot", fuzzy=False)
    for message in messages:
        catalog.add(**message)
    path = catalog_path(lang, locales)
    path.parent.mkdir(parents=True)
    with path.open("wb") as file:
        write_po(file, catalog)


def test_what_a_translation_lacks_english_gives(tmp_path, caplog):
    write_catalog(
        tmp_path,
        "en",
        [
            {"id": key, "string": f"{key} in English"}
            for key in ("both", "english.only", "empty", "fuzzy", "nowhere.else")
        ]
        + [{"id": ("days", "days"), "string": ("{count} day", "{count} days")}],
    )
    write_catalog(
        tmp_path,
        "nb",
        [
            {"id": "both", "string": "both på norsk"},
            {"id": "empty", "string": ""},
            {"id": "fuzzy", "string": "fuzzy på norsk", "flags": ["fuzzy"]},
            {"id": ("days", "days"), "string": ("{count} dag", "")},
        ],
    )
    norwegian = translations(tmp_path)["nb"]
    assert norwegian.gettext("both") == "both på norsk"
    assert norwegian.gettext("english.only") == "english.only in English"
    assert norwegian.gettext("empty") == "empty in English"
    assert norwegian.gettext("fuzzy") == "fuzzy in English"
    assert norwegian.ngettext("days", "days", 2) == "{count} days"  # a missing form: the whole entry
    assert "missing message key" not in caplog.text
    with caplog.at_level(logging.ERROR, logger="salesbot.i18n"):
        assert norwegian.gettext("not.anywhere") == "not.anywhere"
    assert "missing message key not.anywhere" in caplog.text


# -- which languages there are ---------------------------------------------------------------------


def test_the_languages_are_the_catalogs_present(tmp_path):
    for lang in ("nb", "en", "de"):
        write_catalog(tmp_path, lang, [{"id": "x", "string": "x"}])
    (tmp_path / "sv" / "LC_MESSAGES").mkdir(parents=True)  # no catalog in it: not a language
    assert catalog_languages(tmp_path) == ("en", "de", "nb")
    assert catalog_languages() == LANGUAGES


def test_each_language_formats_as_in_its_likeliest_country():
    assert (BABEL_LOCALES["en"], BABEL_LOCALES["nb"]) == ("en_US", "nb_NO")
    assert babel_locale("de") == "de_DE"
    assert babel_locale("sv") == "sv_SE"


@pytest.mark.parametrize(
    ("slack_locale", "expected"),
    [
        ("nb-NO", "nb"),
        ("no", "nb"),
        ("nn_NO", "nb"),
        ("NB", "nb"),
        ("en-US", "en"),
        ("en-GB", "en"),
        ("xx-XX", None),
        ("", None),
        (None, None),
    ],
)
def test_a_slack_locale_reads_as_a_language_salesbot_speaks(slack_locale, expected):
    assert language_of(slack_locale) == expected


@pytest.mark.parametrize(
    ("preference", "slack_locale", "workspace", "expected"),
    [
        ("nb", "en-US", "en", "nb"),
        (None, "nn-NO", "en", "nb"),
        (None, "xx-XX", "nb", "nb"),
        ("xx", None, None, "en"),
        (None, None, None, "en"),
    ],
)
def test_a_reader_s_language(preference, slack_locale, workspace, expected):
    assert pick_language(preference=preference, slack_locale=slack_locale, workspace=workspace) == expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("nb-NO,nb;q=0.9,no;q=0.8,nn;q=0.7,en-US;q=0.6,en;q=0.5", "nb"),
        ("en-US,en;q=0.9,nb;q=0.8", "en"),
        ("nn-NO", "nb"),
        ("no", "nb"),
        ("en;q=0.4, nb;q=0.8", "nb"),  # by weight, not by order
        ("da, sv;q=0.9, nb;q=0.5, en;q=0.3", "nb"),  # the first salesbot speaks
        ("nb;q=0, en", "en"),  # q=0: not acceptable
        ("nb;q=oops, en", "en"),
        ("de-DE, fr", "en"),
        ("*", "en"),
        ("", "en"),
        (None, "en"),
    ],
)
def test_a_browser_s_language(header, expected):
    assert accepted_language(header) == expected


def test_a_language_is_named_in_itself():
    assert (language_name("en"), language_name("nb")) == ("English", "norsk bokmål")
