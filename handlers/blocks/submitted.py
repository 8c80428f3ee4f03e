"""Reading what a submitted view holds: the value of each input block, as Slack sends it in
``view.state.values`` (block id → action id → the element's state)."""

from __future__ import annotations

from datetime import date


def state(values: dict, block_id: str) -> dict:
    """The state of the one element in ``block_id`` (empty when the form has no such block)."""
    return next(iter(values.get(block_id, {}).values()), {})


def text(values: dict, block_id: str) -> str:
    return (state(values, block_id).get("value") or "").strip()


def choice(values: dict, block_id: str) -> str | None:
    """The chosen option's value of a select or radio buttons."""
    return (state(values, block_id).get("selected_option") or {}).get("value")


def day(values: dict, block_id: str) -> date | None:
    chosen = state(values, block_id).get("selected_date")
    return date.fromisoformat(chosen) if chosen else None


def user(values: dict, block_id: str) -> str | None:
    return state(values, block_id).get("selected_user")
