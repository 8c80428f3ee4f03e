"""The driver closes modals as a person does, telling salesbot only when the view asked for it."""

from __future__ import annotations

from tests.conftest import OWNER


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
