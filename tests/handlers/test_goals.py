"""Goals end to end through Slack's request format: set, revise, tell people, list, history, and
the text of `/sales goal` as people type it."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select

from handlers import ids
from handlers.blocks.goals import (
    PERIOD,
    PERIOD_OTHER,
    PERSON,
    PRODUCT,
    REASON_CATEGORY,
    REASON_TEXT,
    SCOPE,
    TARGET,
    TEAM,
)
from storage.models import AuditEntry, Goal, GoalRevision, Product, Team, Workspace
from storage.store import Store, get_or_create_workspace
from tests.conftest import MANAGER, NORWEGIAN, OWNER, REP, REP2, local_workspace
from tests.helpers import dms, last_reply, product_id, rows, shown

OUTSIDER = "U0OUTSIDE"


@pytest.fixture
def slack(db):
    """A workspace on 10 November 2026 with team Øst (Rita and Per, managed by Mona) and a product."""
    with local_workspace(db, at=datetime(2026, 11, 10, 9, tzinfo=UTC)) as workspace:
        workspace.add_user(OUTSIDER, "Otto Outside", tz="Europe/Oslo")
        workspace.command("team create Øst", user=OWNER)
        workspace.command("team create Vest", user=OWNER)
        workspace.command(f"team add Øst {workspace.mention(REP)} {workspace.mention(REP2)}", user=OWNER)
        workspace.command(f"team add Vest {workspace.mention(OUTSIDER)}", user=OWNER)
        workspace.command(f"team manager Øst {workspace.mention(MANAGER)}", user=OWNER)
        workspace.command("product add Barista Pro 24990", user=OWNER)
        workspace.fake.reset()
        yield workspace


def goals(db) -> list[Goal]:
    return sorted(rows(db, Goal), key=lambda g: g.id)


def update(db, model, **changes):
    with Session(db) as session:
        for row in session.exec(select(model)).all():
            for key, value in changes.items():
                setattr(row, key, value)
            session.add(row)
        session.commit()


def ephemeral(slack, user):
    return [p for p in slack.fake.snapshot_posted() if p.kind == "ephemeral" and p.user == user][-1]


def opened_modal(slack, user) -> dict:
    slack.fake.wait_for_posted(lambda p: p.kind == "modal_open" and p.user == user)
    return slack.fake.top_view(user)


# -- the text form -------------------------------------------------------------------------------


def test_manager_sets_a_persons_goal_and_the_person_is_told_by_dm(slack, db):
    slack.command(f"goal {slack.mention(REP)} 150k", user=MANAGER)
    reply = last_reply(slack, MANAGER)
    assert "Goal set for <@U0REP>: *NOK\xa0150,000* in November 2026." in reply
    assert "<@U0REP> was told by DM." in reply
    (goal,) = goals(db)
    assert (goal.scope, goal.metric, goal.period_key, goal.target, goal.product_id) == (
        "person",
        "revenue",
        "2026-11",
        Decimal("150000.00"),
        None,
    )
    assert goal.goal_key == f"person:{goal.person_id}|revenue|2026-11|-"
    assert (goal.period_start, goal.period_end) == (date(2026, 11, 1), date(2026, 11, 30))
    (dm,) = dms(slack, REP)
    assert "<@U0MANAGER> set you a goal: *NOK\xa0150,000* in November 2026." in dm
    assert "goal.created" in [e.action for e in rows(db, AuditEntry)]


def test_metric_period_and_product_are_read_from_the_text(slack, db):
    slack.command(f"goal {slack.mention(REP2)} 40 deals product:barista pro 2026-Q4", user=MANAGER)
    assert "*40 deals* in Q4 2026 · Barista Pro" in last_reply(slack, MANAGER)
    slack.command("goal team:øst kr 1 500 000 units next month", user=MANAGER)
    assert "Goal set for team *Øst*: *1,500,000 units* in December 2026." in last_reply(slack, MANAGER)
    deals, units = goals(db)
    assert (deals.metric, deals.period_key, deals.target, deals.product_id is not None) == (
        "deals",
        "2026-Q4",
        Decimal(40),
        True,
    )
    assert (units.scope, units.metric, units.period_key, units.target) == (
        "team",
        "units",
        "2026-12",
        Decimal(1500000),
    )


def test_default_period_follows_the_workspace_setting(slack, db):
    update(db, Workspace, default_period_kind="quarter")
    slack.command(f"goal {slack.mention(REP)} 300k", user=MANAGER)
    assert "in Q4 2026" in last_reply(slack, MANAGER)
    assert goals(db)[0].period_key == "2026-Q4"


def test_revision_without_a_reason_asks_for_one_with_a_button_then_the_modal_saves_it(slack, db):
    slack.command(f"goal {slack.mention(REP)} 100k", user=MANAGER)
    slack.command(f"goal {slack.mention(REP)} 120k", user=MANAGER)
    reply = ephemeral(slack, MANAGER)
    assert (
        "The goal for <@U0REP> in November 2026 is already *NOK\xa0100,000*. Changing it to *NOK\xa0120,000*"
        in shown(reply)
    )
    assert goals(db)[0].target == Decimal("100000.00") and rows(db, GoalRevision) == []
    (button,) = [e for b in reply.blocks if b["type"] == "actions" for e in b["elements"]]
    assert button["text"]["text"] == "Revise with reason"

    slack.click(user=MANAGER, action_id=ids.REVISE_GOAL, block_id="goal_revise", value=button["value"])
    view = opened_modal(slack, MANAGER)
    assert view["callback_id"] == ids.GOAL_REVISION_MODAL
    assert "Current target: *NOK\xa0100,000*" in shown({"blocks": view["blocks"]}) or "NOK\xa0100,000" in str(
        view
    )
    target_block = next(b for b in view["blocks"] if b.get("block_id") == TARGET)
    assert target_block["element"]["initial_value"] == "120,000"
    assert rows(db, GoalRevision) == [], "opening the form writes nothing"

    result = slack.submit(
        user=MANAGER,
        view=view,
        answers={REASON_CATEGORY: "competition", REASON_TEXT: "A new rival cut prices"},
    )
    assert result.body == b""
    (revision,) = rows(db, GoalRevision)
    assert (revision.old_target, revision.new_target, revision.reason_category, revision.reason_text) == (
        Decimal("100000.00"),
        Decimal("120000.00"),
        "competition",
        "A new rival cut prices",
    )
    assert goals(db)[0].target == Decimal("120000.00")
    told = dms(slack, REP)[-1]
    assert "<@U0MANAGER> revised your goal for November 2026: NOK\xa0100,000 → *NOK\xa0120,000*." in told
    assert "Reason: Competition — A new rival cut prices" in told
    confirmation = dms(slack, MANAGER)[-1]
    assert "Goal revised for <@U0REP>" in confirmation and "<@U0REP> was told by DM." in confirmation

    # The same form submitted again (a double click) changes nothing more.
    slack.submit(user=MANAGER, view=view, answers={REASON_CATEGORY: "competition"})
    assert len(rows(db, GoalRevision)) == 1
    assert len(dms(slack, REP)) == 2


def test_revision_with_a_reason_in_the_text_and_an_unchanged_goal(slack, db):
    slack.command(f"goal {slack.mention(REP)} 100k", user=MANAGER)
    slack.command(f"goal {slack.mention(REP)} 90k economy: Two customers paused orders", user=MANAGER)
    reply = last_reply(slack, MANAGER)
    assert "Goal revised for <@U0REP> in November 2026: NOK\xa0100,000 → *NOK\xa090,000*." in reply
    assert "Reason: The economy — Two customers paused orders" in reply
    slack.command(f"goal {slack.mention(REP)} 90 000", user=MANAGER)
    assert (
        "Nothing changed: the goal for <@U0REP> in November 2026 is already *NOK\xa090,000*."
        in last_reply(slack, MANAGER)
    )
    slack.command(f"goal {slack.mention(REP)} 95k Pipeline looks better", user=MANAGER)
    assert "Reason: Other — Pipeline looks better" in last_reply(slack, MANAGER)
    assert [(r.reason_category, r.new_target) for r in rows(db, GoalRevision)] == [
        ("economy", Decimal("90000.00")),
        ("other", Decimal("95000.00")),
    ]
    assert len(goals(db)) == 1
    actions = [e.action for e in rows(db, AuditEntry)]
    assert actions.count("goal.revised") == 2 and actions.count("goal.created") == 1


def test_team_goal_tells_each_member_and_shows_how_individual_goals_cover_it(slack, db):
    slack.command(f"goal {slack.mention(REP)} 100k", user=MANAGER)
    slack.command(f"goal {slack.mention(REP2)} 130k", user=MANAGER)
    slack.command("goal team:Øst 250k", user=MANAGER)
    reply = last_reply(slack, MANAGER)
    assert "The 2 members of *Øst* were told by DM." in reply
    assert (
        "Members' own goals within November 2026: 2 of 2 members,"
        " together NOK\xa0230,000 of NOK\xa0250,000 (92%)." in reply
    )
    assert "set a goal for *Øst*: *NOK\xa0250,000*" in dms(slack, REP)[-1]
    assert "set a goal for *Øst*: *NOK\xa0250,000*" in dms(slack, REP2)[-1]
    # A member's goal changed afterwards: the reply says how the team goal is covered now.
    slack.command(f"goal {slack.mention(REP2)} 150k performance Strong pipeline", user=MANAGER)
    assert (
        "Team *Øst* — members' own goals within November 2026: 2 of 2 members, together NOK\xa0250,000"
        " of NOK\xa0250,000 (100%)." in last_reply(slack, MANAGER)
    )


def test_team_goal_is_posted_once_in_the_team_channel(slack, db):
    slack.fake.add_channel("C0OST", "team-ost")
    update(db, Team, channel_id="C0OST")
    slack.command("goal team:Øst 250k", user=MANAGER)
    assert "Posted in <#C0OST>." in last_reply(slack, MANAGER)
    posts = [p for p in slack.fake.snapshot_posted() if p.kind == "message" and p.channel == "C0OST"]
    assert len(posts) == 1 and "set a goal for *Øst*" in posts[0].text
    assert dms(slack, REP) == [] and dms(slack, REP2) == []


def test_a_channel_salesbot_is_not_in_is_reported_to_the_setter(slack, db):
    slack.fake.add_channel("C0OST", "team-ost", is_member=False)
    update(db, Team, channel_id="C0OST")
    result = slack.command("goal team:Øst 250k", user=MANAGER)
    assert result.status == 200
    assert len(goals(db)) == 1, "the goal is saved even though the channel post failed"
    (warning,) = dms(slack, MANAGER)
    assert "salesbot is not a member of that channel" in warning and "/invite @salesbot" in warning


def test_company_goal_is_announced_in_the_announcement_channel(slack, db):
    slack.command("goal company 12m 2026", user=OWNER)
    assert "Nobody was told: there is no announcement channel" in last_reply(slack, OWNER)
    update(db, Workspace, announcement_channel="C0GENERAL")
    slack.command("goal company 14m 2026 performance Record third quarter", user=OWNER)
    assert "Announced in <#C0GENERAL>." in last_reply(slack, OWNER)
    (post,) = [p for p in slack.fake.snapshot_posted() if p.kind == "message" and p.channel == "C0GENERAL"]
    assert "revised the company goal for 2026: NOK\xa012,000,000 → *NOK\xa014,000,000*" in post.text
    assert "Reason: Performance — Record third quarter" in post.text

    # A broadcast typed into a reason is shown, never sent.
    slack.command("goal company 15m 2026 other <!channel> read this", user=OWNER)
    post = [p for p in slack.fake.snapshot_posted() if p.kind == "message" and p.channel == "C0GENERAL"][-1]
    assert "<!channel>" not in json.dumps(post.blocks) + post.text
    assert "&lt;!channel&gt; read this" in post.text

    slack.fake.add_channel("C0QUIET", "quiet", is_member=False)
    update(db, Workspace, announcement_channel="C0QUIET")
    slack.command("goal company 500 deals 2026", user=OWNER)
    assert "Type `/invite @salesbot` there" in dms(slack, OWNER)[-1]


def test_refusals_write_nothing(slack, db):
    slack.command(f"goal {slack.mention(REP2)} 100k", user=REP)
    assert "Goals are set by managers and admins" in last_reply(slack, REP)
    slack.command("goal company 1m", user=MANAGER)
    assert "Only admins set company goals" in last_reply(slack, MANAGER)
    slack.command("goal team:Vest 1m", user=MANAGER)
    assert "You don't manage *Vest*" in last_reply(slack, MANAGER)
    slack.command(f"goal {slack.mention(OUTSIDER)} 100k", user=MANAGER)
    assert "Otto Outside is not in a team you manage" in last_reply(slack, MANAGER)
    slack.command(f"goal {slack.mention(MANAGER)} 100k", user=MANAGER)
    assert "A manager's own goals are set by an admin" in last_reply(slack, MANAGER)
    assert goals(db) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("100k", "Say whom the goal is for"),
        ("{rep} lots", "I couldn't read `lots` as an amount"),
        ("{rep}", "Give the goal's target"),
        ("{rep} 1.5 units", "Units are counted whole, so `1.5`"),
        ("{rep} 100k novembr", "I couldn't read `novembr` as a period"),
        ("{rep} 100k 2026-13", "I couldn't read `2026-13` as a period: there is no month 13."),
        ("{rep} 100k product:Barista", "There is no product called *Barista*. Did you mean: Barista Pro?"),
        ("team:Ost 100k", "There is no team called *Ost*. Did you mean: Øst?"),
        ("{rep} team:Øst 100k", "name only one of them"),
        ("@rita 100k", "pick the person from Slack's @ list"),
        ("{rep} 0", "is zero"),
        ("{rep} 1,5", "`1,5` is unclear"),
    ],
)
def test_bad_input_is_explained_with_an_example_and_nothing_is_written(slack, db, text, expected):
    slack.command("goal " + text.format(rep=slack.mention(REP)), user=MANAGER)
    reply = last_reply(slack, MANAGER)
    assert expected in reply
    assert "For example" in reply or "Write it like" in reply or "Add a product" in reply
    assert goals(db) == []


# -- the form -----------------------------------------------------------------------------------


def test_the_goal_form_opens_and_a_double_submission_creates_one_goal(slack, db):
    slack.command("goal", user=MANAGER)
    view = opened_modal(slack, MANAGER)
    assert view["callback_id"] == ids.GOAL_MODAL
    blocks = {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}
    assert [o["value"] for o in blocks[SCOPE]["element"]["options"]] == ["person", "team"]
    assert [o["value"] for o in blocks[TEAM]["element"]["options"]] == ["Øst"]
    (product,) = rows(db, Product)
    assert [o["value"] for o in blocks[PRODUCT]["element"]["options"]] == ["all", str(product.id)]
    assert blocks[PRODUCT]["element"]["initial_option"]["text"]["text"] == "All products"
    periods = [o["value"] for o in blocks[PERIOD]["element"]["options"]]
    assert periods == ["2026-11", "2026-12", "2026-Q4", "2027-Q1", "2026"]
    assert blocks[PERIOD]["element"]["initial_option"]["value"] == "2026-11"

    answers = {SCOPE: "person", PERSON: REP, TARGET: "150 000", PERIOD: "2026-Q4", PRODUCT: str(product.id)}
    first = slack.submit(user=MANAGER, view=view, answers=answers)
    second = slack.submit(user=MANAGER, view=view, answers=answers)
    assert first.body == b"" and second.body == b""
    (goal,) = goals(db)
    assert (goal.period_key, goal.target, goal.product_id is not None) == ("2026-Q4", Decimal(150000), True)
    assert len(dms(slack, REP)) == 1, "the person is told once"
    confirmations = dms(slack, MANAGER)
    assert (
        len(confirmations) == 1
        and "Goal set for <@U0REP>: *NOK\xa0150,000* in Q4 2026 · Barista Pro" in (confirmations[0])
    )


def test_the_form_shows_errors_on_its_fields_and_saves_nothing(slack, db):
    slack.command("goal", user=OWNER)
    view = opened_modal(slack, OWNER)
    result = slack.submit(
        user=OWNER, view=view, answers={SCOPE: "person", TARGET: "lots", PERIOD_OTHER: "sometime"}
    )
    errors = result.json()["errors"]
    assert result.json()["response_action"] == "errors"
    assert errors[PERSON] == "Pick the person."
    assert "I couldn't read `lots` as an amount" in errors[TARGET]
    assert "I couldn't read `sometime` as a period" in errors[PERIOD_OTHER]

    result = slack.submit(
        user=OWNER, view=view, answers={SCOPE: "team", TEAM: "Vest", TARGET: "1.5", "goal_metric": "deals"}
    )
    assert "Deals are counted whole" in result.json()["errors"][TARGET]
    assert goals(db) == []

    result = slack.submit(
        user=OWNER,
        view=view,
        answers={SCOPE: "company", TARGET: "2m", PERIOD_OTHER: "2026-11-01..2026-12-15"},
    )
    assert result.body == b""
    (goal,) = goals(db)
    assert (goal.scope, goal.period_kind, goal.period_key) == ("company", "range", "2026-11-01..2026-12-15")


def test_a_long_product_catalog_becomes_a_name_field_in_the_form(slack, db):
    with Session(db) as session:
        store = Store(session, get_or_create_workspace(session, slack_team_id=slack.team_id))
        for i in range(120):
            store.add_product(f"Kaffe {i:03d}", None)
        session.commit()
    slack.command("goal", user=OWNER)
    view = opened_modal(slack, OWNER)
    product_block = next(b for b in view["blocks"] if b.get("block_id") == PRODUCT)
    assert product_block["element"]["type"] == "plain_text_input"
    answers = {SCOPE: "company", TARGET: "40", "goal_metric": "units", PRODUCT: "kafe 007"}
    result = slack.submit(user=OWNER, view=view, answers=answers)
    assert (
        "There is no product called *kafe 007*. Did you mean: Kaffe 007" in result.json()["errors"][PRODUCT]
    )
    result = slack.submit(user=OWNER, view=view, answers={**answers, PRODUCT: "kaffe 007"})
    assert result.body == b""
    (goal,) = goals(db)
    assert goal.product_id == next(p.id for p in rows(db, Product) if p.name == "Kaffe 007")


def test_the_form_refuses_a_person_the_manager_does_not_manage(slack, db):
    slack.command("goal", user=MANAGER)
    view = opened_modal(slack, MANAGER)
    result = slack.submit(
        user=MANAGER, view=view, answers={SCOPE: "person", PERSON: OUTSIDER, TARGET: "100k"}
    )
    assert "Otto Outside is not in a team you manage" in result.json()["errors"][PERSON]
    assert goals(db) == []


def test_a_revision_in_the_form_needs_a_reason(slack, db):
    slack.command(f"goal {slack.mention(REP)} 100k", user=MANAGER)
    slack.command("goal", user=MANAGER)
    view = opened_modal(slack, MANAGER)
    answers = {SCOPE: "person", PERSON: REP, TARGET: "80k"}
    result = slack.submit(user=MANAGER, view=view, answers=answers)
    assert (
        "This goal exists with NOK\xa0100,000. Choose a reason for changing it to NOK\xa080,000."
        in (result.json()["errors"][REASON_CATEGORY])
    )
    assert rows(db, GoalRevision) == []
    result = slack.submit(user=MANAGER, view=view, answers={**answers, REASON_CATEGORY: "economy"})
    assert result.body == b""
    (revision,) = rows(db, GoalRevision)
    assert (revision.reason_category, revision.new_target) == ("economy", Decimal("80000.00"))


def test_a_rep_typing_goal_sees_their_goals_and_no_form(slack, db):
    slack.command(f"goal {slack.mention(REP)} 100k", user=MANAGER)
    slack.command("goal", user=REP)
    reply = last_reply(slack, REP)
    assert "Goals are set by your manager" in reply and "<@U0REP>: *NOK\xa0100,000*" in reply
    assert slack.fake.calls_to("views.open") == []


def test_the_goal_button_opens_the_form_from_app_home(slack):
    slack.open_home(MANAGER)
    slack.click(
        user=MANAGER,
        action_id=ids.OPEN_GOAL_MODAL,
        block_id="home_buttons",
        view=slack.fake.home_view(MANAGER),
    )
    assert opened_modal(slack, MANAGER)["callback_id"] == ids.GOAL_MODAL


# -- lists and history --------------------------------------------------------------------------


def test_goal_list_shows_what_each_role_may_see(slack, db):
    slack.command(f"goal {slack.mention(REP)} 100k", user=MANAGER)
    slack.command(f"goal {slack.mention(REP2)} 90k", user=MANAGER)
    slack.command("goal team:Øst 190k", user=MANAGER)
    slack.command(f"goal {slack.mention(OUTSIDER)} 70k", user=OWNER)
    slack.command("goal company 12m 2026", user=OWNER)
    slack.command(f"goal {slack.mention(REP)} 110k performance", user=MANAGER)

    slack.command("goals", user=REP)
    mine = last_reply(slack, REP)
    assert "Goals · November 2026" in mine
    assert "Revenue: *NOK\xa012,000,000* · 2026" in mine and "*Øst*: *NOK\xa0190,000*" in mine
    assert "<@U0REP>: *NOK\xa0110,000* · November 2026 · revised ×1" in mine
    assert "<@U0REP2>" not in mine and "<@U0OUTSIDE>" not in mine

    slack.command("goal list", user=MANAGER)
    managed = last_reply(slack, MANAGER)
    assert "<@U0REP2>" in managed and "<@U0OUTSIDE>" not in managed

    slack.command("goal list 2026-11", user=OWNER)
    assert "<@U0OUTSIDE>" in last_reply(slack, OWNER)
    slack.command("goal list 2025", user=OWNER)
    assert "There are no goals you can see for 2025" in last_reply(slack, OWNER)


def test_goal_history_shows_revisions_to_those_who_may_see_them(slack, db):
    slack.command(f"goal {slack.mention(REP)} 100k", user=MANAGER)
    slack.command(f"goal {slack.mention(REP)} 120k competition Rival closed", user=MANAGER)
    slack.command(f"goal history {slack.mention(REP)}", user=REP)
    history = last_reply(slack, REP)
    assert "Goal history · Rita Rep" in history
    # Stamped with the real time (rows' created_at), in the reader's timezone.
    day = datetime.now(UTC).astimezone(ZoneInfo("Europe/Oslo")).strftime("%b %-d, %Y")
    assert f"*November 2026* · *NOK\xa0120,000* · set by <@U0MANAGER> on {day}" in history
    assert f"• {day}: NOK\xa0100,000 → NOK\xa0120,000 · Competition — Rival closed · <@U0MANAGER>" in history
    slack.command(f"goal history {slack.mention(REP)}", user=REP2)
    assert "You can see your own goals and those of your teams" in last_reply(slack, REP2)
    slack.command("goal history", user=MANAGER)
    assert "Whose history?" in last_reply(slack, MANAGER)


def test_a_long_goal_list_stays_inside_block_kit_limits(slack, db):
    with Session(db) as session:
        store = Store(session, get_or_create_workspace(session, slack_team_id=slack.team_id))
        for i in range(150):
            person = store.new_person(f"U0MANY{i:03d}")
            person.name = f"Person {i}"
            store.save_person(person)
            store.add_goal(
                scope="person",
                person_id=person.id,
                metric="revenue",
                period_kind="month",
                period_key="2026-11",
                period_start=date(2026, 11, 1),
                period_end=date(2026, 11, 30),
                target=Decimal(100000 + i),
                goal_key=f"person:{person.id}|revenue|2026-11|-",
            )
        session.commit()
    slack.command("goal list", user=OWNER)
    posted = ephemeral(slack, OWNER)
    assert len(posted.blocks) <= 50
    assert all(len(b.get("text", {}).get("text", "")) <= 3000 for b in posted.blocks)
    assert "…and 90 more." in shown(posted)
    assert slack.fake.missing_text_fallbacks() == []


# -- Norwegian ---------------------------------------------------------------------------------------


def test_norwegian_manager_and_norwegian_member(slack, db):
    slack.command(f"team add Øst {slack.mention(NORWEGIAN)}", user=OWNER)
    slack.command(f"role {slack.mention(NORWEGIAN)} admin", user=OWNER)
    slack.command(f"mål {slack.mention(REP)} 1 234,50 omsetning neste måned", user=NORWEGIAN)
    assert "Mål satt for <@U0REP>: *1\xa0234,50\xa0kr* i desember 2026." in last_reply(slack, NORWEGIAN)
    assert "set you a goal: *NOK\xa01,234.50* in December 2026." in dms(slack, REP)[-1], "Rita reads English"
    slack.command("mål team:Øst 40 avtaler K4", user=OWNER)
    assert "har satt et mål for *Øst*: *40 avtaler* i 4. kvartal 2026." in dms(slack, NORWEGIAN)[-1]
    slack.command("mål team:Øst 45 avtaler K4", user=NORWEGIAN)
    reply = last_reply(slack, NORWEGIAN)
    assert "Målet for teamet *Øst* i 4. kvartal 2026 er allerede *40 avtaler*." in reply
    assert "Endre med begrunnelse" in reply
    slack.command("mål team:Øst 45 avtaler K4 konkurranse Ny aktør i markedet", user=NORWEGIAN)
    assert "Begrunnelse: Konkurransen — Ny aktør i markedet" in last_reply(slack, NORWEGIAN)
    slack.command("mål team:Øst 1,5 enheter", user=NORWEGIAN)
    assert "Enheter telles i hele tall" in last_reply(slack, NORWEGIAN)
    slack.command("mål", user=NORWEGIAN)
    view = opened_modal(slack, NORWEGIAN)
    assert view["title"]["text"] == "Sett et mål"
    assert "Denne måneden (november 2026)" in json.dumps(view, ensure_ascii=False)


def test_every_goal_reply_has_a_text_fallback(slack):
    slack.command(f"goal {slack.mention(REP)} 100k", user=MANAGER)
    slack.command(f"goal {slack.mention(REP)} 120k", user=MANAGER)
    slack.command("goal list", user=MANAGER)
    slack.command(f"goal history {slack.mention(REP)}", user=MANAGER)
    assert slack.fake.missing_text_fallbacks() == []


def test_a_revise_button_for_a_goal_that_is_gone_says_so(slack, db):
    slack.click(
        user=MANAGER, action_id=ids.REVISE_GOAL, block_id="goal_revise", value='{"goal": 999, "target": "5"}'
    )
    assert "That goal no longer exists" in last_reply(slack, MANAGER)
    slack.click(user=MANAGER, action_id=ids.REVISE_GOAL, block_id="goal_revise", value="garbage")
    assert "That goal no longer exists" in last_reply(slack, MANAGER)
    assert slack.fake.calls_to("views.open") == []


# -- typed on Friday 27 November 2026 ----------------------------------------------------------------
# Products named without ``product:``, periods anywhere, words not understood refused (never
# dropped), goals for periods already over refused, the wording of the revision prompt, and who is
# told of a goal for a team nobody is in.

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
            "Oktober 2026 sluttet 31. okt. 2026, så perioden kan ikke få et nytt mål. Mente du "
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
        # The last day without a year is the next such day after the first: over New Year.
        ("24.12-2.1", "2026-12-24..2027-01-02"),
        ("20.12 til 10.1", "2026-12-20..2027-01-10"),
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
        ("15.12.2026-1.12.2026", "The range `15.12.2026-1.12.2026` ends before it starts"),
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
    assert "`/sales team add NAME @person`" in reply and "`/sales team channel NAME #channel`" in reply

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


# -- 10. goals that overlap, and a team goal covered by its members' shorter goals -----------------


def test_overlapping_goals_are_set_and_the_setter_is_told(shop, db):
    rita = shop.mention(REP)
    shop.command(f"goal {rita} 80k januar", user=MANAGER)
    assert "overlap" not in last_reply(shop, MANAGER)
    shop.command(f"goal {rita} 250k Q1", user=MANAGER)
    reply = last_reply(shop, MANAGER)
    assert "Goal set for <@U0REP>: *NOK\xa0250,000* in Q1 2027" in reply
    assert "Note: <@U0REP> also has a goal that overlaps this one: NOK\xa080,000 in January 2027." in reply

    shop.command(f"role {shop.mention(NORWEGIAN)} manager", user=OWNER)
    shop.command(f'team manager "{TEAM_NAME}" {shop.mention(NORWEGIAN)}', user=OWNER)
    shop.command(f"mål {rita} 90k februar", user=NORWEGIAN)
    assert (
        "Merk: <@U0REP> har også et mål som overlapper dette: 250\xa0000\xa0kr i 1. kvartal 2027."
        in last_reply(shop, NORWEGIAN)
    )

    # The goal form's confirmation says the same.
    shop.command("goal", user=OWNER)
    view = opened_modal(shop, OWNER)
    shop.submit(
        user=OWNER,
        view=view,
        answers={SCOPE: "person", PERSON: REP, TARGET: "40k", PERIOD_OTHER: "15.1-15.2"},
    )
    assert (
        "Note: <@U0REP> also has 3 goals that overlap this one: NOK\xa080,000 in January 2027,"
        " NOK\xa0250,000 in Q1 2027, NOK\xa090,000 in February 2027." in dms(shop, OWNER)[-1]
    )
    assert len(goals(db)) == 4, "told, not refused"


def test_a_quarters_team_goal_is_covered_by_its_members_december_goals(shop, db):
    for user, target in ((REP, "100k"), (REP2, "100k"), (NORWEGIAN, "50k")):
        shop.command(f"goal {shop.mention(user)} {target} december", user=MANAGER)
    shop.command(f'goal team:"{TEAM_NAME}" 300k Q4', user=MANAGER)
    assert (
        "Members' own goals within Q4 2026: 3 of 3 members, together NOK\xa0250,000 of NOK\xa0300,000 (83%)."
        in last_reply(shop, MANAGER)
    )
    shop.command(f'fremdrift team:"{TEAM_NAME}" K4', user=NORWEGIAN)
    assert (
        "Medlemmenes egne mål innenfor 4. kvartal 2026: 3 av 3 medlemmer, til sammen 250\xa0000\xa0kr"
        " av 300\xa0000\xa0kr (83\xa0%)." in last_reply(shop, NORWEGIAN)
    )
    # A member's December goal revised: the reply says how the team's Q4 goal is covered now.
    shop.command(f"goal {shop.mention(REP2)} 120k december performance Strong pipeline", user=MANAGER)
    assert (
        f"Team *{TEAM_NAME}* — members' own goals within Q4 2026: 3 of 3 members, together NOK\xa0270,000"
        " of NOK\xa0300,000 (90%)." in last_reply(shop, MANAGER)
    )
