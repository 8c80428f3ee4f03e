"""How fast each diagnosis step's evidence (``salesbot.evidence.step_evidence``) is on a big database.

Builds the workspace of ``bench_progress.py`` (2,000 people in teams of 20, 1,000,000 sales over
the past year, their goals) and the feedback answers of ``bench_working.py``, on SQLite (a file)
and on PostgreSQL (a fresh database, dropped afterwards). Then, for one rep and for one team
(``Team 000``) over this month, it times every step's ``step_evidence`` through the real ``Store``
(the domain's arithmetic included) beside the bare SQL: the very statements the step ran, replayed
on a connection. Medians of ``--runs``; target under 1 s a step. It prints the plan of every
aggregate and flags a full scan of a big table. Exits 1 when a target is missed.

The bench's sales have no promised date and its products no list price, so the delivery and
realised-price figures are empty; their queries still read the same rows. Each sale gets one of
the five default customer segments (by its id), for the marketing step's segment figures.

    .venv/bin/python bench/bench_evidence.py [--sales N] [--people N] [--feedback N]
        [--backend sqlite|postgresql|both] [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_progress import MONTH, TODAY, QueryLog, build, run_backend  # noqa: E402
from bench_working import build_feedback, print_plans  # noqa: E402
from sqlalchemy import event, text  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402
from sqlmodel import Session, select  # noqa: E402

from salesbot.evidence import STEPS, step_evidence  # noqa: E402
from salesbot.goals import Subject  # noqa: E402
from salesbot.segments import DEFAULT_SEGMENTS, segment_list  # noqa: E402
from storage.models import Workspace  # noqa: E402
from storage.store import Store  # noqa: E402

TEAM = "Team 000"
TARGET = 1.0


def is_evidence_aggregate(statement: str) -> bool:
    lowered = statement.lower()
    return any(f"from {t}" in lowered for t in ("sale", "feedback", "training_completion")) and (
        "count(" in lowered or "sum(" in lowered
    )


class Recorder:
    """Every statement the engine runs while on, with its parameters, to replay bare."""

    def __init__(self, engine: Engine) -> None:
        self.engine, self.on, self.statements = engine, False, []
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, connection, cursor, statement, parameters, context, executemany) -> None:
        if self.on:
            self.statements.append((statement, parameters))

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._seen)


def replay(engine: Engine, statements: list) -> float:
    started = time.perf_counter()
    with engine.connect() as connection:
        for statement, parameters in statements:
            connection.exec_driver_sql(statement, parameters).all()
    return time.perf_counter() - started


def assign_segments(engine: Engine, workspace_id: int) -> None:
    """The default segments written as on first use, and every sale put in one, by its id."""
    with Session(engine) as session:
        store = Store(session, session.exec(select(Workspace).where(Workspace.id == workspace_id)).one())
        first = min(segment.id for segment in segment_list(store))
        session.commit()
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE sale SET segment_id = :first + id % :count WHERE workspace_id = :workspace"),
            {"first": first, "count": len(DEFAULT_SEGMENTS), "workspace": workspace_id},
        )


def bench_backend(label: str, engine: Engine, args) -> bool:
    started = time.perf_counter()
    workspace_id, rep = build(engine, people=args.people, sales=args.sales)
    build_feedback(engine, workspace_id, answers=args.feedback)
    assign_segments(engine, workspace_id)
    print(
        f"  built {args.people:,} people, {args.sales:,} sales, {args.feedback:,} feedback answers "
        f"in {time.perf_counter() - started:.0f} s",
        flush=True,
    )
    recorder = Recorder(engine)
    log = QueryLog(engine, is_evidence_aggregate)
    results = []
    try:
        with Session(engine) as session:
            store = Store(session, session.exec(select(Workspace).where(Workspace.id == workspace_id)).one())
            subjects = {
                "rep": Subject("person", person=store.person_by_slack_id(rep)),
                TEAM: Subject("team", team=store.team_by_name(TEAM)),
            }
            for name, subject in subjects.items():
                for step in STEPS:
                    step_evidence(store, subject, MONTH, step, today=TODAY)  # warm-up
                    samples = []
                    for _ in range(args.runs):
                        recorder.statements, recorder.on = [], True
                        begun = time.perf_counter()
                        evidence = step_evidence(store, subject, MONTH, step, today=TODAY)
                        samples.append(time.perf_counter() - begun)
                        recorder.on = False
                    ran = list(recorder.statements)
                    floor = statistics.median(replay(engine, ran) for _ in range(args.runs))
                    results.append((name, step, statistics.median(samples), floor, len(ran), evidence))
            session.rollback()
    finally:
        recorder.close()
        log.close()
    if not print_plans(log):
        print("  some plans read a table whole (flagged above); the targets decide the exit status")
    return report(label, results)


def report(backend: str, results: list) -> bool:
    print(
        f"\n  {'subject':<10} {'step':<10} {'evidence':>9} {'bare SQL':>9} {'ratio':>6} {'queries':>8}"
        "  points"
    )
    ok = True
    for name, step, took, floor, queries, evidence in results:
        fine = took < TARGET
        ok &= fine
        print(
            f"  {name:<10} {step:<10} {took * 1000:>7.0f}ms {floor * 1000:>7.0f}ms "
            f"{took / floor if floor else float('inf'):>5.1f}× {queries:>8}  {evidence.points_here}"
            + ("" if fine else "   <-- over target (1 s)")
        )
    print(f"  {backend}: {'within' if ok else 'NOT within'} the target (each step < 1 s)\n", flush=True)
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sales", type=int, default=1_000_000)
    parser.add_argument("--people", type=int, default=2_000)
    parser.add_argument("--feedback", type=int, default=200_000)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per step (the median is shown)")
    args = parser.parse_args(argv)
    if args.people < 2 * 20 or args.sales < 100 or args.feedback < 1:
        parser.error("need at least 40 people (two teams), 100 sales and 1 feedback answer")
    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    results = [
        run_backend(backend, lambda label, engine: bench_backend(label, engine, args)) for backend in backends
    ]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
