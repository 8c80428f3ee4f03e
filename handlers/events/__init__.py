"""Events API listeners, and publishing the App Home tab."""

from __future__ import annotations

import logging

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from handlers.blocks.home import HOME_ORDERS, build_home
from handlers.runtime import Request, run_request
from salesbot.progress import home_dashboard

logger = logging.getLogger(__name__)


def register(app: App) -> None:
    app.event("app_home_opened")(handle_app_home_opened)


def publish_home(request: Request, page: int = 0) -> None:
    """Publishes the asking person's Home tab at ``page``; other listeners call it after a change."""
    store, actor = request.store, request.actor
    dashboard = home_dashboard(store, actor, today=request.today)
    # Fetched on every page: the first page's size decides where the later pages begin.
    orders = store.open_orders(actor.person_id, limit=HOME_ORDERS)
    view = build_home(
        request.fmt,
        actor,
        dashboard,
        orders=orders,
        open_count=store.count_open_orders(actor.person_id) if orders else 0,
        order_labels=store.sale_labels(orders) if orders else None,
        page=page,
    )
    request.client.views_publish(user_id=actor.slack_user_id, view=view)


def refresh_home_after(request: Request) -> None:
    """Republishes the person's Home once ``request`` has committed.

    For changes made from the Home tab itself: Slack sends no app_home_opened when a modal
    opened from Home closes, so without this the tab would show the old numbers.
    """
    services, client = request.services, request.client
    team_id, user_id = request.team_id, request.user_id

    def refresh() -> None:
        run_request(services, client, lambda reply: None, team_id=team_id, user_id=user_id, work=publish_home)

    request.after_commit.append(refresh)


def handle_app_home_opened(event: dict, body: dict, client: WebClient, context: BoltContext) -> None:
    if event.get("tab") != "home":
        return
    run_request(
        context["services"],
        client,
        lambda reply: None,  # nothing to say in a channel; failures are logged with a reference
        # An org-wide install's authorization has no team; the event's envelope still names one.
        team_id=context.team_id or body.get("team_id"),
        enterprise_id=context.enterprise_id,
        user_id=event["user"],
        work=publish_home,
    )
