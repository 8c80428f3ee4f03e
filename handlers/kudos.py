"""``/sales kudos @person REASON`` and the message shortcut **Give kudos**: a shout-out where it
was given (else in the announcement channel), also in the announcement channel, and a DM to the
person; the giver is told where it went. The rules are in ``salesbot.kudos``."""

from __future__ import annotations

import logging
import uuid

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from handlers import ids
from handlers.blocks.common import metadata, read_metadata
from handlers.blocks.kudos import (
    build_kudos_dm,
    build_kudos_modal,
    build_kudos_post,
    build_kudos_sent,
    read_kudos_submission,
)
from handlers.forms import submit_form
from handlers.listeners import message_shortcut
from handlers.respond import Modal
from handlers.runtime import Request
from salesbot import kudos
from salesbot.errors import InvalidInput
from salesbot.i18n import Formatter

logger = logging.getLogger(__name__)


def register(app: App) -> None:
    app.shortcut(ids.KUDOS_SHORTCUT)(message_shortcut(open_kudos_form, prepare=read_author))
    app.view(ids.KUDOS_MODAL)(handle_kudos_submission)


def kudos_command(request: Request, text: str) -> None:
    command = kudos.parse_kudos(text)
    receiver = request.people([command.user_id])[0]
    key = f"kudos:{request.responder.trigger_id or uuid.uuid4().hex}"
    _give(request, receiver, command.reason, key, origin=request.channel_id)


def _give(request: Request, receiver, reason: str, key: str, *, origin: str | None) -> None:
    """Records the kudos, then (after the commit) posts and tells: all Slack calls come later."""
    store = request.store
    # A DM with salesbot is no place for a shout-out: it goes to the announcement channel.
    origin = origin if origin and not origin.startswith("D") else None
    given = kudos.give_kudos(
        store, request.actor, receiver, reason, today=request.today, request_key=key, channel_id=origin
    )
    if given.kudos is None:
        return  # a retry: the first request posted it
    workspace = store.workspace
    shared = Formatter(workspace.locale, workspace.currency)
    post = build_kudos_post(
        shared, giver=request.user_id, receiver=receiver.slack_user_id, reason=given.kudos.reason
    )
    dm = build_kudos_dm(
        request.formatter_for(receiver),
        giver=request.user_id,
        reason=given.kudos.reason,
        public=given.public,
    )
    responder, fmt, announcement = request.responder, request.fmt, workspace.announcement_channel
    left = max(given.limit - given.given_today, 0)

    def send() -> None:
        responder.dm(receiver.slack_user_id, dm)
        shown, failed, instead = [], [], None
        in_origin = False
        if given.public and origin:
            try:
                responder.post(origin, post)
                shown.append(origin)
                in_origin = True
            except SlackApiError as error:
                logger.info("kudos not posted in %s (%s)", origin, error.response.get("error"))
                instead = origin
        places = kudos.places(
            public=given.public, origin=origin, origin_postable=in_origin, announcement=announcement
        )
        for channel in places.channels:
            if channel == origin:
                continue
            try:
                responder.post(channel, post)
                shown.append(channel)
            except SlackApiError as error:
                logger.warning("kudos not posted in %s (%s)", channel, error.response.get("error"))
                failed.append(channel)
        responder.send(
            build_kudos_sent(
                fmt,
                receiver=receiver.slack_user_id,
                shown_in=shown,
                instead_of=instead if shown else None,
                public=given.public,
                left=left,
                failed=failed,
            )
        )

    request.after_commit(send)


# -- the message shortcut ----------------------------------------------------------------------


def read_author(client: WebClient, shortcut: dict) -> dict:
    """Who wrote the message (an app's message has a ``bot_id``); nothing is asked of Slack."""
    message = shortcut.get("message") or {}
    return {
        "user": message.get("user") or "",
        "bot": bool(message.get("bot_id") or message.get("subtype") == "bot_message"),
    }


def open_kudos_form(request: Request, author: dict) -> Modal:
    if author["bot"] or not author["user"]:
        raise InvalidInput("kudos.app_message")
    receiver = request.people([author["user"]])[0]
    if receiver.is_bot:
        raise InvalidInput("kudos.to_app", name=receiver.name)
    if receiver.id == request.actor.person_id:
        raise InvalidInput("kudos.to_self")
    view = build_kudos_modal(
        request.fmt,
        receiver=receiver.slack_user_id,
        private_metadata=metadata(
            to=receiver.slack_user_id, url=request.responder.response_url, ch=request.channel_id
        ),
    )
    return Modal(view)


def handle_kudos_submission(ack: Ack, body: dict, client: WebClient, context: BoltContext) -> None:
    opened = read_metadata(body["view"])

    def work(request: Request, values: dict) -> None:
        receiver = request.people([opened.get("to") or ""])[0]
        key = f"kudos:view:{body['view']['id']}"
        _give(request, receiver, read_kudos_submission(values), key, origin=opened.get("ch"))

    submit_form(ack, body, client, context, work, first_field=kudos.F_REASON)
