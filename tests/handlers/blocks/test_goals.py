"""Goals in Block Kit (handlers/blocks/goals.py): the goal and revision modals and what they read
back, replies, lists and history."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from handlers import ids
from handlers.blocks.common import MESSAGE_BLOCKS
from handlers.blocks.goals import (
    ALL_PRODUCTS,
    PERIOD,
    PERIOD_OTHER,
    PERSON,
    PRODUCT,
    REASON_CATEGORY,
    REASON_TEXT,
    SCOPE,
    SELECT_OPTIONS,
    TARGET,
    TEAM,
    GoalForm,
    build_goal_history,
    build_goal_list,
    build_goal_modal,
    build_goal_reply,
    build_needs_reason,
    build_revision_modal,
    product_suffix,
    read_goal_submission,
    read_revise_button,
    read_revision_submission,
    reason_text,
    subject_text,
    target_text,
)
from handlers.respond import Reply
from localslack.workspace import submission_state
from salesbot.goals import REASONS, GoalHistory, GoalListing, Subject
from salesbot.periods import Period
from tests.handlers.blocks.checks import (
    block,
    initial,
    mrkdwn,
    options,
    sections,
    valid_message,
    valid_view,
    within_sections,
)
from tests.handlers.blocks.samples import EN, NB, NOV, ODD, ODD_MD, goal, person, product, team

DEC, Q4 = Period.of_month(2026, 12), Period.of_quarter(2026, 4)
PERIODS = [("this_month", NOV), ("next_month", DEC), ("this_quarter", Q4)]
RITA, MONA = person(1, "Rita"), person(2, "Mona")
ODD_TEAM = team(3, ODD)


def goal_modal(fmt=EN, *, teams=("Øst", ODD), products=((1, "Kaffe"), (2, "Te")), can_company=True) -> dict:
    return valid_view(
        build_goal_modal(
            fmt,
            teams=None if teams is None else list(teams),
            products=None if products is None else list(products),
            periods=PERIODS,
            default_period=DEC,
            can_company=can_company,
        )
    )


def test_the_words_for_a_target_a_subject_a_product_and_a_reason():
    assert target_text(EN, "revenue", Decimal(150000)) == "NOK\xa0150,000"
    assert target_text(NB, "deals", Decimal(40)) == "40 avtaler"
    assert subject_text(EN, Subject("person", person=RITA)) == "<@U0P1>"
    assert subject_text(NB, Subject("team", team=ODD_TEAM)) == f"teamet *{ODD_MD}*"
    assert subject_text(EN, Subject("company")) == "the company"
    assert product_suffix(EN, product(1, ODD)) == f" · {ODD_MD}" and product_suffix(EN, None) == ""
    assert reason_text(EN, "other", "<!channel> & co") == "Other — &lt;!channel&gt; &amp; co"
    assert reason_text(NB, "economy", "") == "Økonomien"


def test_a_target_of_one_is_singular():
    assert target_text(EN, "units", Decimal(1)) == "1 unit"
    assert target_text(EN, "deals", Decimal(1)) == "1 deal"
    assert target_text(NB, "deals", Decimal(1)) == "1 avtale"
    assert target_text(EN, "units", Decimal(1200)) == "1,200 units"
    assert target_text(NB, "units", Decimal(2)) == "2 enheter"


def test_the_goal_modal_offers_what_the_reader_may_set():
    view = goal_modal()
    assert (view["callback_id"], view["title"]["text"]) == (ids.GOAL_MODAL, "Set a goal")
    assert [b["block_id"] for b in view["blocks"]] == [
        SCOPE,
        PERSON,
        TEAM,
        "goal_metric",
        TARGET,
        PERIOD,
        PERIOD_OTHER,
        PRODUCT,
        REASON_CATEGORY,
        REASON_TEXT,
    ]
    assert [value for _, value in options(view, SCOPE)] == ["person", "team", "company"]
    assert options(view, TEAM) == [("Øst", "Øst"), (ODD, ODD)], "names are plain text: shown as typed"
    assert options(view, PERIOD) == [
        ("This month (November 2026)", "2026-11"),
        ("Next month (December 2026)", "2026-12"),
        ("This quarter (Q4 2026)", "2026-Q4"),
    ]
    assert initial(view, PERIOD) == "2026-12" and initial(view, SCOPE) == "person"
    assert (
        options(view, PRODUCT)[0] == ("All products", ALL_PRODUCTS) and initial(view, PRODUCT) == ALL_PRODUCTS
    )
    assert [value for _, value in options(view, REASON_CATEGORY)] == list(REASONS)


def test_without_teams_or_company_only_a_persons_goal_and_long_lists_are_typed():
    narrow = goal_modal(teams=(), products=(), can_company=False)
    assert [value for _, value in options(narrow, SCOPE)] == ["person"]
    assert TEAM not in [b["block_id"] for b in narrow["blocks"]] and PRODUCT not in [
        b["block_id"] for b in narrow["blocks"]
    ]
    typed = goal_modal(teams=None, products=None)
    assert (
        block(typed, TEAM)["element"]["type"]
        == block(typed, PRODUCT)["element"]["type"]
        == "plain_text_input"
    )
    full = goal_modal(teams=[f"Team {i}" for i in range(100)], products=[(i, "P" * 100) for i in range(300)])
    assert len(options(full, TEAM)) == 100 and len(options(full, PRODUCT)) == SELECT_OPTIONS


def test_what_the_goal_modal_reads_back():
    view = goal_modal()
    answers = {
        SCOPE: "team",
        TEAM: ODD,
        TARGET: " 150k ",
        PRODUCT: "2",
        REASON_CATEGORY: "other",
        REASON_TEXT: "Why",
    }
    assert read_goal_submission(submission_state(view, answers)) == GoalForm(
        scope="team",
        user_id=None,
        team_name=ODD,
        metric="revenue",
        target="150k",
        period_key="2026-12",
        period_text="",
        product_id=2,
        product_name=None,
        reason_category="other",
        reason_text="Why",
    )
    typed = goal_modal(teams=None, products=None)
    form = read_goal_submission(submission_state(typed, {PERSON: "U0REP", TEAM: "", PRODUCT: "Barista Pro"}))
    assert (form.scope, form.user_id, form.team_name, form.product_id, form.product_name) == (
        "person",
        "U0REP",
        None,
        None,
        "Barista Pro",
    )
    assert read_goal_submission(submission_state(view, {PRODUCT: ALL_PRODUCTS})).product_id is None


def test_the_revision_modal_names_the_goal_and_reads_back_the_reason():
    team_goal = goal(9, scope="team", team_id=3, target=100000, product_id=1)
    view = valid_view(
        build_revision_modal(
            EN, team_goal, Subject("team", team=ODD_TEAM), product(1, "Kaffe & Te"), Decimal("150000.5")
        )
    )
    assert (view["callback_id"], view["private_metadata"]) == (ids.GOAL_REVISION_MODAL, '{"goal": 9}')
    assert f"*{ODD_MD}* · November 2026 · Kaffe &amp; Te" in view["blocks"][0]["text"]["text"]
    assert "*NOK\xa0100,000*" in view["blocks"][0]["text"]["text"]
    assert initial(view, TARGET) == "150,000.50"
    state = {"values": submission_state(view, {REASON_CATEGORY: "competition", REASON_TEXT: " A rival "})}
    assert read_revision_submission({**view, "state": state}) == (9, "150,000.50", "competition", "A rival")
    norwegian = build_revision_modal(NB, team_goal, Subject("person", person=RITA), None, Decimal("150000.5"))
    assert initial(valid_view(norwegian), TARGET) == "150\xa0000,50"


def test_a_reply_and_the_question_for_a_reason():
    assert valid_message(build_goal_reply(EN, "Goal set.", ["Told by DM."])) == Reply(
        text="Goal set.\nTold by DM.",
        blocks=[
            {"type": "section", "text": {"type": "mrkdwn", "text": "Goal set."}},
            {"type": "context", "elements": [{"type": "mrkdwn", "text": "Told by DM."}]},
        ],
    )
    reply = valid_message(
        build_needs_reason(EN, "From *NOK 100,000* to *NOK 150,000*.", 9, Decimal("150000"))
    )
    (button,) = reply.blocks[1]["elements"]
    assert (reply.blocks[1]["block_id"], button["action_id"], button["style"]) == (
        "goal_revise",
        ids.REVISE_GOAL,
        "primary",
    )
    assert read_revise_button(button["value"]) == (9, Decimal("150000"))
    assert read_revise_button("not json") == (0, Decimal(0)) and read_revise_button('{"goal": 1}') == (
        0,
        Decimal(0),
    )
    assert reply.text.startswith("From *NOK 100,000* to *NOK 150,000*.\nPress the button")


def listing(goals, total=None) -> GoalListing:
    return GoalListing(
        goals=goals,
        total=len(goals) if total is None else total,
        revision_counts={9: 2},
        people={1: RITA, 2: MONA},
        teams={3: ODD_TEAM},
        products={1: product(1, "Kaffe & Te")},
    )


def test_the_goal_list_by_company_teams_and_people():
    goals = [
        goal(11, scope="company", target=1000000),
        goal(9, scope="team", team_id=3, target=100000, product_id=1),
        goal(10, person_id=1, metric="deals", target=40),
    ]
    reply = valid_message(build_goal_list(EN, listing(goals, total=5), NOV, note="A note.", can_set=True))
    assert reply.blocks[0]["text"]["text"] == "Goals · November 2026"
    assert sections(reply.blocks) == [
        "A note.",
        "*Company*\n• Revenue: *NOK\xa01,000,000* · November 2026",
        f"*Teams*\n• *{ODD_MD}*: *NOK\xa0100,000* · November 2026 · Kaffe &amp; Te · revised ×2",
        "*People*\n• <@U0P1>: *40 deals* · November 2026",
    ]
    assert reply.blocks[-1]["elements"][0]["text"].startswith("…and 2 more. ")


@pytest.mark.parametrize(
    ("can_set", "expected"),
    [
        (True, "There are no goals you can see for November 2026. Set one with `/sales goal`."),
        (False, "There are no goals you can see for November 2026."),
    ],
)
def test_no_goals_and_who_can_set_one(can_set, expected):
    reply = valid_message(build_goal_list(EN, listing([]), NOV, note=None, can_set=can_set))
    assert reply.text == f"Goals · November 2026\n{expected}"
    assert sections(reply.blocks) == [expected]


def test_a_long_goal_list_stays_inside_one_message():
    many_teams = {i: team(i, "T" * 80) for i in range(300)}
    goals = [goal(i, scope="team", team_id=i) for i in range(300)]
    big = GoalListing(goals=goals, total=900, revision_counts={}, people={}, teams=many_teams, products={})
    reply = valid_message(build_goal_list(EN, big, NOV, note="n" * 5000, can_set=True))
    assert len(reply.blocks) <= MESSAGE_BLOCKS and within_sections(reply.blocks)
    assert reply.blocks[-1]["elements"][0]["text"].startswith("…and 600 more. ")
    assert len(reply.text) <= 3000


def history(revisions: int = 1) -> list[GoalHistory]:
    team_goal = goal(9, scope="team", team_id=3, target=100000, product_id=1, created_by_id=1)
    team_goal.created_at = datetime(2026, 11, 2, 23, 30, tzinfo=UTC)  # 3 November in Oslo
    revision = SimpleNamespace(
        id=1,
        goal_id=9,
        old_target=Decimal(100000),
        new_target=Decimal(150000),
        reason_category="other",
        reason_text="<!channel> & more",
        revised_by_id=2,
        created_at=datetime(2026, 11, 5, 23, 30),  # naive, as SQLite gives it back: UTC
    )
    return [
        GoalHistory(
            goal=team_goal,
            product=product(1, "Kaffe & Te"),
            revisions=[revision],
            revision_count=revisions,
            people={1: RITA, 2: MONA},
        )
    ]


def test_a_goals_history_in_the_readers_timezone_with_reasons_escaped():
    reply = valid_message(
        build_goal_history(EN, Subject("team", team=ODD_TEAM), history(3), None, limit=10, tz="Europe/Oslo")
    )
    assert reply.blocks[0]["text"]["text"] == f"Goal history · {ODD}", "the header is plain text"
    assert sections(reply.blocks) == [
        "*November 2026* · Kaffe &amp; Te · *NOK\xa0100,000* · set by <@U0P1> on Nov 3, 2026\n"
        "• Nov 6, 2026: NOK\xa0100,000 → NOK\xa0150,000 · Other — &lt;!channel&gt; &amp; more · <@U0P2>\n"
        "…and 2 earlier revisions."
    ]
    assert reply.text.startswith(f"Goal history · {ODD_MD}\n")
    utc = build_goal_history(EN, Subject("team", team=ODD_TEAM), history(), None, limit=10, tz="UTC")
    assert "set by <@U0P1> on Nov 2, 2026" in mrkdwn(utc.blocks)


def test_a_history_at_its_limit_says_how_to_see_more_and_an_empty_one_names_whose():
    at_limit = valid_message(
        build_goal_history(EN, Subject("team", team=ODD_TEAM), history(), None, limit=1, tz="UTC")
    )
    assert (
        at_limit.blocks[-1]["elements"][0]["text"]
        == "Showing the 1 latest goals; add a period to see others."
    )
    empty = valid_message(build_goal_history(NB, Subject("person", person=RITA), [], NOV, limit=10, tz="UTC"))
    assert empty.blocks[0]["text"]["text"] == "Målhistorikk · Rita"
    assert "<@U0P1>" in empty.text and "november 2026" in empty.text
