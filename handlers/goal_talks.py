"""Goals discussed with staff: Acknowledge and Discuss under a goal's notice, the manager's
answers (Keep the goal, Revise — the ordinary revision form in handlers/goals.py —, Schedule a
talk), the two DM threads kept in step by relaying each side's replies (``message`` events from
the app's DMs), ``/sales acks`` with Remind, and the talk reminders the scheduler's tick sends."""

from __future__ import annotations

import logging
from datetime import datetime

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from handlers import ids
from handlers.blocks.errors import field_error_text
from handlers.blocks.goal_talks import (
    COMMENT,
    CONCERN,
    MINE_SHOWN,
    MINE_SHOWN_MANAGING,
    NOTE,
    TALK_DAY,
    TALK_TIME,
    answered_in_notice,
    build_ack_reminder,
    build_acknowledged,
    build_agreed_for_manager,
    build_discuss_modal,
    build_discussion,
    build_keep_modal,
    build_kept,
    build_manager_opening,
    build_overview,
    build_person_opening,
    build_relayed,
    build_reminded,
    build_talk_modal,
    build_talk_reminder,
    build_talk_scheduled,
    read_answer_submission,
    read_discuss_submission,
    read_note,
    read_talk,
)
from handlers.listeners import button, submit_view
from handlers.listeners import event as event_listener
from handlers.replies import answer_change, goal_labels
from handlers.respond import Modal, Reply
from handlers.runtime import Request, Services
from salesbot import goal_talks
from salesbot.errors import Conflict, FieldErrors, NotFound, PermissionDenied
from salesbot.goal_talks import DiscussionView
from salesbot.i18n import Formatter
from salesbot.people import language_of
from salesbot.workdays import workdays_of
from storage.goal_talks import workspaces_with_talks

logger = logging.getLogger(__name__)


def register(app: App) -> None:
    app.action(ids.GOAL_ACK)(button(acknowledge_pressed))
    app.action(ids.GOAL_DISCUSS)(button(discuss_modal))
    app.view(ids.GOAL_DISCUSS_MODAL)(handle_discuss_submission)
    app.action(ids.GOAL_KEEP)(button(keep_modal))
    app.view(ids.GOAL_KEEP_MODAL)(handle_keep_submission)
    app.action(ids.GOAL_TALK)(button(talk_modal))
    app.view(ids.GOAL_TALK_MODAL)(handle_talk_submission)
    app.action(ids.GOAL_DISCUSSION_VIEW)(button(view_discussion))
    app.action(ids.GOAL_ACK_REMIND)(button(remind_pressed))
    app.event("message")(thread_reply)


def _id(request: Request) -> int:
    value = request.pressed.value if request.pressed else ""
    return int(value) if value.isdigit() else 0


def _now(request: Request) -> datetime:
    return request.services.clock.now()


def _label(request: Request, fmt: Formatter, goal) -> str:
    return goal_labels(request.store, fmt, [goal])[goal.id]


def _timezone(request: Request, person) -> str:
    return (person.timezone if person is not None else None) or request.store.workspace.timezone


def _in_thread(client: WebClient, user_id: str, thread: tuple[str | None, str | None], reply: Reply) -> None:
    """``reply`` in a discussion's thread in the DM with ``user_id``; in the DM itself when the
    thread could not be started."""
    channel, ts = thread
    try:
        if channel and ts:
            client.chat_postMessage(
                channel=channel, thread_ts=ts, text=reply.text, blocks=reply.blocks or None
            )
        else:
            client.chat_postMessage(channel=user_id, text=reply.text, blocks=reply.blocks or None)
    except SlackApiError as error:
        logger.warning("goal discussion message to %s failed: %s", user_id, error.response.get("error"))


def _threads(view: DiscussionView) -> tuple[tuple, tuple]:
    d = view.discussion
    return (d.person_channel, d.person_ts), (d.manager_channel, d.manager_ts)


# -- /sales acks ---------------------------------------------------------------------------------


def acks_command(request: Request, text: str) -> Reply:
    """The reader's goals to acknowledge; for managers and admins, who has not acknowledged
    theirs after two working days (with Remind) and the discussions under way."""
    store, actor, fmt = request.store, request.actor, request.fmt
    managing = actor.is_admin or actor.is_manager
    awaiting, awaiting_count = goal_talks.awaiting_acknowledgement(
        store, actor, limit=MINE_SHOWN_MANAGING if managing else MINE_SHOWN
    )
    workdays = workdays_of(store.workspace)
    missing = (
        goal_talks.unacknowledged(store, actor, today=request.today, workdays=workdays) if managing else []
    )
    discussions = goal_talks.discussions_under_way(store, actor) if managing else []
    goals = [a.goal for a in awaiting] + [u.goal for u in missing] + [d.goal for d in discussions]
    return build_overview(
        fmt,
        awaiting=awaiting,
        awaiting_count=awaiting_count,
        unacknowledged=missing,
        discussions=discussions,
        labels=goal_labels(store, fmt, goals),
        timezone=_timezone(request, store.person(actor.person_id)),
        managing=managing,
    )


# -- Acknowledge / Agree --------------------------------------------------------------------------


def acknowledge_pressed(request: Request) -> None:
    store, fmt = request.store, request.fmt
    done = goal_talks.acknowledge(store, request.actor, _id(request), now=_now(request))
    reply = build_acknowledged(fmt, _label(request, fmt, done.goal), done.status, again=not done.moved)
    # In the person's DM the notice itself says it is done (a notice of several goals, under
    # that goal only); in a team channel only the presser hears.
    in_dm = (request.channel_id or "").startswith("D")
    notice = request.pressed.message_blocks if in_dm and done.moved else ()
    redrawn = answered_in_notice(notice, done.goal.id, reply.text) if notice else None
    if redrawn is not None:
        reply = Reply(text=reply.text, blocks=redrawn)
    answer_change(request, reply, replace=in_dm and done.moved)
    closed = done.discussion
    if closed is not None and closed.manager_id:
        manager = store.person(closed.manager_id)
        if manager is not None:
            mfmt = request.formatter_for(manager)
            told = build_agreed_for_manager(mfmt, request.user_id, _label(request, mfmt, done.goal))
            client, thread = request.responder.client, (closed.manager_channel, closed.manager_ts)
            request.after_commit(lambda: _in_thread(client, manager.slack_user_id, thread, told))


# -- Discuss -----------------------------------------------------------------------------------------


def discuss_modal(request: Request) -> Modal:
    store, actor, fmt = request.store, request.actor, request.fmt
    goal = store.goal(_id(request))
    if goal is None:
        raise NotFound("goal.gone")
    if not goal_talks.discussable(goal) or not goal_talks.may_discuss(store, actor, goal):
        raise PermissionDenied("goal_talk.not_yours")
    if store.open_goal_discussion(goal.id, actor.person_id) is not None:
        raise Conflict("goal_talk.already_discussing")
    manager = goal_talks.discussion_manager(store, goal, actor.person_id)
    return Modal(
        build_discuss_modal(fmt, _label(request, fmt, goal), goal.id, manager.name if manager else None)
    )


def handle_discuss_submission(
    ack: Ack, body: dict, view: dict, client: WebClient, context: BoltContext
) -> None:
    goal_id, concern, comment = read_discuss_submission(view)
    request_key = f"goal-discuss:{view['id']}"

    def save(request: Request) -> dict[str, str] | None:
        try:
            started = goal_talks.start_discussion(
                request.store,
                request.actor,
                goal_id,
                concern=concern,
                comment=comment,
                now=_now(request),
                request_key=request_key,
            )
        except FieldErrors as refused:
            fields = {goal_talks.F_CONCERN: CONCERN, goal_talks.F_COMMENT: COMMENT}
            return {fields[f]: field_error_text(request.fmt, e) for f, e in refused.errors.items()}
        if started is not None:
            _open_threads(request, started)
        return None

    submit_view(ack, body, client, context, save, first_field=CONCERN)


def _open_threads(request: Request, started: goal_talks.DiscussionStarted) -> None:
    """After the commit: the discussion's first message in the manager's DM and the person's,
    each the root of the thread the replies are relayed between; then where they are is saved."""
    store = request.store
    view = goal_talks.discussion_view(store, started.discussion)
    mfmt, pfmt = request.formatter_for(started.manager), request.fmt
    to_manager = build_manager_opening(mfmt, view, _label(request, mfmt, started.goal))
    to_person = build_person_opening(pfmt, view, _label(request, pfmt, started.goal))
    services, team_id, client = request.services, request.team_id, request.responder.client
    discussion_id, manager_user, person_user = (
        started.discussion.id,
        started.manager.slack_user_id,
        request.user_id,
    )

    def post() -> None:
        threads: dict[str, tuple[str, str]] = {}
        for side, user_id, reply in (
            ("manager", manager_user, to_manager),
            ("person", person_user, to_person),
        ):
            try:
                sent = client.chat_postMessage(channel=user_id, text=reply.text, blocks=reply.blocks)
                threads[side] = (sent["channel"], sent["ts"])
            except SlackApiError as error:
                logger.warning(
                    "goal discussion %s: DM to %s failed: %s",
                    discussion_id,
                    user_id,
                    error.response.get("error"),
                )
        if "manager" not in threads:
            client.chat_postMessage(channel=person_user, text=pfmt.t("goal_talk.manager_unreachable"))
        with services.store(team_id) as later:
            later.set_discussion_threads(
                discussion_id, person=threads.get("person"), manager=threads.get("manager")
            )

    request.after_commit(post)


# -- the threads: each side's replies reach the other ------------------------------------------------


def _thread_reply_event(message: dict) -> bool:
    """A person's own reply in a thread of the app's DM with them: no edits, joins or bots."""
    return (
        message.get("channel_type") == "im"
        and not message.get("subtype")
        and not message.get("bot_id")
        and bool(message.get("user"))
        and bool(message.get("thread_ts"))
        and message.get("thread_ts") != message.get("ts")
    )


def thread_reply(event: dict, body: dict, client: WebClient, context: BoltContext) -> None:
    listener = event_listener(
        lambda request: relay(request, event), user_of=lambda e: e["user"], when=_thread_reply_event
    )
    listener(event, body, client, context)


def relay(request: Request, message: dict) -> None:
    store = request.store
    author = store.person(request.actor.person_id)
    found = goal_talks.relay_reply(
        store,
        author,
        channel=message["channel"],
        thread_ts=message["thread_ts"],
        ts=message["ts"],
        text=message.get("text") or "",
    )
    if found is None:
        return
    discussion = store.goal_discussion(found.discussion_id)
    reader_id = discussion.manager_id if author.id == discussion.person_id else discussion.person_id
    reader = store.person(reader_id)
    reply = build_relayed(request.formatter_for(reader), author.name, found.text)
    client, thread = request.responder.client, (found.channel, found.thread_ts)
    request.after_commit(lambda: _in_thread(client, reader.slack_user_id, thread, reply))


# -- the manager's answers ----------------------------------------------------------------------------


def keep_modal(request: Request) -> Modal:
    view = goal_talks.answerable(request.store, request.actor, _id(request))
    return Modal(build_keep_modal(request.fmt, view, _label(request, request.fmt, view.goal)))


def talk_modal(request: Request) -> Modal:
    view = goal_talks.answerable(request.store, request.actor, _id(request))
    me = request.store.person(request.actor.person_id)
    timezone = _timezone(request, me)
    today = request.services.clock.today(timezone)
    return Modal(
        build_talk_modal(
            request.fmt, view, _label(request, request.fmt, view.goal), today=today, timezone=timezone
        )
    )


def handle_keep_submission(ack: Ack, body: dict, view: dict, client: WebClient, context: BoltContext) -> None:
    discussion_id, values = read_answer_submission(view)
    request_key = f"goal-keep:{view['id']}"

    def save(request: Request) -> dict[str, str] | None:
        try:
            kept = goal_talks.keep_goal(
                request.store,
                request.actor,
                discussion_id,
                note=read_note(values),
                now=_now(request),
                request_key=request_key,
            )
        except FieldErrors as refused:
            return {NOTE: field_error_text(request.fmt, refused.errors[goal_talks.F_NOTE])}
        if kept is not None:
            _tell_both(
                request, kept, lambda fmt, for_person, tz: build_kept(fmt, kept, for_person=for_person)
            )
        return None

    submit_view(ack, body, client, context, save, first_field=NOTE)


def handle_talk_submission(ack: Ack, body: dict, view: dict, client: WebClient, context: BoltContext) -> None:
    discussion_id, values = read_answer_submission(view)
    day, at = read_talk(values)
    request_key = f"goal-talk:{view['id']}"

    def save(request: Request) -> dict[str, str] | None:
        me = request.store.person(request.actor.person_id)
        try:
            scheduled = goal_talks.schedule_talk(
                request.store,
                request.actor,
                discussion_id,
                day=day,
                at=at,
                timezone=_timezone(request, me),
                now=_now(request),
                request_key=request_key,
            )
        except FieldErrors as refused:
            fields = {goal_talks.F_DAY: TALK_DAY, goal_talks.F_TIME: TALK_TIME}
            return {fields[f]: field_error_text(request.fmt, e) for f, e in refused.errors.items()}
        if scheduled is not None:
            person_user = scheduled.person.slack_user_id

            def render(fmt, for_person, tz):
                other = request.user_id if for_person else person_user
                return build_talk_scheduled(fmt, scheduled, other=other, timezone=tz, by_me=not for_person)

            _tell_both(request, scheduled, render)
        return None

    submit_view(ack, body, client, context, save, first_field=TALK_DAY)


def _tell_both(request: Request, view: DiscussionView, render) -> None:
    """An answer in both threads, each in its reader's language and timezone; the manager who
    answered reads it in the thread (or the DM) it was given from."""
    person_thread, manager_thread = _threads(view)
    client = request.responder.client
    person = view.person
    answerer = request.store.person(request.actor.person_id)
    to_person = render(request.formatter_for(person), True, _timezone(request, person))
    to_me = render(request.fmt, False, _timezone(request, answerer))
    # Another manager or an admin answering reads it in their own DM.
    mine = manager_thread if answerer.id == view.discussion.manager_id else (None, None)
    request.after_commit(lambda: _in_thread(client, person.slack_user_id, person_thread, to_person))
    request.after_commit(lambda: _in_thread(client, answerer.slack_user_id, mine, to_me))


# -- reading a discussion, reminding who has not acknowledged ----------------------------------------


def view_discussion(request: Request) -> Reply:
    store, fmt = request.store, request.fmt
    view = goal_talks.read_discussion(store, request.actor, _id(request))
    timezone = _timezone(request, store.person(request.actor.person_id))
    return build_discussion(fmt, view, _label(request, fmt, view.goal), timezone=timezone)


def remind_pressed(request: Request) -> Reply:
    store, actor, fmt = request.store, request.actor, request.fmt
    due = goal_talks.remind_unacknowledged(
        store, actor, _id(request), today=request.today, workdays=workdays_of(store.workspace)
    )
    client = request.responder.client
    for person in due.people:
        pfmt = request.formatter_for(person)
        reminder = build_ack_reminder(pfmt, _label(request, pfmt, due.goal), request.user_id, due.goal.id)
        request.after_commit(
            lambda p=person, r=reminder: _in_thread(client, p.slack_user_id, (None, None), r)
        )
    return build_reminded(fmt, due, _label(request, fmt, due.goal))


# -- the scheduler's tick: talk reminders ---------------------------------------------------------------


def remind_talks(services: Services, now: datetime | None = None) -> int:
    """Each side of a scheduled talk is reminded on its day in their working hours, once
    (claimed and committed before sending); how many were sent."""
    now = now or services.clock.now()
    sent = 0
    for team_id in workspaces_with_talks(services.engine, now):
        try:
            with services.store(team_id) as store:
                workspace = store.workspace
                due = []
                for item in goal_talks.claim_talk_reminders(store, now, workdays=workdays_of(workspace)):
                    fmt = Formatter(language_of(item.reader, workspace.locale), workspace.currency)
                    label = goal_labels(store, fmt, [item.view.goal])[item.view.goal.id]
                    timezone = item.reader.timezone or workspace.timezone
                    other = item.other.slack_user_id if item.other else item.reader.slack_user_id
                    person_thread, manager_thread = _threads(item.view)
                    thread = person_thread if item.side == goal_talks.PERSON_SIDE else manager_thread
                    reply = build_talk_reminder(fmt, item.view, label, other=other, timezone=timezone)
                    due.append((item.reader.slack_user_id, thread, reply))
            client = services.client_for(team_id) if due else None  # the workspace's own token
        except Exception:
            logger.exception("goal talk reminders of team %s could not be worked out", team_id)
            continue
        for user_id, thread, reply in due:  # claimed and committed: a failed DM is not retried
            _in_thread(client, user_id, thread, reply)
            sent += 1
    return sent
