"""Digest schedules: who may set them up, what a valid one is, and every change, audited.

Channel digests (company or team) are set up by managers and admins. A manager may schedule the
company's digest or their own teams'; afterwards a schedule may be changed by its owner, a
manager of its team, or an admin. Anyone may subscribe to their own digest by DM, at their own
local time (their Slack timezone, else the workspace's).

Saving, editing or resuming a schedule never posts a digest that was due before: the latest
occurrence up to now counts as handled, and the next one is the first after the change.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from babel.dates import format_skeleton, get_day_names

from salesbot.access import Actor, Role, require_manager
from salesbot.cadences import (
    CADENCES,
    PERIOD_KINDS,
    Cadence,
    Occurrence,
    is_timezone,
    latest_occurrence,
    next_occurrence,
    parse_stored_time,
    parse_time,
    time_text,
)
from salesbot.digests import DEFAULT_TOP, PERSONAL_SECTIONS, SECTIONS, TOP_SIZES, offered_sections
from salesbot.errors import FieldCheck, InvalidInput, NotFound, PermissionDenied, UserError
from salesbot.i18n import BABEL_LOCALES, Formatter
from salesbot.records import AuditTrail, DigestScheduleRecord, InWorkspace, changed_values
from salesbot.teams import TeamLookup, managed_team_ids
from salesbot.workdays import workdays_of

CHANNEL = "channel"
PERSONAL = "personal"
DEFAULT_TIME = "09:00"
PERSONAL_TIME = "08:00"
PERSONAL_CADENCE = "weekdays"
_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d")  # HH:MM


class ScheduleStore(TeamLookup, InWorkspace, AuditTrail, Protocol):
    """What keeping digest schedules needs of the store."""

    def digest_schedule(self, schedule_id: int) -> DigestScheduleRecord | None: ...
    def digest_schedules(self, *, kind: str = CHANNEL) -> Sequence[DigestScheduleRecord]: ...
    def personal_digest(self, person_id: int) -> DigestScheduleRecord | None: ...
    def add_digest_schedule(self, **fields: object) -> DigestScheduleRecord: ...
    def save_digest_schedule(self, schedule: DigestScheduleRecord) -> DigestScheduleRecord: ...
    def delete_digest_schedule(self, schedule: DigestScheduleRecord) -> None: ...


@dataclass(frozen=True)
class ScheduleSpec:
    """A channel digest as the modal describes it. Field names match the modal's inputs."""

    channel_id: str | None
    scope: str  # company | team
    team_id: int | None
    cadence: str
    weekday: int | None
    day: int | None
    period_kind: str | None  # None: the workspace's default period
    at: str  # HH:MM
    timezone: str
    sections: tuple[str, ...]
    top_n: int = DEFAULT_TOP


def spec_errors(spec: ScheduleSpec) -> dict[str, str]:
    """Field → message key for every value that cannot be saved."""
    errors: dict[str, str] = {}
    if not spec.channel_id:
        errors["channel"] = "digest.channel_missing"
    if spec.scope not in ("company", "team") or (spec.scope == "team" and not spec.team_id):
        errors["scope"] = "digest.scope_missing"
    if spec.cadence not in CADENCES:
        errors["cadence"] = "digest.cadence_missing"
    elif spec.cadence == "weekly" and (spec.weekday is None or not 0 <= spec.weekday <= 6):
        errors["weekday"] = "digest.weekday_missing"
    elif spec.cadence == "monthly" and (spec.day is None or not 1 <= spec.day <= 31):
        errors["day"] = "digest.day_missing"
    if spec.period_kind is not None and spec.period_kind not in PERIOD_KINDS:
        errors["period"] = "digest.period_missing"
    if not _TIME.fullmatch(spec.at or ""):
        errors["time"] = "digest.time_missing"
    if not is_timezone(spec.timezone):
        errors["timezone"] = "digest.timezone_invalid"
    if not spec.sections or any(s not in offered_sections() for s in spec.sections):
        errors["sections"] = "digest.sections_missing"
    if spec.top_n not in TOP_SIZES:
        errors["top_n"] = "digest.top_n_invalid"
    return errors


def cadence_of(schedule: DigestScheduleRecord) -> Cadence:
    """The schedule's cadence; a period-end one marks the end of its reported period."""
    period_kind = schedule.period_kind
    if schedule.cadence == "period_end" and period_kind not in PERIOD_KINDS:
        period_kind = "month"
    return Cadence(
        schedule.cadence, weekday=schedule.weekday, day=schedule.day_of_month, period_kind=period_kind
    )


def timezone_of(store: ScheduleStore, schedule: DigestScheduleRecord) -> str:
    """A channel digest's own zone; a personal one follows its person, then the workspace."""
    if schedule.timezone:
        return schedule.timezone
    person = store.person(schedule.person_id) if schedule.person_id else None
    if person is not None and is_timezone(person.timezone):
        return person.timezone
    return store.workspace.timezone


def next_due(store: ScheduleStore, schedule: DigestScheduleRecord, now: datetime) -> Occurrence:
    return next_occurrence(
        cadence_of(schedule),
        parse_stored_time(schedule.local_time),
        timezone_of(store, schedule),
        now,
        workdays_of(store.workspace),
    )


def _settle(store: ScheduleStore, schedule: DigestScheduleRecord, now: datetime) -> None:
    """Counts every occurrence up to ``now`` as handled, so a change never posts a past one."""
    latest = latest_occurrence(
        cadence_of(schedule),
        parse_stored_time(schedule.local_time),
        timezone_of(store, schedule),
        now,
        workdays_of(store.workspace),
    )
    schedule.last_occurrence = latest.key if latest else None


# -- who may do what ------------------------------------------------------------------------------


def require_may_schedule(store: ScheduleStore, actor: Actor, scope: str, team_id: int | None) -> None:
    """Managers and admins; a manager only for the company or a team they manage."""
    require_manager(actor, "digest")
    if actor.is_admin or scope != "team":
        return
    if team_id not in managed_team_ids(store, actor):
        names = store.team_names_by_id()
        raise PermissionDenied("digest.team_denied", team=names.get(team_id, "?"))


def may_change(store: ScheduleStore, actor: Actor, schedule: DigestScheduleRecord) -> bool:
    if schedule.kind == PERSONAL:
        return schedule.person_id == actor.person_id
    if actor.is_admin or schedule.owner_id == actor.person_id:
        return True
    if actor.role is Role.MANAGER and schedule.scope == "team":
        return schedule.team_id in managed_team_ids(store, actor)
    return False


def changeable(store: ScheduleStore, actor: Actor, schedule_id: int) -> DigestScheduleRecord:
    """The schedule ``actor`` wants to change; NotFound or PermissionDenied otherwise."""
    schedule = store.digest_schedule(schedule_id)
    if schedule is None:
        raise NotFound("digest.not_found")
    if not may_change(store, actor, schedule):
        raise PermissionDenied("digest.denied")
    return schedule


def visible_schedules(store: ScheduleStore, actor: Actor) -> list[DigestScheduleRecord]:
    """The channel schedules ``actor`` may change: all of them for an admin."""
    require_manager(actor, "digest")
    return [s for s in store.digest_schedules(kind=CHANNEL) if may_change(store, actor, s)]


# -- changes --------------------------------------------------------------------------------------


def _apply(schedule: DigestScheduleRecord, spec: ScheduleSpec) -> None:
    schedule.channel_id = spec.channel_id
    schedule.scope = spec.scope
    schedule.team_id = spec.team_id if spec.scope == "team" else None
    _set_cadence(schedule, spec.cadence, spec.weekday)
    schedule.day_of_month = spec.day if spec.cadence == "monthly" else None
    schedule.period_kind = spec.period_kind
    schedule.local_time = spec.at
    schedule.timezone = spec.timezone
    schedule.sections = [s for s in SECTIONS if s in spec.sections]
    schedule.top_n = spec.top_n


def _set_cadence(schedule: DigestScheduleRecord, cadence: str, weekday: int | None) -> None:
    schedule.cadence = cadence
    schedule.weekday = weekday if cadence == "weekly" else None


def _save(
    store: ScheduleStore,
    actor: Actor,
    schedule: DigestScheduleRecord,
    action: str,
    *,
    now: datetime | None,
    **details,
) -> None:
    """Saves a changed schedule and audits ``action``. With ``now``, every occurrence up to it
    counts as handled: a change never posts a digest that was due before it."""
    if now is not None:
        _settle(store, schedule, now)
    store.save_digest_schedule(schedule)
    store.audit(
        actor_id=actor.person_id, action=action, entity="digest_schedule", entity_id=schedule.id, **details
    )


def check_schedule(
    store: ScheduleStore, actor: Actor, spec: ScheduleSpec, *, channel_problem: UserError | None = None
) -> None:
    """Everything that stops a channel digest being saved, at once and by field (``FieldErrors``,
    named as ``spec_errors`` names them): its values, the actor's right to schedule for its
    scope, and ``channel_problem``, why salesbot cannot post in its channel when the caller
    found out."""
    check = FieldCheck()
    for field, key in spec_errors(spec).items():
        check.refuse(field, InvalidInput(key, field=field))
    check.read("scope", lambda: require_may_schedule(store, actor, spec.scope, spec.team_id))
    if channel_problem is not None:
        check.refuse("channel", channel_problem)
    check.done()


def _described(schedule: DigestScheduleRecord) -> dict[str, Any]:
    return {
        "channel": schedule.channel_id,
        "scope": schedule.scope,
        "team_id": schedule.team_id,
        "cadence": schedule.cadence,
        "weekday": schedule.weekday,
        "day": schedule.day_of_month,
        "period_kind": schedule.period_kind,
        "time": schedule.local_time,
        "timezone": schedule.timezone,
        "sections": list(schedule.sections),
        "top_n": schedule.top_n,
    }


def create_schedule(
    store: ScheduleStore, actor: Actor, spec: ScheduleSpec, *, now: datetime, app_id: str | None = None
) -> DigestScheduleRecord:
    check_schedule(store, actor, spec)
    schedule = store.add_digest_schedule(
        kind=CHANNEL,
        cadence=spec.cadence,
        local_time=spec.at,
        owner_id=actor.person_id,
        created_by_id=actor.person_id,
        app_id=app_id,
    )
    _apply(schedule, spec)
    _save(store, actor, schedule, "digest.created", now=now, **_described(schedule))
    return schedule


def update_schedule(
    store: ScheduleStore,
    actor: Actor,
    schedule_id: int,
    spec: ScheduleSpec,
    *,
    now: datetime,
    app_id: str | None = None,
) -> DigestScheduleRecord:
    schedule = changeable(store, actor, schedule_id)
    if schedule.kind != CHANNEL:
        raise NotFound("digest.not_found")
    check_schedule(store, actor, spec)
    before = _described(schedule)
    _apply(schedule, spec)
    schedule.app_id = app_id or schedule.app_id
    _save(
        store,
        actor,
        schedule,
        "digest.updated",
        now=now,
        changes=changed_values(before, _described(schedule)),
    )
    return schedule


def set_paused(
    store: ScheduleStore, actor: Actor, schedule_id: int, paused: bool, *, now: datetime
) -> DigestScheduleRecord:
    schedule = changeable(store, actor, schedule_id)
    if schedule.paused == paused:
        return schedule
    schedule.paused = paused
    # Resumed, what fell due while paused is not posted late.
    _save(
        store, actor, schedule, "digest.paused" if paused else "digest.resumed", now=None if paused else now
    )
    return schedule


def delete_schedule(store: ScheduleStore, actor: Actor, schedule_id: int) -> dict[str, Any]:
    schedule = changeable(store, actor, schedule_id)
    described = _described(schedule)
    store.delete_digest_schedule(schedule)
    store.audit(
        actor_id=actor.person_id,
        action="digest.deleted",
        entity="digest_schedule",
        entity_id=schedule_id,
        kind=schedule.kind,
        **described,
    )
    return described


def record_run_now(store: ScheduleStore, actor: Actor, schedule_id: int) -> DigestScheduleRecord:
    """A "post now": allowed to whoever may change the schedule; audited."""
    schedule = changeable(store, actor, schedule_id)
    store.audit(
        actor_id=actor.person_id,
        action="digest.run_now",
        entity="digest_schedule",
        entity_id=schedule.id,
    )
    return schedule


# -- personal digests -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonalAsk:
    """``/sales digest me [TIME] [daily|weekdays|DAY]`` or ``me off``."""

    stop: bool = False
    at: time | None = None
    cadence: str | None = None
    weekday: int | None = None


STOP_WORDS = frozenset({"off", "stop", "av", "slutt", "unsubscribe", "avslutt", "none", "ingen"})
_CADENCE_WORDS = {
    "daily": "daily",
    "every day": "daily",
    "hver dag": "daily",
    "daglig": "daily",
    "weekdays": "weekdays",
    "workdays": "weekdays",
    "hverdager": "weekdays",
    "ukedager": "weekdays",
}


def _weekday_words() -> dict[str, int]:
    words: dict[str, int] = {}
    for locale in BABEL_LOCALES.values():
        for width in ("wide", "abbreviated"):
            for number, name in get_day_names(width, "format", locale).items():
                words[name.casefold().rstrip(".")] = number
    return words


_WEEKDAYS = _weekday_words()


def parse_personal(text: str) -> PersonalAsk:
    words = text.casefold().split()
    if not words:
        return PersonalAsk()
    if len(words) == 1 and words[0] in STOP_WORDS:
        return PersonalAsk(stop=True)
    at = cadence = weekday = None
    rest: list[str] = []
    joined = " ".join(words)
    for phrase, kind in _CADENCE_WORDS.items():
        if " " in phrase and phrase in joined:
            cadence = kind
            joined = joined.replace(phrase, " ")
    for word in joined.split():
        bare = word.strip(",.")
        if bare in _CADENCE_WORDS:
            cadence = _CADENCE_WORDS[bare]
        elif bare in _WEEKDAYS:
            cadence, weekday = "weekly", _WEEKDAYS[bare]
        elif bare in ("at", "kl", "kl."):
            continue
        else:
            rest.append(word)
    if rest:
        at = parse_time(" ".join(rest))
    return PersonalAsk(at=at, cadence=cadence, weekday=weekday)


def subscribe_personal(
    store: ScheduleStore,
    actor: Actor,
    ask: PersonalAsk,
    *,
    now: datetime,
    app_id: str | None = None,
) -> tuple[DigestScheduleRecord, bool]:
    """Starts or changes the actor's own DM digest; (schedule, whether anything changed)."""
    schedule = store.personal_digest(actor.person_id)
    created = schedule is None
    if created:
        schedule = store.add_digest_schedule(
            kind=PERSONAL,
            scope="person",
            person_id=actor.person_id,
            owner_id=actor.person_id,
            created_by_id=actor.person_id,
            cadence=PERSONAL_CADENCE,
            local_time=PERSONAL_TIME,
            sections=list(PERSONAL_SECTIONS),
            app_id=app_id,
        )
    before = _described(schedule)
    if ask.at is not None:
        schedule.local_time = time_text(ask.at)
    if ask.cadence is not None:
        _set_cadence(schedule, ask.cadence, ask.weekday)
    changed = created or _described(schedule) != before
    if changed:
        schedule.app_id = app_id or schedule.app_id
        schedule.paused = False
        action = "digest.subscribed" if created else "digest.updated"
        _save(store, actor, schedule, action, now=now, **_described(schedule))
    return schedule, changed


def update_personal(
    store: ScheduleStore,
    actor: Actor,
    schedule_id: int,
    *,
    cadence: str,
    weekday: int | None,
    at: str,
    now: datetime,
) -> DigestScheduleRecord:
    """The personal modal: how often and when, every wrong field refused at once (``FieldErrors``,
    named as ``spec_errors`` names them)."""
    schedule = changeable(store, actor, schedule_id)
    if schedule.kind != PERSONAL:
        raise NotFound("digest.not_found")
    check = FieldCheck()
    if cadence not in ("daily", "weekdays", "weekly"):
        check.refuse("cadence", InvalidInput("digest.cadence_missing", field="cadence"))
    elif cadence == "weekly" and (weekday is None or not 0 <= weekday <= 6):
        check.refuse("weekday", InvalidInput("digest.weekday_missing", field="weekday"))
    if not _TIME.fullmatch(at or ""):
        check.refuse("time", InvalidInput("digest.time_missing", field="time"))
    check.done()
    _set_cadence(schedule, cadence, weekday)
    schedule.local_time = at
    _save(store, actor, schedule, "digest.updated", now=now, **_described(schedule))
    return schedule


def unsubscribe_personal(store: ScheduleStore, actor: Actor) -> bool:
    schedule = store.personal_digest(actor.person_id)
    if schedule is None:
        return False
    delete_schedule(store, actor, schedule.id)
    return True


# -- describing a schedule ------------------------------------------------------------------------


def weekday_name(lang: str, weekday: int) -> str:
    return get_day_names("wide", "format", BABEL_LOCALES.get(lang, "en_US"))[weekday]


def describe_cadence(fmt: Formatter, schedule: DigestScheduleRecord, *, timezone: str | None = None) -> str:
    """``Weekdays at 09:00 (Europe/Oslo)``; ``Every Monday at 09:00``; ``Monthly on day 15 at 09:00``."""
    at = schedule.local_time
    kind = schedule.cadence
    if kind == "weekly":
        text = fmt.t("digest.cadence.weekly", weekday=weekday_name(fmt.lang, schedule.weekday or 0), time=at)
    elif kind == "monthly":
        text = fmt.t("digest.cadence.monthly", day=schedule.day_of_month, time=at)
    elif kind == "period_end":
        period = schedule.period_kind if schedule.period_kind in PERIOD_KINDS else "month"
        text = fmt.t("digest.cadence.period_end", period=fmt.t(f"period.kind.{period}"), time=at)
    else:
        text = fmt.t(f"digest.cadence.{kind}", time=at)
    return fmt.t("digest.in_timezone", cadence=text, timezone=timezone) if timezone else text


def describe_sections(fmt: Formatter, schedule: DigestScheduleRecord) -> str:
    """The schedule's sections, by name; one whose feature has no source yet is not named."""
    names = []
    offered = offered_sections()
    for section in (s for s in schedule.sections if s in offered):
        name = fmt.t(f"digest.section.{section}")
        if section == "leaderboard":
            name = fmt.t("digest.section.leaderboard_top", count=schedule.top_n)
        names.append(name)
    return ", ".join(names)


def when_text(fmt: Formatter, moment: datetime, tz: str, today: date) -> str:
    """``today 09:00``, ``tomorrow 09:00`` or ``Mon 30 Nov 09:00``, in ``tz``."""
    local = moment.astimezone(ZoneInfo(tz))
    clock = local.strftime("%H:%M")
    if local.date() == today:
        return fmt.t("digest.when.today", time=clock)
    if (local.date() - today).days == 1:
        return fmt.t("digest.when.tomorrow", time=clock)
    day = format_skeleton("MMMEd", local.date(), locale=fmt.locale)
    return fmt.t("digest.when.day", day=day, time=clock)
