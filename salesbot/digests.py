"""What a digest contains: the sections chosen for a schedule, filled from the data of one day.

A digest covers a subject: the company, a team (both posted in a channel) or one person (by
DM). Its sections, in this order:

- ``progress``: the subject's goals running that day, with pacing, and how many of its people
  stand where (counts only: a channel never names who is behind);
- ``leaderboard``: the top N by attainment against revenue goals in the reported period, as
  ``/sales leaderboard`` ranks them (ties share a rank), among the subject's people; a personal
  digest shows the reader's own place instead;
- ``reached``: the people who have reached their revenue goal for the period;
- ``delays``: the period's orders delivered late and those overdue now;
- ``lost``: deals lost in the period, by reason;
- ``working``, ``feedback``, ``training``, ``kudos``, ``goal_talks``: what's working, the
  customer feedback summary, training completion, the kudos of the period and who has not
  acknowledged their goals. Their data arrives with later features, which register a source in
  ``EXTRA_SOURCES``; a section without a source or without data is left out;
- ``chart``: progress against the expected pace, per goal and per team or person (a PNG).

People who opted out of public rankings are left out of every list and chart a channel sees;
a person's own digest still shows them their own place.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol

from salesbot.goals import CoverageStore, Subject, team_coverage
from salesbot.leaderboard import Standing, counted_goals, rank, rankable
from salesbot.pacing import Progress
from salesbot.periods import Period, current_period
from salesbot.products import ProductLookup
from salesbot.progress import (
    STATUS_ORDER,
    ClosingStore,
    GoalProgress,
    GoalsForStore,
    PacingStore,
    close_ended_goals,
    evaluate,
)
from salesbot.records import GoalRecord, PersonRecord

SECTIONS = (
    "progress",
    "leaderboard",
    "reached",
    "delays",
    "lost",
    "working",
    "feedback",
    "training",
    "kudos",
    "goal_talks",
    "chart",
)
# Sections whose data comes with later features: shown only when a source gives data.
LATER_SECTIONS = ("working", "feedback", "training", "kudos", "goal_talks")
PERSONAL_SECTIONS = ("progress", "leaderboard", "delays", "chart")
TOP_SIZES = (3, 5, 10, 15, 20)
DEFAULT_TOP = 5
# Bars on a chart: beyond this it stops being readable on a phone.
CHART_BARS = 12


@dataclass(frozen=True)
class Extra:
    """A later feature's section: its lines, already in the reader's words (mrkdwn). The
    section's title is ``digest.section.<key>``; long sections are cut at whole lines."""

    lines: list[str]


# section key → source(store, subject, period, day, lang) → Extra or None when it has no data.
ExtraSource = Callable[[object, Subject, Period, date, str], Extra | None]
EXTRA_SOURCES: dict[str, ExtraSource] = {}


def offered_sections() -> tuple[str, ...]:
    """The sections a schedule may choose: a later feature's only once it registers its source,
    so the form never offers (and ticks) a section that could not show anything."""
    return tuple(s for s in SECTIONS if s not in LATER_SECTIONS or s in EXTRA_SOURCES)


@dataclass(frozen=True)
class LostReason:
    reason: str
    deals: int
    amount: Decimal


@dataclass(frozen=True)
class DelayFigures:
    """Orders placed in a period: how many, delivered late, and still overdue."""

    orders: int
    delivered: int
    delivered_late: int
    days_late: int  # summed over the late deliveries
    overdue: int  # not delivered, promised before today, not lost

    @property
    def average_days_late(self) -> float:
        return self.days_late / self.delivered_late if self.delivered_late else 0.0


@dataclass(frozen=True)
class DigestStore(GoalsForStore, PacingStore, ClosingStore, CoverageStore, ProductLookup, Protocol):
    """What collecting a digest needs of the store."""

    def person_goals_within(self, start: date, end: date, *, metric: str) -> Sequence[GoalRecord]: ...
    def team_names_by_id(self) -> Mapping[int, str]: ...
    def delivery_figures(
        self, start: date, end: date, today: date, person_ids: Collection[int] | None = None
    ) -> DelayFigures: ...
    def lost_by_reason(
        self, start: date, end: date, person_ids: Collection[int] | None = None
    ) -> list[LostReason]: ...


@dataclass(frozen=True)
class PersonStanding:
    """One person's attainment against their counted revenue goals in the period."""

    standing: Standing
    status: str  # the worst status among their counted goals
    expected: float  # the share of their target expected by now


@dataclass(frozen=True)
class Bar:
    """One bar of the chart: how far along (attainment) against how far it should be (expected)."""

    label: str  # a team's or person's name; empty for one of the subject's own goals
    attainment: float
    expected: float
    status: str
    metric: str | None = None  # the subject's own goals: revenue | units | deals
    product: str | None = None


@dataclass
class Digest:
    subject: Subject
    day: date
    period: Period
    sections: tuple[str, ...]
    top_n: int = DEFAULT_TOP
    goals: list[GoalProgress] = field(default_factory=list)
    status_counts: dict[str, int] = field(default_factory=dict)
    top: list[Standing] = field(default_factory=list)
    ranked: int = 0
    own: Standing | None = None  # a personal digest: the reader's place
    reached: list[str] = field(default_factory=list)  # names
    delays: DelayFigures | None = None
    lost: list[LostReason] = field(default_factory=list)
    extras: dict[str, Extra] = field(default_factory=dict)
    bars: list[Bar] = field(default_factory=list)
    hidden_bars: int = 0

    def shows(self, section: str) -> bool:
        return section in self.sections

    @property
    def has_chart(self) -> bool:
        return self.shows("chart") and bool(self.bars)


def reported_period(kind: str | None, workspace_default: str, day: date) -> Period:
    """The period a digest reports on: the schedule's kind, else the workspace's default."""
    chosen = kind if kind in ("month", "quarter", "year") else workspace_default
    return current_period(chosen if chosen in ("month", "quarter", "year") else "month", day)


def collect(
    store: DigestStore,
    subject: Subject,
    *,
    day: date,
    period: Period,
    sections: Collection[str],
    top_n: int = DEFAULT_TOP,
    lang: str = "en",
    now: datetime | None = None,
) -> Digest:
    """The digest of ``subject`` on ``day``: a fixed number of aggregate queries for any team size."""
    order = PERSONAL_SECTIONS if subject.scope == "person" else SECTIONS
    chosen = tuple(s for s in order if s in sections)
    digest = Digest(subject=subject, day=day, period=period, sections=chosen, top_n=top_n)
    close_ended_goals(store, day, now=now)
    people = _people_of(store, subject)
    if {"progress", "chart"} & set(chosen):
        digest.goals = _subject_goals(store, subject, day)
    standings: list[PersonStanding] = []
    if {"progress", "leaderboard", "reached", "chart"} & set(chosen):
        # A person's place is among everyone, as the leaderboard would show it to them.
        ranked = None if subject.scope == "person" else people
        standings = _standings(store, period, day, ranked, viewer=subject.person)
        _fill_people(digest, standings, subject)
    person_ids = None if people is None else set(people)
    if "delays" in chosen:
        digest.delays = store.delivery_figures(period.start, period.end, day, person_ids)
    if "lost" in chosen:
        digest.lost = store.lost_by_reason(period.start, period.end, person_ids)
    for key in LATER_SECTIONS:
        source = EXTRA_SOURCES.get(key)
        if key in chosen and source is not None and (extra := source(store, subject, period, day, lang)):
            digest.extras[key] = extra
    if "chart" in chosen:
        _fill_bars(store, digest, standings)
    return digest


def _people_of(store: DigestStore, subject: Subject) -> Mapping[int, PersonRecord] | None:
    """The people a digest ranks and counts, by id; None means the whole workspace."""
    if subject.scope == "company":
        return None
    if subject.scope == "team":
        ids = store.member_ids([subject.team.id])[subject.team.id]
        return store.people_by_ids(ids)
    return {subject.person.id: subject.person}


def _subject_goals(store: DigestStore, subject: Subject, day: date) -> list[GoalProgress]:
    if subject.scope == "company":
        goals = store.goals_for(covering=day, company=True)
    elif subject.scope == "team":
        goals = store.goals_for(covering=day, team_ids=[subject.team.id])
    else:
        goals = store.goals_for(covering=day, person_ids=[subject.person.id])
    progress = evaluate(store, goals, day)
    products = (
        {p.id: p.name for p in store.products(include_retired=True)}
        if any(g.product_id for g in goals)
        else {}
    )
    return [
        GoalProgress(
            goal=goal,
            progress=progress[goal.id],
            product=products.get(goal.product_id),
            coverage=team_coverage(store, goal) if goal.scope == "team" else None,
        )
        for goal in goals
    ]


def _standings(
    store: DigestStore,
    period: Period,
    day: date,
    people: Mapping[int, PersonRecord] | None,
    *,
    viewer: PersonRecord | None = None,
) -> list[PersonStanding]:
    """Everyone's attainment against their counted revenue goals, ranked as the leaderboard ranks.

    Like ``salesbot.leaderboard`` but without a reader: a channel has none, so only people who
    allow public rankings are in it (a personal digest's reader is, whatever their choice).
    """
    if people is None:
        goals = store.person_goals_within(period.start, period.end, metric="revenue")
    else:
        goals = [
            goal
            for goal in store.goals_for(within=(period.start, period.end), person_ids=people)
            if goal.metric == "revenue"
        ]
    by_person: dict[int, list[GoalRecord]] = defaultdict(list)
    for goal in goals:
        by_person[goal.person_id].append(goal)
    found = people if people is not None else store.people_by_ids(by_person)
    viewer_id = viewer.id if viewer is not None else None
    counted = {
        person_id: counted_goals(goals, today=day)
        for person_id, goals in by_person.items()
        if (person := found.get(person_id)) is not None and rankable(person, viewer_id)
    }
    progress = evaluate(store, [goal for goals in counted.values() for goal in goals], day)
    standings = rank(
        (
            sum((progress[goal.id].actual for goal in goals), Decimal(0)),
            sum((goal.target for goal in goals), Decimal(0)),
            found[person_id],
        )
        for person_id, goals in counted.items()
    )
    extra = {}
    for person_id, goals in counted.items():
        target = sum((goal.target for goal in goals), Decimal(0))
        expected = sum(progress[g.id].elapsed_share * float(g.target) for g in goals) / float(target)
        extra[person_id] = (_worst(progress[goal.id] for goal in goals), expected)
    return [PersonStanding(standing, *extra[standing.person.id]) for standing in standings]


def _worst(progresses: Iterable[Progress]) -> str:
    return min((p.status for p in progresses), key=STATUS_ORDER.index)


def _fill_people(digest: Digest, standings: list[PersonStanding], subject: Subject) -> None:
    counts: dict[str, int] = defaultdict(int)
    for item in standings:
        counts[item.status] += 1
    digest.status_counts = dict(counts)
    digest.ranked = len(standings)
    if subject.scope == "person":
        digest.own = next((s.standing for s in standings if s.standing.person.id == subject.person.id), None)
        return
    digest.top = [s.standing for s in standings if s.standing.rank <= digest.top_n]
    digest.reached = [s.standing.person.name for s in standings if s.standing.attainment >= 1]


def _fill_bars(store: DigestStore, digest: Digest, members: list[PersonStanding]) -> None:
    """The chart: the subject's goals first, then its teams (company) or people (team, or a
    company whose teams have no goals), best first."""
    bars = [
        Bar(
            "",
            item.progress.attainment,
            item.progress.elapsed_share,
            item.progress.status,
            metric=item.goal.metric,
            product=item.product,
        )
        for item in digest.goals
    ]
    if digest.subject.scope == "company":
        names = store.team_names_by_id()
        team_goals = store.goals_for(covering=digest.day, team_ids=list(names))
        progress = evaluate(store, team_goals, digest.day)
        # One bar per team: its revenue goal over all products when it has one.
        chosen: dict[int, GoalRecord] = {}
        for goal in sorted(team_goals, key=lambda g: (g.metric != "revenue", g.product_id is not None, g.id)):
            chosen.setdefault(goal.team_id, goal)
        for goal in sorted(chosen.values(), key=lambda g: -progress[g.id].attainment):
            result = progress[goal.id]
            bars.append(Bar(names[goal.team_id], result.attainment, result.elapsed_share, result.status))
    no_team_bars = digest.subject.scope == "company" and len(bars) == len(digest.goals)
    if digest.subject.scope == "team" or no_team_bars:
        for item in members:  # best first; people who opted out of rankings are not in it
            bars.append(
                Bar(item.standing.person.name, float(item.standing.attainment), item.expected, item.status)
            )
    digest.bars = bars[:CHART_BARS]
    digest.hidden_bars = max(len(bars) - CHART_BARS, 0)
