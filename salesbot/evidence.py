"""What the data says at each step of a diagnosis: the subject's figure, the same figure for the
rest of the company beside it, and how many records each rests on (SPEC section 1.4).

The steps, in the order of the sales process (``STEPS``): the product (and its delivery), the
price, customer service, marketing, support and training, and — only once the others are ruled
out — the salesperson's own ability. ``step_evidence`` answers one step for a person or a team
over a period; ``salesbot.diagnosis`` walks the steps and keeps what the manager decided.

Every figure comes from aggregates the store computes in SQL (``EvidenceStore``), never from
loops over sales: a step opens on two thousand people and a million sales in well under a second.

Figures are plain values with a catalog key for their label (``evidence.figure.<key>``) and a
unit saying how to show them, so the Slack side renders any step the same way.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Protocol

from salesbot.feedback import satisfaction
from salesbot.goals import Subject
from salesbot.periods import Period
from salesbot.records import InWorkspace, PersonRecord, ProductRecord, SegmentRecord, TeamRecord
from salesbot.segments import SEGMENT, SEGMENT_KEY
from salesbot.training import trainings_of

PRODUCT, PRICE, SERVICE, MARKETING, TRAINING, ABILITY = (
    "product",
    "price",
    "service",
    "marketing",
    "training",
    "ability",
)
STEPS = (PRODUCT, PRICE, SERVICE, MARKETING, TRAINING, ABILITY)
# The department a step's question goes to (workspace settings: production, customer service and
# marketing contacts); the other steps are the manager's own to judge.
DEPARTMENTS = {PRODUCT: "production", SERVICE: "customer_service", MARKETING: "marketing"}

# How a figure is shown. A percent is 0–100; a score is the workspace scale's figure
# (``salesbot.feedback.satisfaction``: CSAT % or NPS).
PERCENT, MONEY, DAYS, COUNT, SCORE = "percent", "money", "days", "count", "score"

# The rules for ``points_here``, the same at every step: the subject's figure is at least
# ``WORSE_BY`` times the others' (a share of late deliveries, of deals lost on price…) and rests
# on at least ``MIN_RECORDS`` records; a score or a price ratio is that many points below.
MIN_RECORDS = 5
WORSE_BY = 1.5
SCORE_POINTS_BELOW = 10  # satisfaction points (CSAT %, NPS)
PRICE_POINTS_BELOW = 5  # percentage points of list price
# Marketing: a product the others sell (at least MIN_RECORDS orders) of which the subject sells,
# per person, under this share of the others' per-person orders.
SELLS_ELSEWHERE_SHARE = 1 / 3
# Marketing: a customer segment the others sell in (at least MIN_RECORDS orders) where the subject
# sells, per person, under this share of the others' per-person orders.
SEGMENT_ELSEWHERE_SHARE = 1 / 2
# Ability: the subject's revenue per person under this share of the others' in each of the last
# ``ABILITY_PERIODS`` periods of the period's kind.
ABILITY_SHARE = 0.8
ABILITY_PERIODS = 3
PRICE_REASONS = ("price", "competitor")
SERVICE_REASONS = ("customer_service",)
SERVICE_STAGES = ("delivery", "service")


@dataclass(frozen=True)
class Figure:
    """One measure for the subject and for the rest of the company, with the records behind each.

    ``key`` names its label in the catalogs (``evidence.figure.<key>``, with ``params``);
    ``subject`` and ``others`` are None where there is nothing to measure (no records)."""

    key: str
    unit: str
    subject: Decimal | float | None
    others: Decimal | float | None
    subject_records: int
    others_records: int
    params: dict = field(default_factory=dict)  # e.g. the product's name, in the label


@dataclass(frozen=True)
class StepEvidence:
    """A step's evidence: its figures, notes worth reading (catalog keys with their params), and
    whether the data points to a problem here (a hint for the manager, never a verdict)."""

    step: str
    figures: list[Figure] = field(default_factory=list)
    notes: list[tuple[str, dict]] = field(default_factory=list)
    points_here: bool = False


@dataclass(frozen=True)
class ProductSales:
    """Orders of one product in a period on one side (``subject``: the subject's people, else the
    others): all orders, and of those not lost their number, revenue and units."""

    subject: bool
    product_id: int | None
    orders: int
    won: int
    revenue: Decimal
    units: int


@dataclass(frozen=True)
class ProductDeliveries:
    """Of the orders of one product in a period on one side: how many were delivered with a
    promised date, how many of those late and by how many days in all, and how many are open
    (not delivered, not lost) past their promised date."""

    subject: bool
    product_id: int | None
    delivered: int
    late: int
    late_days: int
    overdue: int


@dataclass(frozen=True)
class SegmentSales:
    """Orders not lost in one customer segment in a period on one side (``segment_id`` None:
    sales with no segment)."""

    subject: bool
    segment_id: int | None
    won: int


Side = bool  # True: the subject's people; False: the others


class EvidenceStore(InWorkspace, Protocol):
    """What the evidence needs of the store: aggregates over sales, feedback and training
    completions split between the subject's people and the others, and the few lookups around
    them. ``among`` narrows "everyone" to those people (a person's team, at the ability step)."""

    def member_ids(self, team_ids: Collection[int]) -> Mapping[int, set[int]]: ...
    def teams_of(self, person: PersonRecord) -> Sequence[TeamRecord]: ...
    def products(self, *, include_retired: bool = False) -> Sequence[ProductRecord]: ...
    def evidence_sales(
        self, start: date, end: date, person_ids: Collection[int], among: Collection[int] | None = None
    ) -> Sequence[ProductSales]: ...
    def evidence_sellers(
        self, start: date, end: date, person_ids: Collection[int], among: Collection[int] | None = None
    ) -> Mapping[Side, int]: ...
    def evidence_segments(
        self, start: date, end: date, person_ids: Collection[int]
    ) -> Sequence[SegmentSales]: ...
    def segments(self) -> Sequence[SegmentRecord]: ...
    def evidence_deliveries(
        self, start: date, end: date, person_ids: Collection[int], today: date
    ) -> Sequence[ProductDeliveries]: ...
    def evidence_lost_reasons(
        self, start: date, end: date, person_ids: Collection[int]
    ) -> Mapping[Side, Mapping[str, int]]: ...
    def evidence_feedback(
        self, start: date, end: date, scale: str, person_ids: Collection[int]
    ) -> Mapping[Side, Mapping[str, Mapping[int, int]]]: ...
    def evidence_completions(
        self, start: date, end: date, person_ids: Collection[int]
    ) -> Mapping[Side, int]: ...
    # trainings_of (salesbot.training), for the open and overdue trainings of each side
    def team_names_by_id(self) -> Mapping[int, str]: ...
    def directly_assigned_person_ids(self) -> Collection[int]: ...
    def people_by_ids(self, person_ids: Collection[int]) -> Mapping[int, PersonRecord]: ...
    def assignments_for(self, person_ids: Collection[int]) -> Sequence[tuple]: ...
    def training_completions(
        self, assignment_ids: Collection[int], person_ids: Collection[int]
    ) -> Sequence: ...


def step_evidence(
    store: EvidenceStore, subject: Subject, period: Period, step: str, *, today: date
) -> StepEvidence:
    """What the data says about ``subject`` (a person or a team) over ``period`` at ``step``."""
    if step not in STEPS:
        raise ValueError(f"unknown diagnosis step {step!r}")
    people = subject_people(store, subject)
    return _STEPS[step](store, subject, people, period, today)


def subject_people(store: EvidenceStore, subject: Subject) -> set[int]:
    """The ids of the subject's people: the person, or the team's members now."""
    if subject.scope == "person":
        return {subject.person.id}
    if subject.scope == "team":
        return set(store.member_ids([subject.team.id]).get(subject.team.id, set()))
    raise ValueError("evidence is about a person or a team")


# -- arithmetic -------------------------------------------------------------------------------


def _share(part: int | float, whole: int | float) -> float | None:
    return 100 * part / whole if whole else None


def _ratio(part, whole):
    return part / whole if whole else None


def _worse(subject: float | None, others: float | None, records: int) -> bool:
    """The shared rule: enough records, and the subject's share at least ``WORSE_BY`` times the
    others' (any share above none when the others have none)."""
    if subject is None or records < MIN_RECORDS or subject <= 0:
        return False
    return others is None or subject >= WORSE_BY * others


def _sides(rows, attr: str, *, product_id=...) -> dict[bool, int]:
    totals = {True: 0, False: 0}
    for row in rows:
        if product_id is ... or row.product_id == product_id:
            totals[row.subject] += getattr(row, attr)
    return totals


def _per_person(value, people: int):
    return None if not people else value / people


def _products_by_id(store: EvidenceStore) -> dict[int, ProductRecord]:
    return {product.id: product for product in store.products(include_retired=True)}


def _per_person_revenue(
    store: EvidenceStore, people: set[int], period: Period, among: Collection[int] | None = None
) -> tuple[list[ProductSales], dict[bool, int]]:
    """The period's sales by side and product, and the divisor of each side: the subject's
    number of people, the others' number of people who ordered anything."""
    rows = list(store.evidence_sales(period.start, period.end, people, among))
    sellers = store.evidence_sellers(period.start, period.end, people, among)
    return rows, {True: len(people), False: sellers.get(False, 0)}


def _behind_products(
    rows: Sequence[ProductSales], heads: Mapping[bool, int]
) -> list[tuple[int, Decimal, Decimal]]:
    """Products the others sell (at least ``MIN_RECORDS`` orders) where the subject's revenue per
    person is under half the others': (product id, subject's, others' per person)."""
    behind = []
    for product_id in sorted({row.product_id for row in rows if row.product_id is not None}):
        others_orders = _sides(rows, "orders", product_id=product_id)[False]
        if others_orders < MIN_RECORDS:
            continue
        revenue = {
            side: Decimal(value) for side, value in _sides(rows, "revenue", product_id=product_id).items()
        }
        mine, theirs = _per_person(revenue[True], heads[True]), _per_person(revenue[False], heads[False])
        if mine is not None and theirs and mine < theirs / 2:
            behind.append((product_id, mine, theirs))
    return behind


# -- the steps --------------------------------------------------------------------------------


def _product_step(
    store: EvidenceStore, subject: Subject, people: set[int], period: Period, today: date
) -> StepEvidence:
    """Where the revenue per person falls short, product by product, and whether orders are
    delivered on schedule. Points here when the subject's share of late deliveries — overall or
    of one product — is ``WORSE_BY`` times the others' on ``MIN_RECORDS`` deliveries."""
    products = _products_by_id(store)
    sales, heads = _per_person_revenue(store, people, period)
    deliveries = list(store.evidence_deliveries(period.start, period.end, people, today))
    figures: list[Figure] = []
    notes: list[tuple[str, dict]] = []

    delivered, late = _sides(deliveries, "delivered"), _sides(deliveries, "late")
    days, overdue = _sides(deliveries, "late_days"), _sides(deliveries, "overdue")
    late_share = {side: _share(late[side], delivered[side]) for side in (True, False)}
    figures.append(
        Figure("late_share", PERCENT, late_share[True], late_share[False], delivered[True], delivered[False])
    )
    figures.append(
        Figure(
            "late_days",
            DAYS,
            _ratio(days[True], late[True]),
            _ratio(days[False], late[False]),
            late[True],
            late[False],
        )
    )
    orders = _sides(sales, "won")
    figures.append(
        Figure(
            "overdue_share",
            PERCENT,
            _share(overdue[True], orders[True]),
            _share(overdue[False], orders[False]),
            orders[True],
            orders[False],
        )
    )
    points = _worse(late_share[True], late_share[False], delivered[True])

    worst: tuple[float, int] | None = None
    for product_id in sorted({row.product_id for row in [*sales, *deliveries] if row.product_id is not None}):
        name = products[product_id].name if product_id in products else "?"
        revenue = _sides(sales, "revenue", product_id=product_id)
        count = _sides(sales, "won", product_id=product_id)
        figures.append(
            Figure(
                "product_revenue",
                MONEY,
                _per_person(Decimal(revenue[True]), heads[True]),
                _per_person(Decimal(revenue[False]), heads[False]),
                count[True],
                count[False],
                {"product": name},
            )
        )
        done = _sides(deliveries, "delivered", product_id=product_id)
        slow = _sides(deliveries, "late", product_id=product_id)
        share = {side: _share(slow[side], done[side]) for side in (True, False)}
        if done[True]:  # the others' late share alone says nothing about the subject
            figures.append(
                Figure(
                    "product_late_share",
                    PERCENT,
                    share[True],
                    share[False],
                    done[True],
                    done[False],
                    {"product": name},
                )
            )
        if _worse(share[True], share[False], done[True]) and (worst is None or share[True] > worst[0]):
            worst = (share[True], product_id)
    if worst is not None:
        points = True
        notes.append(
            (
                "evidence.note.late_product",
                {"product": products[worst[1]].name if worst[1] in products else "?"},
            )
        )
    for product_id, _mine, _theirs in _behind_products(sales, heads):
        notes.append(
            (
                "evidence.note.product_behind",
                {"product": products[product_id].name if product_id in products else "?"},
            )
        )
    return StepEvidence(PRODUCT, figures, notes, points)


def _price_step(
    store: EvidenceStore, subject: Subject, people: set[int], period: Period, today: date
) -> StepEvidence:
    """Deals lost on price or to a competitor, and the realised price against list price.
    Points here when the lost share is ``WORSE_BY`` times the others' on ``MIN_RECORDS`` orders, or
    the realised price is ``PRICE_POINTS_BELOW`` points of list price under the others' on
    ``MIN_RECORDS`` units."""
    products = _products_by_id(store)
    sales = list(store.evidence_sales(period.start, period.end, people))
    lost = store.evidence_lost_reasons(period.start, period.end, people)
    orders = _sides(sales, "orders")
    on_price = {side: sum(lost.get(side, {}).get(r, 0) for r in PRICE_REASONS) for side in (True, False)}
    lost_share = {side: _share(on_price[side], orders[side]) for side in (True, False)}
    figures = [
        Figure("lost_on_price", PERCENT, lost_share[True], lost_share[False], orders[True], orders[False])
    ]
    points = _worse(lost_share[True], lost_share[False], orders[True])

    # Realised price: revenue over units at list price, of the products with a list price.
    realised: dict[bool, list] = {True: [Decimal(0), Decimal(0), 0], False: [Decimal(0), Decimal(0), 0]}
    per_product: list[Figure] = []
    for product_id in sorted({row.product_id for row in sales if row.product_id is not None}):
        product = products.get(product_id)
        if product is None or not product.list_price:
            continue
        revenue = _sides(sales, "revenue", product_id=product_id)
        units = _sides(sales, "units", product_id=product_id)
        ratio = {}
        for side in (True, False):
            at_list = product.list_price * units[side]
            realised[side][0] += Decimal(revenue[side])
            realised[side][1] += at_list
            realised[side][2] += units[side]
            ratio[side] = _share(Decimal(revenue[side]), at_list)
        if not units[True]:  # counted in the totals; the others' figure alone says nothing here
            continue
        per_product.append(
            Figure(
                "product_realised_price",
                PERCENT,
                _float(ratio[True]),
                _float(ratio[False]),
                units[True],
                units[False],
                {"product": product.name},
            )
        )
    mine = _float(_share(realised[True][0], realised[True][1]))
    theirs = _float(_share(realised[False][0], realised[False][1]))
    figures.append(Figure("realised_price", PERCENT, mine, theirs, realised[True][2], realised[False][2]))
    figures.extend(per_product)
    notes: list[tuple[str, dict]] = []
    below = mine is not None and theirs is not None and mine <= theirs - PRICE_POINTS_BELOW
    if below and realised[True][2] >= MIN_RECORDS:
        points = True
        notes.append(("evidence.note.below_list", {}))
    return StepEvidence(PRICE, figures, notes, points)


def _float(value) -> float | None:
    return None if value is None else float(value)


def _service_step(
    store: EvidenceStore, subject: Subject, people: set[int], period: Period, today: date
) -> StepEvidence:
    """Feedback at the delivery and service stages about the subject's people, and deals lost for
    service reasons. Points here when a stage's figure is ``SCORE_POINTS_BELOW`` under the others'
    on ``MIN_RECORDS`` answers, or the lost share is ``WORSE_BY`` times the others'."""
    scale = store.workspace.feedback_scale
    answers = store.evidence_feedback(period.start, period.end, scale, people)
    figures: list[Figure] = []
    points = False
    for stage in SERVICE_STAGES:
        mine = satisfaction(scale, answers.get(True, {}).get(stage, {}))
        theirs = satisfaction(scale, answers.get(False, {}).get(stage, {}))
        figures.append(
            Figure(
                f"score_{stage}",
                SCORE,
                mine.figure,
                theirs.figure,
                mine.answers,
                theirs.answers,
                {"scale": scale},
            )
        )
        known = mine.figure is not None and theirs.figure is not None and mine.answers >= MIN_RECORDS
        if known and mine.figure <= theirs.figure - SCORE_POINTS_BELOW:
            points = True
    sales = list(store.evidence_sales(period.start, period.end, people))
    lost = store.evidence_lost_reasons(period.start, period.end, people)
    orders = _sides(sales, "orders")
    on_service = {side: sum(lost.get(side, {}).get(r, 0) for r in SERVICE_REASONS) for side in (True, False)}
    share = {side: _share(on_service[side], orders[side]) for side in (True, False)}
    figures.append(Figure("lost_on_service", PERCENT, share[True], share[False], orders[True], orders[False]))
    points = points or _worse(share[True], share[False], orders[True])
    return StepEvidence(SERVICE, figures, [], points)


def _marketing_step(
    store: EvidenceStore, subject: Subject, people: set[int], period: Period, today: date
) -> StepEvidence:
    """The products and customer segments that sell elsewhere but not here: per product and per
    segment, orders (not lost) per person for the subject against the others. Points here when a
    product the others order at least ``MIN_RECORDS`` times sells, per person, under
    ``SELLS_ELSEWHERE_SHARE`` of that here, or a segment the others sell in at least
    ``MIN_RECORDS`` times, under ``SEGMENT_ELSEWHERE_SHARE``."""
    products = _products_by_id(store)
    sales, heads = _per_person_revenue(store, people, period)
    figures: list[Figure] = []
    notes: list[tuple[str, dict]] = []
    for product_id in sorted({row.product_id for row in sales if row.product_id is not None}):
        won = _sides(sales, "won", product_id=product_id)
        mine, theirs = _per_person(won[True], heads[True]), _per_person(won[False], heads[False])
        name = products[product_id].name if product_id in products else "?"
        figures.append(
            Figure("product_orders", COUNT, mine, theirs, won[True], won[False], {"product": name})
        )
        if (
            won[False] >= MIN_RECORDS
            and mine is not None
            and theirs
            and mine < SELLS_ELSEWHERE_SHARE * theirs
        ):
            notes.append(("evidence.note.sells_elsewhere", {"product": name}))
    segment_figures, segment_notes = _segments_elsewhere(store, people, period, heads)
    return StepEvidence(
        MARKETING, figures + segment_figures, notes + segment_notes, bool(notes or segment_notes)
    )


def _segments_elsewhere(
    store: EvidenceStore, people: set[int], period: Period, heads: Mapping[bool, int]
) -> tuple[list[Figure], list[tuple[str, dict]]]:
    """Per customer segment, the subject's orders per person beside the others' (the divisors
    of the product figures); a note for each segment that sells elsewhere but hardly here. A
    segment is named by its key and stored label, in the reader's language when shown."""
    listed = {segment.id: segment for segment in store.segments()}
    won: dict[int, dict[bool, int]] = {}
    for row in store.evidence_segments(period.start, period.end, people):
        if row.segment_id in listed:
            won.setdefault(row.segment_id, {True: 0, False: 0})[row.subject] += row.won
    figures: list[Figure] = []
    notes: list[tuple[str, dict]] = []
    for segment_id in sorted(won):
        counts, segment = won[segment_id], listed[segment_id]
        mine, theirs = _per_person(counts[True], heads[True]), _per_person(counts[False], heads[False])
        params = {SEGMENT: segment.label, SEGMENT_KEY: segment.key}
        figures.append(Figure("segment_orders", COUNT, mine, theirs, counts[True], counts[False], params))
        if (
            counts[False] >= MIN_RECORDS
            and mine is not None
            and theirs
            and mine < SEGMENT_ELSEWHERE_SHARE * theirs
        ):
            notes.append(("evidence.note.segment_elsewhere", dict(params)))
    return figures, notes


def _training_step(
    store: EvidenceStore, subject: Subject, people: set[int], period: Period, today: date
) -> StepEvidence:
    """The subject's training beside the rest of the company's (everyone else in a team or with a
    training assigned): completed in the period per person, open and overdue now per person
    (``salesbot.training`` rules), and for each product behind (see the product step) the share
    of people with a product training on it. Points here when anything of the subject's is
    overdue or a product behind has no training assigned to them."""
    products = _products_by_id(store)
    done = store.evidence_completions(period.start, period.end, people)
    sales, heads = _per_person_revenue(store, people, period)
    figures = [
        Figure(
            "training_completed",
            COUNT,
            _per_person(done.get(True, 0), heads[True]),
            _per_person(done.get(False, 0), heads[False]),
            done.get(True, 0),
            done.get(False, 0),
        )
    ]
    teams = store.team_names_by_id()
    others = {pid for ids in store.member_ids(list(teams)).values() for pid in ids}
    others = (others | set(store.directly_assigned_person_ids())) - people
    side = {True: people, False: others}
    trainings = {mine: trainings_of(store, side[mine], today) for mine in (True, False)}
    open_count = {mine: sum(len(t.open) for t in trainings[mine].values()) for mine in (True, False)}
    overdue = {mine: sum(len(t.overdue) for t in trainings[mine].values()) for mine in (True, False)}
    for key, counts in (("training_open", open_count), ("training_overdue", overdue)):
        figures.append(
            Figure(
                key,
                COUNT,
                _per_person(counts[True], len(people)),
                _per_person(counts[False], len(others)),
                open_count[True],
                open_count[False],
            )
        )
    notes: list[tuple[str, dict]] = []
    if overdue[True]:
        notes.append(("evidence.note.training_overdue", {"count": overdue[True]}))
    trained: dict[bool, dict[int, set[int]]] = {True: {}, False: {}}  # product → people trained on it
    for mine in (True, False):
        for person_id, _, item in store.assignments_for(side[mine]):
            if item.topic == "product" and item.product_id is not None:
                trained[mine].setdefault(item.product_id, set()).add(person_id)
    for product_id, _mine, _theirs in _behind_products(sales, heads):
        name = products[product_id].name if product_id in products else "?"
        count = {mine: len(trained[mine].get(product_id, ())) for mine in (True, False)}
        figures.append(
            Figure(
                "product_trained",
                PERCENT,
                _share(count[True], len(people)),
                _share(count[False], len(others)),
                len(people),
                len(others),
                {"product": name},
            )
        )
        if not count[True]:
            notes.append(("evidence.note.training_missing", {"product": name}))
    return StepEvidence(
        TRAINING,
        figures,
        notes,
        bool(overdue[True]) or any(key == "evidence.note.training_missing" for key, _ in notes),
    )


def _ability_step(
    store: EvidenceStore, subject: Subject, people: set[int], period: Period, today: date
) -> StepEvidence:
    """Revenue per person over the last ``ABILITY_PERIODS`` periods of the period's kind, against
    the person's team (their team mates; the rest of the company for a team or a person in no
    team). Points here when it is under ``ABILITY_SHARE`` of the others' in each of them."""
    among = None
    if subject.scope == "person":
        teams = store.teams_of(subject.person)
        if teams:
            members = store.member_ids([team.id for team in teams])
            among = set().union(*members.values()) | people
            if among == people:
                among = None
    figures: list[Figure] = []
    behind = 0
    for earlier in reversed(periods_back(period, ABILITY_PERIODS)):
        sales, heads = _per_person_revenue(store, people, earlier, among)
        revenue = _sides(sales, "revenue")
        won = _sides(sales, "won")
        mine = _per_person(Decimal(revenue[True]), heads[True])
        theirs = _per_person(Decimal(revenue[False]), heads[False])
        figures.append(
            Figure("revenue_per_person", MONEY, mine, theirs, won[True], won[False], {"period": earlier.key})
        )
        if mine is not None and theirs and mine < Decimal(str(ABILITY_SHARE)) * theirs:
            behind += 1
    notes = [("evidence.note.against_team", {})] if among is not None else []
    return StepEvidence(ABILITY, figures, notes, behind == ABILITY_PERIODS)


def periods_back(period: Period, count: int) -> list[Period]:
    """``period`` and the ``count - 1`` periods of its kind before it, newest first."""
    found = [period]
    while len(found) < count:
        last = found[-1]
        before = last.start - timedelta(days=1)
        if last.kind == "month":
            found.append(Period.of_month(before.year, before.month))
        elif last.kind == "quarter":
            found.append(Period.of_quarter(before.year, (before.month - 1) // 3 + 1))
        elif last.kind == "year":
            found.append(Period.of_year(before.year))
        else:
            found.append(Period.of_range(last.start - timedelta(days=last.days), before))
    return found


_STEPS = {
    PRODUCT: _product_step,
    PRICE: _price_step,
    SERVICE: _service_step,
    MARKETING: _marketing_step,
    TRAINING: _training_step,
    ABILITY: _ability_step,
}
