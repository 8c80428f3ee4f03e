"""Working days: Monday to Friday less a country's public holidays and, by choice, the year-end eves."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from salesbot.workdays import (
    HOLIDAY_COUNTRIES,
    MONDAY_TO_FRIDAY,
    NO_COUNTRY,
    Workdays,
    default_country,
    find_countries,
    holiday_country,
    timezone_country,
    workdays_of,
)

DECEMBER_2026 = (date(2026, 12, 1), date(2026, 12, 31))


def test_norway_has_christmas_and_the_eves_off_by_default():
    norway = Workdays("NO", year_end_eves_off=True)
    assert sorted(norway.days_off(*DECEMBER_2026)) == [
        date(2026, 12, 24),  # Christmas Eve: no public holiday, but a day off
        date(2026, 12, 25),
        date(2026, 12, 26),
        date(2026, 12, 31),  # New Year's Eve, likewise
    ]
    assert sorted(Workdays("NO").days_off(*DECEMBER_2026)) == [date(2026, 12, 25), date(2026, 12, 26)]
    assert not norway.is_working_day(date(2026, 12, 24)) and Workdays("NO").is_working_day(date(2026, 12, 24))
    assert not norway.is_working_day(date(2027, 5, 17))  # Constitution Day, a Monday
    assert not norway.is_working_day(date(2026, 4, 2))  # Maundy Thursday
    assert norway.is_working_day(date(2026, 12, 23)) and not norway.is_working_day(date(2026, 12, 27))


def test_days_off_span_years_and_follow_the_country():
    span = (date(2026, 12, 20), date(2027, 1, 10))
    assert sorted(Workdays("NO", True).days_off(*span)) == [
        date(2026, 12, 24),
        date(2026, 12, 25),
        date(2026, 12, 26),
        date(2026, 12, 31),
        date(2027, 1, 1),
    ]
    # The United Kingdom moves Christmas on a weekend to the next weekdays (observed holidays).
    assert {date(2027, 12, 27), date(2027, 12, 28)} <= Workdays("GB").days_off(
        date(2027, 12, 20), date(2027, 12, 31)
    )
    assert MONDAY_TO_FRIDAY.days_off(*span) == frozenset() and MONDAY_TO_FRIDAY.is_working_day(
        date(2026, 12, 25)
    )
    assert Workdays("NO").days_off(date(2026, 12, 31), date(2026, 12, 1)) == frozenset()


@pytest.mark.parametrize(
    ("zone", "country"),
    [
        ("Europe/Oslo", "NO"),
        ("America/New_York", "US"),
        ("Europe/Kiev", "UA"),  # an old name counts as the zone it became
        ("US/Eastern", "US"),
        ("Asia/Kolkata", "IN"),
        ("UTC", NO_COUNTRY),  # no country
        ("Mars/Olympus", NO_COUNTRY),
        (None, NO_COUNTRY),
    ],
)
def test_the_default_country_is_the_timezones(zone, country):
    assert default_country(zone) == country


def test_a_workspace_country_is_the_one_chosen_else_its_timezones():
    def workspace(chosen, eves=True, zone="Europe/Oslo"):
        return SimpleNamespace(timezone=zone, holiday_country=chosen, year_end_eves_off=eves)

    assert holiday_country(workspace(None)) == "NO"
    assert holiday_country(workspace("SE")) == "SE"
    assert holiday_country(workspace(NO_COUNTRY)) == NO_COUNTRY
    assert holiday_country(workspace("XX")) == "NO"  # a code no longer known: back to the timezone's
    assert workdays_of(workspace(None)) == Workdays("NO", True)
    assert workdays_of(workspace(NO_COUNTRY, eves=False)) == Workdays(None, False)
    assert workdays_of(workspace(None, zone="UTC")) == Workdays(None, True)
    assert timezone_country("Arctic/Longyearbyen") == "SJ"


def test_countries_are_found_by_code_or_name_in_either_language():
    assert find_countries("sweden", "en") == ["SE"]
    assert find_countries("sver", "nb") == ["SE"]
    assert find_countries("tyskland", "nb") == find_countries("germany", "nb") == ["DE"]
    assert find_countries("norge", "nb")[0] == "NO" and find_countries("no", "en")[0] == "NO"
    assert find_countries("none", "en") == [NO_COUNTRY] and find_countries("ingen", "nb") == [NO_COUNTRY]
    assert find_countries("", "en", current="US") == [
        "US",
        "NO",
        "SE",
        "DK",
        "FI",
        "IS",
        "GB",
        "IE",
        "DE",
        "NL",
        "FR",
        "ES",
        "PL",
        NO_COUNTRY,
    ]
    assert len(find_countries("a", "en")) == 100  # at most what Slack shows
    assert len(HOLIDAY_COUNTRIES) > 100 and "UK" not in HOLIDAY_COUNTRIES
