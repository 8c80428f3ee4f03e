"""Goal periods (month, quarter, year or a date range) and reading periods and dates from text.

Text is read case-insensitively, and words from both languages are understood whatever the
reader's language, since people in a Norwegian workspace often type English and vice versa.
A month or quarter written without a year (``november``, ``Q4``, ``27.11``) is in today's year,
except where goals read it ahead (``parse_period(..., ahead=True)``). In a range, the end written
without a year is the next such day after the start: ``24.12-2.1`` runs over New Year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from babel.dates import format_interval, format_skeleton, get_month_names

from salesbot.errors import InvalidInput
from salesbot.i18n import BABEL_LOCALES, DEFAULT_LANGUAGE

KINDS = ("month", "quarter", "year", "range")

# Norwegians write "4. kvartal 2026" in prose; English readers (and others, by default) expect "Q4 2026".
_QUARTER_SKELETONS = {"nb": "yQQQQ"}


@dataclass(frozen=True)
class Period:
    """A span of whole days; ``end`` is inclusive."""

    kind: str
    start: date
    end: date

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown period kind {self.kind!r}")
        if self.start > self.end:
            raise ValueError(f"period ends before it starts: {self.start}..{self.end}")

    @classmethod
    def of_month(cls, year: int, month: int) -> Period:
        next_year, next_month = _add_months(year, month, 1)
        return cls("month", date(year, month, 1), date(next_year, next_month, 1) - timedelta(days=1))

    @classmethod
    def of_quarter(cls, year: int, quarter: int) -> Period:
        if not 1 <= quarter <= 4:
            raise ValueError(f"no quarter {quarter}")
        first = cls.of_month(year, 3 * quarter - 2)
        last = cls.of_month(year, 3 * quarter)
        return cls("quarter", first.start, last.end)

    @classmethod
    def of_year(cls, year: int) -> Period:
        return cls("year", date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def of_range(cls, start: date, end: date) -> Period:
        return cls("range", start, end)

    @property
    def key(self) -> str:
        """Stable text form for storage: ``2026-11``, ``2026-Q4``, ``2026``, ``2026-11-03..2026-12-15``."""
        if self.kind == "month":
            return f"{self.start:%Y-%m}"
        if self.kind == "quarter":
            return f"{self.start.year}-Q{_quarter_of(self.start)}"
        if self.kind == "year":
            return str(self.start.year)
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @classmethod
    def from_key(cls, key: str) -> Period:
        """The period whose ``key`` this is; ValueError for anything else."""
        if match := re.fullmatch(r"(\d{4})-(\d{2})", key):
            return cls.of_month(int(match[1]), int(match[2]))
        if match := re.fullmatch(r"(\d{4})-Q([1-4])", key):
            return cls.of_quarter(int(match[1]), int(match[2]))
        if re.fullmatch(r"\d{4}", key):
            return cls.of_year(int(key))
        if match := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", key):
            return cls.of_range(date.fromisoformat(match[1]), date.fromisoformat(match[2]))
        raise ValueError(f"not a period key: {key!r}")

    @property
    def days(self) -> int:
        """Calendar days in the period, both ends included."""
        return (self.end - self.start).days + 1

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def label(self, lang: str) -> str:
        """``November 2026`` / ``november 2026``, ``Q4 2026`` / ``4. kvartal 2026``, ``2026``,
        ``Nov 3 – Dec 15, 2026`` / ``3. nov. – 15. des. 2026``."""
        lang = lang if lang in BABEL_LOCALES else DEFAULT_LANGUAGE
        locale = BABEL_LOCALES[lang]
        if self.kind == "month":
            return format_skeleton("yMMMM", self.start, locale=locale)
        if self.kind == "quarter":
            return format_skeleton(_QUARTER_SKELETONS.get(lang, "yQQQ"), self.start, locale=locale)
        if self.kind == "year":
            return str(self.start.year)
        return _range_label(self.start, self.end, locale)

    def previous(self) -> Period:
        return self._shift(-1)

    def next(self) -> Period:
        """The following period of the same kind; a range moves by its own length."""
        return self._shift(1)

    def a_year_later(self) -> Period:
        """The same period a year on: ``Q1 2026`` → ``Q1 2027``; 29 February becomes the 28th."""
        if self.kind == "range":
            return Period.of_range(_year_on(self.start), _year_on(self.end))
        return self._shift({"month": 12, "quarter": 4, "year": 1}[self.kind])

    def typed(self, lang: str) -> str:
        """The period as someone would type it back: the label, or ``2027-03-01..2027-03-15``."""
        if self.kind == "range":
            return f"{self.start.isoformat()}..{self.end.isoformat()}"
        return self.label(lang)

    def _shift(self, steps: int) -> Period:
        if self.kind == "month":
            return Period.of_month(*_add_months(self.start.year, self.start.month, steps))
        if self.kind == "quarter":
            year, month = _add_months(self.start.year, self.start.month, 3 * steps)
            return Period.of_quarter(year, _quarter_of(date(year, month, 1)))
        if self.kind == "year":
            return Period.of_year(self.start.year + steps)
        offset = timedelta(days=self.days * steps)
        return Period.of_range(self.start + offset, self.end + offset)


def current_period(kind: str, today: date) -> Period:
    """The month, quarter or year that contains ``today``."""
    if kind == "month":
        return Period.of_month(today.year, today.month)
    if kind == "quarter":
        return Period.of_quarter(today.year, _quarter_of(today))
    if kind == "year":
        return Period.of_year(today.year)
    raise ValueError(f"no current period of kind {kind!r}")


def parse_period(text: str, *, today: date, lang: str, ahead: bool = False) -> Period:
    """The period in ``text``: ``2026-11``, ``2026-Q4``, ``Q4``, ``K4 2026``, ``2026``,
    ``november``, ``nov 2026``, ``this month``, ``forrige kvartal``, ``i fjor``,
    ``2026-11-03..2026-12-15``, ``2026-11-03 to 2026-12-15``, ``3.11 til 15.12``,
    ``1.12-15.12``, ``2026-12-01 2026-12-15``.

    With ``ahead`` (goals look forward), a month, quarter or days written without a year
    are the next such ones: next year's once this year's have ended, so ``Q1`` typed in
    November is next year's first quarter. Relative words (``last month``) keep their meaning.
    ``lang`` names months in errors; both languages are read either way.
    """
    shown = _shown(text)
    cleaned = _cleaned(shown)
    period, error = _attempt(cleaned, today, today.year, shown, lang)
    if ahead and (period is None or period.end < today) and not _names_year(cleaned):
        later, _ = _attempt(cleaned, today, today.year + 1, shown, lang)
        if later is not None:
            return later
    if period is None:
        raise error
    return period


def parse_date(text: str, *, today: date, lang: str) -> date:
    """The day in ``text``: ``2026-11-27``, ``27.11.2026``, ``27.11``, ``27 nov``,
    ``Nov 27, 2026``, ``today``/``i dag``, ``tomorrow``/``i morgen``, ``yesterday``/``i går``,
    or a weekday, ``friday``/``fredag``: the coming one, today included.

    ``lang`` names months in errors; both languages are read either way.
    """
    text = _shown(text)
    cleaned = _cleaned(text)
    weekday = _WEEKDAYS.get(_WEEKDAY_PREFIX.sub("", cleaned).rstrip("."))
    if weekday is not None:
        return today + timedelta(days=(weekday - today.weekday()) % 7)
    day = _date(cleaned, today, today.year)
    if day is None:
        problem = _impossible_day(cleaned, today.year, lang)
        if problem is not None:
            key, params = problem
            raise InvalidInput(f"date.{key}", example="date.example", text=text, **params)
        raise InvalidInput("date.invalid", example="date.example", text=text)
    return day


def _shown(text: str) -> str:
    """The input as errors quote it, without the backticks people copy from our examples."""
    return text.strip().strip("`").strip()


def _cleaned(text: str) -> str:
    """Lower case with every kind of space (no-break ones too) as a single plain space."""
    return " ".join(text.casefold().split())


def _year_on(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1


def _range_label(start: date, end: date, locale: str) -> str:
    """babel's compact interval, with the dash spaced only when a side has spaces.

    That is the Norwegian rule (``3.–15. nov. 2026`` but ``3. nov. – 15. des. 2026``)
    and reads well in English too; babel itself uses thin spaces or none.
    """
    label = format_interval(start, end, "yMMMd", locale=locale)
    sides = re.split(r"\s*–\s*", label)
    if len(sides) != 2:
        return label
    spaced = all(" " in side for side in sides)
    return (" – " if spaced else "–").join(sides)


def _month_numbers() -> dict[str, int]:
    """Month names and abbreviations in both languages, lower case and without dots."""
    names = {"sept": 9}
    for locale in BABEL_LOCALES.values():
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale).items():
                    names[name.casefold().rstrip(".")] = number
    return names


_MONTHS = _month_numbers()

_RELATIVE_PERIODS: dict[str, tuple[str, int]] = {
    f"{word} {kind}": (kind, offset)
    for kind in ("month", "quarter", "year")
    for word, offset in (("this", 0), ("current", 0), ("last", -1), ("previous", -1), ("next", 1))
} | {
    "denne måneden": ("month", 0),
    "denne måned": ("month", 0),
    "inneværende måned": ("month", 0),
    "forrige måned": ("month", -1),
    "neste måned": ("month", 1),
    "dette kvartalet": ("quarter", 0),
    "dette kvartal": ("quarter", 0),
    "inneværende kvartal": ("quarter", 0),
    "forrige kvartal": ("quarter", -1),
    "neste kvartal": ("quarter", 1),
    "i år": ("year", 0),
    "dette året": ("year", 0),
    "inneværende år": ("year", 0),
    "i fjor": ("year", -1),
    "forrige år": ("year", -1),
    "neste år": ("year", 1),
}

_RELATIVE_DAYS = {
    "today": 0,
    "i dag": 0,
    "idag": 0,
    "tomorrow": 1,
    "i morgen": 1,
    "imorgen": 1,
    "yesterday": -1,
    "i går": -1,
    "igår": -1,
}
# A weekday alone ("friday", "på fredag") is the coming one, today included: a due date or a
# day off is said ahead. Monday is 0, as date.weekday() counts.
_WEEKDAYS = {
    name: number
    for number, names in enumerate(
        (
            ("monday", "mon", "mandag", "man"),
            ("tuesday", "tue", "tirsdag", "tir"),
            ("wednesday", "wed", "onsdag", "ons"),
            ("thursday", "thu", "torsdag", "tor"),
            ("friday", "fri", "fredag", "fre"),
            ("saturday", "sat", "lørdag", "lør"),
            ("sunday", "sun", "søndag", "søn"),
        )
    )
    for name in names
}
_WEEKDAY_PREFIX = re.compile(r"^(?:on|på|this|denne|nå på)\s+")

# What separates a range's two ends, the clearest first: "..", a dash, or a word between spaces.
_RANGE_SEPARATORS = re.compile(r" ?(?:\.\.|–|—) ?| (?:to|til|until|-) ")
# A bare hyphen or space splits a range only between two days: "1.12-15.12", "2026-12-01 2026-12-15".
_DAY_SEPARATORS = re.compile(r"-| ")
_FROM = re.compile(r"(?:from|fra) ")
_YEAR_MONTH = re.compile(r"(?P<year>\d{4})[-/](?P<month>\d{1,2})|(?P<month2>\d{1,2})[./](?P<year2>\d{4})")
_QUARTER = re.compile(
    r"(?:(?P<year>\d{4})[- /]?)?[qk](?P<quarter>[1-4])(?:[- /](?P<year2>\d{4}))?"
    r"|(?P<quarter2>[1-4])(?:\.|st|nd|rd|th)? ?(?:kvartal|quarter)(?: (?P<year3>\d{4}))?"
)
_MONTH_NAME = re.compile(r"(?P<name>[a-zæøå]+)\.?(?:,? (?P<year>\d{4}))?")
_ISO_DATE = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})")
_DOTTED_DATE = re.compile(r"(?P<day>\d{1,2})\.(?P<month>\d{1,2})(?:\.(?P<year>\d{4}|\d{2}))?\.?")
_DAY_MONTH_NAME = re.compile(r"(?P<day>\d{1,2})\.? (?P<name>[a-zæøå]+)\.?(?: (?P<year>\d{4}))?")
_MONTH_NAME_DAY = re.compile(r"(?P<name>[a-zæøå]+)\.? (?P<day>\d{1,2})(?:,? (?P<year>\d{4}))?")


def _attempt(
    text: str, today: date, year: int, shown: str, lang: str
) -> tuple[Period | None, InvalidInput | None]:
    """The period in cleaned ``text`` with ``year`` for what names none, or the reason it is not one."""
    try:
        if period := _single_period(text, today, year):
            return period, None
        if period := _range(text, today, year, shown):
            return period, None
    except InvalidInput as error:
        return None, error
    return None, _not_a_period(text, today, year, shown, lang)


def _range(text: str, today: date, year: int, shown: str) -> Period | None:
    """The range in cleaned ``text``; the first split whose two sides both read wins."""
    if match := _FROM.match(text):
        text = text[match.end() :]
    for separators, days_only in ((_RANGE_SEPARATORS, False), (_DAY_SEPARATORS, True)):
        for match in separators.finditer(text):
            span = _span(text[: match.start()], text[match.end() :], today, year, days_only=days_only)
            if span:
                if span[0] > span[1]:
                    raise InvalidInput("period.range_reversed", example="period.example", text=shown)
                return Period.of_range(*span)
    return None


def _span(left: str, right: str, today: date, year: int, *, days_only: bool) -> tuple[date, date] | None:
    """First and last day of the range from cleaned ``left`` to ``right``, or None.

    A side written without a year is read against the other side: an end is the next such day
    (or month, quarter) on or after the start, so ``24.12-2.1`` runs over New Year; a start
    before a dated end is the last such one before it. With neither dated, the start is in
    ``year``, unless the range that began last year is still running today (``24.12-2.1``
    typed on 1 January is the holiday under way).
    """

    def side(text: str, in_year: int) -> tuple[date, date] | None:
        return _endpoint(text, today, in_year, days_only=days_only)

    def end_after(start: date) -> tuple[date, date] | None:
        for in_year in (start.year, start.year + 1):
            if (found := side(right, in_year)) and found[1] >= start:
                return found
        return None

    left_floats, right_floats = _floats(left), _floats(right)
    if left_floats and not right_floats:
        last = side(right, year)
        if last is None:
            return None
        for in_year in (last[1].year, last[1].year - 1):
            if (first := side(left, in_year)) and first[0] <= last[1]:
                return first[0], last[1]
        return None
    first = side(left, year)
    if first is None:
        return None
    if not right_floats:
        last = side(right, year)
        return (first[0], last[1]) if last else None
    last = end_after(first[0])
    if last is None:
        return None
    if left_floats and year == today.year and not first[0] <= today <= last[1]:
        earlier = side(left, year - 1)
        if earlier and (running := end_after(earlier[0])) and earlier[0] <= today <= running[1]:
            return earlier[0], running[1]
    return first[0], last[1]


def _floats(text: str) -> bool:
    """Whether one side of a range leaves its year to be worked out: ``24.12``, ``Q1``, ``mars``,
    but not ``2.1.2027``, ``today`` or ``next month``."""
    return not _names_year(text) and text not in _RELATIVE_DAYS and text not in _RELATIVE_PERIODS


def _single_period(text: str, today: date, year: int) -> Period | None:
    """A month, quarter or year in cleaned ``text``, or None; ``year`` where none is written."""
    if text in _RELATIVE_PERIODS:
        kind, offset = _RELATIVE_PERIODS[text]
        return current_period(kind, today)._shift(offset)
    try:
        if re.fullmatch(r"\d{4}", text):
            return Period.of_year(int(text))
        if match := _YEAR_MONTH.fullmatch(text):
            written, month = match["year"] or match["year2"], match["month"] or match["month2"]
            return Period.of_month(int(written), int(month))
        if match := _QUARTER.fullmatch(text):
            if match["year"] and match["year2"]:
                return None
            written = match["year"] or match["year2"] or match["year3"] or year
            return Period.of_quarter(int(written), int(match["quarter"] or match["quarter2"]))
        if (match := _MONTH_NAME.fullmatch(text)) and match["name"] in _MONTHS:
            return Period.of_month(int(match["year"] or year), _MONTHS[match["name"]])
    except ValueError:  # month 13, year 0 and the like
        return None
    return None


def _date(text: str, today: date, year: int) -> date | None:
    """The day in cleaned ``text``, or None; ``year`` where none is written."""
    if text in _RELATIVE_DAYS:
        return today + timedelta(days=_RELATIVE_DAYS[text])
    match = (
        _ISO_DATE.fullmatch(text)
        or _DOTTED_DATE.fullmatch(text)
        or _DAY_MONTH_NAME.fullmatch(text)
        or _MONTH_NAME_DAY.fullmatch(text)
    )
    if match is None:
        return None
    groups = match.groupdict()
    month = _MONTHS.get(groups["name"]) if "name" in groups else int(groups["month"])
    if written := groups["year"]:
        year = int(written) + (2000 if len(written) == 2 else 0)
    try:
        return date(year, month, int(groups["day"])) if month else None
    except ValueError:  # 31.02, month 13
        return None


def _endpoint(text: str, today: date, year: int, *, days_only: bool = False) -> tuple[date, date] | None:
    """First and last day of one side of a range: a day, or (unless ``days_only``) a month,
    quarter or year."""
    if day := _date(text, today, year):
        return day, day
    if not days_only and (period := _single_period(text, today, year)):
        return period.start, period.end
    return None


def _names_year(text: str) -> bool:
    """Whether cleaned ``text`` writes a year: ``2026``, or ``27.11.26``."""
    return bool(re.search(r"(?<!\d)\d{4}(?!\d)|(?<![\d.])\d{1,2}\.\d{1,2}\.\d{2}(?!\d)", text))


def _not_a_period(text: str, today: date, year: int, shown: str, lang: str) -> InvalidInput:
    """Why cleaned ``text`` is no period: a day that does not exist, a single day, or unreadable."""
    if problem := _impossible_day(text, year, lang):
        key, params = problem
        return InvalidInput(f"period.{key}", example="period.example", text=shown, **params)
    if _date(text, today, year) is not None:
        return InvalidInput("period.single_day", example="period.example", text=shown)
    return InvalidInput("period.invalid", example="period.example", text=shown)


# Days and months as written inside a longer text, for saying which one does not exist.
_DAYS_IN_TEXT = re.compile(
    r"(?<![\d.])(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?![\d])"
    r"|(?<![\d.])(?P<day2>\d{1,2})\.(?P<month2>\d{1,2})(?:\.(?P<year2>\d{4}|\d{2}))?(?![\d])"
    r"|(?<![\d.])(?P<day3>\d{1,2})\.? (?P<name>[a-zæøå]+)"
)
_MONTHS_IN_TEXT = re.compile(
    r"(?<![\d.-])(?P<year>\d{4})[-/](?P<month>\d{1,2})(?![\d-])"
    r"|(?<![\d.-])(?P<month2>\d{1,2})[./](?P<year2>\d{4})(?![\d])"
)


def _impossible_day(text: str, year: int, lang: str) -> tuple[str, dict] | None:
    """``("no_such_day", {month, days})`` for ``30.2``, ``("no_such_month", {month})`` for
    ``2026-13``, or None when every day and month written in cleaned ``text`` exists."""
    for match in _DAYS_IN_TEXT.finditer(text):
        if match["name"] is not None:
            if match["name"] not in _MONTHS:
                continue
            month = _MONTHS[match["name"]]
        else:
            month = int(match["month"] or match["month2"])
        written = match["year"] or match["year2"]
        in_year = int(written) + (2000 if written and len(written) == 2 else 0) if written else year
        if not 1 <= month <= 12:
            return "no_such_month", {"month": month}
        days = Period.of_month(in_year, month).days
        if not 1 <= int(match["day"] or match["day2"] or match["day3"]) <= days:
            return "no_such_day", {"month": Period.of_month(in_year, month).label(lang), "days": days}
    for match in _MONTHS_IN_TEXT.finditer(text):
        month = int(match["month"] or match["month2"])
        if not 1 <= month <= 12:
            return "no_such_month", {"month": month}
    return None
