"""The feedback page in a real browser: headless Chromium at a phone's size, through a loopback
HTTP server, after a rep made the link with the Slack button.

Needs Debian's ``chromium`` and ``chromium-driver`` (``.ci/run`` installs them). Without them the
test is skipped, except in CI (``CI`` set), where it fails: there they must be present.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
import urllib.request
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.expected_conditions import staleness_of
from selenium.webdriver.support.wait import WebDriverWait

from handlers import ids
from handlers.web.html import CSP
from storage.models import Feedback, FeedbackLink
from tests.conftest import REP
from tests.handlers.shop import last_ephemeral, record, shop_workspace
from tests.helpers import press, rows

COMMENT = "<script>alert(1)</script> Kaffen kom kald"


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args) -> None:  # the test's output is not an access log
        pass


def _browser_or_skip():
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver):
        why = "Debian's chromium and chromium-driver are not installed (.ci/run installs them)"
        if os.environ.get("CI"):
            pytest.fail(why + "; CI runs the browser test")
        pytest.skip(why)
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        options.add_argument(argument)
    # A phone: 390 × 844 CSS pixels, touch, so the page's viewport meta is what lays it out.
    options.add_experimental_option(
        "mobileEmulation", {"deviceMetrics": {"width": 390, "height": 844, "pixelRatio": 3, "touch": True}}
    )
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(driver), options=options)


@pytest.fixture
def served(db):
    """The app on a loopback port, its public address that port: (workspace, base URL)."""
    app = {}
    server = make_server(
        "127.0.0.1",
        0,
        lambda environ, start_response: app["wsgi"](environ, start_response),
        server_class=_ThreadingServer,
        handler_class=_QuietHandler,
    )
    base = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    with shop_workspace(db, public_url=base) as workspace:
        app["wsgi"] = workspace.wsgi
        thread.start()
        try:
            yield workspace, base
        finally:
            server.shutdown()
            server.server_close()


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

    browser = _browser_or_skip()
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
        refused = [
            e["message"] for e in browser.get_log("browser") if "Content Security Policy" in e["message"]
        ]
        assert refused == []
    finally:
        browser.quit()
