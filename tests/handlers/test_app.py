"""The Bolt app and its WSGI wrapper (handlers/app.py): Slack's signatures, the health check."""

from __future__ import annotations

import time

from handlers.app import create_app, create_wsgi_app
from handlers.runtime import Services
from salesbot.config import Settings
from storage.db import make_engine
from storage.models import Team
from tests.helpers import rows


def test_healthz_is_503_when_the_database_is_down():
    engine = make_engine("postgresql://nobody@127.0.0.1:1/none")
    settings = Settings(bot_token="xoxb-1", signing_secret="s", api_url="http://127.0.0.1:1/api/")
    app = create_app(settings, engine)
    statuses = []
    body = b"".join(
        create_wsgi_app(app, Services(settings=settings, engine=engine))(
            {"PATH_INFO": "/healthz", "REQUEST_METHOD": "GET"},
            lambda status, headers: statuses.append(status),
        )
    )
    assert statuses == ["503 Service Unavailable"] and b'"database": "down"' in body


def test_bad_or_stale_signatures_are_refused(slack, db):
    body = "command=%2Fsales&text=team+create+Hack&team_id=T0LOCAL&user_id=U0OWNER"
    assert slack.post(body, "application/x-www-form-urlencoded", signature="v0=" + "0" * 64).status == 401
    stale = int(time.time()) - 60 * 10
    assert slack.post(body, "application/x-www-form-urlencoded", timestamp=stale).status == 401
    assert rows(db, Team) == []


def test_healthz(slack):
    result = slack.get("/healthz")
    assert result.status == 200 and result.json() == {"ok": True, "database": "up"}
