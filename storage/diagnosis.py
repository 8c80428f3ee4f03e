"""Diagnoses, their steps and actions (``salesbot.diagnosis``).

``DiagnosisQueries`` is mixed into ``storage.store.Store`` and, like every Store query, filters by
the store's workspace. A diagnosis changes only ``WHERE version = seen`` (one UPDATE that a
concurrent change makes match nothing), so a double click or a Slack retry moves it once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime

from sqlalchemy import Engine, update
from sqlmodel import Session, select

from salesbot.diagnosis import ASK_DEPARTMENT, CONCLUDED, PENDING, STEP, ActionSpec
from salesbot.goals import Subject
from salesbot.periods import Period
from storage.db import insert_unless_present, session_scope, team_ids_where
from storage.models import (
    Diagnosis,
    DiagnosisAction,
    DiagnosisQuestion,
    DiagnosisStep,
    Workspace,
    utcnow,
)


class DiagnosisQueries:
    session: Session
    workspace_id: int

    def diagnosis(self, diagnosis_id: int) -> Diagnosis | None:
        return self.session.exec(
            select(Diagnosis)
            .where(Diagnosis.id == diagnosis_id, Diagnosis.workspace_id == self.workspace_id)
            # Read afresh: this request's own UPDATE (or another's) may have moved it since.
            .execution_options(populate_existing=True)
        ).first()

    def open_diagnosis(self, open_key: str) -> Diagnosis | None:
        return self.session.exec(
            select(Diagnosis)
            .where(Diagnosis.workspace_id == self.workspace_id, Diagnosis.open_key == open_key)
            .execution_options(populate_existing=True)
        ).first()

    def start_diagnosis(
        self, *, subject: Subject, period: Period, open_key: str, started_by_id: int, first_step: str
    ) -> tuple[Diagnosis, bool]:
        """The open diagnosis under ``open_key``, inserted at ``first_step`` unless a concurrent
        start inserted it first; True when this call inserted it."""
        now = utcnow()
        inserted = insert_unless_present(
            self.session,
            Diagnosis,
            {
                "workspace_id": self.workspace_id,
                "scope": subject.scope,
                "person_id": subject.person.id if subject.person else None,
                "team_id": subject.team.id if subject.team else None,
                "period_key": period.key,
                "period_start": period.start,
                "period_end": period.end,
                "open_key": open_key,
                "started_by_id": started_by_id,
                "state": STEP,
                "current_step": first_step,
                "notes": "",
                "version": 1,
                "created_at": now,
                "updated_at": now,
            },
            unique=["workspace_id", "open_key"],
        )
        diagnosis = self.open_diagnosis(open_key)
        if inserted:
            self._reach(diagnosis.id, first_step)
        return diagnosis, inserted

    def _reach(self, diagnosis_id: int, step: str) -> None:
        insert_unless_present(
            self.session,
            DiagnosisStep,
            {
                "workspace_id": self.workspace_id,
                "diagnosis_id": diagnosis_id,
                "step": step,
                "mark": PENDING,
                "note": "",
                "created_at": utcnow(),
            },
            unique=["diagnosis_id", "step"],
        )

    def diagnosis_steps(self, diagnosis_id: int) -> list[DiagnosisStep]:
        return list(
            self.session.exec(
                select(DiagnosisStep)
                .where(
                    DiagnosisStep.workspace_id == self.workspace_id,
                    DiagnosisStep.diagnosis_id == diagnosis_id,
                )
                .order_by(DiagnosisStep.id)
                .execution_options(populate_existing=True)
            ).all()
        )

    def diagnosis_actions(self, diagnosis_id: int) -> list[DiagnosisAction]:
        return list(
            self.session.exec(
                select(DiagnosisAction)
                .where(
                    DiagnosisAction.workspace_id == self.workspace_id,
                    DiagnosisAction.diagnosis_id == diagnosis_id,
                )
                .order_by(DiagnosisAction.position)
            ).all()
        )

    def _move(self, diagnosis: Diagnosis, seen_version: int, **values: object) -> bool:
        """One change of ``diagnosis`` if it is still at ``seen_version``; False when it is not."""
        moved = self.session.connection().execute(
            update(Diagnosis)
            .where(
                Diagnosis.id == diagnosis.id,
                Diagnosis.workspace_id == self.workspace_id,
                Diagnosis.version == seen_version,
            )
            .values(version=seen_version + 1, updated_at=utcnow(), **values)
        )
        return moved.rowcount == 1

    def mark_diagnosis_step(
        self,
        diagnosis: Diagnosis,
        *,
        seen_version: int,
        step: str,
        mark: str,
        decided_by_id: int,
        state: str,
        next_step: str | None,
    ) -> bool:
        if not self._move(diagnosis, seen_version, state=state, current_step=next_step):
            return False
        self.session.connection().execute(
            update(DiagnosisStep)
            .where(
                DiagnosisStep.workspace_id == self.workspace_id,
                DiagnosisStep.diagnosis_id == diagnosis.id,
                DiagnosisStep.step == step,
            )
            .values(mark=mark, decided_by_id=decided_by_id, decided_at=utcnow())
        )
        if next_step is not None:
            self._reach(diagnosis.id, next_step)
        return True

    def conclude_diagnosis(
        self,
        diagnosis: Diagnosis,
        *,
        seen_version: int,
        root_cause: str,
        notes: str,
        follow_up_on: date,
        actions: Sequence[ActionSpec],
        concluded_by_id: int,
        concluded_figures: Mapping | None = None,
    ) -> bool:
        if not self._move(
            diagnosis,
            seen_version,
            state=CONCLUDED,
            current_step=None,
            open_key=None,
            root_cause=root_cause,
            notes=notes,
            follow_up_on=follow_up_on,
            concluded_by_id=concluded_by_id,
            concluded_at=utcnow(),
            concluded_figures=dict(concluded_figures) if concluded_figures is not None else None,
        ):
            return False
        for position, action in enumerate(actions, start=1):
            self.session.add(
                DiagnosisAction(
                    workspace_id=self.workspace_id,
                    diagnosis_id=diagnosis.id,
                    position=position,
                    text=action.text,
                    owner_id=action.owner_id,
                    department=action.department,
                )
            )
        self.session.flush()
        return True

    def follow_ups_due(self, through: date) -> list[Diagnosis]:
        """Concluded diagnoses whose follow-up date is on or before ``through``, not yet sent."""
        return list(
            self.session.exec(
                select(Diagnosis)
                .where(
                    Diagnosis.workspace_id == self.workspace_id,
                    Diagnosis.state == CONCLUDED,
                    Diagnosis.follow_up_sent_at.is_(None),
                    Diagnosis.follow_up_on <= through,
                )
                .order_by(Diagnosis.follow_up_on, Diagnosis.id)
            ).all()
        )

    def open_diagnoses_of(self, started_by_id: int) -> list[Diagnosis]:
        return list(
            self.session.exec(
                select(Diagnosis)
                .where(
                    Diagnosis.workspace_id == self.workspace_id,
                    Diagnosis.started_by_id == started_by_id,
                    Diagnosis.open_key.is_not(None),
                )
                .order_by(Diagnosis.updated_at.desc(), Diagnosis.id.desc())
                .limit(10)
            ).all()
        )

    # -- the department's question (ask the department) ------------------------------------------

    def ask_diagnosis_department(
        self,
        diagnosis: Diagnosis,
        *,
        seen_version: int,
        step: str,
        department: str,
        asked_to: str,
        asked_by_id: int,
        asked_at: datetime,
    ) -> DiagnosisQuestion | None:
        """Marks ``step`` as asked (the diagnosis stays at it, waiting) and stores its question;
        None when the diagnosis moved since ``seen_version`` (a double click asks once)."""
        if not self._move(diagnosis, seen_version, state=STEP, current_step=step):
            return None
        self.session.connection().execute(
            update(DiagnosisStep)
            .where(
                DiagnosisStep.workspace_id == self.workspace_id,
                DiagnosisStep.diagnosis_id == diagnosis.id,
                DiagnosisStep.step == step,
            )
            .values(mark=ASK_DEPARTMENT, decided_by_id=asked_by_id, decided_at=utcnow())
        )
        insert_unless_present(
            self.session,
            DiagnosisQuestion,
            {
                "workspace_id": self.workspace_id,
                "diagnosis_id": diagnosis.id,
                "step": step,
                "department": department,
                "asked_to": asked_to,
                "asked_by_id": asked_by_id,
                "asked_at": asked_at,
                "comment": "",
            },
            unique=["diagnosis_id", "step"],
        )
        return self.session.exec(
            select(DiagnosisQuestion)
            .where(
                DiagnosisQuestion.workspace_id == self.workspace_id,
                DiagnosisQuestion.diagnosis_id == diagnosis.id,
                DiagnosisQuestion.step == step,
            )
            .execution_options(populate_existing=True)
        ).first()

    def diagnosis_question(self, question_id: int) -> DiagnosisQuestion | None:
        return self.session.exec(
            select(DiagnosisQuestion)
            .where(DiagnosisQuestion.id == question_id, DiagnosisQuestion.workspace_id == self.workspace_id)
            .execution_options(populate_existing=True)
        ).first()

    def diagnosis_questions(self, diagnosis_id: int) -> list[DiagnosisQuestion]:
        return list(
            self.session.exec(
                select(DiagnosisQuestion)
                .where(
                    DiagnosisQuestion.workspace_id == self.workspace_id,
                    DiagnosisQuestion.diagnosis_id == diagnosis_id,
                )
                .order_by(DiagnosisQuestion.id)
                .execution_options(populate_existing=True)
            ).all()
        )

    def answer_diagnosis_question(
        self, question: DiagnosisQuestion, *, answer: str | None, comment: str, answered_by_id: int
    ) -> bool:
        """Writes the answer only if the row still holds what ``question`` read and the answer
        differs from it: of two identical presses at once (a double click), one is recorded."""
        if (answer, comment) == (question.answer, question.comment):
            return False
        changed = self.session.connection().execute(
            update(DiagnosisQuestion)
            .where(
                DiagnosisQuestion.id == question.id,
                DiagnosisQuestion.workspace_id == self.workspace_id,
                DiagnosisQuestion.answer.is_not_distinct_from(question.answer),
                DiagnosisQuestion.comment == question.comment,
            )
            .values(answer=answer, comment=comment, answered_by_id=answered_by_id, answered_at=utcnow())
        )
        return changed.rowcount == 1

    def unanswered_diagnosis_questions(self) -> list[DiagnosisQuestion]:
        """Questions with no answer and no reminder yet whose step still waits for them."""
        return list(
            self.session.exec(
                select(DiagnosisQuestion)
                .join(
                    DiagnosisStep,
                    (DiagnosisStep.diagnosis_id == DiagnosisQuestion.diagnosis_id)
                    & (DiagnosisStep.step == DiagnosisQuestion.step),
                )
                .join(Diagnosis, Diagnosis.id == DiagnosisQuestion.diagnosis_id)
                .where(
                    DiagnosisQuestion.workspace_id == self.workspace_id,
                    DiagnosisStep.workspace_id == self.workspace_id,
                    Diagnosis.workspace_id == self.workspace_id,
                    DiagnosisQuestion.answered_at.is_(None),
                    DiagnosisQuestion.reminded_at.is_(None),
                    DiagnosisStep.mark == ASK_DEPARTMENT,
                    Diagnosis.state == STEP,
                )
                .order_by(DiagnosisQuestion.id)
            ).all()
        )

    def claim_question_reminder(self, question_id: int, at: datetime) -> bool:
        """True for the one caller whose UPDATE set ``reminded_at``: a question is reminded once."""
        claimed = self.session.connection().execute(
            update(DiagnosisQuestion)
            .where(
                DiagnosisQuestion.id == question_id,
                DiagnosisQuestion.workspace_id == self.workspace_id,
                DiagnosisQuestion.reminded_at.is_(None),
                DiagnosisQuestion.answered_at.is_(None),
            )
            .values(reminded_at=at)
        )
        return claimed.rowcount == 1


def workspaces_with_open_questions(engine: Engine) -> list[str]:
    """The Slack team ids of the workspaces with a department question unanswered and unreminded."""
    unanswered = select(DiagnosisQuestion.workspace_id).where(
        DiagnosisQuestion.answered_at.is_(None), DiagnosisQuestion.reminded_at.is_(None)
    )
    return team_ids_where(engine, Workspace.id.in_(unanswered))


# -- the scheduler's side: follow-ups ----------------------------------------------------------------


def workspaces_with_follow_ups(engine: Engine, through: date) -> list[str]:
    """The Slack team ids of the workspaces with a follow-up due by ``through`` and not sent."""
    due = select(Diagnosis.workspace_id).where(
        Diagnosis.state == CONCLUDED,
        Diagnosis.follow_up_sent_at.is_(None),
        Diagnosis.follow_up_on <= through,
    )
    return team_ids_where(engine, Workspace.id.in_(due))


def claim_follow_up(engine: Engine, diagnosis_id: int, *, at: datetime) -> bool:
    """Marks the follow-up sent, in its own committed transaction, unless it was already: only
    the runner whose UPDATE matched sends it."""
    with session_scope(engine) as session:
        claimed = session.connection().execute(
            update(Diagnosis)
            .where(Diagnosis.id == diagnosis_id, Diagnosis.follow_up_sent_at.is_(None))
            .values(follow_up_sent_at=at)
        )
        return claimed.rowcount == 1
