"""End to end, ask the department: the contact gets only that step's question and figures, answers
Yes / No / Comment, the manager is told and sees it on the step; anyone else is refused; a double
click records one answer; the manager decides without it; no contact; one reminder after a
working day, never on a weekend."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import Session

from handlers.diagnosis import remind_department_questions
from handlers.ids import DIAGNOSIS_ANSWER, DIAGNOSIS_COMMENT, DIAGNOSIS_COMMENT_MODAL
from handlers.runtime import Services
from storage.models import DiagnosisAction, DiagnosisQuestion, DiagnosisStep, Workspace
from tests.conftest import MANAGER, NORWEGIAN, REP, REP2
from tests.handlers.shop import audit_actions, last_ephemeral, modal, shop_workspace, updates
from tests.helpers import buttons, dms, press, rows, shown


@pytest.fixture
def ws(db):
    with shop_workspace(db) as workspace:
        yield workspace


def set_contact(db, ws, department: str, contact: str | None) -> None:
    with Session(db) as session:
        workspace = next(w for w in rows(db, Workspace) if w.slack_team_id == ws.team_id)
        workspace = session.get(Workspace, workspace.id)
        setattr(workspace, f"{department}_contact", contact)
        session.add(workspace)
        session.commit()


def step_buttons(message) -> dict[str, dict]:
    return {
        k.split(":", 1)[1]: b for k, b in buttons(message.blocks).items() if k.startswith("diagnosis_mark:")
    }


def ask_production(ws, manager=MANAGER):
    ws.command(f"diagnose {ws.mention(REP)} 2026-11", user=manager)
    press(ws, manager, step_buttons(last_ephemeral(ws, manager))["ask_department"])
    return updates(ws, manager)[-1]


def question_to(ws, user):
    """The last question DM'd to ``user`` (the posted message)."""
    return [p for p in ws.fake.snapshot_posted() if p.kind == "dm" and p.user == user][-1]


def told(ws, manager=MANAGER) -> list[str]:
    """The manager's DMs that a department answered."""
    return [text for text in dms(ws, manager) if "The department answered" in text]


def answer(ws, user, question, which):
    return press(ws, user, buttons(question.blocks)[which])


def test_the_contact_gets_only_that_steps_question_answers_yes_with_a_comment_and_the_manager_sees_it(ws, db):
    set_contact(db, ws, "production", REP2)
    waiting = ask_production(ws)
    assert "Waiting for production (<@U0REP2>)" in shown(waiting)
    assert "Step 1 of 5" in shown(waiting)  # the step waits
    assert set(step_buttons(waiting)) == {"ruled_out", "problem"}  # decide without it

    question = question_to(ws, REP2)
    text = shown(question)
    assert "<@U0MANAGER> asks production about Rita Rep's results in November 2026" in text
    assert "Is the product competitive, and is it delivered on schedule for Rita Rep?" in text
    assert "Orders delivered late" in text  # this step's figures
    for elsewhere in ("Price", "Step ", "Ruled out", "Diagnosis"):  # not the other steps, nor the marks
        assert elsewhere not in text
    assert {f"{DIAGNOSIS_ANSWER}:yes", f"{DIAGNOSIS_ANSWER}:no", DIAGNOSIS_COMMENT} == set(
        buttons(question.blocks)
    )

    answer(ws, REP2, question, f"{DIAGNOSIS_ANSWER}:yes")
    assert "Thank you, the manager is told" in shown(last_ephemeral(ws, REP2))
    told = dms(ws, MANAGER)[-1]
    assert "The department answered about Rita Rep" in told and "production answered *Yes*" in told

    answer(ws, REP2, question, DIAGNOSIS_COMMENT)
    form = modal(ws, REP2)
    assert form["callback_id"] == DIAGNOSIS_COMMENT_MODAL
    ws.submit(user=REP2, view=form, answers={"comment": "Two shipments of Barista Pro came late"})
    assert "Comment: “Two shipments of Barista Pro came late”" in dms(ws, MANAGER)[-1]

    (stored,) = rows(db, DiagnosisQuestion)
    assert (stored.step, stored.department, stored.asked_to, stored.answer) == (
        "product",
        "production",
        REP2,
        "yes",
    )
    assert stored.comment == "Two shipments of Barista Pro came late"

    ws.command(f"diagnose {ws.mention(REP)} 2026-11", user=MANAGER)  # the manager views the diagnosis
    seen = shown(last_ephemeral(ws, MANAGER))
    assert "The product and its delivery: production answered *Yes*" in seen
    assert "Two shipments of Barista Pro came late" in seen
    assert "production has answered (above). Decide the step" in seen
    assert audit_actions(db).count("diagnosis.department_answered") == 2
    assert "diagnosis.department_asked" in audit_actions(db)


def test_someone_else_pressing_the_contacts_buttons_is_refused(ws, db):
    set_contact(db, ws, "production", REP2)
    ask_production(ws)
    question = question_to(ws, REP2)
    answer(ws, REP, question, f"{DIAGNOSIS_ANSWER}:no")
    assert "only its department's contact can answer it" in shown(last_ephemeral(ws, REP))
    answer(ws, REP, question, DIAGNOSIS_COMMENT)
    assert "only its department's contact can answer it" in shown(last_ephemeral(ws, REP))
    assert rows(db, DiagnosisQuestion)[0].answered_at is None
    assert told(ws) == []


def test_a_double_click_records_one_answer_and_a_different_one_replaces_it(ws, db):
    set_contact(db, ws, "production", REP2)
    ask_production(ws)
    question = question_to(ws, REP2)
    answer(ws, REP2, question, f"{DIAGNOSIS_ANSWER}:no")
    answer(ws, REP2, question, f"{DIAGNOSIS_ANSWER}:no")
    assert "already recorded" in shown(last_ephemeral(ws, REP2))
    assert audit_actions(db).count("diagnosis.department_answered") == 1
    assert len(told(ws)) == 1
    answer(ws, REP2, question, f"{DIAGNOSIS_ANSWER}:yes")  # changed their mind
    assert rows(db, DiagnosisQuestion)[0].answer == "yes"
    assert len(told(ws)) == 2


def test_the_manager_decides_without_the_answer_and_nothing_is_reminded(ws, db):
    set_contact(db, ws, "production", REP2)
    waiting = ask_production(ws)
    press(ws, MANAGER, step_buttons(waiting)["problem"])
    assert "Step 2 of 5: Price" in shown(updates(ws, MANAGER)[-1])
    assert {s.step: s.mark for s in rows(db, DiagnosisStep)}["product"] == "problem"
    services = Services(settings=ws.settings, engine=ws.engine, clock=ws.clock)
    monday = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    assert remind_department_questions(services, monday) == 0


def test_no_contact_set_is_said_clearly_and_nothing_is_asked(ws, db):
    waiting = ask_production(ws)
    assert "No production contact is set in `/sales settings`, so there is nobody to ask" in shown(waiting)
    assert set(step_buttons(waiting)) == {"ruled_out", "problem", "ask_department"}
    assert rows(db, DiagnosisQuestion) == []


def test_in_norwegian_the_contact_reads_the_question_and_the_manager_is_told(ws, db):
    set_contact(db, ws, "production", NORWEGIAN)
    ask_production(ws)
    question = question_to(ws, NORWEGIAN)
    text = shown(question)
    assert "spør produksjon om resultatene til Rita Rep i" in text
    assert {"Ja", "Nei", "Kommentar"} <= set(text.split("\n"))
    answer(ws, NORWEGIAN, question, f"{DIAGNOSIS_ANSWER}:yes")
    assert "Takk, lederen har fått beskjed" in shown(last_ephemeral(ws, NORWEGIAN))
    assert "production answered *Yes*" in dms(ws, MANAGER)[-1]  # the manager reads English


def test_an_unanswered_question_is_reminded_once_after_a_working_day_not_on_a_weekend(ws, db):
    set_contact(db, ws, "production", REP2)
    ask_production(ws)
    friday = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)  # 10:00 in Oslo
    with Session(db) as session:
        stored = session.get(DiagnosisQuestion, rows(db, DiagnosisQuestion)[0].id)
        stored.asked_at = friday
        session.add(stored)
        session.commit()
    services = Services(settings=ws.settings, engine=ws.engine, clock=ws.clock)
    before = len(dms(ws, REP2))
    saturday = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
    monday_early = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # 09:00: not yet a working day since
    monday = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
    assert remind_department_questions(services, saturday) == 0
    assert remind_department_questions(services, monday_early) == 0
    assert remind_department_questions(services, monday) == 1
    assert remind_department_questions(services, monday) == 0  # once
    reminders = dms(ws, REP2)[before:]
    assert len(reminders) == 1 and "A reminder: this question is still waiting" in reminders[0]
    assert "Is the product competitive" in reminders[0]
    assert audit_actions(db).count("diagnosis.department_reminded") == 1


def test_a_contact_channel_gets_the_question_and_anyone_pressing_in_it_answers(ws, db):
    ws.fake.add_channel("C0PROD", "production")
    set_contact(db, ws, "production", "C0PROD")
    waiting = ask_production(ws)
    assert "Waiting for production (<#C0PROD>)" in shown(waiting)
    (question,) = [p for p in ws.fake.snapshot_posted() if p.kind == "message" and p.channel == "C0PROD"]
    assert "Is the product competitive" in shown(question)
    answer(ws, REP, question, f"{DIAGNOSIS_ANSWER}:no")  # pressed elsewhere (not in the channel): refused
    assert "only its department's contact can answer it" in shown(last_ephemeral(ws, REP))
    press(ws, REP2, buttons(question.blocks)[f"{DIAGNOSIS_ANSWER}:no"], channel=("C0PROD", "production"))
    assert rows(db, DiagnosisQuestion)[0].answer == "no"
    assert "production answered *No*" in told(ws)[-1]


def test_a_channel_salesbot_cannot_post_in_is_told_to_the_manager(ws, db):
    ws.fake.add_channel("C0PRIV", "prod-private", is_member=False)
    set_contact(db, ws, "production", "C0PRIV")
    ask_production(ws)
    assert any("I could not post the question to <#C0PRIV> (production)" in text for text in dms(ws, MANAGER))


def conclude_with(ws, manager, answers: dict):
    """Walks the diagnosis of REP to its end (the product a problem, the rest ruled out) and
    submits the conclusion."""
    ws.command(f"diagnose {ws.mention(REP)} 2026-11", user=manager)
    message = last_ephemeral(ws, manager)
    for answer in ("problem", "ruled_out", "ruled_out", "ruled_out", "ruled_out"):
        press(ws, manager, step_buttons(message)[answer])
        message = updates(ws, manager)[-1]
    press(ws, manager, buttons(message.blocks)["diagnosis_conclude"])
    return ws.submit(user=manager, view=modal(ws, manager), answers={"root_cause": "delivery", **answers})


def test_an_action_for_a_department_goes_to_its_contact_and_a_person_s_to_them_with_nothing_else(ws, db):
    ws.fake.add_channel("C0PROD", "production")
    set_contact(db, ws, "production", "C0PROD")
    conclude_with(
        ws,
        MANAGER,
        {
            "notes": "Rita's deliveries are late",
            "action_1": "Ship Barista Pro 2 on time",
            "department_1": "production",
            "action_2": "Call the waiting customers",
            "owner_2": REP2,
            "action_3": "Weekly check with production",
            "owner_3": MANAGER,  # the manager's own action: nobody to tell
            "follow_up": "2026-12-02",
        },
    )
    (posted,) = [p for p in ws.fake.snapshot_posted() if p.kind == "message" and p.channel == "C0PROD"]
    assert "asks production to take on an action, to be followed up on Dec 2, 2026" in shown(posted)
    assert "Ship Barista Pro 2 on time" in shown(posted)
    (told,) = dms(ws, REP2)
    assert "has given you an action" in told and "Call the waiting customers" in told
    for text in (shown(posted), told):  # only the action: whose diagnosis, why and the notes stay private
        assert "Rita" not in text and "late" not in text.lower() and "diagnos" not in text.lower()
    assert not any("action" in text for text in dms(ws, MANAGER))
    assert [(a.text, a.department) for a in rows(db, DiagnosisAction)] == [
        ("Ship Barista Pro 2 on time", "production"),
        ("Call the waiting customers", None),
        ("Weekly check with production", None),
    ]
    posted = ws.fake.snapshot_posted()
    concluded = [p for p in posted if p.user == MANAGER and "Diagnosis concluded" in shown(p)]
    assert "Ship Barista Pro 2 on time — production" in shown(concluded[-1])


def test_a_department_without_a_contact_or_with_a_person_too_is_refused_on_the_form(ws, db):
    refused = conclude_with(
        ws,
        MANAGER,
        {
            "action_1": "Better ads",
            "department_1": "marketing",
            "action_2": "Fix it",
            "owner_2": REP2,
            "department_2": "production",
            "follow_up": "2026-12-02",
        },
    )
    errors = refused.json()["errors"]
    assert "No marketing contact is set in `/sales settings`" in errors["department_1"]
    assert "not both" in errors["department_2"]
    assert rows(db, DiagnosisAction) == [] and dms(ws, REP2) == []
