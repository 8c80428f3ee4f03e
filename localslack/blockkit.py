"""Slack's Block Kit limits and shapes: what Slack refuses in a message, a modal or a home tab.

``validate_blocks`` and ``validate_view`` answer with the errors Slack answers with, in its own
``<why> [json-pointer:<where>]`` form, so a payload that would fail in a real workspace fails
here first. Standard library only.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

__all__ = ["validate_blocks", "validate_options_response", "validate_view"]

_BLOCK_LIMITS = {"message": 50, "modal": 100, "home": 100}
_BLOCK_TYPES = frozenset(
    {
        "section",
        "divider",
        "image",
        "actions",
        "context",
        "input",
        "header",
        "rich_text",
        "file",
        "video",
        "markdown",
        "table",
    }
)
_SELECTS = ("static_select", "external_select", "users_select", "conversations_select", "channels_select")
_SELECT_TYPES = frozenset(_SELECTS) | frozenset(f"multi_{name}" for name in _SELECTS)
_SECTION_ACCESSORIES = _SELECT_TYPES | {
    "button",
    "checkboxes",
    "datepicker",
    "image",
    "overflow",
    "radio_buttons",
    "timepicker",
    "workflow_button",
}
_ACTIONS_ELEMENTS = _SELECT_TYPES | {
    "button",
    "checkboxes",
    "datepicker",
    "datetimepicker",
    "overflow",
    "radio_buttons",
    "timepicker",
    "workflow_button",
}
_INPUT_ELEMENTS = _SELECT_TYPES | {
    "checkboxes",
    "datepicker",
    "datetimepicker",
    "email_text_input",
    "file_input",
    "number_input",
    "plain_text_input",
    "radio_buttons",
    "rich_text_input",
    "timepicker",
    "url_text_input",
}
_RICH_TEXT_ELEMENTS = frozenset(
    {"rich_text_section", "rich_text_list", "rich_text_preformatted", "rich_text_quote"}
)
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class _Checker:
    """Collects Slack-style error strings while walking one surface's payload."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.block_ids: set[str] = set()

    def fail(self, message: str, pointer: str) -> None:
        self.errors.append(f"{message} [json-pointer:{pointer}]")

    # -- primitives ---------------------------------------------------------

    def string(
        self,
        obj: dict,
        key: str,
        pointer: str,
        *,
        max_len: int | None = None,
        required: bool = False,
        non_empty: bool = False,
    ) -> str | None:
        value = obj.get(key)
        at = f"{pointer}/{key}"
        if value is None:
            if required:
                self.fail(f"missing required field: {key}", pointer)
            return None
        if not isinstance(value, str):
            self.fail("must be a string", at)
            return None
        if non_empty and not value:
            self.fail("must be more than 0 characters", at)
        if max_len is not None and len(value) > max_len:
            self.fail(f"must be less than {max_len + 1} characters", at)
        return value

    def array(
        self,
        obj: dict,
        key: str,
        pointer: str,
        *,
        max_items: int | None = None,
        min_items: int = 0,
        required: bool = False,
    ) -> list:
        value = obj.get(key)
        at = f"{pointer}/{key}"
        if value is None:
            if required:
                self.fail(f"missing required field: {key}", pointer)
            return []
        if not isinstance(value, list):
            self.fail("must provide an array", at)
            return []
        if max_items is not None and len(value) > max_items:
            self.fail(f"no more than {max_items} items allowed", at)
        if len(value) < min_items:
            self.fail(f"must provide at least {min_items} items", at)
        return value

    def integer(self, obj: dict, key: str, pointer: str, *, low: int, high: int) -> int | None:
        value = obj.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail("must be an integer", f"{pointer}/{key}")
            return None
        if not low <= value <= high:
            self.fail(f"must be between {low} and {high}", f"{pointer}/{key}")
            return None
        return value

    def text(
        self,
        obj: dict,
        key: str,
        pointer: str,
        *,
        max_len: int | None = None,
        plain_only: bool = False,
        required: bool = False,
    ) -> None:
        if key not in obj:
            if required:
                self.fail(f"missing required field: {key}", pointer)
            return
        self.text_object(obj[key], f"{pointer}/{key}", max_len=max_len, plain_only=plain_only)

    def text_object(self, value: Any, pointer: str, *, max_len: int | None, plain_only: bool) -> None:
        if not isinstance(value, dict):
            self.fail("must provide an object", pointer)
            return
        kind = value.get("type")
        allowed = ("plain_text",) if plain_only else ("plain_text", "mrkdwn")
        if kind is None:
            self.fail("missing required field: type", pointer)
        elif kind not in allowed:
            self.fail("must be a valid enum value", f"{pointer}/type")
        self.string(value, "text", pointer, max_len=max_len, required=True, non_empty=True)
        # Each flag belongs to one text type only; Slack refuses the other combination.
        if kind == "mrkdwn" and "emoji" in value:
            self.fail("`emoji` is only allowed in plain_text", f"{pointer}/emoji")
        if kind == "plain_text" and "verbatim" in value:
            self.fail("`verbatim` is only allowed in mrkdwn", f"{pointer}/verbatim")

    def kind(self, obj: Any, pointer: str, allowed: Iterable[str]) -> str | None:
        """The ``type`` of a block or element, or None (and the error) when it is not one of ``allowed``."""
        if not isinstance(obj, dict):
            self.fail("must provide an object", pointer)
            return None
        kind = obj.get("type")
        if kind is None:
            self.fail("missing required field: type", pointer)
            return None
        if kind not in allowed:
            self.fail(f"unsupported type: {kind}", f"{pointer}/type")
            return None
        return kind

    def unique_id(self, obj: dict, key: str, pointer: str, seen: set[str]) -> None:
        """A ``block_id`` or ``action_id``: at most 255 characters, and not one already ``seen``."""
        value = self.string(obj, key, pointer, max_len=255, non_empty=True)
        if value is not None:
            if value in seen:
                self.fail(f"duplicate {key}: {value}", f"{pointer}/{key}")
            seen.add(value)

    # -- surfaces -------------------------------------------------------------

    def blocks(self, blocks: Any, surface: str, pointer: str) -> None:
        if not isinstance(blocks, list):
            self.fail("must provide an array", pointer)
            return
        limit = _BLOCK_LIMITS[surface]
        if len(blocks) > limit:
            self.fail(f"no more than {limit} items allowed", pointer)
        for index, block in enumerate(blocks):
            self.block(block, f"{pointer}/{index}", surface)

    def block(self, block: Any, pointer: str, surface: str) -> None:
        kind = self.kind(block, pointer, _BLOCK_TYPES)
        if kind is None:
            return
        self.unique_id(block, "block_id", pointer, self.block_ids)
        check = getattr(self, f"_block_{kind}", None)
        if check is not None:
            check(block, pointer, surface)

    def _block_section(self, block: dict, pointer: str, surface: str) -> None:
        if "text" not in block and not block.get("fields"):
            self.fail("must define either `text` or `fields`", f"{pointer}/type")
        self.text(block, "text", pointer, max_len=3000)
        for index, item in enumerate(self.array(block, "fields", pointer, max_items=10)):
            self.text_object(item, f"{pointer}/fields/{index}", max_len=2000, plain_only=False)
        if "accessory" in block:
            self.element(block["accessory"], f"{pointer}/accessory", _SECTION_ACCESSORIES, set())

    def _block_header(self, block: dict, pointer: str, surface: str) -> None:
        self.text(block, "text", pointer, max_len=150, plain_only=True, required=True)

    def _block_image(self, block: dict, pointer: str, surface: str) -> None:
        self.image(block, pointer)
        self.text(block, "title", pointer, max_len=2000, plain_only=True)

    def _block_actions(self, block: dict, pointer: str, surface: str) -> None:
        action_ids: set[str] = set()
        elements = self.array(block, "elements", pointer, max_items=25, min_items=1, required=True)
        for index, element in enumerate(elements):
            self.element(element, f"{pointer}/elements/{index}", _ACTIONS_ELEMENTS, action_ids)

    def _block_context(self, block: dict, pointer: str, surface: str) -> None:
        elements = self.array(block, "elements", pointer, max_items=10, min_items=1, required=True)
        for index, element in enumerate(elements):
            at = f"{pointer}/elements/{index}"
            if isinstance(element, dict) and element.get("type") in ("plain_text", "mrkdwn"):
                self.text_object(element, at, max_len=None, plain_only=False)
            else:
                self.element(element, at, frozenset({"image"}), set())

    def _block_input(self, block: dict, pointer: str, surface: str) -> None:
        self.text(block, "label", pointer, max_len=2000, plain_only=True, required=True)
        self.text(block, "hint", pointer, max_len=2000, plain_only=True)
        if "element" not in block:
            self.fail("missing required field: element", pointer)
        else:
            self.element(block["element"], f"{pointer}/element", _INPUT_ELEMENTS, set())
        # A message has no submit button: its inputs only make sense when they dispatch.
        if surface == "message" and not block.get("dispatch_action"):
            self.fail("input blocks in messages must set `dispatch_action`", pointer)

    def _block_rich_text(self, block: dict, pointer: str, surface: str) -> None:
        for index, element in enumerate(self.array(block, "elements", pointer, required=True)):
            at = f"{pointer}/elements/{index}"
            if not isinstance(element, dict):
                self.fail("must provide an object", at)
            elif element.get("type") not in _RICH_TEXT_ELEMENTS:
                self.fail(f"unsupported type: {element.get('type')}", f"{at}/type")

    def _block_file(self, block: dict, pointer: str, surface: str) -> None:
        self.string(block, "external_id", pointer, required=True, non_empty=True)
        self.string(block, "source", pointer, required=True, non_empty=True)

    def _block_video(self, block: dict, pointer: str, surface: str) -> None:
        self.string(block, "alt_text", pointer, required=True, non_empty=True)
        self.text(block, "title", pointer, max_len=200, plain_only=True, required=True)
        self.string(block, "thumbnail_url", pointer, required=True, non_empty=True)
        self.string(block, "video_url", pointer, required=True, non_empty=True)

    def _block_markdown(self, block: dict, pointer: str, surface: str) -> None:
        self.string(block, "text", pointer, max_len=12_000, required=True, non_empty=True)

    # -- elements -------------------------------------------------------------

    def element(self, element: Any, pointer: str, allowed: Iterable[str], action_ids: set[str]) -> None:
        kind = self.kind(element, pointer, allowed)
        if kind is None:
            return
        self.unique_id(element, "action_id", pointer, action_ids)
        if kind in _INPUT_ELEMENTS:
            self.text(element, "placeholder", pointer, max_len=150, plain_only=True)
        if "confirm" in element:
            self.confirm(element["confirm"], f"{pointer}/confirm")
        check = getattr(self, f"_element_{kind.removeprefix('multi_')}", None)
        if check is not None:
            check(element, pointer)
        if kind.startswith("multi_"):
            self.integer(element, "max_selected_items", pointer, low=1, high=100)

    def image(self, element: dict, pointer: str) -> None:
        if "image_url" not in element and "slack_file" not in element:
            self.fail("missing required field: image_url", pointer)
        self.string(element, "image_url", pointer, max_len=3000, non_empty=True)
        self.string(element, "alt_text", pointer, max_len=2000, required=True, non_empty=True)

    def _element_image(self, element: dict, pointer: str) -> None:
        self.image(element, pointer)

    def _element_button(self, element: dict, pointer: str) -> None:
        self.text(element, "text", pointer, max_len=75, plain_only=True, required=True)
        self.string(element, "value", pointer, max_len=2000)
        self.string(element, "url", pointer, max_len=3000, non_empty=True)
        self.string(element, "accessibility_label", pointer, max_len=75)
        if element.get("style") not in (None, "primary", "danger"):
            self.fail("must be a valid enum value", f"{pointer}/style")

    def _element_workflow_button(self, element: dict, pointer: str) -> None:
        self.text(element, "text", pointer, max_len=75, plain_only=True, required=True)
        if "workflow" not in element:
            self.fail("missing required field: workflow", pointer)

    def _element_overflow(self, element: dict, pointer: str) -> None:
        self.options(element, "options", pointer, max_items=5, required=True, allow_url=True)

    def _element_static_select(self, element: dict, pointer: str) -> None:
        has_options, has_groups = "options" in element, "option_groups" in element
        if has_options == has_groups:
            self.fail("must provide either `options` or `option_groups`", pointer)
        values = self.options(element, "options", pointer, max_items=100)
        groups = self.array(element, "option_groups", pointer, max_items=100)
        for index, group in enumerate(groups):
            at = f"{pointer}/option_groups/{index}"
            if not isinstance(group, dict):
                self.fail("must provide an object", at)
                continue
            self.text(group, "label", at, max_len=75, plain_only=True, required=True)
            values |= self.options(group, "options", at, max_items=100, required=True)
        self.initial_options(element, pointer, values)

    def _element_external_select(self, element: dict, pointer: str) -> None:
        """Options come from the app as people type (a block_suggestion), never in the element."""
        for key in ("options", "option_groups"):
            if key in element:
                self.fail(f"`{key}` is not allowed in an external select", f"{pointer}/{key}")
        self.integer(element, "min_query_length", pointer, low=0, high=1000)
        if "initial_option" in element:
            self.option(element["initial_option"], f"{pointer}/initial_option")
        for index, option in enumerate(self.array(element, "initial_options", pointer, max_items=100)):
            self.option(option, f"{pointer}/initial_options/{index}")

    def _element_checkboxes(self, element: dict, pointer: str) -> None:
        values = self.options(element, "options", pointer, max_items=10, required=True, plain_only=False)
        self.initial_options(element, pointer, values)

    _element_radio_buttons = _element_checkboxes

    def _element_datepicker(self, element: dict, pointer: str) -> None:
        value = self.string(element, "initial_date", pointer)
        if value is not None and not _is_date(value):
            self.fail("must be a valid date in the format YYYY-MM-DD", f"{pointer}/initial_date")

    def _element_timepicker(self, element: dict, pointer: str) -> None:
        value = self.string(element, "initial_time", pointer)
        if value is not None and not _TIME_RE.match(value):
            self.fail("must be a valid time in the format HH:mm", f"{pointer}/initial_time")

    def _element_datetimepicker(self, element: dict, pointer: str) -> None:
        self.integer(element, "initial_date_time", pointer, low=0, high=2**53)

    def _element_plain_text_input(self, element: dict, pointer: str) -> None:
        low = self.integer(element, "min_length", pointer, low=0, high=3000)
        high = self.integer(element, "max_length", pointer, low=1, high=3000)
        if low is not None and high is not None and low > high:
            self.fail("must not exceed max_length", f"{pointer}/min_length")
        value = self.string(element, "initial_value", pointer)
        if value is not None:
            if high is not None and len(value) > high:
                self.fail(f"must be less than {high + 1} characters", f"{pointer}/initial_value")
            if low is not None and len(value) < low:
                self.fail(f"must be at least {low} characters", f"{pointer}/initial_value")

    def _element_number_input(self, element: dict, pointer: str) -> None:
        if not isinstance(element.get("is_decimal_allowed"), bool):
            self.fail("missing required field: is_decimal_allowed", pointer)

    def _element_file_input(self, element: dict, pointer: str) -> None:
        self.integer(element, "max_files", pointer, low=1, high=10)
        if "filetypes" in element:
            types = element["filetypes"]
            if not isinstance(types, list) or not all(isinstance(t, str) and t for t in types):
                self.fail("filetypes must be an array of file extensions", f"{pointer}/filetypes")

    # -- composition objects ---------------------------------------------------

    def options(
        self,
        obj: dict,
        key: str,
        pointer: str,
        *,
        max_items: int,
        required: bool = False,
        plain_only: bool = True,
        allow_url: bool = False,
    ) -> set[str]:
        """Check an options array and return the option values it offers."""
        values: set[str] = set()
        items = self.array(
            obj, key, pointer, max_items=max_items, min_items=1 if required else 0, required=required
        )
        for index, option in enumerate(items):
            value = self.option(
                option, f"{pointer}/{key}/{index}", plain_only=plain_only, allow_url=allow_url
            )
            if value is not None:
                values.add(value)
        return values

    def option(self, option: Any, at: str, *, plain_only: bool = True, allow_url: bool = False) -> str | None:
        """Check one option object and return its value."""
        if not isinstance(option, dict):
            self.fail("must provide an object", at)
            return None
        self.text(option, "text", at, max_len=75, plain_only=plain_only, required=True)
        self.text(option, "description", at, max_len=75, plain_only=plain_only)
        value = self.string(option, "value", at, max_len=150, required=True)
        if allow_url:
            self.string(option, "url", at, max_len=3000, non_empty=True)
        elif "url" in option:
            self.fail("`url` is only allowed in overflow menu options", f"{at}/url")
        return value

    def initial_options(self, element: dict, pointer: str, values: set[str]) -> None:
        chosen: list[tuple[str, Any]] = []
        if "initial_option" in element:
            chosen.append((f"{pointer}/initial_option", element["initial_option"]))
        if isinstance(element.get("initial_options"), list):
            chosen += [
                (f"{pointer}/initial_options/{i}", o) for i, o in enumerate(element["initial_options"])
            ]
        for at, option in chosen:
            if not isinstance(option, dict):
                self.fail("must provide an object", at)
            elif option.get("value") not in values:
                self.fail("must match one of the provided options", at)

    def confirm(self, confirm: Any, pointer: str) -> None:
        if not isinstance(confirm, dict):
            self.fail("must provide an object", pointer)
            return
        self.text(confirm, "title", pointer, max_len=100, plain_only=True, required=True)
        self.text(confirm, "text", pointer, max_len=300, required=True)
        self.text(confirm, "confirm", pointer, max_len=30, plain_only=True, required=True)
        self.text(confirm, "deny", pointer, max_len=30, plain_only=True, required=True)
        if confirm.get("style") not in (None, "primary", "danger"):
            self.fail("must be a valid enum value", f"{pointer}/style")


def _is_date(value: str) -> bool:
    if not _DATE_RE.match(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def validate_blocks(blocks: Any, surface: str, *, pointer: str = "/blocks") -> list[str]:
    """Return Slack-style errors (``"<why> [json-pointer:<where>]"``) for a blocks array.

    ``surface`` is "message" (50 blocks), "modal" or "home" (100 blocks). An empty list
    means Slack would accept the blocks.
    """
    if surface not in _BLOCK_LIMITS:
        raise ValueError(f"unknown surface {surface!r}")
    checker = _Checker()
    checker.blocks(blocks, surface, pointer)
    return checker.errors


def validate_options_response(response: Any) -> list[str]:
    """Return Slack-style errors for an app's answer to a block_suggestion (empty when valid):
    ``options`` or ``option_groups``, at most 100 of them, with plain text options."""
    checker = _Checker()
    if not isinstance(response, dict):
        checker.fail("must provide an object", "")
        return checker.errors
    if ("options" in response) == ("option_groups" in response):
        checker.fail("must provide either `options` or `option_groups`", "")
    checker.options(response, "options", "", max_items=100)
    for index, group in enumerate(checker.array(response, "option_groups", "", max_items=100)):
        at = f"/option_groups/{index}"
        if not isinstance(group, dict):
            checker.fail("must provide an object", at)
            continue
        checker.text(group, "label", at, max_len=75, plain_only=True, required=True)
        checker.options(group, "options", at, max_items=100, required=True)
    return checker.errors


def validate_view(view: Any, *, pointer: str = "/view") -> list[str]:
    """Return Slack-style errors for a modal or home view payload (empty when valid)."""
    checker = _Checker()
    if not isinstance(view, dict):
        checker.fail("must provide an object", pointer)
        return checker.errors
    kind = view.get("type")
    if kind is None:
        checker.fail("missing required field: type", pointer)
        return checker.errors
    if kind not in ("modal", "home"):
        checker.fail("must be a valid enum value", f"{pointer}/type")
        return checker.errors
    if "blocks" not in view:
        checker.fail("missing required field: blocks", pointer)
    else:
        checker.blocks(view["blocks"], kind, f"{pointer}/blocks")
    checker.string(view, "private_metadata", pointer, max_len=3000)
    checker.string(view, "callback_id", pointer, max_len=255)
    checker.string(view, "external_id", pointer, max_len=255)
    if kind == "modal":
        checker.text(view, "title", pointer, max_len=24, plain_only=True, required=True)
        checker.text(view, "submit", pointer, max_len=24, plain_only=True)
        checker.text(view, "close", pointer, max_len=24, plain_only=True)
        if "submit" not in view and isinstance(view.get("blocks"), list):
            for index, block in enumerate(view["blocks"]):
                if isinstance(block, dict) and block.get("type") == "input":
                    checker.fail(
                        "must define `submit` to use an `input` block in modals", f"{pointer}/blocks/{index}"
                    )
                    break
    return checker.errors
