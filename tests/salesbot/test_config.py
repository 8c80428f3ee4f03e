"""Configuration read from the environment: modes, what is missing, what is wrong, and why."""

from __future__ import annotations

import pytest

from salesbot.config import ConfigError, Settings


def test_automatic_mode_follows_the_credentials():
    assert Settings.from_env({}).automatic_mode == "console"
    assert (
        Settings.from_env({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}).automatic_mode
        == "socket"
    )
    assert (
        Settings.from_env({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}).automatic_mode == "http"
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"PORT": "eighty"}, "PORT must be a whole number"),
        ({"METRICS_PORT": "70000"}, "METRICS_PORT must be a whole number between 1 and 65535"),
        ({"SALESBOT_SCHEDULER": "maybe"}, "SALESBOT_SCHEDULER must be on or off"),
        (
            {"SALESBOT_SCHEDULER_INTERVAL": "0"},
            "SALESBOT_SCHEDULER_INTERVAL must be a whole number",
        ),
        ({"SALESBOT_DIGEST_GRACE_MINUTES": "soon"}, "SALESBOT_DIGEST_GRACE_MINUTES must be a whole number"),
        ({"SLACK_BOT_TOKEN": "xapp-oops"}, "SLACK_BOT_TOKEN must be the Bot User OAuth Token"),
        ({"SLACK_APP_TOKEN": "xoxb-oops"}, "SLACK_APP_TOKEN must be an app-level token"),
        ({"SLACK_CLIENT_ID": "123"}, "SLACK_CLIENT_ID is set, .* also needs SLACK_CLIENT_SECRET"),
        ({"SALESBOT_UNINSTALL_GRACE_DAYS": "0"}, "SALESBOT_UNINSTALL_GRACE_DAYS must be a whole number"),
        ({"SLACK_API_URL": "slack.example"}, "SLACK_API_URL must start with https://"),
    ],
)
def test_wrong_configuration_is_explained(env, message):
    with pytest.raises(ConfigError, match=message):
        Settings.from_env(env)


def test_oauth_credentials_start_http_without_a_bot_token():
    settings = Settings.from_env(
        {"SLACK_CLIENT_ID": "123.456", "SLACK_CLIENT_SECRET": "c", "SLACK_SIGNING_SECRET": "s"}
    )
    assert settings.oauth_on and settings.automatic_mode == "http"
    settings.require_for("http")
    assert settings.uninstall_grace_days == 30


def test_modes_say_what_is_missing():
    with pytest.raises(ConfigError, match="HTTP mode needs SLACK_SIGNING_SECRET"):
        Settings.from_env({"SLACK_BOT_TOKEN": "xoxb-1"}).require_for("http")
    with pytest.raises(ConfigError, match="Socket Mode needs SLACK_BOT_TOKEN and SLACK_APP_TOKEN"):
        Settings.from_env({}).require_for("socket")


def test_admins_and_api_url_are_read():
    settings = Settings.from_env({"SALESBOT_ADMINS": " U1, U2 ,", "SLACK_API_URL": "http://127.0.0.1:9/api"})
    assert settings.admins == frozenset({"U1", "U2"})
    assert settings.api_url == "http://127.0.0.1:9/api/"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"SLACK_BOT_TOKEN": "xoxb-1"},
            "SLACK_BOT_TOKEN is set, so salesbot would connect to Slack, but it also needs "
            "SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP): see README.md, Connecting to "
            "Slack. To run the local console instead, unset SLACK_BOT_TOKEN",
        ),
        (
            {"SLACK_APP_TOKEN": "xapp-1"},
            "SLACK_APP_TOKEN is set, so salesbot would connect to Slack, but it also needs "
            "SLACK_BOT_TOKEN (the Bot User OAuth Token, xoxb-…): see README.md",
        ),
        (
            {"SLACK_SIGNING_SECRET": "s", "SLACK_APP_TOKEN": "xapp-1"},
            "SLACK_APP_TOKEN and SLACK_SIGNING_SECRET are set, so salesbot would connect to Slack, but it "
            "also needs SLACK_BOT_TOKEN (the Bot User OAuth Token, xoxb-…): see",
        ),
        (
            {"SLACK_API_URL": "https://slack-gov.com/api/"},
            "it also needs SLACK_BOT_TOKEN (the Bot User OAuth Token, xoxb-…), and SLACK_APP_TOKEN "
            "(Socket Mode) or SLACK_SIGNING_SECRET (HTTP):",
        ),
    ],
)
def test_any_slack_variable_means_slack_and_what_is_missing_is_named(env, message):
    settings = Settings.from_env(env)
    with pytest.raises(ConfigError) as refused:
        _ = settings.automatic_mode
    assert message in str(refused.value)


def test_the_log_level_is_checked_and_read_in_any_case():
    assert Settings.from_env({}).log_level == "INFO"
    assert Settings.from_env({"LOG_LEVEL": "debug"}).log_level == "DEBUG"
    with pytest.raises(
        ConfigError, match=r"LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL \(got 'LOUD'\)"
    ):
        Settings.from_env({"LOG_LEVEL": "LOUD"})


def test_the_public_url_is_checked_and_read_without_a_trailing_slash():
    assert Settings.from_env({}).public_url is None
    assert Settings.from_env({"SALESBOT_PUBLIC_URL": "https://sales.example.com/"}).public_url == (
        "https://sales.example.com"
    )
    assert Settings.from_env({"SALESBOT_PUBLIC_URL": "https://example.com/salesbot"}).public_url == (
        "https://example.com/salesbot"
    )
    for wrong in ("sales.example.com", "ftp://example.com", "https://example.com/?a=1"):
        with pytest.raises(ConfigError, match="SALESBOT_PUBLIC_URL must be the app's address"):
            Settings.from_env({"SALESBOT_PUBLIC_URL": wrong})


def test_the_metrics_port_is_off_unless_set():
    assert Settings.from_env({}).metrics_port is None
    assert Settings.from_env({"METRICS_PORT": " "}).metrics_port is None
    assert Settings.from_env({"METRICS_PORT": "9464"}).metrics_port == 9464


def test_the_work_queue_is_off_unless_turned_on_and_its_numbers_are_checked():
    assert (Settings.from_env({}).work_queue, Settings.from_env({}).work_threads) == (False, 8)
    settings = Settings.from_env({"SALESBOT_WORK_QUEUE": "on", "SALESBOT_WORK_THREADS": "16"})
    assert (settings.work_queue, settings.work_threads, settings.work_nice) == (True, 16, 10)
    with pytest.raises(ConfigError, match=r"SALESBOT_WORK_NICE must be a whole number between 0 and 19"):
        Settings.from_env({"SALESBOT_WORK_NICE": "20"})
    with pytest.raises(ConfigError, match="a work process answers in Slack, so it needs SLACK_BOT_TOKEN"):
        Settings.from_env({}).require_for("work")
    Settings.from_env({"SLACK_BOT_TOKEN": "xoxb-1"}).require_for("work")
