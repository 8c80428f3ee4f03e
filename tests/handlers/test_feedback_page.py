"""The Feedback link button and the feedback page, through Slack's requests and plain HTTP
requests to the WSGI app (no browser: tests/handlers/test_feedback_browser.py has one)."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlencode

import pytest

from handlers import ids
from handlers.web.feedback_page import MAX_BODY
from handlers.web.html import CSP
from salesbot.feedback_links import LINK_DAYS
from storage.models import Feedback, FeedbackLink
from tests.conftest import MANAGER, REP, REP2
from tests.handlers.shop import NOW, last_ephemeral, record, shop_workspace
from tests.helpers import buttons, data, dms, last_reply, press, rows, shown

PUBLIC = "https://sales.example.com"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture
def ws(db):
    with shop_workspace(db, public_url=PUBLIC) as workspace:
        yield workspace


def make_link(ws, db, user=REP, text="result 10 000 Barista Pro customer:Acme <b>AS</b>") -> str:
    """The path of a new link for a new sale of ``user``'s, as the button showed it."""
    _, found = record(ws, db, user=user, text=text)
    press(ws, user, found[ids.SALE_FEEDBACK_LINK])
    ws.wait_idle()
    (url,) = re.findall(re.escape(PUBLIC) + r"(/feedback/[A-Za-z0-9_-]+)", last_ephemeral(ws, user).text)
    return url


def post(ws, path, fields=None, *, body=None, headers=None):
    raw = body if body is not None else urlencode(fields or {}).encode()
    return ws.browse("POST", path, raw, {**FORM, **(headers or {})})


def test_the_button_shows_the_link_once_privately_and_when_it_expires(ws, db):
    path = make_link(ws, db)
    reply = last_ephemeral(ws, REP)
    assert "works until Dec 2, 2026" in shown(reply) and "Only you see this link" in shown(reply)
    token = path.rsplit("/", 1)[1]
    (link,) = rows(db, FeedbackLink)
    assert token not in link.token_hash and link.person_id is not None
    assert not [p for p in ws.fake.snapshot_posted() if token in (p.text or "") and p.user != REP]


def test_the_page_asks_in_the_workspaces_language_with_strict_headers(ws, db):
    path = make_link(ws, db)
    page = ws.browse("GET", path)
    assert page.status == 200
    assert page.headers["content-security-policy"] == CSP
    assert "script-src" not in CSP and "'unsafe-inline'" not in CSP
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["cache-control"] == "no-store"
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    html = page.text
    assert "How satisfied are you with your order?" in html and "About: Barista Pro" in html
    assert 'name="viewport"' in html and "<script" not in html and "style=" not in html
    assert re.findall(r'name="score" value="(\d+)"', html) == ["1", "2", "3", "4", "5"]
    css = ws.browse("GET", "/feedback.css")
    assert css.status == 200 and css.headers["content-type"].startswith("text/css") and b".scale" in css.body

    with data(db) as store:
        store.update_workspace(locale="nb", feedback_scale="nps")
    path = make_link(ws, db)
    html = ws.browse("GET", path).text
    assert '<html lang="nb">' in html and "Hvor sannsynlig er det at du vil anbefale oss" in html
    assert re.findall(r'name="score" value="(\d+)"', html) == [str(n) for n in range(11)]


def test_an_answer_lands_once_escaped_and_the_link_is_then_used(ws, db):
    path = make_link(ws, db)
    comment = "<script>alert(1)</script> & «bra»"
    thanks = post(ws, path, {"score": "4", "comment": comment}, headers={"Origin": PUBLIC})
    assert thanks.status == 200 and "Thank you!" in thanks.text
    (answer,) = rows(db, Feedback)
    assert (answer.score, answer.source, answer.comment, answer.stage) == (4, "web", comment, "order")
    assert answer.customer == "Acme <b>AS</b>"
    assert rows(db, FeedbackLink)[0].used_at is not None

    again = post(ws, path, {"score": "1", "comment": "second"})
    assert again.status == 410 and "already been used" in again.text
    assert ws.browse("GET", path).status == 410
    assert len(rows(db, Feedback)) == 1


def test_what_was_typed_is_shown_escaped_when_the_form_comes_back(ws, db):
    path = make_link(ws, db)
    with data(db) as store:
        product = store.product_by_name("Barista Pro")
        product.name = 'Barista <img src=x onerror="alert(1)">'
        store.save_product(product)
    sent = post(ws, path, {"comment": "<script>alert(1)</script>"})
    assert sent.status == 400 and "Choose a score from 1 to 5 before sending." in sent.text
    assert "<script>alert(1)" not in sent.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in sent.text
    assert "<img" not in sent.text and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in sent.text
    assert rows(db, Feedback) == [] and rows(db, FeedbackLink)[0].used_at is None
    assert post(ws, path, {"score": "11"}).status == 400


def test_unknown_and_expired_links_get_a_clear_page_and_record_nothing(ws, db):
    unknown = ws.browse("GET", "/feedback/" + "A" * 43)
    assert unknown.status == 404 and "This link does not work" in unknown.text
    assert unknown.headers["content-security-policy"] == CSP
    assert ws.browse("GET", "/feedback/<script>").status == 404
    assert post(ws, "/feedback/" + "A" * 43, {"score": "5"}).status == 404

    path = make_link(ws, db)
    ws.clock.set(NOW + timedelta(days=LINK_DAYS, seconds=1))
    expired = ws.browse("GET", path)
    assert expired.status == 410 and f"Feedback links work for {LINK_DAYS} days" in expired.text
    assert post(ws, path, {"score": "5"}).status == 410
    assert rows(db, Feedback) == []


def test_posts_from_elsewhere_too_large_or_not_a_form_are_refused_unread(ws, db):
    path = make_link(ws, db)
    assert post(ws, path, {"score": "5"}, headers={"Origin": "https://evil.example"}).status == 403
    assert post(ws, path, {"score": "5"}, headers={"Sec-Fetch-Site": "cross-site"}).status == 403
    big = post(ws, path, body=b"score=5&comment=" + b"x" * MAX_BODY)
    assert big.status == 413 and "more text than the form takes" in big.text
    assert ws.browse("POST", path, b'{"score": 5}', {"Content-Type": "application/json"}).status == 415
    assert post(ws, path, body=b"score=5&comment=%ff").status == 400
    refused = ws.browse("PUT", path, b"score=5", FORM)
    assert refused.status == 405 and refused.headers["allow"] == "GET, POST"
    assert rows(db, Feedback) == []
    # A browser sends Origin: null from a no-referrer page; the same site is accepted.
    headers = {"Origin": "null", "Sec-Fetch-Site": "same-origin"}
    assert post(ws, path, {"score": "5"}, headers=headers).status == 200


def test_a_low_score_tells_the_reps_manager_with_the_comment_and_the_sale(ws, db):
    path = make_link(ws, db)
    post(ws, path, {"score": "1", "comment": "Never <arrived>"})
    ws.wait_idle()
    (told,) = low_scores(ws, MANAGER)
    assert "gave 1 of 5 for" in told and "Never &lt;arrived&gt;" in told
    assert "Barista Pro" in told and f"<@{REP}>" in told
    assert low_scores(ws, REP) == []
    # Its button shows the manager the sale itself, with the buttons they may use on it.
    posted = ws.fake.snapshot_posted()
    alert = next(p for p in posted if p.kind == "dm" and p.user == MANAGER and " of 5 for " in p.text)
    show = buttons(alert.blocks)[ids.SHOW_SALE]
    ws.click(user=MANAGER, action_id=ids.SHOW_SALE, value=show["value"], block_id="low_alert_sale")
    shown_sale = last_reply(ws, MANAGER)
    assert "The sale, as it stands:" in shown_sale and "Barista Pro" in shown_sale
    # Nobody else is shown it.
    ws.click(user=REP2, action_id=ids.SHOW_SALE, value=show["value"], block_id="low_alert_sale")
    assert "Barista Pro" not in last_reply(ws, REP2)

    path = make_link(ws, db)
    post(ws, path, {"score": "3"})
    assert len(low_scores(ws, MANAGER)) == 1


def low_scores(ws, user) -> list[str]:
    return [text for text in dms(ws, user) if " of 5 for " in text]


def test_without_a_public_url_the_button_explains_and_makes_nothing(db):
    with shop_workspace(db) as ws:
        _, found = record(ws, db)
        press(ws, REP, found[ids.SALE_FEEDBACK_LINK])
        ws.wait_idle()
        assert "SALESBOT_PUBLIC_URL" in shown(last_ephemeral(ws, REP))
        assert rows(db, FeedbackLink) == []


def test_a_lost_sale_has_no_button_and_others_cannot_make_links(ws, db):
    sale, found = record(ws, db)
    # Per is outside Rita's team: a crafted click is refused.
    press(ws, REP2, found[ids.SALE_FEEDBACK_LINK])
    ws.wait_idle()
    assert rows(db, FeedbackLink) == []
    # Her manager may.
    press(ws, MANAGER, found[ids.SALE_FEEDBACK_LINK])
    ws.wait_idle()
    assert len(rows(db, FeedbackLink)) == 1 and PUBLIC + "/feedback/" in last_ephemeral(ws, MANAGER).text

    # A sale lost since the button was shown: refused, nothing made.
    with data(db) as store:
        stored = store.sale(sale.id)
        stored.lost_on, stored.lost_reason = stored.ordered_on, "price"
        store.save_sale(stored)
    press(ws, REP, found[ids.SALE_FEEDBACK_LINK])
    ws.wait_idle()
    assert "A lost sale has no customer to ask" in shown(last_ephemeral(ws, REP))
    assert len(rows(db, FeedbackLink)) == 1
