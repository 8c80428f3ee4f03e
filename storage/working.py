"""Workspace-scoped queries for win stories, techniques and the what's-working report, mixed
into `storage.store.Store`.

Methods use ``self.session`` and ``self.workspace_id``; every query filters by the workspace.
The report's figures are aggregates in SQL: sales summed over the covering index
``ix_sale_progress``, feedback counted over ``ix_feedback_figures``, techniques through
``ix_win_story_technique_rank``; never a loop over rows in Python.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from datetime import date
from decimal import Decimal

from sqlalchemy import delete, func
from sqlmodel import Session, select

from salesbot.teams import MEMBER
from salesbot.working import CustomerComment, ProductSum, TechniqueSum
from storage.db import insert_unless_present
from storage.models import Feedback, Sale, TeamMembership, Technique, WinStory, WinStoryTechnique, utcnow


class WorkingQueries:
    session: Session
    workspace_id: int

    # -- techniques -------------------------------------------------------------------------
    def techniques(self) -> list[Technique]:
        return list(
            self.session.exec(
                select(Technique).where(Technique.workspace_id == self.workspace_id).order_by(Technique.id)
            ).all()
        )

    def seed_techniques(self, keys: Sequence[str]) -> None:
        """The default techniques; two first requests racing each other write them once."""
        for key in keys:
            insert_unless_present(
                self.session,
                Technique,
                {
                    "workspace_id": self.workspace_id,
                    "key": key,
                    "label": "",
                    "active": True,
                    "created_at": utcnow(),
                },
                unique=["workspace_id", "key"],
            )

    def add_technique(self, *, key: str, label: str) -> Technique:
        technique = Technique(workspace_id=self.workspace_id, key=key, label=label)
        self.session.add(technique)
        self.session.flush()
        return technique

    def technique_in_use(self, technique_id: int) -> bool:
        return (
            self.session.exec(
                select(WinStoryTechnique.story_id)
                .where(
                    WinStoryTechnique.workspace_id == self.workspace_id,
                    WinStoryTechnique.technique_id == technique_id,
                )
                .limit(1)
            ).first()
            is not None
        )

    def delete_technique(self, technique_id: int) -> None:
        self.session.exec(
            delete(Technique).where(Technique.workspace_id == self.workspace_id, Technique.id == technique_id)
        )

    # -- win stories ------------------------------------------------------------------------
    def win_story_for_sale(self, sale_id: int) -> WinStory | None:
        return self.session.exec(
            select(WinStory).where(WinStory.workspace_id == self.workspace_id, WinStory.sale_id == sale_id)
        ).first()

    def story_technique_ids(self, story_id: int) -> list[int]:
        return list(
            self.session.exec(
                select(WinStoryTechnique.technique_id)
                .where(
                    WinStoryTechnique.workspace_id == self.workspace_id,
                    WinStoryTechnique.story_id == story_id,
                )
                .order_by(WinStoryTechnique.technique_id)
            ).all()
        )

    def save_win_story(
        self, *, sale, note: str, technique_ids: Collection[int], actor_id: int
    ) -> tuple[WinStory, bool]:
        """The sale's story with ``note`` and exactly ``technique_ids``; True when it is new."""
        story = self.win_story_for_sale(sale.id)
        created = story is None
        if story is None:
            story = WinStory(
                workspace_id=self.workspace_id,
                sale_id=sale.id,
                person_id=sale.person_id,
                created_by_id=actor_id,
            )
        story.note = note
        story.person_id = sale.person_id
        story.updated_at = utcnow()
        self.session.add(story)
        self.session.flush()
        self.session.exec(delete(WinStoryTechnique).where(WinStoryTechnique.story_id == story.id))
        for technique_id in technique_ids:
            self.session.add(
                WinStoryTechnique(
                    story_id=story.id, technique_id=technique_id, workspace_id=self.workspace_id
                )
            )
        self.session.flush()
        return story, created

    # -- the report -------------------------------------------------------------------------
    def _team_people(self, team_id: int):
        return select(TeamMembership.person_id).where(
            TeamMembership.workspace_id == self.workspace_id,
            TeamMembership.team_id == team_id,
            TeamMembership.role == MEMBER,
        )

    def product_sums(self, start: date, end: date, team_id: int | None = None) -> list[ProductSum]:
        """Revenue and deals per product of the sales ordered in [start, end], lost ones aside."""
        query = (
            select(Sale.product_id, func.coalesce(func.sum(Sale.amount), 0), func.count())
            .where(
                Sale.workspace_id == self.workspace_id,
                Sale.ordered_on >= start,
                Sale.ordered_on <= end,
                Sale.lost_on.is_(None),
            )
            .group_by(Sale.product_id)
        )
        if team_id is not None:
            query = query.where(Sale.person_id.in_(self._team_people(team_id)))
        return [
            ProductSum(product_id, Decimal(amount), int(deals))
            for product_id, amount, deals in self.session.exec(query).all()
        ]

    def technique_sums(self, start: date, end: date, team_id: int | None = None) -> list[TechniqueSum]:
        """Per technique: the win stories naming it whose sale was ordered in [start, end] and
        not lost, and the value of those sales."""
        query = (
            select(WinStoryTechnique.technique_id, func.count(), func.coalesce(func.sum(Sale.amount), 0))
            .join(WinStory, WinStory.id == WinStoryTechnique.story_id)
            .join(Sale, Sale.id == WinStory.sale_id)
            .where(
                WinStoryTechnique.workspace_id == self.workspace_id,
                Sale.workspace_id == self.workspace_id,
                Sale.ordered_on >= start,
                Sale.ordered_on <= end,
                Sale.lost_on.is_(None),
            )
            .group_by(WinStoryTechnique.technique_id)
        )
        if team_id is not None:
            query = query.where(Sale.person_id.in_(self._team_people(team_id)))
        return [
            TechniqueSum(technique_id, int(wins), Decimal(value))
            for technique_id, wins, value in self.session.exec(query).all()
        ]

    def _feedback_in(self, start: date, end: date, scale: str, team_id: int | None):
        conditions = [
            Feedback.workspace_id == self.workspace_id,
            Feedback.given_on >= start,
            Feedback.given_on <= end,
            Feedback.scale == scale,
        ]
        if team_id is not None:
            conditions.append(Feedback.person_id.in_(self._team_people(team_id)))
        return conditions

    def stage_scores(
        self, start: date, end: date, scale: str, team_id: int | None = None
    ) -> dict[str, dict[int, int]]:
        """How many answers on ``scale`` gave each score, per stage, in [start, end]."""
        query = (
            select(Feedback.stage, Feedback.score, func.count())
            .where(*self._feedback_in(start, end, scale, team_id))
            .group_by(Feedback.stage, Feedback.score)
        )
        scores: dict[str, dict[int, int]] = defaultdict(dict)
        for stage, score, count in self.session.exec(query).all():
            scores[stage][score] = int(count)
        return dict(scores)

    def best_comments(
        self,
        start: date,
        end: date,
        scale: str,
        *,
        team_id: int | None = None,
        about: Collection[int] | None = None,
        limit: int = 3,
    ) -> list[CustomerComment]:
        """The highest-scored answers with a comment, newest first among equals; ``about``: only
        those about these reps (None: anyone's)."""
        query = select(
            Feedback.score,
            Feedback.comment,
            Feedback.customer,
            Feedback.stage,
            Feedback.person_id,
            Feedback.given_on,
        ).where(*self._feedback_in(start, end, scale, team_id), Feedback.comment != "")
        if about is not None:
            if not about:
                return []
            query = query.where(Feedback.person_id.in_(sorted(about)))
        query = query.order_by(Feedback.score.desc(), Feedback.given_on.desc(), Feedback.id.desc()).limit(
            limit
        )
        return [CustomerComment(*row) for row in self.session.exec(query).all()]
