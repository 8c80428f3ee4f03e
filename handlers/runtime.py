"""What every listener shares: the services, who is asking, replies and failures."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler
from sqlalchemy.engine import Engine

from handlers.blocks.common import mrkdwn_escape
from salesbot.access import Actor
from salesbot.clock import Clock
from salesbot.config import Settings
from salesbot.errors import NotFound, UserError
from salesbot.i18n import Formatter, pick_language, t
from salesbot.people import SlackProfile, actor_for, profile_is_stale, sync_person
from storage.db import session_scope
from storage.store import Store, get_or_create_workspace

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Services:
    settings: Settings
    engine: Engine
    clock: Clock = field(default_factory=Clock)

    @contextmanager
    def store(self, team_id: str, enterprise_id: str | None = None) -> Iterator[Store]:
        """One transaction in one workspace: all of it is saved, or none of it."""
        with session_scope(self.engine) as session:
            workspace = get_or_create_workspace(session, slack_team_id=team_id, enterprise_id=enterprise_id)
            yield Store(session, workspace)


@dataclass(frozen=True)
class Reply:
    """A message for the person who asked: Block Kit plus the plain-text fallback."""

    text: str
    blocks: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class ButtonPress:
    """Which button was pressed, and where: a message (with a response_url) or a view."""

    value: str = ""
    block_id: str = ""
    response_url: str | None = None
    channel_id: str | None = None

    @classmethod
    def from_body(cls, body: dict) -> ButtonPress:
        action = (body.get("actions") or [{}])[0]
        return cls(
            value=action.get("value") or "",
            block_id=action.get("block_id") or "",
            response_url=body.get("response_url"),
            channel_id=(body.get("channel") or {}).get("id"),
        )


@dataclass
class Request:
    """One user's request, as the subcommand and action handlers see it."""

    services: Services
    store: Store
    actor: Actor
    client: WebClient
    team_id: str
    user_id: str
    channel_id: str | None = None
    trigger_id: str | None = None
    # The button that started this request, if one did.
    pressed: ButtonPress | None = None
    # Slack calls to make once the transaction has committed (telling others of a change).
    after_commit: list[Callable[[], None]] = field(default_factory=list)

    @property
    def fmt(self) -> Formatter:
        return Formatter(self.actor.lang, self.store.workspace.currency)

    @property
    def today(self) -> date:
        """Today in the workspace's timezone."""
        return self.services.clock.today(self.store.workspace.timezone)

    @property
    def admins(self) -> frozenset[str]:
        return self.services.settings.admins

    def people(self, user_ids: list[str]) -> list:
        return ensure_people(self.store, self.client, user_ids, self.admins)


def quick_client(client: WebClient) -> WebClient:
    """``client`` for calls made before an ack: one short try, no waiting out a 429.

    Slack gives up on an ack after 3 seconds; a rate-limit wait there would fail the request.
    """
    return WebClient(token=client.token, base_url=client.base_url, timeout=1, retry_handlers=[])


def slack_client(settings: Settings) -> WebClient:
    """The Web API client: Slack's 429s waited out (Retry-After), dropped connections retried."""
    return WebClient(
        token=settings.bot_token,
        base_url=settings.api_url,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=3),
        ],
    )


def fetch_profile(client: WebClient, user_id: str) -> SlackProfile | None:
    try:
        user = client.users_info(user=user_id, include_locale=True)["user"]
    except SlackApiError as exc:
        if exc.response.get("error") == "user_not_found":
            return None
        raise
    profile = user.get("profile") or {}
    return SlackProfile(
        user_id=user["id"],
        name=profile.get("display_name")
        or user.get("real_name")
        or profile.get("real_name")
        or user.get("name", ""),
        timezone=user.get("tz"),
        locale=user.get("locale"),
        is_admin=bool(user.get("is_admin")),
        is_owner=bool(user.get("is_owner") or user.get("is_primary_owner")),
        is_bot=bool(user.get("is_bot")),
        deleted=bool(user.get("deleted")),
    )


def identify(
    services: Services,
    client: WebClient,
    *,
    team_id: str,
    user_id: str,
    enterprise_id: str | None = None,
    refresh: bool = True,
) -> None:
    """Makes sure the workspace and the person asking are stored, before the request's own work.

    Each step is its own short transaction, and Slack's ``users.info`` is asked between them,
    never while a transaction is open. A person is created from Slack on first contact and
    refreshed when stale; ``refresh=False`` (before an ack) uses a stale profile as it is.
    """
    with services.store(team_id, enterprise_id) as store:
        person = store.person_by_slack_id(user_id)
        if person is not None and not (refresh and profile_is_stale(person)):
            return
    profile = fetch_profile(client, user_id) or SlackProfile(user_id=user_id, name=user_id)
    with services.store(team_id, enterprise_id) as store:
        sync_person(store, profile, services.settings.admins)


def current_actor(store: Store, user_id: str, admins: frozenset[str]) -> Actor:
    """The person asking, as the request's own transaction sees them (``identify`` stored them)."""
    return actor_for(store, store.person_by_slack_id(user_id), admins)


def ensure_people(store: Store, client: WebClient, user_ids: list[str], admins: frozenset[str]) -> list:
    """People for mentioned user ids, in order; unknown ones are fetched from Slack.

    Every profile is fetched before anything is written, so no write waits on Slack.
    """
    known = store.people_by_slack_ids(user_ids)
    profiles = {}
    for user_id in dict.fromkeys(user_ids):
        if user_id in known:
            continue
        profile = fetch_profile(client, user_id)
        if profile is None or profile.deleted:
            raise NotFound("person.not_found", user=f"<@{user_id}>")
        profiles[user_id] = profile
    for user_id, profile in profiles.items():
        known[user_id] = sync_person(store, profile, admins)
    return [known[user_id] for user_id in user_ids]


def language_for(services: Services, team_id: str | None, user_id: str | None) -> str:
    """The reader's language when the request itself failed; never raises."""
    try:
        with services.store(team_id) as store:
            person = store.person_by_slack_id(user_id) if user_id else None
            return pick_language(
                preference=person.language if person else None,
                slack_locale=person.slack_locale if person else None,
                workspace=store.workspace.locale,
            )
    except Exception:
        return "en"


# Error parameters that the app builds as Slack markup itself (a mention), not typed text.
_MARKUP_PARAMS = frozenset({"user"})


def user_error_reply(lang: str, error: UserError) -> Reply:
    # The parameters quote what was typed or stored (names, the text not understood): escaped,
    # so "<!here>" typed into a command is shown, never sent as a ping.
    params = {
        key: mrkdwn_escape(value) if isinstance(value, str) and key not in _MARKUP_PARAMS else value
        for key, value in error.params.items()
    }
    text = t(lang, error.key, **params)
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": f":warning: {text}"}}]
    if error.example:
        example = t(lang, error.example)
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": example}]})
        text = f"{text}\n{example}"
    return Reply(text=text, blocks=blocks)


def failure_reply(lang: str, reference: str) -> Reply:
    text = t(lang, "error.unexpected", reference=reference)
    return Reply(text=text, blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": f":x: {text}"}}])


def new_reference() -> str:
    return uuid.uuid4().hex[:8]


def run_request(
    services: Services,
    client: WebClient,
    send: Callable[[Reply], None],
    *,
    team_id: str,
    user_id: str,
    enterprise_id: str | None = None,
    channel_id: str | None = None,
    trigger_id: str | None = None,
    pressed: ButtonPress | None = None,
    work: Callable[[Request], Reply | None],
) -> None:
    """Run ``work`` in one transaction and send its reply after the commit.

    A ``UserError`` rolls everything back and tells the user what was wrong. Anything
    else is logged with a reference the user is shown, so support can find it.
    """
    lang = None
    try:
        identify(services, client, team_id=team_id, user_id=user_id, enterprise_id=enterprise_id)
        with services.store(team_id, enterprise_id) as store:
            actor = current_actor(store, user_id, services.settings.admins)
            lang = actor.lang
            request = Request(
                services=services,
                store=store,
                actor=actor,
                client=client,
                team_id=team_id,
                user_id=user_id,
                channel_id=channel_id,
                trigger_id=trigger_id,
                pressed=pressed,
            )
            reply = work(request)
    except UserError as error:
        send(user_error_reply(lang or language_for(services, team_id, user_id), error))
        return
    except Exception:
        reference = new_reference()
        logger.exception("request failed (reference %s, team %s, user %s)", reference, team_id, user_id)
        try:
            send(failure_reply(lang or language_for(services, team_id, user_id), reference))
        except Exception:
            logger.exception("could not tell the user about failure %s", reference)
        return
    if reply is not None:
        send(reply)
    for notify in request.after_commit:
        try:
            notify()
        except Exception:
            logger.exception("notification after a change failed (team %s)", team_id)


def ephemeral_sender(respond) -> Callable[[Reply], None]:
    """Replies through the response_url: only the caller sees them."""

    def send(reply: Reply) -> None:
        respond(
            text=reply.text, blocks=reply.blocks or None, response_type="ephemeral", replace_original=False
        )

    return send


def dm_sender(client: WebClient, user_id: str) -> Callable[[Reply], None]:
    """Replies in the app's DM with the user (the App Home tab has no response_url)."""

    def send(reply: Reply) -> None:
        client.chat_postMessage(channel=user_id, text=reply.text, blocks=reply.blocks or None)

    return send
