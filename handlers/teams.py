"""``/sales team``: teams, their members, managers and channel (admins; ``list`` for everyone)."""

from __future__ import annotations

from slack_bolt import App

from handlers import channels, ids
from handlers.blocks.common import build_notice, mention, mrkdwn_escape
from handlers.blocks.teams import build_team_list
from handlers.channels import channel_problem
from handlers.listeners import button
from handlers.respond import Reply
from handlers.runtime import Request
from salesbot import teams
from salesbot.errors import InvalidInput
from salesbot.i18n import Formatter
from salesbot.teams import parse_team


def register(app: App) -> None:
    app.action(ids.SHOW_TEAMS)(button(lambda request: build_team_list(request.fmt, request.store.teams())))


def team_command(request: Request, text: str) -> Reply:
    parsed = parse_team(text)
    store, actor, fmt = request.store, request.actor, request.fmt
    if parsed.action == "list":
        return build_team_list(fmt, store.teams())
    if parsed.action == "create":
        team = teams.create_team(store, actor, parsed.name)
        name = mrkdwn_escape(team.name)
        return build_notice(fmt.t("team.created", name=name), detail=fmt.t("team.created_next", name=name))
    if parsed.action == "rename":
        old, team = teams.rename_team(store, actor, parsed.renames)
        return build_notice(fmt.t("team.renamed", old=mrkdwn_escape(old), name=mrkdwn_escape(team.name)))
    if parsed.action == "delete":
        name, former = teams.delete_team(store, actor, parsed.name)
        detail = fmt.t("team.deleted_people", people=_names(former)) if former else None
        return build_notice(fmt.t("team.deleted", name=mrkdwn_escape(name)), detail=detail)
    if parsed.action == "channel":
        return _set_channel(request, parsed)
    chosen = request.people(list(parsed.user_ids))
    if parsed.action == "add":
        change = teams.add_members(store, actor, parsed.name, chosen)
        return _membership_notice(fmt, "team.added", "team.already_members", change)
    if parsed.action == "remove":
        change = teams.remove_members(store, actor, parsed.name, chosen)
        return _membership_notice(fmt, "team.removed", "team.not_members", change)
    change = teams.add_managers(store, actor, parsed.name, chosen, request.admins)
    team = mrkdwn_escape(change.team)
    for person in chosen:
        if person.name in change.changed and person.slack_user_id != request.user_id:
            theirs = request.formatter_for(person)
            request.notify(
                person.slack_user_id, theirs.t("team.manager_dm", team=team, actor=mention(request.user_id))
            )
    detail = fmt.t("team.promoted", people=_names(change.promoted)) if change.promoted else None
    return _membership_notice(fmt, "team.managers_added", "team.already_managers", change, detail=detail)


# Channels salesbot can never post in are refused; one it is not in yet is saved, with how to fix it.
_CHANNEL_REFUSALS = {channels.NOT_FOUND: "team.channel_not_found", channels.ARCHIVED: "team.channel_archived"}


def _set_channel(request: Request, parsed: teams.TeamCommand) -> Reply:
    fmt = request.fmt
    problem = channel_problem(request.client, parsed.channel_id) if parsed.channel_id else None
    link = f"<#{parsed.channel_id}>"
    refusal = (
        InvalidInput(_CHANNEL_REFUSALS[problem], channel_link=link) if problem in _CHANNEL_REFUSALS else None
    )
    team = teams.set_channel(
        request.store, request.actor, parsed.name, parsed.channel_id, channel_problem=refusal
    )
    if team.channel_id is None:
        return build_notice(fmt.t("team.channel_cleared", team=mrkdwn_escape(team.name)))
    detail = fmt.t("team.channel_invite", channel=link) if problem else fmt.t("team.channel_ready")
    return build_notice(fmt.t("team.channel_set", team=mrkdwn_escape(team.name), channel=link), detail=detail)


def _membership_notice(
    fmt: Formatter, done_key: str, unchanged_key: str, change, detail: str | None = None
) -> Reply:
    lines = []
    team = mrkdwn_escape(change.team)
    if change.changed:
        lines.append(fmt.t(done_key, team=team, people=_names(change.changed)))
    if change.unchanged:
        lines.append(fmt.t(unchanged_key, team=team, people=_names(change.unchanged)))
    return build_notice("\n".join(lines), detail=detail)


def _names(names: list[str]) -> str:
    """People's or teams' names, as typed, in mrkdwn."""
    return ", ".join(mrkdwn_escape(name) for name in names)
