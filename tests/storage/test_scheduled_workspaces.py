"""Where the scheduled jobs look for work (storage.db.team_ids_where): installed workspaces that
have some, in a stable order; a workspace that uninstalled has no token to send with."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session

from storage.diagnosis import workspaces_with_open_questions
from storage.models import Workspace
from storage.recognition import workspaces_with_announcement_channel
from storage.store import get_or_create_workspace


def test_only_installed_workspaces_with_work_are_found_in_order(db):
    with Session(db) as session:
        one, two, gone = (
            get_or_create_workspace(session, slack_team_id=t) for t in ("T0ONE", "T0TWO", "T0GONE")
        )
        for workspace in (one, two, gone):
            workspace.announcement_channel = "C0SALG"
        one.announcement_channel = None
        gone.uninstalled_at = datetime(2026, 12, 1, tzinfo=UTC)
        session.add_all([one, two, gone])
        session.commit()
    assert workspaces_with_announcement_channel(db) == ["T0TWO"]
    assert workspaces_with_open_questions(db) == []


def test_the_uninstalled_are_left_out_whatever_work_they_have(db):
    with Session(db) as session:
        gone = get_or_create_workspace(session, slack_team_id="T0GONE")
        gone.announcement_channel = "C0SALG"
        session.add(gone)
        session.commit()
        assert workspaces_with_announcement_channel(db) == ["T0GONE"]
        gone = session.get(Workspace, gone.id)
        gone.uninstalled_at = datetime(2026, 12, 1, tzinfo=UTC)
        session.add(gone)
        session.commit()
    assert workspaces_with_announcement_channel(db) == []
