"""``/sales away``: time off (left out of pacing), typed or in the form, listed and removed."""

from __future__ import annotations

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from handlers import ids
from handlers.blocks import submitted
from handlers.blocks.away import away_range, build_away_list, build_away_modal, read_away_button_value
from handlers.blocks.common import build_notice, mention, metadata
from handlers.forms import submit_form
from handlers.listeners import button
from handlers.replies import answer_change
from handlers.respond import Modal, Reply
from handlers.runtime import Request
from salesbot import away
from salesbot.access import Role
from salesbot.errors import NotFound


def register(app: App) -> None:
    app.action(ids.AWAY_REMOVE)(button(remove_away))
    app.view(ids.AWAY_MODAL)(handle_away_submission)


def away_command(request: Request, text: str) -> Reply | Modal:
    store, actor, fmt = request.store, request.actor, request.fmt
    if not text.strip():
        return Modal(
            build_away_modal(
                fmt,
                today=request.today,
                choose_person=actor.role is not Role.REP,
                person_slack_id=actor.slack_user_id,
                private_metadata=metadata(ch=request.channel_id),
            )
        )
    parsed = away.parse_away(text, today=request.today, lang=actor.lang)
    person = request.people([parsed.user_id])[0] if parsed.user_id else None
    if parsed.action == away.LIST:
        return away_list_reply(request, person_id=person.id if person else None)
    if parsed.action == away.REMOVE:
        return away_list_reply(
            request, person_id=person.id if person else None, notice=fmt.t("away.pick_remove")
        )
    person = person or store.person(actor.person_id)
    return away_recorded(request, person, parsed.start, parsed.end)


def away_recorded(request: Request, person, start, end) -> Reply:
    """Records the time off and says what it now covers; the person is told when someone else did it."""
    fmt = request.fmt
    change = away.record_time_off(request.store, request.actor, person.id, start, end)
    entry = change.time_off
    covered = away_range(fmt, entry.start, entry.end)
    if change.unchanged:
        return build_notice(fmt.t("away.already", user=mention(person.slack_user_id), range=covered))
    detail = fmt.t("away.merged", range=covered) if change.merged else None
    if person.id != request.actor.person_id:
        theirs = request.formatter_for(person)
        text = theirs.t(
            "away.recorded_dm",
            actor=mention(request.user_id),
            range=away_range(theirs, entry.start, entry.end),
        )
        request.notify(person.slack_user_id, text)
    return build_notice(
        fmt.t("away.recorded", user=mention(person.slack_user_id), range=covered), detail=detail
    )


def away_list_reply(request: Request, *, person_id: int | None = None, notice: str | None = None) -> Reply:
    entries, total = away.listed_time_off(
        request.store, request.actor, today=request.today, person_id=person_id
    )
    return build_away_list(
        request.fmt,
        entries,
        today=request.today,
        total=total,
        removable={entry.id for entry, person in entries if request.actor.may_manage(person.id)},
        scope=person_id,
        notice=notice,
    )


def remove_away(request: Request) -> None:
    entry_id, scope = read_away_button_value(request.pressed.value)
    if entry_id is None:
        raise NotFound("away.not_found")
    entry = away.remove_time_off(request.store, request.actor, entry_id)
    notice = request.fmt.t("away.removed", range=away_range(request.fmt, entry.start, entry.end))
    answer_change(request, away_list_reply(request, person_id=scope, notice=notice), replace=True)


def handle_away_submission(ack: Ack, body: dict, client: WebClient, context: BoltContext) -> None:
    def work(request: Request, values: dict) -> None:
        start, end = submitted.day(values, away.F_START), submitted.day(values, away.F_END)
        person = away.read_time_off_form(
            request.actor,
            person=request.store.person(request.actor.person_id),
            user_id=submitted.user(values, away.F_PERSON),
            start=start,
            end=end,
            find_person=lambda user_id: request.people([user_id])[0],
        )
        answer_change(request, away_recorded(request, person, start, end))

    submit_form(ack, body, client, context, work, first_field=away.F_START)
