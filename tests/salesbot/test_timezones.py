"""Every IANA zone, found by what people type: its name, its city or its country, in en and nb."""

from __future__ import annotations

from salesbot.timezones import COMMON_TIMEZONES, all_timezones, find_timezones, timezone_label


def test_every_zone_is_found_by_its_own_name():
    for zone in all_timezones():
        assert zone in find_timezones(zone, "en"), zone
    assert len(all_timezones()) > 400 and "localtime" not in all_timezones()


def test_zones_are_found_by_city_or_country_in_the_readers_language():
    assert find_timezones("oslo", "en") == ["Europe/Oslo"]
    assert find_timezones("Norway", "en") == find_timezones("norge", "nb") == ["Europe/Oslo"]
    assert find_timezones("københavn", "nb") == ["Europe/Copenhagen"]
    assert find_timezones("new york", "en")[0] == "America/New_York"
    assert find_timezones("new_york", "en")[0] == "America/New_York"
    assert find_timezones("sao paulo", "en")[0] == "America/Sao_Paulo"  # São Paulo, typed without the accent
    assert find_timezones("india", "en")[0] == "Asia/Kolkata"  # the country itself before Indiana's zones
    assert find_timezones("utc", "en")[:2] == ["UTC", "Etc/UTC"]  # a zone's very name first
    assert find_timezones("kyiv", "en")[0] == "Europe/Kyiv"  # current names before old ones (Europe/Kiev)
    assert find_timezones("xyzzy", "en") == []


def test_before_anything_is_typed_the_common_zones_and_never_more_than_slack_shows():
    assert find_timezones("", "en") == list(COMMON_TIMEZONES)
    assert len(find_timezones("a", "en")) == 100
    assert len(find_timezones("a", "en", limit=5)) == 5


def test_a_zone_is_labelled_with_its_country():
    assert timezone_label("Europe/Oslo", "en") == "Europe/Oslo (Norway)"
    assert timezone_label("Europe/Oslo", "nb") == "Europe/Oslo (Norge)"
    assert timezone_label("UTC", "nb") == "UTC"
