"""The digest modals' submissions: a channel schedule (new or edited) and a personal digest.

Everything is checked before anything is saved: the fields, then that salesbot is in the
chosen channel (a digest it cannot post is no use), and only then the view id is claimed, so a
double submission saves once while a corrected resubmission still goes through.
"""

from __future__ import annotations

import logging

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from handlers.blocks.common import mrkdwn_escape
from handlers.blocks.digests import (
    DIGEST_CADENCE,
    DIGEST_CHANNEL,
    DIGEST_SCOPE,
    FIELD_BLOCKS,
    read_personal_submission,
    read_schedule_submission,
    schedule_id_of,
)
from handlers.ids import DIGEST_MODAL, PERSONAL_DIGEST_MODAL
from handlers.listeners import submit_view
from handlers.runtime import Request, quick_client
from salesbot import digest_schedules
from salesbot.errors import PermissionDenied

logger = logging.getLogger(__name__)


def register(app: App) -> None:
    app.view(DIGEST_MODAL)(handle_schedule_submission)
    app.view(PERSONAL_DIGEST_MODAL)(handle_personal_submission)


def channel_problem(client: WebClient, channel_id: str) -> str | None:
    """A message key when salesbot cannot post in ``channel_id``; None when it can (or cannot tell)."""
    try:
        # Asked before the ack: a slow or rate-limited answer is "cannot tell", not a wait.
        channel = quick_client(client).conversations_info(channel=channel_id)["channel"]
    except SlackApiError as error:
        code = error.response.get("error")
        if code == "channel_not_found":
            return "digest.channel_not_found"
        # Without channels:read / groups:read (or when rate limited) it cannot tell; the first
        # post will, and the owner is told.
        logger.warning("could not check channel %s before saving a digest: %s", channel_id, code)
        return None
    except (OSError, SlackClientError) as error:
        logger.warning("could not check channel %s before saving a digest: %s", channel_id, error)
        return None
    if channel.get("is_archived"):
        return "digest.channel_archived"
    if not channel.get("is_member") and not channel.get("is_im"):
        return "digest.not_in_channel"
    return None


def handle_schedule_submission(
    ack: Ack, body: dict, view: dict, client: WebClient, context: BoltContext
) -> None:
    spec = read_schedule_submission(view["state"]["values"])
    schedule_id = schedule_id_of(view)
    app_id = body.get("api_app_id")

    def save(request: Request):
        fmt = request.fmt
        errors = digest_schedules.spec_errors(spec)
        if errors:
            return {FIELD_BLOCKS[field]: fmt.t(key) for field, key in errors.items()}
        try:
            digest_schedules.require_may_schedule(request.store, request.actor, spec.scope, spec.team_id)
        except PermissionDenied as error:
            return {DIGEST_SCOPE: fmt.t(error.key, **error.params)}
        problem = channel_problem(request.client, spec.channel_id)
        if problem:
            return {DIGEST_CHANNEL: fmt.t(problem, channel=f"<#{spec.channel_id}>")}
        if not request.store.claim_request(f"view:{view['id']}"):
            return None  # the same modal submitted twice: saved the first time
        now = request.services.clock.now()
        if schedule_id:
            schedule = digest_schedules.update_schedule(
                request.store, request.actor, schedule_id, spec, now=now, app_id=app_id
            )
        else:
            schedule = digest_schedules.create_schedule(
                request.store, request.actor, spec, now=now, app_id=app_id
            )
        text = _saved_text(request, schedule)
        request.after_commit.append(lambda: client.chat_postMessage(channel=request.user_id, text=text))
        return None

    submit_view(ack, body, client, context, save, first_field=DIGEST_CHANNEL)


def _saved_text(request: Request, schedule) -> str:
    store, fmt = request.store, request.fmt
    tz = digest_schedules.timezone_of(store, schedule)
    scope = (
        fmt.t("digest.scope.team", team=mrkdwn_escape(store.team_by_id(schedule.team_id).name))
        if schedule.scope == "team"
        else fmt.t("digest.scope.company")
    )
    when = digest_schedules.when_text(
        fmt,
        digest_schedules.next_due(store, schedule, request.services.clock.now()).due_at,
        tz,
        request.services.clock.today(tz),
    )
    return fmt.t(
        "digest.saved",
        channel=f"<#{schedule.channel_id}>",
        scope=scope,
        cadence=digest_schedules.describe_cadence(fmt, schedule, timezone=tz),
        when=when,
    )


def handle_personal_submission(
    ack: Ack, body: dict, view: dict, client: WebClient, context: BoltContext
) -> None:
    cadence, weekday, at = read_personal_submission(view["state"]["values"])
    schedule_id = schedule_id_of(view)

    def save(request: Request):
        if not request.store.claim_request(f"view:{view['id']}"):
            return None
        schedule = digest_schedules.update_personal(
            request.store,
            request.actor,
            schedule_id,
            cadence=cadence,
            weekday=weekday,
            at=at,
            now=request.services.clock.now(),
        )
        tz = digest_schedules.timezone_of(request.store, schedule)
        when = digest_schedules.when_text(
            request.fmt,
            digest_schedules.next_due(request.store, schedule, request.services.clock.now()).due_at,
            tz,
            request.services.clock.today(tz),
        )
        text = request.fmt.t(
            "digest.me_current",
            cadence=digest_schedules.describe_cadence(request.fmt, schedule, timezone=tz),
            when=when,
        )
        request.after_commit.append(lambda: client.chat_postMessage(channel=request.user_id, text=text))
        return None

    submit_view(ack, body, client, context, save, first_field=DIGEST_CADENCE)
