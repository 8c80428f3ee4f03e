"""``/sales feedback``: logging a customer's answer in a form, a rating message posted in a channel
(its score buttons, the voter's thanks and comment), the message shortcut **Log as customer
feedback**, a low score's alert to the rep's managers, and the figures."""

from __future__ import annotations

import logging
import re
from datetime import timedelta

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from handlers import ids
from handlers.blocks import submitted
from handlers.blocks.common import build_notice, metadata, read_metadata
from handlers.blocks.feedback import (
    build_comment_modal,
    build_log_modal,
    build_logged,
    build_rating_message,
    build_report,
    build_vote_thanks,
    read_vote_value,
    sale_label,
)
from handlers.forms import submit_form
from handlers.listeners import button, message_shortcut
from handlers.replies import answer_change, low_score_alerts
from handlers.respond import Modal, Reply
from handlers.runtime import Request
from salesbot import feedback
from salesbot.commands import slack_unescape, split_subcommand
from salesbot.errors import InvalidInput, NotFound
from salesbot.i18n import Formatter
from salesbot.records import FeedbackRecord

logger = logging.getLogger(__name__)

VOTE_ACTION = re.compile(rf"^{re.escape(ids.FEEDBACK_VOTE)}:\d+$")
# Sales the logging form offers to link an answer to: the latest, of the last months.
SALES_OFFERED, SALES_DAYS = 25, 120


def register(app: App) -> None:
    app.action(VOTE_ACTION)(button(vote_pressed))
    app.action(ids.FEEDBACK_COMMENT)(button(open_comment_form))
    app.view(ids.FEEDBACK_LOG_MODAL)(handle_log_submission)
    app.view(ids.FEEDBACK_COMMENT_MODAL)(handle_comment_submission)
    app.shortcut(ids.LOG_FEEDBACK_SHORTCUT)(message_shortcut(open_from_message, prepare=read_message))


def feedback_command(request: Request, text: str) -> Reply | Modal | None:
    word, rest = split_subcommand(text)
    if word in ("", *feedback.LOG_WORDS) and not rest:
        return log_form(request)
    if word in feedback.REQUEST_WORDS:
        return request_rating(request, rest)
    return report_reply(request, text)


# -- logging ---------------------------------------------------------------------------------


def log_form(request: Request, *, customer: str = "", comment: str = "", permalink: str = "") -> Modal:
    store, actor = request.store, request.actor
    people = {actor.person_id, *actor.managed_person_ids} if not actor.is_admin else None
    since = request.today - timedelta(days=SALES_DAYS)
    products = {p.id: p.name for p in store.products(include_retired=True)}
    sales = [
        (sale.id, sale_label(request.fmt, sale, products))
        for sale in store.sales_ordered_in(people, since, request.today, limit=SALES_OFFERED)
    ]
    view = build_log_modal(
        request.fmt,
        scale=store.workspace.feedback_scale,
        products=[(p.id, p.name) for p in store.products()],
        sales=sales,
        rep_user_id=request.user_id,
        customer=customer,
        comment=comment,
        permalink=permalink,
        private_metadata=metadata(
            url=request.responder.response_url,
            ch=request.channel_id,
            link=permalink or None,
            src=feedback.MESSAGE if permalink else None,
        ),
    )
    return Modal(view)


def handle_log_submission(ack: Ack, body: dict, client: WebClient, context: BoltContext) -> None:
    opened_from = read_metadata(body["view"])

    def work(request: Request, values: dict) -> None:
        product, sale = (
            submitted.choice(values, feedback.F_PRODUCT),
            submitted.choice(values, feedback.F_SALE),
        )
        rep_user = submitted.user(values, feedback.F_REP)
        rep = request.people([rep_user])[0] if rep_user else None
        form = feedback.FeedbackForm(
            customer=submitted.text(values, feedback.F_CUSTOMER),
            stage=submitted.choice(values, feedback.F_STAGE) or "",
            score=submitted.choice(values, feedback.F_SCORE) or "",
            comment=submitted.text(values, feedback.F_COMMENT),
            product_id=int(product) if product and product.isdigit() else None,
            sale_id=int(sale) if sale and sale.isdigit() else None,
            person_id=rep.id if rep else None,
            permalink=opened_from.get("link") or "",
            source=feedback.MESSAGE if opened_from.get("src") == feedback.MESSAGE else feedback.LOGGED,
        )
        answer = feedback.log_feedback(request.store, request.actor, form, today=request.today)
        alert_low_score(request, answer)
        rep_person = request.store.person(answer.person_id) if answer.person_id else None
        answer_change(
            request,
            build_logged(request.fmt, answer, rep_user_id=rep_person.slack_user_id if rep_person else None),
        )

    submit_form(ack, body, client, context, work, first_field=feedback.F_CUSTOMER)


# -- the message shortcut --------------------------------------------------------------------


def read_message(client: WebClient, shortcut: dict) -> dict:
    """What the form is prefilled with, asked of Slack before the request's transaction: the
    message's words, its author's company (an external user's team in a Slack Connect channel)
    and its permalink. Either lookup failing leaves that part empty."""
    message = shortcut.get("message") or {}
    channel = (shortcut.get("channel") or {}).get("id")
    own_team = (shortcut.get("team") or {}).get("id")
    author_team = message.get("user_team") or message.get("team")
    company = ""
    if author_team and author_team != own_team:
        try:
            company = client.team_info(team=author_team)["team"]["name"]
        except Exception:  # refused, or too slow before the trigger expires: no company
            logger.info("team.info of %s failed", author_team, exc_info=True)
    permalink = ""
    if channel and message.get("ts"):
        try:
            permalink = client.chat_getPermalink(channel=channel, message_ts=message["ts"])["permalink"]
        except Exception:
            logger.info("chat.getPermalink in %s failed", channel, exc_info=True)
    return {"text": slack_unescape(message.get("text") or ""), "company": company, "permalink": permalink}


def open_from_message(request: Request, found: dict) -> Modal:
    return log_form(request, customer=found["company"], comment=found["text"], permalink=found["permalink"])


# -- rating messages -------------------------------------------------------------------------


def request_rating(request: Request, text: str) -> None:
    """Records the rating message, then (after the commit) posts it, keeps its ts and tells the
    asker where it went, or that salesbot could not post there."""
    store, fmt = request.store, request.fmt
    ask = feedback.read_request(text, product_names=[p.name for p in store.products()])
    channel = ask.channel_id or request.channel_id
    if not channel:
        raise InvalidInput("feedback.channel_missing", example="feedback.request_example")
    rep = request.people([ask.rep_user_id])[0] if ask.rep_user_id else None
    # In the workspace's language: the channel is shared, often with the customer.
    shared = Formatter(store.workspace.locale, store.workspace.currency)
    product = store.product_by_name(ask.product_name) if ask.product_name else None
    question = shared.t(
        f"feedback.question.{ask.stage}" + ("_product" if product else ""),
        product=product.name if product else "",
    )
    rating = feedback.ask_for_feedback(
        store, request.actor, ask, channel_id=channel, rep=rep, question=question
    )
    message = build_rating_message(shared, rating, answers=0)
    services, responder, team_id, rating_id = request.services, request.responder, request.team_id, rating.id

    def post() -> None:
        try:
            posted = responder.client.chat_postMessage(
                channel=channel, text=message.text, blocks=message.blocks
            )
        except SlackApiError as error:
            logger.info("rating message refused in %s (%s)", channel, error.response.get("error"))
            responder.send(build_notice(fmt.t("feedback.request_not_posted", channel=f"<#{channel}>")))
            return
        with services.store(team_id) as later:
            later.feedback_request_posted(rating_id, posted["ts"])
        responder.send(build_notice(fmt.t("feedback.request_posted", channel=f"<#{channel}>")))

    request.after_commit(post)
    return None


def vote_pressed(request: Request) -> Reply:
    pressed = read_vote_value(request.pressed.value)
    rating = request.store.feedback_request(pressed[0]) if pressed else None
    if rating is None:
        raise NotFound("feedback.request_gone")
    vote = feedback.vote(request.store, rating, request.user_id, pressed[1], today=request.today)
    alert_low_score(request, vote.answer)
    if vote.previous is None and rating.message_ts:
        shared = Formatter(request.store.workspace.locale, request.store.workspace.currency)
        redrawn = build_rating_message(shared, rating, answers=request.store.count_votes(rating.id))
        channel, ts, client = rating.channel_id, rating.message_ts, request.client
        request.after_commit(
            lambda: client.chat_update(channel=channel, ts=ts, text=redrawn.text, blocks=redrawn.blocks)
        )
    return build_vote_thanks(request.fmt, vote)


def open_comment_form(request: Request) -> Modal:
    value = request.pressed.value
    answer = request.store.feedback(int(value)) if value.isdigit() else None
    if answer is None or answer.voter != request.user_id:
        raise NotFound("feedback.vote_gone")
    return Modal(
        build_comment_modal(
            request.fmt,
            comment=answer.comment,
            private_metadata=metadata(
                answer=answer.id, url=request.responder.response_url, ch=request.channel_id
            ),
        )
    )


def handle_comment_submission(ack: Ack, body: dict, client: WebClient, context: BoltContext) -> None:
    answer_id = read_metadata(body["view"]).get("answer")

    def work(request: Request, values: dict) -> None:
        comment = submitted.text(values, feedback.F_COMMENT)
        feedback.comment_on_vote(request.store, int(answer_id or 0), request.user_id, comment)
        answer_change(request, build_notice(request.fmt.t("feedback.comment_saved")))

    submit_form(ack, body, client, context, work, first_field=feedback.F_COMMENT)


# -- a low score -----------------------------------------------------------------------------


def alert_low_score(request: Request, answer: FeedbackRecord) -> None:
    """A low score's DM to the rep's managers (admins if none), sent once the answer is saved."""
    for user_id, message in low_score_alerts(request.store, answer, admins=request.admins):
        request.notify(user_id, message)


# -- figures ---------------------------------------------------------------------------------


def report_reply(request: Request, text: str) -> Reply:
    store = request.store
    ask = feedback.read_report_ask(text, lang=request.actor.lang, today=request.today, store=store)
    report = feedback.feedback_report(
        store, request.actor, ask, find_person=lambda uid: request.people([uid])[0]
    )
    names = {
        feedback.BY_PRODUCT: {p.id: p.name for p in store.products(include_retired=True)},
        feedback.BY_TEAM: dict(store.team_names_by_id()),
    }
    people = {p.id: p.slack_user_id for p in store.people()}
    return build_report(request.fmt, report, names=names, people=people)
