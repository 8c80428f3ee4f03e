"""``bot.py``, the command line: its commands, and start-up failures said in one line."""

from __future__ import annotations

import subprocess
import sys

from tests.helpers import ROOT


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
