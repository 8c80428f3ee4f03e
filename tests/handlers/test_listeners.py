"""The listener shapes (handlers/listeners.py): where a request's workspace is read from (an
Enterprise Grid org-wide install's events name no team in their authorization), and a modal
validated and acked without waiting on Slack."""

from __future__ import annotations

import time
from datetime import timedelta

from sqlmodel import Session, select

from storage.models import Person, Workspace
from tests.conftest import OWNER, REP
from tests.helpers import open_modal, rows, shown


def test_app_home_opens_for_an_org_wide_install(slack):
    slack.open_home(REP, org_wide=True)
    home = slack.fake.home_view(REP)
    assert home is not None and "Hi Rita Rep" in shown(home)


def test_a_modal_is_acked_without_waiting_on_slack(slack, db):
    """A stale profile is not refreshed before the ack: a rate-limited users.info would make
    Slack give up on the submission after 3 seconds."""
    slack.command("settings", user=OWNER)
    view = open_modal(slack, OWNER).view
    with Session(db) as session:
        owner = session.exec(select(Person).where(Person.slack_user_id == OWNER)).one()
        owner.refreshed_at = owner.refreshed_at - timedelta(days=2)
        session.add(owner)
        session.commit()
    slack.fake.fail_next("users.info", "ratelimited", status=429, retry_after=4)
    calls = len(slack.fake.calls_to("users.info"))
    started = time.monotonic()
    result = slack.submit(user=OWNER, view=view, answers={"currency": "SEK"}, wait=False)
    assert result.status == 200 and time.monotonic() - started < 1.5
    slack.wait_idle()
    assert len(slack.fake.calls_to("users.info")) == calls
    assert rows(db, Workspace)[0].currency == "SEK"
