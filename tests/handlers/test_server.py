"""``python bot.py http`` as deployed: gunicorn on a port, talking to a fake Slack over HTTP."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from urllib.parse import urlencode

import pytest
from slack_sdk.signature import SignatureVerifier

from localslack.webapi import FakeSlack, FakeUser
from tests.helpers import ROOT

SECRET = "test-signing-secret"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def signed_post(url: str, body: str, content_type: str = "application/x-www-form-urlencoded"):
    timestamp = str(int(time.time()))
    signature = SignatureVerifier(SECRET).generate_signature(timestamp=timestamp, body=body)
    request = urllib.request.Request(
        url,
        data=body.encode(),
        headers={
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": signature,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.fixture
def server(db, tmp_path):
    fake = FakeSlack(team_id="T0HTTP").start()
    fake.add_user(FakeUser(id="U0BOSS", name="boss", real_name="Berit Boss", is_owner=True, is_admin=True))
    fake.add_user(FakeUser(id="U0NORSK", name="kari", real_name="Kari Nordmann", locale="nb-NO"))
    fake.add_channel("C0SALES", "sales")
    port = free_port()
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": fake.bot_token,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake.api_url,
        "DATABASE_URL": db.url.render_as_string(hide_password=False),
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("SLACK_APP_TOKEN", None)
    log = (tmp_path / "server.log").open("w")
    process = subprocess.Popen([sys.executable, "bot.py", "http"], cwd=ROOT, env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 20
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=1):
                break
        except OSError:
            time.sleep(0.2)
    else:
        process.terminate()
        pytest.fail("bot.py http did not start: " + (tmp_path / "server.log").read_text())
    yield base, fake
    process.terminate()
    process.wait(timeout=10)
    fake.stop()


def slash(fake: FakeSlack, user: str, text: str) -> str:
    return urlencode(
        {
            "team_id": "T0HTTP",
            "team_domain": "http",
            "channel_id": "C0SALES",
            "channel_name": "sales",
            "user_id": user,
            "user_name": fake.user(user).name,
            "command": "/sales",
            "text": text,
            "api_app_id": fake.app_id,
            "is_enterprise_install": "false",
            "response_url": fake.new_response_url(user_id=user, channel_id="C0SALES"),
            "trigger_id": fake.issue_trigger_id(user),
        }
    )


def test_gunicorn_serves_signed_slack_requests_and_health(server):
    base, fake = server
    with urllib.request.urlopen(base + "/healthz") as response:
        assert response.status == 200 and json.loads(response.read()) == {"ok": True, "database": "up"}

    status, _ = signed_post(base + "/slack/events", slash(fake, "U0BOSS", "team create Salg Øst"))
    assert status == 200
    reply = fake.wait_for_posted(lambda p: p.kind == "ephemeral" and "Salg Øst" in (p.text or ""), timeout=10)
    assert "created" in reply.text

    status, _ = signed_post(base + "/slack/events", slash(fake, "U0NORSK", "team list"))
    assert status == 200
    reply = fake.wait_for_posted(lambda p: p.kind == "ephemeral" and p.user == "U0NORSK", timeout=10)
    assert reply.text.startswith("Team (1)")

    status, _ = signed_post(base + "/slack/events", slash(fake, "U0BOSS", "settings"))
    assert status == 200
    modal = fake.wait_for_posted(lambda p: p.kind == "modal_open", timeout=10)
    assert modal.view["title"]["text"] == "Workspace settings"


def test_gunicorn_refuses_a_bad_signature(server):
    base, fake = server
    request = urllib.request.Request(
        base + "/slack/events",
        data=slash(fake, "U0BOSS", "team create Hack").encode(),
        headers={"X-Slack-Request-Timestamp": str(int(time.time())), "X-Slack-Signature": "v0=bad"},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 401
