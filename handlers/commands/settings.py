"""``/sales settings``: the workspace's settings (admins) or a person's own preferences."""

from __future__ import annotations

from handlers.blocks.settings import build_preferences_modal, build_settings_modal
from handlers.commands.registry import subcommand
from handlers.runtime import Request
from salesbot.access import require_admin
from salesbot.workspace_settings import current_settings

PERSONAL = ("me", "meg", "my", "mine", "preferences", "preferanser")


@subcommand("settings", usage="settings.usage", aliases=("innstillinger", "preferences"))
def settings_command(request: Request, text: str) -> None:
    if text.strip().casefold() in PERSONAL or not request.actor.is_admin:
        open_preferences(request)
    else:
        open_workspace_settings(request)


def open_workspace_settings(request: Request) -> None:
    require_admin(request.actor, "settings")
    view = build_settings_modal(request.fmt, current_settings(request.store.workspace))
    request.client.views_open(trigger_id=request.trigger_id, view=view)


def open_preferences(request: Request) -> None:
    person = request.store.person(request.actor.person_id)
    view = build_preferences_modal(
        request.fmt,
        language=person.language,
        public_ranking=person.public_ranking,
        is_admin=request.actor.is_admin,
    )
    request.client.views_open(trigger_id=request.trigger_id, view=view)
