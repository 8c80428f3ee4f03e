"""Time off: days a person is away, left out of their pacing.

Rules: FROM is not after TO; one entry spans at most a year (longer is nearly always a
mistyped year); people record their own, managers for their people, admins for anyone. The
form's fields are checked together, every wrong one refused at once (``read_time_off_form``).
A person's ranges that overlap or touch are merged into one, so every day counts once and
the list stays short; a range already covered changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Protocol

from salesbot.access import Actor
from salesbot.commands import PLAIN_MENTION, split_subcommand, take_mentions
from salesbot.errors import FieldCheck, InvalidInput, NotFound, PermissionDenied
from salesbot.periods import parse_date, parse_period
from salesbot.records import AuditTrail, PersonFinder, PersonRecord, TimeOffRecord

MAX_DAYS = 366
LIST_LIMIT = 20
# How long time off that has ended stays in the list: it still counts in this month's pacing,
# and a wrong entry can still be removed.
RECENT_DAYS = 30
NOW, UPCOMING, RECENT = "now", "upcoming", "recent"
PHASES = (NOW, UPCOMING, RECENT)

ADD, LIST, REMOVE = "add", "list", "remove"
# The form's fields, as its errors name them.
F_PERSON, F_START, F_END = "person", "start", "end"
_ACTIONS = {"list": LIST, "liste": LIST, "vis": LIST, "remove": REMOVE, "fjern": REMOVE, "slett": REMOVE}
_LEADING = ("from", "fra")


class AwayStore(AuditTrail, Protocol):
    """What recording and listing time off needs of the store."""

    def time_off_entry(self, time_off_id: int) -> TimeOffRecord | None: ...
    def time_off_touching(self, person_id: int, start: date, end: date) -> Sequence[TimeOffRecord]: ...
    def add_time_off(self, **fields: object) -> TimeOffRecord: ...
    def save_time_off(self, entry: TimeOffRecord) -> TimeOffRecord: ...
    def delete_time_off(self, entry: TimeOffRecord) -> None: ...
    def listed_time_off(
        self, person_ids: Collection[int] | None, *, today: date, since: date, limit: int = 20
    ) -> Sequence[tuple[TimeOffRecord, PersonRecord]]: ...
    def count_listed_time_off(self, person_ids: Collection[int] | None, *, since: date) -> int: ...


@dataclass(frozen=True)
class AwayCommand:
    """``/sales away FROM TO [@user]``, ``away list [@user]`` or ``away remove``, read."""

    action: str
    start: date | None = None
    end: date | None = None
    user_id: str | None = None


@dataclass(frozen=True)
class TimeOffChange:
    """The entry now covering the range, the entries merged into it, and whether anything changed."""

    time_off: TimeOffRecord
    merged: list[tuple[date, date]] = field(default_factory=list)
    unchanged: bool = False


def parse_away(text: str, *, today: date, lang: str) -> AwayCommand:
    word, rest = split_subcommand(text)
    action = _ACTIONS.get(word)
    user_ids, remainder = take_mentions(rest if action else text)
    plain = PLAIN_MENTION.findall(remainder)
    if plain:
        raise InvalidInput("command.plain_mention", example="away.usage", text=plain[0])
    if len(user_ids) > 1:
        raise InvalidInput("away.one_person", example="away.usage")
    user_id = user_ids[0] if user_ids else None
    if action:
        if remainder:
            raise InvalidInput("away.form", example="away.usage", text=remainder)
        return AwayCommand(action=action, user_id=user_id)
    if not remainder:
        raise InvalidInput("away.dates_missing", example="away.usage")
    start, end = _dates(remainder, today=today, lang=lang)
    return AwayCommand(action=ADD, start=start, end=end, user_id=user_id)


def _dates(text: str, *, today: date, lang: str) -> tuple[date, date]:
    """One day (``24.12``, ``i morgen``), or two days (``24.12 2.1``, ``1 dec to 5 dec``), a range
    or a month as periods read them: a last day written without a year is the next such day
    after the first, so time off runs over New Year."""
    words = text.split()
    single = " ".join(words[1:] if words[0].casefold() in _LEADING else words)
    try:
        day = parse_date(single, today=today, lang=lang)
    except InvalidInput:
        pass
    else:
        return _checked(day, day, text)
    try:
        period = parse_period(text, today=today, lang=lang)
    except InvalidInput as error:
        if error.key == "period.range_reversed":
            raise InvalidInput("away.reversed", example="away.usage", text=text) from None
        raise InvalidInput("away.dates_invalid", example="away.usage", text=text) from None
    if period.start.year < period.end.year and not _YEAR.search(text):
        _check_rolled_over(period.start, period.end, text)
    return _checked(period.start, period.end, text)


# A year written out: 2026, or 26 as the third part of a date (24.12.26).
_YEAR = re.compile(r"\b\d{4}\b|\b\d{1,2}[./]\d{1,2}[./]\d{2}\b")
# Time off over New Year is a holiday or two; a longer stretch read from days without years is
# more likely two days typed the wrong way round than months away, so it is asked about.
ROLLED_OVER_DAYS = 31


def _check_rolled_over(start: date, end: date, text: str) -> None:
    days = (end - start).days + 1
    if days > ROLLED_OVER_DAYS:
        raise InvalidInput(
            "away.rolled_over_long", example="away.usage", text=text, start=start, end=end, days=days
        )


def _checked(start: date, end: date, text: str) -> tuple[date, date]:
    check_range(start, end, text=text)
    return start, end


def check_range(start: date, end: date, *, text: str = "") -> None:
    if start > end:
        raise InvalidInput("away.reversed", example="away.usage", text=text or f"{start} {end}")
    if (end - start).days + 1 > MAX_DAYS:
        raise InvalidInput("away.too_long", example="away.usage", days=MAX_DAYS, field=F_END)


def require_may_record(actor: Actor, person_id: int) -> None:
    """People record their own time off, managers their people's, admins anyone's."""
    if not actor.may_manage(person_id):
        raise PermissionDenied("away.not_allowed", field=F_PERSON)


def read_time_off_form(
    actor: Actor,
    *,
    person: PersonRecord,
    user_id: str | None,
    start: date | None,
    end: date | None,
    find_person: PersonFinder,
) -> PersonRecord:
    """Whose time off the form records (``person`` unless it picked someone, ``user_id``), its
    days checked with it: everything wrong is refused at once, by field (``FieldErrors``)."""
    check = FieldCheck()
    if user_id:
        person = check.read(F_PERSON, lambda: find_person(user_id))
    if person is not None:
        check.read(F_PERSON, lambda: require_may_record(actor, person.id))
    for name, day in ((F_START, start), (F_END, end)):
        if day is None:
            check.refuse(name, InvalidInput("away.dates_missing", field=name))
    if start is not None and end is not None:
        if start > end:
            check.refuse(F_END, InvalidInput("away.reversed_modal", field=F_END))
        else:
            check.read(F_END, lambda: check_range(start, end))
    check.done()
    return person


def record_time_off(store: AwayStore, actor: Actor, person_id: int, start: date, end: date) -> TimeOffChange:
    require_may_record(actor, person_id)
    check_range(start, end)
    touching = store.time_off_touching(person_id, start - timedelta(days=1), end + timedelta(days=1))
    covering = next((row for row in touching if row.start <= start and end <= row.end), None)
    if covering is not None:
        return TimeOffChange(time_off=covering, unchanged=True)
    merged = [(row.start, row.end) for row in touching]
    if touching:
        kept, *others = touching
        kept.start = min([start, *(row.start for row in touching)])
        kept.end = max([end, *(row.end for row in touching)])
        for row in others:
            store.delete_time_off(row)
        entry = store.save_time_off(kept)
    else:
        entry = store.add_time_off(person_id=person_id, start=start, end=end, created_by_id=actor.person_id)
    store.audit(
        actor_id=actor.person_id,
        action="time_off.recorded",
        entity="time_off",
        entity_id=entry.id,
        person_id=person_id,
        start=entry.start.isoformat(),
        end=entry.end.isoformat(),
        merged=[[a.isoformat(), b.isoformat()] for a, b in merged],
    )
    return TimeOffChange(time_off=entry, merged=merged)


def remove_time_off(store: AwayStore, actor: Actor, time_off_id: int) -> TimeOffRecord:
    entry = store.time_off_entry(time_off_id)
    if entry is None:
        raise NotFound("away.not_found")
    require_may_record(actor, entry.person_id)
    store.delete_time_off(entry)
    store.audit(
        actor_id=actor.person_id,
        action="time_off.removed",
        entity="time_off",
        entity_id=time_off_id,
        person_id=entry.person_id,
        start=entry.start.isoformat(),
        end=entry.end.isoformat(),
    )
    return entry


def listed_time_off(
    store: AwayStore, actor: Actor, *, today: date, person_id: int | None = None
) -> tuple[Sequence[tuple[TimeOffRecord, PersonRecord]], int]:
    """(TimeOff, Person) pairs under way, coming up, or ended in the last ``RECENT_DAYS`` days,
    and how many there are in all: those under way or to come first, soonest first, then
    those ended, the latest first.

    For one person when named (if the actor may see theirs); otherwise the actor's own and,
    for managers, their people's; admins see everyone's.
    """
    if person_id is not None:
        require_may_record(actor, person_id)
        people = [person_id]
    elif actor.is_admin:
        people = None
    else:
        people = [actor.person_id, *sorted(actor.managed_person_ids)]
    since = today - timedelta(days=RECENT_DAYS)
    return (
        store.listed_time_off(people, today=today, since=since, limit=LIST_LIMIT),
        store.count_listed_time_off(people, since=since),
    )


def phase(entry: TimeOffRecord, today: date) -> str:
    """``NOW`` for time off under way today, ``UPCOMING`` for later, ``RECENT`` for ended."""
    if entry.end < today:
        return RECENT
    return UPCOMING if entry.start > today else NOW
