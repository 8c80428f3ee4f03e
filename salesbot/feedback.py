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

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from salesbot.access import Actor
from salesbot.commands import CHANNEL_MENTION, PLAIN_MENTION, take_mentions, unquote
from salesbot.errors import FieldCheck, FieldErrors, InvalidInput, NotFound, PermissionDenied
from salesbot.goals import COMPANY_WORDS, PRODUCT_PREFIXES, TEAM_PREFIXES, default_period, take_named
from salesbot.periods import Period, parse_period
from salesbot.products import find_product
from salesbot.records import (
    AuditTrail,
    FeedbackRecord,
    FeedbackRequestRecord,
    InWorkspace,
    MembershipRecord,
    PersonFinder,
    PersonRecord,
    ProductRecord,
    SaleRecord,
    TeamRecord,
)
from salesbot.teams import MEMBER, TeamLookup, find_team

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
F_SCORE, F_STAGE, F_COMMENT, F_CUSTOMER, F_PRODUCT, F_SALE, F_REP = (
    "score",
    "stage",
    "comment",
    "customer",
    "product",
    "sale",
    "rep",
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


# -- logging an answer in the form -----------------------------------------------------------


class FeedbackLogStore(FeedbackStore, InWorkspace, Protocol):
    """What logging feedback in the form needs of the store."""

    def product_by_id(self, product_id: int) -> ProductRecord | None: ...
    def sale(self, sale_id: int) -> SaleRecord | None: ...


@dataclass(frozen=True)
class FeedbackForm:
    """The logging form as submitted: the score as picked (text), the rep (None: the one logging
    it, or the sale's owner), and the message it came from when logged from one."""

    customer: str
    stage: str
    score: str
    comment: str = ""
    product_id: int | None = None
    sale_id: int | None = None
    person_id: int | None = None
    permalink: str = ""
    source: str = LOGGED


def log_feedback(store: FeedbackLogStore, actor: Actor, form: FeedbackForm, *, today: date) -> FeedbackRecord:
    """Records an answer a rep or manager logged, on the workspace's scale. Every wrong field is
    refused at once (``FieldErrors``), nothing written: an empty customer, a score off the scale,
    an unknown stage, product or sale, a rep (or sale) the logger may not log for."""
    scale = check_scale(store.workspace.feedback_scale)
    check = FieldCheck()
    if not " ".join((form.customer or "").split()):
        check.refuse(F_CUSTOMER, InvalidInput("feedback.customer_missing", field=F_CUSTOMER))
    score = check.read(F_SCORE, lambda: read_score(scale, form.score))
    product_id, person_id = form.product_id, form.person_id
    if product_id is not None and store.product_by_id(product_id) is None:
        check.refuse(F_PRODUCT, NotFound("feedback.product_unknown", field=F_PRODUCT))
    if form.sale_id is not None:
        sale = store.sale(form.sale_id)
        if sale is None or not actor.may_manage(sale.person_id):
            check.refuse(F_SALE, NotFound("feedback.sale_unknown", field=F_SALE))
        else:
            person_id = person_id or sale.person_id
            product_id = product_id or sale.product_id
    person_id = person_id or actor.person_id
    if not actor.may_manage(person_id):
        check.refuse(F_REP, PermissionDenied("feedback.rep_not_yours", field=F_REP))
    fields = FeedbackFields(
        scale=scale,
        score=score if score is not None else SCALES[scale][0],
        stage=form.stage,
        given_on=today,
        comment=form.comment,
        customer=form.customer,
        person_id=person_id,
        product_id=product_id,
        sale_id=form.sale_id,
        permalink=form.permalink,
    )
    try:
        check_feedback(fields)
    except FieldErrors as refused:
        for name, error in refused.errors.items():
            check.refuse(name, error)
    check.done()
    return record_feedback(store, fields, source=form.source, actor_id=actor.person_id)


# -- rating messages in a channel -------------------------------------------------------------

REQUEST_WORDS = ("request", "ask", "spør", "be")
LOG_WORDS = ("log", "registrer", "logg")
# The stages as people type them, in either language.
STAGE_WORDS = {
    "order": "order",
    "ordre": "order",
    "delivery": "delivery",
    "levering": "delivery",
    "service": "service",
}
CUSTOMER_PREFIXES = ("customer:", "kunde:")


class FeedbackRequestStore(FeedbackStore, InWorkspace, Protocol):
    """What asking for and counting votes needs of the store."""

    def product_by_name(self, name: str) -> ProductRecord | None: ...
    def product_by_id(self, product_id: int) -> ProductRecord | None: ...
    def products(self, *, include_retired: bool = False) -> Sequence[ProductRecord]: ...
    def add_feedback_request(self, **fields: object) -> FeedbackRequestRecord: ...
    def feedback_request(self, request_id: int) -> FeedbackRequestRecord | None: ...
    def vote_feedback(
        self, request: FeedbackRequestRecord, voter: str, score: int, **fields: object
    ) -> tuple[FeedbackRecord, int | None]: ...
    def count_votes(self, request_id: int) -> int: ...
    def feedback(self, feedback_id: int) -> FeedbackRecord | None: ...
    def save_feedback(self, answer: FeedbackRecord) -> FeedbackRecord: ...


@dataclass(frozen=True)
class RequestAsk:
    """``feedback request`` read: where, at which stage, about what and whom."""

    channel_id: str | None = None  # None: where it was typed
    stage: str = "service"
    product_name: str | None = None
    customer: str = ""
    rep_user_id: str | None = None


@dataclass(frozen=True)
class Vote:
    """A vote recorded: the answer as it is now, and the score it had before (None: a new vote)."""

    answer: FeedbackRecord
    previous: int | None

    @property
    def changed(self) -> bool:
        return self.previous is not None and self.previous != self.answer.score


def read_request(text: str, *, product_names: Collection[str]) -> RequestAsk:
    """``[#channel] [stage] [product:NAME] [@rep] [customer:NAME]``, in any order; the customer's
    name runs to the end unless quoted."""
    example = "feedback.request_example"
    channels = CHANNEL_MENTION.findall(text)
    if len(channels) > 1:
        raise InvalidInput("feedback.one_channel", example=example)
    text = CHANNEL_MENTION.sub(" ", text)
    user_ids, text = take_mentions(text)
    plain = PLAIN_MENTION.findall(text)
    if plain:
        raise InvalidInput("command.plain_mention", example=example, text=plain[0])
    if len(user_ids) > 1:
        raise InvalidInput("feedback.one_rep", example=example)
    words = text.split()
    customer = ""
    for index, word in enumerate(words):
        prefix = next((p for p in CUSTOMER_PREFIXES if word.casefold().startswith(p)), None)
        if prefix is not None:
            customer = unquote(" ".join([word[len(prefix) :], *words[index + 1 :]]))
            words = words[:index]
            if not customer:
                raise InvalidInput("feedback.customer_missing", example=example)
            break
    product, words = take_named(
        words, PRODUCT_PREFIXES, lambda: product_names, missing="goal.product_missing", example=example
    )
    stage = "service"
    if words:
        stage = STAGE_WORDS.get(words[0].casefold(), "")
        if not stage or len(words) > 1:
            raise InvalidInput("feedback.request_word", example=example, text=" ".join(words))
    return RequestAsk(
        channel_id=channels[0] if channels else None,
        stage=stage,
        product_name=product,
        customer=" ".join(customer.split()),
        rep_user_id=user_ids[0] if user_ids else None,
    )


def ask_for_feedback(
    store: FeedbackRequestStore,
    actor: Actor,
    ask: RequestAsk,
    *,
    channel_id: str,
    rep: PersonRecord | None,
    question: str,
) -> FeedbackRequestRecord:
    """Records a rating message to post in ``channel_id``: about ``rep`` (None: the one asking),
    on the workspace's scale. A rep asks about themselves; managers about their people."""
    person_id = rep.id if rep is not None else actor.person_id
    if not actor.may_manage(person_id):
        raise PermissionDenied("feedback.rep_not_yours")
    product = find_product(store, ask.product_name) if ask.product_name else None
    if len(ask.customer) > CUSTOMER_MAX:
        raise InvalidInput("feedback.customer_too_long", max=CUSTOMER_MAX)
    request = store.add_feedback_request(
        channel_id=channel_id,
        scale=check_scale(store.workspace.feedback_scale),
        stage=ask.stage,
        person_id=person_id,
        product_id=product.id if product else None,
        customer=ask.customer,
        question=question[:300],
        created_by_id=actor.person_id,
    )
    store.audit(
        actor_id=actor.person_id,
        action="feedback.requested",
        entity="feedback_request",
        entity_id=request.id,
        channel=channel_id,
        stage=ask.stage,
    )
    return request


def vote(
    store: FeedbackRequestStore, request: FeedbackRequestRecord, voter: str, score: int, *, today: date
) -> Vote:
    """One vote per person per rating message: a first press records an answer, a later one
    changes its score in place (never a second answer)."""
    check_score(request.scale, score)
    answer, previous = store.vote_feedback(
        request,
        voter,
        score,
        scale=request.scale,
        stage=request.stage,
        given_on=today,
        customer=request.customer,
        person_id=request.person_id,
        product_id=request.product_id,
        sale_id=request.sale_id,
        source=REQUEST,
    )
    store.audit(
        actor_id=None,
        action="feedback.recorded" if previous is None else "feedback.vote_changed",
        entity="feedback",
        entity_id=answer.id,
        source=REQUEST,
        voter=voter,
        score=score,
        previous=previous,
    )
    return Vote(answer, previous)


def comment_on_vote(store: FeedbackRequestStore, answer_id: int, voter: str, comment: str) -> FeedbackRecord:
    """A voter's comment on their own vote (replacing one they gave before)."""
    answer = store.feedback(answer_id)
    if answer is None or answer.voter != voter:
        raise NotFound("feedback.vote_gone")
    comment = (comment or "").strip()
    if not comment:
        raise InvalidInput("feedback.comment_missing", field=F_COMMENT)
    if len(comment) > COMMENT_MAX:
        raise InvalidInput("feedback.comment_too_long", field=F_COMMENT, max=COMMENT_MAX)
    answer.comment = comment
    store.save_feedback(answer)
    store.audit(
        actor_id=None, action="feedback.commented", entity="feedback", entity_id=answer.id, voter=voter
    )
    return answer


# -- a low score's alert ----------------------------------------------------------------------


class AlertStore(Protocol):
    def claim_low_alert(self, feedback_id: int) -> bool: ...
    def managers_of(self, person_id: int) -> Sequence[PersonRecord]: ...
    def admin_people(self, configured_admins: Collection[str]) -> Sequence[PersonRecord]: ...


def low_score_alert(
    store: AlertStore, answer: FeedbackRecord, *, configured_admins: Collection[str] = ()
) -> list[PersonRecord]:
    """Whom to tell of ``answer`` at once: the rep's managers (admins when the rep has none, or no
    rep is named), when its score is low and they have not been told of this answer before.
    Claimed in the answer's transaction, so a rolled-back answer claims nothing."""
    if not is_low(answer.scale, answer.score) or not store.claim_low_alert(answer.id):
        return []
    managers = list(store.managers_of(answer.person_id)) if answer.person_id is not None else []
    told = managers or list(store.admin_people(configured_admins))
    return [person for person in told if person.id != answer.created_by_id]


# -- the figures -----------------------------------------------------------------------------

# What a figure can be broken down by.
BY_PRODUCT, BY_STAGE, BY_PERSON, BY_TEAM = "product", "stage", "person", "team"
COMMENTS_SHOWN = 5


class ReportStore(TeamLookup, InWorkspace, Protocol):
    """What the figures need of the store: counts per score, grouped in SQL."""

    def product_by_name(self, name: str) -> ProductRecord | None: ...
    def products(self, *, include_retired: bool = False) -> Sequence[ProductRecord]: ...
    def memberships(self, team: TeamRecord, role: str) -> Mapping[int, MembershipRecord]: ...
    def feedback_score_counts(
        self,
        by: str | None,
        *,
        scale: str,
        start: date,
        end: date,
        person_ids: Collection[int] | None = None,
        product_id: int | None = None,
    ) -> Sequence[tuple[object, int, int]]: ...
    def feedback_comments(
        self,
        *,
        scale: str,
        start: date,
        end: date,
        person_ids: Collection[int] | None = None,
        product_id: int | None = None,
        visible_to: Collection[int] | None = None,
        unassigned: bool = False,
        limit: int = COMMENTS_SHOWN,
    ) -> Sequence[FeedbackRecord]: ...


@dataclass(frozen=True)
class ReportAsk:
    """Whose feedback (a team's, a person's, a product's, else everyone's) in which period."""

    period: Period
    team_name: str | None = None
    user_id: str | None = None
    product_name: str | None = None


@dataclass(frozen=True)
class FeedbackReport:
    """The workspace's figure overall and broken down, each with its number of answers; the
    comments the reader may see. Breakdown keys: product/person/team ids (None: none named), stages."""

    scale: str
    period: Period
    subject: str  # the team's, person's or product's name; empty for everyone
    overall: Satisfaction
    by: dict[str, list[tuple[object, Satisfaction]]] = field(default_factory=dict)
    comments: list[FeedbackRecord] = field(default_factory=list)


def read_report_ask(text: str, *, lang: str, today: date, store: ReportStore) -> ReportAsk:
    """``[PERIOD] [team:NAME | @person | product:NAME]``."""
    example = "feedback.example"
    user_ids, text = take_mentions(text)
    plain = PLAIN_MENTION.findall(text)
    if plain:
        raise InvalidInput("command.plain_mention", example=example, text=plain[0])
    words = text.split()
    team, words = take_named(
        words, TEAM_PREFIXES, store.team_names, missing="goal.team_missing", example=example
    )
    product, words = take_named(
        words,
        PRODUCT_PREFIXES,
        lambda: [p.name for p in store.products(include_retired=True)],
        missing="goal.product_missing",
        example=example,
    )
    if words and words[0].casefold() in COMPANY_WORDS:
        words = words[1:]
    if len(user_ids) + bool(team) + bool(product) > 1:
        raise InvalidInput("feedback.one_subject", example=example)
    period = parse_period(" ".join(words), today=today, lang=lang) if words else default_period(store, today)
    return ReportAsk(
        period=period, team_name=team, user_id=user_ids[0] if user_ids else None, product_name=product
    )


def feedback_report(
    store: ReportStore, actor: Actor, ask: ReportAsk, *, find_person: PersonFinder
) -> FeedbackReport:
    """The figures for ``ask`` on the workspace's scale. Anyone sees figures; the breakdown by
    rep shows only the reps the reader may manage (a rep: their own), and comments only those
    ``may_see_feedback`` allows."""
    scale = check_scale(store.workspace.feedback_scale)
    person_ids: list[int] | None = None
    product_id = None
    subject = ""
    if ask.team_name:
        team = find_team(store, ask.team_name, example="feedback.example")
        person_ids, subject = list(store.memberships(team, MEMBER)), team.name
    elif ask.user_id:
        person = find_person(ask.user_id)
        person_ids, subject = [person.id], person.name
    elif ask.product_name:
        product = find_product(store, ask.product_name, include_retired=True)
        product_id, subject = product.id, product.name
    scope = dict(
        scale=scale, start=ask.period.start, end=ask.period.end, person_ids=person_ids, product_id=product_id
    )
    overall = satisfaction(scale, {score: n for _, score, n in store.feedback_score_counts(None, **scope)})
    by: dict[str, list[tuple[object, Satisfaction]]] = {}
    for kind in (BY_PRODUCT, BY_STAGE, BY_PERSON, BY_TEAM):
        counts: dict[object, dict[int, int]] = {}
        for key, score, n in store.feedback_score_counts(kind, **scope):
            if kind == BY_PERSON and key is not None and not actor.may_manage(key):
                continue
            counts.setdefault(key, {})[score] = n
        figures = [(key, satisfaction(scale, scores)) for key, scores in counts.items()]
        if kind == BY_STAGE:
            figures.sort(key=lambda item: STAGES.index(item[0]) if item[0] in STAGES else len(STAGES))
        else:
            figures.sort(key=lambda item: (-(item[1].figure or -1000), -item[1].answers))
        by[kind] = figures
    if actor.is_admin:
        visible, unassigned = None, True
    else:
        visible, unassigned = {actor.person_id, *actor.managed_person_ids}, actor.is_manager
    found = store.feedback_comments(**scope, visible_to=visible, unassigned=unassigned)
    comments = [answer for answer in found if may_see_feedback(actor, answer.person_id)]
    return FeedbackReport(
        scale=scale, period=ask.period, subject=subject, overall=overall, by=by, comments=comments
    )


def scale_scores(scale: str) -> list[int]:
    low, high = SCALES[check_scale(scale)]
    return list(range(low, high + 1))
