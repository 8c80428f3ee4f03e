"""Customer feedback: what a customer scored, at which stage of a sale's life, and what they said.

The rules, one function each:

- The scale is the workspace's (``Workspace.feedback_scale``): **CSAT**, a score of 1–5, whose
  figure is the share of 4s and 5s (``CSAT %``); or **NPS**, 0–10, whose figure is the share of
  promoters (9–10) less the share of detractors (0–6), from −100 to 100 (``satisfaction``).
  Each answer keeps the scale it was given on, so a change of scale never misreads old ones;
  a figure is only ever made of answers on one scale.
- A score outside its scale, an unknown stage or a comment too long is refused, all at once by
  field (``check_feedback``); nothing is written.
- A low score (CSAT 1–2, an NPS detractor 0–6) is one the rep's managers hear of at once
  (``is_low``).
- Stages follow the sale: the order (how it was sold), the delivery, the service after it.
- Where an answer came from (``SOURCES``): logged by a rep or manager in the form, a vote on a
  rating message in a channel, a Slack message logged as feedback, or the web page.
- Who sees comments: the rep the answer is about, their managers and admins
  (``may_see_feedback``); counts and figures without comments may be shared more widely.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from salesbot.access import Actor
from salesbot.errors import FieldCheck, InvalidInput
from salesbot.records import AuditTrail, FeedbackRecord, PersonRecord
from salesbot.teams import TeamView

CSAT, NPS = "csat", "nps"
# Each scale's lowest and highest score.
SCALES = {CSAT: (1, 5), NPS: (0, 10)}
STAGES = ("order", "delivery", "service")
LOGGED, REQUEST, MESSAGE, WEB = "logged", "request", "message", "web"
SOURCES = (LOGGED, REQUEST, MESSAGE, WEB)
COMMENT_MAX = 2000
CUSTOMER_MAX = 200
PERMALINK_MAX = 500

# Field names used in errors, so a form can show each error on its own field.
F_SCORE, F_STAGE, F_COMMENT, F_CUSTOMER, F_PRODUCT, F_SALE = (
    "score",
    "stage",
    "comment",
    "customer",
    "product",
    "sale",
)


class FeedbackStore(AuditTrail, Protocol):
    """What recording feedback needs of the store."""

    def add_feedback(self, **fields: object) -> FeedbackRecord: ...


@dataclass(frozen=True)
class FeedbackFields:
    """One answer as given: the score on ``scale`` at ``stage``, and whom and what it is about."""

    scale: str
    score: int
    stage: str
    given_on: date
    comment: str = ""
    customer: str = ""
    person_id: int | None = None  # the rep it is about
    product_id: int | None = None
    sale_id: int | None = None
    permalink: str = ""


@dataclass(frozen=True)
class Satisfaction:
    """A figure on one scale and the number of answers behind it (``answers`` 0: no figure)."""

    scale: str
    answers: int
    figure: float | None  # CSAT %: 0–100; NPS: −100–100

    @property
    def low_confidence(self) -> bool:
        """Too few answers to read much into: say how many with the figure."""
        return self.answers < 5


# -- the scale ----------------------------------------------------------------------------


def check_scale(scale: str) -> str:
    if scale not in SCALES:
        raise ValueError(f"unknown feedback scale {scale!r}")
    return scale


def check_score(scale: str, score: int) -> int:
    low, high = SCALES[check_scale(scale)]
    if not low <= score <= high:
        raise InvalidInput("feedback.score_range", field=F_SCORE, low=low, high=high, text=str(score))
    return score


def read_score(scale: str, text: str) -> int:
    """A score typed or picked as text: a whole number on the scale."""
    text = (text or "").strip()
    if not text.lstrip("-").isdigit():
        low, high = SCALES[check_scale(scale)]
        raise InvalidInput("feedback.score_range", field=F_SCORE, low=low, high=high, text=text)
    return check_score(scale, int(text))


def is_low(scale: str, score: int) -> bool:
    """A score the rep's managers hear of at once: CSAT 1–2, an NPS detractor (0–6)."""
    return score <= 2 if check_scale(scale) == CSAT else score <= 6


def satisfaction(scale: str, counts: Mapping[int, int]) -> Satisfaction:
    """The figure for answers on ``scale``, from how many gave each score."""
    answers = sum(counts.values())
    if answers == 0:
        return Satisfaction(check_scale(scale), 0, None)
    if check_scale(scale) == CSAT:
        happy = sum(n for score, n in counts.items() if score >= 4)
        return Satisfaction(scale, answers, 100 * happy / answers)
    promoters = sum(n for score, n in counts.items() if score >= 9)
    detractors = sum(n for score, n in counts.items() if score <= 6)
    return Satisfaction(scale, answers, 100 * (promoters - detractors) / answers)


# -- who ----------------------------------------------------------------------------------


def may_see_feedback(actor: Actor, person_id: int | None) -> bool:
    """A comment is for the rep it is about, their managers and admins; one about nobody in
    particular (no rep) for managers and admins."""
    if person_id is None:
        return actor.is_manager or actor.is_admin
    return actor.may_manage(person_id)


# -- recording ----------------------------------------------------------------------------


def check_feedback(fields: FeedbackFields) -> FeedbackFields:
    """The answer checked whole: every field that is wrong is refused at once (``FieldErrors``)."""
    check = FieldCheck()
    check.read(F_SCORE, lambda: check_score(fields.scale, fields.score))
    if fields.stage not in STAGES:
        check.refuse(F_STAGE, InvalidInput("feedback.stage_invalid", field=F_STAGE, text=fields.stage))
    comment = (fields.comment or "").strip()
    if len(comment) > COMMENT_MAX:
        check.refuse(F_COMMENT, InvalidInput("feedback.comment_too_long", field=F_COMMENT, max=COMMENT_MAX))
    customer = " ".join((fields.customer or "").split())
    if len(customer) > CUSTOMER_MAX:
        check.refuse(
            F_CUSTOMER, InvalidInput("feedback.customer_too_long", field=F_CUSTOMER, max=CUSTOMER_MAX)
        )
    check.done()
    permalink = fields.permalink if len(fields.permalink or "") <= PERMALINK_MAX else ""
    return FeedbackFields(
        scale=fields.scale,
        score=fields.score,
        stage=fields.stage,
        given_on=fields.given_on,
        comment=comment,
        customer=customer,
        person_id=fields.person_id,
        product_id=fields.product_id,
        sale_id=fields.sale_id,
        permalink=permalink,
    )


def record_feedback(
    store: FeedbackStore,
    fields: FeedbackFields,
    *,
    source: str,
    actor_id: int | None = None,
    **keys: object,
) -> FeedbackRecord:
    """Records one answer, checked whole, and audits it. ``actor_id`` is who logged it (None for
    a customer on the web page); ``keys`` the request and voter, or the link, it came through."""
    if source not in SOURCES:
        raise ValueError(f"unknown feedback source {source!r}")
    fields = check_feedback(fields)
    answer = store.add_feedback(
        scale=fields.scale,
        score=fields.score,
        stage=fields.stage,
        given_on=fields.given_on,
        comment=fields.comment,
        customer=fields.customer,
        person_id=fields.person_id,
        product_id=fields.product_id,
        sale_id=fields.sale_id,
        permalink=fields.permalink,
        source=source,
        created_by_id=actor_id,
        **keys,
    )
    store.audit(
        actor_id=actor_id,
        action="feedback.recorded",
        entity="feedback",
        entity_id=answer.id,
        source=source,
        score=answer.score,
        scale=answer.scale,
        stage=answer.stage,
    )
    return answer


# -- telling managers of a low score -----------------------------------------------------


class TeamsStore(Protocol):
    def teams(self) -> Sequence[TeamView]: ...


def managers_to_tell(store: TeamsStore, answer: FeedbackRecord) -> list[PersonRecord]:
    """Who hears of ``answer`` at once: the managers of its rep's teams when the score is low
    (not the rep, if they manage themselves); nobody otherwise."""
    if answer.person_id is None or not is_low(answer.scale, answer.score):
        return []
    found: dict[int, PersonRecord] = {}
    for view in store.teams():
        if any(member.id == answer.person_id for member in view.members):
            for manager in view.managers:
                if manager.id != answer.person_id:
                    found.setdefault(manager.id, manager)
    return list(found.values())
