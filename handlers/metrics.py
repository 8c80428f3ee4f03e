"""Prometheus metrics: what an operator watches (``GET /metrics``).

- requests from Slack and their acknowledgement time, by kind (slash command, block action,
  view submission, event, options, shortcut), as the HTTP front door saw them;
- Slack Web API errors and retries (counted by ``SlackCallObserver`` and the retry handlers every
  client salesbot builds carries: ``handlers.runtime.slack_client``);
- the scheduler: when it last ticked, how late digests went out, what it sent;
- the work queue (``SALESBOT_WORK_QUEUE``): jobs ended and how long they waited to be taken.

Under gunicorn each worker is its own process. prometheus-client's multiprocess mode adds them
up: every process writes its samples to files in ``PROMETHEUS_MULTIPROC_DIR`` and ``/metrics``
reads them all (``bot.py http`` makes a fresh directory when none is given; gunicorn's
``child_exit`` hook marks a dead worker's files). The variable must be set before this module
is first imported, which is why ``bot.py`` sets it.

A process without the web app's port (``bot.py scheduler``, the Procfile's ``clock``,
``bot.py work`` and ``bot.py socket``) keeps its samples in memory and serves them itself on ``METRICS_PORT``
(``serve_metrics``); it never writes to the web workers' directory.
"""

from __future__ import annotations

import json
import os
import re
from urllib.parse import parse_qs, urlsplit

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
    start_http_server,
)
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"

# Slack gives up at 3 s; the buckets are fine below that.
_ACK_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0)

REQUESTS = Counter("salesbot_requests", "Requests from Slack, by kind and HTTP status", ["kind", "status"])
ACK_SECONDS = Histogram(
    "salesbot_ack_seconds",
    "Seconds from a Slack request's arrival to its acknowledgement, by kind",
    ["kind"],
    buckets=_ACK_BUCKETS,
)
SLACK_API_ERRORS = Counter(
    "salesbot_slack_api_errors",
    "Slack Web API calls that failed: Slack's error code, an HTTP status or connection_error",
    ["method", "error"],
)
SLACK_API_RETRIES = Counter(
    "salesbot_slack_api_retries", "Slack Web API calls tried again, by reason", ["method", "reason"]
)
SCHEDULER_LEADER = Gauge(
    "salesbot_scheduler_leader",
    "1 while this process leads the scheduler (the one that posts), 0 while it stands by",
    multiprocess_mode="livesum",
)
SCHEDULER_LAST_TICK = Gauge(
    "salesbot_scheduler_last_tick_timestamp_seconds",
    "When the leading scheduler last finished a tick (Unix time)",
    multiprocess_mode="max",
)
DIGEST_LATENESS = Histogram(
    "salesbot_digest_lateness_seconds",
    "Seconds between a digest's due time and its posting (the scheduler's lag)",
    buckets=(1, 5, 10, 20, 30, 60, 120, 300, 600, 1800, 3600),
)
SCHEDULED_SENT = Counter(
    "salesbot_scheduled_sent",
    "Messages the scheduler sent, by job (digest, training_reminder, follow_up, department_reminder)",
    ["job"],
)


WORK_JOBS = Counter(
    "salesbot_work_jobs",
    "Queued requests a work process ended (SALESBOT_WORK_QUEUE): done, refused by Bolt, or failed",
    ["outcome"],
)
WORK_WAIT_SECONDS = Histogram(
    "salesbot_work_wait_seconds",
    "Seconds a queued request waited between its ack and a work process taking it",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)


# An interactive payload as Slack sends it begins with its type: ``payload={"type":"…"`` (the
# JSON's quotes and braces percent-encoded; a space after the colon when built by json.dumps).
_PAYLOAD_TYPE = re.compile(rb"payload=%7B%22type%22%3A(?:\+|%20)?%22([A-Za-z_]+)%22", re.IGNORECASE)
_PAYLOAD_KINDS = {
    "block_actions": "block_action",
    "view_submission": "view_submission",
    "view_closed": "view_closed",
    "block_suggestion": "options",
    "shortcut": "shortcut",
    "message_action": "shortcut",
}


def request_kind(body: bytes, content_type: str) -> str:
    """What Slack sent, from the raw body: slash_command, block_action, view_submission, event,
    options, shortcut, view_closed, url_verification or other.

    An interactive payload's type is read from its first bytes: decoding a form's whole body
    (tens of kilobytes for a view submission) took about half a millisecond of every ack, and
    Bolt decodes it again. Anything else is parsed whole."""
    leading = _PAYLOAD_TYPE.match(body, 0, 64)
    if leading is not None:
        return _PAYLOAD_KINDS.get(leading.group(1).decode(), "other")
    try:
        if "json" in content_type:
            envelope = json.loads(body or b"{}")
            return {"event_callback": "event", "url_verification": "url_verification"}.get(
                envelope.get("type"), "other"
            )
        form = parse_qs(body.decode("utf-8", "replace"), max_num_fields=64)
        if "command" in form:
            return "slash_command"
        payload = json.loads((form.get("payload") or ["{}"])[0])
    except (ValueError, AttributeError):
        return "other"
    return _PAYLOAD_KINDS.get(payload.get("type") if isinstance(payload, dict) else None, "other")


def exposition() -> tuple[bytes, str]:
    """The text ``/metrics`` answers with: every process's samples in multiprocess mode."""
    if os.environ.get(MULTIPROCESS_DIR):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


def serve_metrics(port: int, *, addr: str = "0.0.0.0"):
    """``GET /metrics`` on ``port``, in a thread, for this process's own samples; the server, to
    stop it. A port already taken stops start-up with a ConfigError saying so."""
    from salesbot.config import ConfigError

    try:
        server, _thread = start_http_server(port, addr=addr, registry=REGISTRY)
    except OSError as error:
        raise ConfigError(
            f"METRICS_PORT {port} cannot be listened on ({error.strerror or error}): "
            "choose a free port, or unset METRICS_PORT"
        ) from None
    return server


def worker_exited(pid: int) -> None:
    """gunicorn's ``child_exit``: a dead worker's live gauges stop counting."""
    if os.environ.get(MULTIPROCESS_DIR):
        multiprocess.mark_process_dead(pid)


def _method(request: HttpRequest) -> str:
    return urlsplit(request.url).path.rsplit("/", 1)[-1] or "unknown"


class SlackCallObserver(RetryHandler):
    """Counts each failed Slack call; never asks for a retry itself (the handlers after it do).

    slack_sdk consults the retry handlers on every answer, a 200 ``ok: false`` included, so
    this sees them all, whichever client made the call."""

    def can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if response is None:
            SLACK_API_ERRORS.labels(_method(request), "connection_error").inc()
        elif response.status_code >= 400:
            SLACK_API_ERRORS.labels(_method(request), f"http_{response.status_code}").inc()
        elif isinstance(response.body, dict) and response.body.get("ok") is False:
            SLACK_API_ERRORS.labels(_method(request), str(response.body.get("error") or "unknown")).inc()
        return False


class CountedRateLimitRetries(RateLimitErrorRetryHandler):
    """slack_sdk's 429 handler (waits out Retry-After), each retry counted."""

    def prepare_for_next_attempt(self, *, state, request, response=None, error=None) -> None:
        SLACK_API_RETRIES.labels(_method(request), "rate_limited").inc()
        super().prepare_for_next_attempt(state=state, request=request, response=response, error=error)


class CountedConnectionRetries(ConnectionErrorRetryHandler):
    """slack_sdk's handler for dropped connections, each retry counted."""

    def prepare_for_next_attempt(self, *, state, request, response=None, error=None) -> None:
        SLACK_API_RETRIES.labels(_method(request), "connection").inc()
        super().prepare_for_next_attempt(state=state, request=request, response=response, error=error)


def retry_handlers(*, retries: bool = True) -> list[RetryHandler]:
    """What every WebClient salesbot builds carries: the observer, then (unless ``retries`` is
    off, for calls made before an ack) slack_sdk's own handlers for 429s and dropped connections."""
    if not retries:
        return [SlackCallObserver()]
    return [
        SlackCallObserver(),
        CountedConnectionRetries(max_retry_count=2),
        CountedRateLimitRetries(max_retry_count=3),
    ]
