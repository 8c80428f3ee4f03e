"""Goals discussed with staff in Block Kit: each surface valid as Slack would take it, with its
fallback, and long lists kept inside Slack's limits."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from handlers import ids
from handlers.blocks.goal_talks import (
    NOTICE_GOALS,
    ack_block_id,
    answered_in_notice,
    build_ack_reminder,
    build_discuss_modal,
    build_discussion,
    build_goals_told,
    build_keep_modal,
    build_kept,
    build_manager_opening,
    build_overview,
    build_person_opening,
    build_relayed,
    build_talk_modal,
    build_talk_reminder,
    goal_label,
    home_goal_talks,
    talk_when,
    with_ack_buttons,
)
from handlers.blocks.goals import build_goal_notice, build_goal_reply
from handlers.respond import Reply
from salesbot.goal_talks import AwaitingGoal, DiscussionView, Unacknowledged
from salesbot.goals import GoalChange, Reason, Subject
from salesbot.i18n import Formatter
from tests.handlers.blocks.checks import mrkdwn, plain, valid_message, valid_view


@dataclass
class Person:
    id: int
    slack_user_id: str
    name: str
    timezone: str | None = "Europe/Oslo"
    deleted: bool = False


@dataclass
class Goal:
    id: int = 7
    scope: str = "person"
    person_id: int | None = 1
    team_id: int | None = None
    metric: str = "revenue"
    period_kind: str = "month"
    period_key: str = "2026-11"
    period_start: date = date(2026, 11, 1)
    period_end: date = date(2026, 11, 30)
    product_id: int | None = None
    target: Decimal = Decimal(150000)


@dataclass
class Discussion:
    id: int = 3
    goal_id: int = 7
    person_id: int = 1
    manager_id: int | None = 2
    concern: str = "too_high"
    comment: str = "<!channel> two customers closing & more"
    outcome: str | None = None
    note: str = ""
    talk_at: datetime | None = None
    created_at: datetime = field(default_factory=lambda: datetime(2026, 11, 10, 9, tzinfo=UTC))


@dataclass
class Message:
    author_id: int
    text: str
    created_at: datetime = datetime(2026, 11, 10, 10, tzinfo=UTC)


RITA, MONA = Person(1, "U0RITA", "Rita <Rep>"), Person(2, "U0MONA", "Mona")


def view(**changes) -> DiscussionView:
    return DiscussionView(
        discussion=Discussion(**changes),
        goal=Goal(),
        subject=Subject("person", person=RITA),
        person=RITA,
        manager=MONA,
    )


@pytest.fixture(params=["en", "nb"])
def fmt(request):
    return Formatter(request.param)


def test_a_goal_s_notice_gets_acknowledge_and_discuss(fmt):
    notice = build_goal_reply(fmt, "A goal", ["detail"])
    reply = valid_message(with_ack_buttons(fmt, notice, 7))
    actions = [e["action_id"] for b in reply.blocks if b["type"] == "actions" for e in b["elements"]]
    assert actions == [ids.GOAL_ACK, ids.GOAL_DISCUSS]
    assert fmt.t("goal_talk.button.ack") in plain(reply.blocks)


def test_the_forms_are_valid_modals(fmt):
    label = goal_label(fmt, Goal(), Subject("person", person=RITA))
    discuss = valid_view(build_discuss_modal(fmt, label, 7, "Mona <M>"))
    assert "Mona &lt;M&gt;" in mrkdwn(discuss["blocks"])
    valid_view(build_keep_modal(fmt, view(), label))
    talk = valid_view(build_talk_modal(fmt, view(), label, today=date(2026, 11, 10), timezone="Europe/Oslo"))
    assert "Europe/Oslo" in plain(talk["blocks"])


def test_the_threads_escape_what_people_typed_and_carry_the_answers(fmt):
    label = goal_label(fmt, Goal(), Subject("person", person=RITA))
    opening = valid_message(build_manager_opening(fmt, view(), label))
    text = mrkdwn(opening.blocks)
    assert "&lt;!channel&gt; two customers closing &amp; more" in text and "<!channel>" not in text
    assert {e["action_id"] for b in opening.blocks if b["type"] == "actions" for e in b["elements"]} == {
        ids.GOAL_KEEP,
        ids.REVISE_GOAL,
        ids.GOAL_TALK,
    }
    valid_message(build_person_opening(fmt, view(), label))
    valid_message(build_relayed(fmt, "Rita <Rep>", "Can we say *170k*?"))
    kept = valid_message(build_kept(fmt, view(outcome="kept", note="Market <grows>"), for_person=True))
    assert "Market &lt;grows&gt;" in mrkdwn(kept.blocks)
    assert fmt.t("goal_talk.button.agree") in plain(kept.blocks)
    at = datetime(2026, 11, 12, 15, tzinfo=UTC)
    reminder = valid_message(
        build_talk_reminder(fmt, view(talk_at=at), label, other="U0MONA", timezone="America/New_York")
    )
    assert talk_when(fmt, at, "America/New_York") in mrkdwn(reminder.blocks)
    assert "10:00" in talk_when(fmt, at, "America/New_York") and "16:00" in talk_when(
        Formatter("nb"), at, "Europe/Oslo"
    )


def test_a_long_discussion_and_long_lists_stay_inside_slack_s_limits(fmt):
    long = view(outcome="kept", note="x" * 2000, talk_at=datetime(2026, 11, 12, 15, tzinfo=UTC))
    long = DiscussionView(
        **{**long.__dict__, "messages": [Message(1, "y" * 3900) for _ in range(60)], "authors": {1: RITA}}
    )
    label = goal_label(fmt, Goal(), Subject("person", person=RITA))
    shown = valid_message(build_discussion(fmt, long, label, timezone="Europe/Oslo"))
    assert len(shown.blocks) <= 50
    people = [Person(i, f"U{i:04d}", f"P{i}") for i in range(200)]
    team_goal = Goal(id=8, scope="team", person_id=None, team_id=1)
    missing = [Unacknowledged(team_goal, Subject("team"), people, told=200, reminded_today=False)] * 60
    awaiting = [AwaitingGoal(Goal(id=100 + n), Subject("person", person=RITA), "told") for n in range(8)]
    labels = {7: label, 8: label} | {a.goal.id: label for a in awaiting}
    overview = valid_message(
        build_overview(
            fmt,
            awaiting=awaiting,
            awaiting_count=30,
            unacknowledged=missing,
            discussions=[view()] * 30,
            labels=labels,
            timezone="Europe/Oslo",
            managing=True,
        )
    )
    assert len(overview.blocks) <= 50
    assert ("22 more goals to acknowledge" if fmt.lang == "en" else "22 mål til å bekrefte") in mrkdwn(
        overview.blocks
    )
    # A rep's own goals only: twenty of them, and how many more wait.
    mine = [AwaitingGoal(Goal(id=200 + n), Subject("person", person=RITA), "told") for n in range(20)]
    overview = valid_message(
        build_overview(
            fmt,
            awaiting=mine,
            awaiting_count=45,
            unacknowledged=[],
            discussions=[],
            labels={a.goal.id: label for a in mine},
            timezone="Europe/Oslo",
            managing=False,
        )
    )
    assert len(overview.blocks) <= 50 and len([b for b in overview.blocks if b["type"] == "actions"]) == 20
    assert ("25 more goals to acknowledge" if fmt.lang == "en" else "25 mål til å bekrefte") in mrkdwn(
        overview.blocks
    )
    valid_message(build_ack_reminder(fmt, label, "U0MONA", 7))


def test_app_home_s_part_lists_a_few_and_counts_the_rest(fmt):
    label = goal_label(fmt, Goal(), Subject("person", person=RITA))
    awaiting = [AwaitingGoal(Goal(id=100 + n), Subject("person", person=RITA), "told") for n in range(7)]
    blocks = home_goal_talks(
        fmt,
        awaiting,
        [view()] * 2,
        {7: label} | {a.goal.id: label for a in awaiting},
        timezone="Europe/Oslo",
    )
    home = valid_view({"type": "home", "blocks": [b.to_dict() for b in blocks]}, kind="home")
    assert fmt.t("goal_talk.home.more", count=2) in mrkdwn(home["blocks"])
    assert home_goal_talks(fmt, [], [], {}, timezone="UTC") == []


# -- a notice of several goals -------------------------------------------------------------------


@dataclass
class Team:
    id: int = 4
    name: str = "Øst <*sales*>"
    channel_id: str | None = None


def changes(count: int, *, scope: str = "person", revised: bool = True) -> list[GoalChange]:
    subject = {"person": Subject("person", person=RITA), "team": Subject("team", team=Team())}.get(
        scope, Subject("company")
    )
    return [
        GoalChange(
            "revised" if revised else "created",
            Goal(id=100 + n, scope=scope, target=Decimal(1000 * (n + 1))),
            subject,
            old_target=Decimal(500) if revised else None,
            new_target=Decimal(1000 * (n + 1)),
            reason=Reason("other", "<!here> " + "a long reason " * 140) if revised else None,
        )
        for n in range(count)
    ]


def test_one_goal_is_told_as_the_goal_form_tells_it(fmt):
    (change,) = changes(1, revised=False)
    told = valid_message(build_goals_told(fmt, [change], "<@U0MONA>", in_channel=False))
    assert told == with_ack_buttons(fmt, build_goal_notice(fmt, change, "<@U0MONA>"), change.goal.id)
    company = valid_message(build_goals_told(fmt, changes(1, scope="company"), "<@U0MONA>", in_channel=True))
    assert [b for b in company.blocks if b["type"] == "actions"] == [], (
        "the company's goals are not discussed"
    )


@pytest.mark.parametrize("scope", ["person", "team", "company"])
def test_many_long_goals_stay_inside_slack_s_limits_each_with_its_own_buttons(fmt, scope):
    many = changes(NOTICE_GOALS + 7, scope=scope)
    told = valid_message(build_goals_told(fmt, many, "<@U0MONA>", in_channel=scope != "person"))
    acks = [b["block_id"] for b in told.blocks if b["type"] == "actions"]
    assert acks == ([] if scope == "company" else [ack_block_id(c.goal.id) for c in many[:NOTICE_GOALS]])
    text = mrkdwn(told.blocks)
    assert "&lt;!here&gt;" in text and "<!here>" not in text, "a reason typed in the sheet is escaped"
    more = "goal.notices.more_company" if scope == "company" else "goal.notices.more"
    assert fmt.plural(more, 7) in text
    if scope == "team":
        assert "*Øst &lt;*sales*&gt;*" in text and "<*sales*>" not in text


def test_acknowledging_one_goal_of_a_notice_redraws_only_its_buttons(fmt):
    many = changes(3)
    told = build_goals_told(fmt, many, "<@U0MONA>", in_channel=False)
    redrawn = answered_in_notice(told.blocks, many[1].goal.id, "Done")
    valid_message(Reply(text="Done", blocks=redrawn))
    assert [b["block_id"] for b in redrawn if b["type"] == "actions"] == [
        ack_block_id(many[0].goal.id),
        ack_block_id(many[2].goal.id),
    ]
    assert "Done" in mrkdwn(redrawn)
    single = with_ack_buttons(fmt, build_goal_reply(fmt, "A goal", []), 7)
    assert answered_in_notice(single.blocks, 7, "Done") is None, "a notice of one goal is replaced whole"
