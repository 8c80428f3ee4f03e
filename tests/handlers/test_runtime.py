"""End to end through handlers/runtime.py: who is asking (people and workspaces identified, their
first requests arriving together, Slack asked between transactions, never in one), each workspace's
data its own, and an unexpected failure answered with a reference."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import event
from sqlmodel import Session, select

from handlers import ids
from storage.models import AuditEntry, Person, Workspace
from tests.conftest import OWNER, REP, REP2, local_workspace
from tests.helpers import last_reply, replies, rows

ROUNDS = 12


def test_a_new_persons_first_command_and_home_visit_at_the_same_moment(db):
    """Both answer normally and one person row is stored, every time."""
    with local_workspace(db) as slack:
        for round_ in range(ROUNDS):
            user = f"U0FIRST{round_:02d}"
            slack.add_user(user, f"First Timer {round_}", tz="Europe/Oslo")
            # Neither waits for the other: both listeners run at once on the app's threads.
            slack.command("help", user=user, wait=False)
            slack.open_home(user, wait=False)
            slack.wait_idle()

            answered = replies(slack, user)
            assert len(answered) == 1, answered
            assert "Something went wrong" not in answered[0]
            assert "/sales goal" in answered[0] or "/sales result" in answered[0]
            assert slack.fake.home_view(user) is not None, f"round {round_}: no App Home published"

        with Session(db) as session:
            people = session.exec(select(Person).where(Person.slack_user_id.startswith("U0FIRST"))).all()
            created = session.exec(select(AuditEntry).where(AuditEntry.action == "person.created")).all()
        assert sorted(p.slack_user_id for p in people) == [f"U0FIRST{r:02d}" for r in range(ROUNDS)]
        first_timers = {p.id for p in people}
        assert len([e for e in created if e.entity_id in first_timers]) == ROUNDS


def test_a_new_workspaces_first_requests_at_the_same_moment(db):
    """Two first requests from a workspace salesbot has never seen make one workspace row."""
    with local_workspace(db) as slack:
        slack.command("help", user="U0REP", wait=False)
        slack.open_home("U0MANAGER", wait=False)
        slack.wait_idle()
        assert len(replies(slack, "U0REP")) == 1
        assert slack.fake.home_view("U0MANAGER") is not None
    assert len(rows(db, Workspace)) == 1


def test_no_slack_call_is_made_while_a_write_transaction_is_open(db, monkeypatch):
    """users.info for a newcomer is asked between transactions, so no write lock waits on Slack."""
    from sqlalchemy import event

    from handlers import runtime

    open_writes: list[int] = []
    asked_during_a_write: list[str] = []
    asked: list[str] = []

    def note_write(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            open_writes.append(id(conn))

    def forget(conn):
        while id(conn) in open_writes:
            open_writes.remove(id(conn))

    real_fetch_profile = runtime.fetch_profile

    def fetch_profile(client, user_id):
        asked.append(user_id)
        if open_writes:
            asked_during_a_write.append(user_id)
        return real_fetch_profile(client, user_id)

    monkeypatch.setattr(runtime, "fetch_profile", fetch_profile)
    event.listen(db, "before_cursor_execute", note_write)
    event.listen(db, "commit", forget)
    event.listen(db, "rollback", forget)
    try:
        with local_workspace(db) as slack:
            slack.add_user("U0NEWBIE", "New Bie", tz="Europe/Oslo")
            slack.add_user("U0OTHER", "Other Newbie", tz="Europe/Oslo")
            slack.command("progress", user="U0NEWBIE")
            slack.command("team create Nord", user="U0OWNER")
            slack.command("team add Nord <@U0OTHER>", user="U0OWNER")
            assert "Something went wrong" not in "\n".join(replies(slack))
    finally:
        event.remove(db, "before_cursor_execute", note_write)
        event.remove(db, "commit", forget)
        event.remove(db, "rollback", forget)
    assert {"U0NEWBIE", "U0OWNER", "U0OTHER"} <= set(asked)
    assert asked_during_a_write == []


def test_people_are_created_on_first_contact_from_users_info(slack, db):
    slack.command("help", user=REP2)
    (person,) = [p for p in rows(db, Person) if p.slack_user_id == REP2]
    assert (person.name, person.timezone, person.role) == ("Per Rep", "America/New_York", "rep")
    assert slack.fake.calls_to("users.info")[-1].args["user"] == REP2
    calls = len(slack.fake.calls_to("users.info"))
    slack.command("help", user=REP2)
    assert len(slack.fake.calls_to("users.info")) == calls, "a known, fresh profile is not fetched again"


def test_first_admin_sets_workspace_timezone(slack, db):
    slack.command("help", user=REP2)  # a rep in New York does not set it
    assert rows(db, Workspace)[0].timezone == "UTC"
    slack.command("help", user=OWNER)
    assert rows(db, Workspace)[0].timezone == "Europe/Oslo"


def test_an_unexpected_failure_gives_a_reference(slack, monkeypatch, caplog):
    from salesbot import teams

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(teams, "create_team", broken)
    slack.command("team create Øst", user=OWNER)
    reply = last_reply(slack)
    assert "Something went wrong on our side, and nothing was saved" in reply
    reference = reply.split("`")[-2]
    assert any(reference in r.getMessage() and r.exc_info for r in caplog.records)


def test_the_database_going_away_mid_request_is_said_as_it_is(slack, db, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from salesbot import teams
    from storage.models import Team

    def cut_off(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly"))

    monkeypatch.setattr(teams, "create_team", cut_off)
    slack.command("team create Øst", user=OWNER)
    assert "cannot reach its database just now, so nothing was done and nothing was saved" in last_reply(
        slack
    )
    assert rows(db, Team) == []


def lose_the_database_at_the_next_commit(monkeypatch) -> list:
    """The next transaction's commit fails as a server restart makes it fail: whether the server
    saved it cannot be known from here."""
    from sqlalchemy.exc import OperationalError

    commit, lost = Session.commit, []

    def commit_once_lost(session):
        if not lost:
            lost.append(True)
            raise OperationalError("COMMIT", {}, Exception("server closed the connection unexpectedly"))
        return commit(session)

    monkeypatch.setattr(Session, "commit", commit_once_lost)
    return lost


def test_the_database_lost_while_saving_says_to_check_before_trying_again(slack, monkeypatch):
    slack.command("help", user=OWNER)  # known: the next commit is the change's own
    lost = lose_the_database_at_the_next_commit(monkeypatch)
    slack.command("team create Øst", user=OWNER)
    assert lost == [True]
    reply = last_reply(slack)
    assert "lost its database just as it was saving, so it cannot tell whether your change was saved" in reply
    assert "nothing was saved" not in reply


def test_a_form_whose_save_lost_the_database_says_to_check_too(slack, monkeypatch):
    from handlers import ids

    slack.command("product add Barista Pro", user=OWNER)
    slack.click(user=REP, action_id=ids.OPEN_RESULT_MODAL, block_id="help_buttons")
    view = [p for p in slack.fake.snapshot_posted() if p.kind == "modal_open" and p.user == REP][-1].view
    lose_the_database_at_the_next_commit(monkeypatch)
    result = slack.submit(user=REP, view=view, answers={"amount": "1200", "customer": "Acme"})
    ack = result.json()
    assert ack["response_action"] == "update"
    assert "cannot tell whether your change was saved" in str(ack["view"]["blocks"])


def test_a_form_slack_would_not_open_is_said_as_that_not_as_our_failure(slack):
    slack.fake.fail_next("views.open", "expired_trigger_id")
    slack.command("settings", user=OWNER)
    reply = last_reply(slack)
    assert "Slack did not open the form just now (expired_trigger_id)" in reply
    assert "on our side" not in reply
    slack.command("settings", user=OWNER)  # pressed again, with a fresh trigger
    assert slack.fake.calls_to("views.open")[-1].response["ok"]


@pytest.mark.parametrize("user", [OWNER, REP])
def test_workspaces_do_not_see_each_others_data(db, user):
    from localslack.workspace import LocalWorkspace

    first = LocalWorkspace.start(db, team_id="T0FIRST")
    second = LocalWorkspace.start(db, team_id="T0SECOND")
    try:
        for workspace in (first, second):
            workspace.add_user(OWNER, "Ingrid Owner", is_owner=True, is_admin=True)
            workspace.add_user(REP, "Rita Rep")
        first.command("team create Hemmelig", user=OWNER)
        second.command("team list", user=user)
        assert "no teams yet" in last_reply(second)
    finally:
        first.stop()
        second.stop()


def _statements(engine, run, *, this_thread_only: bool = False) -> list[str]:
    """The SQL sent while ``run()`` ran; with ``this_thread_only``, only from this thread (a
    request's ack runs in the thread that sent it, its work after the ack on the app's)."""
    me, seen = threading.get_ident(), []

    def note(_connection, _cursor, statement, *_args) -> None:
        if not this_thread_only or threading.get_ident() == me:
            seen.append(" ".join(statement.split()))

    event.listen(engine, "before_cursor_execute", note)
    try:
        run()
    finally:
        event.remove(engine, "before_cursor_execute", note)
    return seen


def test_a_request_finds_its_workspace_and_asker_in_one_query_and_does_not_look_them_up_again(slack, db):
    slack.command("help", user=REP)
    slack.wait_idle()
    seen = _statements(db, lambda: slack.command("progress", user=REP))
    assert "Your progress" in last_reply(slack, REP)
    workspace_reads = [s for s in seen if "FROM workspace" in s]
    assert len(workspace_reads) == 1 and "JOIN person" in workspace_reads[0], workspace_reads
    # Held by the store, the asker is not read again (the identity map keeps only rows held).
    person_reads = [s for s in seen if s.startswith("SELECT person.") and "FROM person WHERE" in s]
    assert [s for s in person_reads if "person.id = " in s or "person.slack_user_id = " in s] == []


def test_a_sale_forms_save_before_its_ack_sets_no_savepoint(slack, db):
    slack.command("help", user=REP)
    slack.click(user=REP, action_id=ids.OPEN_RESULT_MODAL, block_id="help_buttons")
    view = slack.fake.top_view(REP)
    answers = {"amount": "12000", "customer": "Savepoint AS"}
    before_ack = _statements(
        db, lambda: slack.submit(user=REP, view=view, answers=answers, wait=False), this_thread_only=True
    )
    slack.wait_idle()
    assert "Sale recorded" in last_reply(slack, REP)
    assert before_ack, "the form is saved before its ack"
    assert not [s for s in before_ack if "SAVEPOINT" in s.upper()], before_ack
    assert len([s for s in before_ack if s.startswith("INSERT INTO processed_request")]) == 1
