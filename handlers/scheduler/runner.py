"""The digest runner: each tick finds the digests due, claims each once, and posts them.

``tick(now)`` is the whole of it and is called directly by tests with any ``now``; APScheduler
only calls it every ``interval`` seconds. Each tick:

1. asks the leader election whether this process runs the schedules (others stop here);
2. reads every active schedule (so a change saved by any process counts within one tick) and
   works out its latest occurrence up to ``now`` in the schedule's timezone;
3. an occurrence not yet handled is claimed (inserted under its unique key, committed) before
   anything is posted; a claim that fails means another runner has it. An occurrence older
   than the grace is recorded as skipped instead: after downtime at most the latest missed
   digest of each schedule is posted, late, and only within the grace; never a burst;
4. posts the claimed digests, several conversations at once, each conversation paced, then
   sends the training reminders due (``reminders.py``), claimed the same way, and the
   diagnosis follow-ups due (``follow_ups.py``), the coaching check-ins and plan ends due
   (``check_ins.py``), the department questions unanswered for a working day
   (``handlers/diagnosis.py: remind_department_questions``) and the reminders of talks about a
   goal (``handlers/goal_talks.py: remind_talks``), each claimed by a conditional UPDATE, then
   the diagnoses suggested to managers (``suggestions.py``) and the period-end announcements
   (``recognition.py``), each claimed under a unique key;
5. a failed post is retried at the next ticks (``max_attempts`` in all, within the grace); when
   it still fails, or fails in a way no retry can fix, the schedule's owner is told why.

A process that dies between claiming and posting leaves the claim behind: that occurrence is
not posted (at most once beats twice) and the next one goes out as usual.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy.engine import Engine

from handlers.diagnosis import remind_department_questions
from handlers.goal_talks import remind_talks
from handlers.metrics import DIGEST_LATENESS, SCHEDULED_SENT, SCHEDULER_LAST_TICK, SCHEDULER_LEADER
from handlers.runtime import Services
from handlers.scheduler.check_ins import CheckInReminders
from handlers.scheduler.follow_ups import FollowUpReminders
from handlers.scheduler.posting import ChannelPacer, DigestPoster, Memo
from handlers.scheduler.recognition import PeriodAnnouncements
from handlers.scheduler.reminders import TrainingReminders
from handlers.scheduler.suggestions import DiagnosisSuggestions
from salesbot.cadences import latest_occurrence, parse_stored_time
from salesbot.digest_schedules import cadence_of
from salesbot.workdays import workdays_for
from storage.digests import (
    DueCandidate,
    active_schedules,
    advance_schedules,
    claim_occurrence,
    finish_occurrence,
    mark_reported,
    reclaim_failed,
    retryable_occurrences,
)
from storage.installations import delete_expired_workspaces
from storage.leader import LeaderElection

logger = logging.getLogger(__name__)

DEFAULT_GRACE = timedelta(hours=1)
MAX_ATTEMPTS = 3


@dataclass
class TickReport:
    """What one tick did, by occurrence key (``schedule id@key``): for logs and tests."""

    leader: bool = True
    posted: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    lost_races: list[str] = field(default_factory=list)
    # Training reminders sent (handlers/scheduler/reminders.py), by ``training …`` label.
    reminded: list[str] = field(default_factory=list)
    # Diagnosis follow-ups sent (handlers/scheduler/follow_ups.py), by ``follow-up …`` label.
    followed_up: list[str] = field(default_factory=list)
    # Coaching check-in and end-of-plan reminders sent (handlers/scheduler/check_ins.py).
    coached: list[str] = field(default_factory=list)
    # Department questions of a diagnosis asked again after a working day unanswered.
    asked_again: int = 0
    # Diagnoses suggested to managers (handlers/scheduler/suggestions.py), by ``reason goal@user``.
    suggested: list[str] = field(default_factory=list)
    # Period-end top-performer announcements posted (handlers/scheduler/recognition.py).
    announced: list[str] = field(default_factory=list)
    # Reminders of talks about a goal (handlers/goal_talks.py), one per side.
    talks_reminded: int = 0
    # Workspaces uninstalled longer ago than the grace period, deleted with their data.
    deleted: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Job:
    candidate: DueCandidate
    occurrence_id: int
    key: str
    day: date
    attempt: int
    due_at: datetime | None = None

    @property
    def label(self) -> str:
        return f"{self.candidate.schedule.id}@{self.key}"

    @property
    def conversation(self) -> str:
        schedule = self.candidate.schedule
        return schedule.channel_id or f"person:{schedule.person_id}"


def process_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class DigestRunner:
    def __init__(
        self,
        services: Services,
        *,
        election: LeaderElection | None = None,
        grace: timedelta = DEFAULT_GRACE,
        max_attempts: int = MAX_ATTEMPTS,
        pacer: ChannelPacer | None = None,
        workers: int = 4,
        name: str | None = None,
    ) -> None:
        self.services = services
        self.engine = services.engine
        self.poster = DigestPoster(services, pacer)
        self.election = election
        self.grace = grace
        self.max_attempts = max_attempts
        self.workers = workers
        self.name = name or process_name()
        # Every job finds its workspaces' work and sends it with that workspace's own token
        # (``services.client_for(team_id)``); none holds a client of its own.
        self.reminders = TrainingReminders(services, self.name, pacer=self.poster.pacer)
        self.follow_ups = FollowUpReminders(services, pacer=self.poster.pacer)
        self.suggestions = DiagnosisSuggestions(services, self.name, pacer=self.poster.pacer)
        self.check_ins = CheckInReminders(services, pacer=self.poster.pacer)
        self.announcements = PeriodAnnouncements(services, self.name)

    def tick(self, now: datetime | None = None) -> TickReport:
        """One pass: leads or not, then posts what is due at ``now`` (the clock's by default)."""
        if self.election is not None and not self.election.is_leader():
            SCHEDULER_LEADER.set(0)
            return TickReport(leader=False)
        SCHEDULER_LEADER.set(1)
        now = now or self.services.clock.now()
        try:
            report = self.run_due(now)
        except Exception:
            # One bad pass must not stop the schedule: the next tick tries again.
            logger.exception("digest scheduler tick failed")
            return TickReport()
        SCHEDULER_LAST_TICK.set(time.time())
        for job, sent in (
            ("digest", len(report.posted)),
            ("training_reminder", len(report.reminded)),
            ("follow_up", len(report.followed_up)),
            ("department_reminder", report.asked_again),
        ):
            SCHEDULED_SENT.labels(job).inc(sent)
        return report

    def run_due(self, now: datetime) -> TickReport:
        report = TickReport()
        candidates = active_schedules(self.engine)
        jobs: list[_Job] = []
        handled: list[tuple[int, str]] = []
        for candidate in candidates:
            schedule = candidate.schedule
            try:
                occurrence = latest_occurrence(
                    cadence_of(schedule),
                    parse_stored_time(schedule.local_time),
                    candidate.timezone,
                    now,
                    workdays_for(
                        timezone=candidate.workspace_timezone,
                        holiday_country=candidate.holiday_country,
                        year_end_eves_off=candidate.year_end_eves_off,
                    ),
                )
            except ValueError:
                logger.error(
                    "digest schedule %s cannot be worked out; it is skipped", schedule.id, exc_info=True
                )
                continue
            if occurrence is None or (
                schedule.last_occurrence and occurrence.key <= schedule.last_occurrence
            ):
                continue
            label = f"{schedule.id}@{occurrence.key}"
            handled.append((schedule.id, occurrence.key))
            if now - occurrence.due_at > self.grace:
                if claim_occurrence(
                    self.engine,
                    schedule=schedule,
                    key=occurrence.key,
                    due_at=occurrence.due_at,
                    claimed_by=self.name,
                    status="skipped",
                ):
                    logger.info(
                        "digest %s is %s late, past the grace: skipped", label, now - occurrence.due_at
                    )
                    report.skipped.append(label)
                continue
            occurrence_id = claim_occurrence(
                self.engine,
                schedule=schedule,
                key=occurrence.key,
                due_at=occurrence.due_at,
                claimed_by=self.name,
            )
            if occurrence_id is None:
                report.lost_races.append(label)
                continue
            jobs.append(
                _Job(
                    candidate,
                    occurrence_id,
                    occurrence.key,
                    occurrence.day,
                    attempt=1,
                    due_at=occurrence.due_at,
                )
            )
        advance_schedules(self.engine, handled)
        jobs += self._retries(now, {c.schedule.id: c for c in candidates})
        self._post_all(jobs, report)
        report.reminded = self.reminders.run(now)
        report.followed_up = self.follow_ups.run(now)
        report.coached = self.check_ins.run(now)
        report.asked_again = remind_department_questions(self.services, now)
        report.suggested = self.suggestions.run(now)
        report.announced = self.announcements.run(now)
        report.talks_reminded = remind_talks(self.services, now)
        report.deleted = delete_expired_workspaces(
            self.engine, uninstalled_before=now - timedelta(days=self.services.settings.uninstall_grace_days)
        )
        if report.deleted:
            logger.info("uninstalled past the grace period, deleted: %s", ", ".join(report.deleted))
        return report

    def _retries(self, now: datetime, candidates: dict[int, DueCandidate]) -> list[_Job]:
        jobs = []
        for row in retryable_occurrences(self.engine, since=now - self.grace, max_attempts=self.max_attempts):
            candidate = candidates.get(row.schedule_id)
            if candidate is None:  # paused or deleted since: leave it failed
                continue
            if reclaim_failed(self.engine, row.id, claimed_by=self.name, max_attempts=self.max_attempts):
                day = date.fromisoformat(row.occurrence_key[:10])
                jobs.append(_Job(candidate, row.id, row.occurrence_key, day, attempt=row.attempts + 1))
        return jobs

    def _post_all(self, jobs: list[_Job], report: TickReport) -> None:
        """Each conversation's digests in order on one thread; conversations side by side."""
        if not jobs:
            return
        groups: dict[str, list[_Job]] = defaultdict(list)
        for job in jobs:
            groups[job.conversation].append(job)
        memo = Memo()
        with ThreadPoolExecutor(
            max_workers=min(self.workers, len(groups)), thread_name_prefix="digest"
        ) as pool:
            for outcomes in pool.map(lambda group: [self._post(job, memo) for job in group], groups.values()):
                for label, ok in outcomes:
                    (report.posted if ok else report.failed).append(label)

    def _post(self, job: _Job, memo: Memo) -> tuple[str, bool]:
        ok = post_occurrence(
            self.engine,
            self.poster,
            team_id=job.candidate.slack_team_id,
            schedule_id=job.candidate.schedule.id,
            occurrence_id=job.occurrence_id,
            day=job.day,
            attempt=job.attempt,
            max_attempts=self.max_attempts,
            label=job.label,
            memo=memo,
        )
        if ok and job.due_at is not None:
            DIGEST_LATENESS.observe(max(0.0, (self.services.clock.now() - job.due_at).total_seconds()))
        return job.label, ok


def post_occurrence(
    engine: Engine,
    poster: DigestPoster,
    *,
    team_id: str,
    schedule_id: int,
    occurrence_id: int,
    day: date,
    label: str,
    attempt: int = 1,
    max_attempts: int = MAX_ATTEMPTS,
    retry: bool = True,
    posted_by: str | None = None,
    tell: str | None = None,
    memo: Memo | None = None,
) -> bool:
    """Posts a claimed occurrence and records how it went; True when it was posted.

    A failed post is tried again at the next ticks while attempts are left (with ``retry``,
    and unless no retry can fix it); when none is left, the schedule's owner (or ``tell``) is
    told why, once.
    """
    outcome = poster.post(team_id, schedule_id, day=day, posted_by=posted_by, memo=memo)
    if outcome.ok:
        finish_occurrence(
            engine,
            occurrence_id,
            status="posted",
            channel_id=outcome.channel_id,
            message_ts=outcome.ts,
            error=f"chart: {outcome.chart_error}" if outcome.chart_error else None,
        )
        logger.info("digest %s posted to %s", label, outcome.channel_id)
        return True
    final = not retry or outcome.permanent or attempt >= max_attempts
    # A failure no retry can fix (or not to be retried) uses up the attempts, so the retry pass
    # leaves it alone.
    finish_occurrence(
        engine,
        occurrence_id,
        status="failed",
        error=outcome.error,
        attempts=max_attempts if outcome.permanent or not retry else None,
    )
    logger.warning("digest %s failed (attempt %s): %s", label, attempt, outcome.error)
    if final and mark_reported(engine, occurrence_id):
        poster.report_failure(
            team_id, schedule_id, error=outcome.error or "unknown_error", attempts=attempt, to_user=tell
        )
    return False


def post_now(services: Services, schedule, *, team_id: str, user_id: str, day: date, now: datetime) -> bool:
    """A "post now" from a button: claimed like a scheduled occurrence but keyed to the second,
    so a double click posts once, and posted at once; a failure is told to whoever pressed and
    is not retried. True when it was posted."""
    occurrence_id = claim_occurrence(
        services.engine, schedule=schedule, key=f"now:{now:%Y-%m-%dT%H:%M:%S}", due_at=now, claimed_by=user_id
    )
    if occurrence_id is None:
        return False
    return post_occurrence(
        services.engine,
        DigestPoster(services),
        team_id=team_id,
        schedule_id=schedule.id,
        occurrence_id=occurrence_id,
        day=day,
        label=f"{schedule.id}@now",
        retry=False,
        posted_by=user_id,
        tell=user_id,
    )
