from decimal import Decimal

import pytest

from salesbot.amounts import parse_amount, parse_units, read_amount
from salesbot.errors import InvalidInput
from salesbot.i18n import t

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("150000", "en", "150000"),
        ("150000", "nb", "150000"),
        ("150 000", "en", "150000"),
        ("150 000", "nb", "150000"),
        (f"150{NBSP}000", "nb", "150000"),
        (f"150{NNBSP}000", "nb", "150000"),
        (f"kr{NBSP}1{NNBSP}234{NBSP}567", "nb", "1234567"),
        ("  150000  ", "en", "150000"),
        ("`150k`", "en", "150000"),
        ("150k", "en", "150000"),
        ("150K", "nb", "150000"),
        ("150 k", "nb", "150000"),
        ("1.5m", "en", "1500000"),
        ("1.5M", "en", "1500000"),
        ("1,5m", "nb", "1500000"),
        ("1.5m", "nb", "1500000"),
        ("2 mill", "nb", "2000000"),
        ("2 mill.", "nb", "2000000"),
        ("2 mnok", "nb", "2000000"),
        ("1,5 mill. kr", "nb", "1500000"),
        ("kr 1,5 mill", "nb", "1500000"),
        ("2 million", "en", "2000000"),
        ("150 tusen", "nb", "150000"),
        ("1,2 mrd", "nb", "1200000000"),
        ("1.2bn", "en", "1200000000"),
        ("1.2345678m", "en", "1234567.80"),
        ("kr 150 000", "nb", "150000"),
        ("kr150000", "nb", "150000"),
        ("kr. 150 000", "nb", "150000"),
        ("150 000 kr", "nb", "150000"),
        ("150 000 KR", "nb", "150000"),
        ("NOK 150000", "en", "150000"),
        ("150000 NOK", "en", "150000"),
        ("150k NOK", "en", "150000"),
        ("$1,200", "en", "1200"),
        ("$1,200.50", "en", "1200.50"),
        ("1 200 $", "nb", "1200"),
        ("€1.200,50", "nb", "1200.50"),
        ("1 200 €", "nb", "1200"),
        ("£99", "en", "99"),
        ("1 500,-", "nb", "1500"),
        ("1500,-", "nb", "1500"),
        ("kr 1 500,-", "nb", "1500"),
        ("1 234,50", "nb", "1234.50"),
        ("1234,5", "nb", "1234.50"),
        ("1,234.50", "en", "1234.50"),
        ("1234.5", "en", "1234.50"),
        ("1 234.50", "en", "1234.50"),
        ("1.234,50", "nb", "1234.50"),
        ("1.234,50", "en", "1234.50"),
        ("1,234.50", "nb", "1234.50"),
        ("1.500", "nb", "1500"),
        ("1.234.567", "nb", "1234567"),
        ("1.234.567", "en", "1234567"),
        ("1,234,567", "en", "1234567"),
        ("150,000", "en", "150000"),
        ("12,5", "nb", "12.50"),
        ("0,99", "nb", "0.99"),
    ],
)
def test_reads_amounts(text, lang, expected):
    value = parse_amount(text, lang)
    assert value == Decimal(expected)
    assert value.as_tuple().exponent == -2  # always to the cent, ready to store


@pytest.mark.parametrize(
    ("text", "lang", "key"),
    [
        ("", "en", "amount.invalid"),
        ("abc", "en", "amount.invalid"),
        ("kr", "nb", "amount.invalid"),
        ("150 000 000 000x", "en", "amount.invalid"),
        ("15 00", "en", "amount.invalid"),  # spaces group by threes only
        ("1 50 000", "nb", "amount.invalid"),
        ("150.", "en", "amount.invalid"),
        ("1,234,567", "nb", "amount.invalid"),  # a comma is the decimal mark in Norwegian
        ("1,2345", "en", "amount.invalid"),
        ("1.2,3", "nb", "amount.invalid"),
        ("1 234.567,50", "nb", "amount.invalid"),  # mixed grouping
        ("150-", "en", "amount.invalid"),
        ("+150", "en", "amount.invalid"),
        ("1e6", "en", "amount.invalid"),
        ("2026-11", "en", "amount.invalid"),
        ("1,5", "en", "amount.ambiguous_comma"),
        ("1,5m", "en", "amount.ambiguous_comma"),
        ("12,50", "en", "amount.ambiguous_comma"),
        ("1 234,50", "en", "amount.ambiguous_comma"),
        ("-150", "en", "amount.negative"),
        ("−150", "nb", "amount.negative"),  # U+2212 minus sign
        ("kr -150", "nb", "amount.negative"),
        ("-kr 150", "nb", "amount.negative"),
        ("-1,5", "en", "amount.negative"),
        ("0", "en", "amount.zero"),
        ("0,00", "nb", "amount.zero"),
        ("0k", "en", "amount.zero"),
        ("1.234", "en", "amount.too_many_decimals"),
        ("1.500", "en", "amount.too_many_decimals"),  # English reads a point as decimal
        ("150,000", "nb", "amount.too_many_decimals"),  # Norwegian reads a comma as decimal
        ("1,005", "nb", "amount.too_many_decimals"),
        ("1.234567k", "en", "amount.too_many_decimals"),
    ],
)
def test_rejects_amounts_with_the_reason(text, lang, key):
    with pytest.raises(InvalidInput) as caught:
        parse_amount(text, lang)
    assert caught.value.key == key
    assert caught.value.example == "amount.example"
    assert caught.value.params["text"] == text.strip()


def test_scale_may_turn_decimals_whole():
    assert parse_amount("1.255m", "en") == Decimal("1255000")
    assert parse_amount("0.001k", "en") == Decimal("1")


def test_zero_only_when_allowed():
    assert parse_amount("0", "en", allow_zero=True) == Decimal("0")
    assert parse_amount("kr 0", "nb", allow_zero=True) == Decimal("0")
    with pytest.raises(InvalidInput) as caught:
        parse_amount("-0", "en", allow_zero=True)
    assert caught.value.key == "amount.negative"


def test_ambiguous_comma_suggests_a_point():
    with pytest.raises(InvalidInput) as caught:
        parse_amount("`1,5m`", "en")
    assert caught.value.params == {"text": "1,5m", "suggestion": "1.5m"}
    message = t("en", caught.value.key, **caught.value.params)
    assert "`1,5m`" in message and "`1.5m`" in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3", 3),
        (" 3 ", 3),
        ("3 stk", 3),
        ("3 stk.", 3),
        ("3stk", 3),
        ("3 STK", 3),
        ("3 units", 3),
        ("1 unit", 1),
        ("12 pcs", 12),
        ("3x", 3),
        ("1 000", 1000),
        (f"1{NBSP}000 stk", 1000),
    ],
)
def test_reads_units(text, expected):
    assert parse_units(text) == expected


@pytest.mark.parametrize("text", ["", "0", "0 stk", "-3", "3.5", "3,5", "three", "3 kg", "1 00"])
def test_rejects_units(text):
    with pytest.raises(InvalidInput) as caught:
        parse_units(text)
    assert caught.value.key == "units.invalid"
    assert caught.value.example == "units.example"
    assert caught.value.params == {"text": text.strip()}


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_every_amount_error_reads_in_both_languages(lang):
    for key in ("amount.invalid", "amount.negative", "amount.zero", "amount.too_many_decimals"):
        assert "`1 5`" in t(lang, key, text="1 5")
    assert t(lang, "amount.example").startswith(("Write", "Skriv"))
    assert "`3 x`" in t(lang, "units.invalid", text="3 x")


@pytest.mark.parametrize(
    ("text", "mark"),
    [
        ("150000", None),
        ("kr 150 000", "kr"),
        ("150 000 KR", "kr"),
        ("kr. 150 000", "kr."),
        ("NOK 150000", "nok"),
        ("2 mnok", "nok"),
        ("kr 2 mnok", "nok"),  # the most specific of the two
        ("$1,200", "$"),
        ("US$ 1,200", "us$"),
        ("1 200 €", "€"),
        ("£99", "£"),
        ("99 CHF", "chf"),
        ("99 zł", "zł"),
    ],
)
def test_reads_the_currency_mark_written(text, mark):
    assert read_amount(text, "nb" if "kr" in text.casefold() else "en").mark == mark


@pytest.mark.parametrize(
    ("text", "currency"),
    [
        ("kr 2 500", "NOK"),
        ("kr 2 500", "SEK"),  # "kr" is any krone: the workspace's is the likely one
        ("2 500 DKK", "DKK"),
        ("$2,500", "USD"),
        ("$2,500", "CAD"),
        ("€2,500", "EUR"),
        ("2,500", "EUR"),  # no mark: the workspace's currency
        ("2 mnok", "NOK"),
    ],
)
def test_a_mark_of_the_workspaces_currency_is_accepted(text, currency):
    assert parse_amount(text, "en", currency=currency) > 0


@pytest.mark.parametrize(
    ("text", "currency", "mark"),
    [
        ("kr 2 500", "EUR", "kr"),
        ("2 500 NOK", "SEK", "NOK"),
        ("$2,500", "NOK", "$"),
        ("€2,500", "USD", "€"),
        ("2 mnok", "EUR", "NOK"),
        ("`usd 99`", "GBP", "USD"),
    ],
)
def test_a_mark_of_another_currency_is_refused_not_converted(text, currency, mark):
    with pytest.raises(InvalidInput) as caught:
        parse_amount(text, "en", currency=currency)
    assert caught.value.key == "amount.wrong_currency"
    assert caught.value.params == {"text": text.strip("`"), "mark": mark, "currency": currency}
    message = t("nb", caught.value.key, **caught.value.params)
    assert f"arbeidsområdet regner i {currency}" in message
    assert f"`{text.strip('`')}` is in {mark}, but this workspace counts in {currency}" in t(
        "en", caught.value.key, **caught.value.params
    )


def test_two_currencies_in_one_amount_cannot_be_read():
    with pytest.raises(InvalidInput) as caught:
        parse_amount("€ 100 kr", "en")
    assert caught.value.key == "amount.invalid"
