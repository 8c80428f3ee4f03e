"""The scheduler's guarantees: exactly once when runners race, one leader among processes, and a
new leader within a minute when the old one dies (two real ``bot.py scheduler`` processes on
PostgreSQL), and the in-process scheduler under gunicorn posting each digest once."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from handlers.runtime import Services
from handlers.scheduler import build_runner
from handlers.scheduler.posting import ChannelPacer
from localslack.webapi import FakeSlack
from salesbot.config import Settings
from storage.db import make_engine
from storage.models import DigestOccurrence
from tests.conftest import PG_ADMIN_DSN
from tests.helpers import ROOT, rows
from tests.scratch import postgres_unreachable, scratch_database

TEAM = "T0SCHED"


@pytest.fixture
def fake():
    slack = FakeSlack(team_id=TEAM).start()
    yield slack
    slack.stop()


def settings_for(fake: FakeSlack, engine) -> Settings:
    return Settings(
        bot_token=fake.bot_token,
        api_url=fake.api_url,
        database_url=engine.url.render_as_string(hide_password=False),
        scheduler_on=False,
    )


def add_schedules(engine, fake: FakeSlack, count: int, *, at: str = "09:00", tz: str = "UTC") -> list[int]:
    """``count`` company digests, each to a channel of its own, daily at ``at``."""
    ids = []
    with Services(Settings(), engine).store(TEAM) as store:
        for n in range(count):
            channel = f"C{secrets.token_hex(4).upper()}"
            fake.add_channel(channel, f"digest-{n}")
            schedule = store.add_digest_schedule(
                kind="channel",
                channel_id=channel,
                scope="company",
                cadence="daily",
                local_time=at,
                timezone=tz,
                sections=["progress", "leaderboard", "delays", "lost"],
            )
            ids.append(schedule.id)
    return ids


def posted_digests(fake: FakeSlack) -> list:
    return [p for p in fake.snapshot_posted() if p.kind == "message" and "Sales digest" in (p.text or "")]


# -- exactly once ------------------------------------------------------------------------------


def test_runners_racing_on_the_same_occurrences_post_each_once(db, fake):
    """Threads on SQLite; on PostgreSQL each runner has its own engine, as two processes would."""
    ids = add_schedules(db, fake, 12)
    url = db.url.render_as_string(hide_password=False)
    engines = [db] if db.dialect.name == "sqlite" else [make_engine(url) for _ in range(3)]
    runners = [
        build_runner(settings_for(fake, db), engines[i % len(engines)], pacer=ChannelPacer(0), election=False)
        for i in range(3)
    ]
    now = datetime(2026, 11, 18, 9, 0, 30, tzinfo=UTC)
    start = threading.Barrier(len(runners))
    reports = []

    def race(runner):
        start.wait()
        reports.append(runner.run_due(now))

    threads = [threading.Thread(target=race, args=(runner,)) for runner in runners]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    posted = sorted(label for report in reports for label in report.posted)
    assert posted == sorted(f"{i}@2026-11-18T09:00" for i in ids)
    assert len(posted_digests(fake)) == 12
    occurrences = rows(db, DigestOccurrence)
    assert sorted((o.schedule_id, o.status) for o in occurrences) == sorted((i, "posted") for i in ids)
    # A retry, a restart or another runner later: nothing more.
    assert (
        build_runner(settings_for(fake, db), db, pacer=ChannelPacer(0), election=False).run_due(now).posted
        == []
    )
    assert len(posted_digests(fake)) == 12
    for engine in engines:
        if engine is not db:
            engine.dispose()


# -- a leader and its followers ----------------------------------------------------------------------


def test_a_follower_does_not_post(db, fake):
    add_schedules(db, fake, 1)
    leader = build_runner(settings_for(fake, db), db, pacer=ChannelPacer(0))
    follower = build_runner(settings_for(fake, db), db, pacer=ChannelPacer(0))
    try:
        assert leader.tick(datetime(2026, 11, 18, 9, 0, 5, tzinfo=UTC)).posted
        report = follower.tick(datetime(2026, 11, 18, 9, 0, 5, tzinfo=UTC))
        assert report.leader is False and report.posted == []
    finally:
        leader.election.release()
        follower.election.release()


# -- real processes -------------------------------------------------------------------------------------


@pytest.fixture
def fresh_postgres():
    """A PostgreSQL database of its own, on the newest schema."""
    if why := postgres_unreachable(PG_ADMIN_DSN):
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is not reachable at {PG_ADMIN_DSN} ({why})")
        pytest.skip("PostgreSQL is not reachable")
    with scratch_database("postgresql", admin_dsn=PG_ADMIN_DSN, prefix="salesbot_failover") as engine:
        yield engine


# How soon the second scheduler process leads once the first is killed (interval: 1 s).
TAKEOVER_SECONDS = 8


def due_now(minutes_ago: int = 1) -> str:
    return (datetime.now(UTC) - timedelta(minutes=minutes_ago)).strftime("%H:%M")


def start_scheduler(engine, fake: FakeSlack, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": fake.bot_token,
        "SLACK_API_URL": fake.api_url,
        "DATABASE_URL": engine.url.render_as_string(hide_password=False),
        "SALESBOT_SCHEDULER_INTERVAL": "1",
        "LOG_LEVEL": "INFO",
    }
    for name in ("SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET"):
        env.pop(name, None)
    return subprocess.Popen(
        [sys.executable, "bot.py", "scheduler"],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )


def wait_until(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"{what} within {timeout} s")


def test_failover_between_two_scheduler_processes_on_postgresql(fresh_postgres, fake, tmp_path):
    engine = fresh_postgres
    logs = [tmp_path / "a.log", tmp_path / "b.log"]
    processes = [start_scheduler(engine, fake, log) for log in logs]
    try:
        leading = "now runs the digest scheduler"

        def leaders() -> list[int]:
            return [i for i, log in enumerate(logs) if leading in log.read_text()]

        (leader,) = wait_until(leaders, 20, "one scheduler process leads")
        time.sleep(1.5)
        assert leaders() == [leader], "only one leads"

        add_schedules(engine, fake, 1, at=due_now())
        wait_until(lambda: len(posted_digests(fake)) == 1, 15, "the leader posts the digest due")

        processes[leader].send_signal(signal.SIGKILL)  # no goodbye: the lock goes with the connection
        processes[leader].wait(timeout=10)
        killed_at = time.monotonic()
        follower = 1 - leader
        # The kill closes the leader's socket, so PostgreSQL ends its session and frees the lock
        # at once; the follower takes it at its next try (every second here): within a few
        # seconds, not when TCP keepalives notice a vanished host (about 25 s) nor after a minute.
        wait_until(lambda: leading in logs[follower].read_text(), 60, "the other process takes over")
        takeover = time.monotonic() - killed_at
        assert takeover < TAKEOVER_SECONDS, f"the follower took {takeover:.1f} s to take over"

        add_schedules(engine, fake, 1, at=due_now())
        wait_until(lambda: len(posted_digests(fake)) == 2, 15, "the new leader posts the next digest")
        time.sleep(1.5)
        assert len(posted_digests(fake)) == 2, "the first digest is not posted again by the new leader"
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=10)


def test_the_in_process_scheduler_under_gunicorn_posts_each_digest_once(db, fake, tmp_path):
    """Two gunicorn workers each start the scheduler; they elect one leader, so one post."""
    add_schedules(db, fake, 3, at=due_now())
    port = _free_port()
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": fake.bot_token,
        "SLACK_SIGNING_SECRET": "test-signing-secret",
        "SLACK_API_URL": fake.api_url,
        "DATABASE_URL": db.url.render_as_string(hide_password=False),
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
        "SALESBOT_SCHEDULER": "on",
        "SALESBOT_SCHEDULER_INTERVAL": "1",
        "LOG_LEVEL": "INFO",
    }
    env.pop("SLACK_APP_TOKEN", None)
    log = tmp_path / "http.log"
    process = subprocess.Popen(
        [sys.executable, "bot.py", "http", "--no-migrate"],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until(lambda: len(posted_digests(fake)) == 3, 30, "the three digests are posted")
        time.sleep(2)  # more ticks of both workers
        assert len(posted_digests(fake)) == 3, log.read_text()
        assert log.read_text().count("now runs the digest scheduler") == 1
    finally:
        process.terminate()
        process.wait(timeout=15)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
