"""End to end: ``/sales export`` through Slack's request format, the workbook opened and read.

The office of 18 November 2026 (team Øst: Rita, Per and Kari, managed by Mona; Vest empty)."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest

from storage.models import AuditEntry
from tests.conftest import MANAGER, NORWEGIAN, OWNER, REP, REP2
from tests.handlers.office import STRANGER, add_sale, november_goals, office_workspace, someone
from tests.helpers import data, last_reply, rows


@pytest.fixture
def office(db):
    with office_workspace(db) as workspace:
        yield workspace


def workbook_sent_to(office, user):
    """The workbook uploaded to ``user``'s DM, opened, and the comment it came with."""
    posted = office.fake.wait_for_posted(lambda p: p.kind == "file" and p.user == user, timeout=10)
    return openpyxl.load_workbook(io.BytesIO(posted.file["data"])), posted


def sheet_rows(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_an_admin_gets_every_sheet_formatted_by_dm(office, db):
    november_goals(db)
    with data(db) as store:
        add_sale(store, someone(store, REP), 2500, date(2026, 11, 10), customer='=HYPERLINK("http://x")')
    office.command("export", user=OWNER)
    assert "Building your workbook for November 2026 (the whole company)" in last_reply(office, OWNER)
    book, posted = workbook_sent_to(office, OWNER)
    assert posted.text.startswith(
        ":bar_chart: Your workbook for November 2026 (the whole company): 4 sales and 4 goals"
    )
    assert posted.file["name"] == "sales-2026-11.xlsx"
    assert book.sheetnames == [
        "Summary",
        "Goals",
        "Sales",
        "Leaderboard",
        "Customer feedback",
        "Training",
        "Diagnoses",
    ]
    assert book.properties.title == "Sales workbook · November 2026"
    assert book.properties.subject == "November 2026"
    assert book.properties.created is not None

    sales = book["Sales"]
    table = sheet_rows(sales)
    assert table[0][:6] == ["Order date", "Person", "Product", "Customer", "Amount", "Units"]
    assert sales.freeze_panes == "A2"
    assert sales.auto_filter.ref == f"A1:O{len(table) - 1}"
    assert sales["A1"].font.b and sales["E1"].font.b
    assert sales["A2"].is_date and sales["A2"].value.date() == date(2026, 11, 5)
    assert sales["E2"].number_format == '#,##0.00 "NOK"' and sales["E2"].value == 6000
    assert table[-1][0] == "Total" and table[-1][4] == 13500 and table[-1][5] == 4
    assert sales[f"E{len(table)}"].font.b
    formula = next(row for row in sales.iter_rows(min_row=2) if row[3].value and row[3].value.startswith("="))
    assert formula[3].data_type == "s" and formula[3].quotePrefix, "user text never becomes a formula"
    lost = next(row for row in table[1:] if row[9] == "Lost")
    assert lost[11].date() == date(2026, 11, 9) and lost[12] == "Price"
    assert sales.column_dimensions["D"].width > len("Customer")
    rules = [rule for ranges in sales.conditional_formatting for rule in ranges.rules]
    assert {rule.formula[0] for rule in rules} >= {'"Lost"', '"Open"', '"Delivered"'}

    summary = book["Summary"]
    table = sheet_rows(summary)
    assert table[0][:3] == ["Level", "Name", "Metric"]
    assert [row[:2] for row in table[1:]] == [
        ["Company", "Company"],
        ["Team", "Øst"],
        ["Person", "Per Rep"],
        ["Person", "Rita Rep"],
    ]
    rita = table[4]
    assert rita[5] == 10000 and rita[6] == 8500 and rita[7] == pytest.approx(0.85) and rita[10] == "Ahead"
    assert summary["H5"].number_format == "0.0%"
    assert len(summary._charts) == 1, "a native chart of attainment"
    assert [row[:2] for row in sheet_rows(book["Leaderboard"])[1:]] == [[1, "Rita Rep"], [2, "Per Rep"]]


def test_a_rep_gets_only_their_own_and_no_diagnoses(office, db):
    november_goals(db)
    office.command("export", user=REP)
    book, posted = workbook_sent_to(office, REP)
    assert "Diagnoses" not in book.sheetnames
    people = {row[1] for row in sheet_rows(book["Sales"])[1:-1]}
    assert people == {"Rita Rep"}
    names = [row[1] for row in sheet_rows(book["Summary"])[1:]]
    assert names == ["Company", "Øst", "Rita Rep"], "their own goal, their team's and the company's"


def test_a_manager_exports_their_team_in_norwegian(office, db):
    november_goals(db)
    office.command("role " + office.mention(MANAGER) + " manager", user=OWNER)
    office.command("eksport team:Øst", user=NORWEGIAN)
    assert "Bare lederne av *Øst*" in last_reply(office, NORWEGIAN)
    office.command("export team:Øst", user=MANAGER)
    book, _ = workbook_sent_to(office, MANAGER)
    assert "Diagnoses" in book.sheetnames
    assert {row[1] for row in sheet_rows(book["Sales"])[1:-1]} == {"Rita Rep", "Per Rep"}


def test_norwegian_sheet_names_headers_and_dates(office, db):
    november_goals(db)
    with data(db) as store:
        store.update_workspace(locale="nb")
    office.command("role " + office.mention(NORWEGIAN) + " admin", user=OWNER)
    office.command("eksport forrige måned", user=NORWEGIAN)
    assert "oktober 2026" in last_reply(office, NORWEGIAN)
    book, posted = workbook_sent_to(office, NORWEGIAN)
    assert book.sheetnames[:3] == ["Sammendrag", "Mål", "Salg"]
    assert sheet_rows(book["Salg"])[0][:2] == ["Ordredato", "Person"]
    assert posted.file["name"] == "salg-2026-10.xlsx"


def test_bad_periods_and_strangers_are_refused_with_nothing_sent(office, db):
    office.command("export someday", user=REP)
    assert "someday" in last_reply(office, REP)
    office.command("export team:Vest", user=REP2)
    assert "Only the managers of *Vest*" in last_reply(office, REP2)
    office.wait_idle()
    assert not [p for p in office.fake.snapshot_posted() if p.kind == "file"]
    assert rows(db, AuditEntry) == [] or all(e.action != "diagnosis.exported" for e in rows(db, AuditEntry))
    assert STRANGER
