"""The Bolt app and its WSGI wrapper (handlers/app.py): Slack's signatures, the health check."""

from __future__ import annotations

import io
import json
import threading
import time
from dataclasses import replace
from urllib.parse import urlencode
from wsgiref.util import setup_testing_defaults

import pytest
from prometheus_client.parser import text_string_to_metric_families

from handlers import ids, metrics
from handlers.app import MAX_BODY_BYTES, create_app, create_wsgi_app
from handlers.metrics import request_kind
from handlers.runtime import Services, slack_client
from salesbot.config import Settings
from storage.db import make_engine
from storage.migrate import newest_version, upgrade
from storage.models import Team
from tests.conftest import OWNER
from tests.helpers import rows


def _get(wsgi, path: str) -> tuple[str, bytes]:
    statuses = []
    body = b"".join(
        wsgi({"PATH_INFO": path, "REQUEST_METHOD": "GET"}, lambda status, headers: statuses.append(status))
    )
    return statuses[0], body


def test_readyz_is_503_when_the_database_is_down_and_healthz_still_alive():
    engine = make_engine("postgresql://nobody@127.0.0.1:1/none")
    settings = Settings(bot_token="xoxb-1", signing_secret="s", api_url="http://127.0.0.1:1/api/")
    wsgi = create_wsgi_app(create_app(settings, engine), Services(settings=settings, engine=engine))
    status, body = _get(wsgi, "/readyz")
    assert status == "503 Service Unavailable" and json.loads(body) == {"ok": False, "database": "down"}
    # Alive: a process manager must not restart a worker because the database blinked.
    assert _get(wsgi, "/healthz") == ("200 OK", b'{"ok": true}')


def test_readyz_is_503_until_the_schema_is_current(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path}/empty.db")
    settings = Settings(bot_token="xoxb-1", signing_secret="s", api_url="http://127.0.0.1:1/api/")
    wsgi = create_wsgi_app(create_app(settings, engine), Services(settings=settings, engine=engine))
    status, body = _get(wsgi, "/readyz")
    assert status == "503 Service Unavailable"
    assert json.loads(body) == {
        "ok": False,
        "database": "up",
        "schema": None,
        "expected_schema": newest_version(),
    }
    upgrade(engine)
    status, body = _get(wsgi, "/readyz")
    assert status == "200 OK" and json.loads(body)["schema"] == newest_version()


def test_bad_or_stale_signatures_are_refused(slack, db):
    body = "command=%2Fsales&text=team+create+Hack&team_id=T0LOCAL&user_id=U0OWNER"
    assert slack.post(body, "application/x-www-form-urlencoded", signature="v0=" + "0" * 64).status == 401
    stale = int(time.time()) - 60 * 10
    assert slack.post(body, "application/x-www-form-urlencoded", timestamp=stale).status == 401
    assert rows(db, Team) == []


def test_healthz_and_readyz(slack):
    assert slack.get("/healthz").json() == {"ok": True}
    result = slack.get("/readyz")
    assert result.status == 200 and result.json() == {
        "ok": True,
        "database": "up",
        "schema": newest_version(),
    }


def test_a_body_over_a_megabyte_is_refused_before_it_is_read(slack, db):
    class Unreadable(io.RawIOBase):
        def read(self, size=-1):
            raise AssertionError("the body was read")

    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/slack/events",
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "CONTENT_LENGTH": str(100 * 1024 * 1024),
        "wsgi.input": Unreadable(),
    }
    statuses = []
    body = b"".join(slack.wsgi(environ, lambda status, headers: statuses.append(status)))
    assert statuses == ["413 Request Entity Too Large"] and json.loads(body)["error"] == "request_too_large"


def test_a_body_without_a_length_is_read_only_up_to_the_limit(slack, db):
    """A chunked body (no Content-Length) is read to one byte past the limit, then refused."""
    stream = io.BytesIO(b"command=%2Fsales&text=" + b"x" * (5 * 1024 * 1024))
    environ = {}
    setup_testing_defaults(environ)
    environ.update(
        REQUEST_METHOD="POST",
        PATH_INFO="/slack/events",
        CONTENT_TYPE="application/x-www-form-urlencoded",
    )
    environ["wsgi.input"] = stream
    statuses = []
    b"".join(slack.wsgi(environ, lambda status, headers: statuses.append(status)))
    assert statuses == ["413 Request Entity Too Large"]
    assert stream.tell() == MAX_BODY_BYTES + 1
    # A small one without a length is read whole and goes to Bolt (here: unsigned, so 401).
    environ.update({"wsgi.input": io.BytesIO(b"command=%2Fsales&text=help")})
    b"".join(slack.wsgi(environ, lambda status, headers: statuses.append(status)))
    assert statuses[-1].startswith("401")
    assert rows(db, Team) == []


def _sample(text: str, name: str, **labels) -> float:
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                return sample.value
    return 0.0


def test_metrics_count_requests_and_ack_time_by_kind_and_slack_errors(slack):
    before = slack.get("/metrics").text
    slack.command("help", user=OWNER)
    slack.open_home(OWNER)
    slack.fake.fail_next("views.publish", "internal_error")
    slack.open_home(OWNER)
    result = slack.get("/metrics")
    assert result.status == 200 and result.headers["content-type"].startswith("text/plain")
    after = result.text
    for kind, count in (("slash_command", 1), ("event", 2)):
        grew = _sample(after, "salesbot_requests_total", kind=kind, status="200") - _sample(
            before, "salesbot_requests_total", kind=kind, status="200"
        )
        assert grew == count, kind
        acks = _sample(after, "salesbot_ack_seconds_count", kind=kind) - _sample(
            before, "salesbot_ack_seconds_count", kind=kind
        )
        assert acks == count, kind
    errors = _sample(
        after, "salesbot_slack_api_errors_total", method="views.publish", error="internal_error"
    ) - _sample(before, "salesbot_slack_api_errors_total", method="views.publish", error="internal_error")
    assert errors == 1


def test_metrics_count_a_button_and_a_form_by_their_kind(slack):
    before = slack.get("/metrics").text
    slack.click(user=OWNER, action_id=ids.OPEN_RESULT_MODAL, block_id="help_buttons")
    slack.submit(user=OWNER, view=slack.fake.top_view(OWNER), answers={"amount": "", "customer": ""})
    after = slack.get("/metrics").text
    for kind in ("block_action", "view_submission"):
        grew = _sample(after, "salesbot_ack_seconds_count", kind=kind) - _sample(
            before, "salesbot_ack_seconds_count", kind=kind
        )
        assert grew == 1, kind


def test_request_kind_reads_a_payloads_type_from_its_first_bytes_or_else_the_whole_body(monkeypatch):
    view = {"type": "modal", "blocks": [{"type": "input", "block_id": f"b{n}"} for n in range(200)]}
    submitted = {"type": "view_submission", "view": view}
    compact = urlencode({"payload": json.dumps(submitted, separators=(",", ":"))}).encode()
    spaced = urlencode({"payload": json.dumps(submitted)}).encode()
    type_last = urlencode({"payload": json.dumps({"view": view, "type": "block_actions"})}).encode()
    assert compact.startswith(b"payload=%7B%22type%22%3A%22view_submission")
    with monkeypatch.context() as patched:  # the body is not decoded whole
        patched.setattr(metrics, "parse_qs", lambda *args, **kwargs: pytest.fail("decoded whole"))
        assert request_kind(compact, "application/x-www-form-urlencoded") == "view_submission"
        assert request_kind(spaced, "application/x-www-form-urlencoded") == "view_submission"
    assert request_kind(type_last, "application/x-www-form-urlencoded") == "block_action"
    suggestion = urlencode({"payload": json.dumps({"type": "block_suggestion", "value": "a"})}).encode()
    assert request_kind(suggestion, "application/x-www-form-urlencoded") == "options"
    unknown = urlencode({"payload": json.dumps({"type": "something_new"})}).encode()
    assert request_kind(unknown, "application/x-www-form-urlencoded") == "other"
    command = urlencode({"command": "/sales", "text": 'payload={"type":"view_submission"}'}).encode()
    assert request_kind(command, "application/x-www-form-urlencoded") == "slash_command"
    event = json.dumps({"type": "event_callback", "event": {"type": "app_home_opened"}}).encode()
    assert request_kind(event, "application/json") == "event"


def test_a_rate_limited_call_is_retried_by_slack_sdk_and_counted(slack):
    """No hand-written loop: slack_sdk's RateLimitErrorRetryHandler waits out Retry-After."""
    before = slack.get("/metrics").text
    slack.fake.fail_next("chat.postMessage", "ratelimited", status=429, retry_after=1)
    started = time.monotonic()
    response = slack_client(slack.settings).chat_postMessage(channel="C0GENERAL", text="hello")
    assert response["ok"] and time.monotonic() - started >= 1
    assert [c.status for c in slack.fake.calls_to("chat.postMessage")] == [429, 200]
    after = slack.get("/metrics").text
    labels = {"method": "chat.postMessage"}
    assert (
        _sample(after, "salesbot_slack_api_retries_total", reason="rate_limited", **labels)
        - _sample(before, "salesbot_slack_api_retries_total", reason="rate_limited", **labels)
        == 1
    )
    assert (
        _sample(after, "salesbot_slack_api_errors_total", error="http_429", **labels)
        - _sample(before, "salesbot_slack_api_errors_total", error="http_429", **labels)
        == 1
    )


def test_a_web_worker_does_not_load_matplotlib_or_openpyxl_until_used():
    """Charts and workbooks are drawn in few processes; a worker that serves requests only stays small."""
    import subprocess
    import sys

    from tests.helpers import ROOT

    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, handlers.app; print(sorted({'matplotlib', 'openpyxl'} & set(sys.modules)))",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert loaded == "[]"


def test_acks_are_not_held_up_by_answers_waiting_out_a_rate_limit(slack, db):
    """Bolt runs every listener, and so every ack, on its executor, and a listener keeps its
    thread through the work after its ack; with Bolt's default of five threads, five answers
    waiting out Slack's Retry-After held up every other request's ack."""
    wsgi = create_wsgi_app(create_app(slack.settings, db), Services(settings=slack.settings, engine=db))
    served = replace(slack, wsgi=wsgi)  # salesbot's own executor, not the tests' tracking one
    served.command("help", user=OWNER, wait=False)  # Bolt's one auth.test, before the rate limit
    assert slack.fake.wait_for_more_posted(0, timeout=5)
    slack.fake.fail_for(1.5, "ratelimited", status=429, retry_after=1)
    # Eight sale forms asked for: after each ack, views.open waits out the 429s.
    waiting = [
        threading.Thread(target=served.command, args=("result",), kwargs={"user": OWNER, "wait": False})
        for _ in range(8)
    ]
    for thread in waiting:
        thread.start()
    time.sleep(0.3)
    started = time.perf_counter()
    assert served.command("help", user=OWNER, wait=False).status == 200
    assert time.perf_counter() - started < 0.5
    # Every request is answered in the end (a form, or a failure once its trigger expired).
    for thread in waiting:
        thread.join(timeout=10)
    assert slack.fake.wait_for_more_posted(9, timeout=10)
