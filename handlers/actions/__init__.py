"""Button listeners (block_actions) for the help menu and the App Home tab."""

from __future__ import annotations

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from handlers import ids
from handlers.actions import digests, goals, progress, sales
from handlers.blocks.lists import build_product_list, build_team_list
from handlers.commands.registry import help_reply
from handlers.commands.settings import open_preferences, open_workspace_settings
from handlers.runtime import Reply, Request, dm_sender, ephemeral_sender, run_request
from salesbot.access import Role


def register(app: App) -> None:
    goals.register(app)
    digests.register(app)
    sales.register(app)
    progress.register(app)
    app.action(ids.OPEN_SETTINGS)(_button(open_workspace_settings))
    app.action(ids.OPEN_PREFERENCES)(_button(open_preferences))
    app.action(ids.SHOW_TEAMS)(_button(lambda request: build_team_list(request.fmt, request.store.teams())))
    app.action(ids.SHOW_PRODUCTS)(_button(_product_list))
    app.action(ids.SHOW_HELP)(_button(help_reply))


def _product_list(request: Request) -> Reply:
    return build_product_list(
        request.fmt, request.store.products(), can_edit=request.actor.role is not Role.REP
    )


def _button(work):
    """A listener that acks, then runs ``work`` for the clicking user.

    Replies go ephemerally to the message's conversation, or by DM from the App Home tab,
    which has no response_url.
    """

    def listener(ack: Ack, body: dict, client: WebClient, context: BoltContext, respond) -> None:
        ack()
        user_id = body["user"]["id"]
        send = ephemeral_sender(respond) if body.get("response_url") else dm_sender(client, user_id)
        run_request(
            context["services"],
            client,
            send,
            team_id=context.team_id or body["user"].get("team_id"),
            enterprise_id=context.enterprise_id,
            user_id=user_id,
            channel_id=(body.get("channel") or {}).get("id"),
            trigger_id=body.get("trigger_id"),
            work=work,
        )

    return listener
