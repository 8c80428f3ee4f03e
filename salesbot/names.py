"""Names people type: validation, and the closest match when one is not known."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from salesbot.errors import InvalidInput

# Slack markup in a name would render as a mention or link wherever the name is shown.
_MARKUP = re.compile(r"[<>]|^[@#]")


def clean_name(text: str, *, max_length: int, kind: str) -> str:
    """Collapse white space; refuse empty, over-long or markup names. ``kind`` is team or product."""
    name = " ".join(text.split())
    if not name:
        raise InvalidInput(f"{kind}.name_missing", example=f"{kind}.usage")
    if len(name) > max_length:
        raise InvalidInput(f"{kind}.name_too_long", example=f"{kind}.usage", max=max_length, text=name[:40])
    if _MARKUP.search(name):
        raise InvalidInput(f"{kind}.name_markup", example=f"{kind}.usage", text=name)
    return name


def closest(word: str, candidates: Iterable[str], *, limit: int = 3) -> list[str]:
    """Up to ``limit`` candidates that look like ``word``, case-insensitively, best first."""
    candidates = list(candidates)
    by_key = {candidate.casefold(): candidate for candidate in candidates}
    wanted = word.casefold()
    matches = difflib.get_close_matches(wanted, list(by_key), n=limit, cutoff=0.6)
    # "Øst" for "Bedrift Øst", "barista" for "Barista Pro 2": a whole word of the name.
    containing = [
        key for key in by_key if key not in matches and (key.startswith(wanted) or wanted in key.split())
    ]
    return [by_key[key] for key in (matches + containing)[:limit]]
