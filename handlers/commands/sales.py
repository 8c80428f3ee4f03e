"""``/sales``: acknowledge at once, then hand the words to the subcommand."""

from __future__ import annotations

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from handlers.commands import catalog, digest, goals, people, progress, results, settings
from handlers.commands.registry import SUBCOMMANDS, find_subcommand, help_reply
from handlers.runtime import Reply, Request, ephemeral_sender, run_request
from salesbot.commands import slack_unescape, split_subcommand
from salesbot.errors import InvalidInput
from salesbot.names import closest

# Importing the modules registers their subcommands.
_SUBCOMMAND_MODULES = (catalog, digest, goals, people, progress, results, settings)


def handle_sales_command(
    ack: Ack, command: dict, client: WebClient, respond: Respond, context: BoltContext
) -> None:
    ack()
    name, rest = split_subcommand(slack_unescape(command.get("text", "")))

    def work(request: Request) -> Reply | None:
        if name in ("", "help", "hjelp"):
            return help_reply(request)
        subcommand = find_subcommand(name)
        if subcommand is None:
            names = [n for sub in SUBCOMMANDS for n in (sub.name, *sub.aliases)]
            suggestion = next(iter(closest(name, names, limit=1)), None)
            raise InvalidInput(
                "command.unknown_with_suggestion" if suggestion else "command.unknown",
                example="command.see_help",
                text=name,
                suggestion=suggestion or "",
            )
        return subcommand.run(request, rest)

    run_request(
        context["services"],
        client,
        ephemeral_sender(respond),
        team_id=command["team_id"],
        enterprise_id=command.get("enterprise_id"),
        user_id=command["user_id"],
        channel_id=command.get("channel_id"),
        trigger_id=command.get("trigger_id"),
        work=work,
    )
