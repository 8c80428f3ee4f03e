"""Recognition: goals celebrated as they are reached, and each period's top performers announced
(SPEC 1.6).

Celebrations, one rule each:

- A goal is celebrated when its attainment reaches 100 % and each further threshold the
  workspace sets (``workspace.celebration_thresholds``: 120 and 150, say). Only running goals
  (their period includes today) are celebrated.
- Once per goal and threshold, whatever retries, edits, recomputations or processes: each
  crossing is claimed by the unique key (goal, threshold) before it is announced, and the claim
  is never taken back. A sale deleted below the line leaves it in place, so the next crossing is
  not celebrated again; the person deleting is told (``kept_below``). Crossing several
  thresholds at once is one celebration, of the highest.
- Where: a person's goal in their teams' channels, else the announcement channel; a team's goal
  in its channel, else the announcement channel (else its managers by DM); the company's in the
  announcement channel. Someone who opted out of public recognition (``public_ranking`` off) is
  congratulated by DM instead.

The period-end announcement: see ``announcement`` (below, with its rules).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Protocol

from salesbot.errors import InvalidInput
from salesbot.goals import default_period
from salesbot.leaderboard import Standing, counted_goals, rank, rankable
from salesbot.periods import Period
from salesbot.progress import ActualsStore, GoalsForStore, goal_actuals
from salesbot.records import GoalRecord, InWorkspace, PersonRecord, TeamRecord
from salesbot.teams import TeamView

BASE_THRESHOLD = 100
THRESHOLD_MAX = 1000
THRESHOLDS_MAX = 5
TOP_N_MAX = 20
MIN_ATTAINMENT_MAX = 1000


# -- the workspace's settings ------------------------------------------------------------------


def read_thresholds(text: str) -> list[int]:
    """``120, 150`` (or ``120 % 150 %``) → [120, 150]: each above 100, at most ``THRESHOLDS_MAX``."""
    words = (text or "").replace(",", " ").replace(";", " ").replace("%", " ").split()
    if not all(word.isdigit() for word in words):
        raise InvalidInput("recognition.thresholds_invalid", field="celebration_thresholds")
    values = sorted({int(word) for word in words})
    if any(not BASE_THRESHOLD < value <= THRESHOLD_MAX for value in values) or len(values) > THRESHOLDS_MAX:
        raise InvalidInput(
            "recognition.thresholds_invalid", field="celebration_thresholds", max=THRESHOLDS_MAX
        )
    return values


def thresholds_valid(values: object) -> bool:
    return (
        isinstance(values, list)
        and len(values) <= THRESHOLDS_MAX
        and all(isinstance(v, int) and BASE_THRESHOLD < v <= THRESHOLD_MAX for v in values)
        and values == sorted(set(values))
    )


def thresholds(workspace) -> list[int]:
    """100 and the workspace's further thresholds, ascending."""
    extra = workspace.celebration_thresholds or []
    return [BASE_THRESHOLD, *sorted({v for v in extra if isinstance(v, int) and v > BASE_THRESHOLD})]


# -- celebrations ------------------------------------------------------------------------------


class CelebrationStore(GoalsForStore, ActualsStore, InWorkspace, Protocol):
    """What finding and claiming celebrations needs of the store."""

    def person(self, person_id: int) -> PersonRecord | None: ...
    def teams_of(self, person: PersonRecord) -> Sequence[TeamRecord]: ...
    def team_ids_of_members(self, person_ids: Iterable[int]) -> set[int]: ...
    def team_by_id(self, team_id: int) -> TeamRecord | None: ...
    def team_view(self, team: TeamRecord) -> TeamView: ...
    def celebrated(self, goal_ids: Collection[int]) -> Mapping[int, set[int]]: ...
    def claim_celebration(self, goal_id: int, threshold: int, attainment: Decimal) -> bool: ...
    def goal(self, goal_id: int) -> GoalRecord | None: ...


@dataclass(frozen=True)
class Celebration:
    """A goal that crossed ``threshold`` (the highest of those it crossed just now)."""

    goal: GoalRecord
    threshold: int
    actual: Decimal
    attainment: Decimal


def crossed(attainment: Decimal, levels: Sequence[int]) -> list[int]:
    """The thresholds an attainment (1.2 is 120 %) has reached."""
    return [level for level in levels if attainment * 100 >= level]


def goals_touched(
    store: CelebrationStore, person_ids: Collection[int], days: Collection[date], today: date
) -> list[GoalRecord]:
    """The running goals sales of these people on ``days`` (one sale's day, or an import's)
    count towards: their own, their teams' and the company's."""
    team_ids = store.team_ids_of_members(person_ids)
    # Only running goals are celebrated: those covering today, then those covering a sale's day.
    goals = store.goals_for(covering=today, person_ids=person_ids, team_ids=team_ids, company=True)
    ordered = sorted(set(days))

    def covers_a_day(goal: GoalRecord) -> bool:
        first = bisect_left(ordered, goal.period_start)
        return first < len(ordered) and ordered[first] <= goal.period_end

    return [goal for goal in goals if goal.target > 0 and covers_a_day(goal)]


def claim_celebrations(
    store: CelebrationStore, goals: Sequence[GoalRecord], *, today: date
) -> list[Celebration]:
    """Claims every threshold newly reached by ``goals`` (those running today); the celebrations
    this call claimed (another process's or an earlier one's are not repeated)."""
    goals = [goal for goal in goals if goal.period_start <= today <= goal.period_end and goal.target > 0]
    if not goals:
        return []
    actuals = goal_actuals(store, goals)
    done = store.celebrated([goal.id for goal in goals])
    levels = thresholds(store.workspace)
    found = []
    for goal in goals:
        attainment = actuals[goal.id] / goal.target
        new = [level for level in crossed(attainment, levels) if level not in done.get(goal.id, set())]
        claimed = [level for level in new if store.claim_celebration(goal.id, level, attainment)]
        if claimed:
            found.append(Celebration(goal, max(claimed), actuals[goal.id], attainment))
    return found


def kept_below(
    store: CelebrationStore, person_ids: Collection[int], *, day: date, today: date
) -> list[Celebration]:
    """Goals now below a threshold they were celebrated for (a sale deleted or lost): their
    celebration stands and is not repeated when they cross it again."""
    goals = goals_touched(store, person_ids, [day], today)
    if not goals:
        return []
    done = store.celebrated([goal.id for goal in goals])
    actuals = goal_actuals(store, [goal for goal in goals if done.get(goal.id)])
    found = []
    for goal in goals:
        if not done.get(goal.id):
            continue
        attainment = actuals[goal.id] / goal.target
        above = [level for level in done[goal.id] if attainment * 100 < level]
        if above:
            found.append(Celebration(goal, max(above), actuals[goal.id], attainment))
    return found


@dataclass(frozen=True)
class Audience:
    """Where a celebration goes: channels, else DMs (Slack user ids); ``opted_out`` when a
    person's own goal comes by DM because they chose so, not for want of a channel."""

    channels: tuple[str, ...]
    dms: tuple[str, ...]
    public: bool
    opted_out: bool = False


def audience(store: CelebrationStore, goal: GoalRecord) -> Audience:
    announcement = store.workspace.announcement_channel
    if goal.scope == "person":
        person = store.person(goal.person_id)
        if person is None or person.deleted:
            return Audience((), (), False)
        if not person.public_ranking:
            return Audience((), (person.slack_user_id,), False, opted_out=True)
        channels = tuple(dict.fromkeys(t.channel_id for t in store.teams_of(person) if t.channel_id))
        if channels:
            return Audience(channels, (), True)
        if announcement:
            return Audience((announcement,), (), True)
        return Audience((), (person.slack_user_id,), False)
    if goal.scope == "team":
        team = store.team_by_id(goal.team_id)
        if team is None:
            return Audience((), (), False)
        if team.channel_id:
            return Audience((team.channel_id,), (), True)
        if announcement:
            return Audience((announcement,), (), True)
        return Audience((), tuple(p.slack_user_id for p in store.team_view(team).managers), False)
    return Audience((announcement,) if announcement else (), (), True)


# -- the period-end announcement ---------------------------------------------------------------
#
# At the end of each period of the workspace's default kind, once, in the announcement channel:
# the top N by attainment against their revenue goals (as the leaderboard ranks them, ties
# sharing a place) at or above the workspace's least attainment, the teams that reached their
# revenue goal, and the biggest improvements in attainment against the period before. Only people
# who allow public recognition are named. It is due from ANNOUNCE_AT on the first working day
# after the period, in the workspace's timezone, and for GRACE_DAYS after: a scheduler down over
# it posts it late, once; a workspace that starts later never announces an old period.

ANNOUNCE_AT = time(9, 0)
GRACE_DAYS = 5
IMPROVEMENTS = 3


class AnnouncementStore(CelebrationStore, Protocol):
    def person_goals_within(self, start: date, end: date, *, metric: str) -> Sequence[GoalRecord]: ...
    def people_by_ids(self, person_ids) -> Mapping[int, PersonRecord]: ...
    def team_names_by_id(self) -> Mapping[int, str]: ...


@dataclass(frozen=True)
class TeamReached:
    team_id: int
    name: str
    attainment: Decimal


@dataclass(frozen=True)
class Improvement:
    person: PersonRecord
    now: Decimal
    before: Decimal

    @property
    def gain(self) -> Decimal:
        return self.now - self.before


@dataclass(frozen=True)
class Announcement:
    period: Period
    top: list[Standing]
    teams: list[TeamReached]
    improved: list[Improvement]
    least: int  # percent

    @property
    def empty(self) -> bool:
        return not (self.top or self.teams or self.improved)


def last_ended_period(store: InWorkspace, today: date) -> Period:
    return default_period(store, today).previous()


def announcement_due(store: InWorkspace, local: datetime, workdays) -> Period | None:
    """The period to announce at ``local`` (the workspace's wall time), or None."""
    period = last_ended_period(store, local.date())
    first = period.end + timedelta(days=1)
    while not workdays.is_working_day(first):
        first += timedelta(days=1)
    day = local.date()
    if day < first or (day == first and local.time() < ANNOUNCE_AT) or (day - first).days > GRACE_DAYS:
        return None
    if not workdays.is_working_day(day) or local.time() < ANNOUNCE_AT:
        return None
    return period


def _standings(store: AnnouncementStore, period: Period) -> list[Standing]:
    by_person: dict[int, list[GoalRecord]] = defaultdict(list)
    for goal in store.person_goals_within(period.start, period.end, metric="revenue"):
        by_person[goal.person_id].append(goal)
    people = store.people_by_ids(by_person)
    counted = {
        pid: counted_goals(goals, today=period.end)
        for pid, goals in by_person.items()
        if (person := people.get(pid)) is not None and rankable(person, None)
    }
    counted = {pid: goals for pid, goals in counted.items() if goals}
    actuals = goal_actuals(store, [g for goals in counted.values() for g in goals])
    return rank(
        (
            sum((actuals[g.id] for g in goals), Decimal(0)),
            sum((g.target for g in goals), Decimal(0)),
            people[pid],
        )
        for pid, goals in counted.items()
    )


def announcement(store: AnnouncementStore, period: Period) -> Announcement:
    """The period's top performers, teams that reached their goal and biggest improvements."""
    workspace = store.workspace
    size = workspace.recognition_top_n if isinstance(workspace.recognition_top_n, int) else 5
    least = workspace.recognition_min_attainment
    least = least if isinstance(least, int) else BASE_THRESHOLD
    standings = _standings(store, period)
    top = [s for s in standings if s.rank <= size and s.attainment * 100 >= least]
    names = store.team_names_by_id()
    team_goals = [
        g
        for g in store.goals_for(within=(period.start, period.end), team_ids=list(names))
        if g.metric == "revenue" and g.product_id is None and g.target > 0
    ]
    actuals = goal_actuals(store, team_goals)
    reached: dict[int, TeamReached] = {}
    for goal in team_goals:
        attainment = actuals[goal.id] / goal.target
        if attainment >= 1 and (goal.team_id not in reached or reached[goal.team_id].attainment < attainment):
            reached[goal.team_id] = TeamReached(goal.team_id, names[goal.team_id], attainment)
    before = {s.person.id: s.attainment for s in _standings(store, period.previous())}
    improved = sorted(
        (
            Improvement(s.person, s.attainment, before[s.person.id])
            for s in standings
            if s.person.id in before
        ),
        key=lambda i: (-i.gain, i.person.name.casefold()),
    )
    improved = [i for i in improved if i.gain > 0][:IMPROVEMENTS]
    return Announcement(period, top, sorted(reached.values(), key=lambda t: -t.attainment), improved, least)
