"""Reading what people type after ``/sales``: the subcommand word, mentions, quotes, Slack's escaping.

Slack sends mentions escaped (``<@U123|kari>``); those are read here into user ids. Each
subcommand's own grammar is in its module (``teams.parse_team``, ``products.parse_product``,
``people.parse_role``, ``sales.parse_result``, ``goals.parse_goal_command`` …).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from salesbot.errors import InvalidInput

USER_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
CHANNEL_MENTION = re.compile(r"<#([CG][A-Z0-9]+)(?:\|[^>]*)?>")
# Words that clear a team's channel: "/sales team channel Øst off".
NO_CHANNEL = ("off", "none", "ingen", "av")
# A mention Slack did not escape: typed as plain "@name" (escaping off, or pasted text).
PLAIN_MENTION = re.compile(r"(?<![<\w])@[\w.\-]+")


# What Slack writes itself in a command's text: mentions, channels, specials, links.
SLACK_TOKEN = re.compile(r"<[@#!][^<>]*>|<https?://[^<>]*>")
_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))


def slack_unescape(text: str) -> str:
    """The text as the person typed it: Slack sends their ``&``, ``<`` and ``>`` as entities.

    Slack's own tokens (``<@U123|kari>``, ``<#C1|sales>``) are kept as they are; names are
    stored plain and escaped again wherever they are shown in mrkdwn.
    """
    parts = []
    last = 0
    for token in SLACK_TOKEN.finditer(text):
        parts.append(_decode(text[last : token.start()]))
        parts.append(token.group(0))
        last = token.end()
    parts.append(_decode(text[last:]))
    return "".join(parts)


def _decode(text: str) -> str:
    for entity, char in _ENTITIES:
        text = text.replace(entity, char)
    return text


def split_subcommand(text: str) -> tuple[str, str]:
    """``"team add Øst <@U1>"`` → ``("team", "add Øst <@U1>")``; the name lower-cased."""
    text = (text or "").strip()
    if not text:
        return "", ""
    head, _, rest = text.partition(" ")
    return head.casefold(), rest.strip()


def take_mentions(text: str) -> tuple[list[str], str]:
    """The mentioned user ids in order (once each) and the text without them."""
    ids: list[str] = []
    for user_id in USER_MENTION.findall(text):
        if user_id not in ids:
            ids.append(user_id)
    remainder = " ".join(USER_MENTION.sub(" ", text).split())
    return ids, remainder


def require_mentions(text: str, *, usage: str) -> tuple[list[str], str]:
    ids, remainder = take_mentions(text)
    plain = PLAIN_MENTION.findall(remainder)
    if plain:
        raise InvalidInput("command.plain_mention", example=usage, text=plain[0])
    if not ids:
        raise InvalidInput("command.mention_missing", example=usage)
    return ids, remainder


def take_action(text: str, actions: Mapping[str, str], *, area: str) -> tuple[str, str]:
    """A subcommand's action and the rest: ``actions`` maps each word (or two-word phrase,
    "legg til") people type to the action it means; none is ``list``, an unknown word refused."""
    words = (text or "").split(maxsplit=2)
    if len(words) >= 2 and (phrase := f"{words[0]} {words[1]}".casefold()) in actions:
        return actions[phrase], words[2] if len(words) > 2 else ""
    action, rest = split_subcommand(text)
    if action in ("", "list"):
        return "list", rest
    if action not in actions:
        raise InvalidInput(f"{area}.form", example=f"{area}.usage", text=action)
    return actions[action], rest


def unquote(text: str) -> str:
    """``"Team Nord"`` → ``Team Nord``: a name typed in straight, curly or angle quotes."""
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'“”":
        return text[1:-1].strip()
    if len(text) >= 2 and text[0] in "“«" and text[-1] in "”»":
        return text[1:-1].strip()
    return text
