"""Links to the feedback page: how a customer outside Slack answers about a sale.

The rules, one function each:

- Who makes one (``create_link``): anyone who may change the sale (its rep, their managers,
  admins: ``salesbot.sales.may_change_sale``), for a sale not lost. The link asks about the
  sale's stage as it is now (an open order: the order; delivered: the delivery; followed up:
  the service) on the workspace's scale, about the sale's rep, product and customer.
- The token is 32 random bytes (``secrets.token_urlsafe``, 256 bits) carried in the URL; only
  its SHA-256 is stored. That is the password-reset link's design and it is enough: nobody can
  guess a 256-bit token, and a copy of the database (a backup, a replica) holds no usable link,
  because the hash cannot be turned back into the token. An HMAC with a server secret would
  add nothing against guessing, and would tie every link to a secret whose rotation breaks
  them all. A fast hash suffices because the token is random, not a password.
- A link lasts ``LINK_DAYS`` days (``expires_at``) and answers once (``used_at``). The answer
  and the link's use are one transaction, and the use is a conditional update (``WHERE used_at
  IS NULL``), so two submissions at once record one answer; the other is told it was used.
- An unknown token, one expired or used records nothing and says which (``LinkUnusable``).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Protocol

from salesbot import feedback, sales
from salesbot.access import Actor
from salesbot.errors import Conflict, FieldCheck, NotFound, UserError
from salesbot.feedback import FeedbackFields, FeedbackStore
from salesbot.records import FeedbackLinkRecord, FeedbackRecord, InWorkspace, SaleRecord

LINK_DAYS = 14
TOKEN_BYTES = 32
# What the page accepts as a token before looking it up: token_urlsafe's alphabet, about its length.
TOKEN_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
TOKEN_LENGTH = range(40, 50)

# Why a link cannot be answered.
UNKNOWN, EXPIRED, USED = "unknown", "expired", "used"

# A sale's state → the stage a customer is asked about.
_STAGE_OF = {sales.OPEN: "order", sales.DELIVERED: "delivery", sales.FOLLOWED_UP: "service"}


class FeedbackLinkStore(FeedbackStore, InWorkspace, Protocol):
    """What making and answering links needs of the store."""

    def sale(self, sale_id: int) -> SaleRecord | None: ...
    def add_feedback_link(self, **fields: object) -> FeedbackLinkRecord: ...
    def feedback_link_by_hash(self, token_hash: str) -> FeedbackLinkRecord | None: ...
    def use_feedback_link(self, link_id: int, at: datetime) -> bool: ...


@dataclass(frozen=True)
class NewLink:
    """A link just made: ``token`` goes in the URL and is never stored or shown again."""

    token: str
    link: FeedbackLinkRecord

    def url(self, public_url: str) -> str:
        return f"{public_url.rstrip('/')}/feedback/{self.token}"


class LinkUnusable(UserError):
    """The link cannot be answered: ``reason`` is UNKNOWN, EXPIRED or USED."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"feedback_page.{reason}")
        self.reason = reason


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def looks_like_token(text: str) -> bool:
    """A cheap check before any lookup: token_urlsafe's characters, about its length."""
    return len(text) in TOKEN_LENGTH and set(text) <= TOKEN_ALPHABET


def stage_for(sale: SaleRecord) -> str:
    state = sales.sale_state(sale)
    if state not in _STAGE_OF:
        raise Conflict("feedback_link.sale_lost")
    return _STAGE_OF[state]


def create_link(store: FeedbackLinkStore, actor: Actor, sale_id: int, *, now: datetime) -> NewLink:
    """A new link for the sale, lasting ``LINK_DAYS``; audited (without the token)."""
    sale = store.sale(sale_id)
    if sale is None:
        raise NotFound("sale.not_found")
    sales.require_may_change_sale(actor, sale.person_id)
    stage = stage_for(sale)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    link = store.add_feedback_link(
        token_hash=token_hash(token),
        scale=feedback.check_scale(store.workspace.feedback_scale),
        stage=stage,
        person_id=sale.person_id,
        product_id=sale.product_id,
        sale_id=sale.id,
        customer=sale.customer,
        expires_at=now + timedelta(days=LINK_DAYS),
        created_by_id=actor.person_id,
    )
    store.audit(
        actor_id=actor.person_id,
        action="feedback_link.created",
        entity="feedback_link",
        entity_id=link.id,
        sale_id=sale.id,
        stage=stage,
    )
    return NewLink(token=token, link=link)


def usable_link(store: FeedbackLinkStore, token: str, *, now: datetime) -> FeedbackLinkRecord:
    """The link ``token`` opens, if it can still be answered; else ``LinkUnusable`` saying why."""
    link = store.feedback_link_by_hash(token_hash(token)) if looks_like_token(token) else None
    if link is None:
        raise LinkUnusable(UNKNOWN)
    if link.used_at is not None:
        raise LinkUnusable(USED)
    if _utc(link.expires_at) <= now:
        raise LinkUnusable(EXPIRED)
    return link


def answer_link(
    store: FeedbackLinkStore, token: str, *, score: str, comment: str, now: datetime, today: date
) -> FeedbackRecord:
    """Records the customer's answer through the link and uses the link up, in the caller's
    transaction: a wrong score or comment (``FieldErrors``) or a link used meanwhile
    (``LinkUnusable``) leaves the link unused and nothing recorded, once the caller rolls back."""
    link = usable_link(store, token, now=now)
    check = FieldCheck()
    picked = check.read(feedback.F_SCORE, lambda: feedback.read_score(link.scale, score))
    check.done()
    fields = FeedbackFields(
        scale=link.scale,
        score=picked,
        stage=link.stage,
        given_on=today,
        comment=comment,
        customer=link.customer,
        person_id=link.person_id,
        product_id=link.product_id,
        sale_id=link.sale_id,
    )
    feedback.check_feedback(fields)  # refused before the link is used
    if not store.use_feedback_link(link.id, now):
        raise LinkUnusable(USED)
    return feedback.record_feedback(store, fields, source=feedback.WEB, link_id=link.id)


def _utc(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; every stored one is UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
