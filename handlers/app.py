"""Builds the Bolt app and the WSGI application around it."""

from __future__ import annotations

import io
import json
import logging
import time
from collections.abc import Iterable
from concurrent.futures import Executor, ThreadPoolExecutor
from http import HTTPStatus

from slack_bolt import App, BoltContext, BoltResponse
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.oauth import OAuthFlow
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy.engine import Engine

from handlers import register_listeners
from handlers.blocks.errors import build_database_down, build_failure, build_notice_modal
from handlers.metrics import ACK_SECONDS, REQUESTS, exposition, request_kind
from handlers.runtime import TOKEN_ROTATION_MINUTES, Services, language_for, new_reference, slack_client
from handlers.web.feedback_page import FeedbackPage
from handlers.web.feedback_page import serves as serves_feedback_page
from handlers.web.install_pages import STATE_SECONDS, InstallFlow, callback_options
from handlers.work_queue import WorkHere, WorkNow, WorkQueued
from handlers.work_slots import stepping_back
from salesbot.clock import Clock
from salesbot.config import Settings
from salesbot.i18n import translations
from storage.db import DatabaseDown, database_answers
from storage.migrate import current_version, newest_version

logger = logging.getLogger(__name__)


# Threads that run the work after the acks. Every listener acks in the request's own thread
# (``process_before_response``: no hand-over to another thread before the ack, no polling for
# it) and hands the rest to these (``handlers.listeners.after_ack``), where it keeps its thread
# through the database, the answer to Slack and a 429's wait; a few such waits must not hold up
# every other answer (Bolt's default of five threads did). Threads are started only as needed.
WORK_THREADS = 64


def create_app(
    settings: Settings,
    engine: Engine,
    *,
    listener_executor: Executor | None = None,
    clock: Clock | None = None,
    taking_work: bool = False,
) -> App:
    """The Bolt app. Where the work after each ack runs (``handlers/work_queue.py``): on its own
    threads; queued for the work processes when ``settings.work_queue`` is on; or, in a work
    process (``taking_work``), at once in the thread that dispatches a queued request."""
    services = Services(settings=settings, engine=engine, clock=clock or Clock())
    # The message catalogs compiled now, not in a first request's work (~0.1 s holding the GIL
    # while requests wait to be acked), and before a worker freezes what it loaded.
    translations()
    oauth_flow = _oauth_flow(services) if settings.oauth_on else None
    work = listener_executor or ThreadPoolExecutor(
        max_workers=WORK_THREADS,
        thread_name_prefix="salesbot-work",
        # A work process is already niced as a whole (``server.serve_work``).
        initializer=stepping_back(0 if taking_work else settings.work_nice),
    )
    here = WorkHere(work)
    work_place = WorkNow() if taking_work else WorkQueued(engine, here) if settings.work_queue else here
    app = App(
        client=slack_client(settings),
        signing_secret=settings.signing_secret or "",
        # Socket Mode requests come over an authenticated socket and carry no signature.
        request_verification_enabled=bool(settings.signing_secret),
        token_verification_enabled=False,
        process_before_response=True,
        listener_executor=work,
        oauth_flow=oauth_flow,
        authorize=_authorize(services) if oauth_flow else None,
    )

    @app.middleware
    def attach_services(context: BoltContext, body: dict, next) -> None:  # noqa: A002 (Bolt's name)
        context["services"] = services
        context["work"] = work_place
        context["request_body"] = body  # what a queued request is dispatched from again
        next()

    app.error(_report_unhandled)
    register_listeners(app)
    return app


# What salesbot asks a workspace for (manifest.yml says why each).
BOT_SCOPES = (
    "commands",
    "chat:write",
    "users:read",
    "files:write",
    "channels:read",
    "groups:read",
    "team:read",
)
INSTALL_PATH, REDIRECT_PATH = "/slack/install", "/slack/oauth_redirect"


def _oauth_flow(services: Services) -> OAuthFlow:
    """Bolt's OAuth flow: ``/slack/install`` (the Add to Slack page) and ``/slack/oauth_redirect``,
    its installations and one-time states in salesbot's database, a rotating token renewed
    before it expires, org-wide installs on Enterprise Grid. The pages are salesbot's, in the
    installer's language (``handlers/web/install_pages.py``)."""
    settings = services.settings
    return InstallFlow(
        # oauth.v2.access (and token rotation) at SLACK_API_URL, like every other call.
        client=slack_client(settings, token=None),
        settings=OAuthSettings(
            client_id=settings.client_id,
            client_secret=settings.client_secret,
            scopes=list(BOT_SCOPES),
            install_path=INSTALL_PATH,
            redirect_uri_path=REDIRECT_PATH,
            redirect_uri=f"{settings.public_url}{REDIRECT_PATH}" if settings.public_url else None,
            installation_store=services.installations,
            installation_store_bot_only=True,
            token_rotation_expiration_minutes=TOKEN_ROTATION_MINUTES,
            state_store=SQLAlchemyOAuthStateStore(expiration_seconds=STATE_SECONDS, engine=services.engine),
            state_expiration_seconds=STATE_SECONDS,
            callback_options=callback_options(),
        ),
    )


class _StoredInstallations(InstallationStoreAuthorize):
    """Bolt's authorization from the installation store, telling a store that cannot be read
    apart from a workspace with no installation: Bolt treats both alike and tells the person to
    reinstall the app, which during a database restart is wrong and alarming."""

    def __init__(self, engine: Engine, **settings) -> None:
        super().__init__(**settings)
        self.engine = engine

    def __call__(self, **request):
        found = super().__call__(**request)
        if found is None and not database_answers(self.engine):
            raise DatabaseDown
        return found


def _authorize(services: Services) -> InstallationStoreAuthorize:
    """Bolt's authorize on the installation store, which renews a token about to expire itself,
    under a lock (``storage.installations``). Bolt's own renewal, unlocked, is left only for a
    token already expired (the store could not renew it): its threshold is 0 minutes. Built here
    because the one ``OAuthSettings`` makes has a client for slack.com, not SLACK_API_URL."""
    settings = services.settings
    authorize = _StoredInstallations(
        services.engine,
        logger=logger,
        installation_store=services.installations,
        client_id=settings.client_id,
        client_secret=settings.client_secret,
        bot_only=True,
        client=slack_client(settings, token=None),
        # Remembers what Slack's auth.test said of each token: without it every request asks
        # Slack before it can be acked (a round trip, and Slack's rate limit, in every ack). The
        # token is still looked up in the store each time, so an uninstall (its tokens deleted)
        # or a renewed token takes effect at once.
        cache_enabled=True,
    )
    authorize.token_rotation_expiration_minutes = 0  # the constructor reads 0 as its default, 120
    return authorize


def _report_unhandled(
    error: Exception, body: dict, context: BoltContext, respond, response, logger: logging.Logger
) -> BoltResponse | None:
    """Last resort: failures outside a listener's own guard still reach the user with a reference.

    The database down before a request could be authorized, or before its work could be queued,
    is said as it is, and acked: Slack would otherwise add its own "dispatch_failed" to our
    message. An event is left unacked, so Slack sends it again later (App Home drawn once the
    database is back)."""
    if isinstance(error, DatabaseDown):
        logger.warning("the database is down: a request was answered with a notice (%s)", body.get("type"))
        notice = build_database_down("en")
        if (body or {}).get("type") == "view_submission":
            view = {"response_action": "update", "view": build_notice_modal("en", notice)}
            return BoltResponse(
                status=200, body=json.dumps(view), headers={"content-type": "application/json"}
            )
        if (body or {}).get("response_url") and respond is not None:
            try:
                respond(
                    text=notice.text, blocks=notice.blocks, response_type="ephemeral", replace_original=False
                )
            except Exception:
                logger.exception("could not tell the user the database is down")
            return BoltResponse(status=200, body="")
        return None
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


# Slack's largest request (a view submission of a full modal) is well under this; anything larger
# is refused before it is read.
MAX_BODY_BYTES = 1024 * 1024
# How long a client may take to send a request's body (gunicorn has no setting for it).
BODY_READ_SECONDS = 10.0


class _TooLarge(Exception):
    pass


def create_wsgi_app(app: App, services: Services, *, body_read_seconds: float = BODY_READ_SECONDS):
    """``POST /slack/events`` for Slack (and, with OAuth on, ``GET /slack/install`` and
    ``/slack/oauth_redirect``), ``GET /healthz`` (alive), ``/readyz`` (the database answers and
    its schema is current) and ``/metrics`` (Prometheus) for operators, and the feedback page
    for customers (``/feedback/<token>``, ``handlers/web/feedback_page.py``)."""
    slack = SlackRequestHandler(app, path="/slack/events")
    page = FeedbackPage(services)
    engine = services.engine

    def application(environ: dict, start_response) -> Iterable[bytes]:
        path = environ.get("PATH_INFO") or ""
        method = environ.get("REQUEST_METHOD")
        if path == "/healthz" and method in ("GET", "HEAD"):
            return _answer_json(start_response, 200, {"ok": True})
        if path == "/readyz" and method in ("GET", "HEAD"):
            ready, facts = readiness(engine)
            return _answer_json(start_response, 200 if ready else 503, {"ok": ready, **facts})
        if path == "/metrics" and method in ("GET", "HEAD"):
            body, content_type = exposition()
            start_response("200 OK", [("Content-Type", content_type), ("Content-Length", str(len(body)))])
            return [body]
        if serves_feedback_page(path):
            return page(environ, start_response)
        if method != "POST":
            return slack(environ, start_response)  # the OAuth pages, or Bolt's 404
        try:
            body = _read_body(environ, body_read_seconds)
        except _TooLarge:
            return _answer_json(start_response, 413, {"ok": False, "error": "request_too_large"})
        except (TimeoutError, OSError):
            return _answer_json(start_response, 408, {"ok": False, "error": "request_timeout"})
        kind = request_kind(body, environ.get("CONTENT_TYPE") or "")
        statuses: list[str] = []

        def noting_status(status: str, headers: list, exc_info=None):
            statuses.append(status)
            return (
                start_response(status, headers)
                if exc_info is None
                else start_response(status, headers, exc_info)
            )

        started = time.perf_counter()
        answer = slack(environ, noting_status)
        ACK_SECONDS.labels(kind).observe(time.perf_counter() - started)
        REQUESTS.labels(kind, (statuses or ["500"])[0].split()[0]).inc()
        return answer

    return application


def _read_body(environ: dict, read_seconds: float) -> bytes:
    """The request's body, at most ``MAX_BODY_BYTES``, put back in ``environ`` for Bolt.

    A declared length over the limit is refused before a byte is read; without one (chunked), at
    most one byte past the limit is read. Under gunicorn the socket gets ``read_seconds`` to
    deliver it, so a stalled upload frees its thread."""
    declared = environ.get("CONTENT_LENGTH") or ""
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise _TooLarge
    connection = environ.get("gunicorn.socket")
    if connection is not None:
        connection.settimeout(read_seconds)
    stream = environ.get("wsgi.input")
    if stream is None:
        body = b""
    elif declared.isdigit():
        body = stream.read(int(declared))
    else:
        body = stream.read(MAX_BODY_BYTES + 1)
        if len(body) > MAX_BODY_BYTES:
            raise _TooLarge
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    return body


def readiness(engine: Engine) -> tuple[bool, dict]:
    """Ready to serve: the database answers and its schema is the newest this code knows."""
    if not database_answers(engine):
        return False, {"database": "down"}
    try:
        current, newest = current_version(engine), newest_version()
    except Exception:
        logger.warning("reading the schema version failed", exc_info=True)
        return False, {"database": "down"}
    if current != newest:
        return False, {"database": "up", "schema": current, "expected_schema": newest}
    return True, {"database": "up", "schema": current}


def _answer_json(start_response, status: int, payload: dict) -> list[bytes]:
    body = json.dumps(payload).encode()
    start_response(
        f"{status} {HTTPStatus(status).phrase}",
        [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
    )
    return [body]
