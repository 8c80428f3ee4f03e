"""The work queue (``SALESBOT_WORK_QUEUE``): the web app acks and queues each request, a work
process's taker dispatches it again and does the work; a job survives the process that held it,
and work that committed is never done twice. On both backends, through signed requests."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from prometheus_client import REGISTRY
from sqlalchemy import text, update
from sqlalchemy.exc import OperationalError

import handlers.runtime as runtime
from handlers import ids
from handlers.work_queue import WorkTaker
from localslack.workspace import LocalWorkspace
from storage import work_queue
from storage.db import session_scope
from storage.models import WorkJob
from tests.conftest import OWNER, REP
from tests.handlers.shop import last_ephemeral, sales_of
from tests.helpers import ROOT, buttons, open_modal_of, press, rows, shown


@contextmanager
def queued_workspace(db, *, taking: bool = True):
    """A workspace whose app queues its work; with ``taking``, a taker does it at once."""
    workspace = LocalWorkspace.start(db, work_queue=True)
    workspace.add_user(OWNER, "Ingrid Owner", is_owner=True, is_admin=True, tz="Europe/Oslo")
    workspace.add_user(REP, "Rita Rep", tz="Europe/Oslo")
    if not taking:
        workspace.taker.stop()
        workspace.taker = None
    try:
        yield workspace
    finally:
        workspace.stop()


def start_taker(workspace: LocalWorkspace, **options) -> WorkTaker:
    """A taker of its own for ``workspace``'s queue, as a (new) work process would be."""
    from handlers.app import create_app

    app = create_app(workspace.settings, workspace.engine, taking_work=True, clock=workspace.clock)
    return WorkTaker(app, workspace.engine, threads=2, poll_seconds=0.05, **options).start()


def wait_for(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("not done in time")
        time.sleep(0.02)


def test_a_command_is_acked_queued_and_then_answered_by_the_taker(db):
    with queued_workspace(db, taking=False) as ws:
        result = ws.command("result 1 200 customer:Acme", user=REP, wait=False)
        assert result.status == 200
        (job,) = rows(db, WorkJob)
        assert job.team_id == ws.team_id and '"command":"/sales"' in job.body
        assert '"token"' not in job.body  # Slack's legacy verification token is not stored
        assert sales_of(db) == [] and ws.fake.snapshot_posted() == []  # nothing done yet

        ws.taker = start_taker(ws)
        ws.wait_idle()
        (sale,) = sales_of(db)
        assert sale.customer == "Acme"
        assert "Sale recorded." in shown(last_ephemeral(ws, REP))
        assert rows(db, WorkJob) == []


def jobs_done() -> float:
    """How many queued requests this process's takers have done (``salesbot_work_jobs_total``)."""
    return REGISTRY.get_sample_value("salesbot_work_jobs_total", {"outcome": "done"}) or 0.0


def test_buttons_events_and_forms_work_through_the_queue(db):
    with queued_workspace(db) as ws:
        ws.command("result 500 customer:Beta", user=REP)
        reply = last_ephemeral(ws, REP)
        # A button on the reply, done by the taker: its form opened with the press's trigger id
        # (views.open from the taker), then submitted: saved before its ack, in the web app.
        done = jobs_done()
        press(ws, REP, buttons(reply.blocks)[ids.SALE_DELIVERED])
        assert jobs_done() == done + 1, "the press was queued and done by the taker"
        view = open_modal_of(ws, REP).view
        assert view["callback_id"] == ids.SALE_DATE_MODAL
        day = next(b for b in view["blocks"] if b.get("block_id") == "date")["element"]["initial_date"]
        ws.submit(user=REP, view=view, answers={"date": day})
        assert jobs_done() == done + 1, "a form's submission is saved in the web app, not queued"
        (sale,) = sales_of(db)
        assert sale.delivered_on.isoformat() == day
        ws.command("goal", user=OWNER)
        assert open_modal_of(ws, OWNER).view["callback_id"] == ids.GOAL_MODAL
        # App Home drawn for an app_home_opened event.
        ws.open_home(REP)
        assert ws.fake.home_view(REP) is not None
        assert jobs_done() == done + 3
        assert rows(db, WorkJob) == []


def test_a_job_whose_process_died_is_done_by_another(db):
    with queued_workspace(db, taking=False) as ws:
        ws.command("result 700 customer:Gamma", user=REP, wait=False)
        # A work process takes it and dies at once: nobody renews its lease.
        taken = work_queue.take(db, lease_seconds=0.3)
        assert taken is not None and taken.attempts == 1
        assert work_queue.take(db) is None, "a leased job is nobody else's"

        ws.taker = start_taker(ws)
        wait_for(lambda: len(sales_of(db)) == 1)
        ws.wait_idle()
        assert "Sale recorded." in shown(last_ephemeral(ws, REP))
        assert rows(db, WorkJob) == []


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")  # SystemExit
def test_work_that_committed_is_not_done_again_when_its_process_dies_after(db, monkeypatch):
    with queued_workspace(db, taking=False) as ws:
        ws.command("result 900 customer:Delta", user=REP, wait=False)
        died = threading.Event()

        def die_before_answering(*args, **kwargs):
            died.set()
            raise SystemExit  # the thread ends here, as a killed process would, the job in hand

        monkeypatch.setattr(runtime, "_answer", die_before_answering)
        first = start_taker(ws, lease_seconds=0.3)
        wait_for(died.is_set)
        monkeypatch.undo()
        # The work's transaction committed and took the job with it: a second process, after
        # the first one's lease ran out, finds nothing to do.
        time.sleep(0.5)
        second = start_taker(ws, lease_seconds=0.3)
        time.sleep(0.3)
        assert [s.customer for s in sales_of(db)] == ["Delta"]
        assert rows(db, WorkJob) == []
        second.stop()
        first.stop(timeout=0)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")  # SystemExit
def test_work_that_died_before_its_commit_is_done_again(db, monkeypatch):
    with queued_workspace(db, taking=False) as ws:
        ws.command("result 300 customer:Epsilon", user=REP, wait=False)
        from salesbot import sales as sale_rules

        record_sale = sale_rules.record_sale
        calls = []

        def dies_the_first_time(*args, **kwargs):
            calls.append(1)
            if len(calls) == 1:
                raise SystemExit  # mid-transaction: rolled back, the job left with its lease
            return record_sale(*args, **kwargs)

        monkeypatch.setattr(sale_rules, "record_sale", dies_the_first_time)
        ws.taker = start_taker(ws, lease_seconds=0.3)
        wait_for(lambda: len(sales_of(db)) == 1)
        ws.wait_idle()
        assert len(calls) == 2 and [s.customer for s in sales_of(db)] == ["Epsilon"]
        assert "Sale recorded." in shown(last_ephemeral(ws, REP))


def test_the_database_down_when_queueing_is_told_as_such(db, monkeypatch):
    with queued_workspace(db, taking=False) as ws:

        def refuse(*args, **kwargs):
            raise OperationalError("INSERT", {}, Exception("connection refused"))

        monkeypatch.setattr(work_queue, "put", refuse)
        result = ws.command("progress", user=REP, wait=False)
        assert result.status == 200
        (told,) = [p for p in ws.fake.snapshot_posted() if p.user == REP]
        assert "cannot reach its database" in shown(told)


# -- storage.work_queue --------------------------------------------------------------------


def test_jobs_are_taken_oldest_first_each_by_one_taker(db):
    first = work_queue.put(db, "T1", {"n": 1, "token": "secret"})
    second = work_queue.put(db, "T2", {"n": 2})
    a, b = work_queue.take(db), work_queue.take(db)
    assert (a.id, a.team_id, a.body) == (first, "T1", {"n": 1})
    assert (b.id, b.body) == (second, {"n": 2})
    assert work_queue.take(db) is None
    assert work_queue.waiting(db)[0] == 2
    work_queue.finish(db, a.id)
    work_queue.finish(db, b.id)
    assert work_queue.waiting(db) == (0, 0.0)


def test_a_lease_renewed_is_kept_and_one_run_out_is_taken_again(db):
    job_id = work_queue.put(db, "T1", {})
    work_queue.take(db, lease_seconds=0.2)
    work_queue.renew(db, [job_id], lease_seconds=5)
    time.sleep(0.3)
    assert work_queue.take(db) is None, "renewed: still held"
    with session_scope(db) as session:
        session.execute(update(WorkJob).values(taken_until=datetime.now(UTC) - timedelta(seconds=1)))
    again = work_queue.take(db)
    assert again.id == job_id and again.attempts == 2


def test_a_job_taken_too_often_is_dropped(db):
    job_id = work_queue.put(db, "T1", {})
    for _ in range(work_queue.MAX_ATTEMPTS):
        assert work_queue.take(db, lease_seconds=0).id == job_id
        time.sleep(0.01)
    assert work_queue.take(db) is None
    assert rows(db, WorkJob) == []


def test_takers_at_once_never_share_a_job(db):
    ids = {work_queue.put(db, "T1", {"n": n}) for n in range(40)}
    taken: list[int] = []
    lock = threading.Lock()

    def take_all():
        while (job := work_queue.take(db)) is not None:
            with lock:
                taken.append(job.id)

    threads = [threading.Thread(target=take_all) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(taken) == sorted(ids), "each job taken exactly once"


def test_the_running_job_ends_with_the_work_s_transaction_and_ending_it_again_is_harmless(db):
    job_id = work_queue.put(db, "T1", {})
    other = work_queue.put(db, "T1", {})
    with work_queue.running(job_id), session_scope(db) as session:
        work_queue.finish_running(session)
        work_queue.finish_running(session)  # a request run inside the request
    assert [job.id for job in rows(db, WorkJob)] == [other], "only the running job, with the commit"
    with work_queue.running(other), pytest.raises(RuntimeError), session_scope(db) as session:
        work_queue.finish_running(session)
        raise RuntimeError("the work failed: rolled back")
    assert [job.id for job in rows(db, WorkJob)] == [other], "a rolled-back work leaves its job"
    work_queue.finish(db, job_id)  # the work process ends it again after the work: harmless
    assert [job.id for job in rows(db, WorkJob)] == [other]


def test_a_waiting_taker_wakes_when_work_is_queued_on_postgresql(db):
    if db.dialect.name != "postgresql":
        pytest.skip("SQLite has no LISTEN: takers in other processes look every 50 ms")
    wakeups = work_queue.Wakeups(db, poll_seconds=30).start()
    work_queue._IN_THIS_PROCESS.discard(wakeups)  # only NOTIFY can wake it, as in another process
    try:
        wakeups.wait()  # the nudge sent once it listens (for work queued before)
        woke = threading.Event()
        waiter = threading.Thread(target=lambda: (wakeups.wait(), woke.set()))
        waiter.start()
        time.sleep(0.2)
        assert not woke.is_set()
        queued = time.monotonic()
        work_queue.put(db, "T1", {})
        assert woke.wait(2.0), "woken by the NOTIFY that came with the job"
        assert time.monotonic() - queued < 0.25, "at once, not at the listener's next timeout"
    finally:
        wakeups.stop()


def test_python_bot_py_work_does_queued_work_and_stops_cleanly(db):
    """The work process as the Procfile runs it: the queued request answered, then SIGTERM ends it
    with status 0 once the work in hand is done."""
    with queued_workspace(db, taking=False) as ws:
        ws.command("result 400 customer:Zeta", user=REP, wait=False)
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "DATABASE_URL": db.url.render_as_string(hide_password=False),
            "SLACK_BOT_TOKEN": ws.fake.bot_token,
            "SLACK_API_URL": ws.fake.api_url,
            "SALESBOT_WORK_QUEUE": "on",
        }
        process = subprocess.Popen(
            [sys.executable, "bot.py", "work"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for(lambda: rows(db, WorkJob) == [] and len(sales_of(db)) == 1, timeout=30)
            wait_for(lambda: any("Sale recorded." in shown(p) for p in ws.fake.snapshot_posted()))
        finally:
            process.send_signal(signal.SIGTERM)
            output = process.communicate(timeout=30)[0].decode()
        assert process.returncode == 0, output
        assert "Traceback" not in output
        assert os.getpriority(os.PRIO_PROCESS, os.getpid()) == 0, "only the work process stepped back"


def test_queueing_after_the_database_dropped_its_connections_goes_on(db):
    """As after a PostgreSQL restart: the queue's own pool (no ping before use) finds its
    connection dead, replaces it and queues the request all the same."""
    if db.dialect.name != "postgresql":
        pytest.skip("SQLite has no server connections to drop")
    work_queue.put(db, "T1", {"n": 1})
    with db.connect() as connection:
        connection.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
    work_queue.put(db, "T1", {"n": 2})
    assert [job.body for job in rows(db, WorkJob)] == ['{"n":1}', '{"n":2}']


def test_a_job_whose_end_cannot_be_written_at_once_is_not_done_twice(db, monkeypatch):
    """A refusal is told, then the database goes away for a moment before the job is ended: the
    work process waits for it (renewing its lease) rather than let another do the job again,
    which would tell the person a second time."""
    with queued_workspace(db, taking=False) as ws:
        ws.command("result twelve", user=REP, wait=False)  # refused: no amount
        finish = work_queue.finish
        refused = []

        def away_twice(engine, job_id):
            if len(refused) < 2:
                refused.append(job_id)
                raise OperationalError("DELETE", {}, Exception("server closed the connection"))
            finish(engine, job_id)

        monkeypatch.setattr(work_queue, "finish", away_twice)
        ws.taker = start_taker(ws, lease_seconds=0.4)
        wait_for(lambda: rows(db, WorkJob) == [])
        time.sleep(0.6)  # longer than the lease: a second run would have shown by now
        told = [p for p in ws.fake.snapshot_posted() if p.user == REP]
        assert len(refused) == 2 and len(told) == 1, [shown(p) for p in told]
