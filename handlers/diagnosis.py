"""``/sales diagnose @person | team:NAME [PERIOD]``: the manager's walk through the causes of a
missed goal (``salesbot.diagnosis``), its step buttons, the conclusion form and Resume on App
Home. Every answer is private: ephemeral where the command or button was, else a DM."""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from datetime import datetime

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from handlers import ids
from handlers.blocks.common import metadata, mrkdwn_escape, read_metadata
from handlers.blocks.diagnosis import (
    build_action_given,
    build_answer_thanks,
    build_behind_to_diagnose,
    build_comment_modal,
    build_conclude_modal,
    build_department_question,
    build_diagnosis,
    build_manager_told,
    read_comment_submission,
    read_conclude_submission,
    read_diagnose_value,
    read_mark_value,
    read_version_value,
)
from handlers.forms import submit_form
from handlers.listeners import button
from handlers.replies import answer_change
from handlers.respond import Modal, Reply
from handlers.runtime import Request, Services
from salesbot import department as dq
from salesbot import diagnosis as dx
from salesbot.errors import InvalidInput, PermissionDenied
from salesbot.evidence import StepEvidence, step_evidence
from salesbot.follow_up import snapshot_of
from salesbot.goals import Subject, default_period, parse_goal_query
from salesbot.i18n import Formatter
from salesbot.people import language_of
from salesbot.periods import Period
from salesbot.progress import members_behind
from salesbot.teams import find_team
from salesbot.workdays import workdays_of
from storage.diagnosis import workspaces_with_open_questions

logger = logging.getLogger(__name__)

# A step's three buttons sit in one actions block, so each has its own action id.
MARK_ACTION = re.compile(rf"^{re.escape(ids.DIAGNOSIS_MARK)}:\w+$")
ANSWER_ACTION = re.compile(rf"^{re.escape(ids.DIAGNOSIS_ANSWER)}:\w+$")
# Several people's Diagnose in one block are "diagnosis_start:N".
START_ACTION = re.compile(rf"^{re.escape(ids.DIAGNOSIS_START)}(:\d+)?$")


def register(app: App) -> None:
    app.action(MARK_ACTION)(button(mark_step, replace=True))
    app.action(ids.DIAGNOSIS_CONCLUDE)(button(open_conclude_form))
    app.action(ids.DIAGNOSIS_RESUME)(button(resume))
    app.action(START_ACTION)(button(start))
    app.action(ids.DIAGNOSIS_FROM_DIGEST)(button(from_digest))
    app.view(ids.DIAGNOSIS_CONCLUDE_MODAL)(handle_conclude_submission)
    app.action(ANSWER_ACTION)(button(answer_question))
    app.action(ids.DIAGNOSIS_COMMENT)(button(open_comment_form))
    app.view(ids.DIAGNOSIS_COMMENT_MODAL)(handle_comment_submission)


def diagnose_command(request: Request, text: str) -> Reply:
    store, actor = request.store, request.actor
    if not (actor.is_admin or actor.is_manager):
        raise dx.refuse()  # before reading a word: a rep learns nothing about anyone
    query = parse_goal_query(
        text, lang=actor.lang, today=request.today, team_names=store.team_names, area="diagnosis"
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
    behind = None
    diagnosable: set[int] = set()
    if view.subject.scope == "team" and d.state != dx.STEP:
        behind = members_behind(request.store, view.subject.team.id, view.period, today=request.today)
        diagnosable = {
            item.person.id
            for item in behind
            if dx.may_diagnose(request.store, request.actor, Subject("person", person=item.person))
        }
    return build_diagnosis(
        request.fmt,
        view,
        evidence=evidence,
        notice=notice,
        owners=owners,
        questions=dq.questions_by_step(request.store, d.id),
        behind=behind,
        diagnosable=diagnosable,
    )


def start(request: Request) -> Reply:
    """Diagnose, wherever a person or team is shown behind pace: what ``/sales diagnose`` does."""
    pressed = read_diagnose_value(request.pressed.value)
    if pressed is None:
        raise dx.refuse()
    scope, subject_id, period_key = pressed
    try:
        period = Period.from_key(period_key)
    except ValueError:
        raise dx.refuse() from None
    store = request.store
    if scope == "person":
        person = store.person(subject_id)
        subject = Subject("person", person=person) if person is not None else None
    else:
        team = store.team_by_id(subject_id)
        subject = Subject("team", team=team) if team is not None else None
    dx.require_may_diagnose(store, request.actor, subject)
    return _render(request, dx.start_or_resume(store, request.actor, subject, period))


def from_digest(request: Request) -> Reply:
    """Diagnose… under a digest's people behind pace: privately, those of them the presser may
    diagnose (a team's members, or every team's for the company), each with Diagnose."""
    pressed = read_diagnose_value(request.pressed.value)
    if pressed is None or pressed[0] not in ("team", "company"):
        raise dx.refuse()
    scope, team_id, period_key = pressed
    try:
        period = Period.from_key(period_key)
    except ValueError:
        raise dx.refuse() from None
    team, behind = dx.diagnosable_behind(
        request.store, request.actor, team_id if scope == "team" else None, period, today=request.today
    )
    return build_behind_to_diagnose(
        request.fmt, behind, period, team=(team.id, team.name) if team is not None else None
    )


def mark_step(request: Request) -> Reply:
    pressed = read_mark_value(request.pressed.value)
    if pressed is None:
        raise dx.refuse()
    diagnosis_id, version, step, mark = pressed
    if mark == dx.ASK_DEPARTMENT:
        return ask_department(request, diagnosis_id, version, step)
    view = dx.mark_step(
        request.store, request.actor, diagnosis_id, seen_version=version, step=step, mark=mark
    )
    return _render(request, view)


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
        slack_ids = [owner for _, owner, _ in given["actions"] if owner]
        people = {person.slack_user_id: person for person in request.people(slack_ids)} if slack_ids else {}
        root_cause, notes, actions, follow_up_on = dx.read_conclusion(
            root_cause=given["root_cause"],
            notes=given["notes"],
            actions=[
                (text, people[owner].id if owner in people else None, department)
                for text, owner, department in given["actions"]
            ],
            follow_up_on=given["follow_up_on"],
            today=request.today,
            reachable_departments=[
                department
                for department in dx.ACTION_DEPARTMENTS
                if dq.department_contact(request.store, department)
            ],
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
            figures=lambda d: snapshot_of(request.store, d, today=request.today),
        )
        _tell_action_owners(request, actions, {person.id: person for person in people.values()}, follow_up_on)
        answer_change(request, _render(request, view, request.fmt.t("diagnosis.concluded")))

    submit_form(ack, body, client, context, work, first_field=dx.F_ROOT_CAUSE)


def _tell_action_owners(request: Request, actions, owners: dict, follow_up_on) -> None:
    """Once the conclusion is saved: each person who owns an action (but the manager) gets a DM
    with it, a department's contact (a person, or a channel) the department's; only the action
    and its date, never the diagnosis (its subject, cause or notes)."""
    store, manager = request.store, request.user_id
    for action in actions:
        if action.department:
            contact = dq.department_contact(store, action.department)
            person = None if dq.is_channel(contact) else store.person_by_slack_id(contact)
        else:
            person = owners.get(action.owner_id)
            contact = person.slack_user_id if person else None
        if not contact or contact == manager:
            continue
        fmt = Formatter(language_of(person, store.workspace.locale), store.workspace.currency)
        message = build_action_given(
            fmt, text=action.text, manager=manager, follow_up_on=follow_up_on, department=action.department
        )

        def send(contact=contact, message=message, department=action.department) -> None:
            try:
                request.responder.post(contact, message)
            except SlackApiError as error:
                logger.info("diagnosis action not sent: %s", error.response.get("error"))
                request.responder.dm(
                    manager, request.fmt.t("diagnosis.action_not_sent", contact=_where(contact))
                )

        request.after_commit(send)


# -- ask the department ------------------------------------------------------------------------


def ask_department(request: Request, diagnosis_id: int, version: int, step: str) -> Reply:
    """Records the question and, once saved, sends it to the department's contact; with no
    contact set, nothing changes and the manager is told so."""
    fmt = request.fmt
    try:
        view, question = dq.ask(
            request.store,
            request.actor,
            diagnosis_id,
            seen_version=version,
            step=step,
            now=request.services.clock.now(),
        )
    except dq.NoContact as error:
        department = fmt.t(f"diagnosis.department.{error.params['department']}")
        view = dx.show(request.store, request.actor, diagnosis_id)
        return _render(request, view, fmt.t("diagnosis.no_contact", department=department))
    if question is None:
        return _render(request, view)
    message = _question_message(request.store, request.services.clock, question, view.diagnosis)
    manager = request.user_id

    def send() -> None:
        try:
            request.responder.post(question.asked_to, message)
        except SlackApiError as error:
            logger.info("department question not posted: %s", error.response.get("error"))
            department = fmt.t(f"diagnosis.department.{question.department}")
            request.responder.dm(
                manager,
                fmt.t("diagnosis.dept.not_posted", department=department, contact=_where(question.asked_to)),
            )

    request.after_commit(send)
    department = fmt.t(f"diagnosis.department.{question.department}")
    return _render(
        request, view, fmt.t("diagnosis.asked", department=department, contact=_where(question.asked_to))
    )


def _where(contact: str) -> str:
    return f"<#{contact}>" if dq.is_channel(contact) else f"<@{contact}>"


def _question_message(
    store, clock, question: dq.QuestionRecord, diagnosis, *, reminder: bool = False
) -> Reply:
    """The question in its contact's language (a channel: the workspace's), with only its step's
    figures: no notes, no hint, no other step."""
    workspace = store.workspace
    person = None if dq.is_channel(question.asked_to) else store.person_by_slack_id(question.asked_to)
    fmt = Formatter(language_of(person, workspace.locale), workspace.currency)
    subject = dx.subject_of(store, diagnosis)
    period = Period.from_key(diagnosis.period_key)
    evidence = step_evidence(store, subject, period, question.step, today=clock.today(workspace.timezone))
    asker = store.person(question.asked_by_id) if question.asked_by_id else None
    name = (
        subject.person.name if subject.scope == "person" else fmt.t("diagnosis.team", name=subject.team.name)
    )
    return build_department_question(
        fmt,
        question=question,
        subject=mrkdwn_escape(name),
        period=period.label(fmt.lang),
        asker=asker.slack_user_id if asker else None,
        evidence=StepEvidence(question.step, figures=list(evidence.figures)),
        reminder=reminder,
    )


def answer_question(request: Request) -> Reply:
    yes_no = request.pressed.action_id.rsplit(":", 1)[-1] if request.pressed.action_id else None
    return _record_answer(request, yes_no=yes_no)


def _question_id(value: str) -> int:
    if not value.isdigit():
        raise PermissionDenied("diagnosis.dept.denied")
    return int(value)


def _record_answer(
    request: Request, *, yes_no: str | None = None, comment: str | None = None, question_id: int | None = None
) -> Reply:
    if question_id is None:
        question_id = _question_id(request.pressed.value)
    question, changed = dq.answer(
        request.store,
        request.actor,
        question_id,
        user_id=request.user_id,
        channel_id=request.channel_id,
        yes_no=yes_no,
        comment=comment,
    )
    if changed:
        _tell_manager(request, question)
    return build_answer_thanks(request.fmt, question, changed=changed)


def _tell_manager(request: Request, question: dq.QuestionRecord) -> None:
    """A DM to the manager who asked (in their language), with Resume to the diagnosis."""
    store = request.store
    manager = store.person(question.asked_by_id) if question.asked_by_id else None
    if manager is None:
        return
    diagnosis = store.diagnosis(question.diagnosis_id)
    subject = dx.subject_of(store, diagnosis)
    fmt = request.formatter_for(manager)
    name = (
        subject.person.name if subject.scope == "person" else fmt.t("diagnosis.team", name=subject.team.name)
    )
    request.notify(
        manager.slack_user_id,
        build_manager_told(fmt, question, subject=mrkdwn_escape(name), diagnosis_id=diagnosis.id),
    )


def open_comment_form(request: Request) -> Modal:
    question = dq.answerable(
        request.store,
        _question_id(request.pressed.value),
        user_id=request.user_id,
        channel_id=request.channel_id,
    )
    return Modal(
        build_comment_modal(
            request.fmt,
            current=question.comment,
            private_metadata=metadata(
                question=question.id, url=request.responder.response_url, ch=request.channel_id
            ),
        )
    )


def handle_comment_submission(ack: Ack, body: dict, client: WebClient, context: BoltContext) -> None:
    meta = read_metadata(body["view"])

    def work(request: Request, values: dict) -> None:
        reply = _record_answer(
            request, comment=read_comment_submission(values), question_id=int(meta.get("question") or 0)
        )
        request.after_commit(lambda: request.responder.send(reply))

    submit_form(ack, body, client, context, work, first_field=dq.F_COMMENT)


def remind_department_questions(services: Services, now: datetime | None = None) -> int:
    """Re-sends each department question unanswered for a working day, once (claimed with
    ``reminded_at IS NULL``); how many were sent. Meant for the scheduler's tick."""
    now = now or services.clock.now()
    sent = 0
    for team_id in workspaces_with_open_questions(services.engine):
        try:
            with services.store(team_id) as store:
                due = [
                    (
                        question.asked_to,
                        _question_message(store, services.clock, question, diagnosis, reminder=True),
                    )
                    for question, diagnosis in dq.claim_reminders(
                        store, now, workdays=workdays_of(store.workspace)
                    )
                ]
            client = services.client_for(team_id) if due else None  # the workspace's own token
        except Exception:
            logger.exception("department reminders of team %s could not be worked out", team_id)
            continue
        for channel, message in due:  # claimed and committed: a failed post is not retried
            try:
                client.chat_postMessage(channel=channel, text=message.text, blocks=message.blocks or None)
                sent += 1
            except SlackApiError as error:
                logger.info("department reminder not posted: %s", error.response.get("error"))
    return sent
