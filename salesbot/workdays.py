"""Working days: Monday to Friday, less the public holidays of the workspace's country.

Business-day pacing counts them, and so do the digests that are posted on working days (every
working day, the last working day of the month or of a period).

- **The country** is a workspace setting. Until an admin picks one it is the country of the
  workspace's timezone (Europe/Oslo → Norway, America/New_York → the United States), as CLDR
  maps zones to countries; a zone of no country (UTC) gives none. "none" means no public
  holidays: every Monday to Friday is a working day.
- **Public holidays** are those the ``holidays`` package lists for the whole country (its
  ``public`` category), with the days it moves them to where a country observes a holiday that
  falls on a weekend on a weekday (the United Kingdom, the United States). Regional holidays (a
  German Land's, a Swiss canton's) are not counted.
- **Christmas Eve and New Year's Eve** (24 and 31 December) are no public holidays in Norway,
  so ``holidays`` does not list them, yet most Norwegian workplaces close on them or close at
  noon. The package's other categories do not settle it across countries (Sweden has them as
  de facto holidays, Denmark as optional ones, Iceland as half days, Norway not at all), so the
  workspace has its own setting: by default they are days off, and an admin can make them
  working days. Where a country's public holidays include them (Finland's Christmas Eve), they
  are days off either way.
"""

from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import holidays as holiday_data
from babel.core import get_global

from salesbot.i18n import country_name, t
from salesbot.records import WorkspaceRecord

NO_COUNTRY = "none"
YEAR_END_EVES = ((12, 24), (12, 31))
# Offered before anything is typed in the settings' country search.
COMMON_COUNTRIES = ("NO", "SE", "DK", "FI", "IS", "GB", "IE", "DE", "NL", "FR", "ES", "PL", "US")


def _supported() -> frozenset[str]:
    # Two-letter ISO 3166 codes only: the package also knows three-letter codes and "UK",
    # which name the same calendars again.
    codes = {code for code in holiday_data.list_supported_countries() if len(code) == 2}
    codes.discard("UK")  # an alias of GB
    return frozenset(codes)


HOLIDAY_COUNTRIES = _supported()


@dataclass(frozen=True)
class Workdays:
    """Which days are working days: Monday to Friday, less ``country``'s public holidays and,
    with ``year_end_eves_off``, 24 and 31 December."""

    country: str | None = None
    year_end_eves_off: bool = False

    def days_off(self, start: date, end: date) -> frozenset[date]:
        """The holidays (and eves, when off) in [start, end], weekends among them."""
        if end < start:
            return frozenset()
        found: set[date] = set()
        for year in range(start.year, end.year + 1):
            days = _days_off_in(self.country, year, self.year_end_eves_off)
            found.update(days[bisect.bisect_left(days, start) : bisect.bisect_right(days, end)])
        return frozenset(found)

    def is_working_day(self, day: date) -> bool:
        if day.weekday() >= 5:
            return False
        days = _days_off_in(self.country, day.year, self.year_end_eves_off)
        index = bisect.bisect_left(days, day)
        return not (index < len(days) and days[index] == day)


MONDAY_TO_FRIDAY = Workdays()


@lru_cache(maxsize=1024)
def _days_off_in(country: str | None, year: int, eves_off: bool) -> tuple[date, ...]:
    """One year's days off, sorted: computed once per country, year and eves setting."""
    days: set[date] = set()
    if country in HOLIDAY_COUNTRIES:
        days.update(holiday_data.country_holidays(country, years=year).keys())
    if eves_off:
        days.update(date(year, month, day) for month, day in YEAR_END_EVES)
    return tuple(sorted(days))


def timezone_country(zone: str | None) -> str | None:
    """The country a timezone is in (``Europe/Oslo`` → ``NO``), as CLDR has it; None for a zone
    of no country (UTC) or an unknown one. Old names (``Europe/Kiev``, ``US/Eastern``) count."""
    if not zone:
        return None
    territories = get_global("zone_territories")
    territory = territories.get(zone) or territories.get(get_global("zone_aliases").get(zone, ""))
    return territory if territory and territory.isalpha() and territory != "ZZ" else None


def default_country(zone: str | None) -> str:
    """The holiday country a workspace in ``zone`` gets until an admin picks one."""
    country = timezone_country(zone)
    return country if country in HOLIDAY_COUNTRIES else NO_COUNTRY


def holiday_country(settings: WorkspaceRecord) -> str:
    """The workspace's holiday country: the one chosen, else its timezone's; NO_COUNTRY for none."""
    return _country(settings.holiday_country, settings.timezone)


def _country(chosen: str | None, timezone: str | None) -> str:
    if chosen == NO_COUNTRY or chosen in HOLIDAY_COUNTRIES:
        return chosen
    return default_country(timezone)


def workdays_of(settings: WorkspaceRecord) -> Workdays:
    """The working days of a workspace with these settings."""
    return workdays_for(
        timezone=settings.timezone,
        holiday_country=settings.holiday_country,
        year_end_eves_off=settings.year_end_eves_off,
    )


def workdays_for(*, timezone: str | None, holiday_country: str | None, year_end_eves_off: bool) -> Workdays:
    country = _country(holiday_country, timezone)
    return Workdays(None if country == NO_COUNTRY else country, bool(year_end_eves_off))


def is_holiday_country(code: str | None) -> bool:
    return code == NO_COUNTRY or code in HOLIDAY_COUNTRIES


# -- finding a country by what is typed ----------------------------------------------------------


def folded(text: str) -> str:
    """Lower case without accents, ``_`` as a space: "São_Paulo" and "sao paulo" read alike."""
    decomposed = unicodedata.normalize("NFKD", text.replace("_", " ").casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def match_rank(query: str, names: tuple[str, ...]) -> int | None:
    """How well ``query`` (folded) matches a thing known by ``names`` (folded), best first: -1 it
    is a name, 0 a name starts with it, 1 a word of a name does, 2 a name holds it, None no match."""
    if not query or query in names:
        return -1
    best = None
    for name in names:
        if name.startswith(query):
            best = 0
            continue
        if any(word.startswith(query) for word in name.replace("/", " ").replace("-", " ").split()):
            best = 1 if best is None else min(best, 1)
        elif query in name and best is None:
            best = 2
    return best


@lru_cache(maxsize=8)
def _country_names(lang: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple(
        (code, (code.casefold(), folded(country_name(code, lang)), folded(country_name(code, "en"))))
        for code in sorted(HOLIDAY_COUNTRIES)
    )


def find_countries(typed: str, lang: str, *, current: str | None = None, limit: int = 100) -> list[str]:
    """Holiday countries matching ``typed`` (their code or name in ``lang`` or English), best
    first, then by name; NO_COUNTRY when "none" is typed in either language. Before anything is
    typed: ``current``, the common ones and NO_COUNTRY."""
    query = folded(typed)
    if not query:
        common = [current] if current and current != NO_COUNTRY else []
        common += [code for code in COMMON_COUNTRIES if code not in common]
        return [*common, NO_COUNTRY][:limit]
    ranked = []
    for code, names in _country_names(lang):
        rank = match_rank(query, names)
        if rank is not None:
            ranked.append((rank, names[1], code))
    none = (folded(NO_COUNTRY), folded(t(lang, "settings.holidays.none")))
    rank = match_rank(query, none)
    if rank is not None:
        ranked.append((rank, none[1], NO_COUNTRY))
    return [code for _, _, code in sorted(ranked)][:limit]
