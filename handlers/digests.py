"""``/sales digest``: scheduled digests in channels (managers and admins) and ``digest me``.

``/sales digest`` lists the schedules the caller may change, with buttons (pause, resume, edit,
delete, post now); ``digest new`` (or *New digest*) opens the form. ``/sales digest me [TIME]
[daily|weekdays|DAY]`` starts or changes the caller's own digest by DM; ``digest me off`` stops
it. Pause, resume and delete redraw the list they sit on; *Post now* answers in a new note and
posts after the commit. The forms check everything before saving, and show every problem at
once under its field: the values, the right to schedule for the scope, and that salesbot is in
the chosen channel (a digest it cannot post is no use). Only then is the view id claimed, so a
double submission saves once while a corrected resubmission still goes through.
"""

from __future__ import annotations

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from handlers import channels, ids
from handlers.blocks.choices import timezone_suggestions
from handlers.blocks.common import build_notice, mrkdwn_escape
from handlers.blocks.digests import (
    DIGEST_CADENCE,
    DIGEST_CHANNEL,
    DIGEST_TIMEZONE,
    FIELD_BLOCKS,
    ModalDefaults,
    ScheduleRow,
    build_personal_modal,
    build_personal_reply,
    build_schedule_list,
    build_schedule_modal,
    read_personal_submission,
    read_schedule_submission,
    schedule_id_of,
)
from handlers.channels import channel_problem
from handlers.forms import field_messages
from handlers.listeners import button, options_load, submit_view
from handlers.respond import Modal, Reply
from handlers.runtime import Request
from handlers.scheduler.runner import post_now
from salesbot import digest_schedules
from salesbot.access import Role, require_manager
from salesbot.commands import split_subcommand
from salesbot.errors import FieldErrors, InvalidInput, NotFound
from salesbot.i18n import Formatter
from salesbot.teams import teams_to_pick
from salesbot.workspace_settings import current_settings


def register(app: App) -> None:
    app.action(ids.OPEN_DIGEST_MODAL)(button(schedule_modal))
    app.action(ids.DIGEST_EDIT)(button(lambda request: schedule_modal(request, _id(request.pressed.value))))
    app.action(ids.DIGEST_PAUSE)(
        button(lambda request: _pause(request, request.pressed.value, True), replace=True)
    )
    app.action(ids.DIGEST_RESUME)(
        button(lambda request: _pause(request, request.pressed.value, False), replace=True)
    )
    app.action(ids.DIGEST_DELETE)(
        button(lambda request: _delete(request, request.pressed.value), replace=True)
    )
    app.action(ids.DIGEST_PAGE)(
        button(lambda request: schedule_list(request, page=_id(request.pressed.value)), replace=True)
    )
    app.action(ids.DIGEST_RUN_NOW)(button(lambda request: _run_now(request, request.pressed.value)))
    app.view(ids.DIGEST_MODAL)(handle_schedule_submission)
    app.view(ids.PERSONAL_DIGEST_MODAL)(handle_personal_submission)
    app.options(DIGEST_TIMEZONE)(options_load(timezone_suggestions))


PERSONAL_WORDS = ("me", "meg", "my", "mine", "min")
NEW_WORDS = ("new", "ny", "create", "add", "opprett")
LIST_WORDS = ("", "list", "liste", "vis", "show")


def digest_command(request: Request, text: str) -> Reply | Modal:
    word, rest = split_subcommand(text)
    if word in PERSONAL_WORDS:
        return personal_digest(request, rest)
    if word in NEW_WORDS:
        return schedule_modal(request)
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


def schedule_modal(request: Request, schedule_id: int | None = None) -> Modal:
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
            return personal_modal(request, schedule)
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
    return Modal(view)


def personal_modal(request: Request, schedule) -> Modal:
    view = build_personal_modal(
        request.fmt,
        schedule_id=schedule.id,
        cadence=schedule.cadence,
        weekday=schedule.weekday,
        at=schedule.local_time,
        timezone=digest_schedules.timezone_of(request.store, schedule),
    )
    return Modal(view)


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


# -- the buttons ---------------------------------------------------------------------------------


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
            schedule,
            team_id=team_id,
            user_id=user_id,
            day=day,
            now=now,
        )

    request.after_commit(post)
    if schedule.kind == digest_schedules.PERSONAL:
        return Reply(text=request.fmt.t("digest.posting_now_personal"))
    return Reply(text=request.fmt.t("digest.posting_now", channel=f"<#{schedule.channel_id}>"))


# -- the forms -----------------------------------------------------------------------------------


_CHANNEL_PROBLEMS = {
    channels.NOT_FOUND: "digest.channel_not_found",
    channels.ARCHIVED: "digest.channel_archived",
    channels.NOT_MEMBER: "digest.not_in_channel",
}


def handle_schedule_submission(
    ack: Ack, body: dict, view: dict, client: WebClient, context: BoltContext
) -> None:
    spec = read_schedule_submission(view["state"]["values"])
    schedule_id = schedule_id_of(view)
    app_id = body.get("api_app_id")
    # Slack is asked before the transaction opens, never while it is held.
    problem = channel_problem(client, spec.channel_id) if spec.channel_id else None
    problem_key = _CHANNEL_PROBLEMS.get(problem)

    def save(request: Request):
        try:
            digest_schedules.check_schedule(
                request.store,
                request.actor,
                spec,
                channel_problem=(
                    InvalidInput(problem_key, channel=f"<#{spec.channel_id}>") if problem_key else None
                ),
            )
        except FieldErrors as refused:
            return field_messages(
                request.fmt, refused, view["state"]["values"], first_field=DIGEST_CHANNEL, blocks=FIELD_BLOCKS
            )
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
        request.notify(request.user_id, text)
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
        try:
            # A refusal takes the claim back with it, so the corrected form still saves.
            with request.store.session.begin_nested():
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
        except FieldErrors as refused:
            return field_messages(
                request.fmt, refused, view["state"]["values"], first_field=DIGEST_CADENCE, blocks=FIELD_BLOCKS
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
        request.notify(request.user_id, text)
        return None

    submit_view(ack, body, client, context, save, first_field=DIGEST_CADENCE)
