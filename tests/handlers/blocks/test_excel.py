"""Excel in Block Kit (handlers/blocks/excel.py): the export's answers, the import form, its
preview, its error report and its outcome, each as Slack would take it, in both languages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from handlers import ids
from handlers.blocks.excel import (
    build_export_started,
    build_import_done,
    build_import_errors,
    build_import_modal,
    build_import_preview,
    read_import_submission,
)
from salesbot.access import Actor, Role
from salesbot.errors import InvalidInput
from salesbot.excel_export import ExportScope
from salesbot.excel_import import GOALS, SALES, Plan, RowError
from salesbot.i18n import Formatter
from salesbot.periods import Period
from tests.handlers.blocks.checks import mrkdwn, plain, valid_message, valid_view
from tests.helpers import buttons

EN, NB = Formatter("en", "NOK"), Formatter("nb", "NOK")
ACTOR = Actor(1, "U1", "Mona", Role.MANAGER, "en", frozenset({2, 3}))


def sales_plan(**changes) -> Plan:
    plan = Plan(
        SALES,
        rows=[{"request_key": f"ref:{n}"} for n in range(1240)],
        people=18,
        amount=Decimal("3200000"),
        first=date(2026, 3, 2),
        last=date(2026, 5, 28),
    )
    for key, value in changes.items():
        setattr(plan, key, value)
    return plan


@pytest.mark.parametrize("fmt", [EN, NB])
def test_the_import_form_takes_one_xlsx_and_offers_both_templates(fmt):
    view = valid_view(build_import_modal(fmt))
    file_input = next(b for b in view["blocks"] if b.get("block_id") == ids.IMPORT_FILE)["element"]
    assert file_input == {
        "type": "file_input",
        "action_id": ids.IMPORT_FILE,
        "filetypes": ["xlsx"],
        "max_files": 1,
    }
    templates = [e["value"] for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert templates == ["sales", "goals"]
    assert fmt.t("import.template.goals") in plain(view)


def test_a_submission_is_read_back_as_the_kind_and_the_files():
    values = {
        ids.IMPORT_KIND: {ids.IMPORT_KIND: {"type": "radio_buttons", "selected_option": {"value": "goals"}}},
        ids.IMPORT_FILE: {ids.IMPORT_FILE: {"type": "file_input", "files": [{"id": "F1", "name": "a.xlsx"}]}},
    }
    assert read_import_submission(values) == ("goals", [{"id": "F1", "name": "a.xlsx"}])
    assert read_import_submission({}) == (SALES, [])


def test_the_preview_says_how_many_for_whom_how_much_and_when():
    reply = valid_message(build_import_preview(EN, sales_plan(), file_name="q2.xlsx", value="{}"))
    assert "1,240 sales for 18 people, NOK\xa03,200,000 won, March–May 2026." in reply.text
    assert set(buttons(reply.blocks)) == {ids.IMPORT_CONFIRM, ids.IMPORT_CANCEL}
    norsk = valid_message(build_import_preview(NB, sales_plan(), file_name="q2.xlsx", value="{}"))
    assert "1\xa0240 salg for 18 personer" in norsk.text and "mars–mai 2026" in norsk.text


def test_a_preview_of_rows_all_imported_before_offers_nothing_to_import():
    reply = valid_message(build_import_preview(EN, sales_plan(already=1240), file_name="q2.xlsx", value="{}"))
    assert "1,240 of them were imported before" in reply.text
    assert buttons(reply.blocks) == {}


def test_the_error_report_names_row_column_value_and_problem_and_stays_within_limits():
    errors = [
        RowError(n, "amount", "x" * 500, InvalidInput("amount.invalid", example="amount.example", text="x"))
        for n in range(2, 400)
    ]
    reply = valid_message(build_import_errors(EN, SALES, errors, file_name="*bad*.xlsx", total=len(errors)))
    assert reply.text.startswith("Nothing was imported from *&#42;bad&#42;.xlsx*: 398 problems to fix.") or (
        "398 problems to fix" in reply.text
    )
    assert "• Row 2, Amount (`" in mrkdwn(reply.blocks)
    assert mrkdwn(reply.blocks).count("• Row") == 10
    assert "The whole list, with an error column, is in the workbook" in reply.text


def test_the_outcome_counts_what_was_added_and_what_was_there():
    reply = valid_message(
        build_import_done(EN, sales_plan(), {"added": 1000, "skipped": 240}, file_name="q2.xlsx")
    )
    assert "Imported 1,000 sales from *q2.xlsx*" in reply.text
    assert "240 rows were imported before" in reply.text
    goals = valid_message(
        build_import_done(NB, Plan(GOALS), {"created": 2, "revised": 1}, file_name="mål.xlsx")
    )
    assert "2 nye, 1 endret" in goals.text


def test_the_export_answers_at_once_with_the_period_and_whose():
    scope = ExportScope(ACTOR, Period.of_month(2026, 11), date(2026, 11, 18), frozenset({1, 2, 3}))
    reply = valid_message(build_export_started(EN, scope))
    assert "Building your workbook for November 2026 (you and the people you manage)" in reply.text
