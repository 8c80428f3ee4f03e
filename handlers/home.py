"""The App Home tab: published when opened, and paged with its buttons."""

from __future__ import annotations

import re

from slack_bolt import App

from handlers import ids
from handlers.listeners import button, event
from handlers.replies import publish_home
from handlers.runtime import Request

# Page buttons carry their page in the action id too (``home_page:2``): two buttons in one
# actions block need distinct action ids.
HOME_PAGE_ACTION = re.compile(rf"^{re.escape(ids.HOME_PAGE)}(:\d+)?$")


def register(app: App) -> None:
    app.event("app_home_opened")(event(publish_home, user_of=lambda e: e["user"], when=_home_tab))
    app.action(HOME_PAGE_ACTION)(button(_show_home_page))


def _home_tab(event: dict) -> bool:
    # app_home_opened also comes for the Messages and About tabs.
    return event.get("tab") == "home"


def _show_home_page(request: Request) -> None:
    value = request.pressed.value
    publish_home(request, int(value) if value.isdigit() else 0)
