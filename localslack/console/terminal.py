"""The console's terminal: lines read from stdin, text written to stdout, ANSI styles on a tty.

Piped input and output work too (``python bot.py console < script``, and the tests): the input
is then echoed, so the transcript reads like a session, and styles are left out.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import suppress
from types import ModuleType
from typing import Any, TextIO

from localslack.console.words import Words

WIDTH = 100  # characters a line of the transcript aims to stay within


class EndOfInput(Exception):
    """stdin is finished (EOF or Ctrl-D): the session ends."""


class Interrupted(Exception):
    """Ctrl-C at a prompt: drop what was being typed."""


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


def isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


class Terminal:
    """Where the console reads and writes."""

    def __init__(self, stdin: TextIO, stdout: TextIO, words: Words | None = None) -> None:
        self.stdin = stdin
        self.stdout = stdout
        # The console's own words, in the language of whoever acts at the keyboard.
        self.words = words or Words()
        self.style = Style(isatty(stdout))
        # Piped input is not echoed by a terminal; write it out so the transcript reads like a session.
        self.echo = not isatty(stdin)
        self.use_input = not self.echo and stdin is sys.stdin and stdout is sys.stdout and isatty(stdout)
        self.readline: ModuleType | None = None
        if self.use_input:
            with suppress(ImportError):
                import readline  # line editing and history for input(), where available

                self.readline = readline
        # The prompt of the line being typed, while ask() waits for it.
        self.prompt_shown: str | None = None

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
        self.prompt_shown = prompt
        try:
            return self._ask(prompt)
        finally:
            self.prompt_shown = None

    def _ask(self, prompt: str) -> str:
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

    def above_prompt(self, show: Callable[[], None]) -> None:
        """Writes what ``show`` writes above the line being typed at a prompt, then the prompt and
        what has been typed so far again, so that the line is not broken up."""
        prompt = self.prompt_shown
        if prompt is None:
            show()
            return
        # On a terminal the prompt line is cleared; in a transcript it is ended.
        self.write("\r\x1b[K" if self.style.enabled else "\n")
        show()
        typed = self.readline.get_line_buffer() if self.readline is not None else ""
        self.write("\n" + prompt.rsplit("\n", 1)[-1] + typed)

    def yes(self, prompt: str, *, default: bool = True) -> bool:
        while True:
            answer = self.ask(prompt).strip().casefold()
            if not answer:
                return default
            if answer in ("y", "yes", "j", "ja"):
                return True
            if answer in ("n", "no", "nei"):
                return False
            self.out(self.words("answer.yes_or_no"))

    def print_item(self, header: str, lines: list[str]) -> None:
        self.out()
        self.out(self.style.dim(header))
        for line in lines:
            self.out("  " + line)
