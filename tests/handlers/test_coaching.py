"""End to end: ``/sales coach`` by a manager — the plan form, the person's DM, check-ins with
private notes and shared next steps (a double submit records one), the outcome (an escalation
confirmed first and never told to the person), the person's own view, App Home, the start from a
diagnosis, and refusals that tell nothing to anyone else."""

from __future__ import annotations

from datetime import date

import pytest

from handlers.ids import (
    COACHING_CHECK_IN,
    COACHING_CHECK_IN_MODAL,
    COACHING_OPEN,
    COACHING_OUTCOME,
    COACHING_OUTCOME_MODAL,
    COACHING_PLAN_MODAL,
    COACHING_START,
    TRAIN_ASSIGN_MODAL,
    TRAIN_ASSIGN_PERSON,
)
from salesbot.demo import DEMO_COACHING_NOTES, DEMO_COACHING_STEPS
from storage.models import CoachingCheckIn, CoachingPlan, Diagnosis
from tests.conftest import MANAGER, NORWEGIAN, OWNER, REP, REP2
from tests.handlers.office import OCT, STRANGER, add_goal, add_sale, office_workspace, someone
from tests.handlers.shop import audit_actions, last_ephemeral, updates
from tests.helpers import buttons, data, dms, last_reply, press, rows, shown
from tests.salesbot.test_demo import demo  # noqa: F401  (the fixture)

DENIED = ":warning: Only a person's own managers and admins can start or see their coaching plan."
NOTES = "Per loses focus when the customer asks about price"
STEPS = "Role-play two price objections before Friday"


@pytest.fixture
def office(db):
    with office_workspace(db) as workspace:  # Wednesday 18 November 2026
        yield workspace


def opened(ws, user, callback_id):
    """The last form ``callback_id`` opened for ``user`` (waiting for one)."""

    def matches(p):
        return p.kind == "modal_open" and p.user == user and p.view.get("callback_id") == callback_id

    ws.fake.wait_for_posted(matches)
    return [p for p in ws.fake.snapshot_posted() if matches(p)][-1].view


def start_plan(ws, user=MANAGER, who=REP2, **answers):
    """``user`` starts ``who``'s plan through the form: closing and pricing, every two weeks from
    25 November to 24 February 2027."""
    ws.command(f"coach {ws.mention(who)}", user=user)
    view = opened(ws, user, COACHING_PLAN_MODAL)
    return ws.submit(
        user=user,
        view=view,
        answers={
            "coach_focus": ["closing", "pricing"],
            "coach_first": "2026-11-25",
            "coach_end": "2027-02-24",
            **answers,
        },
    )


def plan_message(ws, user=MANAGER):
    return [p for p in ws.fake.snapshot_posted() if p.user == user and "Coaching: " in (p.text or "")][-1]


def check_in(ws, message, user=MANAGER, notes=NOTES, steps=STEPS):
    press(ws, user, buttons(message.blocks)[COACHING_CHECK_IN])
    view = opened(ws, user, COACHING_CHECK_IN_MODAL)
    return view, ws.submit(user=user, view=view, answers={"coach_notes": notes, "coach_next_steps": steps})


def test_a_manager_starts_a_plan_and_the_person_is_told_the_focus_and_dates(office, db):
    office.command(f"coach {office.mention(REP2)}", user=MANAGER)
    view = opened(office, MANAGER, COACHING_PLAN_MODAL)
    assert "Your check-in notes stay private" in shown({"blocks": view["blocks"]})
    refused = office.submit(
        user=MANAGER, view=view, answers={"coach_first": "2026-11-25", "coach_end": "2026-11-20"}
    )
    errors = refused.json()["errors"]
    assert set(errors) == {"coach_focus", "coach_end"}, "every field's error at once"
    assert rows(db, CoachingPlan) == []

    office.submit(
        user=MANAGER,
        view=view,
        answers={
            "coach_focus": ["closing", "pricing"],
            "coach_focus_note": "Asking for the order",
            "coach_first": "2026-11-25",
            "coach_end": "2027-02-24",
        },
    )
    (plan,) = rows(db, CoachingPlan)
    assert (plan.cadence, plan.starts_on, plan.focus_areas) == (
        "biweekly",
        date(2026, 11, 18),
        ["closing", "pricing"],
    )
    assert [(c.number, c.due_on) for c in rows(db, CoachingCheckIn)] == [(0, date(2026, 11, 25))]
    (told,) = dms(office, REP2)
    assert "<@U0MANAGER> has started a coaching plan with you." in told
    assert "*Focus:* Closing, Pricing and negotiation, Asking for the order" in told
    assert "Nov 25, 2026, Dec 9, 2026" in told
    message = office.fake.wait_for_posted(
        lambda p: p.user == MANAGER and "Coaching: Per Rep" in (p.text or "")
    )
    assert "Coaching plan started." in shown(message)
    assert "coaching.started" in audit_actions(db)

    # Again: the open plan, not a second form or plan.
    before = len([p for p in office.fake.snapshot_posted() if p.kind == "modal_open"])
    office.command(f"coach {office.mention(REP2)}", user=MANAGER)
    assert "Coaching: Per Rep" in last_reply(office, MANAGER)
    assert len([p for p in office.fake.snapshot_posted() if p.kind == "modal_open"]) == before
    assert len(rows(db, CoachingPlan)) == 1


def test_a_check_in_keeps_notes_private_shares_next_steps_and_is_recorded_once(office, db):
    start_plan(office)
    message = plan_message(office)
    view, _ = check_in(office, message)
    first, second = rows(db, CoachingCheckIn)
    assert (first.notes, first.next_steps, first.done_on) == (NOTES, STEPS, date(2026, 11, 18))
    assert (second.number, second.due_on, second.done_on) == (1, date(2026, 12, 9), None), "per cadence"
    told = dms(office, REP2)[-1]
    assert STEPS in told and NOTES not in told
    assert "Dec 9, 2026" in told
    shown_to_manager = shown(plan_message(office))
    assert NOTES in shown_to_manager and "private" in shown_to_manager

    # The same form submitted again, and the old Check in pressed again: one check-in.
    office.submit(user=MANAGER, view=view, answers={"coach_notes": "again", "coach_next_steps": "again"})
    press(office, MANAGER, buttons(message.blocks)[COACHING_CHECK_IN])
    assert "already recorded" in last_reply(office, MANAGER)
    assert [c.notes for c in rows(db, CoachingCheckIn)] == [NOTES, ""]
    assert audit_actions(db).count("coaching.checked_in") == 1


def test_the_person_sees_their_plan_and_next_steps_never_the_notes(office, db):
    start_plan(office)
    check_in(office, plan_message(office))
    for text in ("coach", f"coach {office.mention(REP2)}"):
        office.command(text, user=REP2)
        mine = last_reply(office, REP2)
        assert "Your coaching plan" in mine and "With <@U0MANAGER>." in mine
        assert "*Focus:* Closing, Pricing and negotiation" in mine
        assert STEPS in mine and NOTES not in mine
        assert "Dec 9, 2026" in mine
    office.command("coach", user=REP)
    assert last_reply(office, REP) == "You have no coaching plan right now."


def other_manager(office):
    """Kari manages team Vest (not Per's)."""
    office.command(f"team manager Vest {office.mention(NORWEGIAN)}", user=OWNER)
    return NORWEGIAN


@pytest.mark.parametrize("who", ["existing", "unknown"])
@pytest.mark.parametrize("user", [REP, STRANGER, "other manager"])
def test_anyone_else_is_refused_the_same_way_whether_or_not_the_person_exists(office, db, user, who):
    if user == "other manager":
        user = other_manager(office)
    target = office.mention(REP2) if who == "existing" else "<@U0NOBODY|nobody>"
    office.command(f"coach {target}", user=user)
    if user == NORWEGIAN:
        assert last_reply(office, user).startswith(":warning: Bare personens egne ledere")
    else:
        assert last_reply(office, user) == DENIED
    assert rows(db, CoachingPlan) == []


@pytest.mark.parametrize("user", [REP, REP2, "other manager"])
def test_forged_or_forwarded_buttons_show_nothing_to_anyone_else(office, db, user):
    start_plan(office)
    message = plan_message(office)
    check_in(office, message)
    message = plan_message(office)
    if user == "other manager":
        user = other_manager(office)
    found = buttons(message.blocks)
    before = len(office.fake.snapshot_posted())
    for action in (COACHING_CHECK_IN, COACHING_OUTCOME):
        press(office, user, found[action])
    press(
        office,
        user,
        {
            **found[COACHING_CHECK_IN],
            "action_id": COACHING_OPEN,
            "value": str(rows(db, CoachingPlan)[0].id + 999),
        },
    )
    answers = [shown(p) for p in office.fake.snapshot_posted()[before:] if p.user == user]
    assert answers and all("coaching plan" in a.lower() or "coachingplan" in a.lower() for a in answers)
    assert not any(NOTES in a for a in answers)
    assert not [p for p in office.fake.snapshot_posted()[before:] if p.kind == "modal_open"]
    assert [c.notes for c in rows(db, CoachingCheckIn)] == [NOTES, ""]


def test_extended_then_escalated_with_confirmation_and_the_person_told_neutrally(office, db):
    start_plan(office)
    press(office, MANAGER, buttons(plan_message(office).blocks)[COACHING_OUTCOME])
    view = opened(office, MANAGER, COACHING_OUTCOME_MODAL)
    refused = office.submit(
        user=MANAGER, view=view, answers={"coach_outcome": "extended", "coach_new_end": "2027-01-01"}
    )
    assert "coach_new_end" in refused.json()["errors"], "an extension ends later than the plan did"
    office.submit(
        user=MANAGER, view=view, answers={"coach_outcome": "extended", "coach_new_end": "2027-03-31"}
    )
    (plan,) = rows(db, CoachingPlan)
    assert (plan.state, plan.ends_on, plan.outcome) == ("open", date(2027, 3, 31), "extended")
    assert "has extended your coaching plan to Mar 31, 2027" in dms(office, REP2)[-1]

    press(office, MANAGER, buttons(plan_message(office).blocks)[COACHING_OUTCOME])
    view = opened(office, MANAGER, COACHING_OUTCOME_MODAL)
    asked = office.submit(
        user=MANAGER,
        view=view,
        answers={
            "coach_outcome": "escalated",
            "coach_escalation": "performance_plan",
            "coach_outcome_note": "HR informed",
        },
    )
    question = asked.json()
    assert question["response_action"] == "update"
    assert "Escalate Per Rep's coaching plan to *A formal performance plan*?" in shown(
        {"blocks": question["view"]["blocks"]}
    )
    assert rows(db, CoachingPlan)[0].state == "open", "nothing written before the confirmation"
    confirm = {**view, **question["view"]}
    refused = office.submit(user=MANAGER, view=confirm, answers={"coach_confirm": []})
    assert "coach_confirm" in refused.json()["errors"]
    office.submit(user=MANAGER, view=confirm, answers={"coach_confirm": ["yes"]})
    (plan,) = rows(db, CoachingPlan)
    assert (plan.state, plan.outcome, plan.escalation, plan.outcome_note, plan.open_key) == (
        "closed",
        "escalated",
        "performance_plan",
        "HR informed",
        None,
    )
    told = dms(office, REP2)[-1]
    assert told == "<@U0MANAGER> has ended your coaching plan."
    assert all(
        "escalat" not in text.lower() and "performance" not in text.lower() for text in dms(office, REP2)
    )
    assert "coaching.escalated" in audit_actions(db)
    office.command("coach", user=REP2)
    assert last_reply(office, REP2) == "You have no coaching plan right now."


def home_of(office, user):
    office.open_home(user=user)
    return office.fake.wait_for_posted(lambda p: p.kind == "home" and p.user == user)


def test_app_home_shows_the_manager_their_plans_and_the_person_their_own(office, db):
    start_plan(office)
    check_in(office, plan_message(office))
    manager_home = shown(home_of(office, MANAGER))
    assert (
        "Coaching plans you follow" in manager_home
        and "<@U0REP2> · next check-in Dec 9, 2026" in manager_home
    )
    audited = len(audit_actions(db))
    per_home = shown(home_of(office, REP2))
    assert "Your coaching plan" in per_home and STEPS in per_home and NOTES not in per_home
    assert len(audit_actions(db)) == audited  # reading one's own plan is not an access to audit
    rita_home = shown(home_of(office, REP))
    assert "coaching" not in rita_home.lower()
    open_button = next(
        {**b["accessory"], "block_id": b.get("block_id")}
        for b in home_of(office, MANAGER).view["blocks"]
        if b.get("accessory", {}).get("action_id") == COACHING_OPEN
    )
    before = len(office.fake.snapshot_posted())
    press(office, MANAGER, open_button)
    opened_plan = office.fake.wait_for_posted(
        lambda p: p in office.fake.snapshot_posted()[before:] and "Coaching: Per Rep" in (p.text or "")
    )
    assert opened_plan.user == MANAGER and NOTES in shown(opened_plan)


def test_the_plan_shows_its_effect_before_and_since(office, db):
    with data(db) as store:
        per = someone(store, REP2)
        add_goal(store, 10000, who=per, period=OCT)
        add_goal(store, 10000, who=per)
        add_sale(store, per, 3000, date(2026, 10, 20))  # October's goal: before the weeks compared
        add_sale(store, per, 2000, date(2026, 11, 12))  # the week before the plan
        add_sale(store, per, 5000, date(2026, 11, 18))  # the plan's first day
    start_plan(office)
    text = shown(plan_message(office))
    assert "the 1 week before the plan against the 1 week since" in text
    assert "Week 1: NOK\xa02,000 → NOK\xa05,000" in text, "the week before beside the first week"
    assert "*Goal attainment:* 30% (October 2026) before → 70% (November 2026) since" in text


def test_from_a_diagnosis_the_ability_step_offers_training_and_a_coaching_plan(office, db):
    office.command("train add Value selling link:https://example.com/value topic:technique", user=MANAGER)
    office.command(f"diagnose {office.mention(REP2)} 2026-11", user=MANAGER)
    message = last_ephemeral(office, MANAGER)
    for _ in range(5):
        press(office, MANAGER, buttons(message.blocks)["diagnosis_mark:ruled_out"])
        message = updates(office, MANAGER)[-1]
    assert "Step 6 of 6" in shown(message)
    found = buttons(message.blocks)
    assert {COACHING_START, TRAIN_ASSIGN_PERSON} <= set(found)

    press(office, MANAGER, found[TRAIN_ASSIGN_PERSON])
    assign = opened(office, MANAGER, TRAIN_ASSIGN_MODAL)
    people = next(b for b in assign["blocks"] if b.get("block_id") == "people")
    assert people["element"]["initial_users"] == [REP2]
    item = next(b for b in assign["blocks"] if b.get("block_id") == "item")
    office.submit(
        user=MANAGER,
        view=assign,
        answers={"item": item["element"]["options"][0]["value"], "due": "2026-11-30"},
    )
    assert any("Value selling" in text for text in dms(office, REP2))

    press(office, MANAGER, found[COACHING_START])
    form = opened(office, MANAGER, COACHING_PLAN_MODAL)
    person = next(b for b in form["blocks"] if b.get("block_id") == "coach_person")
    assert person["element"]["initial_user"] == REP2
    office.submit(user=MANAGER, view=form, answers={"coach_focus": ["needs_analysis"]})
    (plan,) = rows(db, CoachingPlan)
    (diagnosis,) = rows(db, Diagnosis)
    assert plan.diagnosis_id == diagnosis.id
    assert "Started from a diagnosis." in shown(plan_message(office))


@pytest.mark.parametrize("user", [REP, REP2])
def test_the_diagnosis_s_buttons_refuse_anyone_else(office, db, user):
    office.command(f"diagnose {office.mention(REP2)} 2026-11", user=MANAGER)
    message = last_ephemeral(office, MANAGER)
    for _ in range(5):
        press(office, MANAGER, buttons(message.blocks)["diagnosis_mark:ruled_out"])
        message = updates(office, MANAGER)[-1]
    found = buttons(message.blocks)
    press(office, user, found[COACHING_START])
    assert last_reply(office, user) == DENIED
    press(office, user, found[TRAIN_ASSIGN_PERSON])
    assert "warning" in last_reply(office, user)
    assert not [p for p in office.fake.snapshot_posted() if p.kind == "modal_open" and p.user == user]


def test_in_norwegian(office, db):
    office.command(f"team manager Øst {office.mention(NORWEGIAN)}", user=OWNER)
    office.command(f"veiledning {office.mention(REP2)}", user=NORWEGIAN)
    view = opened(office, NORWEGIAN, COACHING_PLAN_MODAL)
    assert "Selgeren får en direktemelding" in shown({"blocks": view["blocks"]})
    office.submit(
        user=NORWEGIAN, view=view, answers={"coach_focus": ["follow_up"], "coach_cadence": "weekly"}
    )
    message = plan_message(office, NORWEGIAN)
    assert "Coachingplanen er startet" in shown(message) and "*Fokus:* Oppfølging" in shown(message)
    assert "*Samtaler:* Hver uke" in shown(message)


def test_the_demo_has_an_open_plan_with_a_past_check_in(demo):  # noqa: F811
    demo.command("coach", user="U0DEMO003")  # Mona Berg
    listed = last_reply(demo, "U0DEMO003")
    assert "<@U0DEMO009>" in listed and "next check-in" in listed
    demo.command("coach <@U0DEMO009|emma>", user="U0DEMO003")
    plan = last_reply(demo, "U0DEMO003")
    assert DEMO_COACHING_NOTES in plan and DEMO_COACHING_STEPS in plan
    demo.command("coach", user="U0DEMO009")  # Emma herself
    mine = last_reply(demo, "U0DEMO009")
    assert DEMO_COACHING_STEPS in mine and DEMO_COACHING_NOTES not in mine
