"""Customer segments' rules (salesbot/segments.py): the typed list commands, names in either
language, a sale's segment found or refused with the list, and a segment named in a figure."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from salesbot import segments
from salesbot.errors import InvalidInput, NotFound


class ListStore:
    """The segment list in memory, seeded as the store seeds it."""

    def __init__(self) -> None:
        self.rows: list[SimpleNamespace] = []
        self.seeded = 0

    def segments(self):
        return list(self.rows)

    def seed_segments(self, keys):
        self.seeded += 1
        self.rows += [SimpleNamespace(id=i + 1, key=k, label="", active=True) for i, k in enumerate(keys)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ("list", "", "")),
        ("list", ("list", "", "")),
        ("add Public schools", ("add", "Public schools", "")),
        ("legg til Skoler", ("add", "Skoler", "")),
        ("retire Retail", ("retire", "Retail", "")),
        ("fas ut Detaljhandel", ("retire", "Detaljhandel", "")),
        ("rename Offices to Office buildings", ("rename", "Offices", "Office buildings")),
        ("omdøp Kontor til Kontorbygg", ("rename", "Kontor", "Kontorbygg")),
    ],
)
def test_parse_segments(text, expected):
    command = segments.parse_segments(text)
    assert (command.action, command.name, command.new_name) == expected


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("rename Offices", "segments.rename_form"),
        ("retire", "segments.name_missing"),
        ("shuffle", "segments.unknown"),
    ],
)
def test_parse_segments_refuses_with_the_right_form(text, key):
    with pytest.raises(InvalidInput) as raised:
        segments.parse_segments(text)
    assert (raised.value.key, raised.value.example) == (key, "segments.usage")


def test_the_defaults_are_seeded_once_and_found_by_any_name():
    store = ListStore()
    assert [s.key for s in segments.segment_list(store)] == list(segments.DEFAULT_SEGMENTS)
    segments.segment_list(store)
    assert store.seeded == 1
    for name in ("public_sector", "Public SECTOR", "offentlig  sektor"):
        assert segments.find_segment(store, name).key == "public_sector"
    with pytest.raises(NotFound):
        segments.find_segment(store, "Farms")


def test_a_typed_sales_segment_not_on_the_list_is_refused_with_the_active_list():
    store = ListStore()
    segments.segment_list(store)
    store.rows[3].active = False  # retail, retired
    assert segments.segment_for_sale(store, "kontor", "en").key == "offices"
    with pytest.raises(NotFound) as raised:
        segments.segment_for_sale(store, "Retail", "nb")
    assert raised.value.key == "segments.not_on_list"
    assert raised.value.params["names"] == "Offentlig sektor, Hotell og restaurant, Kontor, Annet"
    # An edited sale keeps its retired segment; anything else is refused.
    assert segments.choose_segment(store, 4, keep_id=4).key == "retail"
    with pytest.raises(NotFound):
        segments.choose_segment(store, 4)


def test_a_segment_in_a_figure_is_named_in_the_readers_language():
    default = {"segment": "", "segment_key": "hotels_restaurants"}
    assert segments.named_params(default, "nb")["segment"] == "Hotell og restaurant"
    assert segments.named_params(default, "en")["segment"] == "Hotels and restaurants"
    renamed = {"segment": "Kafeer", "segment_key": "hotels_restaurants"}
    assert segments.named_params(renamed, "en")["segment"] == "Kafeer"
    assert segments.named_params({"product": "Kaffe"}, "en") == {"product": "Kaffe"}
