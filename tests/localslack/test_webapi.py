"""The local fake Slack refuses what Slack refuses, through the real slack_sdk clients."""

import urllib.request

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.webhook import WebhookClient

from localslack.webapi import FakeSlack, FakeUser


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1_790_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def fake(clock: Clock):
    with FakeSlack(clock=clock) as fake:
        fake.add_user(FakeUser("U0ALICE", "alice", "Alice Example", locale="nb-NO", is_admin=True))
        fake.add_channel("C0SALES", "sales")
        fake.add_channel("C0ELSEWHERE", "elsewhere", is_member=False)
        fake.add_channel("G0SECRET", "secret", is_member=False, is_private=True)
        yield fake


@pytest.fixture
def client(fake: FakeSlack) -> WebClient:
    return WebClient(base_url=fake.api_url, token=fake.bot_token, retry_handlers=[])


def section(i: int) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": f"line {i}"}}


def button(label: str, action_id: str = "go") -> dict:
    return {"type": "button", "text": {"type": "plain_text", "text": label}, "action_id": action_id}


def modal(blocks: list, **extra) -> dict:
    return {"type": "modal", "title": {"type": "plain_text", "text": "Goal"}, "blocks": blocks, **extra}


def error_of(call) -> tuple[str, list[str]]:
    with pytest.raises(SlackApiError) as caught:
        call()
    response = caught.value.response
    return response["error"], response.get("response_metadata", {}).get("messages", [])


def test_a_message_of_51_blocks_is_rejected_with_a_pointer(fake, client):
    client.chat_postMessage(channel="C0SALES", text="fifty", blocks=[section(i) for i in range(50)])

    error, messages = error_of(
        lambda: client.chat_postMessage(
            channel="C0SALES", text="too many", blocks=[section(i) for i in range(51)]
        )
    )

    assert error == "invalid_blocks"
    assert "[ERROR] no more than 50 items allowed [json-pointer:/blocks]" in messages
    assert [p.kind for p in fake.snapshot_posted()] == ["message"]


def test_a_76_character_button_label_is_rejected(client):
    ok = {"type": "actions", "elements": [button("x" * 75)]}
    client.chat_postMessage(channel="C0SALES", text="ok", blocks=[ok])

    too_long = {"type": "actions", "elements": [button("x" * 76)]}
    error, messages = error_of(
        lambda: client.chat_postMessage(channel="C0SALES", text="no", blocks=[section(0), too_long])
    )

    assert error == "invalid_blocks"
    assert messages == [
        "[ERROR] must be less than 76 characters [json-pointer:/blocks/1/elements/0/text/text]"
    ]


def test_a_modal_takes_100_blocks_but_not_101(fake, client):
    opened = client.views_open(
        trigger_id=fake.issue_trigger_id("U0ALICE"), view=modal([section(i) for i in range(100)])
    )
    assert opened["view"]["id"] in fake.views

    error, messages = error_of(
        lambda: client.views_open(
            trigger_id=fake.issue_trigger_id("U0ALICE"), view=modal([section(i) for i in range(101)])
        )
    )
    assert error == "invalid_arguments"
    assert "[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]" in messages


def test_a_view_is_in_the_workspace_whose_token_opened_it(fake, client):
    fake.enable_oauth("1.2", "secret")
    code = fake.authorize("T0OTHER", "Other AS")
    token = WebClient(base_url=fake.api_url).oauth_v2_access(
        client_id="1.2", client_secret="secret", code=code
    )["access_token"]
    other = WebClient(base_url=fake.api_url, token=token, retry_handlers=[])

    theirs = other.views_open(trigger_id=fake.issue_trigger_id("U0ALICE"), view=modal([section(0)]))["view"]
    ours = client.views_open(trigger_id=fake.issue_trigger_id("U0ALICE"), view=modal([section(0)]))["view"]

    # Bolt reads a submission's workspace from the view's app_installed_team_id.
    assert (theirs["team_id"], theirs["app_installed_team_id"]) == ("T0OTHER", "T0OTHER")
    assert (ours["team_id"], ours["app_installed_team_id"]) == (fake.team_id, fake.team_id)


def test_trigger_ids_expire_after_3_seconds_and_work_once(fake, client, clock):
    late = fake.issue_trigger_id("U0ALICE")
    clock.now += 3.5
    assert (
        error_of(lambda: client.views_open(trigger_id=late, view=modal([section(0)])))[0]
        == "expired_trigger_id"
    )

    fresh = fake.issue_trigger_id("U0ALICE")
    clock.now += 2.5
    client.views_open(trigger_id=fresh, view=modal([section(0)]))
    assert (
        error_of(lambda: client.views_open(trigger_id=fresh, view=modal([section(0)])))[0]
        == "exchanged_trigger_id"
    )
    assert (
        error_of(lambda: client.views_open(trigger_id="1.2.abc", view=modal([section(0)])))[0]
        == "invalid_trigger_id"
    )


def test_views_update_with_a_stale_hash_is_a_conflict(fake, client):
    opened = client.views_open(trigger_id=fake.issue_trigger_id("U0ALICE"), view=modal([section(0)]))["view"]

    updated = client.views_update(view_id=opened["id"], hash=opened["hash"], view=modal([section(1)]))["view"]

    assert updated["hash"] != opened["hash"]
    stale = lambda: client.views_update(view_id=opened["id"], hash=opened["hash"], view=modal([section(2)]))  # noqa: E731
    assert error_of(stale)[0] == "hash_conflict"
    assert error_of(lambda: client.views_update(view_id="V404", view=modal([section(2)])))[0] == "not_found"
    assert [p.kind for p in fake.snapshot_posted()] == ["modal_open", "modal_update"]


def test_views_push_stops_at_three_views(fake, client):
    client.views_open(trigger_id=fake.issue_trigger_id("U0ALICE"), view=modal([section(0)]))
    client.views_push(trigger_id=fake.issue_trigger_id("U0ALICE"), view=modal([section(1)]))
    top = client.views_push(trigger_id=fake.issue_trigger_id("U0ALICE"), view=modal([section(2)]))["view"]

    push = lambda: client.views_push(trigger_id=fake.issue_trigger_id("U0ALICE"), view=modal([section(3)]))  # noqa: E731
    assert error_of(push)[0] == "push_limit_reached"
    assert fake.top_view("U0ALICE")["id"] == top["id"]
    fake.close_view(top["id"])
    assert fake.top_view("U0ALICE")["id"] == top["previous_view_id"]


def test_a_bad_or_missing_token_is_refused(fake):
    assert (
        error_of(lambda: WebClient(base_url=fake.api_url, token="xoxb-wrong").auth_test())[0]
        == "invalid_auth"
    )
    assert error_of(lambda: WebClient(base_url=fake.api_url).auth_test())[0] == "not_authed"
    assert fake.calls_to("auth.test")[0].token == "xoxb-wrong"
    assert "xoxb-wrong" not in repr(fake.calls_to("auth.test")[0])


def test_auth_test_describes_the_bot(fake, client):
    response = client.auth_test()
    assert (response["team_id"], response["user_id"], response["bot_id"]) == (
        "T0LOCAL",
        "U0SALESBOT",
        "B0SALESBOT",
    )
    assert response["is_enterprise_install"] is False


def test_response_url_works_five_times_through_webhook_client(fake):
    url = fake.new_response_url(user_id="U0ALICE", channel_id="C0ELSEWHERE")
    webhook = WebhookClient(url)

    for n in range(5):
        response = webhook.send(text=f"reply {n}", response_type="ephemeral" if n else "in_channel")
        assert (response.status_code, response.body) == (200, "ok")
    sixth = webhook.send(text="one too many")

    assert (sixth.status_code, sixth.body) == (404, "expired_url")
    kinds = [(p.kind, p.user, p.channel) for p in fake.snapshot_posted()]
    assert kinds == [("in_channel", "U0ALICE", "C0ELSEWHERE")] + [("ephemeral", "U0ALICE", "C0ELSEWHERE")] * 4
    assert len(fake.calls_to("response_url")) == 6


def test_response_url_expires_after_30_minutes_and_checks_blocks(fake, clock):
    url = fake.new_response_url(user_id="U0ALICE", channel_id="C0SALES")
    webhook = WebhookClient(url)

    bad = webhook.send(text="x", blocks=[section(i) for i in range(51)])
    assert (bad.status_code, bad.body) == (400, "invalid_blocks")
    assert webhook.send(blocks=[]).body == "no_text"

    clock.now += 30 * 60 + 1
    late = webhook.send(text="too late")
    assert (late.status_code, late.body) == (404, "expired_url")


def test_response_url_replaces_and_deletes_the_original_message(fake, client):
    posted = client.chat_postMessage(channel="C0SALES", text="vote", blocks=[section(0)])
    url = fake.new_response_url(user_id="U0ALICE", channel_id="C0SALES", message_ts=posted["ts"])

    WebhookClient(url).send(text="voted", replace_original=True)
    assert fake.messages[("C0SALES", posted["ts"])]["text"] == "voted"
    WebhookClient(url).send(delete_original=True)

    assert ("C0SALES", posted["ts"]) not in fake.messages
    assert [(p.kind, p.ts) for p in fake.snapshot_posted()][1:] == [
        ("update", posted["ts"]),
        ("delete", posted["ts"]),
    ]


def test_users_info_includes_locale_only_when_asked(client):
    plain = client.users_info(user="U0ALICE")["user"]
    with_locale = client.users_info(user="U0ALICE", include_locale=True)["user"]

    assert "locale" not in plain
    assert with_locale["locale"] == "nb-NO"
    assert plain["is_admin"] is True
    assert plain["profile"]["real_name"] == "Alice Example"
    assert plain["tz"] == "Europe/Oslo" and plain["tz_offset"] in (3600, 7200)
    assert error_of(lambda: client.users_info(user="U0NOBODY"))[0] == "user_not_found"


def test_users_list_pages(fake, client):
    for n in range(3):
        fake.add_user(FakeUser(f"U0REP{n}", f"rep{n}", f"Rep {n}"))
    first = client.users_list(limit=3)
    second = client.users_list(limit=3, cursor=first["response_metadata"]["next_cursor"])

    ids = [m["id"] for m in first["members"] + second["members"]]
    assert sorted(ids) == sorted(fake.users) and len(ids) == 5
    assert second["response_metadata"]["next_cursor"] == ""


def test_posting_where_the_bot_is_not_a_member_is_refused(client):
    assert error_of(lambda: client.chat_postMessage(channel="C0ELSEWHERE", text="hi"))[0] == "not_in_channel"
    assert error_of(lambda: client.chat_postMessage(channel="G0SECRET", text="hi"))[0] == "channel_not_found"
    assert error_of(lambda: client.chat_postEphemeral(channel="C0ELSEWHERE", user="U0ALICE", text="hi"))[
        0
    ] == ("not_in_channel")
    assert error_of(lambda: client.chat_postMessage(channel="C0NOWHERE", text="hi"))[0] == "channel_not_found"


def test_an_archived_channel_says_so_and_takes_no_posts(fake, client):
    fake.add_channel("C0OLD", "old-sales", is_archived=True)
    assert client.conversations_info(channel="C0OLD")["channel"]["is_archived"] is True
    assert client.conversations_info(channel="C0SALES")["channel"]["is_archived"] is False
    assert error_of(lambda: client.chat_postMessage(channel="C0OLD", text="hi"))[0] == "is_archived"


@pytest.mark.filterwarnings("ignore:The top-level `text` argument is missing")
def test_messages_need_content_and_a_sane_length(client):
    assert error_of(lambda: client.chat_postMessage(channel="C0SALES"))[0] == "no_text"
    assert (
        error_of(lambda: client.chat_postMessage(channel="C0SALES", text="x" * 40_001))[0] == "msg_too_long"
    )


def test_a_user_id_channel_is_the_app_dm(fake, client):
    opened = client.conversations_open(users="U0ALICE")["channel"]["id"]
    posted = client.chat_postMessage(channel="U0ALICE", text="hello")

    assert posted["channel"] == opened == fake.im_channel("U0ALICE")
    assert opened.startswith("D")
    item = fake.wait_for_posted(lambda p: p.kind == "dm")
    assert (item.user, item.text, item.ts) == ("U0ALICE", "hello", posted["ts"])
    assert client.conversations_info(channel=opened)["channel"]["user"] == "U0ALICE"


def test_update_and_delete_need_a_known_message(client):
    posted = client.chat_postMessage(channel="C0SALES", text="before")

    updated = client.chat_update(channel="C0SALES", ts=posted["ts"], text="after")
    assert updated["message"]["text"] == "after"
    assert (
        error_of(lambda: client.chat_update(channel="C0SALES", ts="1.000001", text="x"))[0]
        == "message_not_found"
    )
    client.chat_delete(channel="C0SALES", ts=posted["ts"])
    assert error_of(lambda: client.chat_delete(channel="C0SALES", ts=posted["ts"]))[0] == "message_not_found"


def test_a_queued_rate_limit_answers_429_with_retry_after(fake, client):
    fake.fail_next("chat.postMessage", "ratelimited", status=429, retry_after=1)

    with pytest.raises(SlackApiError) as caught:
        client.chat_postMessage(channel="C0SALES", text="hi")

    assert caught.value.response.status_code == 429
    assert caught.value.response.headers["Retry-After"] == "1"
    assert caught.value.response["error"] == "ratelimited"


def test_the_sdk_rate_limit_handler_retries_through(fake):
    retrying = WebClient(
        base_url=fake.api_url,
        token=fake.bot_token,
        retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=1)],
    )
    fake.fail_next("chat.postMessage", "ratelimited", status=429, retry_after=1)

    response = retrying.chat_postMessage(channel="C0SALES", text="hi")

    assert response["ok"] is True
    assert [c.status for c in fake.calls_to("chat.postMessage")] == [429, 200]
    assert len(fake.snapshot_posted()) == 1


def test_an_outage_fails_every_call_until_it_ends(fake, client, monkeypatch):
    now = [1000.0]
    monkeypatch.setattr("localslack.webapi.time.monotonic", lambda: now[0])
    url = fake.new_response_url(user_id="U0ALICE", channel_id="C0SALES")
    fake.fail_for(5, "ratelimited", status=429, retry_after=1)

    with pytest.raises(SlackApiError) as caught:
        client.chat_postMessage(channel="C0SALES", text="hi")
    assert caught.value.response.status_code == 429
    assert caught.value.response.headers["Retry-After"] == "1"
    assert error_of(lambda: client.users_info(user="U0ALICE"))[0] == "ratelimited"
    # A rate limit on the Web API leaves response_urls alone unless asked.
    assert WebhookClient(url).send(text="still here").status_code == 200

    fake.fail_for(5, "internal_error", status=500, response_urls=True)
    assert WebhookClient(url).send(text="down").status_code == 500
    now[0] += 5
    assert client.chat_postMessage(channel="C0SALES", text="back")["ok"] is True
    assert WebhookClient(url).send(text="back").status_code == 200
    assert [c.status for c in fake.calls_to("chat.postMessage")] == [429, 200]
    assert [p.text for p in fake.snapshot_posted()] == ["still here", "back", "back"]


def test_files_upload_v2_is_recorded_with_its_bytes(fake, client):
    client.files_upload_v2(
        channel="C0SALES",
        content=b"PK\x03\x04 workbook",
        filename="sales.xlsx",
        title="Q4",
        initial_comment="Export",
    )

    item = fake.wait_for_posted(lambda p: p.kind == "file")
    assert (item.channel, item.text) == ("C0SALES", "Export")
    assert item.file["title"] == "Q4" and item.file["name"] == "sales.xlsx"
    assert item.file["data"] == b"PK\x03\x04 workbook"


def test_home_tab_publishes_and_reports_hash_conflicts(fake, client):
    home = {"type": "home", "blocks": [section(0)]}
    first = client.views_publish(user_id="U0ALICE", view=home)["view"]
    second = client.views_publish(user_id="U0ALICE", view=home, hash=first["hash"])["view"]

    assert second["id"] == first["id"]
    assert (
        error_of(lambda: client.views_publish(user_id="U0ALICE", view=home, hash=first["hash"]))[0]
        == "hash_conflict"
    )
    assert fake.home_view("U0ALICE")["hash"] == second["hash"]


def test_form_bodies_with_json_strings_are_decoded(fake):
    body = "channel=C0SALES&text=hi&blocks=" + urllib.request.quote('[{"type":"divider"}]')
    request = urllib.request.Request(
        fake.api_url + "chat.postMessage",
        data=body.encode(),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Authorization": f"Bearer {fake.bot_token}",
        },
    )
    with urllib.request.urlopen(request) as response:
        assert response.status == 200

    assert fake.wait_for("chat.postMessage").args["blocks"] == [{"type": "divider"}]


def test_unknown_methods_and_usergroups(fake, client):
    assert error_of(lambda: client.api_call("chat.nonsense"))[0] == "unknown_method"
    assert error_of(lambda: client.usergroups_users_list(usergroup="S0NONE"))[0] == "no_such_subteam"
    fake.add_usergroup("S0REPS", "reps", ["U0ALICE"])
    assert client.usergroups_users_list(usergroup="S0REPS")["users"] == ["U0ALICE"]


@pytest.mark.filterwarnings("ignore:The top-level `text` argument is missing")
def test_missing_text_fallbacks_are_reported(fake, client):
    client.chat_postMessage(channel="C0SALES", text="with fallback", blocks=[section(0)])
    client.chat_postMessage(channel="C0SALES", blocks=[section(1)])

    missing = fake.missing_text_fallbacks()
    assert [c.args["blocks"] for c in missing] == [[section(1)]]


def test_wait_for_names_the_calls_it_saw(fake, client):
    client.auth_test()
    with pytest.raises(AssertionError, match=r"auth\.test"):
        fake.wait_for("chat.postMessage", timeout=0.05)


def test_find_user_by_id_name_or_real_name(fake):
    assert fake.find_user("u0alice").name == "alice"
    assert fake.find_user("@Alice").id == "U0ALICE"
    assert fake.find_user("alice example").id == "U0ALICE"
    assert fake.find_user("bob") is None


def test_a_permalink_names_the_channel_and_message_and_refuses_an_unknown_one(fake, client):
    posted = client.chat_postMessage(channel="C0SALES", text="hello")
    answer = client.chat_getPermalink(channel="C0SALES", message_ts=posted["ts"])
    assert answer["channel"] == "C0SALES"
    assert answer["permalink"].endswith(f"/archives/C0SALES/p{posted['ts'].replace('.', '')}")
    with pytest.raises(SlackApiError) as refused:
        client.chat_getPermalink(channel="C0SALES", message_ts="1.000001")
    assert refused.value.response["error"] == "message_not_found"


def test_team_info_names_our_team_and_a_slack_connect_partner(fake, client):
    fake.add_team("T0KAFFE", "Kaffebrenneriet AS")
    assert client.team_info()["team"]["id"] == fake.team_id
    assert client.team_info(team="T0KAFFE")["team"]["name"] == "Kaffebrenneriet AS"
    with pytest.raises(SlackApiError) as refused:
        client.team_info(team="T0NOBODY")
    assert refused.value.response["error"] == "team_not_found"


def test_an_external_member_s_message_names_their_team(fake, client):
    fake.add_team("T0KAFFE", "Kaffebrenneriet AS")
    fake.add_user(FakeUser(id="U0KUNDE", name="kunde", real_name="Kari Kunde", team_id="T0KAFFE"))
    message = fake.user_says("C0SALES", "U0KUNDE", "Great coffee")
    assert (message["user_team"], message["team"], message["text"]) == ("T0KAFFE", "T0KAFFE", "Great coffee")
    assert client.users_info(user="U0KUNDE")["user"]["team_id"] == "T0KAFFE"
    assert client.chat_getPermalink(channel="C0SALES", message_ts=message["ts"])["ok"]


# -- OAuth with token rotation ------------------------------------------------------------------


def test_token_rotation_issues_expiring_tokens_and_refresh_tokens_that_work_once(fake, clock):
    fake.enable_oauth("1.2", "secret", token_rotation=True, token_seconds=3600)
    oauth = WebClient(base_url=fake.api_url, retry_handlers=[])
    code = fake.authorize("T0OTHER", "Other AS")
    first = oauth.oauth_v2_access(client_id="1.2", client_secret="secret", code=code)
    assert first["access_token"].startswith("xoxe.xoxb-") and first["refresh_token"].startswith("xoxe-")
    assert first["expires_in"] == 3600 and first["token_type"] == "bot"
    assert WebClient(base_url=fake.api_url, token=first["access_token"]).auth_test()["team_id"] == "T0OTHER"

    def refresh(token: str, secret: str = "secret"):
        return oauth.oauth_v2_access(
            client_id="1.2", client_secret=secret, grant_type="refresh_token", refresh_token=token
        )

    with pytest.raises(SlackApiError) as wrong_secret:
        refresh(first["refresh_token"], secret="guess")
    assert wrong_secret.value.response["error"] == "bad_client_secret"
    second = refresh(first["refresh_token"])
    assert second["access_token"] != first["access_token"]
    assert second["refresh_token"] != first["refresh_token"] and second["expires_in"] == 3600
    assert second["team"]["id"] == "T0OTHER" and fake.token_of("T0OTHER") == second["access_token"]
    assert fake.refresh_token_of("T0OTHER") == second["refresh_token"]
    # A refresh token works once; the token it renewed works no more.
    with pytest.raises(SlackApiError) as spent:
        refresh(first["refresh_token"])
    assert spent.value.response["error"] == "invalid_refresh_token"
    with pytest.raises(SlackApiError) as replaced:
        WebClient(base_url=fake.api_url, token=first["access_token"]).auth_test()
    assert replaced.value.response["error"] == "invalid_auth"
    # An hour on, the new one has expired too.
    clock.now += 3600
    with pytest.raises(SlackApiError) as expired:
        WebClient(base_url=fake.api_url, token=second["access_token"]).auth_test()
    assert expired.value.response["error"] == "token_expired"
    # Revoked (uninstalled), its refresh token renews nothing.
    fake.revoke(second["access_token"])
    with pytest.raises(SlackApiError) as revoked:
        refresh(second["refresh_token"])
    assert revoked.value.response["error"] == "invalid_refresh_token"


def test_without_token_rotation_tokens_do_not_expire(fake, clock):
    fake.enable_oauth("1.2", "secret")
    code = fake.authorize("T0OTHER", "Other AS")
    answer = WebClient(base_url=fake.api_url).oauth_v2_access(
        client_id="1.2", client_secret="secret", code=code
    )
    assert answer["access_token"].startswith("xoxb-") and "refresh_token" not in answer.data
    clock.now += 365 * 24 * 3600
    assert WebClient(base_url=fake.api_url, token=answer["access_token"]).auth_test()["ok"]
