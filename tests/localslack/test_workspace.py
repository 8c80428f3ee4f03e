"""The driver closes modals as a person does, telling salesbot only when the view asked for it, and
fills an external select as Slack does: from the options salesbot answered a block_suggestion with."""

from __future__ import annotations

import pytest

from storage.models import Workspace
from tests.conftest import OWNER
from tests.helpers import rows


def test_closing_a_modal_removes_it_and_sends_view_closed_only_when_asked(slack):
    slack.command("settings", user=OWNER)
    settings = slack.fake.top_view(OWNER)

    assert slack.close(user=OWNER, view=settings) is None  # salesbot's modals do not ask to be told
    assert slack.fake.top_view(OWNER) is None
    assert slack.close(user=OWNER, view=settings) is None  # already closed: nothing to do

    slack.command("settings", user=OWNER)
    told = {**slack.fake.top_view(OWNER), "notify_on_close": True}
    result = slack.close(user=OWNER, view=told)

    assert result is not None  # a signed view_closed went to the app
    assert slack.fake.top_view(OWNER) is None


def test_an_external_select_submits_only_what_salesbot_offered_for_what_was_typed(slack, db):
    slack.command("settings", user=OWNER)
    view = slack.fake.top_view(OWNER)
    with pytest.raises(ValueError, match="never shown in the timezone menu"):
        slack.submit(user=OWNER, view=view, answers={"timezone": "America/La_Paz"})

    found = slack.suggest(user=OWNER, view=view, action_id="timezone", value="la paz")
    assert found == [
        {
            "text": {"type": "plain_text", "text": "America/La_Paz (Bolivia)", "emoji": True},
            "value": "America/La_Paz",
        }
    ]
    assert slack.submit(user=OWNER, view=view, answers={"timezone": "America/La_Paz"}).status == 200
    assert rows(db, Workspace)[0].timezone == "America/La_Paz"

    with pytest.raises(ValueError, match="no input with action id"):
        slack.suggest(user=OWNER, view=view, action_id="nothing_here", value="x")


def test_a_message_shortcut_is_a_signed_message_action_with_the_message(slack):
    from handlers.ids import LOG_FEEDBACK_SHORTCUT

    message = slack.fake.user_says("C0GENERAL", OWNER, "Customers love it")
    result = slack.shortcut(user=OWNER, callback_id=LOG_FEEDBACK_SHORTCUT, message=message)
    assert result.status == 200
    opened = slack.fake.wait_for_posted(lambda p: p.kind == "modal_open" and p.user == OWNER)
    assert opened.view["callback_id"] == "feedback_log_modal"
