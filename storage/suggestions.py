"""Suggested diagnoses (``salesbot.suggestions``): the goals worth suggesting, who was told of
which, and the scheduler's claims.

``SuggestionQueries`` is mixed into ``storage.store.Store`` and, like every Store query, filters
by the store's workspace. A suggestion is claimed by inserting its (goal, reason, manager) row
under a unique key, in its own committed transaction, before the DM is sent: only the runner
whose insert went in sends it.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from sqlalchemy import and_, or_, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from salesbot.suggestions import ClaimKey
from salesbot.teams import MANAGER
from storage.db import session_scope, team_ids_where
from storage.models import (
    Diagnosis,
    DiagnosisSuggestion,
    Goal,
    Person,
    TeamMembership,
    Workspace,
    utcnow,
)


class SuggestionQueries:
    session: Session
    workspace_id: int

    def suggestable_goals(self, *, today: date, missed_since: date) -> list[Goal]:
        """Person goals open and running on ``today``, and person and team goals missed whose
        period ended on or after ``missed_since`` (``ix_goal_workspace_period``)."""
        running = and_(
            Goal.scope == "person",
            Goal.status == "open",
            Goal.period_start <= today,
            Goal.period_end >= today,
        )
        missed = and_(
            Goal.scope.in_(("person", "team")),
            Goal.status == "missed",
            Goal.period_end >= missed_since,
        )
        return list(
            self.session.exec(
                select(Goal)
                .where(Goal.workspace_id == self.workspace_id, Goal.period_end >= missed_since)
                .where(or_(running, missed))
                .order_by(Goal.id)
            ).all()
        )

    def diagnosed_subjects(self, period_keys: Collection[str]) -> set[tuple[str, int, str]]:
        """(scope, person or team id, period key) of every diagnosis, open or concluded, of those
        periods."""
        if not period_keys:
            return set()
        rows = self.session.exec(
            select(Diagnosis.scope, Diagnosis.person_id, Diagnosis.team_id, Diagnosis.period_key).where(
                Diagnosis.workspace_id == self.workspace_id, Diagnosis.period_key.in_(sorted(period_keys))
            )
        ).all()
        return {(scope, person_id or team_id, key) for scope, person_id, team_id, key in rows}

    def suggestions_claimed(self, goal_ids: Collection[int]) -> set[ClaimKey]:
        """(goal, reason, manager) of the suggestions of those goals already claimed."""
        if not goal_ids:
            return set()
        rows = self.session.exec(
            select(
                DiagnosisSuggestion.goal_id, DiagnosisSuggestion.reason, DiagnosisSuggestion.person_id
            ).where(
                DiagnosisSuggestion.workspace_id == self.workspace_id,
                DiagnosisSuggestion.goal_id.in_(sorted(set(goal_ids))),
            )
        ).all()
        return {(goal_id, reason, person_id) for goal_id, reason, person_id in rows}

    def team_managers(self, team_id: int) -> list[Person]:
        """A team's managers, by name."""
        return list(
            self.session.exec(
                select(Person)
                .join(TeamMembership, TeamMembership.person_id == Person.id)
                .where(
                    TeamMembership.workspace_id == self.workspace_id,
                    TeamMembership.team_id == team_id,
                    TeamMembership.role == MANAGER,
                )
                .order_by(Person.name, Person.id)
            ).all()
        )


# -- the scheduler's side ------------------------------------------------------------------------


def workspaces_with_goals_since(engine: Engine, since: date) -> list[str]:
    """The Slack team ids of the workspaces with a person or team goal ending on or after ``since``."""
    goals = select(Goal.workspace_id).where(Goal.scope.in_(("person", "team")), Goal.period_end >= since)
    return team_ids_where(engine, Workspace.id.in_(goals))


def claim_suggestions(
    engine: Engine, workspace_id: int, keys: Sequence[ClaimKey], *, claimed_by: str
) -> dict[ClaimKey, int]:
    """Inserts the claims in one committed transaction (``ON CONFLICT DO NOTHING`` on their
    unique key); the ids of those this call inserted, by key. A key left out was claimed before."""
    if not keys:
        return {}
    stamp = utcnow()
    rows = [
        {
            "workspace_id": workspace_id,
            "goal_id": goal_id,
            "reason": reason,
            "person_id": person_id,
            "status": "claimed",
            "claimed_by": claimed_by[:80],
            "created_at": stamp,
            "updated_at": stamp,
        }
        for goal_id, reason, person_id in dict.fromkeys(keys)
    ]
    with session_scope(engine) as session:
        insert = postgresql_insert if engine.dialect.name == "postgresql" else sqlite_insert
        statement = (
            insert(DiagnosisSuggestion)
            .values(rows)
            .on_conflict_do_nothing(index_elements=["goal_id", "reason", "person_id"])
            .returning(
                DiagnosisSuggestion.id,
                DiagnosisSuggestion.goal_id,
                DiagnosisSuggestion.reason,
                DiagnosisSuggestion.person_id,
            )
        )
        # Only the rows this statement inserted come back.
        return {(row[1], row[2], row[3]): row[0] for row in session.connection().execute(statement).all()}


def finish_suggestions(
    engine: Engine, ids: Collection[int], *, status: str, error: str | None = None
) -> None:
    """Records how the DM carrying these claims went: ``sent`` or ``failed`` (not retried)."""
    if not ids:
        return
    with session_scope(engine) as session:
        session.exec(
            update(DiagnosisSuggestion)
            .where(DiagnosisSuggestion.id.in_(sorted(ids)))
            .values(status=status, error=error[:200] if error else None, updated_at=utcnow())
        )
