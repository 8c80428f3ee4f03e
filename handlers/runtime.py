"""What every listener shares: the services, who is asking, and one request's life.

A request is identified (workspace and person, each in its own short transaction, Slack asked
between them), then its work runs in one transaction. The work returns its answer; the answer
and every notification the work queued are sent only after the commit, so no Slack call is made
while the transaction holds a write lock, and nothing is announced that was rolled back.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.oauth.token_rotation import TokenRotator
from sqlalchemy.engine import Engine

from handlers.blocks.errors import build_database_down, build_failure, build_user_error
from handlers.metrics import retry_handlers
from handlers.respond import Modal, Reply, Responder
from handlers.work_slots import WORK_SLOTS, SlotFreeClient
from salesbot.access import Actor
from salesbot.clock import Clock
from salesbot.config import Settings
from salesbot.errors import NotFound, UserError
from salesbot.i18n import Formatter
from salesbot.logs import log_context
from salesbot.people import SlackProfile, actor_for, language_of, refreshed_long_ago, sync_person
from storage import work_queue
from storage.db import connection_lost, session_scope
from storage.installations import InstallationStore
from storage.store import Store, asker_store, find_workspace, get_or_create_workspace, store_for_link

logger = logging.getLogger(__name__)

# A rotating token (the app's "token rotation" on) is renewed this long before it expires.
TOKEN_ROTATION_MINUTES = 120


class NotInstalled(Exception):
    """salesbot is not installed in this workspace (any more): there is no token to use."""


@dataclass(frozen=True)
class Services:
    settings: Settings
    engine: Engine
    clock: Clock = field(default_factory=Clock)

    @cached_property
    def installations(self) -> InstallationStore | None:
        """Bolt's installation store on salesbot's database when OAuth is on; else None. It
        renews a rotating token about to expire (slack_sdk's TokenRotator, at SLACK_API_URL)."""
        if not self.settings.oauth_on:
            return None
        return InstallationStore(
            client_id=self.settings.client_id,
            engine=self.engine,
            rotator=TokenRotator(
                client_id=self.settings.client_id,
                client_secret=self.settings.client_secret,
                client=slack_client(self.settings, token=None),
            ),
            rotate_minutes=TOKEN_ROTATION_MINUTES,
        )

    def client_for(self, team_id: str, enterprise_id: str | None = None) -> WebClient:
        """A Web API client with the bot token of workspace ``team_id``: what every scheduled job
        (and anything else outside a Slack request) posts with. With OAuth, the token is that
        workspace's installation's (an org-wide install's for an Enterprise Grid team), renewed
        first by the store when it is about to expire (``InstallationStore.find_bot``, as for a
        request); else SLACK_BOT_TOKEN. ``NotInstalled`` when the workspace has no installation
        (uninstalled)."""
        store = self.installations
        if store is None:
            return slack_client(self.settings)
        if enterprise_id is None:
            with session_scope(self.engine) as session:
                workspace = find_workspace(session, slack_team_id=team_id)
                enterprise_id = workspace.enterprise_id if workspace is not None else None
        bot = store.find_bot(enterprise_id=enterprise_id, team_id=team_id)
        if bot is None and enterprise_id:
            bot = store.find_bot(enterprise_id=enterprise_id, team_id=None, is_enterprise_install=True)
        if bot is None or not bot.bot_token:
            raise NotInstalled(team_id)
        return slack_client(self.settings, token=bot.bot_token)

    @contextmanager
    def store(self, team_id: str, enterprise_id: str | None = None) -> Iterator[Store]:
        """One transaction in one workspace: all of it is saved, or none of it."""
        with session_scope(self.engine) as session:
            workspace = get_or_create_workspace(session, slack_team_id=team_id, enterprise_id=enterprise_id)
            yield Store(session, workspace)

    @contextmanager
    def store_for_link(self, token_hash: str) -> Iterator[Store | None]:
        """One transaction in the workspace of the feedback link with ``token_hash`` (the
        feedback page's requests carry no team id); None when there is no such link."""
        with session_scope(self.engine) as session:
            yield store_for_link(session, token_hash)


@dataclass(frozen=True)
class ButtonPress:
    """Which button was pressed, and where: a message (with a response_url) or a view."""

    value: str = ""
    block_id: str = ""
    action_id: str = ""
    response_url: str | None = None
    channel_id: str | None = None
    view: dict | None = None  # the modal the button is in, if it is in one
    message_ts: str | None = None  # the message the button is on, if it is on one
    # That message's blocks as Slack sends them back (not for ephemeral messages): to redraw a part.
    message_blocks: tuple[dict, ...] = ()

    @classmethod
    def from_body(cls, body: dict) -> ButtonPress:
        action = (body.get("actions") or [{}])[0]
        return cls(
            value=action.get("value") or "",
            block_id=action.get("block_id") or "",
            action_id=action.get("action_id") or "",
            response_url=body.get("response_url"),
            channel_id=(body.get("channel") or {}).get("id"),
            view=body.get("view") if (body.get("view") or {}).get("type") == "modal" else None,
            message_ts=(body.get("container") or {}).get("message_ts"),
            message_blocks=tuple((body.get("message") or {}).get("blocks") or ()),
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
    responder: Responder
    # The button that started this request, if one did.
    pressed: ButtonPress | None = None
    # Slack calls to make once the transaction has committed (telling others of a change).
    _after_commit: list[Callable[[], None]] = field(default_factory=list)

    @classmethod
    def of(
        cls, services: Services, store: Store, responder: Responder, *, pressed: ButtonPress | None = None
    ) -> Request:
        """The request of the person ``responder`` answers, as ``store``'s transaction sees them
        (``asked_store`` stored them)."""
        return cls(
            services=services,
            store=store,
            actor=actor_for(store, store.person_by_slack_id(responder.user_id), services.settings.admins),
            client=responder.client,
            team_id=store.workspace.slack_team_id,
            user_id=responder.user_id,
            responder=responder,
            pressed=pressed,
        )

    @property
    def channel_id(self) -> str | None:
        """The conversation the request came from, if any (not the App Home tab)."""
        return self.responder.channel_id

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

    def formatter_for(self, person) -> Formatter:
        """Numbers, money and dates for ``person``, in their own language."""
        return Formatter(language_of(person, self.store.workspace.locale), self.store.workspace.currency)

    def after_commit(self, call: Callable[[], None], *, first: bool = False) -> None:
        """``call`` runs once this request's changes are saved; never if they are rolled back.

        Calls run in the order queued; ``first`` puts this one before those already queued."""
        if first:
            self._after_commit.insert(0, call)
        else:
            self._after_commit.append(call)

    def notify(self, channel: str, message: Reply | str) -> None:
        """A message to ``channel`` (a user id: their DM) once the change is saved."""
        self.after_commit(lambda: self.responder.post(channel, message))

    def run_after_commit(self) -> None:
        for call in self._after_commit:
            try:
                call()
            except Exception:
                logger.exception("notification after a change failed (team %s)", self.team_id)


def quick_client(client: WebClient) -> WebClient:
    """``client`` for calls made before an ack: one short try, no waiting out a 429.

    Slack gives up on an ack after 3 seconds; a rate-limit wait there would fail the request.
    """
    return SlotFreeClient(
        token=client.token, base_url=client.base_url, timeout=1, retry_handlers=retry_handlers(retries=False)
    )


def slack_client(settings: Settings, token: str | None = None) -> WebClient:
    """A Web API client with ``token`` (by default SLACK_BOT_TOKEN): Slack's 429s waited out
    (Retry-After) and dropped connections retried by slack_sdk's retry handlers, every failure
    and retry counted (``handlers.metrics``). Every client salesbot builds is built here."""
    return SlotFreeClient(
        token=token or settings.bot_token, base_url=settings.api_url, retry_handlers=retry_handlers()
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


@contextmanager
def asked_store(
    services: Services,
    client: WebClient,
    *,
    team_id: str,
    user_id: str,
    enterprise_id: str | None = None,
    refresh: bool = True,
) -> Iterator[Store]:
    """The transaction of one person's request, with the workspace and that person stored and
    held (``Store.asker``): what every request's work and every form's save runs in.

    Known and fresh (nearly always), that is one query. Otherwise Slack's ``users.info`` is asked
    outside any transaction, the person is created or refreshed in a short one of its own, and
    the request's transaction begins after it. ``refresh=False`` (before an ack) uses a stale
    profile as it is.
    """
    with session_scope(services.engine) as session:
        store = asker_store(session, slack_team_id=team_id, slack_user_id=user_id)
        known = store is not None and store.asker is not None
        if known and not (refresh and refreshed_long_ago(store.asker.refreshed_at)):
            yield store
            return
    profile = fetch_profile(client, user_id) or SlackProfile(user_id=user_id, name=user_id)
    with services.store(team_id, enterprise_id) as store:
        sync_person(store, profile, services.settings.admins)
    with services.store(team_id, enterprise_id) as store:
        store.asker = store.person_by_slack_id(user_id)
        yield store


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
            return language_of(person, store.workspace.locale)
    except Exception:
        return "en"


def new_reference() -> str:
    return uuid.uuid4().hex[:8]


def run_request(
    services: Services,
    responder: Responder,
    *,
    team_id: str,
    enterprise_id: str | None = None,
    pressed: ButtonPress | None = None,
    replace: bool = False,
    work: Callable[[Request], Reply | Modal | None],
) -> None:
    """Runs ``work`` in one transaction and sends its answer after the commit.

    A ``UserError`` rolls everything back and tells the user what was wrong, as a new message
    (never over the one they pressed on). Anything else is logged with a reference the user is
    shown, so support can find it. ``replace`` redraws the message the request came from.
    """
    # The request's reference: on every log line about it, and shown to the user if it fails.
    reference = new_reference()
    with WORK_SLOTS.held(), log_context(team=team_id, user=responder.user_id, request=reference):
        _run_request(services, responder, team_id, enterprise_id, pressed, replace, work, reference)


def _run_request(services, responder, team_id, enterprise_id, pressed, replace, work, reference) -> None:
    user_id = responder.user_id
    lang = None
    committing = False
    try:
        asking = asked_store(
            services, responder.client, team_id=team_id, user_id=user_id, enterprise_id=enterprise_id
        )
        with asking as store:
            request = Request.of(services, store, responder, pressed=pressed)
            lang = request.actor.lang
            answer = work(request)
            # A queued request's job ends with the work's own changes: if this process dies
            # after the commit, no other does the work again (``storage.work_queue``).
            work_queue.finish_running(store.session)
            committing = True  # as the block ends
        if answer is not None:
            _answer(responder, answer, replace)
    except UserError as error:
        reader = Formatter(lang or language_for(services, team_id, user_id))
        _tell(responder, build_user_error(reader, error))
        return
    except Exception as error:
        if connection_lost(error):
            # Said as it is: before the commit nothing was saved, try again; lost during the
            # commit, it may have been saved, so check first rather than enter it twice.
            logger.warning(
                "request failed: the database went away%s (reference %s, team %s)",
                " while committing" if committing else "",
                reference,
                team_id,
            )
            notice = build_database_down(
                lang or language_for(services, team_id, user_id), while_saving=committing
            )
            _tell(responder, notice)
            return
        logger.exception("request failed (reference %s, team %s, user %s)", reference, team_id, user_id)
        _tell(responder, build_failure(lang or language_for(services, team_id, user_id), reference))
        return
    request.run_after_commit()


def _answer(responder: Responder, answer: Reply | Modal, replace: bool) -> None:
    """Sends the work's answer; a form Slack would not open (its trigger expired, Slack down) is
    said as that, not as a failure of ours: pressing again gets a fresh trigger."""
    try:
        responder.send(answer, replace=replace)
    except SlackApiError as error:
        if not isinstance(answer, Modal):
            raise
        logger.warning("Slack did not open a form: %s", error.response.get("error"))
        raise UserError("error.form_not_opened", error=str(error.response.get("error") or "?")) from error


def _tell(responder: Responder, reply: Reply) -> None:
    try:
        responder.send(reply)
    except Exception:
        logger.exception("could not tell %s what went wrong", responder.user_id)
