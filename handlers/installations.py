"""A workspace uninstalling salesbot: Slack's ``app_uninstalled`` and ``tokens_revoked`` events.

Its tokens are deleted at once (nothing may use them again), and the workspace is marked
uninstalled; its data stays for SALESBOT_UNINSTALL_GRACE_DAYS so a reinstall finds it, then the
scheduler deletes it (``handlers/scheduler/runner.py``, ``storage/installations.py``). Installing
is Bolt's OAuth flow (``handlers/app.py: _oauth_flow``).
"""

from __future__ import annotations

import logging

from slack_bolt import App, BoltContext

from storage.installations import delete_tokens, mark_uninstalled

logger = logging.getLogger(__name__)


def register(app: App) -> None:
    app.event("app_uninstalled")(app_uninstalled)
    app.event("tokens_revoked")(tokens_revoked)


def app_uninstalled(body: dict, context: BoltContext) -> None:
    _uninstalled(body, context, why="app_uninstalled")


def tokens_revoked(event: dict, body: dict, context: BoltContext) -> None:
    # salesbot asks for no user tokens; only the bot's being revoked ends the installation.
    if (event.get("tokens") or {}).get("bot"):
        _uninstalled(body, context, why="tokens_revoked")


def _uninstalled(body: dict, context: BoltContext, *, why: str) -> None:
    services = context["services"]
    authorization = (body.get("authorizations") or [{}])[0]
    org_wide = bool(authorization.get("is_enterprise_install") or body.get("is_enterprise_install"))
    enterprise_id = context.enterprise_id or body.get("enterprise_id")
    team_id = None if org_wide else (context.team_id or body.get("team_id"))
    if services.installations is not None:
        delete_tokens(services.engine, team_id=team_id, enterprise_id=enterprise_id)
    marked = mark_uninstalled(
        services.engine, team_id=team_id, enterprise_id=enterprise_id, at=services.clock.now()
    )
    logger.info(
        "%s: tokens of %s deleted, %s workspace(s) marked for deletion in %s days",
        why,
        team_id or f"enterprise {enterprise_id}",
        marked,
        services.settings.uninstall_grace_days,
    )
