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
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from babel.dates import get_month_names

from salesbot.access import Actor, Role
from salesbot.amounts import parse_amount
from salesbot.commands import PLAIN_MENTION, take_mentions
from salesbot.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from salesbot.i18n import BABEL_LOCALES, Formatter
from salesbot.names import closest
from salesbot.periods import Period, current_period, parse_period

SCOPES = ("person", "team", "company")
METRICS = ("revenue", "units", "deals")
REASONS = ("performance", "economy", "competition", "other")
OPEN = "open"
# Goal.target is Numeric(16, 2): fourteen whole digits.
MAX_TARGET = Decimal("1e13")
REASON_MAX = 2000
NO_PRODUCT = "-"

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


def goal_key(scope: str, subject_id: int | None, metric: str, period_key: str, product_id: int | None) -> str:
    """What makes two goals the same goal: ``person:12|revenue|2026-11|-``, ``company|units|2026-Q4|7``."""
    if scope not in SCOPES or metric not in METRICS:
        raise ValueError(f"no goal of scope {scope!r} and metric {metric!r}")
    subject = "company" if scope == "company" else f"{scope}:{subject_id}"
    return f"{subject}|{metric}|{period_key}|{product_id if product_id is not None else NO_PRODUCT}"


def goal_period(goal) -> Period:
    return Period(goal.period_kind, goal.period_start, goal.period_end)


@dataclass(frozen=True)
class Subject:
    """Whom a goal is for: a person, a team, or the company (neither)."""

    scope: str
    person: object | None = None
    team: object | None = None

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
    product: object | None = None

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
    goal: object | None
    subject: Subject | None = None
    old_target: Decimal | None = None
    new_target: Decimal | None = None
    reason: Reason | None = None


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


def check_goal_rights(store, actor: Actor, subject: Subject) -> None:
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
        managed = {team.id for team in store.managed_teams(store.person(actor.person_id))}
        if subject.team.id not in managed:
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


def may_see(store, actor: Actor, subject: Subject) -> bool:
    """Company goals are everyone's; a team's goals its members' and managers'; a person's
    goals theirs and their managers'."""
    if actor.is_admin or subject.scope == "company":
        return True
    if subject.scope == "person":
        return subject.person.id == actor.person_id or subject.person.id in actor.managed_person_ids
    me = store.person(actor.person_id)
    return subject.team.id in {t.id for t in (*store.teams_of(me), *store.managed_teams(me))}


# -- setting and revising -------------------------------------------------------------------


def set_goal(
    store, actor: Actor, spec: GoalSpec, *, reason: Reason | None = None, request_key: str | None = None
) -> GoalChange:
    """Set the goal ``spec`` describes, or revise it when one with its key exists.

    ``request_key`` (a modal's view id) makes a repeated submission a ``duplicate``.
    """
    check_goal_rights(store, actor, spec.subject)
    check_target(spec.metric, spec.target)
    existing = store.goal_by_key(spec.key)
    if existing is not None:
        return _revise(store, actor, existing, spec.subject, spec.target, reason, request_key)
    if request_key is not None and not store.claim_request(request_key):
        return GoalChange("duplicate", None, spec.subject)
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
    return GoalChange("created", goal, spec.subject, new_target=goal.target, reason=reason)


def set_typed_goal(store, actor: Actor, spec: GoalSpec, command: GoalCommand) -> GoalChange:
    """``/sales goal`` typed: the words after the goal are a revision's reason. A new goal needs
    no reason, so words left over there were not understood: refused, quoted, never dropped."""
    if command.rest and store.goal_by_key(spec.key) is None:
        check_goal_rights(store, actor, spec.subject)  # a refusal says more than the stray words
        suggestions = _closest_products(command.rest, [product.name for product in store.products()])
        raise InvalidInput(
            "goal.words_left_product" if suggestions else "goal.words_left",
            example="goal.example",
            text=command.rest,
            suggestions=", ".join(suggestions),
        )
    reason = make_reason(command.reason_category, command.reason_text)
    return set_goal(store, actor, spec, reason=reason)


def _closest_products(text: str, names: list[str]) -> list[str]:
    """The products the first words of ``text`` look like (a mistyped ``Barsita Pro``)."""
    words = text.split()
    for length in range(min(len(words), 4), 0, -1):
        if found := closest(" ".join(words[:length]), names):
            return found
    return []


def revise_goal(
    store, actor: Actor, goal, target: Decimal, reason: Reason | None, *, request_key: str | None = None
) -> GoalChange:
    """A new target for an existing goal (the revision modal)."""
    subject = subject_of(store, goal)
    check_goal_rights(store, actor, subject)
    check_target(goal.metric, target)
    return _revise(store, actor, goal, subject, target, reason, request_key)


def _revise(store, actor: Actor, goal, subject: Subject, target: Decimal, reason, request_key) -> GoalChange:
    if goal.status != OPEN:
        raise Conflict("goal.closed")
    old = goal.target
    if target == old:
        if request_key is not None and not store.claim_request(request_key):
            return GoalChange("duplicate", goal, subject)
        return GoalChange("unchanged", goal, subject, old_target=old, new_target=target)
    if reason is None:
        return GoalChange("needs_reason", goal, subject, old_target=old, new_target=target)
    if request_key is not None and not store.claim_request(request_key):
        return GoalChange("duplicate", goal, subject)
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
    return GoalChange("revised", goal, subject, old_target=old, new_target=target, reason=reason)


def subject_of(store, goal) -> Subject:
    if goal.scope == "person":
        return Subject("person", person=store.person(goal.person_id))
    if goal.scope == "team":
        return Subject("team", team=store.team_by_id(goal.team_id))
    return Subject("company")


# -- team coverage --------------------------------------------------------------------------


@dataclass(frozen=True)
class Coverage:
    """How a team's current members' own goals add up against the team's goal."""

    team_target: Decimal
    individual_total: Decimal
    people_with_goals: int
    members: int

    @property
    def ratio(self) -> Decimal | None:
        if self.people_with_goals == 0 or not self.team_target:
            return None
        return self.individual_total / self.team_target


def team_coverage(store, team_goal) -> Coverage:
    total, count = store.individual_goal_total(team_goal)
    return Coverage(
        team_target=team_goal.target,
        individual_total=total,
        people_with_goals=count,
        members=store.team_member_count(team_goal.team_id),
    )


def individual_coverage(store, team_goal) -> Decimal | None:
    """The sum of the team's current members' person goals with the same metric, period and
    product, divided by the team goal's target (1 = fully covered); None when no member has
    such a goal yet."""
    return team_coverage(store, team_goal).ratio


def coverage_of_teams(store, person, goal) -> list[tuple[object, object, Coverage]]:
    """For a person's goal: each of their teams with a matching team goal, and its coverage now."""
    results = []
    for team in store.teams_of(person):
        key = goal_key("team", team.id, goal.metric, goal.period_key, goal.product_id)
        team_goal = store.goal_by_key(key)
        if team_goal is not None:
            results.append((team, team_goal, team_coverage(store, team_goal)))
    return results


# -- reading goals --------------------------------------------------------------------------


@dataclass(frozen=True)
class GoalListing:
    goals: Sequence
    total: int
    revision_counts: dict[int, int]
    people: dict
    teams: dict
    products: dict


def visible_scope(store, actor: Actor) -> tuple[set[int] | None, set[int] | None]:
    """The person ids and team ids whose goals ``actor`` sees (None: all); company goals always."""
    if actor.is_admin:
        return None, None
    me = store.person(actor.person_id)
    person_ids = {actor.person_id, *actor.managed_person_ids}
    team_ids = {team.id for team in (*store.teams_of(me), *store.managed_teams(me))}
    return person_ids, team_ids


def list_goals(store, actor: Actor, period: Period, *, limit: int = 60) -> GoalListing:
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
    goal: object
    product: object | None
    revisions: Sequence  # newest first, at most the limit asked for
    revision_count: int
    people: dict = field(default_factory=dict)  # revisers and the goal's setter by id


def goal_history(
    store, actor: Actor, subject: Subject, period: Period | None, *, goals: int = 10, revisions: int = 10
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


def default_period(store, today: date) -> Period:
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
    team_names: Collection[str],
    product_names: Collection[str],
    currency: str | None = None,
) -> GoalCommand:
    """``product_names``: the active products, recognised by name without ``product:``;
    ``currency``: the workspace's, so a target written in another one is refused."""
    user_id, team_name, company, words = _take_subject(text, team_names)
    product_name, words = _take_named(words, PRODUCT_PREFIXES, product_names, missing="goal.product_missing")
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
    text: str, *, lang: str, today: date, team_names: Collection[str], area: str = "goal"
) -> GoalQuery:
    """``[@user | team:NAME | company] [PERIOD]``. ``area`` ("goal" or "progress") is the command
    asking: its messages and its example are the ones shown when the text cannot be read."""
    user_id, team_name, company, words = _take_subject(text, team_names, area=area)
    period = None
    if words:
        period = parse_period(" ".join(words), today=today, lang=lang)
    return GoalQuery(user_id=user_id, team_name=team_name, company=company, period=period)


def _take_subject(
    text: str, team_names: Collection[str], *, area: str = "goal"
) -> tuple[str | None, str | None, bool, list[str]]:
    example = f"{area}.example"
    if _USERGROUP.search(text):
        raise InvalidInput(f"{area}.usergroup", example=example)
    user_ids, remainder = take_mentions(text)
    plain = PLAIN_MENTION.findall(remainder)
    if plain:
        raise InvalidInput("command.plain_mention", example=example, text=plain[0])
    words = remainder.split()
    team_name, words = _take_named(
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


def _take_named(
    words: list[str],
    prefixes: tuple[str, ...],
    names: Collection[str],
    *,
    missing: str,
    example: str = "goal.example",
) -> tuple[str | None, list[str]]:
    """``team:NAME`` or ``product:NAME`` anywhere in ``words``: a quoted name, else the longest
    run of words that is a known name, else the one word after the prefix."""
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
        known = {_name_key(n) for n in names}
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
