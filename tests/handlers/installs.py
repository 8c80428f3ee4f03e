"""Installing salesbot into workspaces as an admin does (Add to Slack, allow, back), and a wall
clock that moves token expiry for slack_sdk and the fake Slack alike."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from html import unescape

from slack_sdk.oauth.installation_store.models import bot as bot_model
from slack_sdk.oauth.installation_store.models import installation as installation_model
from slack_sdk.oauth.token_rotation import rotator as rotator_module

import storage.installations
from localslack.workspace import LocalWorkspace

CLIENT = ("1234.5678", "client-secret-" + "x" * 8)
AUTHORIZE_URL = re.compile(r'href="(https://slack.com/oauth[^"]+)"')


def install(ws: LocalWorkspace, team_id: str, name: str, **grant) -> None:
    """An admin of ``team_id`` presses Add to Slack, allows the app, and comes back."""
    page = ws.get("/slack/install")
    assert page.status == 200 and "Add to Slack" in page.text
    authorize_url = unescape(AUTHORIZE_URL.search(page.text).group(1))
    assert "client_id=1234.5678" in authorize_url and "scope=commands,chat:write," in authorize_url
    state = re.search(r"state=([^&]+)", authorize_url).group(1)
    cookie = page.headers["set-cookie"].split(";")[0]
    code = ws.fake.authorize(team_id, name, **grant)
    back = ws.get(f"/slack/oauth_redirect?code={code}&state={state}", headers={"Cookie": cookie})
    assert back.status == 200, back.text


class WallClock:
    """Unix time, moved forward on demand: what decides a rotating token's expiry, both for
    slack_sdk (when it is due, when a renewed one expires) and for the fake Slack."""

    # Every module that reads the wall clock for token expiry (each imported ``time`` by name).
    READERS = (rotator_module, bot_model, installation_model, storage.installations)

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.time() + self.offset

    def advance(self, **delta: float) -> None:
        self.offset += timedelta(**delta).total_seconds()

    def install_into(self, monkeypatch) -> WallClock:
        for module in self.READERS:
            monkeypatch.setattr(module, "time", self)
        return self
