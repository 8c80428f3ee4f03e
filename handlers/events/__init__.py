"""Events API listeners."""

from __future__ import annotations

import logging

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from handlers.blocks.home import build_home
from handlers.runtime import Request, run_request

logger = logging.getLogger(__name__)


def register(app: App) -> None:
    app.event("app_home_opened")(handle_app_home_opened)


def handle_app_home_opened(event: dict, client: WebClient, context: BoltContext) -> None:
    if event.get("tab") != "home":
        return
    user_id = event["user"]

    def publish(request: Request) -> None:
        person = request.store.person(request.actor.person_id)
        view = build_home(
            request.fmt,
            request.actor,
            member_of=[team.name for team in request.store.teams_of(person)],
            manages=[team.name for team in request.store.managed_teams(person)],
        )
        request.client.views_publish(user_id=user_id, view=view)

    run_request(
        context["services"],
        client,
        lambda reply: None,  # nothing to say in a channel; failures are logged with a reference
        team_id=context.team_id,
        enterprise_id=context.enterprise_id,
        user_id=user_id,
        work=publish,
    )
