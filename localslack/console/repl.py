"""The local console (``python bot.py console``): a Slack workspace in this terminal.

What is typed here becomes what Slack would send — slash commands, button presses, modal
submissions — signed and dispatched through :class:`LocalWorkspace` into the very same Bolt
app that serves Slack. What salesbot sends back to the (fake) Web API is rendered as text:
messages, ephemeral replies, DMs, the App Home tab and modals, whose inputs are asked for
one field at a time.

Console commands (anything else is ``/sales …``)::

    /sales …        the slash command, in the current channel; @Name becomes a mention
    as NAME         act as someone else            users       who is in the workspace
    channel NAME    move to another channel         home        open your App Home tab
    N, press N      press button N (or press LABEL) adduser NAME  add a person to the workspace
    help            these commands                  quit        leave (so does end of input)
"""

from __future__ import annotations

import html
import json
import logging
import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, TextIO
from urllib.parse import urlencode
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.engine import Engine

from handlers.runtime import Services
from handlers.scheduler import start_scheduler
from localslack.webapi import FakeSlack, FakeUser, Posted
from localslack.workspace import (
    GENERAL,
    LOCAL_TEAM_DOMAIN,
    LOCAL_TEAM_ID,
    HttpResult,
    LocalWorkspace,
    submission_state,
)
from salesbot.access import effective_role
from salesbot.config import Settings
from salesbot.demo import DEMO_COMPANY, is_empty, load_demo

SALES = ("C0SALES", "sales")
CONSOLE_USER_ID = "U0CONSOLE"
DM = "directmessage"  # the channel_name Slack sends for a command typed in a DM
RULE_WIDTH = 40
WIDTH = 100
MODAL_KINDS = ("modal_open", "modal_update", "modal_push")

CONSOLE_HELP = """\
Console commands:
  /sales …          run salesbot's slash command in the current channel (try /sales help).
                    Mention people as @Kari, @"Kari Nordmann" or @U0DEMO005.
  N  or  press N    press button [N] shown above (press LABEL presses a button by its label)
  as NAME           act as someone else (first name, full name or Slack id)
  users             everyone in the workspace, with their Slack ids and roles
  channel NAME      move to another channel (a new name creates it; `channel dm` is your DM with salesbot)
  home              open your App Home tab
  adduser NAME      add a person to this local workspace
  help              this list
  quit              leave (end of input does too)"""

MODAL_HELP = (
    "Fill in each field: Enter keeps the value in [brackets], a number or the text picks an option, "
    "- clears an optional field."
)

# A handful of emoji codes salesbot uses; any other :code: is shown as typed.
EMOJI = {
    "white_check_mark": "✅",
    "arrow_forward": "▶️",
    "double_vertical_bar": "⏸️",
    "hourglass": "⌛",
    "outbox_tray": "📤",
    "palm_tree": "🌴",
    "pencil2": "✏️",
    "wastebasket": "🗑️",
    "heavy_check_mark": "✔️",
    "warning": "⚠️",
    "x": "❌",
    "no_entry": "⛔",
    "information_source": "ℹ️",
    "bulb": "💡",
    "tada": "🎉",
    "trophy": "🏆",
    "first_place_medal": "🥇",
    "second_place_medal": "🥈",
    "third_place_medal": "🥉",
    "medal": "🏅",
    "star": "⭐",
    "sparkles": "✨",
    "clap": "👏",
    "raised_hands": "🙌",
    "+1": "👍",
    "thumbsup": "👍",
    "-1": "👎",
    "thumbsdown": "👎",
    "wave": "👋",
    "rocket": "🚀",
    "fire": "🔥",
    "moneybag": "💰",
    "money_with_wings": "💸",
    "chart_with_upwards_trend": "📈",
    "chart_with_downwards_trend": "📉",
    "bar_chart": "📊",
    "calendar": "📅",
    "date": "📅",
    "memo": "📝",
    "bell": "🔔",
    "mag": "🔍",
    "lock": "🔒",
    "package": "📦",
    "truck": "🚚",
    "bust_in_silhouette": "👤",
    "busts_in_silhouette": "👥",
    "hourglass_flowing_sand": "⏳",
    "large_green_circle": "🟢",
    "large_yellow_circle": "🟡",
    "large_orange_circle": "🟠",
    "red_circle": "🔴",
    "white_circle": "⚪",
    "arrow_right": "➡️",
    "arrow_up": "⬆️",
    "arrow_down": "⬇️",
    "coffee": "☕",
    "speech_balloon": "💬",
    "books": "📚",
    "mortar_board": "🎓",
    "dart": "🎯",
}

_ANGLE = re.compile(r"<([^<>\n]+)>")
_EMOJI = re.compile(r":([a-z0-9_+\-]*[a-z][a-z0-9_+\-]*):")
_BOLD = re.compile(r"(?<![\w*\\])\*(?=\S)([^*\n]*?\S)\*(?![\w*])")
_ITALIC = re.compile(r"(?<![\w_\\])_(?=\S)([^_\n]*?\S)_(?![\w_])")
_AT = re.compile(r"(?<![\w<|!^])@")
_HASH = re.compile(r"(?<![\w<&#])#([a-z0-9][a-z0-9_\-]*)")
_WORDS = re.compile(r"[^\s@<>\"]+(?:[ \t]+[^\s@<>\"]+){0,2}")
_TRAILING = ".,;:!?)]}'"
_CHANNEL_NAME = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,79}$")


class EndOfInput(Exception):
    """stdin is finished (EOF or Ctrl-D): the session ends."""


class Interrupted(Exception):
    """Ctrl-C at a prompt: drop what was being typed."""


# ---------------------------------------------------------------------------
# Text styles and Slack markup
# ---------------------------------------------------------------------------


class Style:
    """ANSI bold/dim/underline on a terminal; plain text anywhere else (pipes, files, tests)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def _wrap(self, code: str, text: str) -> str:
        if not self.enabled or not text:
            return text
        # A style inside this one ends with a reset; start this one again after it.
        inner = text.replace("\x1b[0m", f"\x1b[0m\x1b[{code}m")
        return f"\x1b[{code}m{inner}\x1b[0m"

    def bold(self, text: str) -> str:
        return self._wrap("1", text)

    def dim(self, text: str) -> str:
        return self._wrap("2", text)

    def italic(self, text: str) -> str:
        return self._wrap("3", text)

    def header(self, text: str) -> list[str]:
        if self.enabled:
            return [self._wrap("1;4", text)]
        return [text, "=" * min(len(text), WIDTH)]


def _plain(obj: Any) -> str:
    """The text of a text object (or a bare string)."""
    if isinstance(obj, dict):
        return str(obj.get("text") or "")
    return str(obj or "")


def emojize(text: str) -> str:
    return _EMOJI.sub(lambda m: EMOJI.get(m.group(1), m.group(0)), text)


@dataclass
class Button:
    """A pressable button as rendered: what to send when it is pressed, and where it came from."""

    label: str
    action_id: str
    block_id: str
    value: str | None
    source: Posted
    url: str | None = None
    confirm: dict | None = None
    view: dict | None = None  # the modal or home view it sits on


class Renderer:
    """Block Kit and mrkdwn as terminal text."""

    def __init__(self, fake: FakeSlack, style: Style) -> None:
        self.fake = fake
        self.style = style

    # -- names ------------------------------------------------------------------
    def user_name(self, user_id: str, label: str = "") -> str:
        user = self.fake.users.get(user_id)
        if user is not None:
            return user.real_name or user.name
        return label or user_id

    def channel_name(self, channel_id: str | None, label: str = "") -> str:
        channel = self.fake.channels.get(channel_id or "")
        if channel is None:
            return label or (channel_id or "?")
        if channel["is_im"]:
            return "DM"
        return channel["name"]

    # -- text ---------------------------------------------------------------------
    def mrkdwn(self, text: str) -> str:
        """Slack's mrkdwn as plain text: mentions by name, links with their address, emoji."""

        def angle(match: re.Match) -> str:
            target, _, label = match.group(1).partition("|")
            if target.startswith("@"):
                return "@" + self.user_name(target[1:], label)
            if target.startswith("#"):
                return "#" + self.channel_name(target[1:], label)
            if target.startswith("!subteam^"):
                return label or "@" + target.split("^", 1)[1]
            if target.startswith("!date^"):
                return label or target
            if target.startswith("!"):
                return "@" + target[1:]
            if label and label != target:
                return f"{label} ({target.removeprefix('mailto:')})"
            return target.removeprefix("mailto:")

        text = _ANGLE.sub(angle, text)
        text = html.unescape(text) if "&" in text else text
        text = emojize(text)
        text = _BOLD.sub(lambda m: self.style.bold(m.group(1)), text)
        return _ITALIC.sub(lambda m: self.style.italic(m.group(1)), text)

    def text_object(self, obj: Any) -> str:
        if isinstance(obj, dict) and obj.get("type") == "plain_text":
            return emojize(_plain(obj))
        return self.mrkdwn(_plain(obj))

    # -- blocks -------------------------------------------------------------------
    def blocks(
        self,
        blocks: list | None,
        buttons: list[Button] | None,
        source: Posted,
        *,
        view: dict | None = None,
    ) -> list[str]:
        """Lines for ``blocks``; pressable buttons are numbered on from ``buttons`` and added to it.

        With ``buttons`` None the buttons are shown without numbers (someone else's message).
        """
        lines: list[str] = []
        previous = None
        for block in blocks or []:
            if not isinstance(block, dict):
                continue
            if previous == "section" == block.get("type") and lines:
                lines.append("")  # Slack leaves room between sections; a list of entries needs it
            lines += self.block(block, buttons, source, view=view)
            previous = block.get("type")
        return lines

    def block(self, block: dict, buttons: list[Button] | None, source: Posted, *, view=None) -> list[str]:
        kind = block.get("type")
        block_id = str(block.get("block_id") or "")
        if kind == "header":
            return self.style.header(emojize(_plain(block.get("text"))))
        if kind == "divider":
            return ["─" * RULE_WIDTH]
        if kind == "section":
            lines = []
            if block.get("text"):
                lines += self.text_object(block["text"]).splitlines()
            for item in block.get("fields") or []:
                lines += ["  " + line for line in self.text_object(item).splitlines()]
            accessory = block.get("accessory")
            if isinstance(accessory, dict):
                lines += self.element(accessory, block_id, buttons, source, view=view)
            return lines
        if kind == "context":
            parts = []
            for element in block.get("elements") or []:
                if isinstance(element, dict) and element.get("type") == "image":
                    parts.append(f"[image: {element.get('alt_text', '')}]")
                else:
                    parts.append(self.text_object(element))
            return [self.style.dim(line) for line in "  ".join(parts).splitlines()]
        if kind == "actions":
            return self.actions(block, buttons, source, view=view)
        if kind == "image":
            lines = [f"[image: {block.get('alt_text', '')}]"]
            if block.get("title"):
                lines.insert(0, emojize(_plain(block["title"])))
            return lines
        if kind == "input":
            label = emojize(_plain(block.get("label")))
            return [f"{label}: " + self.describe_input(block.get("element") or {})]
        if kind == "rich_text":
            return self.rich_text(block).splitlines()
        if kind == "markdown":
            text = str(block.get("text") or "").replace("**", "*")
            return self.mrkdwn(text).splitlines()
        if kind == "file":
            return ["[file]"]
        if kind == "video":
            return [f"[video: {_plain(block.get('title'))}]"]
        if kind == "table":
            return ["[table]"]
        return []

    def actions(self, block: dict, buttons: list[Button] | None, source: Posted, *, view=None) -> list[str]:
        block_id = str(block.get("block_id") or "")
        row: list[str] = []
        lines: list[str] = []
        for element in block.get("elements") or []:
            if not isinstance(element, dict):
                continue
            rendered = self.element(element, block_id, buttons, source, view=view)
            if element.get("type") == "button":
                row += rendered
            else:
                lines += rendered
        packed = _pack(row, "  ", WIDTH)
        return packed + lines

    def element(
        self, element: dict, block_id: str, buttons: list[Button] | None, source: Posted, *, view=None
    ) -> list[str]:
        kind = element.get("type")
        if kind == "button":
            label = emojize(_plain(element.get("text")))
            if element.get("style") == "primary":
                label = self.style.bold(label)
            url = element.get("url")
            suffix = f" ({url})" if url else ""
            if buttons is None:
                return [f"[·] {label}{suffix}"]
            buttons.append(
                Button(
                    label=_plain(element.get("text")),
                    action_id=str(element.get("action_id") or ""),
                    block_id=block_id,
                    value=element.get("value"),
                    source=source,
                    url=url,
                    confirm=element.get("confirm"),
                    view=view,
                )
            )
            return [f"[{len(buttons)}] {label}{suffix}"]
        if kind == "image":
            return [f"[image: {element.get('alt_text', '')}]"]
        if kind == "workflow_button":
            return [f"[workflow: {_plain(element.get('text'))}]"]
        return [self.style.dim(f"({self.describe_input(element)})")]

    def describe_input(self, element: dict) -> str:
        """A one-line description of an input element the console cannot operate in a message."""
        kind = str(element.get("type") or "")
        options = _options(element)
        if options:
            names = ", ".join(emojize(_plain(o.get("text"))) for o in options[:8])
            more = f", … ({len(options)} in all)" if len(options) > 8 else ""
            return f"{kind.replace('_', ' ')}: {names}{more}"
        placeholder = _plain(element.get("placeholder"))
        return kind.replace("_", " ") + (f": {placeholder}" if placeholder else "")

    def rich_text(self, block: dict) -> str:
        def inline(elements: list) -> str:
            out = []
            for item in elements or []:
                kind = item.get("type")
                if kind == "text":
                    text = item.get("text", "")
                    out.append(self.style.bold(text) if (item.get("style") or {}).get("bold") else text)
                elif kind == "link":
                    text, url = item.get("text"), item.get("url", "")
                    out.append(f"{text} ({url})" if text else url)
                elif kind == "user":
                    out.append("@" + self.user_name(item.get("user_id", "")))
                elif kind == "channel":
                    out.append("#" + self.channel_name(item.get("channel_id")))
                elif kind == "emoji":
                    out.append(EMOJI.get(item.get("name", ""), f":{item.get('name', '')}:"))
                elif kind == "broadcast":
                    out.append("@" + item.get("range", ""))
            return "".join(out)

        parts = []
        for element in block.get("elements") or []:
            kind = element.get("type")
            if kind == "rich_text_list":
                for index, item in enumerate(element.get("elements") or [], start=1):
                    bullet = f"{index}." if element.get("style") == "ordered" else "•"
                    parts.append(f"{bullet} {inline(item.get('elements'))}")
            elif kind == "rich_text_quote":
                parts += ["> " + line for line in inline(element.get("elements")).splitlines()]
            else:
                parts.append(inline(element.get("elements")))
        return "\n".join(parts)


def _pack(items: list[str], separator: str, width: int) -> list[str]:
    """Items side by side, wrapped into lines of about ``width`` characters."""
    lines: list[str] = []
    line = ""
    for item in items:
        if line and len(line) + len(separator) + len(item) > width:
            lines.append(line)
            line = item
        else:
            line = f"{line}{separator}{item}" if line else item
    if line:
        lines.append(line)
    return lines


def _options(element: dict) -> list[dict]:
    options = [o for o in element.get("options") or [] if isinstance(o, dict)]
    for group in element.get("option_groups") or []:
        options += [o for o in group.get("options") or [] if isinstance(o, dict)]
    return options


# ---------------------------------------------------------------------------
# Mentions as Slack escapes them
# ---------------------------------------------------------------------------


def find_person(fake: FakeSlack, name: str) -> FakeUser | None:
    """A person by Slack id, username, full name or (when unique) first name; never the bot."""
    name = name.strip().strip('"“”').lstrip("@").strip()
    if not name:
        return None
    user = fake.find_user(name)
    if user is None:
        wanted = name.casefold()
        firsts = [
            u
            for u in list(fake.users.values())
            if not u.deleted and u.real_name and u.real_name.split()[0].casefold() == wanted
        ]
        user = firsts[0] if len(firsts) == 1 else None
    if user is None or user.is_bot or user.deleted:
        return None
    return user


def find_channel(fake: FakeSlack, name: str) -> dict | None:
    name = name.strip()
    channel = fake.channels.get(name)
    if channel is None:
        wanted = name.lstrip("#").casefold()
        channel = next(
            (c for c in list(fake.channels.values()) if not c["is_im"] and c["name"].casefold() == wanted),
            None,
        )
    return channel


def escape_mentions(text: str, fake: FakeSlack) -> str:
    """``@Kari`` → ``<@U0DEMO005|kari>`` and ``#sales`` → ``<#C0SALES|sales>``, as Slack sends a
    command's text with escaping on. Names that match no one are left as typed."""
    out: list[str] = []
    pos = 0
    for match in _AT.finditer(text):
        if match.start() < pos:
            continue
        replacement, length = _mention_at(text[match.end() :], fake)
        if replacement is not None:
            out += [text[pos : match.start()], replacement]
            pos = match.end() + length
    out.append(text[pos:])
    text = "".join(out)

    def channel(match: re.Match) -> str:
        found = find_channel(fake, match.group(1))
        return f"<#{found['id']}|{found['name']}>" if found else match.group(0)

    return _HASH.sub(channel, text)


def _mention_at(rest: str, fake: FakeSlack) -> tuple[str | None, int]:
    """The escaped form of the mention at the start of ``rest`` (just after an @) and its length."""
    if rest[:1] in ('"', "“"):
        close = min((i for i in (rest.find('"', 1), rest.find("”", 1)) if i > 0), default=-1)
        if close > 0:
            user = find_person(fake, rest[1:close])
            if user is not None:
                return f"<@{user.id}|{user.name}>", close + 1
        return None, 0
    words = _WORDS.match(rest)
    if words is None:
        return None, 0
    spans = list(re.finditer(r"\S+", words.group(0)))
    parts = [span.group(0) for span in spans]
    # The longest run of words that is someone's full name: "@Kari Nordmann great work".
    for count in range(len(parts), 1, -1):
        candidate = " ".join(parts[:count]).rstrip(_TRAILING)
        wanted = candidate.casefold()
        user = next(
            (
                u
                for u in list(fake.users.values())
                if not u.is_bot and not u.deleted and (u.real_name or "").casefold() == wanted
            ),
            None,
        )
        if user is not None:
            last = spans[count - 1]
            return f"<@{user.id}|{user.name}>", last.start() + len(last.group(0).rstrip(_TRAILING))
    word = parts[0].rstrip(_TRAILING)
    if not word:
        return None, 0
    if word.casefold() in ("here", "channel", "everyone"):
        return f"<!{word.casefold()}>", len(word)
    user = find_person(fake, word)
    if user is not None:
        return f"<@{user.id}|{user.name}>", len(word)
    group = next(
        (g for g in list(fake.usergroups.values()) if g["handle"].casefold() == word.casefold()), None
    )
    if group is not None:
        return f"<!subteam^{group['id']}|@{group['handle']}>", len(word)
    return None, 0


# ---------------------------------------------------------------------------
# The console
# ---------------------------------------------------------------------------


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _username(real_name: str, taken: set[str]) -> str:
    words = [w.casefold() for w in re.findall(r"\w+", real_name)] or ["user"]
    for candidate in (words[0], ".".join(words), *(f"{words[0]}{n}" for n in range(2, 100))):
        if candidate not in taken:
            return candidate
    return real_name.casefold()


def _local_timezone() -> str:
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        link = os.path.realpath("/etc/localtime")
        if "zoneinfo/" in link:
            candidates.append(link.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    for name in candidates:
        if name and _valid_timezone(name):
            return name
    return "UTC"


def _valid_timezone(name: str | None) -> bool:
    if not name:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _local_locale() -> str:
    """The terminal's language as a Slack locale (``nb_NO.UTF-8`` → ``nb-NO``)."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        match = re.match(r"^([a-z]{2})(?:_([A-Z]{2}))?", value)
        if match:
            language, country = match.group(1), match.group(2)
            if language in ("nb", "no", "nn"):
                return "nb-NO"
            if language == "en":
                return f"en-{country or 'US'}"
            return f"{language}-{country}" if country else "en-US"
    return "en-US"


@dataclass
class Console:
    workspace: LocalWorkspace
    services: Services
    stdin: TextIO
    stdout: TextIO
    user_id: str = ""
    channel: tuple[str, str] = GENERAL
    buttons: list[Button] = field(default_factory=list)
    seen: int = 0
    want_home: bool = False

    def __post_init__(self) -> None:
        self.fake = self.workspace.fake
        self.style = Style(_isatty(self.stdout))
        self.render = Renderer(self.fake, self.style)
        # Piped input is not echoed by a terminal; write it out so the transcript reads like a session.
        self.echo = not _isatty(self.stdin)
        self.use_input = (
            not self.echo and self.stdin is sys.stdin and self.stdout is sys.stdout and _isatty(self.stdout)
        )
        if self.use_input:
            with suppress(ImportError):
                import readline  # noqa: F401  (line editing and history for input(), where available)

    # -- input and output ---------------------------------------------------------
    def write(self, text: str) -> None:
        try:
            self.stdout.write(text)
        except UnicodeEncodeError:  # a terminal that cannot show emoji or box drawing gets "?"
            encoding = getattr(self.stdout, "encoding", None) or "ascii"
            self.stdout.write(text.encode(encoding, "replace").decode(encoding))
        self.stdout.flush()

    def out(self, text: str = "") -> None:
        self.write(text + "\n")

    def ask(self, prompt: str) -> str:
        if self.use_input:
            try:
                return input(prompt)
            except EOFError:
                self.out()
                raise EndOfInput from None
            except KeyboardInterrupt:
                self.out()
                raise Interrupted from None
        self.write(prompt)
        try:
            line = self.stdin.readline()
        except KeyboardInterrupt:
            self.out()
            raise Interrupted from None
        if not line:
            self.out()
            raise EndOfInput
        line = line.rstrip("\r\n")
        if self.echo:
            self.out(line)
        return line

    def yes(self, prompt: str, *, default: bool = True) -> bool:
        while True:
            answer = self.ask(prompt).strip().casefold()
            if not answer:
                return default
            if answer in ("y", "yes", "j", "ja"):
                return True
            if answer in ("n", "no", "nei"):
                return False
            self.out("Please answer y or n.")

    def print_item(self, header: str, lines: list[str]) -> None:
        self.out()
        self.out(self.style.dim(header))
        for line in lines:
            self.out("  " + line)

    # -- who and where --------------------------------------------------------------
    @property
    def me(self) -> FakeUser:
        return self.fake.user(self.user_id)

    def where(self) -> str:
        if self.channel[1] == DM:
            return "DM with salesbot"
        return "#" + self.channel[1]

    def prompt(self) -> str:
        return f"{self.me.name} {self.where()}> "

    def role_of(self, user_id: str) -> str | None:
        with self.services.store(self.workspace.team_id) as store:
            person = store.person_by_slack_id(user_id)
            if person is None:
                return None
            return effective_role(person, self.workspace.settings.admins).value

    def banner(self) -> None:
        with self.services.store(self.workspace.team_id) as store:
            name = store.workspace.name
        role = self.role_of(self.user_id)
        self.out()
        title = f"salesbot local console — {name or 'local workspace'}"
        self.out(self.style.bold(title))
        self.out(
            f"Acting as {self.me.real_name} ({self.user_id}{', ' + role if role else ''}) in {self.where()}."
        )
        self.out(
            "Type /sales help to begin. Console commands: as NAME · users · channel NAME · home · "
            "N (press button N) · help · quit"
        )

    # -- the loop ---------------------------------------------------------------------
    def run(self) -> int:
        self.seen = len(self.fake.snapshot_posted())
        self.banner()
        while True:
            try:
                line = self.ask("\n" + self.prompt())
                if not self.handle(line):
                    return 0
            except EndOfInput:
                return 0
            except Interrupted:
                continue

    def handle(self, line: str) -> bool:
        """Runs one line; False ends the session."""
        text = line.strip()
        if not text:
            return True
        word, _, rest = text.partition(" ")
        command = word.casefold().lstrip("/") if word.casefold() != "/sales" else "/sales"
        rest = rest.strip()
        if command in ("quit", "exit", "q"):
            return False
        if command == "/sales":
            self.slash_command(rest)
        elif text.isdigit():
            self.press(text)
        elif command == "press":
            self.press(rest)
        elif command in ("help", "?"):
            self.out(CONSOLE_HELP)
        elif command == "as":
            self.switch_user(rest)
        elif command in ("users", "people", "who"):
            self.list_users()
        elif command == "channel":
            self.switch_channel(rest)
        elif command == "home":
            self.open_home()
        elif command == "adduser":
            self.add_person(rest)
        elif word.startswith("/"):
            self.out(
                f"{word} is not installed here; salesbot's command is /sales. Type help for console commands."
            )
        else:
            self.out(
                "salesbot listens to /sales here: try /sales help. Type help for the console's own commands."
            )
        return True

    # -- console commands ----------------------------------------------------------------
    def switch_user(self, name: str) -> None:
        if not name:
            self.out("as whom? For example: as Kari. Type users to see everyone.")
            return
        user = find_person(self.fake, name)
        if user is None:
            self.out(
                f"No one called {name} here. Type users to see everyone, or adduser NAME to add someone."
            )
            return
        self.user_id = user.id
        self.buttons = []  # what the last person saw is not on this person's screen
        if self.channel[1] == DM:
            self.channel = (self.fake.im_channel(user.id), DM)
        role = self.role_of(user.id)
        self.out(f"You are now {user.real_name} ({user.id}{', ' + role if role else ''}).")

    def list_users(self) -> None:
        users = sorted(
            (u for u in list(self.fake.users.values()) if not u.is_bot and not u.deleted),
            key=lambda u: u.real_name.casefold(),
        )
        with self.services.store(self.workspace.team_id) as store:
            people = store.people_by_slack_ids([u.id for u in users])
            roles = {
                uid: effective_role(p, self.workspace.settings.admins).value for uid, p in people.items()
            }
        width = max((len(u.real_name) for u in users), default=10)
        self.out("People in this workspace (use the name or the id with `as` and in @mentions):")
        for user in users:
            role = roles.get(user.id, "not seen by salesbot yet")
            you = "  ← you" if user.id == self.user_id else ""
            self.out(f"  {user.id:<11} {user.real_name:<{width}}  {role:<8} {user.locale:<6} {user.tz}{you}")

    def switch_channel(self, name: str) -> None:
        name = name.strip()
        if not name:
            channels = sorted(c["name"] for c in list(self.fake.channels.values()) if not c["is_im"])
            self.out("Channels: " + ", ".join("#" + c for c in channels) + " — and `channel dm` for your DM.")
            return
        if name.casefold() in ("dm", "im", "@salesbot", "salesbot"):
            self.channel = (self.fake.im_channel(self.user_id), DM)
            self.out("You are now in your DM with salesbot.")
            return
        channel = find_channel(self.fake, name)
        if channel is None or channel["is_im"]:
            wanted = name.lstrip("#").casefold()
            if not _CHANNEL_NAME.match(wanted):
                self.out(
                    "A channel name is lower-case letters, digits, - and _ (up to 80), like #sales-north."
                )
                return
            channel = self.fake.add_channel(self._new_channel_id(wanted), wanted)
            self.out(f"Created #{wanted} (salesbot is a member).")
        self.channel = (channel["id"], channel["name"])
        self.out(f"You are now in #{channel['name']}.")

    def _new_channel_id(self, name: str) -> str:
        base = "C0" + re.sub(r"[^A-Z0-9]", "", name.upper())[:16]
        candidate, n = base, 1
        while candidate in self.fake.channels:
            n += 1
            candidate = f"{base}{n}"
        return candidate

    def add_person(self, name: str) -> None:
        name = " ".join(name.strip().strip('"').split())
        if not name:
            self.out('adduser NAME, for example: adduser "Per Olsen"')
            return
        if find_person(self.fake, name) is not None:
            self.out(f"There is already someone called {name}.")
            return
        n = 1
        while f"U0USER{n:03d}" in self.fake.users:
            n += 1
        owner = self.me
        user = self.fake.add_user(
            FakeUser(
                id=f"U0USER{n:03d}",
                name=_username(name, {u.name for u in list(self.fake.users.values())}),
                real_name=name,
                tz=owner.tz,
                locale=owner.locale,
            )
        )
        self.out(
            f"Added {user.real_name} ({user.id}); salesbot meets them when they are first mentioned or act."
        )

    def open_home(self) -> None:
        self.want_home = True
        try:
            result = self.workspace.open_home(self.user_id, wait=False)
            self.report_status(result)
            self.settle()
        finally:
            self.want_home = False

    # -- talking to salesbot ---------------------------------------------------------------
    def slash_command(self, text: str) -> None:
        escaped = escape_mentions(text, self.fake)
        result = self.workspace.command(escaped, user=self.user_id, channel=self.channel, wait=False)
        self.show_ack(result)
        self.settle()

    def press(self, which: str) -> None:
        which = which.strip()
        if not self.buttons:
            self.out("There are no buttons to press yet.")
            return
        button = None
        if which.isdigit():
            number = int(which)
            if 1 <= number <= len(self.buttons):
                button = self.buttons[number - 1]
            else:
                self.out(f"Press a number from 1 to {len(self.buttons)}.")
                return
        else:
            wanted = which.casefold()
            matches = [b for b in self.buttons if b.label.casefold() == wanted] or [
                b for b in self.buttons if wanted and wanted in b.label.casefold()
            ]
            if len(matches) != 1:
                choices = ", ".join(f"[{i}] {b.label}" for i, b in enumerate(self.buttons, start=1))
                self.out(f"Which button? {choices}")
                return
            button = matches[0]
        self.click(button)

    def click(self, button: Button, *, state: dict | None = None, settle: bool = True) -> None:
        """Presses ``button`` as the current user; ``settle`` shows what salesbot sent back."""
        source = button.source
        on_modal = source.kind in MODAL_KINDS or (button.view is not None and source.kind != "home")
        if on_modal and (button.view or source.view or {}).get("id") not in self.fake.views:
            self.out("That modal is closed.")
            return
        if button.confirm and not self.confirm(button.confirm):
            return
        if button.url:
            self.out(f"(opens {button.url})")
        common = dict(
            user=self.user_id,
            action_id=button.action_id,
            block_id=button.block_id,
            value=button.value,
            text=button.label,
            wait=False,
        )
        if source.kind == "home":
            view = self.fake.home_view(self.user_id) or button.view or source.view
            result = self.workspace.click(view=view, **common)
        elif on_modal:
            view = dict(button.view or source.view or {})
            if state is not None:
                view["state"] = {"values": state}
            result = self.workspace.click(view=view, **common)
        else:
            channel_id = source.channel or self.channel[0]
            channel = self.fake.channels.get(channel_id) or {}
            name = DM if channel.get("is_im") else str(channel.get("name") or channel_id)
            stored = self.fake.messages.get((channel_id, source.ts or ""))
            ephemeral = source.kind == "ephemeral" or (source.kind == "update" and stored is None)
            message = (
                dict(stored)
                if stored
                else {"ts": source.ts, "text": source.text or "", "blocks": source.blocks}
            )
            result = self.workspace.click(
                channel=(channel_id, name), message=message, ephemeral=ephemeral, **common
            )
        self.show_ack(result)
        if settle:
            self.settle()
        else:
            self.wait_idle()

    def confirm(self, confirm: dict) -> bool:
        title = _plain(confirm.get("title"))
        text = self.render.text_object(confirm.get("text"))
        self.out(f"{title}: {text}" if title else text)
        label = _plain(confirm.get("confirm")) or "OK"
        return self.yes(f"{label}? [y/N] ", default=False)

    def report_status(self, result: HttpResult) -> None:
        if result.status != 200:
            body = result.text.strip()
            self.out(f"[salesbot answered HTTP {result.status}{': ' + body[:300] if body else ''}]")

    def show_ack(self, result: HttpResult) -> None:
        """What the acknowledgement itself carried (usually nothing: replies come separately)."""
        self.report_status(result)
        if result.status != 200 or not result.body:
            return
        try:
            body = result.json()
        except ValueError:
            body = {"text": result.text}
        if not isinstance(body, dict) or not (body.get("text") or body.get("blocks")):
            return
        where = "in_channel" if body.get("response_type") == "in_channel" else "ephemeral"
        item = Posted(where, channel=self.channel[0], user=self.user_id, text=body.get("text"))
        item.blocks = body.get("blocks")
        new_buttons: list[Button] = []
        self.render_item(item, [item], 0, new_buttons)
        if new_buttons:
            self.buttons = new_buttons

    def settle(self) -> None:
        """Waits until salesbot is done, then shows everything it sent."""
        self.wait_idle()
        self.render_new()

    def wait_idle(self) -> None:
        try:
            self.workspace.wait_idle()
        except TimeoutError:
            self.out("(salesbot is still working; what it sends will show after your next command)")

    # -- rendering what salesbot sent ----------------------------------------------------------
    def render_new(self) -> None:
        new_buttons: list[Button] = []
        while True:
            posted = self.fake.snapshot_posted()
            if self.seen >= len(posted):
                break
            index = self.seen
            self.seen += 1
            self.render_item(posted[index], posted, index, new_buttons)
        if new_buttons:
            self.buttons = new_buttons

    def render_item(self, item: Posted, posted: list[Posted], index: int, buttons: list[Button]) -> None:
        mine = item.user in (None, self.user_id)
        pressable = buttons if mine else None
        kind = item.kind
        if kind in MODAL_KINDS:
            if item.user != self.user_id:
                return
            newer = any(p.kind in MODAL_KINDS and p.user == item.user for p in posted[index + 1 :])
            view = self.fake.views.get(item.view_id or "")
            if newer or view is None:
                return  # replaced or closed before it could be shown
            self.modal_session(view, buttons)
            return
        if kind == "home":
            if item.user != self.user_id:
                return
            if not self.want_home:
                self.out()
                self.out(self.style.dim("[App Home updated — type home to see it]"))
                return
            lines = self.render.blocks((item.view or {}).get("blocks"), buttons, item, view=item.view)
            self.print_item("[App Home]", lines)
            return
        if kind == "delete":
            self.out()
            self.out(self.style.dim(f"[salesbot deleted a message in {self.place(item.channel)}]"))
            return
        if kind == "file":
            file = item.file or {}
            size = file.get("size")
            header = (
                f"[file from salesbot in {self.place(item.channel)}: {file.get('title') or file.get('name')}"
            )
            header += f", {size} bytes]" if size is not None else "]"
            self.print_item(header, self.render.mrkdwn(item.text).splitlines() if item.text else [])
            return
        header = self.header_for(item)
        if item.blocks:
            lines = self.render.blocks(item.blocks, pressable, item)
        else:
            lines = self.render.mrkdwn(item.text or "").splitlines()
        self.print_item(header, lines)

    def place(self, channel_id: str | None) -> str:
        channel = self.fake.channels.get(channel_id or "")
        if channel is None:
            return channel_id or "?"
        if channel["is_im"]:
            return (
                "your DM"
                if channel["user"] == self.user_id
                else f"a DM with {self.render.user_name(channel['user'])}"
            )
        return "#" + channel["name"]

    def header_for(self, item: Posted) -> str:
        thread = ", in a thread" if item.thread_ts else ""
        someone = self.render.user_name(item.user or "")
        if item.kind == "ephemeral":
            who = "you" if item.user == self.user_id else someone
            where = "" if item.channel == self.channel[0] else f" in {self.place(item.channel)}"
            return f"[ephemeral{where}, only {who} see{'' if who == 'you' else 's'} this{thread}]"
        if item.kind == "dm":
            return (
                f"[DM from salesbot{thread}]"
                if item.user == self.user_id
                else f"[DM from salesbot to {someone}]"
            )
        if item.kind == "update":
            return f"[salesbot updated a message in {self.place(item.channel)}]"
        return f"[{self.place(item.channel)}{thread}] salesbot:"

    # -- modals ----------------------------------------------------------------------------
    def modal_session(self, view: dict, buttons: list[Button]) -> None:
        """Walk the modal the user sees until it is submitted, closed, or salesbot replaces it."""
        stack: list[dict] = [view]
        while stack:
            current = stack[-1]
            outcome, new_view = self.walk_modal(current, buttons)
            if outcome in ("leave", "handoff"):
                return
            if outcome == "update" and new_view is not None:
                stack[-1] = new_view
                continue
            if outcome == "push" and new_view is not None:
                stack.append(new_view)
                continue
            if outcome in ("close", "clear"):
                self.out(self.style.dim("(submitted; the modal closed)"))
            if outcome == "clear":
                return
            stack.pop()  # submitted and closed, or cancelled: back to the view below, if any
            if not stack:
                below = self.fake.top_view(self.user_id)
                if below is not None and below.get("id") != current.get("id"):
                    stack.append(below)
            if stack:
                self.out(self.style.dim(f"(back to {_plain(stack[-1].get('title'))})"))

    def walk_modal(self, view: dict, buttons: list[Button]) -> tuple[str, dict | None]:
        title = emojize(_plain(view.get("title")))
        submit = _plain(view.get("submit"))
        close = _plain(view.get("close")) or "Close"
        labels = f"  ({submit} / {close})" if submit else ""
        self.out()
        self.out(f"[modal: {title}]{labels}")
        blocks = [b for b in view.get("blocks") or [] if isinstance(b, dict)]
        inputs = [b for b in blocks if b.get("type") == "input"]
        if not inputs or not submit:
            # Nothing to fill in: shown, and left open (its buttons can be pressed).
            for line in self.render.blocks(blocks, buttons, Posted("modal_open", view=view), view=view):
                self.out("  " + line)
            return "leave", None
        self.out(self.style.dim("  " + MODAL_HELP))
        answers: dict[str, Any] = {}
        modal_buttons: list[Button] = []
        source = Posted("modal_open", user=self.user_id, view=view, view_id=view.get("id"))
        try:
            previous = None
            for block in blocks:
                if block.get("type") == "input":
                    block_id = block.get("block_id", "")
                    answers[block_id] = self.ask_field(block, current_value(block.get("element") or {}))
                else:
                    if previous == "input":
                        self.out()
                    for line in self.render.blocks([block], modal_buttons, source, view=view):
                        self.out("  " + line)
                previous = block.get("type")
            while True:
                extra = f", or a button number 1–{len(modal_buttons)}" if modal_buttons else ""
                answer = self.ask(f"Submit? [Y/n{extra}] ").strip().casefold()
                if answer in ("", "y", "yes", "j", "ja"):
                    break
                if answer in ("n", "no", "nei"):
                    self.close_modal(view)
                    self.out(self.style.dim(f"({close}: nothing was submitted)"))
                    return "cancel", None
                if answer.isdigit() and 1 <= int(answer) <= len(modal_buttons):
                    button = modal_buttons[int(answer) - 1]
                    self.click(button, state=self.state_of(view, answers), settle=False)
                    return "leave", None
                self.out(
                    "Answer y to submit or n to close it"
                    + (", or press a button by number." if extra else ".")
                )
        except (EndOfInput, Interrupted) as stop:
            self.close_modal(view)
            if isinstance(stop, EndOfInput):
                raise
            self.out(self.style.dim("(closed without submitting)"))
            return "cancel", None
        return self.submit_modal(view, inputs, answers)

    def state_of(self, view: dict, answers: dict) -> dict | None:
        try:
            return submission_state(view, answers)
        except (ValueError, KeyError):
            return None

    def submit_modal(self, view: dict, inputs: list[dict], answers: dict) -> tuple[str, dict | None]:
        while True:
            mark = len(self.fake.snapshot_posted())
            try:
                result = self.workspace.submit(user=self.user_id, view=view, answers=answers, wait=False)
            except (ValueError, KeyError) as error:
                self.out(f"The console can't submit this modal ({error}); it was closed.")
                self.close_modal(view)
                return "cancel", None
            if result.status != 200:
                self.report_status(result)
                self.wait_idle()
                self.close_modal(view)
                return "cancel", None
            try:
                ack = result.json() if result.body else {}
            except ValueError:
                ack = {}
            action = ack.get("response_action") if isinstance(ack, dict) else None
            if action == "errors":
                self.wait_idle()
                errors = ack.get("errors") or {}
                again = [b for b in inputs if b.get("block_id") in errors]
                self.out(self.style.bold("salesbot could not save this:"))
                for block_id, message in errors.items():
                    block = next((b for b in inputs if b.get("block_id") == block_id), None)
                    label = _plain(block.get("label")) if block else block_id
                    self.out(f"  {label}")
                    self.out(f"    ⚠ {self.render.mrkdwn(str(message))}")
                if not again:
                    self.close_modal(view)
                    return "cancel", None
                try:
                    for block in again:
                        block_id = block["block_id"]
                        answers[block_id] = self.ask_field(block, answers.get(block_id))
                except (EndOfInput, Interrupted) as stop:
                    self.close_modal(view)
                    if isinstance(stop, EndOfInput):
                        raise
                    return "cancel", None
                continue
            # Slack applies the acknowledgement at once; salesbot may still be working after it.
            if action == "clear":
                self.close_modal(view, everything=True)
            elif action not in ("update", "push"):
                self.close_modal(view)
            self.wait_idle()
            newer = [
                p
                for p in self.fake.snapshot_posted()[mark:]
                if p.kind in MODAL_KINDS and p.user == self.user_id and p.view_id in self.fake.views
            ]
            if newer:
                return "handoff", None  # salesbot opened or updated a view itself: shown next
            if action == "update" and isinstance(ack.get("view"), dict):
                return "update", _replace_view(view, ack["view"])
            if action == "push" and isinstance(ack.get("view"), dict):
                return "push", {**ack["view"], "id": None, "state": {"values": {}}}
            return ("clear" if action == "clear" else "close"), None

    def close_modal(self, view: dict, *, everything: bool = False) -> None:
        view_id = view.get("id")
        if not view_id or view_id not in self.fake.views:
            return
        notify = bool(view.get("notify_on_close"))
        root = view.get("root_view_id") if everything else None
        self.fake.close_view(root or view_id)
        if notify:
            self.send_view_closed(view, cleared=everything)

    def send_view_closed(self, view: dict, *, cleared: bool) -> None:
        """Slack tells the app when a modal with ``notify_on_close`` is closed."""
        user = self.me
        payload = {
            "type": "view_closed",
            "team": {"id": self.workspace.team_id, "domain": LOCAL_TEAM_DOMAIN},
            "user": {
                "id": user.id,
                "username": user.name,
                "name": user.name,
                "team_id": self.workspace.team_id,
            },
            "api_app_id": self.fake.app_id,
            "token": "verification-token-unused",
            "view": view,
            "is_cleared": cleared,
            "is_enterprise_install": False,
            "enterprise": None,
        }
        result = self.workspace.post(
            urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded"
        )
        self.report_status(result)

    # -- modal fields ---------------------------------------------------------------------
    def ask_field(self, block: dict, current: Any) -> Any:
        """Asks for one input block's value; returns it as ``submission_state`` takes it."""
        element = block.get("element") or {}
        kind = str(element.get("type") or "")
        optional = bool(block.get("optional"))
        label = emojize(_plain(block.get("label")))
        self.out()
        self.out("  " + self.style.bold(label) + (" (optional)" if optional else ""))
        if block.get("hint"):
            self.out("  " + self.style.dim(emojize(_plain(block["hint"]))))
        reader = FIELD_READERS.get(kind)
        if reader is None:
            self.out(
                self.style.dim(
                    f"  (the console can't fill in a {kind.replace('_', ' ')}; it keeps its value)"
                )
            )
            return current
        return reader(self, element, current, optional)

    def field_prompt(self, shown: str) -> str:
        return f"  [{shown}] > " if shown else "  > "

    def read_field(
        self, current: Any, shown: str, optional: bool, parse: Callable[[str], tuple[bool, Any, str]]
    ) -> Any:
        """The answer loop every field shares: Enter keeps, - clears an optional field, else ``parse``."""
        while True:
            answer = self.ask(self.field_prompt(shown)).strip()
            if not answer:
                if _empty(current) and not optional:
                    self.out("  This field is required.")
                    continue
                return current
            if answer == "-":
                if optional:
                    return None
                self.out("  This field is required, so it can't be cleared.")
                continue
            ok, value, problem = parse(answer)
            if ok:
                return value
            self.out("  " + problem)

    def select_field(self, element: dict, current: Any, optional: bool) -> Any:
        options = _options(element)
        self.show_options(options, {current} if current is not None else set())
        texts = {o.get("value"): _plain(o.get("text")) for o in options}

        def parse(answer: str) -> tuple[bool, Any, str]:
            option, problem = pick_option(answer, options)
            return (True, option.get("value"), "") if option else (False, None, problem)

        return self.read_field(current, texts.get(current, current or ""), optional, parse)

    def multi_option_field(self, element: dict, current: Any, optional: bool) -> Any:
        options = _options(element)
        chosen = set(current or [])
        self.show_options(options, chosen, boxes=True)
        self.out(self.style.dim("  (numbers or texts separated by commas, or none)"))
        shown = ", ".join(_plain(o.get("text")) for o in options if o.get("value") in chosen) or "none"

        def parse(answer: str) -> tuple[bool, Any, str]:
            if answer.casefold() in ("none", "ingen", "0"):
                if not optional:
                    return False, None, "Choose at least one."
                return True, [], ""
            values = []
            for part in (p.strip() for p in answer.split(",")):
                if not part:
                    continue
                option, problem = pick_option(part, options)
                if option is None:
                    return False, None, problem
                if option.get("value") not in values:
                    values.append(option.get("value"))
            limit = element.get("max_selected_items")
            if limit and len(values) > limit:
                return False, None, f"Choose at most {limit}."
            return True, values, ""

        value = self.read_field(list(current or []), shown, optional, parse)
        return [] if value is None else value

    def user_field(self, element: dict, current: Any, optional: bool) -> Any:
        shown = "@" + self.render.user_name(current) if current else ""

        def parse(answer: str) -> tuple[bool, Any, str]:
            user = find_person(self.fake, answer)
            if user is None:
                return False, None, f"No one called {answer}. Use a first name, a full name or a Slack id."
            return True, user.id, ""

        return self.read_field(current, shown, optional, parse)

    def multi_user_field(self, element: dict, current: Any, optional: bool) -> Any:
        shown = ", ".join("@" + self.render.user_name(u) for u in current or [])

        def parse(answer: str) -> tuple[bool, Any, str]:
            ids = []
            for part in (p.strip() for p in answer.split(",")):
                if not part:
                    continue
                user = find_person(self.fake, part)
                if user is None:
                    return False, None, f"No one called {part}."
                ids.append(user.id)
            return True, ids, ""

        value = self.read_field(list(current or []), shown, optional, parse)
        return [] if value is None else value

    def channel_field(self, element: dict, current: Any, optional: bool) -> Any:
        shown = "#" + self.render.channel_name(current) if current else ""
        names = sorted("#" + c["name"] for c in list(self.fake.channels.values()) if not c["is_im"])
        self.out(self.style.dim("  channels: " + ", ".join(names)))

        def parse(answer: str) -> tuple[bool, Any, str]:
            channel = find_channel(self.fake, answer)
            if channel is None or channel["is_im"]:
                return False, None, f"There is no channel {answer}. Type a name from the list."
            return True, channel["id"], ""

        return self.read_field(current, shown, optional, parse)

    def text_field(self, element: dict, current: Any, optional: bool) -> Any:
        kind = element.get("type")
        low, high = element.get("min_length"), element.get("max_length")
        if element.get("placeholder") and not current:
            self.out(self.style.dim("  " + _plain(element["placeholder"])))
        if element.get("multiline"):
            self.out(self.style.dim("  (one line here: type \\n where a new line should go)"))

        def parse(answer: str) -> tuple[bool, Any, str]:
            if low and len(answer) < low:
                return False, None, f"Write at least {low} characters."
            if high and len(answer) > high:
                return False, None, f"Write at most {high} characters."
            if kind == "email_text_input" and not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", answer):
                return False, None, "That is not an email address."
            if kind == "url_text_input" and not re.match(r"^https?://\S+$", answer):
                return False, None, "That is not a web address (https://…)."
            return True, answer.replace("\\n", "\n") if element.get("multiline") else answer, ""

        shown = (current or "").replace("\n", " ⏎ ")
        return self.read_field(current, shown[:60] + ("…" if len(shown) > 60 else ""), optional, parse)

    def number_field(self, element: dict, current: Any, optional: bool) -> Any:
        decimals = bool(element.get("is_decimal_allowed"))
        low, high = element.get("min_value"), element.get("max_value")

        def parse(answer: str) -> tuple[bool, Any, str]:
            try:
                number = Decimal(answer.replace(",", ".").replace(" ", ""))
            except InvalidOperation:
                return False, None, "Type a number."
            if not decimals and number != number.to_integral_value():
                return False, None, "Type a whole number."
            if low is not None and number < Decimal(str(low)):
                return False, None, f"The least is {low}."
            if high is not None and number > Decimal(str(high)):
                return False, None, f"The most is {high}."
            return True, answer.replace(",", ".").replace(" ", ""), ""

        return self.read_field(current, current or "", optional, parse)

    def date_field(self, element: dict, current: Any, optional: bool) -> Any:
        def parse(answer: str) -> tuple[bool, Any, str]:
            if answer.casefold() in ("today", "i dag"):
                return True, date.today().isoformat(), ""
            try:
                return True, date.fromisoformat(answer).isoformat(), ""
            except ValueError:
                return False, None, "Type a date as YYYY-MM-DD, or today."

        return self.read_field(current, current or "", optional, parse)

    def time_field(self, element: dict, current: Any, optional: bool) -> Any:
        def parse(answer: str) -> tuple[bool, Any, str]:
            match = re.match(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$", answer)
            if not match:
                return False, None, "Type a time as HH:MM."
            return True, f"{int(match.group(1)):02d}:{match.group(2)}", ""

        return self.read_field(current, current or "", optional, parse)

    def show_options(self, options: list[dict], chosen: set, *, boxes: bool = False) -> None:
        entries = []
        for number, option in enumerate(options, start=1):
            text = emojize(_plain(option.get("text")))
            picked = option.get("value") in chosen
            if boxes:
                entries.append(f"{number:>2}) [{'x' if picked else ' '}] {text}")
            else:
                entries.append(f"{number:>2}) {text}{' *' if picked else ''}")
            if option.get("description"):
                entries[-1] += f" — {_plain(option['description'])}"
        if len(entries) <= 6 or max(len(e) for e in entries) > 32:
            for entry in entries:
                self.out("    " + entry)
            return
        width = max(len(e) for e in entries) + 2
        columns = max(1, (WIDTH - 4) // width)
        for start in range(0, len(entries), columns):
            self.out("    " + "".join(e.ljust(width) for e in entries[start : start + columns]).rstrip())


def pick_option(answer: str, options: list[dict]) -> tuple[dict | None, str]:
    """The option meant by a number, its text or its value, or a unique part of its text."""
    if answer.isdigit():
        number = int(answer)
        if 1 <= number <= len(options):
            return options[number - 1], ""
        return None, f"Choose a number from 1 to {len(options)}."
    wanted = answer.casefold()
    exact = [
        o for o in options if wanted in (_plain(o.get("text")).casefold(), str(o.get("value")).casefold())
    ]
    if exact:
        return exact[0], ""
    partial = [o for o in options if wanted in _plain(o.get("text")).casefold()]
    if len(partial) == 1:
        return partial[0], ""
    if partial:
        return None, "Which one? " + ", ".join(_plain(o.get("text")) for o in partial[:8])
    return None, f"{answer} is not one of the options; answer with its number or its text."


def current_value(element: dict) -> Any:
    """An input's value before the user touches it, in the form ``submission_state`` takes."""
    kind = element.get("type")
    if kind in ("static_select", "radio_buttons", "external_select"):
        return (element.get("initial_option") or {}).get("value")
    if kind in ("checkboxes", "multi_static_select", "multi_external_select"):
        return [o.get("value") for o in element.get("initial_options") or []]
    if kind == "multi_users_select":
        return list(element.get("initial_users") or [])
    for key in (
        "initial_value",
        "initial_user",
        "initial_conversation",
        "initial_channel",
        "initial_date",
        "initial_time",
    ):
        if element.get(key) is not None:
            return element[key]
    return None


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _replace_view(old: dict, new: dict) -> dict:
    """A ``response_action: update``: the new view in place of the old, with the same id."""
    kept = {k: old.get(k) for k in ("id", "team_id", "root_view_id", "previous_view_id", "app_id", "bot_id")}
    return {**new, **kept, "state": {"values": {}}}


FIELD_READERS: dict[str, Callable[[Console, dict, Any, bool], Any]] = {
    "static_select": Console.select_field,
    "radio_buttons": Console.select_field,
    "checkboxes": Console.multi_option_field,
    "multi_static_select": Console.multi_option_field,
    "users_select": Console.user_field,
    "multi_users_select": Console.multi_user_field,
    "conversations_select": Console.channel_field,
    "channels_select": Console.channel_field,
    "plain_text_input": Console.text_field,
    "email_text_input": Console.text_field,
    "url_text_input": Console.text_field,
    "number_input": Console.number_field,
    "datepicker": Console.date_field,
    "timepicker": Console.time_field,
}


# ---------------------------------------------------------------------------
# Start-up
# ---------------------------------------------------------------------------


@contextmanager
def _quiet_logging() -> Iterator[None]:
    """Bolt's INFO lines would clutter the transcript; warnings and errors still show.
    An explicit LOG_LEVEL (say DEBUG, to see every request) is left alone."""
    if os.environ.get("LOG_LEVEL"):
        yield
        return
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.WARNING)
    try:
        yield
    finally:
        root.setLevel(level)


def _seed_people(workspace: LocalWorkspace, services: Services) -> list:
    """The fake's user directory from the people salesbot keeps, so users.info answers for them."""
    fake = workspace.fake
    with services.store(workspace.team_id) as store:
        people = list(store.people())
        taken = {u.name for u in list(fake.users.values())}
        for person in people:
            if person.slack_user_id in fake.users or person.is_bot:
                continue
            username = _username(person.name or person.slack_user_id, taken)
            taken.add(username)
            fake.add_user(
                FakeUser(
                    id=person.slack_user_id,
                    name=username,
                    real_name=person.name or person.slack_user_id,
                    tz=person.timezone if _valid_timezone(person.timezone) else "UTC",
                    locale=person.slack_locale or "en-US",
                    is_admin=person.is_slack_admin,
                    is_owner=person.is_slack_owner,
                )
            )
        channel = store.workspace.announcement_channel
        if channel and channel not in fake.channels and channel.startswith("C0"):
            # A channel created in an earlier console session: console channel ids spell their names.
            fake.add_channel(channel, channel[2:].lower())
    return people


def _first_run(console: Console, services: Services) -> bool:
    """On an empty workspace: the demo company, or one user for the person at the keyboard.
    Returns False when input ended before an answer."""
    try:
        if console.yes(f"This workspace is empty. Load the demo company {DEMO_COMPANY}? [Y/n] "):
            with services.store(console.workspace.team_id) as store:
                console.out(load_demo(store))
            return True
        name = ""
        while not name:
            name = " ".join(console.ask("Your name: ").split())
    except (EndOfInput, Interrupted):
        return False
    console.fake.add_user(
        FakeUser(
            id=CONSOLE_USER_ID,
            name=_username(name, {u.name for u in list(console.fake.users.values())}),
            real_name=name,
            tz=_local_timezone(),
            locale=_local_locale(),
            is_admin=True,
            is_owner=True,
        )
    )
    console.out(f"Welcome, {name}: you are the owner of this workspace, so salesbot makes you an admin.")
    return True


def _acting_user(fake: FakeSlack, people: list, wanted: str | None) -> tuple[str | None, str | None]:
    """(user id, a note when ``wanted`` could not be found)."""
    note = None
    if wanted:
        user = find_person(fake, wanted)
        if user is not None:
            return user.id, None
        note = f"No one called {wanted} here; "
    owner = next((p for p in people if p.is_slack_owner and p.slack_user_id in fake.users), None)
    first = next((p for p in people if p.slack_user_id in fake.users), None)
    chosen = owner or first
    if chosen is not None:
        return chosen.slack_user_id, note
    humans = [u for u in list(fake.users.values()) if not u.is_bot]
    return (humans[0].id if humans else None), note


def run_console(
    settings: Settings,
    engine: Engine,
    *,
    user: str | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> int:
    """The local console on ``engine``; returns the exit code (0 when input ends or on quit)."""
    stdin = sys.stdin if stdin is None else stdin
    stdout = sys.stdout if stdout is None else stdout
    with _quiet_logging():
        services = Services(settings=settings, engine=engine)
        workspace = LocalWorkspace.start(engine, team_id=LOCAL_TEAM_ID, admins=settings.admins)
        # Digests scheduled in the console are posted into it, like the real app's in-process scheduler.
        scheduler = (
            start_scheduler(replace(workspace.settings, scheduler_on=True), engine, clock=workspace.clock)
            if settings.scheduler_on
            else None
        )
        try:
            workspace.fake.add_channel(*SALES)
            console = Console(workspace=workspace, services=services, stdin=stdin, stdout=stdout)
            with services.store(LOCAL_TEAM_ID) as store:
                empty = is_empty(store)
            if empty and not _first_run(console, services):
                return 0
            people = _seed_people(workspace, services)
            user_id, note = _acting_user(workspace.fake, people, user)
            if user_id is None:
                console.out("There is no one in this workspace to act as.")
                return 1
            if note:
                console.out(note + "acting as " + workspace.fake.user(user_id).real_name + ".")
            console.user_id = user_id
            return console.run()
        finally:
            if scheduler is not None:
                scheduler.stop()
            workspace.stop()
