"""End to end: ``/sales feedback`` — logging in the form, rating messages with one vote per person,
the message shortcut, a low score's DM to the manager, the figures and who reads comments; en, nb."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from handlers.ids import FEEDBACK_COMMENT, FEEDBACK_LOG_MODAL, LOG_FEEDBACK_SHORTCUT
from localslack.webapi import FakeUser
from storage.models import Feedback, FeedbackRequest, Workspace
from tests.conftest import MANAGER, NORWEGIAN, OWNER, REP, REP2
from tests.handlers.shop import modal, shop_workspace
from tests.helpers import buttons, dms, last_reply, open_modal_of, product_id, rows, shown

CUSTOMER_TEAM, CUSTOMER = "T0KAFFE", "U0KUNDE"


@pytest.fixture
def ws(db):
    with shop_workspace(db) as workspace:
        workspace.fake.add_channel("C0ACME", "kunde-acme")
        yield workspace


def answers(db) -> list[Feedback]:
    return rows(db, Feedback)


def alerts(ws, user) -> list[str]:
    """The low-score DMs ``user`` got."""
    return [text for text in dms(ws, user) if ":warning:" in text]


def use_scale(db, scale: str) -> None:
    with Session(db) as session:
        for workspace in session.exec(select(Workspace)).all():
            workspace.feedback_scale = scale
            session.add(workspace)
        session.commit()


def log(ws, user, answers_by_field):
    ws.command("feedback", user=user)
    view = open_modal_of(ws, user).view
    assert view["callback_id"] == FEEDBACK_LOG_MODAL
    return ws.submit(user=user, view=view, answers=answers_by_field)


def test_a_rep_logs_an_answer_in_the_form(ws, db):
    result = log(
        ws,
        REP,
        {
            "customer": "Kaffebrenneriet",
            "score": "5",
            "stage": "delivery",
            "comment": "Fast and friendly",
            "product": str(product_id(db, "Barista Pro")),
        },
    )
    assert result.json() == {}
    (answer,) = answers(db)
    assert (answer.customer, answer.score, answer.scale, answer.stage, answer.comment, answer.source) == (
        "Kaffebrenneriet",
        5,
        "csat",
        "delivery",
        "Fast and friendly",
        "logged",
    )
    assert answer.product_id == product_id(db, "Barista Pro")
    assert "Logged a 5 from *Kaffebrenneriet* (Delivery)" in shown(ws.fake.snapshot_posted()[-1])
    assert alerts(ws, MANAGER) == []  # a good score alerts nobody


def test_the_form_refuses_every_wrong_field_at_once_and_writes_nothing(ws, db):
    ws.command("tilbakemelding", user=NORWEGIAN)
    view = modal(ws, NORWEGIAN)
    # A forged submission: a score off the scale and a stage that is none (Slack's menus offer neither).
    for block in view["blocks"]:
        if block.get("block_id") in ("score", "stage"):
            block["element"]["options"].append(
                {
                    "text": {"type": "plain_text", "text": "x"},
                    "value": "9" if block["block_id"] == "score" else "shipping",
                }
            )
    crafted = {"customer": "  ", "score": "9", "stage": "shipping", "rep": OWNER}
    errors = ws.submit(user=NORWEGIAN, view=view, answers=crafted).json()["errors"]
    assert set(errors) == {"customer", "score", "stage", "rep"}
    assert "fra 1 til 5" in errors["score"] and "Skriv hvilken kunde" in errors["customer"]
    assert "ikke en fase" in errors["stage"] and "folk i teamene du leder" in errors["rep"]
    assert answers(db) == []


def test_a_rating_message_records_one_vote_per_person_changed_in_place(ws, db):
    ws.command(
        "feedback request <#C0ACME|kunde-acme> delivery product:Barista Pro customer:Acme AS", user=REP
    )
    assert "Posted the rating message in <#C0ACME>" in last_reply(ws, REP)
    posted = next(p for p in ws.fake.snapshot_posted() if p.kind == "message" and p.channel == "C0ACME")
    assert "How satisfied are you with the delivery of Barista Pro?" in shown(posted)
    (request,) = rows(db, FeedbackRequest)
    assert (request.message_ts, request.stage, request.customer, request.scale) == (
        posted.ts,
        "delivery",
        "Acme AS",
        "csat",
    )
    score_buttons = buttons(posted.blocks)
    assert sorted(b["text"]["text"] for b in score_buttons.values()) == ["1", "2", "3", "4", "5"]

    def vote(user, score):
        button = next(b for b in score_buttons.values() if b["text"]["text"] == str(score))
        ws.click(
            user=user,
            action_id=button["action_id"],
            block_id=button["block_id"],
            value=button["value"],
            channel=("C0ACME", "kunde-acme"),
            message={"ts": posted.ts},
            ephemeral=False,
        )

    vote(REP2, 4)
    assert "Thanks — you gave 4; press another to change it" in last_reply(ws, REP2).replace(
        ". Press", "; press"
    )
    vote(REP2, 5)
    assert "your score is now 5" in last_reply(ws, REP2)
    vote(OWNER, 3)
    assert sorted((a.voter, a.score) for a in answers(db)) == [(OWNER, 3), (REP2, 5)]
    redrawn = [p for p in ws.fake.snapshot_posted() if p.kind == "update" and p.channel == "C0ACME"][-1]
    assert "2 people have answered." in shown(redrawn)
    assert REP2 not in str(redrawn.blocks) and OWNER not in str(redrawn.blocks)  # never who voted what

    thanks = [p for p in ws.fake.snapshot_posted() if p.kind == "ephemeral" and p.user == REP2][-1]
    add = thanks.blocks[0]["accessory"]
    assert add["action_id"] == FEEDBACK_COMMENT and add["text"]["text"] == "Add a comment"
    ws.click(user=REP2, action_id=FEEDBACK_COMMENT, value=add["value"], channel=("C0ACME", "kunde-acme"))
    view = modal(ws, REP2)
    ws.submit(user=REP2, view=view, answers={"comment": "The machine came a day early"})
    assert next(a for a in answers(db) if a.voter == REP2).comment == "The machine came a day early"
    assert len(answers(db)) == 2
    # Someone else cannot open another's comment.
    ws.click(user=OWNER, action_id=FEEDBACK_COMMENT, value=add["value"], channel=("C0ACME", "kunde-acme"))
    assert "can't find that answer" in last_reply(ws, OWNER)


def test_nps_rating_messages_have_eleven_buttons_in_two_rows_in_the_workspace_language(ws, db):
    use_scale(db, "nps")
    ws.command("tilbakemelding spør <#C0ACME|kunde-acme> ordre", user=NORWEGIAN)
    posted = next(p for p in ws.fake.snapshot_posted() if p.kind == "message" and p.channel == "C0ACME")
    rows_of_buttons = [b for b in posted.blocks if b["type"] == "actions"]
    assert [len(b["elements"]) for b in rows_of_buttons] == [6, 5]
    assert "How satisfied are you with how your order was handled?" in shown(posted)  # workspace: English
    assert "Vurderingsmeldingen er lagt ut" in last_reply(ws, NORWEGIAN)


def test_a_request_names_what_was_wrong(ws, db):
    ws.command("feedback request <#C0ACME|kunde-acme> shipping", user=REP)
    assert "I don't understand `shipping`" in last_reply(ws, REP)
    ws.command("feedback request product:Espresso", user=REP)
    assert "Espresso" in last_reply(ws, REP)
    ws.command(f"feedback request {ws.mention(REP2)}", user=REP)
    assert "only" in last_reply(ws, REP)
    assert rows(db, FeedbackRequest) == []


def test_the_shortcut_prefills_the_form_from_a_customer_message(ws, db):
    ws.fake.add_team(CUSTOMER_TEAM, "Kaffebrenneriet AS")
    ws.fake.add_user(FakeUser(id=CUSTOMER, name="kunde", real_name="Kari Kunde", team_id=CUSTOMER_TEAM))
    message = ws.fake.user_says("C0ACME", CUSTOMER, "The grinder broke after a week & nobody called back")
    ws.shortcut(
        user=REP, callback_id=LOG_FEEDBACK_SHORTCUT, message=message, channel=("C0ACME", "kunde-acme")
    )
    view = modal(ws, REP)
    values = {
        b["block_id"]: b["element"].get("initial_value") for b in view["blocks"] if b["type"] == "input"
    }
    assert values["customer"] == "Kaffebrenneriet AS"
    assert values["comment"] == "The grinder broke after a week & nobody called back"
    permalink = ws.fake.calls_to("chat.getPermalink")[-1]
    assert permalink.args["message_ts"] == message["ts"]
    ws.submit(user=REP, view=view, answers={"score": "2", "stage": "service"})
    (answer,) = answers(db)
    assert answer.source == "message" and answer.permalink.startswith(
        "https://local-workspace.slack.com/archives/C0ACME/p"
    )
    assert answer.customer == "Kaffebrenneriet AS"


def test_a_message_from_our_own_people_leaves_the_customer_empty(ws, db):
    message = ws.fake.user_says("C0ACME", REP2, "They loved it")
    ws.shortcut(
        user=REP, callback_id=LOG_FEEDBACK_SHORTCUT, message=message, channel=("C0ACME", "kunde-acme")
    )
    view = modal(ws, REP)
    customer = next(b for b in view["blocks"] if b.get("block_id") == "customer")
    assert not customer["element"].get("initial_value")
    assert ws.fake.calls_to("team.info") == []


def test_a_low_score_dms_the_managers_once_per_answer(ws, db):
    ws.command("feedback request <#C0ACME|kunde-acme>", user=REP)
    posted = next(p for p in ws.fake.snapshot_posted() if p.kind == "message" and p.channel == "C0ACME")
    score_buttons = {b["text"]["text"]: b for b in buttons(posted.blocks).values()}

    def vote(score):
        b = score_buttons[score]
        ws.click(
            user=REP2,
            action_id=b["action_id"],
            block_id=b["block_id"],
            value=b["value"],
            channel=("C0ACME", "kunde-acme"),
            message={"ts": posted.ts},
            ephemeral=False,
        )

    vote("1")
    told = alerts(ws, MANAGER)
    assert len(told) == 1 and "gave 1 of 5 for <@U0REP>" in told[0]
    vote("4")
    vote("2")
    assert len(alerts(ws, MANAGER)) == 1  # the same answer, low again: told once
    assert alerts(ws, OWNER) == []  # Rita has a manager: admins are not told


def test_a_low_score_for_a_rep_without_a_manager_goes_to_the_admins_in_their_language(ws, db):
    log(ws, REP2, {"customer": "Bønna", "score": "1", "stage": "order", "comment": "Wrong machine"})
    (alert,) = alerts(ws, OWNER)
    assert "*Bønna* gave 1 of 5 for <@U0REP2> (Order)" in alert and "Wrong machine" in alert


def test_the_figures_count_answers_and_keep_comments_to_those_who_may_read_them(ws, db):
    barista = str(product_id(db, "Barista Pro"))
    for user, score, stage, comment in (
        (REP, "5", "delivery", "Great"),
        (REP, "4", "service", ""),
        (REP, "2", "delivery", "Late"),
        (REP2, "5", "order", "Per was brilliant"),
    ):
        log(
            ws,
            user,
            {"customer": "Acme", "score": score, "stage": stage, "comment": comment, "product": barista},
        )
    ws.command("feedback", user=OWNER)  # the form, not the figures
    ws.command("feedback this month", user=OWNER)
    report = last_reply(ws, OWNER)
    assert "CSAT 75% (4 answers)" in report
    assert "Barista Pro: CSAT 75% (4 answers)" in report
    assert "Delivery: CSAT 50% (2 answers)" in report and "Order: CSAT 100% (1 answer)" in report
    assert "<@U0REP>: CSAT 67% (3 answers)" in report and "Øst: CSAT 67% (3 answers)" in report
    assert "Per was brilliant" in report and "Late" in report

    ws.command("feedback this month", user=REP)
    mine = last_reply(ws, REP)
    assert "Late" in mine and "Per was brilliant" not in mine  # only comments about Rita
    assert "<@U0REP2>" not in mine  # nor anyone else's figure

    ws.command(f"feedback this month {ws.mention(REP2)}", user=MANAGER)
    assert "CSAT 100% (1 answer)" in last_reply(ws, MANAGER)
    assert "Per was brilliant" not in last_reply(ws, MANAGER)  # Per is not in Mona's team

    use_scale(db, "nps")
    ws.command("tilbakemelding denne måneden", user=NORWEGIAN)
    assert "Ingen kundetilbakemeldinger i denne perioden" in last_reply(ws, NORWEGIAN)


def test_nps_figures_are_promoters_less_detractors(ws, db):
    use_scale(db, "nps")
    for score in ("10", "9", "7", "3"):
        log(ws, REP, {"customer": "Acme", "score": score, "stage": "service"})
    ws.command("feedback team:Øst", user=MANAGER)
    assert "NPS +25 (4 answers)" in last_reply(ws, MANAGER)


def test_the_settings_switch_the_scale(ws, db):
    ws.command("settings", user=OWNER)
    view = modal(ws, OWNER)
    scale = next(b for b in view["blocks"] if b.get("block_id") == "feedback_scale")
    assert scale["element"]["initial_option"]["value"] == "csat"
    ws.submit(user=OWNER, view=view, answers={"feedback_scale": "nps"})
    assert rows(db, Workspace)[0].feedback_scale == "nps"
    ws.command("feedback", user=REP)
    scores = next(b for b in modal(ws, REP)["blocks"] if b.get("block_id") == "score")
    assert [o["value"] for o in scores["element"]["options"]] == [str(n) for n in range(11)]
