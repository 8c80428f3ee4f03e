"""Where a request's work runs once it is acknowledged.

Every listener acks first and hands its work over with ``listeners.after_ack``; the app's
``context["work"]`` decides where it runs:

- ``WorkHere`` — on the app's work threads in this process (the console, tests, and HTTP or
  Socket Mode without the queue);
- ``WorkQueued`` — HTTP or Socket Mode with ``SALESBOT_WORK_QUEUE=on``: the request itself is
  queued in the database (``storage.work_queue``) before the ack goes, and the process only
  acks. The work is not carried over as code: a work process dispatches the stored request
  through the same Bolt app again, and the same listener, reaching ``after_ack``, does the work
  there (as Bolt's lazy listeners do on FaaS). So a web process spends on a request little more
  than a bare Bolt app does, the work runs where there is room for it (machines of its own), and
  work under way in a process that dies is done by another;
- ``WorkNow`` — in a work process (``WorkTaker``): at once, in the job's own thread.

Work that cannot be derived from the request again (a form's answers after its save, which ran
before the ack) always runs here: ``after_ack(..., replayable=False)``.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor

from slack_bolt import App, BoltContext, BoltRequest
from sqlalchemy.engine import Engine

from handlers.metrics import WORK_JOBS, WORK_WAIT_SECONDS
from storage import work_queue
from storage.db import DatabaseDown, connection_lost

logger = logging.getLogger(__name__)


def _guarded(work: Callable[[], None]) -> Callable[[], None]:
    def run() -> None:
        try:
            work()
        except Exception:
            logger.exception("work after an ack failed")

    return run


class WorkHere:
    """The work on ``executor``'s threads, in this process."""

    def __init__(self, executor: Executor) -> None:
        self.executor = executor

    def hand_over(self, context: BoltContext, work: Callable[[], None], *, replayable: bool) -> None:
        self.executor.submit(_guarded(work))


class WorkQueued:
    """The request queued for the work processes; what cannot be replayed runs ``here``."""

    def __init__(self, engine: Engine, here: WorkHere) -> None:
        self.engine = engine
        self.here = here

    def hand_over(self, context: BoltContext, work: Callable[[], None], *, replayable: bool) -> None:
        if not replayable:
            self.here.hand_over(context, work, replayable=False)
            return
        team_id = context.team_id or ""
        # Committed before the listener returns, so before Slack has its ack: an acknowledged
        # request is never lost with this process. If the database cannot take it, Bolt's error
        # handler tells the person so (``app._report_unhandled``).
        try:
            work_queue.put(self.engine, team_id, context["request_body"])
        except Exception as error:
            if connection_lost(error):
                raise DatabaseDown from error
            raise


class WorkNow:
    """In a work process: the work at once, in the thread dispatching the queued request."""

    def hand_over(self, context: BoltContext, work: Callable[[], None], *, replayable: bool) -> None:
        _guarded(work)()


class WorkTaker:
    """A work process's loop: ``threads`` threads each take a queued request, dispatch it through
    ``app`` (built with ``taking_work``: no signature to check, ``WorkNow``), and end the job.
    A heartbeat renews the leases of the jobs in hand."""

    def __init__(
        self,
        app: App,
        engine: Engine,
        *,
        threads: int = 8,
        poll_seconds: float = 1.0,
        lease_seconds: float = work_queue.LEASE_SECONDS,
    ) -> None:
        self.app = app
        self.lease_seconds = lease_seconds
        self.engine = engine
        self.threads = threads
        self.wakeups = work_queue.Wakeups(engine, poll_seconds=poll_seconds)
        self._stopped = threading.Event()
        self._in_hand: set[int] = set()
        self._lock = threading.Lock()
        self._workers: list[threading.Thread] = []

    def start(self) -> WorkTaker:
        self.wakeups.start()
        for number in range(self.threads):
            thread = threading.Thread(target=self._take_loop, name=f"salesbot-take-{number}", daemon=True)
            thread.start()
            self._workers.append(thread)
        heartbeat = threading.Thread(target=self._heartbeat, name="salesbot-work-lease", daemon=True)
        heartbeat.start()
        self._workers.append(heartbeat)
        logger.info("taking queued work with %s threads (process %s)", self.threads, os.getpid())
        return self

    def stop(self, timeout: float = 30.0) -> None:
        """Stops taking jobs and waits (up to ``timeout``) for those in hand."""
        self._stopped.set()
        self.wakeups.stop()
        deadline = time.monotonic() + timeout
        for thread in self._workers:
            thread.join(max(0.0, deadline - time.monotonic()))

    def busy(self) -> bool:
        with self._lock:
            return bool(self._in_hand)

    def _take_loop(self) -> None:
        while not self._stopped.is_set():
            try:
                job = work_queue.take(self.engine, lease_seconds=self.lease_seconds)
            except Exception as error:
                logger.warning("taking queued work failed (%s); trying again", type(error).__name__)
                self._stopped.wait(1.0)
                continue
            if job is None:
                self.wakeups.wait()
                continue
            if not self.wakeups.listening:
                self.wakeups.nudge()  # there may be more: another thread looks (one NOTIFY a job else)
            self.do(job)

    def do(self, job: work_queue.Job) -> None:
        """Dispatches ``job``'s request and ends the job, whatever came of it."""
        with self._lock:
            self._in_hand.add(job.id)
        WORK_WAIT_SECONDS.observe(max(0.0, time.time() - job.queued_at.timestamp()))
        try:
            with work_queue.running(job.id):
                outcome = self._dispatch(job)
        except BaseException:
            # A thread that dies stops renewing the lease: its job is then taken again.
            self._let_go(job.id)
            raise
        # Most jobs ended in the work's own transaction; not a refusal, a failure, an event with
        # nothing to do, nor work whose commit failed (its person has been told): ended here.
        self._finish(job.id)
        self._let_go(job.id)
        WORK_JOBS.labels(outcome).inc()

    def _finish(self, job_id: int, *, patience: float = 60.0) -> None:
        """Ends the job, waiting out a database that is away (a restart) while its lease is still
        renewed: the person has been answered (or told what failed), and doing the work again
        would answer them twice, perhaps after they tried again themselves."""
        deadline = time.monotonic() + patience
        while True:
            try:
                work_queue.finish(self.engine, job_id)
                return
            except Exception as error:
                if time.monotonic() > deadline:
                    logger.error(
                        "could not end job %s (%s); it will be done again", job_id, type(error).__name__
                    )
                    return
            time.sleep(0.5)

    def _let_go(self, job_id: int) -> None:
        with self._lock:
            self._in_hand.discard(job_id)

    def _dispatch(self, job: work_queue.Job) -> str:
        try:
            response = self.app.dispatch(
                BoltRequest(body=job.body, headers={"content-type": ["application/json"]}, mode="socket_mode")
            )
        except Exception:
            logger.exception("a queued request failed (job %s, team %s)", job.id, job.team_id)
            return "failed"
        if response.status >= 400:
            logger.warning(
                "a queued request was refused with %s (job %s, team %s)", response.status, job.id, job.team_id
            )
            return "refused"
        return "done"

    def _heartbeat(self) -> None:
        while not self._stopped.wait(self.lease_seconds / 4):
            with self._lock:
                in_hand = list(self._in_hand)
            try:
                work_queue.renew(self.engine, in_hand, lease_seconds=self.lease_seconds)
            except Exception as error:
                logger.warning(
                    "renewing the leases of %s jobs failed (%s)", len(in_hand), type(error).__name__
                )
