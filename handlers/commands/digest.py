"""``/sales digest``: the channel digest schedules (managers and admins) and ``digest me``.

``/sales digest`` lists the schedules the caller may change, with buttons; ``digest new`` (or
the *New digest* button) opens the modal. ``/sales digest me [TIME] [daily|weekdays|DAY]``
starts or changes the caller's own digest by DM; ``digest me off`` stops it. The list and the
buttons (``handlers/actions/digests.py``) share the builders below.
"""

from __future__ import annotations

from handlers.blocks.common import mrkdwn_escape
from handlers.blocks.digests import (
    ModalDefaults,
    ScheduleRow,
    build_personal_modal,
    build_personal_reply,
    build_schedule_list,
    build_schedule_modal,
)
from handlers.blocks.lists import build_notice
from handlers.commands.registry import subcommand
from handlers.runtime import Reply, Request
from salesbot import digest_schedules
from salesbot.access import Role, require_manager
from salesbot.commands import split_subcommand
from salesbot.errors import InvalidInput
from salesbot.i18n import Formatter
from salesbot.teams import teams_to_pick
from salesbot.workspace_settings import current_settings

PERSONAL_WORDS = ("me", "meg", "my", "mine", "min")
NEW_WORDS = ("new", "ny", "create", "add", "opprett")
LIST_WORDS = ("", "list", "liste", "vis", "show")


@subcommand("digest", usage="digest.usage", aliases=("digests", "oppsummering", "sammendrag"))
def digest_command(request: Request, text: str) -> Reply | None:
    word, rest = split_subcommand(text)
    if word in PERSONAL_WORDS:
        return personal_digest(request, rest)
    if word in NEW_WORDS:
        open_schedule_modal(request)
        return None
    if word not in LIST_WORDS:
        raise InvalidInput("digest.form", example="digest.usage", text=word)
    if request.actor.role is Role.REP:
        return build_notice(request.fmt.t("digest.reps_hint"), detail=request.fmt.t("digest.me_usage"))
    return schedule_list(request)


# -- the list -------------------------------------------------------------------------------------


def schedule_list(request: Request, page: int = 1) -> Reply:
    store, fmt = request.store, request.fmt
    visible = digest_schedules.visible_schedules(store, request.actor)
    lasts = store.last_digest_occurrences([s.id for s in visible])
    teams = store.team_names_by_id()
    owners = store.people_by_ids({s.owner_id for s in visible if s.owner_id})
    now = request.services.clock.now()
    rows = []
    for schedule in visible:
        tz = digest_schedules.timezone_of(store, schedule)
        today = request.services.clock.today(tz)
        scope = (
            fmt.t("digest.scope.team", team=teams.get(schedule.team_id, "?"))
            if schedule.scope == "team"
            else fmt.t("digest.scope.company")
        )
        last = lasts.get(schedule.id)
        rows.append(
            ScheduleRow(
                schedule_id=schedule.id,
                channel_id=schedule.channel_id or "",
                scope=scope,
                cadence=digest_schedules.describe_cadence(fmt, schedule, timezone=tz),
                sections=digest_schedules.describe_sections(fmt, schedule),
                paused=schedule.paused,
                next_when=digest_schedules.when_text(
                    fmt, digest_schedules.next_due(store, schedule, now).due_at, tz, today
                ),
                last=_last_text(fmt, last, tz, today) if last else None,
                owner_user_id=owners[schedule.owner_id].slack_user_id
                if schedule.owner_id in owners
                else None,
            )
        )
    return build_schedule_list(fmt, rows, page=page, personal_count=store.count_personal_digests())


def _last_text(fmt: Formatter, occurrence, tz: str, today) -> str:
    when = digest_schedules.when_text(fmt, occurrence.updated_at, tz, today)
    if occurrence.status == "failed":
        return fmt.t("digest.last.failed", when=when, error=f"`{mrkdwn_escape(occurrence.error or '')}`")
    return fmt.t(f"digest.last.{occurrence.status}", when=when)


# -- the modal ------------------------------------------------------------------------------------


def open_schedule_modal(request: Request, schedule_id: int | None = None) -> None:
    """The schedule modal: empty for a new digest (in the current channel), filled to edit one."""
    store, actor = request.store, request.actor
    workspace = store.workspace
    if schedule_id is None:
        require_manager(actor, "digest")
        channel = request.channel_id if (request.channel_id or "")[:1] in ("C", "G") else None
        defaults = ModalDefaults(channel_id=channel, timezone=workspace.timezone)
    else:
        schedule = digest_schedules.changeable(store, actor, schedule_id)
        if schedule.kind == digest_schedules.PERSONAL:
            open_personal_modal(request, schedule)
            return
        require_manager(actor, "digest")
        defaults = ModalDefaults(
            schedule_id=schedule.id,
            channel_id=schedule.channel_id,
            scope=schedule.scope,
            team_id=schedule.team_id,
            cadence=schedule.cadence,
            weekday=schedule.weekday or 0,
            day=schedule.day_of_month or 1,
            period_kind=schedule.period_kind,
            at=schedule.local_time,
            timezone=schedule.timezone or workspace.timezone,
            sections=tuple(schedule.sections),
            top_n=schedule.top_n,
        )
    view = build_schedule_modal(
        request.fmt,
        defaults,
        teams=teams_to_pick(store, actor),
        default_period_kind=current_settings(workspace).default_period_kind,
    )
    request.client.views_open(trigger_id=request.trigger_id, view=view)


def open_personal_modal(request: Request, schedule) -> None:
    view = build_personal_modal(
        request.fmt,
        schedule_id=schedule.id,
        cadence=schedule.cadence,
        weekday=schedule.weekday,
        at=schedule.local_time,
        timezone=digest_schedules.timezone_of(request.store, schedule),
    )
    request.client.views_open(trigger_id=request.trigger_id, view=view)


# -- the personal digest --------------------------------------------------------------------------


def personal_digest(request: Request, text: str, *, app_id: str | None = None) -> Reply:
    store, fmt = request.store, request.fmt
    ask = digest_schedules.parse_personal(text)
    if ask.stop:
        if digest_schedules.unsubscribe_personal(store, request.actor):
            return build_personal_reply(fmt, fmt.t("digest.me_unsubscribed"), None)
        return build_personal_reply(fmt, fmt.t("digest.me_none"), None)
    schedule, changed = digest_schedules.subscribe_personal(
        store, request.actor, ask, now=request.services.clock.now(), app_id=app_id
    )
    key = "digest.me_subscribed" if changed else "digest.me_current"
    return personal_reply(request, schedule, key)


def personal_reply(request: Request, schedule, key: str) -> Reply:
    store, fmt = request.store, request.fmt
    tz = digest_schedules.timezone_of(store, schedule)
    when = digest_schedules.when_text(
        fmt,
        digest_schedules.next_due(store, schedule, request.services.clock.now()).due_at,
        tz,
        request.services.clock.today(tz),
    )
    text = fmt.t(key, cadence=digest_schedules.describe_cadence(fmt, schedule, timezone=tz), when=when)
    return build_personal_reply(fmt, text, schedule.id, hint=fmt.t("digest.me_hint"))
