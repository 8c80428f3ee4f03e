"""A local stand-in for Slack's Web API, strict enough to refuse what Slack refuses.

The test suite points the app's ``WebClient`` at it to drive the real Bolt app end to
end; the local console renders what it received (``FakeSlack.posted``) as a chat
transcript. It keeps the workspace's users, channels, messages and views, records every
call, and answers with Slack's error codes (``not_in_channel``, ``invalid_blocks``,
``expired_trigger_id``, a 429 when told to...). It listens on 127.0.0.1 only (see
``localslack.server``) and uses nothing but the standard library.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import itertools
import json
import logging
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email.message import Message
from typing import Any, TypeVar
from urllib.parse import parse_qsl, quote, urlsplit
from zoneinfo import ZoneInfo

from localslack.blockkit import validate_blocks, validate_view
from localslack.server import HttpReply, LoopbackServer

__all__ = ["ApiCall", "FakeSlack", "FakeUser", "Posted"]

_log = logging.getLogger(__name__)
T = TypeVar("T")

# Slack's documented lifetimes and limits for interaction handles and messages.
TRIGGER_TTL_SECONDS = 3.0
RESPONSE_URL_TTL_SECONDS = 30 * 60
RESPONSE_URL_MAX_USES = 5
MAX_MESSAGE_TEXT = 40_000
MAX_VIEW_STACK = 3
MAX_VIEW_BYTES = 250_000
# With token rotation on, Slack's access tokens expire after 12 hours.
ROTATING_TOKEN_SECONDS = 12 * 60 * 60

# ---------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------


def _tz_offset(tz: str, at: float) -> int:
    moment = dt.datetime.fromtimestamp(at, ZoneInfo(tz))
    offset = moment.utcoffset()
    return int(offset.total_seconds()) if offset is not None else 0


@dataclass
class FakeUser:
    """A workspace member as users.info describes them."""

    id: str
    name: str
    real_name: str
    tz: str = "Europe/Oslo"
    tz_offset: int = field(init=False)
    locale: str = "en-US"
    is_admin: bool = False
    is_owner: bool = False
    is_bot: bool = False
    deleted: bool = False
    display_name: str = ""
    email: str | None = None
    # Another organisation's team for an external member of a Slack Connect channel (None: ours).
    team_id: str | None = None

    def __post_init__(self) -> None:
        self.tz_offset = _tz_offset(self.tz, time.time())


@dataclass
class ApiCall:
    """One request the fake received: a Web API method, "response_url" or "file_upload".

    ``args`` are the arguments as sent (JSON strings such as ``blocks`` decoded, the
    token removed); ``status`` is the HTTP status the fake answered with.
    """

    method: str
    args: dict
    response: dict
    at: float
    token: str | None = field(default=None, repr=False)
    status: int = 200


@dataclass
class Posted:
    """One thing a person would see, in the order it happened.

    ``kind`` is one of: "message" (channel post), "dm" (post to a user id or an IM),
    "ephemeral" (chat.postEphemeral, or a response_url reply that is not in_channel),
    "in_channel" (response_url), "update" (chat.update or replace_original), "delete",
    "modal_open", "modal_update", "modal_push", "home" and "file". ``user`` is the
    person it is for (the recipient of an ephemeral, DM, modal or home tab).
    """

    kind: str
    channel: str | None = None
    user: str | None = None
    text: str | None = None
    blocks: list | None = None
    view: dict | None = None
    ts: str | None = None
    thread_ts: str | None = None
    view_id: str | None = None
    # For kind "file": id, name, title, size and the uploaded bytes ("data").
    file: dict | None = field(default=None, repr=False)


@dataclass
class _Failure:
    error: str
    status: int
    retry_after: int | None


@dataclass
class _Outage:
    """Every call failing with ``failure`` until ``until`` (``time.monotonic()``)."""

    failure: _Failure
    until: float
    response_urls: bool


class _ApiError(Exception):
    def __init__(self, error: str, **extra: Any) -> None:
        super().__init__(error)
        self.error = error
        self.extra = extra


def _missing(name: str) -> _ApiError:
    return _ApiError(
        "invalid_arguments", response_metadata={"messages": [f"[ERROR] missing required field: {name}"]}
    )


def _truthy(value: Any) -> bool:
    return value in (True, 1, "1", "true", "True")


def _wait(find: Callable[[], T | None], timeout: float, failure: Callable[[], str]) -> T:
    """Polls ``find`` until it finds something; AssertionError(``failure()``) after ``timeout`` s."""
    # Real time, not the fake's clock: tests often freeze that one.
    deadline = time.monotonic() + timeout
    while True:
        found = find()
        if found is not None:
            return found
        if time.monotonic() >= deadline:
            raise AssertionError(failure())
        time.sleep(0.01)


# ---------------------------------------------------------------------------
# The fake
# ---------------------------------------------------------------------------


class FakeSlack:
    """An in-process Slack Web API on 127.0.0.1, recording everything it is sent."""

    def __init__(
        self,
        *,
        bot_token: str = "xoxb-local-fake",
        team_id: str = "T0LOCAL",
        team_name: str = "Local workspace",
        bot_user_id: str = "U0SALESBOT",
        app_id: str = "A0SALESBOT",
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.bot_token = bot_token
        self.team_id = team_id
        self.team_name = team_name
        self.bot_user_id = bot_user_id
        self.bot_id = "B" + bot_user_id[1:]
        self.app_id = app_id
        self.clock = clock

        self.users: dict[str, FakeUser] = {}
        self.channels: dict[str, dict] = {}
        self.usergroups: dict[str, dict] = {}
        # Other organisations' teams (Slack Connect), by id: their names.
        self.teams: dict[str, str] = {}
        self.messages: dict[tuple[str, str], dict] = {}
        self.views: dict[str, dict] = {}
        self.calls: list[ApiCall] = []
        self.posted: list[Posted] = []

        self._lock = threading.RLock()
        self._posted_more = threading.Condition(self._lock)
        self._ids = itertools.count(1)
        self._last_ts_micros = 0
        self._triggers: dict[str, dict] = {}
        self._response_urls: dict[str, dict] = {}
        self._uploads: dict[str, dict] = {}
        # Files people shared (a form's file input, say), by id: Slack's file object and the bytes.
        self.files: dict[str, dict] = {}
        self._view_users: dict[str, str] = {}
        self._stacks: dict[str, list[str]] = {}
        self._homes: dict[str, str] = {}
        self._failures: dict[str, deque[_Failure]] = {}
        self._outage: _Outage | None = None
        # The workspace whose token made the call being answered: the team a view it opens is in.
        self._calling_team = team_id
        # Options an external select showed, by view id and action id, by value: Slack submits
        # only an option its menu offered.
        self._offered: dict[str, dict[str, dict[str, dict]]] = {}
        self._server: LoopbackServer | None = None
        # OAuth installs into other workspaces (``authorize`` then ``oauth.v2.access``): the
        # client credentials, the codes handed out, and the bot tokens issued, by token: the
        # team (and enterprise) each acts for. The fake's own ``bot_token`` is ``team_id``'s.
        self.oauth_client: tuple[str, str] | None = None
        self._codes: dict[str, dict] = {}
        self.installed: dict[str, dict] = {}
        # Token rotation (``enable_oauth(..., token_rotation=True)``): how long an access token
        # lives, and the unused refresh tokens, each with the access token it renews.
        self.token_rotation = False
        self.token_seconds = ROTATING_TOKEN_SECONDS
        self._refresh_tokens: dict[str, str] = {}
        self._methods: dict[str, Callable[[dict], dict]] = {
            "auth.test": self._auth_test,
            "users.info": self._users_info,
            "users.list": self._users_list,
            "users.lookupByEmail": self._users_lookup_by_email,
            "conversations.open": self._conversations_open,
            "conversations.info": self._conversations_info,
            "chat.postMessage": self._chat_post_message,
            "chat.postEphemeral": self._chat_post_ephemeral,
            "chat.update": self._chat_update,
            "chat.delete": self._chat_delete,
            "views.open": self._views_open,
            "views.push": self._views_push,
            "views.update": self._views_update,
            "views.publish": self._views_publish,
            "files.getUploadURLExternal": self._files_get_upload_url,
            "files.completeUploadExternal": self._files_complete_upload,
            "reactions.add": self._reactions_add,
            "chat.getPermalink": self._chat_get_permalink,
            "team.info": self._team_info,
            "usergroups.users.list": self._usergroups_users_list,
        }
        self.add_user(FakeUser(id=bot_user_id, name="salesbot", real_name="Salesbot", is_bot=True))

    # -- lifecycle --------------------------------------------------------------

    def start(self) -> FakeSlack:
        self._server = LoopbackServer(self._serve, name="fake Slack").start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("FakeSlack is not started")
        return self._server.url

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/"

    # -- workspace setup ----------------------------------------------------------

    def add_user(self, user: FakeUser) -> FakeUser:
        with self._lock:
            self.users[user.id] = user
        return user

    def user(self, user_id: str) -> FakeUser:
        return self.users[user_id]

    def find_user(self, name_or_id: str) -> FakeUser | None:
        wanted = name_or_id.strip().lstrip("@").casefold()
        with self._lock:
            for user in self.users.values():
                names = (user.id, user.name, user.real_name, user.display_name)
                if wanted in (n.casefold() for n in names if n):
                    return user
        return None

    def add_channel(
        self,
        channel_id: str,
        name: str,
        *,
        is_member: bool = True,
        is_private: bool = False,
        is_im: bool = False,
        is_archived: bool = False,
        user: str | None = None,
    ) -> dict:
        """Register a conversation; ``user`` is the other member of an IM."""
        channel = {
            "id": channel_id,
            "name": name,
            "is_member": is_member or is_im,
            "is_private": is_private or is_im,
            "is_im": is_im,
            "is_mpim": False,
            "is_archived": is_archived,
            "user": user,
            "created": int(self.clock()),
        }
        with self._lock:
            self.channels[channel_id] = channel
        return channel

    def add_team(self, team_id: str, name: str) -> None:
        """Another organisation, whose people write in a Slack Connect channel shared with us."""
        with self._lock:
            self.teams[team_id] = name

    def user_says(self, channel_id: str, user_id: str, text: str, *, thread_ts: str | None = None) -> dict:
        """A message a person wrote in ``channel_id`` (in the thread of ``thread_ts``, if given), as
        Slack keeps it: an external member's (Slack Connect) names their own team in ``team``,
        ``user_team`` and ``source_team``; a reply names its thread and the thread's author."""
        user = self.user(user_id)
        team = user.team_id or self.team_id
        with self._lock:
            ts = self._new_ts()
            message = {
                "type": "message",
                "user": user_id,
                "text": text,
                "ts": ts,
                "team": team,
                "user_team": team,
                "source_team": team,
                "blocks": [
                    {
                        "type": "rich_text",
                        "block_id": "b" + ts.replace(".", "")[-5:],
                        "elements": [
                            {"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}
                        ],
                    }
                ],
            }
            if thread_ts is not None:
                root = self.messages.get((self._channel(channel_id)["id"], thread_ts))
                if root is None:
                    raise ValueError(f"no message {thread_ts} in {channel_id} to reply to")
                message["thread_ts"] = thread_ts
                message["parent_user_id"] = root.get("user") or self.bot_user_id
            self.messages[(self._channel(channel_id)["id"], ts)] = message
        return dict(message)

    def add_usergroup(self, usergroup_id: str, handle: str, user_ids: Iterable[str] = ()) -> None:
        with self._lock:
            self.usergroups[usergroup_id] = {"id": usergroup_id, "handle": handle, "users": list(user_ids)}

    def im_channel(self, user_id: str) -> str:
        """The id of the app's DM with a user, opening it if needed."""
        with self._lock:
            return self._im_for(user_id)["id"]

    def issue_trigger_id(self, user_id: str) -> str:
        with self._lock:
            trigger_id = f"{next(self._ids)}.{int(self.clock() * 1000)}.{secrets.token_hex(16)}"
            self._triggers[trigger_id] = {"user": user_id, "issued": self.clock(), "used": False}
        return trigger_id

    def new_response_url(self, *, user_id: str, channel_id: str, message_ts: str | None = None) -> str:
        """A response_url as Slack sends with a command or action; ``message_ts`` is the
        message an action came from (what ``replace_original``/``delete_original`` act on)."""
        with self._lock:
            key = str(next(self._ids))
            self._response_urls[key] = {
                "user": user_id,
                "channel": channel_id,
                "message_ts": message_ts,
                "issued": self.clock(),
                "uses": 0,
            }
        return f"{self.base_url}/response/{key}"

    def enable_oauth(
        self,
        client_id: str,
        client_secret: str,
        *,
        token_rotation: bool = False,
        token_seconds: int = ROTATING_TOKEN_SECONDS,
    ) -> None:
        """The app's OAuth credentials, as api.slack.com/apps shows them. With ``token_rotation``
        (the app's "token rotation" turned on) every bot token issued expires after
        ``token_seconds`` and comes with a refresh token (``oauth.v2.access`` with
        ``grant_type=refresh_token``)."""
        self.oauth_client = (client_id, client_secret)
        self.token_rotation = token_rotation
        self.token_seconds = token_seconds

    def authorize(
        self,
        team_id: str,
        team_name: str,
        *,
        user_id: str = "U0INSTALLER",
        enterprise_id: str | None = None,
        org_wide: bool = False,
    ) -> str:
        """A person allows the app on Slack's authorize page: the ``code`` Slack redirects back with."""
        code = "code-" + secrets.token_hex(8)
        with self._lock:
            self._codes[code] = {
                "team_id": None if org_wide else team_id,
                "team_name": team_name,
                "enterprise_id": enterprise_id,
                "org_wide": org_wide,
                "user_id": user_id,
            }
        return code

    def token_of(self, team_id: str) -> str | None:
        """The bot token issued to ``team_id`` last (by an install or a refresh); None when
        there is none."""
        with self._lock:
            found = [t for t, i in self.installed.items() if i["team_id"] == team_id]
        return found[-1] if found else None

    def refresh_token_of(self, team_id: str) -> str | None:
        """The unused refresh token of ``team_id``'s latest bot token (token rotation on)."""
        token = self.token_of(team_id)
        with self._lock:
            return next((r for r, renews in self._refresh_tokens.items() if renews == token), None)

    def revoke(self, token: str) -> None:
        """The workspace uninstalled the app: its token answers ``token_revoked`` from now on,
        and its refresh token renews nothing."""
        with self._lock:
            self.installed[token]["revoked"] = True
            for refresh, renews in list(self._refresh_tokens.items()):
                if renews == token:
                    del self._refresh_tokens[refresh]

    def fail_next(
        self,
        method: str,
        error: str = "internal_error",
        *,
        status: int = 200,
        retry_after: int | None = None,
    ) -> None:
        """Make the next call of ``method`` (or "response_url") fail once with ``error``."""
        with self._lock:
            self._failures.setdefault(method, deque()).append(_Failure(error, status, retry_after))

    def fail_for(
        self,
        seconds: float,
        error: str = "internal_error",
        *,
        status: int = 500,
        retry_after: int | None = None,
        response_urls: bool = False,
    ) -> None:
        """Slack down, or rate-limiting everything, for ``seconds`` of real time: every Web API
        call (and with ``response_urls`` every response_url post) fails with ``error`` and HTTP
        ``status`` (a 429 with ``Retry-After: retry_after``). Calls with a bad token still get
        their own error first, as they do from Slack. ``seconds=0`` ends an outage."""
        with self._lock:
            self._outage = (
                _Outage(_Failure(error, status, retry_after), time.monotonic() + seconds, response_urls)
                if seconds > 0
                else None
            )

    def reset(self) -> None:
        """Forget calls, postings and queued failures; keep users, channels, messages and views."""
        with self._lock:
            self.calls.clear()
            self.posted.clear()
            self._failures.clear()
            self._outage = None

    # -- inspection -----------------------------------------------------------------

    def snapshot_calls(self) -> list[ApiCall]:
        with self._lock:
            return list(self.calls)

    def snapshot_posted(self) -> list[Posted]:
        with self._lock:
            return list(self.posted)

    def wait_for_more_posted(self, count: int, timeout: float) -> bool:
        """Waits up to ``timeout`` seconds until more than ``count`` things were posted; True if so."""
        with self._posted_more:
            return self._posted_more.wait_for(lambda: len(self.posted) > count, timeout)

    def calls_to(self, method: str) -> list[ApiCall]:
        return [call for call in self.snapshot_calls() if call.method == method]

    def wait_for(
        self,
        method: str,
        predicate: Callable[[ApiCall], bool] | None = None,
        timeout: float = 3.0,
    ) -> ApiCall:
        def seen() -> str:
            calls = "\n".join(f"  {c.method} {c.args!r} -> {c.response!r}" for c in self.snapshot_calls())
            return f"no matching {method} call within {timeout}s; calls seen:\n{calls or '  (none)'}"

        return _wait(
            lambda: next((c for c in self.calls_to(method) if predicate is None or predicate(c)), None),
            timeout,
            seen,
        )

    def wait_for_posted(self, predicate: Callable[[Posted], bool], timeout: float = 3.0) -> Posted:
        def seen() -> str:
            posted = "\n".join(f"  {p!r}" for p in self.snapshot_posted())
            return f"nothing matching was posted within {timeout}s; posted:\n{posted or '  (none)'}"

        return _wait(lambda: next((p for p in self.snapshot_posted() if predicate(p)), None), timeout, seen)

    def missing_text_fallbacks(self) -> list[ApiCall]:
        """Calls that sent blocks without a ``text`` fallback (Slack accepts them, but
        notifications and screen readers then show nothing useful)."""
        methods = {"chat.postMessage", "chat.postEphemeral", "chat.update", "response_url"}
        return [
            call
            for call in self.snapshot_calls()
            if call.method in methods and call.args.get("blocks") and not call.args.get("text")
        ]

    def top_view(self, user_id: str) -> dict | None:
        """The modal a user currently sees, if any."""
        with self._lock:
            stack = self._stacks.get(user_id)
            return self.views[stack[-1]] if stack else None

    def home_view(self, user_id: str) -> dict | None:
        with self._lock:
            view_id = self._homes.get(user_id)
            return self.views.get(view_id) if view_id else None

    def remember_options(self, view_id: str, action_id: str, options: Iterable[dict]) -> None:
        """An external select of ``view_id`` showed ``options`` (answering a block_suggestion)."""
        with self._lock:
            shown = self._offered.setdefault(view_id, {}).setdefault(action_id, {})
            shown.update({option["value"]: option for option in options})

    def offered_options(self, view_id: str | None) -> dict[str, dict[str, dict]]:
        """The options each external select of ``view_id`` has shown: action id → value → option."""
        with self._lock:
            return {action: dict(shown) for action, shown in self._offered.get(view_id or "", {}).items()}

    def close_view(self, view_id: str) -> None:
        """The user closes a modal: it and any view pushed above it go away
        (the whole stack when the view has ``clear_on_close``)."""
        with self._lock:
            user_id = self._view_users.get(view_id)
            stack = self._stacks.get(user_id or "", [])
            if view_id not in stack:
                return
            cut = 0 if self.views[view_id].get("clear_on_close") else stack.index(view_id)
            for gone in stack[cut:]:
                self.views.pop(gone, None)
                self._view_users.pop(gone, None)
            del stack[cut:]

    def apply_submission_ack(self, view_id: str, ack: dict) -> None:
        """What Slack does with a view_submission's ack: close, clear, update or push the modal.

        ``errors`` leaves the modal open. An ``update`` or ``push`` carrying an invalid view is
        refused as Slack refuses it (the user would see "We had some trouble connecting").
        """
        action = (ack or {}).get("response_action")
        if action == "errors":
            return
        with self._lock:
            user_id = self._view_users.get(view_id)
            if user_id is None:
                return
            if action in ("update", "push"):
                problems = validate_view(ack.get("view"))
                if problems:
                    raise AssertionError(f"the ack's view would be refused by Slack: {problems}")
                if action == "update":
                    stored = self._replace(self.views[view_id], ack["view"], {})
                    self._post("modal_update", user=user_id, view=stored, view_id=view_id)
                else:
                    self._push(user_id, ack["view"])
                return
            stack = self._stacks.get(user_id, [])
            if action == "clear" and stack:
                view_id = stack[0]
        self.close_view(view_id)

    # -- HTTP entry points ------------------------------------------------------------

    def _serve(self, command: str, path: str, headers: Message, body: bytes) -> HttpReply:
        parts = urlsplit(path)
        if parts.path.startswith("/api/"):
            status, payload, extra = self._api(parts.path[len("/api/") :], parts.query, headers, body)
            return HttpReply(status, "application/json; charset=utf-8", json.dumps(payload).encode(), extra)
        if parts.path.startswith("/response/") and command == "POST":
            status, text = self._response_url(parts.path[len("/response/") :], body)
            return HttpReply(status, "text/html", text.encode())
        if parts.path.startswith("/upload/v1/") and command == "POST":
            status, text = self._upload(parts.path[len("/upload/v1/") :], body)
            return HttpReply(status, "text/plain", text.encode())
        if parts.path.startswith("/files-pri/") and command == "GET":
            return self._download(parts.path, headers)
        return HttpReply(404, "text/plain", b"not found")

    def _api(
        self, method: str, query: str, headers: Message, body: bytes
    ) -> tuple[int, dict, dict[str, str]]:
        args: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
        token = None
        auth = headers.get("Authorization") or ""
        if auth.startswith("Bearer "):
            token = auth[len("Bearer ") :].strip()
        body_error = None
        try:
            args.update(_parse_body(headers.get("Content-Type") or "", body))
        except _ApiError as exc:
            body_error = exc.error
        token = token or args.get("token")
        args.pop("token", None)
        if method == "oauth.v2.access":
            with self._lock:
                failure = self._pop_failure(method)
                if failure is None:
                    response, status = self._oauth_v2_access(args, auth), 200
                else:
                    response, status = {"ok": False, "error": failure.error}, failure.status
                self.calls.append(
                    ApiCall(
                        method,
                        {k: v for k, v in args.items() if k != "client_secret"},
                        response,
                        self.clock(),
                        None,
                        status,
                    )
                )
            return status, response, {}
        for key in ("blocks", "attachments", "view", "metadata", "files"):
            # An undecodable value stays a string; the method answers with its format error.
            if isinstance(args.get(key), str):
                with contextlib.suppress(ValueError):
                    args[key] = json.loads(args[key])
        # One lock for the work and its record, so calls and posted stay in the same order.
        with self._lock:
            if body_error is None:
                response, status, extra_headers = self._dispatch(method, args, token)
            else:
                response, status, extra_headers = {"ok": False, "error": body_error}, 200, {}
            self.calls.append(ApiCall(method, args, response, self.clock(), token, status))
        if not response.get("ok"):
            _log.debug("fake Slack %s -> %s", method, response.get("error"))
        return status, response, extra_headers

    def _dispatch(self, method: str, args: dict, token: str | None) -> tuple[dict, int, dict[str, str]]:
        handler = self._methods.get(method)
        if handler is None:
            return {"ok": False, "error": "unknown_method", "req_method": method}, 200, {}
        if not token:
            return {"ok": False, "error": "not_authed"}, 200, {}
        install = self.installed.get(token)
        self._calling_team = (install or {}).get("team_id") or self.team_id
        if token != self.bot_token:
            if install is None or install.get("replaced"):
                return {"ok": False, "error": "invalid_auth"}, 200, {}
            if install.get("revoked"):
                return {"ok": False, "error": "token_revoked"}, 200, {}
            if install.get("expires_at") is not None and self.clock() >= install["expires_at"]:
                return {"ok": False, "error": "token_expired"}, 200, {}
            if method == "auth.test":
                return (
                    {
                        **self._auth_test(args),
                        "team_id": install["team_id"],
                        "team": install["team_name"],
                        "enterprise_id": install["enterprise_id"],
                        "is_enterprise_install": install["org_wide"],
                    },
                    200,
                    {},
                )
        failure = self._pop_failure(method) or self._outage_failure(response_url=False)
        if failure is not None:
            headers = {} if failure.retry_after is None else {"Retry-After": str(failure.retry_after)}
            return {"ok": False, "error": failure.error}, failure.status, headers
        try:
            return handler(args), 200, {}
        except _ApiError as exc:
            return {"ok": False, "error": exc.error, **exc.extra}, 200, {}

    def _pop_failure(self, method: str) -> _Failure | None:
        queue = self._failures.get(method)
        return queue.popleft() if queue else None

    def _outage_failure(self, *, response_url: bool) -> _Failure | None:
        outage = self._outage
        if outage is None or (response_url and not outage.response_urls):
            return None
        if time.monotonic() >= outage.until:
            self._outage = None
            return None
        return outage.failure

    # -- response_url and uploads ---------------------------------------------------------

    def _response_url(self, key: str, body: bytes) -> tuple[int, str]:
        try:
            payload = json.loads(body or b"null")
        except ValueError:
            payload = None
        args = payload if isinstance(payload, dict) else {"raw": body.decode("utf-8", "replace")}
        with self._lock:
            status, text = self._respond(key, payload)
            self.calls.append(
                ApiCall("response_url", args, {"status": status, "body": text}, self.clock(), None, status)
            )
        return status, text

    def _respond(self, key: str, payload: Any) -> tuple[int, str]:
        entry = self._response_urls.get(key)
        if entry is None:
            return 404, "no_service"
        if (
            self.clock() - entry["issued"] > RESPONSE_URL_TTL_SECONDS
            or entry["uses"] >= RESPONSE_URL_MAX_USES
        ):
            return 404, "expired_url"
        failure = self._pop_failure("response_url") or self._outage_failure(response_url=True)
        if failure is not None:
            return failure.status, failure.error
        if not isinstance(payload, dict):
            return 400, "invalid_payload"
        channel, user, message_ts = entry["channel"], entry["user"], entry["message_ts"]
        if _truthy(payload.get("delete_original")):
            self.messages.pop((channel, message_ts or ""), None)
            entry["uses"] += 1
            self._post("delete", channel=channel, user=user, ts=message_ts)
            return 200, "ok"
        text, blocks = payload.get("text"), payload.get("blocks")
        if not text and not blocks and not payload.get("attachments"):
            return 400, "no_text"
        if isinstance(text, str) and len(text) > MAX_MESSAGE_TEXT:
            return 400, "msg_too_long"
        if blocks is not None and (not isinstance(blocks, list) or validate_blocks(blocks, "message")):
            return 400, "invalid_blocks"
        entry["uses"] += 1
        thread_ts = payload.get("thread_ts")
        if _truthy(payload.get("replace_original")):
            stored = self.messages.get((channel, message_ts or ""))
            if stored is not None:
                stored.update({"text": text or "", "blocks": blocks or []})
            self._post("update", channel=channel, user=user, text=text, blocks=blocks, ts=message_ts)
        else:
            # An ephemeral reply carries a ts in Slack too (an action on one sends it as message_ts).
            kind = "in_channel" if payload.get("response_type") == "in_channel" else "ephemeral"
            ts = self._new_ts()
            self.messages[(channel, ts)] = {
                "type": "message",
                "ts": ts,
                "text": text or "",
                "blocks": blocks or [],
            }
            self._post(kind, channel=channel, user=user, text=text, blocks=blocks, ts=ts, thread_ts=thread_ts)
        return 200, "ok"

    def _upload(self, file_id: str, body: bytes) -> tuple[int, str]:
        with self._lock:
            upload = self._uploads.get(file_id)
            status, text = (404, "not_found") if upload is None else (200, f"OK - {len(body)}")
            if upload is not None:
                upload["data"] = body
            self.calls.append(
                ApiCall(
                    "file_upload", {"file_id": file_id, "size": len(body)}, {"status": status}, self.clock()
                )
            )
        return status, text

    # -- helpers -------------------------------------------------------------------------------

    def _post(self, kind: str, **fields: Any) -> Posted:
        item = Posted(kind, **fields)
        with self._posted_more:
            self.posted.append(item)
            self._posted_more.notify_all()
        return item

    def _new_id(self, prefix: str) -> str:
        return f"{prefix}0{next(self._ids):08d}"

    def _new_ts(self) -> str:
        # Slack's ts is seconds.microseconds and unique per channel; keep ours strictly increasing.
        micros = max(int(self.clock() * 1_000_000), self._last_ts_micros + 1)
        self._last_ts_micros = micros
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    def _im_for(self, user_id: str) -> dict:
        for channel in self.channels.values():
            if channel["is_im"] and channel["user"] == user_id:
                return channel
        return self.add_channel(f"D{user_id[1:]}", user_id, is_im=True, user=user_id)

    def _channel(self, ref: Any) -> dict:
        """Resolve a channel argument (id, #name, or a user id for the app's DM)."""
        if not ref or not isinstance(ref, str):
            raise _ApiError("channel_not_found")
        if ref[0] in "UW":
            if ref not in self.users:
                raise _ApiError("channel_not_found")
            return self._im_for(ref)
        channel = self.channels.get(ref)
        if channel is None:
            name = ref.lstrip("#")
            channel = next((c for c in self.channels.values() if c["name"] == name and not c["is_im"]), None)
        if channel is None:
            raise _ApiError("channel_not_found")
        return channel

    def _writable_channel(self, ref: Any) -> dict:
        channel = self._channel(ref)
        if channel.get("is_archived"):
            raise _ApiError("is_archived")
        if not channel["is_member"]:
            # A private channel the bot is not in is invisible to it.
            raise _ApiError("channel_not_found" if channel["is_private"] else "not_in_channel")
        return channel

    def _content(self, args: dict) -> tuple[str | None, list | None]:
        text, blocks = args.get("text"), args.get("blocks")
        if blocks is not None and not isinstance(blocks, list):
            raise _ApiError("invalid_blocks_format")
        if isinstance(args.get("attachments"), str):
            raise _ApiError("invalid_attachments")
        if not text and not blocks and not args.get("attachments") and not args.get("markdown_text"):
            raise _ApiError("no_text")
        if text is not None:
            text = str(text)
            if len(text) > MAX_MESSAGE_TEXT:
                raise _ApiError("msg_too_long")
        if blocks:
            errors = validate_blocks(blocks, "message")
            if errors:
                raise _ApiError(
                    "invalid_blocks",
                    errors=errors,
                    response_metadata={"messages": [f"[ERROR] {e}" for e in errors]},
                )
        return text, blocks

    def _message(self, channel: str, ts: str, text: str | None, blocks: list | None, args: dict) -> dict:
        message = {
            "type": "message",
            "user": self.bot_user_id,
            "bot_id": self.bot_id,
            "app_id": self.app_id,
            "team": self.team_id,
            "text": text or "",
            "ts": ts,
            "blocks": blocks or [],
        }
        if args.get("attachments"):
            message["attachments"] = args["attachments"]
        if args.get("thread_ts"):
            message["thread_ts"] = args["thread_ts"]
        self.messages[(channel, ts)] = message
        return message

    def _user_arg(self, args: dict, key: str = "user") -> FakeUser:
        user_id = args.get(key)
        if not user_id:
            raise _missing(key)
        user = self.users.get(user_id)
        if user is None:
            raise _ApiError("user_not_found")
        return user

    def _user_json(self, user: FakeUser, *, include_locale: bool) -> dict:
        data: dict[str, Any] = {
            "id": user.id,
            "team_id": user.team_id or self.team_id,
            "name": user.name,
            "deleted": user.deleted,
            "real_name": user.real_name,
            "tz": user.tz,
            "tz_label": dt.datetime.fromtimestamp(self.clock(), ZoneInfo(user.tz)).tzname(),
            "tz_offset": _tz_offset(user.tz, self.clock()),
            "profile": {
                "real_name": user.real_name,
                "real_name_normalized": user.real_name,
                "display_name": user.display_name,
                "display_name_normalized": user.display_name,
                "team": user.team_id or self.team_id,
                **({"email": user.email} if user.email else {}),
                **({"bot_id": self.bot_id} if user.id == self.bot_user_id else {}),
            },
            "is_admin": user.is_admin,
            "is_owner": user.is_owner,
            "is_primary_owner": False,
            "is_restricted": False,
            "is_ultra_restricted": False,
            "is_bot": user.is_bot,
            "is_app_user": False,
            "updated": int(self.clock()),
        }
        if include_locale:
            data["locale"] = user.locale
        return data

    def _channel_json(self, channel: dict) -> dict:
        if channel["is_im"]:
            return {
                "id": channel["id"],
                "created": channel["created"],
                "is_im": True,
                "is_org_shared": False,
                "user": channel["user"],
                "is_user_deleted": bool(
                    channel["user"] in self.users and self.users[channel["user"]].deleted
                ),
            }
        return {
            "id": channel["id"],
            "name": channel["name"],
            "name_normalized": channel["name"],
            "is_channel": not channel["is_private"],
            "is_group": channel["is_private"] and not channel["is_mpim"],
            "is_im": False,
            "is_mpim": channel["is_mpim"],
            "is_private": channel["is_private"],
            "is_archived": channel["is_archived"],
            "is_general": False,
            "is_member": channel["is_member"],
            "created": channel["created"],
        }

    # -- methods: identity and conversations -------------------------------------------------

    def _oauth_v2_access(self, args: dict, authorization: str) -> dict:
        """Slack's answer to exchanging an authorization code for a bot token (oauth.v2.access),
        or, with token rotation on, a refresh token for a new bot token (``grant_type=refresh_token``)."""
        client_id, client_secret = args.get("client_id"), args.get("client_secret")
        if authorization.startswith("Basic "):
            client_id, _, client_secret = base64.b64decode(authorization[6:]).decode().partition(":")
        if self.oauth_client is None or (client_id, client_secret) != self.oauth_client:
            return {
                "ok": False,
                "error": "invalid_client_id"
                if client_id != (self.oauth_client or ("",))[0]
                else "bad_client_secret",
            }
        if args.get("grant_type") == "refresh_token":
            return self._refresh(args)
        grant = self._codes.pop(args.get("code") or "", None)
        if grant is None:
            return {"ok": False, "error": "invalid_code"}
        enterprise = {"id": grant["enterprise_id"], "name": "Enterprise"} if grant["enterprise_id"] else None
        return {
            **self._issue(grant, scope=args.get("scope") or "commands,chat:write,users:read"),
            "authed_user": {"id": grant["user_id"]},
            "enterprise": enterprise,
        }

    def _issue(self, grant: dict, *, scope: str) -> dict:
        """A new bot token for ``grant``'s team, with a refresh token when rotation is on."""
        owner = grant["team_id"] or grant["enterprise_id"]
        answer: dict[str, Any] = {"ok": True}
        if self.token_rotation:
            # Rotating bot tokens are xoxe.xoxb-…, their refresh tokens xoxe-….
            token = f"xoxe.xoxb-1-{owner}-{secrets.token_hex(12)}"
            refresh = f"xoxe-1-{secrets.token_hex(16)}"
            self._refresh_tokens[refresh] = token
            self.installed[token] = {
                **grant,
                "scope": scope,
                "expires_at": self.clock() + self.token_seconds,
            }
            answer.update(refresh_token=refresh, expires_in=self.token_seconds)
        else:
            token = f"xoxb-{owner}-{secrets.token_hex(12)}"
            self.installed[token] = {**grant, "scope": scope}
        return {
            **answer,
            "access_token": token,
            "token_type": "bot",
            "scope": scope,
            "bot_user_id": self.bot_user_id,
            "app_id": self.app_id,
            "team": {"id": grant["team_id"], "name": grant["team_name"]} if grant["team_id"] else None,
            "enterprise": {"id": grant["enterprise_id"]} if grant["enterprise_id"] else None,
            "is_enterprise_install": grant["org_wide"],
        }

    def _refresh(self, args: dict) -> dict:
        """A refresh token for a new bot token and a new refresh token. Each refresh token works
        once. The bot token it renews stops working at once (``invalid_auth``): stricter than
        Slack, which may let it live out its 12 hours, so a caller still holding it is caught."""
        renews = self._refresh_tokens.pop(args.get("refresh_token") or "", None)
        if renews is None:
            return {"ok": False, "error": "invalid_refresh_token"}
        old = self.installed[renews]
        if old.get("revoked"):
            return {"ok": False, "error": "invalid_refresh_token"}
        old["replaced"] = True
        grant = {k: v for k, v in old.items() if k not in ("expires_at", "replaced", "scope")}
        return self._issue(grant, scope=old["scope"])

    def _auth_test(self, args: dict) -> dict:
        return {
            "ok": True,
            "url": "https://local-workspace.slack.com/",
            "team": self.team_name,
            "user": self.users[self.bot_user_id].name,
            "team_id": self.team_id,
            "user_id": self.bot_user_id,
            "bot_id": self.bot_id,
            "is_enterprise_install": False,
        }

    def _users_info(self, args: dict) -> dict:
        user = self._user_arg(args)
        return {"ok": True, "user": self._user_json(user, include_locale=_truthy(args.get("include_locale")))}

    def _users_list(self, args: dict) -> dict:
        members = sorted(self.users.values(), key=lambda u: u.id)
        start = int(base64.b64decode(args["cursor"]).decode()) if args.get("cursor") else 0
        limit = int(args.get("limit") or 0) or len(members)
        page = members[start : start + limit]
        after = start + len(page)
        next_cursor = base64.b64encode(str(after).encode()).decode() if after < len(members) else ""
        include_locale = _truthy(args.get("include_locale"))
        return {
            "ok": True,
            "members": [self._user_json(u, include_locale=include_locale) for u in page],
            "cache_ts": int(self.clock()),
            "response_metadata": {"next_cursor": next_cursor},
        }

    def _users_lookup_by_email(self, args: dict) -> dict:
        email = str(args.get("email") or "").strip().casefold()
        if not email:
            raise _missing("email")
        user = next(
            (u for u in self.users.values() if (u.email or "").casefold() == email and not u.deleted), None
        )
        if user is None:
            raise _ApiError("users_not_found")
        return {"ok": True, "user": self._user_json(user, include_locale=False)}

    def _conversations_open(self, args: dict) -> dict:
        if args.get("channel"):
            channel = self._channel(args["channel"])
        else:
            user_ids = [u for u in str(args.get("users") or "").split(",") if u]
            if not user_ids:
                raise _ApiError("users_list_not_supplied")
            for user_id in user_ids:
                if user_id not in self.users:
                    raise _ApiError("user_not_found")
                if self.users[user_id].deleted:
                    raise _ApiError("user_disabled")
            if len(user_ids) == 1:
                channel = self._im_for(user_ids[0])
            else:
                channel_id = self._new_id("G")
                channel = self.add_channel(channel_id, "mpdm-" + "--".join(user_ids), is_private=True)
                channel["is_mpim"] = True
        body = self._channel_json(channel) if _truthy(args.get("return_im")) else {"id": channel["id"]}
        return {"ok": True, "channel": body}

    def _conversations_info(self, args: dict) -> dict:
        channel = self._channel(args.get("channel"))
        if channel["is_private"] and not channel["is_member"]:
            raise _ApiError("channel_not_found")
        return {"ok": True, "channel": self._channel_json(channel)}

    def _usergroups_users_list(self, args: dict) -> dict:
        group = self.usergroups.get(args.get("usergroup") or "")
        if group is None:
            raise _ApiError("no_such_subteam")
        return {"ok": True, "users": list(group["users"])}

    # -- methods: messages ------------------------------------------------------------------------

    def _chat_post_message(self, args: dict) -> dict:
        channel = self._writable_channel(args.get("channel"))
        text, blocks = self._content(args)
        ts = self._new_ts()
        message = self._message(channel["id"], ts, text, blocks, args)
        self._post(
            "dm" if channel["is_im"] else "message",
            channel=channel["id"],
            user=channel["user"],
            text=text,
            blocks=blocks,
            ts=ts,
            thread_ts=args.get("thread_ts"),
        )
        return {"ok": True, "channel": channel["id"], "ts": ts, "message": message}

    def _chat_post_ephemeral(self, args: dict) -> dict:
        user = self._user_arg(args)
        channel = self._writable_channel(args.get("channel"))
        text, blocks = self._content(args)
        ts = self._new_ts()
        self._post(
            "ephemeral",
            channel=channel["id"],
            user=user.id,
            text=text,
            blocks=blocks,
            ts=ts,
            thread_ts=args.get("thread_ts"),
        )
        return {"ok": True, "message_ts": ts}

    def _chat_update(self, args: dict) -> dict:
        channel = self._channel(args.get("channel"))
        ts = str(args.get("ts") or "")
        message = self.messages.get((channel["id"], ts))
        if message is None:
            raise _ApiError("message_not_found")
        text, blocks = self._content(args)
        message["text"] = text or ""
        if blocks is not None:
            message["blocks"] = blocks
        if args.get("attachments") is not None:
            message["attachments"] = args["attachments"]
        self._post("update", channel=channel["id"], user=channel["user"], text=text, blocks=blocks, ts=ts)
        return {
            "ok": True,
            "channel": channel["id"],
            "ts": ts,
            "text": message["text"],
            "message": dict(message),
        }

    def _chat_get_permalink(self, args: dict) -> dict:
        if not args.get("channel"):
            raise _missing("channel")
        if not args.get("message_ts"):
            raise _missing("message_ts")
        channel = self._channel(args["channel"])
        ts = str(args["message_ts"])
        if (channel["id"], ts) not in self.messages:
            raise _ApiError("message_not_found")
        return {
            "ok": True,
            "channel": channel["id"],
            "permalink": f"https://local-workspace.slack.com/archives/{channel['id']}/p{ts.replace('.', '')}",
        }

    def _team_info(self, args: dict) -> dict:
        team_id = args.get("team") or self.team_id
        if team_id == self.team_id:
            name, domain = self.team_name, "local-workspace"
        elif team_id in self.teams:
            name, domain = self.teams[team_id], self.teams[team_id].casefold().replace(" ", "-")
        else:
            raise _ApiError("team_not_found")
        return {
            "ok": True,
            "team": {"id": team_id, "name": name, "domain": domain, "icon": {"image_default": True}},
        }

    def _chat_delete(self, args: dict) -> dict:
        channel = self._channel(args.get("channel"))
        ts = str(args.get("ts") or "")
        if self.messages.pop((channel["id"], ts), None) is None:
            raise _ApiError("message_not_found")
        self._post("delete", channel=channel["id"], user=channel["user"], ts=ts)
        return {"ok": True, "channel": channel["id"], "ts": ts}

    def _reactions_add(self, args: dict) -> dict:
        if not args.get("channel") or not args.get("timestamp"):
            raise _ApiError("no_item_specified")
        name = str(args.get("name") or "").strip(":")
        if not name:
            raise _ApiError("invalid_name")
        channel = self._channel(args["channel"])
        message = self.messages.get((channel["id"], str(args["timestamp"])))
        if message is None:
            raise _ApiError("message_not_found")
        reactions = message.setdefault("reactions", [])
        reaction = next((r for r in reactions if r["name"] == name), None)
        if reaction is None:
            reaction = {"name": name, "users": [], "count": 0}
            reactions.append(reaction)
        if self.bot_user_id in reaction["users"]:
            raise _ApiError("already_reacted")
        reaction["users"].append(self.bot_user_id)
        reaction["count"] += 1
        return {"ok": True}

    # -- methods: views ------------------------------------------------------------------------------

    def _view_arg(self, args: dict, kind: str | None = None) -> dict:
        """The ``view`` argument, checked as Slack checks it; ``kind`` is the type the method takes."""
        view = args.get("view")
        if view is None:
            raise _missing("view")
        if len(json.dumps(view)) > MAX_VIEW_BYTES:
            raise _ApiError("view_too_large")
        errors = validate_view(view)
        if errors:
            messages = ["[ERROR] failed to match all allowed schemas [json-pointer:/view]"]
            raise _ApiError(
                "invalid_arguments",
                response_metadata={"messages": messages + [f"[ERROR] {e}" for e in errors]},
            )
        if kind is not None and view["type"] != kind:
            raise _ApiError(
                "invalid_arguments",
                response_metadata={"messages": [f"[ERROR] must be {kind} [json-pointer:/view/type]"]},
            )
        return view

    def _take_trigger(self, args: dict) -> tuple[str, str]:
        """Check a trigger_id (or interactivity_pointer); return it with its user."""
        trigger_id = args.get("trigger_id") or args.get("interactivity_pointer")
        if not trigger_id:
            raise _missing("trigger_id")
        trigger = self._triggers.get(str(trigger_id))
        if trigger is None:
            raise _ApiError("invalid_trigger_id")
        if trigger["used"]:
            raise _ApiError("exchanged_trigger_id")
        if self.clock() - trigger["issued"] > TRIGGER_TTL_SECONDS:
            raise _ApiError("expired_trigger_id")
        return str(trigger_id), trigger["user"]

    def _check_external_id(self, view: dict, keep: str | None = None) -> None:
        external_id = view.get("external_id")
        if external_id and any(
            v.get("external_id") == external_id and k != keep for k, v in self.views.items()
        ):
            raise _ApiError("duplicate_external_id")

    def _store_view(
        self, view_id: str, view: dict, user_id: str, *, root: str, previous: str | None, state: dict
    ) -> dict:
        stored = {
            "id": view_id,
            "team_id": self._calling_team,
            "type": view["type"],
            "title": view.get("title"),
            "submit": view.get("submit"),
            "close": view.get("close"),
            "blocks": view.get("blocks", []),
            "private_metadata": view.get("private_metadata", ""),
            "callback_id": view.get("callback_id", ""),
            "external_id": view.get("external_id", ""),
            "state": state,
            "hash": f"{int(self.clock())}.{secrets.token_hex(4)}",
            "clear_on_close": bool(view.get("clear_on_close", False)),
            "notify_on_close": bool(view.get("notify_on_close", False)),
            "submit_disabled": bool(view.get("submit_disabled", False)),
            "root_view_id": root,
            "previous_view_id": previous,
            "app_id": self.app_id,
            "app_installed_team_id": self._calling_team,
            "bot_id": self.bot_id,
        }
        self.views[view_id] = stored
        self._view_users[view_id] = user_id
        return stored

    def _push(self, user_id: str, view: dict, *, posted_as: str = "modal_push") -> dict:
        """``view`` on top of the user's stack of modals (the first of a new stack when there is none)."""
        stack = self._stacks.setdefault(user_id, [])
        view_id = self._new_id("V")
        stored = self._store_view(
            view_id,
            view,
            user_id,
            root=stack[0] if stack else view_id,
            previous=stack[-1] if stack else None,
            state={"values": {}},
        )
        stack.append(view_id)
        self._post(posted_as, user=user_id, view=stored, view_id=view_id)
        return stored

    def _replace(self, current: dict, view: dict, values: dict) -> dict:
        """``view`` in the place of ``current``: the same id, stack and user; ``values`` its state."""
        return self._store_view(
            current["id"],
            view,
            self._view_users[current["id"]],
            root=current["root_view_id"],
            previous=current["previous_view_id"],
            state={"values": values},
        )

    def _views_open(self, args: dict) -> dict:
        trigger_id, user_id = self._take_trigger(args)
        view = self._view_arg(args, "modal")
        self._check_external_id(view)
        self._triggers[trigger_id]["used"] = True
        for old in self._stacks.pop(user_id, []):
            self.views.pop(old, None)
            self._view_users.pop(old, None)
        return {"ok": True, "view": self._push(user_id, view, posted_as="modal_open")}

    def _views_push(self, args: dict) -> dict:
        trigger_id, user_id = self._take_trigger(args)
        view = self._view_arg(args, "modal")
        stack = self._stacks.setdefault(user_id, [])
        if len(stack) >= MAX_VIEW_STACK:
            raise _ApiError("push_limit_reached")
        self._check_external_id(view)
        self._triggers[trigger_id]["used"] = True
        return {"ok": True, "view": self._push(user_id, view)}

    def _views_update(self, args: dict) -> dict:
        view_id = args.get("view_id")
        if not view_id and args.get("external_id"):
            view_id = next(
                (k for k, v in self.views.items() if v.get("external_id") == args["external_id"]), None
            )
        if not view_id and not args.get("external_id"):
            raise _missing("view_id")
        current = self.views.get(view_id or "")
        if current is None:
            raise _ApiError("not_found")
        if args.get("hash") and args["hash"] != current["hash"]:
            raise _ApiError("hash_conflict")
        view = self._view_arg(args)
        self._check_external_id(view, keep=current["id"])
        # Slack keeps what the user typed into inputs that are still there.
        kept = {b.get("block_id") for b in view.get("blocks", []) if isinstance(b, dict)}
        values = {k: v for k, v in current["state"]["values"].items() if k in kept}
        stored = self._replace(current, view, values)
        kind = "home" if stored["type"] == "home" else "modal_update"
        self._post(kind, user=self._view_users[stored["id"]], view=stored, view_id=stored["id"])
        return {"ok": True, "view": stored}

    def _views_publish(self, args: dict) -> dict:
        user = self._user_arg(args, "user_id")
        view = self._view_arg(args, "home")
        view_id = self._homes.get(user.id)
        if view_id and args.get("hash") and args["hash"] != self.views[view_id]["hash"]:
            raise _ApiError("hash_conflict")
        view_id = view_id or self._new_id("V")
        stored = self._store_view(view_id, view, user.id, root=view_id, previous=None, state={"values": {}})
        self._homes[user.id] = view_id
        self._post("home", user=user.id, view=stored, view_id=view_id)
        return {"ok": True, "view": stored}

    # -- methods: files ------------------------------------------------------------------------------

    def add_file(self, user_id: str, name: str, data: bytes, *, filetype: str | None = None) -> dict:
        """A file ``user_id`` shared (through a form's file input, say): Slack's file object, as a
        view submission's state carries it. Its ``url_private`` is served only with the bot token."""
        with self._lock:
            file_id = self._new_id("F")
            kind = filetype or (name.rsplit(".", 1)[-1].lower() if "." in name else "binary")
            private = f"{self.base_url}/files-pri/{self.team_id}-{file_id}"
            info = {
                "id": file_id,
                "created": int(self.clock()),
                "timestamp": int(self.clock()),
                "name": name,
                "title": name,
                "mimetype": _MIMETYPES.get(kind, "application/octet-stream"),
                "filetype": kind,
                "pretty_type": kind.upper(),
                "user": user_id,
                "user_team": self.team_id,
                "size": len(data),
                "mode": "hosted",
                "is_external": False,
                "is_public": False,
                "url_private": f"{private}/{quote(name)}",
                "url_private_download": f"{private}/download/{quote(name)}",
                "permalink": f"https://local-workspace.slack.com/files/{user_id}/{file_id}/{quote(name)}",
            }
            self.files[file_id] = {"info": info, "data": data}
            return dict(info)

    def _download(self, path: str, headers: Message) -> HttpReply:
        """A private file, as Slack serves it: the bytes with a bot token, else a sign-in page."""
        auth = headers.get("Authorization") or ""
        file_id = path[len("/files-pri/") :].split("/")[0].split("-", 1)[-1]
        with self._lock:
            stored = self.files.get(file_id)
            self.calls.append(
                ApiCall("file_download", {"file_id": file_id}, {}, self.clock(), auth[7:] or None, 200)
            )
        if auth != f"Bearer {self.bot_token}":
            # Slack answers an unauthenticated download with its sign-in page, not an error.
            return HttpReply(200, "text/html", b"<!DOCTYPE html><html><body>Sign in to Slack</body></html>")
        if stored is None:
            return HttpReply(404, "text/plain", b"file_not_found")
        return HttpReply(200, stored["info"]["mimetype"], stored["data"])

    def _files_get_upload_url(self, args: dict) -> dict:
        if not args.get("filename"):
            raise _missing("filename")
        if not str(args.get("length") or "").isdigit():
            raise _missing("length")
        file_id = self._new_id("F")
        self._uploads[file_id] = {
            "id": file_id,
            "name": args["filename"],
            "length": int(args["length"]),
            "alt_txt": args.get("alt_txt"),
            "data": None,
        }
        return {"ok": True, "upload_url": f"{self.base_url}/upload/v1/{file_id}", "file_id": file_id}

    def _files_complete_upload(self, args: dict) -> dict:
        files = args.get("files")
        if not isinstance(files, list) or not files:
            raise _missing("files")
        uploads = []
        for item in files:
            upload = self._uploads.get(item.get("id", "")) if isinstance(item, dict) else None
            if upload is None or upload["data"] is None:
                raise _ApiError("file_not_found")
            uploads.append((upload, item.get("title") or upload["name"]))
        targets = [c for c in str(args.get("channels") or "").split(",") if c]
        if args.get("channel_id"):
            targets.insert(0, args["channel_id"])
        channels = [self._writable_channel(ref) for ref in targets]
        comment = args.get("initial_comment")
        result = []
        for upload, title in uploads:
            info = {
                "id": upload["id"],
                "created": int(self.clock()),
                "timestamp": int(self.clock()),
                "name": upload["name"],
                "title": title,
                "user": self.bot_user_id,
                "size": len(upload["data"]),
                "is_external": False,
                "permalink": f"https://local-workspace.slack.com/files/{self.bot_user_id}/{upload['id']}",
            }
            result.append(info)
            record = {**info, "data": upload["data"]}
            for channel in channels or [None]:
                self._post(
                    "file",
                    channel=channel["id"] if channel else None,
                    user=channel["user"] if channel else None,
                    text=comment,
                    thread_ts=args.get("thread_ts"),
                    file=record,
                )
            del self._uploads[upload["id"]]
        return {"ok": True, "files": result}


_MIMETYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xlsm": "application/vnd.ms-excel.sheet.macroEnabled.12",
    "xls": "application/vnd.ms-excel",
    "csv": "text/csv",
    "pdf": "application/pdf",
}


def _parse_body(content_type: str, body: bytes) -> dict:
    if not body:
        return {}
    if content_type.startswith("application/json"):
        try:
            parsed = json.loads(body)
        except ValueError:
            raise _ApiError("invalid_json") from None
        if not isinstance(parsed, dict):
            raise _ApiError("invalid_json")
        return parsed
    try:
        return dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=True))
    except (UnicodeDecodeError, ValueError):
        raise _ApiError("invalid_form_data") from None
