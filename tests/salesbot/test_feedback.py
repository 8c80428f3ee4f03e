"""Customer feedback's rules: the scales and their figures, what is low, and checking an answer."""

from __future__ import annotations

from datetime import date

import pytest

from salesbot import feedback
from salesbot.errors import FieldErrors, InvalidInput
from salesbot.feedback import CSAT, NPS, FeedbackFields

TODAY = date(2026, 12, 7)


@pytest.mark.parametrize(
    ("scale", "counts", "figure"),
    [
        (CSAT, {5: 3, 4: 1, 3: 1, 1: 0}, 80.0),  # 4 of 5 gave 4 or 5
        (CSAT, {2: 2}, 0.0),
        (NPS, {10: 5, 9: 1, 8: 2, 6: 1, 0: 1}, 40.0),  # 60 % promoters less 20 % detractors
        (NPS, {3: 4}, -100.0),
        (NPS, {7: 2, 8: 2}, 0.0),  # passives count in the total only
    ],
)
def test_the_figure_of_each_scale(scale, counts, figure):
    found = feedback.satisfaction(scale, counts)
    assert (found.figure, found.answers) == (figure, sum(counts.values()))


def test_no_answers_no_figure_and_few_answers_say_so():
    assert feedback.satisfaction(NPS, {}).figure is None
    assert feedback.satisfaction(CSAT, {5: 4}).low_confidence
    assert not feedback.satisfaction(CSAT, {5: 5}).low_confidence


@pytest.mark.parametrize(
    ("scale", "score", "low"),
    [(CSAT, 1, True), (CSAT, 2, True), (CSAT, 3, False), (NPS, 6, True), (NPS, 7, False)],
)
def test_what_is_a_low_score(scale, score, low):
    assert feedback.is_low(scale, score) is low


@pytest.mark.parametrize(
    ("scale", "text"), [(CSAT, "0"), (CSAT, "6"), (NPS, "11"), (NPS, "-1"), (CSAT, "fire")]
)
def test_a_score_off_the_scale_is_refused_saying_the_scale(scale, text):
    with pytest.raises(InvalidInput) as refused:
        feedback.read_score(scale, text)
    assert refused.value.key == "feedback.score_range"
    assert (refused.value.params["low"], refused.value.params["high"]) == feedback.SCALES[scale]


def test_every_wrong_field_is_refused_at_once_and_nothing_is_written():
    class Store:
        added: list = []

        def add_feedback(self, **fields):
            self.added.append(fields)

        def audit(self, **details):
            raise AssertionError("nothing to audit")

    wrong = FeedbackFields(scale=CSAT, score=9, stage="afterwards", given_on=TODAY, comment="x" * 2001)
    with pytest.raises(FieldErrors) as refused:
        feedback.record_feedback(Store(), wrong, source=feedback.LOGGED)
    assert set(refused.value.errors) == {feedback.F_SCORE, feedback.F_STAGE, feedback.F_COMMENT}
    assert Store.added == []


def test_a_rating_request_is_read_in_any_order_with_the_customer_last():
    ask = feedback.read_request(
        "levering <#C0ACME|kunde-acme> product:Kontor Kompakt <@U0KARI> kunde:Acme AS",
        product_names=["Kontor Kompakt"],
    )
    assert ask == feedback.RequestAsk(
        channel_id="C0ACME",
        stage="delivery",
        product_name="Kontor Kompakt",
        customer="Acme AS",
        rep_user_id="U0KARI",
    )
    assert feedback.read_request("", product_names=[]) == feedback.RequestAsk()


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("shipping", "feedback.request_word"),
        ("<#C1|a> <#C2|b>", "feedback.one_channel"),
        ("<@U1> <@U2>", "feedback.one_rep"),
        ("customer:", "feedback.customer_missing"),
        ("@kari", "command.plain_mention"),
    ],
)
def test_a_rating_request_names_what_is_wrong(text, key):
    with pytest.raises(InvalidInput) as refused:
        feedback.read_request(text, product_names=[])
    assert refused.value.key == key


class _Person:
    def __init__(self, person_id: int) -> None:
        self.id = person_id


class _AlertStore:
    """Managers by rep, admins, and answers already alerted."""

    def __init__(self, managers: dict[int, list], admins: list) -> None:
        self.managers, self.admins, self.claimed = managers, admins, set()

    def claim_low_alert(self, feedback_id: int) -> bool:
        fresh = feedback_id not in self.claimed
        self.claimed.add(feedback_id)
        return fresh

    def managers_of(self, person_id: int) -> list:
        return self.managers.get(person_id, [])

    def admin_people(self, configured_admins) -> list:
        return self.admins


class _Answer:
    def __init__(self, answer_id, score, person_id, scale=CSAT, created_by_id=None) -> None:
        self.id, self.score, self.person_id, self.scale = answer_id, score, person_id, scale
        self.created_by_id = created_by_id


def test_a_low_score_is_told_to_the_managers_once_else_to_the_admins():
    mona, admin = _Person(3), _Person(9)
    store = _AlertStore({1: [mona]}, [admin])
    assert feedback.low_score_alert(store, _Answer(10, 4, 1)) == []  # not low
    assert feedback.low_score_alert(store, _Answer(11, 2, 1)) == [mona]
    assert feedback.low_score_alert(store, _Answer(11, 1, 1)) == []  # the same answer again
    assert feedback.low_score_alert(store, _Answer(12, 6, 2, scale=NPS)) == [admin]  # no manager
    assert feedback.low_score_alert(store, _Answer(13, 1, 1, created_by_id=3)) == []  # Mona logged it
