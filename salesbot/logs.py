"""Logging set-up: one format, and no token or secret ever written out."""

from __future__ import annotations

import logging
import os
import re

# Slack tokens (xoxb-, xoxp-, xapp-, …) and anything that looks like a secret in a URL.
_SECRET = re.compile(r"(xox[abposr]-|xapp-)[A-Za-z0-9-]+|(?<=://)[^/@\s:]+:[^/@\s]+(?=@)")


class RedactSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = _SECRET.sub(lambda m: (m.group(1) or "") + "[redacted]", message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


def configure_logging(level: str | None = None) -> None:
    level = (level or os.environ.get("LOG_LEVEL") or "INFO").upper()
    handler = logging.StreamHandler()
    handler.addFilter(RedactSecrets())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # Alembic announces its plugins and context at INFO on every start; storage.migrate says
    # what matters (the version reached).
    logging.getLogger("alembic.runtime").setLevel(logging.WARNING)
