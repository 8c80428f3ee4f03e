"""Goal buttons: open the goal form, and "Revise with reason" on a revision typed without one."""

from __future__ import annotations

from slack_bolt import App

from handlers import ids
from handlers.blocks.goals import build_revision_modal, read_revise_button
from handlers.commands.goals import open_goal_modal
from handlers.listeners import button
from handlers.runtime import Request
from salesbot import goals
from salesbot.errors import NotFound


def register(app: App) -> None:
    app.action(ids.OPEN_GOAL_MODAL)(button(open_goal_modal))
    app.action(ids.REVISE_GOAL)(button(lambda request: open_revision_modal(request, request.pressed.value)))


def open_revision_modal(request: Request, value: str) -> None:
    """The revision form with the new target filled in; nothing is written until it is submitted."""
    store = request.store
    goal_id, target = read_revise_button(value)
    goal = store.goal(goal_id)
    if goal is None:
        raise NotFound("goal.gone")
    subject = goals.subject_of(store, goal)
    goals.check_goal_rights(store, request.actor, subject)
    product = store.product_by_id(goal.product_id) if goal.product_id else None
    view = build_revision_modal(request.fmt, goal, subject, product, target)
    request.client.views_open(trigger_id=request.trigger_id, view=view)
