"""The fake Slack Web API for the load test, in a process of its own.

``localslack.webapi.FakeSlack`` checks what salesbot sends as Slack does; here it runs apart from
the load driver, so its work (Block Kit checks, recording) and the driver's do not take turns on
one interpreter and skew the latencies measured. On top of the fake:

- response URLs and trigger ids the driver makes up itself (``b-USER-CHANNEL-N``,
  ``N.MILLIS.user``) are accepted on first use, with Slack's lifetimes counted from when they were
  made, so a simulated request costs no round trip to set them up;
- what each person was shown, in order, with the response URL it came through, long-polled by
  the driver (``GET /_load/posted?user=U&after=SEQ&wait=S``);
- ``POST /_load/setup`` (users, installed workspaces' tokens), ``POST /_load/outage`` (Slack
  answering 429 or 500 for some seconds: ``FakeSlack.fail_for``), ``POST /_load/ack`` (a
  submission's ack applied to the modal) and ``GET /_load/stats`` (calls by method and status).

    python bench/load_slack.py      prints its base URL on the first line, serves until stdin closes
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections import Counter, deque
from email.message import Message
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from localslack.server import HttpReply  # noqa: E402
from localslack.webapi import FakeSlack, FakeUser  # noqa: E402

# Kept per person: enough for the driver to find the answer to the request it just sent.
PER_USER = 40


class LoadSlack(FakeSlack):
    def __init__(self) -> None:
        super().__init__(team_id="T0LOAD00", bot_token="xoxb-load-unused")
        # A long run would otherwise keep every call and posting (views of kilobytes each).
        self.calls = deque(maxlen=2000)  # type: ignore[assignment]
        self.posted = deque(maxlen=2000)  # type: ignore[assignment]
        self.seen: dict[str, deque] = {}
        self.counts: Counter = Counter()
        self._seq = 0
        self._answering: str | None = None  # the response URL being answered, while it is
        self._seen_more = threading.Condition(self._lock)

    # -- ids the driver made -----------------------------------------------------------------

    def _respond(self, key: str, payload):
        if key not in self._response_urls and key.startswith("b-"):
            _, user, channel, _n, *message_ts = key.split("-")
            self._response_urls[key] = {
                "user": user,
                "channel": channel,
                "message_ts": message_ts[0] if message_ts else None,
                "issued": self.clock(),
                "uses": 0,
            }
        self._answering = key
        try:
            status, text = super()._respond(key, payload)
        finally:
            self._answering = None
        self.counts[("response_url", status)] += 1
        return status, text

    def _take_trigger(self, args: dict) -> tuple[str, str]:
        trigger_id = str(args.get("trigger_id") or args.get("interactivity_pointer") or "")
        parts = trigger_id.split(".")
        if trigger_id not in self._triggers and len(parts) == 3 and parts[1].isdigit():
            self._triggers[trigger_id] = {
                "user": parts[2].upper(),
                "issued": int(parts[1]) / 1000,
                "used": False,
            }
        return super()._take_trigger(args)

    def _dispatch(self, method: str, args: dict, token: str | None):
        response, status, headers = super()._dispatch(method, args, token)
        self.counts[(method, status if response.get("ok") or status != 200 else response.get("error"))] += 1
        return response, status, headers

    # -- what each person saw ----------------------------------------------------------------

    def _post(self, kind: str, **fields):
        item = super()._post(kind, **fields)
        if item.user:
            self._seq += 1
            entry = {
                "seq": self._seq,
                "kind": kind,
                "text": item.text or "",
                "view_id": item.view_id,
                "url": self._answering,
                "at": time.time(),
            }
            if kind in ("modal_open", "modal_update", "modal_push"):
                entry["view"] = item.view
            self.seen.setdefault(item.user, deque(maxlen=PER_USER)).append(entry)
            self._seen_more.notify_all()
        return item

    def seen_after(self, user: str, after: int, wait: float) -> list[dict]:
        with self._seen_more:
            self._seen_more.wait_for(
                lambda: any(e["seq"] > after for e in self.seen.get(user, ())), timeout=wait
            )
            return [e for e in self.seen.get(user, ()) if e["seq"] > after]

    # -- control -----------------------------------------------------------------------------

    def setup(self, spec: dict) -> None:
        for user in spec.get("users", []):
            self.add_user(FakeUser(**user))
        for channel_id, name in spec.get("channels", []):
            self.add_channel(channel_id, name)
        if spec.get("oauth"):
            self.enable_oauth(*spec["oauth"])
        with self._lock:
            for install in spec.get("installs", []):
                self.installed[install["token"]] = {
                    "team_id": install["team_id"],
                    "team_name": install["team_name"],
                    "enterprise_id": None,
                    "org_wide": False,
                    "user_id": install.get("user_id", "U0INSTALLER"),
                }

    def _serve(self, command: str, path: str, headers: Message, body: bytes) -> HttpReply:
        parts = urlsplit(path)
        if not parts.path.startswith("/_load/"):
            return super()._serve(command, path, headers, body)
        what = parts.path[len("/_load/") :]
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        data = json.loads(body or b"{}")
        if what == "setup":
            self.setup(data)
            answer: object = {"ok": True}
        elif what == "posted":
            answer = self.seen_after(query["user"], int(query.get("after", 0)), float(query.get("wait", 0)))
        elif what == "last_seq":
            with self._lock:
                answer = {"seq": self._seq}
        elif what == "outage":
            self.fail_for(
                float(data["seconds"]),
                data.get("error", "internal_error"),
                status=int(data.get("status", 500)),
                retry_after=data.get("retry_after"),
                response_urls=bool(data.get("response_urls")),
            )
            answer = {"ok": True}
        elif what == "ack":
            self.apply_submission_ack(data["view_id"], data.get("ack") or {})
            answer = {"ok": True}
        elif what == "stats":
            with self._lock:
                answer = [
                    [method, str(status), n] for (method, status), n in sorted(self.counts.items(), key=str)
                ]
        else:
            return HttpReply(404, "text/plain", b"no such control")
        return HttpReply(200, "application/json", json.dumps(answer, default=str).encode())


def main() -> int:
    fake = LoadSlack().start()
    print(fake.base_url, flush=True)
    sys.stdin.read()  # until the driver closes our stdin (or dies)
    fake.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
