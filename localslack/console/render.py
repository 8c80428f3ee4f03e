"""Block Kit and Slack's mrkdwn as terminal text: what salesbot sent, as a person would read it.

Buttons are numbered as they are drawn, so the person at the keyboard can press them by number.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from localslack.console.terminal import WIDTH, Style
from localslack.console.words import Words
from localslack.webapi import FakeSlack, Posted

RULE_WIDTH = 40

# A handful of emoji codes salesbot uses; any other :code: is shown as typed.
EMOJI = {
    "white_check_mark": "✅",
    "arrow_forward": "▶️",
    "white_small_square": "▫️",
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
    "pushpin": "📌",
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
    "handshake": "🤝",
}

_ANGLE = re.compile(r"<([^<>\n]+)>")
_EMOJI = re.compile(r":([a-z0-9_+\-]*[a-z][a-z0-9_+\-]*):")
_BOLD = re.compile(r"(?<![\w*\\])\*(?=\S)([^*\n]*?\S)\*(?![\w*])")
_ITALIC = re.compile(r"(?<![\w_\\])_(?=\S)([^_\n]*?\S)_(?![\w_])")


def text_of(obj: Any) -> str:
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

    def __init__(self, fake: FakeSlack, style: Style, words: Words | None = None) -> None:
        self.fake = fake
        self.style = style
        self.words = words or Words()

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
            return self.words("shown.dm_channel")
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
            return emojize(text_of(obj))
        return self.mrkdwn(text_of(obj))

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
            return self.style.header(emojize(text_of(block.get("text"))))
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
                    parts.append(self.words("shown.image", text=element.get("alt_text", "")))
                else:
                    parts.append(self.text_object(element))
            return [self.style.dim(line) for line in "  ".join(parts).splitlines()]
        if kind == "actions":
            return self.actions(block, buttons, source, view=view)
        if kind == "image":
            lines = [self.words("shown.image", text=block.get("alt_text", ""))]
            if block.get("title"):
                lines.insert(0, emojize(text_of(block["title"])))
            return lines
        if kind == "input":
            label = emojize(text_of(block.get("label")))
            return [f"{label}: " + self.describe_input(block.get("element") or {})]
        if kind == "rich_text":
            return self.rich_text(block).splitlines()
        if kind == "markdown":
            text = str(block.get("text") or "").replace("**", "*")
            return self.mrkdwn(text).splitlines()
        if kind == "file":
            return [self.words("shown.file_block")]
        if kind == "video":
            return [self.words("shown.video", title=text_of(block.get("title")))]
        if kind == "table":
            return [self.words("shown.table")]
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
        packed = pack(row, "  ", WIDTH)
        return packed + lines

    def element(
        self, element: dict, block_id: str, buttons: list[Button] | None, source: Posted, *, view=None
    ) -> list[str]:
        kind = element.get("type")
        if kind == "button":
            label = emojize(text_of(element.get("text")))
            if element.get("style") == "primary":
                label = self.style.bold(label)
            url = element.get("url")
            suffix = f" ({url})" if url else ""
            if buttons is None:
                return [f"[·] {label}{suffix}"]
            buttons.append(
                Button(
                    label=text_of(element.get("text")),
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
            return [self.words("shown.image", text=element.get("alt_text", ""))]
        if kind == "workflow_button":
            return [self.words("shown.workflow", text=text_of(element.get("text")))]
        return [self.style.dim(f"({self.describe_input(element)})")]

    def describe_input(self, element: dict) -> str:
        """A one-line description of an input element the console cannot operate in a message."""
        kind = str(element.get("type") or "")
        options = element_options(element)
        if options:
            names = ", ".join(emojize(text_of(o.get("text"))) for o in options[:8])
            if len(options) > 8:
                names = self.words("shown.more_options", options=names, count=len(options))
            return f"{kind.replace('_', ' ')}: {names}"
        placeholder = text_of(element.get("placeholder"))
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


def pack(items: list[str], separator: str, width: int) -> list[str]:
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


def element_options(element: dict) -> list[dict]:
    """A select's or a checkbox group's options, those in option groups too."""
    options = [o for o in element.get("options") or [] if isinstance(o, dict)]
    for group in element.get("option_groups") or []:
        options += [o for o in group.get("options") or [] if isinstance(o, dict)]
    return options
