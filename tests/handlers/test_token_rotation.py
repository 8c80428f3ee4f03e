"""Token rotation (the app's "token rotation" turned on at api.slack.com): an install gets a bot
token that expires in 12 hours and a refresh token that works once. A token about to expire is
renewed before it is used, by a slash command (Bolt's authorize finds it through the installation
store) and by a scheduled job (``Services.client_for``) alike, the new tokens saved; requests and
jobs racing to renew it spend the refresh token once. The fake Slack refuses an expired or
replaced token as Slack does, so a stale token anywhere shows up as a failed call."""

from __future__ import annotations

import secrets
import threading
import time
from datetime import UTC, datetime

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import select
from sqlmodel import Session

from handlers.runtime import Services
from localslack.webapi import ROTATING_TOKEN_SECONDS, FakeSlack
from localslack.workspace import LocalWorkspace
from salesbot.clock import FixedClock
from storage.models import SLACK_BOTS
from tests.handlers.installs import CLIENT, WallClock, install
from tests.handlers.schedules import SALES, channel_posts, keys, new_schedule, runner_for
from tests.helpers import last_reply

TEAM, ADMIN = "T0ROT", "U0ADMIN"
# Wednesday 18 November 2026, 07:30 UTC: the app's own clock, for digests. Token expiry runs on
# the wall clock (``WallClock``), which the tests move on.
START = datetime(2026, 11, 18, 7, 30, tzinfo=UTC)


@pytest.fixture
def wall_clock(monkeypatch) -> WallClock:
    return WallClock().install_into(monkeypatch)


@pytest.fixture
def ws(db, wall_clock):
    fake = FakeSlack(team_id=TEAM, bot_token="xoxb-unused-" + secrets.token_hex(4), clock=wall_clock).start()
    fake.enable_oauth(*CLIENT, token_rotation=True)
    workspace = LocalWorkspace.start(db, team_id=TEAM, fake=fake, oauth=CLIENT, clock=FixedClock(START))
    workspace.add_user(ADMIN, "Ada Admin", is_owner=True, is_admin=True, tz="Europe/Oslo")
    fake.add_channel(*SALES)
    try:
        yield workspace
    finally:
        workspace.stop()


def stored_bots(db) -> list[dict]:
    with Session(db) as session:
        return [dict(row._mapping) for row in session.execute(select(SLACK_BOTS))]


def refreshes(fake: FakeSlack) -> list:
    return [c for c in fake.calls_to("oauth.v2.access") if c.args.get("grant_type") == "refresh_token"]


def refused(token: str, fake: FakeSlack) -> str:
    """What Slack answers a call made with ``token``: its error code."""
    with pytest.raises(SlackApiError) as raised:
        WebClient(token=token, base_url=fake.api_url).auth_test()
    return raised.value.response["error"]


def test_an_install_with_rotation_on_stores_the_expiring_token_and_its_refresh_token(ws, db, wall_clock):
    install(ws, TEAM, "Rotating AS")
    (bot,) = stored_bots(db)
    assert bot["bot_token"] == ws.fake.token_of(TEAM) and bot["bot_token"].startswith("xoxe.xoxb-")
    assert bot["bot_refresh_token"] == ws.fake.refresh_token_of(TEAM)
    assert bot["bot_refresh_token"].startswith("xoxe-")
    expires_in = bot["bot_token_expires_at"].replace(tzinfo=UTC).timestamp() - wall_clock()
    assert ROTATING_TOKEN_SECONDS - 60 < expires_in <= ROTATING_TOKEN_SECONDS
    # Not due for 10 hours: a command uses the token as it is.
    ws.command("help", user=ADMIN)
    assert refreshes(ws.fake) == [] and ws.fake.token_of(TEAM) == bot["bot_token"]
    # Past its 12 hours, Slack refuses it.
    wall_clock.advance(hours=12, seconds=1)
    assert refused(bot["bot_token"], ws.fake) == "token_expired"


def test_a_slash_command_renews_a_token_about_to_expire_and_is_answered_with_the_new_one(ws, db, wall_clock):
    install(ws, TEAM, "Rotating AS")
    old = ws.fake.token_of(TEAM)
    old_refresh = ws.fake.refresh_token_of(TEAM)
    wall_clock.advance(hours=11)  # an hour left: within the two hours before expiry
    before = len(ws.fake.snapshot_calls())

    ws.command("team create Nord", user=ADMIN)

    assert "Nord" in last_reply(ws, ADMIN)
    (refresh,) = refreshes(ws.fake)
    assert refresh.response["ok"]  # the fake checked the app's client id and secret
    new = ws.fake.token_of(TEAM)
    assert new != old and new.startswith("xoxe.xoxb-")
    # Saved in place of the old one: one row, the new token and the new refresh token.
    (bot,) = stored_bots(db)
    assert (bot["bot_token"], bot["bot_refresh_token"]) == (new, ws.fake.refresh_token_of(TEAM))
    assert bot["bot_refresh_token"] != old_refresh
    expires_in = bot["bot_token_expires_at"].replace(tzinfo=UTC).timestamp() - wall_clock()
    assert expires_in > ROTATING_TOKEN_SECONDS - 60
    # Everything the request asked of Slack (Bolt's auth.test, the new person's profile) went
    # with the new token, and Slack took it all.
    made = [
        c for c in ws.fake.snapshot_calls()[before:] if c.method not in ("oauth.v2.access", "response_url")
    ]
    assert {c.method for c in made} >= {"auth.test", "users.info"}
    assert {c.token for c in made} == {new}
    assert all(c.response.get("ok") for c in made)
    # The old token and refresh token are spent.
    assert refused(old, ws.fake) == "invalid_auth"
    # Used again, it is not renewed again.
    ws.command("team list", user=ADMIN)
    assert len(refreshes(ws.fake)) == 1 and "Nord" in last_reply(ws, ADMIN)


def test_a_scheduled_digest_renews_the_token_rather_than_post_with_an_expired_one(ws, db, wall_clock):
    install(ws, TEAM, "Rotating AS")
    new_schedule(ws, user=ADMIN, digest_cadence="daily", digest_time="09:00")
    old = ws.fake.token_of(TEAM)
    # Thirteen hours on, nobody has used salesbot: the token has expired in the store.
    wall_clock.advance(hours=13)
    assert refused(old, ws.fake) == "token_expired"

    report = runner_for(ws).tick(datetime(2026, 11, 18, 8, 0, 5, tzinfo=UTC))

    assert keys(report.posted) == ["2026-11-18T09:00"]
    assert len(refreshes(ws.fake)) == 1
    new = ws.fake.token_of(TEAM)
    assert new != old
    (post,) = [c for c in ws.fake.calls_to("chat.postMessage") if c.args.get("channel") == SALES[0]]
    assert post.token == new and post.response["ok"]
    assert [p.kind for p in channel_posts(ws)] == ["message"]
    assert stored_bots(db)[0]["bot_token"] == new


def test_requests_and_jobs_racing_to_renew_spend_the_refresh_token_once(ws, db, wall_clock, monkeypatch):
    """Slack takes each refresh token once: eight renewals at once, from two "processes" (each
    its own Services and store), must be one call, all eight then holding the same new token."""
    install(ws, TEAM, "Rotating AS")
    old = ws.fake.token_of(TEAM)
    wall_clock.advance(hours=11)
    # A slow answer from Slack, so that every thread is past its first look at the store before
    # the first renewal is saved: without a lock, all eight would try.
    answer = ws.fake._refresh
    monkeypatch.setattr(ws.fake, "_refresh", lambda args: (time.sleep(0.2), answer(args))[1])
    processes = [Services(settings=ws.settings, engine=db) for _ in range(2)]
    start = threading.Barrier(8)
    tokens: list[str] = []
    failures: list[BaseException] = []

    def renew(services: Services) -> None:
        start.wait()
        try:
            tokens.append(services.client_for(TEAM).token)
        except BaseException as error:  # noqa: BLE001 (reported below)
            failures.append(error)

    threads = [threading.Thread(target=renew, args=(processes[i % 2],)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert failures == []
    assert len(refreshes(ws.fake)) == 1
    new = ws.fake.token_of(TEAM)
    assert tokens == [new] * 8 and new != old
    assert len(stored_bots(db)) == 1
    ws.command("help", user=ADMIN)
    assert last_reply(ws, ADMIN) and len(refreshes(ws.fake)) == 1


def test_a_renewal_slack_fails_leaves_the_current_token_in_use_and_the_next_use_renews(
    ws, db, wall_clock, caplog
):
    install(ws, TEAM, "Rotating AS")
    old = ws.fake.token_of(TEAM)
    wall_clock.advance(hours=11)
    ws.fake.fail_next("oauth.v2.access", "internal_error", status=500)

    ws.command("team create Nord", user=ADMIN)

    # The token has an hour left: the command is served with it, and the failure logged.
    assert "Nord" in last_reply(ws, ADMIN)
    assert [c.status for c in ws.fake.calls_to("oauth.v2.access")][-1] == 500
    assert ws.fake.token_of(TEAM) == old and stored_bots(db)[0]["bot_token"] == old
    assert "renewing the bot token of T0ROT failed (internal_error)" in caplog.text
    assert old not in caplog.text

    ws.command("team list", user=ADMIN)
    assert len(refreshes(ws.fake)) == 2 and refreshes(ws.fake)[-1].response["ok"]
    assert stored_bots(db)[0]["bot_token"] == ws.fake.token_of(TEAM) != old


def test_an_org_wide_install_renews_its_one_token_for_every_team(ws, db, wall_clock):
    install(ws, TEAM, "Konsern", enterprise_id="E0ORG", org_wide=True)
    old = ws.fake.token_of(None)  # an org-wide install's token belongs to no one team
    assert old and old.startswith("xoxe.xoxb-")
    wall_clock.advance(hours=11)
    services = Services(settings=ws.settings, engine=db)
    first = services.client_for("T0FIRST", enterprise_id="E0ORG").token
    second = services.client_for("T0SECOND", enterprise_id="E0ORG").token
    assert first == second == ws.fake.token_of(None) != old
    assert len(refreshes(ws.fake)) == 1
    (bot,) = stored_bots(db)
    assert (bot["team_id"], bot["enterprise_id"], bot["bot_token"]) == (None, "E0ORG", first)
