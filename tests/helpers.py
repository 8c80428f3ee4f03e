"""Reading what salesbot showed, as a person would; shared by the end-to-end tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

from sqlmodel import Session, select

from salesbot.goals import goal_key
from storage.models import Goal, Product
from storage.store import Store, find_workspace

# The repository: where ``bot.py`` is run from.
ROOT = Path(__file__).resolve().parents[1]


def shown(posted) -> str:
    """Everything a person reads in a message or view: its blocks' text, else the fallback."""
    parts: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") in ("plain_text", "mrkdwn") and isinstance(node.get("text"), str):
                parts.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(
        getattr(posted, "blocks", None) or (posted.view or {}).get("blocks", [])
        if hasattr(posted, "view")
        else posted
    )
    return "\n".join(parts) if parts else (getattr(posted, "text", None) or "")


def replies(slack, user=None) -> list[str]:
    """What the user was shown ephemerally, oldest first."""
    return [
        shown(p)
        for p in slack.fake.snapshot_posted()
        if p.kind == "ephemeral" and (user is None or p.user == user)
    ]


def last_reply(slack, user=None) -> str:
    found = replies(slack, user)
    assert found, f"no ephemeral reply; posted: {slack.fake.snapshot_posted()}"
    return found[-1]


def dms(slack, user) -> list[str]:
    return [shown(p) for p in slack.fake.snapshot_posted() if p.kind == "dm" and p.user == user]


@contextmanager
def data(db, team_id: str = "T0LOCAL") -> Iterator[Store]:
    """The workspace's store, committed at the end of the block."""
    with Session(db, expire_on_commit=False) as session:
        yield Store(session, find_workspace(session, slack_team_id=team_id))
        session.commit()


def rows(db, model):
    """Every row of ``model``, in the order written (PostgreSQL returns no order unless asked)."""
    query = select(model)
    if "id" in model.model_fields:
        query = query.order_by(model.id)
    with Session(db) as session:
        return session.exec(query).all()


def product_id(db, name: str) -> int:
    return next(p.id for p in rows(db, Product) if p.name == name)


def goal_row(store, target, *, period, scope="person", who=None, metric="revenue", product=None) -> Goal:
    """A goal written straight to the store, for tests about what is done with goals."""
    subject = who.id if who is not None else None
    row = Goal(
        workspace_id=store.workspace_id,
        scope=scope,
        person_id=subject if scope == "person" else None,
        team_id=subject if scope == "team" else None,
        metric=metric,
        period_kind=period.kind,
        period_key=period.key,
        period_start=period.start,
        period_end=period.end,
        product_id=product.id if product else None,
        target=Decimal(target),
        goal_key=goal_key(scope, subject, metric, period.key, product.id if product else None),
    )
    store.session.add(row)
    store.session.flush()
    return row


def open_modal(slack, user):
    """The modal opened for ``user`` (waiting for it)."""
    return slack.fake.wait_for_posted(lambda p: p.kind == "modal_open" and p.user == user)


def open_modal_of(slack, user):
    """The last modal opened for ``user``."""
    return [p for p in slack.fake.snapshot_posted() if p.kind == "modal_open" and p.user == user][-1]


def press(workspace, user, button: dict, **kwargs):
    """Click ``button`` (as ``buttons`` found it) as ``user``."""
    return workspace.click(
        user=user, action_id=button["action_id"], block_id=button["block_id"], value=button["value"], **kwargs
    )


def buttons(blocks) -> dict[str, dict]:
    """The buttons in ``blocks`` by action id (the last of each), with the id of their block."""
    return {
        element["action_id"]: {**element, "block_id": block.get("block_id")}
        for block in blocks
        if block["type"] == "actions"
        for element in block["elements"]
    }


def texts(node, kind: str) -> list[str]:
    """Every text object of ``kind`` (mrkdwn or plain_text) in blocks or a view."""
    found: list[str] = []
    if isinstance(node, dict):
        if node.get("type") == kind and isinstance(node.get("text"), str):
            found.append(node["text"])
        for value in node.values():
            found += texts(value, kind)
    elif isinstance(node, list):
        for value in node:
            found += texts(value, kind)
    return found
