"""Excel files, written and read: openpyxl kept in one place, knowing neither Slack nor SQL.

Writing streams (openpyxl's write-only mode): rows go to disk as they come, so a million sales
take as little memory as ten. Write-only mode cannot style a sheet after the fact, so the look
is set up around the rows: column widths (measured on the first rows) before the first row,
header and typed cells as reusable styled cells, and the autofilter, conditional formatting
and chart, which openpyxl writes after the rows, once the row count is known.

Reading refuses what a spreadsheet should not hold before openpyxl sees it: the zip's central
directory is inspected first (too big unpacked, a macro project, not a workbook at all), and
the XML is parsed by defusedxml (openpyxl uses it when it is installed: no entity expansion).
Rows are read in read-only mode and counted as they come.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import cache
from types import SimpleNamespace
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openpyxl.cell import WriteOnlyCell

TEXT, DATE, MONEY, PERCENT, NUMBER, STATUS = "text", "date", "money", "percent", "number", "status"

# What a cell may not begin with unless it is to be read as a formula by Excel, or by a program
# the file is opened in later (CSV injection): such text is written as a text cell, quoted.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Limits on a workbook read: the upload itself, what it unpacks to, and its rows.
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 400 * 1024 * 1024  # a full 200,000-row sheet unpacks to about 150 MB
MAX_RATIO = 200  # a part that unpacks to more than 200 times its packed size is a zip bomb
MAX_ROWS = 200_000

# Status colours: the fill and the text, as Excel's own "good, neutral, bad" styles.
STATUS_COLOURS = {
    "good": ("C6EFCE", "006100"),
    "neutral": ("FFEB9C", "9C5700"),
    "bad": ("FFC7CE", "9C0006"),
}
_HEADER_FILL_COLOUR = "DDEBF7"
_MEASURED_ROWS = 200  # rows looked at to fit column widths
_MIN_WIDTH, _MAX_WIDTH = 8, 60


@cache
def _xl() -> SimpleNamespace:
    """openpyxl, imported the first time a workbook is written or read: a web worker that never
    builds one does not carry it (issue 17's memory at rest)."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.chart import BarChart, Reference
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    return SimpleNamespace(
        openpyxl=openpyxl,
        WriteOnlyCell=WriteOnlyCell,
        ILLEGAL_CHARACTERS_RE=ILLEGAL_CHARACTERS_RE,
        BarChart=BarChart,
        Reference=Reference,
        CellIsRule=CellIsRule,
        Alignment=Alignment,
        Font=Font,
        PatternFill=PatternFill,
        get_column_letter=get_column_letter,
        DataValidation=DataValidation,
        header_fill=PatternFill("solid", fgColor=_HEADER_FILL_COLOUR),
        bold=Font(bold=True),
    )


def get_column_letter(number: int) -> str:
    """Excel's letters for column ``number`` (1 → A)."""
    return _xl().get_column_letter(number)


class Count(Decimal):
    """A number that is no money (units, deals) in a money column: written as a plain number."""


@dataclass(frozen=True)
class Column:
    """One column as written: its header text and the kind of value it holds."""

    header: str
    kind: str = TEXT
    total: bool = False  # summed on the totals row


@dataclass(frozen=True)
class ChartSpec:
    """A bar chart drawn from the sheet's own rows: one bar per row."""

    title: str
    category_column: int  # 1-based
    value_column: int
    y_title: str = ""


@dataclass
class SheetData:
    """A sheet ready to write: headers and rows in the reader's language, plain values."""

    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]
    total_label: str | None = None  # the totals row's first cell; None: no totals row
    # Status text → "good" | "neutral" | "bad", coloured by conditional formatting.
    status_colours: dict[str, str] = field(default_factory=dict)
    chart: ChartSpec | None = None
    drop_downs: dict[int, str] = field(default_factory=dict)  # column → list range (templates)


@dataclass(frozen=True)
class Properties:
    title: str
    subject: str  # the period
    creator: str  # the workspace
    keywords: str = ""
    created: datetime | None = None


@dataclass(frozen=True)
class Formats:
    """Number formats for the reader: a currency code and a date pattern."""

    currency: str = "NOK"
    date: str = "yyyy-mm-dd"

    @property
    def money(self) -> str:
        return f'#,##0.00 "{self.currency}"'

    percent: str = "0.0%"
    number: str = "#,##0"


def safe_text(value: str) -> str:
    """Text Excel can hold: the XML-illegal control characters removed."""
    return _xl().ILLEGAL_CHARACTERS_RE.sub("", value)


def looks_like_formula(value: str) -> bool:
    return value.startswith(FORMULA_STARTS)


class _SheetWriter:
    """One write-only sheet: reusable styled cells per column, so a row costs what a bare
    ``append`` of its values costs."""

    def __init__(self, workbook, sheet: SheetData, formats: Formats) -> None:
        self.sheet = sheet
        self.ws = workbook.create_sheet(title=_sheet_title(sheet.title))
        self.kinds = [column.kind for column in sheet.columns]
        formats_by_kind = {
            DATE: formats.date,
            MONEY: formats.money,
            PERCENT: formats.percent,
            NUMBER: formats.number,
        }
        self.number_formats = [formats_by_kind.get(kind) for kind in self.kinds]
        self.styled = [self._cell(fmt) if fmt else None for fmt in self.number_formats]
        self.counts = [self._cell(formats.number) if kind == MONEY else None for kind in self.kinds]
        self.guards = [self._guard_cell() for _ in self.kinds]
        self.wraps: list[WriteOnlyCell | None] = [None for _ in self.kinds]
        self.totals = [Decimal(0) if column.total else None for column in sheet.columns]
        self.count = 0

    def _cell(self, number_format: str, *, bold: bool = False) -> WriteOnlyCell:
        cell = _xl().WriteOnlyCell(self.ws)
        cell.number_format = number_format
        if bold:
            cell.font = _xl().bold
        return cell

    def _guard_cell(self) -> WriteOnlyCell:
        cell = _xl().WriteOnlyCell(self.ws)
        # Shown and kept as text by Excel even when the cell is edited later.
        cell.quotePrefix = True
        return cell

    def write(self) -> None:
        rows = iter(self.sheet.rows)
        first: list[Sequence[Any]] = []
        for row in rows:
            first.append(row)
            if len(first) >= _MEASURED_ROWS:
                break
        self._fit_widths(first)
        self.ws.freeze_panes = "A2"
        self.ws.append([self._header(column.header) for column in self.sheet.columns])
        for row in first:
            self._append(row)
        for row in rows:
            self._append(row)
        last = self.count + 1
        width = len(self.sheet.columns)
        if self.sheet.total_label is not None and self.count:
            self._totals_row()
        self.ws.auto_filter.ref = f"A1:{get_column_letter(width)}{last}"
        self._colour_statuses(last)
        self._drop_downs()
        if self.sheet.chart and self.count:
            self._chart(last)

    def _header(self, text: str) -> WriteOnlyCell:
        cell = _xl().WriteOnlyCell(self.ws, value=safe_text(text))
        cell.font = _xl().bold
        cell.fill = _xl().header_fill
        cell.alignment = _xl().Alignment(vertical="center")
        return cell

    def _append(self, row: Sequence[Any]) -> None:
        values = list(row)
        for index, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, str):
                if not value:
                    values[index] = None
                    continue
                if value.startswith(FORMULA_STARTS):
                    cell = self.guards[index]
                    cell.value = safe_text(value)
                    cell.data_type = "s"  # openpyxl reads "=…" as a formula; this is text
                    values[index] = cell
                elif not value.isprintable():
                    value = safe_text(value)
                    # Lines (check-in notes, a comment) shown as lines, not run together.
                    values[index] = self._wrapped(index, value) if "\n" in value else value
                continue
            total = self.totals[index]
            if total is not None and isinstance(value, (int, float, Decimal)):
                self.totals[index] = (
                    total + Decimal(str(value)) if isinstance(value, float) else total + value
                )
            cell = self.counts[index] if isinstance(value, Count) else self.styled[index]
            if cell is not None:
                cell.value = value
                values[index] = cell
        self.ws.append(values)
        self.count += 1

    def _wrapped(self, index: int, value: str) -> WriteOnlyCell:
        cell = self.wraps[index]
        if cell is None:
            cell = self.wraps[index] = _xl().WriteOnlyCell(self.ws)
            cell.alignment = _xl().Alignment(wrap_text=True, vertical="top")
        cell.value = value
        return cell

    def _totals_row(self) -> None:
        row: list[Any] = [self._label(self.sheet.total_label)]
        for index, total in enumerate(self.totals[1:], start=1):
            if total is None:
                row.append(None)
            else:
                row.append(self._cell(self.number_formats[index] or Formats.number, bold=True))
                row[-1].value = total
        self.ws.append(row)

    def _label(self, text: str) -> WriteOnlyCell:
        cell = _xl().WriteOnlyCell(self.ws, value=safe_text(text))
        cell.font = _xl().bold
        return cell

    def _fit_widths(self, rows: list[Sequence[Any]]) -> None:
        for index, column in enumerate(self.sheet.columns):
            longest = len(column.header) + 3  # room for the filter button
            for row in rows:
                if index < len(row) and row[index] is not None:
                    longest = max(longest, _shown_length(row[index], column.kind))
            width = min(max(longest + 1, _MIN_WIDTH), _MAX_WIDTH)
            self.ws.column_dimensions[get_column_letter(index + 1)].width = width

    def _colour_statuses(self, last: int) -> None:
        if not self.sheet.status_colours or last < 2:
            return
        for index, kind in enumerate(self.kinds):
            if kind != STATUS:
                continue
            letter = get_column_letter(index + 1)
            cells = f"{letter}2:{letter}{last}"
            for text, tone in self.sheet.status_colours.items():
                fill, font = STATUS_COLOURS[tone]
                self.ws.conditional_formatting.add(
                    cells,
                    _xl().CellIsRule(
                        operator="equal",
                        formula=['"{}"'.format(text.replace('"', '""'))],
                        fill=_xl().PatternFill(bgColor=fill, fill_type="solid"),
                        font=_xl().Font(color=font),
                    ),
                )

    def _drop_downs(self) -> None:
        for column, source in self.sheet.drop_downs.items():
            letter = get_column_letter(column)
            validation = _xl().DataValidation(type="list", formula1=source, allow_blank=True)
            validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
            self.ws.data_validations.append(validation)

    def _chart(self, last: int) -> None:
        spec = self.sheet.chart
        chart = _xl().BarChart()
        chart.type = "bar"
        chart.title = spec.title
        chart.y_axis.title = spec.y_title
        chart.y_axis.numFmt = Formats.percent
        chart.legend = None
        chart.height = max(7.5, 0.6 * min(self.count, 40) + 3)
        chart.width = 18
        values = _xl().Reference(self.ws, min_col=spec.value_column, min_row=1, max_row=last)
        chart.add_data(values, titles_from_data=True)
        chart.set_categories(_xl().Reference(self.ws, min_col=spec.category_column, min_row=2, max_row=last))
        self.ws.add_chart(chart, f"{get_column_letter(len(self.sheet.columns) + 2)}2")


def _sheet_title(text: str) -> str:
    """Excel's rules for a sheet's name: at most 31 characters, none of ``[]:*?/\\``."""
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in text).strip("' ")
    return cleaned[:31] or "Sheet"


def _shown_length(value: Any, kind: str) -> int:
    if kind == DATE:
        return 11
    if kind == MONEY:
        return len(f"{value:,.2f}") + 4 if isinstance(value, (int, float, Decimal)) else 12
    if kind == PERCENT:
        return 7
    if isinstance(value, (int, float, Decimal)):
        return len(f"{value:,}")
    text = str(value)
    return max((len(line) for line in text.splitlines()), default=0)


def write_workbook(
    out: IO[bytes] | str, sheets: Iterable[SheetData], *, properties: Properties, formats: Formats
) -> dict[str, int]:
    """Writes ``sheets`` in order to ``out`` (a path or a binary file); rows written by sheet."""
    workbook = _xl().openpyxl.Workbook(write_only=True)
    workbook.properties.title = properties.title
    workbook.properties.subject = properties.subject
    workbook.properties.creator = properties.creator
    workbook.properties.keywords = properties.keywords
    if properties.created is not None:
        created = properties.created.replace(tzinfo=None)
        workbook.properties.created = created
        workbook.properties.modified = created
    counts = {}
    for sheet in sheets:
        writer = _SheetWriter(workbook, sheet, formats)
        writer.write()
        counts[sheet.title] = writer.count
    workbook.save(out)
    return counts


# -- reading ----------------------------------------------------------------------------------


class WorkbookRefused(Exception):
    """A file that is not read, and why: ``key`` is the catalog key of the message."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


class Formula(str):
    """A cell that held a formula (its text, ``=SUM(A1:A3)``) where a value was expected, or
    text that begins as one."""


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted workbook, or an old .xls


def inspect_package(data: bytes) -> None:
    """Refuses a file that is no plain workbook, from its zip directory alone, unpacking nothing."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise WorkbookRefused("excel.import.too_large", limit=MAX_UPLOAD_BYTES // (1024 * 1024))
    if data.startswith(_OLE_MAGIC):
        raise WorkbookRefused("excel.import.encrypted")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise WorkbookRefused("excel.import.not_a_workbook")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise WorkbookRefused("excel.import.not_a_workbook") from None
    names = {member.filename for member in members}
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        raise WorkbookRefused("excel.import.not_a_workbook")
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise WorkbookRefused("excel.import.macros")
    unpacked = 0
    for member in members:
        unpacked += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if unpacked > MAX_UNPACKED_BYTES or (member.file_size > 1024 * 1024 and ratio > MAX_RATIO):
            raise WorkbookRefused("excel.import.zip_bomb")


def _caused_by(error: BaseException, kind: type) -> bool:
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, kind):
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


def read_rows(data: bytes, *, max_rows: int = MAX_ROWS) -> tuple[str, Iterator[tuple[int, list[Any]]]]:
    """The first sheet's name and its rows (1-based row number, values), read safely; a formula
    cell's value is its text as a ``Formula``.

    Empty rows are skipped; more than ``max_rows`` rows is refused while reading."""
    inspect_package(data)
    from defusedxml import DefusedXmlException  # openpyxl parses through defusedxml when present

    if not _xl().openpyxl.DEFUSEDXML:  # pragma: no cover - defusedxml is a dependency
        raise RuntimeError("defusedxml is not installed: workbooks are not read without it")
    try:
        workbook = _xl().openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=False, keep_links=False
        )
    except DefusedXmlException:
        raise WorkbookRefused("excel.import.unsafe_xml") from None
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as error:
        # openpyxl wraps what failed in a ValueError: an entity refused by defusedxml among them.
        if _caused_by(error, DefusedXmlException):
            raise WorkbookRefused("excel.import.unsafe_xml") from None
        raise WorkbookRefused("excel.import.not_a_workbook") from None
    except Exception as error:  # openpyxl's parse errors have no common base
        if "xml" in type(error).__module__.lower() or "Parse" in type(error).__name__:
            raise WorkbookRefused("excel.import.not_a_workbook") from None
        raise
    sheet = workbook.worksheets[0] if workbook.worksheets else None
    if sheet is None:
        raise WorkbookRefused("excel.import.not_a_workbook")

    def rows() -> Iterator[tuple[int, list[Any]]]:
        counted = 0
        try:
            # Values only (three times faster than cells): a formula then reads as its text,
            # "=SUM(A1:A3)", as does text typed with a leading "=": both are refused as formulas.
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = [
                    Formula(value) if isinstance(value, str) and value[:1] == "=" else value for value in row
                ]
                if all(value is None or value == "" for value in cells):
                    continue
                counted += 1
                if counted > max_rows + 1:  # the header row and max_rows rows
                    raise WorkbookRefused("excel.import.too_many_rows", limit=max_rows)
                yield number, cells
        except DefusedXmlException:
            raise WorkbookRefused("excel.import.unsafe_xml") from None
        finally:
            workbook.close()

    return sheet.title, rows()
