"""End to end: a person's first requests arriving together, and Slack calls outside transactions."""

from __future__ import annotations

from sqlmodel import Session, select

from storage.models import AuditEntry, Person, Workspace
from tests.conftest import local_workspace
from tests.helpers import replies, rows

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
