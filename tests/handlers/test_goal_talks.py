"""Goals discussed with the people who carry them, end to end through Slack's request format:
told, Acknowledge, Discuss, the two threads kept in step by message events, the manager's three
answers, talk reminders at each side's local time, who has not acknowledged and Remind, App
Home, the digest's line, in English and Norwegian."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from handlers import ids
from handlers.blocks.goal_talks import COMMENT, CONCERN, NOTE, TALK_DAY, TALK_TIME
from handlers.blocks.goals import REASON_CATEGORY, REASON_TEXT, TARGET
from storage.models import AuditEntry, GoalAck, GoalAckReminder, GoalDiscussion, GoalDiscussionMessage
from tests.conftest import MANAGER, NORWEGIAN, OWNER, REP, REP2, local_workspace
from tests.handlers.schedules import runner_for
from tests.helpers import buttons, last_reply, rows, shown

OUTSIDER = "U0OUTSIDE"
# Tuesday 10 November 2026, 10:00 in Oslo.
NOW = datetime(2026, 11, 10, 9, 0, tzinfo=UTC)


@pytest.fixture
def slack(db):
    """Team Øst: Rita, Per and Kari, managed by Mona; Otto is in team Vest."""
    with local_workspace(db, at=NOW) as workspace:
        workspace.add_user(OUTSIDER, "Otto Outside", tz="Europe/Oslo")
        mention = workspace.mention
        workspace.command("team create Øst", user=OWNER)
        workspace.command("team create Vest", user=OWNER)
        workspace.command(f"team add Øst {mention(REP)} {mention(REP2)} {mention(NORWEGIAN)}", user=OWNER)
        workspace.command(f"team add Vest {mention(OUTSIDER)}", user=OWNER)
        workspace.command(f"team manager Øst {mention(MANAGER)}", user=OWNER)
        workspace.fake.reset()
        yield workspace


def dm_posts(slack, user):
    """What ``user`` was sent in their DM with salesbot, oldest first (threads included)."""
    return [p for p in slack.fake.snapshot_posted() if p.kind == "dm" and p.user == user]


def last_dm(slack, user):
    found = dm_posts(slack, user)
    assert found, f"no DM to {user}: {slack.fake.snapshot_posted()}"
    return found[-1]


def press_in_dm(slack, user, posted, action_id, **extra):
    """``user`` presses the button ``action_id`` on ``posted``, a message in their DM."""
    button = buttons(posted.blocks)[action_id]
    return slack.click(
        user=user,
        action_id=action_id,
        block_id=button["block_id"],
        value=button["value"],
        channel=(posted.channel, "directmessage"),
        message={"ts": posted.ts, "text": posted.text, "blocks": posted.blocks},
        ephemeral=False,
        **extra,
    )


def accessory(blocks, action_id: str) -> dict:
    """The button beside a section's text with ``action_id``."""
    return next(
        {**b["accessory"], "block_id": b.get("block_id")}
        for b in blocks
        if (b.get("accessory") or {}).get("action_id") == action_id
    )


def top_view(slack, user) -> dict:
    slack.fake.wait_for_posted(lambda p: p.kind == "modal_open" and p.user == user)
    return slack.fake.top_view(user)


def ack_of(db, person_slack_id):
    from storage.models import Person

    person = next(p for p in rows(db, Person) if p.slack_user_id == person_slack_id)
    return next(a for a in rows(db, GoalAck) if a.person_id == person.id)


def audits(db, action):
    return [a for a in rows(db, AuditEntry) if a.action == action]


def start_discussion(slack, user, *, concern="too_high", comment="Two of my biggest customers are closing."):
    notice = last_dm(slack, user)
    press_in_dm(slack, user, notice, ids.GOAL_DISCUSS)
    view = top_view(slack, user)
    return slack.submit(user=user, view=view, answers={CONCERN: concern, COMMENT: comment})


def thread_root(slack, user, text):
    return next(p for p in dm_posts(slack, user) if p.thread_ts is None and text in shown(p))


# -- told, and acknowledged ------------------------------------------------------------------------


def test_a_new_goal_s_dm_has_acknowledge_and_discuss_and_the_person_stands_on_it_as_told(slack, db):
    slack.command(f"goal {slack.mention(REP)} 150k", user=MANAGER)
    notice = last_dm(slack, REP)
    assert "<@U0MANAGER> set you a goal: *NOK\xa0150,000* in November 2026." in shown(notice)
    assert [b["text"]["text"] for b in buttons(notice.blocks).values()] == ["Acknowledge", "Discuss"]
    assert "Press *Acknowledge* to confirm you have seen it" in shown(notice)
    ack = ack_of(db, REP)
    assert ack.status == "told" and ack.told_by_id is not None
    assert len(audits(db, "goal_talk.told")) == 1


def test_acknowledge_records_once_whatever_the_clicks_and_retries(slack, db):
    slack.command(f"goal {slack.mention(REP)} 150k", user=MANAGER)
    notice = last_dm(slack, REP)
    press_in_dm(slack, REP, notice, ids.GOAL_ACK)
    update = slack.fake.wait_for_posted(lambda p: p.kind == "update" and p.user == REP)
    assert "You acknowledged the goal *NOK\xa0150,000* for <@U0REP> in November 2026." in shown(update)
    press_in_dm(slack, REP, notice, ids.GOAL_ACK)  # a double click on the old message
    assert "You had already acknowledged the goal" in last_reply(slack, REP)
    ack = ack_of(db, REP)
    assert ack.status == "acknowledged" and ack.status_by_id == ack.person_id
    assert len(audits(db, "goal_talk.acknowledged")) == 1


def test_only_the_goal_s_own_people_acknowledge_or_discuss_it(slack, db):
    slack.command(f"goal {slack.mention(REP)} 150k", user=MANAGER)
    goal_id = buttons(last_dm(slack, REP).blocks)[ids.GOAL_ACK]["value"]
    slack.click(user=OUTSIDER, action_id=ids.GOAL_ACK, value=goal_id)
    assert "only your own goals and your teams' goals" in last_reply(slack, OUTSIDER)
    slack.click(user=REP2, action_id=ids.GOAL_DISCUSS, value=goal_id)
    assert "only your own goals and your teams' goals" in last_reply(slack, REP2)
    assert slack.fake.calls_to("views.open") == []
    assert ack_of(db, REP).status == "told"


def test_a_team_goal_in_the_team_channel_carries_the_buttons_each_member_presses_for_themselves(slack, db):
    slack.fake.add_channel("C0OST", "ost-salg", is_member=True)
    slack.command("team channel Øst <#C0OST|ost-salg>", user=OWNER)
    slack.command("goal team:Øst 600k", user=MANAGER)
    post = slack.fake.wait_for_posted(lambda p: p.kind == "message" and p.channel == "C0OST")
    assert set(buttons(post.blocks)) == {ids.GOAL_ACK, ids.GOAL_DISCUSS}
    assert {a.status for a in rows(db, GoalAck)} == {"told"} and len(rows(db, GoalAck)) == 3
    button = buttons(post.blocks)[ids.GOAL_ACK]
    slack.click(
        user=REP2,
        action_id=ids.GOAL_ACK,
        block_id=button["block_id"],
        value=button["value"],
        channel=("C0OST", "ost-salg"),
        message={"ts": post.ts},
        ephemeral=False,
    )
    assert "You acknowledged the goal *NOK\xa0600,000* for team *Øst*" in last_reply(slack, REP2)
    assert [p for p in slack.fake.snapshot_posted() if p.kind == "update"] == [], "the channel's post stays"
    assert ack_of(db, REP2).status == "acknowledged" and ack_of(db, REP).status == "told"
    slack.click(user=OUTSIDER, action_id=ids.GOAL_ACK, value=button["value"], channel=("C0OST", "ost-salg"))
    assert "only your own goals" in last_reply(slack, OUTSIDER)


# -- discussed -------------------------------------------------------------------------------------


def test_discuss_opens_a_thread_with_the_manager_and_each_side_s_replies_reach_the_other(slack, db):
    slack.command(f"goal {slack.mention(REP2)} 200k", user=MANAGER)
    start_discussion(slack, REP2)
    (discussion,) = rows(db, GoalDiscussion)
    assert discussion.concern == "too_high" and discussion.outcome is None
    assert ack_of(db, REP2).status == "discussing"
    to_manager = thread_root(slack, MANAGER, "wants to discuss the goal")
    assert "<@U0REP2> wants to discuss the goal *NOK\xa0200,000* for <@U0REP2> in November 2026." in shown(
        to_manager
    )
    assert "Concern: *The target is too high* — “Two of my biggest customers are closing.”" in shown(
        to_manager
    )
    assert set(buttons(to_manager.blocks)) == {ids.GOAL_KEEP, ids.REVISE_GOAL, ids.GOAL_TALK}
    to_person = thread_root(slack, REP2, "You asked")
    assert (discussion.manager_channel, discussion.manager_ts) == (to_manager.channel, to_manager.ts)
    assert (discussion.person_channel, discussion.person_ts) == (to_person.channel, to_person.ts)

    slack.reply_in_thread(
        user=REP2, channel=to_person.channel, thread_ts=to_person.ts, text="Can we say 170k?"
    )
    relayed = last_dm(slack, MANAGER)
    assert relayed.thread_ts == to_manager.ts and "*Per Rep:* Can we say 170k?" in shown(relayed)
    slack.retry_last_reply()  # Slack sends the event again: relayed once
    assert len([p for p in dm_posts(slack, MANAGER) if p.thread_ts == to_manager.ts]) == 1

    slack.reply_in_thread(
        user=MANAGER, channel=to_manager.channel, thread_ts=to_manager.ts, text="Let us talk."
    )
    back = last_dm(slack, REP2)
    assert back.thread_ts == to_person.ts and "*Mona Manager:* Let us talk." in shown(back)
    assert [m.text for m in rows(db, GoalDiscussionMessage)] == ["Can we say 170k?", "Let us talk."]

    # A reply anywhere else in the DM, or a second discussion of the same goal, is not relayed/allowed.
    slack.reply_in_thread(user=REP2, channel=to_person.channel, thread_ts=last_dm(slack, REP2).ts, text="hm")
    assert len(rows(db, GoalDiscussionMessage)) == 2
    slack.click(user=REP2, action_id=ids.GOAL_DISCUSS, value=str(discussion.goal_id))
    assert "You are already discussing this goal" in last_reply(slack, REP2)


def test_the_discuss_form_refuses_a_missing_concern_and_other_without_a_comment(slack, db):
    slack.command(f"goal {slack.mention(REP2)} 200k", user=MANAGER)
    press_in_dm(slack, REP2, last_dm(slack, REP2), ids.GOAL_DISCUSS)
    view = top_view(slack, REP2)
    result = slack.submit(user=REP2, view=view, answers={CONCERN: "other"})
    assert result.json()["response_action"] == "errors"
    assert "say in a comment what it is" in result.json()["errors"][COMMENT]
    assert rows(db, GoalDiscussion) == [] and ack_of(db, REP2).status == "told"


def test_keep_the_goal_then_the_person_agrees_and_the_manager_is_told(slack, db):
    slack.command(f"goal {slack.mention(REP2)} 200k", user=MANAGER)
    start_discussion(slack, REP2)
    to_manager = thread_root(slack, MANAGER, "wants to discuss the goal")
    press_in_dm(slack, MANAGER, to_manager, ids.GOAL_KEEP)
    view = top_view(slack, MANAGER)
    refused = slack.submit(user=MANAGER, view=view, answers={NOTE: ""})
    assert refused.json()["response_action"] == "errors"
    slack.submit(user=MANAGER, view=view, answers={NOTE: "The market grows 20% this quarter."})
    (discussion,) = rows(db, GoalDiscussion)
    assert discussion.outcome == "kept" and discussion.note == "The market grows 20% this quarter."
    kept = last_dm(slack, REP2)
    assert kept.thread_ts == discussion.person_ts
    assert "<@U0MANAGER> keeps the goal as it is: “The market grows 20% this quarter.”" in shown(kept)
    assert buttons(kept.blocks)[ids.GOAL_ACK]["text"]["text"] == "Agree"
    assert ack_of(db, REP2).status == "discussing"

    press_in_dm(slack, REP2, kept, ids.GOAL_ACK)
    assert ack_of(db, REP2).status == "agreed"
    told = last_dm(slack, MANAGER)
    assert told.thread_ts == discussion.manager_ts and "<@U0REP2> agreed to the goal" in shown(told)
    # The manager's buttons are spent: a second Keep is refused.
    press_in_dm(slack, MANAGER, to_manager, ids.GOAL_KEEP)
    assert "answered already: the goal was kept" in last_reply(slack, MANAGER)


def test_revise_from_the_discussion_is_the_ordinary_revision_and_tells_the_person_again(slack, db):
    slack.command(f"goal {slack.mention(REP2)} 200k", user=MANAGER)
    start_discussion(slack, REP2)
    to_manager = thread_root(slack, MANAGER, "wants to discuss the goal")
    press_in_dm(slack, MANAGER, to_manager, ids.REVISE_GOAL)
    view = top_view(slack, MANAGER)
    assert view["callback_id"] == ids.GOAL_REVISION_MODAL
    slack.submit(
        user=MANAGER,
        view=view,
        answers={TARGET: "170000", REASON_CATEGORY: "economy", REASON_TEXT: "Two customers closing"},
    )
    (discussion,) = rows(db, GoalDiscussion)
    assert discussion.outcome == "revised"
    notice = last_dm(slack, REP2)
    assert "*NOK\xa0170,000*" in shown(notice) and "Two customers closing" in shown(notice)
    assert set(buttons(notice.blocks)) == {ids.GOAL_ACK, ids.GOAL_DISCUSS}
    assert ack_of(db, REP2).status == "told"
    press_in_dm(slack, REP2, notice, ids.GOAL_ACK)
    assert ack_of(db, REP2).status == "agreed", "acknowledging after a discussion is agreeing"


def test_a_talk_is_scheduled_and_each_side_is_reminded_once_at_their_local_time(db):
    with local_workspace(db, at=NOW) as slack:  # Per works from New York
        mention = slack.mention
        slack.command("team create Øst", user=OWNER)
        slack.command(f"team add Øst {mention(REP2)}", user=OWNER)
        slack.command(f"team manager Øst {mention(MANAGER)}", user=OWNER)
        slack.command(f"goal {mention(REP2)} 200k", user=MANAGER)
        start_discussion(slack, REP2, concern="resources", comment="")
        to_manager = thread_root(slack, MANAGER, "wants to discuss the goal")
        press_in_dm(slack, MANAGER, to_manager, ids.GOAL_TALK)
        view = top_view(slack, MANAGER)
        past = slack.submit(user=MANAGER, view=view, answers={TALK_DAY: "2026-11-09", TALK_TIME: "10:00"})
        assert "That time has passed" in past.json()["errors"][TALK_DAY]
        # Thursday 12 November at 16:00 in Oslo: 10:00 in New York.
        slack.submit(user=MANAGER, view=view, answers={TALK_DAY: "2026-11-12", TALK_TIME: "16:00"})
        (discussion,) = rows(db, GoalDiscussion)
        assert discussion.talk_at.replace(tzinfo=UTC) == datetime(2026, 11, 12, 15, 0, tzinfo=UTC)
        assert "Thursday, November 12, 2026 at 10:00\u202fAM (your time)" in shown(last_dm(slack, REP2))
        assert "Thursday, November 12, 2026 at 4:00\u202fPM (your time)" in shown(last_dm(slack, MANAGER))

        runner, other = runner_for(slack), runner_for(slack)
        assert runner.tick(datetime(2026, 11, 11, 12, 0, tzinfo=UTC)).talks_reminded == 0  # the day before
        # 09:30 in Oslo on the day: Mona is reminded; it is 03:30 in New York, Per is not yet.
        assert runner.tick(datetime(2026, 11, 12, 8, 30, tzinfo=UTC)).talks_reminded == 1
        assert other.tick(datetime(2026, 11, 12, 8, 31, tzinfo=UTC)).talks_reminded == 0
        reminder = last_dm(slack, MANAGER)
        assert reminder.thread_ts == discussion.manager_ts and "Reminder: your talk with <@U0REP2>" in shown(
            reminder
        )
        # 09:10 in New York.
        assert other.tick(datetime(2026, 11, 12, 14, 10, tzinfo=UTC)).talks_reminded == 1
        assert "4:00" not in shown(last_dm(slack, REP2)) and "10:00\u202fAM" in shown(last_dm(slack, REP2))
        assert runner.tick(datetime(2026, 11, 12, 14, 20, tzinfo=UTC)).talks_reminded == 0


# -- who may see and answer --------------------------------------------------------------------------


def test_the_discussion_is_seen_by_the_person_its_managers_and_admins_only(slack, db):
    slack.command(f"goal {slack.mention(REP2)} 200k", user=MANAGER)
    start_discussion(slack, REP2)
    (discussion,) = rows(db, GoalDiscussion)
    for user in (REP2, MANAGER, OWNER):
        slack.click(user=user, action_id=ids.GOAL_DISCUSSION_VIEW, value=str(discussion.id))
        assert "Goal discussion with Per Rep" in last_reply(slack, user)
    for user in (REP, OUTSIDER):
        slack.click(user=user, action_id=ids.GOAL_DISCUSSION_VIEW, value=str(discussion.id))
        assert "Only the person, the goal's managers and admins" in last_reply(slack, user)
        slack.click(user=user, action_id=ids.GOAL_KEEP, value=str(discussion.id))
        assert "Only the goal's managers and admins can answer" in last_reply(slack, user)
    slack.click(user=REP2, action_id=ids.GOAL_KEEP, value=str(discussion.id))
    assert "Only the goal's managers and admins can answer" in last_reply(slack, REP2)
    assert len(audits(db, "goal_talk.viewed")) == 3


# -- not acknowledged, reminded ------------------------------------------------------------------------


def test_managers_see_who_has_not_acknowledged_after_two_working_days_and_remind_once_a_day(slack, db):
    slack.command("goal team:Øst 600k", user=MANAGER)  # told Tuesday
    for user in (REP, REP2, NORWEGIAN):
        assert buttons(last_dm(slack, user).blocks)
    press_in_dm(slack, REP, last_dm(slack, REP), ids.GOAL_ACK)
    slack.command("acks", user=MANAGER)
    assert "Everyone told of your goals has acknowledged them" in last_reply(slack, MANAGER)

    slack.clock.set(datetime(2026, 11, 12, 9, 0, tzinfo=UTC))  # Thursday: two working days on
    slack.command("acks", user=MANAGER)
    overview = [p for p in slack.fake.snapshot_posted() if p.kind == "ephemeral" and p.user == MANAGER][-1]
    text = shown(overview)
    assert "*NOK\xa0600,000* for team *Øst* in November 2026: 2 of 3 have not acknowledged it" in text
    assert "<@U0REP2>" in text and "<@U0NORSK>" in text and "<@U0REP>," not in text
    remind = accessory(overview.blocks, ids.GOAL_ACK_REMIND)
    slack.click(
        user=MANAGER, action_id=ids.GOAL_ACK_REMIND, block_id=remind["block_id"], value=remind["value"]
    )
    assert "Reminded 2 people of the goal" in last_reply(slack, MANAGER)
    assert ":bell: <@U0MANAGER> reminds you of the goal" in shown(last_dm(slack, REP2))
    assert "minner deg på målet" in shown(last_dm(slack, NORWEGIAN))
    assert buttons(last_dm(slack, NORWEGIAN).blocks)[ids.GOAL_ACK]["text"]["text"] == "Bekreft"
    slack.click(user=MANAGER, action_id=ids.GOAL_ACK_REMIND, value=remind["value"])
    assert "remind them again tomorrow" in last_reply(slack, MANAGER)
    assert len(rows(db, GoalAckReminder)) == 1
    slack.click(user=REP2, action_id=ids.GOAL_ACK_REMIND, value=remind["value"])
    assert "Only the goal's managers and admins can remind" in last_reply(slack, REP2)


def test_app_home_shows_goals_awaiting_acknowledgement_and_a_manager_s_discussions(slack, db):
    slack.command(f"goal {slack.mention(REP)} 150k", user=MANAGER)
    slack.command(f"goal {slack.mention(REP2)} 200k", user=MANAGER)
    start_discussion(slack, REP2)
    slack.open_home(REP)
    home = shown({"blocks": slack.fake.home_view(REP)["blocks"]})
    assert "Goals awaiting your acknowledgement" in home and "waiting for your acknowledgement" in home
    assert ids.GOAL_ACK in str(slack.fake.home_view(REP))
    slack.open_home(MANAGER)
    home = shown({"blocks": slack.fake.home_view(MANAGER)["blocks"]})
    assert "Goals under discussion" in home and "<@U0REP2>" in home and "The target is too high" in home
    slack.click(
        user=REP,
        action_id=ids.GOAL_ACK,
        value=buttons(last_dm(slack, REP).blocks)[ids.GOAL_ACK]["value"],
        view=slack.fake.home_view(REP),
    )
    slack.wait_idle()
    assert ack_of(db, REP).status == "acknowledged"
    assert "Goals awaiting your acknowledgement" not in shown({"blocks": slack.fake.home_view(REP)["blocks"]})


def test_the_norwegian_sees_it_all_in_bokmal(slack, db):
    slack.command(f"goal {slack.mention(NORWEGIAN)} 150k", user=MANAGER)
    notice = last_dm(slack, NORWEGIAN)
    assert "Trykk *Bekreft*" in shown(notice)
    press_in_dm(slack, NORWEGIAN, notice, ids.GOAL_DISCUSS)
    view = top_view(slack, NORWEGIAN)
    assert view["title"]["text"] == "Diskuter målet"
    slack.submit(user=NORWEGIAN, view=view, answers={CONCERN: "timing", COMMENT: "Ferie i uke 47"})
    mine = thread_root(slack, NORWEGIAN, "Du har bedt")
    assert "Gjelder: *Tidspunktet* – «Ferie i uke 47»" in shown(mine)
    assert "Concern: *The timing*" in shown(thread_root(slack, MANAGER, "wants to discuss"))


def test_a_team_digest_carries_how_many_have_not_acknowledged(slack, db):
    from salesbot import digests
    from salesbot.goals import Subject
    from salesbot.periods import Period
    from tests.helpers import data

    slack.command("goal team:Øst 600k", user=MANAGER)
    slack.command(f"goal {slack.mention(REP2)} 200k", user=MANAGER)
    press_in_dm(slack, REP, last_dm(slack, REP), ids.GOAL_ACK)
    with data(db) as store:
        team = Subject("team", team=store.team_by_name("Øst"))
        digest = digests.collect(
            store, team, day=NOW.date(), period=Period.of_month(2026, 11), sections=["goal_talks"], lang="en"
        )
        assert digest.extras["goal_talks"].lines == [
            "2 of 3 in *Øst* have not acknowledged the November 2026 goal",
            "1 of 1 has not acknowledged their own goal for November 2026",
        ]
        company = digests.collect(
            store,
            Subject("company"),
            day=NOW.date(),
            period=Period.of_month(2026, 11),
            sections=["goal_talks"],
            lang="nb",
        )
        assert (
            "2 av 3 på *Øst* har ikke bekreftet målet for november 2026" in company.extras["goal_talks"].lines
        )
