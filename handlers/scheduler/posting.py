"""Posting one digest: build it from the database, then send it to Slack, politely.

Building and sending are apart: the digest is read in one short transaction, and only after it
is closed does anything go to Slack, so no database lock waits on the network.

Slack allows about one message a second per conversation, with short bursts. ``ChannelPacer``
spaces the digests posted to one conversation by at least that, whichever thread sends them
(a digest and its chart go together, a burst of two); different conversations go out at once.
HTTP 429 answers are waited out by the client's ``RateLimitErrorRetryHandler`` (it honours
Retry-After). Each digest goes out with its own workspace's token (``Services.client_for``).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Hashable, Iterable
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import date, datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from handlers.blocks.common import mention
from handlers.blocks.digests import build_digest_message, home_url
from handlers.respond import Reply
from handlers.runtime import NotInstalled, Services, new_reference
from salesbot.charts import alt_text, chart_title, render_chart
from salesbot.digest_schedules import PERSONAL, describe_cadence, timezone_of
from salesbot.digests import Subject, collect, reported_period
from salesbot.i18n import LANGUAGES, Formatter
from salesbot.people import language_of

logger = logging.getLogger(__name__)

# Errors another attempt cannot fix: the owner is told at once instead of after the retries.
PERMANENT_ERRORS = frozenset(
    {
        "not_in_channel",
        "channel_not_found",
        "is_archived",
        "invalid_auth",
        "not_authed",
        "account_inactive",
        "token_revoked",
        "token_expired",
        "missing_scope",
        "no_permission",
        "restricted_action",
        "restricted_action_read_only_channel",
        "team_access_not_granted",
        "ekm_access_denied",
        "cannot_dm_bot",
        "user_not_found",
        "invalid_blocks",
        "msg_too_long",
        "no_text",
        "schedule_gone",
        "not_installed",
    }
)
# Failures with a message of their own; any other is "Slack answered X after N tries".
EXPLAINED_ERRORS = ("not_in_channel", "channel_not_found", "is_archived")
DIGEST_GONE = "schedule_gone"  # deleted, or its team or person is, since it was claimed


def post_dm(client: WebClient, pacer: ChannelPacer, user_id: str, reply: Reply, label: str) -> str | None:
    """One scheduled DM (a reminder, a follow-up, a suggestion), paced per conversation: None when
    it went out, else what failed (Slack's error code, or the client error's name), logged with
    ``label``. Each job claims before calling this, so a failure is not retried."""
    try:
        pacer.wait(user_id)
        client.chat_postMessage(channel=user_id, text=reply.text, blocks=reply.blocks)
    except SlackApiError as error:
        logger.warning("%s failed: %s", label, error.response.get("error"))
        return str(error.response.get("error"))
    except (SlackClientError, OSError) as error:
        logger.warning("%s failed: %s", label, error)
        return type(error).__name__
    logger.info("%s sent", label)
    return None


class ClaimedDMs:
    """A scheduled job of DMs: per workspace with any (``workspaces``), the DMs due at ``now``
    (``due``: items with ``user_id``, ``reply`` and ``label``), each claimed once across runners
    (``claim``) and then sent with that workspace's own token."""

    what = "scheduled DMs"  # named in the log when a workspace's could not be worked out

    def __init__(self, services: Services, *, pacer: ChannelPacer | None = None) -> None:
        self.services = services
        self.engine = services.engine
        self.pacer = pacer or ChannelPacer()

    def workspaces(self, now: datetime) -> Iterable[str]:
        raise NotImplementedError

    def due(self, team_id: str, now: datetime) -> list:
        raise NotImplementedError

    def claim(self, item, at: datetime) -> bool:
        raise NotImplementedError

    def run(self, now: datetime) -> list[str]:
        """Sends what is due at ``now``; the labels of what went out."""
        sent = []
        for team_id in self.workspaces(now):
            try:
                due = self.due(team_id, now)
                client = self.services.client_for(team_id) if due else None  # its own token
            except Exception:
                logger.exception("%s of team %s could not be worked out", self.what, team_id)
                continue
            sent += [item.label for item in due if self._send(item, client, at=now)]
        return sent

    def _send(self, item, client: WebClient, *, at: datetime | None = None) -> bool:
        """Claims ``item`` and, if this runner's claim went in, sends it; True when sent."""
        if not self.claim(item, at or self.services.clock.now()):
            return False  # another runner has it, it went out before, or it was recorded since
        return post_dm(client, self.pacer, item.user_id, item.reply, item.label) is None


class ChannelPacer:
    """At most one post per ``interval`` seconds to each conversation, across threads."""

    def __init__(self, interval: float = 1.0) -> None:
        self.interval = interval
        self._lock = threading.Lock()
        self._next: dict[str, float] = {}

    def wait(self, conversation: str) -> None:
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next.get(conversation, 0.0))
            self._next[conversation] = slot + self.interval
        if slot > now:
            time.sleep(slot - now)


class Memo:
    """Work done once per key, shared by the threads of one scheduler tick.

    Digests of the same subject, day and sections (say the company digest posted to three
    channels at 09:00) are collected and drawn once.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._futures: dict[Hashable, Future] = {}

    def get(self, key: Hashable, compute: Callable[[], object]) -> object:
        with self._lock:
            future = self._futures.get(key)
            owner = future is None
            if owner:
                future = self._futures[key] = Future()
        if owner:
            try:
                future.set_result(compute())
            except BaseException as error:
                future.set_exception(error)
        return future.result()


@dataclass(frozen=True)
class Prepared:
    """A digest ready to send: where, the message, and the chart (PNG) if it has one."""

    conversation: str  # a channel id, or a user id for a DM
    reply: Reply
    team_id: str = ""  # whose token it goes out with
    chart: bytes | None = None
    chart_title: str = ""
    chart_alt: str = ""
    chart_file: str = "chart.png"


@dataclass(frozen=True)
class Outcome:
    ok: bool
    error: str | None = None
    channel_id: str | None = None
    ts: str | None = None
    chart_error: str | None = None

    @property
    def permanent(self) -> bool:
        return not self.ok and self.error in PERMANENT_ERRORS


class DigestPoster:
    def __init__(self, services: Services, pacer: ChannelPacer | None = None) -> None:
        self.services = services
        self.pacer = pacer or ChannelPacer()
        self._app_id: str | None = None

    def app_id(self, client: WebClient) -> str | None:
        """This app's id (for the App Home link), asked of Slack once: auth.test, then bots.info.
        One app in every workspace, so any workspace's ``client`` may ask."""
        if self._app_id is None:
            try:
                bot_id = client.auth_test()["bot_id"]
                self._app_id = client.bots_info(bot=bot_id)["bot"]["app_id"]
            except (SlackClientError, OSError, KeyError, TypeError):
                self._app_id = ""  # not asked again; schedules saved from Slack carry the id
        return self._app_id or None

    def prepare(
        self,
        team_id: str,
        schedule_id: int,
        *,
        day: date,
        posted_by: str | None = None,
        memo: Memo | None = None,
    ) -> Prepared | None:
        """The digest of ``schedule_id`` for ``day``; None when the schedule or its subject is gone."""
        memo = memo or Memo()
        with self.services.store(team_id) as store:
            schedule = store.digest_schedule(schedule_id)
            if schedule is None:
                return None
            workspace = store.workspace
            if schedule.kind == PERSONAL:
                person = store.person(schedule.person_id)
                if person is None or person.deleted:
                    return None
                lang = language_of(person, workspace.locale)
                subject, conversation = Subject("person", person=person), person.slack_user_id
            else:
                lang = workspace.locale if workspace.locale in LANGUAGES else "en"
                team = store.team_by_id(schedule.team_id) if schedule.scope == "team" else None
                if schedule.scope == "team" and team is None:
                    return None
                subject, conversation = Subject(schedule.scope, team=team), schedule.channel_id
            fmt = Formatter(lang, workspace.currency)
            period = reported_period(schedule.period_kind, workspace.default_period_kind, day)
            sections = tuple(schedule.sections)
            key = (
                team_id,
                subject.scope,
                schedule.team_id,
                schedule.person_id,
                day,
                period.key,
                sections,
                schedule.top_n,
                lang,
            )
            digest = memo.get(
                key,
                lambda: collect(
                    store,
                    subject,
                    day=day,
                    period=period,
                    sections=sections,
                    top_n=schedule.top_n,
                    lang=lang,
                    now=self.services.clock.now(),
                ),
            )
            cadence = describe_cadence(fmt, schedule, timezone=timezone_of(store, schedule))
            if posted_by:
                footer = fmt.t("digest.footer_now", user=mention(posted_by))
            elif schedule.kind == PERSONAL:
                footer = fmt.t("digest.footer_personal", cadence=cadence)
            else:
                footer = fmt.t("digest.footer", cadence=cadence)
            app_id = schedule.app_id
        if not app_id:
            app_id = self.app_id(self.services.client_for(team_id))
        reply = build_digest_message(fmt, digest, footer=footer, link=home_url(team_id, app_id))
        if not digest.has_chart:
            return Prepared(conversation, reply, team_id=team_id)
        return Prepared(
            conversation,
            reply,
            team_id=team_id,
            chart=memo.get((*key, "chart"), lambda: render_chart(fmt, digest)),
            chart_title=chart_title(fmt, digest),
            chart_alt=alt_text(fmt, digest)[:1000],
            chart_file=fmt.t("digest.chart.file", day=day.isoformat()),
        )

    def send(self, prepared: Prepared) -> Outcome:
        """Posts the digest, then its chart; a failed chart does not undo a posted digest."""
        try:
            client = self.services.client_for(prepared.team_id)
        except NotInstalled:
            return Outcome(ok=False, error="not_installed")
        try:
            self.pacer.wait(prepared.conversation)
            response = client.chat_postMessage(
                channel=prepared.conversation,
                text=prepared.reply.text,
                blocks=prepared.reply.blocks,
                unfurl_links=False,
                unfurl_media=False,
            )
        except SlackApiError as error:
            return Outcome(ok=False, error=str(error.response.get("error") or "unknown_error"))
        except (SlackClientError, OSError) as error:
            logger.warning("posting a digest failed: %s", error)
            return Outcome(ok=False, error="connection_error")
        channel_id, ts = response["channel"], response["ts"]
        chart_error = None
        if prepared.chart:
            try:
                # Into the conversation, right under the digest: visible without opening a thread.
                # Not paced apart from its digest: the two are one short burst, which Slack allows.
                client.files_upload_v2(
                    channel=channel_id,
                    file=prepared.chart,
                    filename=prepared.chart_file,
                    title=prepared.chart_title,
                    alt_txt=prepared.chart_alt,
                )
            except SlackApiError as error:
                chart_error = str(error.response.get("error") or "unknown_error")
            except (SlackClientError, OSError) as error:
                chart_error = type(error).__name__
            if chart_error:
                logger.warning(
                    "the digest in %s was posted but its chart was not: %s", channel_id, chart_error
                )
        return Outcome(ok=True, channel_id=channel_id, ts=ts, chart_error=chart_error)

    def post(
        self,
        team_id: str,
        schedule_id: int,
        *,
        day: date,
        posted_by: str | None = None,
        memo: Memo | None = None,
    ) -> Outcome:
        """Builds and sends; never raises (a failure is in the outcome, a bug also in the log)."""
        try:
            prepared = self.prepare(team_id, schedule_id, day=day, posted_by=posted_by, memo=memo)
        except Exception:
            reference = new_reference()
            logger.exception("building digest %s failed (reference %s)", schedule_id, reference)
            return Outcome(ok=False, error=f"salesbot_error {reference}")
        if prepared is None:
            return Outcome(ok=False, error=DIGEST_GONE)
        return self.send(prepared)

    def report_failure(
        self, team_id: str, schedule_id: int, *, error: str, attempts: int, to_user: str | None = None
    ) -> bool:
        """Tells the schedule's owner (or ``to_user``) why the digest was not posted."""
        try:
            with self.services.store(team_id) as store:
                schedule = store.digest_schedule(schedule_id)
                if schedule is None:
                    return False
                owner = store.person(schedule.owner_id) if schedule.owner_id else None
                reader = store.person_by_slack_id(to_user) if to_user else owner
                user_id = to_user or (owner.slack_user_id if owner else None)
                if user_id is None:
                    logger.warning("digest %s failed (%s) and has no owner to tell", schedule_id, error)
                    return False
                lang = language_of(reader, store.workspace.locale)
                fmt = Formatter(lang, store.workspace.currency)
                key = f"digest.failed.{error}" if error in EXPLAINED_ERRORS else "digest.failed.unexplained"
                text = fmt.t(
                    key,
                    channel=f"<#{schedule.channel_id}>"
                    if schedule.channel_id
                    else fmt.t("digest.title.person"),
                    cadence=describe_cadence(fmt, schedule, timezone=timezone_of(store, schedule)),
                    error=error,
                    attempts=attempts,
                )
            self.services.client_for(team_id).chat_postMessage(channel=user_id, text=text)
            return True
        except Exception:
            logger.exception("could not tell the owner of digest %s that it failed (%s)", schedule_id, error)
            return False
