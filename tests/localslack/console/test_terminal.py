"""The console's terminal: prompts, answers, and what is written while someone types."""

from __future__ import annotations

import io
from types import SimpleNamespace

from localslack.console.terminal import Terminal


class Screen(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_what_arrives_is_written_above_the_line_being_typed_which_is_drawn_again():
    term = Terminal(io.StringIO(), Screen())
    term.prompt_shown = "\ningrid #general> "
    term.readline = SimpleNamespace(get_line_buffer=lambda: "/sales prog")

    term.above_prompt(lambda: term.out("[DM from salesbot]"))

    assert term.stdout.getvalue() == "\r\x1b[K[DM from salesbot]\n\ningrid #general> /sales prog"


def test_in_a_transcript_the_prompt_line_is_ended_and_written_again():
    term = Terminal(io.StringIO("quit\n"), io.StringIO())
    term.prompt_shown = "\ningrid #general> "

    term.above_prompt(lambda: term.out("[DM from salesbot]"))

    assert term.stdout.getvalue() == "\n[DM from salesbot]\n\ningrid #general> "


def test_away_from_a_prompt_it_is_only_written():
    term = Terminal(io.StringIO(), io.StringIO())

    term.above_prompt(lambda: term.out("[DM from salesbot]"))

    assert term.stdout.getvalue() == "[DM from salesbot]\n"
