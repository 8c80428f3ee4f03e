"""Goals: set for a person, a team or the company; revised with a reason; covered by members' goals.

A goal is identified by its *key*: scope, subject, metric, period and product
(``person:12|revenue|2026-11|-``). Setting a goal whose key exists is a revision: it needs a
reason (category and free text), keeps the old and new target in a ``GoalRevision`` and
changes the goal's target. Setting the same target again changes nothing.

Who may set goals: admins anything; managers the people in the teams they manage and those
teams, not the company; reps nothing.

The text form (``/sales goal``) is read by :func:`parse_goal_command`::

    [@user | team:NAME | company] AMOUNT [revenue|units|deals] [PRODUCT] [PERIOD] [REASON]

The subject (a mention or ``team:NAME`` anywhere, ``company`` as the first word) is required: a
manager or admin who leaves it out is asked whom the goal is for, rather than salesbot guessing
between themselves, a team and the company. The metric, the product (a catalog name, the
longest that fits, or ``product:NAME``) and the period follow the amount in any order (a period
or product may also come before it). What follows them is a revision's reason: a leading
category word (``economy``, ``konkurranse``…) sets its category, else it is "other". A new goal
takes no reason, so words left over there are refused, never dropped (:func:`set_typed_goal`).
Text that looks like a mistyped period (``novembr``, ``Q5``) is refused rather than read as a
reason.

A goal's period is read ahead and must not have ended (:func:`read_goal_period`).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import NamedTuple, Protocol

from babel.dates import get_month_names

from salesbot.access import Actor, Role
from salesbot.amounts import parse_amount
from salesbot.commands import PLAIN_MENTION, take_mentions
from salesbot.errors import Conflict, FieldCheck, FieldErrors, InvalidInput, NotFound, PermissionDenied
from salesbot.i18n import BABEL_LOCALES, Formatter
from salesbot.names import closest
from salesbot.periods import Period, current_period, parse_period
from salesbot.products import ProductLookup, choose_product
from salesbot.records import (
    AuditTrail,
    GoalFinder,
    GoalRecord,
    GoalRevisionRecord,
    InWorkspace,
    PersonFinder,
    PersonRecord,
    ProductRecord,
    TeamRecord,
)
from salesbot.teams import TeamLookup, find_team, managed_team_ids, teams_of_actor

SCOPES = ("person", "team", "company")
# The fields of a goal form, as ``FieldErrors`` name them.
F_SCOPE, F_PERSON, F_TEAM, F_TARGET, F_PERIOD, F_PRODUCT, F_REASON = (
    "scope",
    "person",
    "team",
    "target",
    "period",
    "product",
    "reason",
)
METRICS = ("revenue", "units", "deals")
REASONS = ("performance", "economy", "competition", "other")
OPEN = "open"
# Goal.target is Numeric(16, 2): fourteen whole digits.
MAX_TARGET = Decimal("1e13")
REASON_MAX = 2000
NO_PRODUCT = "-"
# A subject's goals looked at when finding those a goal overlaps or counts towards.
COVERING_GOALS = 100

# Words of both languages, whatever the reader's: Norwegian teams often type English.
METRIC_WORDS = {
    "revenue": "revenue",
    "omsetning": "revenue",
    "inntekt": "revenue",
    "units": "units",
    "unit": "units",
    "enheter": "units",
    "enhet": "units",
    "stk": "units",
    "stykk": "units",
    "deals": "deals",
    "deal": "deals",
    "avtaler": "deals",
    "avtale": "deals",
    "orders": "deals",
    "ordrer": "deals",
}
REASON_WORDS = {
    "performance": "performance",
    "ytelse": "performance",
    "prestasjon": "performance",
    "economy": "economy",
    "økonomi": "economy",
    "økonomien": "economy",
    "okonomi": "economy",
    "competition": "competition",
    "konkurranse": "competition",
    "konkurransen": "competition",
    "other": "other",
    "annet": "other",
}
COMPANY_WORDS = frozenset({"company", "selskap", "selskapet", "firma", "firmaet"})
TEAM_PREFIXES = ("team:", "lag:")
PRODUCT_PREFIXES = ("product:", "produkt:")
LIST_WORDS = frozenset({"list", "liste", "vis", "show"})
HISTORY_WORDS = frozenset({"history", "historikk", "historie"})

_USERGROUP = re.compile(r"<!subteam\^[A-Z0-9]+(?:\|[^>]*)?>")
_QUOTES = "\"'“”«»"
# The longest amount ("kr 1 500 000,-") and period ("from 3 nov 2026 to 15 des") people type.
_AMOUNT_WORDS = 6
_PERIOD_WORDS = 7
_RELATIVE_WORDS = frozenset(
    {"this", "next", "last", "previous", "current", "denne", "dette", "neste", "forrige", "inneværende"}
)
_MONTH_NAMES = sorted(
    {
        name.casefold()
        for locale in BABEL_LOCALES.values()
        for name in get_month_names("wide", locale=locale).values()
    }
)


class MemberGoal(NamedTuple):
    """A team member's own goal, as coverage counts it."""

    person_id: int
    start: date
    end: date
    target: Decimal


class CoverageStore(Protocol):
    """How a team's members' own goals add up."""

    def member_goals_within(self, team_goal: GoalRecord) -> Sequence[MemberGoal]: ...
    def team_member_count(self, team_id: int) -> int: ...


class GoalStore(GoalFinder, CoverageStore, TeamLookup, ProductLookup, InWorkspace, AuditTrail, Protocol):
    """What setting, revising and listing goals needs of the store."""

    def goal_by_key(self, goal_key: str) -> GoalRecord | None: ...
    def goal(self, goal_id: int) -> GoalRecord | None: ...
    def add_goal(self, **fields: object) -> GoalRecord: ...
    def save_goal(self, goal: GoalRecord) -> GoalRecord: ...
    def claim_request(self, request_key: str) -> bool: ...
    def add_goal_revision(self, **fields: object) -> GoalRevisionRecord: ...
    def goal_revisions(self, goal_id: int, *, limit: int | None = None) -> Sequence[GoalRevisionRecord]: ...
    def goal_revision_counts(self, goal_ids: Iterable[int]) -> Mapping[int, int]: ...
    def team_by_id(self, team_id: int) -> TeamRecord | None: ...
    def goal_subjects(
        self, goals: Iterable[GoalRecord]
    ) -> tuple[
        Mapping[int, PersonRecord],
        Mapping[int, TeamRecord],
        Mapping[int, ProductRecord],
    ]: ...


def goal_key(scope: str, subject_id: int | None, metric: str, period_key: str, product_id: int | None) -> str:
    """What makes two goals the same goal: ``person:12|revenue|2026-11|-``, ``company|units|2026-Q4|7``."""
    if scope not in SCOPES or metric not in METRICS:
        raise ValueError(f"no goal of scope {scope!r} and metric {metric!r}")
    subject = "company" if scope == "company" else f"{scope}:{subject_id}"
    return f"{subject}|{metric}|{period_key}|{product_id if product_id is not None else NO_PRODUCT}"


def goal_period(goal: GoalRecord) -> Period:
    return Period(goal.period_kind, goal.period_start, goal.period_end)


@dataclass(frozen=True)
class Subject:
    """Whom a goal is for: a person, a team, or the company (neither)."""

    scope: str
    person: PersonRecord | None = None
    team: TeamRecord | None = None

    @property
    def id(self) -> int | None:
        if self.scope == "person":
            return self.person.id
        if self.scope == "team":
            return self.team.id
        return None


@dataclass(frozen=True)
class Reason:
    category: str
    text: str = ""


@dataclass(frozen=True)
class GoalSpec:
    subject: Subject
    metric: str
    target: Decimal
    period: Period
    product: ProductRecord | None = None

    @property
    def key(self) -> str:
        product_id = self.product.id if self.product is not None else None
        return goal_key(self.subject.scope, self.subject.id, self.metric, self.period.key, product_id)


@dataclass(frozen=True)
class GoalChange:
    """What setting or revising a goal did.

    ``outcome``: ``created``, ``revised``, ``unchanged`` (same target; nothing written),
    ``needs_reason`` (a revision without a reason; nothing written) or ``duplicate`` (the same
    request seen before, such as a modal submitted twice; nothing written).
    """

    outcome: str
    goal: GoalRecord | None
    subject: Subject | None = None
    old_target: Decimal | None = None
    new_target: Decimal | None = None
    reason: Reason | None = None
    product: ProductRecord | None = None  # the goal's, when it is for one product


def make_reason(category: str | None, text: str = "") -> Reason | None:
    """A reason from a category and free text; text alone is "other"; neither is no reason."""
    text = " ".join((text or "").split())
    if category is None and not text:
        return None
    category = category or "other"
    if category not in REASONS:
        raise InvalidInput("goal.reason_unknown", example="goal.reason_example", text=category)
    if len(text) > REASON_MAX:
        raise InvalidInput("goal.reason_too_long", max=REASON_MAX)
    return Reason(category=category, text=text)


# -- rules -------------------------------------------------------------------------------


def require_goal_setter(actor: Actor) -> None:
    """Reps set no goals; said before anything else they typed is read."""
    if actor.role is Role.REP:
        raise PermissionDenied("goal.reps_cannot_set")


def check_goal_rights(store: TeamLookup, actor: Actor, subject: Subject) -> None:
    """Admins set any goal; managers their teams' people and their teams; reps none."""
    require_goal_setter(actor)
    if subject.scope == "person":
        if subject.person.is_bot:
            raise InvalidInput("goal.subject_bot", name=subject.person.name)
        if subject.person.deleted:
            raise NotFound("person.not_found", user=f"<@{subject.person.slack_user_id}>")
    if actor.is_admin:
        return
    if subject.scope == "company":
        raise PermissionDenied("goal.company_admins_only")
    if subject.scope == "team":
        if subject.team.id not in managed_team_ids(store, actor):
            raise PermissionDenied("goal.team_not_managed", team=subject.team.name)
        return
    # Managers set goals for the people they manage; their own goals come from an admin.
    if subject.person.id not in actor.managed_person_ids:
        raise PermissionDenied("goal.person_not_managed", name=subject.person.name)


def check_target(metric: str, target: Decimal) -> None:
    if metric not in METRICS:
        raise InvalidInput("goal.metric_unknown", example="goal.example", text=metric)
    if target <= 0:
        raise InvalidInput("amount.zero", example="goal.example", text=str(target))
    if target >= MAX_TARGET:
        raise InvalidInput("goal.target_too_large", example="goal.example")
    if metric != "revenue" and target != target.to_integral_value():
        raise InvalidInput(f"goal.whole_{metric}", example="goal.example", text=str(target.normalize()))


def may_see(store: TeamLookup, actor: Actor, subject: Subject) -> bool:
    """Company goals are everyone's; a team's goals its members' and managers'; a person's
    goals theirs and their managers'."""
    if actor.is_admin or subject.scope == "company":
        return True
    if subject.scope == "person":
        return subject.person.id == actor.person_id or subject.person.id in actor.managed_person_ids
    member_of, manages = teams_of_actor(store, actor)
    return subject.team.id in {t.id for t in (*member_of, *manages)}


# -- setting and revising -------------------------------------------------------------------


def set_goal(
    store: GoalStore,
    actor: Actor,
    spec: GoalSpec,
    *,
    reason: Reason | None = None,
    request_key: str | None = None,
) -> GoalChange:
    """Set the goal ``spec`` describes, or revise it when one with its key exists.

    ``request_key`` (a modal's view id) makes a repeated submission a ``duplicate``.
    """
    check_goal_rights(store, actor, spec.subject)
    check_target(spec.metric, spec.target)
    existing = store.goal_by_key(spec.key)
    if existing is not None:
        return _revise(store, actor, existing, spec.subject, spec.target, reason, request_key, spec.product)
    if request_key is not None and not store.claim_request(request_key):
        return GoalChange("duplicate", None, spec.subject, product=spec.product)
    goal = store.add_goal(
        scope=spec.subject.scope,
        person_id=spec.subject.person.id if spec.subject.scope == "person" else None,
        team_id=spec.subject.team.id if spec.subject.scope == "team" else None,
        metric=spec.metric,
        period_kind=spec.period.kind,
        period_key=spec.period.key,
        period_start=spec.period.start,
        period_end=spec.period.end,
        product_id=spec.product.id if spec.product is not None else None,
        target=spec.target,
        goal_key=spec.key,
        created_by_id=actor.person_id,
    )
    store.audit(
        actor_id=actor.person_id,
        action="goal.created",
        entity="goal",
        entity_id=goal.id,
        key=goal.goal_key,
        target=goal.target,
        note=reason.text if reason else "",
    )
    return GoalChange(
        "created", goal, spec.subject, new_target=goal.target, reason=reason, product=spec.product
    )


@dataclass(frozen=True)
class GoalDraft:
    """A goal as the goal form or ``/sales goal`` gives it: plain values, names not yet looked up."""

    scope: str  # person | team | company
    metric: str = "revenue"
    target: Decimal | str = ""  # text: as typed in the form, read in the actor's language
    user_id: str | None = None  # a person goal's Slack user
    team_name: str | None = None
    period: Period | None = None  # chosen; None: ``period_text`` when typed, else the default period
    period_text: str = ""
    product_id: int | None = None  # picked from a list…
    product_name: str | None = None  # …or typed
    reason_category: str | None = None
    reason_text: str = ""
    rest: str = ""  # /sales goal: the words after the goal, a revision's reason (see set_typed_goal)

    @classmethod
    def from_command(cls, command: GoalCommand) -> GoalDraft:
        scope = "person" if command.user_id else "team" if command.team_name else "company"
        return cls(
            scope=scope,
            metric=command.metric,
            target=command.target,
            user_id=command.user_id,
            team_name=command.team_name,
            period=command.period,
            product_name=command.product_name,
            reason_category=command.reason_category,
            reason_text=command.reason_text,
            rest=command.rest,
        )


def save_goal_draft(
    store: GoalStore,
    actor: Actor,
    draft: GoalDraft,
    *,
    today: date,
    find_person: PersonFinder,
    request_key: str | None = None,
) -> GoalChange:
    """Sets the goal ``draft`` describes, or revises it: the use case behind the goal form and
    ``/sales goal`` alike.

    Everything that cannot be used is refused at once, by field (``FieldErrors``), and nothing
    is written. Each field's first error is kept, found in this order: whom the goal is for (the
    field the scope needs must be filled), the product (an active one), the reason, the right to
    set a goal for that subject, the target, the period (one that has not ended). A revision
    without a reason is not an error but the outcome ``needs_reason``.
    """
    require_goal_setter(actor)
    check = FieldCheck()
    subject_field = {"person": F_PERSON, "team": F_TEAM}.get(draft.scope, F_SCOPE)
    subject = check.read(subject_field, lambda: draft_subject(store, draft, find_person))
    product = check.read(
        F_PRODUCT, lambda: choose_product(store, product_id=draft.product_id, name=draft.product_name)
    )
    reason = check.read(F_REASON, lambda: make_reason(draft.reason_category, draft.reason_text))
    if subject is not None:
        check.read(subject_field, lambda: check_goal_rights(store, actor, subject))
    currency = store.workspace.currency
    target = check.read(
        F_TARGET, lambda: read_target(draft.target, draft.metric, lang=actor.lang, currency=currency)
    )
    period = check.read(F_PERIOD, lambda: draft_period(store, draft, today=today, lang=actor.lang))
    check.done()
    spec = GoalSpec(subject=subject, metric=draft.metric, target=target, period=period, product=product)
    if draft.rest and store.goal_by_key(spec.key) is None:
        raise FieldErrors({F_REASON: _words_left(store, draft.rest)})
    return set_goal(store, actor, spec, reason=reason, request_key=request_key)


def set_typed_goal(
    store: GoalStore, actor: Actor, command: GoalCommand, *, today: date, find_person: PersonFinder
) -> GoalChange:
    """``/sales goal`` typed: the goal form's use case, its first refusal said alone.

    The words after the goal are a revision's reason. A new goal needs no reason, so words left
    over there were not understood: refused, quoted, never dropped (after any refusal of the
    right to set the goal, which says more than the stray words)."""
    try:
        return save_goal_draft(
            store, actor, GoalDraft.from_command(command), today=today, find_person=find_person
        )
    except FieldErrors as refused:
        raise refused.first from None


def find_subject(
    store: TeamLookup, find_person: PersonFinder, *, user_id: str | None, team_name: str | None
) -> Subject:
    """The person (by Slack user id) or team (by name) named; the company when neither is."""
    if user_id:
        return Subject("person", person=find_person(user_id))
    if team_name:
        return Subject("team", team=find_team(store, team_name, example="goal.example"))
    return Subject("company")


def draft_subject(store: TeamLookup, draft: GoalDraft, find_person: PersonFinder) -> Subject:
    """Whom the draft's goal is for. Only the field its scope needs is read: a form's select,
    once chosen, cannot be cleared in Slack, so the other one may still hold a name."""
    if draft.scope == "person" and not draft.user_id:
        raise InvalidInput("goal.field.person_missing")
    if draft.scope == "team" and not draft.team_name:
        raise InvalidInput("goal.field.team_missing")
    return find_subject(
        store,
        find_person,
        user_id=draft.user_id if draft.scope == "person" else None,
        team_name=draft.team_name if draft.scope == "team" else None,
    )


def read_target(target: Decimal | str, metric: str, *, lang: str, currency: str) -> Decimal:
    """A goal's target: text read as an amount in the workspace's ``currency`` (``150k``,
    ``1 234,50``), or an amount read already; either way checked for ``metric``."""
    amount = parse_amount(target, lang, currency=currency) if isinstance(target, str) else target
    check_target(metric, amount)
    return amount


def draft_period(store: InWorkspace, draft: GoalDraft, *, today: date, lang: str) -> Period:
    """The period typed, else the one chosen, else the workspace's default; never one that has
    ended (a form may have been left open past the end of the month it offered)."""
    if draft.period_text:
        return read_goal_period(draft.period_text, today=today, lang=lang)
    period = draft.period or default_period(store, today)
    require_open_period(period, today=today, lang=lang)
    return period


def _words_left(store: ProductLookup, rest: str) -> InvalidInput:
    suggestions = _closest_products(rest, [product.name for product in store.products()])
    return InvalidInput(
        "goal.words_left_product" if suggestions else "goal.words_left",
        example="goal.example",
        text=rest,
        suggestions=", ".join(suggestions),
    )


def _closest_products(text: str, names: list[str]) -> list[str]:
    """The products the first words of ``text`` look like (a mistyped ``Barsita Pro``)."""
    words = text.split()
    for length in range(min(len(words), 4), 0, -1):
        if found := closest(" ".join(words[:length]), names):
            return found
    return []


def revise_goal(
    store: GoalStore,
    actor: Actor,
    goal: GoalRecord,
    target: Decimal,
    reason: Reason | None,
    *,
    request_key: str | None = None,
) -> GoalChange:
    """A new target for an existing goal."""
    subject = subject_of(store, goal)
    check_goal_rights(store, actor, subject)
    check_target(goal.metric, target)
    product = store.product_by_id(goal.product_id) if goal.product_id else None
    return _revise(store, actor, goal, subject, target, reason, request_key, product)


def save_revision(
    store: GoalStore,
    actor: Actor,
    goal_id: int,
    *,
    target: str,
    reason_category: str | None,
    reason_text: str,
    request_key: str | None = None,
) -> GoalChange:
    """The revision form: a new target typed for a goal, with its reason (text alone is
    "other"). Refused by field (``FieldErrors``: target, reason) with nothing written."""
    goal = store.goal(goal_id)
    if goal is None:
        raise NotFound("goal.gone")
    check = FieldCheck()
    currency = store.workspace.currency
    amount = check.read(
        F_TARGET, lambda: read_target(target, goal.metric, lang=actor.lang, currency=currency)
    )
    reason = check.read(F_REASON, lambda: make_reason(reason_category or "other", reason_text))
    check.done()
    return revise_goal(store, actor, goal, amount, reason, request_key=request_key)


def _revise(
    store: GoalStore,
    actor: Actor,
    goal: GoalRecord,
    subject: Subject,
    target: Decimal,
    reason: Reason | None,
    request_key: str | None,
    product: ProductRecord | None,
) -> GoalChange:
    if goal.status != OPEN:
        raise Conflict("goal.closed")
    old = goal.target
    if target == old:
        if request_key is not None and not store.claim_request(request_key):
            return GoalChange("duplicate", goal, subject, product=product)
        return GoalChange("unchanged", goal, subject, old_target=old, new_target=target, product=product)
    if reason is None:
        return GoalChange("needs_reason", goal, subject, old_target=old, new_target=target, product=product)
    if request_key is not None and not store.claim_request(request_key):
        return GoalChange("duplicate", goal, subject, product=product)
    store.add_goal_revision(
        goal_id=goal.id,
        old_target=old,
        new_target=target,
        reason_category=reason.category,
        reason_text=reason.text,
        revised_by_id=actor.person_id,
    )
    goal.target = target
    store.save_goal(goal)
    store.audit(
        actor_id=actor.person_id,
        action="goal.revised",
        entity="goal",
        entity_id=goal.id,
        key=goal.goal_key,
        old_target=old,
        new_target=target,
        reason=reason.category,
        text=reason.text,
    )
    return GoalChange(
        "revised", goal, subject, old_target=old, new_target=target, reason=reason, product=product
    )


def subject_of(store: GoalStore, goal: GoalRecord) -> Subject:
    if goal.scope == "person":
        return Subject("person", person=store.person(goal.person_id))
    if goal.scope == "team":
        return Subject("team", team=store.team_by_id(goal.team_id))
    return Subject("company")


# -- team coverage --------------------------------------------------------------------------


@dataclass(frozen=True)
class Coverage:
    """How the team's current members' own goals *within* the team goal's period add up against it.

    A member's goal counts when it has the team goal's metric and product and its period lies
    inside the team goal's: December's goals count towards Q4, as do Q4's. A member's goals are
    counted once for each day: where two of them overlap (a Q4 goal and a December one), the
    longer counts and the other does not.
    """

    period: Period  # the team goal's
    team_target: Decimal
    individual_total: Decimal
    people_with_goals: int
    members: int

    @property
    def ratio(self) -> Decimal | None:
        if self.people_with_goals == 0 or not self.team_target:
            return None
        return self.individual_total / self.team_target


def team_coverage(store: CoverageStore, team_goal: GoalRecord) -> Coverage:
    counted = counted_once(store.member_goals_within(team_goal))
    return Coverage(
        period=goal_period(team_goal),
        team_target=team_goal.target,
        individual_total=sum((goal.target for goal in counted), Decimal(0)),
        people_with_goals=len({goal.person_id for goal in counted}),
        members=store.team_member_count(team_goal.team_id),
    )


def counted_once(goals: Iterable[MemberGoal]) -> list[MemberGoal]:
    """Each person's goals without overlaps: the longest first, then those that overlap none
    already taken (the earliest first)."""
    by_person: dict[int, list[MemberGoal]] = {}
    for goal in goals:
        by_person.setdefault(goal.person_id, []).append(goal)
    counted = []
    for own in by_person.values():
        taken: list[MemberGoal] = []
        for goal in sorted(own, key=lambda g: (g.start - g.end, g.start)):
            if all(goal.end < other.start or goal.start > other.end for other in taken):
                taken.append(goal)
        counted += taken
    return counted


def coverage_of_teams(
    store: GoalStore, person: PersonRecord, goal: GoalRecord
) -> list[tuple[TeamRecord, GoalRecord, Coverage]]:
    """For a person's goal: each of their teams' goals it counts towards (same metric and
    product, a period that holds the person's), and its coverage now."""
    results = []
    for team in store.teams_of(person):
        found = store.goals_of_subject(
            "team", team.id, start=goal.period_start, end=goal.period_end, limit=COVERING_GOALS
        )
        for team_goal in sorted(found, key=lambda g: (g.period_start, g.period_end)):
            if (
                team_goal.metric == goal.metric
                and team_goal.product_id == goal.product_id
                and team_goal.period_start <= goal.period_start
                and goal.period_end <= team_goal.period_end
            ):
                results.append((team, team_goal, team_coverage(store, team_goal)))
    return results


# -- goals that overlap ---------------------------------------------------------------------


def overlapping_goals(store: GoalFinder, goal: GoalRecord) -> list[GoalRecord]:
    """The same subject's other goals of the same metric and product whose periods overlap
    ``goal``'s (a January goal and a Q1 goal), the earliest first. They are allowed: each is
    followed on its own, but the setter is told, in case one was meant to revise the other."""
    subject_id = {"person": goal.person_id, "team": goal.team_id}.get(goal.scope)
    found = store.goals_of_subject(
        goal.scope, subject_id, start=goal.period_start, end=goal.period_end, limit=COVERING_GOALS
    )
    return sorted(
        (
            other
            for other in found
            if other.id != goal.id and other.metric == goal.metric and other.product_id == goal.product_id
        ),
        key=lambda g: (g.period_start, g.period_end, g.id),
    )


# -- reading goals --------------------------------------------------------------------------


@dataclass(frozen=True)
class GoalListing:
    goals: Sequence[GoalRecord]
    total: int
    revision_counts: Mapping[int, int]
    people: Mapping[int, PersonRecord]
    teams: Mapping[int, TeamRecord]
    products: Mapping[int, ProductRecord]


def visible_scope(store: TeamLookup, actor: Actor) -> tuple[set[int] | None, set[int] | None]:
    """The person ids and team ids whose goals ``actor`` sees (None: all); company goals always."""
    if actor.is_admin:
        return None, None
    member_of, manages = teams_of_actor(store, actor)
    person_ids = {actor.person_id, *actor.managed_person_ids}
    team_ids = {team.id for team in (*member_of, *manages)}
    return person_ids, team_ids


def list_goals(store: GoalStore, actor: Actor, period: Period, *, limit: int = 60) -> GoalListing:
    """The goals ``actor`` may see whose period overlaps ``period``: company, teams, people."""
    person_ids, team_ids = visible_scope(store, actor)
    goals = store.goals_overlapping(
        period.start, period.end, person_ids=person_ids, team_ids=team_ids, limit=limit
    )
    total = len(goals)
    if total == limit:
        total = store.count_goals_overlapping(
            period.start, period.end, person_ids=person_ids, team_ids=team_ids
        )
    people, teams, products = store.goal_subjects(goals)
    return GoalListing(
        goals=goals,
        total=total,
        revision_counts=store.goal_revision_counts(g.id for g in goals),
        people=people,
        teams=teams,
        products=products,
    )


@dataclass(frozen=True)
class GoalHistory:
    goal: GoalRecord
    product: ProductRecord | None
    revisions: Sequence[GoalRevisionRecord]  # newest first, at most the limit asked for
    revision_count: int
    people: dict[int, PersonRecord] = field(default_factory=dict)  # revisers and the goal's setter by id


def goal_history(
    store: GoalStore,
    actor: Actor,
    subject: Subject,
    period: Period | None,
    *,
    goals: int = 10,
    revisions: int = 10,
) -> list[GoalHistory]:
    """The subject's goals (the latest period first) with their revisions, newest first."""
    if not may_see(store, actor, subject):
        raise PermissionDenied("goal.history_denied")
    found = store.goals_of_subject(
        subject.scope,
        subject.id,
        start=period.start if period else None,
        end=period.end if period else None,
        limit=goals,
    )
    counts = store.goal_revision_counts(g.id for g in found)
    _, _, products = store.goal_subjects(found)
    entries = []
    for goal in found:
        shown = store.goal_revisions(goal.id, limit=revisions) if counts.get(goal.id) else []
        ids = {r.revised_by_id for r in shown if r.revised_by_id} | ({goal.created_by_id} - {None})
        entries.append(
            GoalHistory(
                goal=goal,
                product=products.get(goal.product_id),
                revisions=shown,
                revision_count=counts.get(goal.id, 0),
                people={pid: store.person(pid) for pid in ids},
            )
        )
    return entries


# -- periods --------------------------------------------------------------------------------


def read_goal_period(text: str, *, today: date, lang: str) -> Period:
    """A goal's period as typed. Goals look ahead: ``Q1`` or ``mars`` typed once this year's has
    ended is next year's (progress and lists keep this year's: looking back is normal there).
    A period that has ended is refused, naming the same period a year on."""
    period = parse_period(text, today=today, lang=lang, ahead=True)
    require_open_period(period, today=today, lang=lang)
    return period


def require_open_period(period: Period, *, today: date, lang: str) -> None:
    """No goal for a period that has ended: it could only be missed, and its people would be
    told of a goal already over."""
    if period.end >= today:
        return
    later = period.a_year_later()
    while later.end < today:
        later = later.a_year_later()
    label = period.label(lang)
    raise InvalidInput(
        "goal.period_ended",
        example="goal.example",
        period=label[:1].upper() + label[1:],
        end=Formatter(lang).date(period.end),
        suggestion=later.typed(lang),
    )


PERIOD_CHOICES = ("this_month", "next_month", "this_quarter", "next_quarter", "this_year")


def default_period(store: InWorkspace, today: date) -> Period:
    """The workspace's default kind of period, the one containing today."""
    kind = store.workspace.default_period_kind
    return current_period(kind if kind in ("month", "quarter", "year") else "month", today)


def period_choices(today: date) -> list[tuple[str, Period]]:
    """The periods the goal modal offers, by name."""
    month, quarter = current_period("month", today), current_period("quarter", today)
    return [
        ("this_month", month),
        ("next_month", month.next()),
        ("this_quarter", quarter),
        ("next_quarter", quarter.next()),
        ("this_year", current_period("year", today)),
    ]


# -- the text form ------------------------------------------------------------------------


@dataclass(frozen=True)
class GoalCommand:
    """``/sales goal …`` read into plain values; names are resolved by the caller."""

    user_id: str | None
    team_name: str | None
    company: bool
    target: Decimal
    metric: str
    period: Period | None  # None: the workspace's default period
    product_name: str | None
    reason_category: str | None
    reason_text: str
    rest: str = ""  # the words after the goal as typed: a revision's reason, refused on a new goal


@dataclass
class _Terms:
    """What follows the amount, in any order: the metric, the product and the period."""

    metric: str | None = None
    product: str | None = None
    period: Period | None = None


@dataclass(frozen=True)
class GoalQuery:
    """``goal list``/``goal history``: an optional subject and period."""

    user_id: str | None
    team_name: str | None
    company: bool
    period: Period | None

    @property
    def has_subject(self) -> bool:
        return bool(self.user_id or self.team_name or self.company)


def parse_goal_command(
    text: str,
    *,
    lang: str,
    today: date,
    team_names: Callable[[], Collection[str]],
    product_names: Collection[str],
    currency: str | None = None,
) -> GoalCommand:
    """``team_names`` is asked only when the text names a team (``take_named``);
    ``product_names``: the active products, recognised by name without ``product:``;
    ``currency``: the workspace's, so a target written in another one is refused."""
    user_id, team_name, company, words = _take_subject(text, team_names)
    product_name, words = take_named(
        words, PRODUCT_PREFIXES, lambda: product_names, missing="goal.product_missing"
    )
    if not (user_id or team_name or company):
        raise InvalidInput("goal.subject_missing", example="goal.example")
    terms = _Terms(product=product_name)
    try:
        target, words = _take_amount(words, lang, currency)
    except InvalidInput:
        # "Q1 100k", "Barista Pro 2 5 units": a period or product may come first.
        words = _take_terms(words, terms, lang=lang, today=today, product_names=product_names, strict=False)
        if terms == _Terms(product=product_name):
            raise
        target, words = _take_amount(words, lang, currency)
    words = _take_terms(words, terms, lang=lang, today=today, product_names=product_names, strict=True)
    category, reason_text = _take_reason(words)
    return GoalCommand(
        user_id=user_id,
        team_name=team_name,
        company=company,
        target=target,
        metric=terms.metric or "revenue",
        period=terms.period,
        product_name=terms.product,
        reason_category=category,
        reason_text=reason_text,
        rest=" ".join(words),
    )


def parse_goal_query(
    text: str, *, lang: str, today: date, team_names: Callable[[], Collection[str]], area: str = "goal"
) -> GoalQuery:
    """``[@user | team:NAME | company] [PERIOD]``. ``area`` ("goal" or "progress") is the command
    asking: its messages and its example are the ones shown when the text cannot be read."""
    user_id, team_name, company, words = _take_subject(text, team_names, area=area)
    period = None
    if words:
        period = parse_period(" ".join(words), today=today, lang=lang)
    return GoalQuery(user_id=user_id, team_name=team_name, company=company, period=period)


def _take_subject(
    text: str, team_names: Callable[[], Collection[str]], *, area: str = "goal"
) -> tuple[str | None, str | None, bool, list[str]]:
    example = f"{area}.example"
    if _USERGROUP.search(text):
        raise InvalidInput(f"{area}.usergroup", example=example)
    user_ids, remainder = take_mentions(text)
    plain = PLAIN_MENTION.findall(remainder)
    if plain:
        raise InvalidInput("command.plain_mention", example=example, text=plain[0])
    words = remainder.split()
    team_name, words = take_named(
        words, TEAM_PREFIXES, team_names, missing="goal.team_missing", example=example
    )
    company = bool(words) and words[0].casefold() in COMPANY_WORDS
    if company:
        words = words[1:]
    if len(user_ids) + bool(team_name) + company > 1:
        raise InvalidInput(f"{area}.one_subject", example=example)
    return (user_ids[0] if user_ids else None), team_name, company, words


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def take_named(
    words: list[str],
    prefixes: tuple[str, ...],
    names: Callable[[], Collection[str]],
    *,
    missing: str,
    example: str = "goal.example",
) -> tuple[str | None, list[str]]:
    """``team:NAME`` or ``product:NAME`` anywhere in ``words``: a quoted name, else the longest
    run of words that is a known name, else the one word after the prefix. ``names`` is asked
    only for a name written unquoted after its prefix: most texts name none, and a store's
    names cost a query."""
    for index, word in enumerate(words):
        prefix = next((p for p in prefixes if word.casefold().startswith(p)), None)
        if prefix is None:
            continue
        rest = ([word[len(prefix) :]] if word[len(prefix) :] else []) + words[index + 1 :]
        if not rest:
            raise InvalidInput(missing, example=example)
        if rest[0][0] in _QUOTES:
            closing = next((i for i, w in enumerate(rest) if w[-1] in _QUOTES and (i or len(w) > 1)), None)
            if closing is None:
                raise InvalidInput("goal.quote", example=example)
            name = " ".join(rest[: closing + 1]).strip(_QUOTES).strip()
            return name, words[:index] + rest[closing + 1 :]
        known = {_name_key(n) for n in names()}
        for length in range(min(len(rest), 8), 0, -1):
            candidate = " ".join(rest[:length])
            if _name_key(candidate) in known:
                return candidate, words[:index] + rest[length:]
        return rest[0], words[:index] + rest[1:]
    return None, words


def _take_amount(words: list[str], lang: str, currency: str | None = None) -> tuple[Decimal, list[str]]:
    """The longest run of leading words that reads as an amount (``kr 1 500 000``)."""
    if not words:
        raise InvalidInput("goal.target_missing", example="goal.example")
    error = None
    for length in range(min(len(words), _AMOUNT_WORDS), 0, -1):
        try:
            return parse_amount(" ".join(words[:length]), lang, currency=currency), words[length:]
        except InvalidInput as failure:
            if failure.key == "amount.wrong_currency":
                raise  # read, but in another currency: a shorter run would only hide that
            error = failure  # the last one tried: the first word alone
    raise InvalidInput(error.key, example="goal.example", **error.params)


def _bare(word: str) -> str:
    return word.casefold().strip(".,:;!–—-")


def _take_terms(
    words: list[str], terms: _Terms, *, lang: str, today: date, product_names: Collection[str], strict: bool
) -> list[str]:
    """Takes the metric, a product name and the period off the front of ``words``, in any order,
    each once, into ``terms``; returns the words after them. ``strict``: words there that look
    like a mistyped period are refused rather than left for a reason."""
    while words:
        if terms.product is None and (found := _take_product(words, product_names)):
            terms.product, words = found
            continue
        if terms.period is None:
            period, rest, error = _take_period(words, lang, today)
            if period is not None:
                terms.period, words = period, rest
                continue
            if strict and _looks_like_period(words[0]):
                # "novembr" or "Q5" must not quietly become the reason for a goal in the default period.
                shown = " ".join(words[:2] if _bare(words[0]) in _RELATIVE_WORDS else words[:1])
                raise error or InvalidInput("period.invalid", example="period.example", text=shown)
        if terms.metric is None and _bare(words[0]) in METRIC_WORDS:
            terms.metric, words = METRIC_WORDS[_bare(words[0])], words[1:]
            continue
        break
    return words


def _take_product(words: list[str], names: Collection[str]) -> tuple[str, list[str]] | None:
    """The longest run of leading words that is a product's name (``Barista Pro 2``)."""
    known = {_name_key(name): name for name in names}
    longest = max((len(name.split()) for name in names), default=0)
    for length in range(min(len(words), longest), 0, -1):
        if (name := known.get(_name_key(" ".join(words[:length])))) is not None:
            return name, words[length:]
    return None


def _take_period(
    words: list[str], lang: str, today: date
) -> tuple[Period | None, list[str], InvalidInput | None]:
    """The longest run of leading words that reads as a goal's period, or None with the reason
    the longest run that looks like one is not (``30.2``: February has 28 days)."""
    # The longest run's reason wins ("15.12 til 1.12" ends before it starts), but "a single
    # day" only when nothing longer had a reason.
    reasons: dict[bool, InvalidInput] = {}
    for length in range(min(len(words), _PERIOD_WORDS), 0, -1):
        try:
            return read_goal_period(" ".join(words[:length]), today=today, lang=lang), words[length:], None
        except InvalidInput as failure:
            if failure.key == "goal.period_ended":
                raise
            if failure.key != "period.invalid":
                reasons.setdefault(failure.key == "period.single_day", failure)
    return None, words, reasons.get(False) or reasons.get(True)


def _looks_like_period(word: str) -> bool:
    bare = _bare(word)
    if bare in REASON_WORDS or bare in METRIC_WORDS:
        return False
    return (
        any(ch.isdigit() for ch in bare)
        or bool(re.fullmatch(r"[qk]\d", bare))
        or bare in _RELATIVE_WORDS
        or (len(bare) >= 4 and bool(difflib.get_close_matches(bare, _MONTH_NAMES, n=1, cutoff=0.75)))
    )


def _take_reason(words: list[str]) -> tuple[str | None, str]:
    """A leading category word (``economy``, ``konkurranse``…) and the free text after it."""
    if not words:
        return None, ""
    category = REASON_WORDS.get(_bare(words[0]))
    rest = words[1:] if category else words
    return category, " ".join(rest).lstrip(":–—- ")
