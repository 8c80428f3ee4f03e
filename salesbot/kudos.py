"""Kudos: a short, public thanks from one person to another, with the reason (SPEC 1.6).

The rules, one function each:

- ``/sales kudos @person REASON`` or the message shortcut **Give kudos** (to the message's
  author). A reason is required (at most ``REASON_MAX`` characters); nobody thanks themselves
  or an app (a bot user).
- A giver may give ``workspace.kudos_daily_limit`` kudos a day (default 5): the day is the
  workspace's, so the limit resets at midnight in its timezone, and the refusal says when.
- A Slack retry or a second submission of the same form gives nothing twice (``request_key``).
- Where it is shown (``places``): in the channel where it was given when salesbot may post
  there, else in the announcement channel (and the giver is told where it went); also in the
  announcement channel when there is one; always by DM to the person. Someone who opted out of
  public recognition (``PersonRecord.public_ranking``) gets the DM only.
- Who may read kudos (the export's Kudos sheet): kudos shown in public (``is_public``) anyone;
  the others the giver, the person thanked, their managers and admins (``may_see``).
- Kudos are counted per period: App Home shows the reader's, a digest's ``kudos`` section the
  most thanked (only those who allow public recognition).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from salesbot.access import Actor
from salesbot.commands import require_mentions
from salesbot.digests import EXTRA_SOURCES, Extra
from salesbot.errors import Conflict, InvalidInput
from salesbot.goals import Subject, default_period
from salesbot.i18n import Formatter
from salesbot.periods import Period
from salesbot.records import AuditTrail, InWorkspace, PersonRecord

REASON_MAX = 280
DEFAULT_DAILY_LIMIT = 5
DAILY_LIMIT_MAX = 50
# People a digest's section and App Home name.
TOP = 3
RECENT = 3

F_REASON = "reason"


class KudosRecord(Protocol):
    """One person's thanks to another (``storage.models.Kudos``)."""

    id: int
    giver_id: int
    receiver_id: int
    reason: str
    given_on: date
    channel_id: str | None
    created_at: datetime


class KudosStore(InWorkspace, AuditTrail, Protocol):
    """What giving and counting kudos needs of the store."""

    def person(self, person_id: int) -> PersonRecord | None: ...
    def people_by_ids(self, person_ids) -> Mapping[int, PersonRecord]: ...
    def member_ids(self, team_ids) -> Mapping[int, set[int]]: ...
    def kudos_given_on(self, giver_id: int, day: date) -> int: ...
    def add_kudos(self, **fields: object) -> KudosRecord | None: ...
    def kudos_counts(self, start: date, end: date, person_ids=None) -> Mapping[int, int]: ...
    def kudos_received(self, person_id: int, *, limit: int) -> Sequence[KudosRecord]: ...


@dataclass(frozen=True)
class KudosCommand:
    user_id: str
    reason: str


@dataclass(frozen=True)
class Given:
    """Kudos given: the row (None when a retry found it given already), who gave and got it,
    and whether it may be shown in public."""

    kudos: KudosRecord | None
    giver: PersonRecord
    receiver: PersonRecord
    public: bool
    given_today: int
    limit: int


def parse_kudos(text: str) -> KudosCommand:
    """``@person REASON``: one person, then the reason (required)."""
    ids, reason = require_mentions(text, usage="kudos.usage")
    if len(ids) != 1:
        raise InvalidInput("kudos.one_person", example="kudos.usage")
    return KudosCommand(user_id=ids[0], reason=reason.strip())


def check_reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if not reason:
        raise InvalidInput("kudos.reason_missing", example="kudos.usage", field=F_REASON)
    if len(reason) > REASON_MAX:
        raise InvalidInput("kudos.reason_too_long", field=F_REASON, max=REASON_MAX)
    return reason


def daily_limit(store: InWorkspace) -> int:
    limit = store.workspace.kudos_daily_limit
    return limit if isinstance(limit, int) and limit > 0 else DEFAULT_DAILY_LIMIT


def give_kudos(
    store: KudosStore,
    actor: Actor,
    receiver: PersonRecord,
    reason: str,
    *,
    today: date,
    request_key: str,
    channel_id: str | None = None,
) -> Given:
    """Records ``actor``'s kudos to ``receiver``; refused for oneself, an app, no reason or over
    the daily limit. A repeat of ``request_key`` records nothing (``Given.kudos`` None)."""
    reason = check_reason(reason)
    if receiver.is_bot:
        raise InvalidInput("kudos.to_app", name=receiver.name)
    if receiver.id == actor.person_id:
        raise InvalidInput("kudos.to_self")
    if receiver.deleted:
        raise InvalidInput("kudos.to_deleted", name=receiver.name)
    giver = store.person(actor.person_id)
    limit = daily_limit(store)
    given = store.kudos_given_on(actor.person_id, today)
    if given >= limit:
        raise Conflict(
            "kudos.limit_reached",
            limit=limit,
            resets=today + timedelta(days=1),
            timezone=store.workspace.timezone,
        )
    kudos = store.add_kudos(
        giver_id=actor.person_id,
        receiver_id=receiver.id,
        reason=reason,
        given_on=today,
        channel_id=channel_id,
        request_key=request_key,
    )
    if kudos is not None:
        store.audit(
            actor_id=actor.person_id,
            action="kudos.given",
            entity="kudos",
            entity_id=kudos.id,
            receiver_id=receiver.id,
        )
    return Given(
        kudos=kudos,
        giver=giver,
        receiver=receiver,
        public=is_public(receiver),
        given_today=given + (1 if kudos is not None else 0),
        limit=limit,
    )


# -- where it is shown -------------------------------------------------------------------------


def is_public(receiver: PersonRecord) -> bool:
    """Kudos to this person are shown in channels (else by DM only: they opted out). Read as the
    person's choice is now: opting out later hides what they were given before, too."""
    return receiver.public_ranking


def may_see(actor: Actor, kudos: KudosRecord, receiver: PersonRecord | None) -> bool:
    """Kudos shown in public anyone may read; the rest the giver, the person thanked, their
    managers and admins."""
    if actor.may_manage(kudos.giver_id) or actor.may_manage(kudos.receiver_id):
        return True
    return receiver is not None and is_public(receiver)


@dataclass(frozen=True)
class Places:
    """Where kudos are posted: the channels (in order), whether the giver's own channel is one,
    and the channel it went to instead when salesbot cannot post there."""

    channels: tuple[str, ...]
    in_origin: bool
    instead: str | None


def places(*, public: bool, origin: str | None, origin_postable: bool, announcement: str | None) -> Places:
    """The channels kudos are shown in (the DM to the person is always sent)."""
    if not public:
        return Places((), False, None)
    channels: list[str] = []
    in_origin = bool(origin) and origin_postable
    if in_origin:
        channels.append(origin)
    if announcement and announcement not in channels:
        channels.append(announcement)
    instead = announcement if origin and not in_origin and announcement else None
    return Places(tuple(channels), in_origin, instead)


# -- counted per period ------------------------------------------------------------------------


@dataclass(frozen=True)
class KudosCount:
    person: PersonRecord
    count: int


def most_thanked(
    store: KudosStore, period: Period, *, person_ids=None, public_only: bool = True, top: int = TOP
) -> tuple[list[KudosCount], int]:
    """The most thanked people of the period, most first (names break ties), and the number
    of kudos given in it; with ``public_only``, people who opted out are left out of the list."""
    counts = store.kudos_counts(period.start, period.end, person_ids)
    people = store.people_by_ids(list(counts))
    listed = [
        KudosCount(people[pid], n)
        for pid, n in counts.items()
        if pid in people and (people[pid].public_ranking or not public_only) and not people[pid].deleted
    ]
    listed.sort(key=lambda c: (-c.count, c.person.name.casefold(), c.person.id))
    return listed[:top], sum(counts.values())


def kudos_lines(fmt: Formatter, top: list[KudosCount], total: int) -> list[str]:
    if not total:
        return []
    lines = [fmt.plural("kudos.line.total", total)]
    if top:
        names = ", ".join(f"{c.person.name} ({c.count})" for c in top)
        lines.append(fmt.t("kudos.line.most", people=names))
    return lines


def digest_source(store: KudosStore, subject: Subject, period: Period, day: date, lang: str):
    """The digest's kudos section: how many were given in the period and the most thanked
    (a personal digest: the reader's own count)."""
    fmt = Formatter(lang, store.workspace.currency)
    if subject.scope == "person":
        count = store.kudos_counts(period.start, period.end, [subject.person.id]).get(subject.person.id, 0)
        return Extra(lines=[fmt.plural("kudos.line.yours", count)]) if count else None
    person_ids = None
    if subject.scope == "team":
        person_ids = store.member_ids([subject.team.id])[subject.team.id]
    top, total = most_thanked(store, period, person_ids=person_ids)
    lines = kudos_lines(fmt, top, total)
    return Extra(lines=lines) if lines else None


EXTRA_SOURCES["kudos"] = digest_source


@dataclass(frozen=True)
class HomeKudos:
    """App Home's kudos: how many the reader got in the workspace's current period, the latest."""

    period: Period
    count: int
    recent: list[tuple[PersonRecord, KudosRecord]]


def home_kudos(store: KudosStore, actor: Actor, *, today: date) -> HomeKudos:
    period = default_period(store, today)
    count = store.kudos_counts(period.start, period.end, [actor.person_id]).get(actor.person_id, 0)
    recent = list(store.kudos_received(actor.person_id, limit=RECENT))
    givers = store.people_by_ids([k.giver_id for k in recent])
    return HomeKudos(period, count, [(givers[k.giver_id], k) for k in recent if k.giver_id in givers])
