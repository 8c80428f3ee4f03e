"""Builds the Bolt app and the WSGI application around it."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from concurrent.futures import Executor

from slack_bolt import App, BoltContext
from slack_bolt.adapter.wsgi import SlackRequestHandler
from sqlalchemy.engine import Engine

from handlers import register_listeners
from handlers.blocks.errors import build_failure
from handlers.runtime import Services, language_for, new_reference, slack_client
from handlers.web.feedback_page import FeedbackPage
from handlers.web.feedback_page import serves as serves_feedback_page
from salesbot.clock import Clock
from salesbot.config import Settings
from storage.db import database_answers

logger = logging.getLogger(__name__)


def create_app(
    settings: Settings,
    engine: Engine,
    *,
    listener_executor: Executor | None = None,
    clock: Clock | None = None,
) -> App:
    app = App(
        client=slack_client(settings),
        signing_secret=settings.signing_secret or "",
        # Socket Mode requests come over an authenticated socket and carry no signature.
        request_verification_enabled=bool(settings.signing_secret),
        token_verification_enabled=False,
        process_before_response=False,
        listener_executor=listener_executor,
    )
    services = Services(settings=settings, engine=engine, clock=clock or Clock())

    @app.middleware
    def attach_services(context: BoltContext, next) -> None:  # noqa: A002 (Bolt's name)
        context["services"] = services
        next()

    app.error(_report_unhandled)
    register_listeners(app)
    return app


def _report_unhandled(
    error: Exception, body: dict, context: BoltContext, respond, logger: logging.Logger
) -> None:
    """Last resort: failures outside a listener's own guard still reach the user with a reference."""
    reference = new_reference()
    logger.error("unhandled error (reference %s)", reference, exc_info=error)
    if not (body or {}).get("response_url") or respond is None:
        return
    services = context.get("services")
    user = body.get("user_id") or (body.get("user") or {}).get("id")
    lang = language_for(services, context.team_id, user) if services else "en"
    reply = build_failure(lang, reference)
    try:
        respond(text=reply.text, blocks=reply.blocks, response_type="ephemeral", replace_original=False)
    except Exception:
        logger.exception("could not report failure %s", reference)


def create_wsgi_app(app: App, services: Services):
    """``POST /slack/events`` for Slack, ``GET /healthz`` for the load balancer, and the feedback
    page for customers (``/feedback/<token>``, ``handlers/web/feedback_page.py``)."""
    slack = SlackRequestHandler(app, path="/slack/events")
    page = FeedbackPage(services)
    engine = services.engine

    def application(environ: dict, start_response) -> Iterable[bytes]:
        path = environ.get("PATH_INFO") or ""
        if path == "/healthz" and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            healthy = database_answers(engine)
            body = json.dumps({"ok": healthy, "database": "up" if healthy else "down"}).encode()
            start_response(
                "200 OK" if healthy else "503 Service Unavailable",
                [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
            )
            return [body]
        if serves_feedback_page(path):
            return page(environ, start_response)
        return slack(environ, start_response)

    return application
