"""``/sales export [PERIOD] [team:NAME]``: what a workbook holds, and for whom.

A workbook is a list of sheets, each one ``SheetSpec`` registered in ``SHEETS``: its name and
headers (catalog keys), the kind of each column (money, date, percent, status…), the rows it
reads, and who may see it. Adding a sheet (recognition, coaching) is one function and one
``register`` call. The rows are plain values in the reader's language; ``salesbot.workbooks``
writes them.

Who sees what follows the rules every other view follows:

- sales, feedback and trainings: whose sales the reader may list
  (``salesbot.orders.sales_to_list``): a rep their own, a manager their teams' people and
  their own, an admin everyone; ``team:NAME`` narrows to one team (its managers and admins);
- goals and progress: the goals' own rule (``salesbot.goals.may_see``);
- the leaderboard: as ``/sales leaderboard`` shows it to the reader;
- diagnoses: managers and admins only, and only those they may diagnose
  (``salesbot.diagnosis.may_diagnose``); a diagnosis exported is audited.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Protocol

from salesbot import workbooks
from salesbot.access import Actor, Role
from salesbot.diagnosis import may_diagnose
from salesbot.diagnosis import subject_of as diagnosis_subject
from salesbot.errors import InvalidInput
from salesbot.goals import Subject, default_period, may_see, parse_goal_query
from salesbot.i18n import Formatter
from salesbot.leaderboard import leaderboard
from salesbot.orders import COMPANY, PERSON, TEAM, Whose, sales_to_list
from salesbot.periods import Period
from salesbot.progress import evaluate
from salesbot.records import GoalRecord, PersonRecord, TeamRecord
from salesbot.sales import delay_days, overdue_days, sale_state
from salesbot.teams import find_team, teams_of_actor
from salesbot.workbooks import DATE, MONEY, NUMBER, PERCENT, STATUS, TEXT, Count, SheetData

# An order reference given in an import is kept as the sale's request key, after this prefix.
ORDER_REFERENCE_PREFIX = "ref:"


class ExportStore(Protocol):
    """What an export reads of the store (and the stores of the rules it reuses)."""

    workspace: Any

    def person(self, person_id: int) -> PersonRecord | None: ...
    def people(self) -> Sequence[PersonRecord]: ...
    def team_names(self) -> list[str]: ...
    def team_names_by_id(self) -> dict[int, str]: ...
    def team_by_id(self, team_id: int) -> TeamRecord | None: ...
    def member_ids(self, team_ids: Iterable[int]) -> Mapping[int, set[int]]: ...
    def products(self, *, include_retired: bool = False) -> Sequence[Any]: ...
    def goals_for(
        self,
        *,
        covering: date | None = None,
        within: tuple[date, date] | None = None,
        person_ids: Collection[int] = (),
        team_ids: Collection[int] = (),
        company: bool = False,
    ) -> list[GoalRecord]: ...
    def revisions_of_goals(self, goal_ids: Collection[int]) -> dict[int, list[Any]]: ...
    def sales_for_export(self, person_ids: Collection[int] | None, start: date, end: date) -> Iterator: ...
    def feedback_for_export(self, person_ids: Collection[int] | None, start: date, end: date) -> Iterator: ...
    def completions_for_export(
        self, person_ids: Collection[int] | None, start: date, end: date
    ) -> Iterator: ...
    def diagnoses_for_export(self, start: date, end: date) -> list[Any]: ...
    def audit(
        self,
        *,
        actor_id: int | None,
        action: str,
        entity: str,
        entity_id: int | None = None,
        **details: object,
    ) -> None: ...


@dataclass(frozen=True)
class ExportScope:
    """What one export covers: the reader, the period, and whose data they may have."""

    actor: Actor
    period: Period
    today: date
    person_ids: frozenset[int] | None  # whose sales, feedback and trainings; None: everyone
    team: TeamRecord | None = None  # team:NAME, when asked for
    name: str = ""  # the team's name, or empty

    @property
    def manages(self) -> bool:
        return self.actor.role in (Role.ADMIN, Role.MANAGER)


@dataclass(frozen=True)
class SheetSpec:
    """One sheet of the workbook.

    ``columns`` are (header key, kind) pairs, or (header key, kind, summed on the totals row);
    ``rows(context)`` yields one sequence of plain values per row; ``may_see(scope)`` says
    whether the reader gets the sheet at all."""

    key: str  # the sheet's name is the catalog key ``excel.sheet.<key>``
    columns: tuple[tuple, ...]
    rows: Callable[[ExportContext], Iterable[Sequence[Any]]]
    may_see: Callable[[ExportScope], bool] = lambda scope: True
    totals: bool = False
    # (category column, value column), 1-based: a bar chart of the rows
    chart: tuple[int, int] | None = None
    # Status labels of the status columns coloured, by tone: {"status.on_track": "good", …}
    colours: Mapping[str, str] = field(default_factory=dict)


SHEETS: list[SheetSpec] = []


def register(spec: SheetSpec) -> SheetSpec:
    """Adds a sheet at the end of the workbook (or replaces the one with its key)."""
    SHEETS[:] = [sheet for sheet in SHEETS if sheet.key != spec.key]
    SHEETS.append(spec)
    return spec


@dataclass
class ExportContext:
    """What a sheet's rows are read with: the store, the scope and the reader's words."""

    store: ExportStore
    scope: ExportScope
    fmt: Formatter
    now: datetime | None = None
    _names: dict[int, str] | None = None

    def t(self, key: str) -> str:
        return self.fmt.t(key)

    def name_of(self, person_id: int | None) -> str:
        if person_id is None:
            return ""
        if self._names is None:
            self._names = {person.id: person.name for person in self.store.people()}
        if person_id not in self._names:
            person = self.store.person(person_id)
            self._names[person_id] = person.name if person else ""
        return self._names[person_id]


# -- reading the command ---------------------------------------------------------------------


def plan_export(store: ExportStore, actor: Actor, text: str, *, today: date) -> ExportScope:
    """``[PERIOD] [team:NAME]``: the period (none: the workspace's default, today's) and whose data."""
    query = parse_goal_query(text, lang=actor.lang, today=today, team_names=store.team_names(), area="export")
    period = query.period or default_period(store, today)
    if query.user_id or query.company:
        raise InvalidInput("export.form", example="export.example", text=text.strip())
    if query.team_name:
        team = find_team(store, query.team_name, example="export.example")
        listed = sales_to_list(store, actor, Whose(TEAM, team.id), area="export")
        return ExportScope(
            actor, period, today, frozenset(listed.person_ids or ()), team=team, name=team.name
        )
    if actor.is_admin:
        sales_to_list(store, actor, Whose(COMPANY, 0), area="export")
        return ExportScope(actor, period, today, None)
    sales_to_list(store, actor, Whose(PERSON, actor.person_id), area="export")
    return ExportScope(actor, period, today, frozenset({actor.person_id, *actor.managed_person_ids}))


def build_sheets(context: ExportContext, sheets: Sequence[SheetSpec] | None = None) -> Iterator[SheetData]:
    """The sheets the reader may see, in order, ready to write (their rows read as written)."""
    fmt = context.fmt
    for spec in sheets if sheets is not None else SHEETS:
        if not spec.may_see(context.scope):
            continue
        columns = [
            workbooks.Column(fmt.t(column[0]), column[1], bool(column[2]) if len(column) > 2 else False)
            for column in spec.columns
        ]
        chart = None
        if spec.chart:
            chart = workbooks.ChartSpec(
                title=fmt.t(f"excel.chart.{spec.key}"),
                category_column=spec.chart[0],
                value_column=spec.chart[1],
                y_title=fmt.t("excel.col.attainment"),
            )
        yield SheetData(
            title=fmt.t(f"excel.sheet.{spec.key}"),
            columns=columns,
            rows=spec.rows(context),
            total_label=fmt.t("excel.total") if spec.totals else None,
            status_colours={fmt.t(key): tone for key, tone in spec.colours.items()},
            chart=chart,
        )


def properties(context: ExportContext, workspace_name: str) -> workbooks.Properties:
    fmt, scope = context.fmt, context.scope
    subject = scope.period.label(fmt.lang)
    title = fmt.t("excel.title_team", team=scope.name) if scope.team else fmt.t("excel.title")
    return workbooks.Properties(
        title=f"{title} · {subject}",
        subject=subject,
        creator=workspace_name,
        keywords=scope.period.key,
        created=context.now,
    )


def file_name(context: ExportContext) -> str:
    scope = context.scope
    parts = [context.fmt.t("excel.file_stem"), scope.period.key]
    if scope.team is not None:
        parts.append("".join(ch if ch.isalnum() else "-" for ch in scope.name).strip("-"))
    return "-".join(part for part in parts if part) + ".xlsx"


def formats(context: ExportContext) -> workbooks.Formats:
    pattern = "dd.mm.yyyy" if context.fmt.lang == "nb" else "d mmm yyyy"
    return workbooks.Formats(currency=context.store.workspace.currency, date=pattern)


# -- the sheets ---------------------------------------------------------------------------------

_STATUS_TONES = {
    "status.ahead": "good",
    "status.on_track": "good",
    "status.reached": "good",
    "status.behind": "neutral",
    "status.not_started": "neutral",
    "status.at_risk": "bad",
    "status.missed": "bad",
    "excel.sale_status.followed_up": "good",
    "excel.sale_status.delivered": "good",
    "excel.sale_status.open": "neutral",
    "excel.sale_status.delivered_late": "neutral",
    "excel.sale_status.overdue": "bad",
    "excel.sale_status.lost": "bad",
}


def _visible_goals(context: ExportContext) -> list[GoalRecord]:
    """The period's goals the reader may see: people in scope, their teams (or the team asked
    for), and the company's (unless one team was asked for)."""
    store, scope = context.store, context.scope
    actor = scope.actor
    if scope.team is not None:
        team_ids = {scope.team.id}
    elif actor.is_admin:
        team_ids = set(store.team_names_by_id())
    else:
        member_of, manages = teams_of_actor(store, actor)
        team_ids = {team.id for team in (*member_of, *manages)}
    person_ids = scope.person_ids if scope.person_ids is not None else {p.id for p in store.people()}
    goals = store.goals_for(
        within=(scope.period.start, scope.period.end),
        person_ids=person_ids,
        team_ids=team_ids,
        company=scope.team is None,
    )
    return [goal for goal in goals if _may_see_goal(context, goal)]


def _may_see_goal(context: ExportContext, goal: GoalRecord) -> bool:
    store, actor = context.store, context.scope.actor
    if goal.scope == "company":
        return True
    if goal.scope == "team":
        team = store.team_by_id(goal.team_id)
        return team is not None and may_see(store, actor, Subject("team", team=team))
    person = store.person(goal.person_id)
    return person is not None and may_see(store, actor, Subject("person", person=person))


def _goal_name(context: ExportContext, goal: GoalRecord) -> str:
    if goal.scope == "company":
        return context.t("excel.company")
    if goal.scope == "team":
        team = context.store.team_by_id(goal.team_id)
        return team.name if team else ""
    return context.name_of(goal.person_id)


def _amount(metric: str, value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    return value if metric == "revenue" else Count(value)


def _product_names(context: ExportContext) -> dict[int, str]:
    return {product.id: product.name for product in context.store.products(include_retired=True)}


_SCOPE_ORDER = {"company": 0, "team": 1, "person": 2}


def summary_rows(context: ExportContext) -> Iterator[list[Any]]:
    goals = sorted(
        _visible_goals(context),
        key=lambda g: (_SCOPE_ORDER[g.scope], _goal_name(context, g).casefold(), g.period_start, g.id),
    )
    progress = evaluate(context.store, goals, context.scope.today)
    products = _product_names(context)
    for goal in goals:
        item = progress[goal.id]
        yield [
            context.t(f"excel.level.{goal.scope}"),
            _goal_name(context, goal),
            context.t(f"goal.metric.{goal.metric}"),
            goal.period_key,
            products.get(goal.product_id, "") if goal.product_id else "",
            _amount(goal.metric, goal.target),
            _amount(goal.metric, item.actual),
            float(item.attainment),
            _amount(goal.metric, item.expected_to_date),
            _amount(goal.metric, item.forecast),
            context.t(f"status.{_goal_status(goal, item.status)}"),
        ]


def _goal_status(goal: GoalRecord, status: str) -> str:
    return goal.status if goal.status in ("reached", "missed") else status


def goals_rows(context: ExportContext) -> Iterator[list[Any]]:
    goals = sorted(_visible_goals(context), key=lambda g: (_SCOPE_ORDER[g.scope], g.period_start, g.id))
    revisions = context.store.revisions_of_goals([goal.id for goal in goals])
    products = _product_names(context)
    for goal in goals:
        common = [
            context.t(f"excel.level.{goal.scope}"),
            _goal_name(context, goal),
            context.t(f"goal.metric.{goal.metric}"),
            goal.period_key,
            goal.period_start,
            goal.period_end,
            products.get(goal.product_id, "") if goal.product_id else "",
        ]
        history = revisions.get(goal.id, [])
        first = history[0].old_target if history else goal.target
        yield [
            *common,
            _amount(goal.metric, first),
            None,
            context.t("excel.goal_set"),
            _day(goal.created_at),
            "",
            "",
            context.name_of(goal.created_by_id),
        ]
        for revision in history:
            yield [
                *common,
                _amount(goal.metric, revision.new_target),
                _amount(goal.metric, revision.old_target),
                context.t("excel.goal_revised"),
                _day(revision.created_at),
                context.t(f"goal.reason.{revision.reason_category}"),
                revision.reason_text,
                context.name_of(revision.revised_by_id),
            ]


def _day(moment: datetime | date | None) -> date | None:
    if moment is None:
        return None
    return moment.date() if isinstance(moment, datetime) else moment


def sale_status(sale: Any, today: date) -> str:
    """The sale's status key as lists show it: open, overdue, delivered (late), followed up, lost."""
    state = sale_state(sale)
    if state == "open" and overdue_days(sale, today):
        return "excel.sale_status.overdue"
    if state == "delivered" and delay_days(sale):
        return "excel.sale_status.delivered_late"
    return f"excel.sale_status.{state}"


def sales_rows(context: ExportContext) -> Iterator[list[Any]]:
    scope, t, today = context.scope, context.t, context.scope.today
    statuses = {key: t(key) for key in _STATUS_TONES if key.startswith("excel.")}
    reasons: dict[str, str] = {}
    for sale in context.store.sales_for_export(scope.person_ids, scope.period.start, scope.period.end):
        status = statuses[sale_status(sale, today)]
        reason = ""
        if sale.lost_reason:
            reason = reasons.get(sale.lost_reason) or reasons.setdefault(
                sale.lost_reason, t(f"sale.lost_reason.{sale.lost_reason}")
            )
        key = sale.request_key or ""
        yield (
            sale.ordered_on,
            sale.person,
            sale.product or "",
            sale.customer,
            sale.amount,
            sale.units,
            sale.promised_on,
            sale.delivered_on,
            sale.followed_up_on,
            status,
            delay_days(sale),
            sale.lost_on,
            reason,
            sale.lost_note,
            key[len(ORDER_REFERENCE_PREFIX) :] if key.startswith(ORDER_REFERENCE_PREFIX) else "",
        )


def leaderboard_rows(context: ExportContext) -> Iterator[list[Any]]:
    scope = context.scope
    board = leaderboard(context.store, scope.actor, today=scope.today, period=scope.period, size=10_000)
    standings = list(board.top) + ([board.own] if board.own else [])
    for standing in standings:
        yield [
            standing.rank,
            standing.person.name,
            standing.actual,
            standing.target,
            float(standing.attainment),
        ]


def feedback_rows(context: ExportContext) -> Iterator[list[Any]]:
    scope, t = context.scope, context.t
    for answer in context.store.feedback_for_export(scope.person_ids, scope.period.start, scope.period.end):
        yield [
            answer.given_on,
            answer.customer,
            answer.person or "",
            answer.product or "",
            t(f"feedback.stage.{answer.stage}"),
            answer.score,
            answer.scale.upper(),
            answer.comment,
        ]


def training_rows(context: ExportContext) -> Iterator[list[Any]]:
    scope, t = context.scope, context.t
    for done in context.store.completions_for_export(scope.person_ids, scope.period.start, scope.period.end):
        on_time = done.completed_on <= done.due_on
        yield [
            done.person,
            done.title,
            t(f"training.topic.{done.topic}"),
            done.due_on,
            done.completed_on,
            t("excel.yes") if on_time else t("excel.no"),
        ]


def diagnosis_rows(context: ExportContext) -> Iterator[list[Any]]:
    store, scope, t = context.store, context.scope, context.t
    for diagnosis in store.diagnoses_for_export(scope.period.start, scope.period.end):
        subject = diagnosis_subject(store, diagnosis)
        if (subject.person is None and subject.team is None) or not may_diagnose(store, scope.actor, subject):
            continue
        if (
            scope.person_ids is not None
            and subject.scope == "person"
            and subject.person.id not in scope.person_ids
        ):
            continue
        if scope.team is not None and subject.scope == "team" and subject.team.id != scope.team.id:
            continue
        store.audit(
            actor_id=scope.actor.person_id,
            action="diagnosis.exported",
            entity="diagnosis",
            entity_id=diagnosis.id,
        )
        yield [
            subject.person.name if subject.scope == "person" else subject.team.name,
            diagnosis.period_key,
            context.name_of(diagnosis.started_by_id),
            t(f"excel.diagnosis_state.{diagnosis.state}"),
            t(f"diagnosis.step.{diagnosis.current_step}") if diagnosis.current_step else "",
            t(f"diagnosis.cause.{diagnosis.root_cause}") if diagnosis.root_cause else "",
            diagnosis.notes,
            diagnosis.follow_up_on,
            _day(diagnosis.concluded_at),
        ]


def _managers(scope: ExportScope) -> bool:
    return scope.manages


SUMMARY = register(
    SheetSpec(
        "summary",
        (
            ("excel.col.level", TEXT),
            ("excel.col.name", TEXT),
            ("excel.col.metric", TEXT),
            ("excel.col.period", TEXT),
            ("excel.col.product", TEXT),
            ("excel.col.target", MONEY),
            ("excel.col.actual", MONEY),
            ("excel.col.attainment", PERCENT),
            ("excel.col.expected", MONEY),
            ("excel.col.forecast", MONEY),
            ("excel.col.status", STATUS),
        ),
        summary_rows,
        chart=(2, 8),
        colours={key: tone for key, tone in _STATUS_TONES.items() if key.startswith("status.")},
    )
)
GOALS = register(
    SheetSpec(
        "goals",
        (
            ("excel.col.level", TEXT),
            ("excel.col.name", TEXT),
            ("excel.col.metric", TEXT),
            ("excel.col.period", TEXT),
            ("excel.col.starts", DATE),
            ("excel.col.ends", DATE),
            ("excel.col.product", TEXT),
            ("excel.col.target", MONEY),
            ("excel.col.previous_target", MONEY),
            ("excel.col.change", TEXT),
            ("excel.col.changed_on", DATE),
            ("excel.col.reason", TEXT),
            ("excel.col.reason_note", TEXT),
            ("excel.col.by", TEXT),
        ),
        goals_rows,
    )
)
SALES = register(
    SheetSpec(
        "sales",
        (
            ("excel.col.ordered", DATE),
            ("excel.col.person", TEXT),
            ("excel.col.product", TEXT),
            ("excel.col.customer", TEXT),
            ("excel.col.amount", MONEY, True),
            ("excel.col.units", NUMBER, True),
            ("excel.col.promised", DATE),
            ("excel.col.delivered", DATE),
            ("excel.col.followed_up", DATE),
            ("excel.col.status", STATUS),
            ("excel.col.delay_days", NUMBER),
            ("excel.col.lost_on", DATE),
            ("excel.col.lost_reason", TEXT),
            ("excel.col.lost_note", TEXT),
            ("excel.col.reference", TEXT),
        ),
        sales_rows,
        totals=True,
        colours={key: tone for key, tone in _STATUS_TONES.items() if key.startswith("excel.")},
    )
)
LEADERBOARD = register(
    SheetSpec(
        "leaderboard",
        (
            ("excel.col.rank", NUMBER),
            ("excel.col.person", TEXT),
            ("excel.col.actual", MONEY),
            ("excel.col.target", MONEY),
            ("excel.col.attainment", PERCENT),
        ),
        leaderboard_rows,
    )
)
FEEDBACK = register(
    SheetSpec(
        "feedback",
        (
            ("excel.col.given", DATE),
            ("excel.col.customer", TEXT),
            ("excel.col.person", TEXT),
            ("excel.col.product", TEXT),
            ("excel.col.stage", TEXT),
            ("excel.col.score", NUMBER),
            ("excel.col.scale", TEXT),
            ("excel.col.comment", TEXT),
        ),
        feedback_rows,
    )
)
TRAINING = register(
    SheetSpec(
        "training",
        (
            ("excel.col.person", TEXT),
            ("excel.col.training", TEXT),
            ("excel.col.topic", TEXT),
            ("excel.col.due", DATE),
            ("excel.col.completed", DATE),
            ("excel.col.on_time", TEXT),
        ),
        training_rows,
    )
)
DIAGNOSES = register(
    SheetSpec(
        "diagnoses",
        (
            ("excel.col.subject", TEXT),
            ("excel.col.period", TEXT),
            ("excel.col.manager", TEXT),
            ("excel.col.state", TEXT),
            ("excel.col.step", TEXT),
            ("excel.col.root_cause", TEXT),
            ("excel.col.notes", TEXT),
            ("excel.col.follow_up", DATE),
            ("excel.col.concluded", DATE),
        ),
        diagnosis_rows,
        may_see=_managers,
    )
)
