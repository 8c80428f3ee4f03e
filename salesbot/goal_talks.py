"""Goals discussed with the people who carry them (SPEC section 1.1): acknowledge, question, agree.

Whoever is told of a new or revised goal of their own or of their team's (by DM, or in the team's
channel) stands on it as **told**. From there::

    told ──Acknowledge──▶ acknowledged
      │
      └──Discuss (a concern, a comment)──▶ discussing ──▶ the manager answers:
                                                           · Keep the goal (a note) ─┐
                                                           · Schedule a talk ────────┤ (still discussing)
                                                           · Revise ──▶ told again   │
                                          Agree (or Acknowledge) ◀──────────────────┘
                                                  ▼
                                               agreed

Acknowledging after a discussion of the goal reads as **agreed**. Each move is one conditional
UPDATE (``from`` the statuses it may leave), so a double click or a Slack retry records it once,
and each is audited with who and when.

A discussion is held with the manager who set (or last revised) the goal, in the app's DM with
each side: the bot starts a thread in both, and relays each side's replies to the other's thread
(:func:`relay_reply`). It is seen by the person, the goal's managers and admins
(:func:`may_see_discussion`). A person discusses only their own goals and their team's
(:func:`may_discuss`); company goals are announced, not discussed.

Managers see, per goal, who has not acknowledged two working days after being told
(:func:`unacknowledged`), and may remind them — once a day per goal (:func:`remind_unacknowledged`).
A talk's reminder reaches each side on the talk's day, in their own working hours
(:func:`talk_reminder_due`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from salesbot.access import Actor
from salesbot.digests import EXTRA_SOURCES, Extra
from salesbot.errors import Conflict, FieldCheck, InvalidInput, NotFound, PermissionDenied
from salesbot.goals import OPEN, Subject, goal_period, subject_of
from salesbot.i18n import Formatter
from salesbot.periods import Period
from salesbot.records import AuditTrail, GoalRecord, InWorkspace, PersonRecord, TeamRecord
from salesbot.teams import MANAGER
from salesbot.training import WORK_START, in_working_hours
from salesbot.workdays import MONDAY_TO_FRIDAY, Workdays

TOLD, DISCUSSING, ACKNOWLEDGED, AGREED = "told", "discussing", "acknowledged", "agreed"
STATUSES = (TOLD, DISCUSSING, ACKNOWLEDGED, AGREED)
CONCERNS = ("too_high", "resources", "timing", "other")
KEPT, REVISED = "kept", "revised"  # a discussion's outcome; AGREED too
COMMENT_MAX = NOTE_MAX = 2000
# Working days after the telling before someone counts as not having acknowledged.
OVERDUE_WORKING_DAYS = 2
# How far ahead a talk may be scheduled.
TALK_HORIZON = timedelta(days=180)
# Fields of the forms, as ``FieldErrors`` name them.
F_CONCERN, F_COMMENT, F_NOTE, F_DAY, F_TIME = "concern", "comment", "note", "day", "time"
PERSON_SIDE, MANAGER_SIDE = "person", "manager"


class AckRecord(Protocol):
    goal_id: int
    person_id: int
    status: str
    discussed: bool
    told_at: datetime
    told_by_id: int | None
    status_at: datetime
    status_by_id: int | None


class DiscussionRecord(Protocol):
    id: int
    goal_id: int
    person_id: int
    manager_id: int | None
    concern: str
    comment: str
    person_channel: str | None
    person_ts: str | None
    manager_channel: str | None
    manager_ts: str | None
    outcome: str | None
    note: str
    closed_by_id: int | None
    closed_at: datetime | None
    talk_at: datetime | None
    created_at: datetime


class MessageRecord(Protocol):
    author_id: int | None
    text: str
    created_at: datetime


class GoalTalkStore(InWorkspace, AuditTrail, Protocol):
    """What acknowledging and discussing goals needs of the store."""

    def goal(self, goal_id: int) -> GoalRecord | None: ...
    def person(self, person_id: int) -> PersonRecord | None: ...
    def people_by_ids(self, person_ids: Iterable[int]) -> Mapping[int, PersonRecord]: ...
    def team_by_id(self, team_id: int) -> TeamRecord | None: ...
    def teams_of(self, person: PersonRecord) -> Sequence[TeamRecord]: ...
    def memberships(self, team: TeamRecord, role: str) -> Mapping[int, object]: ...
    def member_ids(self, team_ids: Iterable[int]) -> Mapping[int, set[int]]: ...
    def team_member_people(self, team_id: int) -> Sequence[PersonRecord]: ...
    def goal_revisions(self, goal_id: int, *, limit: int | None = None) -> Sequence: ...
    def claim_request(self, request_key: str) -> bool: ...
    def goal_ack(self, goal_id: int, person_id: int) -> AckRecord | None: ...
    def goal_acks(self, goal_ids: Collection[int]) -> Sequence[AckRecord]: ...
    def mark_told(self, goal_id: int, person_id: int, *, by_id: int | None, at: datetime) -> None: ...
    def move_ack(
        self,
        goal_id: int,
        person_id: int,
        *,
        from_statuses: Collection[str],
        to: str,
        by_id: int | None,
        at: datetime,
        discussed: bool | None = None,
    ) -> bool: ...
    def acks_of_person(
        self, person_id: int, statuses: Collection[str], *, limit: int = 50
    ) -> Sequence[AckRecord]: ...
    def count_acks_of_person(self, person_id: int, statuses: Collection[str]) -> int: ...
    def acks_told_before(self, before: datetime, *, limit: int = 2000) -> Sequence[AckRecord]: ...
    def acks_on_goals_within(self, start: date, end: date) -> Sequence[AckRecord]: ...
    def goal_discussion(self, discussion_id: int) -> DiscussionRecord | None: ...
    def open_goal_discussion(self, goal_id: int, person_id: int) -> DiscussionRecord | None: ...
    def latest_goal_discussion(self, goal_id: int, person_id: int) -> DiscussionRecord | None: ...
    def add_goal_discussion(self, **fields: object) -> DiscussionRecord: ...
    def discussion_in_thread(self, channel: str, thread_ts: str) -> DiscussionRecord | None: ...
    def close_goal_discussion(
        self, discussion_id: int, *, outcome: str, note: str, by_id: int | None, at: datetime
    ) -> bool: ...
    def schedule_goal_talk(self, discussion_id: int, *, at: datetime) -> bool: ...
    def open_goal_discussions(self, *, limit: int = 200) -> Sequence[DiscussionRecord]: ...
    def goal_talks_to_remind(self, after: datetime) -> Sequence[DiscussionRecord]: ...
    def claim_talk_reminder(self, discussion_id: int, side: str, at: datetime) -> bool: ...
    def add_discussion_message(
        self, discussion_id: int, *, author_id: int | None, text: str, slack_ts: str
    ) -> bool: ...
    def discussion_messages(self, discussion_id: int, *, limit: int = 100) -> Sequence[MessageRecord]: ...
    def claim_ack_reminder(self, goal_id: int, day: date, *, by_id: int | None, people: int) -> bool: ...
    def ack_reminded_goal_ids(self, goal_ids: Collection[int], day: date) -> set[int]: ...


# -- who ---------------------------------------------------------------------------------------


def discussable(goal: GoalRecord) -> bool:
    """A person's and a team's goals are discussed with their people; the company's are not."""
    return goal.scope in ("person", "team")


def may_discuss(store: GoalTalkStore, actor: Actor, goal: GoalRecord) -> bool:
    """Only one's own goals and one's teams' goals."""
    if goal.scope == "person":
        return goal.person_id == actor.person_id
    if goal.scope == "team":
        person = store.person(actor.person_id)
        return person is not None and goal.team_id in {team.id for team in store.teams_of(person)}
    return False


def goal_manager_ids(store: GoalTalkStore, goal: GoalRecord) -> set[int]:
    """The goal's managers: a team goal's team's managers; a person's goal, the managers of the
    teams the person is in."""
    if goal.scope == "team":
        team = store.team_by_id(goal.team_id)
        return set(store.memberships(team, MANAGER)) if team is not None else set()
    if goal.scope == "person":
        person = store.person(goal.person_id)
        if person is None:
            return set()
        return {pid for team in store.teams_of(person) for pid in store.memberships(team, MANAGER)}
    return set()


def may_manage_goal(store: GoalTalkStore, actor: Actor, goal: GoalRecord) -> bool:
    return actor.is_admin or actor.person_id in goal_manager_ids(store, goal)


def may_see_discussion(store: GoalTalkStore, actor: Actor, discussion: DiscussionRecord) -> bool:
    """The person, the manager in it, the goal's managers and admins."""
    if actor.is_admin or actor.person_id in (discussion.person_id, discussion.manager_id):
        return True
    goal = store.goal(discussion.goal_id)
    return goal is not None and actor.person_id in goal_manager_ids(store, goal)


def may_answer(store: GoalTalkStore, actor: Actor, discussion: DiscussionRecord) -> bool:
    """The manager in it, the goal's other managers and admins answer; never the person."""
    if actor.person_id == discussion.person_id:
        return False
    return may_see_discussion(store, actor, discussion)


def discussion_manager(store: GoalTalkStore, goal: GoalRecord, person_id: int) -> PersonRecord | None:
    """Whom the person discusses the goal with: who last revised it, else who set it, else one
    of its managers — never the person themselves nor someone who has left."""

    def usable(candidate_id: int | None) -> PersonRecord | None:
        if candidate_id is None or candidate_id == person_id:
            return None
        candidate = store.person(candidate_id)
        if candidate is None or candidate.deleted or candidate.is_bot:
            return None
        return candidate

    revisions = store.goal_revisions(goal.id, limit=1)
    for candidate_id in (revisions[0].revised_by_id if revisions else None, goal.created_by_id):
        if (found := usable(candidate_id)) is not None:
            return found
    for candidate_id in sorted(goal_manager_ids(store, goal)):
        if (found := usable(candidate_id)) is not None:
            return found
    return None


# -- told ----------------------------------------------------------------------------------------


def record_told(
    store: GoalTalkStore, goal: GoalRecord, person_ids: Iterable[int], *, by_id: int | None, now: datetime
) -> int:
    """The people told of a new or revised goal stand on it as told; a discussion of it still
    open is answered by the revision. Returns how many were recorded."""
    if not discussable(goal):
        return 0
    count = 0
    for person_id in dict.fromkeys(person_ids):
        store.mark_told(goal.id, person_id, by_id=by_id, at=now)
        open_one = store.open_goal_discussion(goal.id, person_id)
        if open_one is not None and store.close_goal_discussion(
            open_one.id, outcome=REVISED, note="", by_id=by_id, at=now
        ):
            store.audit(
                actor_id=by_id,
                action="goal_talk.revised",
                entity="goal_discussion",
                entity_id=open_one.id,
                goal_id=goal.id,
                person_id=person_id,
            )
        count += 1
    if count:
        store.audit(actor_id=by_id, action="goal_talk.told", entity="goal", entity_id=goal.id, people=count)
    return count


@dataclass(frozen=True)
class Audience:
    """Who hears of a new or revised goal, and where; whoever set it is never told of it.

    ``dms``: told in their DM with salesbot, with Acknowledge and Discuss. ``channel``: a team's
    channel (the post carries the buttons; each member answers for themselves) or, for the
    company's goal, the announcement channel. ``told``: who stands on the goal as told.
    ``setter_alone``: a team goal nobody hears of because its setter is its only member."""

    dms: tuple[PersonRecord, ...] = ()
    channel: str | None = None
    told: tuple[int, ...] = ()
    setter_alone: bool = False


def audience(store: GoalTalkStore, subject: Subject, *, setter_id: int | None) -> Audience:
    """Where a goal of ``subject`` set by ``setter_id`` is told: a person by DM; a team in its
    channel, else each member by DM; the company in the announcement channel (not discussed)."""
    if subject.scope == "person":
        person = subject.person
        if person.id == setter_id:
            return Audience()
        return Audience(dms=(person,), told=(person.id,))
    if subject.scope == "team":
        team = subject.team
        everyone = store.team_member_people(team.id)
        members = tuple(p for p in everyone if p.id != setter_id)
        told = tuple(p.id for p in members)
        if team.channel_id:
            return Audience(channel=team.channel_id, told=told)
        return Audience(dms=members, told=told, setter_alone=bool(everyone) and not members)
    return Audience(channel=store.workspace.announcement_channel or None)


def team_member_ids(store: GoalTalkStore, team_id: int) -> set[int]:
    return set(store.member_ids([team_id]).get(team_id, set()))


# -- acknowledge ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Acknowledged:
    """What pressing Acknowledge (or Agree) did: ``moved`` False when it was done before."""

    goal: GoalRecord
    status: str
    moved: bool
    discussion: DiscussionRecord | None = None  # the discussion agreed to (its manager is told)


def _goal_to_discuss(store: GoalTalkStore, actor: Actor, goal_id: int) -> GoalRecord:
    goal = store.goal(goal_id)
    if goal is None:
        raise NotFound("goal.gone")
    if not discussable(goal) or not may_discuss(store, actor, goal):
        raise PermissionDenied("goal_talk.not_yours")
    return goal


def acknowledge(store: GoalTalkStore, actor: Actor, goal_id: int, *, now: datetime) -> Acknowledged:
    """The person acknowledges the goal: acknowledged, or agreed when they discussed it. Once:
    a second press (or a retry) finds it done and changes nothing."""
    goal = _goal_to_discuss(store, actor, goal_id)
    ack = store.goal_ack(goal.id, actor.person_id)
    if ack is None:
        # A team member who joined after the goal was announced, pressing on the channel's post.
        store.mark_told(goal.id, actor.person_id, by_id=None, at=now)
        ack = store.goal_ack(goal.id, actor.person_id)
    if ack.status in (ACKNOWLEDGED, AGREED):
        return Acknowledged(goal, ack.status, moved=False)
    target = AGREED if ack.discussed or ack.status == DISCUSSING else ACKNOWLEDGED
    if not store.move_ack(
        goal.id, actor.person_id, from_statuses=(TOLD, DISCUSSING), to=target, by_id=actor.person_id, at=now
    ):
        current = store.goal_ack(goal.id, actor.person_id)
        done = current.status if current is not None and current.status in (ACKNOWLEDGED, AGREED) else target
        return Acknowledged(goal, done, moved=False)
    closed = None
    open_one = store.open_goal_discussion(goal.id, actor.person_id)
    if open_one is not None and store.close_goal_discussion(
        open_one.id, outcome=AGREED, note="", by_id=actor.person_id, at=now
    ):
        closed = open_one
    elif target == AGREED:
        # Agreeing to a goal the manager kept: the manager hears of it in that discussion.
        latest = store.latest_goal_discussion(goal.id, actor.person_id)
        closed = latest if latest is not None and latest.outcome == KEPT else None
    store.audit(
        actor_id=actor.person_id,
        action=f"goal_talk.{target}",
        entity="goal",
        entity_id=goal.id,
        discussion_id=closed.id if closed else None,
    )
    return Acknowledged(goal, target, moved=True, discussion=closed)


# -- discuss ----------------------------------------------------------------------------------


def _comment(text: str | None, limit: int, *, required_key: str | None = None) -> str:
    text = (text or "").strip()
    if not text and required_key:
        raise InvalidInput(required_key)
    if len(text) > limit:
        raise InvalidInput("goal_talk.too_long", max=limit)
    return text


@dataclass(frozen=True)
class DiscussionStarted:
    discussion: DiscussionRecord
    goal: GoalRecord
    person: PersonRecord
    manager: PersonRecord


def start_discussion(
    store: GoalTalkStore,
    actor: Actor,
    goal_id: int,
    *,
    concern: str | None,
    comment: str,
    now: datetime,
    request_key: str | None = None,
) -> DiscussionStarted | None:
    """The Discuss form: the person's concern with the goal, to the manager who set it. Refused by
    field (``FieldErrors``) with nothing written; None for a form submitted twice."""
    goal = _goal_to_discuss(store, actor, goal_id)
    check = FieldCheck()
    if concern not in CONCERNS:
        check.refuse(F_CONCERN, InvalidInput("goal_talk.concern_missing"))
    check.read(
        F_COMMENT,
        lambda: _comment(
            comment, COMMENT_MAX, required_key="goal_talk.comment_needed" if concern == "other" else None
        ),
    )
    check.done()
    if goal.status != OPEN:
        raise Conflict("goal.closed")
    if store.open_goal_discussion(goal.id, actor.person_id) is not None:
        raise Conflict("goal_talk.already_discussing")
    manager = discussion_manager(store, goal, actor.person_id)
    if manager is None:
        raise InvalidInput("goal_talk.no_manager")
    if request_key is not None and not store.claim_request(request_key):
        return None
    if store.goal_ack(goal.id, actor.person_id) is None:
        store.mark_told(goal.id, actor.person_id, by_id=None, at=now)
    store.move_ack(
        goal.id,
        actor.person_id,
        from_statuses=STATUSES,
        to=DISCUSSING,
        by_id=actor.person_id,
        at=now,
        discussed=True,
    )
    discussion = store.add_goal_discussion(
        goal_id=goal.id,
        person_id=actor.person_id,
        manager_id=manager.id,
        concern=concern,
        comment=comment.strip(),
    )
    store.audit(
        actor_id=actor.person_id,
        action="goal_talk.discussing",
        entity="goal_discussion",
        entity_id=discussion.id,
        goal_id=goal.id,
        manager_id=manager.id,
        concern=concern,
    )
    return DiscussionStarted(discussion, goal, store.person(actor.person_id), manager)


@dataclass(frozen=True)
class DiscussionView:
    """A discussion with what its readers are shown."""

    discussion: DiscussionRecord
    goal: GoalRecord
    subject: Subject
    person: PersonRecord
    manager: PersonRecord | None
    messages: Sequence[MessageRecord] = ()
    authors: Mapping[int, PersonRecord] | None = None


def discussion_view(
    store: GoalTalkStore, discussion: DiscussionRecord, *, messages: bool = False
) -> DiscussionView:
    goal = store.goal(discussion.goal_id)
    found = store.discussion_messages(discussion.id) if messages else ()
    authors = store.people_by_ids({m.author_id for m in found if m.author_id}) if found else {}
    return DiscussionView(
        discussion=discussion,
        goal=goal,
        subject=subject_of(store, goal),
        person=store.person(discussion.person_id),
        manager=store.person(discussion.manager_id) if discussion.manager_id else None,
        messages=found,
        authors=authors,
    )


def read_discussion(store: GoalTalkStore, actor: Actor, discussion_id: int) -> DiscussionView:
    """The whole discussion, replies included, for those who may see it; each reading audited."""
    discussion = store.goal_discussion(discussion_id)
    if discussion is None:
        raise NotFound("goal_talk.gone")
    if not may_see_discussion(store, actor, discussion):
        raise PermissionDenied("goal_talk.not_yours_to_see")
    store.audit(
        actor_id=actor.person_id, action="goal_talk.viewed", entity="goal_discussion", entity_id=discussion.id
    )
    return discussion_view(store, discussion, messages=True)


def _open_discussion_to_answer(store: GoalTalkStore, actor: Actor, discussion_id: int) -> DiscussionRecord:
    discussion = store.goal_discussion(discussion_id)
    if discussion is None:
        raise NotFound("goal_talk.gone")
    if not may_answer(store, actor, discussion):
        raise PermissionDenied("goal_talk.not_yours_to_answer")
    if discussion.outcome is not None:
        raise Conflict(f"goal_talk.answered_{discussion.outcome}")
    return discussion


def answerable(store: GoalTalkStore, actor: Actor, discussion_id: int) -> DiscussionView:
    """The open discussion ``actor`` is about to answer (the Keep and Schedule forms)."""
    return discussion_view(store, _open_discussion_to_answer(store, actor, discussion_id))


def keep_goal(
    store: GoalTalkStore,
    actor: Actor,
    discussion_id: int,
    *,
    note: str,
    now: datetime,
    request_key: str | None = None,
) -> DiscussionView | None:
    """The manager keeps the goal as it is, saying why. The person is then asked to agree."""
    discussion = _open_discussion_to_answer(store, actor, discussion_id)
    check = FieldCheck()
    text = check.read(F_NOTE, lambda: _comment(note, NOTE_MAX, required_key="goal_talk.note_needed"))
    check.done()
    if request_key is not None and not store.claim_request(request_key):
        return None
    if not store.close_goal_discussion(discussion.id, outcome=KEPT, note=text, by_id=actor.person_id, at=now):
        raise Conflict("goal_talk.answered_kept")
    store.audit(
        actor_id=actor.person_id,
        action="goal_talk.kept",
        entity="goal_discussion",
        entity_id=discussion.id,
        goal_id=discussion.goal_id,
        note=text,
    )
    return discussion_view(store, store.goal_discussion(discussion.id))


def _clock(at: str | None) -> time:
    """A time picker's ``HH:MM``."""
    try:
        return time.fromisoformat(at or "")
    except ValueError:
        raise InvalidInput("goal_talk.time_missing") from None


def schedule_talk(
    store: GoalTalkStore,
    actor: Actor,
    discussion_id: int,
    *,
    day: date | None,
    at: str | None,
    timezone: str,
    now: datetime,
    request_key: str | None = None,
) -> DiscussionView | None:
    """A talk about the goal at a date and time (the manager's ``timezone``); both sides are
    reminded on the day. The discussion stays open: the talk ends in Keep, Revise or Agree."""
    discussion = _open_discussion_to_answer(store, actor, discussion_id)
    check = FieldCheck()
    if day is None:
        check.refuse(F_DAY, InvalidInput("goal_talk.day_missing"))
    clock = check.read(F_TIME, lambda: _clock(at))
    moment = None
    if day is not None and clock is not None:
        moment = datetime.combine(day, clock, ZoneInfo(timezone)).astimezone(UTC)
    if moment is not None and moment <= now:
        check.refuse(F_DAY, InvalidInput("goal_talk.talk_past"))
    elif moment is not None and moment > now + TALK_HORIZON:
        check.refuse(F_DAY, InvalidInput("goal_talk.talk_far", days=TALK_HORIZON.days))
    check.done()
    if request_key is not None and not store.claim_request(request_key):
        return None
    if not store.schedule_goal_talk(discussion.id, at=moment):
        raise Conflict("goal_talk.answered_kept")
    store.audit(
        actor_id=actor.person_id,
        action="goal_talk.talk_scheduled",
        entity="goal_discussion",
        entity_id=discussion.id,
        goal_id=discussion.goal_id,
        at=moment.isoformat(),
    )
    return discussion_view(store, store.goal_discussion(discussion.id))


# -- the threads ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Relay:
    """Where a reply typed in one side's thread goes: the other side's thread."""

    discussion_id: int
    channel: str
    thread_ts: str
    author: PersonRecord
    text: str


def relay_reply(
    store: GoalTalkStore, author: PersonRecord, *, channel: str, thread_ts: str, ts: str, text: str
) -> Relay | None:
    """A reply typed in a discussion's thread: kept, and bound for the other side's thread. None
    when the thread is no discussion's, the author is not that side's person, the other side
    has no thread, or the reply was relayed before (a Slack retry)."""
    discussion = store.discussion_in_thread(channel, thread_ts)
    if discussion is None:
        return None
    if (channel, thread_ts) == (discussion.person_channel, discussion.person_ts):
        side_person, other = discussion.person_id, (discussion.manager_channel, discussion.manager_ts)
    else:
        side_person, other = discussion.manager_id, (discussion.person_channel, discussion.person_ts)
    if author.id != side_person or not all(other):
        return None
    text = text.strip()
    if not text or not store.add_discussion_message(
        discussion.id, author_id=author.id, text=text[:4000], slack_ts=ts
    ):
        return None
    return Relay(discussion.id, other[0], other[1], author, text)


# -- who has not acknowledged ------------------------------------------------------------------


def working_days_since(day: date, today: date, workdays: Workdays = MONDAY_TO_FRIDAY) -> int:
    """The working days after ``day`` up to and including ``today``."""
    count, current = 0, day
    while current < today:
        current += timedelta(days=1)
        count += workdays.is_working_day(current)
    return count


def is_overdue(told_at: datetime, today: date, timezone: str, workdays: Workdays = MONDAY_TO_FRIDAY) -> bool:
    """Told at least ``OVERDUE_WORKING_DAYS`` working days ago (in the workspace's calendar)."""
    told_at = told_at if told_at.tzinfo else told_at.replace(tzinfo=UTC)
    told_on = told_at.astimezone(ZoneInfo(timezone)).date()
    return working_days_since(told_on, today, workdays) >= OVERDUE_WORKING_DAYS


@dataclass(frozen=True)
class Unacknowledged:
    """One goal's people who have not acknowledged it two working days after being told."""

    goal: GoalRecord
    subject: Subject
    people: Sequence[PersonRecord]
    told: int  # everyone told of it
    reminded_today: bool


def unacknowledged(
    store: GoalTalkStore, actor: Actor, *, today: date, workdays: Workdays = MONDAY_TO_FRIDAY
) -> list[Unacknowledged]:
    """Per goal the actor manages (admins: every goal), who has not acknowledged it in time."""
    timezone = store.workspace.timezone
    # Two working days are at least two calendar days: anything newer is not overdue.
    before = datetime.combine(today - timedelta(days=OVERDUE_WORKING_DAYS - 1), time(), ZoneInfo(timezone))
    waiting: dict[int, list[AckRecord]] = {}
    for ack in store.acks_told_before(before.astimezone(UTC)):
        if is_overdue(ack.told_at, today, timezone, workdays):
            waiting.setdefault(ack.goal_id, []).append(ack)
    found = []
    all_acks = store.goal_acks(list(waiting))
    reminded = store.ack_reminded_goal_ids(list(waiting), today)
    people = store.people_by_ids({a.person_id for acks in waiting.values() for a in acks})
    for goal_id, acks in waiting.items():
        goal = store.goal(goal_id)
        if goal is None or not may_manage_goal(store, actor, goal):
            continue
        shown = sorted(
            (people[a.person_id] for a in acks if a.person_id in people and not people[a.person_id].deleted),
            key=lambda p: p.name.casefold(),
        )
        if not shown:
            continue
        found.append(
            Unacknowledged(
                goal=goal,
                subject=subject_of(store, goal),
                people=shown,
                told=sum(1 for a in all_acks if a.goal_id == goal_id),
                reminded_today=goal_id in reminded,
            )
        )
    return sorted(found, key=lambda u: (u.goal.period_start, u.goal.id))


def remind_unacknowledged(
    store: GoalTalkStore, actor: Actor, goal_id: int, *, today: date, workdays: Workdays = MONDAY_TO_FRIDAY
) -> Unacknowledged:
    """The manager's one-button reminder to a goal's people who have not acknowledged it: at
    most once a day per goal (the claim is the day's row)."""
    goal = store.goal(goal_id)
    if goal is None:
        raise NotFound("goal.gone")
    if not may_manage_goal(store, actor, goal):
        raise PermissionDenied("goal_talk.not_yours_to_remind")
    due = next(
        (u for u in unacknowledged(store, actor, today=today, workdays=workdays) if u.goal.id == goal_id),
        None,
    )
    if due is None:
        raise Conflict("goal_talk.nobody_to_remind")
    if not store.claim_ack_reminder(goal_id, today, by_id=actor.person_id, people=len(due.people)):
        raise Conflict("goal_talk.reminded_today")
    store.audit(
        actor_id=actor.person_id,
        action="goal_talk.reminded",
        entity="goal",
        entity_id=goal_id,
        people=[p.id for p in due.people],
    )
    return due


# -- what people see on App Home ----------------------------------------------------------------


@dataclass(frozen=True)
class AwaitingGoal:
    goal: GoalRecord
    subject: Subject
    status: str


def awaiting_acknowledgement(
    store: GoalTalkStore, actor: Actor, *, limit: int = 10
) -> tuple[list[AwaitingGoal], int]:
    """The person's goals they were told of and have not acknowledged (or are discussing), the
    oldest telling first: the first ``limit``, and how many there are in all."""
    awaiting = (TOLD, DISCUSSING)
    acks = store.acks_of_person(actor.person_id, awaiting, limit=limit)
    # Counted only when there may be more than were read (an import may tell of dozens).
    total = len(acks) if len(acks) < limit else store.count_acks_of_person(actor.person_id, awaiting)
    found = []
    for ack in acks:
        goal = store.goal(ack.goal_id)
        if goal is not None:
            found.append(AwaitingGoal(goal, subject_of(store, goal), ack.status))
    return found, total


def discussions_under_way(store: GoalTalkStore, actor: Actor, *, limit: int = 50) -> list[DiscussionView]:
    """The open discussions the actor may answer: theirs, their goals' managers', an admin's all."""
    if not (actor.is_admin or actor.is_manager):
        return []
    shown = []
    for discussion in store.open_goal_discussions():
        if may_answer(store, actor, discussion):
            shown.append(discussion_view(store, discussion))
        if len(shown) >= limit:
            break
    return shown


# -- talk reminders ------------------------------------------------------------------------------


def talk_reminder_day(talk_local: datetime, workdays: Workdays = MONDAY_TO_FRIDAY) -> date:
    """The day a side is reminded of a talk (``talk_local``: its wall time for them): the talk's
    day when it is a working day and the talk is in or after working hours' start, else the
    working day before."""
    day = talk_local.date()
    if workdays.is_working_day(day) and talk_local.time() >= WORK_START:
        return day
    day -= timedelta(days=1)
    while not workdays.is_working_day(day):
        day -= timedelta(days=1)
    return day


def talk_reminder_due(
    talk_at: datetime, now: datetime, timezone: str, workdays: Workdays = MONDAY_TO_FRIDAY
) -> bool:
    """Due at ``now`` for someone in ``timezone``: in their working hours, from their reminder
    day on, and before the talk."""
    talk_at = talk_at if talk_at.tzinfo else talk_at.replace(tzinfo=UTC)
    if now >= talk_at:
        return False
    zone = ZoneInfo(timezone)
    local_now = now.astimezone(zone).replace(tzinfo=None)
    talk_local = talk_at.astimezone(zone).replace(tzinfo=None)
    return in_working_hours(local_now, workdays) and local_now.date() >= talk_reminder_day(
        talk_local, workdays
    )


@dataclass(frozen=True)
class TalkReminder:
    view: DiscussionView
    side: str  # person | manager
    reader: PersonRecord
    other: PersonRecord | None


def claim_talk_reminders(
    store: GoalTalkStore, now: datetime, *, workdays: Workdays = MONDAY_TO_FRIDAY
) -> list[TalkReminder]:
    """The talk reminders due at ``now``, each side claimed once (committed before sending)."""
    due = []
    for discussion in store.goal_talks_to_remind(now):
        view = discussion_view(store, discussion)
        sides = ((PERSON_SIDE, view.person, view.manager), (MANAGER_SIDE, view.manager, view.person))
        for side, reader, other in sides:
            if reader is None or reader.deleted:
                continue
            if getattr(discussion, f"{side}_reminded_at") is not None:
                continue
            timezone = reader.timezone or store.workspace.timezone
            if not talk_reminder_due(discussion.talk_at, now, timezone, workdays):
                continue
            if store.claim_talk_reminder(discussion.id, side, now):
                store.audit(
                    actor_id=None,
                    action="goal_talk.talk_reminded",
                    entity="goal_discussion",
                    entity_id=discussion.id,
                    side=side,
                )
                due.append(TalkReminder(view, side, reader, other))
    return due


# -- the digest's line --------------------------------------------------------------------------


def acknowledgement_counts(
    store: GoalTalkStore, subject: Subject, period: Period
) -> list[tuple[GoalRecord, int, int]]:
    """(goal, told, not yet acknowledged) for the subject's goals in ``period`` whose people were
    told: a team's goal and its members' own; for the company every team's and person's."""
    acks = store.acks_on_goals_within(period.start, period.end)
    by_goal: dict[int, list[AckRecord]] = {}
    for ack in acks:
        by_goal.setdefault(ack.goal_id, []).append(ack)
    members = team_member_ids(store, subject.team.id) if subject.scope == "team" else None
    counted = []
    for goal_id, rows in by_goal.items():
        goal = store.goal(goal_id)
        if goal is None:
            continue
        if subject.scope == "team":
            if goal.scope == "team" and goal.team_id != subject.team.id:
                continue
            if goal.scope == "person" and goal.person_id not in members:
                continue
        elif subject.scope == "person":
            continue
        waiting = sum(1 for a in rows if a.status in (TOLD, DISCUSSING))
        counted.append((goal, len(rows), waiting))
    return sorted(counted, key=lambda c: (c[0].scope != "team", c[0].period_start, c[0].id))


def digest_lines(fmt: Formatter, store: GoalTalkStore, subject: Subject, period: Period) -> list[str]:
    """ "3 of 12 have not acknowledged the Q1 2026 goal": a team goal's line, and one line for the
    people's own goals of each period, added up. No names: a channel reads it."""
    lines = []
    own: dict[str, list[int]] = {}
    for goal, told, waiting in acknowledgement_counts(store, subject, period):
        label = goal_period(goal).label(fmt.lang)
        if goal.scope == "team":
            if waiting:
                team = store.team_by_id(goal.team_id)
                lines.append(
                    fmt.plural(
                        "goal_talk.digest.team_goal",
                        waiting,
                        told=fmt.number(told),
                        team=team.name if team else "",
                        period=label,
                    )
                )
        else:
            counts = own.setdefault(label, [0, 0])
            counts[0] += told
            counts[1] += waiting
    for label, (told, waiting) in own.items():
        if waiting:
            lines.append(
                fmt.plural("goal_talk.digest.own_goals", waiting, told=fmt.number(told), period=label)
            )
    return lines


def digest_source(
    store: GoalTalkStore, subject: Subject, period: Period, day: date, lang: str
) -> Extra | None:
    if subject.scope == "person":
        return None
    lines = digest_lines(Formatter(lang, store.workspace.currency), store, subject, period)
    return Extra(lines=lines) if lines else None


EXTRA_SOURCES["goal_talks"] = digest_source
