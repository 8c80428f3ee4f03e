"""The scheduler's Prometheus metrics where it runs without the web app (``bot.py scheduler``, the
Procfile's ``clock``): a tick moves them (leader, last tick, lateness, messages sent, Slack's
errors and retries), and METRICS_PORT serves them; the web workers' directory is left alone."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime

import pytest
from prometheus_client.parser import text_string_to_metric_families

from handlers.metrics import serve_metrics
from handlers.scheduler import build_runner
from handlers.scheduler.posting import ChannelPacer
from salesbot.clock import FixedClock
from salesbot.config import ConfigError
from tests.handlers.scheduler.test_runner import (
    add_schedules,
    due_now,
    fake,  # noqa: F401 (a fixture)
    posted_digests,
    settings_for,
    wait_until,
)
from tests.helpers import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def scrape(port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as response:
        assert response.status == 200
        return response.read().decode()


def sample(text: str, name: str, **labels) -> float | None:
    for family in text_string_to_metric_families(text):
        for each in family.samples:
            if each.name == name and all(each.labels.get(k) == v for k, v in labels.items()):
                return each.value
    return None


def grew(before: str, after: str, name: str, **labels) -> float:
    return (sample(after, name, **labels) or 0.0) - (sample(before, name, **labels) or 0.0)


@pytest.fixture
def metrics_port():
    port = free_port()
    server = serve_metrics(port, addr="127.0.0.1")
    yield port
    server.shutdown()
    server.server_close()


def test_a_tick_moves_the_scheduler_metrics_and_the_port_serves_them(db, fake, metrics_port):  # noqa: F811
    add_schedules(db, fake, 2)
    now = datetime(2026, 11, 18, 9, 0, 30, tzinfo=UTC)
    runner = build_runner(settings_for(fake, db), db, clock=FixedClock(now), pacer=ChannelPacer(0))
    # Slack rate-limits the first post: slack_sdk waits out Retry-After and tries again.
    fake.fail_next("chat.postMessage", "ratelimited", status=429, retry_after=1)
    before = scrape(metrics_port)
    started = time.time()
    try:
        report = runner.tick(now)
    finally:
        runner.election.release()
    after = scrape(metrics_port)

    assert len(report.posted) == 2 and len(posted_digests(fake)) == 2
    assert sample(after, "salesbot_scheduler_leader") == 1
    assert sample(after, "salesbot_scheduler_last_tick_timestamp_seconds") >= int(started)
    assert grew(before, after, "salesbot_scheduled_sent_total", job="digest") == 2
    # Due at 09:00, posted at 09:00:30 by the runner's clock: the lag, per digest.
    assert grew(before, after, "salesbot_digest_lateness_seconds_count") == 2
    assert grew(before, after, "salesbot_digest_lateness_seconds_sum") == pytest.approx(60)
    post = {"method": "chat.postMessage"}
    assert grew(before, after, "salesbot_slack_api_retries_total", reason="rate_limited", **post) == 1
    assert grew(before, after, "salesbot_slack_api_errors_total", error="http_429", **post) == 1


def test_a_standby_scheduler_says_it_is_not_leading(db, fake, metrics_port):  # noqa: F811
    leader = build_runner(settings_for(fake, db), db, pacer=ChannelPacer(0))
    standby = build_runner(settings_for(fake, db), db, pacer=ChannelPacer(0))
    try:
        assert leader.tick(datetime(2026, 11, 18, 9, 0, tzinfo=UTC)).leader
        assert sample(scrape(metrics_port), "salesbot_scheduler_leader") == 1
        assert standby.tick(datetime(2026, 11, 18, 9, 0, tzinfo=UTC)).leader is False
        assert sample(scrape(metrics_port), "salesbot_scheduler_leader") == 0
    finally:
        leader.election.release()
        standby.election.release()


def test_a_taken_metrics_port_is_explained(metrics_port):
    with pytest.raises(ConfigError, match=f"METRICS_PORT {metrics_port} cannot be listened on"):
        serve_metrics(metrics_port, addr="127.0.0.1")


def scheduler_env(db, fake, **extra: str) -> dict[str, str]:  # noqa: F811
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": fake.bot_token,
        "SLACK_API_URL": fake.api_url,
        "DATABASE_URL": db.url.render_as_string(hide_password=False),
        "SALESBOT_SCHEDULER_INTERVAL": "1",
        "LOG_LEVEL": "INFO",
        **extra,
    }
    for name in ("SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET"):
        env.pop(name, None)
    return env


def test_the_clock_process_serves_its_metrics_on_METRICS_PORT(db, fake, tmp_path):  # noqa: F811
    """``python bot.py scheduler`` as the Procfile's clock runs it, with METRICS_PORT set, and
    with the web workers' PROMETHEUS_MULTIPROC_DIR in its environment (a shared env file)."""
    add_schedules(db, fake, 1, at=due_now())
    port = free_port()
    web_metrics = tmp_path / "web-metrics"
    web_metrics.mkdir()
    log = tmp_path / "clock.log"
    process = subprocess.Popen(
        [sys.executable, "bot.py", "scheduler"],
        cwd=ROOT,
        env=scheduler_env(db, fake, METRICS_PORT=str(port), PROMETHEUS_MULTIPROC_DIR=str(web_metrics)),
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until(lambda: len(posted_digests(fake)) == 1, 30, "the clock posts the digest due")

        def scraped() -> str | None:
            try:
                text = scrape(port)
            except OSError:
                return None
            return text if sample(text, "salesbot_scheduled_sent_total", job="digest") == 1 else None

        text = wait_until(scraped, 15, f"the clock's /metrics on port {port}")
        assert sample(text, "salesbot_scheduler_leader") == 1
        assert sample(text, "salesbot_scheduler_last_tick_timestamp_seconds") > time.time() - 30
        assert sample(text, "salesbot_digest_lateness_seconds_count") == 1
        assert "serving Prometheus metrics on port" in log.read_text()
        # Its figures are its own: nothing written where the web workers add theirs up.
        assert list(web_metrics.iterdir()) == []
    finally:
        process.terminate()
        process.wait(timeout=15)


def test_the_clock_process_stops_when_its_metrics_port_is_taken(db, fake, metrics_port):  # noqa: F811
    result = subprocess.run(
        [sys.executable, "bot.py", "scheduler"],
        cwd=ROOT,
        env=scheduler_env(db, fake, METRICS_PORT=str(metrics_port)),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert f"METRICS_PORT {metrics_port} cannot be listened on" in result.stderr
