"""Sale rows read from a sheet, without a database: the keys they are known again by."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from salesbot.access import Actor, Role
from salesbot.excel_import import Directory, map_columns, read_sales
from salesbot.segments import DEFAULT_SEGMENTS, SaleSegments
from tests.salesbot.fakes import Person

RITA = Person(7, "U0REP", "Rita Rep")
HEADER = ["Person", "Order date", "Amount", "Customer"]
ROW = ["Rita Rep", "2.11.2026", 100, "Coop Mega"]
# The key an import wrote for ROW (no order reference) before sales had a segment column: a
# file imported then and again now must find it, or every row would be added twice.
KEY_BEFORE_SEGMENTS = "row:46921fb667a5a06b8b9e8d10e8fe77420f7c3419:1"


@dataclass
class Segment:
    id: int
    key: str
    label: str = ""
    active: bool = True


LIST = [Segment(n, key) for n, key in enumerate(DEFAULT_SEGMENTS, start=1)] + [Segment(9, "skoler", "Skoler")]


def read(header, cells, segments=None, lang="en"):
    directory = Directory([RITA], [], segments=segments)
    actor = Actor(1, "U0OWNER", "Ingrid Owner", Role.ADMIN, lang)
    return read_sales(
        actor, [(2, cells)], map_columns("sales", header), directory, today=date(2026, 11, 18), currency="NOK"
    )


def planned(header, cells, segments=None):
    plan = read(header, cells, segments)
    assert plan.ok, plan.errors
    return plan.rows[0]


def test_a_row_without_a_segment_keeps_the_key_it_had_before_segments():
    assert planned(HEADER, ROW)["request_key"] == KEY_BEFORE_SEGMENTS
    with_column = planned([*HEADER, "Segment"], [*ROW, None], SaleSegments([], "en"))
    assert with_column["request_key"] == KEY_BEFORE_SEGMENTS
    assert with_column["segment_id"] is None


def test_a_segment_is_found_by_its_name_in_either_language_and_any_case():
    segments = SaleSegments(LIST, "nb")
    for typed, key in (("retail", "retail"), ("DETALJHANDEL", "retail"), (" skoler ", "skoler")):
        row = planned([*HEADER, "Segment"], [*ROW, typed], segments)
        assert row["segment_id"] == next(s.id for s in LIST if s.key == key), typed


def test_an_unknown_segment_is_refused_with_the_list_in_the_reader_s_words():
    plan = read([*HEADER, "Segment"], [*ROW, "Education"], SaleSegments(LIST, "nb"), lang="nb")
    (error,) = plan.errors
    assert (error.row, error.column, error.value) == (2, "segment", "Education")
    assert error.error.key == "excel.import.segment_unknown"
    assert error.error.params["names"] == (
        "Offentlig sektor, Hotell og restaurant, Kontor, Detaljhandel, Annet, Skoler"
    )
    assert plan.rows == []
