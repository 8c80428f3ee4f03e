"""The DM suggesting a diagnosis (handlers/blocks/suggestions.py): valid Block Kit, who and by
how much in the goal's own unit, Diagnose beside each, and a long list summarised."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from handlers.blocks.suggestions import SHOWN, build_suggestions
from handlers.ids import DIAGNOSIS_START
from salesbot.goals import Subject
from salesbot.i18n import Formatter
from salesbot.periods import Period
from salesbot.suggestions import AT_RISK, MISSED, Suggestion
from tests.handlers.blocks.checks import mrkdwn, sections, valid_message

EN, NB = Formatter("en", "NOK"), Formatter("nb", "NOK")
NOVEMBER = Period.of_month(2026, 11)


@dataclass
class Person:
    id: int
    name: str


@dataclass
class Team:
    id: int
    name: str


@dataclass
class Goal:
    id: int
    metric: str = "revenue"


def suggestion(n: int, *, reason=MISSED, metric="revenue", shortfall=9000, team=False, product=None):
    subject = (
        Subject("team", team=Team(n, f"Øst & {n}"))
        if team
        else Subject("person", person=Person(n, f"Person <{n}>"))
    )
    return Suggestion(
        goal=Goal(n, metric),
        reason=reason,
        subject=subject,
        period=NOVEMBER,
        attainment=0.25,
        shortfall=Decimal(shortfall),
        days_left=6 if reason == AT_RISK else None,
        product=product,
        recipients=(),
    )


def test_who_and_by_how_much_in_the_goals_unit_with_diagnose_beside_each():
    reply = valid_message(
        build_suggestions(
            EN,
            [
                suggestion(1),
                suggestion(2, reason=AT_RISK, metric="units", shortfall=12, product="Barista Pro"),
                suggestion(3, metric="deals", shortfall=1, team=True),
            ],
        )
    )
    lines = sections(reply.blocks)
    assert lines[0].startswith("*3 goals need a look.*")
    assert lines[1] == (
        ":red_circle: *Person &lt;1&gt;* missed the goal for November 2026: 25% reached, NOK\xa09,000 short."
    )
    assert lines[2] == (
        ":warning: *Person &lt;2&gt;* is at risk in November 2026 (Barista Pro): 25% of the goal so far, "
        "12 units still to sell with 6 days left."
    )
    assert (
        lines[3]
        == ":red_circle: *team Øst &amp; 3* missed the goal for November 2026: 25% reached, 1 deal short."
    )
    values = [b["accessory"]["value"] for b in reply.blocks if b.get("accessory")]
    assert values == ["person:1:2026-11", "person:2:2026-11", "team:3:2026-11"]
    action_ids = [b["accessory"]["action_id"] for b in reply.blocks if b.get("accessory")]
    assert all(a.startswith(DIAGNOSIS_START) for a in action_ids) and len(set(action_ids)) == 3
    assert "/sales settings me" in mrkdwn(reply.blocks)
    assert reply.text == "3 goals need a look: missed or at risk"


def test_one_suggestion_is_its_own_notification_text():
    reply = valid_message(build_suggestions(EN, [suggestion(1)]))
    assert reply.text.startswith(":red_circle: *Person &lt;1&gt;* missed the goal")
    assert sections(reply.blocks)[0].startswith("*1 goal needs a look.*")


def test_a_long_list_shows_twenty_and_counts_the_rest_within_slacks_limits():
    reply = valid_message(build_suggestions(NB, [suggestion(n) for n in range(1, 31)]))
    assert len([b for b in reply.blocks if b.get("accessory")]) == SHOWN
    assert len(reply.blocks) <= 50
    assert "…og 10 til: `/sales fremdrift` viser tempoet til alle." in mrkdwn(reply.blocks)
    assert sections(reply.blocks)[0].startswith("*30 mål trenger en nærmere titt.*")
    assert "nådde ikke målet for november 2026: 25\xa0% oppnådd, 9\xa0000\xa0kr under målet." in mrkdwn(
        reply.blocks
    )
