"""salesbot: run a sales team's management process in Slack.

python bot.py            Socket Mode, HTTP or the local console, by what is configured
python bot.py --help     every command
"""

from __future__ import annotations

import argparse
import logging
import sys

from salesbot.config import ConfigError, Settings
from salesbot.logs import configure_logging

logger = logging.getLogger("salesbot")

COMMANDS = {
    "console": "a local Slack workspace in this terminal, on the embedded database (no Slack needed)",
    "socket": "connect to Slack in Socket Mode (needs SLACK_BOT_TOKEN and SLACK_APP_TOKEN)",
    "http": "serve POST /slack/events and GET /healthz with gunicorn on PORT "
    "(needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET)",
    "work": "do the work after each ack that the web processes queued (SALESBOT_WORK_QUEUE=on), "
    "SALESBOT_WORK_THREADS at a time (its Prometheus metrics on METRICS_PORT when set)",
    "scheduler": "run the digest scheduler alone, for a separate clock process "
    "(its Prometheus metrics on METRICS_PORT when set)",
    "migrate": "bring the database schema to the newest version, then exit",
    "demo": "load a demo company (teams, people, products) into the database",
}

NO_SLACK = (
    "no Slack credentials are set (SLACK_BOT_TOKEN with SLACK_APP_TOKEN for Socket Mode, or with "
    "SLACK_SIGNING_SECRET for HTTP; see README.md, Connecting to Slack)"
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python bot.py",
        description="salesbot — goals, results and the sales process in Slack. Without a command it runs "
        "Socket Mode when SLACK_APP_TOKEN and SLACK_BOT_TOKEN are set, HTTP when SLACK_SIGNING_SECRET "
        "and SLACK_BOT_TOKEN are set, and the local console when no Slack variable is set.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Configuration comes from environment variables; see README.md.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, help_text in COMMANDS.items():
        sub = commands.add_parser(name, help=help_text, description=help_text)
        if name in ("console", "socket", "http"):
            sub.add_argument("--no-migrate", action="store_true", help="do not upgrade the schema at start")
        if name == "console":
            sub.add_argument("--user", help="act as this Slack user id or name")
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
        configure_logging(settings.log_level)
        command = args.command or settings.automatic_mode
        if args.command is None and command == "console":
            if not _is_terminal(sys.stdin):
                # A process manager, a container without -it: the console would read nothing and
                # end at once, which would look like a clean run.
                raise ConfigError(
                    f"{NO_SLACK}, and the local console salesbot starts instead needs a terminal "
                    "(to feed the console from a pipe, run python bot.py console)"
                )
            print(f"N{NO_SLACK[1:]}, so salesbot starts the local console.\n")
        return run(command, args, settings)
    except ConfigError as error:
        print(f"salesbot: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _is_terminal(stream) -> bool:
    try:
        return bool(stream is not None and stream.isatty())
    except (AttributeError, ValueError):  # closed, or replaced by something that is not a file
        return False


def run(command: str, args: argparse.Namespace, settings: Settings) -> int:
    from storage.db import DatabaseUrlError, make_engine
    from storage.migrate import upgrade

    settings.require_for(command)
    try:
        engine = make_engine(settings.database_url)
    except DatabaseUrlError as error:
        raise ConfigError(str(error)) from None
    if command == "migrate" or (
        command in ("console", "socket", "http", "demo") and not getattr(args, "no_migrate", False)
    ):
        _migrate(engine, upgrade)
    elif command != "migrate":
        _require_current_schema(engine)
    if command == "migrate":
        return 0
    if command == "demo":
        from handlers.runtime import Services
        from localslack.workspace import LOCAL_TEAM_ID
        from salesbot.demo import load_demo

        with Services(settings=settings, engine=engine).store(LOCAL_TEAM_ID) as store:
            print(load_demo(store))
        return 0
    if command == "console":
        from localslack.launch import run_console

        return run_console(settings, engine, user=getattr(args, "user", None))
    if command == "socket":
        _serve_own_metrics(settings)
        from handlers.server import serve_socket_mode

        serve_socket_mode(settings)
        return 0
    if command == "http":
        _prepare_metrics_directory()
        from handlers.server import serve_http

        serve_http(settings)
        return 0
    if command == "work":
        _serve_own_metrics(settings)
        from handlers.server import serve_work

        serve_work(settings, engine)
        return 0
    if command == "scheduler":
        _serve_own_metrics(settings)
        from handlers.scheduler import run_scheduler

        return run_scheduler(settings, engine)
    raise ConfigError(f"unknown command {command!r}")


def _prepare_metrics_directory() -> None:
    """gunicorn's workers add up their Prometheus samples in files in PROMETHEUS_MULTIPROC_DIR
    (handlers/metrics.py). Set before prometheus_client is first imported; a directory given by
    the operator is emptied of the last run's files, else a fresh one is made."""
    import os
    import tempfile
    from pathlib import Path

    given = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if given:
        Path(given).mkdir(parents=True, exist_ok=True)
        for stale in Path(given).glob("*.db"):
            stale.unlink()
    else:
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="salesbot-metrics-")


def _serve_own_metrics(settings: Settings) -> None:
    """A process without the web app's port (``scheduler``, ``socket``) keeps its Prometheus
    samples in memory, and serves them on METRICS_PORT when it is set. It never writes to
    PROMETHEUS_MULTIPROC_DIR: that directory is the web workers' (``bot.py http`` empties it at
    start), and their /metrics would report this process's figures a second time."""
    import os

    os.environ.pop("PROMETHEUS_MULTIPROC_DIR", None)  # before prometheus_client is first imported
    if settings.metrics_port is None:
        return
    from handlers.metrics import serve_metrics

    serve_metrics(settings.metrics_port)
    logger.info("serving Prometheus metrics on port %s (GET /metrics)", settings.metrics_port)


def _migrate(engine, upgrade) -> None:
    from sqlalchemy.exc import OperationalError

    try:
        upgrade(engine)
    except OperationalError as error:
        raise _unreachable(error) from None


def _unreachable(error) -> ConfigError:
    first_line = str(error.orig).strip().splitlines()[0]
    return ConfigError(f"cannot reach the database at DATABASE_URL ({first_line})")


def _require_current_schema(engine) -> None:
    from sqlalchemy.exc import OperationalError

    from storage.migrate import current_version, newest_version

    try:
        current = current_version(engine)
    except OperationalError as error:
        raise _unreachable(error) from None
    if current != newest_version():
        raise ConfigError(
            f"the database schema is at version {current or 'none'}, not {newest_version()}: "
            "run python bot.py migrate first"
        )


if __name__ == "__main__":
    sys.exit(main())
