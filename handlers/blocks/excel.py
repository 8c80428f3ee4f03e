"""Block Kit for Excel: the export's answers, the import's form, its preview and its report."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from handlers import ids
from handlers.blocks.common import BUTTON_TEXT, CONTEXT_TEXT, SECTION_TEXT, build_form, clip
from handlers.blocks.common import mrkdwn_escape as escape
from handlers.blocks.errors import field_error_text
from handlers.respond import Reply
from salesbot import excel_import, workbooks
from salesbot.excel_export import ExportScope
from salesbot.i18n import Formatter


def _section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": clip(text, SECTION_TEXT)}}


def _whose(fmt: Formatter, scope: ExportScope) -> str:
    if scope.team is not None:
        return fmt.t("export.whose_team", team=scope.name)
    if scope.person_ids is None:
        return fmt.t("export.whose_company")
    if scope.person_ids == {scope.actor.person_id}:
        return fmt.t("export.whose_own")
    return fmt.t("export.whose_managed")


def build_export_started(fmt: Formatter, scope: ExportScope) -> Reply:
    """The answer in the ack's wake: the workbook is on its way to the DM."""
    text = fmt.t("export.started", period=scope.period.label(fmt.lang), whose=_whose(fmt, scope))
    return Reply(text=text, blocks=[_section(f":hourglass_flowing_sand: {text}")])


def build_export_summary(fmt: Formatter, scope: ExportScope, counts: Mapping[str, int]) -> Reply:
    """The one line that comes with the file."""
    sales = counts.get(fmt.t("excel.sheet.sales"), 0)
    goals = counts.get(fmt.t("excel.sheet.summary"), 0)
    text = fmt.t(
        "export.summary",
        period=scope.period.label(fmt.lang),
        whose=_whose(fmt, scope),
        sales=fmt.plural("export.sales", sales),
        goals=fmt.plural("export.goals", goals),
        sheets=len(counts),
    )
    return Reply(text=text, blocks=[_section(text)])


# -- import ---------------------------------------------------------------------------------------


def build_import_modal(fmt: Formatter) -> dict:
    """The form: what the file holds, the file, and the two templates to start from."""
    kinds = [
        {"text": {"type": "plain_text", "text": fmt.t(f"import.kind.{kind}")}, "value": kind}
        for kind in excel_import.KINDS
    ]
    return build_form(
        fmt,
        callback_id=ids.IMPORT_MODAL,
        title=fmt.t("import.modal.title"),
        submit=fmt.t("import.modal.submit"),
        blocks=[
            _section(fmt.t("import.modal.intro", rows=fmt.number(workbooks.MAX_ROWS))),
            {
                "type": "input",
                "block_id": ids.IMPORT_KIND,
                "label": {"type": "plain_text", "text": fmt.t("import.modal.kind")},
                "element": {
                    "type": "radio_buttons",
                    "action_id": ids.IMPORT_KIND,
                    "options": kinds,
                    "initial_option": kinds[0],
                },
            },
            {
                "type": "input",
                "block_id": ids.IMPORT_FILE,
                "label": {"type": "plain_text", "text": fmt.t("import.modal.file")},
                "hint": {"type": "plain_text", "text": fmt.t("import.modal.file_hint")},
                "element": {
                    "type": "file_input",
                    "action_id": ids.IMPORT_FILE,
                    "filetypes": ["xlsx"],
                    "max_files": 1,
                },
            },
            {
                "type": "actions",
                "block_id": ids.IMPORT_TEMPLATE,
                "elements": [
                    {
                        "type": "button",
                        "action_id": f"{ids.IMPORT_TEMPLATE}:{kind}",
                        "text": {
                            "type": "plain_text",
                            "text": clip(fmt.t(f"import.template.{kind}"), BUTTON_TEXT),
                        },
                        "value": kind,
                    }
                    for kind in excel_import.KINDS
                ],
            },
        ],
    )


def read_import_submission(values: dict) -> tuple[str, list[dict]]:
    """What the form holds: the kind picked and the files uploaded (Slack's file objects)."""
    kind = ((values.get(ids.IMPORT_KIND) or {}).get(ids.IMPORT_KIND) or {}).get("selected_option") or {}
    files = ((values.get(ids.IMPORT_FILE) or {}).get(ids.IMPORT_FILE) or {}).get("files") or []
    return kind.get("value") or excel_import.SALES, list(files)


def build_import_status(fmt: Formatter, key: str, **params: object) -> Reply:
    """A line about an import under way (reading, checking, importing), with an hourglass."""
    text = fmt.t(key, **params)
    return Reply(text=text, blocks=[_section(f":hourglass_flowing_sand: {text}")])


def _span(fmt: Formatter, plan: excel_import.Plan) -> str:
    if plan.first is None or plan.last is None:
        return ""
    if (plan.first.year, plan.first.month) == (plan.last.year, plan.last.month):
        return fmt.date(plan.first, "LLLL y")
    if plan.first.year == plan.last.year:
        return f"{fmt.date(plan.first, 'LLLL')}–{fmt.date(plan.last, 'LLLL y')}"
    return f"{fmt.date(plan.first, 'LLLL y')}–{fmt.date(plan.last, 'LLLL y')}"


def describe_plan(fmt: Formatter, plan: excel_import.Plan) -> str:
    """ "1,240 sales for 18 people, NOK 3,200,000, March–May 2026"."""
    if plan.kind == excel_import.SALES:
        return fmt.t(
            "import.preview.sales",
            sales=fmt.plural("export.sales", len(plan.rows)),
            people=fmt.plural("import.people", plan.people),
            amount=fmt.money(plan.amount),
            span=_span(fmt, plan),
        )
    return fmt.t(
        "import.preview.goals",
        goals=fmt.plural("export.goals", len(plan.rows)),
        subjects=fmt.plural("import.subjects", plan.people),
        span=_span(fmt, plan),
    )


def build_import_preview(fmt: Formatter, plan: excel_import.Plan, *, file_name: str, value: str) -> Reply:
    """Every row is good: what importing would add, with **Import** and **Cancel**."""
    summary = describe_plan(fmt, plan)
    lines = [fmt.t("import.preview.title", file=escape(file_name)), summary]
    if plan.already:
        lines.append(fmt.plural("import.preview.already", plan.already))
    text = "\n".join(lines)
    blocks = [_section(f":white_check_mark: {text}")]
    if plan.new:
        blocks.append(
            {
                "type": "actions",
                "block_id": "import_preview",
                "elements": [
                    {
                        "type": "button",
                        "action_id": ids.IMPORT_CONFIRM,
                        "style": "primary",
                        "text": {"type": "plain_text", "text": fmt.t("import.button.import")},
                        "value": value,
                    },
                    {
                        "type": "button",
                        "action_id": ids.IMPORT_CANCEL,
                        "text": {"type": "plain_text", "text": fmt.t("import.button.cancel")},
                        "value": "cancel",
                    },
                ],
            }
        )
    else:
        blocks.append(_context(fmt.t("import.preview.nothing_new")))
    return Reply(text=text, blocks=blocks)


def _context(text: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": clip(text, CONTEXT_TEXT)}]}


def error_lines(
    fmt: Formatter, kind: str, errors: list[excel_import.RowError]
) -> list[tuple[int, str, str, str]]:
    """Each problem as (row, column header, value, what is wrong) in the reader's words."""
    headers = {field.name: fmt.t(field.header) for field in excel_import.FIELDS[kind]}
    return [
        (error.row, headers.get(error.column, ""), error.value, field_error_text(fmt, error.error))
        for error in errors
    ]


def build_import_errors(
    fmt: Formatter, kind: str, errors: list[excel_import.RowError], *, file_name: str, total: int
) -> Reply:
    """Nothing was imported: the first problems, each with its row, column and value."""
    head = fmt.plural("import.errors.title", total, file=escape(file_name))
    lines = []
    for row, column, value, problem in error_lines(fmt, kind, errors[: excel_import.SHOWN_ERRORS]):
        where = (
            fmt.t("import.errors.where", row=row, column=column)
            if column
            else fmt.t("import.errors.row", row=row)
        )
        shown = f" (`{escape(clip(value, 60))}`)" if value else ""
        lines.append(f"• {where}{shown}: {escape(problem)}")
    more = fmt.t("import.errors.all_in_file") if total > len(lines) else fmt.t("import.errors.fix_and_retry")
    text = "\n".join([head, *lines])
    return Reply(text=f"{text}\n{more}", blocks=[_section(f":x: {text}"), _context(more)])


def build_import_refused(fmt: Formatter, text: str) -> Reply:
    return Reply(text=text, blocks=[_section(f":x: {text}")])


def build_import_done(
    fmt: Formatter,
    plan: excel_import.Plan,
    outcome: Mapping[str, int],
    *,
    file_name: str,
    notes: Sequence[str] = (),
) -> Reply:
    """What the import added, and what it found already there; ``notes``: who was told of it."""
    if plan.kind == excel_import.SALES:
        text = fmt.t(
            "import.done.sales",
            file=escape(file_name),
            added=fmt.plural("export.sales", outcome.get("added", 0)),
            summary=describe_plan(fmt, plan),
        )
        skipped = outcome.get("skipped", 0)
    else:
        text = fmt.t(
            "import.done.goals",
            file=escape(file_name),
            created=fmt.number(outcome.get("created", 0)),
            revised=fmt.number(outcome.get("revised", 0)),
        )
        skipped = outcome.get("unchanged", 0)
    if skipped:
        text += "\n" + fmt.plural("import.done.already", skipped)
    text = "\n".join([text, *notes])
    return Reply(text=text, blocks=[_section(f":white_check_mark: {text}")])


def build_import_cancelled(fmt: Formatter) -> Reply:
    text = fmt.t("import.cancelled")
    return Reply(text=text, blocks=[_section(text)])
