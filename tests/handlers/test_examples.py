"""Every `/sales …` example salesbot shows (in its messages, in English and Norwegian) and every
one in the README works on the demo company as written: none is refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from salesbot.demo import DEMO_PEOPLE
from tests.helpers import replies
from tests.salesbot.test_demo import INGRID, demo  # noqa: F401  (the fixture)

ROOT = Path(__file__).resolve().parents[2]
# A usage line names its parts in capitals (NAME, AMOUNT), offers choices (a|b) or options ([…]);
# an example is a command as a person would type it.
NOT_AN_EXAMPLE = re.compile(r"[A-ZÆØÅ]{3,}|\||…|\[|\{")
EXAMPLE = re.compile(r"`(/sales [^`]+)`")
# Examples of what not to type, quoted in the message that refuses it.
REFUSALS = {"/sales result 15 000 3 units", "/sales result 15 000 3 stk"}


def catalog_examples(lang: str) -> set[str]:
    with open(_po(lang), "rb") as po:
        catalog = read_po(po)
    found = set()
    for message in catalog:
        texts = message.string if isinstance(message.string, tuple | list) else [message.string]
        for text in texts:
            found |= {c for c in EXAMPLE.findall(text or "") if not NOT_AN_EXAMPLE.search(c)}
    return found - REFUSALS


def _po(lang: str) -> Path:
    return ROOT / "salesbot" / "locales" / lang / "LC_MESSAGES" / "salesbot.po"


def readme_examples() -> list[str]:
    """In the README's order: a later example may build on an earlier one (create, then add)."""
    text = (ROOT / "README.md").read_text()
    found = [c for c in EXAMPLE.findall(text) if not NOT_AN_EXAMPLE.search(c)]
    return list(dict.fromkeys(found))


def as_typed(example: str) -> str:
    """The words after ``/sales``, with ``@kari`` (any demo person's first name) and ``#sales`` as
    the links Slack makes of them."""
    words = example.removeprefix("/sales").strip()
    words = re.sub(r"#sales\b", "<#C0SALES|sales>", words)  # picked from Slack's list, it is a link
    first_names = {person.name.split()[0].casefold(): person.user_id for person in DEMO_PEOPLE}

    def link(match: re.Match) -> str:
        user_id = first_names.get(match.group(1).casefold())
        return f"<@{user_id}|{match.group(1).lower()}>" if user_id else match.group(0)

    return re.sub(r"@(\w+)", link, words)


def test_the_examples_are_found():
    assert len(catalog_examples("en")) > 20 and len(catalog_examples("nb")) > 20
    assert "/sales orders" in readme_examples()


@pytest.mark.parametrize("source", ["en", "nb", "README"])
def test_every_example_works_on_the_demo(demo, source):  # noqa: F811
    examples = readme_examples() if source == "README" else sorted(catalog_examples(source))
    refused = {}
    for example in examples:
        before = len(replies(demo, INGRID))
        demo.command(as_typed(example), user=INGRID)
        answered = replies(demo, INGRID)[before:]
        if any(":warning:" in text or "Something went wrong" in text for text in answered):
            refused[example] = answered[-1][:200]
    assert refused == {}, "\n".join(f"{k}\n    {v}" for k, v in refused.items())
