"""The feedback page in a real browser: headless Chromium at a phone's size, through a loopback
HTTP server, after a rep made the link with the Slack button.

The browser and the loopback server are ``tests/handlers/browser.py``'s.
"""

from __future__ import annotations

import re
import urllib.request

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.expected_conditions import staleness_of
from selenium.webdriver.support.wait import WebDriverWait

from handlers import ids
from handlers.web.html import CSP
from storage.models import Feedback, FeedbackLink
from tests.conftest import REP
from tests.handlers.browser import browser_or_skip, loopback, refused_by_csp
from tests.handlers.shop import last_ephemeral, record, shop_workspace
from tests.helpers import press, rows

COMMENT = "<script>alert(1)</script> Kaffen kom kald"


@pytest.fixture
def served(db):
    """The app on a loopback port, its public address that port: (workspace, base URL)."""
    app = {}
    with loopback(lambda: app["wsgi"]) as base, shop_workspace(db, public_url=base) as workspace:
        app["wsgi"] = workspace.wsgi
        yield workspace, base


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)  # the rules run on both elsewhere
def test_a_customer_answers_on_a_phone_and_the_answer_lands(served, db):
    ws, base = served
    _, found = record(ws, db)
    press(ws, REP, found[ids.SALE_FEEDBACK_LINK])
    ws.wait_idle()
    (url,) = re.findall(re.escape(base) + r"/feedback/[A-Za-z0-9_-]+", last_ephemeral(ws, REP).text)

    with urllib.request.urlopen(url) as response:
        assert response.headers["Content-Security-Policy"] == CSP
        assert response.headers["X-Content-Type-Options"] == "nosniff"

    browser = browser_or_skip(phone=True)
    try:
        browser.get(url)
        assert browser.find_element(By.TAG_NAME, "h1").text == "How satisfied are you with your order?"
        assert browser.execute_script("return window.innerWidth") == 390
        # Laid out for the phone: nothing wider than the screen.
        assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
        tile = browser.find_element(By.XPATH, "//input[@name='score'][@value='2']/following-sibling::span")
        assert tile.size["height"] >= 44 and tile.size["width"] >= 44  # thumb-sized, as the stylesheet says
        tile.click()
        # The stylesheet loaded under the CSP: the tapped tile is drawn picked.
        colour = browser.execute_script("return getComputedStyle(arguments[0]).backgroundColor", tile)
        assert colour == "rgb(18, 100, 163)"
        browser.find_element(By.ID, "comment").send_keys(COMMENT)
        question = browser.find_element(By.TAG_NAME, "h1")
        browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        WebDriverWait(browser, 10).until(staleness_of(question))  # the answer's page has loaded

        assert browser.find_element(By.TAG_NAME, "h1").text == "Thank you!"
        (answer,) = rows(db, Feedback)
        assert (answer.score, answer.comment, answer.source) == (2, COMMENT, "web")
        assert rows(db, FeedbackLink)[0].used_at is not None

        browser.get(url)
        assert browser.find_element(By.TAG_NAME, "h1").text == "This link has already been used"
        assert len(rows(db, Feedback)) == 1
        assert refused_by_csp(browser) == []
    finally:
        browser.quit()
