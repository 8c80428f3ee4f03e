"""End to end: the App Home dashboard, for a rep and for a manager of a large team, paged."""

from __future__ import annotations

import re
from datetime import date

import pytest

from handlers import ids
from tests.conftest import MANAGER, NORWEGIAN, OWNER, REP, REP2
from tests.handlers.office import (
    add_goal,
    add_sale,
    november_goals,
    office_workspace,
    quarter_team_goal_with_monthly_member_goals,
    someone,
)
from tests.helpers import data, dms, last_reply, shown

MENTION = re.compile(r"<@(U0[A-Z0-9]+)>")
PERSON_LINE = re.compile(r"^:\w+: <@(U0[A-Z0-9]+)> [▓░]", re.MULTILINE)


@pytest.fixture
def office(db):
    """The progress tests' office, on 18 November 2026."""
    with office_workspace(db) as workspace:
        yield workspace


def home(workspace, user) -> dict:
    workspace.open_home(user)
    view = workspace.fake.home_view(user)
    assert view is not None
    return view


def action_ids(view: dict) -> list[str]:
    return [e["action_id"] for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]]


def test_a_reps_home_shows_their_goals_open_orders_and_actions(office, db):
    november_goals(db)
    with data(db) as store:
        rita = someone(store, REP)
        add_sale(store, rita, 2500, date(2026, 11, 10), customer="Kaffebaren")
        add_sale(store, rita, 800, date(2026, 11, 11), delivered=date(2026, 11, 12), customer="Bryggeriet")
    view = home(office, REP)
    text = shown(view)
    assert "Hi Rita Rep" in text and "*Your teams:* Øst" in text
    assert "Your goals" in text
    assert "▓▓▓▓▓▓▓▓▓░  *93%* · NOK\xa09,300 of NOK\xa010,000" in text
    assert ":rocket: Ahead" in text
    assert "Your open orders (3)" in text and "Kaffebaren" in text and "Bryggeriet" in text
    assert "*Team Øst* · your team" in text and "*Team Øst* · Revenue · November 2026" in text
    assert "<@U0REP2>" not in text, "a rep's Home does not name teammates behind pace"
    buttons = action_ids(view)
    for action in (ids.OPEN_RESULT_MODAL, ids.SHOW_OPEN_ORDERS, ids.SHOW_PROGRESS, ids.SHOW_LEADERBOARD):
        assert action in buttons
    assert ids.OPEN_SETTINGS not in buttons and ids.SHOW_HELP in buttons
    assert ids.OPEN_SETTINGS in action_ids(home(office, OWNER))


def test_home_buttons_answer_by_dm_and_in_the_channel(office, db):
    november_goals(db)
    view = home(office, REP)
    office.click(user=REP, action_id=ids.SHOW_PROGRESS, block_id="home_buttons", view=view)
    office.fake.wait_for_posted(lambda p: p.kind == "dm" and p.user == REP)
    assert "Your progress" in dms(office, REP)[-1] and "NOK\xa06,000 of NOK\xa010,000" in dms(office, REP)[-1]
    office.click(user=REP, action_id=ids.SHOW_LEADERBOARD, block_id="help_buttons")
    assert "Leaderboard · November 2026" in last_reply(office, REP)


def test_the_training_library_is_browsed_from_home(office):
    view = home(office, REP)
    office.click(user=REP, action_id=ids.SHOW_TRAINING_LIBRARY, block_id="home_more", view=view)
    office.fake.wait_for_posted(lambda p: p.kind == "dm" and p.user == REP)
    assert "Training library (0)" in dms(office, REP)[-1]


def test_a_rep_without_goals_or_orders_is_told_what_to_do(office):
    text = shown(home(office, REP2))
    assert "You have no goal running today." in text
    assert "Your open orders (0)" in text and "No open orders." in text


def test_a_managers_home_lists_people_behind_pace_first(office, db):
    november_goals(db)
    text = shown(home(office, MANAGER))
    assert "*Team Øst* · you manage 3 people · 1 behind pace or at risk" in text
    lines = [line for line in text.splitlines() if re.match(r"(:\w+: )?<@U0|No goal running", line)]
    assert lines[0].startswith(":red_circle: <@U0REP2> ▓░░░░░░░░░ 10%")
    assert lines[1].startswith(":large_green_circle: <@U0REP> ▓▓▓▓▓▓░░░░ 60%")
    assert lines[2] == "No goal running: <@U0NORSK>"
    assert "Behind pace or at risk: <@U0REP2> 10%" in text


def test_a_large_team_is_summarised_then_paged_within_100_blocks(office, db):
    november_goals(db)
    with data(db) as store:
        east = store.team_by_name("Øst")
        for i in range(240):
            person = store.new_person(f"U0MANY{i:03d}")
            person.name = f"Member {i:03d}"
            store.save_person(person)
            store.add_to_team(east, person, "member")
            if i % 4:  # every fourth has no goal
                add_goal(store, 1000, who=person)
                add_sale(store, person, 10 * i, date(2026, 11, 2))
    view = home(office, MANAGER)
    assert len(view["blocks"]) <= 100
    text = shown(view)
    # 566.67 expected by now; 40 of the new members sold under 95 % of that, and Per.
    assert "you manage 243 people · 41 behind pace or at risk" in text
    pages = int(re.search(r"Page 1 of (\d+)", text)[1])
    assert pages > 1
    assert MENTION.findall(text)[0] == "U0MANY001"  # the slowest pace first, in the team goal's summary
    listed = PERSON_LINE.findall(text)
    assert listed[:2] == ["U0MANY001", "U0MANY002"]
    for page in range(1, pages):
        button = next(
            e
            for b in view["blocks"]
            if b["type"] == "actions"
            for e in b["elements"]
            if e.get("value") == str(page)
        )
        office.click(
            user=MANAGER, action_id=button["action_id"], block_id="home_pages", value=str(page), view=view
        )
        view = office.fake.home_view(MANAGER)
        assert len(view["blocks"]) <= 100
        text = shown(view)
        assert f"Page {page + 1} of {pages}" in text
        assert "*Team Øst* (continued)" in text
        assert "Your goals" not in text
        listed += PERSON_LINE.findall(text)
        without = re.search(r"No goal running: (.*)", text)
    # Each member with a goal has one line somewhere; those without are summed up on one line.
    assert len(listed) == len(set(listed)) == 180 + 2
    assert len(MENTION.findall(without[1])) == 60 + 1
    last = next(
        e
        for b in view["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"].startswith(ids.HOME_PAGE)
    )
    assert last["value"] == str(pages - 2), "the last page offers only the way back"


def test_the_owners_home_shows_the_company_its_teams_and_who_is_behind(office, db):
    november_goals(db)
    text = shown(home(office, OWNER))
    assert "You are not in a team yet" not in text
    assert "As an admin you see the whole company below" in text
    assert "The company" in text
    assert "*Company* · Revenue · November 2026\n░░░░░░░░░░  *7%* · NOK\xa07,000 of NOK\xa0100,000" in text
    assert "*Teams* (2), furthest behind first:" in text
    teams = [line for line in text.splitlines() if re.match(r":\w+: \*(Øst|Vest)\*", line)]
    assert teams == [
        ":red_circle: *Øst* ▓▓░░░░░░░░ 23% · At risk · Revenue · November 2026 · "
        "3 people, 1 behind pace or at risk",
        ":white_circle: *Vest* · no team goal running today · no members yet",
    ]
    assert "*Behind pace or at risk:* 1 of 2 with a goal running today, furthest behind first:" in text
    assert PERSON_LINE.findall(text) == ["U0REP2"]
    # A manager and a rep see no company view.
    for user in (MANAGER, REP):
        assert "The company" not in shown(home(office, user))


def test_an_admin_who_manages_a_team_and_has_goals_sees_their_own_goals_first(office, db):
    november_goals(db)
    office.command(f"role {office.mention(MANAGER)} admin", user=OWNER)
    with data(db) as store:
        mona = someone(store, MANAGER)
        add_goal(store, 20000, who=mona)
        add_sale(store, mona, 15000, date(2026, 11, 3))
    text = shown(home(office, MANAGER))
    assert "Your role: *admin*" in text and "*You manage:* Øst" in text
    mine = text.index("Your goals")
    assert "*You* · Revenue · November 2026" in text[mine:]
    assert mine < text.index("The company") < text.index("*Team Øst* · you manage 3 people")
    assert ":red_circle: *Øst* ▓▓░░░░░░░░ 23%" in text


def test_an_admins_home_in_norwegian(office, db):
    november_goals(db)
    office.command(f"role {office.mention(NORWEGIAN)} admin", user=OWNER)
    text = shown(home(office, NORWEGIAN))
    assert "Som administrator ser du hele selskapet nedenfor" in text
    assert "Selskapet" in text and "*Selskapet* · Omsetning · november 2026" in text
    assert "*Teamene* (2), de som ligger lengst bak først:" in text
    assert (
        ":red_circle: *Øst* ▓▓░░░░░░░░ 23\xa0% · I faresonen · Omsetning · november 2026 · "
        "3 personer, 1 bak skjema eller i faresonen"
    ) in text
    assert ":white_circle: *Vest* · ikke noe teammål som gjelder i dag · ingen medlemmer ennå" in text
    assert "*Bak skjema eller i faresonen:* 1 av 2 med mål som gjelder i dag" in text


def test_a_large_company_is_summarised_for_its_admin_then_paged_within_100_blocks(office, db):
    with data(db) as store:
        add_goal(store, 1000000, scope="company")
        for t in range(70):
            team = store.create_team(f"Lag {t:02d}")
            add_goal(store, 4000, scope="team", who=team)
            for i in range(4):
                person = store.new_person(f"U0L{t:02d}{i}")
                person.name = f"Selger {t:02d}-{i}"
                store.save_person(person)
                store.add_to_team(team, person, "member")
                add_goal(store, 1000, who=person)
                add_sale(store, person, 300 * i + t, date(2026, 11, 2))
    view = home(office, OWNER)
    text = shown(view)
    assert len(view["blocks"]) <= 100
    # Two of each team's four are behind: the 60 furthest behind are not all named.
    assert "*Behind pace or at risk:* 140 of 280 with a goal running today" not in text, "not on page 1"
    pages = int(re.search(r"Page 1 of (\d+)", text)[1])
    texts = [text]
    for page in range(1, pages):
        button = next(
            e
            for b in view["blocks"]
            if b["type"] == "actions"
            for e in b["elements"]
            if e.get("value") == str(page)
        )
        office.click(
            user=OWNER, action_id=button["action_id"], block_id="home_pages", value=str(page), view=view
        )
        view = office.fake.home_view(OWNER)
        assert len(view["blocks"]) <= 100
        texts.append(shown(view))
    everything = "\n".join(texts)
    seen = re.findall(r"^:\w+: \*(Lag \d\d)\*", everything, re.MULTILINE)
    assert sorted(seen) == [f"Lag {t:02d}" for t in range(70)], "every team once"
    assert "*The company* (continued)" in everything
    assert "*Behind pace or at risk:* 140 of 280 with a goal running today" in everything
    named = PERSON_LINE.findall(everything)
    assert len(named) == 30 and named[0] == "U0L000", "the furthest behind first"
    assert "+110 more. `/sales progress team:NAME` names a team's people behind pace." in everything


def test_home_in_norwegian(office, db):
    november_goals(db)
    text = shown(home(office, NORWEGIAN))
    assert "Hei, Kari Nordmann" in text
    assert "Dine mål" in text and "Du har ikke noe mål som gjelder i dag." in text
    assert "Dine åpne ordrer (0)" in text
    assert "*Teamet Øst* · teamet ditt" in text
    labels = [
        e["text"]["text"]
        for b in home(office, NORWEGIAN)["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
    ]
    assert "Registrer et salg" in labels and "Toppliste" in labels


def test_marking_an_order_delivered_from_home_redraws_home(office, db):
    with data(db) as store:
        add_sale(store, someone(store, REP), 2500, date(2026, 11, 10), customer="Kaffebaren")
    view = home(office, REP)
    assert "Your open orders (1)" in shown(view)
    button = next(
        e
        for b in view["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == ids.SALE_DELIVERED
    )
    block_id = next(
        b["block_id"] for b in view["blocks"] if b["type"] == "actions" and button in b["elements"]
    )
    office.click(user=REP, action_id=ids.SALE_DELIVERED, block_id=block_id, value=button["value"], view=view)
    modal = office.fake.top_view(REP)
    assert modal["callback_id"] == ids.SALE_DATE_MODAL
    office.submit(user=REP, view=modal, answers={"date": "2026-11-12"})
    # Delivered but not yet followed up, so still open: shown with its new state and next step.
    redrawn = office.fake.wait_for_posted(
        lambda p: p.kind == "home" and p.user == REP and "Delivered Nov 12, 2026" in shown(p.view)
    )
    assert ids.SALE_FOLLOWED_UP in action_ids(redrawn.view)


def test_home_counts_a_teams_people_as_progress_does(office, db):
    quarter_team_goal_with_monthly_member_goals(db)
    office.command("progress team:Øst", user=MANAGER)
    progress = last_reply(office, MANAGER)
    counts = next(line for line in progress.splitlines() if line.startswith("People, by their own goals"))
    text = shown(home(office, MANAGER))
    assert counts in text  # in the Q4 team goal, as in the progress reply
    assert "you manage 3 people · 1 behind pace or at risk" in text
    listed = PERSON_LINE.findall(text)
    assert sorted(listed) == ["U0REP", "U0REP2"] and "No goal running: <@U0NORSK>" in text


def test_a_manager_or_admin_without_a_goal_is_not_sent_to_their_manager(office, db):
    for user in (MANAGER, OWNER):
        text = shown(home(office, user))
        assert "You have no goal running today." in text
        assert "Your manager" not in text
        office.command("progress", user=user)
        assert "Your manager" not in last_reply(office, user)
    assert "A manager's own goals are set by an admin." in shown(home(office, MANAGER))
    assert "A manager's own goals are set by an admin." in last_reply(office, MANAGER)
    assert "set by an admin" not in shown(home(office, OWNER))
    assert "Your manager sets your goals." in shown(home(office, REP))
    office.command(f"role {office.mention(NORWEGIAN)} manager", user=OWNER)
    text = shown(home(office, NORWEGIAN))
    assert "Du har ikke noe mål som gjelder i dag. En leders egne mål settes av en administrator." in text


def test_app_home_lists_teams_for_members_and_managers(slack):
    slack.command("team create Øst", user=OWNER)
    slack.command(f"team add Øst {slack.mention(REP)}", user=OWNER)
    slack.command(f"team manager Øst {slack.mention(MANAGER)}", user=OWNER)
    slack.open_home(REP)
    slack.open_home(MANAGER)
    assert "*Your teams:* Øst" in str(slack.fake.home_view(REP)["blocks"])
    assert "*You manage:* Øst" in str(slack.fake.home_view(MANAGER)["blocks"])
