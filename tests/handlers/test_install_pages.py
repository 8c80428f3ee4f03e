"""The install pages (handlers/web/install_pages.py) in the installer's language: the Add to Slack
page with Bolt's authorize URL and state (its cookie still set), and the pages after Slack sends
the installer back: installed (a workspace, an Enterprise Grid organization), cancelled, expired
or forged state, and a code Slack does not know; in English and Norwegian, by Accept-Language."""

from __future__ import annotations

import re
import secrets
from html import unescape

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from handlers.web.html import CSP
from localslack.webapi import FakeSlack
from localslack.workspace import LocalWorkspace
from storage.models import SLACK_BOTS, SLACK_OAUTH_STATES
from tests.handlers.installs import AUTHORIZE_URL, CLIENT

TEAM = "T0PAGES"
ENGLISH = "en-GB,en;q=0.9"
NORWEGIAN = "nb-NO,nb;q=0.9,no;q=0.8,en;q=0.5"
COOKIE = "slack-app-oauth-state"


@pytest.fixture
def ws(db):
    fake = FakeSlack(team_id=TEAM, bot_token="xoxb-unused-" + secrets.token_hex(4)).start()
    fake.enable_oauth(*CLIENT)
    workspace = LocalWorkspace.start(db, team_id=TEAM, fake=fake, oauth=CLIENT)
    try:
        yield workspace
    finally:
        workspace.stop()


def heading(html: str) -> str:
    return unescape(re.search(r"<h1>(.*?)</h1>", html, re.S).group(1))


def text_of(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html))


def links(html: str) -> dict[str, str]:
    """The page's links: their text → their address."""
    return {
        unescape(label): unescape(href)
        for href, label in re.findall(r'<a [^>]*href="([^"]*)"[^>]*>(.*?)</a>', html)
    }


def served_as_a_page(result) -> None:
    assert result.headers["content-type"] == "text/html; charset=utf-8"
    assert result.headers["content-security-policy"] == CSP
    assert result.headers["x-frame-options"] == "DENY" and result.headers["cache-control"] == "no-store"
    assert '<link rel="stylesheet" href="../feedback.css">' in result.text
    assert "<script" not in result.text


def start(ws: LocalWorkspace, language: str) -> tuple[str, str]:
    """The install page in ``language``: the state in its Add to Slack URL, and the state cookie."""
    page = ws.get("/slack/install", headers={"Accept-Language": language})
    assert page.status == 200
    served_as_a_page(page)
    url = unescape(AUTHORIZE_URL.search(page.text).group(1))
    state = re.search(r"[?&]state=([^&]+)", url).group(1)
    cookie = page.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}={state};") and "HttpOnly" in cookie and "Secure" in cookie
    return state, cookie.split(";")[0]


def back(ws: LocalWorkspace, language: str, query: str, cookie: str | None):
    headers = {"Accept-Language": language}
    if cookie:
        headers["Cookie"] = cookie
    return ws.get(f"/slack/oauth_redirect?{query}", headers=headers)


def bots(db) -> int:
    with Session(db) as session:
        return session.execute(select(func.count()).select_from(SLACK_BOTS)).scalar()


@pytest.mark.parametrize(
    ("language", "lang", "title", "button", "words"),
    [
        (ENGLISH, "en", "Add salesbot to Slack", "Add to Slack", "one command, /sales"),
        (NORWEGIAN, "nb", "Legg til salesbot i Slack", "Legg til i Slack", "én kommando, /sales"),
        ("de-DE,de;q=0.9", "en", "Add salesbot to Slack", "Add to Slack", "in English or Norwegian"),
    ],
)
def test_the_install_page_speaks_the_installers_language(ws, db, language, lang, title, button, words):
    page = ws.get("/slack/install", headers={"Accept-Language": language})
    assert f'<html lang="{lang}">' in page.text
    assert heading(page.text) == title and f"<title>{title}</title>" in page.text
    assert words in text_of(page.text)
    # The button is Bolt's authorize URL, with the app's scopes and a state of its own.
    url = links(page.text)[button]
    assert url.startswith("https://slack.com/oauth/v2/authorize?")
    assert "client_id=1234.5678" in url and "scope=commands,chat:write," in url
    state, cookie = start(ws, language)
    assert cookie == f"{COOKIE}={state}"
    with Session(db) as session:
        stored = session.execute(select(SLACK_OAUTH_STATES.c.state)).scalars().all()
    assert state in stored and len(stored) == 2  # one for each page shown


@pytest.mark.parametrize(
    ("language", "title", "button", "next_step", "browser"),
    [
        (
            ENGLISH,
            "salesbot is installed in Nord AS",
            "Open Slack",
            "/sales help",
            "Open Slack in your browser instead",
        ),
        (
            NORWEGIAN,
            "salesbot er installert i Nord AS",
            "Åpne Slack",
            "/sales hjelp",
            "Åpne Slack i nettleseren i stedet",
        ),
    ],
)
def test_installed_the_page_says_to_open_slack(ws, db, language, title, button, next_step, browser):
    state, cookie = start(ws, language)
    code = ws.fake.authorize(TEAM, "Nord AS")
    result = back(ws, language, f"code={code}&state={state}", cookie)
    assert result.status == 200
    served_as_a_page(result)
    assert heading(result.text) == title and next_step in text_of(result.text)
    found = links(result.text)
    assert found[button] == f"slack://app?team={TEAM}&id={ws.fake.app_id}"
    assert found[browser] == f"https://app.slack.com/client/{TEAM}"
    assert result.headers["set-cookie"].startswith(f"{COOKIE}=deleted;")
    assert bots(db) == 1


@pytest.mark.parametrize(
    ("language", "title", "button"),
    [
        (ENGLISH, "salesbot is installed in Enterprise", "Choose workspaces"),
        (NORWEGIAN, "salesbot er installert i Enterprise", "Velg arbeidsområder"),
    ],
)
def test_installed_org_wide_the_page_says_to_choose_the_workspaces(ws, language, title, button):
    state, cookie = start(ws, language)
    code = ws.fake.authorize(TEAM, "Nord AS", enterprise_id="E0ORG", org_wide=True)
    result = back(ws, language, f"code={code}&state={state}", cookie)
    assert result.status == 200 and heading(result.text) == title
    # The organization's own page for adding the app to its workspaces (auth.test's url).
    assert links(result.text)[button] == (
        f"https://local-workspace.slack.com/manage/organization/apps/profile/{ws.fake.app_id}/workspaces/add"
    )


@pytest.mark.parametrize(
    ("language", "title", "advice", "again"),
    [
        (ENGLISH, "salesbot was not installed", "ask one of its Slack admins", "Try again"),
        (NORWEGIAN, "salesbot ble ikke installert", "be en av Slack-administratorene", "Prøv igjen"),
    ],
)
def test_cancelled_on_slacks_page_the_page_says_try_again_or_ask_an_admin(
    ws, db, language, title, advice, again
):
    state, cookie = start(ws, language)
    result = back(ws, language, f"error=access_denied&state={state}", cookie)
    assert result.status == 200
    served_as_a_page(result)
    assert heading(result.text) == title and advice in text_of(result.text)
    assert links(result.text)[again] == "install"  # /slack/install, beside /slack/oauth_redirect
    assert result.headers["set-cookie"].startswith(f"{COOKIE}=deleted;")
    assert bots(db) == 0


@pytest.mark.parametrize(
    ("language", "title", "within", "again"),
    [
        (ENGLISH, "This installation link has expired", "within 10 minutes", "Try again"),
        (NORWEGIAN, "Installasjonslenken er utløpt", "innen 10 minutter", "Prøv igjen"),
    ],
)
def test_an_invalid_state_gets_the_expired_page(ws, db, language, title, within, again):
    state, cookie = start(ws, language)
    code = ws.fake.authorize(TEAM, "Nord AS")
    # Another browser (no state cookie), a forged state, a state used twice: all refused.
    no_cookie = back(ws, language, f"code={code}&state={state}", None)
    forged = back(ws, language, f"code={code}&state=forged", f"{COOKIE}=forged")
    for refused, status in ((no_cookie, 400), (forged, 401)):
        assert refused.status == status
        served_as_a_page(refused)
        assert heading(refused.text) == title and within in text_of(refused.text)
        assert links(refused.text)[again] == "install"
    assert bots(db) == 0
    assert back(ws, language, f"code={code}&state={state}", cookie).status == 200
    replayed = back(ws, language, f"code={ws.fake.authorize(TEAM, 'Nord AS')}&state={state}", cookie)
    assert replayed.status == 401 and heading(replayed.text) == title


@pytest.mark.parametrize(
    ("language", "title", "advice", "code_line"),
    [
        (ENGLISH, "salesbot could not be installed", "whoever runs salesbot", "Code: invalid_code"),
        (NORWEGIAN, "salesbot kunne ikke installeres", "den som drifter salesbot", "Kode: invalid_code"),
    ],
)
def test_a_code_slack_does_not_know_gets_the_failure_page_with_what_to_do(
    ws, db, language, title, advice, code_line
):
    state, cookie = start(ws, language)
    result = back(ws, language, f"code=made-up&state={state}", cookie)
    assert result.status == 401
    served_as_a_page(result)
    assert heading(result.text) == title
    assert advice in text_of(result.text) and code_line in text_of(result.text)
    assert bots(db) == 0


def test_slacks_error_is_shown_escaped(ws):
    state, cookie = start(ws, ENGLISH)
    result = back(ws, ENGLISH, f"error=%3Cb%3Ebad%3C%2Fb%3E&state={state}", cookie)
    assert "<b>bad</b>" not in result.text and "Code: &lt;b&gt;bad&lt;/b&gt;" in result.text
