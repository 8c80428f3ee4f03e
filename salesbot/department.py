"""Ask the department (SPEC section 1.4, issue 13): a diagnosis step's question goes to its
department's contact (``evidence.DEPARTMENTS``; the contact, a Slack user or channel, is in the
workspace settings) with that step's figures and Yes / No / Comment.

While the question is open the step waits (its mark is ``ask_department``, the diagnosis stays
at it); the manager may decide it without the answer (ruled out, a problem here:
``diagnosis.mark_step``). The answer is attached to the step and the manager is told.

Who may answer: the contact — the person, or anyone in the contact channel (a press on the
question's message in that channel). They see only the question they were asked: its step's
figures, not the other steps, marks or notes. One answer per question: pressing the same answer
again records nothing; a different answer (No after Yes, a comment) replaces the earlier one and
the manager is told again. Every question, answer and reminder is in the audit log.

An unanswered question is reminded once, when a working day has passed since it was asked
(``reminder_due``), claimed with a conditional UPDATE so two runners send it once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from salesbot import diagnosis as dx
from salesbot.access import Actor
from salesbot.errors import InvalidInput, PermissionDenied
from salesbot.evidence import DEPARTMENTS
from salesbot.workdays import Workdays

YES, NO = "yes", "no"
ANSWERS = (YES, NO)
COMMENT_MAX = 2000
F_COMMENT = "comment"


class QuestionRecord(Protocol):
    id: int
    diagnosis_id: int
    step: str
    department: str
    asked_to: str
    asked_by_id: int | None
    asked_at: datetime
    answer: str | None
    comment: str
    answered_by_id: int | None
    answered_at: datetime | None
    reminded_at: datetime | None


class DepartmentStore(dx.DiagnosisStore, Protocol):
    def ask_diagnosis_department(
        self,
        diagnosis: dx.DiagnosisRecord,
        *,
        seen_version: int,
        step: str,
        department: str,
        asked_to: str,
        asked_by_id: int,
        asked_at: datetime,
    ) -> QuestionRecord | None: ...
    def diagnosis_question(self, question_id: int) -> QuestionRecord | None: ...
    def diagnosis_questions(self, diagnosis_id: int) -> Sequence[QuestionRecord]: ...
    def answer_diagnosis_question(
        self, question: QuestionRecord, *, answer: str | None, comment: str, answered_by_id: int
    ) -> bool: ...
    def unanswered_diagnosis_questions(self) -> Sequence[QuestionRecord]: ...
    def claim_question_reminder(self, question_id: int, at: datetime) -> bool: ...


class NoContact(InvalidInput):
    """The step's department has no contact in the settings: nobody to ask."""


def contact_of(store: DepartmentStore, step: str) -> str | None:
    return department_contact(store, DEPARTMENTS[step])


def department_contact(store: DepartmentStore, department: str) -> str | None:
    """The department's contact from the settings: a Slack user or channel id, or None."""
    return getattr(store.workspace, f"{department}_contact", None) or None


def is_channel(contact: str) -> bool:
    return contact[:1] in ("C", "G")


def ask(
    store: DepartmentStore, actor: Actor, diagnosis_id: int, *, seen_version: int, step: str, now: datetime
) -> tuple[dx.DiagnosisView, QuestionRecord | None]:
    """Asks ``step``'s department; the diagnosis waits at the step. A stale press asks nothing and
    answers with where it stands (no question). No contact set: ``NoContact``, nothing changes."""
    if step not in DEPARTMENTS:
        raise InvalidInput("diagnosis.bad_mark")
    diagnosis = dx.readable(store, actor, diagnosis_id)
    if diagnosis.version != seen_version or diagnosis.state != dx.STEP or diagnosis.current_step != step:
        return dx.view_of(store, diagnosis, stale=True), None
    department = DEPARTMENTS[step]
    contact = contact_of(store, step)
    if contact is None:
        raise NoContact("diagnosis.no_contact", department=department)
    question = store.ask_diagnosis_department(
        diagnosis,
        seen_version=seen_version,
        step=step,
        department=department,
        asked_to=contact,
        asked_by_id=actor.person_id,
        asked_at=now,
    )
    if question is None:
        return dx.view_of(store, store.diagnosis(diagnosis_id), stale=True), None
    dx.audit(
        store,
        actor,
        "diagnosis.department_asked",
        diagnosis,
        step=step,
        department=department,
        asked_to=contact,
    )
    return dx.view_of(store, store.diagnosis(diagnosis_id)), question


def questions_by_step(store: DepartmentStore, diagnosis_id: int) -> dict[str, QuestionRecord]:
    """A diagnosis's questions by step (read only where the diagnosis itself was, by its managers)."""
    return {question.step: question for question in store.diagnosis_questions(diagnosis_id)}


def may_answer(question: QuestionRecord, *, user_id: str, channel_id: str | None) -> bool:
    """The contact person, or anyone pressing on the question's message in the contact channel."""
    if is_channel(question.asked_to):
        return channel_id == question.asked_to
    return user_id == question.asked_to


def answerable(
    store: DepartmentStore, question_id: int, *, user_id: str, channel_id: str | None
) -> QuestionRecord:
    """The question a contact's button is for; anyone else is refused, naming nothing."""
    question = store.diagnosis_question(question_id)
    if question is None or not may_answer(question, user_id=user_id, channel_id=channel_id):
        raise PermissionDenied("diagnosis.dept.denied")
    return question


def answer(
    store: DepartmentStore,
    actor: Actor,
    question_id: int,
    *,
    user_id: str,
    channel_id: str | None,
    yes_no: str | None = None,
    comment: str | None = None,
) -> tuple[QuestionRecord, bool]:
    """Records Yes or No (``yes_no``) or a comment, keeping the other part; True when it changed
    the answer (the manager is then told), False for the same answer again (a double click)."""
    question = answerable(store, question_id, user_id=user_id, channel_id=channel_id)
    if yes_no is not None and yes_no not in ANSWERS:
        raise InvalidInput("diagnosis.dept.bad_answer")
    new_answer = yes_no if yes_no is not None else question.answer
    new_comment = question.comment if comment is None else " ".join(comment.split())[:COMMENT_MAX]
    changed = store.answer_diagnosis_question(
        question, answer=new_answer, comment=new_comment, answered_by_id=actor.person_id
    )
    if changed:
        diagnosis = store.diagnosis(question.diagnosis_id)
        dx.audit(
            store,
            actor,
            "diagnosis.department_answered",
            diagnosis,
            step=question.step,
            department=question.department,
            answer=new_answer,
            commented=bool(new_comment),
        )
    return store.diagnosis_question(question_id), changed


def reminder_due(asked_at: datetime, now: datetime, *, timezone: str, workdays: Workdays) -> bool:
    """A working day has passed since ``asked_at``: it is the same time of day or later on the
    next working day after the day it was asked, or a later day; and today is a working day
    (never reminded on a weekend or a holiday)."""
    tz = ZoneInfo(timezone or "UTC")
    asked, local = asked_at.astimezone(tz), now.astimezone(tz)
    if not workdays.is_working_day(local.date()):
        return False
    day = asked.date() + timedelta(days=1)
    while not workdays.is_working_day(day):
        day += timedelta(days=1)
    due = datetime.combine(day, asked.timetz()).astimezone(tz)
    return local >= due


def claim_reminders(
    store: DepartmentStore, now: datetime, *, workdays: Workdays
) -> list[tuple[QuestionRecord, dx.DiagnosisRecord]]:
    """The questions due a reminder at ``now``, each claimed once (its ``reminded_at`` set)."""
    claimed = []
    for question in store.unanswered_diagnosis_questions():
        asked_at = (
            question.asked_at
            if question.asked_at.tzinfo
            else question.asked_at.replace(tzinfo=ZoneInfo("UTC"))
        )
        if not reminder_due(asked_at, now, timezone=store.workspace.timezone, workdays=workdays):
            continue
        if store.claim_question_reminder(question.id, now):
            diagnosis = store.diagnosis(question.diagnosis_id)
            store.audit(
                actor_id=None,
                action="diagnosis.department_reminded",
                entity="diagnosis",
                entity_id=diagnosis.id,
                step=question.step,
                department=question.department,
            )
            claimed.append((question, diagnosis))
    return claimed
