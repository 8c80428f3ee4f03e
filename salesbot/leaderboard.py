"""The leaderboard: people ranked by how far their sales have come against their revenue goals.

Which goals count, for a period P: a person's revenue goals whose period lies within P and
has started by today. A goal yet to start counts neither its target nor its sales (nothing of
it is expected yet), so a December goal does not pull down someone's Q4 attainment in
November. When they have goals for all products, their product goals are left out (those
sales are in the all-products goal already); a goal inside a longer counted goal (November
inside Q4) is left out too. Attainment is then the sum of the counted goals' actuals over the sum of their
targets, so someone with only product goals is ranked on those together. People without a
revenue goal in P are not ranked.

Ranks are shared on equal attainment, to a tenth of a percent, as in sport (1, 1, 3).

People who opted out of public rankings are left out of everyone's leaderboard but their own:
ranks are counted among the people the reader sees, so no gap gives away someone hidden, and
the opted-out reader sees where they would stand.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

from salesbot.access import Actor
from salesbot.goals import default_period
from salesbot.periods import Period, parse_period
from salesbot.progress import ClosingStore, close_ended_goals, goal_actuals
from salesbot.records import GoalRecord, InWorkspace, PersonRecord

TOP = 10
# Ties at the last place shown are all shown, up to this many lines.
MAX_SHOWN = 25
_TENTH_OF_A_PERCENT = Decimal("0.001")


class LeaderboardStore(ClosingStore, InWorkspace, Protocol):
    """What ranking people needs of the store."""

    def person(self, person_id: int) -> PersonRecord | None: ...
    def person_goals_within(self, start: date, end: date, *, metric: str) -> Sequence[GoalRecord]: ...
    def people_by_ids(self, person_ids: Iterable[int]) -> Mapping[int, PersonRecord]: ...


@dataclass(frozen=True)
class Standing:
    rank: int
    person: PersonRecord
    attainment: Decimal  # 1.053 is 105.3 %
    actual: Decimal
    target: Decimal


@dataclass(frozen=True)
class Leaderboard:
    period: Period
    top: list[Standing]
    own: Standing | None  # the reader's standing when it is not in ``top``
    viewer_id: int
    viewer_public: bool
    ranked: int  # people ranked, as the reader sees them
    starts: date | None = None  # nobody ranked yet: the day the first goal of the period starts


def read_period(store: InWorkspace, text: str, *, today: date, lang: str) -> Period:
    """The period asked for; none asked: the workspace's default kind of period, today's."""
    text = text.strip()
    if not text:
        return default_period(store, today)
    return parse_period(text, today=today, lang=lang)


def rankable(person: PersonRecord, viewer_id: int | None) -> bool:
    """Whether ``person`` appears in a ranking read by ``viewer_id`` (None: a channel's readers).

    Someone who opted out of public rankings is ranked only where they read it themselves.
    """
    return not person.deleted and not person.is_bot and (person.public_ranking or person.id == viewer_id)


def counted_goals(goals: Sequence[GoalRecord], *, today: date | None = None) -> list[GoalRecord]:
    """One person's revenue goals that count towards their attainment (see the module doc);
    with ``today``, goals that start after it are left out."""
    if today is not None:
        goals = [goal for goal in goals if goal.period_start <= today]
    whole = [goal for goal in goals if goal.product_id is None]
    chosen = whole or goals
    return [
        goal
        for goal in chosen
        if not any(
            other.period_start <= goal.period_start
            and goal.period_end <= other.period_end
            and (other.period_start, other.period_end) != (goal.period_start, goal.period_end)
            for other in chosen
        )
    ]


def _first_start(goals_by_person: Iterable[Sequence[GoalRecord]], today: date) -> date | None:
    """The day the first goal still to start begins, if any."""
    return min(
        (g.period_start for goals in goals_by_person for g in goals if g.period_start > today), default=None
    )


def rank(results: Iterable[tuple[Decimal, Decimal, PersonRecord]]) -> list[Standing]:
    """(actual, target, person) triples ranked by attainment, best first; ties share a rank."""
    scored = sorted(
        (
            ((actual / target).quantize(_TENTH_OF_A_PERCENT, rounding=ROUND_HALF_UP), actual, target, person)
            for actual, target, person in results
        ),
        key=lambda entry: (-entry[0], entry[3].name.casefold(), entry[3].id),
    )
    standings: list[Standing] = []
    for index, (attainment, actual, target, person) in enumerate(scored):
        tied = standings and standings[-1].attainment == attainment
        standings.append(
            Standing(standings[-1].rank if tied else index + 1, person, attainment, actual, target)
        )
    return standings


def leaderboard(
    store: LeaderboardStore, actor: Actor, *, today: date, period: Period, size: int = TOP
) -> Leaderboard:
    close_ended_goals(store, today)
    by_person: dict[int, list[GoalRecord]] = defaultdict(list)
    for goal in store.person_goals_within(period.start, period.end, metric="revenue"):
        by_person[goal.person_id].append(goal)
    people = store.people_by_ids(by_person)
    viewer = people.get(actor.person_id) or store.person(actor.person_id)
    shown = {
        person_id: goals
        for person_id, goals in by_person.items()
        if (person := people.get(person_id)) is not None and rankable(person, actor.person_id)
    }
    counted = {person_id: counted_goals(goals, today=today) for person_id, goals in shown.items()}
    counted = {person_id: goals for person_id, goals in counted.items() if goals}
    actuals = goal_actuals(store, [goal for goals in counted.values() for goal in goals])
    standings = rank(
        (
            sum((actuals[goal.id] for goal in goals), Decimal(0)),
            sum((goal.target for goal in goals), Decimal(0)),
            people[person_id],
        )
        for person_id, goals in counted.items()
    )
    top = [standing for standing in standings if standing.rank <= size][:MAX_SHOWN]
    own = next((s for s in standings if s.person.id == actor.person_id), None)
    return Leaderboard(
        period=period,
        top=top,
        own=None if own in top else own,
        viewer_id=actor.person_id,
        viewer_public=viewer.public_ranking,
        ranked=len(standings),
        starts=None if standings else _first_start(by_person.values(), today),
    )
