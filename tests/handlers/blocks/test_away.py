"""Time off in Block Kit (handlers/blocks/away.py): the form, the list and its remove buttons."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from handlers import ids
from handlers.blocks.away import (
    away_button_value,
    away_range,
    build_away_list,
    build_away_modal,
    read_away_button_value,
)
from handlers.blocks.common import MESSAGE_BLOCKS
from handlers.respond import Reply
from tests.handlers.blocks.checks import block, initial, valid_message, valid_view
from tests.handlers.blocks.samples import EN, NB, ODD, ODD_MD, TODAY, person


def entry(entry_id: int, start: date, end: date) -> SimpleNamespace:
    return SimpleNamespace(id=entry_id, start=start, end=end)


def test_the_form_starts_today_and_asks_whom_only_of_managers():
    view = valid_view(
        build_away_modal(
            EN, today=TODAY, choose_person=True, person_slack_id="U0REP", private_metadata='{"c": 1}'
        )
    )
    assert (view["callback_id"], view["title"]["text"], view["private_metadata"]) == (
        ids.AWAY_MODAL,
        "Time off",
        '{"c": 1}',
    )
    assert [b.get("block_id") for b in view["blocks"]] == ["person", "start", "end", None]
    assert (initial(view, "person"), initial(view, "start"), initial(view, "end")) == (
        "U0REP",
        "2026-11-18",
        "2026-11-18",
    )
    own = valid_view(
        build_away_modal(NB, today=TODAY, choose_person=False, person_slack_id="U0REP", private_metadata="")
    )
    assert [b.get("block_id") for b in own["blocks"]] == ["start", "end", None]
    assert block(own, "start")["label"]["text"] != block(view, "start")["label"]["text"], "in Norwegian"


def test_a_range_of_days_reads_in_the_readers_words():
    assert away_range(EN, date(2026, 12, 24), date(2026, 12, 24)) == "Dec 24, 2026"
    assert away_range(EN, date(2026, 12, 1), date(2026, 12, 5)) == "Dec 1, 2026 – Dec 5, 2026 (5 days)"
    assert away_range(NB, date(2026, 12, 1), date(2026, 12, 2)) == "1. des. 2026 – 2. des. 2026 (2 dager)"


def test_a_remove_buttons_value_names_the_entry_and_whose_list_it_is_in():
    assert away_button_value(7, 3) == "7:3" and read_away_button_value("7:3") == (7, 3)
    assert away_button_value(7, None) == "7" and read_away_button_value("7") == (7, None)
    assert read_away_button_value("x:3") == (None, None) and read_away_button_value("") == (None, None)


def test_the_list_with_remove_buttons_where_the_reader_may_remove():
    entries = [
        (entry(7, date(2026, 12, 1), date(2026, 12, 5)), person(1, ODD, "U0ODD")),
        (entry(8, date(2026, 12, 24), date(2026, 12, 24)), person(2, "Rita", "U0REP")),
    ]
    reply = valid_message(
        build_away_list(EN, entries, today=TODAY, total=2, removable={7}, scope=3, notice="Time off removed.")
    )
    assert reply.text == (
        f"Time off (2)\nComing up:\n{ODD_MD} · Dec 1, 2026 – Dec 5, 2026 (5 days)\nRita · Dec 24, 2026"
    )
    assert reply.blocks[0]["text"]["text"] == "Time off (2)"
    assert reply.blocks[1]["text"]["text"] == "Time off removed."
    assert reply.blocks[2]["text"]["text"] == "*Coming up*"
    first, second = block(reply.blocks, "away:7"), block(reply.blocks, "away:8")
    assert first["text"]["text"] == "<@U0ODD> · Dec 1, 2026 – Dec 5, 2026 (5 days)"
    assert "accessory" not in second, "only what the reader may remove has a button"
    remove = first["accessory"]
    assert (remove["action_id"], remove["value"], remove["text"]["text"]) == (
        ids.AWAY_REMOVE,
        "7:3",
        "Remove",
    )
    assert remove["confirm"]["text"] == {
        "type": "mrkdwn",
        "text": f"{ODD_MD}: Dec 1, 2026 – Dec 5, 2026 (5 days). The days count towards pacing again.",
    }
    assert reply.blocks[-1]["elements"][0]["text"] == (
        "Time off under way, coming up, or ended in the last 30 days. Add more with `/sales away FROM TO`."
    )


@pytest.mark.parametrize(
    ("fmt", "headings"),
    [
        (EN, ["*Away now*", "*Coming up*", "*Ended in the last 30 days*"]),
        (NB, ["*Borte nå*", "*Kommende*", "*Sluttet de siste 30 dagene*"]),
    ],
)
def test_the_list_says_what_is_under_way_coming_up_and_ended(fmt, headings):
    entries = [  # as listed: under way and coming up, soonest first; then ended, the latest first
        (entry(1, date(2026, 11, 10), date(2026, 11, 20)), person(1, "Kari", "U0NB")),
        (entry(2, date(2026, 11, 16), date(2026, 11, 18)), person(2, "Per", "U0REP2")),
        (entry(3, date(2026, 12, 1), date(2026, 12, 5)), person(3, "Rita", "U0REP")),
        (entry(4, date(2026, 11, 2), date(2026, 11, 6)), person(4, "Mona", "U0MANAGER")),
    ]
    reply = valid_message(build_away_list(fmt, entries, today=TODAY, total=4, removable=set()))
    order = [b["text"]["text"] if b.get("block_id") is None else b["block_id"] for b in reply.blocks[1:-1]]
    assert order == [headings[0], "away:1", "away:2", headings[1], "away:3", headings[2], "away:4"]
    assert headings[2].strip("*") + ":\nMona" in reply.text


def test_nothing_to_list_in_norwegian():
    empty = "Ikke noe fravær som pågår eller kommer, eller som sluttet de siste 30 dagene."
    hint = (
        "Fravær som pågår eller kommer, eller som sluttet de siste 30 dagene. "
        "Legg til mer med `/sales fri FRA TIL`."
    )
    assert valid_message(build_away_list(NB, [], today=TODAY, total=0, removable=set())) == Reply(
        text=f"Fravær (0)\n{empty}",
        blocks=[
            {"type": "header", "text": {"type": "plain_text", "text": "Fravær (0)", "emoji": True}},
            {"type": "section", "text": {"type": "mrkdwn", "text": empty}},
            {"type": "context", "elements": [{"type": "mrkdwn", "text": hint}]},
        ],
    )


def test_a_long_list_stays_inside_one_message_and_counts_the_rest():
    entries = [(entry(i, date(2026, 12, 1), date(2026, 12, 2)), person(i)) for i in range(100)]
    reply = valid_message(build_away_list(EN, entries, today=TODAY, total=130, removable=set(range(100))))
    shown = [b for b in reply.blocks if b.get("block_id", "").startswith("away:")]
    assert len(reply.blocks) <= MESSAGE_BLOCKS
    more = f"+{130 - len(shown)} more · Time off under way"
    assert reply.blocks[-1]["elements"][0]["text"].startswith(more)
