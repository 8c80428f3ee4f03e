"""Links to the feedback page, on each database: made by whom, only a hash kept, expiring, used
once (even by two submissions at once), and found only in their own workspace."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlmodel import Session

from salesbot.access import Actor, Role
from salesbot.errors import Conflict, FieldErrors, PermissionDenied
from salesbot.feedback_links import (
    EXPIRED,
    LINK_DAYS,
    UNKNOWN,
    USED,
    LinkUnusable,
    answer_link,
    create_link,
    usable_link,
)
from storage.models import AuditEntry, Feedback, FeedbackLink
from storage.store import Store, get_or_create_workspace, store_for_link
from tests.helpers import rows

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
TODAY = date(2026, 11, 18)


def store_of(session: Session, team_id: str = "T0ONE") -> Store:
    return Store(session, get_or_create_workspace(session, slack_team_id=team_id))


def rep_and_sale(store: Store, user: str = "U0REP", **sale_fields) -> tuple[Actor, int]:
    person = store.save_person(store.new_person(user))
    sale = store.add_sale(
        person_id=person.id,
        amount=Decimal("24990"),
        ordered_on=date(2026, 11, 2),
        customer="Acme <AS>",
        source="console",
        **sale_fields,
    )
    actor = Actor(person_id=person.id, slack_user_id=user, name="Rita", role=Role.REP, lang="en")
    return actor, sale.id


@pytest.fixture
def made(db):
    """A link made by the rep for their open order, committed: (token, sale id)."""
    with Session(db, expire_on_commit=False) as session:
        store = store_of(session)
        actor, sale_id = rep_and_sale(store)
        new = create_link(store, actor, sale_id, now=NOW)
        session.commit()
    return new.token, sale_id


def test_a_link_keeps_only_the_tokens_hash_and_lasts_its_days(db, made):
    token, sale_id = made
    (link,) = rows(db, FeedbackLink)
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest() != token
    assert token not in {str(value) for value in link.model_dump().values()}
    assert len(token) >= 43  # 32 random bytes
    assert (link.sale_id, link.stage, link.scale, link.customer) == (sale_id, "order", "csat", "Acme <AS>")
    assert link.expires_at.replace(tzinfo=UTC) == NOW + timedelta(days=LINK_DAYS) and link.used_at is None
    (audit,) = [entry for entry in rows(db, AuditEntry) if entry.action == "feedback_link.created"]
    assert token not in str(audit.model_dump())


@pytest.mark.parametrize(
    ("fields", "stage"),
    [
        ({"delivered_on": date(2026, 11, 10)}, "delivery"),
        ({"delivered_on": date(2026, 11, 10), "followed_up_on": TODAY}, "service"),
    ],
)
def test_the_link_asks_about_the_stage_the_sale_is_at(db, fields, stage):
    with Session(db) as session:
        store = store_of(session)
        actor, sale_id = rep_and_sale(store, **fields)
        assert create_link(store, actor, sale_id, now=NOW).link.stage == stage


def test_a_lost_sale_or_someone_elses_gets_no_link(db):
    with Session(db) as session:
        store = store_of(session)
        actor, lost_id = rep_and_sale(store, lost_on=TODAY, lost_reason="price")
        with pytest.raises(Conflict, match="feedback_link.sale_lost"):
            create_link(store, actor, lost_id, now=NOW)
        other, _ = rep_and_sale(store, user="U0OTHER")
        _, sale_id = rep_and_sale(store, user="U0THIRD")
        with pytest.raises(PermissionDenied):
            create_link(store, other, sale_id, now=NOW)
        session.flush()
    assert rows(db, FeedbackLink) == []


def test_an_answer_is_recorded_once_and_the_link_is_then_used(db, made):
    token, sale_id = made
    with Session(db, expire_on_commit=False) as session:
        store = store_for_link(session, hashlib.sha256(token.encode()).hexdigest())
        answer = answer_link(store, token, score="2", comment="<b>late</b>", now=NOW, today=TODAY)
        session.commit()
    assert (answer.source, answer.score, answer.scale, answer.stage, answer.sale_id) == (
        "web",
        2,
        "csat",
        "order",
        sale_id,
    )
    assert answer.comment == "<b>late</b>" and answer.customer == "Acme <AS>" and answer.created_by_id is None
    (link,) = rows(db, FeedbackLink)
    assert link.used_at is not None and answer.link_id == link.id

    with Session(db) as session:
        store = store_of(session)
        with pytest.raises(LinkUnusable) as used:
            usable_link(store, token, now=NOW)
        assert used.value.reason == USED
        with pytest.raises(LinkUnusable):
            answer_link(store, token, score="5", comment="", now=NOW, today=TODAY)
    assert len(rows(db, Feedback)) == 1


def test_two_submissions_at_once_record_one_answer(db, made):
    """Both read the link unused; the conditional update lets only the first use it."""
    token, _ = made
    first, second = Session(db), Session(db)
    try:
        stores = [store_of(session) for session in (first, second)]
        links = [usable_link(store, token, now=NOW) for store in stores]
        assert stores[0].use_feedback_link(links[0].id, NOW)
        first.commit()
        assert not stores[1].use_feedback_link(links[1].id, NOW)
        second.rollback()
    finally:
        first.close()
        second.close()


def test_an_expired_link_or_an_unknown_token_records_nothing(db, made):
    token, _ = made
    with Session(db) as session:
        store = store_of(session)
        with pytest.raises(LinkUnusable) as expired:
            answer_link(store, token, score="5", comment="", now=NOW + timedelta(days=LINK_DAYS), today=TODAY)
        assert expired.value.reason == EXPIRED
        for wrong in ("", "x" * 43, token[:-1] + ("A" if token[-1] != "A" else "B"), token + "<"):
            with pytest.raises(LinkUnusable) as unknown:
                usable_link(store, wrong, now=NOW)
            assert unknown.value.reason == UNKNOWN
    assert rows(db, Feedback) == [] and rows(db, FeedbackLink)[0].used_at is None


def test_another_workspaces_store_does_not_find_the_link(db, made):
    token, _ = made
    with Session(db) as session:
        with pytest.raises(LinkUnusable) as unknown:
            usable_link(store_of(session, "T0TWO"), token, now=NOW)
        assert unknown.value.reason == UNKNOWN
        assert store_for_link(session, hashlib.sha256(b"not a token").hexdigest()) is None


def test_a_wrong_score_or_comment_leaves_the_link_unused(db, made):
    token, _ = made
    with Session(db) as session:
        store = store_of(session)
        for score, comment, field in (
            ("", "", "score"),
            ("6", "", "score"),
            ("abc", "", "score"),
            ("4", "x" * 2001, "comment"),
        ):
            with pytest.raises(FieldErrors) as refused:
                answer_link(store, token, score=score, comment=comment, now=NOW, today=TODAY)
            assert set(refused.value.errors) == {field}
        session.rollback()
    assert rows(db, Feedback) == [] and rows(db, FeedbackLink)[0].used_at is None
