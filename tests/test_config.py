"""Configuration, start-up failures, logging hygiene and health checks."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest

from handlers.app import create_app, create_wsgi_app
from localslack.workspace import LocalWorkspace
from salesbot.config import ConfigError, Settings
from salesbot.logs import RedactingFormatter
from storage.db import make_engine

ROOT = Path(__file__).resolve().parents[1]


def test_automatic_mode_follows_the_credentials():
    assert Settings.from_env({}).automatic_mode == "console"
    assert (
        Settings.from_env({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}).automatic_mode
        == "socket"
    )
    assert (
        Settings.from_env({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}).automatic_mode == "http"
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"PORT": "eighty"}, "PORT must be a whole number"),
        ({"SALESBOT_SCHEDULER": "maybe"}, "SALESBOT_SCHEDULER must be on or off"),
        (
            {"SALESBOT_SCHEDULER_INTERVAL": "0"},
            "SALESBOT_SCHEDULER_INTERVAL must be a whole number",
        ),
        ({"SALESBOT_DIGEST_GRACE_MINUTES": "soon"}, "SALESBOT_DIGEST_GRACE_MINUTES must be a whole number"),
        ({"SLACK_BOT_TOKEN": "xapp-oops"}, "SLACK_BOT_TOKEN must be the Bot User OAuth Token"),
        ({"SLACK_APP_TOKEN": "xoxb-oops"}, "SLACK_APP_TOKEN must be an app-level token"),
        ({"SLACK_CLIENT_ID": "123"}, "OAuth installs for several workspaces"),
        ({"SLACK_API_URL": "slack.example"}, "SLACK_API_URL must start with https://"),
    ],
)
def test_wrong_configuration_is_explained(env, message):
    with pytest.raises(ConfigError, match=message):
        Settings.from_env(env)


def test_modes_say_what_is_missing():
    with pytest.raises(ConfigError, match="HTTP mode needs SLACK_SIGNING_SECRET"):
        Settings.from_env({"SLACK_BOT_TOKEN": "xoxb-1"}).require_for("http")
    with pytest.raises(ConfigError, match="Socket Mode needs SLACK_BOT_TOKEN and SLACK_APP_TOKEN"):
        Settings.from_env({}).require_for("socket")


def test_admins_and_api_url_are_read():
    settings = Settings.from_env({"SALESBOT_ADMINS": " U1, U2 ,", "SLACK_API_URL": "http://127.0.0.1:9/api"})
    assert settings.admins == frozenset({"U1", "U2"})
    assert settings.api_url == "http://127.0.0.1:9/api/"


def run_bot(*args, env=None, tmp_path):
    base = {"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{tmp_path}/cli.db"}
    return subprocess.run(
        [sys.executable, "bot.py", *args],
        cwd=ROOT,
        env={**base, **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_start_up_failures_are_one_line_not_a_traceback(tmp_path):
    result = run_bot("http", env={"SLACK_BOT_TOKEN": "xoxb-1"}, tmp_path=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "salesbot: HTTP mode needs SLACK_SIGNING_SECRET (api.slack.com/apps → your app → Basic Information, "
        "OAuth & Permissions)"
    ]
    result = run_bot(
        "migrate", env={"DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"}, tmp_path=tmp_path
    )
    assert result.returncode == 2
    assert result.stderr.strip().startswith("salesbot: cannot reach the database at DATABASE_URL")
    assert "Traceback" not in result.stderr


def test_migrate_and_help(tmp_path):
    assert run_bot("migrate", tmp_path=tmp_path).returncode == 0
    help_text = run_bot("--help", tmp_path=tmp_path).stdout
    for command in ("console", "socket", "http", "scheduler", "migrate", "demo"):
        assert command in help_text


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


def test_healthz_is_503_when_the_database_is_down():
    engine = make_engine("postgresql://nobody@127.0.0.1:1/none")
    app = create_app(
        Settings(bot_token="xoxb-1", signing_secret="s", api_url="http://127.0.0.1:1/api/"), engine
    )
    statuses = []
    body = b"".join(
        create_wsgi_app(app, engine)(
            {"PATH_INFO": "/healthz", "REQUEST_METHOD": "GET"},
            lambda status, headers: statuses.append(status),
        )
    )
    assert statuses == ["503 Service Unavailable"] and b'"database": "down"' in body


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
