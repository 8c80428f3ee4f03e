"""``/sales diagnose @person | team:NAME [PERIOD]``: the manager's walk through the causes of a
missed goal (``salesbot.diagnosis``), its step buttons, the conclusion form and Resume on App
Home. Every answer is private: ephemeral where the command or button was, else a DM."""

from __future__ import annotations

import re
from dataclasses import replace

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from handlers import ids
from handlers.blocks.common import metadata, read_metadata
from handlers.blocks.diagnosis import (
    build_conclude_modal,
    build_diagnosis,
    read_conclude_submission,
    read_mark_value,
    read_version_value,
)
from handlers.forms import submit_form
from handlers.listeners import button
from handlers.replies import answer_change
from handlers.respond import Modal, Reply
from handlers.runtime import Request
from salesbot import diagnosis as dx
from salesbot.errors import InvalidInput
from salesbot.evidence import DEPARTMENTS, step_evidence
from salesbot.goals import Subject, default_period, parse_goal_query
from salesbot.teams import find_team

# A step's three buttons sit in one actions block, so each has its own action id.
MARK_ACTION = re.compile(rf"^{re.escape(ids.DIAGNOSIS_MARK)}:\w+$")


def register(app: App) -> None:
    app.action(MARK_ACTION)(button(mark_step, replace=True))
    app.action(ids.DIAGNOSIS_CONCLUDE)(button(open_conclude_form))
    app.action(ids.DIAGNOSIS_RESUME)(button(resume))
    app.view(ids.DIAGNOSIS_CONCLUDE_MODAL)(handle_conclude_submission)


def diagnose_command(request: Request, text: str) -> Reply:
    store, actor = request.store, request.actor
    if not (actor.is_admin or actor.is_manager):
        raise dx.refuse()  # before reading a word: a rep learns nothing about anyone
    query = parse_goal_query(
        text, lang=actor.lang, today=request.today, team_names=store.team_names(), area="diagnosis"
    )
    if query.company or not (query.user_id or query.team_name):
        raise InvalidInput("diagnosis.subject_missing", example="diagnosis.example")
    subject = _subject(request, query.user_id, query.team_name)
    view = dx.start_or_resume(store, actor, subject, query.period or default_period(store, request.today))
    return _render(request, view)


def _subject(request: Request, user_id: str | None, team_name: str | None) -> Subject | None:
    """The subject named; for anyone but an admin, an unknown one is refused like a stranger's."""
    store, actor = request.store, request.actor
    if user_id:
        person = request.people([user_id])[0] if actor.is_admin else store.person_by_slack_id(user_id)
        if person is None:
            raise dx.refuse()
        return Subject("person", person=person)
    if actor.is_admin:
        return Subject("team", team=find_team(store, team_name, example="diagnosis.example"))
    team = store.team_by_name(team_name)
    if team is None:
        raise dx.refuse()
    return Subject("team", team=team)


def _render(request: Request, view: dx.DiagnosisView, notice: str | None = None) -> Reply:
    d = view.diagnosis
    evidence = None
    if d.state == dx.STEP:
        evidence = step_evidence(
            request.store, view.subject, view.period, d.current_step, today=request.today
        )
    owners = {}
    if view.actions:
        people = request.store.people_by_ids([a.owner_id for a in view.actions if a.owner_id])
        owners = {person_id: person.slack_user_id for person_id, person in people.items()}
    return build_diagnosis(request.fmt, view, evidence=evidence, notice=notice, owners=owners)


def mark_step(request: Request) -> Reply:
    pressed = read_mark_value(request.pressed.value)
    if pressed is None:
        raise dx.refuse()
    diagnosis_id, version, step, mark = pressed
    view = dx.mark_step(
        request.store, request.actor, diagnosis_id, seen_version=version, step=step, mark=mark
    )
    notice = None
    if not view.stale and mark == dx.ASK_DEPARTMENT:
        notice = _department_notice(request, step)
    return _render(request, view, notice)


def _department_notice(request: Request, step: str) -> str:
    """Who the step's question goes to; the question itself is sent by a later part of the flow."""
    department = DEPARTMENTS[step]
    contact = getattr(request.store.workspace, f"{department}_contact", None)
    name = request.fmt.t(f"diagnosis.department.{department}")
    if not contact:
        return request.fmt.t("diagnosis.no_contact", department=name)
    where = f"<#{contact}>" if contact[0] in "CG" else f"<@{contact}>"
    return request.fmt.t("diagnosis.asked", department=name, contact=where)


def resume(request: Request) -> Reply:
    value = request.pressed.value
    if not value.isdigit():
        raise dx.refuse()
    return _render(request, dx.show(request.store, request.actor, int(value)))


def open_conclude_form(request: Request) -> Modal | Reply:
    pressed = read_version_value(request.pressed.value)
    if pressed is None:
        raise dx.refuse()
    diagnosis_id, version = pressed
    diagnosis = dx.require_concluding(request.store, request.actor, diagnosis_id)
    view = dx.show(request.store, request.actor, diagnosis_id)
    if diagnosis.version != version:
        return _render(request, replace(view, stale=True))
    form = build_conclude_modal(
        request.fmt,
        view,
        today=request.today,
        private_metadata=metadata(
            diagnosis=diagnosis_id, version=version, url=request.responder.response_url, ch=request.channel_id
        ),
    )
    return Modal(form)


def handle_conclude_submission(ack: Ack, body: dict, client: WebClient, context: BoltContext) -> None:
    meta = read_metadata(body["view"])

    def work(request: Request, values: dict) -> None:
        given = read_conclude_submission(values)
        slack_ids = [owner for _, owner in given["actions"] if owner]
        people = (
            {person.slack_user_id: person.id for person in request.people(slack_ids)} if slack_ids else {}
        )
        root_cause, notes, actions, follow_up_on = dx.read_conclusion(
            root_cause=given["root_cause"],
            notes=given["notes"],
            actions=[(text, people.get(owner) if owner else None) for text, owner in given["actions"]],
            follow_up_on=given["follow_up_on"],
            today=request.today,
        )
        view = dx.conclude(
            request.store,
            request.actor,
            int(meta.get("diagnosis") or 0),
            seen_version=int(meta.get("version") or 0),
            root_cause=root_cause,
            notes=notes,
            actions=actions,
            follow_up_on=follow_up_on,
        )
        answer_change(request, _render(request, view, request.fmt.t("diagnosis.concluded")))

    submit_form(ack, body, client, context, work, first_field=dx.F_ROOT_CAUSE)
