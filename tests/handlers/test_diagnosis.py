"""End to end: ``/sales diagnose`` by a manager and an admin, refusals that tell nothing, each
step marked in order, stale buttons, ability after 1–5, the conclusion, resume, the audit log."""

from __future__ import annotations

import pytest

from handlers.ids import DIAGNOSIS_CONCLUDE, DIAGNOSIS_CONCLUDE_MODAL, DIAGNOSIS_RESUME
from storage.models import Diagnosis, DiagnosisAction, DiagnosisStep
from tests.conftest import MANAGER, NORWEGIAN, OWNER, REP, REP2
from tests.handlers.shop import audit_actions, last_ephemeral, modal, shop_workspace, updates
from tests.helpers import buttons, last_reply, press, rows, shown


@pytest.fixture
def ws(db):
    with shop_workspace(db) as workspace:
        yield workspace


def step_buttons(message) -> dict[str, dict]:
    """The step's buttons by their answer (ruled_out, problem, ask_department)."""
    return {
        key.split(":", 1)[1]: b
        for key, b in buttons(message.blocks).items()
        if key.startswith("diagnosis_mark:")
    }


def mark(ws, user, message, answer):
    press(ws, user, step_buttons(message)[answer])
    return updates(ws, user)[-1]


def test_a_manager_walks_a_person_through_every_step_and_concludes(ws, db):
    ws.command(f"diagnose {ws.mention(REP)} 2026-11", user=MANAGER)
    message = last_ephemeral(ws, MANAGER)
    assert "Diagnosis: Rita Rep" in shown(message) and "Step 1 of 5: The product and its delivery" in shown(
        message
    )
    assert set(step_buttons(message)) == {"ruled_out", "problem", "ask_department"}
    message = mark(ws, MANAGER, message, "ask_department")
    assert "No production contact is set" in shown(message)
    assert "Step 1 of 5" in shown(message)  # nobody asked: the step is still the manager's
    message = mark(ws, MANAGER, message, "problem")
    assert "Step 2 of 5: Price" in shown(message)
    assert "ask_department" not in step_buttons(message)  # price has no department
    for _ in range(4):
        message = mark(ws, MANAGER, message, "ruled_out")
    assert "Every step is marked" in shown(message)
    assert "ability" not in [s.step for s in rows(db, DiagnosisStep)]  # step 1 was not ruled out

    press(ws, MANAGER, buttons(message.blocks)[DIAGNOSIS_CONCLUDE])
    view = modal(ws, MANAGER)
    assert view["callback_id"] == DIAGNOSIS_CONCLUDE_MODAL
    refused = ws.submit(user=MANAGER, view=view, answers={"action_1": "Talk to production"})
    assert "owner_1" in refused.json()["errors"]
    ws.submit(
        user=MANAGER,
        view=view,
        answers={
            "root_cause": "delivery",
            "notes": "Late deliveries",
            "action_1": "Talk to production",
            "owner_1": MANAGER,
            "follow_up": "2026-12-02",
        },
    )
    (diagnosis,) = rows(db, Diagnosis)
    assert (diagnosis.state, diagnosis.root_cause, diagnosis.open_key) == ("concluded", "delivery", None)
    assert [a.text for a in rows(db, DiagnosisAction)] == ["Talk to production"]
    assert {"diagnosis.started", "diagnosis.step_marked", "diagnosis.viewed", "diagnosis.concluded"} <= set(
        audit_actions(db)
    )


def test_ability_is_offered_only_once_steps_1_to_5_are_ruled_out_and_in_norwegian(ws, db):
    ws.command("team manager Øst " + ws.mention(NORWEGIAN), user=OWNER)
    ws.command(f"diagnostiser {ws.mention(REP)}", user=NORWEGIAN)
    message = last_ephemeral(ws, NORWEGIAN)
    assert "Diagnose: Rita Rep" in shown(message) and "Steg 1 av 5" in shown(message)
    for _ in range(5):
        message = mark(ws, NORWEGIAN, message, "ruled_out")
    assert "Steg 6 av 6: Selgerens egne ferdigheter" in shown(message)


def test_a_stale_button_moves_nothing_and_shows_where_it_stands(ws, db):
    ws.command(f"diagnose {ws.mention(REP)}", user=MANAGER)
    first = last_ephemeral(ws, MANAGER)
    mark(ws, MANAGER, first, "ruled_out")
    again = mark(ws, MANAGER, first, "problem")  # a double click, or the old message
    assert "nothing changed" in shown(again) and "Step 2 of 5: Price" in shown(again)
    marks = {s.step: s.mark for s in rows(db, DiagnosisStep)}
    assert marks == {"product": "ruled_out", "price": "pending"}
    assert rows(db, Diagnosis)[0].version == 2


@pytest.mark.parametrize("user", [REP, REP2])
@pytest.mark.parametrize("who", ["existing", "unknown"])
def test_anyone_else_is_refused_the_same_way_whether_or_not_the_person_exists(ws, db, user, who):
    if user == REP2:
        ws.command("team create Vest", user=OWNER)
        ws.command(f"team manager Vest {ws.mention(REP2)}", user=OWNER)
    target = ws.mention(NORWEGIAN) if who == "existing" else "<@U0NOBODY|nobody>"
    ws.command(f"diagnose {target}", user=user)
    assert (
        last_reply(ws, user)
        == ":warning: Only a person's or team's own managers and admins can run or see a diagnosis."
    )
    assert rows(db, Diagnosis) == []


def test_a_team_diagnosis_and_two_managers_at_once_and_resume(ws, db):
    ws.command(f"diagnose {ws.mention(REP)}", user=MANAGER)
    ws.command("diagnose team:Øst", user=OWNER)
    team_message = last_ephemeral(ws, OWNER)
    assert "Diagnosis: team Øst" in shown(team_message)
    mark(ws, OWNER, team_message, "problem")
    ws.command(f"diagnose {ws.mention(REP)}", user=MANAGER)  # again: where it stands, not a new one
    assert "Step 1 of 5" in last_reply(ws, MANAGER)
    assert len(rows(db, Diagnosis)) == 2

    ws.open_home(user=MANAGER)
    home = ws.fake.wait_for_posted(lambda p: p.kind == "home" and p.user == MANAGER)
    assert "Your open diagnoses" in shown(home)
    resume = next(
        {**b["accessory"], "block_id": b.get("block_id")}
        for b in home.view["blocks"]
        if b.get("accessory", {}).get("action_id") == DIAGNOSIS_RESUME
    )
    before = len(ws.fake.snapshot_posted())
    press(ws, MANAGER, resume)
    resumed = ws.fake.wait_for_posted(
        lambda p: (
            p.user == MANAGER
            and "Diagnosis: Rita Rep" in (p.text or "")
            and p in ws.fake.snapshot_posted()[before:]
        )
    )
    assert "Step 1 of 5" in shown(resumed)
