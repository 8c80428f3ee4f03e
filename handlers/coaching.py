"""``/sales coach [@person]``: a manager's coaching plan for a person (``salesbot.coaching``) — the
plan form, check-ins, the outcome (an escalation confirmed first) — and the person's own view.
Every answer is private: ephemeral where the command or button was, else a DM. The person's DMs
tell the focus areas, dates and agreed next steps, never the notes or an outcome's details."""

from __future__ import annotations

import logging

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from handlers import ids
from handlers.blocks import submitted
from handlers.blocks.coaching import (
    build_check_in_modal,
    build_escalate_confirm,
    build_my_plan,
    build_next_steps_told,
    build_outcome_modal,
    build_outcome_told,
    build_plan,
    build_plan_modal,
    build_plan_told,
    build_plans,
    read_check_in_submission,
    read_outcome_submission,
    read_plan_submission,
    read_start_value,
    read_version_value,
)
from handlers.blocks.common import metadata, read_metadata
from handlers.forms import submit_form
from handlers.listeners import ViewUpdate, button
from handlers.replies import answer_change
from handlers.respond import Modal, Reply
from handlers.runtime import Request
from salesbot import coaching as co
from salesbot.errors import InvalidInput

logger = logging.getLogger(__name__)


def register(app: App) -> None:
    app.action(ids.COACHING_START)(button(start_pressed))
    app.action(ids.COACHING_OPEN)(button(open_pressed))
    app.action(ids.COACHING_CHECK_IN)(button(check_in_pressed))
    app.action(ids.COACHING_OUTCOME)(button(outcome_pressed))
    app.view(ids.COACHING_PLAN_MODAL)(handle_plan_submission)
    app.view(ids.COACHING_CHECK_IN_MODAL)(handle_check_in_submission)
    app.view(ids.COACHING_OUTCOME_MODAL)(handle_outcome_submission)
    app.view(ids.COACHING_ESCALATE_MODAL)(handle_escalate_submission)


def coach_command(request: Request, text: str) -> Reply | Modal:
    store, actor = request.store, request.actor
    user_id = co.parse_coach(text)
    if user_id is None or user_id == actor.slack_user_id:
        if user_id is None and (actor.is_admin or actor.is_manager):
            return build_plans(request.fmt, co.plans_to_follow(store, actor), today=request.today)
        return my_plan_reply(request)
    if not (actor.is_admin or actor.is_manager):
        raise co.refuse()  # before looking anyone up: a rep learns nothing about anyone
    person = request.people([user_id])[0] if actor.is_admin else store.person_by_slack_id(user_id)
    view = co.open_plan_of(store, actor, person)
    if view is not None:
        return render(request, view)
    return _plan_form(request, person.slack_user_id)


def my_plan_reply(request: Request) -> Reply:
    view = co.my_plan(request.store, request.actor)
    manager = request.store.person(view.plan.manager_id) if view is not None else None
    return build_my_plan(request.fmt, view, manager=manager.slack_user_id if manager else None)


def render(request: Request, view: co.PlanView, notice: str | None = None) -> Reply:
    effect = co.effect(request.store, view.plan, today=request.today)
    return build_plan(request.fmt, view, effect=effect, today=request.today, notice=notice)


def _plan_form(request: Request, person_user_id: str | None, diagnosis_id: int | None = None) -> Modal:
    return Modal(
        build_plan_modal(
            request.fmt,
            person_user_id=person_user_id,
            today=request.today,
            private_metadata=metadata(
                diagnosis=diagnosis_id, url=request.responder.response_url, ch=request.channel_id
            ),
        )
    )


# -- buttons -----------------------------------------------------------------------------------


def start_pressed(request: Request) -> Reply | Modal:
    """Start a coaching plan: from a diagnosis (its person, remembered), or blank from the list;
    a person with an open plan has it shown instead."""
    pressed = read_start_value(request.pressed.value)
    if pressed is None:
        raise co.refuse()
    person_id, diagnosis_id = pressed
    if not person_id:
        if not (request.actor.is_admin or request.actor.is_manager):
            raise co.refuse()
        return _plan_form(request, None)
    person = request.store.person(person_id)
    view = co.open_plan_of(request.store, request.actor, person)
    if view is not None:
        return render(request, view, request.fmt.t("coaching.already_open"))
    return _plan_form(request, person.slack_user_id, diagnosis_id)


def open_pressed(request: Request) -> Reply:
    value = request.pressed.value
    if not value.isdigit():
        raise co.refuse()
    plan = request.store.coaching_plan(int(value))
    if plan is not None and plan.person_id == request.actor.person_id and plan.state == co.OPEN:
        return my_plan_reply(request)  # the person's own: what they may see of it
    return render(request, co.show(request.store, request.actor, int(value)))


def check_in_pressed(request: Request) -> Reply | Modal:
    value = request.pressed.value
    if not value.isdigit():
        raise co.refuse()
    view, check_in = co.check_in_to_record(request.store, request.actor, int(value))
    if check_in.done_on is not None or view.plan.state != co.OPEN:
        return render(request, view, request.fmt.t("coaching.already_checked_in"))
    form = build_check_in_modal(
        request.fmt,
        view,
        check_in,
        private_metadata=metadata(
            check_in=check_in.id, url=request.responder.response_url, ch=request.channel_id
        ),
    )
    return Modal(form)


def outcome_pressed(request: Request) -> Reply | Modal:
    pressed = read_version_value(request.pressed.value)
    if pressed is None:
        raise co.refuse()
    plan_id, version = pressed
    plan = co.require_open(request.store, request.actor, plan_id)
    view = co.show(request.store, request.actor, plan_id)
    if plan.version != version:
        return render(request, view, request.fmt.t("coaching.stale"))
    form = build_outcome_modal(
        request.fmt,
        view,
        today=request.today,
        private_metadata=metadata(
            plan=plan_id, version=version, url=request.responder.response_url, ch=request.channel_id
        ),
    )
    return Modal(form)


# -- forms -------------------------------------------------------------------------------------


def handle_plan_submission(ack: Ack, body: dict, client: WebClient, context: BoltContext) -> None:
    meta = read_metadata(body["view"])

    def work(request: Request, values: dict) -> None:
        store, actor = request.store, request.actor
        given = read_plan_submission(values)
        user_id = given["person"]
        draft = co.read_plan(
            focus_areas=given["focus_areas"],
            focus_note=given["focus_note"],
            cadence=given["cadence"],
            first_check_in=given["first_check_in"],
            ends_on=given["ends_on"],
            today=request.today,
            person_missing=not user_id,
        )
        person = request.people([user_id])[0] if actor.is_admin else store.person_by_slack_id(user_id)
        diagnosis_id = int(meta.get("diagnosis") or 0) or None
        if diagnosis_id is not None and store.diagnosis(diagnosis_id) is None:
            diagnosis_id = None
        view = co.start(store, actor, person, draft, today=request.today, diagnosis_id=diagnosis_id)
        fmt = request.fmt
        if view.created:
            request.notify(
                person.slack_user_id,
                build_plan_told(request.formatter_for(person), view, manager=request.user_id),
            )
            notice = fmt.t("coaching.started", person=f"<@{person.slack_user_id}>")
        else:
            notice = fmt.t("coaching.already_open")
        answer_change(request, render(request, view, notice))

    submit_form(ack, body, client, context, work, first_field=co.F_PERSON)


def handle_check_in_submission(ack: Ack, body: dict, client: WebClient, context: BoltContext) -> None:
    meta = read_metadata(body["view"])

    def work(request: Request, values: dict) -> None:
        given = read_check_in_submission(values)
        notes, next_steps = co.read_check_in(notes=given["notes"], next_steps=given["next_steps"])
        check_in_id = int(meta.get("check_in") or 0)
        view, recorded = co.record_check_in(
            request.store, request.actor, check_in_id, notes=notes, next_steps=next_steps, today=request.today
        )
        fmt = request.fmt
        if recorded:
            check_in = request.store.coaching_check_in(check_in_id)
            request.notify(
                view.person.slack_user_id,
                build_next_steps_told(
                    request.formatter_for(view.person),
                    co.PlanView(view.plan, view.person, view.check_ins, view.upcoming, as_person=True),
                    check_in,
                    manager=request.user_id,
                ),
            )
            notice = fmt.t("coaching.checked_in")
        else:
            notice = fmt.t("coaching.already_checked_in")
        answer_change(request, render(request, view, notice))

    submit_form(ack, body, client, context, work, first_field=co.F_NOTES)


def _record_outcome(request: Request, plan_id: int, version: int, draft: co.OutcomeDraft) -> None:
    view = co.record_outcome(
        request.store, request.actor, plan_id, seen_version=version, draft=draft, today=request.today
    )
    request.notify(
        view.person.slack_user_id,
        build_outcome_told(request.formatter_for(view.person), view, manager=request.user_id),
    )
    answer_change(request, render(request, view, request.fmt.t(f"coaching.recorded.{draft.outcome}")))


def handle_outcome_submission(ack: Ack, body: dict, client: WebClient, context: BoltContext) -> None:
    meta = read_metadata(body["view"])

    def work(request: Request, values: dict) -> ViewUpdate | None:
        plan_id, version = int(meta.get("plan") or 0), int(meta.get("version") or 0)
        plan = co.require_open(request.store, request.actor, plan_id)
        given = read_outcome_submission(values)
        draft = co.read_outcome(
            outcome=given["outcome"],
            note=given["note"],
            new_end=given["new_end"],
            escalation=given["escalation"],
            plan=plan,
            today=request.today,
        )
        if plan.version != version:
            raise InvalidInput("coaching.changed")
        if draft.outcome == co.ESCALATED:  # asked first; nothing is written until confirmed
            view = co.show(request.store, request.actor, plan_id)
            return ViewUpdate(
                build_escalate_confirm(
                    request.fmt,
                    view,
                    draft,
                    private_metadata=metadata(
                        plan=plan_id,
                        version=version,
                        escalation=draft.escalation,
                        note=draft.note or None,
                        url=meta.get("url"),
                        ch=meta.get("ch"),
                    ),
                )
            )
        _record_outcome(request, plan_id, version, draft)
        return None

    submit_form(ack, body, client, context, work, first_field=co.F_OUTCOME)


def handle_escalate_submission(ack: Ack, body: dict, client: WebClient, context: BoltContext) -> None:
    meta = read_metadata(body["view"])

    def work(request: Request, values: dict) -> None:
        if not submitted.state(values, co.F_CONFIRM).get("selected_options"):
            raise InvalidInput("coaching.confirm_missing", field=co.F_CONFIRM)
        escalation = meta.get("escalation")
        if escalation not in co.ESCALATIONS:
            raise InvalidInput("coaching.escalation_missing", field=co.F_CONFIRM)
        draft = co.OutcomeDraft(co.ESCALATED, str(meta.get("note") or ""), escalation=escalation)
        _record_outcome(request, int(meta.get("plan") or 0), int(meta.get("version") or 0), draft)

    submit_form(ack, body, client, context, work, first_field=co.F_CONFIRM)
