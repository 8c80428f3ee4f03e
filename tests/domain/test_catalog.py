"""The message catalogs: both languages complete, and every key the code names exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from salesbot.i18n import LANGUAGES, messages

ROOT = Path(__file__).resolve().parents[2]
# A literal message key handed to t()/fmt.t()/a UserError, or as an example= key.
KEY_USE = re.compile(
    r"""(?:\bt\(\s*(?:[\w.]+,\s*)?|\.t\(\s*|(?:InvalidInput|NotFound|PermissionDenied|Conflict|UserError)\(\s*"""
    r"""|example=)"([a-z_]+\.[a-z_.]+)\"""",
)


def test_both_languages_have_the_same_keys_and_placeholders():
    table = messages()
    assert table["en"].keys() == table["nb"].keys(), set(table["en"]) ^ set(table["nb"])
    for key, english in table["en"].items():
        placeholders = {lang: set(re.findall(r"{(\w+)}", table[lang][key])) for lang in LANGUAGES}
        assert placeholders["en"] == placeholders["nb"], key
        assert english.strip() and table["nb"][key].strip(), key


def source_files():
    for folder in ("salesbot", "handlers", "localslack"):
        yield from (ROOT / folder).rglob("*.py")


@pytest.mark.parametrize("path", list(source_files()), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_literal_key_in_the_code_exists(path):
    if "catalog" in path.parts:
        return
    known = messages()["en"]
    missing = sorted({key for key in KEY_USE.findall(path.read_text()) if key not in known})
    assert missing == [], f"{path.name} names keys missing from the catalog"
