"""Workspace-scoped queries for the customer segment list, mixed into `storage.store.Store`.

Methods use ``self.session`` and ``self.workspace_id``; every query filters by the workspace.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete
from sqlmodel import Session, select

from storage.db import insert_unless_present
from storage.models import Sale, Segment, utcnow


class SegmentQueries:
    session: Session
    workspace_id: int

    def segments(self) -> list[Segment]:
        return list(
            self.session.exec(
                select(Segment).where(Segment.workspace_id == self.workspace_id).order_by(Segment.id)
            ).all()
        )

    def seed_segments(self, keys: Sequence[str]) -> None:
        """The default segments; two first requests racing each other write them once."""
        for key in keys:
            insert_unless_present(
                self.session,
                Segment,
                {
                    "workspace_id": self.workspace_id,
                    "key": key,
                    "label": "",
                    "active": True,
                    "created_at": utcnow(),
                },
                unique=["workspace_id", "key"],
            )

    def add_segment(self, *, key: str, label: str) -> Segment:
        segment = Segment(workspace_id=self.workspace_id, key=key, label=label)
        self.session.add(segment)
        self.session.flush()
        return segment

    def segment_in_use(self, segment_id: int) -> bool:
        return (
            self.session.exec(
                select(Sale.id)
                .where(Sale.workspace_id == self.workspace_id, Sale.segment_id == segment_id)
                .limit(1)
            ).first()
            is not None
        )

    def delete_segment(self, segment_id: int) -> None:
        self.session.exec(
            delete(Segment).where(Segment.workspace_id == self.workspace_id, Segment.id == segment_id)
        )
