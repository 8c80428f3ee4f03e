"""Buttons on the digest schedule list and on a personal digest note.

Pause, resume and delete redraw the list they sit on (``replace_original``); *Post now* answers
in a new note and posts the digest after the ack; *Edit* and *New digest* open the modal.
From the App Home tab, which has no response_url, answers come by DM.
"""

from __future__ import annotations

import logging

from slack_bolt import App

from handlers.blocks.digests import (
    build_personal_reply,
)
from handlers.commands.digest import open_schedule_modal, personal_reply, schedule_list
from handlers.ids import (
    DIGEST_DELETE,
    DIGEST_EDIT,
    DIGEST_PAGE,
    DIGEST_PAUSE,
    DIGEST_RESUME,
    DIGEST_RUN_NOW,
    OPEN_DIGEST_MODAL,
)
from handlers.listeners import button
from handlers.runtime import Reply, Request, slack_client
from handlers.scheduler.runner import post_now
from salesbot import digest_schedules
from salesbot.errors import NotFound

logger = logging.getLogger(__name__)


def register(app: App) -> None:
    app.action(OPEN_DIGEST_MODAL)(button(open_schedule_modal))
    app.action(DIGEST_EDIT)(button(lambda request: open_schedule_modal(request, _id(request.pressed.value))))
    app.action(DIGEST_PAUSE)(
        button(lambda request: _pause(request, request.pressed.value, True), replace=True)
    )
    app.action(DIGEST_RESUME)(
        button(lambda request: _pause(request, request.pressed.value, False), replace=True)
    )
    app.action(DIGEST_DELETE)(button(lambda request: _delete(request, request.pressed.value), replace=True))
    app.action(DIGEST_PAGE)(
        button(lambda request: schedule_list(request, page=_id(request.pressed.value)), replace=True)
    )
    app.action(DIGEST_RUN_NOW)(button(lambda request: _run_now(request, request.pressed.value)))


def _id(value: str) -> int:
    if not value.isdigit():
        raise NotFound("digest.not_found")
    return int(value)


def _pause(request: Request, value: str, paused: bool) -> Reply:
    schedule = digest_schedules.set_paused(
        request.store, request.actor, _id(value), paused, now=request.services.clock.now()
    )
    if schedule.kind == digest_schedules.PERSONAL:
        return personal_reply(request, schedule, "digest.me_current")
    return schedule_list(request)


def _delete(request: Request, value: str) -> Reply:
    described = digest_schedules.delete_schedule(request.store, request.actor, _id(value))
    if described["channel"] is None:  # the person's own digest
        return build_personal_reply(request.fmt, request.fmt.t("digest.me_unsubscribed"), None)
    return schedule_list(request)


def _run_now(request: Request, value: str) -> Reply:
    """Posts the digest now, after the commit; a failure is told to whoever pressed."""
    schedule = digest_schedules.record_run_now(request.store, request.actor, _id(value))
    tz = digest_schedules.timezone_of(request.store, schedule)
    day = request.services.clock.today(tz)
    team_id, user_id, services = request.team_id, request.user_id, request.services
    now = services.clock.now()

    def post() -> None:
        post_now(
            services,
            slack_client(services.settings),
            schedule,
            team_id=team_id,
            user_id=user_id,
            day=day,
            now=now,
        )

    request.after_commit.append(post)
    if schedule.kind == digest_schedules.PERSONAL:
        return Reply(text=request.fmt.t("digest.posting_now_personal"))
    return Reply(text=request.fmt.t("digest.posting_now", channel=f"<#{schedule.channel_id}>"))
