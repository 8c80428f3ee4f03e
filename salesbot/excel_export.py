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
  (``salesbot.diagnosis.may_diagnose``); a diagnosis exported is audited;
- kudos: those the reader may read (``salesbot.kudos.may_see``: shown in public, or given by or
  to them or their people); ``team:NAME`` narrows to kudos given or received in the team;
- rewards: the nominations the reader may see (``salesbot.rewards.whose_rewards``: a rep their
  own, a manager their people's, an admin everyone's), pending ones too, of the budget periods
  the export's period overlaps (``salesbot.rewards.counts_in``); no budgets;
- coaching: managers and admins only, and only the plans of people they may coach
  (``salesbot.coaching.plans_to_export``: never their own), each audited as it is read.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Protocol

from salesbot import coaching, kudos, rewards, workbooks
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
from salesbot.segments import segment_label
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
    def segments(self) -> Sequence[Any]: ...
    def kudos_for_export(self, start: date, end: date) -> Iterator: ...
    def rewards(self, *, include_retired: bool = False) -> Sequence[Any]: ...
    def nominations_for_export(self, person_ids: Collection[int] | None) -> list[Any]: ...
    def coaching_plans_for_export(self, start: date, end: date) -> list[Any]: ...
    def coaching_check_ins_of(self, plan_ids: Collection[int]) -> dict[int, list[Any]]: ...
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
    _people: dict[int, PersonRecord | None] | None = None

    def t(self, key: str) -> str:
        return self.fmt.t(key)

    def person(self, person_id: int | None) -> PersonRecord | None:
        if person_id is None:
            return None
        if self._people is None:
            self._people = {person.id: person for person in self.store.people()}
        if person_id not in self._people:
            self._people[person_id] = self.store.person(person_id)
        return self._people[person_id]

    def name_of(self, person_id: int | None) -> str:
        person = self.person(person_id)
        return person.name if person is not None else ""


# -- reading the command ---------------------------------------------------------------------


def plan_export(store: ExportStore, actor: Actor, text: str, *, today: date) -> ExportScope:
    """``[PERIOD] [team:NAME]``: the period (none: the workspace's default, today's) and whose data."""
    query = parse_goal_query(text, lang=actor.lang, today=today, team_names=store.team_names, area="export")
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
_REWARD_TONES = {
    "excel.reward_status.approved": "good",
    "excel.reward_status.pending": "neutral",
    "excel.reward_status.declined": "bad",
}
_COACHING_TONES = {
    "excel.coaching_status.improved": "good",
    "excel.coaching_status.extended": "neutral",
    "excel.coaching_status.escalated": "bad",
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
    # Read as the list is (never seeded here: an export writes nothing but its audit), retired
    # ones too, named as the reader's segment list names them: one lookup a row.
    segments = {segment.id: segment_label(segment, context.fmt.lang) for segment in context.store.segments()}
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
            segments.get(sale.segment_id, ""),
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


def kudos_rows(context: ExportContext) -> Iterator[list[Any]]:
    store, scope, t = context.store, context.scope, context.t
    context.person(scope.actor.person_id)  # everyone read now, not one query at a time mid-stream
    team = scope.person_ids if scope.team is not None else None
    shown = {True: t("excel.kudos_shown.public"), False: t("excel.kudos_shown.private")}
    for given in store.kudos_for_export(scope.period.start, scope.period.end):
        if team is not None and given.giver_id not in team and given.receiver_id not in team:
            continue
        receiver = context.person(given.receiver_id)
        if not kudos.may_see(scope.actor, given, receiver):
            continue
        yield [
            given.given_on,
            context.name_of(given.giver_id),
            receiver.name if receiver is not None else "",
            given.reason,
            shown[receiver is not None and kudos.is_public(receiver)],
        ]


def reward_rows(context: ExportContext) -> Iterator[list[Any]]:
    store, scope, t = context.store, context.scope, context.t
    whose = rewards.whose_rewards(scope.actor)
    if scope.person_ids is not None:
        whose = sorted(scope.person_ids if whose is None else set(whose) & scope.person_ids)
    catalog = {reward.id: reward for reward in store.rewards(include_retired=True)}
    for nomination in store.nominations_for_export(whose):
        if not rewards.counts_in(nomination, scope.period):
            continue
        reward = catalog.get(nomination.reward_id)
        # What it costs: its own amount, else the reward's value (a bigger office may have none).
        value = nomination.value if nomination.value is not None else reward.value if reward else None
        approved = nomination.status == rewards.APPROVED
        yield [
            _day(nomination.created_at),
            context.name_of(nomination.person_id),
            reward.name if reward is not None else "",
            t(f"rewards.kind.{reward.kind}") if reward is not None else "",
            nomination.achievement,
            nomination.reason,
            context.name_of(nomination.nominated_by_id),
            value,
            nomination.days,
            t(f"excel.reward_status.{nomination.status}"),
            _day(nomination.decided_at),
            context.name_of(nomination.decided_by_id),
            nomination.note,
            value if approved else None,
        ]


def coaching_rows(context: ExportContext) -> Iterator[list[Any]]:
    store, scope, t, fmt = context.store, context.scope, context.t, context.fmt
    plans = [
        plan
        for plan in store.coaching_plans_for_export(scope.period.start, scope.period.end)
        if scope.person_ids is None or plan.person_id in scope.person_ids
    ]
    check_ins = store.coaching_check_ins_of([plan.id for plan in plans])
    for view in coaching.plans_to_export(store, scope.actor, plans, check_ins):
        plan = view.plan
        done = [check_in for check_in in view.check_ins if check_in.done_on is not None]
        steps = next((c for c in reversed(done) if c.next_steps), None)
        following = view.next_check_in
        yield [
            view.person.name,
            context.name_of(plan.manager_id),
            ", ".join(
                [t(f"coaching.focus.{area}") for area in plan.focus_areas]
                + ([plan.focus_note] if plan.focus_note else [])
            ),
            t(f"coaching.cadence.{plan.cadence}"),
            plan.starts_on,
            plan.ends_on,
            t(f"excel.coaching_status.{_coaching_status(plan)}"),
            plan.ended_on,
            t(f"coaching.escalation.{plan.escalation}") if plan.escalation else "",
            len(done),
            following.due_on if following is not None else None,
            steps.next_steps if steps is not None else "",
            "\n".join(f"{fmt.date(c.done_on)}: {c.notes}" for c in done if c.notes),
            plan.outcome_note,
        ]


def _coaching_status(plan: Any) -> str:
    if plan.state == coaching.OPEN:
        return coaching.EXTENDED if plan.outcome == coaching.EXTENDED else "open"
    return plan.outcome or "closed"


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
            ("excel.col.segment", TEXT),
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
KUDOS = register(
    SheetSpec(
        "kudos",
        (
            ("excel.col.given", DATE),
            ("excel.col.from", TEXT),
            ("excel.col.to", TEXT),
            ("excel.col.reason", TEXT),
            ("excel.col.shown", TEXT),
        ),
        kudos_rows,
    )
)
REWARDS = register(
    SheetSpec(
        "rewards",
        (
            ("excel.col.nominated", DATE),
            ("excel.col.person", TEXT),
            ("excel.col.reward", TEXT),
            ("excel.col.kind", TEXT),
            ("excel.col.achievement", TEXT),
            ("excel.col.reason", TEXT),
            ("excel.col.nominated_by", TEXT),
            ("excel.col.value", MONEY),
            ("excel.col.days", NUMBER),
            ("excel.col.status", STATUS),
            ("excel.col.decided", DATE),
            ("excel.col.decided_by", TEXT),
            ("excel.col.decision_note", TEXT),
            ("excel.col.awarded", MONEY, True),
        ),
        reward_rows,
        totals=True,
        colours=_REWARD_TONES,
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
COACHING = register(
    SheetSpec(
        "coaching",
        (
            ("excel.col.person", TEXT),
            ("excel.col.manager", TEXT),
            ("excel.col.focus", TEXT),
            ("excel.col.cadence", TEXT),
            ("excel.col.started", DATE),
            ("excel.col.ends", DATE),
            ("excel.col.status", STATUS),
            ("excel.col.closed", DATE),
            ("excel.col.escalation", TEXT),
            ("excel.col.check_ins", NUMBER),
            ("excel.col.next_check_in", DATE),
            ("excel.col.next_steps", TEXT),
            ("excel.col.private_notes", TEXT),
            ("excel.col.outcome_note", TEXT),
        ),
        coaching_rows,
        may_see=_managers,
        colours=_COACHING_TONES,
    )
)
