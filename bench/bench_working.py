"""How fast ``/sales working`` and the feedback figures answer on a big database.

Builds the workspace of ``bench_progress.py`` (2,000 people in teams of 20, 1,000,000 sales over
the past year, their goals) and adds 200,000 customer feedback answers over the same year (some
about a sale, a quarter with a comment) and win stories with techniques for 5 % of the sales
not lost, on SQLite (a file) and on PostgreSQL (a fresh database, dropped afterwards). Then it
sends, as signed Slack requests through the WSGI app with the fake Slack:

- ``/sales working last quarter`` as an admin and as the manager of one team;
- ``/sales feedback last quarter`` as an admin and ``/sales feedback team:NAME`` as that manager;

and prints, per backend, ack (target 300 ms), answer (until the reply reaches the response_url;
target 1 s), the same aggregates typed by hand and run straight on a connection (bare SQL) and
answer/bare, medians of ``--runs``. It prints the plan of every aggregate the app ran and flags a
full scan of a table. Exits 1 when a target is missed.

    .venv/bin/python bench/bench_working.py [--sales N] [--people N] [--feedback N]
        [--backend sqlite|postgresql|both] [--runs N]
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_progress import (  # noqa: E402
    ADMIN,
    MONTH,
    NOW,
    TODAY,
    QueryLog,
    bare,
    build,
    insert_rows,
    run_backend,
    run_command,
    timed,
    user_id,
)
from sqlalchemy import text  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402
from sqlmodel import Session  # noqa: E402

from localslack.workspace import LocalWorkspace  # noqa: E402
from salesbot.clock import FixedClock  # noqa: E402
from salesbot.periods import Period  # noqa: E402
from salesbot.working import DEFAULT_TECHNIQUES  # noqa: E402
from storage.models import Technique  # noqa: E402

LAST_QUARTER = Period.of_quarter(2026, 3)  # "last quarter" on 18 November 2026
BEFORE_IT = Period.of_quarter(2026, 2)
MANAGER_INDEX = 1  # bench_progress: person 1 manages "Team 000" (people 1–20)
TEAM = "Team 000"
STAGES = ("order", "delivery", "service")
CSAT = (1, 2, 3, 3, 4, 4, 4, 5, 5, 5, 5)  # mostly satisfied, a few low scores
STORY_SHARE = 0.05  # of the sales not lost
ACK_TARGET, ANSWER_TARGET = 0.3, 1.0
FEEDBACK_COLUMNS = (
    "workspace_id",
    "scale",
    "score",
    "stage",
    "comment",
    "customer",
    "person_id",
    "product_id",
    "sale_id",
    "source",
    "permalink",
    "given_on",
    "created_at",
    "updated_at",
)
STORY_COLUMNS = ("workspace_id", "sale_id", "person_id", "note", "created_at", "updated_at")
LINK_COLUMNS = ("story_id", "technique_id", "workspace_id")

# -- the aggregates, written out by hand: the floor the app is measured on ------------------------

PRODUCT_SUMS = (
    "SELECT product_id, SUM(amount), COUNT(*) FROM sale WHERE workspace_id = :w "
    "AND ordered_on >= :start AND ordered_on <= :end AND lost_on IS NULL {people} GROUP BY product_id"
)
TECHNIQUE_SUMS = (
    "SELECT t.technique_id, COUNT(*), SUM(s.amount) FROM win_story_technique t "
    "JOIN win_story ws ON ws.id = t.story_id JOIN sale s ON s.id = ws.sale_id "
    "WHERE t.workspace_id = :w AND s.workspace_id = :w AND s.ordered_on >= :start "
    "AND s.ordered_on <= :end AND s.lost_on IS NULL GROUP BY t.technique_id"
)
FEEDBACK_WHERE = "workspace_id = :w AND given_on >= :start AND given_on <= :end AND scale = 'csat' {people}"
SCORE_COUNTS = "SELECT {key} score, COUNT(*) FROM feedback WHERE " + FEEDBACK_WHERE + " GROUP BY {key} score"
TEAM_COUNTS = (
    "SELECT m.team_id, f.score, COUNT(*) FROM feedback f JOIN team_membership m "
    "ON m.person_id = f.person_id AND m.workspace_id = f.workspace_id AND m.role = 'member' "
    "WHERE f.workspace_id = :w AND f.given_on >= :start AND f.given_on <= :end AND f.scale = 'csat' "
    "{people} GROUP BY m.team_id, f.score"
)
BEST_COMMENTS = (
    "SELECT score, comment, customer, stage, person_id, given_on FROM feedback WHERE "
    + FEEDBACK_WHERE
    + " AND comment <> '' ORDER BY score DESC, given_on DESC, id DESC LIMIT 3"
)
NEWEST_COMMENTS = (
    "SELECT * FROM feedback WHERE "
    + FEEDBACK_WHERE
    + " AND comment <> '' ORDER BY given_on DESC, id DESC LIMIT 5"
)


def _people(ids: list[int] | None, column: str = "person_id") -> str:
    return f"AND {column} IN ({', '.join(map(str, ids))})" if ids is not None else ""


def working_queries(w: int, people: list[int] | None) -> list[tuple[str, dict]]:
    """What ``/sales working last quarter`` sums: products now and before, techniques, stages and
    the best comments (about ``people``; None: anyone's)."""
    now = {"w": w, "start": LAST_QUARTER.start, "end": LAST_QUARTER.end}
    before = {"w": w, "start": BEFORE_IT.start, "end": BEFORE_IT.end}
    return [
        (PRODUCT_SUMS.format(people=""), now),
        (PRODUCT_SUMS.format(people=""), before),
        (TECHNIQUE_SUMS, now),
        (SCORE_COUNTS.format(key="stage,", people=""), now),
        (BEST_COMMENTS.format(people=_people(people)), now),
    ]


def feedback_queries(w: int, period: Period, people: list[int] | None, seen: list[int] | None):
    """What ``/sales feedback`` counts: overall, by product, stage, rep and team, and the newest
    comments the reader may see (about ``seen``; None: anyone's)."""
    scope = {"w": w, "start": period.start, "end": period.end}
    among = _people(people)
    return [
        *[
            (SCORE_COUNTS.format(key=key, people=among), scope)
            for key in ("", "product_id,", "stage,", "person_id,")
        ],
        (TEAM_COUNTS.format(people=_people(people, "f.person_id")), scope),
        (NEWEST_COMMENTS.format(people=among + (_people(seen) if seen is not None else "")), scope),
    ]


# -- building the data ---------------------------------------------------------------------------


def build_feedback(engine: Engine, workspace_id: int, *, answers: int, seed: int = 11) -> dict[str, int]:
    """Feedback answers and win stories with techniques, on top of ``bench_progress.build``."""
    rng = random.Random(seed)
    with Session(engine) as session:
        techniques = [Technique(workspace_id=workspace_id, key=key, label="") for key in DEFAULT_TECHNIQUES]
        session.add_all(techniques)
        session.commit()
        technique_ids = [t.id for t in techniques]
    with engine.connect() as connection:
        people = [row[0] for row in connection.execute(text("SELECT id FROM person ORDER BY id"))]
        products = [row[0] for row in connection.execute(text("SELECT id FROM product ORDER BY id"))]
        # One sale in ten, to hang answers and stories on.
        sales = connection.execute(
            text(
                "SELECT id, person_id, product_id, ordered_on, lost_on FROM sale "
                "WHERE workspace_id = :w AND id % 10 = 0"
            ),
            {"w": workspace_id},
        ).all()
    stamp = datetime.now(UTC)

    def answer():
        sale = rng.choice(sales) if rng.random() < 0.4 else None
        if sale is not None:
            ordered = sale[3] if not isinstance(sale[3], str) else datetime.fromisoformat(sale[3]).date()
            given = min(TODAY, ordered + timedelta(days=rng.choice((1, 8, 22))))
            person, product, sale_id = sale[1], sale[2], sale[0]
        else:
            given = TODAY - timedelta(days=rng.randrange(365))
            person = rng.choice(people) if rng.random() < 0.9 else None
            product, sale_id = rng.choice(products) if rng.random() < 0.8 else None, None
        score = rng.choice(CSAT)
        comment = f"Comment {rng.randrange(10**6)}: {'great service' if score > 3 else 'slow delivery'}"
        return (
            workspace_id,
            "csat",
            score,
            rng.choice(STAGES),
            comment if rng.random() < 0.25 else "",
            f"Customer {rng.randrange(5000)}",
            person,
            product,
            sale_id,
            "logged",
            "",
            given,
            stamp,
            stamp,
        )

    insert_rows(engine, "feedback", FEEDBACK_COLUMNS, (answer() for _ in range(answers)))
    won = [sale for sale in sales if sale[4] is None]
    stories = [sale for sale in won if rng.random() < STORY_SHARE * 10]  # sales holds one in ten
    insert_rows(
        engine,
        "win_story",
        STORY_COLUMNS,
        ((workspace_id, sale[0], sale[1], "They liked the demo", stamp, stamp) for sale in stories),
    )
    with engine.connect() as connection:
        story_ids = [row[0] for row in connection.execute(text("SELECT id FROM win_story ORDER BY id"))]
    links = [
        (story, technique, workspace_id)
        for story in story_ids
        for technique in rng.sample(technique_ids, rng.randint(1, 3))
    ]
    insert_rows(engine, "win_story_technique", LINK_COLUMNS, links)
    return {"answers": answers, "stories": len(story_ids), "links": len(links)}


# -- the plans -----------------------------------------------------------------------------------

BIG_TABLES = ("sale", "feedback", "win_story", "win_story_technique")


def is_report_aggregate(statement: str) -> bool:
    lowered = statement.lower()
    return any(f"from {t}" in lowered for t in ("sale", "feedback", "win_story_technique")) and (
        "count(" in lowered
        or "sum(" in lowered
        or "order by feedback.score" in lowered
        or "feedback.comment" in lowered
    )


def full_scans(plan: list[str]) -> list[str]:
    """The lines of a plan that read a big table whole: SQLite's ``SCAN t`` (also ``USING
    COVERING INDEX``: every entry of the index is still read; ``SEARCH`` is a range), PostgreSQL's
    ``Seq Scan`` (and an index scan without an ``Index Cond``, which reads the whole index)."""
    found = []
    for line in plan:
        for table in BIG_TABLES:
            if re.search(rf"\bSCAN {table}\b", line) or re.search(rf"Seq Scan on {table}\b", line):
                found.append(line.strip())
    return found


def print_plans(log: QueryLog) -> bool:
    """Prints each plan; False when one reads a big table whole."""
    clean = True
    print("  query plans of the app's aggregates:")
    for statement, plan in log.plans():
        scans = full_scans(plan)
        clean &= not scans
        print(f"    {'WARNING: full scan' if scans else 'ranges on indexes'}:")
        print("      " + " ".join(statement.split())[:200] + ("…" if len(statement) > 200 else ""))
        for line in plan:
            print(f"      | {line}")
    return clean


# -- measuring -----------------------------------------------------------------------------------


def bench_backend(label: str, engine: Engine, args) -> bool:
    started = time.perf_counter()
    workspace_id, _ = build(engine, people=args.people, sales=args.sales)
    built = build_feedback(engine, workspace_id, answers=args.feedback)
    print(
        f"  built {args.people:,} people, {args.sales:,} sales, {built['answers']:,} feedback answers, "
        f"{built['stories']:,} win stories ({built['links']:,} techniques) "
        f"in {time.perf_counter() - started:.0f} s",
        flush=True,
    )
    manager = user_id(MANAGER_INDEX)
    with engine.connect() as connection:
        team = connection.execute(
            text(
                "SELECT m.person_id FROM team_membership m JOIN team t ON t.id = m.team_id "
                "WHERE t.name = :team AND m.role = 'member' ORDER BY m.person_id"
            ),
            {"team": TEAM},
        ).all()
    members = [row[0] for row in team]
    workspace = LocalWorkspace.start(engine, clock=FixedClock(NOW))
    log = QueryLog(engine, is_report_aggregate)
    commands = {
        "/sales working last quarter (admin)": (
            "working last quarter",
            ADMIN,
            working_queries(workspace_id, None),
        ),
        "/sales working last quarter (manager)": (
            "working last quarter",
            manager,
            working_queries(workspace_id, members),
        ),
        "/sales feedback last quarter (admin)": (
            "feedback last quarter",
            ADMIN,
            feedback_queries(workspace_id, LAST_QUARTER, None, None),
        ),
        f"/sales feedback team:{TEAM} (manager)": (
            f'feedback team:"{TEAM}"',
            manager,
            feedback_queries(workspace_id, MONTH, members, members),
        ),
    }
    try:
        workspace.add_user(ADMIN, "Seller Admin", is_owner=True, is_admin=True, tz="Europe/Oslo")
        workspace.add_user(manager, "Seller Manager", tz="Europe/Oslo")
        timings = {
            name: timed(args.runs, lambda c=command, u=user: run_command(workspace, c, u))
            for name, (command, user, _) in commands.items()
        }
    finally:
        log.close()
        workspace.stop()
    results = []
    for name, (_, _, queries) in commands.items():
        ack, answer, first_line = timings[name]
        bare(engine, queries)  # warm-up, as the app had
        floor = statistics.median(bare(engine, queries) for _ in range(args.runs))
        results.append({"command": name, "ack": ack, "answer": answer, "bare": floor, "reply": first_line})
    if not print_plans(log):
        print("  some plans read a table whole (flagged above); the targets decide the exit status")
    return report(label, results)


def report(backend: str, results: list[dict]) -> bool:
    print(f"\n  {'command':<40} {'ack':>8} {'answer':>8} {'bare SQL':>9} {'answer/bare':>12}   reply")
    ok = True
    for r in results:
        ratio = r["answer"] / r["bare"] if r["bare"] else float("inf")
        fine = r["ack"] < ACK_TARGET and r["answer"] < ANSWER_TARGET
        ok &= fine
        print(
            f"  {r['command']:<40} {r['ack'] * 1000:>6.0f}ms {r['answer'] * 1000:>6.0f}ms "
            f"{r['bare'] * 1000:>7.0f}ms {ratio:>11.1f}×   {r['reply'][:40]}"
            + ("" if fine else "   <-- over target (ack < 300 ms, answer < 1 s)")
        )
    print(
        f"  {backend}: {'within' if ok else 'NOT within'} the targets (ack < 300 ms, answer < 1 s)\n",
        flush=True,
    )
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sales", type=int, default=1_000_000)
    parser.add_argument("--people", type=int, default=2_000)
    parser.add_argument("--feedback", type=int, default=200_000)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command (the median is shown)")
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
