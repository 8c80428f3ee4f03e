"""End to end: ``/sales import`` through Slack's request format: the form with its file input,
the file downloaded from ``url_private`` with the bot token, the preview, **Import**, and every
malformed or malicious workbook refused with a clear message and nothing written.

The office of 18 November 2026 (team Øst: Rita, Per and Kari, managed by Mona)."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest

from handlers import ids
from storage.models import AuditEntry, Goal, GoalRevision, Sale, Segment
from tests.conftest import MANAGER, OWNER, REP, REP2
from tests.handlers.office import office_workspace
from tests.helpers import buttons, last_reply, open_modal_of, rows

HEADER = ["Person", "Order date", "Amount", "Units", "Customer", "Delivered", "Order reference"]


@pytest.fixture
def office(db):
    with office_workspace(db) as workspace:
        workspace.fake.user(REP).email = "rita@example.com"
        workspace.command("role " + workspace.mention(MANAGER) + " manager", user=OWNER)
        yield workspace


def xlsx(rows_: list[list], header: list[str] = HEADER) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows_:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def submit_file(office, user, data: bytes, *, name="sales.xlsx", kind="sales", wait=True):
    """Opens the form, uploads ``data`` as ``name`` in its file input and submits it."""
    office.command("import", user=user)
    view = open_modal_of(office, user).view
    upload = office.fake.add_file(user, name, data)
    return office.submit(
        user=user, view=view, answers={ids.IMPORT_KIND: kind, ids.IMPORT_FILE: [upload]}, wait=wait
    )


def status_of(office, user, *, timeout: float = 10.0):
    """The import's status message in ``user``'s DM, as it reads now (updates applied)."""
    office.wait_idle(timeout)
    dm = office.fake.im_channel(user)
    messages = [m for (channel, _), m in office.fake.messages.items() if channel == dm]
    return messages[-1]


def press_import(office, user, message):
    button = buttons(message["blocks"])[ids.IMPORT_CONFIRM]
    office.click(
        user=user,
        action_id=button["action_id"],
        block_id=button["block_id"],
        value=button["value"],
        channel=(office.fake.im_channel(user), "dm"),
        message={"ts": message["ts"]},
        ephemeral=False,
    )
    return status_of(office, user)


def test_a_manager_imports_sales_once_previewed_and_a_second_time_adds_nothing(office, db):
    sheet = xlsx(
        [
            ["Rita Rep", datetime(2026, 11, 2), 12000, 2, "@cmd|calc", None, "PO-1"],
            ["rita@example.com", "3.11.2026", "1,500.50", None, "Bergen Bygg", "5.11.2026", "PO-2"],
            ["U0REP2", 46327, 3000, 1, "Acme", None, "PO-3"],  # 46327: 1 November 2026 in Excel
        ]
    )
    result = submit_file(office, MANAGER, sheet)
    assert result.status == 200 and result.text == ""
    preview = status_of(office, MANAGER)
    assert "*sales.xlsx* is ready to import" in preview["text"]
    assert "3 sales for 2 people, NOK\xa016,500.50 won, November 2026." in preview["text"]
    assert rows(db, Sale) == [], "nothing before Import"
    downloads = office.fake.calls_to("file_download")
    assert downloads and downloads[0].token == office.fake.bot_token, "downloaded with the bot token"

    done = press_import(office, MANAGER, preview)
    assert "Imported 3 sales from *sales.xlsx*" in done["text"]
    sales = sorted(rows(db, Sale), key=lambda s: s.request_key)
    assert [s.request_key for s in sales] == ["ref:PO-1", "ref:PO-2", "ref:PO-3"]
    assert sales[0].customer == "@cmd|calc" and sales[0].units == 2 and sales[0].source == "import"
    assert sales[1].amount == Decimal("1500.50") and sales[1].delivered_on == date(2026, 11, 5)
    assert sales[2].ordered_on == date(2026, 11, 1)
    assert [e.action for e in rows(db, AuditEntry) if e.action == "sales.imported"] == ["sales.imported"]

    submit_file(office, MANAGER, sheet)
    again = status_of(office, MANAGER)
    assert "3 of them were imported before" in again["text"]
    assert ids.IMPORT_CONFIRM not in buttons(again["blocks"]), "nothing new: no Import button"
    assert len(rows(db, Sale)) == 3


def test_any_wrong_row_imports_nothing_and_lists_the_errors_with_a_workbook(office, db):
    sheet = xlsx(
        [
            ["Rita Rep", datetime(2026, 11, 2), 12000, 1, "A", None, "PO-1"],
            ["Nobody Known", "3.11.2026", "abc", "two", "B", None, "PO-2"],
            ["Rita Rep", "3.11.2030", 100, 1, "C", None, "PO-1"],
            ["Rita Rep", "2.11.2026", "=A1*2", 1, "D", None, "PO-4"],
        ]
    )
    sheet_with_formula = openpyxl.load_workbook(io.BytesIO(sheet))
    sheet_with_formula.active["C5"] = "=C2*2"
    out = io.BytesIO()
    sheet_with_formula.save(out)
    submit_file(office, MANAGER, out.getvalue())
    report = status_of(office, MANAGER)
    text = report["text"]
    assert "Nothing was imported from *sales.xlsx*" in text
    assert "Row 3, Person (`Nobody Known`): salesbot knows no one called Nobody Known" in text
    assert "Row 3, Amount (`abc`)" in text
    assert "Row 3, Units (`two`): Write a whole number" in text
    assert "Row 4, Order reference (`PO-1`): The same order reference is in row 2." in text
    assert "Row 5, Amount (`=C2*2`): It holds a formula" in text
    assert rows(db, Sale) == []
    errors = office.fake.wait_for_posted(lambda p: p.kind == "file" and p.user == MANAGER)
    assert errors.file["name"] == "sales-errors.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(errors.file["data"]))
    table = [list(r) for r in book.active.iter_rows(values_only=True)]
    assert table[0] == ["Row", "Column", "Value", "What is wrong"]
    assert table[1][:3] == [3, "Person", "Nobody Known"]


def test_a_manager_cannot_import_for_someone_outside_their_teams_and_a_rep_not_at_all(office, db):
    submit_file(office, MANAGER, xlsx([["Ingrid Owner", "2.11.2026", 100, 1, "", None, ""]]))
    assert (
        "You can import only for yourself and the people in the teams you manage"
        in status_of(office, MANAGER)["text"]
    )
    office.command("import", user=REP)
    assert "Only managers and admins can use `/sales import`" in last_reply(office, REP)
    assert rows(db, Sale) == []


def _zip_with(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in members.items():
            package.writestr(name, data)
    return out.getvalue()


def _with_member(data: bytes, name: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    members = {item.filename: source.read(item.filename) for item in source.infolist()}
    members[name] = content
    return _zip_with(members)


BILLION_LAUGHS = (
    b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
)


def _laughing(good: bytes) -> bytes:
    """The sheet's XML with an entity expansion ("billion laughs") in a cell."""
    source = zipfile.ZipFile(io.BytesIO(good))
    sheet = source.read("xl/worksheets/sheet1.xml")
    sheet = b'<?xml version="1.0"?>' + BILLION_LAUGHS + sheet
    sheet = sheet.replace(b"<t>A</t>", b"<t>&lol3;</t>")
    return _with_member(good, "xl/worksheets/sheet1.xml", sheet)


@pytest.mark.parametrize(
    ("make", "name", "expected"),
    [
        (lambda good: b"just some text, not a workbook", "sales.xlsx", "That is not an Excel workbook"),
        (lambda good: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "sales.xlsx", "password-protected"),
        (lambda good: _with_member(good, "xl/vbaProject.bin", b"macro"), "sales.xlsx", "macros (.xlsm)"),
        (_laughing, "sales.xlsx", "entity definitions"),
        (
            lambda good: _with_member(good, "xl/media/bomb.bin", b"\0" * (20 * 1024 * 1024)),
            "sales.xlsx",
            "unpacks to far more",
        ),
        (lambda good: good, "sales.xlsm", "macros (.xlsm)"),
        (
            lambda good: xlsx([["x"]], header=["Customer"]),
            "sales.xlsx",
            "needs a header row with these columns: Person, Order date, Amount",
        ),
    ],
)
def test_malformed_and_malicious_workbooks_are_refused_with_nothing_written(office, db, make, name, expected):
    good = xlsx([["Rita Rep", "2.11.2026", 100, 1, "A", None, "X"]])
    result = submit_file(office, MANAGER, make(good), name=name)
    if name.endswith(".xlsm"):
        assert expected in str(result.json()["errors"][ids.IMPORT_FILE])
    else:
        assert expected in status_of(office, MANAGER)["text"]
    assert rows(db, Sale) == []


def test_more_than_200_000_rows_is_refused(office, db):
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADER)
    for _ in range(200_001):
        sheet.append(["Rita Rep", "2.11.2026", 100])
    out = io.BytesIO()
    book.save(out)
    submit_file(office, MANAGER, out.getvalue(), wait=False)
    assert "more than 200,000 rows" in status_of(office, MANAGER, timeout=120)["text"]
    assert rows(db, Sale) == []


def test_goals_import_sets_and_revises_with_reasons(office, db):
    sheet = xlsx(
        [
            ["Person", "Rita Rep", "Revenue", "2026-12", 50000, None, None, None],
            ["Team", "Øst", "Deals", "2026-Q4", 40, None, None, None],
        ],
        header=["Level", "Person or team", "Metric", "Period", "Target", "Product", "Reason", "Reason note"],
    )
    submit_file(office, OWNER, sheet, name="goals.xlsx", kind="goals")
    preview = status_of(office, OWNER)
    assert "2 goals for 2 people, teams or the company" in preview["text"]
    done = press_import(office, OWNER, preview)
    assert "2 new, 0 revised" in done["text"]
    assert len(rows(db, Goal)) == 2
    revised = xlsx(
        [["Person", "Rita Rep", "Revenue", "2026-12", 60000, None, None, None]],
        header=["Level", "Person or team", "Metric", "Period", "Target", "Product", "Reason", "Reason note"],
    )
    submit_file(office, OWNER, revised, name="goals.xlsx", kind="goals")
    assert "a new target needs a reason" in status_of(office, OWNER)["text"]
    assert rows(db, GoalRevision) == []
    assert REP2


def test_the_template_comes_by_dm_with_matching_headers_and_drop_downs(office, db):
    office.command("product add Barista Pro 24990", user=OWNER)
    office.command("import", user=MANAGER)
    view = open_modal_of(office, MANAGER).view
    office.click(
        user=MANAGER,
        action_id=f"{ids.IMPORT_TEMPLATE}:sales",
        block_id=ids.IMPORT_TEMPLATE,
        value="sales",
        view=view,
    )
    posted = office.fake.wait_for_posted(lambda p: p.kind == "file" and p.user == MANAGER)
    assert posted.file["name"] == "salesbot-sales-template.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(posted.file["data"]))
    sheet = book.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:3] == ["Person", "Order date", "Amount"] and "Order reference" in headers
    sources = {dv.formula1: str(dv.sqref) for dv in sheet.data_validations.dataValidation}
    assert "'Lists'!$A$2:$A$2" in sources, "the product column offers the catalog"
    products = [row[0] for row in book["Lists"].iter_rows(min_row=2, values_only=True) if row[0]]
    assert products == ["Barista Pro"]
    segment = "ABCDEFGHIJKLMNOP"[headers.index("Segment")]
    assert sources["'Lists'!$B$2:$B$6"] == f"{segment}2:{segment}200001", "the segment column offers the list"
    assert [row[1] for row in book["Lists"].iter_rows(values_only=True) if row[1]] == [
        "Segment",
        "Public sector",
        "Hotels and restaurants",
        "Offices",
        "Retail",
        "Other",
    ]
    # The template's own headers are read back by the import.
    submit_file(office, MANAGER, xlsx([["Rita Rep", "2.11.2026", 100]], header=headers[:3]))
    assert "ready to import" in status_of(office, MANAGER)["text"]


def test_cancel_imports_nothing(office, db):
    submit_file(office, MANAGER, xlsx([["Rita Rep", "2.11.2026", 100, 1, "A", None, "X"]]))
    preview = status_of(office, MANAGER)
    button = buttons(preview["blocks"])[ids.IMPORT_CANCEL]
    office.click(
        user=MANAGER,
        action_id=button["action_id"],
        block_id=button["block_id"],
        value=button["value"],
        channel=(office.fake.im_channel(MANAGER), "dm"),
        message={"ts": preview["ts"]},
        ephemeral=False,
    )
    assert status_of(office, MANAGER)["text"] == "Import cancelled. Nothing was imported."
    assert rows(db, Sale) == []


def segment_keys(db) -> dict[str, str | None]:
    """Each imported sale's segment key, by its order reference."""
    keys = {segment.id: segment.key for segment in rows(db, Segment)}
    return {sale.request_key: keys.get(sale.segment_id) for sale in rows(db, Sale)}


def test_a_segment_column_is_read_by_name_in_any_case_or_language(office, db):
    sheet = xlsx(
        [
            ["Rita Rep", "2.11.2026", 100, 1, "Coop Mega", None, "S-1", "retail"],
            ["Rita Rep", "3.11.2026", 200, 1, "Oslo kommune", None, "S-2", "OFFENTLIG SEKTOR"],
            ["Per Rep", "4.11.2026", 300, 1, "Acme", None, "S-3", None],
        ],
        header=[*HEADER, "Segment"],
    )
    submit_file(office, MANAGER, sheet)
    preview = status_of(office, MANAGER)
    assert "3 sales for 2 people" in preview["text"]
    press_import(office, MANAGER, preview)
    assert segment_keys(db) == {"ref:S-1": "retail", "ref:S-2": "public_sector", "ref:S-3": None}


def test_an_unknown_segment_is_a_row_error_naming_the_list_and_nothing_is_imported(office, db):
    sheet = xlsx(
        [
            ["Rita Rep", "2.11.2026", 100, 1, "Coop Mega", None, "S-1", "Retail"],
            ["Rita Rep", "3.11.2026", 200, 1, "Universitetet", None, "S-2", "Education"],
        ],
        header=[*HEADER, "Segment"],
    )
    submit_file(office, MANAGER, sheet)
    text = status_of(office, MANAGER)["text"]
    assert "Nothing was imported from *sales.xlsx*" in text
    assert (
        "Row 3, Segment (`Education`): There is no segment called Education on the segment list. "
        "Choose one of: Public sector, Hotels and restaurants, Offices, Retail, Other."
    ) in text
    assert rows(db, Sale) == []
