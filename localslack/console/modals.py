"""Modals at the console: each input asked for in turn, then submitted or closed, as Slack would.

What salesbot answers a submission with (errors under their fields, an updated or pushed view,
a closed or cleared stack) is applied and shown, until the person is done with the modal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from localslack.console.fields import FieldReader, current_value
from localslack.console.render import Button, emojize, text_of
from localslack.console.terminal import EndOfInput, Interrupted
from localslack.webapi import Posted
from localslack.workspace import submission_state

if TYPE_CHECKING:
    from localslack.console.repl import Console

MODAL_KINDS = ("modal_open", "modal_update", "modal_push")


class ModalWalker:
    """Walks the modals the console's current user sees, through the console's workspace and terminal.

    A button on a modal is pressed through the console, like any other button.
    """

    def __init__(self, console: Console) -> None:
        self.console = console
        self.term = console.term
        self.render = console.render
        self.fields = FieldReader(console.term, console.render, suggest=self.suggest)
        self.workspace = console.workspace
        self.fake = console.workspace.fake
        self.words = console.term.words
        self.view: dict | None = None  # the modal being filled in: external selects search in it

    def modal_session(self, view: dict, buttons: list[Button]) -> None:
        """Walk the modal the user sees until it is submitted, closed, or salesbot replaces it."""
        try:
            self._walk_stack(view, buttons)
        finally:
            # What was submitted may have changed the person's language (their preferences).
            self.console.follow_language()

    def _walk_stack(self, view: dict, buttons: list[Button]) -> None:
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
                self.term.out(self.term.style.dim(self.words("modal.submitted")))
            if outcome == "clear":
                return
            stack.pop()  # submitted and closed, or cancelled: back to the view below, if any
            if not stack:
                below = self.fake.top_view(self.console.user_id)
                if below is not None and below.get("id") != current.get("id"):
                    stack.append(below)
            if stack:
                title = text_of(stack[-1].get("title"))
                self.term.out(self.term.style.dim(self.words("modal.back_to", title=title)))

    def walk_modal(self, view: dict, buttons: list[Button]) -> tuple[str, dict | None]:
        self.view = view
        title = emojize(text_of(view.get("title")))
        submit = text_of(view.get("submit"))
        close = text_of(view.get("close")) or self.words("modal.close")
        labels = "  " + self.words("modal.buttons", submit=submit, close=close) if submit else ""
        self.term.out()
        self.term.out(self.words("modal.heading", title=title) + labels)
        blocks = [b for b in view.get("blocks") or [] if isinstance(b, dict)]
        inputs = [b for b in blocks if b.get("type") == "input"]
        if not submit:
            # Nothing to submit: shown, and left open (its buttons can be pressed). A view with a
            # submit button and no inputs (a question) is submitted or its buttons pressed below.
            for line in self.render.blocks(blocks, buttons, Posted("modal_open", view=view), view=view):
                self.term.out("  " + line)
            return "leave", None
        self.term.out(self.term.style.dim("  " + self.words("modal.help")))
        answers: dict[str, Any] = {}
        modal_buttons: list[Button] = []
        source = Posted("modal_open", user=self.console.user_id, view=view, view_id=view.get("id"))
        try:
            previous = None
            for block in blocks:
                if block.get("type") == "input":
                    block_id = block.get("block_id", "")
                    answers[block_id] = self.fields.ask_field(
                        block, current_value(block.get("element") or {})
                    )
                else:
                    if previous == "input":
                        self.term.out()
                    for line in self.render.blocks([block], modal_buttons, source, view=view):
                        self.term.out("  " + line)
                previous = block.get("type")
            while True:
                if modal_buttons:
                    prompt = self.words("modal.submit_or_press", count=len(modal_buttons))
                else:
                    prompt = self.words("modal.submit")
                answer = self.term.ask(prompt).strip().casefold()
                if answer in ("", "y", "yes", "j", "ja"):
                    break
                if answer in ("n", "no", "nei"):
                    self.close_modal(view)
                    self.term.out(self.term.style.dim(self.words("modal.nothing_submitted", close=close)))
                    return "cancel", None
                if answer.isdigit() and 1 <= int(answer) <= len(modal_buttons):
                    button = modal_buttons[int(answer) - 1]
                    self.console.click(button, state=self.state_of(view, answers), settle=False)
                    return "leave", None
                self.term.out(self.words("modal.answer_or_press" if modal_buttons else "modal.answer"))
        except (EndOfInput, Interrupted) as stop:
            self.close_modal(view)
            if isinstance(stop, EndOfInput):
                raise
            self.term.out(self.term.style.dim(self.words("modal.closed_unsubmitted")))
            return "cancel", None
        return self.submit_modal(view, inputs, answers)

    def suggest(self, element: dict, typed: str) -> list[dict]:
        """What salesbot offers in an external select of the modal for ``typed``."""
        return self.workspace.suggest(
            user=self.console.user_id,
            view=self.view or {},
            action_id=element.get("action_id", ""),
            value=typed,
        )

    def state_of(self, view: dict, answers: dict) -> dict | None:
        try:
            return submission_state(view, answers, offered=self.fake.offered_options(view.get("id")))
        except (ValueError, KeyError):
            return None

    def submit_modal(self, view: dict, inputs: list[dict], answers: dict) -> tuple[str, dict | None]:
        while True:
            mark = len(self.fake.snapshot_posted())
            try:
                result = self.workspace.submit(
                    user=self.console.user_id, view=view, answers=answers, wait=False
                )
            except (ValueError, KeyError) as error:
                self.term.out(self.words("modal.cannot_submit", error=error))
                self.close_modal(view)
                return "cancel", None
            if result.status != 200:
                self.console.report_status(result)
                self.console.wait_idle()
                self.close_modal(view)
                return "cancel", None
            try:
                ack = result.json() if result.body else {}
            except ValueError:
                ack = {}
            action = ack.get("response_action") if isinstance(ack, dict) else None
            if action == "errors":
                self.console.wait_idle()
                errors = ack.get("errors") or {}
                again = [b for b in inputs if b.get("block_id") in errors]
                self.term.out(self.term.style.bold(self.words("modal.refused")))
                for block_id, message in errors.items():
                    block = next((b for b in inputs if b.get("block_id") == block_id), None)
                    label = text_of(block.get("label")) if block else block_id
                    self.term.out(f"  {label}")
                    self.term.out(f"    ⚠ {self.render.mrkdwn(str(message))}")
                if not again:
                    self.close_modal(view)
                    return "cancel", None
                try:
                    for block in again:
                        block_id = block["block_id"]
                        answers[block_id] = self.fields.ask_field(block, answers.get(block_id))
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
            self.console.wait_idle()
            newer = [
                p
                for p in self.fake.snapshot_posted()[mark:]
                if p.kind in MODAL_KINDS and p.user == self.console.user_id and p.view_id in self.fake.views
            ]
            if newer:
                return "handoff", None  # salesbot opened or updated a view itself: shown next
            if action == "update" and isinstance(ack.get("view"), dict):
                return "update", _replace_view(view, ack["view"])
            if action == "push" and isinstance(ack.get("view"), dict):
                return "push", {**ack["view"], "id": None, "state": {"values": {}}}
            return ("clear" if action == "clear" else "close"), None

    def close_modal(self, view: dict, *, everything: bool = False) -> None:
        result = self.workspace.close(user=self.console.user_id, view=view, everything=everything, wait=False)
        if result is not None:
            self.console.report_status(result)


def _replace_view(old: dict, new: dict) -> dict:
    """A ``response_action: update``: the new view in place of the old, with the same id."""
    kept = {k: old.get(k) for k in ("id", "team_id", "root_view_id", "previous_view_id", "app_id", "bot_id")}
    return {**new, **kept, "state": {"values": {}}}
