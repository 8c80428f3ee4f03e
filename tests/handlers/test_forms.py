"""How a form's refusals are placed under its inputs (handlers/forms.py: field_messages)."""

from __future__ import annotations

from handlers.forms import field_messages
from salesbot.errors import FieldErrors, InvalidInput, PermissionDenied
from salesbot.i18n import Formatter

EN = Formatter("en")
VALUES = {"amount": {}, "units": {}, "digest_time": {}}


def test_every_field_error_shows_under_its_own_input():
    refused = FieldErrors(
        {
            "amount": InvalidInput("amount.invalid", example="amount.example", text="lots"),
            "time": InvalidInput("digest.time_missing"),
        }
    )
    shown = field_messages(EN, refused, VALUES, first_field="amount", blocks={"time": "digest_time"})
    assert shown == {
        "amount": "I couldn't read `lots` as an amount. Write it like `150000`, `150 000`, `150k` or `1.5m`.",
        "digest_time": "Choose the time of day.",
    }


def test_errors_about_inputs_the_form_lacks_show_together_on_the_first():
    refused = FieldErrors(
        {
            "person": PermissionDenied("sale.not_allowed"),
            "amount": InvalidInput("sale.amount_range"),
        }
    )
    shown = field_messages(EN, refused, VALUES, first_field="amount")
    assert list(shown) == ["amount"]
    assert shown["amount"].startswith("You can record and change only your own sales")
    assert shown["amount"].endswith(
        "\nThe amount must be above zero and at most 1,000,000,000 (one billion) per sale."
    )


def test_a_lone_error_shows_on_the_field_it_names_else_its_areas():
    named = InvalidInput("units.invalid", text="x", field="units")
    assert list(field_messages(EN, named, VALUES, first_field="amount")) == ["units"]
    by_area = InvalidInput("units.invalid", text="x")
    assert list(
        field_messages(EN, by_area, VALUES, first_field="amount", field_by_area={"units": "units"})
    ) == ["units"]
    assert list(field_messages(EN, by_area, VALUES, first_field="amount")) == ["amount"]
