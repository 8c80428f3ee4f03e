"""Reading what salesbot showed, as a person would; shared by the end-to-end tests."""

from __future__ import annotations

from sqlmodel import Session, select


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


def rows(db, model):
    with Session(db) as session:
        return session.exec(select(model)).all()
