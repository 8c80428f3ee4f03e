"""salesbot.workbooks: the streaming writer's look and its formula guard, and the safe reader."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from salesbot import workbooks
from salesbot.workbooks import DATE, MONEY, PERCENT, STATUS, TEXT, Column, Count, SheetData


def written(sheet: SheetData) -> openpyxl.Workbook:
    out = io.BytesIO()
    workbooks.write_workbook(
        out,
        [sheet],
        properties=workbooks.Properties(title="T", subject="2026", creator="Acme"),
        formats=workbooks.Formats(currency="NOK", date="dd.mm.yyyy"),
    )
    return openpyxl.load_workbook(io.BytesIO(out.getvalue()))


@pytest.mark.parametrize(
    "text", ["=1+1", "+47 22 00 00 00", "-5", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("x")']
)
def test_text_that_looks_like_a_formula_is_written_as_text(text):
    book = written(SheetData("S", [Column("Customer", TEXT)], [[text]]))
    cell = book["S"]["A2"]
    # XML reads a lone carriage return back as a line feed; what matters is that it is text.
    assert cell.value.strip() == text.strip() and cell.data_type == "s" and cell.quotePrefix


def test_text_of_several_lines_wraps_and_a_line_is_plain_text():
    notes = "4 Nov: price objections\n18 Nov: asked for the order twice"
    book = written(SheetData("S", [Column("Notes", TEXT)], [[notes], ["one line"], ["=x\ny"]]))
    sheet = book["S"]
    assert sheet["A2"].value == notes and sheet["A2"].alignment.wrap_text
    assert sheet["A3"].value == "one line" and not sheet["A3"].alignment.wrap_text
    assert sheet["A4"].quotePrefix and sheet["A4"].data_type == "s", "the formula guard comes first"
    assert sheet.column_dimensions["A"].width == len("18 Nov: asked for the order twice") + 1


def test_columns_are_typed_totalled_coloured_and_fitted():
    rows = [[date(2026, 11, 5), Decimal("1500.50"), Count(3), 0.5, "Lost", "a long customer name here"]]
    sheet = SheetData(
        "S",
        [
            Column("Day", DATE),
            Column("Amount", MONEY, total=True),
            Column("Units", MONEY),
            Column("Share", PERCENT),
            Column("Status", STATUS),
            Column("Customer"),
        ],
        rows,
        total_label="Total",
        status_colours={"Lost": "bad"},
    )
    ws = written(sheet)["S"]
    assert ws["A2"].number_format == "dd.mm.yyyy" and ws["A2"].is_date
    assert ws["B2"].number_format == '#,##0.00 "NOK"' and ws["C2"].number_format == "#,##0"
    assert ws["D2"].number_format == "0.0%"
    assert ws["A3"].value == "Total" and ws["B3"].value == 1500.5 and ws["B3"].font.b
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:F2"
    assert ws.column_dimensions["F"].width >= len("a long customer name here")
    assert [r.formula for cf in ws.conditional_formatting for r in cf.rules] == [['"Lost"']]


def test_a_sheet_name_follows_excel_s_rules():
    book = written(SheetData("Sales: Q4/2026 [draft] and a very long name", [Column("A")], []))
    assert book.sheetnames == ["Sales  Q4 2026  draft  and a ve"]


def zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in members.items():
            package.writestr(name, data)
    return out.getvalue()


BASE = {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (b"x" * (10 * 1024 * 1024 + 1), "excel.import.too_large"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "excel.import.encrypted"),
        (b"PK but not really", "excel.import.not_a_workbook"),
        (zipped({"word/document.xml": b"<doc/>"}), "excel.import.not_a_workbook"),
        (zipped({**BASE, "xl/vbaProject.bin": b"x"}), "excel.import.macros"),
        (zipped({**BASE, "xl/worksheets/sheet1.xml": b" " * (5 * 1024 * 1024)}), "excel.import.zip_bomb"),
    ],
)
def test_a_package_is_refused_from_its_directory_before_anything_is_unpacked(data, key):
    with pytest.raises(workbooks.WorkbookRefused) as refused:
        workbooks.inspect_package(data)
    assert refused.value.key == key


def test_rows_are_counted_while_read():
    book = openpyxl.Workbook()
    for n in range(12):
        book.active.append([f"row {n}", "=A1"])
    out = io.BytesIO()
    book.save(out)
    _, rows = workbooks.read_rows(out.getvalue(), max_rows=20)
    read = list(rows)
    assert read[0] == (1, ["row 0", workbooks.Formula("=A1")]) and isinstance(
        read[0][1][1], workbooks.Formula
    )
    _, rows = workbooks.read_rows(out.getvalue(), max_rows=10)
    with pytest.raises(workbooks.WorkbookRefused) as refused:
        list(rows)
    assert refused.value.key == "excel.import.too_many_rows"


def test_a_package_that_unpacks_to_more_than_the_limit_is_refused_whatever_its_ratio(monkeypatch):
    monkeypatch.setattr(workbooks, "MAX_UNPACKED_BYTES", 10_000)
    incompressible = bytes(range(256)) * 50  # 12,800 bytes that barely compress
    with pytest.raises(workbooks.WorkbookRefused) as refused:
        workbooks.inspect_package(zipped({**BASE, "xl/media/photo.bin": incompressible}))
    assert refused.value.key == "excel.import.zip_bomb"
