"""``/sales progress`` and ``/sales leaderboard``, and their buttons."""

from __future__ import annotations

from slack_bolt import App

from handlers import ids
from handlers.blocks.progress import build_leaderboard, build_progress
from handlers.listeners import button
from handlers.respond import Reply
from handlers.runtime import Request
from salesbot import leaderboard, progress


def register(app: App) -> None:
    app.action(ids.SHOW_PROGRESS)(button(lambda request: progress_command(request, "")))
    app.action(ids.SHOW_LEADERBOARD)(button(lambda request: leaderboard_command(request, "")))


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


def leaderboard_command(request: Request, text: str) -> Reply:
    period = leaderboard.read_period(request.store, text, today=request.today, lang=request.actor.lang)
    board = leaderboard.leaderboard(request.store, request.actor, today=request.today, period=period)
    return build_leaderboard(request.fmt, board)
