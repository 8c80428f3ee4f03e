"""Progress and the leaderboard in Block Kit (handlers/blocks/progress.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from handlers.blocks.common import MESSAGE_BLOCKS
from handlers.blocks.progress import build_leaderboard, build_progress, goal_text, precise_percent
from handlers.respond import Reply
from salesbot.access import Role
from salesbot.goals import Coverage
from salesbot.leaderboard import Leaderboard, Standing
from salesbot.periods import Period
from salesbot.progress import GoalProgress, MemberSummary, PersonStatus, ProgressReport, Section
from tests.handlers.blocks.checks import mrkdwn, sections, valid_message, within_sections
from tests.handlers.blocks.samples import EN, NB, NOV, ODD, ODD_MD, TODAY, goal, person, progress, team

RITA, PER = person(1, "Rita", "U0REP"), person(2, "Per", "U0REP2")
ODD_TEAM = team(3, ODD)
RITAS = GoalProgress(goal=goal(1, person_id=1), progress=progress(10000, 6000))
TEAMS = GoalProgress(
    goal=goal(2, scope="team", team_id=3, target=30000),
    progress=progress(30000, 7000),
    product="Kaffe & Te",
    coverage=Coverage(
        period=NOV,
        team_target=Decimal(30000),
        individual_total=Decimal(20000),
        people_with_goals=2,
        members=3,
    ),
    members=MemberSummary(
        counts={"at_risk": 1, "on_track": 1, "none": 1},
        behind=[PersonStatus(person=PER, goal=goal(5, person_id=2), progress=progress(10000, 1000))],
        size=3,
    ),
)
FOOTER = (
    "Pacing counts calendar days; time off is left out of a person's pace. "
    "`/sales progress [@person | team:NAME | company] [PERIOD]`"
)


def test_a_goal_reads_title_bar_pace_and_forecast():
    assert goal_text(EN, RITAS, subject="You", today=TODAY) == (
        "*You* · Revenue · November 2026\n"
        "▓▓▓▓▓▓░░░░  *60%* · NOK\xa06,000 of NOK\xa010,000\n"
        ":large_green_circle: On track · expected by now NOK\xa05,667 · 57% of the period gone\n"
        "Forecast NOK\xa010,588 by Nov 30, 2026"
    )


def test_a_team_goal_adds_its_members_and_names_who_is_behind():
    text = goal_text(EN, TEAMS, subject=f"Team {ODD_MD}", today=TODAY)
    assert text.splitlines() == [
        f"*Team {ODD_MD}* · Revenue · November 2026 · Kaffe &amp; Te only",
        "▓▓░░░░░░░░  *23%* · NOK\xa07,000 of NOK\xa030,000",
        ":red_circle: At risk · expected by now NOK\xa017,000 · 57% of the period gone",
        "Forecast NOK\xa012,353 by Nov 30, 2026 · NOK\xa01,769 a day to reach it",
        "Members' own goals within November 2026: 2 of 3 members,"
        " together NOK\xa020,000 of NOK\xa030,000 (67%).",
        "People, by their own goals running today: :red_circle: 1 at risk · :large_green_circle: 1 on track"
        " · 1 without a goal",
        "Behind pace or at risk: <@U0REP2> 10%",
    ]


def test_a_goal_not_started_and_one_that_has_ended():
    december = Period.of_month(2026, 12)
    later = GoalProgress(goal=goal(1, period=december), progress=progress(1000, 0, period=december))
    assert goal_text(EN, later, subject="You", today=TODAY).splitlines()[-1] == (
        ":hourglass_flowing_sand: Not started · Starts Dec 1, 2026"
    )
    october = Period.of_month(2026, 10)
    ended = GoalProgress(goal=goal(1, period=october), progress=progress(1000, 1200, period=october))
    assert (
        goal_text(EN, ended, subject="You", today=TODAY).splitlines()[-1]
        == ":trophy: Reached · Ended Oct 31, 2026"
    )


def test_the_progress_reply_its_sections_and_fallback():
    report = ProgressReport(
        today=TODAY,
        period=None,
        sections=[Section("person", [RITAS], person=RITA), Section("team", [TEAMS], team=ODD_TEAM)],
        viewer_id=1,
        explicit=False,
    )
    reply = valid_message(build_progress(EN, report))
    assert reply.blocks[0]["text"]["text"] == "Your progress"
    assert [text.splitlines()[0] for text in sections(reply.blocks)] == [
        "*You* · Revenue · November 2026",
        f"*Team {ODD_MD}* · Revenue · November 2026 · Kaffe &amp; Te only",
    ]
    assert reply.blocks[-1] == {"type": "context", "elements": [{"type": "mrkdwn", "text": FOOTER}]}
    assert reply.text == (
        "Your progress\n"
        "You · Revenue · November 2026: 60% (On track)\n"
        f"Team {ODD_MD} · Revenue · November 2026: 23% (At risk)"
    )


def test_a_subject_without_goals_in_a_period_in_norwegian():
    report = ProgressReport(
        today=TODAY,
        period=NOV,
        sections=[Section("team", [], team=ODD_TEAM)],
        viewer_id=1,
        explicit=True,
        pacing="business",
    )
    reply = valid_message(build_progress(NB, report))
    assert reply.blocks[0]["text"]["text"] == f"Fremdrift · teamet {ODD} · november 2026", (
        "the header is plain"
    )
    assert sections(reply.blocks) == [f"Teamet {ODD_MD} har ikke noe mål i november 2026."]
    assert reply.text.startswith(f"Fremdrift · teamet {ODD_MD} · november 2026\n")
    assert "arbeidsdager" in reply.blocks[-1]["elements"][0]["text"]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.REP, "You have no goal running today. Your manager sets your goals."),
        (Role.MANAGER, "You have no goal running today. A manager's own goals are set by an admin."),
        (Role.ADMIN, "You have no goal running today."),
    ],
)
def test_your_own_progress_without_a_goal_says_who_sets_one(role, expected):
    report = ProgressReport(TODAY, None, [Section("person", [], person=RITA)], 1, False, viewer_role=role)
    reply = valid_message(build_progress(EN, report))
    assert sections(reply.blocks) == [expected]
    assert reply.text == f"Your progress\n{expected}"


def test_many_goals_fit_one_message_and_the_rest_are_counted():
    many = [GoalProgress(goal=goal(i, person_id=2), progress=progress(1000, i)) for i in range(120)]
    report = ProgressReport(TODAY, None, [Section("person", many, person=PER)], viewer_id=1, explicit=True)
    reply = valid_message(build_progress(EN, report))
    shown = within_sections(reply.blocks)
    assert len(reply.blocks) == MESSAGE_BLOCKS
    assert all(text.startswith("*<@U0REP2>* · Revenue") for text in shown)
    assert reply.blocks[-2]["elements"][0]["text"] == (
        f"+{120 - len(shown)} more goals. Ask for one subject or a period to see them."
    )
    assert len(reply.text) <= 3000


def test_a_percentage_to_a_tenth_in_the_readers_format():
    assert precise_percent(EN, Decimal("1.0534")) == "105.3%"
    assert precise_percent(NB, Decimal("1.0534")) == "105,3\xa0%"


ANA, BO, CY, ELI = (person(i, name) for i, name in ((11, "Ana"), (12, "Bo"), (13, "Cy"), (19, "Eli")))
TOP = [
    Standing(1, ANA, Decimal("1.053"), Decimal(10530), Decimal(10000)),
    Standing(1, BO, Decimal("1.053"), Decimal(21060), Decimal(20000)),
    Standing(3, CY, Decimal("0.5"), Decimal(500), Decimal(1000)),
]
RULE = (
    "{count} ranked by sales against their revenue goals for November 2026. Several goals count "
    "together (sales summed over targets summed); a goal for all products counts instead of product "
    "goals. Goals that have not started yet do not count. Equal attainment shares a rank. People who "
    "opted out of public rankings are not shown."
)


def test_the_leaderboard_ties_share_a_medal_and_the_readers_own_place_follows():
    own = Standing(7, ELI, Decimal("0.2"), Decimal(200), Decimal(1000))
    board = Leaderboard(period=NOV, top=TOP, own=own, viewer_id=19, viewer_public=False, ranked=12)
    reply = valid_message(build_leaderboard(EN, board))
    assert reply.blocks[0]["text"]["text"] == "Leaderboard · November 2026"
    assert sections(reply.blocks) == [
        ":first_place_medal: *1.* <@U0P11> — *105.3%* · NOK\xa010,530 of NOK\xa010,000\n"
        ":first_place_medal: *1.* <@U0P12> — *105.3%* · NOK\xa021,060 of NOK\xa020,000\n"
        ":third_place_medal: *3.* <@U0P13> — *50.0%* · NOK\xa0500 of NOK\xa01,000",
        "Your place: *7.* <@U0P19> (you) — *20.0%* · NOK\xa0200 of NOK\xa01,000",
    ]
    assert [b["elements"][0]["text"] for b in reply.blocks if b["type"] == "context"] == [
        "You opted out of public rankings, so only you see your place. Change it under *My preferences*.",
        RULE.format(count=12),
    ]


def test_the_reader_in_the_top_is_marked_in_norwegian_and_one_without_a_goal_is_told_so():
    mine = valid_message(
        build_leaderboard(NB, Leaderboard(NOV, TOP, None, viewer_id=12, viewer_public=True, ranked=3))
    )
    assert ":first_place_medal: *1.* <@U0P12> (deg) — *105,3\xa0%*" in mrkdwn(mine.blocks)
    outside = valid_message(
        build_leaderboard(EN, Leaderboard(NOV, TOP, None, viewer_id=99, viewer_public=True, ranked=3))
    )
    assert (
        outside.blocks[2]["elements"][0]["text"]
        == "You have no revenue goal for November 2026, so you are not ranked."
    )


def test_an_empty_leaderboard_and_one_whose_goals_have_not_started():
    not_yet = Leaderboard(NOV, [], None, viewer_id=1, viewer_public=True, ranked=0, starts=date(2026, 12, 1))
    text = "The revenue goals for November 2026 have not started yet; the ranking begins on Dec 1, 2026."
    assert valid_message(build_leaderboard(EN, not_yet)) == Reply(
        text=f"Leaderboard · November 2026\n{text}",
        blocks=[
            {
                "type": "header",
                "text": {"type": "plain_text", "text": "Leaderboard · November 2026", "emoji": True},
            },
            {"type": "section", "text": {"type": "mrkdwn", "text": text}},
        ],
    )
    empty = valid_message(build_leaderboard(EN, Leaderboard(NOV, [], None, 1, True, 0)))
    assert sections(empty.blocks) == [
        "No one has a revenue goal for November 2026 yet, so there is no one to rank."
    ]
