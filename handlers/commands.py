"""``/sales``: the table of subcommands, the dispatch to them, and the help menu.

Every subcommand is listed here, in help-menu order (the daily work first, administration
last), with who may use it and the words it also answers to. Adding one is a line here and a
function ``NAME_command(request, text)`` in the feature's module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from slack_bolt import App

from handlers import (
    away,
    coaching,
    diagnosis,
    digests,
    export,
    feedback,
    goal_talks,
    goals,
    ids,
    imports,
    kudos,
    orders,
    products,
    progress,
    recognition,
    results,
    rewards,
    roles,
    sales,
    segments,
    settings,
    teams,
    training,
    working,
)
from handlers.blocks.help import build_help
from handlers.listeners import button, slash_command
from handlers.respond import Modal, Reply
from handlers.runtime import Request
from salesbot.access import Role
from salesbot.commands import slack_unescape, split_subcommand
from salesbot.errors import InvalidInput
from salesbot.i18n import t
from salesbot.names import closest

HELP_WORDS = ("", "help", "hjelp")
# "/sales result list …" is "/sales results …": what people type to see what they recorded.
LIST_WORDS = ("list", "liste")


@dataclass(frozen=True)
class Subcommand:
    name: str
    run: Callable[[Request, str], Reply | Modal | None]
    usage_key: str
    audience: Role = Role.REP  # the least role that may use it
    aliases: tuple[str, ...] = ()
    # What a rep's help shows when the full usage lists forms only managers or admins may use.
    rep_usage_key: str | None = None
    # The subcommand "NAME list …" (a word of ``LIST_WORDS``) means.
    listed_by: str | None = None

    def usage_for(self, role: Role) -> str:
        return self.rep_usage_key if role is Role.REP and self.rep_usage_key else self.usage_key


SUBCOMMANDS = (
    Subcommand("goal", goals.goal_command, "goal.usage", Role.MANAGER, ("mål",)),
    Subcommand("goals", goals.goals_command, "goals.usage"),
    Subcommand("acks", goal_talks.acks_command, "acks.usage", aliases=("ack", "bekreftelser", "bekreft")),
    Subcommand(
        "result",
        sales.result_command,
        "result.usage",
        aliases=("resultat", "sale", "salg"),
        listed_by="results",
    ),
    Subcommand("results", results.results_command, "results.usage", aliases=("resultater",)),
    Subcommand("orders", orders.orders_command, "orders.usage", aliases=("ordrer",)),
    Subcommand("progress", progress.progress_command, "progress.usage", aliases=("fremdrift",)),
    Subcommand(
        "leaderboard", progress.leaderboard_command, "leaderboard.usage", aliases=("toppliste", "ledertavle")
    ),
    Subcommand(
        "diagnose",
        diagnosis.diagnose_command,
        "diagnosis.usage",
        Role.MANAGER,
        ("diagnosis", "diagnostiser", "diagnostisere"),
    ),
    Subcommand(
        "coach",
        coaching.coach_command,
        "coaching.usage",
        aliases=("coaching", "veiledning", "veiled"),
        rep_usage_key="coaching.usage_rep",
    ),
    Subcommand(
        "digest", digests.digest_command, "digest.usage", aliases=("digests", "oppsummering", "sammendrag")
    ),
    Subcommand(
        "train",
        training.train_command,
        "training.usage",
        aliases=("training", "opplæring", "kurs"),
        rep_usage_key="training.usage_rep",
    ),
    Subcommand(
        "feedback",
        feedback.feedback_command,
        "feedback.usage",
        aliases=("tilbakemelding", "tilbakemeldinger"),
    ),
    Subcommand(
        "working",
        working.working_command,
        "working.usage",
        aliases=("fungerer", "virker"),
        rep_usage_key="working.usage_rep",
    ),
    Subcommand("export", export.export_command, "export.usage", aliases=("eksport", "eksporter")),
    Subcommand("import", imports.import_command, "import.usage", Role.MANAGER, ("importer", "importere")),
    Subcommand("kudos", kudos.kudos_command, "kudos.usage", aliases=("skryt", "ros")),
    Subcommand(
        "reward",
        rewards.reward_command,
        "rewards.usage",
        aliases=("rewards", "belønning", "belønninger", "premie"),
        rep_usage_key="rewards.usage_rep",
    ),
    Subcommand(
        "recognition", recognition.recognition_command, "recognition.usage", Role.ADMIN, ("anerkjennelse",)
    ),
    Subcommand("away", away.away_command, "away.usage", aliases=("borte", "fri")),
    Subcommand("team", teams.team_command, "team.usage", aliases=("lag",), rep_usage_key="team.usage_rep"),
    Subcommand(
        "product",
        products.product_command,
        "product.usage",
        aliases=("produkt", "products", "produkter"),
        rep_usage_key="product.usage_rep",
    ),
    Subcommand(
        "segments",
        segments.segments_command,
        "segments.usage",
        aliases=("segment", "segmenter", "kundesegmenter"),
        rep_usage_key="segments.usage_rep",
    ),
    Subcommand("role", roles.role_command, "role.usage", Role.ADMIN, ("rolle",)),
    Subcommand(
        "settings", settings.settings_command, "settings.usage", aliases=("innstillinger", "preferences")
    ),
)
_RANK = {Role.REP: 0, Role.MANAGER: 1, Role.ADMIN: 2}


def register(app: App) -> None:
    app.command("/sales")(slash_command(sales_command))
    app.action(ids.SHOW_HELP)(button(help_reply))


def sales_command(request: Request, text: str) -> Reply | Modal | None:
    """``/sales WORD REST``: WORD picks the subcommand, which reads REST."""
    name, rest = split_subcommand(slack_unescape(text))
    if name in HELP_WORDS:
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
    word, tail = split_subcommand(rest)
    if subcommand.listed_by and word in LIST_WORDS:
        subcommand, rest = find_subcommand(subcommand.listed_by), tail
    return subcommand.run(request, rest)


def find_subcommand(word: str) -> Subcommand | None:
    return next((s for s in SUBCOMMANDS if word == s.name or word in s.aliases), None)


def help_reply(request: Request) -> Reply:
    """The menu: the subcommands the caller's role may use, with their usage."""
    actor = request.actor
    allowed = [s for s in SUBCOMMANDS if _RANK[actor.role] >= _RANK[s.audience]]
    usages = [(s.name, t(actor.lang, s.usage_for(actor.role))) for s in allowed]
    return build_help(actor, usages)
