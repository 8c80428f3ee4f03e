"""Persistence: SQLModel tables, engine and sessions, workspace-scoped queries, migrations."""
