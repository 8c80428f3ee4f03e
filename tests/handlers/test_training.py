"""End to end: ``/sales train``, the library (add, edit, retire, search), assignments to people and
teams with their DM and Done button, recurrence, and the status view, in English and Norwegian."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, select

from handlers.ids import (
    TRAIN_ASSIGN,
    TRAIN_ASSIGN_MODAL,
    TRAIN_DONE,
    TRAIN_EDIT,
    TRAIN_ITEM_MODAL,
    TRAIN_RETIRE,
)
from storage.models import TrainingAssignment, TrainingCompletion, TrainingItem
from tests.conftest import MANAGER, NORWEGIAN, OWNER, REP, REP2
from tests.handlers.shop import audit_actions, last_ephemeral, modal, shop_workspace, updates
from tests.helpers import buttons, last_reply, rows, shown

ADD = "train add Barista basics link:https://example.com/barista topic:product product:Barista Pro minutes:20"


@pytest.fixture
def ws(db):
    with shop_workspace(db) as workspace:
        yield workspace


def items(db) -> list[TrainingItem]:
    return sorted(rows(db, TrainingItem), key=lambda item: item.id)


def dm_messages(ws, user) -> list:
    return [p for p in ws.fake.snapshot_posted() if p.kind == "dm" and p.user == user]


def done_button(message) -> dict:
    return next(
        {**b["accessory"], "block_id": b["block_id"]}
        for b in message.blocks
        if b.get("accessory", {}).get("action_id") == TRAIN_DONE
    )


def press_done(ws, user, message):
    button = done_button(message)
    ws.click(user=user, action_id=TRAIN_DONE, block_id=button["block_id"], value=button["value"])


def test_a_manager_adds_searches_edits_and_retires_library_items(ws, db):
    ws.command(ADD, user=MANAGER)
    assert "Added *Barista basics* to the library" in last_reply(ws, MANAGER)
    (item,) = items(db)
    assert (item.title, item.content, item.topic, item.minutes) == (
        "Barista basics",
        "https://example.com/barista",
        "product",
        20,
    )
    assert item.product_id is not None
    ws.command("train add Objection handling text:Listen, acknowledge, answer. topic:technique", user=OWNER)
    ws.command("train search barista", user=REP)
    found = last_reply(ws, REP)
    assert "Trainings matching “barista” (1)" in found and "Barista basics" in found
    assert "Objection handling" not in found
    assert TRAIN_ASSIGN not in buttons(last_ephemeral(ws, REP).blocks)  # reps browse, never assign
    ws.command("opplæring teknikk", user=NORWEGIAN)
    assert "Objection handling" in last_reply(ws, NORWEGIAN) and "Teknikk" in last_reply(ws, NORWEGIAN)

    ws.command("train", user=MANAGER)
    listing = last_ephemeral(ws, MANAGER)
    assert "Training library (2)" in shown(listing)
    edit = next(
        e
        for b in listing.blocks
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == TRAIN_EDIT
    )
    ws.click(user=MANAGER, action_id=TRAIN_EDIT, value=edit["value"])
    view = modal(ws, MANAGER)
    assert view["callback_id"] == TRAIN_ITEM_MODAL
    result = ws.submit(
        user=MANAGER,
        view=view,
        answers={"title": "Objection handling", "minutes": "lots", "content": "x", "topic": "product"},
    )
    errors = result.json()["errors"]
    assert set(errors) == {"title", "minutes"}
    assert "already a training called" in errors["title"]
    ws.submit(user=MANAGER, view=view, answers={"title": "Barista basics 2", "minutes": "25"})
    assert [i.title for i in items(db)] == ["Barista basics 2", "Objection handling"]

    retire = next(
        e
        for b in listing.blocks
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == TRAIN_RETIRE
    )
    assert retire["confirm"]["title"]["text"] == "Retire training"
    ws.click(user=MANAGER, action_id=TRAIN_RETIRE, value=retire["value"])
    assert "Retired *Barista basics 2*" in shown(updates(ws, MANAGER)[-1])
    ws.command("train", user=REP)
    assert "Training library (1)" in last_reply(ws, REP)
    assert {"training.added", "training.edited", "training.retired"} <= set(audit_actions(db))


@pytest.mark.parametrize(
    ("user", "text", "expected"),
    [
        (REP, ADD, "Only managers and admins can use `/sales train add`"),
        (
            NORWEGIAN,
            "opplæring ny Kaffe 101 lenke:https://example.com tema:produkt",
            "Bare ledere og administratorer",
        ),
        (MANAGER, "train add Barista basics link:https://example.com topic:gossip", "`gossip` isn't a topic"),
        (MANAGER, "train add Barista basics topic:product", "Add a link or the text to read"),
        (MANAGER, "train add Barista basics", "I couldn't find the parts of the training"),
        (
            MANAGER,
            "train add Barista link:https://example.com topic:product product:Espresso 9000",
            "Espresso 9000",
        ),
        (NORWEGIAN, "opplæring ny", None),  # a rep asking for the form is refused too
    ],
)
def test_bad_or_refused_library_input_writes_nothing(ws, db, user, text, expected):
    ws.command(text, user=user)
    assert expected is None or expected in last_reply(ws, user)
    if expected is None:
        assert "Bare ledere og administratorer" in last_reply(ws, user)
    assert items(db) == []


def test_assigning_to_a_person_sends_a_dm_and_done_records_once(ws, db):
    ws.command(ADD, user=MANAGER)
    ws.command(f"train assign Barista basics {ws.mention(REP)} due 25.11", user=MANAGER)
    assert "Assigned *Barista basics* to <@U0REP>, due Nov 25, 2026" in last_reply(ws, MANAGER)
    (message,) = dm_messages(ws, REP)
    assert "<@U0MANAGER> assigned you a training" in shown(message) and "Due Nov 25, 2026" in shown(message)
    press_done(ws, REP, message)
    press_done(ws, REP, message)  # a double click
    assert len(rows(db, TrainingCompletion)) == 1
    answers = [shown(u) for u in updates(ws, REP)]
    assert "is recorded as completed" in answers[0] and "was already recorded" in answers[1]
    ws.command("train mine", user=REP)
    assert "Your trainings (0)" in last_reply(ws, REP) and "1 training completed" in last_reply(ws, REP)
    # Someone else's Done button is refused.
    ws.click(user=REP2, action_id=TRAIN_DONE, value=done_button(message)["value"])
    assert "isn't assigned to you" in last_reply(ws, REP2)
    assert len(rows(db, TrainingCompletion)) == 1


@pytest.mark.parametrize(
    ("text", "due"),
    [("due friday", "Nov 20, 2026"), ("frist fredag", "Nov 20, 2026"), ("due wednesday", "Nov 18, 2026")],
)
def test_a_due_date_may_be_a_weekday_the_coming_one(ws, db, text, due):
    """Said on Wednesday 18 November: Friday is this week's, Wednesday today."""
    ws.command(ADD, user=MANAGER)
    ws.command(f"train assign Barista basics {ws.mention(REP)} {text}", user=MANAGER)
    assert f"due {due}" in last_reply(ws, MANAGER)


@pytest.mark.parametrize(
    ("user", "text", "expected"),
    [
        (MANAGER, f"train assign Barista basics <@{REP2}> due 25.11", "teams you manage (Per Rep isn't)"),
        (MANAGER, "train assign Barista basics team:Øst due 1.11", "The due date has passed"),
        (MANAGER, f"train assign Barista basics <@{REP}>", "When is it due?"),
        (MANAGER, "train assign Barista basics due 25.11", "Who is it for?"),
        (MANAGER, f"train assign Barsta basic <@{REP}> due 25.11", "Did you mean Barista basics?"),
        (REP, f"train assign Barista basics <@{REP}> due 25.11", "Only managers and admins"),
        (NORWEGIAN, "opplæring tildel Barista basics lag:Øst frist 25.11", "Bare ledere og administratorer"),
    ],
)
def test_bad_or_refused_assignments_write_nothing(ws, db, user, text, expected):
    ws.command(ADD, user=OWNER)
    ws.command(text, user=user)
    assert expected in last_reply(ws, user)
    assert rows(db, TrainingAssignment) == []


def test_a_team_assignment_reaches_who_joins_later_and_recurs(ws, db):
    ws.command(ADD, user=MANAGER)
    ws.command("train assign Barista basics team:Øst due 25.11 every 3 months", user=MANAGER)
    reply = last_reply(ws, MANAGER)
    assert "to Øst, due Nov 25, 2026. People told: 2." in reply and "every 3 months" in reply
    assert "har tildelt deg en opplæring" in shown(dm_messages(ws, NORWEGIAN)[0])
    assert "Frist 25. nov. 2026" in shown(dm_messages(ws, NORWEGIAN)[0])
    # Per joins the team afterwards: the team's training is his too.
    ws.command(f"team add Øst {ws.mention(REP2)}", user=OWNER)
    ws.command("train mine", user=REP2)
    mine = last_ephemeral(ws, REP2)
    assert "Your trainings (1)" in shown(mine) and "every 3 months" in shown(mine)
    press_done(ws, REP2, mine)
    assert "The next one is due Feb 25, 2027" in shown(updates(ws, REP2)[-1])
    (completion,) = rows(db, TrainingCompletion)
    assert (completion.occurrence, completion.due_on, completion.team_id is not None) == (
        0,
        date(2026, 11, 25),
        True,
    )
    ws.command("train mine", user=REP2)
    assert "Due Feb 25, 2027" in last_reply(ws, REP2)


def test_the_assign_form_from_the_items_button(ws, db):
    ws.command(ADD, user=MANAGER)
    ws.command("train", user=MANAGER)
    assign = next(
        e
        for b in last_ephemeral(ws, MANAGER).blocks
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == TRAIN_ASSIGN
    )
    ws.click(user=MANAGER, action_id=TRAIN_ASSIGN, value=assign["value"])
    view = modal(ws, MANAGER)
    assert view["callback_id"] == TRAIN_ASSIGN_MODAL
    result = ws.submit(user=MANAGER, view=view, answers={"due": "2026-12-01", "every": "99"})
    assert "Repeat every 1–52 weeks or months" in result.json()["errors"]["every"]
    assert rows(db, TrainingAssignment) == []
    ws.submit(
        user=MANAGER, view=view, answers={"people": [REP], "due": "2026-12-01", "every": "2", "unit": "weeks"}
    )
    (assignment,) = rows(db, TrainingAssignment)
    assert (assignment.first_due, assignment.every, assignment.unit) == (date(2026, 12, 1), 2, "weeks")
    assert "assigned you a training" in shown(dm_messages(ws, REP)[-1])


def test_status_for_a_manager_and_refusal_for_a_rep_asking_about_others(ws, db):
    ws.command(ADD, user=MANAGER)
    ws.command("train assign Barista basics team:Øst due 20.11", user=MANAGER)
    with Session(db) as session:  # as if it had been due on the 10th: overdue now
        (row,) = session.exec(select(TrainingAssignment)).all()
        row.first_due = date(2026, 11, 10)
        session.add(row)
        session.commit()
    ws.command("train status team:Øst", user=MANAGER)
    status = last_reply(ws, MANAGER)
    assert "Training status: Øst" in status
    assert "0 completed · 1 open · 1 overdue" in status and "Overdue: Barista basics (Nov 10, 2026)" in status
    ws.command(f"train status {ws.mention(NORWEGIAN)}", user=REP)
    assert "only your own trainings" in last_reply(ws, REP)
    ws.command("opplæring status lag:Øst", user=NORWEGIAN)
    assert "Du kan bare se dine egne opplæringer" in last_reply(ws, NORWEGIAN)
    ws.command("opplæring status", user=NORWEGIAN)
    status = last_reply(ws, NORWEGIAN)
    assert "Din opplæringsstatus" in status and "1 over fristen" in status


def test_app_home_shows_a_persons_trainings_due_with_done(ws, db):
    ws.command(ADD, user=MANAGER)
    ws.command("train assign Barista basics team:Øst due 25.11", user=MANAGER)
    ws.open_home(NORWEGIAN)
    home = ws.fake.home_view(NORWEGIAN)
    assert "Opplæring som venter" in shown(home) and "Barista basics" in shown(home)
    assert "Frist 25. nov. 2026" in shown(home)
    ws.open_home(REP2)
    assert "You have no trainings due" in shown(ws.fake.home_view(REP2))
