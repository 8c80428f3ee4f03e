"""Workspace-scoped customer feedback queries, mixed into `storage.store.Store`.

Methods use ``self.session`` and ``self.workspace_id``; every query filters by the workspace.
Figures are counted in SQL (GROUP BY on the covering index ``ix_feedback_figures``): the domain gets
how many gave each score per product, stage, rep or team, never the answers one by one.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, date, datetime

from sqlalchemy import false, func, null, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, or_, select

from salesbot.feedback import BY_PERSON, BY_PRODUCT, BY_STAGE, BY_TEAM
from salesbot.teams import MANAGER, MEMBER
from storage.models import Feedback, FeedbackRequest, Person, TeamMembership

_GROUPS = {
    BY_PRODUCT: Feedback.product_id,
    BY_STAGE: Feedback.stage,
    BY_PERSON: Feedback.person_id,
    BY_TEAM: TeamMembership.team_id,
}


class FeedbackQueries:
    session: Session
    workspace_id: int

    # -- answers ------------------------------------------------------------------------
    def add_feedback(self, **fields: object) -> Feedback:
        answer = Feedback(workspace_id=self.workspace_id, **fields)
        self.session.add(answer)
        self.session.flush()
        return answer

    def feedback(self, feedback_id: int) -> Feedback | None:
        answer = self.session.get(Feedback, feedback_id)
        return answer if answer is not None and answer.workspace_id == self.workspace_id else None

    def save_feedback(self, answer: Feedback) -> Feedback:
        if answer.workspace_id != self.workspace_id:
            raise ValueError("feedback belongs to another workspace")
        answer.updated_at = datetime.now(UTC)
        self.session.add(answer)
        self.session.flush()
        return answer

    def claim_low_alert(self, feedback_id: int) -> bool:
        """True once per answer: the first to mark it alerted. A conditional UPDATE, so two
        requests changing the same vote at once cannot both claim it."""
        result = self.session.execute(
            update(Feedback)
            .where(
                Feedback.workspace_id == self.workspace_id,
                Feedback.id == feedback_id,
                Feedback.low_alerted_at.is_(None),
            )
            .values(low_alerted_at=datetime.now(UTC))
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1

    # -- rating messages ----------------------------------------------------------------
    def add_feedback_request(self, **fields: object) -> FeedbackRequest:
        request = FeedbackRequest(workspace_id=self.workspace_id, **fields)
        self.session.add(request)
        self.session.flush()
        return request

    def feedback_request(self, request_id: int) -> FeedbackRequest | None:
        request = self.session.get(FeedbackRequest, request_id)
        return request if request is not None and request.workspace_id == self.workspace_id else None

    def feedback_request_posted(self, request_id: int, message_ts: str) -> None:
        request = self.feedback_request(request_id)
        if request is not None:
            request.message_ts = message_ts
            self.session.add(request)
            self.session.flush()

    def vote_feedback(
        self, request: FeedbackRequest, voter: str, score: int, **fields: object
    ) -> tuple[Feedback, int | None]:
        """The voter's one answer to ``request`` with ``score``, and the score it had before (None:
        a new vote). Two first presses at once cannot make two answers: the second insert meets
        the unique (request, voter) constraint in its savepoint and changes the first's row."""
        existing = self._vote(request.id, voter)
        if existing is None:
            try:
                with self.session.begin_nested():
                    answer = Feedback(
                        workspace_id=self.workspace_id,
                        request_id=request.id,
                        voter=voter,
                        score=score,
                        **fields,
                    )
                    self.session.add(answer)
                return answer, None
            except IntegrityError:
                existing = self._vote(request.id, voter)
                if existing is None:
                    raise
        previous = existing.score
        existing.score = score
        existing.given_on = fields.get("given_on", existing.given_on)
        return self.save_feedback(existing), previous

    def _vote(self, request_id: int, voter: str) -> Feedback | None:
        return self.session.exec(
            select(Feedback)
            .where(
                Feedback.workspace_id == self.workspace_id,
                Feedback.request_id == request_id,
                Feedback.voter == voter,
            )
            .with_for_update()
        ).first()

    def count_votes(self, request_id: int) -> int:
        return self.session.exec(
            select(func.count())
            .select_from(Feedback)
            .where(Feedback.workspace_id == self.workspace_id, Feedback.request_id == request_id)
        ).one()

    # -- figures ------------------------------------------------------------------------
    def feedback_score_counts(
        self,
        by: str | None,
        *,
        scale: str,
        start: date,
        end: date,
        person_ids: Collection[int] | None = None,
        product_id: int | None = None,
    ) -> list[tuple[object, int, int]]:
        """(key, score, answers) for answers on ``scale`` given from ``start`` to ``end``: key is
        the product, stage, rep or team (``by``; None: everything together). By team, an answer
        counts for each team its rep is a member of."""
        key = _GROUPS[by] if by else None
        # Everything together: a constant key, so the count reads nothing but the index.
        columns = [key if key is not None else null(), Feedback.score, func.count()]
        query = select(*columns).where(*self._scope(scale, start, end, person_ids, product_id))
        if by == BY_TEAM:
            query = query.join(
                TeamMembership,
                (TeamMembership.person_id == Feedback.person_id)
                & (TeamMembership.workspace_id == Feedback.workspace_id)
                & (TeamMembership.role == MEMBER),
            )
        query = query.group_by(*([key] if key is not None else []), Feedback.score)
        return [
            (row[0] if key is not None else None, row[1], row[2]) for row in self.session.exec(query).all()
        ]

    def feedback_comments(
        self,
        *,
        scale: str,
        start: date,
        end: date,
        person_ids: Collection[int] | None = None,
        product_id: int | None = None,
        visible_to: Collection[int] | None = None,
        unassigned: bool = False,
        limit: int = 5,
    ) -> list[Feedback]:
        """The newest answers with a comment in the scope, about the reps in ``visible_to`` (None:
        anyone) and, with ``unassigned``, about no rep in particular."""
        query = select(Feedback).where(
            *self._scope(scale, start, end, person_ids, product_id), Feedback.comment != ""
        )
        if visible_to is not None:
            seen = Feedback.person_id.in_(list(visible_to)) if visible_to else false()
            query = query.where(or_(seen, Feedback.person_id.is_(None)) if unassigned else seen)
        query = query.order_by(Feedback.given_on.desc(), Feedback.id.desc()).limit(limit)
        return list(self.session.exec(query).all())

    def _scope(self, scale, start, end, person_ids, product_id) -> list:
        conditions = [
            Feedback.workspace_id == self.workspace_id,
            Feedback.given_on >= start,
            Feedback.given_on <= end,
            Feedback.scale == scale,
        ]
        if person_ids is not None:
            conditions.append(Feedback.person_id.in_(list(person_ids)) if person_ids else false())
        if product_id is not None:
            conditions.append(Feedback.product_id == product_id)
        return conditions

    # -- whom a low score is told ---------------------------------------------------------
    def managers_of(self, person_id: int) -> list[Person]:
        """The managers of the teams ``person_id`` is a member of, by name."""
        teams = (
            select(TeamMembership.team_id)
            .where(
                TeamMembership.workspace_id == self.workspace_id,
                TeamMembership.person_id == person_id,
                TeamMembership.role == MEMBER,
            )
            .scalar_subquery()
        )
        return list(
            self.session.exec(
                select(Person)
                .join(TeamMembership, TeamMembership.person_id == Person.id)
                .where(
                    TeamMembership.workspace_id == self.workspace_id,
                    TeamMembership.team_id.in_(teams),
                    TeamMembership.role == MANAGER,
                    Person.id != person_id,
                )
                .distinct()
                .order_by(Person.name)
            ).all()
        )

    def admin_people(self, configured_admins: Collection[str]) -> list[Person]:
        """The workspace's admins: by Slack, by configuration or by role."""
        return list(
            self.session.exec(
                select(Person)
                .where(
                    Person.workspace_id == self.workspace_id,
                    Person.deleted.is_(False),
                    Person.is_bot.is_(False),
                    or_(
                        Person.role == "admin",
                        Person.is_slack_admin.is_(True),
                        Person.is_slack_owner.is_(True),
                        Person.slack_user_id.in_(list(configured_admins) or [""]),
                    ),
                )
                .order_by(Person.name)
            ).all()
        )
