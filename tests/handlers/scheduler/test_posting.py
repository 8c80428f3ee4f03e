"""Posting a digest (handlers/scheduler/posting.py): Slack's rate limits waited out, one
conversation's digests spaced a second apart."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from handlers.scheduler import build_runner
from tests.handlers.schedules import SALES, digest_workspace, new_schedule, runner_for


@pytest.fixture
def ws(db):
    with digest_workspace(db) as workspace:
        yield workspace


def test_a_rate_limited_post_waits_out_retry_after_and_goes_through(ws, db):
    new_schedule(ws, digest_cadence="daily", digest_time="09:00")
    ws.fake.fail_next("chat.postMessage", "ratelimited", status=429, retry_after=1)
    report = runner_for(ws).tick(datetime(2026, 11, 18, 8, 0, 5, tzinfo=UTC))
    assert len(report.posted) == 1
    assert [c.status for c in ws.fake.calls_to("chat.postMessage")][-2:] == [429, 200]


def test_two_digests_to_one_channel_are_spaced_a_second_apart(ws, db):
    new_schedule(ws, digest_cadence="daily", digest_time="09:00")
    new_schedule(ws, digest_cadence="daily", digest_time="09:00")
    runner = build_runner(ws.settings, ws.engine, clock=ws.clock, election=False)  # the real pacing
    assert len(runner.tick(datetime(2026, 11, 18, 8, 0, 5, tzinfo=UTC)).posted) == 2
    posts = [c.at for c in ws.fake.calls_to("chat.postMessage") if c.args.get("channel") == SALES[0]]
    assert len(posts) == 2 and posts[1] - posts[0] >= 0.95
