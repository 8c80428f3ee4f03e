"""The text grammar of ``/sales`` subcommands: words in, plain values out.

Slack sends mentions escaped (``<@U123|kari>``); those are read here into user ids. What a
subcommand then does lives in its own module.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from decimal import Decimal

from salesbot.amounts import check_currency, parse_amount, read_amount
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


@dataclass(frozen=True)
class RoleCommand:
    user_id: str
    role: str


def parse_role(text: str) -> RoleCommand:
    ids, remainder = require_mentions(text, usage="role.usage")
    if len(ids) != 1 or not remainder or len(remainder.split()) != 1:
        raise InvalidInput("role.form", example="role.usage")
    return RoleCommand(user_id=ids[0], role=remainder.casefold())


@dataclass(frozen=True)
class TeamCommand:
    action: str  # create | add | remove | manager | channel | rename | delete | list
    name: str = ""
    user_ids: tuple[str, ...] = ()
    channel_id: str | None = None  # for "channel"; None clears it
    # For "rename": the ways to read the words as (old name, new name), longest old name first.
    renames: tuple[tuple[str, str], ...] = ()


TEAM_ACTIONS = ("create", "add", "remove", "manager", "channel", "rename", "delete", "list")
# Between the old and the new name: "/sales team rename Ost to Øst".
_RENAME_TO = re.compile(r"\s+(?:to|til|->|→)\s+", re.IGNORECASE)


def _action(text: str, actions: tuple[str, ...], *, area: str) -> tuple[str, str]:
    """A subcommand's action word (none is ``list``) and the rest; an unknown word is refused."""
    action, rest = split_subcommand(text)
    if action in ("", "list"):
        return "list", rest
    if action not in actions:
        raise InvalidInput(f"{area}.form", example=f"{area}.usage", text=action)
    return action, rest


def parse_team(text: str) -> TeamCommand:
    """``/sales team`` alone lists the teams, like ``team list``."""
    action, rest = _action(text, TEAM_ACTIONS, area="team")
    if action == "list":
        return TeamCommand(action="list")
    if action == "create":
        if "<@" in rest:
            raise InvalidInput("team.create_no_people", example="team.usage")
        return TeamCommand(action="create", name=unquote(rest))
    if action == "delete":
        if not rest:
            raise InvalidInput("team.name_missing", example="team.usage")
        return TeamCommand(action="delete", name=unquote(rest))
    if action == "rename":
        return TeamCommand(action="rename", renames=_rename_readings(rest))
    if action == "channel":
        return _parse_team_channel(rest)
    ids, name = require_mentions(rest, usage="team.usage")
    if not name:
        raise InvalidInput("team.name_missing", example="team.usage")
    return TeamCommand(action=action, name=unquote(name), user_ids=tuple(ids))


def _rename_readings(rest: str) -> tuple[tuple[str, str], ...]:
    """``OLD NEW`` as (old, new) pairs: one when the names are quoted or split by "to", else
    every split of the words (the catalog of teams then tells which old name is meant)."""
    rest = rest.translate(str.maketrans({"“": '"', "”": '"', "«": '"', "»": '"'})).strip()
    if '"' in rest:
        try:
            words = shlex.split(rest)
        except ValueError:
            raise InvalidInput("team.rename_form", example="team.usage") from None
        if len(words) != 2 or not all(w.strip() for w in words):
            raise InvalidInput("team.rename_form", example="team.usage")
        return ((words[0].strip(), words[1].strip()),)
    parts = _RENAME_TO.split(rest)
    if len(parts) == 2 and all(parts):
        return ((parts[0], parts[1]),)
    words = rest.split()
    if len(words) < 2:
        raise InvalidInput("team.rename_form", example="team.usage")
    return tuple((" ".join(words[:cut]), " ".join(words[cut:])) for cut in range(len(words) - 1, 0, -1))


def _parse_team_channel(rest: str) -> TeamCommand:
    """``channel NAME #channel`` sets where the team is told of its goals; ``channel NAME off`` clears it."""
    channels = CHANNEL_MENTION.findall(rest)
    name = " ".join(CHANNEL_MENTION.sub(" ", rest).split())
    if len(channels) > 1:
        raise InvalidInput("team.channel_form", example="team.usage")
    if not channels:
        words = name.split()
        if len(words) < 2 or words[-1].casefold() not in NO_CHANNEL:
            raise InvalidInput("team.channel_form", example="team.usage")
        name = " ".join(words[:-1])
    if not name:
        raise InvalidInput("team.name_missing", example="team.usage")
    return TeamCommand(action="channel", name=unquote(name), channel_id=channels[0] if channels else None)


PRODUCT_ACTIONS = ("add", "list", "retire")
_LOOKS_LIKE_PRICE = re.compile(r"^[\d$€£]|^-\d|\d(?:k|m|,-)?$", re.IGNORECASE)
_PRICE_KEYWORD = re.compile(r"\s+(?:price|pris):\s*(.+)$", re.IGNORECASE)


@dataclass(frozen=True)
class ProductCommand:
    action: str  # add | list | retire
    name: str = ""
    price: Decimal | None = None


def parse_product(text: str, lang: str, *, currency: str | None = None) -> ProductCommand:
    """``add NAME [PRICE]``: the longest tail that reads as an amount is the price; alone (or
    ``list``), the catalog.

    A name ending in a number is quoted (``"Barista Pro 2" 4990``) or the price given as
    ``price: 4990``. With ``currency`` (the workspace's), a price in another currency is refused.
    """
    action, rest = _action(text, PRODUCT_ACTIONS, area="product")
    if action == "list":
        return ProductCommand(action="list")
    if action == "retire":
        return ProductCommand(action="retire", name=unquote(rest))

    def price_of(price_text: str) -> Decimal:
        return parse_amount(price_text, lang, currency=currency)

    if rest[:1] in ('"', "“", "«"):
        try:
            words = shlex.split(rest.replace("“", '"').replace("”", '"').replace("«", '"').replace("»", '"'))
        except ValueError:
            raise InvalidInput("product.quote", example="product.add_usage") from None
        price_text = " ".join(words[1:])
        return ProductCommand(action="add", name=words[0], price=price_of(price_text) if price_text else None)
    keyword = _PRICE_KEYWORD.search(rest)
    if keyword:
        return ProductCommand(action="add", name=rest[: keyword.start()], price=price_of(keyword.group(1)))
    words = rest.split()
    first_error = None
    for cut in range(1, len(words)):
        price_text = " ".join(words[cut:])
        try:
            amount = read_amount(price_text, lang)
        except InvalidInput as error:
            first_error = first_error or error
            continue
        if currency is not None:
            check_currency(amount, currency, price_text)
        return ProductCommand(action="add", name=" ".join(words[:cut]), price=amount.value)
    if first_error is not None and len(words) > 1 and _LOOKS_LIKE_PRICE.match(words[-1]):
        # "Kaffe 12,5" in English: a price was meant but cannot be read; say why, save nothing.
        raise first_error
    return ProductCommand(action="add", name=rest)


def unquote(text: str) -> str:
    """``"Team Nord"`` → ``Team Nord``: a name typed in straight, curly or angle quotes."""
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'“”":
        return text[1:-1].strip()
    if len(text) >= 2 and text[0] in "“«" and text[-1] in "”»":
        return text[1:-1].strip()
    return text
