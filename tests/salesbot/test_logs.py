"""Logging hygiene: tokens and database passwords never reach the log."""

from __future__ import annotations

import logging
import sys

from localslack.workspace import LocalWorkspace
from salesbot.logs import RedactingFormatter


def test_tokens_never_reach_the_log():
    formatter = RedactingFormatter("%(message)s")
    record = logging.LogRecord(
        "x",
        logging.INFO,
        __file__,
        1,
        "calling with %s and %s",
        ("xoxb-1234-5678-abcdef", "postgresql://user:hunter2@db/sales"),
        None,
    )
    assert formatter.format(record) == "calling with xoxb-[redacted] and postgresql://[redacted]@db/sales"
    try:
        raise RuntimeError("token xapp-1-A123-secret rejected")
    except RuntimeError:
        failed = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    formatted = formatter.format(failed)
    assert "xapp-[redacted] rejected" in formatted and "secret" not in formatted


def test_no_secret_in_logs_during_requests(db, caplog):
    caplog.set_level(logging.DEBUG)
    workspace = LocalWorkspace.start(db)
    try:
        workspace.add_user("U0BOSS", "Berit Boss", is_owner=True, is_admin=True)
        workspace.command("help", user="U0BOSS")
        workspace.command("team create Øst", user="U0BOSS")
    finally:
        workspace.stop()
    logged = caplog.text
    assert workspace.fake.bot_token not in logged and workspace.signing_secret not in logged
