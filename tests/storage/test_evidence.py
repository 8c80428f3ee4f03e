"""The evidence at each diagnosis step (salesbot/evidence.py) through the real store
(storage/evidence.py): the subject's figure, the rest of the company's beside it, the records
each rests on, whether the step points here, and nothing from another workspace."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlmodel import Session

from salesbot.evidence import (
    ABILITY,
    MARKETING,
    PRICE,
    PRODUCT,
    SERVICE,
    STEPS,
    TRAINING,
    StepEvidence,
    step_evidence,
)
from salesbot.goals import Subject
from salesbot.periods import Period
from salesbot.teams import MEMBER
from storage.store import Store, get_or_create_workspace

NOVEMBER = Period.of_month(2026, 11)
TODAY = date(2026, 12, 1)
NOV_5, NOV_10 = date(2026, 11, 5), date(2026, 11, 10)


@dataclass
class Shop:
    store: Store
    other: Store  # another workspace, whose rows must never count
    rita: object
    per: object
    ola: object
    kari: object
    team: object  # Øst: Rita and Per
    barista: object  # list price 1000
    kompakt: object  # list price 500
    stranger: object  # the other workspace's rep


@pytest.fixture
def shop(db):
    with Session(db) as session:
        store = Store(session, get_or_create_workspace(session, slack_team_id="T0EVIDENCE"))
        other = Store(session, get_or_create_workspace(session, slack_team_id="T0ELSEWHERE"))
        rita, per, ola, kari = (
            store.save_person(store.new_person(f"U0{name}")) for name in ("RITA", "PER", "OLA", "KARI")
        )
        team = store.create_team("Øst")
        for person in (rita, per):
            store.add_to_team(team, person, MEMBER)
        barista = store.add_product("Barista", Decimal(1000))
        kompakt = store.add_product("Kompakt", Decimal(500))
        stranger = other.save_person(other.new_person("U0STRANGER"))
        other.add_product("Barista", Decimal(1000))
        yield Shop(store, other, rita, per, ola, kari, team, barista, kompakt, stranger)
        session.rollback()


def sell(store, person, product, count, *, amount=None, units=1, day=NOV_5, late=None, **fields):
    """``count`` orders; ``late``: delivered that many days after the promised date."""
    for _ in range(count):
        if late is not None:
            fields |= {"promised_on": NOV_10, "delivered_on": NOV_10 + timedelta(days=late)}
        store.add_sale(
            person_id=person.id,
            product_id=product.id if product is not None else None,
            amount=Decimal(
                amount if amount is not None else (product.list_price * units if product else 100)
            ),
            units=units,
            ordered_on=day,
            source="console",
            **fields,
        )


def figure(evidence: StepEvidence, key: str, **params):
    return next(
        f for f in evidence.figures if f.key == key and all(f.params.get(k) == v for k, v in params.items())
    )


def person(who) -> Subject:
    return Subject("person", person=who)


def test_product_late_deliveries_against_the_rest_of_the_company(shop):
    sell(shop.store, shop.rita, shop.barista, 4, late=3)
    sell(shop.store, shop.rita, shop.barista, 2, late=0)
    sell(shop.store, shop.ola, shop.barista, 1, late=1)
    sell(shop.store, shop.ola, shop.barista, 9, late=-1)
    sell(shop.store, shop.kari, shop.kompakt, 10, late=0)
    sell(shop.store, shop.kari, shop.kompakt, 1, promised_on=NOV_10)  # open, overdue on TODAY
    sell(shop.store, shop.kari, shop.kompakt, 1, day=date(2026, 10, 30), late=9)  # before the period
    sell(shop.other, shop.stranger, None, 20, promised_on=NOV_10, delivered_on=date(2026, 11, 30))

    evidence = step_evidence(shop.store, person(shop.rita), NOVEMBER, PRODUCT, today=TODAY)

    late = figure(evidence, "late_share")
    assert (round(late.subject, 1), late.others) == (66.7, 5.0)
    assert (late.subject_records, late.others_records) == (6, 20)
    days = figure(evidence, "late_days")
    assert (days.subject, days.others, days.subject_records, days.others_records) == (3, 1, 4, 1)
    overdue = figure(evidence, "overdue_share")
    assert (overdue.subject, overdue.others_records) == (0, 21) and round(overdue.others, 2) == 4.76
    revenue = figure(evidence, "product_revenue", product="Barista")
    # Rita's 6 000 against the others' 10 000 over their two sellers (Ola and Kari)
    assert (revenue.subject, revenue.others, revenue.subject_records, revenue.others_records) == (
        6000,
        5000,
        6,
        10,
    )
    # Rita delivered no Kompakt: the others' late share alone is not shown
    shown = {(f.key, f.params.get("product")) for f in evidence.figures}
    assert ("product_late_share", "Kompakt") not in shown and ("product_late_share", "Barista") in shown
    assert evidence.points_here
    assert ("evidence.note.late_product", {"product": "Barista"}) in evidence.notes

    # Ola's one late delivery in ten is no sign; too few records is none either.
    assert not step_evidence(shop.store, person(shop.ola), NOVEMBER, PRODUCT, today=TODAY).points_here
    sell(shop.store, shop.per, shop.kompakt, 2, late=5)
    assert not step_evidence(shop.store, person(shop.per), NOVEMBER, PRODUCT, today=TODAY).points_here


def test_price_lost_on_price_and_realised_price_for_a_team(shop):
    sell(shop.store, shop.rita, shop.kompakt, 5, amount=400)
    sell(shop.store, shop.per, shop.kompakt, 3, amount=400)
    sell(shop.store, shop.per, shop.kompakt, 1, amount=400, lost_on=NOV_10, lost_reason="price")
    sell(shop.store, shop.per, shop.kompakt, 1, amount=400, lost_on=NOV_10, lost_reason="competitor")
    sell(shop.store, shop.ola, shop.kompakt, 9)
    sell(shop.store, shop.ola, shop.kompakt, 1, lost_on=NOV_10, lost_reason="product_fit")
    sell(shop.store, shop.kari, shop.kompakt, 9, units=2)
    sell(shop.store, shop.kari, shop.kompakt, 1, lost_on=NOV_10, lost_reason="price")
    sell(shop.other, shop.stranger, None, 10, amount=1, lost_on=NOV_10, lost_reason="price")

    evidence = step_evidence(shop.store, Subject("team", team=shop.team), NOVEMBER, PRICE, today=TODAY)

    lost = figure(evidence, "lost_on_price")
    assert (lost.subject, lost.others, lost.subject_records, lost.others_records) == (20, 5, 10, 20)
    realised = figure(evidence, "realised_price")
    assert (realised.subject, realised.others, realised.subject_records, realised.others_records) == (
        80,
        100,
        8,
        27,
    )
    assert figure(evidence, "product_realised_price", product="Kompakt").subject == 80
    assert evidence.points_here and ("evidence.note.below_list", {}) in evidence.notes

    sell(shop.store, shop.kari, shop.barista, 2)  # a product Ola does not sell
    fair = step_evidence(shop.store, person(shop.ola), NOVEMBER, PRICE, today=TODAY)
    assert not fair.points_here and figure(fair, "lost_on_price").subject == 0
    products = [f.params["product"] for f in fair.figures if f.key == "product_realised_price"]
    assert products == ["Kompakt"], "a product the subject did not sell: no line of the others' alone"


def test_service_scores_at_delivery_and_service_and_lost_for_service(shop):
    def answer(store, who, score, stage, count):
        for _ in range(count):
            store.add_feedback(
                scale="csat", score=score, stage=stage, person_id=who.id, source="logged", given_on=NOV_10
            )

    answer(shop.store, shop.rita, 2, "delivery", 4)
    answer(shop.store, shop.rita, 5, "delivery", 1)
    answer(shop.store, shop.ola, 5, "delivery", 3)
    answer(shop.store, shop.kari, 4, "service", 2)
    answer(shop.store, shop.rita, 1, "order", 3)  # another stage: not this step's
    answer(shop.other, shop.stranger, 5, "delivery", 9)
    sell(shop.store, shop.rita, shop.barista, 2)

    evidence = step_evidence(shop.store, person(shop.rita), NOVEMBER, SERVICE, today=TODAY)

    delivery = figure(evidence, "score_delivery")
    assert (delivery.subject, delivery.others, delivery.subject_records, delivery.others_records) == (
        20,
        100,
        5,
        3,
    )
    service = figure(evidence, "score_service")
    assert (service.subject, service.others, service.subject_records, service.others_records) == (
        None,
        100,
        0,
        2,
    )
    assert figure(evidence, "lost_on_service").subject == 0
    assert evidence.points_here
    assert not step_evidence(shop.store, person(shop.ola), NOVEMBER, SERVICE, today=TODAY).points_here


def test_marketing_products_that_sell_elsewhere_but_not_here(shop):
    sell(shop.store, shop.rita, shop.barista, 3)
    sell(shop.store, shop.ola, shop.kompakt, 6)
    sell(shop.store, shop.kari, shop.kompakt, 6)
    sell(shop.other, shop.stranger, None, 30)

    evidence = step_evidence(shop.store, person(shop.rita), NOVEMBER, MARKETING, today=TODAY)

    kompakt = figure(evidence, "product_orders", product="Kompakt")
    assert (kompakt.subject, kompakt.others, kompakt.subject_records, kompakt.others_records) == (0, 6, 0, 12)
    assert evidence.notes == [("evidence.note.sells_elsewhere", {"product": "Kompakt"})]
    assert evidence.points_here
    assert not step_evidence(shop.store, person(shop.ola), NOVEMBER, MARKETING, today=TODAY).points_here


def segment_ids(store) -> dict[str, int]:
    from salesbot.segments import segment_list

    return {segment.key: segment.id for segment in segment_list(store)}


def test_marketing_segments_the_others_sell_in_but_the_subject_hardly_does(shop):
    seg = segment_ids(shop.store)
    elsewhere = segment_ids(shop.other)
    # Rita sells 1 to offices, 4 to the public sector; Ola and Kari 5 each to offices (5 a head).
    sell(shop.store, shop.rita, shop.barista, 1, segment_id=seg["offices"])
    sell(shop.store, shop.rita, shop.barista, 4, segment_id=seg["public_sector"])
    sell(shop.store, shop.ola, shop.barista, 5, segment_id=seg["offices"])
    sell(shop.store, shop.kari, shop.barista, 5, segment_id=seg["offices"])
    sell(shop.store, shop.kari, shop.barista, 3, segment_id=seg["retail"])
    # Lost orders and another workspace's never count.
    sell(shop.store, shop.ola, shop.barista, 9, segment_id=seg["offices"], lost_on=NOV_10)
    sell(shop.other, shop.stranger, None, 30, segment_id=elsewhere["offices"])

    evidence = step_evidence(shop.store, person(shop.rita), NOVEMBER, MARKETING, today=TODAY)

    offices = figure(evidence, "segment_orders", segment_key="offices")
    assert (offices.subject, offices.others, offices.subject_records, offices.others_records) == (1, 5, 1, 10)
    assert offices.params == {"segment": "", "segment_key": "offices"}  # named in the reader's language
    public = figure(evidence, "segment_orders", segment_key="public_sector")
    assert (public.subject, public.others, public.subject_records, public.others_records) == (4, 0, 4, 0)
    retail = figure(evidence, "segment_orders", segment_key="retail")
    assert (retail.subject, retail.others_records) == (0, 3)  # too few of the others' to say
    assert evidence.notes == [("evidence.note.segment_elsewhere", {"segment": "", "segment_key": "offices"})]
    assert evidence.points_here


def test_marketing_segment_at_half_or_above_or_on_few_records_points_nowhere(shop):
    seg = segment_ids(shop.store)
    # Rita sells 3 to hotels, the others 6 a head: exactly half is not under half.
    sell(shop.store, shop.rita, shop.barista, 3, segment_id=seg["hotels_restaurants"])
    sell(shop.store, shop.ola, shop.barista, 6, segment_id=seg["hotels_restaurants"])
    sell(shop.store, shop.kari, shop.barista, 6, segment_id=seg["hotels_restaurants"])
    # Four of the others' orders in retail, none of Rita's: fewer than MIN_RECORDS.
    sell(shop.store, shop.ola, shop.barista, 4, segment_id=seg["retail"])
    evidence = step_evidence(shop.store, person(shop.rita), NOVEMBER, MARKETING, today=TODAY)
    assert evidence.notes == [] and not evidence.points_here
    hotels = figure(evidence, "segment_orders", segment_key="hotels_restaurants")
    assert (hotels.subject, hotels.others) == (3, 6)

    # A team: per person over its members (Rita and Per), against the others' sellers.
    team = step_evidence(shop.store, Subject("team", team=shop.team), NOVEMBER, MARKETING, today=TODAY)
    hotels = figure(team, "segment_orders", segment_key="hotels_restaurants")
    assert (hotels.subject, hotels.others, hotels.subject_records) == (1.5, 6, 3)
    assert team.notes[-1] == (
        "evidence.note.segment_elsewhere",
        {"segment": "", "segment_key": "hotels_restaurants"},
    )


def test_training_done_overdue_and_missing_for_the_products_behind(shop):
    store = shop.store
    course = store.add_training_item(title="Pitch", title_key="pitch", topic="technique")
    store.add_training_assignment(item_id=course.id, person_id=shop.rita.id, first_due=date(2026, 11, 20))
    done = store.add_training_assignment(
        item_id=course.id, person_id=shop.kari.id, first_due=date(2026, 11, 20)
    )
    store.record_training_completion(
        assignment_id=done.id,
        person_id=shop.kari.id,
        item_id=course.id,
        occurrence=0,
        due_on=date(2026, 11, 20),
        completed_on=NOV_10,
    )
    sell(store, shop.rita, shop.barista, 3)
    sell(store, shop.ola, shop.kompakt, 6)
    sell(store, shop.kari, shop.kompakt, 6)

    evidence = step_evidence(store, person(shop.rita), NOVEMBER, TRAINING, today=TODAY)

    completed = figure(evidence, "training_completed")
    assert (completed.subject, completed.others, completed.subject_records, completed.others_records) == (
        0,
        0.5,
        0,
        1,
    )
    # Beside the rest of the company (Per in her team, Kari with a training): per person.
    overdue = figure(evidence, "training_overdue")
    assert (overdue.subject, overdue.others, overdue.subject_records, overdue.others_records) == (1, 0, 1, 0)
    open_now = figure(evidence, "training_open")
    assert (open_now.subject, open_now.others) == (1, 0)
    trained = figure(evidence, "product_trained", product="Kompakt")
    assert (trained.subject, trained.others, trained.subject_records, trained.others_records) == (0, 0, 1, 2)
    assert ("evidence.note.training_missing", {"product": "Kompakt"}) in evidence.notes
    assert evidence.points_here
    # Ola is trained on Kompakt: the others' share counts him (his first training makes him counted).
    ola_kompakt = store.add_training_item(
        title="Kompakt for Ola", title_key="kompakt for ola", topic="product", product_id=shop.kompakt.id
    )
    store.add_training_assignment(item_id=ola_kompakt.id, person_id=shop.ola.id, first_due=date(2026, 12, 20))
    evidence = step_evidence(store, person(shop.rita), NOVEMBER, TRAINING, today=TODAY)
    trained = figure(evidence, "product_trained", product="Kompakt")
    assert (trained.subject, round(trained.others, 1), trained.others_records) == (0, 33.3, 3)
    assert figure(evidence, "training_open").others == pytest.approx(1 / 3)

    # Kompakt training assigned and Rita's course done: nothing points here any more.
    kompakt = store.add_training_item(
        title="Kompakt 101", title_key="kompakt 101", topic="product", product_id=shop.kompakt.id
    )
    store.add_training_assignment(item_id=kompakt.id, person_id=shop.rita.id, first_due=date(2026, 12, 20))
    rita_course = store.assignments_for([shop.rita.id])[0][1]
    store.record_training_completion(
        assignment_id=rita_course.id,
        person_id=shop.rita.id,
        item_id=course.id,
        occurrence=0,
        due_on=date(2026, 11, 20),
        completed_on=date(2026, 11, 30),
    )
    assert not step_evidence(store, person(shop.rita), NOVEMBER, TRAINING, today=TODAY).points_here


def test_ability_the_trend_over_three_periods_against_the_team(shop):
    for month in (9, 10, 11):
        sell(shop.store, shop.rita, shop.barista, 1, amount=100, day=date(2026, month, 3))
        sell(shop.store, shop.per, shop.barista, 1, amount=1000, day=date(2026, month, 3))
        sell(shop.store, shop.ola, shop.barista, 1, amount=50, day=date(2026, month, 3))  # not her team
    sell(shop.store, shop.rita, shop.barista, 1, amount=100_000, day=date(2026, 8, 3))  # too long ago

    evidence = step_evidence(shop.store, person(shop.rita), NOVEMBER, ABILITY, today=TODAY)

    assert [f.params["period"] for f in evidence.figures] == ["2026-09", "2026-10", "2026-11"]
    assert [(f.subject, f.others, f.subject_records, f.others_records) for f in evidence.figures] == [
        (100, 1000, 1, 1)
    ] * 3
    assert evidence.points_here and evidence.notes == [("evidence.note.against_team", {})]
    # A team against the rest of the company: Øst's 550 a person beats Ola's 50.
    team = step_evidence(shop.store, Subject("team", team=shop.team), NOVEMBER, ABILITY, today=TODAY)
    assert figure(team, "revenue_per_person", period="2026-11").subject == 550
    assert not team.points_here


def test_every_step_answers_on_an_empty_workspace(shop):
    for step in STEPS:
        evidence = step_evidence(shop.store, person(shop.rita), NOVEMBER, step, today=TODAY)
        assert evidence.step == step and not evidence.points_here
    with pytest.raises(ValueError):
        step_evidence(shop.store, person(shop.rita), NOVEMBER, "astrology", today=TODAY)


def test_every_figure_and_note_has_its_words_in_each_language(shop):
    from salesbot.i18n import catalog_languages, t

    test_product_late_deliveries_against_the_rest_of_the_company(shop)
    course = shop.store.add_training_item(title="Pitch", title_key="pitch", topic="technique")
    shop.store.add_training_assignment(item_id=course.id, person_id=shop.rita.id, first_due=date(2026, 11, 2))
    shown = set()
    for step in STEPS:
        for subject in (person(shop.rita), Subject("team", team=shop.team)):
            evidence = step_evidence(shop.store, subject, NOVEMBER, step, today=TODAY)
            shown |= {(f"evidence.figure.{f.key}", tuple(sorted(f.params.items()))) for f in evidence.figures}
            shown |= {(key, tuple(sorted(params.items()))) for key, params in evidence.notes}
    assert len({key for key, _ in shown}) >= 20
    for lang in catalog_languages():
        for key, params in shown:
            assert t(lang, key, **dict(params)) != key, (lang, key)
