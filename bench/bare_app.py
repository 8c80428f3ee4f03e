"""A bare Bolt app that only acks, served exactly as salesbot is: the floor the load test
measures salesbot's acknowledgements against.

The same gunicorn set-up as ``python bot.py http`` (``handlers.server.GunicornServer``: the
threaded worker with read timeouts, the same threads, WEB_CONCURRENCY workers, PORT), with a Bolt
``App`` that checks the signature and acks every slash command, action, view, event, options
request and shortcut, and does nothing else. Its authorization is a constant, so the floor has
no database and no Web API call in it.

    PORT=3100 WEB_CONCURRENCY=2 SLACK_SIGNING_SECRET=… python bench/bare_app.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from slack_bolt import App  # noqa: E402
from slack_bolt.adapter.wsgi import SlackRequestHandler  # noqa: E402
from slack_bolt.authorization import AuthorizeResult  # noqa: E402

from handlers.server import GunicornServer  # noqa: E402
from salesbot.config import Settings  # noqa: E402

EVERYTHING = re.compile(".*")


def bare_app(signing_secret: str) -> App:
    app = App(
        signing_secret=signing_secret,
        token_verification_enabled=False,
        # As salesbot's: the ack in the request's own thread (handlers/app.py).
        process_before_response=True,
        authorize=lambda enterprise_id, team_id, user_id: AuthorizeResult(
            enterprise_id=enterprise_id,
            team_id=team_id,
            bot_token="xoxb-bare",
            bot_id="B0BARE",
            bot_user_id="U0BARE",
        ),
    )

    def ack_only(ack) -> None:
        ack()

    for register in (app.command, app.action, app.view, app.options, app.shortcut):
        register(EVERYTHING)(ack_only)
    app.event(EVERYTHING)(lambda: None)  # Bolt acks events itself
    return app


class BareServer(GunicornServer):
    def load(self):
        return SlackRequestHandler(bare_app(self.settings.signing_secret or ""))


def main() -> int:
    BareServer(Settings.from_env()).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
