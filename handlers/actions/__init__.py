"""Button listeners (block_actions) for the help menu and the App Home tab."""

from __future__ import annotations

from slack_bolt import App

from handlers import ids
from handlers.actions import digests, goals, progress, sales
from handlers.blocks.lists import build_product_list, build_team_list
from handlers.commands.registry import help_reply
from handlers.commands.settings import open_preferences, open_workspace_settings
from handlers.listeners import button
from handlers.runtime import Reply, Request
from salesbot.access import Role


def register(app: App) -> None:
    goals.register(app)
    digests.register(app)
    sales.register(app)
    progress.register(app)
    app.action(ids.OPEN_SETTINGS)(button(open_workspace_settings))
    app.action(ids.OPEN_PREFERENCES)(button(open_preferences))
    app.action(ids.SHOW_TEAMS)(button(lambda request: build_team_list(request.fmt, request.store.teams())))
    app.action(ids.SHOW_PRODUCTS)(button(_product_list))
    app.action(ids.SHOW_HELP)(button(help_reply))


def _product_list(request: Request) -> Reply:
    return build_product_list(
        request.fmt, request.store.products(), can_edit=request.actor.role is not Role.REP
    )
