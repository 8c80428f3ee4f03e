"""The Bolt app and its WSGI wrapper (handlers/app.py): signatures, the health check, Enterprise Grid."""

from __future__ import annotations

from handlers.app import create_app, create_wsgi_app
from salesbot.config import Settings
from storage.db import make_engine


def test_healthz_is_503_when_the_database_is_down():
    engine = make_engine("postgresql://nobody@127.0.0.1:1/none")
    app = create_app(
        Settings(bot_token="xoxb-1", signing_secret="s", api_url="http://127.0.0.1:1/api/"), engine
    )
    statuses = []
    body = b"".join(
        create_wsgi_app(app, engine)(
            {"PATH_INFO": "/healthz", "REQUEST_METHOD": "GET"},
            lambda status, headers: statuses.append(status),
        )
    )
    assert statuses == ["503 Service Unavailable"] and b'"database": "down"' in body
