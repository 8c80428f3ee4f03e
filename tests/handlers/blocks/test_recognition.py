"""The recognition and rewards surfaces, each checked with the Block Kit validator: kudos, a
celebration, the period-end announcement (many people, long names), the reward catalog, the
nomination and decision forms, a nomination card over budget and the history."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal

from handlers import ids
from handlers.blocks.kudos import build_kudos_modal, build_kudos_post, build_kudos_sent, home_kudos
from handlers.blocks.recognition import build_announcement, build_celebration
from handlers.blocks.rewards import (
    build_catalog,
    build_decide_modal,
    build_history,
    build_nominate_modal,
    build_nomination_card,
    build_reward_modal,
)
from salesbot import rewards
from salesbot.i18n import Formatter
from salesbot.leaderboard import Standing
from salesbot.periods import Period
from salesbot.recognition import Announcement, Celebration, Improvement, TeamReached
from tests.handlers.blocks.checks import mrkdwn, valid_message, valid_view

NOV = Period.of_month(2026, 11)


@dataclass
class _Person:
    id: int
    name: str
    slack_user_id: str


@dataclass
class _Reward:
    id: int = 1
    kind: str = "cash"
    name: str = "Kvartalsbonus"
    value: Decimal | None = Decimal(10000)
    days: int | None = None
    budget: Decimal | None = Decimal(15000)
    active: bool = True


@dataclass
class _Nomination:
    id: int = 7
    reward_id: int = 1
    person_id: int = 1
    nominated_by_id: int | None = 2
    reason: str = "Løftet hele teamet <!channel>"
    achievement: str = "Beste måned"
    value: Decimal | None = Decimal(10000)
    days: int | None = None
    starts_on: date | None = None
    period_key: str = "2026-11"
    status: str = "pending"
    note: str = ""
    decided_by_id: int | None = None
    decided_at: datetime | None = None
    over_budget: bool = False
    time_off_id: int | None = None
    created_at: datetime = field(default_factory=lambda: datetime(2026, 11, 18, tzinfo=UTC))


@dataclass
class _Goal:
    id: int = 1
    scope: str = "person"
    metric: str = "revenue"
    period_kind: str = "month"
    period_key: str = "2026-11"
    period_start: date = NOV.start
    period_end: date = NOV.end
    target: Decimal = Decimal(10000)
    product_id: int | None = None
    person_id: int | None = 1
    team_id: int | None = None


def test_kudos_surfaces():
    fmt = Formatter("nb")
    post = valid_message(build_kudos_post(fmt, giver="U1", receiver="U2", reason="*Flott* <!here>"))
    assert "&lt;!here&gt;" in post.text
    valid_message(
        build_kudos_sent(fmt, receiver="U2", shown_in=["C1", "C2"], instead_of="C3", public=True, left=0)
    )
    view = valid_view(build_kudos_modal(fmt, receiver="U2", private_metadata="{}"))
    assert view["callback_id"] == ids.KUDOS_MODAL
    blocks = home_kudos(fmt, count=3, period="november 2026", recent=[("U1", "x" * 400)] * 3)
    assert "Du har fått ros 3 ganger i november 2026." in mrkdwn(blocks)


def test_a_celebration():
    item = Celebration(_Goal(), 120, Decimal(12500), Decimal("1.25"))
    reply = valid_message(build_celebration(Formatter("en"), item, subject="<@U1>", product="Barista <Pro>"))
    assert ":rocket: <@U1> is at *120%* of the revenue goal for November 2026!" in reply.text
    assert "NOK\xa012,500 of NOK\xa010,000 · " in reply.text and "Barista &lt;Pro&gt;" in reply.text


def test_the_announcement_fits_slack_with_twenty_people():
    people = [_Person(i, "N" * 200, f"U{i:04d}") for i in range(1, 21)]
    found = Announcement(
        NOV,
        [Standing(i, p, Decimal("1.2"), Decimal(12000), Decimal(10000)) for i, p in enumerate(people, 1)],
        [TeamReached(1, "Øst " * 30, Decimal("1.1"))] * 10,
        [Improvement(p, Decimal("1.2"), Decimal("0.6")) for p in people[:3]],
        100,
    )
    reply = valid_message(build_announcement(Formatter("en"), found, preview=True))
    accessories = [b["accessory"]["action_id"] for b in reply.blocks if "accessory" in b]
    assert accessories == [ids.REWARD_NOMINATE] * 23
    assert any(b["type"] == "actions" for b in reply.blocks)  # Post now


def test_reward_surfaces():
    fmt = Formatter("en")
    listed = [_Reward(), _Reward(id=2, kind="time_off", name="Extra day", value=None, days=1, budget=None)]
    budgets = {1: rewards.Budget(listed[0], NOV, Decimal(8000))}
    catalog = valid_message(build_catalog(fmt, listed, budgets, admin=True))
    assert "NOK\xa08,000 of NOK\xa015,000 spent in November 2026" in mrkdwn(catalog.blocks)
    valid_view(build_nominate_modal(fmt, listed, person=None, achievement="a" * 400, private_metadata="{}"))
    card = valid_message(
        build_nomination_card(
            fmt, _Nomination(), listed[0], person="U1", nominator="U2", budget=budgets[1], over=True
        )
    )
    assert "*Over budget:* only NOK\xa07,000 of NOK\xa015,000 is left in November 2026" in mrkdwn(card.blocks)
    view = valid_view(
        build_decide_modal(
            fmt,
            _Nomination(),
            listed[0],
            person="U1",
            approve=True,
            over=True,
            budget=budgets[1],
            private_metadata="{}",
        )
    )
    assert any(b.get("block_id") == rewards.F_CONFIRM for b in view["blocks"])
    found = rewards.History(
        NOV, [_Nomination(status="approved")], {1: listed[0]}, {1: _Person(1, "Kari", "U1")}, [budgets[1]]
    )
    history = valid_message(build_history(Formatter("nb"), found, subject=None))
    assert "Kvartalsbonus: 8\xa0000\xa0kr av 15\xa0000\xa0kr brukt" in history.text


def test_the_catalog_offers_admins_edit_and_the_form_comes_prefilled():
    fmt = Formatter("nb")
    listed = [_Reward(id=i, name=f"Belønning {i}") for i in range(1, 31)] + [_Reward(id=99, active=False)]
    admin = valid_message(build_catalog(fmt, listed, {}, admin=True))
    pressed = [
        (e["action_id"], e["value"]) for b in admin.blocks if b["type"] == "actions" for e in b["elements"]
    ]
    assert (ids.REWARD_EDIT, "1") in pressed and (ids.REWARD_RETIRE, "1") in pressed
    assert len(admin.blocks) <= 50  # thirty rewards with their buttons still fit one message
    rep = valid_message(build_catalog(fmt, listed, {}, admin=False))
    assert not [b for b in rep.blocks if b["type"] == "actions"]

    view = valid_view(
        build_reward_modal(fmt, reward=_Reward(value=Decimal("12500.50")), private_metadata="{}")
    )
    assert view["title"]["text"] == "Endre belønning"
    fields = {b["block_id"]: b["element"] for b in view["blocks"]}
    assert fields["kind"]["initial_option"]["value"] == "cash"
    assert fields["name"]["initial_value"] == "Kvartalsbonus"
    assert fields["value"]["initial_value"] == "12\xa0500,50"
    assert fields["budget"]["initial_value"] == "15\xa0000"
    assert "initial_value" not in fields["days"]
    empty = valid_view(build_reward_modal(fmt))
    assert empty["title"]["text"] == "Ny belønning"
    assert not any("initial_value" in b["element"] for b in empty["blocks"])


def test_time_off_reads_whole_whether_or_not_its_first_day_is_chosen():
    extra_day = _Reward(id=2, kind="time_off", name="Ekstra fridag", value=None, days=1, budget=None)
    open_start = _Nomination(reward_id=2, value=None, days=2)
    chosen = _Nomination(reward_id=2, value=None, days=1, starts_on=date(2026, 12, 4))
    card_args = {"person": "U1", "nominator": "U2", "budget": None, "over": False}
    text = mrkdwn(
        valid_message(build_nomination_card(Formatter("nb"), open_start, extra_day, **card_args)).blocks
    )
    assert "*Fri:* 2 dager, første dag er ikke valgt ennå" in text
    text = mrkdwn(
        valid_message(build_nomination_card(Formatter("en"), chosen, extra_day, **card_args)).blocks
    )
    assert "*Time off:* 1 day from" in text and "still to be chosen" not in text


def test_a_catalog_longer_than_a_message_says_how_many_are_not_shown():
    listed = [_Reward(id=n, name=f"Belønning {n}", budget=None) for n in range(1, 31)]
    catalog = valid_message(build_catalog(Formatter("nb"), listed, {}, admin=True))
    shown = sum(1 for block in catalog.blocks if block.get("block_id", "").removeprefix("reward_").isdigit())
    assert shown < 30
    assert f"{30 - shown} til får ikke plass i meldingen" in mrkdwn(catalog.blocks)
    everyone = valid_message(build_catalog(Formatter("en"), listed[:20], {}, admin=False))
    assert "not shown" not in mrkdwn(everyone.blocks)
