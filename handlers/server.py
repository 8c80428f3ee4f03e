"""Serving the app: gunicorn for HTTP, Slack's socket client for Socket Mode."""

from __future__ import annotations

import logging
import os
import signal
import threading
import urllib.error
from collections.abc import Iterator
from contextlib import contextmanager

from gunicorn.app.base import BaseApplication
from gunicorn.workers import gthread
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy.engine import Engine

from handlers.app import create_app, create_wsgi_app
from handlers.metrics import worker_exited
from handlers.runtime import Services
from handlers.scheduler import start_scheduler
from handlers.work_queue import WorkTaker
from handlers.work_slots import favour_acks
from salesbot.config import ConfigError, Settings
from storage.db import make_engine

logger = logging.getLogger(__name__)


class _TimedConnection(gthread.TConn):
    """gunicorn's connection, with a read timeout: a client that stalls mid-request (a slow-loris,
    a stuck upload) loses its thread after ``read_seconds`` (SALESBOT_READ_TIMEOUT) instead of
    holding it."""

    read_seconds: float = 10.0

    def init(self) -> None:
        super().init()
        self.sock.settimeout(self.read_seconds)


class ReadTimeoutWorker(gthread.ThreadWorker):
    """gunicorn's threaded worker whose connections time out on reads (``_TimedConnection``).

    gunicorn has no read timeout of its own; a buffering proxy in front (README) is the real
    defence, this one keeps a worker answering when there is none."""

    def init_process(self) -> None:
        gthread.TConn = _TimedConnection  # in this worker process only, after the fork
        super().init_process()


class GunicornServer(BaseApplication):
    """gunicorn with the app built inside each worker, after the fork (engines do not survive one)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        super().__init__()

    def load_config(self) -> None:
        self.cfg.set("bind", f"0.0.0.0:{self.settings.port}")
        self.cfg.set("workers", self.settings.web_concurrency)
        self.cfg.set("worker_class", "handlers.server.ReadTimeoutWorker")
        self.cfg.set("threads", 8)
        # Slack gives up after 3 seconds; a request still running at 30 is stuck.
        self.cfg.set("timeout", 30)
        # Longer than load balancers keep idle connections (AWS ALB: 60 s), so gunicorn never
        # closes one the balancer is about to reuse (a 502 for Slack).
        self.cfg.set("keepalive", 75)
        self.cfg.set("accesslog", None)
        # Request line and headers within gunicorn's defaults; bodies are capped by the app.
        self.cfg.set("limit_request_line", 8190)
        _TimedConnection.read_seconds = self.settings.read_timeout  # set before the fork
        self.cfg.set("child_exit", lambda _server, worker: worker_exited(worker.pid))

    def load(self):
        engine = make_engine(self.settings.database_url)
        if self.settings.scheduler_on:
            # In each worker, after the fork; the workers elect one leader (handlers/scheduler).
            start_scheduler(self.settings, engine)
        wsgi = create_wsgi_app(
            create_app(self.settings, engine),
            Services(settings=self.settings, engine=engine),
            body_read_seconds=self.settings.read_timeout,
        )
        favour_acks()  # once the app is loaded, in this worker
        return wsgi


def serve_http(settings: Settings) -> None:
    logger.info("serving POST /slack/events, GET /healthz and /feedback/… on port %s", settings.port)
    GunicornServer(settings).run()


def serve_socket_mode(settings: Settings) -> None:
    """Socket Mode until SIGTERM or SIGINT, then a clean close (a deploy waits for it).

    Slack unreachable, or a token it refuses, stops start-up with a ConfigError saying so."""
    engine = make_engine(settings.database_url)
    app = create_app(settings, engine)
    favour_acks()
    with _talking_to_slack(settings, "SLACK_BOT_TOKEN", _BOT_TOKEN_HELP):
        app.client.auth_test()
    handler = SocketModeHandler(app, settings.app_token)
    stop = _stop_on_signals()
    logger.info("connecting to Slack in Socket Mode")
    with _talking_to_slack(settings, "SLACK_APP_TOKEN", _APP_TOKEN_HELP):
        handler.connect()
    scheduler = start_scheduler(settings, engine) if settings.scheduler_on else None
    stop.wait()
    logger.info("closing the Socket Mode connection")
    handler.close()
    if scheduler is not None:
        scheduler.stop()


def serve_work(settings: Settings, engine: Engine) -> None:
    """A work process (``python bot.py work``): takes the requests the web processes queued and
    does their work, until SIGTERM or SIGINT; then it takes no more and finishes those in hand
    (a deploy waits for them; Heroku gives 30 seconds). At ``SALESBOT_WORK_NICE`` it yields the
    CPU to the processes that ack when they share a machine."""
    if settings.work_nice:
        os.nice(settings.work_nice)
    if not settings.work_queue:
        logger.warning(
            "SALESBOT_WORK_QUEUE is off here: this process does what is queued, but make sure "
            "the web processes queue it (the same setting on)"
        )
    taker = WorkTaker(create_app(settings, engine, taking_work=True), engine, threads=settings.work_threads)
    stop = _stop_on_signals()
    taker.start()
    stop.wait()
    logger.info("finishing the work in hand")
    taker.stop(timeout=25)


def _stop_on_signals() -> threading.Event:
    """An event set by SIGTERM (a deploy, a process manager) or SIGINT (Ctrl-C)."""
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    return stop


_BOT_TOKEN_HELP = "copy the Bot User OAuth Token again (api.slack.com/apps → your app → OAuth & Permissions)"
_APP_TOKEN_HELP = (
    "turn Socket Mode on, and make an app-level token with connections:write "
    "(api.slack.com/apps → your app → Basic Information → App-Level Tokens)"
)


@contextmanager
def _talking_to_slack(settings: Settings, token_name: str, help_text: str) -> Iterator[None]:
    """Slack's answer at start-up as one line (a ConfigError), instead of the SDK's error logs and a
    traceback: Slack unreachable, or ``token_name`` refused."""
    quieted = [logging.getLogger(name) for name in ("slack_sdk", "slack_bolt")]
    levels = [each.level for each in quieted]
    for each in quieted:
        each.setLevel(logging.CRITICAL)
    try:
        yield
    except SlackApiError as error:
        code = error.response.get("error") or f"HTTP {error.response.status_code}"
        raise ConfigError(f"Slack refused {token_name} ({code}): {help_text}") from None
    except (urllib.error.URLError, OSError, SlackClientError) as error:
        reason = getattr(error, "reason", error)
        reason = getattr(reason, "strerror", None) or str(reason)
        raise ConfigError(
            f"cannot reach Slack at {settings.api_url} ({reason}): "
            "check the network, a proxy, or SLACK_API_URL"
        ) from None
    finally:
        for each, level in zip(quieted, levels, strict=True):
            each.setLevel(level)
