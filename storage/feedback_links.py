"""Links to the feedback page, mixed into `storage.store.Store`; and, before any store exists,
which workspace a link belongs to (the page's URL carries only the token).

Methods use ``self.session`` and ``self.workspace_id``; every query filters by the workspace.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, select

from storage.models import FeedbackLink


def feedback_link_workspace_id(session: Session, token_hash: str) -> int | None:
    """The workspace of the link with ``token_hash``: the page's way in, as a Slack request's
    team id is the app's. Everything after it goes through that workspace's ``Store``."""
    return session.exec(
        select(FeedbackLink.workspace_id).where(FeedbackLink.token_hash == token_hash)
    ).first()


class FeedbackLinkQueries:
    session: Session
    workspace_id: int

    def add_feedback_link(self, **fields: object) -> FeedbackLink:
        link = FeedbackLink(workspace_id=self.workspace_id, **fields)
        self.session.add(link)
        self.session.flush()
        return link

    def feedback_link_by_hash(self, token_hash: str) -> FeedbackLink | None:
        return self.session.exec(
            select(FeedbackLink).where(
                FeedbackLink.workspace_id == self.workspace_id, FeedbackLink.token_hash == token_hash
            )
        ).first()

    def use_feedback_link(self, link_id: int, at: datetime) -> bool:
        """Marks the link used unless it already is: True for the one caller that did.

        A conditional update, so of two submissions at once only one matches: PostgreSQL makes
        the second wait for the first's commit and then finds ``used_at`` set; SQLite lets one
        writer at a time."""
        result = self.session.execute(
            update(FeedbackLink)
            .where(
                FeedbackLink.workspace_id == self.workspace_id,
                FeedbackLink.id == link_id,
                FeedbackLink.used_at.is_(None),
            )
            .values(used_at=at)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1
