"""Rewards: the workspace's catalog, nominations by managers, decisions by admins, budgets and
history (SPEC 1.6).

The rules, one function each:

- The catalog is kept by admins: a cash bonus (its amount, in the workspace currency), a bigger
  office, time off (days), a trip, or a custom reward; each with an optional value (what it
  costs) and an optional budget per period (the workspace's default kind of period). A reward
  with nominations is retired, never deleted, so history keeps it.
- A manager nominates someone they manage (an admin anyone, nobody themselves), with the reason
  and the achievement it recognises; a second submission of the same form nominates once.
- An admin approves or declines, with a note. A decision is written only while the nomination
  is pending, so a double click, a Slack retry or a second admin deciding at once finds it
  decided and is told by whom. Approving beyond the reward's remaining budget for the period
  needs a second confirmation. Approved time off is recorded as time off (``salesbot.away``),
  the given number of working days from its first day, and so left out of pacing.
- History: per person and period, with each reward's spend against its budget. Admins see
  everyone's, managers their people's, a person their own.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Protocol

from salesbot import away
from salesbot.access import Actor, require_admin, require_manager
from salesbot.amounts import parse_amount
from salesbot.errors import Conflict, FieldCheck, InvalidInput, NotFound, PermissionDenied
from salesbot.goals import default_period
from salesbot.periods import Period
from salesbot.records import AuditTrail, InWorkspace, PersonRecord
from salesbot.workdays import workdays_of

KINDS = ("cash", "office", "time_off", "trip", "custom")
NAME_MAX, REASON_MAX, ACHIEVEMENT_MAX, NOTE_MAX = 80, 500, 300, 500
DAYS_MAX = 60
PENDING, APPROVED, DECLINED = "pending", "approved", "declined"

# Field names, so a form shows each error on its own field.
F_KIND, F_NAME, F_VALUE, F_DAYS, F_BUDGET = "kind", "name", "value", "days", "budget"
F_PERSON, F_REWARD, F_REASON, F_ACHIEVEMENT, F_STARTS = "person", "reward", "reason", "achievement", "starts"
F_NOTE, F_CONFIRM = "note", "confirm"


class RewardRecord(Protocol):
    """A reward on the catalog (``storage.models.Reward``)."""

    id: int
    kind: str
    name: str
    value: Decimal | None
    days: int | None
    budget: Decimal | None
    active: bool


class NominationRecord(Protocol):
    """A nomination and its decision (``storage.models.Nomination``)."""

    id: int
    reward_id: int
    person_id: int
    nominated_by_id: int | None
    reason: str
    achievement: str
    value: Decimal | None
    days: int | None
    starts_on: date | None
    period_key: str
    status: str
    note: str
    decided_by_id: int | None
    decided_at: datetime | None
    over_budget: bool
    time_off_id: int | None
    created_at: datetime


class RewardStore(away.AwayStore, InWorkspace, AuditTrail, Protocol):
    """What the catalog, nominations and decisions need of the store."""

    def person(self, person_id: int) -> PersonRecord | None: ...
    def people_by_ids(self, person_ids) -> Mapping[int, PersonRecord]: ...
    def rewards(self, *, include_retired: bool = False) -> Sequence[RewardRecord]: ...
    def reward(self, reward_id: int) -> RewardRecord | None: ...
    def reward_by_name(self, name: str) -> RewardRecord | None: ...
    def add_reward(self, **fields: object) -> RewardRecord: ...
    def update_reward(self, reward_id: int, **fields: object) -> None: ...
    def reward_in_use(self, reward_id: int) -> bool: ...
    def delete_reward(self, reward_id: int) -> None: ...
    def add_nomination(self, **fields: object) -> NominationRecord | None: ...
    def nomination(self, nomination_id: int) -> NominationRecord | None: ...
    def decide_nomination(self, nomination_id: int, **decision: object) -> bool: ...
    def nominations(
        self,
        *,
        person_ids: Collection[int] | None = None,
        period_key: str | None = None,
        status: str | None = None,
    ) -> Sequence[NominationRecord]: ...
    def reward_spend(self, period_key: str) -> Mapping[int, Decimal]: ...


# -- the catalog -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RewardDraft:
    kind: str
    name: str
    value: str = ""
    days: str = ""
    budget: str = ""


def _money(text: str, lang: str, currency: str, field: str) -> Decimal | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return parse_amount(text, lang, currency=currency)
    except InvalidInput as error:
        raise InvalidInput(error.key, example=error.example, field=field, **error.params) from error


def _days(text: str, field: str = F_DAYS) -> int | None:
    text = (text or "").strip()
    if not text:
        return None
    if not text.isdigit() or not 1 <= int(text) <= DAYS_MAX:
        raise InvalidInput("rewards.days_invalid", field=field, max=DAYS_MAX)
    return int(text)


def _checked_reward(
    store: RewardStore, actor: Actor, draft: RewardDraft, *, editing: RewardRecord | None = None
) -> tuple[str, Decimal | None, int | None, Decimal | None]:
    """The form's name, value, days and budget, every field's error at once. A name clash is
    with another active reward when adding (a retired one of that name comes back), with any
    other reward when editing (two rewards cannot share a name, retired or not)."""
    lang, currency = actor.lang, store.workspace.currency
    check = FieldCheck()
    if draft.kind not in KINDS:
        check.refuse(F_KIND, InvalidInput("rewards.kind_invalid", field=F_KIND))
    elif editing is not None and draft.kind != editing.kind and store.reward_in_use(editing.id):
        # Its nominations were made (and approved) as this kind: a cash bonus must not turn
        # into time off under them. A new reward is the way.
        check.refuse(F_KIND, InvalidInput("rewards.kind_in_use", field=F_KIND))
    name = " ".join((draft.name or "").split())
    if not name:
        check.refuse(F_NAME, InvalidInput("rewards.name_missing", field=F_NAME))
    elif len(name) > NAME_MAX:
        check.refuse(F_NAME, InvalidInput("rewards.name_too_long", field=F_NAME, max=NAME_MAX))
    elif (same := store.reward_by_name(name)) is not None and (
        same.id != editing.id if editing is not None else same.active
    ):
        check.refuse(F_NAME, Conflict("rewards.name_taken", field=F_NAME, name=name))
    value = check.read(F_VALUE, lambda: _money(draft.value, lang, currency, F_VALUE))
    days = check.read(F_DAYS, lambda: _days(draft.days))
    budget = check.read(F_BUDGET, lambda: _money(draft.budget, lang, currency, F_BUDGET))
    if draft.kind == "cash" and not draft.value.strip() and F_VALUE not in check.errors:
        check.refuse(F_VALUE, InvalidInput("rewards.cash_needs_amount", field=F_VALUE))
    if draft.kind == "time_off" and days is None and F_DAYS not in check.errors:
        check.refuse(F_DAYS, InvalidInput("rewards.time_off_needs_days", field=F_DAYS))
    check.done()
    return name, value, days, budget


def add_reward(store: RewardStore, actor: Actor, draft: RewardDraft) -> RewardRecord:
    """Adds a reward to the catalog (admins); every field's error at once."""
    require_admin(actor, "reward add")
    name, value, days, budget = _checked_reward(store, actor, draft)
    same = store.reward_by_name(name)
    if same is not None:  # a retired one of the same name comes back as described now
        same.kind, same.value, same.days, same.budget, same.active = draft.kind, value, days, budget, True
        reward = same
    else:
        reward = store.add_reward(
            kind=draft.kind, name=name, value=value, days=days, budget=budget, created_by_id=actor.person_id
        )
    store.audit(
        actor_id=actor.person_id,
        action="reward.added",
        entity="reward",
        entity_id=reward.id,
        kind=draft.kind,
        name=name,
        value=value,
        days=days,
        budget=budget,
    )
    return reward


def edit_reward(store: RewardStore, actor: Actor, reward_id: int, draft: RewardDraft) -> RewardRecord:
    """Changes an active catalog reward (admins), checked as when added; audited with what changed.

    A nomination refers to its reward by id and keeps its own value and days (copied when it was
    made), so an edit does not change what was nominated or awarded. What a nomination does take
    from the reward as it is now: its name in messages and history; for a pending one, the
    budget, checked at approval against the reward's budget then; and, for one made while the
    reward had no value, the value it counts at (``nomination_value``). The kind cannot change
    once the reward has nominations.
    """
    require_admin(actor, "reward add")
    reward = store.reward(reward_id)
    if reward is None or not reward.active:
        raise NotFound("rewards.reward_not_found")
    name, value, days, budget = _checked_reward(store, actor, draft, editing=reward)
    now = {"kind": draft.kind, "name": name, "value": value, "days": days, "budget": budget}
    changed = {
        field: [_audited(getattr(reward, field)), _audited(new)]
        for field, new in now.items()
        if getattr(reward, field) != new
    }
    if changed:
        store.update_reward(reward.id, **now)
        store.audit(
            actor_id=actor.person_id,
            action="reward.edited",
            entity="reward",
            entity_id=reward.id,
            changed=changed,
        )
    return reward


def _audited(value: object) -> object:
    return str(value) if isinstance(value, Decimal) else value


def retire_reward(store: RewardStore, actor: Actor, reward_id: int) -> tuple[RewardRecord, bool]:
    """Takes a reward off the catalog: retired when it has nominations, else deleted."""
    require_admin(actor, "reward add")
    reward = store.reward(reward_id)
    if reward is None or not reward.active:
        raise NotFound("rewards.reward_not_found")
    kept = store.reward_in_use(reward.id)
    if kept:
        reward.active = False
    else:
        store.delete_reward(reward.id)
    store.audit(
        actor_id=actor.person_id,
        action="reward.retired" if kept else "reward.deleted",
        entity="reward",
        entity_id=reward_id,
    )
    return reward, kept


# -- budgets -----------------------------------------------------------------------------------


def budget_period(store: InWorkspace, day: date) -> Period:
    return default_period(store, day)


def nomination_value(nomination: NominationRecord, reward: RewardRecord) -> Decimal:
    """What a nomination costs: its own amount, else the reward's value, else nothing."""
    if nomination.value is not None:
        return nomination.value
    return reward.value if reward.value is not None else Decimal(0)


@dataclass(frozen=True)
class Budget:
    reward: RewardRecord
    period: Period
    spent: Decimal

    @property
    def remaining(self) -> Decimal | None:
        return None if self.reward.budget is None else self.reward.budget - self.spent


def budget_of(store: RewardStore, reward: RewardRecord, period: Period) -> Budget:
    return Budget(reward, period, store.reward_spend(period.key).get(reward.id, Decimal(0)))


def is_over_budget(
    store: RewardStore, nomination: NominationRecord, reward: RewardRecord, today: date
) -> bool:
    """Whether approving ``nomination`` today would spend beyond the reward's remaining budget."""
    remaining = budget_of(store, reward, budget_period(store, today)).remaining
    return remaining is not None and nomination_value(nomination, reward) > remaining


# -- nominating --------------------------------------------------------------------------------


@dataclass(frozen=True)
class NominationDraft:
    reward_id: int | None
    reason: str
    achievement: str
    value: str = ""
    days: str = ""
    starts_on: date | None = None


def require_may_nominate(actor: Actor, person: PersonRecord) -> None:
    """Managers nominate the people they manage, admins anyone; nobody themselves."""
    require_manager(actor, "reward")
    if person.id == actor.person_id:
        raise PermissionDenied("rewards.not_yourself")
    if person.is_bot or person.deleted:
        raise InvalidInput("rewards.not_a_person", name=person.name)
    if not actor.may_manage(person.id):
        raise PermissionDenied("rewards.not_your_person", name=person.name)


def nominate(
    store: RewardStore,
    actor: Actor,
    person: PersonRecord,
    draft: NominationDraft,
    *,
    today: date,
    request_key: str,
) -> NominationRecord | None:
    """A nomination, pending an admin's decision; None when ``request_key`` nominated already."""
    require_may_nominate(actor, person)
    check = FieldCheck()
    reward = store.reward(draft.reward_id) if draft.reward_id else None
    if reward is None or not reward.active:
        check.refuse(F_REWARD, InvalidInput("rewards.reward_missing", field=F_REWARD))
    reason = " ".join((draft.reason or "").split())
    achievement = " ".join((draft.achievement or "").split())
    for field, text, most in ((F_REASON, reason, REASON_MAX), (F_ACHIEVEMENT, achievement, ACHIEVEMENT_MAX)):
        if not text:
            check.refuse(field, InvalidInput(f"rewards.{field}_missing", field=field))
        elif len(text) > most:
            check.refuse(field, InvalidInput("rewards.too_long", field=field, max=most))
    value = check.read(F_VALUE, lambda: _money(draft.value, actor.lang, store.workspace.currency, F_VALUE))
    days = check.read(F_DAYS, lambda: _days(draft.days))
    if draft.starts_on is not None and draft.starts_on < today:
        check.refuse(F_STARTS, InvalidInput("rewards.starts_past", field=F_STARTS))
    check.done()
    nomination = store.add_nomination(
        reward_id=reward.id,
        person_id=person.id,
        nominated_by_id=actor.person_id,
        reason=reason,
        achievement=achievement,
        value=value if value is not None else reward.value,
        days=days if days is not None else reward.days,
        starts_on=draft.starts_on if reward.kind == "time_off" else None,
        period_key=budget_period(store, today).key,
        request_key=request_key,
    )
    if nomination is not None:
        store.audit(
            actor_id=actor.person_id,
            action="reward.nominated",
            entity="nomination",
            entity_id=nomination.id,
            person_id=person.id,
            reward_id=reward.id,
        )
    return nomination


# -- deciding ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    nomination: NominationRecord
    reward: RewardRecord
    person: PersonRecord
    approved: bool
    note: str = ""
    over_budget: bool = False
    time_off: tuple[date, date] | None = None


def time_off_days(store: InWorkspace, start: date, days: int) -> tuple[date, date]:
    """``days`` working days from ``start`` (a day off on the way does not count)."""
    workdays = workdays_of(store.workspace)
    day, counted = start, 0
    while True:
        if workdays.is_working_day(day):
            counted += 1
            if counted == days:
                return start, day
        day += timedelta(days=1)


def decide(
    store: RewardStore,
    actor: Actor,
    nomination_id: int,
    *,
    approve: bool,
    note: str,
    confirmed: bool,
    starts_on: date | None,
    today: date,
    now: datetime,
) -> Decision:
    """An admin's decision, written once (``WHERE status = 'pending'``): a second decision, a
    double click or a retry is refused with who decided."""
    require_admin(actor, "reward pending")
    nomination = store.nomination(nomination_id)
    if nomination is None:
        raise NotFound("rewards.nomination_not_found")
    _refuse_if_decided(store, nomination)
    reward = store.reward(nomination.reward_id)
    person = store.person(nomination.person_id)
    note = " ".join((note or "").split())
    check = FieldCheck()
    if len(note) > NOTE_MAX:
        check.refuse(F_NOTE, InvalidInput("rewards.too_long", field=F_NOTE, max=NOTE_MAX))
    if not approve and not note:
        check.refuse(F_NOTE, InvalidInput("rewards.decline_needs_note", field=F_NOTE))
    over = approve and is_over_budget(store, nomination, reward, today)
    if over and not confirmed:
        check.refuse(F_CONFIRM, InvalidInput("rewards.confirm_over_budget", field=F_CONFIRM))
    time_off = None
    if approve and reward.kind == "time_off":
        start = starts_on or nomination.starts_on
        if start is None:
            check.refuse(F_STARTS, InvalidInput("rewards.starts_missing", field=F_STARTS))
        elif start < today:
            check.refuse(F_STARTS, InvalidInput("rewards.starts_past", field=F_STARTS))
        else:
            time_off = time_off_days(store, start, nomination.days or 1)
    check.done()
    decided = store.decide_nomination(
        nomination.id,
        status=APPROVED if approve else DECLINED,
        note=note,
        decided_by_id=actor.person_id,
        decided_at=now,
        over_budget=over,
        period_key=budget_period(store, today).key,
    )
    if not decided:  # another admin, or this one's other click, got there first
        _refuse_if_decided(store, store.nomination(nomination.id), fresh=True)
    if time_off is not None:
        change = away.record_time_off(store, actor, person.id, *time_off)
        nomination.time_off_id = change.time_off.id
    store.audit(
        actor_id=actor.person_id,
        action="reward.approved" if approve else "reward.declined",
        entity="nomination",
        entity_id=nomination.id,
        over_budget=over,
        note=note,
    )
    return Decision(nomination, reward, person, approve, note, over, time_off)


def _refuse_if_decided(store: RewardStore, nomination: NominationRecord, *, fresh: bool = False) -> None:
    if fresh:
        # The row this session holds may be stale: the other decision is what counts.
        nomination = store.nomination(nomination.id)
    if nomination.status == PENDING:
        return
    decider = store.person(nomination.decided_by_id) if nomination.decided_by_id else None
    raise Conflict(
        f"rewards.already_{nomination.status}",
        field=F_NOTE,
        user=f"<@{decider.slack_user_id}>" if decider else "?",
    )


# -- history -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class History:
    period: Period
    nominations: list[NominationRecord]
    rewards: Mapping[int, RewardRecord]
    people: Mapping[int, PersonRecord]
    budgets: list[Budget]  # the rewards with a budget, spend against it (admins and managers)


def whose_rewards(actor: Actor) -> list[int] | None:
    """Whose nominations ``actor`` may see, pending ones too: an admin everyone's (None), a
    manager their people's and their own, anyone else their own."""
    if actor.is_admin:
        return None
    if actor.is_manager:
        return sorted(actor.managed_person_ids | {actor.person_id})
    return [actor.person_id]


def counts_in(nomination: NominationRecord, period: Period) -> bool:
    """Whether ``nomination`` belongs to ``period``: its budget period (the day it was made, or
    decided) overlaps it. A month's nominations for a month, a quarter's months for a quarter."""
    try:
        own = Period.from_key(nomination.period_key)
    except ValueError:
        return False
    return own.start <= period.end and own.end >= period.start


def history(
    store: RewardStore, actor: Actor, *, period: Period, person: PersonRecord | None = None
) -> History:
    """Nominations in ``period``: a person's own; a manager's people's; an admin's everyone's."""
    if person is not None:
        if not actor.may_manage(person.id):
            raise PermissionDenied("rewards.history_not_yours", name=person.name)
        ids: Collection[int] | None = [person.id]
    else:
        ids = whose_rewards(actor)
    found = list(store.nominations(person_ids=ids, period_key=period.key))
    rewards = {r.id: r for r in store.rewards(include_retired=True)}
    people = store.people_by_ids({n.person_id for n in found})
    budgets = (
        [budget_of(store, reward, period) for reward in rewards.values() if reward.budget is not None]
        if actor.is_admin or actor.is_manager
        else []
    )
    return History(period, found, rewards, people, budgets)
