"""Workspace-scoped progress queries, mixed into `storage.store.Store`.

Methods use ``self.session`` and ``self.workspace_id``; every query filters by the workspace.
"""

from __future__ import annotations


class ProgressQueries:
    session: object
    workspace_id: int
