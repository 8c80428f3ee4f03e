"""``/sales goal`` typed on Friday 27 November 2026: products named without ``product:``, periods
anywhere, words not understood refused (never dropped), goals for periods already over refused,
the wording of the revision prompt, and who is told of a goal for a team nobody is in."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from handlers.blocks.goals import PERIOD_OTHER, SCOPE, TARGET, TEAM
from storage.models import Goal, Product
from tests.conftest import MANAGER, NORWEGIAN, OWNER, REP, REP2, local_workspace
from tests.helpers import dms, last_reply, rows, shown

TEAM_NAME = "Bedrift Øst"


@pytest.fixture
def shop(db):
    """27 November 2026: Bedrift Øst (Rita, Per, Kari; Mona manages it); Barista Pro and Barista Pro 2."""
    with local_workspace(db, at=datetime(2026, 11, 27, 9, tzinfo=UTC), rep2_tz="Europe/Oslo") as workspace:
        mention = workspace.mention
        workspace.command(f'team create "{TEAM_NAME}"', user=OWNER)
        workspace.command(
            f'team add "{TEAM_NAME}" {mention(REP)} {mention(REP2)} {mention(NORWEGIAN)}', user=OWNER
        )
        workspace.command(f'team manager "{TEAM_NAME}" {mention(MANAGER)}', user=OWNER)
        workspace.command("product add Barista Pro 24990", user=OWNER)
        workspace.command('product add "Barista Pro 2" 29990', user=OWNER)
        workspace.fake.reset()
        yield workspace


def goals(db) -> list[Goal]:
    return sorted(rows(db, Goal), key=lambda g: g.id)


def product_id(db, name: str) -> int:
    return next(p.id for p in rows(db, Product) if p.name == name)


# -- 1. products and periods anywhere; nothing silently dropped ---------------------------------------


def test_a_product_named_without_prefix_and_a_period_after_it_are_both_read(shop, db):
    shop.command(f"goal {shop.mention(REP)} 5 units Barista Pro 2 this month", user=MANAGER)
    reply = last_reply(shop, MANAGER)
    assert "Goal set for <@U0REP>: *5 units* in November 2026 · Barista Pro 2." in reply
    (goal,) = goals(db)
    assert (goal.metric, goal.target, goal.period_key, goal.product_id) == (
        "units",
        Decimal(5),
        "2026-11",
        product_id(db, "Barista Pro 2"),  # the longest name that fits, not "Barista Pro"
    )
    assert "*5 units* in November 2026 · Barista Pro 2" in dms(shop, REP)[-1]


@pytest.mark.parametrize(
    ("text", "metric", "period", "product"),
    [
        ("{rep} 40 deals this month barista pro", "deals", "2026-11", "Barista Pro"),
        ("{rep} 10 next month units Barista Pro 2", "units", "2026-12", "Barista Pro 2"),
        ("{rep} Q1 2027 150k", "revenue", "2027-Q1", None),
        ("{rep} Barista Pro 2 3 units 2027", "units", "2027", "Barista Pro 2"),
        ("{rep} 80k product:Barista Pro desember", "revenue", "2026-12", "Barista Pro"),
    ],
)
def test_metric_product_and_period_come_in_any_order(shop, db, text, metric, period, product):
    shop.command("goal " + text.format(rep=shop.mention(REP)), user=MANAGER)
    assert "Goal set for <@U0REP>" in last_reply(shop, MANAGER)
    (goal,) = goals(db)
    expected = product_id(db, product) if product else None
    assert (goal.metric, goal.period_key, goal.product_id) == (metric, period, expected)


@pytest.mark.parametrize(
    ("user", "text", "expected"),
    [
        (
            MANAGER,
            "{rep} 5 units Barsita Pro 2 this month",
            "I didn't understand `Barsita Pro 2 this month`, so nothing was set. Did you mean Barista Pro 2",
        ),
        (
            MANAGER,
            "{rep} 100k for the big push",
            "I didn't understand `for the big push`, so nothing was set. A new goal is written "
            "`/sales goal @person|team:NAME|company AMOUNT [revenue|units|deals] [PRODUCT] [PERIOD]`",
        ),
        (
            MANAGER,
            "{rep} 100k economy Slow market",
            "I didn't understand `economy Slow market`",
        ),
        (
            NORWEGIAN,
            "{rep} 100k til julebordet",
            "Jeg forstod ikke `til julebordet`, så ingenting er satt. Et nytt mål skrives",
        ),
    ],
)
def test_words_left_over_on_a_new_goal_are_refused_and_quoted(shop, db, user, text, expected):
    if user == NORWEGIAN:
        shop.command(f"role {shop.mention(NORWEGIAN)} admin", user=OWNER)
    shop.command("goal " + text.format(rep=shop.mention(REP)), user=user)
    reply = last_reply(shop, user)
    assert expected in reply
    assert "For example" in reply or "For eksempel" in reply
    assert goals(db) == []
    assert dms(shop, REP) == [], "nobody is told of a goal that was not set"


def test_on_a_revision_the_words_after_the_goal_stay_its_reason(shop, db):
    shop.command(f"goal {shop.mention(REP)} 5 units Barista Pro 2 this month", user=MANAGER)
    shop.command(f"goal {shop.mention(REP)} 7 units Barista Pro 2 this month Two new cafés", user=MANAGER)
    reply = last_reply(shop, MANAGER)
    assert "Goal revised for <@U0REP> in November 2026 · Barista Pro 2: 5 units → *7 units*." in reply
    assert "Reason: Other — Two new cafés" in reply
    (goal,) = goals(db)
    assert goal.target == Decimal(7)


def test_usage_and_examples_name_products(shop):
    shop.command(f"goal {shop.mention(REP)} lots", user=MANAGER)
    reply = last_reply(shop, MANAGER)
    assert "`/sales goal @kari 5 units Barista Pro 2 this month`" in reply


# -- 2. periods that have ended ----------------------------------------------------------------------


def test_a_bare_quarter_or_month_that_has_ended_this_year_means_next_years(shop, db):
    shop.command(f"goal {shop.mention(REP)} 100k Q1", user=MANAGER)
    assert "Goal set for <@U0REP>: *NOK\xa0100,000* in Q1 2027." in last_reply(shop, MANAGER)
    assert "in Q1 2027" in dms(shop, REP)[-1]
    shop.command(f"goal {shop.mention(REP)} 100k oktober", user=MANAGER)
    shop.command(f"goal {shop.mention(REP)} 100k 1.3-15.3", user=MANAGER)
    shop.command(f"goal {shop.mention(REP)} 100k november", user=MANAGER)  # this year's has not ended
    assert [g.period_key for g in goals(db)] == ["2027-Q1", "2027-10", "2027-03-01..2027-03-15", "2026-11"]


@pytest.mark.parametrize(
    ("user", "text", "expected"),
    [
        (
            MANAGER,
            "{rep} 100k Q1 2026",
            "Q1 2026 ended on Mar 31, 2026, so it can't get a new goal. Did you mean `Q1 2027`?",
        ),
        (
            MANAGER,
            "{rep} 100k last month",
            "October 2026 ended on Oct 31, 2026, so it can't get a new goal. Did you mean `October 2027`?",
        ),
        (
            MANAGER,
            "{rep} 100k 2024-03-01..2024-03-15",
            "Did you mean `2027-03-01..2027-03-15`?",
        ),
        (
            NORWEGIAN,
            "{rep} 100k oktober 2026",
            "Oktober 2026 ble avsluttet 31. okt. 2026, så den kan ikke få et nytt mål. Mente du "
            "`oktober 2027`?",
        ),
    ],
)
def test_a_goal_for_a_period_that_has_ended_is_refused(shop, db, user, text, expected):
    if user == NORWEGIAN:
        shop.command(f"role {shop.mention(NORWEGIAN)} admin", user=OWNER)
    shop.command("goal " + text.format(rep=shop.mention(REP)), user=user)
    assert expected in last_reply(shop, user)
    assert goals(db) == []
    assert dms(shop, REP) == []


def test_the_form_refuses_a_period_that_has_ended(shop, db):
    shop.command("goal", user=OWNER)
    shop.fake.wait_for_posted(lambda p: p.kind == "modal_open" and p.user == OWNER)
    view = shop.fake.top_view(OWNER)
    result = shop.submit(
        user=OWNER, view=view, answers={SCOPE: "company", TARGET: "1m", PERIOD_OTHER: "2026-Q2"}
    )
    assert "Q2 2026 ended on Jun 30, 2026" in result.json()["errors"][PERIOD_OTHER]
    result = shop.submit(user=OWNER, view=view, answers={SCOPE: "company", TARGET: "1m", PERIOD_OTHER: "Q2"})
    assert result.body == b""
    assert [g.period_key for g in goals(db)] == ["2027-Q2"]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("1.12-15.12", "2026-12-01..2026-12-15"),
        ("1.12.2026-15.12.2026", "2026-12-01..2026-12-15"),
        ("2026-12-01 2026-12-15", "2026-12-01..2026-12-15"),
    ],
)
def test_ranges_of_days_as_norwegians_write_them(shop, db, text, key):
    shop.command(f"goal {shop.mention(REP)} 50k {text}", user=MANAGER)
    assert "Goal set for <@U0REP>" in last_reply(shop, MANAGER)
    assert [g.period_key for g in goals(db)] == [key]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30.2-3.3", "I couldn't read `30.2-3.3` as a period: February 2026 has 28 days."),
        ("15.12-1.12", "The range `15.12-1.12` ends before it starts"),
        ("27.12", "`27.12` is a single day, not a period"),
    ],
)
def test_impossible_periods_say_why(shop, db, text, expected):
    shop.command(f"goal {shop.mention(REP)} 50k {text}", user=MANAGER)
    assert expected in last_reply(shop, MANAGER)
    assert goals(db) == []


# -- 3. the revision prompt's wording -------------------------------------------------------------------


@pytest.mark.parametrize("user", [MANAGER, NORWEGIAN])
def test_the_revision_prompt_says_each_thing_once_and_starts_sentences_with_capitals(shop, db, user):
    shop.command(f"role {shop.mention(NORWEGIAN)} manager", user=OWNER)
    shop.command(f'team manager "{TEAM_NAME}" {shop.mention(NORWEGIAN)}', user=OWNER)
    shop.command(f'goal team:"{TEAM_NAME}" 100k', user=user)
    shop.command(f'goal team:"{TEAM_NAME}" 120k', user=user)
    reply = shown([p for p in shop.fake.snapshot_posted() if p.kind == "ephemeral" and p.user == user][-1])
    assert "  " not in reply
    assert len(re.findall(r"performance, economy|ytelse, økonomi", reply)) == 1, reply
    if user == MANAGER:
        assert (
            f":pencil2: The goal for team *{TEAM_NAME}* in November 2026 is already *NOK\xa0100,000*."
            in reply
        )
    else:
        assert (
            f":pencil2: Målet for teamet *{TEAM_NAME}* i november 2026 er allerede *100\xa0000\xa0kr*."
            in reply
        )
    shop.command(f'goal team:"{TEAM_NAME}" 100k', user=user)
    unchanged = last_reply(shop, user)
    assert unchanged.startswith(
        ("Nothing changed: the goal for team", "Ingenting er endret: målet for teamet")
    )
    shop.command("goal history company", user=user)
    assert re.search(
        r"^(There are no goals for the company|Det finnes ingen mål for selskapet)",
        last_reply(shop, user),
        re.M,
    )


# -- 6. a team goal nobody hears of -------------------------------------------------------------------


def test_a_goal_for_a_team_nobody_is_in_tells_the_setter_why_nobody_was_told(shop, db):
    shop.command("team create Tomt", user=OWNER)
    shop.command("goal team:Tomt 100k", user=OWNER)
    reply = last_reply(shop, OWNER)
    assert "Goal set for team *Tomt*" in reply
    assert "Nobody was told: *Tomt* has no members yet." in reply
    assert "`/sales team add`" in reply and "`/sales team channel`" in reply

    # Through the form the setter reads the same by DM.
    shop.command("goal", user=OWNER)
    shop.fake.wait_for_posted(lambda p: p.kind == "modal_open" and p.user == OWNER)
    view = shop.fake.top_view(OWNER)
    shop.submit(
        user=OWNER, view=view, answers={SCOPE: "team", TEAM: "Tomt", TARGET: "5", "goal_metric": "deals"}
    )
    assert "Nobody was told: *Tomt* has no members yet." in dms(shop, OWNER)[-1]

    shop.command("team create Solo", user=OWNER)
    shop.command(f"team add Solo {shop.mention(OWNER)}", user=OWNER)
    shop.command("goal team:Solo 100k", user=OWNER)
    assert "Nobody else was told: you are the only member of *Solo*, and it has no channel." in last_reply(
        shop, OWNER
    )
    assert len(goals(db)) == 3


def test_a_target_in_another_currency_is_refused(shop, db):
    shop.command(f"goal {shop.mention(REP)} € 100 000 this month", user=MANAGER)
    assert "NOK" in last_reply(shop, MANAGER) and "€" in last_reply(shop, MANAGER)
    shop.command(f"goal {shop.mention(REP)} kr 100 000 this month", user=MANAGER)
    assert "Goal set for <@U0REP>" in last_reply(shop, MANAGER)
    assert [g.target for g in goals(db)] == [Decimal("100000")]
