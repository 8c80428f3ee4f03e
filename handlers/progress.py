"""``/sales progress`` and ``/sales leaderboard``, and their buttons."""

from __future__ import annotations

from slack_bolt import App

from handlers import ids
from handlers.blocks.progress import build_leaderboard, build_progress
from handlers.listeners import button
from handlers.respond import Reply
from handlers.runtime import Request
from salesbot import diagnosis, leaderboard, progress
from salesbot.goals import Subject


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
    return build_progress(request.fmt, report, diagnosable=diagnosable(request, report))


def diagnosable(request: Request, report: progress.ProgressReport) -> set[tuple[str, int]]:
    """The people and teams behind pace in ``report`` the reader may diagnose (their managers
    and admins): only they are shown Diagnose."""
    store, actor = request.store, request.actor
    if not (actor.is_admin or actor.is_manager):
        return set()
    found = set()
    for section in report.sections:
        who = section.person or section.team
        if who is None or not any(item.progress.status in progress.BEHIND for item in section.goals):
            continue
        subject = Subject(section.scope, person=section.person, team=section.team)
        if diagnosis.may_diagnose(store, actor, subject):
            found.add((section.scope, who.id))
    return found


def leaderboard_command(request: Request, text: str) -> Reply:
    period = leaderboard.read_period(request.store, text, today=request.today, lang=request.actor.lang)
    board = leaderboard.leaderboard(request.store, request.actor, today=request.today, period=period)
    return build_leaderboard(request.fmt, board)
