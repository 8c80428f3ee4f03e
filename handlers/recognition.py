"""The period-end top-performer announcement: posted by the scheduler's tick once per workspace
and period (``handlers/scheduler/recognition.py``), previewed by admins with ``/sales
recognition`` (``anerkjennelse``) and posted from there with **Post now**, claimed the same way,
so it goes out once whichever comes first. Celebrations of goals are in ``handlers/replies.py``
(they follow changes to sales and goals); the rules of both are in ``salesbot.recognition``."""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from handlers import ids
from handlers.blocks.common import build_notice
from handlers.blocks.recognition import build_announcement
from handlers.listeners import button
from handlers.respond import Reply
from handlers.runtime import Request, Services
from salesbot import recognition
from salesbot.access import require_admin
from salesbot.errors import Conflict, InvalidInput, NotFound
from salesbot.i18n import Formatter
from salesbot.periods import Period

logger = logging.getLogger(__name__)


def register(app: App) -> None:
    app.action(ids.RECOGNITION_POST_NOW)(button(post_now_pressed))


def recognition_command(request: Request, text: str) -> Reply:
    """The last ended period's announcement as it will be posted, with **Post now**."""
    require_admin(request.actor, "recognition")
    store = request.store
    period = recognition.last_ended_period(store, request.today)
    found = recognition.announcement(store, period)
    status = store.announcement_status(period.key)
    reply = build_announcement(request.fmt, found, preview=status is None)
    channel = store.workspace.announcement_channel
    if status == "posted":
        note = request.fmt.t("recognition.already_posted", channel=f"<#{channel}>" if channel else "")
    elif not channel:
        note = request.fmt.t("recognition.no_channel")
    else:
        note = request.fmt.t("recognition.preview_note", channel=f"<#{channel}>")
    return Reply(text=f"{note}\n{reply.text}", blocks=build_notice(note).blocks + reply.blocks)


def post_now_pressed(request: Request) -> None:
    require_admin(request.actor, "recognition")
    try:
        period = Period.from_key(request.pressed.value)
    except ValueError as error:
        raise NotFound("recognition.period_gone") from error
    channel = request.store.workspace.announcement_channel
    if not channel:
        raise InvalidInput("recognition.no_channel")
    if request.store.announcement_status(period.key) is not None:
        raise Conflict("recognition.already_claimed")
    services, client, team_id = request.services, request.responder.client, request.team_id
    responder, fmt, by = request.responder, request.fmt, f"user:{request.user_id}"

    def post() -> None:
        outcome = announce(services, client, team_id, period, claimed_by=by)
        key = {"posted": "recognition.posted", "lost": "recognition.already_claimed"}.get(
            outcome or "", "recognition.post_failed"
        )
        responder.send(build_notice(fmt.t(key, channel=f"<#{channel}>")))

    request.after_commit(post)


def announce(
    services: Services, client: WebClient, team_id: str, period: Period, *, claimed_by: str
) -> str | None:
    """Claims ``period``'s announcement (committed), then posts it: "posted", "failed", "lost"
    (someone else has it) or None (no channel). A post that fails stays claimed: once beats twice."""
    with services.store(team_id) as store:
        workspace = store.workspace
        channel = workspace.announcement_channel
        if not channel:
            return None
        if not store.claim_announcement(period.key, channel_id=channel, claimed_by=claimed_by):
            return "lost"
        found = recognition.announcement(store, period)
        reply = build_announcement(Formatter(workspace.locale, workspace.currency), found)
    try:
        client.chat_postMessage(channel=channel, text=reply.text, blocks=reply.blocks)
        status = "posted"
    except SlackApiError as error:
        logger.warning(
            "announcement of %s in %s failed: %s", period.key, channel, error.response.get("error")
        )
        status = "failed"
    with services.store(team_id) as store:
        store.finish_announcement(period.key, status)
    return status
