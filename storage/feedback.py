"""Workspace-scoped customer feedback queries, mixed into `storage.store.Store`.

Methods use ``self.session`` and ``self.workspace_id``; every query filters by the workspace.
"""

from __future__ import annotations

from sqlmodel import Session

from storage.models import Feedback


class FeedbackQueries:
    session: Session
    workspace_id: int

    def add_feedback(self, **fields: object) -> Feedback:
        answer = Feedback(workspace_id=self.workspace_id, **fields)
        self.session.add(answer)
        self.session.flush()
        return answer

    def feedback(self, feedback_id: int) -> Feedback | None:
        answer = self.session.get(Feedback, feedback_id)
        return answer if answer is not None and answer.workspace_id == self.workspace_id else None
