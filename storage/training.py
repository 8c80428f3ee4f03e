"""The training library, assignments and completions; the reminders' claims.

``TrainingQueries`` is mixed into ``storage.store.Store`` and, like every Store query, filters by
the store's workspace. The module functions below it are the scheduler's: it serves every
workspace, so ``workspaces_with_training`` reads across them on purpose, and the reminders' claims
(a batch at a time, each reminder under its unique key) and their outcomes are short
transactions of their own, the claims committed before anything is sent to Slack.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sqlalchemy import func, or_, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from salesbot.teams import MEMBER
from salesbot.training import topic_of
from storage.db import session_scope, team_ids_where
from storage.models import (
    TeamMembership,
    TrainingAssignment,
    TrainingCompletion,
    TrainingItem,
    TrainingReminder,
    Workspace,
    utcnow,
)


class TrainingQueries:
    session: Session
    workspace_id: int

    # -- the library --------------------------------------------------------------------------
    def training_item(self, item_id: int) -> TrainingItem | None:
        item = self.session.get(TrainingItem, item_id)
        return item if item is not None and item.workspace_id == self.workspace_id else None

    def training_item_by_title(self, title: str) -> TrainingItem | None:
        return self.session.exec(
            select(TrainingItem).where(
                TrainingItem.workspace_id == self.workspace_id,
                TrainingItem.title_key == " ".join(title.split()).casefold(),
            )
        ).first()

    def training_titles(self) -> list[str]:
        return list(
            self.session.exec(
                select(TrainingItem.title)
                .where(TrainingItem.workspace_id == self.workspace_id, TrainingItem.active.is_(True))
                .order_by(TrainingItem.title_key)
            ).all()
        )

    def _library(self, words: Sequence[str]) -> list:
        conditions = [TrainingItem.workspace_id == self.workspace_id, TrainingItem.active.is_(True)]
        for word in words:
            pattern = f"%{word.casefold()}%"
            conditions.append(
                or_(
                    TrainingItem.title_key.like(pattern),
                    func.lower(TrainingItem.content).like(pattern),
                    TrainingItem.topic.like(pattern),
                    # A topic in either language: "teknikk" finds the technique items.
                    TrainingItem.topic == (topic_of(word) or ""),
                )
            )
        return conditions

    def training_items(
        self, words: Sequence[str] = (), *, limit: int = 10, offset: int = 0
    ) -> list[TrainingItem]:
        return list(
            self.session.exec(
                select(TrainingItem)
                .where(*self._library(words))
                .order_by(TrainingItem.title_key, TrainingItem.id)
                .offset(offset)
                .limit(limit)
            ).all()
        )

    def count_training_items(self, words: Sequence[str] = ()) -> int:
        return self.session.exec(
            select(func.count()).select_from(TrainingItem).where(*self._library(words))
        ).one()

    def add_training_item(self, **fields: object) -> TrainingItem:
        item = TrainingItem(workspace_id=self.workspace_id, **fields)
        self.session.add(item)
        self.session.flush()
        return item

    def save_training_item(self, item: TrainingItem) -> TrainingItem:
        if item.workspace_id != self.workspace_id:
            raise ValueError("training item belongs to another workspace")
        item.updated_at = utcnow()
        self.session.add(item)
        self.session.flush()
        return item

    # -- assignments ----------------------------------------------------------------------------
    def add_training_assignment(self, **fields: object) -> TrainingAssignment:
        assignment = TrainingAssignment(workspace_id=self.workspace_id, **fields)
        self.session.add(assignment)
        self.session.flush()
        return assignment

    def training_assignment(self, assignment_id: int) -> TrainingAssignment | None:
        row = self.session.get(TrainingAssignment, assignment_id)
        return row if row is not None and row.workspace_id == self.workspace_id else None

    def assignments_for(
        self, person_ids: Collection[int]
    ) -> list[tuple[int, TrainingAssignment, TrainingItem]]:
        """(person id, assignment, item) of the active assignments of active items that each
        person has: their own, and those of the teams they are members of now."""
        person_ids = sorted(set(person_ids))
        if not person_ids:
            return []
        active = (
            TrainingAssignment.workspace_id == self.workspace_id,
            TrainingAssignment.active.is_(True),
            TrainingItem.active.is_(True),
        )
        own = self.session.exec(
            select(TrainingAssignment.person_id, TrainingAssignment, TrainingItem)
            .join(TrainingItem, TrainingItem.id == TrainingAssignment.item_id)
            .where(*active, TrainingAssignment.person_id.in_(person_ids))
        ).all()
        by_team = self.session.exec(
            select(TeamMembership.person_id, TrainingAssignment, TrainingItem)
            .join(TrainingItem, TrainingItem.id == TrainingAssignment.item_id)
            .join(TeamMembership, TeamMembership.team_id == TrainingAssignment.team_id)
            .where(
                *active,
                TeamMembership.workspace_id == self.workspace_id,
                TeamMembership.role == MEMBER,
                TeamMembership.person_id.in_(person_ids),
            )
        ).all()
        return sorted([*own, *by_team], key=lambda row: (row[0], row[1].id))

    def directly_assigned_person_ids(self) -> set[int]:
        return set(
            self.session.exec(
                select(TrainingAssignment.person_id).where(
                    TrainingAssignment.workspace_id == self.workspace_id,
                    TrainingAssignment.active.is_(True),
                    TrainingAssignment.person_id.is_not(None),
                )
            ).all()
        )

    # -- completions ------------------------------------------------------------------------------
    def training_completions(
        self, assignment_ids: Collection[int], person_ids: Collection[int]
    ) -> list[TrainingCompletion]:
        if not assignment_ids or not person_ids:
            return []
        return list(
            self.session.exec(
                select(TrainingCompletion).where(
                    TrainingCompletion.workspace_id == self.workspace_id,
                    TrainingCompletion.assignment_id.in_(sorted(set(assignment_ids))),
                    TrainingCompletion.person_id.in_(sorted(set(person_ids))),
                )
            ).all()
        )

    def record_training_completion(self, **fields: object) -> bool:
        """True when this call recorded it; False when it was recorded already (a double click,
        a Slack retry, two processes at once: the unique key lets one in). In a savepoint, so a
        duplicate leaves the request's transaction usable."""
        try:
            with self.session.begin_nested():
                self.session.add(TrainingCompletion(workspace_id=self.workspace_id, **fields))
            return True
        except IntegrityError:
            return False


# -- the scheduler's side: every workspace ---------------------------------------------------------


def workspaces_with_training(engine: Engine) -> list[str]:
    """The Slack team ids of the workspaces that have an active assignment."""
    active = select(TrainingAssignment.workspace_id).where(TrainingAssignment.active.is_(True))
    return team_ids_where(engine, Workspace.id.in_(active))


@dataclass(frozen=True)
class ReminderKey:
    """One reminder's claim key: one occurrence of one assignment for one person, of one kind."""

    assignment_id: int
    person_id: int
    occurrence: int
    kind: str


def claim_reminders(
    engine: Engine, workspace_id: int, keys: Sequence[ReminderKey], *, claimed_by: str
) -> dict[ReminderKey, int]:
    """Inserts the reminders in one committed transaction (``ON CONFLICT DO NOTHING`` on their
    unique key); the ids of those this call inserted, by key. A key left out was claimed
    before: another runner has it, or it was sent already."""
    if not keys:
        return {}
    stamp = utcnow()
    rows = [
        {
            "workspace_id": workspace_id,
            "assignment_id": key.assignment_id,
            "person_id": key.person_id,
            "occurrence": key.occurrence,
            "kind": key.kind,
            "status": "claimed",
            "claimed_by": claimed_by[:80],
            "created_at": stamp,
            "updated_at": stamp,
        }
        for key in dict.fromkeys(keys)
    ]
    with session_scope(engine) as session:
        insert = postgresql_insert if engine.dialect.name == "postgresql" else sqlite_insert
        statement = (
            insert(TrainingReminder)
            .values(rows)
            .on_conflict_do_nothing(index_elements=["assignment_id", "person_id", "occurrence", "kind"])
            .returning(
                TrainingReminder.id,
                TrainingReminder.assignment_id,
                TrainingReminder.person_id,
                TrainingReminder.occurrence,
                TrainingReminder.kind,
            )
        )
        # Only the rows this statement inserted come back.
        return {ReminderKey(*row[1:]): row[0] for row in session.connection().execute(statement).all()}


def claim_reminder(
    engine: Engine,
    *,
    workspace_id: int,
    assignment_id: int,
    person_id: int,
    occurrence: int,
    kind: str,
    claimed_by: str,
) -> int | None:
    """One reminder's claim (``claim_reminders``): its id, or None when it was claimed before."""
    key = ReminderKey(assignment_id, person_id, occurrence, kind)
    return claim_reminders(engine, workspace_id, [key], claimed_by=claimed_by).get(key)


def claimed_reminders(engine: Engine, workspace_id: int, person_ids: Collection[int]) -> set[tuple]:
    """(assignment, person, occurrence, kind) of the reminders already claimed, to skip early."""
    if not person_ids:
        return set()
    with session_scope(engine) as session:
        rows = session.exec(
            select(
                TrainingReminder.assignment_id,
                TrainingReminder.person_id,
                TrainingReminder.occurrence,
                TrainingReminder.kind,
            ).where(
                TrainingReminder.workspace_id == workspace_id,
                TrainingReminder.person_id.in_(sorted(set(person_ids))),
            )
        ).all()
        return {tuple(row) for row in rows}


def finish_reminder(engine: Engine, reminder_id: int, *, status: str, error: str | None = None) -> None:
    with session_scope(engine) as session:
        session.exec(
            update(TrainingReminder)
            .where(TrainingReminder.id == reminder_id)
            .values(status=status, error=error[:200] if error else None, updated_at=utcnow())
        )


def finish_reminders(engine: Engine, outcomes: Sequence[tuple[int, str, str | None]]) -> None:
    """Records how each claimed reminder went, ``(id, status, error)``, in one transaction."""
    groups: dict[tuple[str, str | None], list[int]] = {}
    for reminder_id, status, error in outcomes:
        groups.setdefault((status, error[:200] if error else None), []).append(reminder_id)
    stamp = utcnow()
    with session_scope(engine) as session:
        for (status, error), ids in groups.items():
            session.exec(
                update(TrainingReminder)
                .where(TrainingReminder.id.in_(ids))
                .values(status=status, error=error, updated_at=stamp)
            )
