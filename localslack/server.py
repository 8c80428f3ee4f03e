"""The loopback HTTP server the fake Slack listens on: 127.0.0.1, a free port, a thread of its own.

It knows HTTP only: every GET and POST is handed to one ``respond`` callable, whose ``HttpReply`` is
written back. Standard library only.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

_log = logging.getLogger(__name__)


@dataclass
class HttpReply:
    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


# (HTTP method, path with its query string, request headers, raw body) -> what to answer.
HttpHandler = Callable[[str, str, Message, bytes], HttpReply]


class LoopbackServer:
    """Serves ``respond`` on 127.0.0.1 at a free port until :meth:`stop`."""

    def __init__(self, respond: HttpHandler, *, name: str = "fake-slack") -> None:
        self.respond = respond
        self.name = name
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> LoopbackServer:
        owner = self

        class Handler(_Handler):
            server_owner = owner

        self._server = _Server(("127.0.0.1", 0), Handler)
        # A short poll interval keeps stop() (and so each test's teardown) fast.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, name=self.name, daemon=True
        )
        self._thread.start()
        _log.debug("%s listening on %s", self.name, self.url)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError(f"{self.name} is not started")
        return f"http://127.0.0.1:{self._server.server_address[1]}"


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's default backlog is 5: many clients connecting at once (a load test) would
    # see refused SYNs and wait a second to retry.
    request_queue_size = 128


class _Handler(BaseHTTPRequestHandler):
    server_owner: LoopbackServer

    def do_POST(self) -> None:
        self._answer()

    def do_GET(self) -> None:
        self._answer()

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        reply = self.server_owner.respond(self.command, self.path, self.headers, body)
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(reply.body)

    def log_message(self, format: str, *args: Any) -> None:
        # The path only: a query string could carry a token.
        _log.debug("%s %s %s", self.server_owner.name, self.command, urlsplit(self.path).path)
