"""``/sales progress`` and ``/sales leaderboard``."""

from __future__ import annotations

from handlers.blocks.progress import build_leaderboard, build_progress
from handlers.commands.registry import subcommand
from handlers.runtime import Reply, Request
from salesbot import leaderboard, progress


@subcommand("progress", usage="progress.usage", aliases=("fremdrift",))
def progress_command(request: Request, text: str) -> Reply:
    ask = progress.read_progress_ask(request.store, text, today=request.today, lang=request.actor.lang)
    person = request.people([ask.user_id])[0] if ask.user_id else None
    report = progress.progress_report(
        request.store,
        request.actor,
        today=request.today,
        person=person,
        team=ask.team,
        company=ask.company,
        period=ask.period,
    )
    return build_progress(request.fmt, report)


@subcommand("leaderboard", usage="leaderboard.usage", aliases=("toppliste", "ledertavle"))
def leaderboard_command(request: Request, text: str) -> Reply:
    period = leaderboard.read_period(request.store, text, today=request.today, lang=request.actor.lang)
    board = leaderboard.leaderboard(request.store, request.actor, today=request.today, period=period)
    return build_leaderboard(request.fmt, board)
