"""Reading amounts and unit counts the way salespeople type them.

``150000``, ``150 000``, ``150k``, ``1.5m``, ``1,5 mill. kr``, ``kr 150 000``, ``$1,200``,
``1 500,-``. Separators follow the reader's language: in Norwegian a comma is the decimal
mark, in English it groups thousands.

babel's ``parse_decimal`` is not used: lenient mode silently drops misplaced separators
(``1,5`` reads as 15 in English) and strict mode rejects everyday Norwegian forms such as
``1.234,50`` and ``1 234,50``, so the separator rules below are explicit instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from salesbot.errors import InvalidInput

_CENT = Decimal("0.01")

# Currency marks allowed before or after the number, and the currencies each can stand for.
# salesbot converts nothing: a mark that is not the workspace's currency is refused
# (``check_currency``), so "kr 2 500" is never counted as €2,500.
_MARKS = {
    "kr": ("NOK", "SEK", "DKK", "ISK"),
    "kr.": ("NOK", "SEK", "DKK", "ISK"),
    "nok": ("NOK",),
    "sek": ("SEK",),
    "dkk": ("DKK",),
    "isk": ("ISK",),
    "usd": ("USD",),
    "us$": ("USD",),
    "$": ("USD", "CAD", "AUD", "NZD", "SGD", "HKD"),
    "eur": ("EUR",),
    "€": ("EUR",),
    "gbp": ("GBP",),
    "£": ("GBP",),
    "chf": ("CHF",),
    "pln": ("PLN",),
    "zł": ("PLN",),
}
_CURRENCY = "(?:" + "|".join(re.escape(mark) for mark in sorted(_MARKS, key=len, reverse=True)) + ")"
# Scale words that name their currency too: "2 mnok" is two million Norwegian kroner.
_SCALE_MARKS = {"mnok": "nok"}

# Power of ten for each scale word. "billion" is left out: it means 10^12 in Norwegian.
_SCALES = {
    "k": 3,
    "tusen": 3,
    "thousand": 3,
    "m": 6,
    "mill": 6,
    "mill.": 6,
    "million": 6,
    "millions": 6,
    "millioner": 6,
    "mln": 6,
    "mio": 6,
    "mnok": 6,
    "bn": 9,
    "mrd": 9,
    "mrd.": 9,
    "milliard": 9,
    "milliarder": 9,
}
_SCALE = "|".join(re.escape(word) for word in sorted(_SCALES, key=len, reverse=True))

_AMOUNT = re.compile(
    rf"""
    (?P<minus>[-−])?\s*
    (?:(?P<before>{_CURRENCY})\s*)?
    (?P<minus2>[-−])?\s*
    (?P<number>\d(?:[\d\s.,]*\d)?)\s*
    (?P<scale>{_SCALE})?\s*
    (?P<after>{_CURRENCY})?\s*
    (?:[.,][-–])?          # "1 500,-" marks whole kroner
    """,
    re.VERBOSE,
)

# Whole-number grouping: the first group has 1–3 digits, every later group exactly 3.
_GROUPED = {sep: re.compile(rf"\d{{1,3}}(?:{re.escape(sep)}\d{{3}})+") for sep in " .,"}

_UNITS = re.compile(
    r"(?P<number>\d{1,3}(?: \d{3})+|\d+)\s*"
    r"(?:stk\.?|stykk|stykker|enhet|enheter|units?|pcs\.?|pieces?|x)?"
)


@dataclass(frozen=True)
class Amount:
    """An amount as typed: its value, and the currency mark written with it (lower-cased), if any."""

    value: Decimal
    mark: str | None = None


def parse_amount(text: str, lang: str, *, allow_zero: bool = False, currency: str | None = None) -> Decimal:
    """The amount in ``text``, with two decimals, read with ``lang``'s separators.

    Raises ``InvalidInput`` when it cannot be read, is negative, is zero (unless
    ``allow_zero``), has more than two decimals, or is an English ``1,5``; with ``currency``
    (the workspace's), also when it is written with another currency's mark.
    """
    amount = read_amount(text, lang, allow_zero=allow_zero)
    if currency is not None:
        check_currency(amount, currency, text)
    return amount.value


def read_amount(text: str, lang: str, *, allow_zero: bool = False) -> Amount:
    """``parse_amount`` without the currency check: the value and the mark that was written."""
    # Errors quote what was typed, minus the backticks people copy from our examples.
    text = text.strip().strip("`").strip()
    match = _AMOUNT.fullmatch(" ".join(text.casefold().split()))
    if match is None:
        raise InvalidInput("amount.invalid", example="amount.example", text=text)
    if match["minus"] or match["minus2"]:
        raise InvalidInput("amount.negative", example="amount.example", text=text)
    marks = [mark for mark in (match["before"], match["after"], _SCALE_MARKS.get(match["scale"])) if mark]
    if marks and not set.intersection(*(set(_MARKS[mark]) for mark in marks)):
        # "€ 100 kr": two currencies in one amount.
        raise InvalidInput("amount.invalid", example="amount.example", text=text)
    value = _decimal(match["number"], lang, text)
    if match["scale"]:
        value = value.scaleb(_SCALES[match["scale"]])
    # The written precision counts, so Norwegian "150,000" is caught rather than read as 150.
    if value.as_tuple().exponent < -2:
        raise InvalidInput("amount.too_many_decimals", example="amount.example", text=text)
    if value == 0 and not allow_zero:
        raise InvalidInput("amount.zero", example="amount.example", text=text)
    # The most specific mark: "kr 2 mnok" is in NOK.
    mark = min(marks, key=lambda m: len(_MARKS[m])) if marks else None
    return Amount(value.quantize(_CENT), mark)


def check_currency(amount: Amount, currency: str, text: str) -> None:
    """Refuses an amount written in another currency than ``currency`` (an ISO code).

    "kr" fits any krone (NOK, SEK, DKK, ISK) and "$" any dollar: the mark alone can't tell
    which, and the workspace's own is the likely one.
    """
    if amount.mark is None or currency.upper() in _MARKS[amount.mark]:
        return
    mark = amount.mark.upper() if amount.mark.isalpha() and len(amount.mark) == 3 else amount.mark
    raise InvalidInput(
        "amount.wrong_currency",
        example="amount.example",
        text=text.strip().strip("`").strip(),
        mark=mark,
        currency=currency.upper(),
    )


def _decimal(number: str, lang: str, text: str) -> Decimal:
    """``number`` (digits with spaces, points and commas) as a Decimal.

    With both a point and a comma, the last one is the decimal mark. A lone comma is
    decimal in Norwegian and grouping in English; a point is decimal unless it groups
    thousands (``1.234.567`` anywhere, ``1.500`` in Norwegian).
    """
    has_point, has_comma = "." in number, "," in number
    if has_point and has_comma:
        decimal_mark = "." if number.rfind(".") > number.rfind(",") else ","
    elif has_comma:
        if lang == "nb":
            decimal_mark = ","
        elif _GROUPED[","].fullmatch(number):
            decimal_mark = None
        elif re.fullmatch(r"(?:\d+|\d{1,3}(?: \d{3})+),\d{1,2}", number):
            raise InvalidInput(
                "amount.ambiguous_comma",
                example="amount.example",
                text=text,
                suggestion=text.replace(",", "."),
            )
        else:
            raise InvalidInput("amount.invalid", example="amount.example", text=text)
    elif has_point:
        # Several points can only be grouping; "1.500" is grouping only in Norwegian.
        points_group = (lang == "nb" or number.count(".") > 1) and _GROUPED["."].fullmatch(number)
        decimal_mark = None if points_group else "."
    else:
        decimal_mark = None

    whole, fraction = number, ""
    if decimal_mark:
        whole, _, fraction = number.rpartition(decimal_mark)
    grouped = any(_GROUPED[sep].fullmatch(whole) for sep in " .," if sep != decimal_mark)
    if not (whole.isdigit() or grouped) or (decimal_mark and not fraction.isdigit()):
        raise InvalidInput("amount.invalid", example="amount.example", text=text)
    digits = re.sub(r"[ .,]", "", whole)
    return Decimal(f"{digits}.{fraction}" if fraction else digits)


def parse_units(text: str) -> int:
    """A whole number of units above zero: ``3``, ``3 stk``, ``3 units``, ``1 000``."""
    text = text.strip().strip("`").strip()
    match = _UNITS.fullmatch(" ".join(text.casefold().split()))
    units = int(match["number"].replace(" ", "")) if match else 0
    if units <= 0:
        raise InvalidInput("units.invalid", example="units.example", text=text)
    return units
