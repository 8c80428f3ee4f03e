"""The *Feedback link* button on a sale: a link to the feedback page for the rep to send the
customer (the page itself: ``handlers/feedback_page.py``).

The link is shown once, privately, to whoever pressed; only its hash is kept. Without a public
address (``SALESBOT_PUBLIC_URL``: Socket Mode, the console) customers could not open it, so the
button says so and makes nothing.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from slack_bolt import App

from handlers import ids
from handlers.blocks.feedback_links import build_link_reply
from handlers.blocks.sales import sale_fallback
from handlers.listeners import button
from handlers.respond import Reply
from handlers.runtime import Request
from salesbot.errors import InvalidInput, NotFound
from salesbot.feedback_links import create_link


def register(app: App) -> None:
    app.action(ids.SALE_FEEDBACK_LINK)(button(feedback_link))


def feedback_link(request: Request) -> Reply:
    public_url = request.services.settings.public_url
    if not public_url:
        raise InvalidInput("feedback_link.needs_public_url")
    value = request.pressed.value if request.pressed else ""
    if not value.isdigit():
        raise NotFound("sale.not_found")
    new = create_link(request.store, request.actor, int(value), now=request.services.clock.now())
    sale = request.store.sale(int(value))
    fmt = request.fmt
    return build_link_reply(
        fmt,
        url=new.url(public_url),
        # The day it lapses where the workspace is (at this time of day).
        expires=fmt.date(new.link.expires_at.astimezone(ZoneInfo(request.store.workspace.timezone)).date()),
        sale=sale_fallback(fmt, sale, request.store.sale_labels([sale])),
    )
