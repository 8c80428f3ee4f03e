"""The ``/sales`` subcommands: name, usage and who may use each, in help-menu order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from handlers.blocks.help import build_help
from handlers.runtime import Reply, Request
from salesbot.access import Role
from salesbot.i18n import t


@dataclass(frozen=True)
class Subcommand:
    name: str
    run: Callable[[Request, str], Reply | None]
    usage_key: str
    audience: Role = Role.REP  # the least role that may use it
    aliases: tuple[str, ...] = ()
    # What a rep's help shows when the full usage lists forms only managers or admins may use.
    rep_usage_key: str | None = None

    def usage_for(self, role: Role) -> str:
        return self.rep_usage_key if role is Role.REP and self.rep_usage_key else self.usage_key


SUBCOMMANDS: list[Subcommand] = []
# The help menu's order: the daily work first, administration last.
MENU_ORDER = (
    "goal",
    "goals",
    "result",
    "orders",
    "progress",
    "leaderboard",
    "digest",
    "away",
    "team",
    "product",
    "role",
    "settings",
)
_RANK = {Role.REP: 0, Role.MANAGER: 1, Role.ADMIN: 2}


def subcommand(
    name: str,
    *,
    usage: str,
    audience: Role = Role.REP,
    aliases: tuple[str, ...] = (),
    rep_usage: str | None = None,
):
    """Registers the decorated function as ``/sales NAME``."""

    def register(run: Callable[[Request, str], Reply | None]):
        SUBCOMMANDS.append(
            Subcommand(
                name=name,
                run=run,
                usage_key=usage,
                audience=audience,
                aliases=aliases,
                rep_usage_key=rep_usage,
            )
        )
        return run

    return register


def find_subcommand(word: str) -> Subcommand | None:
    return next((s for s in SUBCOMMANDS if word == s.name or word in s.aliases), None)


def help_reply(request: Request, note: str | None = None) -> Reply:
    actor = request.actor
    allowed = [s for s in SUBCOMMANDS if _RANK[actor.role] >= _RANK[s.audience]]
    allowed.sort(key=lambda s: MENU_ORDER.index(s.name) if s.name in MENU_ORDER else len(MENU_ORDER))
    usages = [(s.name, t(actor.lang, s.usage_for(actor.role))) for s in allowed]
    return build_help(actor, usages, note=note)
