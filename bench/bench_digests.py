"""How fast digests are built and posted on a big database.

Builds the same workspace as ``bench_progress.py`` (2,000 people in teams of 20, 1,000,000 sales
over the past year, goals for every person, team and the company), on SQLite (a file) and on
PostgreSQL (a fresh database, dropped afterwards). Then, per backend:

- one company digest with every section and its chart, built as the scheduler builds it
  (median of ``--runs``; target under 1 s), split into collecting the data, the message and
  the chart;
- 100 digests due at the same minute (the company's and one per team, each to its own channel)
  posted by one scheduler tick to the fake Slack Web API, with the real pacing of one post a
  second per channel (target: all posted within a minute).

    .venv/bin/python bench/bench_digests.py [--sales N] [--people N] [--backend sqlite|postgresql|both]
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_progress import LOCAL_TEAM_ID, NOW, TODAY, build, run_backend  # noqa: E402
from sqlmodel import Session, select  # noqa: E402

from handlers.blocks.digests import build_digest_message  # noqa: E402
from handlers.runtime import Services  # noqa: E402
from handlers.scheduler import SchedulerOptions, build_runner  # noqa: E402
from localslack.webapi import FakeSlack  # noqa: E402
from salesbot.charts import render_chart  # noqa: E402
from salesbot.clock import FixedClock  # noqa: E402
from salesbot.config import Settings  # noqa: E402
from salesbot.digests import SECTIONS, Subject, collect, reported_period  # noqa: E402
from salesbot.i18n import Formatter  # noqa: E402
from storage.models import Team  # noqa: E402

DIGEST_TARGET = 1.0  # seconds for one company digest
TICK_TARGET = 60.0  # seconds for 100 digests due at once
SCHEDULES = 100
# 09:00 in Oslo on the benchmark's day; the tick runs ten seconds later.
DUE = NOW - timedelta(hours=1)


def add_schedules(engine, fake: FakeSlack, count: int) -> list[int]:
    """The company digest and one per team, daily at 09:00 Oslo time, each to a channel of its own."""
    with Session(engine) as session:
        team_ids = list(session.exec(select(Team.id).order_by(Team.id)).all())
    ids = []
    with Services(Settings(), engine).store(LOCAL_TEAM_ID) as store:
        for n in range(count):
            channel = f"C0BENCH{n:04d}"
            fake.add_channel(channel, f"digest-{n}")
            scope = "company" if n == 0 else "team"
            schedule = store.add_digest_schedule(
                kind="channel",
                channel_id=channel,
                scope=scope,
                team_id=None if n == 0 else team_ids[(n - 1) % len(team_ids)],
                cadence="daily",
                local_time="09:00",
                timezone="Europe/Oslo",
                sections=list(SECTIONS),
                top_n=10,
                app_id="A0BENCH",
            )
            ids.append(schedule.id)
    return ids


def time_company_digest(engine, runs: int) -> dict[str, float]:
    services = Services(Settings(), engine, clock=FixedClock(NOW))
    fmt = Formatter("en", "NOK")
    parts: dict[str, list[float]] = {"data": [], "message": [], "chart": [], "total": []}
    for run in range(runs + 1):  # the first run warms caches and is not counted
        started = time.perf_counter()
        with services.store(LOCAL_TEAM_ID) as store:
            period = reported_period(None, store.workspace.default_period_kind, TODAY)
            digest = collect(
                store, Subject("company"), day=TODAY, period=period, sections=SECTIONS, top_n=10, now=NOW
            )
        collected = time.perf_counter()
        build_digest_message(fmt, digest, footer="Every day at 09:00 (Europe/Oslo)", link=None)
        built = time.perf_counter()
        png = render_chart(fmt, digest)
        drawn = time.perf_counter()
        if run:
            parts["data"].append(collected - started)
            parts["message"].append(built - collected)
            parts["chart"].append(drawn - built)
            parts["total"].append(drawn - started)
    assert png[:4] == b"\x89PNG"
    return {name: statistics.median(values) for name, values in parts.items()}


def time_tick(engine, fake: FakeSlack, count: int) -> tuple[float, int, dict]:
    add_schedules(engine, fake, count)
    settings = Settings(bot_token=fake.bot_token, api_url=fake.api_url, database_url=str(engine.url))
    runner = build_runner(settings, engine, clock=FixedClock(NOW), options=SchedulerOptions(), election=False)
    started = time.perf_counter()
    report = runner.run_due(DUE + timedelta(seconds=10))
    elapsed = time.perf_counter() - started
    posts = Counter(p.kind for p in fake.snapshot_posted())
    return elapsed, len(report.posted), dict(posts)


def bench_backend(label: str, engine, args) -> bool:
    print(f"  building {args.people:,} people and {args.sales:,} sales…", flush=True)
    started = time.perf_counter()
    build(engine, people=args.people, sales=args.sales)
    print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)
    digest = time_company_digest(engine, args.runs)
    fake = FakeSlack(team_id=LOCAL_TEAM_ID, bot_token="xoxb-bench-" + secrets.token_hex(4)).start()
    try:
        elapsed, posted, posts = time_tick(engine, fake, SCHEDULES)
    finally:
        fake.stop()
    ok_digest = digest["total"] < DIGEST_TARGET
    ok_tick = posted == SCHEDULES and elapsed < TICK_TARGET
    print(f"\n  {label}: one company digest, every section (median of {args.runs})")
    print("  | data | message | chart | total | target |\n  |---|---|---|---|---|")
    ms = {name: f"{value * 1000:.0f} ms" for name, value in digest.items()}
    verdict = "ok" if ok_digest else "MISSED"
    print(
        f"  | {ms['data']} | {ms['message']} | {ms['chart']} | {ms['total']} "
        f"| < {DIGEST_TARGET * 1000:.0f} ms {verdict} |"
    )
    print(f"\n  {label}: {SCHEDULES} digests due at 09:00, one tick")
    print(
        f"  posted {posted} of {SCHEDULES} in {elapsed:.1f} s (target < {TICK_TARGET:.0f} s: "
        f"{'ok' if ok_tick else 'MISSED'}); Slack saw {posts.get('message', 0)} messages and "
        f"{posts.get('file', 0)} charts\n",
        flush=True,
    )
    return ok_digest and ok_tick


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sales", type=int, default=1_000_000)
    parser.add_argument("--people", type=int, default=2_000)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument(
        "--runs", type=int, default=5, help="timed runs of the company digest (the median is shown)"
    )
    args = parser.parse_args(argv)
    if args.people < 2 * 20 or args.sales < 1:
        parser.error("need at least 40 people (two teams) and 1 sale")
    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    results = [
        run_backend(backend, lambda label, engine: bench_backend(label, engine, args)) for backend in backends
    ]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
