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
from prometheus_client.parser import text_string_to_metric_families
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
        "SALESBOT_READ_TIMEOUT": "2",
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
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
        assert response.status == 200 and json.loads(response.read()) == {"ok": True}
    with urllib.request.urlopen(base + "/readyz") as response:
        assert response.status == 200 and json.loads(response.read())["database"] == "up"

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


def _metric(base: str, name: str, **labels) -> float:
    with urllib.request.urlopen(base + "/metrics", timeout=10) as response:
        text = response.read().decode()
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items())
    )


def test_metrics_add_up_every_worker(server):
    """Two workers: /metrics, answered by either, counts the requests both served."""
    base, fake = server
    for _ in range(12):
        assert signed_post(base + "/slack/events", slash(fake, "U0BOSS", "help"))[0] == 200
    counts = {_metric(base, "salesbot_requests_total", kind="slash_command", status="200") for _ in range(6)}
    assert counts == {12.0}
    assert _metric(base, "salesbot_ack_seconds_count", kind="slash_command") == 12.0


def test_a_huge_body_is_refused_with_413_before_it_is_read(server):
    base, _ = server
    with socket.create_connection(("127.0.0.1", int(base.rsplit(":", 1)[1])), timeout=10) as conn:
        conn.sendall(
            b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: 104857600\r\n\r\n" + b"x" * 65536
        )
        started = time.monotonic()
        answer = conn.recv(4096)
    assert answer.startswith(b"HTTP/1.1 413") and time.monotonic() - started < 2


def test_stalled_clients_do_not_keep_health_checks_waiting(server):
    """30 uploads that stop half-way (more than the 16 threads of two workers) lose their
    connections after SALESBOT_READ_TIMEOUT, and /healthz answers again."""
    base, _ = server
    port = int(base.rsplit(":", 1)[1])
    stalled = []
    for i in range(30):
        conn = socket.create_connection(("127.0.0.1", port), timeout=10)
        if i % 2:
            conn.sendall(b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\nabc")
        else:
            conn.sendall(b"POST /slack/events HTTP/1.1\r\nHost: x\r\n")  # headers never finished
        stalled.append(conn)
    try:
        time.sleep(0.5)
        started = time.monotonic()
        with urllib.request.urlopen(base + "/healthz", timeout=15) as response:
            assert response.status == 200
        assert time.monotonic() - started < 8
        answers = [conn.recv(4096) for conn in stalled[1::2]]
        assert all(a == b"" or a.startswith(b"HTTP/1.1 408") for a in answers)
    finally:
        for conn in stalled:
            conn.close()
