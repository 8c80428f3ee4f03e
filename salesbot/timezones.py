"""Timezones found by what people type: every IANA zone, by its name, its city or its country.

Slack's select menus hold at most 100 options, so pickers load their options as people type
(an external select); these are the answers. Before anything is typed, the common zones.
"""

from __future__ import annotations

from functools import lru_cache
from zoneinfo import available_timezones

from babel.core import get_global
from babel.dates import get_timezone_location

from salesbot.i18n import country_name
from salesbot.workdays import folded, match_rank, timezone_country

# The timezones offered before anything is typed in a timezone search; typing finds any.
COMMON_TIMEZONES = (
    "Europe/Oslo",
    "Europe/Stockholm",
    "Europe/Copenhagen",
    "Europe/Helsinki",
    "Atlantic/Reykjavik",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Lisbon",
    "Europe/Berlin",
    "Europe/Amsterdam",
    "Europe/Brussels",
    "Europe/Paris",
    "Europe/Madrid",
    "Europe/Rome",
    "Europe/Zurich",
    "Europe/Vienna",
    "Europe/Warsaw",
    "Europe/Prague",
    "Europe/Athens",
    "Europe/Istanbul",
    "Europe/Kyiv",
    "Africa/Johannesburg",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Asia/Shanghai",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Pacific/Auckland",
    "America/St_Johns",
    "America/Halifax",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "America/Sao_Paulo",
    "America/Mexico_City",
    "UTC",
)
# In available_timezones() on some systems, but no IANA zone.
_NOT_ZONES = frozenset({"localtime", "posixrules", "Factory"})


@lru_cache(maxsize=1)
def all_timezones() -> tuple[str, ...]:
    return tuple(sorted(available_timezones() - _NOT_ZONES))


def timezone_label(zone: str, lang: str) -> str:
    """``Europe/Oslo (Norge)``: the zone and, for a zone in a country, its name in ``lang``."""
    country = timezone_country(zone)
    return f"{zone} ({country_name(country, lang)})" if country else zone


def _city(zone: str, lang: str) -> str:
    try:
        return get_timezone_location(zone, locale=lang, return_city=True)
    except (LookupError, ValueError):
        return ""


@lru_cache(maxsize=8)
def _index(lang: str) -> tuple[tuple[str, tuple[str, ...], str, bool], ...]:
    """Each zone with the names it is found by (and all of them in one text, to skip the zones
    that cannot match at once), and whether it is an old name of another."""
    canonical = get_global("zone_territories")
    index = []
    for zone in all_timezones():
        country = timezone_country(zone)
        names = [folded(zone), folded(zone.rsplit("/", 1)[-1]), folded(_city(zone, lang))]
        if country:
            names += [folded(country_name(country, lang)), folded(country_name(country, "en"))]
        names = [name for name in names if name]
        index.append((zone, tuple(names), "\n".join(names), zone not in canonical))
    return tuple(index)


def find_timezones(typed: str, lang: str, *, limit: int = 100) -> list[str]:
    """The zones matching ``typed`` in their name, city (in ``lang``) or country (in ``lang`` or
    English), best match first, current names before old ones; before anything is typed, the
    common zones."""
    query = folded(typed)
    if not query:
        return list(COMMON_TIMEZONES[:limit])
    ranked = []
    for zone, names, text, old in _index(lang):
        if query not in text:
            continue
        rank = -2 if names[0] == query else match_rank(query, names)  # its very name first
        if rank is not None:
            ranked.append((rank, old, zone))
    return [zone for _, _, zone in sorted(ranked)][:limit]
