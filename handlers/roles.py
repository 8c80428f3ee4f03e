"""``/sales role``: give someone a role (admins)."""

from __future__ import annotations

from handlers.blocks.common import build_notice, mention, mrkdwn_escape
from handlers.respond import Reply
from handlers.runtime import Request
from salesbot import people
from salesbot.people import parse_role


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
        theirs = request.formatter_for(subject)
        text = theirs.t("role.changed_dm", actor=mention(request.user_id), role=theirs.t(f"role.{new}"))
        request.notify(subject.slack_user_id, text)
    detail = fmt.t("role.dropped_teams", teams=_names(change.dropped_teams)) if change.dropped_teams else None
    return build_notice(
        fmt.t("role.changed", user=mention(subject.slack_user_id), role=role_name),
        detail=detail,
    )


def _names(names: list[str]) -> str:
    """People's or teams' names, as typed, in mrkdwn."""
    return ", ".join(mrkdwn_escape(name) for name in names)
