"""The digest scheduler: APScheduler calls the runner's tick every few seconds.

One interval job, in memory: the schedules themselves live in salesbot's tables, so there is
no APScheduler job store to share between processes, and a change saved by any process is
seen at the next tick. Which process posts is decided by ``storage.leader`` (one leader per
database); that each digest is posted once is decided by its occurrence key.

Where it runs:

- ``python bot.py scheduler``: the scheduler alone (the Procfile's ``clock``).
- In-process, when ``SALESBOT_SCHEDULER=on``: in Socket Mode and the console beside the app,
  and under gunicorn in every worker (started after the fork, never in the master, which
  must stay free of threads that a fork would copy half-way). The workers elect one leader,
  so one of them posts; when it exits or dies, another takes over within a tick or two.
"""

from __future__ import annotations

import atexit
import logging
import signal
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy.engine import Engine

from handlers.runtime import Services
from handlers.scheduler.posting import ChannelPacer, DigestPoster
from handlers.scheduler.runner import DEFAULT_GRACE, DigestRunner, TickReport
from salesbot.clock import Clock
from salesbot.config import ConfigError, Settings
from storage.leader import LeaderElection

logger = logging.getLogger(__name__)

JOB_ID = "salesbot-digest-tick"
DEFAULT_INTERVAL = 20  # seconds: a change is seen, and a dead leader replaced, within a minute

__all__ = [
    "DigestPoster",
    "DigestRunner",
    "SchedulerOptions",
    "TickReport",
    "build_runner",
    "run_scheduler",
    "start_scheduler",
]


@dataclass(frozen=True)
class SchedulerOptions:
    """How often the scheduler ticks, and how late a missed digest may still be posted."""

    interval: int = DEFAULT_INTERVAL  # seconds
    grace: timedelta = DEFAULT_GRACE

    @classmethod
    def from_settings(cls, settings: Settings) -> SchedulerOptions:
        return cls(
            interval=settings.scheduler_interval, grace=timedelta(minutes=settings.digest_grace_minutes)
        )


def build_runner(
    settings: Settings,
    engine: Engine,
    *,
    clock: Clock | None = None,
    options: SchedulerOptions | None = None,
    pacer: ChannelPacer | None = None,
    election: bool = True,
) -> DigestRunner:
    options = options or SchedulerOptions.from_settings(settings)
    services = Services(settings=settings, engine=engine, clock=clock or Clock())
    return DigestRunner(
        services,
        election=LeaderElection(engine) if election else None,
        grace=options.grace,
        pacer=pacer,
    )


@dataclass
class RunningScheduler:
    scheduler: BackgroundScheduler
    runner: DigestRunner

    def stop(self) -> None:
        """Stops ticking (a tick in progress finishes on its own thread) and gives up leadership."""
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        if self.runner.election is not None:
            self.runner.election.release()


def start_scheduler(
    settings: Settings, engine: Engine, *, clock: Clock | None = None, options: SchedulerOptions | None = None
) -> RunningScheduler:
    """Starts ticking in a background thread of this process; stopped at exit."""
    if not (settings.bot_token or settings.oauth_on):
        raise ConfigError(
            "the digest scheduler needs SLACK_BOT_TOKEN, or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET, "
            "to post digests"
        )
    options = options or SchedulerOptions.from_settings(settings)
    runner = build_runner(settings, engine, clock=clock, options=options)
    scheduler = BackgroundScheduler(timezone=UTC, daemon=True)
    scheduler.add_job(
        runner.tick,
        "interval",
        seconds=options.interval,
        id=JOB_ID,
        replace_existing=True,
        max_instances=1,  # a slow tick (a hundred digests at 09:00) is never run twice at once
        coalesce=True,
        misfire_grace_time=options.interval,
        next_run_time=datetime.now(UTC),
    )
    scheduler.start()
    running = RunningScheduler(scheduler, runner)
    atexit.register(running.stop)
    logger.info(
        "digest scheduler started: every %s s, grace %s min",
        options.interval,
        int(options.grace.total_seconds() // 60),
    )
    return running


def run_scheduler(settings: Settings, engine: Engine) -> int:
    """``python bot.py scheduler``: tick until SIGTERM or SIGINT."""
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    running = start_scheduler(settings, engine)
    stop.wait()
    running.stop()
    logger.info("digest scheduler stopped")
    return 0
