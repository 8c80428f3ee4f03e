"""The diagnosis's state machine: the order of the steps, when ability is offered, the marks."""

from datetime import date

import pytest

from salesbot import diagnosis as dx
from salesbot.errors import FieldErrors
from salesbot.evidence import ABILITY

ALL_RULED_OUT = {step: dx.RULED_OUT for step in dx.PROCESS_STEPS}


def test_steps_follow_the_process_and_end_in_concluding():
    assert dx.after_mark("person", "product", {"product": dx.PROBLEM}) == (dx.STEP, "price")
    assert dx.after_mark("team", "marketing", {}) == (dx.STEP, "training")
    assert dx.after_mark("person", "training", {**ALL_RULED_OUT, "price": dx.PROBLEM}) == (
        dx.CONCLUDING,
        None,
    )


def test_ability_is_offered_only_to_a_person_once_steps_1_to_5_are_ruled_out():
    assert dx.after_mark("person", "training", ALL_RULED_OUT) == (dx.STEP, ABILITY)
    assert dx.after_mark("team", "training", ALL_RULED_OUT) == (dx.CONCLUDING, None)
    assert dx.after_mark("person", ABILITY, {**ALL_RULED_OUT, ABILITY: dx.PROBLEM}) == (dx.CONCLUDING, None)
    assert ABILITY not in dx.steps_for("person", {**ALL_RULED_OUT, "service": dx.ASK_DEPARTMENT})


@pytest.mark.parametrize(
    ("step", "mark", "allowed"),
    [("product", dx.ASK_DEPARTMENT, True), ("price", dx.ASK_DEPARTMENT, False), ("price", "maybe", False)],
)
def test_ask_the_department_only_where_a_step_has_one(step, mark, allowed):
    assert dx.may_mark(step, mark) is allowed


def test_an_action_is_owned_by_a_person_or_a_department_with_a_contact_never_both():
    def read(*actions, reachable=("production",)):
        return dx.read_conclusion(
            root_cause="delivery",
            notes="",
            actions=list(actions),
            follow_up_on=date(2026, 12, 1),
            today=date(2026, 11, 18),
            reachable_departments=reachable,
        )[2]

    assert read(("Fix the Barista Pro 2 line", None, "production"), ("Call the customers", 7, None)) == [
        dx.ActionSpec("Fix the Barista Pro 2 line", None, "production"),
        dx.ActionSpec("Call the customers", 7, None),
    ]
    with pytest.raises(FieldErrors) as raised:
        read(("Both", 7, "production"), ("No contact", None, "marketing"), ("Nobody", None, None))
    assert raised.value.errors[dx.f_department(1)].key == "diagnosis.owner_both"
    assert raised.value.errors[dx.f_department(2)].key == "diagnosis.no_contact_for_action.marketing"
    assert raised.value.errors[dx.f_owner(3)].key == "diagnosis.owner_missing"


def test_a_conclusion_reports_every_field_at_once():
    with pytest.raises(FieldErrors) as raised:
        dx.read_conclusion(
            root_cause=None,
            notes="",
            actions=[("Coach weekly", None, None), ("", None, None)],
            follow_up_on=date(2026, 11, 18),
            today=date(2026, 11, 18),
        )
    assert set(raised.value.errors) == {dx.F_ROOT_CAUSE, dx.f_owner(1), dx.F_FOLLOW_UP}
    cause, notes, actions, follow_up = dx.read_conclusion(
        root_cause="price",
        notes=" too dear ",
        actions=[("Review prices", 7, None), ("", None, None)],
        follow_up_on=date(2026, 12, 1),
        today=date(2026, 11, 18),
    )
    assert (cause, notes, [a.text for a in actions], follow_up) == (
        "price",
        "too dear",
        ["Review prices"],
        date(2026, 12, 1),
    )
