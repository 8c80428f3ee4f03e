"""Customer feedback in storage (storage/feedback.py): figures counted per score in SQL by
product, stage, rep and team, comments by who may read them, one vote per person, a low score's
alert claimed once; each scoped to the workspace."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session

from salesbot.feedback import BY_PERSON, BY_PRODUCT, BY_STAGE, BY_TEAM
from salesbot.teams import MANAGER, MEMBER
from storage.store import Store, get_or_create_workspace

NOV_1, NOV_30 = date(2026, 11, 1), date(2026, 11, 30)


@pytest.fixture
def two_shops(db):
    """Two workspaces, each with Rita and Per, team Øst (Rita, managed by Mona) and a product."""
    with Session(db) as session:
        shops = []
        for team_id in ("T0ONE", "T0TWO"):
            store = Store(session, get_or_create_workspace(session, slack_team_id=team_id))
            rita, per, mona = (store.save_person(store.new_person(f"U{team_id}{n}")) for n in "RPM")
            team = store.create_team("Øst")
            store.add_to_team(team, rita, MEMBER)
            store.add_to_team(team, mona, MANAGER)
            product = store.add_product("Barista Pro", None)
            shops.append((store, rita, per, mona, team, product))
        yield shops
        session.rollback()


def answer(store, person, score, *, stage="service", product=None, day=NOV_1, scale="csat", comment=""):
    return store.add_feedback(
        scale=scale,
        score=score,
        stage=stage,
        given_on=day,
        comment=comment,
        person_id=person.id if person else None,
        product_id=product.id if product else None,
        source="logged",
    )


def counts(store, by, **scope):
    return sorted(store.feedback_score_counts(by, scale="csat", start=NOV_1, end=NOV_30, **scope), key=repr)


def test_score_counts_are_grouped_in_the_workspace_period_and_scale(two_shops):
    (store, rita, per, _, team, product), (other, other_rita, *_) = two_shops
    answer(store, rita, 5, stage="delivery", product=product)
    answer(store, rita, 5, stage="delivery", product=product)
    answer(store, rita, 2, stage="order")
    answer(store, per, 4, product=product)
    answer(store, rita, 1, day=date(2026, 12, 1))  # after the period
    answer(store, rita, 9, scale="nps")  # another scale
    answer(other, other_rita, 1)  # another workspace
    assert counts(store, None) == sorted([(None, 5, 2), (None, 2, 1), (None, 4, 1)], key=repr)
    assert counts(store, BY_PRODUCT) == sorted(
        [(product.id, 5, 2), (None, 2, 1), (product.id, 4, 1)], key=repr
    )
    assert counts(store, BY_STAGE) == sorted(
        [("delivery", 5, 2), ("order", 2, 1), ("service", 4, 1)], key=repr
    )
    assert counts(store, BY_PERSON) == sorted([(rita.id, 5, 2), (rita.id, 2, 1), (per.id, 4, 1)], key=repr)
    # By team: only members' answers, once per team they are in.
    assert counts(store, BY_TEAM) == sorted([(team.id, 5, 2), (team.id, 2, 1)], key=repr)
    assert counts(store, None, person_ids=[per.id]) == [(None, 4, 1)]
    assert counts(store, None, person_ids=[]) == []
    assert counts(store, BY_STAGE, product_id=product.id) == sorted(
        [("delivery", 5, 2), ("service", 4, 1)], key=repr
    )


def test_comments_only_about_the_people_a_reader_may_see(two_shops):
    (store, rita, per, _, _, _), (other, other_rita, *_) = two_shops
    answer(store, rita, 2, comment="Late", day=date(2026, 11, 2))
    answer(store, per, 5, comment="Brilliant", day=date(2026, 11, 3))
    answer(store, None, 3, comment="About nobody", day=date(2026, 11, 4))
    answer(store, rita, 4)  # no comment
    answer(other, other_rita, 1, comment="Elsewhere")
    scope = dict(scale="csat", start=NOV_1, end=NOV_30)

    def said(**whose):
        return [a.comment for a in store.feedback_comments(**scope, **whose)]

    assert said() == ["About nobody", "Brilliant", "Late"]  # newest first
    assert said(visible_to={rita.id}) == ["Late"]
    assert said(visible_to={rita.id}, unassigned=True) == ["About nobody", "Late"]
    assert said(visible_to=set()) == []
    assert said(limit=1) == ["About nobody"]


def test_a_vote_is_one_row_per_person_changed_in_place(two_shops):
    (store, rita, *_), _ = two_shops
    request = store.add_feedback_request(
        channel_id="C0ACME", scale="csat", stage="service", person_id=rita.id
    )
    fields = dict(scale="csat", stage="service", given_on=NOV_1, person_id=rita.id, source="request")
    first, before = store.vote_feedback(request, "U0KUNDE", 4, **fields)
    again, previous = store.vote_feedback(request, "U0KUNDE", 2, **fields)
    assert (before, previous, again.id, again.score) == (None, 4, first.id, 2)
    store.vote_feedback(request, "U0ANNEN", 5, **fields)
    assert store.count_votes(request.id) == 2


def test_a_low_score_alert_is_claimed_once_and_managers_are_the_rep_s(two_shops):
    (store, rita, per, mona, *_), (other, *_) = two_shops
    low = answer(store, rita, 1)
    assert store.claim_low_alert(low.id) is True
    assert store.claim_low_alert(low.id) is False
    assert other.claim_low_alert(answer(store, rita, 1).id) is False  # another workspace's answer
    assert [p.id for p in store.managers_of(rita.id)] == [mona.id]
    assert store.managers_of(per.id) == []
    assert [p.id for p in store.admin_people({per.slack_user_id})] == [per.id]
