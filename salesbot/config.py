"""Configuration from the environment (SPEC section 4), checked once at start-up."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

DEFAULT_API_URL = "https://slack.com/api/"
DEFAULT_DATABASE_URL = "sqlite:///salesbot.db"
# Setting any of these says the user wants Slack rather than the local console.
SLACK_VARIABLES = (
    "SLACK_BOT_TOKEN",
    "SLACK_APP_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_CLIENT_ID",
    "SLACK_CLIENT_SECRET",
    "SLACK_API_URL",
)
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class ConfigError(Exception):
    """Start-up configuration that cannot work; the message says what to set."""


@dataclass(frozen=True)
class Settings:
    bot_token: str | None = field(default=None, repr=False)
    app_token: str | None = field(default=None, repr=False)
    signing_secret: str | None = field(default=None, repr=False)
    client_id: str | None = None
    client_secret: str | None = field(default=None, repr=False)
    api_url: str = DEFAULT_API_URL
    database_url: str = DEFAULT_DATABASE_URL
    port: int = 3000
    # Where a process without the web app's port (the scheduler alone, Socket Mode) serves its
    # Prometheus metrics; None: it does not.
    metrics_port: int | None = None
    web_concurrency: int = 2
    admins: frozenset[str] = frozenset()
    scheduler_on: bool = True
    # The work after each ack queued in the database for ``python bot.py work`` processes, so
    # the web processes only ack (handlers/work_queue.py); off: it runs in the web processes.
    work_queue: bool = False
    # Threads of one work process: most of a request's time is spent waiting for Slack.
    work_threads: int = 8
    # How far the work after an ack defers to the acks (Unix nice): a web process's work threads,
    # a work process as a whole.
    work_nice: int = 10
    # Seconds between scheduler ticks: schedule changes are seen, and a dead leader replaced,
    # within about three ticks.
    scheduler_interval: int = 20
    # How late a missed digest may still be posted after downtime; older ones are skipped.
    digest_grace_minutes: int = 60
    log_level: str = "INFO"
    # Seconds a client may take to send a request (its headers, then its body) before the
    # connection is dropped: a stalled upload does not hold a server thread.
    read_timeout: int = 10
    # Days an uninstalled workspace's data is kept, so a reinstall finds it; then it is deleted.
    uninstall_grace_days: int = 30
    # Where customers reach this app from the internet (``https://sales.example.com``), for the
    # feedback page's links; None: no links (Socket Mode, the console).
    public_url: str | None = None
    # The Slack variables that were set (SLACK_VARIABLES), in that order.
    slack_variables: tuple[str, ...] = ()

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env

        def get(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        api_url = get("SLACK_API_URL") or DEFAULT_API_URL
        if not api_url.startswith(("http://", "https://")):
            raise ConfigError(f"SLACK_API_URL must start with https:// (got {api_url!r})")
        if not api_url.endswith("/"):
            api_url += "/"
        settings = cls(
            bot_token=get("SLACK_BOT_TOKEN"),
            app_token=get("SLACK_APP_TOKEN"),
            signing_secret=get("SLACK_SIGNING_SECRET"),
            client_id=get("SLACK_CLIENT_ID"),
            client_secret=get("SLACK_CLIENT_SECRET"),
            api_url=api_url,
            database_url=get("DATABASE_URL") or DEFAULT_DATABASE_URL,
            port=_whole_number(get("PORT"), "PORT", 3000, low=1, high=65535),
            metrics_port=(
                _whole_number(get("METRICS_PORT"), "METRICS_PORT", 0, low=1, high=65535)
                if get("METRICS_PORT")
                else None
            ),
            web_concurrency=_whole_number(get("WEB_CONCURRENCY"), "WEB_CONCURRENCY", 2, low=1, high=64),
            admins=frozenset(u.strip() for u in (get("SALESBOT_ADMINS") or "").split(",") if u.strip()),
            scheduler_on=_switch(get("SALESBOT_SCHEDULER"), "SALESBOT_SCHEDULER", True),
            work_queue=_switch(get("SALESBOT_WORK_QUEUE"), "SALESBOT_WORK_QUEUE", False),
            work_threads=_whole_number(
                get("SALESBOT_WORK_THREADS"), "SALESBOT_WORK_THREADS", 8, low=1, high=64
            ),
            work_nice=_whole_number(get("SALESBOT_WORK_NICE"), "SALESBOT_WORK_NICE", 10, low=0, high=19),
            scheduler_interval=_whole_number(
                get("SALESBOT_SCHEDULER_INTERVAL"), "SALESBOT_SCHEDULER_INTERVAL", 20, low=1, high=300
            ),
            digest_grace_minutes=_whole_number(
                get("SALESBOT_DIGEST_GRACE_MINUTES"), "SALESBOT_DIGEST_GRACE_MINUTES", 60, low=1, high=24 * 60
            ),
            log_level=_log_level(get("LOG_LEVEL")),
            uninstall_grace_days=_whole_number(
                get("SALESBOT_UNINSTALL_GRACE_DAYS"), "SALESBOT_UNINSTALL_GRACE_DAYS", 30, low=1, high=3650
            ),
            read_timeout=_whole_number(
                get("SALESBOT_READ_TIMEOUT"), "SALESBOT_READ_TIMEOUT", 10, low=1, high=120
            ),
            public_url=_public_url(get("SALESBOT_PUBLIC_URL")),
            slack_variables=tuple(name for name in SLACK_VARIABLES if get(name)),
        )
        settings._check_token_shapes()
        return settings

    def _check_token_shapes(self) -> None:
        # A token pasted into the wrong variable is the most common set-up mistake.
        if self.bot_token and not self.bot_token.startswith("xoxb-"):
            raise ConfigError("SLACK_BOT_TOKEN must be the Bot User OAuth Token (starts with xoxb-)")
        if self.app_token and not self.app_token.startswith("xapp-"):
            raise ConfigError(
                "SLACK_APP_TOKEN must be an app-level token with connections:write (starts with xapp-)"
            )
        if bool(self.client_id) != bool(self.client_secret):
            given, missing = (
                ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET")
                if self.client_id
                else ("SLACK_CLIENT_SECRET", "SLACK_CLIENT_ID")
            )
            raise ConfigError(
                f"{given} is set, so salesbot would install itself in many workspaces, but it also needs "
                f"{missing} (api.slack.com/apps → your app → Basic Information → App Credentials)"
            )

    @property
    def oauth_on(self) -> bool:
        """Installs through Slack's OAuth flow (``/slack/install``), each workspace with its own token."""
        return bool(self.client_id and self.client_secret)

    @property
    def automatic_mode(self) -> str:
        """What a bare ``python bot.py`` runs: socket, http, or the local console when no Slack
        variable is set. Some set but not enough for either mode is a ConfigError naming what is missing."""
        if self.app_token and self.bot_token:
            return "socket"
        if self.signing_secret and (self.bot_token or self.oauth_on):
            return "http"
        if not self.slack_variables:
            return "console"
        missing = []
        if not (self.bot_token or self.oauth_on):
            missing.append("SLACK_BOT_TOKEN (the Bot User OAuth Token, xoxb-…)")
        if not (self.app_token or self.signing_secret):
            missing.append("SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP)")
        given = " and ".join(self.slack_variables)
        verb = "is" if len(self.slack_variables) == 1 else "are"
        raise ConfigError(
            f"{given} {verb} set, so salesbot would connect to Slack, but it also needs "
            f"{', and '.join(missing)}: see README.md, Connecting to Slack. To run the local console "
            f"instead, unset {given}"
        )

    def require_for(self, mode: str) -> None:
        """Stop with one line saying what is missing for ``mode``."""
        if mode == "socket":
            missing = [
                n
                for n, v in (("SLACK_BOT_TOKEN", self.bot_token), ("SLACK_APP_TOKEN", self.app_token))
                if not v
            ]
            if missing:
                raise ConfigError(
                    f"Socket Mode needs {' and '.join(missing)} "
                    "(api.slack.com/apps → your app → Basic Information / OAuth & Permissions)"
                )
        elif mode == "http":
            missing = [
                n
                for n, v in (
                    # With OAuth, each workspace's token comes from its installation.
                    ("SLACK_BOT_TOKEN", self.bot_token or self.oauth_on),
                    ("SLACK_SIGNING_SECRET", self.signing_secret),
                )
                if not v
            ]
            if missing:
                raise ConfigError(
                    f"HTTP mode needs {' and '.join(missing)} "
                    "(api.slack.com/apps → your app → Basic Information, OAuth & Permissions)"
                )
        elif mode == "work" and not (self.bot_token or self.oauth_on):
            raise ConfigError(
                "a work process answers in Slack, so it needs SLACK_BOT_TOKEN (one workspace) or "
                "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (installed in many), as the web processes have"
            )


def _whole_number(value: str | None, name: str, default: int, *, low: int, high: int) -> int:
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number between {low} and {high} (got {value!r})") from None
    if not low <= number <= high:
        raise ConfigError(f"{name} must be a whole number between {low} and {high} (got {value!r})")
    return number


def _public_url(value: str | None) -> str | None:
    """The base of links sent to customers: an http(s) origin, perhaps with a path, no query."""
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ConfigError(
            f"SALESBOT_PUBLIC_URL must be the app's address as customers reach it, such as "
            f"https://sales.example.com (got {value!r})"
        )
    return value.rstrip("/")


def _log_level(value: str | None) -> str:
    if value is None:
        return "INFO"
    level = value.upper()
    # WARN and FATAL are logging's own aliases.
    if level not in logging.getLevelNamesMapping():
        raise ConfigError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)} (got {value!r})")
    return level


def _switch(value: str | None, name: str, default: bool) -> bool:
    if value is None:
        return default
    if value.lower() in ("on", "true", "1", "yes"):
        return True
    if value.lower() in ("off", "false", "0", "no"):
        return False
    raise ConfigError(f"{name} must be on or off (got {value!r})")
