"""Buttons for progress, the leaderboard and paging the App Home tab."""

from __future__ import annotations

import re

from slack_bolt import App

from handlers import ids
from handlers.commands.progress import leaderboard_command, progress_command
from handlers.events import publish_home
from handlers.listeners import button
from handlers.runtime import Request

# Page buttons carry their page in the action id too (``home_page:2``): two buttons in one
# actions block need distinct action ids.
HOME_PAGE_ACTION = re.compile(rf"^{re.escape(ids.HOME_PAGE)}(:\d+)?$")


def register(app: App) -> None:
    app.action(ids.SHOW_PROGRESS)(button(lambda request: progress_command(request, "")))
    app.action(ids.SHOW_LEADERBOARD)(button(lambda request: leaderboard_command(request, "")))
    app.action(HOME_PAGE_ACTION)(button(_show_home_page))


def _show_home_page(request: Request) -> None:
    value = request.pressed.value
    publish_home(request, int(value) if value.isdigit() else 0)
