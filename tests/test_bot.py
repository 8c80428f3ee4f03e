"""``bot.py``, the command line: its commands, and start-up failures said in one line."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

from localslack.webapi import FakeSlack
from tests.helpers import ROOT


def run_bot(*args, env=None, tmp_path, stdin=subprocess.DEVNULL, input=None):
    """``python bot.py ARGS`` as a process manager runs it: no terminal on stdin unless given one."""
    base = {"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{tmp_path}/cli.db"}
    return subprocess.run(
        [sys.executable, "bot.py", *args],
        cwd=ROOT,
        env={**base, **(env or {})},
        stdin=None if input is not None else stdin,
        input=input,
        capture_output=True,
        text=True,
        timeout=60,
    )


def one_line(result) -> str:
    """The one line a failed start said, after checking that it said only that."""
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("salesbot: ")]
    assert len(lines) == 1, result.stderr
    assert lines == result.stderr.strip().splitlines()[-1:], "the line is the last thing said"
    return lines[0]


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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


def test_a_half_configured_slack_says_what_is_missing_instead_of_starting_the_console(tmp_path):
    result = run_bot(env={"SLACK_BOT_TOKEN": "xoxb-1"}, tmp_path=tmp_path)

    assert one_line(result).startswith(
        "salesbot: SLACK_BOT_TOKEN is set, so salesbot would connect to Slack, but it also needs "
        "SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP)"
    )
    assert result.stdout == ""  # no console, no talk of missing credentials

    result = run_bot(env={"SLACK_SIGNING_SECRET": "s3cret"}, tmp_path=tmp_path)
    assert "but it also needs SLACK_BOT_TOKEN (the Bot User OAuth Token, xoxb-…)" in one_line(result)


def test_without_slack_and_without_a_terminal_it_stops_instead_of_ending_quietly(tmp_path):
    result = run_bot(tmp_path=tmp_path)

    assert one_line(result) == (
        "salesbot: no Slack credentials are set (SLACK_BOT_TOKEN with SLACK_APP_TOKEN for Socket Mode, or "
        "with SLACK_SIGNING_SECRET for HTTP; see README.md, Connecting to Slack), and the local console "
        "salesbot starts instead needs a terminal "
        "(to feed the console from a pipe, run python bot.py console)"
    )
    # Asked for by name, the console reads a pipe as before.
    piped = run_bot("console", tmp_path=tmp_path, input="n\nPer Olsen\nquit\n")
    assert piped.returncode == 0, piped.stderr
    assert "Welcome, Per Olsen" in piped.stdout


def test_without_slack_in_a_terminal_the_console_starts_and_says_how_to_connect(tmp_path):
    controller, terminal = os.openpty()
    try:
        os.write(controller, b"n\nPer Olsen\nquit\n")
        result = run_bot(tmp_path=tmp_path, stdin=terminal)
    finally:
        os.close(terminal)
        os.close(controller)

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(
        "No Slack credentials are set (SLACK_BOT_TOKEN with SLACK_APP_TOKEN for Socket Mode, or with "
        "SLACK_SIGNING_SECRET for HTTP; see README.md, Connecting to Slack), so salesbot starts the local "
        "console.\n"
    )
    assert "Welcome, Per Olsen" in result.stdout


def test_a_wrong_log_level_is_one_line(tmp_path):
    result = run_bot("migrate", env={"LOG_LEVEL": "LOUD"}, tmp_path=tmp_path)

    assert one_line(result) == (
        "salesbot: LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL (got 'LOUD')"
    )


def test_socket_mode_says_in_one_line_when_slack_is_unreachable_or_refuses_the_token(tmp_path):
    tokens = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1", "SALESBOT_SCHEDULER": "off"}
    api_url = f"http://127.0.0.1:{closed_port()}/api/"

    result = run_bot("socket", env={**tokens, "SLACK_API_URL": api_url}, tmp_path=tmp_path)

    assert one_line(result).startswith(f"salesbot: cannot reach Slack at {api_url} (")
    assert "check the network, a proxy, or SLACK_API_URL" in result.stderr

    with FakeSlack() as fake:  # its bot token is not xoxb-1
        result = run_bot("socket", env={**tokens, "SLACK_API_URL": fake.api_url}, tmp_path=tmp_path)

    assert one_line(result).startswith("salesbot: Slack refused SLACK_BOT_TOKEN (invalid_auth): copy the Bot")
