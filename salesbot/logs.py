"""Logging set-up: one format, and no token or secret ever written out."""

from __future__ import annotations

import logging
import os
import re

# Slack tokens (xoxb-, xoxp-, xapp-, …) and anything that looks like a secret in a URL.
_SECRET = re.compile(r"(xox[abposr]-|xapp-)[A-Za-z0-9-]+|(?<=://)[^/@\s:]+:[^/@\s]+(?=@)")


def redact(text: str) -> str:
    return _SECRET.sub(lambda m: (m.group(1) or "") + "[redacted]", text)


class RedactingFormatter(logging.Formatter):
    """Formats as usual, then redacts the whole line, traceback and stack included."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def configure_logging(level: str | None = None) -> None:
    level = (level or os.environ.get("LOG_LEVEL") or "INFO").upper()
    handler = logging.StreamHandler()
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # Alembic announces its plugins and context at INFO on every start; storage.migrate says
    # what matters (the version reached).
    logging.getLogger("alembic.runtime").setLevel(logging.WARNING)
