from datetime import date

import pytest

from salesbot.errors import InvalidInput
from salesbot.i18n import BABEL_LOCALES, t
from salesbot.periods import Period, current_period, parse_date, parse_period

TODAY = date(2026, 11, 27)  # a Friday in Q4


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("2026-11", "2026-11"),
        ("2026-1", "2026-01"),
        ("2026/11", "2026-11"),
        ("11.2026", "2026-11"),
        ("2026-Q4", "2026-Q4"),
        ("2026-q1", "2026-Q1"),
        ("2026 Q2", "2026-Q2"),
        ("Q4", "2026-Q4"),
        ("q3", "2026-Q3"),
        ("Q1 2027", "2027-Q1"),
        ("K4", "2026-Q4"),
        ("k4 2026", "2026-Q4"),
        ("2026-K4", "2026-Q4"),
        ("4. kvartal 2026", "2026-Q4"),
        ("1. kvartal", "2026-Q1"),
        ("2nd quarter 2025", "2025-Q2"),
        ("2026", "2026"),
        ("2027", "2027"),
        ("this month", "2026-11"),
        ("This Month", "2026-11"),
        ("current month", "2026-11"),
        ("this quarter", "2026-Q4"),
        ("this year", "2026"),
        ("last month", "2026-10"),
        ("previous month", "2026-10"),
        ("last quarter", "2026-Q3"),
        ("last year", "2025"),
        ("next month", "2026-12"),
        ("next quarter", "2027-Q1"),
        ("next year", "2027"),
        ("denne måneden", "2026-11"),
        ("DENNE MÅNEDEN", "2026-11"),
        ("inneværende måned", "2026-11"),
        ("dette kvartalet", "2026-Q4"),
        ("i år", "2026"),
        ("I år", "2026"),
        ("forrige måned", "2026-10"),
        ("forrige kvartal", "2026-Q3"),
        ("i fjor", "2025"),
        ("neste måned", "2026-12"),
        ("neste kvartal", "2027-Q1"),
        ("november", "2026-11"),
        ("November", "2026-11"),
        ("nov", "2026-11"),
        ("nov.", "2026-11"),
        ("nov 2026", "2026-11"),
        ("Nov. 2025", "2025-11"),
        ("november 2026", "2026-11"),
        ("November, 2026", "2026-11"),
        ("mai", "2026-05"),
        ("may", "2026-05"),
        ("okt", "2026-10"),
        ("oct", "2026-10"),
        ("desember", "2026-12"),
        ("des. 2026", "2026-12"),
        ("mars", "2026-03"),
        ("sept", "2026-09"),
        ("`2026-Q4`", "2026-Q4"),
        ("  this\u00a0month  ", "2026-11"),
        ("2026-11-03..2026-12-15", "2026-11-03..2026-12-15"),
        ("2026-11-03 .. 2026-12-15", "2026-11-03..2026-12-15"),
        ("2026-11-03 to 2026-12-15", "2026-11-03..2026-12-15"),
        ("2026-11-03 TIL 2026-12-15", "2026-11-03..2026-12-15"),
        ("2026-11-03 - 2026-12-15", "2026-11-03..2026-12-15"),
        ("2026-11-03–2026-12-15", "2026-11-03..2026-12-15"),
        ("from 2026-11-03 to 2026-12-15", "2026-11-03..2026-12-15"),
        ("fra 3.11 til 15.12", "2026-11-03..2026-12-15"),
        ("3.11.2026 til 15.12.2026", "2026-11-03..2026-12-15"),
        ("2026-11-03..2026-11-03", "2026-11-03..2026-11-03"),
        # The ways Norwegians write a range of days: a bare hyphen, or two dates side by side.
        ("1.12.2026-15.12.2026", "2026-12-01..2026-12-15"),
        ("1.12-15.12", "2026-12-01..2026-12-15"),
        ("1.12.-15.12.", "2026-12-01..2026-12-15"),
        ("2026-12-01 2026-12-15", "2026-12-01..2026-12-15"),
        ("2026-12-01-2026-12-15", "2026-12-01..2026-12-15"),
        ("1.12 15.12", "2026-12-01..2026-12-15"),
        ("27 nov 3 des", "2026-11-27..2026-12-03"),
        ("today to 2026-12-31", "2026-11-27..2026-12-31"),
        ("nov til des", "2026-11-01..2026-12-31"),
        ("2026-11..2027-Q1", "2026-11-01..2027-03-31"),
    ],
)
def test_reads_periods(text, key):
    assert parse_period(text, today=TODAY, lang="en").key == key
    assert parse_period(text, today=TODAY, lang="nb").key == key


@pytest.mark.parametrize(
    ("text", "today", "key"),
    [
        ("last month", date(2026, 1, 15), "2025-12"),
        ("forrige måned", date(2026, 1, 1), "2025-12"),
        ("next month", date(2026, 12, 31), "2027-01"),
        ("last quarter", date(2026, 2, 10), "2025-Q4"),
        ("forrige kvartal", date(2026, 4, 1), "2026-Q1"),
        ("dette kvartalet", date(2026, 3, 31), "2026-Q1"),
        ("this quarter", date(2026, 4, 1), "2026-Q2"),
        ("next quarter", date(2026, 12, 31), "2027-Q1"),
        ("i fjor", date(2026, 1, 1), "2025"),
        ("Q4", date(2027, 1, 2), "2027-Q4"),
        ("november", date(2027, 1, 2), "2027-11"),
        ("last month", date(2024, 3, 31), "2024-02"),
    ],
)
def test_relative_periods_at_boundaries(text, today, key):
    assert parse_period(text, today=today, lang="en").key == key


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("", "period.invalid"),
        ("foo", "period.invalid"),
        ("2026-13", "period.no_such_month"),
        ("2026-0", "period.no_such_month"),
        ("Q5", "period.invalid"),
        ("2026-Q0", "period.invalid"),
        ("Q4 2026 2027", "period.invalid"),
        ("novembre", "period.invalid"),
        ("26", "period.invalid"),
        ("last week", "period.invalid"),
        ("2026-11-27", "period.single_day"),  # a single day is written as a range
        ("27.11", "period.single_day"),
        ("2026-02-30..2026-03-01", "period.no_such_day"),
        ("30.2", "period.no_such_day"),
        ("30.2-3.3", "period.no_such_day"),
        ("1.13-15.12", "period.no_such_month"),
        ("nov 2026 2027", "period.invalid"),
        ("2026-11-03..", "period.invalid"),
        ("..2026-11-03", "period.invalid"),
        ("2026-11-03 to foo", "period.invalid"),
        ("2026-12-15..2026-11-03", "period.range_reversed"),
        ("15.12.2026 til 3.11.2026", "period.range_reversed"),
        ("des 2026 til nov 2026", "period.range_reversed"),
        ("15.12.2026-1.12.2026", "period.range_reversed"),
        ("2026-12-15 2026-12-01", "period.range_reversed"),
    ],
)
def test_rejects_periods_with_the_reason(text, key):
    with pytest.raises(InvalidInput) as caught:
        parse_period(text, today=TODAY, lang="nb")
    assert caught.value.key == key
    assert caught.value.example == "period.example"
    assert caught.value.params["text"] == text.strip()


@pytest.mark.parametrize(
    ("text", "lang", "message"),
    [
        ("30.2", "en", "I couldn't read `30.2` as a period: February 2026 has 28 days."),
        ("30.2", "nb", "Jeg forstod ikke `30.2` som en periode: februar 2026 har 28 dager."),
        ("1.2-30.2.2028", "en", "I couldn't read `1.2-30.2.2028` as a period: February 2028 has 29 days."),
        ("31 april", "en", "I couldn't read `31 april` as a period: April 2026 has 30 days."),
        ("2026-13", "en", "I couldn't read `2026-13` as a period: there is no month 13."),
        ("27.11", "en", "`27.11` is a single day"),
        ("15.12.26-1.12.26", "nb", "Perioden `15.12.26-1.12.26` slutter før den begynner"),
    ],
)
def test_period_errors_say_why(text, lang, message):
    with pytest.raises(InvalidInput) as caught:
        parse_period(text, today=TODAY, lang=lang)
    assert message in t(lang, caught.value.key, **caught.value.params)


@pytest.mark.parametrize(
    ("text", "today", "key"),
    [
        # An end written without a year is the next such day (month, quarter) after the start.
        ("24.12-2.1", TODAY, "2026-12-24..2027-01-02"),
        ("24.12 til 2.1", TODAY, "2026-12-24..2027-01-02"),
        ("fra 20. des til 6. jan", TODAY, "2026-12-20..2027-01-06"),
        ("15.12 til 3.11", TODAY, "2026-12-15..2027-11-03"),
        ("des til feb", TODAY, "2026-12-01..2027-02-28"),
        ("Q4 - Q1", TODAY, "2026-10-01..2027-03-31"),
        ("today to 15.3", TODAY, "2026-11-27..2027-03-15"),
        ("24.12.2027-2.1", TODAY, "2027-12-24..2028-01-02"),
        ("28.2.2027-29.2", TODAY, "2027-02-28..2028-02-29"),
        ("15.12 til desember", TODAY, "2026-12-15..2026-12-31"),
        # A start without a year before a dated end is the last such day before it.
        ("24.12-2.1.2027", date(2027, 1, 1), "2026-12-24..2027-01-02"),
        ("24.12 - today", date(2027, 1, 1), "2026-12-24..2027-01-01"),
        # With neither dated, a range over New Year still running today is the one under way...
        ("24.12-2.1", date(2027, 1, 1), "2026-12-24..2027-01-02"),
        ("des til jan", date(2027, 1, 31), "2026-12-01..2027-01-31"),
        # ...and otherwise starts this year, as a month or quarter without a year does.
        ("24.12-2.1", date(2027, 1, 3), "2027-12-24..2028-01-02"),
        ("1.12-15.12", date(2026, 12, 20), "2026-12-01..2026-12-15"),
    ],
)
def test_a_range_runs_over_new_year(text, today, key):
    assert parse_period(text, today=today, lang="nb").key == key


@pytest.mark.parametrize(
    ("text", "key"),
    [
        # Written without a year, goals read ahead: this year's once it has ended is next year's.
        ("Q1", "2027-Q1"),
        ("k1", "2027-Q1"),
        ("oktober", "2027-10"),
        ("mars", "2027-03"),
        ("1.3-15.3", "2027-03-01..2027-03-15"),
        ("today to 15.3", "2026-11-27..2027-03-15"),
        ("24.12-2.1", "2026-12-24..2027-01-02"),
        ("1.11-2.1", "2026-11-01..2027-01-02"),
        ("1.1-2.1", "2027-01-01..2027-01-02"),
        # This year's has not ended yet, or the year or a relative word says which.
        ("Q4", "2026-Q4"),
        ("november", "2026-11"),
        ("1.11-30.11", "2026-11-01..2026-11-30"),
        ("Q1 2026", "2026-Q1"),
        ("1.3.26-15.3.26", "2026-03-01..2026-03-15"),
        ("last month", "2026-10"),
        ("this year", "2026"),
    ],
)
def test_goals_read_periods_without_a_year_ahead(text, key):
    assert parse_period(text, today=TODAY, lang="en", ahead=True).key == key


def test_without_ahead_a_period_without_a_year_is_this_years():
    assert parse_period("Q1", today=TODAY, lang="en").key == "2026-Q1"
    assert parse_period("oktober", today=TODAY, lang="nb").key == "2026-10"


@pytest.mark.parametrize(
    ("period", "start", "end", "days"),
    [
        (Period.of_month(2026, 11), date(2026, 11, 1), date(2026, 11, 30), 30),
        (Period.of_month(2026, 12), date(2026, 12, 1), date(2026, 12, 31), 31),
        (Period.of_month(2024, 2), date(2024, 2, 1), date(2024, 2, 29), 29),  # leap year
        (Period.of_month(2026, 2), date(2026, 2, 1), date(2026, 2, 28), 28),
        (Period.of_month(2000, 2), date(2000, 2, 1), date(2000, 2, 29), 29),
        (Period.of_month(2100, 2), date(2100, 2, 1), date(2100, 2, 28), 28),
        (Period.of_quarter(2026, 1), date(2026, 1, 1), date(2026, 3, 31), 90),
        (Period.of_quarter(2024, 1), date(2024, 1, 1), date(2024, 3, 31), 91),
        (Period.of_quarter(2026, 2), date(2026, 4, 1), date(2026, 6, 30), 91),
        (Period.of_quarter(2026, 3), date(2026, 7, 1), date(2026, 9, 30), 92),
        (Period.of_quarter(2026, 4), date(2026, 10, 1), date(2026, 12, 31), 92),
        (Period.of_year(2026), date(2026, 1, 1), date(2026, 12, 31), 365),
        (Period.of_year(2028), date(2028, 1, 1), date(2028, 12, 31), 366),
        (Period.of_range(date(2026, 11, 3), date(2026, 12, 15)), date(2026, 11, 3), date(2026, 12, 15), 43),
        (Period.of_range(date(2026, 11, 3), date(2026, 11, 3)), date(2026, 11, 3), date(2026, 11, 3), 1),
    ],
)
def test_period_bounds_and_days(period, start, end, days):
    assert (period.start, period.end, period.days) == (start, end, days)


@pytest.mark.parametrize(
    ("key", "kind"),
    [("2026-11", "month"), ("2026-Q4", "quarter"), ("2026", "year"), ("2026-11-03..2026-12-15", "range")],
)
def test_keys_round_trip(key, kind):
    period = Period.from_key(key)
    assert period.kind == kind
    assert period.key == key
    assert Period.from_key(period.key) == period


@pytest.mark.parametrize(
    "key", ["", "2026-11-", "2026-Q5", "2026-13", "26", "2026-11-03..", "Q4", "2026-12-15..2026-11-03"]
)
def test_from_key_rejects_non_keys(key):
    with pytest.raises(ValueError):
        Period.from_key(key)


def test_period_must_not_end_before_it_starts():
    with pytest.raises(ValueError):
        Period.of_range(date(2026, 11, 2), date(2026, 11, 1))
    with pytest.raises(ValueError):
        Period("week", date(2026, 11, 2), date(2026, 11, 8))


def test_contains_includes_both_ends():
    period = Period.of_month(2026, 11)
    assert period.contains(date(2026, 11, 1))
    assert period.contains(date(2026, 11, 30))
    assert not period.contains(date(2026, 10, 31))
    assert not period.contains(date(2026, 12, 1))


@pytest.mark.parametrize(
    ("key", "previous", "following"),
    [
        ("2026-11", "2026-10", "2026-12"),
        ("2026-01", "2025-12", "2026-02"),
        ("2026-12", "2026-11", "2027-01"),
        ("2026-Q1", "2025-Q4", "2026-Q2"),
        ("2026-Q4", "2026-Q3", "2027-Q1"),
        ("2026", "2025", "2027"),
        ("2026-11-03..2026-11-09", "2026-10-27..2026-11-02", "2026-11-10..2026-11-16"),
        ("2026-12-25..2027-01-05", "2026-12-13..2026-12-24", "2027-01-06..2027-01-17"),
    ],
)
def test_previous_and_next(key, previous, following):
    period = Period.from_key(key)
    assert period.previous().key == previous
    assert period.next().key == following
    assert period.next().previous() == period


@pytest.mark.parametrize(
    ("kind", "today", "key"),
    [
        ("month", date(2026, 11, 27), "2026-11"),
        ("month", date(2024, 2, 29), "2024-02"),
        ("quarter", date(2026, 1, 1), "2026-Q1"),
        ("quarter", date(2026, 3, 31), "2026-Q1"),
        ("quarter", date(2026, 4, 1), "2026-Q2"),
        ("quarter", date(2026, 9, 30), "2026-Q3"),
        ("quarter", date(2026, 12, 31), "2026-Q4"),
        ("year", date(2026, 12, 31), "2026"),
    ],
)
def test_current_period(kind, today, key):
    assert current_period(kind, today).key == key


def test_current_period_has_no_range():
    with pytest.raises(ValueError):
        current_period("range", TODAY)


@pytest.mark.parametrize(
    ("key", "en", "nb"),
    [
        ("2026-11", "November 2026", "november 2026"),
        ("2026-01", "January 2026", "januar 2026"),
        ("2026-Q4", "Q4 2026", "4. kvartal 2026"),
        ("2026", "2026", "2026"),
        ("2026-11-03..2026-12-15", "Nov 3 – Dec 15, 2026", "3. nov. – 15. des. 2026"),
        ("2026-11-03..2026-11-15", "Nov 3 – 15, 2026", "3.–15. nov. 2026"),
        ("2026-11-03..2027-01-15", "Nov 3, 2026 – Jan 15, 2027", "3. nov. 2026 – 15. jan. 2027"),
        ("2026-11-03..2026-11-03", "Nov 3, 2026", "3. nov. 2026"),
    ],
)
def test_labels(key, en, nb):
    period = Period.from_key(key)
    assert period.label("en") == en
    assert period.label("nb") == nb


def test_label_falls_back_to_english():
    assert Period.of_month(2026, 11).label("de") == "November 2026"


def test_a_language_added_later_labels_quarters_too(monkeypatch):
    monkeypatch.setitem(BABEL_LOCALES, "de", "de_DE")
    assert Period.of_quarter(2026, 4).label("de") == "Q4 2026"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-27", date(2026, 11, 27)),
        ("2026-1-5", date(2026, 1, 5)),
        ("27.11.2026", date(2026, 11, 27)),
        ("27.11.26", date(2026, 11, 27)),
        ("5.1.2027", date(2027, 1, 5)),
        ("27.11", date(2026, 11, 27)),
        ("27.11.", date(2026, 11, 27)),
        ("29.02.2028", date(2028, 2, 29)),  # leap day
        ("27 nov", date(2026, 11, 27)),
        ("27. november 2026", date(2026, 11, 27)),
        ("3. des.", date(2026, 12, 3)),
        ("Nov 27", date(2026, 11, 27)),
        ("Nov 27, 2026", date(2026, 11, 27)),
        ("november 27 2026", date(2026, 11, 27)),
        ("today", TODAY),
        ("Today", TODAY),
        ("i dag", TODAY),
        ("idag", TODAY),
        ("tomorrow", date(2026, 11, 28)),
        ("i morgen", date(2026, 11, 28)),
        ("yesterday", date(2026, 11, 26)),
        ("i går", date(2026, 11, 26)),
        ("I GÅR", date(2026, 11, 26)),
        ("`2026-11-27`", date(2026, 11, 27)),
    ],
)
def test_reads_dates(text, expected):
    assert parse_date(text, today=TODAY, lang="en") == expected
    assert parse_date(text, today=TODAY, lang="nb") == expected


def test_relative_days_cross_month_and_year():
    assert parse_date("tomorrow", today=date(2026, 12, 31), lang="en") == date(2027, 1, 1)
    assert parse_date("i går", today=date(2024, 3, 1), lang="nb") == date(2024, 2, 29)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "foo",
        "31.02",
        "29.02.2026",
        "2026-11-31",
        "2026-13-01",
        "32.1",
        "27/11/2026",
        "27 foo",
        "next week",
        "2026-11",
    ],
)
def test_rejects_dates(text):
    with pytest.raises(InvalidInput) as caught:
        parse_date(text, today=TODAY, lang="en")
    assert caught.value.key in ("date.invalid", "date.no_such_day", "date.no_such_month")
    assert caught.value.example == "date.example"
    assert caught.value.params["text"] == text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31.02", "I couldn't read `31.02` as a date: February 2026 has 28 days."),
        ("29.02.2026", "February 2026 has 28 days."),
        ("2026-11-31", "November 2026 has 30 days."),
        ("2026-13-01", "there is no month 13."),
        ("foo", "I couldn't read `foo` as a date."),
    ],
)
def test_date_errors_say_why(text, message):
    with pytest.raises(InvalidInput) as caught:
        parse_date(text, today=TODAY, lang="en")
    assert message in t("en", caught.value.key, **caught.value.params)


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_period_and_date_errors_read_in_both_languages(lang):
    for key in ("period.invalid", "period.range_reversed", "period.single_day", "date.invalid"):
        assert "`x`" in t(lang, key, text="x")
    for key in ("period.no_such_day", "date.no_such_day"):
        assert "`x`" in t(lang, key, text="x", month="m", days=28)
    for key in ("period.no_such_month", "date.no_such_month"):
        assert "`x`" in t(lang, key, text="x", month=13)
    for key in ("period.example", "date.example"):
        assert "`" in t(lang, key)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("friday", date(2026, 12, 11)),  # said on Monday 7 December: this week's
        ("fredag", date(2026, 12, 11)),
        ("på fredag", date(2026, 12, 11)),
        ("on Friday", date(2026, 12, 11)),
        ("mandag", date(2026, 12, 7)),  # today is Monday: today
        ("søndag", date(2026, 12, 13)),
        ("tue", date(2026, 12, 8)),
    ],
)
def test_a_weekday_is_the_coming_one(text, day):
    assert parse_date(text, today=date(2026, 12, 7), lang="nb") == day
