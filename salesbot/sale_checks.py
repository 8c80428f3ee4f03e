"""Is this amount what the person meant? A sale far outside what is usual is asked about before
it is saved: "NOK 1,500,000 is 6 times your goal for November 2026. Did you mean NOK 150,000?"

A typed amount goes wrong by a missing or extra zero ("1,5m" for 150k, "150 000" for 15 000),
which no range check catches. ``unusual_amount`` compares it with what is known:

(a) the product's list price × quantity, when the product has a list price: at least
    ``LIST_ABOVE`` (5) times above it, or at most ``LIST_BELOW`` (a tenth) of it. Nobody pays
    five times the list price, but deep discounts, bundles and an item given away happen; a
    zero too many or too few is ten times off, so a missing zero at list price (or below it)
    is still caught.
(b) the person's usual sale: the median amount of their last ``USUAL_SALES`` (50) sales not
    lost, ordered in the year before the sale, when there are at least ``USUAL_MIN_SALES`` (5):
    at least ``USUAL_FAR`` (10) times it. Sales vary a lot (one coffee subscription, then five
    machines), so only an order of magnitude is a question; the median is not moved by the
    odd big deal, as a mean would be. Someone with fewer sales than that (a new rep, an admin
    recording a sale for the first time) is compared with everyone's usual sale instead.
(c) their goal: at least ``GOAL_FAR`` (2) times the whole open personal revenue goal (for all
    products) whose period holds the order date; with several (a month and a year) the
    largest, so a big deal that beats this month's goal but not the year's is not asked about.
    One sale that beats a whole goal happens (a big deal, a small goal); twice it rarely does,
    and a zero too many on an ordinary sale (a tenth or a fifth of a goal) gets there.

A list price that agrees with the amount settles it: (b) and (c) are not asked then, since a
big real order (five machines at list price) looks the same to the history and the goal as a
typing error, and the price tells them apart.

The suggestion is the list price × quantity for (a); else the amount divided by the power of
ten that makes it usual (under twice the goal, under ten times the usual sale), the one
nearest the usual sale when that is known, else the largest: 1 500 000 → 150 000.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from statistics import median
from typing import Protocol

from salesbot.products import ProductLookup
from salesbot.records import GoalFinder, GoalRecord, ProductRecord

LIST_ABOVE = Decimal(5)
LIST_BELOW = Decimal(10)
GOAL_FAR = Decimal(2)
USUAL_FAR = Decimal(10)
USUAL_SALES = 50
USUAL_MIN_SALES = 5
USUAL_DAYS = 365
CENT = Decimal("0.01")


class AmountCheckStore(ProductLookup, GoalFinder, Protocol):
    """What checking an amount reads: the product, the person's recent sales and their goals."""

    def recent_sale_amounts(
        self, person_id: int | None, *, since: date, until: date, limit: int
    ) -> Sequence[Decimal]: ...


@dataclass(frozen=True)
class AmountDoubt:
    """Why an amount looks wrong: each comparison that found it far off, with its figures."""

    amount: Decimal
    units: int = 1
    product: ProductRecord | None = None
    list_total: Decimal | None = None  # the list price × quantity, when far from the amount
    usual: Decimal | None = None  # the person's median sale, when the amount is far above it
    usual_of_everyone: bool = False  # ``usual`` is everyone's: the person has too few sales
    goal: GoalRecord | None = None  # the goal the amount alone is far above
    suggestion: Decimal | None = None  # "did you mean …?"


def unusual_amount(
    store: AmountCheckStore,
    *,
    person_id: int,
    amount: Decimal,
    ordered_on: date,
    units: int = 1,
    product_id: int | None = None,
) -> AmountDoubt | None:
    """What is unusual about ``amount`` for this sale, or None when nothing is (see the module)."""
    product = store.product_by_id(product_id) if product_id is not None else None
    if product is not None and product.list_price:
        total = product.list_price * units
        if amount >= total * LIST_ABOVE or amount * LIST_BELOW <= total:
            return AmountDoubt(amount, units, product, list_total=total, suggestion=total)
        return None
    usual = usual_sale(store, person_id, ordered_on)
    of_everyone = usual is None
    if of_everyone:
        usual = usual_sale(store, None, ordered_on)
    goal = _goal_holding(store, person_id, ordered_on)
    far_above_usual = usual is not None and amount >= usual * USUAL_FAR
    above_goal = goal is not None and amount >= goal.target * GOAL_FAR
    if not (far_above_usual or above_goal):
        return None
    return AmountDoubt(
        amount,
        units,
        product,
        usual=usual if far_above_usual else None,
        usual_of_everyone=of_everyone and far_above_usual,
        goal=goal if above_goal else None,
        suggestion=_fewer_zeros(amount, usual, goal),
    )


def usual_sale(store: AmountCheckStore, person_id: int | None, ordered_on: date) -> Decimal | None:
    """The median of the person's recent sales (everyone's with ``None``; see the module), None
    with too few to tell."""
    amounts = store.recent_sale_amounts(
        person_id, since=ordered_on - timedelta(days=USUAL_DAYS), until=ordered_on, limit=USUAL_SALES
    )
    if len(amounts) < USUAL_MIN_SALES:
        return None
    return Decimal(median(amounts)).quantize(CENT)


def _goal_holding(store: AmountCheckStore, person_id: int, day: date) -> GoalRecord | None:
    goals = [
        goal
        for goal in store.goals_of_subject("person", person_id, start=day, end=day, limit=50)
        if goal.metric == "revenue" and goal.product_id is None and goal.status == "open" and goal.target > 0
    ]
    return max(goals, key=lambda goal: goal.target, default=None)


def _fewer_zeros(amount: Decimal, usual: Decimal | None, goal: GoalRecord | None) -> Decimal | None:
    """The amount with one or more zeros fewer that is usual, nearest the usual sale if known,
    else the largest; None when no such amount is a whole number of cents."""
    fits = []
    candidate = amount
    while True:
        candidate = candidate / 10
        if candidate < 1 or candidate != candidate.quantize(CENT):
            break
        if (usual is None or candidate < usual * USUAL_FAR) and (
            goal is None or candidate < goal.target * GOAL_FAR
        ):
            fits.append(candidate.quantize(CENT))
    if not fits:
        return None
    if usual is None:
        return fits[0]
    return min(fits, key=lambda candidate: abs((candidate / usual).ln()))
