"""What's working in storage (storage/working.py): every figure an aggregate scoped to one
workspace and, when asked, to a team's members; and the digest section built from them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import Session

from handlers.blocks.digests import build_digest_message
from salesbot import digests, working
from salesbot.goals import Subject
from salesbot.i18n import Formatter
from salesbot.periods import Period
from salesbot.teams import MEMBER
from storage.models import Feedback
from storage.store import Store, get_or_create_workspace

NOVEMBER = Period.of_month(2026, 11)


@pytest.fixture
def shops(db):
    """Two workspaces; in the first, Rita (team Øst) and Per (no team), two products."""
    with Session(db) as session:
        stores = [
            Store(session, get_or_create_workspace(session, slack_team_id=t)) for t in ("T0ONE", "T0TWO")
        ]
        yield stores
        session.rollback()


def sale(store, person, product, amount, day, **fields):
    return store.add_sale(
        person_id=person.id,
        product_id=product.id if product else None,
        amount=Decimal(amount),
        ordered_on=day,
        source="console",
        **fields,
    )


def answer(store, person, stage, score, comment="", day=date(2026, 11, 10), scale="csat"):
    store.session.add(
        Feedback(
            workspace_id=store.workspace_id,
            scale=scale,
            score=score,
            stage=stage,
            comment=comment,
            person_id=person.id,
            source="logged",
            given_on=day,
        )
    )
    store.session.flush()


def test_sums_by_product_technique_and_stage_for_the_company_and_a_team(shops):
    store, other = shops
    rita, per = (store.save_person(store.new_person(u)) for u in ("U0RITA", "U0PER"))
    team = store.create_team("Øst")
    store.add_to_team(team, rita, MEMBER)
    pro, abo = store.add_product("Barista Pro", None), store.add_product("Abonnement", None)
    a = sale(store, rita, pro, 100, date(2026, 11, 2))
    b = sale(store, per, pro, 50, date(2026, 11, 3))
    sale(store, per, abo, 70, date(2026, 11, 4))
    sale(store, rita, pro, 999, date(2026, 11, 5), lost_on=date(2026, 11, 6), lost_reason="price")
    sale(store, rita, pro, 30, date(2026, 10, 31))  # the month before
    stranger = other.save_person(other.new_person("U0OTHER"))
    sale(other, stranger, other.add_product("Barista Pro", None), 5000, date(2026, 11, 2))

    sums = {s.product_id: (s.amount, s.deals) for s in store.product_sums(NOVEMBER.start, NOVEMBER.end)}
    assert sums == {pro.id: (Decimal(150), 2), abo.id: (Decimal(70), 1)}
    team_sums = store.product_sums(NOVEMBER.start, NOVEMBER.end, team.id)
    assert [(s.product_id, s.amount) for s in team_sums] == [(pro.id, Decimal(100))]

    tech = {t.key: t for t in working.technique_list(store)}
    store.save_win_story(
        sale=a, note="", technique_ids=[tech["referral"].id, tech["upsell"].id], actor_id=rita.id
    )
    story, created = store.save_win_story(
        sale=b, note="x", technique_ids=[tech["referral"].id], actor_id=per.id
    )
    again, created_again = store.save_win_story(
        sale=b, note="y", technique_ids=[tech["referral"].id], actor_id=per.id
    )
    assert created and not created_again and again.id == story.id
    ranked = {s.technique_id: (s.wins, s.value) for s in store.technique_sums(NOVEMBER.start, NOVEMBER.end)}
    assert ranked == {tech["referral"].id: (2, Decimal(150)), tech["upsell"].id: (1, Decimal(100))}
    assert {s.technique_id: s.wins for s in store.technique_sums(NOVEMBER.start, NOVEMBER.end, team.id)} == {
        tech["referral"].id: 1,
        tech["upsell"].id: 1,
    }
    assert other.technique_sums(NOVEMBER.start, NOVEMBER.end) == []

    answer(store, rita, "delivery", 2, "Late")
    answer(store, per, "delivery", 5, "Quick!")
    answer(store, per, "order", 5, "Lovely")
    answer(store, per, "order", 9, "NPS answer", scale="nps")  # another scale: never mixed in
    answer(store, rita, "service", 1, "Outside the month", day=date(2026, 12, 1))
    assert store.stage_scores(NOVEMBER.start, NOVEMBER.end, "csat") == {
        "delivery": {2: 1, 5: 1},
        "order": {5: 1},
    }
    assert store.stage_scores(NOVEMBER.start, NOVEMBER.end, "csat", team.id) == {"delivery": {2: 1}}
    best = store.best_comments(NOVEMBER.start, NOVEMBER.end, "csat", limit=2)
    assert sorted(c.comment for c in best) == ["Lovely", "Quick!"]  # the fives; "Late" (2) left out
    assert [
        c.comment for c in store.best_comments(NOVEMBER.start, NOVEMBER.end, "csat", about={rita.id})
    ] == ["Late"]
    assert store.best_comments(NOVEMBER.start, NOVEMBER.end, "csat", about=()) == []

    # The digest's section: the figures, never a comment.
    digest = digests.collect(
        store, Subject("company"), day=date(2026, 11, 18), period=NOVEMBER, sections=("working",)
    )
    lines = digest.extras["working"].lines
    assert lines[0] == "Top products: Barista Pro NOK\xa0150, Abonnement NOK\xa070"
    assert lines[-1] == "Weakest stage: delivery, 50 % satisfied (2 answers)"
    message = build_digest_message(Formatter("en", "NOK"), digest, footer="", link=None)
    assert "What's working" in message.text or "What's working" in str(message.blocks)
    assert "Quick!" not in str(message.blocks) and "Late" not in str(message.blocks)


def test_defaults_are_written_once_and_a_technique_in_use_is_kept(shops):
    store, _ = shops
    store.seed_techniques(working.DEFAULT_TECHNIQUES)
    store.seed_techniques(working.DEFAULT_TECHNIQUES)  # a second first request, racing
    assert [t.key for t in working.technique_list(store)] == list(working.DEFAULT_TECHNIQUES)
    rita = store.save_person(store.new_person("U0RITA"))
    won = sale(store, rita, None, 100, date(2026, 11, 2))
    referral = working.find_technique(store, "Anbefaling")  # a default, named in Norwegian
    store.save_win_story(sale=won, note="", technique_ids=[referral.id], actor_id=rita.id)
    assert store.technique_in_use(referral.id)
    assert not store.technique_in_use(working.find_technique(store, "Upsell").id)
