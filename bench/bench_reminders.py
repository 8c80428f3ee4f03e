"""How fast one scheduler tick sends 10,000 training reminders due in the same minute.

Builds a workspace with 10,000 people (in Europe/London, Europe/Oslo and Europe/Helsinki: 09:00,
10:00 and 11:00 at the tick, all in working hours), each with a training assigned to them that
was due on Monday, so each is owed its overdue reminder on Wednesday 18 November 2026 at 09:00 UTC;
on SQLite (a file) and PostgreSQL (a fresh database, dropped afterwards). Then one scheduler tick
(``DigestRunner.run_due``) against the fake Slack Web API, with the real pacing of one message a
second per conversation, and prints how long the tick took, how many DMs Slack saw, whether
each person got exactly one, and the rate.

Slack's chat.postMessage allows about one message a second per conversation, with short bursts,
and keeps a workspace-wide limit besides (docs.slack.dev/apis/web-api/rate-limits); each DM is a
conversation of its own. The target: all sent within the minute (60 s), each exactly once.

    .venv/bin/python bench/bench_reminders.py [--people N] [--backend sqlite|postgresql|both]
"""

from __future__ import annotations

import argparse
import secrets
import sys
import time
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_progress import insert_rows, run_backend  # noqa: E402
from sqlalchemy import text  # noqa: E402
from sqlmodel import Session  # noqa: E402

from handlers.scheduler import SchedulerOptions, build_runner  # noqa: E402
from localslack.webapi import FakeSlack, FakeUser  # noqa: E402
from localslack.workspace import LOCAL_TEAM_ID  # noqa: E402
from salesbot.clock import FixedClock  # noqa: E402
from salesbot.config import Settings  # noqa: E402
from storage.models import TrainingItem, Workspace  # noqa: E402

NOW = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)  # a Wednesday: 10:00 in Oslo
DUE = date(2026, 11, 16)  # Monday: overdue on Wednesday
ASSIGNED = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
ZONES = ("Europe/London", "Europe/Oslo", "Europe/Helsinki")
TARGET = 60.0  # seconds: every reminder due in a minute is sent within it
PERSON_COLUMNS = (
    "workspace_id",
    "slack_user_id",
    "name",
    "timezone",
    "is_slack_admin",
    "is_slack_owner",
    "is_bot",
    "deleted",
    "role",
    "public_ranking",
    "refreshed_at",
    "created_at",
)
ASSIGNMENT_COLUMNS = ("workspace_id", "item_id", "person_id", "first_due", "active", "created_at")


def user_id(index: int) -> str:
    return f"U0REMIND{index:05d}"


def build(engine, people: int) -> int:
    """The workspace, its people and one training each, overdue. Returns the workspace id."""
    with Session(engine, expire_on_commit=False) as session:
        workspace = Workspace(slack_team_id=LOCAL_TEAM_ID, name="Reminders AS", timezone="Europe/Oslo")
        workspace.timezone_confirmed = True
        session.add(workspace)
        session.flush()
        item = TrainingItem(
            workspace_id=workspace.id,
            title="Barista basics",
            title_key="barista basics",
            content="https://example.com/barista",
            topic="product",
        )
        session.add(item)
        session.commit()
        workspace_id, item_id = workspace.id, item.id
    stamp = datetime.now(UTC)
    insert_rows(
        engine,
        "person",
        PERSON_COLUMNS,
        (
            (
                workspace_id,
                user_id(i),
                f"Learner {i:05d}",
                ZONES[i % 3],
                False,
                False,
                False,
                False,
                "rep",
                True,
            )
            + (stamp, stamp)
            for i in range(people)
        ),
    )
    with engine.connect() as connection:
        ids = [row[0] for row in connection.execute(text("SELECT id FROM person ORDER BY id"))]
    insert_rows(
        engine,
        "training_assignment",
        ASSIGNMENT_COLUMNS,
        ((workspace_id, item_id, pid, DUE, True, ASSIGNED) for pid in ids),
    )
    return workspace_id


def bench_backend(label: str, engine, args) -> bool:
    started = time.perf_counter()
    build(engine, args.people)
    print(f"  built {args.people:,} people with a training each in {time.perf_counter() - started:.0f} s")
    fake = FakeSlack(team_id=LOCAL_TEAM_ID, bot_token="xoxb-bench-" + secrets.token_hex(4)).start()
    for i in range(args.people):
        fake.add_user(
            FakeUser(id=user_id(i), name=f"learner{i}", real_name=f"Learner {i:05d}", tz=ZONES[i % 3])
        )
    try:
        settings = Settings(bot_token=fake.bot_token, api_url=fake.api_url, database_url=str(engine.url))
        runner = build_runner(
            settings, engine, clock=FixedClock(NOW), options=SchedulerOptions(), election=False
        )
        started = time.perf_counter()
        report = runner.run_due(NOW)
        elapsed = time.perf_counter() - started
        again = runner.run_due(NOW)  # a second tick in the same minute sends nothing more
        dms = [p for p in fake.snapshot_posted() if p.kind == "dm"]
    finally:
        fake.stop()
    per_person = Counter(p.user for p in dms)
    once = len(per_person) == args.people and set(per_person.values()) == {1}
    with engine.connect() as connection:
        statuses = dict(
            connection.execute(text("SELECT status, COUNT(*) FROM training_reminder GROUP BY status")).all()
        )
    rate = len(dms) / elapsed if elapsed else float("inf")
    ok = once and not again.reminded and len(report.reminded) == args.people and elapsed < TARGET
    print(f"\n  {label}: {args.people:,} training reminders due at 09:00 UTC, one tick")
    print("  | tick | DMs sent | each exactly once | rate | busiest conversation | target |")
    print("  |---|---|---|---|---|---|")
    print(
        f"  | {elapsed:.1f} s | {len(dms):,} of {args.people:,} | {'yes' if once else 'NO'} "
        f"(2nd tick: {len(again.reminded)}; claims {statuses}) | {rate:,.0f}/s, {rate * 60:,.0f}/min "
        f"| {max(per_person.values(), default=0)} message | < {TARGET:.0f} s {'ok' if ok else 'MISSED'} |\n",
        flush=True,
    )
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    args = parser.parse_args(argv)
    if args.people < 1:
        parser.error("need at least 1 person")
    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    results = [
        run_backend(backend, lambda label, engine: bench_backend(label, engine, args)) for backend in backends
    ]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
