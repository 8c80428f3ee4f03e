"""A Slack workspace on this machine: the fake Web API plus signed requests into the real app.

The test suite and the terminal console both drive salesbot through this: requests are
shaped exactly as Slack sends them, signed with the signing secret, and dispatched through
the same WSGI application that serves ``POST /slack/events`` in production.
"""

from __future__ import annotations

import io
import json
import secrets
import threading
import time
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlencode
from wsgiref.util import setup_testing_defaults

from slack_sdk.signature import SignatureVerifier
from sqlalchemy.engine import Engine

from handlers.app import create_app, create_wsgi_app
from handlers.runtime import Services
from handlers.work_queue import WorkTaker
from localslack.blockkit import validate_options_response
from localslack.webapi import FakeSlack, FakeUser
from salesbot.clock import Clock
from salesbot.commands import SLACK_TOKEN
from salesbot.config import Settings
from storage import work_queue as queue

LOCAL_TEAM_ID = "T0LOCAL"
LOCAL_TEAM_DOMAIN = "local"
GENERAL = ("C0GENERAL", "general")
FORM = "application/x-www-form-urlencoded"


class TrackingExecutor(ThreadPoolExecutor):
    """Bolt's listener pool, counting work in flight so callers can wait until the app is idle."""

    def __init__(self) -> None:
        super().__init__(max_workers=8, thread_name_prefix="bolt-listener")
        self._pending = 0
        self._idle = threading.Condition()

    def submit(self, fn, /, *args, **kwargs) -> Future:
        with self._idle:
            self._pending += 1
        future = super().submit(fn, *args, **kwargs)
        future.add_done_callback(self._done)
        return future

    def _done(self, _future: Future) -> None:
        with self._idle:
            self._pending -= 1
            self._idle.notify_all()

    def wait_idle(self, timeout: float = 10.0) -> bool:
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout=timeout)


@dataclass
class HttpResult:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()

    def json(self) -> dict:
        return json.loads(self.body) if self.body else {}


@dataclass
class LocalWorkspace:
    """salesbot wired to a fake Slack. Start with :meth:`start`; stop with :meth:`stop`."""

    engine: Engine
    fake: FakeSlack
    settings: Settings
    signing_secret: str
    executor: TrackingExecutor
    wsgi: object = field(repr=False)
    team_id: str = LOCAL_TEAM_ID
    # The app's clock: a FixedClock when the caller wants to move time, else the real one.
    clock: Clock = field(default_factory=Clock)
    # With the work queue on: what takes the queued work, as a work process would.
    taker: WorkTaker | None = None

    @classmethod
    def start(
        cls,
        engine: Engine,
        *,
        team_id: str = LOCAL_TEAM_ID,
        admins: frozenset[str] = frozenset(),
        fake: FakeSlack | None = None,
        clock: Clock | None = None,
        public_url: str | None = None,
        oauth: tuple[str, str] | None = None,
        signing_secret: str | None = None,
        work_queue: bool = False,
    ) -> LocalWorkspace:
        """salesbot wired to ``fake`` (a new one by default). With ``oauth`` (client id and
        secret) it runs as installed in many workspaces: no bot token, each workspace's from its
        installation; several LocalWorkspaces may share one fake and one ``signing_secret``.
        With ``work_queue`` the app only acks and queues each request's work, and a work
        process's taker (``handlers.work_queue.WorkTaker``, on threads here) does it."""
        fake = fake or FakeSlack(team_id=team_id, bot_token="xoxb-local-" + secrets.token_hex(8)).start()
        fake.add_channel(*GENERAL)
        signing_secret = signing_secret or secrets.token_hex(16)
        settings = Settings(
            bot_token=None if oauth else fake.bot_token,
            client_id=oauth[0] if oauth else None,
            client_secret=oauth[1] if oauth else None,
            signing_secret=signing_secret,
            api_url=fake.api_url,
            database_url=str(engine.url),
            admins=admins,
            scheduler_on=False,
            public_url=public_url,
            work_queue=work_queue,
        )
        executor = TrackingExecutor()
        clock = clock or Clock()
        app = create_app(settings, engine, listener_executor=executor, clock=clock)
        taker = None
        if work_queue:
            taking = create_app(settings, engine, listener_executor=executor, clock=clock, taking_work=True)
            taker = WorkTaker(taking, engine, threads=4, poll_seconds=0.05).start()
        return cls(
            engine=engine,
            fake=fake,
            settings=settings,
            signing_secret=signing_secret,
            executor=executor,
            wsgi=create_wsgi_app(app, Services(settings=settings, engine=engine, clock=clock)),
            team_id=team_id,
            clock=clock,
            taker=taker,
        )

    def stop(self) -> None:
        if self.taker is not None:
            self.taker.stop()
        self.executor.shutdown(wait=True)
        self.fake.stop()

    # -- people ---------------------------------------------------------------------
    def add_user(self, user_id: str, name: str, **profile) -> FakeUser:
        return self.fake.add_user(
            FakeUser(id=user_id, name=name.split()[0].lower(), real_name=name, **profile)
        )

    def mention(self, user_id: str) -> str:
        """A mention as Slack escapes it in a slash command's text."""
        return f"<@{user_id}|{self.fake.user(user_id).name}>"

    # -- HTTP -----------------------------------------------------------------------
    def post(
        self,
        body: str,
        content_type: str,
        *,
        timestamp: int | None = None,
        signature: str | None = None,
        headers: dict[str, str] | None = None,
        path: str = "/slack/events",
    ) -> HttpResult:
        """POSTs ``body`` signed as Slack signs it (over the raw string), unless told otherwise."""
        timestamp = int(time.time()) if timestamp is None else timestamp
        if signature is None:
            signature = SignatureVerifier(self.signing_secret).generate_signature(
                timestamp=str(timestamp), body=body
            )
        raw = body.encode()
        environ: dict = {}
        setup_testing_defaults(environ)
        environ.update(
            REQUEST_METHOD="POST",
            PATH_INFO=path,
            QUERY_STRING="",
            CONTENT_TYPE=content_type,
            CONTENT_LENGTH=str(len(raw)),
            HTTP_X_SLACK_REQUEST_TIMESTAMP=str(timestamp),
            HTTP_X_SLACK_SIGNATURE=signature,
        )
        environ["wsgi.input"] = io.BytesIO(raw)
        for name, value in (headers or {}).items():
            environ["HTTP_" + name.upper().replace("-", "_")] = value
        return self._call(environ)

    def get(self, path: str, headers: Mapping[str, str] | None = None) -> HttpResult:
        """A GET (``path`` may carry a query), with ``headers`` by their HTTP names."""
        environ: dict = {}
        setup_testing_defaults(environ)
        path, _, query = path.partition("?")
        environ.update(REQUEST_METHOD="GET", PATH_INFO=path, QUERY_STRING=query)
        for name, value in (headers or {}).items():
            environ["HTTP_" + name.upper().replace("-", "_")] = value
        return self._call(environ)

    def browse(
        self, method: str, path: str, body: bytes = b"", headers: Mapping[str, str] | None = None
    ) -> HttpResult:
        """A browser's request (no Slack signature): ``headers`` by their HTTP names."""
        environ: dict = {}
        setup_testing_defaults(environ)
        environ.update(REQUEST_METHOD=method, PATH_INFO=path, QUERY_STRING="", CONTENT_LENGTH=str(len(body)))
        environ["wsgi.input"] = io.BytesIO(body)
        for name, value in (headers or {}).items():
            key = name.upper().replace("-", "_")
            environ[key if key in ("CONTENT_TYPE", "CONTENT_LENGTH") else "HTTP_" + key] = value
        return self._call(environ)

    def _call(self, environ: dict) -> HttpResult:
        captured: dict = {}

        def start_response(status: str, response_headers: list, exc_info=None):
            captured["status"] = int(status.split()[0])
            captured["headers"] = {k.lower(): v for k, v in response_headers}

        body = b"".join(self.wsgi(environ, start_response))
        return HttpResult(status=captured["status"], headers=captured["headers"], body=body)

    def wait_idle(self, timeout: float = 10.0) -> None:
        """Waits until every listener has finished its work after the ack (and, with the work
        queue on, until nothing is queued or in hand)."""
        deadline = time.monotonic() + timeout
        while True:
            if not self.executor.wait_idle(max(0.0, deadline - time.monotonic())):
                break
            queue_empty = self.taker is None or (queue.waiting(self.engine)[0] == 0 and not self.taker.busy())
            if queue_empty and self.executor.wait_idle(0):
                return
            if time.monotonic() > deadline:
                break
            time.sleep(0.01)
        raise TimeoutError(f"salesbot was still working after {timeout} s")

    # -- what Slack sends -----------------------------------------------------------
    def command(
        self,
        text: str,
        *,
        user: str,
        channel: tuple[str, str] = GENERAL,
        command: str = "/sales",
        wait: bool = True,
    ) -> HttpResult:
        """``/sales TEXT`` typed by ``user`` in ``channel`` (id, name)."""
        body = urlencode(
            {
                "token": "verification-token-unused",
                "team_id": self.team_id,
                "team_domain": LOCAL_TEAM_DOMAIN,
                "channel_id": channel[0],
                "channel_name": channel[1],
                "user_id": user,
                "user_name": self.fake.user(user).name,
                "command": command,
                "text": slack_escape(text),
                "api_app_id": self.fake.app_id,
                "is_enterprise_install": "false",
                "response_url": self.fake.new_response_url(user_id=user, channel_id=channel[0]),
                "trigger_id": self.fake.issue_trigger_id(user),
            }
        )
        return self._send(body, FORM, wait=wait)

    def _user(self, user: str) -> dict:
        fake_user = self.fake.user(user)
        return {"id": user, "username": fake_user.name, "name": fake_user.name, "team_id": self.team_id}

    def _send(
        self, body: str, content_type: str, *, wait: bool, headers: dict[str, str] | None = None
    ) -> HttpResult:
        """POSTs what Slack would send; with ``wait``, returns once salesbot has finished its work."""
        result = self.post(body, content_type, headers=headers)
        if wait:
            self.wait_idle()
        return result

    def _interactive(self, payload: dict, wait: bool) -> HttpResult:
        return self._send(urlencode({"payload": json.dumps(payload)}), FORM, wait=wait)

    def click(
        self,
        *,
        user: str,
        action_id: str,
        block_id: str = "block",
        value: str | None = None,
        text: str = "",
        message: dict | None = None,
        channel: tuple[str, str] = GENERAL,
        ephemeral: bool = True,
        view: dict | None = None,
        wait: bool = True,
    ) -> HttpResult:
        """A button press: on a message in ``channel`` (the default) or on a view (App Home, modal)."""
        action = {
            "action_id": action_id,
            "block_id": block_id,
            "text": {"type": "plain_text", "text": text or action_id, "emoji": True},
            "type": "button",
            "action_ts": f"{time.time():.6f}",
        }
        if value is not None:
            action["value"] = value
        payload = {
            "type": "block_actions",
            "user": self._user(user),
            "api_app_id": self.fake.app_id,
            "token": "verification-token-unused",
            "trigger_id": self.fake.issue_trigger_id(user),
            "team": {"id": self.team_id, "domain": LOCAL_TEAM_DOMAIN},
            "enterprise": None,
            "is_enterprise_install": False,
            "actions": [action],
            "state": {"values": {}},
        }
        if view is not None:
            payload["container"] = {"type": "view", "view_id": view.get("id")}
            payload["view"] = view
        else:
            ts = (message or {}).get("ts") or f"{time.time():.6f}"
            payload["container"] = {
                "type": "message",
                "message_ts": ts,
                "channel_id": channel[0],
                "is_ephemeral": ephemeral,
            }
            payload["channel"] = {"id": channel[0], "name": channel[1]}
            payload["response_url"] = self.fake.new_response_url(
                user_id=user, channel_id=channel[0], message_ts=ts
            )
            if message is not None and not ephemeral:
                payload["message"] = message
        return self._interactive(payload, wait)

    def shortcut(
        self,
        *,
        user: str,
        callback_id: str,
        message: dict,
        channel: tuple[str, str] = GENERAL,
        wait: bool = True,
    ) -> HttpResult:
        """A message shortcut chosen by ``user`` on ``message`` (as ``FakeSlack.user_says`` keeps
        it) in ``channel``: a ``message_action`` payload, as Slack shapes it."""
        payload = {
            "type": "message_action",
            "token": "verification-token-unused",
            "action_ts": f"{time.time():.6f}",
            "team": {"id": self.team_id, "domain": LOCAL_TEAM_DOMAIN},
            "user": self._user(user),
            "channel": {"id": channel[0], "name": channel[1]},
            "is_enterprise_install": False,
            "enterprise": None,
            "callback_id": callback_id,
            "trigger_id": self.fake.issue_trigger_id(user),
            "response_url": self.fake.new_response_url(user_id=user, channel_id=channel[0]),
            "message_ts": message["ts"],
            "message": message,
        }
        return self._interactive(payload, wait)

    def suggest(self, *, user: str, view: dict, action_id: str, value: str = "") -> list[dict]:
        """The options an external select of ``view`` shows once ``value`` is typed in it: Slack
        asks salesbot (a block_suggestion, answered in the HTTP response) and checks the answer.

        The options shown can then be submitted by value. ValueError when Slack would show none
        because salesbot failed or its answer breaks Slack's rules.
        """
        block_id = next(
            (
                block.get("block_id")
                for block in view.get("blocks") or []
                if (block.get("element") or {}).get("action_id") == action_id
            ),
            None,
        )
        if block_id is None:
            raise ValueError(f"the view has no input with action id {action_id}")
        payload = {
            "type": "block_suggestion",
            "user": self._user(user),
            "container": {"type": "view", "view_id": view.get("id")},
            "api_app_id": self.fake.app_id,
            "token": "verification-token-unused",
            "action_id": action_id,
            "block_id": block_id,
            "value": value,
            "team": {"id": self.team_id, "domain": LOCAL_TEAM_DOMAIN},
            "enterprise": None,
            "is_enterprise_install": False,
            "view": view,
        }
        result = self._interactive(payload, wait=False)
        if result.status != 200:
            raise ValueError(f"salesbot answered the options request with HTTP {result.status}")
        answer = result.json() if result.body else {}
        errors = validate_options_response(answer)
        if errors:
            raise ValueError("Slack refuses these options: " + "; ".join(errors))
        options = list(answer.get("options") or [])
        for group in answer.get("option_groups") or []:
            options += group.get("options") or []
        self.fake.remember_options(view.get("id"), action_id, options)
        return options

    def submit(self, *, user: str, view: dict, answers: dict | None = None, wait: bool = True) -> HttpResult:
        """Submits the modal ``view`` (as the fake holds it) with ``answers`` by block id.

        An external select's answer is the value of an option it showed (``suggest``), or an
        option object of one's own (a crafted submission)."""
        submitted = dict(view)
        offered = self.fake.offered_options(view.get("id"))
        submitted["state"] = {"values": submission_state(view, answers or {}, offered=offered)}
        payload = self._view_payload(
            "view_submission",
            user,
            submitted,
            trigger_id=self.fake.issue_trigger_id(user),
            response_urls=[],
        )
        result = self._interactive(payload, wait)
        if result.status == 200:
            self.fake.apply_submission_ack(view["id"], result.json())
        return result

    def close(
        self, *, user: str, view: dict, everything: bool = False, wait: bool = True
    ) -> HttpResult | None:
        """The user closes the modal ``view`` (``everything``: its whole stack, as a cleared one goes).

        Slack tells the app with a view_closed only when the view asked (``notify_on_close``); the
        answer to that request is returned, else None.
        """
        view_id = view.get("id")
        if not view_id or view_id not in self.fake.views:
            return None
        root = view.get("root_view_id") if everything else None
        self.fake.close_view(root or view_id)
        if not view.get("notify_on_close"):
            return None
        return self._interactive(self._view_payload("view_closed", user, view, is_cleared=everything), wait)

    def _view_payload(self, kind: str, user: str, view: dict, **fields) -> dict:
        """A view_submission or view_closed payload, as Slack shapes them."""
        return {
            "type": kind,
            "team": {"id": self.team_id, "domain": LOCAL_TEAM_DOMAIN},
            "user": self._user(user),
            "api_app_id": self.fake.app_id,
            "token": "verification-token-unused",
            "view": view,
            **fields,
            "is_enterprise_install": False,
            "enterprise": None,
        }

    def event(
        self, event: dict, *, wait: bool = True, retry_num: int | None = None, org_wide: bool = False
    ) -> HttpResult:
        """An Events API callback; ``org_wide`` shapes it as for an Enterprise Grid org-wide
        install, whose authorization names the enterprise but no team."""
        body = json.dumps(
            {
                "token": "verification-token-unused",
                "team_id": self.team_id,
                "api_app_id": self.fake.app_id,
                "event": event,
                "type": "event_callback",
                "event_id": "Ev" + secrets.token_hex(5).upper(),
                "event_time": int(time.time()),
                "authorizations": [
                    {
                        "enterprise_id": "E0LOCAL" if org_wide else None,
                        "team_id": None if org_wide else self.team_id,
                        "user_id": self.fake.bot_user_id,
                        "is_bot": True,
                        "is_enterprise_install": org_wide,
                    }
                ],
                "is_ext_shared_channel": False,
            }
        )
        headers = (
            {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
            if retry_num
            else None
        )
        return self._send(body, "application/json", wait=wait, headers=headers)

    def reply_in_thread(
        self,
        *,
        user: str,
        channel: str,
        thread_ts: str,
        text: str,
        wait: bool = True,
        retry_num: int | None = None,
    ) -> HttpResult:
        """``user`` types ``text`` in the thread of ``thread_ts`` in ``channel`` (the app's DM with
        them: a D… id): Slack keeps the reply and, as the app subscribes to ``message.im``, sends it
        a ``message`` event shaped as Slack's (``channel_type`` "im", ``thread_ts``,
        ``parent_user_id``, ``client_msg_id``). ``retry_num`` sends the same event as a retry."""
        message = self.fake.user_says(channel, user, text, thread_ts=thread_ts)
        self._last_reply = {
            **message,
            "channel": self.fake.channels[channel]["id"] if channel in self.fake.channels else channel,
            "channel_type": "im",
            "event_ts": message["ts"],
            "client_msg_id": secrets.token_hex(16),
        }
        return self.event(self._last_reply, wait=wait, retry_num=retry_num)

    def retry_last_reply(self, *, retry_num: int = 1) -> HttpResult:
        """Slack sends the last thread reply's event again (it saw no answer in time)."""
        return self.event(self._last_reply, retry_num=retry_num)

    def open_home(self, user: str, *, wait: bool = True, org_wide: bool = False) -> HttpResult:
        return self.event(
            {
                "type": "app_home_opened",
                "user": user,
                "channel": self.fake.im_channel(user),
                "tab": "home",
                "event_ts": f"{time.time():.6f}",
            },
            wait=wait,
            org_wide=org_wide,
        )


def slack_escape(text: str) -> str:
    """What Slack does to typed text before sending it: ``&``, ``<`` and ``>`` become entities,
    except in the tokens Slack itself wrote (mentions, channels, links)."""
    parts = []
    last = 0
    for token in SLACK_TOKEN.finditer(text):
        parts.append(_escape(text[last : token.start()]))
        parts.append(token.group(0))
        last = token.end()
    parts.append(_escape(text[last:]))
    return "".join(parts)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def submission_state(
    view: dict, answers: dict, *, offered: Mapping[str, Mapping[str, dict]] | None = None
) -> dict:
    """``view.state.values`` as Slack builds it: every input's current value, by element type.

    ``answers`` maps block ids to plain values: text, an option value, a user or channel id,
    a list of option values for checkboxes, ``None`` to clear. An external select takes the
    value of its initial option or of one it showed (``offered``: action id → value → option),
    or an option object.
    """
    values: dict = {}
    for block in view.get("blocks", []):
        if block.get("type") != "input":
            continue
        element = block["element"]
        kind = element["type"]
        block_id = block["block_id"]
        state: dict = {"type": kind}
        answer = answers[block_id] if block_id in answers else _initial_value(element)
        options = _options(element)
        if kind in ("plain_text_input", "number_input", "email_text_input", "url_text_input"):
            state["value"] = answer
        elif kind in ("static_select", "radio_buttons"):
            state["selected_option"] = options.get(answer) if answer is not None else None
        elif kind == "external_select":
            shown = (offered or {}).get(element["action_id"], {})
            state["selected_option"] = _external_option(element, answer, shown)
        elif kind in ("checkboxes", "multi_static_select"):
            state["selected_options"] = [options[v] for v in (answer or [])]
        elif kind == "users_select":
            state["selected_user"] = answer
        elif kind == "multi_users_select":
            state["selected_users"] = list(answer or [])
        elif kind == "conversations_select":
            state["selected_conversation"] = answer
        elif kind == "channels_select":
            state["selected_channel"] = answer
        elif kind == "datepicker":
            state["selected_date"] = answer
        elif kind == "timepicker":
            state["selected_time"] = answer
        elif kind == "file_input":
            # Slack's file objects (``FakeSlack.add_file``), as the person uploaded them.
            state["files"] = list(answer or [])
        else:
            raise ValueError(f"no state for element type {kind}")
        values[block_id] = {element["action_id"]: state}
    return values


def _external_option(element: dict, answer, shown: Mapping[str, dict]) -> dict | None:
    if answer is None or isinstance(answer, dict):
        return answer
    initial = element.get("initial_option") or {}
    if initial.get("value") == answer:
        return initial
    if answer in shown:
        return shown[answer]
    raise ValueError(
        f"{answer!r} was never shown in the {element['action_id']} menu: Slack submits only an option "
        "the menu showed (type in it first: LocalWorkspace.suggest)"
    )


def _options(element: dict) -> dict[str, dict]:
    options = list(element.get("options", []))
    for group in element.get("option_groups", []):
        options += group.get("options", [])
    return {option["value"]: option for option in options}


def _initial_value(element: dict):
    kind = element["type"]
    if kind in ("static_select", "radio_buttons", "external_select"):
        return (element.get("initial_option") or {}).get("value")
    if kind in ("checkboxes", "multi_static_select"):
        return [o["value"] for o in element.get("initial_options", [])]
    return (
        element.get("initial_value")
        or element.get("initial_user")
        or element.get("initial_users")
        or element.get("initial_conversation")
        or element.get("initial_channel")
        or element.get("initial_date")
        or element.get("initial_time")
    )
