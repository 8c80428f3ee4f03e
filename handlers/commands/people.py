"""``/sales role`` and ``/sales team``."""

from __future__ import annotations

from collections.abc import Callable

from handlers.blocks.common import mention, mrkdwn_escape
from handlers.blocks.lists import build_notice, build_team_list
from handlers.commands.registry import subcommand
from handlers.runtime import Reply, Request
from salesbot import people, teams
from salesbot.access import Role
from salesbot.commands import parse_role, parse_team
from salesbot.i18n import Formatter, pick_language


@subcommand("role", usage="role.usage", audience=Role.ADMIN, aliases=("rolle",))
def role_command(request: Request, text: str) -> Reply:
    parsed = parse_role(text)
    (subject,) = request.people([parsed.user_id])
    change = people.set_role(request.store, request.actor, subject, parsed.role, request.admins)
    fmt = request.fmt
    role_name = fmt.t(f"role.{change.new.value}")
    if change.old is change.new:
        return build_notice(fmt.t("role.unchanged", user=mention(subject.slack_user_id), role=role_name))
    if subject.slack_user_id != request.user_id:
        new = change.new.value
        _tell(
            request,
            subject,
            lambda f: f.t("role.changed_dm", actor=mention(request.user_id), role=f.t(f"role.{new}")),
        )
    detail = fmt.t("role.dropped_teams", teams=_names(change.dropped_teams)) if change.dropped_teams else None
    return build_notice(
        fmt.t("role.changed", user=mention(subject.slack_user_id), role=role_name),
        detail=detail,
    )


@subcommand("team", usage="team.usage", rep_usage="team.usage_rep", aliases=("lag",))
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
        team = teams.set_channel(store, actor, parsed.name, parsed.channel_id)
        if team.channel_id is None:
            return build_notice(fmt.t("team.channel_cleared", team=mrkdwn_escape(team.name)))
        return build_notice(
            fmt.t("team.channel_set", team=mrkdwn_escape(team.name), channel=f"<#{team.channel_id}>"),
            detail=fmt.t("team.channel_invite"),
        )
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
            _tell(
                request,
                person,
                lambda f: f.t("team.manager_dm", team=team, actor=mention(request.user_id)),
            )
    detail = fmt.t("team.promoted", people=_names(change.promoted)) if change.promoted else None
    return _membership_notice(fmt, "team.managers_added", "team.already_managers", change, detail=detail)


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


def _tell(request: Request, person, message: Callable[[Formatter], str]) -> None:
    """A DM to ``person`` in their own language, sent once the change is saved."""
    lang = pick_language(
        preference=person.language, slack_locale=person.slack_locale, workspace=request.store.workspace.locale
    )
    text = message(Formatter(lang))
    user_id = person.slack_user_id
    request.after_commit.append(lambda: request.client.chat_postMessage(channel=user_id, text=text))
