"""A Slack admin installing salesbot, in a real browser: headless Chromium asking for Norwegian
opens the Add to Slack page on a loopback server, sees it drawn in its styles under the page's
Content Security Policy, carries Bolt's state cookie to Slack's authorize page and back (the
fake Slack stands in for that page), and lands on the installed page in Norwegian."""

from __future__ import annotations

import re
import secrets
from urllib.parse import parse_qs, urlsplit

import pytest
from selenium.webdriver.common.by import By
from sqlalchemy import select
from sqlmodel import Session

from localslack.webapi import FakeSlack
from localslack.workspace import LocalWorkspace
from storage.models import SLACK_BOTS
from tests.handlers.browser import browser_or_skip, loopback, refused_by_csp
from tests.handlers.installs import CLIENT

TEAM = "T0BROWSER"
AUBERGINE = "rgb(74, 21, 75)"  # a.button in feedback.css: the stylesheet loaded


@pytest.fixture
def served(db):
    fake = FakeSlack(team_id=TEAM, bot_token="xoxb-unused-" + secrets.token_hex(4)).start()
    fake.enable_oauth(*CLIENT)
    app = {}
    with loopback(lambda: app["wsgi"]) as base:
        workspace = LocalWorkspace.start(db, team_id=TEAM, fake=fake, oauth=CLIENT, public_url=base)
        app["wsgi"] = workspace.wsgi
        try:
            yield workspace, base
        finally:
            workspace.stop()


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)  # the flow runs on both elsewhere
def test_an_admin_installs_from_a_norwegian_browser(served, db):
    ws, base = served
    browser = browser_or_skip(languages="nb-NO,nb,en")
    try:
        browser.get(f"{base}/slack/install")
        assert browser.find_element(By.TAG_NAME, "h1").text == "Legg til salesbot i Slack"
        button = browser.find_element(By.CSS_SELECTOR, "a.button")
        assert button.text == "Legg til i Slack" and button.is_displayed()
        assert (
            browser.execute_script("return getComputedStyle(arguments[0]).backgroundColor", button)
            == AUBERGINE
        )
        authorize = urlsplit(button.get_attribute("href"))
        assert (authorize.scheme, authorize.netloc, authorize.path) == (
            "https",
            "slack.com",
            "/oauth/v2/authorize",
        )
        (state,) = parse_qs(authorize.query)["state"]
        assert browser.get_cookie("slack-app-oauth-state")["value"] == state

        # Slack's own page is not on this machine: the admin allows the app there, and Slack
        # sends the browser back with a code, the state and the cookie.
        code = ws.fake.authorize(TEAM, "Fjordkaffe AS")
        browser.get(f"{base}/slack/oauth_redirect?code={code}&state={state}")
        assert browser.find_element(By.TAG_NAME, "h1").text == "salesbot er installert i Fjordkaffe AS"
        links = {a.text: a.get_attribute("href") for a in browser.find_elements(By.TAG_NAME, "a")}
        assert links["Åpne Slack"] == f"slack://app?team={TEAM}&id={ws.fake.app_id}"
        assert re.search(r"/sales hjelp", browser.find_element(By.TAG_NAME, "main").text)
        assert browser.get_cookie("slack-app-oauth-state") is None  # spent
        assert refused_by_csp(browser) == []
    finally:
        browser.quit()
    with Session(db) as session:
        assert session.execute(select(SLACK_BOTS.c.team_id)).scalars().all() == [TEAM]
