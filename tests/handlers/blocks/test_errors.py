"""Refusals and failures as people read them (handlers/blocks/errors.py)."""

from __future__ import annotations

from datetime import date

from handlers.blocks.errors import (
    build_failure,
    build_failure_modal,
    build_user_error,
    field_error_text,
    user_error_text,
)
from handlers.respond import Reply
from salesbot.errors import InvalidInput, NotFound
from tests.handlers.blocks.checks import valid_message, valid_view
from tests.handlers.blocks.samples import EN, NB

AMOUNT_EXAMPLE = "Write it like `150000`, `150 000`, `150k` or `1.5m`."


def test_a_refusal_escapes_what_was_typed():
    reply = build_user_error(EN, NotFound("product.not_found", name="<!here> & co"))
    assert valid_message(reply) == Reply(
        text="There is no product called *&lt;!here&gt; &amp; co*.",
        blocks=[
            {
                "type": "section",
                "text": {
                    "type": "mrkdwn",
                    "text": ":warning: There is no product called *&lt;!here&gt; &amp; co*.",
                },
            }
        ],
    )


def test_a_refusal_with_an_example_shows_it_under_the_problem():
    reply = build_user_error(EN, InvalidInput("amount.invalid", example="amount.example", text="<b>12"))
    assert valid_message(reply) == Reply(
        text=f"I couldn't read `&lt;b&gt;12` as an amount.\n{AMOUNT_EXAMPLE}",
        blocks=[
            {
                "type": "section",
                "text": {"type": "mrkdwn", "text": ":warning: I couldn't read `&lt;b&gt;12` as an amount."},
            },
            {"type": "context", "elements": [{"type": "mrkdwn", "text": AMOUNT_EXAMPLE}]},
        ],
    )


def test_dates_are_in_the_readers_format_and_a_mention_stays_a_mention():
    future = InvalidInput("sale.ordered_in_future", on=date(2026, 12, 24))
    assert (
        user_error_text(NB, future) == "Ordredatoen 24. des. 2026 er fram i tid; bruk i dag eller tidligere."
    )
    assert (
        user_error_text(EN, future) == "The order date Dec 24, 2026 is in the future; use today or earlier."
    )
    missing = NotFound("person.not_found", user="<@U0REP>")
    assert user_error_text(EN, missing) == "I can't find <@U0REP> in this workspace."
    assert user_error_text(NB, missing) == "Jeg finner ikke <@U0REP> i dette arbeidsområdet."


def test_under_a_field_a_refusal_is_plain_text_with_its_example():
    error = InvalidInput("amount.invalid", example="amount.example", text="<b>12")
    assert field_error_text(EN, error) == f"I couldn't read `<b>12` as an amount. {AMOUNT_EXAMPLE}"
    assert (
        field_error_text(EN, NotFound("product.not_found", name="R&D")) == "There is no product called *R&D*."
    )


def test_a_failure_gives_the_reference():
    text = (
        "Something went wrong on our side, and nothing was saved. If it happens again, give your admin "
        "this reference: `ABC123`."
    )
    assert valid_message(build_failure("en", "ABC123")) == Reply(
        text=text, blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": f":x: {text}"}}]
    )


def test_a_failed_modal_is_replaced_by_the_failure_in_the_readers_language():
    text = (
        "Noe gikk galt hos oss, og ingenting ble lagret. Skjer det igjen, gi administratoren denne "
        "referansen: `ABC123`."
    )
    assert valid_view(build_failure_modal("nb", "ABC123")) == {
        "type": "modal",
        "title": {"type": "plain_text", "text": "salesbot"},
        "close": {"type": "plain_text", "text": "Lukk"},
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": f":x: {text}"}}],
    }


def test_a_refusal_names_the_subcommand_in_the_words_the_reader_types():
    from handlers.blocks.errors import user_error_text
    from salesbot.errors import PermissionDenied
    from salesbot.i18n import Formatter

    refused = PermissionDenied("access.admins_only", action="team create")
    assert "`/sales team opprett`" in user_error_text(Formatter("nb"), refused)
    assert "`/sales team create`" in user_error_text(Formatter("en"), refused)
    unnamed = PermissionDenied("access.managers_only", action="something new")
    assert "`/sales something new`" in user_error_text(Formatter("nb"), unnamed)


def test_every_subcommand_a_refusal_names_has_its_words_in_every_language():
    """Each `require_admin(actor, "…")` / `require_manager(actor, "…")` in the code has
    `command.words.…` in the catalogs, so a Norwegian refusal shows Norwegian command words."""
    import re
    from pathlib import Path

    from salesbot.i18n import catalog_languages, read_catalog

    root = Path(__file__).resolve().parents[3]
    named = set()
    for path in [*root.glob("salesbot/*.py"), *root.glob("handlers/*.py")]:
        named |= set(re.findall(r'require_(?:admin|manager)\([\w.]+, "([^"]+)"\)', path.read_text()))
    assert "team create" in named
    for lang in catalog_languages():
        keys = {message.id for message in read_catalog(lang) if message.id}
        missing = {action for action in named if "command.words." + action.replace(" ", "_") not in keys}
        assert missing == set(), lang
