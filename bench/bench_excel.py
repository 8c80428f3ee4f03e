"""How fast, and in how much memory, salesbot writes and reads Excel workbooks.

Export: a SQLite database with ``--sales`` sales (1,000,000 by default) for 200 people; the
export's Sales sheet (``salesbot.excel_export.SALES``: the streamed query, statuses, delays and
customer segments in the reader's words, styled money and date cells, text guarded against formulas, fitted
widths, totals, conditional formatting, autofilter) written to a file, beside a bare openpyxl
write-only loop appending the same query's rows as they come. Each runs in a fresh Python
process, so its peak memory (``ru_maxrss``) is its own. Targets: within 1.5× of the bare loop,
under 300 MB.

Import: a workbook of ``--import-rows`` sales (100,000 by default) in the import template's
columns, read safely, every row checked and planned, and written in one transaction
(``salesbot.excel_import``: what **Import** runs after the download). Target: under 60 s on
SQLite.

    .venv/bin/python bench/bench_excel.py [--sales N] [--import-rows N] [--skip-export] [--skip-import]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import openpyxl  # noqa: E402
from sqlalchemy import insert  # noqa: E402
from sqlmodel import Session  # noqa: E402

from salesbot.access import Actor, Role  # noqa: E402
from salesbot.i18n import Formatter  # noqa: E402
from salesbot.periods import Period  # noqa: E402
from storage.db import make_engine  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import Person, Product, Sale, Segment, Workspace  # noqa: E402

TODAY = date(2026, 11, 18)
YEAR = Period.of_year(2026)
PEOPLE, PRODUCTS = 200, 25
SEGMENTS = ("public_sector", "hotels_restaurants", "offices", "retail", "other")


def build(path: str, sales: int) -> None:
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    rng = random.Random(7)
    with Session(engine) as session:
        workspace = Workspace(slack_team_id="T0BENCH", name="Bench AS")
        session.add(workspace)
        session.flush()
        people = [
            Person(workspace_id=workspace.id, slack_user_id=f"U{n:08d}", name=f"Person {n}", role="rep")
            for n in range(PEOPLE)
        ]
        people[0].is_slack_admin = True
        session.add_all(people)
        products = [
            Product(workspace_id=workspace.id, name=f"Product {n}", name_key=f"product {n}")
            for n in range(PRODUCTS)
        ]
        session.add_all(products)
        segments = [Segment(workspace_id=workspace.id, key=key) for key in SEGMENTS]
        session.add_all(segments)
        session.flush()
        person_ids, product_ids = [p.id for p in people], [p.id for p in products]
        # Most sales in a segment, some in none: the Sales sheet names it in the reader's words.
        segment_ids = [s.id for s in segments] + [None]
        start = date(2026, 1, 1)
        batch = []
        for n in range(sales):
            ordered = start + timedelta(days=rng.randrange(320))
            delivered = ordered + timedelta(days=rng.randrange(1, 20)) if rng.random() < 0.6 else None
            lost = ordered + timedelta(days=3) if delivered is None and rng.random() < 0.1 else None
            batch.append(
                {
                    "workspace_id": workspace.id,
                    "person_id": rng.choice(person_ids),
                    "product_id": rng.choice(product_ids),
                    "segment_id": rng.choice(segment_ids),
                    "customer": rng.choice(
                        ["Bergen Bygg AS", "Kaffebrenneriet", "=risky text", "Oslo Kontor"]
                    ),
                    "amount": Decimal(rng.randrange(500, 90000)),
                    "units": rng.randrange(1, 5),
                    "ordered_on": ordered,
                    "promised_on": ordered + timedelta(days=10),
                    "delivered_on": delivered,
                    "lost_on": lost,
                    "lost_reason": "price" if lost else None,
                    "request_key": f"ref:PO-{n}",
                    "source": "import",
                }
            )
            if len(batch) == 20000:
                session.execute(insert(Sale), batch)
                batch = []
        if batch:
            session.execute(insert(Sale), batch)
        session.commit()
    engine.dispose()


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def part_export(path: str, out: str) -> dict:
    from salesbot import excel_export, workbooks
    from storage.store import Store

    engine = make_engine(f"sqlite:///{path}")
    with Session(engine) as session:
        workspace = session.query(Workspace).first()
        store = Store(session, workspace)
        admin = store.person_by_slack_id("U00000000")
        actor = Actor(admin.id, admin.slack_user_id, admin.name, Role.ADMIN, "en")
        scope = excel_export.ExportScope(actor, YEAR, TODAY, None)
        context = excel_export.ExportContext(store, scope, Formatter("en", "NOK"), now=datetime.now(UTC))
        started = time.perf_counter()
        counts = workbooks.write_workbook(
            out,
            excel_export.build_sheets(context, [excel_export.SALES]),
            properties=excel_export.properties(context, "Bench AS"),
            formats=excel_export.formats(context),
        )
        seconds = time.perf_counter() - started
    return {
        "rows": sum(counts.values()),
        "seconds": seconds,
        "peak_mb": _peak_mb(),
        "bytes": os.path.getsize(out),
    }


def part_bare(path: str, out: str) -> dict:
    from storage.store import Store

    engine = make_engine(f"sqlite:///{path}")
    with Session(engine) as session:
        workspace = session.query(Workspace).first()
        store = Store(session, workspace)
        started = time.perf_counter()
        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("Sales")
        count = 0
        for row in store.sales_for_export(None, YEAR.start, YEAR.end):
            sheet.append(list(row[1:]))
            count += 1
        book.save(out)
        seconds = time.perf_counter() - started
    return {"rows": count, "seconds": seconds, "peak_mb": _peak_mb(), "bytes": os.path.getsize(out)}


def import_workbook(rows: int) -> bytes:
    rng = random.Random(11)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Sales")
    sheet.append(
        ["Person", "Order date", "Amount", "Units", "Product", "Customer", "Delivered", "Order reference"]
    )
    for n in range(rows):
        ordered = datetime(2026, 1, 1) + timedelta(days=rng.randrange(300))
        delivered = ordered + timedelta(days=5) if rng.random() < 0.5 else None
        sheet.append(
            [
                f"Person {rng.randrange(PEOPLE)}",
                ordered,
                rng.randrange(500, 90000),
                rng.randrange(1, 5),
                f"Product {rng.randrange(PRODUCTS)}",
                "Kunde AS",
                delivered,
                f"IMP-{n}",
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def part_import(path: str, source: str) -> dict:
    from salesbot import excel_import, workbooks
    from storage.store import Store

    data = Path(source).read_bytes()
    engine = make_engine(f"sqlite:///{path}")
    started = time.perf_counter()
    _, rows = workbooks.read_rows(data)
    header, rest = excel_import.split_header(rows)
    columns = excel_import.map_columns("sales", header)
    table = list(rest)
    read = time.perf_counter()
    with Session(engine) as session:
        workspace = session.query(Workspace).first()
        store = Store(session, workspace)
        admin = store.person_by_slack_id("U00000000")
        actor = Actor(admin.id, admin.slack_user_id, admin.name, Role.ADMIN, "en")
        plan = excel_import.read_plan(store, actor, "sales", table, columns, emails={}, today=TODAY)
        checked = time.perf_counter()
        assert plan.ok, plan.errors[:3]
        added = excel_import.apply_sales(store, actor, plan, file_name="bench.xlsx")
        session.commit()
    done = time.perf_counter()
    return {
        "rows": len(table),
        "added": added,
        "read": read - started,
        "check": checked - read,
        "write": done - checked,
        "seconds": done - started,
        "peak_mb": _peak_mb(),
    }


def _child(*args: str) -> dict:
    result = subprocess.run([sys.executable, __file__, *args], check=True, capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sales", type=int, default=1_000_000)
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--skip-export", action="store_true")
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--part", choices=["export", "bare", "import"])
    parser.add_argument("--db")
    parser.add_argument("--file")
    args = parser.parse_args()
    if args.part:
        run = {"export": part_export, "bare": part_bare, "import": part_import}[args.part]
        print(json.dumps(run(args.db, args.file)))
        return 0

    failed = False
    with tempfile.TemporaryDirectory(prefix="salesbot-bench-excel-") as folder:
        if not args.skip_export:
            db = os.path.join(folder, "export.db")
            started = time.perf_counter()
            build(db, args.sales)
            print(f"built {args.sales:,} sales in {time.perf_counter() - started:.0f} s")
            bare = _child("--part", "bare", "--db", db, "--file", os.path.join(folder, "bare.xlsx"))
            ours = _child("--part", "export", "--db", db, "--file", os.path.join(folder, "export.xlsx"))
            ratio = ours["seconds"] / bare["seconds"]
            print("| run | rows | seconds | rows/s | peak memory | file |")
            print("|---|---|---|---|---|---|")
            for name, run in (("bare openpyxl write-only loop", bare), ("salesbot's Sales sheet", ours)):
                print(
                    f"| {name} | {run['rows']:,} | {run['seconds']:.1f} | {run['rows'] / run['seconds']:,.0f}"
                    f" | {run['peak_mb']:.0f} MB | {run['bytes'] / 1e6:.0f} MB |"
                )
            print(f"export / bare: {ratio:.2f}× (target 1.5×); peak {ours['peak_mb']:.0f} MB (target 300 MB)")
            failed |= ratio > 1.5 or ours["peak_mb"] > 300
        if not args.skip_import:
            db = os.path.join(folder, "import.db")
            build(db, 0)
            source = os.path.join(folder, "import.xlsx")
            Path(source).write_bytes(import_workbook(args.import_rows))
            result = _child("--part", "import", "--db", db, "--file", source)
            print(
                f"import of {result['rows']:,} rows: {result['seconds']:.1f} s"
                f" ({result['rows'] / result['seconds']:,.0f} rows/s: read {result['read']:.1f} s,"
                f" check {result['check']:.1f} s, write {result['write']:.1f} s),"
                f" {result['added']:,} added, peak {result['peak_mb']:.0f} MB (target 60 s)"
            )
            failed |= result["seconds"] > 60
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
