"""``/sales import``: sales or goals read from a workbook, every row checked, then all or nothing.

A workbook's first sheet is read (``salesbot.workbooks.read_rows``: safely, counted); its header
row names the columns, in English or Norwegian, in any order (the template's headers, or the
field's own name). Each row is read and checked whole, with the rules a sale or goal typed in
Slack follows (``salesbot.sales.check_sale``, ``salesbot.goals.check_goal_rights``…), and every
problem is kept with its row, column and value. Any problem: nothing is imported, and the
problems are the answer. None: a ``Plan`` to preview, and ``apply_*`` writes it in the
request's one transaction.

People are matched by Slack user id (``U…``), e-mail (the handler asks Slack for the ids of
the e-mails first, before any transaction) or name; products by name; a sale's customer segment
by its name on the workspace's list, in any language, as a sale typed in Slack names it
(``salesbot.segments.SaleSegments``). Dates are Excel dates,
Excel day numbers or text as ``/sales`` reads it; amounts Excel numbers or text in the reader's
language (``150 000``, ``1 234,50``, ``150k``).

A sale row is identified by its order reference, when the sheet has one (kept as the sale's
request key, ``ref:…``), else by its values and their occurrence in the file; importing the same
rows again finds their keys and adds nothing. Goals are set as ``/sales goal`` sets them: the
same goal with the same target is unchanged, a new target is a revision and needs a reason.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from salesbot.access import Actor
from salesbot.errors import FieldErrors, InvalidInput, PermissionDenied, UserError
from salesbot.excel_export import ORDER_REFERENCE_PREFIX
from salesbot.goals import (
    METRICS,
    REASONS,
    SCOPES,
    GoalChange,
    GoalSpec,
    Reason,
    Subject,
    check_goal_rights,
    check_target,
    make_reason,
    set_goal,
)
from salesbot.i18n import t
from salesbot.periods import Period, parse_date, parse_period
from salesbot.records import PersonRecord, ProductRecord, TeamRecord
from salesbot.sales import LOST_REASONS, SaleFields, check_sale
from salesbot.segments import SaleSegments, sale_segments
from salesbot.workbooks import Formula

SALES, GOALS = "sales", "goals"
KINDS = (SALES, GOALS)
LANGS = ("en", "nb")
REFERENCE_MAX = 100
SHOWN_ERRORS = 10  # errors listed in the reply; the workbook has them all
_EXCEL_EPOCH = date(1899, 12, 30)


@dataclass(frozen=True)
class Field:
    name: str  # the domain's name, also accepted as a header
    header: str  # catalog key of its header
    required: bool = False


SALE_FIELDS = (
    Field("person", "excel.col.person", True),
    Field("ordered_on", "excel.col.ordered", True),
    Field("amount", "excel.col.amount", True),
    Field("units", "excel.col.units"),
    Field("product", "excel.col.product"),
    Field("customer", "excel.col.customer"),
    Field("segment", "excel.col.segment"),
    Field("promised_on", "excel.col.promised"),
    Field("delivered_on", "excel.col.delivered"),
    Field("followed_up_on", "excel.col.followed_up"),
    Field("stage", "excel.col.stage"),
    Field("lost_on", "excel.col.lost_on"),
    Field("lost_reason", "excel.col.lost_reason"),
    Field("reference", "excel.col.reference"),
)
GOAL_FIELDS = (
    Field("scope", "excel.col.scope", True),
    Field("who", "excel.col.who"),
    Field("metric", "excel.col.metric", True),
    Field("period", "excel.col.period", True),
    Field("target", "excel.col.target", True),
    Field("product", "excel.col.product"),
    Field("reason", "excel.col.reason"),
    Field("reason_note", "excel.col.reason_note"),
)
FIELDS = {SALES: SALE_FIELDS, GOALS: GOAL_FIELDS}
# A sale's stage, as the template's drop-down offers it.
STAGES = ("open", "delivered", "followed_up", "lost")


def stage_label(lang: str, stage: str) -> str:
    return t(lang, f"excel.sale_status.{stage}")


def choices(lang: str) -> dict[str, list[str]]:
    """The words the template's drop-downs offer, in ``lang``."""
    return {
        "stage": [stage_label(lang, stage) for stage in STAGES],
        "lost_reason": [t(lang, f"sale.lost_reason.{reason}") for reason in LOST_REASONS],
        "scope": [t(lang, f"excel.level.{scope}") for scope in SCOPES],
        "metric": [t(lang, f"goal.metric.{metric}") for metric in METRICS],
        "reason": [t(lang, f"goal.reason.{reason}") for reason in REASONS],
    }


def _words(prefix: str, codes: Iterable[str]) -> dict[str, str]:
    """Each code by itself and by its label in every language, compared without case."""
    found = {}
    for code in codes:
        found[code.casefold()] = code
        found[code.replace("_", " ").casefold()] = code
        for lang in LANGS:
            found[t(lang, f"{prefix}{code}").casefold()] = code
    return found


# -- errors -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """One problem: the sheet's row number, the column (a field name; "" for the row), the value
    as it was in the cell, and what is wrong (a ``UserError``, rendered in the reader's words)."""

    row: int
    column: str
    value: str
    error: UserError


class ImportRefused(UserError):
    """The sheet as a whole cannot be read (a missing column, no rows): nothing is imported."""


# -- reading the sheet --------------------------------------------------------------------------


def map_columns(kind: str, header: Sequence[Any], *, lang: str = "en") -> dict[str, int]:
    """Which column holds which field, from the header row; a required one missing is refused."""
    fields = FIELDS[kind]
    names: dict[str, str] = {}
    for item in fields:
        names[item.name.casefold()] = item.name
        names[item.name.replace("_", " ").casefold()] = item.name
        for language in LANGS:
            names[t(language, item.header).casefold()] = item.name
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        text = " ".join(str(cell or "").split()).casefold().rstrip("*").strip()
        name = names.get(text)
        if name is not None and name not in columns:
            columns[name] = index
    missing = [item for item in fields if item.required and item.name not in columns]
    if missing:
        raise ImportRefused(
            "excel.import.missing_columns",
            columns=", ".join(t(lang, item.header) for item in missing),
            kind=kind,
        )
    return columns


class _Row:
    """One row's cells by field, and the errors found reading them."""

    def __init__(self, number: int, cells: Sequence[Any], columns: Mapping[str, int]) -> None:
        self.number = number
        self.cells = cells
        self.columns = columns
        self.errors: list[RowError] = []

    def raw(self, name: str) -> Any | None:
        index = self.columns.get(name)
        if index is None or index >= len(self.cells):
            return None
        value = self.cells[index]
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        return value

    def shown(self, name: str) -> str:
        value = self.raw(name)
        if value is None:
            return ""
        if isinstance(value, datetime):
            return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        return str(value)

    def refuse(self, name: str, error: UserError) -> None:
        self.errors.append(RowError(self.number, name, self.shown(name)[:200], error))

    def read(self, name: str, parse: Callable[[Any], Any], *, required: bool = False) -> Any:
        value = self.raw(name)
        if value is None:
            if required:
                self.refuse(name, InvalidInput("excel.import.required"))
            return None
        if isinstance(value, Formula):
            self.refuse(name, InvalidInput("excel.import.formula"))
            return None
        try:
            return parse(value)
        except UserError as error:
            self.refuse(name, error)
            return None


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def read_day(value: Any, *, today: date, lang: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not 1 <= value < 2958466:
            raise InvalidInput("excel.import.not_a_date")
        return _EXCEL_EPOCH + timedelta(days=int(value))
    return parse_date(_text(value), today=today, lang=lang)


def read_money(value: Any, *, lang: str, currency: str) -> Decimal:
    from salesbot.amounts import parse_amount

    if isinstance(value, bool):
        raise InvalidInput("amount.invalid", example="amount.example", text=str(value))
    if isinstance(value, (int, float, Decimal)):
        try:
            amount = Decimal(str(value))
        except InvalidOperation:
            raise InvalidInput("amount.invalid", example="amount.example", text=str(value)) from None
        if amount <= 0:
            raise InvalidInput("amount.zero" if amount == 0 else "amount.negative", text=str(value))
        if amount.as_tuple().exponent < -2:
            raise InvalidInput("amount.too_many_decimals", example="amount.example", text=str(value))
        return amount.quantize(Decimal("0.01"))
    if isinstance(value, (date, datetime)):
        raise InvalidInput("excel.import.date_not_amount")
    return parse_amount(_text(value), lang, currency=currency)


def read_whole(value: Any) -> int:
    if isinstance(value, (bool, date, datetime)):
        raise InvalidInput("excel.import.whole_number")
    if isinstance(value, (int, float, Decimal)) and Decimal(str(value)) == int(value):
        return int(value)
    text = _text(value).replace(" ", "").replace("\xa0", "")
    if text.isdigit():
        return int(text)
    raise InvalidInput("excel.import.whole_number")


def _code(words: Mapping[str, str], key: str) -> Callable[[Any], str]:
    def read(value: Any) -> str:
        code = words.get(_text(value).casefold())
        if code is None:
            raise InvalidInput(key, text=_text(value))
        return code

    return read


# -- people and products ------------------------------------------------------------------------


class ImportStore(Protocol):
    workspace: Any

    def people(self) -> Sequence[PersonRecord]: ...
    def products(self, *, include_retired: bool = False) -> Sequence[ProductRecord]: ...
    def team_by_name(self, name: str) -> TeamRecord | None: ...
    def segments(self) -> Sequence[Any]: ...
    def seed_segments(self, keys: Sequence[str]) -> None: ...
    def existing_sale_keys(self, keys: Iterable[str]) -> set[str]: ...
    def add_sales(self, rows: Iterable[dict]) -> int: ...
    def audit(
        self,
        *,
        actor_id: int | None,
        action: str,
        entity: str,
        entity_id: int | None = None,
        **details: object,
    ) -> None: ...


@dataclass
class Directory:
    """Who and what a sheet may name: people by Slack id, e-mail (``emails``: address → Slack id,
    asked of Slack beforehand) and name; products by name; segments by name (``segments``: the
    active list, read when the sheet has a segment column)."""

    people: Sequence[PersonRecord]
    products: Sequence[ProductRecord]
    emails: Mapping[str, str] = field(default_factory=dict)
    segments: SaleSegments | None = None

    def __post_init__(self) -> None:
        self._by_id = {person.slack_user_id: person for person in self.people}
        names: dict[str, list[PersonRecord]] = {}
        for person in self.people:
            names.setdefault(person.name.casefold(), []).append(person)
        self._by_name = names
        self._products = {product.name.casefold(): product for product in self.products}

    def person(self, value: Any) -> PersonRecord:
        text = _text(value)
        if text.startswith("<@") and text.endswith(">"):
            text = text[2:-1].split("|")[0]
        if "@" in text and not text.startswith("@"):
            found = self._by_id.get(self.emails.get(text.casefold(), ""))
            if found is None:
                raise InvalidInput("excel.import.email_unknown", text=text)
            return found
        found = self._by_id.get(text)
        if found is not None:
            return found
        matches = self._by_name.get(text.lstrip("@").casefold(), [])
        if len(matches) > 1:
            raise InvalidInput("excel.import.name_ambiguous", text=text)
        if not matches:
            raise InvalidInput("excel.import.person_unknown", text=text)
        return matches[0]

    def product(self, value: Any) -> ProductRecord:
        found = self._products.get(_text(value).casefold())
        if found is None:
            raise InvalidInput("excel.import.product_unknown", text=_text(value))
        return found

    def segment(self, value: Any) -> Any:
        found = self.segments.get(_text(value)) if self.segments is not None else None
        if found is None:
            names = self.segments.names if self.segments is not None else ""
            raise InvalidInput("excel.import.segment_unknown", text=_text(value), names=names)
        return found


def emails_named(
    kind: str, rows: Iterable[tuple[int, Sequence[Any]]], columns: Mapping[str, int]
) -> set[str]:
    """The e-mail addresses the sheet names people by, for the handler to ask Slack about."""
    index = columns.get("person" if kind == SALES else "who")
    if index is None:
        return set()
    found = set()
    for _, cells in rows:
        if index < len(cells) and isinstance(cells[index], str):
            text = cells[index].strip()
            if "@" in text and not text.startswith(("@", "<@")):
                found.add(text.casefold())
    return found


# -- sales --------------------------------------------------------------------------------------


@dataclass
class Plan:
    """What an import would do, once every row has been read: the rows to write (or the goals
    to set) and the figures of the preview; or the errors, and nothing is to be written."""

    kind: str
    rows: list = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    people: int = 0
    amount: Decimal = Decimal(0)
    first: date | None = None
    last: date | None = None
    already: int = 0  # rows imported before (found by their keys): not written again

    @property
    def new(self) -> int:
        return len(self.rows) - self.already

    @property
    def ok(self) -> bool:
        return not self.errors


def read_sales(
    actor: Actor,
    rows: Iterable[tuple[int, Sequence[Any]]],
    columns: Mapping[str, int],
    directory: Directory,
    *,
    today: date,
    currency: str,
    progress: Callable[[int], None] | None = None,
) -> Plan:
    """Every sale row read and checked; the plan holds the rows to insert, or the errors."""
    lang = actor.lang
    reasons = _words("sale.lost_reason.", LOST_REASONS)
    stages = _words("excel.sale_status.", STAGES)
    plan = Plan(SALES)
    people: set[int] = set()
    references: dict[str, int] = {}
    seen: Counter[str] = Counter()
    for count, (number, cells) in enumerate(rows, start=1):
        if progress is not None and count % 10_000 == 0:
            progress(count)
        row = _Row(number, cells, columns)
        person = row.read("person", directory.person, required=True)
        if person is not None and not actor.may_manage(person.id):
            row.refuse("person", PermissionDenied("excel.import.not_yours", name=person.name))
        day = lambda value: read_day(value, today=today, lang=lang)  # noqa: E731
        ordered_on = row.read("ordered_on", day, required=True)
        amount = row.read("amount", lambda v: read_money(v, lang=lang, currency=currency), required=True)
        units = row.read("units", read_whole)
        product = row.read("product", directory.product)
        customer = row.read("customer", _text) or ""
        segment = row.read("segment", directory.segment)
        promised_on = row.read("promised_on", day)
        delivered_on = row.read("delivered_on", day)
        followed_up_on = row.read("followed_up_on", day)
        stage = row.read("stage", _code(stages, "excel.import.stage_unknown"))
        lost_on = row.read("lost_on", day)
        lost_reason = row.read("lost_reason", _code(reasons, "excel.import.lost_reason_unknown"))
        reference = row.read("reference", _text)
        if reference and len(reference) > REFERENCE_MAX:
            row.refuse("reference", InvalidInput("excel.import.reference_too_long", max=REFERENCE_MAX))
            reference = None
        if person is not None and ordered_on is not None and amount is not None:
            try:
                check_sale(
                    SaleFields(
                        person_id=person.id,
                        amount=amount,
                        ordered_on=ordered_on,
                        units=units if units is not None else 1,
                        customer=customer,
                        promised_on=promised_on,
                        delivered_on=delivered_on,
                        followed_up_on=followed_up_on,
                    ),
                    today=today,
                )
            except FieldErrors as errors:
                for name, error in errors.errors.items():
                    row.refuse(name if name in columns else "", error)
        _check_lost(row, ordered_on, delivered_on, lost_on, lost_reason, today)
        _check_stage(row, stage, delivered_on, followed_up_on, lost_on)
        if reference:
            if reference in references:
                row.refuse(
                    "reference", InvalidInput("excel.import.reference_twice", row=references[reference])
                )
            references.setdefault(reference, number)
        if row.errors:
            plan.errors.extend(row.errors)
            continue
        values = {
            "person_id": person.id,
            "product_id": product.id if product else None,
            "customer": customer,
            "segment_id": segment.id if segment else None,
            "amount": amount,
            "units": units if units is not None else 1,
            "ordered_on": ordered_on,
            "promised_on": promised_on,
            "delivered_on": delivered_on,
            "followed_up_on": followed_up_on,
            "lost_on": lost_on,
            "lost_reason": (lost_reason or "other") if lost_on else None,
        }
        if reference:
            key = ORDER_REFERENCE_PREFIX + reference
        else:
            fingerprint = _fingerprint(values)
            seen[fingerprint] += 1
            key = f"row:{fingerprint}:{seen[fingerprint]}"
        values["request_key"] = key
        plan.rows.append(values)
        people.add(person.id)
        if not lost_on:
            plan.amount += amount
        plan.first = min(plan.first or ordered_on, ordered_on)
        plan.last = max(plan.last or ordered_on, ordered_on)
    plan.people = len(people)
    return plan


def _fingerprint(values: Mapping[str, Any]) -> str:
    """A sale row without a reference is known again by all its values. A row without a segment
    leaves the segment out, so a file imported before sales had segments is still known."""
    names = sorted(name for name in values if not (name == "segment_id" and values[name] is None))
    text = "|".join(str(values[name]) for name in names)
    return hashlib.sha256(text.encode()).hexdigest()[:40]


def _check_lost(row: _Row, ordered_on, delivered_on, lost_on, lost_reason, today: date) -> None:
    if lost_on is None:
        if lost_reason is not None:
            row.refuse("lost_on", InvalidInput("excel.import.lost_reason_without_date"))
        return
    if delivered_on is not None:
        row.refuse("lost_on", InvalidInput("excel.import.lost_and_delivered"))
    if lost_on > today:
        row.refuse("lost_on", InvalidInput("sale.date_in_future", on=lost_on))
    elif ordered_on is not None and lost_on < ordered_on:
        row.refuse("lost_on", InvalidInput("excel.import.lost_before_order", on=ordered_on))


def _check_stage(row: _Row, stage, delivered_on, followed_up_on, lost_on) -> None:
    """A stage given must agree with the dates: each step after the order needs its date."""
    if stage is None:
        return
    needs = {"delivered": delivered_on, "followed_up": followed_up_on, "lost": lost_on}
    if stage in needs and needs[stage] is None:
        row.refuse("stage", InvalidInput(f"excel.import.stage_needs_{stage}"))
    if stage == "open" and (delivered_on or lost_on):
        row.refuse("stage", InvalidInput("excel.import.stage_not_open"))


def mark_already_imported(store: ImportStore, plan: Plan) -> Plan:
    """Counts the rows an earlier import wrote (their keys are stored): they are not written again."""
    existing = store.existing_sale_keys(row["request_key"] for row in plan.rows)
    plan.already = len(existing)
    plan.rows = [row for row in plan.rows if row["request_key"] not in existing] + [
        row for row in plan.rows if row["request_key"] in existing
    ]
    return plan


def apply_sales(store: ImportStore, actor: Actor, plan: Plan, *, file_name: str) -> int:
    """Writes the plan's new sales (one transaction: the request's); returns how many."""
    if not plan.ok:
        raise ValueError("a plan with errors is never applied")
    existing = store.existing_sale_keys(row["request_key"] for row in plan.rows)
    new = [row for row in plan.rows if row["request_key"] not in existing]
    added = store.add_sales({**row, "source": "import", "created_by_id": actor.person_id} for row in new)
    store.audit(
        actor_id=actor.person_id,
        action="sales.imported",
        entity="sale",
        file=file_name[:200],
        added=added,
        skipped=len(plan.rows) - added,
    )
    return added


def sold(plan: Plan) -> tuple[set[int], set[date]]:
    """Whose sales an applied plan added and on which days (the rows not imported before, which
    ``mark_already_imported`` puts first; lost sales left out): the goals they count towards
    may have crossed a threshold."""
    added = [row for row in plan.rows[: plan.new] if not row["lost_on"]]
    return {row["person_id"] for row in added}, {row["ordered_on"] for row in added}


# -- goals --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoalRow:
    spec: GoalSpec
    reason: Reason | None


class GoalImportStore(ImportStore, Protocol):
    def goal_by_key(self, goal_key: str) -> Any: ...


def read_goals(
    store: Any,
    actor: Actor,
    rows: Iterable[tuple[int, Sequence[Any]]],
    columns: Mapping[str, int],
    directory: Directory,
    *,
    today: date,
    currency: str,
) -> Plan:
    """Every goal row read and checked as ``/sales goal`` checks a goal; nothing is written."""
    lang = actor.lang
    scopes = _words("excel.level.", SCOPES)
    scopes.update({word: "company" for word in ("company", "selskap", "selskapet")})
    metrics = _words("goal.metric.", METRICS)
    reasons = _words("goal.reason.", REASONS)
    plan = Plan(GOALS)
    keys: dict[str, int] = {}
    subjects: set[tuple[str, int | None]] = set()
    for number, cells in rows:
        row = _Row(number, cells, columns)
        scope = row.read("scope", _code(scopes, "excel.import.scope_unknown"), required=True)
        metric = row.read("metric", _code(metrics, "excel.import.metric_unknown"), required=True)
        period = row.read("period", lambda v: _read_period(v, today=today, lang=lang), required=True)
        target = row.read("target", lambda v: _read_target(v, lang=lang, currency=currency), required=True)
        product = row.read("product", directory.product)
        category = row.read("reason", _code(reasons, "excel.import.reason_unknown"))
        note = row.read("reason_note", _text) or ""
        subject = None
        if scope == "person":
            person = row.read("who", directory.person, required=True)
            subject = Subject("person", person=person) if person else None
        elif scope == "team":
            team = row.read("who", lambda v: _team(store, v), required=True)
            subject = Subject("team", team=team) if team else None
        elif scope == "company":
            subject = Subject("company")
        reason = None
        if category or note:
            try:
                reason = make_reason(category, note)
            except UserError as error:
                row.refuse("reason_note", error)
        if subject is not None and metric and target is not None and period is not None:
            spec = GoalSpec(subject, metric, target, period, product)
            try:
                check_goal_rights(store, actor, subject)
            except UserError as error:
                row.refuse("who" if scope != "company" else "scope", error)
            try:
                check_target(metric, target)
            except UserError as error:
                row.refuse("target", error)
            if spec.key in keys:
                row.refuse("", InvalidInput("excel.import.goal_twice", row=keys[spec.key]))
            keys.setdefault(spec.key, number)
            existing = store.goal_by_key(spec.key)
            if existing is not None and existing.target != target and reason is None and not row.errors:
                row.refuse("reason", InvalidInput("excel.import.revision_needs_reason", old=existing.target))
            if existing is not None and existing.status != "open" and existing.target != target:
                row.refuse("period", InvalidInput("goal.closed"))
            if not row.errors:
                plan.rows.append(GoalRow(spec, reason))
                if existing is not None and existing.target == target:
                    plan.already += 1
                subjects.add((scope, subject.id))
                plan.first = min(plan.first or period.start, period.start)
                plan.last = max(plan.last or period.end, period.end)
                if metric == "revenue":
                    plan.amount += target
        plan.errors.extend(row.errors)
    plan.people = len(subjects)
    if plan.errors:
        plan.rows = []
    return plan


def _team(store: Any, value: Any) -> TeamRecord:
    team = store.team_by_name(_text(value))
    if team is None:
        raise InvalidInput("excel.import.team_unknown", text=_text(value))
    return team


def _read_period(value: Any, *, today: date, lang: str) -> Period:
    # A "2026-11" typed in Excel often becomes the date 1 November 2026: the month is meant.
    if isinstance(value, datetime):
        return Period.of_month(value.year, value.month)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = _text(value)
    return parse_period(_text(value), today=today, lang=lang, ahead=True)


def _read_target(value: Any, *, lang: str, currency: str) -> Decimal:
    return read_money(value, lang=lang, currency=currency)


@dataclass(frozen=True)
class GoalsImported:
    """What an import of goals did: the outcomes counted (created, revised, unchanged), and the
    goals it set or revised, to be told to their people as ``/sales goal`` tells them."""

    outcomes: Counter[str]
    changed: list[GoalChange]


def apply_goals(store: Any, actor: Actor, plan: Plan, *, file_name: str) -> GoalsImported:
    """Sets each goal as ``/sales goal`` would (its checks again, its audit, its revision)."""
    if not plan.ok:
        raise ValueError("a plan with errors is never applied")
    outcomes: Counter[str] = Counter()
    changed = []
    for row in plan.rows:
        change = set_goal(store, actor, row.spec, reason=row.reason)
        outcomes[change.outcome] += 1
        if change.outcome in ("created", "revised"):
            changed.append(change)
    store.audit(
        actor_id=actor.person_id, action="goals.imported", entity="goal", file=file_name[:200], **outcomes
    )
    return GoalsImported(outcomes, changed)


def first_errors(plan: Plan, limit: int = SHOWN_ERRORS) -> list[RowError]:
    return plan.errors[:limit]


def split_header(rows: Iterator[tuple[int, list[Any]]]) -> tuple[list[Any], Iterator]:
    """The header row and the rows after it; a sheet without one is refused."""
    first = next(rows, None)
    if first is None:
        raise ImportRefused("excel.import.empty")
    return first[1], rows


def read_plan(
    store: Any,
    actor: Actor,
    kind: str,
    rows: Sequence[tuple[int, Sequence[Any]]],
    columns: Mapping[str, int],
    *,
    emails: Mapping[str, str],
    today: date,
) -> Plan:
    """The plan for the sheet's rows (the header row left out), checked with the workspace's
    people, products and currency; sales already imported are counted, not planned twice."""
    segments = sale_segments(store, actor.lang) if kind == SALES and "segment" in columns else None
    directory = Directory(store.people(), store.products(include_retired=True), emails, segments)
    currency = store.workspace.currency
    if kind == SALES:
        plan = read_sales(actor, rows, columns, directory, today=today, currency=currency)
        return mark_already_imported(store, plan) if plan.ok else plan
    return read_goals(store, actor, rows, columns, directory, today=today, currency=currency)


def template_sheets(fmt: Any, kind: str, products: Sequence[str], segments: Sequence[str] = ()) -> list:
    """The template of ``kind``: its headers, an example row, and drop-downs for the product,
    segment, stage, lost reason, level, metric and reason columns, fed from a second sheet of
    lists."""
    from salesbot import workbooks

    lang = fmt.lang
    offered = {**choices(lang), "product": list(products), "segment": list(segments)}
    fields = FIELDS[kind]
    listed = [item.name for item in fields if item.name in offered]
    lists_title = fmt.t("excel.sheet.lists")
    drop_downs = {}
    for number, name in enumerate(listed, start=1):
        letter = workbooks.get_column_letter(number)
        count = max(len(offered[name]), 1)
        column = next(index for index, item in enumerate(fields, start=1) if item.name == name)
        drop_downs[column] = f"'{lists_title}'!${letter}$2:${letter}${count + 1}"
    depth = max((len(offered[name]) for name in listed), default=0)
    lists_rows = [
        [(offered[name][i] if i < len(offered[name]) else None) for name in listed] for i in range(depth)
    ]
    main = workbooks.SheetData(
        title=fmt.t(f"import.kind.{kind}"),
        columns=[workbooks.Column(fmt.t(item.header), _template_kind(item.name)) for item in fields],
        rows=[],
        drop_downs=drop_downs,
    )
    lists = workbooks.SheetData(
        title=lists_title,
        columns=[
            workbooks.Column(fmt.t(next(f.header for f in fields if f.name == name))) for name in listed
        ],
        rows=lists_rows,
    )
    return [main, lists]


def _template_kind(name: str) -> str:
    from salesbot import workbooks

    if name in ("ordered_on", "promised_on", "delivered_on", "followed_up_on", "lost_on"):
        return workbooks.DATE
    if name in ("amount", "target"):
        return workbooks.MONEY
    return workbooks.TEXT
