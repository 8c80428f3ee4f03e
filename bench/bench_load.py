"""Many workspaces, several web processes, one PostgreSQL: salesbot under load, then under faults.

Starts a PostgreSQL server of its own (``throwaway_pg.py``: restarting it mid-run leaves the
machine's shared server alone), migrates it with ``python bot.py migrate``, seeds ten workspaces
(each installed with its own bot token, people, teams, goals and sales) and starts, the way the
README's "Deploying for many workspaces" runs them:

- the fake Slack Web API in a process of its own (``load_slack.py``);
- ``--processes`` salesbot web processes (``python bot.py http --no-migrate``, WEB_CONCURRENCY
  ``--workers`` each, OAuth on, scheduler off), ``--work-processes`` work processes
  (``python bot.py work``, with ``SALESBOT_WORK_QUEUE=on`` for all of them; by default none: the
  work runs in the web processes) and one ``python bot.py scheduler`` clock process;
- as many processes of a bare Bolt app that only acks, served by the same gunicorn set-up
  (``bare_app.py``).

``--users`` simulated people across the workspaces then each repeat, with a pause to think, a
mix of what people do: ``/sales progress``, ``/sales leaderboard``, ``/sales result AMOUNT
customer:REF`` (REF unique, to count each sale in the database), a button (Progress or
Leaderboard on a message), **Record a sale** (a button, then the form's view_submission) and
opening App Home (an app_home_opened event). Each person starts as if in the middle of a pause,
so the people do not all send their first request in the same millisecond. Each request is
signed as Slack signs it (v0 HMAC over the timestamp and body) and sent to the processes in
turn, as a load balancer would. A request without an answer in 3 s, or answered with an
error, is sent again with ``X-Slack-Retry-Num``, as Slack does with events. Each person waits
for salesbot's answer (as the fake Slack shows it to them) before thinking about the next
request.

Phases: the bare app, then salesbot (throughput, ack p50/p99 by kind and the ratio to the bare
app), a burst (everyone on both apps sending ``/sales progress`` at the same instant, reported
apart), then the faults under the same load: a gunicorn worker (and the first work process, if
any) killed with SIGKILL (a work process started again, as a process manager would), PostgreSQL
restarted (``pg_ctl restart -m fast``), Slack answering 429 (Retry-After: 1) and then 500. For each:
requests failed, what people were shown, sales lost and duplicated, seconds to recover. Resident
memory of every process at rest after start and after the load. Exit status 1 when a target is
missed: p99 ack within 1.5× the bare app's and under 500 ms, no errors under load, no sale lost
or duplicated.

    .venv/bin/python bench/bench_load.py [--users 50] [--seconds 45] [--fault-seconds 15] [--no-faults]
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import itertools
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.error
import urllib.request
from collections import Counter, defaultdict
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_progress import SALE_COLUMNS, _goal, insert_rows  # noqa: E402
from slack_sdk.oauth.installation_store.models.installation import Installation  # noqa: E402
from slack_sdk.signature import SignatureVerifier  # noqa: E402
from sqlalchemy import text  # noqa: E402
from sqlmodel import Session  # noqa: E402
from throwaway_pg import ThrowawayPostgres, free_port  # noqa: E402

from handlers import ids  # noqa: E402
from handlers.app import BOT_SCOPES  # noqa: E402
from localslack.workspace import LocalWorkspace  # noqa: E402
from salesbot.i18n import t  # noqa: E402
from salesbot.periods import Period  # noqa: E402
from storage.db import make_engine  # noqa: E402
from storage.installations import InstallationStore  # noqa: E402
from storage.models import Person, Product, Team, TeamMembership, Workspace  # noqa: E402

PYTHON = sys.executable
CLIENT = ("1234.5678", "load-client-secret")
APP_ID, BOT_USER, BOT_ID = "A0SALESBOT", "U0SALESBOT", "B0SALESBOT"
CHANNEL = ("C0GENERAL", "general")
ACK_LIMIT = 3.0  # Slack gives up on an acknowledgement after 3 seconds
P99_RATIO_TARGET, P99_TARGET = 1.5, 0.5
# What a person reads when salesbot failed, and when a sale was saved (English catalog).
FAILURE_MARK = t("en", "error.unexpected", reference="\0").split("\0")[0].split(".")[0]
SAVED_MARK = t("en", "sale.recorded").split(":", 2)[-1].strip()
DATABASE_DOWN_MARK = t("en", "error.database_down").split(",")[0]
KINDS = {  # what people do, and how often (weights)
    "progress": 20,
    "leaderboard": 15,
    "result": 20,
    "button": 15,
    "form": 15,
    "home": 15,
}
# Each kind of request as the table names it; "form" is a button and then a view_submission.
LABELS = {
    "progress": "/sales progress",
    "leaderboard": "/sales leaderboard",
    "result": "/sales result",
    "button": "button (block_actions)",
    "open_form": "Record a sale (block_actions)",
    "submit": "sale form (view_submission)",
    "home": "App Home (event)",
}


# -- the world: workspaces, people, sales ------------------------------------------------------


@dataclass
class Member:
    user_id: str
    name: str
    role: str


@dataclass
class Tenant:
    team_id: str
    name: str
    token: str
    people: list[Member]


def seed(engine, *, workspaces: int, people: int, sales: int, seed_value: int = 11) -> list[Tenant]:
    """Workspaces installed with their own tokens, each with people in two teams, goals for
    everyone (month, quarter), the teams and the company, and ``sales`` sales over 120 days."""
    rng = random.Random(seed_value)
    today = date.today()
    month = Period.of_month(today.year, today.month)
    quarter = Period.of_quarter(today.year, (today.month - 1) // 3 + 1)
    now = datetime.now(UTC)
    tenants, sale_rows = [], []
    store = InstallationStore(client_id=CLIENT[0], engine=engine)
    for w in range(workspaces):
        team_id = f"T0LD{w:04d}"
        tenant = Tenant(team_id, f"Load {w:02d} AS", f"xoxb-{team_id}-{rng.getrandbits(64):016x}", [])
        with Session(engine, expire_on_commit=False) as session:
            workspace = Workspace(slack_team_id=team_id, name=tenant.name, timezone="Europe/Oslo")
            workspace.timezone_confirmed = True
            session.add(workspace)
            session.flush()
            persons = []
            for i in range(people):
                role = "admin" if i == 0 else "manager" if i in (1, 2) else "rep"
                member = Member(f"U{w:02d}P{i:05d}", f"Seller {w:02d}-{i:03d}", role)
                tenant.people.append(member)
                persons.append(
                    Person(
                        workspace_id=workspace.id,
                        slack_user_id=member.user_id,
                        name=member.name,
                        role=role,
                        is_slack_owner=i == 0,
                        timezone="Europe/Oslo",
                    )
                )
            teams = [
                Team(workspace_id=workspace.id, name=f"Team {n}", name_key=f"team {n}")
                for n in ("Nord", "Sor")
            ]
            products = [
                Product(workspace_id=workspace.id, name=f"Product {p}", name_key=f"product {p}")
                for p in range(5)
            ]
            session.add_all([*persons, *teams, *products])
            session.flush()
            for index, person in enumerate(persons[1:], start=1):
                team = teams[index % 2]
                role = "manager" if index in (1, 2) else "member"
                session.add(
                    TeamMembership(workspace_id=workspace.id, team_id=team.id, person_id=person.id, role=role)
                )
            each = Decimal(sales) / people / 4 * 15_000  # about what a month of their sales adds up to
            for person in persons:
                for period, months in ((month, 1), (quarter, 3)):
                    target = each * months * Decimal(rng.uniform(0.7, 1.4))
                    session.add(_goal(workspace.id, "person", person.id, "revenue", period, target))
            for team in teams:
                session.add(_goal(workspace.id, "team", team.id, "revenue", month, each * people / 2))
            for period, months in ((month, 1), (quarter, 3)):
                session.add(_goal(workspace.id, "company", None, "revenue", period, each * people * months))
            session.commit()
            ids_ = [p.id for p in persons]
            product_ids = [p.id for p in products]
            for _ in range(sales):
                ordered = today - timedelta(days=rng.randrange(120))
                sale_rows.append(
                    (
                        workspace.id,
                        rng.choice(ids_),
                        rng.choice(product_ids),
                        "",
                        round(rng.uniform(2_000, 30_000), 2),
                        rng.randint(1, 3),
                        ordered,
                        None,
                        None,
                        None,
                        None,
                        "",
                        "import",
                        now,
                        now,
                    )
                )
        store.save(
            Installation(
                app_id=APP_ID,
                enterprise_id=None,
                team_id=team_id,
                team_name=tenant.name,
                bot_token=tenant.token,
                bot_id=BOT_ID,
                bot_user_id=BOT_USER,
                bot_scopes=list(BOT_SCOPES),
                user_id=tenant.people[0].user_id,
                installed_at=time.time(),
            )
        )
        tenants.append(tenant)
    insert_rows(engine, "sale", SALE_COLUMNS, sale_rows)
    return tenants


# -- processes ---------------------------------------------------------------------------------


class Processes:
    """The processes this run started, each with its log file; stopped (by pid) at the end."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.started: list[tuple[str, subprocess.Popen, Path]] = []

    def start(
        self, name: str, command: list[str], env: dict[str, str], *, piped: bool = False
    ) -> subprocess.Popen:
        """``command`` with its output in a log file; ``piped``: stdin and stdout are pipes (the
        fake Slack prints its URL and runs until its stdin closes), stderr the log."""
        log = self.folder / f"{name}.log"
        with log.open("w") as output:
            process = subprocess.Popen(
                command,
                cwd=ROOT,
                env={**os.environ, **env},
                stdin=subprocess.PIPE if piped else subprocess.DEVNULL,
                stdout=subprocess.PIPE if piped else output,
                stderr=output if piped else subprocess.STDOUT,
                text=True,
            )
        self.started.append((name, process, log))
        return process

    def stop(self) -> None:
        for _, process, _ in reversed(self.started):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for _, process, _ in reversed(self.started):
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()

    def log_tail(self, name: str, lines: int = 30) -> str:
        for each, _, log in self.started:
            if each == name:
                return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
        return ""

    def logs(self, prefix: str) -> list[Path]:
        return [log for name, _, log in self.started if name.startswith(prefix)]


def wait_http(url: str, timeout: float = 60.0, *, any_answer: bool = False) -> None:
    """Until ``url`` answers 200 (``any_answer``: answers at all, as the bare app's 404 does)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except urllib.error.HTTPError:
            if any_answer:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"{url} did not answer within {timeout:.0f} s")
        time.sleep(0.2)


def children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def descendants(pid: int) -> list[int]:
    found = [pid]
    for child in children(pid):
        found += descendants(child)
    return found


def cpu_seconds(pids: list[int], *, tree: bool = True) -> float:
    """CPU time (user and system) used so far by ``pids`` (``tree``: and every process under them)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in {p for each in pids for p in (descendants(each) if tree else [each])}:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


class CpuMeter:
    """CPU seconds each group of processes used between ``start()`` and ``stop()``."""

    def __init__(self, groups: dict[str, list[int]]) -> None:
        self.groups = groups
        self.used: dict[str, float] = {}

    @staticmethod
    def _seconds(name: str, pids: list[int]) -> float:
        # The driver's children are the servers, counted in their own groups.
        return cpu_seconds(pids, tree=name != "driver")

    def start(self) -> CpuMeter:
        self._began = {name: self._seconds(name, pids) for name, pids in self.groups.items()}
        self._wall = time.perf_counter()
        return self

    def stop(self) -> CpuMeter:
        self.used = {
            name: self._seconds(name, pids) - self._began[name] for name, pids in self.groups.items()
        }
        self.wall = time.perf_counter() - self._wall
        return self

    def line(self, served: dict[str, int]) -> str:
        """``served``: the requests each app's group answered; an app's CPU is per request of its
        own, the rest's (database, fake Slack, driver) per request of all."""
        busy = sum(self.used.values()) / self.wall
        everyone = sum(served.values())

        def part(name: str, seconds: float) -> str:
            requests = served.get(name, everyone)
            per = f" ({seconds / requests * 1000:.1f} ms a request)" if requests else ""
            return f"{name} {seconds / self.wall * 100:.0f} %{per}"

        parts = ", ".join(part(name, seconds) for name, seconds in self.used.items() if seconds > 0)
        return f"CPU busy {busy * 100:.0f} % of one core (2 cores = 200 %): {parts}"


def memory(pid: int) -> dict[str, int]:
    """Resident memory of ``pid`` in kB from /proc: RSS, PSS (shared pages divided among the
    processes sharing them) and USS (pages only it holds)."""
    figures = {}
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
            name, value = line.split(":", 1)
            figures[name] = int(value.split()[0])
    except OSError:
        return {}
    return {
        "rss": figures.get("Rss", 0),
        "pss": figures.get("Pss", 0),
        "uss": figures.get("Private_Clean", 0) + figures.get("Private_Dirty", 0),
    }


# -- the fake Slack, seen from the driver --------------------------------------------------------


class FakeControl:
    """The fake Slack process (``load_slack.py``) from the driver's side."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url

    def _call(self, method: str, path: str, payload=None, timeout: float = 30.0):
        data = json.dumps(payload).encode() if payload is not None else None
        request = urllib.request.Request(self.base_url + path, data=data, method=method)
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return json.loads(answer.read())

    def setup(self, spec: dict) -> None:
        self._call("POST", "/_load/setup", spec)

    def seen(self, user: str, after: int, wait: float) -> list[dict]:
        return self._call(
            "GET", f"/_load/posted?user={user}&after={after}&wait={wait:.2f}", timeout=wait + 10
        )

    def last_seq(self) -> int:
        return self._call("GET", "/_load/last_seq")["seq"]

    def outage(
        self, seconds: float, *, status: int, error: str, retry_after=None, response_urls=False
    ) -> None:
        self._call(
            "POST",
            "/_load/outage",
            {
                "seconds": seconds,
                "status": status,
                "error": error,
                "retry_after": retry_after,
                "response_urls": response_urls,
            },
        )

    def stats(self) -> list:
        return self._call("GET", "/_load/stats")


class RemoteFake:
    """What ``LocalWorkspace`` asks of its fake, for the fake in the other process: the ids it
    would issue are made here (``load_slack.LoadSlack`` accepts them on first use)."""

    app_id, bot_user_id = APP_ID, BOT_USER

    def __init__(self, control: FakeControl, names: dict[str, str]) -> None:
        self.control = control
        self.base_url = control.base_url
        self.users = {user_id: SimpleNamespace(name=name) for user_id, name in names.items()}
        self._ids = itertools.count(1)
        self.local = threading.local()  # the response URL key a thread made last

    def user(self, user_id: str):
        return self.users[user_id]

    def new_response_url(self, *, user_id: str, channel_id: str, message_ts: str | None = None) -> str:
        key = f"b-{user_id}-{channel_id}-{next(self._ids)}" + (f"-{message_ts}" if message_ts else "")
        self.local.key = key
        return f"{self.base_url}/response/{key}"

    def issue_trigger_id(self, user_id: str) -> str:
        return f"{next(self._ids)}.{int(time.time() * 1000)}.{user_id.lower()}"

    def im_channel(self, user_id: str) -> str:
        return "D" + user_id[1:]

    def offered_options(self, view_id: str | None) -> dict:
        return {}

    def apply_submission_ack(self, view_id: str, ack: dict) -> None:
        self.control._call("POST", "/_load/ack", {"view_id": view_id, "ack": ack})


# -- sending as Slack sends --------------------------------------------------------------------


@dataclass
class Attempt:
    at: float  # seconds since the run started
    seconds: float
    status: int  # 0: no HTTP answer
    error: str  # "" when acknowledged; "timeout", "connection" or "http_NNN"
    retry: int

    @property
    def ok(self) -> bool:
        return not self.error


class Sender:
    """Signed POSTs to the web processes in turn (a load balancer's round robin); an attempt
    that is not acknowledged within 3 s, or answered with an error, is sent again with
    X-Slack-Retry-Num, up to ``retries`` times."""

    def __init__(self, servers: list[str], signing_secret: str, started: float, retries: int) -> None:
        self.servers = [(s.split(":")[0], int(s.split(":")[1])) for s in servers]
        self._turn = itertools.cycle(range(len(self.servers)))
        self._lock = threading.Lock()
        self.verifier = SignatureVerifier(signing_secret)
        self.started = started
        self.retries = retries
        self.local = threading.local()

    def attempts(self) -> list[Attempt]:
        return self.local.__dict__.setdefault("attempts", [])

    def post(self, body: str, content_type: str, headers: dict[str, str] | None = None):
        retry, reason = 0, ""
        while True:
            extra = dict(headers or {})
            if retry:
                extra.update({"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": reason})
            attempt, result = self._once(body, content_type, extra, retry)
            self.attempts().append(attempt)
            if attempt.ok or retry >= self.retries or attempt.status in (400, 401, 404, 413):
                return result
            reason = "http_timeout" if attempt.error == "timeout" else "http_error"
            retry += 1
            time.sleep(0.1 if retry == 1 else 1.0)  # Slack's first retry is at once, the next later

    def _once(self, body: str, content_type: str, extra: dict[str, str], retry: int):
        with self._lock:
            host, port = self.servers[next(self._turn)]
        timestamp = str(int(time.time()))
        raw = body.encode()
        headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": self.verifier.generate_signature(timestamp=timestamp, body=body),
            "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
            **extra,
        }
        began = time.perf_counter()
        at = began - self.started
        connection = http.client.HTTPConnection(host, port, timeout=ACK_LIMIT)
        status, error, data = 0, "", b""
        try:
            connection.request("POST", "/slack/events", raw, headers)
            response = connection.getresponse()
            data = response.read()
            status = response.status
            error = "" if status == 200 else f"http_{status}"
        except TimeoutError:
            error = "timeout"
        except (OSError, http.client.HTTPException):
            error = "connection"
        finally:
            connection.close()
        seconds = time.perf_counter() - began
        result = SimpleNamespace(status=status, body=data, json=lambda: json.loads(data) if data else {})
        return Attempt(at, seconds, status, error, retry), result


class HttpWorkspace(LocalWorkspace):
    """``LocalWorkspace``'s requests, as Slack shapes them, sent over HTTP by a ``Sender`` to the
    web processes instead of into an app in this process."""

    def __init__(self, team_id: str, fake: RemoteFake, sender: Sender) -> None:
        super().__init__(
            engine=None,
            fake=fake,
            settings=None,
            signing_secret="",
            executor=None,
            wsgi=None,
            team_id=team_id,
        )
        self.sender = sender

    def post(self, body, content_type, *, timestamp=None, signature=None, headers=None, path="/slack/events"):
        return self.sender.post(body, content_type, headers)


# -- people using it ---------------------------------------------------------------------------


@dataclass
class Action:
    segment: str
    kind: str
    user: str
    started: float
    attempts: list[Attempt] = field(default_factory=list)
    ref: str | None = None  # a sale's unique customer reference
    answer: str = ""  # "ok", "failure" (salesbot's failure message), "none" (nothing), "" (not awaited)
    answer_text: str = ""
    answer_seconds: float | None = None
    finished: float = 0.0
    ack: dict = field(default_factory=dict)

    @property
    def acked(self) -> bool:
        return bool(self.attempts) and self.attempts[-1].ok

    @property
    def ack_seconds(self) -> float:
        return self.attempts[0].seconds

    @property
    def failed(self) -> bool:
        return not self.acked or self.answer in ("failure", "database down", "none")

    @property
    def told_saved(self) -> bool:
        return self.answer == "ok" and self.ref is not None


class SimulatedPerson:
    """One simulated person: does something, waits for the answer, thinks, again."""

    def __init__(self, run: Run, space: HttpWorkspace, user: str, rng: random.Random) -> None:
        self.run, self.space, self.user, self.rng = run, space, user, rng
        self.after = 0

    def loop(self, stop: threading.Event, think: float) -> None:
        self.after = self.run.control.last_seq() if self.run.await_answers else 0
        # Each person begins as if in the middle of a pause, as people using Slack are: not all
        # within the same millisecond (that burst is measured on its own, by ``burst``).
        stop.wait(self.rng.expovariate(1 / think) if think else 0)
        while not stop.is_set():
            kind = self.rng.choices(list(KINDS), weights=list(KINDS.values()))[0]
            try:
                self.act(kind)
            except Exception as error:  # the bench's own bug: say so, keep the load going
                where = traceback.extract_tb(error.__traceback__)[-1]
                print(
                    f"  driver error in {kind} for {self.user}: {error!r} ({where.filename}:{where.lineno})",
                    file=sys.stderr,
                )
            stop.wait(self.rng.expovariate(1 / think) if think else 0)

    def _begin(self, kind: str, ref: str | None = None) -> Action:
        self.run.sender.local.attempts = []
        return Action(self.run.segment, kind, self.user, time.perf_counter() - self.run.started, ref=ref)

    def _end(self, action: Action) -> Action:
        action.attempts = list(self.run.sender.attempts())
        if not action.finished:
            action.finished = time.perf_counter() - self.run.started
        # Counted where it ended: a request sent just before a fault and failed by it is the fault's.
        action.segment = self.run.segment
        self.run.record(action)
        return action

    def act(self, kind: str) -> None:
        space, user = self.space, self.user
        if kind in ("progress", "leaderboard"):
            action = self._begin(kind)
            space.command(kind, user=user, wait=False)
            self._answer(action, url=space.fake.local.key)
        elif kind == "result":
            ref = self.run.new_ref()
            action = self._begin(kind, ref)
            space.command(f"result {self.rng.randrange(2_000, 30_000)} customer:{ref}", user=user, wait=False)
            self._answer(action, url=space.fake.local.key, sale=True)
        elif kind == "button":
            action = self._begin(kind)
            space.click(
                user=user,
                action_id=self.rng.choice((ids.SHOW_PROGRESS, ids.SHOW_LEADERBOARD)),
                block_id="help_buttons",
                wait=False,
            )
            self._answer(action, url=space.fake.local.key)
        elif kind == "home":
            action = self._begin(kind)
            space.open_home(user, wait=False)
            self._answer(action, home=True)
        elif kind == "form":
            self._form()

    def _form(self) -> None:
        space, user = self.space, self.user
        action = self._begin("open_form")
        space.click(user=user, action_id=ids.OPEN_RESULT_MODAL, block_id="help_buttons", wait=False)
        view = self._answer(action, url=space.fake.local.key, modal=True)
        if view is None:
            if self.run.await_answers:
                return
            view = self.run.form_template
            if view is None:
                return
        ref = self.run.new_ref()
        action = self._begin("submit", ref)
        result = space.submit(
            user=user,
            view=view,
            answers={"amount": str(self.rng.randrange(2_000, 30_000)), "customer": ref},
            wait=False,
        )
        if result.status == 200 and result.body:
            try:
                action.ack = result.json()
            except ValueError:
                action.ack = {"raw": result.body[:200].decode(errors="replace")}
        if action.ack.get("response_action") == "update":
            blocks = json.dumps(action.ack.get("view", {}).get("blocks", []))
            action.answer = (
                "failure"
                if FAILURE_MARK in blocks
                else "database down"
                if DATABASE_DOWN_MARK in blocks
                else "other"
            )
            action.answer_text = blocks[:300]
            self._end(action)
            return
        if action.ack.get("response_action") == "errors":
            action.answer, action.answer_text = "other", json.dumps(action.ack.get("errors"))[:300]
            self._end(action)
            return
        self._answer(action, url=None, sale=True)

    def _answer(self, action: Action, *, url=None, sale=False, home=False, modal=False):
        """Waits for what the person is shown in answer (unless the app is the bare one); the
        modal's view when ``modal``."""
        attempts = self.run.sender.attempts()
        if not self.run.await_answers or not attempts or not attempts[-1].ok:
            self._end(action)
            return None
        key = url.rsplit("/", 1)[-1] if url else None
        deadline = time.perf_counter() + self.run.answer_wait
        found = fallback = None
        while found is None:
            left = deadline - time.perf_counter()
            if left <= 0:
                break
            entries = self.run.control.seen(self.user, self.after, min(left, 5.0))
            for entry in entries:
                self.after = max(self.after, entry["seq"])
                if found is None:
                    fit = _answers(entry, key, home=home, modal=modal, sale=sale)
                    if fit == "answer":
                        found = entry
                    elif fit == "maybe" and fallback is None:
                        fallback = entry
        found = found or fallback
        action.finished = time.perf_counter() - self.run.started
        if found is None:
            action.answer = "none"
        else:
            text_ = found.get("text") or ""
            action.answer_text = text_[:300]
            action.answer_seconds = found["at"] - (self.run.wall_started + action.started)
            if FAILURE_MARK in text_:
                action.answer = "failure"
            elif DATABASE_DOWN_MARK in text_:
                action.answer = "database down"
            elif sale and SAVED_MARK not in text_:
                action.answer = "other"
            else:
                action.answer = "ok"
        self._end(action)
        if modal and found is not None and found["kind"] == "modal_open":
            if self.run.form_template is None:
                self.run.form_template = found["view"]
            return found["view"]
        return None


def _answers(entry: dict, key: str | None, *, home: bool, modal: bool, sale: bool) -> str:
    """Whether ``entry`` (something shown to the person) is the answer to the request: "answer"
    (through the request's own response URL, App Home's tab, the modal opened, a sale's
    confirmation or a failure notice sent another way), "maybe" (a message to them that could be
    the answer sent another way when the response URL failed: used if nothing better comes) or ""
    (another request's answer)."""
    text_ = entry.get("text") or ""
    if home:
        return "answer" if entry["kind"] == "home" else ""
    if key is not None and entry.get("url") == key:
        return "answer"
    if modal and entry["kind"] == "modal_open":
        return "answer"
    if entry.get("url") is not None or entry["kind"] not in ("ephemeral", "dm"):
        return ""
    if sale and SAVED_MARK in text_:
        # A celebration (100 % of a goal) may come before the confirmation.
        return "answer"
    if key is None and (FAILURE_MARK in text_ or DATABASE_DOWN_MARK in text_):
        return "answer"
    return "maybe"


# -- a run -------------------------------------------------------------------------------------


class Run:
    """One batch of simulated people against one set of servers, with what they did."""

    def __init__(
        self, *, control: FakeControl, sender: Sender, await_answers: bool, answer_wait: float
    ) -> None:
        self.control, self.sender = control, sender
        self.await_answers, self.answer_wait = await_answers, answer_wait
        self.started = sender.started
        self.wall_started = time.time() - (time.perf_counter() - sender.started)
        self.segment = "load"
        self.segment_order = ["load"]
        self.actions: list[Action] = []
        self._lock = threading.Lock()
        self._refs = itertools.count(1)
        self.form_template: dict | None = None
        self.ref_prefix = "LT"
        self.faults: dict[str, dict] = {}

    def new_ref(self) -> str:
        return f"{self.ref_prefix}{next(self._refs):06d}"

    def record(self, action: Action) -> None:
        with self._lock:
            self.actions.append(action)

    def drive(self, people: list[SimulatedPerson], think: float, seconds: float, marks=()) -> None:
        """Everyone acts for ``seconds``; ``marks`` are (at seconds, segment, callable) run on the
        way (a fault injected, a new segment named)."""
        stop = threading.Event()
        threads = [threading.Thread(target=p.loop, args=(stop, think), daemon=True) for p in people]
        if marks:
            self.segment = marks[0][1]
        begun = time.perf_counter()
        for thread in threads:
            thread.start()
        if marks:
            self.segment_order = [marks[0][1]]
        for at, segment, call in marks:
            stop.wait(max(0.0, at - (time.perf_counter() - begun)))
            self.segment = segment
            if call is not None:
                call()
        stop.wait(max(0.0, seconds - (time.perf_counter() - begun)))
        stop.set()
        for thread in threads:
            thread.join(timeout=self.answer_wait + 15)


def burst(app: list[SimulatedPerson], bare: list[SimulatedPerson]) -> None:
    """Everyone, on both apps, sends ``/sales progress`` at the same instant, once: how each app
    acknowledges a burst (the steady load's people begin at random moments instead)."""
    everyone = [*app, *bare]
    together = threading.Barrier(len(everyone))

    def once(person: SimulatedPerson) -> None:
        person.after = person.run.control.last_seq() if person.run.await_answers else 0
        together.wait()
        person.act("progress")

    threads = [threading.Thread(target=once, args=(person,), daemon=True) for person in everyone]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    for name, people in (("salesbot", app), ("the bare app", bare)):
        acks = [a.ack_seconds for a in people[0].run.actions if a.attempts]
        print(
            f"  {name:<13} {len(acks)} at once: p50 {ms(percentile(acks, 50))}, "
            f"p99 {ms(percentile(acks, 99))}, slowest {ms(max(acks, default=float('nan')))}"
        )


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def label(action: Action) -> str:
    return LABELS.get(action.kind, action.kind)


def ms(seconds: float) -> str:
    return "—" if seconds != seconds else f"{seconds * 1000:.0f} ms"


# -- reporting ---------------------------------------------------------------------------------


def latency_table(
    app: list[Action], beside: list[Action], alone: list[Action], seconds: float, alone_seconds: float
) -> bool:
    """Ack latency by kind: salesbot, the bare app at the same time, the bare app alone; the
    targets are on salesbot's p99 against the bare app's at the same time."""
    print(
        f"\n  {'kind':<31} {'salesbot':>6} {'p50':>7} {'p99':>7} | "
        f"{'bare, same time':>6} {'p50':>6} {'p99':>6}"
        f" | {'bare alone':>6} {'p50':>6} {'p99':>6} | {'p99/bare':>8}"
    )

    def row(name: str, mine: list[float], theirs: list[float], before: list[float]) -> float:
        p99, b99 = percentile(mine, 99), percentile(theirs, 99)
        ratio = p99 / b99 if b99 == b99 and b99 else float("nan")
        print(
            f"  {name:<31} {len(mine):>6} {ms(percentile(mine, 50)):>7} {ms(p99):>7} | {len(theirs):>15} "
            f"{ms(percentile(theirs, 50)):>6} {ms(b99):>6} | "
            f"{len(before):>10} {ms(percentile(before, 50)):>6} "
            f"{ms(percentile(before, 99)):>6} | {ratio:>7.2f}×"
        )
        return ratio

    for kind in list(dict.fromkeys(label(a) for a in [*app, *beside])):
        row(
            kind,
            [a.ack_seconds for a in app if label(a) == kind],
            [a.ack_seconds for a in beside if label(a) == kind],
            [a.ack_seconds for a in alone if label(a) == kind],
        )
    mine = [a.ack_seconds for a in app]
    ratio = row("all", mine, [a.ack_seconds for a in beside], [a.ack_seconds for a in alone])
    p99 = percentile(mine, 99)
    print(
        f"\n  throughput: salesbot {len(app) / seconds:.1f} requests/s (and the bare app beside it "
        f"{len(beside) / seconds:.1f}); the bare app alone {len(alone) / alone_seconds:.1f} requests/s. "
        "People "
        "pause to think, so this is the load offered, not the most either could take."
    )
    answered = [a.answer_seconds for a in app if a.answer_seconds is not None]
    print(
        f"  until the person sees salesbot's answer: p50 {ms(percentile(answered, 50))}, "
        f"p99 {ms(percentile(answered, 99))}"
    )
    errors = [a for a in app if a.failed]
    ok = ratio <= P99_RATIO_TARGET and p99 < P99_TARGET and not errors
    print(
        f"  p99 ack {ms(p99)}, {ratio:.2f}× the bare app's at the same time (targets ≤ {P99_RATIO_TARGET}×, "
        f"< {P99_TARGET * 1000:.0f} ms); errors {len(errors)}"
    )
    for action in errors[:10]:
        describe(action)
    return ok


def answer_counts(actions: list[Action]) -> str:
    counts = Counter(a.answer or "not awaited" for a in actions if a.acked)
    others = [a for a in actions if a.answer in ("other", "none")]
    text = ", ".join(f"{name} {n}" for name, n in counts.most_common())
    for action in others[:5]:
        text += f"\n    {action.answer}: {label(action)} {action.answer_text[:100]!r}"
    return text


def describe(action: Action) -> None:
    tries = ", ".join(f"{a.error or a.status} in {ms(a.seconds)}" for a in action.attempts)
    print(
        f"    failed: {label(action)} by {action.user} at {action.started:.1f} s: [{tries}] "
        f"answer {action.answer!r} {action.answer_text[:120]!r}"
    )


def sales_in_database(engine) -> Counter:
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT customer, COUNT(*) FROM sale WHERE customer LIKE 'LT%' GROUP BY customer")
        ).all()
    return Counter({customer: count for customer, count in rows})


def sale_figures(actions: list[Action], found: Counter) -> dict:
    sales = [a for a in actions if a.ref]
    told = [a for a in sales if a.told_saved]
    return {
        "sent": len(sales),
        "acked": sum(1 for a in sales if a.acked),
        "told saved": len(told),
        "found": sum(1 for a in sales if found[a.ref] > 0),
        "lost": sum(1 for a in told if found[a.ref] == 0),
        "duplicates": sum(found[a.ref] - 1 for a in sales if found[a.ref] > 1),
        "saved, not told": sum(1 for a in sales if found[a.ref] > 0 and not a.told_saved),
        "told failed, yet saved": sum(
            1 for a in sales if found[a.ref] > 0 and a.answer in ("failure", "database down")
        ),
    }


def what_people_got(actions: list[Action]) -> Counter:
    got = Counter()
    for action in actions:
        if not action.acked:
            last = action.attempts[-1] if action.attempts else None
            got[f"no ack ({last.error if last else '?'}): Slack's own error"] += 1
        elif action.answer == "failure":
            got["salesbot's failure message with a reference"] += 1
        elif action.answer == "database down":
            got["salesbot's 'cannot reach its database' notice"] += 1
        elif action.answer == "none":
            got[f"nothing ({label(action)})"] += 1
        elif action.answer == "other":
            got["another answer"] += 1
    return got


# -- main --------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workspaces", type=int, default=10)
    parser.add_argument("--people", type=int, default=40, help="people per workspace")
    parser.add_argument("--sales", type=int, default=2_000, help="sales per workspace already recorded")
    parser.add_argument("--users", type=int, default=50, help="simulated people acting at once")
    parser.add_argument("--processes", type=int, default=2, help="web processes of each app")
    parser.add_argument("--workers", type=int, default=2, help="WEB_CONCURRENCY of each process")
    parser.add_argument(
        "--work-processes",
        type=int,
        default=0,
        help="python bot.py work processes taking the queued work (0: no queue, the work done in the web "
        "processes)",
    )
    parser.add_argument(
        "--think", type=float, default=1.0, help="mean seconds a person pauses between requests"
    )
    parser.add_argument("--bare-seconds", type=float, default=20)
    parser.add_argument("--seconds", type=float, default=45, help="seconds of salesbot under steady load")
    parser.add_argument("--fault-seconds", type=float, default=15, help="seconds of load around each fault")
    parser.add_argument("--outage-seconds", type=float, default=5, help="seconds of 429s, then of 500s")
    parser.add_argument("--answer-wait", type=float, default=10, help="seconds a person waits for an answer")
    parser.add_argument("--retries", type=int, default=2, help="Slack's retries of an unacknowledged request")
    parser.add_argument("--no-faults", action="store_true")
    parser.add_argument(
        "--pin",
        action="store_true",
        help="the web processes of both apps on the first CPU, everything else (work processes, clock, "
        "PostgreSQL, the fake Slack, this driver) on the others: as when the web processes run on "
        "machines of their own",
    )
    parser.add_argument(
        "--keep-logs", action="store_true", help="keep the processes' logs (the folder is printed)"
    )
    args = parser.parse_args(argv)
    if args.users < 1 or args.workspaces < 1 or args.people < 5:
        parser.error("need at least one user and one workspace, and 5 people a workspace")

    began = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix="salesbot-load-"))
    signing_secret = os.urandom(16).hex()
    with ExitStack() as stack:
        if args.keep_logs:
            print(f"logs in {folder}")
        else:
            stack.callback(shutil.rmtree, folder, ignore_errors=True)
        pg = stack.enter_context(ThrowawayPostgres())
        print(f"PostgreSQL {pg.bin.parent.name} of this run at {pg.dsn} ({pg.folder}, removed afterwards)")
        migrated = subprocess.run(
            [PYTHON, "bot.py", "migrate"],
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": pg.dsn},
            capture_output=True,
            text=True,
        )
        if migrated.returncode != 0:
            print(migrated.stdout, migrated.stderr)
            return 1
        engine = make_engine(pg.dsn)
        stack.callback(engine.dispose)
        started = time.perf_counter()
        tenants = seed(engine, workspaces=args.workspaces, people=args.people, sales=args.sales)
        print(
            f"  migrated, then seeded {args.workspaces} workspaces × {args.people} people, "
            f"{args.workspaces * args.sales:,} sales in {time.perf_counter() - started:.1f} s"
        )

        processes = Processes(folder)
        stack.callback(processes.stop)
        fake_process = processes.start("fake-slack", [PYTHON, "bench/load_slack.py"], {}, piped=True)
        fake_url = fake_process.stdout.readline().strip()
        control = FakeControl(fake_url)
        control.setup(
            {
                "users": [
                    {
                        "id": m.user_id,
                        "name": m.name.lower().replace(" ", "."),
                        "real_name": m.name,
                        "tz": "Europe/Oslo",
                        "is_admin": m.role == "admin",
                        "is_owner": m.role == "admin",
                    }
                    for tenant in tenants
                    for m in tenant.people
                ],
                "channels": [list(CHANNEL)],
                "oauth": list(CLIENT),
                "installs": [
                    {
                        "token": x.token,
                        "team_id": x.team_id,
                        "team_name": x.name,
                        "user_id": x.people[0].user_id,
                    }
                    for x in tenants
                ],
            }
        )
        common = {
            "DATABASE_URL": pg.dsn,
            "SLACK_SIGNING_SECRET": signing_secret,
            "SLACK_CLIENT_ID": CLIENT[0],
            "SLACK_CLIENT_SECRET": CLIENT[1],
            "SLACK_API_URL": fake_url + "/api/",
            "WEB_CONCURRENCY": str(args.workers),
            "LOG_LEVEL": "WARNING",
            "SALESBOT_WORK_QUEUE": "on" if args.work_processes else "off",
        }
        app_ports, bare_ports, masters = [], [], {}
        for n in range(args.processes):
            port = free_port()
            masters[f"salesbot-{n + 1}"] = processes.start(
                f"salesbot-{n + 1}",
                [PYTHON, "bot.py", "http", "--no-migrate"],
                {
                    **common,
                    "PORT": str(port),
                    "SALESBOT_SCHEDULER": "off",
                    "PROMETHEUS_MULTIPROC_DIR": str(folder / f"metrics-{n + 1}"),
                },
            ).pid
            app_ports.append(port)
        for n in range(args.processes):
            port = free_port()
            masters[f"bare-{n + 1}"] = processes.start(
                f"bare-{n + 1}",
                [PYTHON, "bench/bare_app.py"],
                {
                    "PORT": str(port),
                    "WEB_CONCURRENCY": str(args.workers),
                    "SLACK_SIGNING_SECRET": signing_secret,
                },
            ).pid
            bare_ports.append(port)
        for n in range(args.work_processes):
            masters[f"work-{n + 1}"] = start_work_process(processes, f"work-{n + 1}", common).pid
        masters["clock"] = processes.start("clock", [PYTHON, "bot.py", "scheduler"], {**common}).pid
        try:
            for port in app_ports:
                wait_http(f"http://127.0.0.1:{port}/healthz")
                wait_http(f"http://127.0.0.1:{port}/readyz")
            for port in bare_ports:
                wait_http(f"http://127.0.0.1:{port}/", any_answer=True)
        except TimeoutError as error:
            print(f"{error}; the processes' logs:")
            for name, _, _ in processes.started:
                print(f"--- {name}\n{processes.log_tail(name)}")
            return 1
        if args.pin and not pin_cpus(masters, pg, fake_process.pid):
            print("--pin needs at least 2 CPUs")
            return 1
        time.sleep(1.0)
        at_rest = snapshot(masters)
        print(
            f"  started in {time.perf_counter() - began:.1f} s: {len(app_ports)} salesbot and "
            f"{len(bare_ports)} bare processes × {args.workers} workers, {args.work_processes} work "
            "processes, a clock, the fake Slack"
        )

        rng = random.Random(5)
        chosen = [
            (tenant, member)
            for tenant in tenants
            for member in tenant.people[: max(1, -(-args.users // len(tenants)))]
        ]
        chosen = chosen[: args.users]

        def people_for(run: Run) -> list[SimulatedPerson]:
            spaces = {}
            for tenant in tenants:
                fake = RemoteFake(
                    control, {m.user_id: m.name.lower().replace(" ", ".") for m in tenant.people}
                )
                spaces[tenant.team_id] = HttpWorkspace(tenant.team_id, fake, run.sender)
            return [
                SimulatedPerson(run, spaces[tenant.team_id], member.user_id, random.Random(rng.random()))
                for tenant, member in chosen
            ]

        clock_start = time.perf_counter()
        # A warm-up on salesbot: each worker's first requests (imports, connections), and the sale
        # form the bare phase submits.
        warm = Run(
            control=control,
            sender=Sender([f"127.0.0.1:{p}" for p in app_ports], signing_secret, clock_start, args.retries),
            await_answers=True,
            answer_wait=args.answer_wait,
        )
        warm.ref_prefix = "LTW"
        warming = people_for(warm)[: min(10, len(chosen))]
        first = warming[0]
        first.after = control.last_seq()
        first.act("form")  # the sale form salesbot opens, which the bare app's people submit
        warm.drive(warming, think=0.2, seconds=4)
        template = warm.form_template
        if template is None:
            print(
                "salesbot did not open the sale form in the warm-up; its log:\n"
                + processes.log_tail("salesbot-1")
            )
            return 1

        groups = {
            "salesbot": [masters[n] for n in masters if n.startswith("salesbot")],
            "bare": [masters[n] for n in masters if n.startswith("bare")],
            "work": [masters[n] for n in masters if n.startswith("work")],
            "clock": [masters["clock"]],
            "PostgreSQL": pg.server_pids(),
            "fake Slack": [fake_process.pid],
            "driver": [os.getpid()],
        }

        def bare_run() -> Run:
            run = Run(
                control=control,
                sender=Sender(
                    [f"127.0.0.1:{p}" for p in bare_ports], signing_secret, clock_start, args.retries
                ),
                await_answers=False,
                answer_wait=args.answer_wait,
            )
            run.form_template = template
            return run

        print(f"\nthe bare Bolt app alone: {args.users} people for {args.bare_seconds:.0f} s")
        alone = bare_run()
        alone_cpu = CpuMeter(groups).start()
        alone.drive(people_for(alone), args.think, args.bare_seconds)
        alone_cpu.stop()

        print(
            f"salesbot: {args.users} people for {args.seconds:.0f} s, and at the same time {args.users} more "
            "on the bare app"
        )
        app_sender = Sender([f"127.0.0.1:{p}" for p in app_ports], signing_secret, clock_start, args.retries)
        load = Run(control=control, sender=app_sender, await_answers=True, answer_wait=args.answer_wait)
        load.ref_prefix = "LTL"
        beside = bare_run()
        load_cpu = CpuMeter(groups).start()
        beside_thread = threading.Thread(
            target=beside.drive, args=(people_for(beside), args.think, args.seconds), daemon=True
        )
        beside_thread.start()
        load.drive(people_for(load), args.think, args.seconds)
        beside_thread.join()
        load_cpu.stop()
        time.sleep(2.0)
        after_load = snapshot(masters)

        ok = latency_table(load.actions, beside.actions, alone.actions, args.seconds, args.bare_seconds)
        print(f"  CPU, the bare app alone: {alone_cpu.line({'bare': len(alone.actions)})}")
        # The work processes (queue mode) do salesbot's requests' work.
        served = {"salesbot": len(load.actions), "work": len(load.actions), "bare": len(beside.actions)}
        print(f"  CPU, salesbot and the bare app: {load_cpu.line(served)}")
        print(f"  what people were shown: {answer_counts(load.actions)}")

        print(f"\n  a burst: {args.users} people on each app press at the same instant (not in the table)")
        burst_app = Run(control=control, sender=app_sender, await_answers=True, answer_wait=args.answer_wait)
        burst(people_for(burst_app), people_for(bare_run()))
        time.sleep(2.0)

        faults = None
        if not args.no_faults:
            faults = run_faults(args, control, app_sender, people_for, pg, masters, processes, common)
        time.sleep(3.0)  # work still running after its ack
        found = sales_in_database(engine)

        print("\n  sales recorded (each with a unique reference, counted in the database):")
        runs = [("load", load)] + ([("faults", faults)] if faults else [])
        header = [
            "sent",
            "acked",
            "told saved",
            "found",
            "lost",
            "duplicates",
            "saved, not told",
            "told failed, yet saved",
        ]
        print("  " + f"{'phase':<22}" + "".join(f"{h:>{len(h) + 3}}" for h in header))
        for _, run in runs:
            # In the order they happened: the fault segments as they were injected.
            segments = list(
                dict.fromkeys([run.segment_order[0], *run.faults, *(a.segment for a in run.actions)])
            )
            for segment in segments:
                figures = sale_figures([a for a in run.actions if a.segment == segment], found)
                print("  " + f"{segment:<22}" + "".join(f"{figures[h]:>{len(h) + 3}}" for h in header))
                if figures["lost"] or figures["duplicates"]:
                    ok = False

        if faults:
            ok &= report_faults(faults)
        report_memory(at_rest, after_load)
        print(
            "\n  fake Slack, calls by method and answer:",
            ", ".join(f"{m} {s}: {n}" for m, s, n in control.stats()),
        )
        report_logs(processes)
    print(
        f"\n{'within' if ok else 'NOT within'} the targets; the run took {time.perf_counter() - began:.0f} s"
    )
    return 0 if ok else 1


def start_work_process(processes: Processes, name: str, common: dict) -> subprocess.Popen:
    return processes.start(name, [PYTHON, "bot.py", "work"], {**common})


def pin_cpus(masters: dict, pg: ThrowawayPostgres, fake_pid: int) -> bool:
    """``--pin``: salesbot's and the bare app's web processes (and their workers) share the first
    CPU; the rest of the run gets the others. False when there is only one CPU."""
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) < 2:
        return False
    web, rest = {cpus[0]}, set(cpus[1:])
    for name, pid in masters.items():
        pin_tree(pid, web if name.startswith(("salesbot", "bare")) else rest)
    for pid in pg.server_pids():
        pin_tree(pid, rest)
    pin_tree(fake_pid, rest)
    os.sched_setaffinity(0, rest)  # this driver: threads started later inherit it
    return True


def pin_tree(pid: int, cpus: set[int]) -> None:
    for each in [pid, *descendants(pid)]:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.sched_setaffinity(each, cpus)


def run_faults(
    args,
    control: FakeControl,
    sender: Sender,
    people_for,
    pg: ThrowawayPostgres,
    masters: dict,
    processes: Processes,
    common: dict,
) -> Run:
    print(f"\nfaults, under the same load ({args.fault_seconds:.0f} s around each)")
    run = Run(control=control, sender=sender, await_answers=True, answer_wait=args.answer_wait)
    run.ref_prefix = "LTF"
    lead = 3.0
    marks = []

    def kill_worker() -> None:
        victims = children(masters["salesbot-1"])
        if victims:
            os.kill(victims[0], signal.SIGKILL)
        detail = f"SIGKILL to web worker {victims[0] if victims else '?'}"
        if masters.get("work-1"):
            # As a process manager (Heroku, systemd) would: the killed work process started again.
            os.kill(masters["work-1"], signal.SIGKILL)
            detail += f" and to work process {masters['work-1']}, started again"
            masters["work-1"] = start_work_process(processes, "work-1-again", common).pid
            if args.pin:
                pin_tree(masters["work-1"], os.sched_getaffinity(0))
        run.faults["worker killed"] = {"at": time.perf_counter() - run.started, "detail": detail}

    def restart_database() -> None:
        at = time.perf_counter() - run.started
        took = pg.restart()
        if args.pin:
            for pid in pg.server_pids():
                pin_tree(pid, os.sched_getaffinity(0))
        run.faults["PostgreSQL restarted"] = {"at": at, "detail": f"pg_ctl restart -m fast took {took:.1f} s"}

    def slack_429() -> None:
        control.outage(args.outage_seconds, status=429, error="ratelimited", retry_after=1)
        run.faults["Slack 429, then 500"] = {
            "at": time.perf_counter() - run.started,
            "detail": f"{args.outage_seconds:.0f} s of 429 (Retry-After: 1) on the Web API, then "
            f"{args.outage_seconds:.0f} s of 500 on the Web API and response URLs",
        }

    def slack_500() -> None:
        control.outage(args.outage_seconds, status=500, error="internal_error", response_urls=True)

    step = args.fault_seconds
    marks.append((0.0, "before faults", None))
    marks.append((lead, "worker killed", kill_worker))
    marks.append((lead + step, "PostgreSQL restarted", restart_database))
    marks.append((lead + 2 * step, "Slack 429, then 500", slack_429))
    marks.append((lead + 2 * step + args.outage_seconds, "Slack 429, then 500", slack_500))
    run.drive(people_for(run), args.think, lead + 3 * step + args.outage_seconds, marks)
    return run


def report_faults(run: Run) -> bool:
    print(
        f"\n  {'fault':<22} {'requests':>9} {'failed':>7} {'no ack':>7} {'retried':>8} {'recovery':>9}"
        "   what people got"
    )
    for name, fault in run.faults.items():
        actions = [a for a in run.actions if a.segment == name]
        failed = [a for a in actions if a.failed]
        retried = sum(1 for a in actions if len(a.attempts) > 1)
        last = max((a.started for a in failed), default=fault["at"])
        got = what_people_got(actions)
        print(
            f"  {name:<22} {len(actions):>9} {len(failed):>7} {sum(1 for a in actions if not a.acked):>7} "
            f"{retried:>8} {max(0.0, last - fault['at']):>8.1f}s   "
            + ("; ".join(f"{n}× {what}" for what, n in got.most_common()) or "every answer as usual")
        )
        print(f"  {'':<22} ({fault['detail']})")
        for action in failed[:6]:
            describe(action)
    return True


def snapshot(masters: dict) -> dict:
    figures = {}
    for name, pid in masters.items():
        role = "master" if name.startswith(("salesbot", "bare")) else "process"
        figures[(name, role, pid)] = memory(pid)
        for n, child in enumerate(children(pid), start=1):
            figures[(name, f"worker {n}", child)] = memory(child)
    return figures


def report_memory(at_rest: dict, after: dict) -> None:
    print("\n  resident memory (MB; PSS shares shared pages out, USS is the process's own):")
    print(
        f"  {'process':<26} {'RSS at rest':>12} {'PSS':>7} {'USS':>7}   "
        f"{'RSS after load':>14} {'PSS':>7} {'USS':>7}"
    )
    totals = defaultdict(lambda: [0, 0])
    for key, rest in at_rest.items():
        name, role, pid = key
        later = after.get(key, {})
        print(
            f"  {name + ' ' + role:<26} {rest.get('rss', 0) / 1024:>12.0f} {rest.get('pss', 0) / 1024:>7.0f} "
            f"{rest.get('uss', 0) / 1024:>7.0f}   {later.get('rss', 0) / 1024:>14.0f} "
            f"{later.get('pss', 0) / 1024:>7.0f} "
            f"{later.get('uss', 0) / 1024:>7.0f}"
        )
        app = name.split("-")[0]
        totals[app][0] += rest.get("pss", 0)
        totals[app][1] += later.get("pss", 0)
    for app, (rest, later) in totals.items():
        print(f"  {app + ' total PSS':<26} {rest / 1024:>12.0f}{'':>16}   {later / 1024:>14.0f}")


def report_logs(processes: Processes) -> None:
    lines = Counter()
    for log in processes.logs("salesbot") + processes.logs("work") + processes.logs("clock"):
        for line in log.read_text(errors="replace").splitlines():
            if " ERROR " in line or " WARNING " in line or line.startswith("Traceback"):
                lines[" ".join(line.split()[2:])[:140]] += 1
    if lines:
        print("\n  salesbot's log, warnings and errors (most frequent first):")
        for line, n in lines.most_common(12):
            print(f"    {n:>4}× {line}")


if __name__ == "__main__":
    sys.exit(main())
