"""The App Home tab (handlers/blocks/home.py): a person's dashboard, paged inside 100 blocks."""

from __future__ import annotations

import re

from handlers import ids
from handlers.blocks.common import MODAL_BLOCKS
from handlers.blocks.home import COMPANY_BEHIND, HOME_GOALS, HOME_ORDERS, build_home
from salesbot.access import Actor, Role
from salesbot.progress import (
    BEHIND,
    CompanyView,
    Dashboard,
    GoalProgress,
    PersonStatus,
    TeamOverview,
    TeamStatus,
)
from tests.handlers.blocks.checks import mrkdwn, sections, valid_view
from tests.handlers.blocks.samples import (
    EN,
    NB,
    ODD,
    ODD_MD,
    TODAY,
    goal,
    person,
    progress,
    sale,
    team,
)
from tests.helpers import buttons

REP = Actor(person_id=1, slack_user_id="U0REP", name="Rita <Rep>", role=Role.REP, lang="en")
MANAGER = Actor(person_id=2, slack_user_id="U0MAN", name="Mona", role=Role.MANAGER, lang="en")
ADMIN = Actor(person_id=3, slack_user_id="U0OWN", name="Ingrid", role=Role.ADMIN, lang="nb")
ODD_TEAM = team(3, ODD)
FOOTER = "Type `/sales help` in any channel to see every command."
MENTION = re.compile(r"<@(U0\w+)>")
PERSON_LINE = re.compile(r":\w+: <@(U0\w+)> [▓░]")


def home(actor: Actor, dashboard: Dashboard, *, fmt=EN, **kwargs) -> dict:
    return valid_view(build_home(fmt, actor, dashboard, **kwargs), "home")


def rows(view: dict) -> dict[str, list[str]]:
    return {
        b["block_id"]: [e["action_id"] for e in b["elements"]]
        for b in view["blocks"]
        if b["type"] == "actions"
    }


def footer(view: dict) -> str:
    return view["blocks"][-1]["elements"][0]["text"]


def test_a_reps_home_their_goals_orders_and_team():
    dashboard = Dashboard(
        today=TODAY,
        goals=[GoalProgress(goal(1, person_id=1), progress(10000, 6000))],
        teams=[TeamOverview(team=ODD_TEAM, goals=[], managed=False)],
        member_of=[ODD_TEAM],
    )
    view = home(
        REP, dashboard, orders=[sale(i, customer=f"Kunde {i}") for i in range(HOME_ORDERS + 2)], open_count=7
    )
    assert view["blocks"][0]["text"]["text"] == "Hi Rita <Rep>", "a header is plain text: the name as it is"
    assert sections(view["blocks"])[0] == (
        f"This is your salesbot dashboard. Your role: *sales rep*.\n*Your teams:* {ODD_MD}"
    )
    assert rows(view) == {
        "home_buttons": [
            ids.OPEN_RESULT_MODAL,
            ids.SHOW_OPEN_ORDERS,
            ids.SHOW_MY_SALES,
            ids.SHOW_PROGRESS,
            ids.SHOW_LEADERBOARD,
        ],
        "home_more": [
            ids.SHOW_HELP,
            ids.OPEN_PREFERENCES,
            ids.SHOW_TEAMS,
            ids.SHOW_PRODUCTS,
            ids.SHOW_TRAINING_LIBRARY,
        ],
        **{
            f"sale:{i}": [
                ids.SALE_DELIVERED,
                ids.SALE_LOST,
                ids.SALE_FEEDBACK_LINK,
                ids.SALE_EDIT,
                ids.SALE_DELETE,
            ]
            for i in range(HOME_ORDERS)
        },
    }
    text = mrkdwn(view)
    assert "*You* · Revenue · November 2026" in text
    assert "Kunde 4" in text and "Kunde 5" not in text and "+2 more: press *My open orders*." in text
    assert f"*Team {ODD_MD}* · your team\nNo team goal running today." in text
    assert footer(view) == FOOTER


def test_an_admin_with_nothing_yet_in_norwegian():
    view = home(ADMIN, Dashboard(today=TODAY, goals=[], teams=[]), fmt=NB)
    assert ids.OPEN_SETTINGS in rows(view)["home_more"]
    assert buttons(view["blocks"])[ids.OPEN_RESULT_MODAL]["text"]["text"] == "Registrer et salg"
    assert [b["type"] for b in view["blocks"]].count("header") == 3  # hello, goals, orders
    assert len(sections(view["blocks"])) == 3


def test_a_rep_with_nothing_yet_is_told_what_to_do():
    view = home(REP, Dashboard(today=TODAY, goals=[], teams=[]))
    assert sections(view["blocks"]) == [
        "This is your salesbot dashboard. Your role: *sales rep*.\n"
        "You are not in a team yet. An admin adds you with `/sales team add NAME @person`.",
        "You have no goal running today. Your manager sets your goals.",
        "No open orders. Press *Record a sale* when you close one.",
    ]


def test_more_goals_than_the_home_shows_are_counted():
    goals = [GoalProgress(goal(i, person_id=1), progress(1000, i)) for i in range(HOME_GOALS + 2)]
    view = home(REP, Dashboard(today=TODAY, goals=goals, teams=[]))
    assert "+2 more goals: press *Progress*." in mrkdwn(view)


def managed_teams(count: int, with_goal: int, without_goal: int) -> Dashboard:
    people = [
        PersonStatus(
            person=person(100 + i), goal=goal(100 + i, person_id=100 + i), progress=progress(1000, i * 10)
        )
        for i in range(with_goal)
    ] + [PersonStatus(person=person(5000 + i)) for i in range(without_goal)]
    teams = [
        TeamOverview(
            team=team(10 + k, f"Team {k}"),
            goals=[GoalProgress(goal(50 + k, scope="team", team_id=10 + k), progress(30000, 7000))],
            managed=True,
            people=people,
        )
        for k in range(count)
    ]
    return Dashboard(today=TODAY, goals=[], teams=teams, manages=[t.team for t in teams])


def test_a_manager_of_large_teams_pages_through_them_each_page_inside_slacks_limit():
    dashboard = managed_teams(3, with_goal=300, without_goal=500)
    first = home(MANAGER, dashboard)
    pages = int(re.match(r"Page 1 of (\d+) · ", footer(first)).group(1))
    assert pages > 1
    views = [first] + [home(MANAGER, dashboard, page=n) for n in range(1, pages)]
    for number, view in enumerate(views):
        assert len(view["blocks"]) <= MODAL_BLOCKS
        assert footer(view) == f"Page {number + 1} of {pages} · {FOOTER}"
        paging = {b["action_id"]: b["value"] for b in view["blocks"][-2]["elements"]}
        expected = {}
        if number > 0:
            expected[f"{ids.HOME_PAGE}:{number - 1}"] = str(number - 1)
        if number < pages - 1:
            expected[f"{ids.HOME_PAGE}:{number + 1}"] = str(number + 1)
        assert paging == expected
    behind = sum(1 for status in dashboard.teams[0].people if status.status in BEHIND)
    assert 0 < behind < 300
    assert f"*Team Team 0* · you manage 800 people · {behind} behind pace or at risk" in mrkdwn(first)
    assert "*Team Team 0* (continued)" in mrkdwn(views[1])
    # Every person with a goal is listed once per team, across the pages.
    people_lines = [
        line
        for view in views
        for text in sections(view["blocks"])
        for line in text.splitlines()
        if "▓" in line or "░" in line
    ]
    listed = [MENTION.search(line).group(1) for line in people_lines if MENTION.search(line)]
    assert sorted(listed) == sorted([f"U0P{100 + i}" for i in range(300)] * 3)
    assert "No goal running: <@U0P5000>" in mrkdwn(views)


def test_a_page_past_either_end_shows_the_nearest_page():
    dashboard = managed_teams(2, with_goal=200, without_goal=0)
    last = home(MANAGER, dashboard, page=999)
    pages = int(re.match(r"Page (\d+) of (\d+)", footer(last)).group(2))
    assert footer(last).startswith(f"Page {pages} of {pages} · ")
    assert footer(home(MANAGER, dashboard, page=-5)).startswith(f"Page 1 of {pages} · ")


def test_many_teams_with_many_goals_page_at_whole_goals_inside_slacks_limit():
    teams = [
        TeamOverview(
            team=team(10 + k, f"Team {k:02d}"),
            goals=[
                GoalProgress(
                    goal(100 * k + g, scope="team", team_id=10 + k, target=1000 + g), progress(1000 + g, 10)
                )
                for g in range(5)
            ],
            managed=False,
        )
        for k in range(40)
    ]
    dashboard = Dashboard(today=TODAY, goals=[], teams=teams, member_of=[t.team for t in teams])
    first = home(REP, dashboard)
    pages = int(re.match(r"Page 1 of (\d+) · ", footer(first)).group(1))
    views = [first] + [home(REP, dashboard, page=n) for n in range(1, pages)]
    assert all(len(view["blocks"]) <= MODAL_BLOCKS for view in views)
    assert sum(len(view["blocks"]) for view in views) > 2 * MODAL_BLOCKS, (
        "the room on a page is what pages here"
    )
    titles = [
        text.splitlines()[0] for view in views for text in sections(view["blocks"]) if "· Revenue ·" in text
    ]
    assert len(titles) == 200
    assert (
        sum(text.count("*Team Team 07* · your team") for view in views for text in sections(view["blocks"]))
        == 1
    )


# -- an admin's company view ------------------------------------------------------------------------


def company(teams: int, behind: int, *, goals: int = 1) -> CompanyView:
    return CompanyView(
        goals=[GoalProgress(goal(900 + g, scope="company"), progress(100000, 30000)) for g in range(goals)],
        teams=[
            TeamStatus(
                team_id=10 + k,
                name=f"Lag {k:03d}",
                goal=GoalProgress(goal(50 + k, scope="team", team_id=10 + k), progress(30000, 100 * k)),
                size=8,
                behind=3,
            )
            for k in range(teams)
        ],
        behind=[
            PersonStatus(
                person=person(100 + i), goal=goal(100 + i, person_id=100 + i), progress=progress(1000, i)
            )
            for i in range(behind)
        ],
        with_goal=behind + 40,
    )


def test_an_admin_sees_the_companys_goals_teams_and_people_behind():
    view_of = company(teams=0, behind=0)
    teams = [
        TeamStatus(
            team_id=1,
            name=ODD,
            goal=GoalProgress(
                goal(7, scope="team", team_id=1, metric="units"), progress(20, 5), product="Kaffe"
            ),
            size=1,
            behind=1,
        ),
        TeamStatus(team_id=2, name="Vest", goal=None, size=4, behind=0),
        TeamStatus(team_id=3, name="Nord", goal=None, size=0, behind=0),
    ]
    behind = [
        PersonStatus(person=person(5, "Per"), goal=goal(5, person_id=5), progress=progress(10000, 1000))
    ]
    view_of = CompanyView(goals=view_of.goals, teams=teams, behind=behind, with_goal=3)
    view = home(ADMIN, Dashboard(today=TODAY, goals=[], teams=[], company=view_of), fmt=EN)
    text = mrkdwn(view)
    assert (
        "As an admin you see the whole company below: its goals, every team and who is behind pace." in text
    )
    assert "You are not in a team yet" not in text
    assert [b["text"]["text"] for b in view["blocks"] if b["type"] == "header"] == [
        "Hi Ingrid",
        "Your goals",
        "Your open orders (0)",
        "The company",
    ]
    assert "*Company* · Revenue · November 2026" in text
    assert (
        "*Teams* (3), furthest behind first:\n"
        f":red_circle: *{ODD_MD}* ▓▓░░░░░░░░ 25% · At risk · Units · Kaffe only · November 2026 · "
        "1 person, 1 behind pace or at risk\n"
        ":white_circle: *Vest* · no team goal running today · 4 people, 0 behind pace or at risk\n"
        ":white_circle: *Nord* · no team goal running today · no members yet"
    ) in text
    assert (
        "*Behind pace or at risk:* 1 of 3 with a goal running today, furthest behind first:\n"
        ":red_circle: <@U0P5> ▓░░░░░░░░░ 10% · At risk · Revenue"
    ) in text


def test_an_admin_of_an_empty_company_is_told_what_is_missing_in_norwegian():
    empty = CompanyView(goals=[], teams=[], behind=[], with_goal=0)
    text = mrkdwn(home(ADMIN, Dashboard(today=TODAY, goals=[], teams=[], company=empty), fmt=NB))
    assert "Selskapet har ikke noe mål som gjelder i dag. En administrator setter et med" in text
    assert "*Teamene:* ingen ennå. Opprett et med `/sales team opprett NAVN`." in text
    assert "ingen kan være det, for ingen har et eget mål som gjelder i dag." in text
    nobody = CompanyView(goals=[], teams=[], behind=[], with_goal=1)
    text = mrkdwn(home(ADMIN, Dashboard(today=TODAY, goals=[], teams=[], company=nobody), fmt=NB))
    assert "*Bak skjema eller i faresonen:* ingen. Én person har et mål som gjelder i dag." in text
    nobody = CompanyView(goals=[], teams=[], behind=[], with_goal=12)
    text = mrkdwn(home(ADMIN, Dashboard(today=TODAY, goals=[], teams=[], company=nobody)))
    assert "*Behind pace or at risk:* nobody. 12 people have a goal running today." in text


def test_a_large_company_is_paged_inside_slacks_limit_and_its_people_behind_summarised():
    view_of = company(teams=300, behind=500, goals=HOME_GOALS + 3)
    dashboard = Dashboard(today=TODAY, goals=[], teams=[], company=view_of)
    first = home(ADMIN, dashboard)
    pages = int(re.match(r"Page 1 of (\d+) · ", footer(first)).group(1))
    views = [first] + [home(ADMIN, dashboard, page=n) for n in range(1, pages)]
    assert all(len(view["blocks"]) <= MODAL_BLOCKS for view in views)
    text = mrkdwn(views)
    assert "+3 more goals: press *Progress*." in text
    teams = re.findall(r"^:\w+: \*(Lag \d+)\*", text, re.MULTILINE)
    assert sorted(teams) == [f"Lag {k:03d}" for k in range(300)], "every team once, across the pages"
    assert "*The company* (continued)" in mrkdwn(views[1])
    named = [found.group(1) for line in text.splitlines() if (found := PERSON_LINE.match(line))]
    assert named == [f"U0P{100 + i}" for i in range(COMPANY_BEHIND)]
    assert f"+{500 - COMPANY_BEHIND} more. `/sales progress team:NAME`" in text
