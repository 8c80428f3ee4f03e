"""Asking for a modal's inputs one at a time: each kind of element read from a line of text.

Every answer comes back in the form ``localslack.workspace.submission_state`` takes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from localslack.console.mentions import find_channel, find_person
from localslack.console.render import Renderer, element_options, emojize, text_of
from localslack.console.terminal import WIDTH, Terminal
from localslack.console.words import Words

# What salesbot offers in an external select once some text is typed in it: (element, text) → options.
Suggest = Callable[[dict, str], list[dict]]


class FieldReader:
    """Reads input blocks' values at the terminal; people and channels by name, through ``render``;
    an external select's options from salesbot, through ``suggest``."""

    def __init__(self, term: Terminal, render: Renderer, suggest: Suggest | None = None) -> None:
        self.term = term
        self.render = render
        self.fake = render.fake
        self.words = term.words
        self.suggest = suggest

    def ask_field(self, block: dict, current: Any) -> Any:
        """Asks for one input block's value; returns it as ``submission_state`` takes it."""
        element = block.get("element") or {}
        kind = str(element.get("type") or "")
        optional = bool(block.get("optional"))
        label = emojize(text_of(block.get("label")))
        self.term.out()
        optional_note = " " + self.words("field.optional") if optional else ""
        self.term.out("  " + self.term.style.bold(label) + optional_note)
        if block.get("hint"):
            self.term.out("  " + self.term.style.dim(emojize(text_of(block["hint"]))))
        reader = FIELD_READERS.get(kind)
        if reader is None:
            self.term.out(
                self.term.style.dim("  " + self.words("field.cannot_fill", kind=kind.replace("_", " ")))
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
            answer = self.term.ask(self.field_prompt(shown)).strip()
            if not answer:
                if _empty(current) and not optional:
                    self.term.out("  " + self.words("field.required"))
                    continue
                return current
            if answer == "-":
                if optional:
                    return None
                self.term.out("  " + self.words("field.required_kept"))
                continue
            ok, value, problem = parse(answer)
            if ok:
                return value
            self.term.out("  " + problem)

    def select_field(self, element: dict, current: Any, optional: bool) -> Any:
        options = element_options(element)
        self.show_options(options, {current} if current is not None else set())
        texts = {o.get("value"): text_of(o.get("text")) for o in options}

        def parse(answer: str) -> tuple[bool, Any, str]:
            option, problem = pick_option(answer, options, self.words)
            return (True, option.get("value"), "") if option else (False, None, problem)

        return self.read_field(current, texts.get(current, current or ""), optional, parse)

    def search_field(self, element: dict, current: Any, optional: bool) -> Any:
        """An external select: what is typed goes to salesbot, as Slack sends it while one types,
        and one option found is picked; of several, a number picks from the list shown."""
        if self.suggest is None:
            self.term.out(self.term.style.dim("  " + self.words("field.search_unavailable")))
            return current
        initial = element.get("initial_option") or {}
        shown = (
            text_of(initial.get("text")) if current is not None and initial.get("value") == current else ""
        )
        self.term.out(self.term.style.dim("  " + self.words("field.search_hint")))
        listed: list[dict] = []

        def parse(answer: str) -> tuple[bool, Any, str]:
            nonlocal listed
            if answer.isdigit() and listed:
                option, problem = pick_option(answer, listed, self.words)
                if option is None:
                    return False, None, problem
                self.term.out("  → " + text_of(option.get("text")))
                return True, option.get("value"), ""
            try:
                found = self.suggest(element, answer)
            except ValueError as error:
                return False, None, self.words("field.search_failed", error=error)
            wanted = answer.casefold()
            exact = [
                o
                for o in found
                if wanted in (text_of(o.get("text")).casefold(), str(o.get("value")).casefold())
            ]
            if len(found) == 1 or len(exact) == 1:
                chosen = found[0] if len(found) == 1 else exact[0]
                self.term.out("  → " + text_of(chosen.get("text")))
                return True, chosen.get("value"), ""
            if not found:
                return False, None, self.words("field.search_nothing", text=answer)
            listed = found
            self.show_options(found, set())
            return False, None, self.words("field.search_pick")

        return self.read_field(current, shown, optional, parse)

    def multi_option_field(self, element: dict, current: Any, optional: bool) -> Any:
        options = element_options(element)
        chosen = set(current or [])
        self.show_options(options, chosen, boxes=True)
        self.term.out(self.term.style.dim("  " + self.words("field.several")))
        none = self.words("field.none")
        shown = ", ".join(text_of(o.get("text")) for o in options if o.get("value") in chosen) or none

        def parse(answer: str) -> tuple[bool, Any, str]:
            if answer.casefold() in ("none", "ingen", "0", none.casefold()):
                if not optional:
                    return False, None, self.words("field.at_least_one")
                return True, [], ""
            values = []
            for part in (p.strip() for p in answer.split(",")):
                if not part:
                    continue
                option, problem = pick_option(part, options, self.words)
                if option is None:
                    return False, None, problem
                if option.get("value") not in values:
                    values.append(option.get("value"))
            limit = element.get("max_selected_items")
            if limit and len(values) > limit:
                return False, None, self.words("field.at_most", count=limit)
            return True, values, ""

        value = self.read_field(list(current or []), shown, optional, parse)
        return [] if value is None else value

    def user_field(self, element: dict, current: Any, optional: bool) -> Any:
        shown = "@" + self.render.user_name(current) if current else ""

        def parse(answer: str) -> tuple[bool, Any, str]:
            user = find_person(self.fake, answer)
            if user is None:
                return False, None, self.words("field.no_person", name=answer)
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
                    return False, None, self.words("field.no_person_short", name=part)
                ids.append(user.id)
            return True, ids, ""

        value = self.read_field(list(current or []), shown, optional, parse)
        return [] if value is None else value

    def channel_field(self, element: dict, current: Any, optional: bool) -> Any:
        shown = "#" + self.render.channel_name(current) if current else ""
        names = sorted("#" + c["name"] for c in list(self.fake.channels.values()) if not c["is_im"])
        self.term.out(self.term.style.dim("  " + self.words("field.channels", channels=", ".join(names))))

        def parse(answer: str) -> tuple[bool, Any, str]:
            channel = find_channel(self.fake, answer)
            if channel is None or channel["is_im"]:
                return False, None, self.words("field.no_channel", name=answer)
            return True, channel["id"], ""

        return self.read_field(current, shown, optional, parse)

    def text_field(self, element: dict, current: Any, optional: bool) -> Any:
        kind = element.get("type")
        low, high = element.get("min_length"), element.get("max_length")
        if element.get("placeholder") and not current:
            self.term.out(self.term.style.dim("  " + text_of(element["placeholder"])))
        if element.get("multiline"):
            self.term.out(self.term.style.dim("  " + self.words("field.one_line")))

        def parse(answer: str) -> tuple[bool, Any, str]:
            if low and len(answer) < low:
                return False, None, self.words.plural("field.too_short", low)
            if high and len(answer) > high:
                return False, None, self.words.plural("field.too_long", high)
            if kind == "email_text_input" and not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", answer):
                return False, None, self.words("field.not_email")
            if kind == "url_text_input" and not re.match(r"^https?://\S+$", answer):
                return False, None, self.words("field.not_url")
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
                return False, None, self.words("field.not_number")
            if not decimals and number != number.to_integral_value():
                return False, None, self.words("field.not_whole")
            if low is not None and number < Decimal(str(low)):
                return False, None, self.words("field.least", value=low)
            if high is not None and number > Decimal(str(high)):
                return False, None, self.words("field.most", value=high)
            return True, answer.replace(",", ".").replace(" ", ""), ""

        return self.read_field(current, current or "", optional, parse)

    def date_field(self, element: dict, current: Any, optional: bool) -> Any:
        today = self.words("field.today").casefold()

        def parse(answer: str) -> tuple[bool, Any, str]:
            if answer.casefold() in ("today", "i dag", today):
                return True, date.today().isoformat(), ""
            typed = read_date(answer)
            if typed is None:
                return False, None, self.words("field.not_date")
            return True, typed.isoformat(), ""

        return self.read_field(current, current or "", optional, parse)

    def time_field(self, element: dict, current: Any, optional: bool) -> Any:
        def parse(answer: str) -> tuple[bool, Any, str]:
            match = re.match(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$", answer)
            if not match:
                return False, None, self.words("field.not_time")
            return True, f"{int(match.group(1)):02d}:{match.group(2)}", ""

        return self.read_field(current, current or "", optional, parse)

    def show_options(self, options: list[dict], chosen: set, *, boxes: bool = False) -> None:
        entries = []
        for number, option in enumerate(options, start=1):
            text = emojize(text_of(option.get("text")))
            picked = option.get("value") in chosen
            if boxes:
                entries.append(f"{number:>2}) [{'x' if picked else ' '}] {text}")
            else:
                entries.append(f"{number:>2}) {text}{' *' if picked else ''}")
            if option.get("description"):
                entries[-1] += f" — {text_of(option['description'])}"
        if len(entries) <= 6 or max(len(e) for e in entries) > 32:
            for entry in entries:
                self.term.out("    " + entry)
            return
        width = max(len(e) for e in entries) + 2
        columns = max(1, (WIDTH - 4) // width)
        for start in range(0, len(entries), columns):
            self.term.out("    " + "".join(e.ljust(width) for e in entries[start : start + columns]).rstrip())


def read_date(answer: str) -> date | None:
    """A date typed as 2026-12-24 or as Norwegians write it, 24.12.2026."""
    try:
        return date.fromisoformat(answer)
    except ValueError:
        pass
    match = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", answer)
    if match is None:
        return None
    day, month, year = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def pick_option(answer: str, options: list[dict], words: Words) -> tuple[dict | None, str]:
    """The option meant by a number, its text or its value, or a unique part of its text."""
    if answer.isdigit():
        number = int(answer)
        if 1 <= number <= len(options):
            return options[number - 1], ""
        return None, words("field.option_number", count=len(options))
    wanted = answer.casefold()
    exact = [
        o for o in options if wanted in (text_of(o.get("text")).casefold(), str(o.get("value")).casefold())
    ]
    if exact:
        return exact[0], ""
    partial = [o for o in options if wanted in text_of(o.get("text")).casefold()]
    if len(partial) == 1:
        return partial[0], ""
    if partial:
        return None, words(
            "field.which_option", options=", ".join(text_of(o.get("text")) for o in partial[:8])
        )
    return None, words("field.not_an_option", answer=answer)


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


FIELD_READERS: dict[str, Callable[[FieldReader, dict, Any, bool], Any]] = {
    "static_select": FieldReader.select_field,
    "external_select": FieldReader.search_field,
    "radio_buttons": FieldReader.select_field,
    "checkboxes": FieldReader.multi_option_field,
    "multi_static_select": FieldReader.multi_option_field,
    "users_select": FieldReader.user_field,
    "multi_users_select": FieldReader.multi_user_field,
    "conversations_select": FieldReader.channel_field,
    "channels_select": FieldReader.channel_field,
    "plain_text_input": FieldReader.text_field,
    "email_text_input": FieldReader.text_field,
    "url_text_input": FieldReader.text_field,
    "number_input": FieldReader.number_field,
    "datepicker": FieldReader.date_field,
    "timepicker": FieldReader.time_field,
}
