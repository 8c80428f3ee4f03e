"""The scheduler's guarantees: exactly once when runners race, one leader among processes, and a
new leader within a minute when the old one dies (two real ``bot.py scheduler`` processes on
PostgreSQL), the in-process scheduler under gunicorn posting each digest once; and when a digest
is due: on time, late within the grace, skipped after it, through daylight saving, and retried.

The leader lock itself is tested in tests/storage/test_leader.py."""

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
from handlers.scheduler import SchedulerOptions, build_runner
from handlers.scheduler.posting import ChannelPacer
from localslack.webapi import FakeSlack
from salesbot.config import Settings
from storage.db import make_engine
from storage.models import DigestOccurrence
from tests.conftest import OWNER, PG_ADMIN_DSN, REP
from tests.handlers.schedules import (
    SALES,
    channel_posts,
    digest_workspace,
    keys,
    list_message,
    new_schedule,
    runner_for,
    schedules,
)
from tests.helpers import ROOT, dms, rows, shown
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


# -- when a digest is due, on a workspace's movable clock -----------------------------------------------
# On time, late within the grace, skipped after it, through daylight saving; a failed post retried,
# and its owner told once when no retry helps.


@pytest.fixture
def ws(db):
    with digest_workspace(db) as workspace:
        yield workspace


def test_nine_oclock_in_oslo_through_both_daylight_saving_changes(ws, db):
    ws.clock.set(datetime(2026, 3, 26, 12, tzinfo=UTC))
    new_schedule(ws, digest_cadence="daily", digest_time="09:00")
    runner = runner_for(ws)
    posted_at = []
    for day in (27, 28, 29, 30):  # clocks go forward in the night to Sunday 29 March
        for hour in (6, 7, 8):
            for minute in (0, 30):
                moment = datetime(2026, 3, day, hour, minute, tzinfo=UTC)
                if runner.tick(moment).posted:
                    posted_at.append(moment)
    assert posted_at == [
        datetime(2026, 3, 27, 8, 0, tzinfo=UTC),
        datetime(2026, 3, 28, 8, 0, tzinfo=UTC),
        datetime(2026, 3, 29, 7, 0, tzinfo=UTC),  # 09:00 CEST
        datetime(2026, 3, 30, 7, 0, tzinfo=UTC),
    ]
    ws.clock.set(datetime(2026, 10, 22, 12, tzinfo=UTC))
    posted_at = []
    for day in (23, 24, 25, 26):  # and back in the night to Sunday 25 October
        for hour in (6, 7, 8):
            moment = datetime(2026, 10, day, hour, 0, 10, tzinfo=UTC)
            if runner.tick(moment).posted:
                posted_at.append(moment)
    assert [m.hour for m in posted_at] == [7, 7, 8, 8]
    posted = [o.occurrence_key for o in rows(db, DigestOccurrence) if o.status == "posted"]
    assert len(posted) == len(set(posted)) == 8
    # The months in between, unattended, left one record: the 22 October digest, skipped.
    assert [o.occurrence_key for o in rows(db, DigestOccurrence) if o.status == "skipped"] == [
        "2026-10-22T09:00"
    ]


def test_a_personal_digest_at_half_past_two_through_the_night_of_the_autumn_fold_posts_once(ws, db):
    ws.clock.set(datetime(2026, 10, 24, 12, tzinfo=UTC))
    ws.command("digest me 02:30 daily", user=REP)
    runner = runner_for(ws)
    posts = []
    moment = datetime(2026, 10, 24, 22, 0, tzinfo=UTC)
    while moment < datetime(2026, 10, 25, 4, 0, tzinfo=UTC):  # 02:30 Oslo comes twice this night
        posts += [(moment, key) for key in keys(runner.tick(moment).posted)]
        moment += timedelta(minutes=10)
    # Once, at the first 02:30 (CEST, 00:30 UTC), not again at the second (CET, 01:30 UTC).
    assert posts == [(datetime(2026, 10, 25, 0, 30, tzinfo=UTC), "2026-10-25T02:30")]
    digests = [
        p for p in ws.fake.snapshot_posted() if p.kind == "dm" and p.user == REP and "Your sales" in shown(p)
    ]
    assert len(digests) == 1


def test_a_time_in_new_yorks_spring_gap_is_posted_when_the_clocks_jump(ws, db):
    ws.clock.set(datetime(2026, 3, 6, 12, tzinfo=UTC))
    new_schedule(ws, digest_cadence="daily", digest_time="02:30", digest_timezone="America/New_York")
    (schedule,) = schedules(db)
    assert schedule.timezone == "America/New_York"
    runner = runner_for(ws)
    posted = []
    moment = datetime(2026, 3, 7, 6, 0, tzinfo=UTC)
    while moment < datetime(2026, 3, 9, 9, 0, tzinfo=UTC):
        if runner.tick(moment).posted:
            posted.append(moment)
        moment += timedelta(minutes=15)
    assert posted == [
        datetime(2026, 3, 7, 7, 30, tzinfo=UTC),  # 02:30 EST
        datetime(2026, 3, 8, 7, 0, tzinfo=UTC),  # 02:30 does not exist: 03:00 EDT, when the clocks jump
        datetime(2026, 3, 9, 6, 30, tzinfo=UTC),  # 02:30 EDT
    ]


def test_weekday_digests_skip_christmas_and_new_year_in_a_norwegian_workspace(ws, db):
    """Oslo's workspace takes Norway's public holidays and, by default, the two eves off."""
    ws.clock.set(datetime(2026, 12, 21, 12, tzinfo=UTC))
    ws.command("digest me 08:00 weekdays", user=REP)
    new_schedule(ws, digest_cadence="last_working_day", digest_time="15:00")
    runner = runner_for(ws)
    posted = []
    for day in range(22, 32 + 5):  # 22 December 2026 to 5 January 2027, each morning and afternoon
        for hour in (7, 14):  # 08:00 and 15:00 in Oslo (CET)
            moment = datetime(2026, 12, 1, hour, 0, 10, tzinfo=UTC) + timedelta(days=day - 1)
            posted += keys(runner.tick(moment).posted)
    assert posted == [
        "2026-12-22T08:00",
        "2026-12-23T08:00",  # not Christmas Eve (Thursday), Christmas Day or Boxing Day
        "2026-12-28T08:00",
        "2026-12-29T08:00",
        "2026-12-30T08:00",
        "2026-12-30T15:00",  # the month's last working day: New Year's Eve is a day off
        "2027-01-04T08:00",  # not New Year's Day (Friday)
        "2027-01-05T08:00",
    ]


def test_after_downtime_a_digest_is_posted_late_within_the_grace_and_skipped_after_it(ws, db):
    new_schedule(ws, digest_cadence="daily", digest_time="09:00")
    runner = runner_for(ws)

    def digests() -> int:
        return len([p for p in channel_posts(ws) if p.kind == "message"])

    # Down from before 09:00 until 09:40: posted late, once.
    assert keys(runner.tick(datetime(2026, 11, 18, 8, 40, tzinfo=UTC)).posted) == ["2026-11-18T09:00"]
    assert digests() == 1
    # Down for three days, back at 12:00: the missed days are not posted in a burst, and
    # today's, three hours late, is past the grace: skipped, and recorded as such.
    report = runner.tick(datetime(2026, 11, 21, 11, 0, tzinfo=UTC))
    assert (report.posted, keys(report.skipped)) == ([], ["2026-11-21T09:00"])
    assert digests() == 1
    statuses = {o.occurrence_key: o.status for o in rows(db, DigestOccurrence)}
    assert statuses == {"2026-11-18T09:00": "posted", "2026-11-21T09:00": "skipped"}
    ws.command("digest", user=OWNER)
    assert "Last: skipped" in shown(list_message(ws))
    # The next day, on time again.
    assert keys(runner.tick(datetime(2026, 11, 22, 8, 0, 5, tzinfo=UTC)).posted) == ["2026-11-22T09:00"]
    # With a grace of 15 minutes (SALESBOT_DIGEST_GRACE_MINUTES), 30 minutes late is too late.
    strict = runner_for(ws, options=SchedulerOptions(grace=timedelta(minutes=15)))
    assert keys(strict.tick(datetime(2026, 11, 23, 8, 30, tzinfo=UTC)).skipped) == ["2026-11-23T09:00"]
    assert digests() == 2


def test_a_channel_salesbot_left_is_reported_to_the_owner_once_with_how_to_fix_it(ws, db):
    new_schedule(ws, digest_cadence="daily", digest_time="09:00")
    ws.fake.add_channel(*SALES, is_member=False)  # someone removed salesbot from #sales
    runner = runner_for(ws)
    report = runner.tick(datetime(2026, 11, 18, 8, 0, 5, tzinfo=UTC))
    assert report.failed and not report.posted
    (warning,) = [text for text in dms(ws, OWNER) if "could not be posted" in text]
    assert "salesbot is not in the channel. Type `/invite @salesbot` in <#C0SALES>" in warning
    # Not retried (no retry can fix it), and told once.
    runner.tick(datetime(2026, 11, 18, 8, 0, 30, tzinfo=UTC))
    runner.tick(datetime(2026, 11, 18, 8, 1, 0, tzinfo=UTC))
    assert len([t for t in dms(ws, OWNER) if "could not be posted" in t]) == 1
    (occurrence,) = rows(db, DigestOccurrence)
    assert (occurrence.status, occurrence.error, occurrence.reported) == ("failed", "not_in_channel", True)


def test_a_passing_slack_error_is_retried_and_a_lasting_one_reported_after_three_tries(ws, db):
    new_schedule(ws, digest_cadence="daily", digest_time="09:00")
    runner = runner_for(ws)
    ws.fake.fail_next("chat.postMessage", "internal_error")
    assert runner.tick(datetime(2026, 11, 18, 8, 0, 5, tzinfo=UTC)).failed
    report = runner.tick(datetime(2026, 11, 18, 8, 0, 30, tzinfo=UTC))
    assert keys(report.posted) == ["2026-11-18T09:00"]
    assert [o.attempts for o in rows(db, DigestOccurrence)] == [2]

    for _ in range(3):
        ws.fake.fail_next("chat.postMessage", "fatal_error")
    for second in (5, 30, 55, 80):
        runner.tick(datetime(2026, 11, 19, 8, 0, tzinfo=UTC) + timedelta(seconds=second))
    failed = [o for o in rows(db, DigestOccurrence) if o.occurrence_key == "2026-11-19T09:00"]
    assert [(o.status, o.attempts, o.reported) for o in failed] == [("failed", 3, True)]
    (warning,) = [text for text in dms(ws, OWNER) if "could not be posted" in text]
    assert "Slack answered `fatal_error` after 3 tries" in warning
