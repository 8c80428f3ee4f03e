"""Buttons for progress, the leaderboard and paging the App Home tab."""

from __future__ import annotations

import re

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from handlers import ids
from handlers.commands.progress import leaderboard_command, progress_command
from handlers.events import publish_home

# Page buttons carry their page in the action id too (``home_page:2``): two buttons in one
# actions block need distinct action ids.
HOME_PAGE_ACTION = re.compile(rf"^{re.escape(ids.HOME_PAGE)}(:\d+)?$")


def register(app: App) -> None:
    # Imported here: handlers.actions imports this module before it defines _button.
    from handlers.actions import _button

    app.action(ids.SHOW_PROGRESS)(_button(lambda request: progress_command(request, "")))
    app.action(ids.SHOW_LEADERBOARD)(_button(lambda request: leaderboard_command(request, "")))

    def show_home_page(ack: Ack, body: dict, client: WebClient, context: BoltContext, respond) -> None:
        value = (body.get("actions") or [{}])[0].get("value") or "0"
        page = int(value) if value.isdigit() else 0
        _button(lambda request: publish_home(request, page))(ack, body, client, context, respond)

    app.action(HOME_PAGE_ACTION)(show_home_page)
