"""Progress against goals: actuals summed by the database, paced by ``salesbot.pacing``.

What a goal counts: sales not lost, ordered within its period, of its product if it has one.
A person goal counts that person's sales; a team goal its current members' (managers who are
not members do not count); a company goal every sale in the workspace. Revenue sums the
amounts, units the units, deals counts the sales.

Goals whose period has ended are closed (reached or missed) lazily, before any progress is
shown, so none stays open for ever. Pacing uses the workspace's mode (calendar or business
days; business days less its country's public holidays, ``salesbot.workdays``) and, for a
person's goal, leaves out their time off.

Who sees what: everyone sees themselves, the teams they are in or manage, and the company;
managers also see the people they manage, admins everyone. Team summaries name the people
behind pace only for those who manage the team (and admins); others see counts.

A team's people are counted the same way wherever they are shown (a team goal's summary, the
App Home): a member "has a goal" when they have a person goal overlapping the period shown
(today, when no period is asked for), and :func:`member_goal` picks the one that stands for
their pace.

The App Home (:func:`home_dashboard`) shows a person their own goals, their teams and, for
managers, each managed team's people by pace; an admin also sees the whole company
(:class:`CompanyView`): its goals, each team's status and everyone behind pace. The number of
queries does not grow with the company: every goal running today is read at once and sales are
summed per period, never per person or per team (only the team goals shown in full, those of the
person's own teams, add their coverage's queries).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Protocol

from salesbot.access import Actor, Role
from salesbot.errors import PermissionDenied
from salesbot.goals import (
    METRICS,
    Coverage,
    CoverageStore,
    Subject,
    goal_period,
    may_see,
    parse_goal_query,
    team_coverage,
)
from salesbot.pacing import MODES, Progress, compute_progress
from salesbot.periods import Period
from salesbot.products import ProductLookup
from salesbot.records import (
    AuditTrail,
    GoalFinder,
    GoalRecord,
    InWorkspace,
    PersonRecord,
    TeamRecord,
    WorkspaceRecord,
)
from salesbot.teams import TeamLookup, find_team, teams_of_actor
from salesbot.workdays import NO_COUNTRY, holiday_country, workdays_of

# Worst first: the order people are listed in, so those who need help come first.
STATUS_ORDER = ("missed", "at_risk", "behind", "on_track", "not_started", "ahead", "reached")
BEHIND = frozenset({"missed", "at_risk", "behind"})
NO_GOAL = "none"


# -- actuals and pacing ------------------------------------------------------------------------


@dataclass(frozen=True)
class SaleWindow:
    """The sales a goal counts: ordered within [start, end], of one product or all."""

    start: date
    end: date
    product_id: int | None = None


@dataclass(frozen=True)
class Totals:
    """Sales that were not lost, summed: revenue, units and the number of deals."""

    revenue: Decimal = Decimal(0)
    units: int = 0
    deals: int = 0

    def of(self, metric: str) -> Decimal:
        """The figure a goal of ``metric`` counts."""
        if metric == "revenue":
            return self.revenue
        if metric == "units":
            return Decimal(self.units)
        if metric == "deals":
            return Decimal(self.deals)
        raise ValueError(f"unknown metric {metric!r}")

    def __add__(self, other: Totals) -> Totals:
        return Totals(self.revenue + other.revenue, self.units + other.units, self.deals + other.deals)


class ActualsStore(Protocol):
    """Sales summed in the database, for goals' actuals."""

    def member_ids(self, team_ids: Iterable[int]) -> Mapping[int, set[int]]: ...
    def sale_total(self, window: SaleWindow) -> Totals: ...
    def sale_totals_by_person(
        self, window: SaleWindow, person_ids: Collection[int] | None = None
    ) -> Mapping[int, Totals]: ...


class PacingStore(ActualsStore, InWorkspace, Protocol):
    """Actuals, and the time off and pacing mode that set the expected pace."""

    def time_off_ranges(
        self, person_ids: Iterable[int], start: date, end: date
    ) -> Mapping[int, Sequence[tuple[date, date]]]: ...


class ClosingStore(ActualsStore, AuditTrail, Protocol):
    """Closing the goals whose period has ended."""

    def open_goals_ended_before(self, day: date) -> Sequence[GoalRecord]: ...
    def close_goal(self, goal: GoalRecord, *, status: str, actual: Decimal, closed_at: datetime) -> bool: ...


class GoalsForStore(Protocol):
    """Goals by subject and period, as progress and digests read them."""

    def goals_for(
        self,
        *,
        covering: date | None = None,
        within: tuple[date, date] | None = None,
        person_ids: Collection[int] = (),
        team_ids: Collection[int] = (),
        company: bool = False,
    ) -> Sequence[GoalRecord]: ...
    def people_by_ids(self, person_ids: Iterable[int]) -> Mapping[int, PersonRecord]: ...


class ProgressStore(
    GoalFinder, GoalsForStore, PacingStore, ClosingStore, CoverageStore, TeamLookup, ProductLookup, Protocol
):
    """What progress reports and the App Home need of the store."""


def window_of(goal: GoalRecord) -> SaleWindow:
    return SaleWindow(goal.period_start, goal.period_end, goal.product_id)


def goal_actuals(
    store: ActualsStore, goals: Iterable[GoalRecord], *, members: Mapping[int, set[int]] | None = None
) -> dict[int, Decimal]:
    """Each goal's actual so far, by goal id: one aggregate query per distinct period/product.

    ``members`` (team id → member ids) saves a query when the caller has them already.
    """
    goals = list(goals)
    team_ids = {goal.team_id for goal in goals if goal.scope == "team"}
    if members is None or not team_ids <= members.keys():
        members = store.member_ids(team_ids)
    people: dict[SaleWindow, set[int]] = defaultdict(set)
    company: set[SaleWindow] = set()
    for goal in goals:
        window = window_of(goal)
        if goal.scope == "company":
            company.add(window)
        elif goal.scope == "person":
            people[window].add(goal.person_id)
        else:
            people[window] |= members[goal.team_id]
    by_person = {window: store.sale_totals_by_person(window, ids) for window, ids in people.items()}
    whole = {window: store.sale_total(window) for window in company}
    actuals: dict[int, Decimal] = {}
    for goal in goals:
        window = window_of(goal)
        if goal.scope == "company":
            totals = whole[window]
        elif goal.scope == "person":
            totals = by_person[window].get(goal.person_id, Totals())
        else:
            totals = sum((by_person[window].get(p, Totals()) for p in members[goal.team_id]), Totals())
        actuals[goal.id] = totals.of(goal.metric)
    return actuals


def evaluate(
    store: PacingStore,
    goals: Iterable[GoalRecord],
    today: date,
    *,
    members: Mapping[int, set[int]] | None = None,
) -> dict[int, Progress]:
    """Progress of each goal on ``today``, by goal id, in a handful of queries for any number."""
    goals = list(goals)
    if not goals:
        return {}
    actuals = goal_actuals(store, goals, members=members)
    person_goals = [goal for goal in goals if goal.scope == "person"]
    time_off = (
        store.time_off_ranges(
            {goal.person_id for goal in person_goals},
            min(goal.period_start for goal in person_goals),
            max(goal.period_end for goal in person_goals),
        )
        if person_goals
        else {}
    )
    mode = store.workspace.pacing if store.workspace.pacing in MODES else "calendar"
    holidays = (
        workdays_of(store.workspace).days_off(
            min(goal.period_start for goal in goals), max(goal.period_end for goal in goals)
        )
        if mode == "business"
        else frozenset()
    )
    return {
        goal.id: compute_progress(
            target=goal.target,
            actual=actuals[goal.id],
            period_start=goal.period_start,
            period_end=goal.period_end,
            today=today,
            mode=mode,
            time_off=time_off.get(goal.person_id, ()) if goal.scope == "person" else (),
            holidays=holidays,
        )
        for goal in goals
    }


def close_ended_goals(store: ClosingStore, today: date, *, now: datetime | None = None) -> list[GoalRecord]:
    """Closes every open goal whose period ended before ``today`` as reached or missed.

    Cheap when there is nothing to close (one small query). A goal closed by a concurrent
    request is skipped, so each closing is audited once.
    """
    ended = store.open_goals_ended_before(today)
    if not ended:
        return []
    now = now or datetime.now(UTC)
    actuals = goal_actuals(store, ended)
    closed = []
    for goal in ended:
        actual = actuals[goal.id]
        status = "reached" if actual >= goal.target else "missed"
        if store.close_goal(goal, status=status, actual=actual, closed_at=now):
            store.audit(
                actor_id=None,
                action="goal.closed",
                entity="goal",
                entity_id=goal.id,
                status=status,
                actual=actual,
                target=goal.target,
                period=goal.period_key,
            )
            closed.append(goal)
    return closed


# -- what a report holds ------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonStatus:
    """One person's pace on one of their goals (or no goal)."""

    person: PersonRecord
    goal: GoalRecord | None = None
    progress: Progress | None = None

    @property
    def status(self) -> str:
        return self.progress.status if self.progress else NO_GOAL


def worst_first(statuses: Iterable[PersonStatus]) -> list[PersonStatus]:
    """Behind pace first (slowest pace first within a status), people without a goal last."""

    def key(item: PersonStatus):
        if item.progress is None:
            return (len(STATUS_ORDER), 0.0, item.person.name.casefold())
        pace = item.progress.pace_ratio if item.progress.pace_ratio is not None else item.progress.attainment
        return (STATUS_ORDER.index(item.status), pace, item.person.name.casefold())

    return sorted(statuses, key=key)


@dataclass(frozen=True)
class MemberSummary:
    """How a team's members stand on their own goals during a team goal."""

    counts: dict[str, int]  # status (or NO_GOAL) → people
    behind: list[PersonStatus]  # named only when the reader manages the team; worst first
    size: int
    period: Period | None = None  # the members' goals overlap it; None: the goals running today


@dataclass(frozen=True)
class GoalProgress:
    goal: GoalRecord
    progress: Progress
    product: str | None = None
    coverage: Coverage | None = None  # team goals: how the members' own goals within it add up
    members: MemberSummary | None = None  # team goals


@dataclass(frozen=True)
class Section:
    """The goals of one subject: a person, a team or the company."""

    scope: str  # person | team | company
    goals: list[GoalProgress]
    person: PersonRecord | None = None
    team: TeamRecord | None = None


@dataclass(frozen=True)
class ProgressReport:
    today: date
    period: Period | None  # None: the goals whose period includes today
    sections: list[Section]
    viewer_id: int
    explicit: bool  # a subject was asked for (an empty answer then names it)
    pacing: str = "calendar"
    viewer_role: Role = Role.REP  # who sets the viewer's own goals, when they have none
    holiday_country: str | None = None  # business-day pacing: whose public holidays are left out


@dataclass(frozen=True)
class TeamOverview:
    team: TeamRecord
    goals: list[GoalProgress]
    managed: bool
    people: list[PersonStatus] = field(default_factory=list)  # managed teams only, worst first


@dataclass(frozen=True)
class TeamStatus:
    """One team at a glance: the team goal that stands for its pace today (:func:`member_goal`
    picks it among the team's goals running today), and how its members stand on their own."""

    team_id: int
    name: str
    goal: GoalProgress | None
    size: int  # members
    behind: int  # members behind pace or at risk on their own goal


@dataclass(frozen=True)
class CompanyView:
    """What an admin sees of the whole company: its goals running today, every team, worst
    first, and everyone behind pace or at risk on their own goal, most behind first."""

    goals: list[GoalProgress]
    teams: list[TeamStatus]
    behind: list[PersonStatus]
    with_goal: int  # people with a goal of their own running today


@dataclass(frozen=True)
class Dashboard:
    """The App Home: a person's goals today, their teams, the people they manage and, for an
    admin, the company."""

    today: date
    goals: list[GoalProgress]
    teams: list[TeamOverview]  # managed teams first
    member_of: list[TeamRecord] = field(default_factory=list)
    manages: list[TeamRecord] = field(default_factory=list)
    company: CompanyView | None = None  # admins only


# -- reading the command ------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgressAsk:
    user_id: str | None = None
    team: TeamRecord | None = None
    company: bool = False
    period: Period | None = None


def read_progress_ask(store: TeamLookup, text: str, *, today: date, lang: str) -> ProgressAsk:
    """``[@user | team:NAME | company] [PERIOD]``: the grammar ``/sales goal list`` reads too."""
    query = parse_goal_query(text, lang=lang, today=today, team_names=store.team_names, area="progress")
    team = find_team(store, query.team_name, example="progress.example") if query.team_name else None
    return ProgressAsk(user_id=query.user_id, team=team, company=query.company, period=query.period)


# -- who may see what ---------------------------------------------------------------------------


def require_may_see(store: TeamLookup, actor: Actor, subject: Subject) -> None:
    """The goals' visibility rule (``salesbot.goals.may_see``), refused in progress's words."""
    if may_see(store, actor, subject):
        return
    if subject.scope == "team":
        raise PermissionDenied("progress.team_denied", team=subject.team.name)
    key = "progress.person_denied_manager" if actor.is_manager else "progress.person_denied"
    raise PermissionDenied(key, name=subject.person.name)


# -- building reports ---------------------------------------------------------------------------


def progress_report(
    store: ProgressStore,
    actor: Actor,
    *,
    today: date,
    person: PersonRecord | None = None,
    team: TeamRecord | None = None,
    company: bool = False,
    period: Period | None = None,
) -> ProgressReport:
    """Progress for one subject, or (none asked) for the actor, their teams and the company.

    Without a period: every goal whose period includes today; with one: the goals whose
    period lies within it.
    """
    close_ended_goals(store, today)
    member_of, manages = teams_of_actor(store, actor)
    managed_ids = {t.id for t in manages}
    subjects: list[tuple[str, PersonRecord | TeamRecord | None]]
    if person is not None:
        require_may_see(store, actor, Subject("person", person=person))
        subjects = [("person", person)]
    elif team is not None:
        require_may_see(store, actor, Subject("team", team=team))
        subjects = [("team", team)]
    elif company:
        subjects = [("company", None)]
    else:
        teams = {t.id: t for t in (*member_of, *manages)}
        subjects = [
            ("person", store.person(actor.person_id)),
            *[("team", t) for t in sorted(teams.values(), key=lambda t: t.name.casefold())],
            ("company", None),
        ]
    selection = {"covering": today} if period is None else {"within": (period.start, period.end)}
    goals = store.goals_for(
        **selection,
        person_ids=[s.id for kind, s in subjects if kind == "person"],
        team_ids=[s.id for kind, s in subjects if kind == "team"],
        company=any(kind == "company" for kind, _ in subjects),
    )
    assessed, _ = _assess(store, goals, today, period, actor=actor, named_teams=managed_ids)
    sections = []
    for kind, subject in subjects:
        mine = [
            item
            for item in assessed
            if item.goal.scope == kind
            and (
                kind == "company"
                or (kind == "person" and item.goal.person_id == subject.id)
                or (kind == "team" and item.goal.team_id == subject.id)
            )
        ]
        sections.append(
            Section(
                scope=kind,
                goals=mine,
                person=subject if kind == "person" else None,
                team=subject if kind == "team" else None,
            )
        )
    return ProgressReport(
        today=today,
        period=period,
        sections=sections,
        viewer_id=actor.person_id,
        explicit=person is not None or team is not None or company,
        pacing=store.workspace.pacing,
        viewer_role=actor.role,
        holiday_country=_holiday_country(store.workspace),
    )


def _holiday_country(workspace: WorkspaceRecord) -> str | None:
    country = holiday_country(workspace)
    return None if country == NO_COUNTRY else country


def home_dashboard(store: ProgressStore, actor: Actor, *, today: date) -> Dashboard:
    """The person's goals today, their teams' goals, each managed team's people by pace and,
    for an admin, the company (:class:`CompanyView`): in a fixed number of queries."""
    close_ended_goals(store, today)
    member_of, manages = teams_of_actor(store, actor)
    managed_ids = {t.id for t in manages}
    teams = {t.id: t for t in (*manages, *member_of)}
    progress: dict[int, Progress] | None = None
    if actor.is_admin:
        # Every goal running today, of every subject, in one query, and evaluated at once.
        running = list(store.goals_overlapping(today, today))
        team_names = store.team_names_by_id()
        members = store.member_ids(team_names.keys() | teams.keys())
        member_goals = _by_person(goal for goal in running if goal.scope == "person")
        progress = evaluate(store, running, today, members=members)
        goals = [
            goal
            for goal in running
            if (goal.scope == "person" and goal.person_id == actor.person_id)
            or (goal.scope == "team" and goal.team_id in teams)
        ]
    else:
        goals = store.goals_for(covering=today, person_ids=[actor.person_id], team_ids=list(teams))
        members = store.member_ids(teams)
        member_goals = _member_goals(store, members, today, None)
    assessed, progress = _assess(
        store,
        goals,
        today,
        None,
        actor=actor,
        named_teams=managed_ids,
        members=members,
        member_goals=member_goals,
        progress=progress,
    )
    headlines = {
        person_id: member_goal(person_goals, today=today) for person_id, person_goals in member_goals.items()
    }
    behind_ids = (
        {p for p, goal in headlines.items() if goal is not None and progress[goal.id].status in BEHIND}
        if actor.is_admin
        else set()
    )
    wanted = set().union(*[members[t] for t in managed_ids]) | behind_ids
    people = store.people_by_ids(wanted) if wanted else {}

    def status_of(person_id: int) -> PersonStatus:
        headline = headlines.get(person_id)
        return PersonStatus(
            person=people[person_id],
            goal=headline,
            progress=progress.get(headline.id) if headline else None,
        )

    overviews = []
    for team in sorted(teams.values(), key=lambda t: (t.id not in managed_ids, t.name.casefold())):
        statuses = [status_of(p) for p in members[team.id]] if team.id in managed_ids else []
        overviews.append(
            TeamOverview(
                team=team,
                goals=[
                    item for item in assessed if item.goal.scope == "team" and item.goal.team_id == team.id
                ],
                managed=team.id in managed_ids,
                people=worst_first(statuses),
            )
        )
    company = None
    if actor.is_admin:
        company = _company_view(
            store,
            running,
            progress,
            team_names=team_names,
            members=members,
            headlines=headlines,
            behind=[status_of(p) for p in behind_ids if p in people],
            today=today,
        )
    return Dashboard(
        today=today,
        goals=[item for item in assessed if item.goal.scope == "person"],
        teams=overviews,
        member_of=member_of,
        manages=manages,
        company=company,
    )


def _company_view(
    store: ProgressStore,
    running: Sequence[GoalRecord],
    progress: Mapping[int, Progress],
    *,
    team_names: Mapping[int, str],
    members: Mapping[int, set[int]],
    headlines: Mapping[int, GoalRecord | None],
    behind: list[PersonStatus],
    today: date,
) -> CompanyView:
    """The company's goals, each team's status and who is behind, from goals already evaluated."""
    company_goals = [goal for goal in running if goal.scope == "company"]
    team_goals: dict[int, list[GoalRecord]] = defaultdict(list)
    for goal in running:
        if goal.scope == "team":
            team_goals[goal.team_id].append(goal)
    team_headlines = {team_id: member_goal(goals, today=today) for team_id, goals in team_goals.items()}
    shown = [*company_goals, *(goal for goal in team_headlines.values() if goal is not None)]
    products = (
        {p.id: p.name for p in store.products(include_retired=True)}
        if any(goal.product_id for goal in shown)
        else {}
    )

    def assessed(goal: GoalRecord) -> GoalProgress:
        return GoalProgress(goal=goal, progress=progress[goal.id], product=products.get(goal.product_id))

    behind_ids = {item.person.id for item in behind}
    teams = [
        TeamStatus(
            team_id=team_id,
            name=name,
            goal=assessed(team_headlines[team_id]) if team_headlines.get(team_id) else None,
            size=len(members.get(team_id, ())),
            behind=len(members.get(team_id, set()) & behind_ids),
        )
        for team_id, name in team_names.items()
    ]
    return CompanyView(
        # The shortest period first, as the other goals are shown.
        goals=[
            assessed(g) for g in sorted(company_goals, key=lambda g: (g.period_end - g.period_start, g.id))
        ],
        teams=sorted(teams, key=_team_order),
        behind=worst_first(behind),
        with_goal=sum(1 for goal in headlines.values() if goal is not None),
    )


def _team_order(status: TeamStatus):
    """Teams whose goal is furthest behind first, then teams without a team goal (those with
    the most people behind first), each by name."""
    name = status.name.casefold()
    if status.goal is None:
        return (len(STATUS_ORDER), 0.0, -status.behind, name)
    progress = status.goal.progress
    pace = progress.pace_ratio if progress.pace_ratio is not None else progress.attainment
    return (STATUS_ORDER.index(progress.status), pace, -status.behind, name)


def member_goal(
    goals: Sequence[GoalRecord], *, today: date, like: GoalRecord | None = None
) -> GoalRecord | None:
    """The goal that stands for a member's pace among their person ``goals``: with ``like`` (a
    team goal), only those overlapping its period, its metric then its product first; then the
    one running today, the shortest period, revenue first, all products before one product."""
    if like is not None:
        goals = [g for g in goals if g.period_start <= like.period_end and g.period_end >= like.period_start]
    if not goals:
        return None
    return min(
        goals,
        key=lambda g: (
            like is not None and g.metric != like.metric,
            like is not None and g.product_id != like.product_id,
            not g.period_start <= today <= g.period_end,
            (g.period_end - g.period_start).days,
            METRICS.index(g.metric) if g.metric in METRICS else len(METRICS),
            g.product_id is not None,
            g.id,
        ),
    )


def members_behind(store: ProgressStore, team_id: int, period: Period, *, today: date) -> list[PersonStatus]:
    """A team's members behind pace or at risk on their own goal during ``period``, most behind
    first: the figures progress shows, for a team diagnosis's individual follow-up."""
    return behind_in_teams(store, [team_id], period, today=today)


def behind_in_teams(
    store: ProgressStore, team_ids: Collection[int], period: Period, *, today: date
) -> list[PersonStatus]:
    """The members of ``team_ids`` behind pace or at risk on their own goal during ``period``,
    each once, most behind first (a digest's people behind: a team's, or every team's)."""
    members = store.member_ids(list(team_ids))
    everyone = set().union(*members.values()) if members else set()
    goals = _member_goals(store, {0: everyone}, today, period)
    picked = {
        person_id: goal
        for person_id in everyone
        if (goal := member_goal(goals.get(person_id, []), today=today)) is not None
    }
    progress = evaluate(store, picked.values(), today, members=members)
    people = store.people_by_ids(picked)
    statuses = [
        PersonStatus(person=people[p], goal=goal, progress=progress[goal.id])
        for p, goal in picked.items()
        if p in people
    ]
    return [item for item in worst_first(statuses) if item.status in BEHIND]


def _member_goals(
    store: ProgressStore, members: Mapping[int, set[int]], today: date, period: Period | None
) -> dict[int, list[GoalRecord]]:
    """Each member's person goals overlapping ``period``, or running ``today`` when it is None."""
    everyone = set().union(*members.values()) if members else set()
    if not everyone:
        return {}
    start, end = (period.start, period.end) if period is not None else (today, today)
    return _by_person(
        store.goals_overlapping(start, end, person_ids=everyone, team_ids=(), include_company=False)
    )


def _by_person(goals: Iterable[GoalRecord]) -> dict[int, list[GoalRecord]]:
    by_person: dict[int, list[GoalRecord]] = defaultdict(list)
    for goal in goals:
        by_person[goal.person_id].append(goal)
    return by_person


def _assess(
    store: ProgressStore,
    goals: Sequence[GoalRecord],
    today: date,
    period: Period | None,
    *,
    actor: Actor,
    named_teams: set[int],
    members: Mapping[int, set[int]] | None = None,
    member_goals: Mapping[int, list[GoalRecord]] | None = None,
    progress: Mapping[int, Progress] | None = None,
) -> tuple[list[GoalProgress], dict[int, Progress]]:
    """Progress of ``goals`` in a fixed number of queries; team goals get coverage and a
    summary of their members' own goals during ``period`` (None: running today). Also returns
    the progress of every member goal (``progress``, when the caller evaluated them already)."""
    team_ids = {g.team_id for g in goals if g.scope == "team"}
    if members is None:
        members = store.member_ids(team_ids)
    if member_goals is None:
        member_goals = _member_goals(store, {t: members[t] for t in team_ids}, today, period)
    if progress is None:
        every_goal = {g.id: g for g in goals} | {g.id: g for gs in member_goals.values() for g in gs}
        progress = evaluate(store, every_goal.values(), today, members=members)
    progress = dict(progress)
    products = (
        {p.id: p.name for p in store.products(include_retired=True)}
        if any(g.product_id for g in goals)
        else {}
    )
    people = store.people_by_ids({p for t in team_ids for p in members[t]}) if team_ids else {}
    order = {"person": 0, "team": 1, "company": 2}
    assessed = []
    for goal in sorted(goals, key=lambda g: (order.get(g.scope, 3), g.period_end - g.period_start, g.id)):
        summary = coverage = None
        if goal.scope == "team":
            coverage = team_coverage(store, goal)
            summary = _summary(
                goal,
                [people[p] for p in members[goal.team_id]],
                member_goals,
                progress,
                today=today,
                period=None if period is None else goal_period(goal),
                named=goal.team_id in named_teams or actor.is_admin,
            )
        assessed.append(
            GoalProgress(
                goal=goal,
                progress=progress[goal.id],
                product=products.get(goal.product_id),
                coverage=coverage,
                members=summary,
            )
        )
    return assessed, progress


def _summary(
    team_goal: GoalRecord,
    people: Sequence[PersonRecord],
    member_goals: Mapping[int, list[GoalRecord]],
    progress: Mapping[int, Progress],
    *,
    today: date,
    period: Period | None,
    named: bool,
) -> MemberSummary:
    statuses = []
    for person in people:
        match = member_goal(member_goals.get(person.id, []), today=today, like=team_goal)
        statuses.append(
            PersonStatus(person=person, goal=match, progress=progress.get(match.id) if match else None)
        )
    counts: dict[str, int] = defaultdict(int)
    for item in statuses:
        counts[item.status] += 1
    behind = [item for item in worst_first(statuses) if item.status in BEHIND] if named else []
    return MemberSummary(counts=dict(counts), behind=behind, size=len(statuses), period=period)
