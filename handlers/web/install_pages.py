"""The pages a Slack admin sees installing salesbot, in the language their browser asks for
(``Accept-Language``: English or Norwegian), in the feedback page's styles.

- ``GET /slack/install``: what salesbot is, and the Add to Slack button. The button's URL and its
  one-time state (and the state's cookie) are Bolt's; only the page is salesbot's
  (``InstallFlow.build_install_page_html``).
- ``GET /slack/oauth_redirect``: Bolt checks the state and exchanges the code, then calls
  ``installed`` or ``not_installed`` (Bolt's ``CallbackOptions``), which say what to do next:
  open Slack, choose the workspaces of an org-wide install, or try again (and when to ask an admin).

Served like the feedback page: no script, the one stylesheet, never framed (``PAGE_HEADERS``).
"""

from __future__ import annotations

import logging
from html import escape

from slack_bolt.oauth import OAuthFlow
from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.oauth.installation_store.models.installation import Installation

from handlers.web.html import PAGE_HEADERS, page
from salesbot.i18n import accepted_language, t

logger = logging.getLogger(__name__)

# How long an install's state lasts (the store's row, the browser's cookie): Add to Slack, then
# allowing salesbot on Slack's page, must be done within it.
STATE_SECONDS = 600
# Failures the installer can put right by starting again: they said no on Slack's page, or the
# state (valid 10 minutes, in the browser it was issued to) is gone.
_CANCELLED = frozenset({"access_denied"})
_EXPIRED = frozenset({"invalid_browser", "invalid_state"})
# From /slack/oauth_redirect, the install page beside it (relative: a path prefix still works).
_INSTALL_HREF = "install"


class InstallFlow(OAuthFlow):
    """Bolt's OAuth flow, its install page salesbot's own."""

    def build_install_page_html(self, url: str, request: BoltRequest) -> str:
        return install_page(request_language(request), url).decode()

    def handle_installation(self, request: BoltRequest) -> BoltResponse:
        return _with_page_headers(super().handle_installation(request))


def callback_options() -> CallbackOptions:
    return CallbackOptions(success=installed, failure=not_installed)


def request_language(request: BoltRequest) -> str:
    return accepted_language((request.headers.get("accept-language") or [""])[0])


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _button(href: str, label: str) -> str:
    return f'<p><a class="button" href="{_e(href)}">{_e(label)}</a></p>'


def install_page(lang: str, authorize_url: str) -> bytes:
    title = t(lang, "install_page.title")
    return page(
        lang,
        title=title,
        body="\n".join(
            [
                f"<h1>{_e(title)}</h1>",
                f"<p>{_e(t(lang, 'install_page.what'))}</p>",
                _button(authorize_url, t(lang, "install_page.add_to_slack")),
                f'<p class="about">{_e(t(lang, "install_page.how"))}</p>',
            ]
        ),
    )


def installed_page(lang: str, installation: Installation) -> bytes:
    if installation.is_enterprise_install:
        # An org-wide install reaches no workspace until an org admin adds it to some.
        name = installation.enterprise_name or installation.enterprise_id or ""
        title = t(lang, "install_page.installed_org.title", organization=name)
        if installation.enterprise_url and installation.app_id:
            href = (
                f"{installation.enterprise_url}manage/organization/apps/profile/"
                f"{installation.app_id}/workspaces/add"
            )
        else:
            href = "slack://open"
        parts = [
            f"<h1>{_e(title)}</h1>",
            f"<p>{_e(t(lang, 'install_page.installed_org.text'))}</p>",
            _button(href, t(lang, "install_page.choose_workspaces")),
        ]
    else:
        name = installation.team_name or installation.team_id or ""
        title = t(lang, "install_page.installed.title", workspace=name)
        team, app = installation.team_id, installation.app_id
        parts = [
            f"<h1>{_e(title)}</h1>",
            f"<p>{_e(t(lang, 'install_page.installed.text'))}</p>",
            _button(
                f"slack://app?team={team}&id={app}" if team and app else "slack://open",
                t(lang, "install_page.open_slack"),
            ),
        ]
        if team:
            parts.append(
                f'<p class="about"><a href="https://app.slack.com/client/{_e(team)}">'
                f"{_e(t(lang, 'install_page.open_in_browser'))}</a></p>"
            )
    return page(lang, title=title, body="\n".join(parts))


def failed_page(lang: str, reason: str) -> bytes:
    if reason in _CANCELLED:
        title, text = t(lang, "install_page.cancelled.title"), t(lang, "install_page.cancelled.text")
    elif reason in _EXPIRED:
        title = t(lang, "install_page.expired.title")
        text = t(lang, "install_page.expired.text", minutes=STATE_SECONDS // 60)
    else:
        title, text = t(lang, "install_page.failed.title"), t(lang, "install_page.failed.text")
    parts = [
        f"<h1>{_e(title)}</h1>",
        f"<p>{_e(text)}</p>",
        _button(_INSTALL_HREF, t(lang, "install_page.try_again")),
    ]
    if reason not in _CANCELLED and reason not in _EXPIRED:
        parts.append(f'<p class="about">{_e(t(lang, "install_page.failed.reason", reason=reason))}</p>')
    return page(lang, title=title, body="\n".join(parts))


def installed(args: SuccessArgs) -> BoltResponse:
    installation = args.installation
    logger.info(
        "installed in %s", installation.team_id or f"enterprise {installation.enterprise_id} (org-wide)"
    )
    body = installed_page(request_language(args.request), installation)
    return _callback_response(args.settings, 200, body)


def not_installed(args: FailureArgs) -> BoltResponse:
    if args.error is not None:
        logger.warning("installation failed: %s", args.reason, exc_info=args.error)
    else:
        logger.info("installation failed: %s", args.reason)
    body = failed_page(request_language(args.request), args.reason)
    return _callback_response(args.settings, args.suggested_status_code, body)


def _callback_response(settings, status: int, body: bytes) -> BoltResponse:
    # The state's cookie is spent either way: deleted, as Bolt's own pages do.
    headers = {
        "Content-Type": "text/html; charset=utf-8",
        "Set-Cookie": settings.state_utils.build_set_cookie_for_deletion(),
    }
    return _with_page_headers(BoltResponse(status=status, body=body.decode(), headers=headers))


def _with_page_headers(response: BoltResponse) -> BoltResponse:
    for name, value in PAGE_HEADERS:
        response.headers[name.lower()] = [value]
    return response
