"""Many workspaces (handlers/installations.py, Bolt's OAuth flow in handlers/app.py): installing
through /slack/install and /slack/oauth_redirect against the local fake Slack's oauth.v2.access,
each workspace answered and reached by the scheduler with its own token, nothing crossing, and an
uninstall deleting its tokens at once and its data after the grace period."""

from __future__ import annotations

import json
import secrets
from datetime import UTC, timedelta
from urllib.parse import urlencode

import pytest
from sqlalchemy import event, func
from sqlalchemy import select as sa_select
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, SQLModel, select

from handlers.runtime import NotInstalled, Services
from handlers.scheduler import build_runner
from handlers.scheduler.posting import ChannelPacer
from localslack.webapi import FakeSlack
from localslack.workspace import LocalWorkspace
from salesbot.clock import FixedClock
from salesbot.demo import load_demo
from salesbot.i18n import t
from storage.installations import InstallationStore
from storage.models import SLACK_BOTS, Workspace
from tests.handlers.installs import CLIENT, install
from tests.helpers import last_reply


@pytest.fixture
def two(db):
    fake = FakeSlack(team_id="T0ONE", bot_token="xoxb-unused-" + secrets.token_hex(4)).start()
    fake.enable_oauth(*CLIENT)
    secret = secrets.token_hex(16)
    one = LocalWorkspace.start(db, team_id="T0ONE", fake=fake, oauth=CLIENT, signing_secret=secret)
    other = LocalWorkspace.start(db, team_id="T0TWO", fake=fake, oauth=CLIENT, signing_secret=secret)
    one.add_user("U0ANNE", "Anne Admin", is_owner=True, is_admin=True)
    one.add_user("U0BJORN", "Bjorn Boss", is_owner=True, is_admin=True)
    try:
        yield one, other
    finally:
        one.executor.shutdown(wait=True)
        other.executor.shutdown(wait=True)
        fake.stop()


def test_install_then_each_workspace_answered_with_its_own_token(two, db):
    one, other = two
    install(one, "T0ONE", "One AS")
    install(other, "T0TWO", "Two AS")
    fake = one.fake
    token_one, token_two = fake.token_of("T0ONE"), fake.token_of("T0TWO")
    assert token_one and token_two and token_one != token_two
    with Session(db) as session:
        stored = {row.team_id: row.bot_token for row in session.execute(sa_select(SLACK_BOTS))}
        assert stored == {"T0ONE": token_one, "T0TWO": token_two}
        # The workspaces exist from the install on.
        assert {w.slack_team_id for w in session.exec(select(Workspace))} == {"T0ONE", "T0TWO"}

    # Both act at once; each request is answered with its own workspace's token.
    one.command("team create Nord", user="U0ANNE", wait=False)
    other.command("team create Sor", user="U0BJORN", wait=False)
    one.wait_idle()
    other.wait_idle()
    one.command("team list", user="U0ANNE")
    assert "Nord" in last_reply(one, "U0ANNE") and "Sor" not in last_reply(one, "U0ANNE")
    other.command("team list", user="U0BJORN")
    assert "Sor" in last_reply(other, "U0BJORN") and "Nord" not in last_reply(other, "U0BJORN")
    tokens_by_user = {}
    for call in fake.calls_to("users.info"):
        tokens_by_user.setdefault(call.args["user"], set()).add(call.token)
    assert tokens_by_user == {"U0ANNE": {token_one}, "U0BJORN": {token_two}}


def test_slack_is_asked_who_the_bot_is_once_per_token_not_before_every_ack(two):
    one, _ = two
    install(one, "T0ONE", "One AS")
    fake = one.fake
    asked = len(fake.calls_to("auth.test"))
    for _ in range(3):
        one.command("help", user="U0ANNE")
    assert len(fake.calls_to("auth.test")) == asked + 1
    # Uninstalled, the token is gone from the store: no remembered answer serves it (Bolt's own
    # "install this app" note through the response_url is all that is said).
    fake.revoke(fake.token_of("T0ONE"))
    one.event({"type": "app_uninstalled"})
    seen = len(fake.snapshot_calls())
    one.command("help", user="U0ANNE")
    assert [c.method for c in fake.snapshot_calls()[seen:]] == ["response_url"]


def test_a_workspace_s_token_is_read_from_the_database_once_in_a_few_seconds(two, db, monkeypatch):
    import storage.installations as installations

    one, _ = two
    install(one, "T0ONE", "One AS")
    reads: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:
        if "slack_bots" in statement and statement.lstrip().upper().startswith("SELECT"):
            reads.append(statement)

    event.listen(db, "before_cursor_execute", count)
    try:
        for _ in range(3):
            one.command("help", user="U0ANNE")
        assert len(reads) == 1
        later = installations.time() + installations.FOUND_SECONDS + 1
        monkeypatch.setattr(installations, "time", lambda: later)
        one.command("help", user="U0ANNE")
        assert len(reads) == 2
    finally:
        event.remove(db, "before_cursor_execute", count)


def test_the_database_down_before_authorizing_is_said_as_it_is_not_reinstall_the_app(two, monkeypatch):
    one, _ = two
    install(one, "T0ONE", "One AS")
    one.command("help", user="U0ANNE")
    fake = one.fake

    def unreachable(*args, **kwargs):
        raise OperationalError("SELECT", {}, Exception("the database system is shutting down"))

    # The database restarting: the installation store cannot be read, and nothing answers.
    monkeypatch.setattr(InstallationStore, "find_bot", unreachable)
    monkeypatch.setattr("handlers.app.database_answers", lambda engine: False)
    seen = len(fake.snapshot_posted())
    answer = one.command("progress", user="U0ANNE")
    assert answer.status == 200
    (notice,) = fake.snapshot_posted()[seen:]
    assert notice.kind == "ephemeral" and notice.text == t("en", "error.database_down")
    assert "reinstall" not in notice.text

    form = {
        "type": "modal",
        "callback_id": "result_modal",
        "title": {"type": "plain_text", "text": "x"},
        "blocks": [],
    }
    submitted = one.post(
        urlencode(
            {"payload": json.dumps(one._view_payload("view_submission", "U0ANNE", {**form, "id": "V1"}))}
        ),
        "application/x-www-form-urlencoded",
    )
    assert submitted.status == 200
    ack = submitted.json()
    assert ack["response_action"] == "update"
    assert t("en", "error.database_down") in json.dumps(ack["view"]["blocks"])


def test_a_request_from_a_workspace_that_never_installed_is_not_served(two):
    one, _ = two
    fake = one.fake
    one.command("help", user="U0ANNE")
    assert [c for c in fake.snapshot_calls() if c.method != "response_url"] == []


def test_scheduled_work_uses_each_workspaces_own_token(two, db):
    one, other = two
    install(one, "T0ONE", "One AS")
    install(other, "T0TWO", "Two AS")
    services = Services(settings=one.settings, engine=db)
    assert services.client_for("T0ONE").token == one.fake.token_of("T0ONE")
    assert services.client_for("T0TWO").token == one.fake.token_of("T0TWO")
    with pytest.raises(NotInstalled):
        services.client_for("T0NEVER")


def test_uninstall_deletes_tokens_at_once_and_data_after_the_grace_period(two, db):
    one, other = two
    install(one, "T0ONE", "One AS")
    install(other, "T0TWO", "Two AS")
    with Services(settings=one.settings, engine=db).store("T0ONE") as store:
        load_demo(store)
    one.command("team list", user="U0ANNE")
    token = one.fake.token_of("T0ONE")
    one.fake.revoke(token)
    assert one.event({"type": "app_uninstalled"}).status == 200
    with Session(db) as session:
        assert [r.team_id for r in session.execute(sa_select(SLACK_BOTS))] == ["T0TWO"]
        uninstalled = session.exec(select(Workspace).where(Workspace.slack_team_id == "T0ONE")).one()
        assert uninstalled.uninstalled_at is not None
    marked_at = uninstalled.uninstalled_at.replace(tzinfo=uninstalled.uninstalled_at.tzinfo or UTC)

    # Within the grace period, nothing is deleted; a reinstall keeps everything.
    runner = build_runner(one.settings, db, pacer=ChannelPacer(0), election=False)
    assert runner.run_due(marked_at + timedelta(days=29)).deleted == []
    install(one, "T0ONE", "One AS")
    with Session(db) as session:
        assert (
            session.exec(select(Workspace).where(Workspace.slack_team_id == "T0ONE")).one().uninstalled_at
            is None
        )
    assert runner.run_due(marked_at + timedelta(days=31)).deleted == []

    # Uninstalled again and the grace period over: the workspace and all its data go, the other stays.
    one.event({"type": "app_uninstalled"})
    with Session(db) as session:
        marked_at = (
            session.exec(select(Workspace).where(Workspace.slack_team_id == "T0ONE")).one().uninstalled_at
        )
    later = marked_at.replace(tzinfo=marked_at.tzinfo or UTC) + timedelta(days=30, minutes=1)
    runner = build_runner(one.settings, db, clock=FixedClock(later), pacer=ChannelPacer(0), election=False)
    assert runner.run_due(later).deleted == ["T0ONE"]
    with Session(db) as session:
        (left,) = session.exec(select(Workspace)).all()
        assert left.slack_team_id == "T0TWO"
        for table in SQLModel.metadata.sorted_tables:
            if "workspace_id" in table.c:
                stray = session.execute(
                    sa_select(func.count()).select_from(table).where(table.c.workspace_id != left.id)
                ).scalar()
                assert stray == 0, table.name
