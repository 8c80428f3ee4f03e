"""How fast ``/sales progress company`` and ``/sales leaderboard`` answer on a big database.

Builds a workspace with 2,000 people in teams and 1,000,000 sales over the past year, with
goals for every person, every team and the company, on SQLite (a file) and on PostgreSQL (a
fresh database, dropped afterwards). Then it sends both commands as signed Slack requests
through the WSGI app (a LocalWorkspace with the fake Slack) and prints, per backend:

- ack: until the HTTP response (Slack wants it within 3 s; the target is 300 ms);
- answer: until the ephemeral reply is posted to the response_url (target 1 s);
- bare SQL: the same aggregates typed by hand, run straight on the connection, and the ratio.

It also prints the query plan of each sale aggregate the app ran, flagging any that does not
read the covering index ``ix_sale_progress``.

    .venv/bin/python bench/bench_progress.py [--sales N] [--people N] [--backend sqlite|postgresql|both]
        [--years N] [--runs N]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event, text  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402
from sqlmodel import Session  # noqa: E402

from localslack.workspace import LOCAL_TEAM_ID, LocalWorkspace  # noqa: E402
from salesbot.clock import FixedClock  # noqa: E402
from salesbot.goals import goal_key  # noqa: E402
from salesbot.periods import Period  # noqa: E402
from storage.models import Goal, Person, Product, Team, TeamMembership, Workspace  # noqa: E402
from tests.scratch import postgres_unreachable, scratch_database  # noqa: E402

TODAY = date(2026, 11, 18)  # a Wednesday, halfway through the quarter
NOW = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)
MONTH, QUARTER, YEAR = Period.of_month(2026, 11), Period.of_quarter(2026, 4), Period.of_year(2026)
TEAM_SIZE = 20
PRODUCTS = 25
ADMIN = "U0BENCH00000"
PG_ADMIN_DSN = os.environ.get(
    "SALESBOT_BENCH_PG", os.environ.get("SALESBOT_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
)
SALE_COLUMNS = (
    "workspace_id",
    "person_id",
    "product_id",
    "customer",
    "amount",
    "units",
    "ordered_on",
    "delivered_on",
    "followed_up_on",
    "lost_on",
    "lost_reason",
    "lost_note",
    "source",
    "created_at",
    "updated_at",
)
# The aggregates the two commands need, written out by hand: the floor the app is measured on.
BARE_TOTAL = (
    "SELECT SUM(amount), SUM(units), COUNT(*) FROM sale WHERE workspace_id = :w "
    "AND ordered_on >= :start AND ordered_on <= :end AND lost_on IS NULL"
)
BARE_BY_PERSON = (
    "SELECT person_id, SUM(amount), SUM(units), COUNT(*) FROM sale WHERE workspace_id = :w "
    "AND ordered_on >= :start AND ordered_on <= :end AND lost_on IS NULL GROUP BY person_id"
)


def user_id(index: int) -> str:
    return f"U0BENCH{index:05d}"


# -- building the data ---------------------------------------------------------------------------


def build(engine: Engine, *, people: int, sales: int, years: int = 1, seed: int = 7) -> tuple[int, str]:
    """Fills a migrated, empty database. Returns the workspace id and the Slack id of a rep."""
    rng = random.Random(seed)
    with Session(engine, expire_on_commit=False) as session:
        workspace = Workspace(slack_team_id=LOCAL_TEAM_ID, name="Benchmark AS", timezone="Europe/Oslo")
        workspace.timezone_confirmed, workspace.pacing = True, "business"
        session.add(workspace)
        session.flush()
        # Fresh profiles (refreshed now), so no request stops to ask Slack about its caller.
        persons = [
            Person(
                workspace_id=workspace.id,
                slack_user_id=user_id(i),
                name=f"Seller {i:05d}",
                role="admin" if i == 0 else ("manager" if i % TEAM_SIZE == 1 else "rep"),
                is_slack_owner=i == 0,
                public_ranking=rng.random() > 0.05,
            )
            for i in range(people)
        ]
        teams = [
            Team(workspace_id=workspace.id, name=f"Team {t:03d}", name_key=f"team {t:03d}")
            for t in range(max(1, (people - 1) // TEAM_SIZE))
        ]
        products = [
            Product(workspace_id=workspace.id, name=f"Product {p}", name_key=f"product {p}")
            for p in range(PRODUCTS)
        ]
        session.add_all([*persons, *teams, *products])
        session.flush()
        for index, person in enumerate(persons[1:], start=1):  # the admin is in no team
            team = teams[min((index - 1) // TEAM_SIZE, len(teams) - 1)]
            role = "manager" if index % TEAM_SIZE == 1 else "member"
            session.add(
                TeamMembership(workspace_id=workspace.id, team_id=team.id, person_id=person.id, role=role)
            )
        # Targets near what the sales add up to, so people are spread over every status.
        month_each = Decimal(sales) / people / 12 * 25_000
        for person in persons:
            for period, months in ((MONTH, 1), (QUARTER, 3)):
                target = month_each * months * Decimal(rng.uniform(0.7, 1.4))
                session.add(_goal(workspace.id, "person", person.id, "revenue", period, target))
        for team in teams:
            session.add(_goal(workspace.id, "team", team.id, "revenue", MONTH, month_each * TEAM_SIZE))
            session.add(
                _goal(workspace.id, "team", team.id, "units", QUARTER, Decimal(sales) / len(teams) / 4 * 3)
            )
        for metric, period, target in (
            ("revenue", MONTH, month_each * people),
            ("revenue", QUARTER, month_each * people * 3),
            ("revenue", YEAR, month_each * people * 12),
            ("deals", YEAR, Decimal(sales)),
        ):
            session.add(_goal(workspace.id, "company", None, metric, period, target))
        session.commit()
        workspace_id = workspace.id
        ids = [person.id for person in persons]
        product_ids = [product.id for product in products]
    insert_rows(
        engine,
        "sale",
        SALE_COLUMNS,
        _sales(rng, workspace_id, ids, product_ids, sales, years, datetime.now(UTC)),
    )
    return workspace_id, user_id(people // 2 + 3)


def _goal(workspace_id: int, scope: str, subject: int | None, metric: str, period: Period, target) -> Goal:
    return Goal(
        workspace_id=workspace_id,
        scope=scope,
        person_id=subject if scope == "person" else None,
        team_id=subject if scope == "team" else None,
        metric=metric,
        period_kind=period.kind,
        period_key=period.key,
        period_start=period.start,
        period_end=period.end,
        target=Decimal(target).quantize(Decimal(1)),
        goal_key=goal_key(scope, subject, metric, period.key, None),
    )


def _sales(
    rng: random.Random, workspace_id: int, ids: list[int], products: list[int], count: int, years, now
):
    """Sales over the ``years`` up to today: 8 % lost, older ones delivered and followed up."""
    for _ in range(count):
        ordered = TODAY - timedelta(days=rng.randrange(365 * years))
        age = (TODAY - ordered).days
        lost = ordered + timedelta(days=3) if rng.random() < 0.08 else None
        delivered = ordered + timedelta(days=7) if lost is None and age > 10 else None
        followed = delivered + timedelta(days=14) if delivered and age > 30 else None
        yield (
            workspace_id,
            rng.choice(ids),
            rng.choice(products),
            "",
            round(rng.uniform(500, 50_000), 2),
            rng.randint(1, 5),
            ordered,
            delivered,
            followed,
            lost,
            "price" if lost else None,
            "",
            "import",
            now,
            now,
        )


def _sqlite_value(value):
    """As SQLAlchemy stores it in SQLite: ISO dates, UTC timestamps without an offset."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def insert_rows(engine: Engine, table: str, columns: tuple[str, ...], rows) -> None:
    """Loads ``rows`` (tuples in the order of ``columns``) fast: one ``executemany`` in one
    transaction on SQLite, ``COPY`` on PostgreSQL, followed there by ``VACUUM ANALYZE``.

    No ANALYZE on SQLite: a live SQLite database has no statistics either, and the planner must
    find the covering indexes without them. On PostgreSQL index-only scans need the visibility
    map, which autovacuum would get to in time."""
    raw = engine.raw_connection()
    try:
        if engine.dialect.name == "postgresql":
            with (
                raw.cursor() as cursor,
                cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
            raw.commit()
            raw.driver_connection.autocommit = True
            try:
                raw.driver_connection.execute("VACUUM ANALYZE")
            finally:  # back to the pool as it came: a session's savepoints need a transaction
                raw.driver_connection.autocommit = False
        else:
            raw.cursor().executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                (tuple(_sqlite_value(value) for value in row) for row in rows),
            )
            raw.commit()
    finally:
        raw.close()


# -- measuring -----------------------------------------------------------------------------------


def run_command(workspace: LocalWorkspace, command: str, user: str) -> tuple[float, float, str]:
    """(ack seconds, answer seconds, the reply's first line) for one ``/sales`` command."""
    seen = len(workspace.fake.snapshot_posted())
    started = time.perf_counter()
    result = workspace.command(command, user=user, wait=False)
    acked = time.perf_counter() - started
    assert result.status == 200, result.text
    while True:
        reply = next(
            (p for p in workspace.fake.snapshot_posted()[seen:] if p.kind == "ephemeral" and p.user == user),
            None,
        )
        if reply is not None:
            answered = time.perf_counter() - started
            break
        if time.perf_counter() - started > 30:
            raise TimeoutError(f"no reply to /sales {command}")
        time.sleep(0.0005)
    workspace.wait_idle()
    return acked, answered, (reply.text or "").splitlines()[0]


def bare(engine: Engine, queries: list[tuple[str, dict]]) -> float:
    started = time.perf_counter()
    with engine.connect() as connection:
        for sql, params in queries:
            connection.execute(text(sql), params).all()
    return time.perf_counter() - started


def timed(runs: int, measure: Callable[[], tuple[float, float, str]]) -> tuple[float, float, str]:
    """Median ack and answer over ``runs`` after one warm-up run (caches, the first connection)."""
    measure()
    samples = [measure() for _ in range(runs)]
    return (
        statistics.median(sample[0] for sample in samples),
        statistics.median(sample[1] for sample in samples),
        samples[-1][2],
    )


def is_sale_aggregate(statement: str) -> bool:
    return "FROM sale" in statement and "sum(" in statement.lower()


class QueryLog:
    """The statements the app runs that ``wanted`` picks, with their parameters, to EXPLAIN
    afterwards (by default the sale aggregates)."""

    def __init__(self, engine: Engine, wanted: Callable[[str], bool] = is_sale_aggregate) -> None:
        self.engine = engine
        self.wanted = wanted
        # Each statement once per set of parameters: a year's plan may differ from a month's.
        self.statements: dict[str, tuple[str, object]] = {}
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, connection, cursor, statement, parameters, context, executemany) -> None:
        if self.wanted(statement):
            self.statements.setdefault(statement + repr(parameters), (statement, parameters))

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._seen)

    def plans(self) -> list[tuple[str, list[str]]]:
        explain = (
            "EXPLAIN QUERY PLAN " if self.engine.dialect.name == "sqlite" else "EXPLAIN (ANALYZE, COSTS OFF) "
        )
        found = []
        with self.engine.connect() as connection:
            for statement, parameters in self.statements.values():
                rows = connection.exec_driver_sql(explain + statement, parameters).all()
                found.append((statement, [str(row[-1]) for row in rows]))
        return found


def bench_backend(engine: Engine, *, people: int, sales: int, years: int, runs: int) -> list[dict]:
    started = time.perf_counter()
    workspace_id, rep = build(engine, people=people, sales=sales, years=years)
    took = time.perf_counter() - started
    print(f"  built {people:,} people, {sales:,} sales over {years} year(s) and their goals in {took:.1f} s")
    workspace = LocalWorkspace.start(engine, clock=FixedClock(NOW))
    log = QueryLog(engine)
    try:
        workspace.add_user(ADMIN, "Seller Admin", is_owner=True, is_admin=True, tz="Europe/Oslo")
        workspace.add_user(rep, "Seller Rep", tz="Europe/Oslo")
        windows = {
            "/sales progress company": (
                "progress company",
                ADMIN,
                [
                    (BARE_TOTAL, {"w": workspace_id, "start": p.start, "end": p.end})
                    for p in (MONTH, QUARTER, YEAR)
                ],
            ),
            "/sales leaderboard": (
                "leaderboard",
                rep,
                [(BARE_BY_PERSON, {"w": workspace_id, "start": MONTH.start, "end": MONTH.end})],
            ),
        }
        timings = {
            label: timed(runs, lambda c=command, u=user: run_command(workspace, c, u))
            for label, (command, user, _) in windows.items()
        }
    finally:
        log.close()
        workspace.stop()
    plans = log.plans()
    results = []
    for label, (_, _, queries) in windows.items():
        ack, answer, first_line = timings[label]
        bare(engine, queries)  # warm-up, as the app had
        floor = statistics.median(bare(engine, queries) for _ in range(runs))
        results.append({"command": label, "ack": ack, "answer": answer, "bare": floor, "reply": first_line})
    print("  query plans of the app's sale aggregates:")
    for statement, plan in plans:
        uses = any("ix_sale_progress" in line for line in plan)
        print(f"    {'covering index ix_sale_progress' if uses else 'WARNING: not the covering index'}:")
        print("      " + " ".join(statement.split())[:160] + ("…" if len(statement) > 160 else ""))
        for line in plan:
            print(f"      | {line}")
    return results


def report(backend: str, results: list[dict]) -> bool:
    print(f"\n  {'command':<26} {'ack':>8} {'answer':>8} {'bare SQL':>9} {'answer/bare':>12}   reply")
    ok = True
    for r in results:
        ratio = r["answer"] / r["bare"] if r["bare"] else float("inf")
        fine = r["ack"] < 0.3 and r["answer"] < 1.0
        ok &= fine
        print(
            f"  {r['command']:<26} {r['ack'] * 1000:>6.0f}ms {r['answer'] * 1000:>6.0f}ms "
            f"{r['bare'] * 1000:>7.0f}ms {ratio:>11.1f}×   {r['reply'][:40]}"
            + ("" if fine else "   <-- over target (ack < 300 ms, answer < 1 s)")
        )
    print(f"  {backend}: {'within' if ok else 'NOT within'} the targets (ack < 300 ms, answer < 1 s)\n")
    return ok


def run_backend(backend: str, bench: Callable[[str, Engine], bool]) -> bool:
    """``bench(label, engine)`` on a scratch database of ``backend``; PostgreSQL is skipped, with a
    message, when it is not reachable."""
    label = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[backend]
    if backend == "postgresql" and (why := postgres_unreachable(PG_ADMIN_DSN)):
        print(f"PostgreSQL: skipped, not reachable at {PG_ADMIN_DSN} ({why})\n")
        return True
    with scratch_database(backend, admin_dsn=PG_ADMIN_DSN, prefix="salesbot_bench") as engine:
        print(f"{label} ({engine.url.render_as_string(hide_password=True)}, removed afterwards)")
        return bench(label, engine)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sales", type=int, default=1_000_000)
    parser.add_argument("--people", type=int, default=2_000)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument(
        "--years",
        type=int,
        default=1,
        help="years of history the sales spread over (default 1: every sale in the year asked about)",
    )
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command (the median is shown)")
    args = parser.parse_args(argv)
    if args.people < 2 or args.sales < 1 or args.years < 1:
        parser.error("need at least 2 people, 1 sale and 1 year")

    def measure(label: str, engine: Engine) -> bool:
        return report(
            label,
            bench_backend(engine, people=args.people, sales=args.sales, years=args.years, runs=args.runs),
        )

    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    return 0 if all([run_backend(backend, measure) for backend in backends]) else 1


if __name__ == "__main__":
    sys.exit(main())
