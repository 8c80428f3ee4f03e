"""Logging set-up: one format, and no token or secret ever written out."""

from __future__ import annotations

import contextvars
import logging
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager

# Slack tokens (xoxb-, xoxp-, xapp-, rotating xoxe-…, …) and anything that looks like a secret in a URL.
_SECRET = re.compile(r"(xox[abposre]-|xapp-)[A-Za-z0-9.-]+|(?<=://)[^/@\s:]+:[^/@\s]+(?=@)")
# Which workspace and request a log line is about, on this thread (``log_context``).
_CONTEXT: contextvars.ContextVar[str] = contextvars.ContextVar("salesbot_log_context", default="")


@contextmanager
def log_context(**fields: str | None) -> Iterator[None]:
    """Every line logged inside names these (``team=T123 request=ab12cd34``), never a token."""
    text = " ".join(f"{name}={value}" for name, value in fields.items() if value)
    token = _CONTEXT.set(f" [{text}]" if text else "")
    try:
        yield
    finally:
        _CONTEXT.reset(token)


class ContextFilter(logging.Filter):
    """Puts the thread's ``log_context`` on each record as ``%(context)s``."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.context = _CONTEXT.get()
        return True


# The OAuth client secret as slack_sdk's debug log shows oauth.v2.access's arguments.
_CLIENT_SECRET = re.compile(r"(client_secret['\"]?\s*[:=]\s*['\"]?)[^'\"&,\s}]+")


def redact(text: str) -> str:
    text = _SECRET.sub(lambda m: (m.group(1) or "") + "[redacted]", text)
    return _CLIENT_SECRET.sub(lambda m: m.group(1) + "[redacted]", text)


class RedactingFormatter(logging.Formatter):
    """Formats as usual, then redacts the whole line, traceback and stack included."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def configure_logging(level: str | None = None) -> None:
    level = (level or os.environ.get("LOG_LEVEL") or "INFO").upper()
    handler = logging.StreamHandler()
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s%(context)s: %(message)s"))
    handler.addFilter(ContextFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # Alembic announces its plugins and context at INFO on every start; storage.migrate says
    # what matters (the version reached).
    logging.getLogger("alembic.runtime").setLevel(logging.WARNING)
