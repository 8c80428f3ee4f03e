"""End to end: celebrations. A sale that takes a goal to 100 % (and each further threshold the
workspace sets) is celebrated in the team's channel, else the announcement channel, once per goal
and threshold whatever retries, recomputations or processes; someone who opted out is
congratulated by DM; a sale deleted below the line takes nothing back, and the person deleting
is told; the next crossing is not celebrated again. English and Norwegian."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime

import pytest
from slack_sdk import WebClient
from sqlmodel import Session

from handlers.ids import RECOGNITION_POST_NOW, REWARD_NOMINATE
from handlers.replies import celebrate
from handlers.runtime import Services
from salesbot.periods import Period
from storage.models import Celebration, Person, Sale, Team, Workspace
from tests.conftest import MANAGER, NORWEGIAN, OWNER, REP, REP2
from tests.handlers.office import NOW, OCT, add_goal, add_sale, november_goals, office_workspace, someone
from tests.handlers.schedules import runner_for
from tests.helpers import buttons, data, dms, press, replies, rows, shown

TODAY = NOW.date()


@pytest.fixture
def ws(db):
    with office_workspace(db) as workspace:
        november_goals(db)  # Rita 6,000 of 10,000; the team 6,000 of 30,000
        workspace.fake.add_channel("C0OST", "ost")
        workspace.fake.add_channel("C0ANNOUNCE", "announcements")
        with Session(db) as session:
            team = session.get(Team, next(t.id for t in rows(db, Team) if t.name == "Øst"))
            team.channel_id = "C0OST"
            workspace_row = session.get(Workspace, rows(db, Workspace)[0].id)
            workspace_row.announcement_channel = "C0ANNOUNCE"
            workspace_row.celebration_thresholds = [120, 150]
            session.add_all([team, workspace_row])
            session.commit()
        yield workspace


def posts_in(ws, channel: str) -> list[str]:
    return [shown(p) for p in ws.fake.snapshot_posted() if p.kind == "message" and p.channel == channel]


def test_reaching_100_and_120_percent_is_celebrated_once_each_in_the_team_channel(ws, db):
    ws.command("result 3 000", user=REP)  # 9,000 of 10,000
    assert posts_in(ws, "C0OST") == []
    ws.command("result 1 000", user=REP)  # 10,000: 100 %
    (first,) = posts_in(ws, "C0OST")
    assert f"<@{REP}> reached *100%* of the revenue goal for November 2026!" in first
    assert "NOK\xa010,000 of NOK\xa010,000" in first
    ws.command("result 1 000", user=REP)  # 110 %: no threshold
    assert len(posts_in(ws, "C0OST")) == 1
    ws.command("result 5 000", user=REP)  # 160 %: 120 and 150 at once, one celebration
    assert len(posts_in(ws, "C0OST")) == 2
    assert "is at *150%* of the revenue goal" in posts_in(ws, "C0OST")[-1]
    claimed = sorted(c.threshold for c in rows(db, Celebration))
    assert claimed == [100, 120, 150]
    assert posts_in(ws, "C0ANNOUNCE") == []  # the team channel is where Rita's go


def test_a_sale_deleted_below_the_line_takes_nothing_back_and_the_next_crossing_is_not_celebrated(ws, db):
    ws.command("result 4 000", user=REP)
    assert len(posts_in(ws, "C0OST")) == 1
    with data(db) as store:
        rita = someone(store, REP)
        newest = max((s for s in rows(db, Sale) if s.person_id == rita.id), key=lambda s: s.id)
        store.session.delete(store.session.get(Sale, newest.id))
    ws.command("result 4 000", user=REP)  # back over 100 %
    assert len(posts_in(ws, "C0OST")) == 1
    assert len(rows(db, Celebration)) == 1


def test_recomputing_again_and_again_and_from_two_processes_celebrates_once(ws, db):
    with data(db) as store:
        add_sale(store, someone(store, REP), 4000, date(2026, 11, 10))  # an import, say
        rita_id = someone(store, REP).id
    services = Services(settings=ws.settings, engine=ws.engine, clock=ws.clock)
    client = WebClient(token=ws.settings.bot_token, base_url=ws.settings.api_url)
    results: list[int] = []

    def run() -> None:
        results.append(celebrate(services, client, ws.team_id, [rita_id], days=[TODAY], today=TODAY))

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    run()
    assert sorted(results) == [0, 0, 0, 1]
    assert len(posts_in(ws, "C0OST")) == 1


def test_someone_who_opted_out_is_congratulated_by_dm_in_their_language(ws, db):
    with data(db) as store:
        kari = someone(store, NORWEGIAN)
        kari.public_ranking = False
        add_goal(store, 5000, who=kari)
    ws.command("result 5 000", user=NORWEGIAN)
    assert posts_in(ws, "C0OST") == []
    assert (
        "Gratulerer: du har nådd *100\xa0%* av målet ditt for omsetning i november 2026"
        in dms(ws, NORWEGIAN)[-1]
    )
    assert "valgt bort offentlig anerkjennelse" in dms(ws, NORWEGIAN)[-1]


def test_with_nowhere_public_to_celebrate_the_dm_does_not_say_they_opted_out(ws, db):
    with Session(db) as session:
        team = session.get(Team, next(t.id for t in rows(db, Team) if t.name == "Øst"))
        team.channel_id = None
        workspace_row = session.get(Workspace, rows(db, Workspace)[0].id)
        workspace_row.announcement_channel = None
        session.add_all([team, workspace_row])
        session.commit()
    ws.command("result 4 000", user=REP)
    told = dms(ws, REP)[-1]
    assert "Congratulations: you reached *100%* of your revenue goal for November 2026!" in told
    assert "opted out" not in told


def test_a_team_goal_is_celebrated_in_its_channel_and_the_company_in_the_announcement_channel(ws, db):
    with data(db) as store:
        add_goal(store, 10000, scope="company", who=None, metric="deals")
    for _ in range(3):  # Rita 14,000, 22,000, 30,000: the team at 30,000
        ws.command(f"result 8 000 for {ws.mention(REP)}", user=MANAGER)
    texts = "\n".join(posts_in(ws, "C0OST"))
    assert "Team *Øst* reached *100%* of the revenue goal for November 2026!" in texts
    assert f"<@{REP}> is at *150%*" in texts
    assert posts_in(ws, "C0ANNOUNCE") == []  # the company is far from its goals


def test_a_revised_goal_that_is_already_met_is_celebrated(ws, db):
    ws.command(f"goal {ws.mention(REP)} 5000 November performance Ahead of plan", user=MANAGER)
    (post,) = posts_in(ws, "C0OST")  # 6,000 of 5,000: 100 % and 120 % at once, one celebration
    assert f"<@{REP}> is at *120%* of the revenue goal for November 2026!" in post


def test_settings_hold_the_thresholds_and_refuse_what_cannot_be_stored(ws, db):
    from handlers.ids import SETTINGS_MODAL

    ws.command("settings", user=OWNER)
    view = ws.fake.top_view(OWNER)
    assert view["callback_id"] == SETTINGS_MODAL
    thresholds = next(b for b in view["blocks"] if b.get("block_id") == "celebration_thresholds")
    assert thresholds["element"]["initial_value"] == "120, 150"
    result = ws.submit(
        user=OWNER,
        view=view,
        answers={"celebration_thresholds": "90, lots", "recognition_top_n": "0", "kudos_daily_limit": "3"},
    )
    errors = result.json()["errors"]
    assert "above 100" in errors["celebration_thresholds"]
    assert "from 1 to 20" in errors["recognition_top_n"]
    ws.submit(
        user=OWNER,
        view=view,
        answers={"celebration_thresholds": "200 %, 125", "recognition_top_n": "3", "kudos_daily_limit": "3"},
    )
    workspace = rows(db, Workspace)[0]
    assert workspace.celebration_thresholds == [125, 200]
    assert (workspace.recognition_top_n, workspace.kudos_daily_limit) == (3, 3)
    assert rows(db, Person)


# -- the period-end announcement ---------------------------------------------------------------


def october(db) -> None:
    """Rita 12,000 of 10,000 in October (6,000 of 10,000 in September); Per 5,000 of 10,000;
    team Øst 17,000 of 15,000."""
    with data(db) as store:
        rita, per = someone(store, REP), someone(store, REP2)
        add_goal(store, 10000, who=rita, period=OCT)
        add_goal(store, 10000, who=rita, period=Period.of_month(2026, 9))
        add_goal(store, 10000, who=per, period=OCT)
        add_goal(store, 15000, scope="team", who=store.team_by_name("Øst"), period=OCT)
        add_sale(store, rita, 12000, date(2026, 10, 12))
        add_sale(store, rita, 6000, date(2026, 9, 12))
        add_sale(store, per, 5000, date(2026, 10, 13))


def test_the_period_end_announcement_is_posted_once_by_the_scheduler_on_the_first_working_day(ws, db):
    october(db)
    runner = runner_for(ws)
    # Sunday 1 November: not a working day. Monday 2 November, 08:30 in Oslo: too early.
    assert runner.tick(datetime(2026, 11, 1, 12, 0, tzinfo=UTC)).announced == []
    assert runner.tick(datetime(2026, 11, 2, 7, 30, tzinfo=UTC)).announced == []
    assert runner.tick(datetime(2026, 11, 2, 8, 5, tzinfo=UTC)).announced == ["T0LOCAL@2026-10"]
    assert runner_for(ws).tick(datetime(2026, 11, 2, 8, 6, tzinfo=UTC)).announced == []  # a second process
    (post,) = [p for p in ws.fake.snapshot_posted() if p.kind == "message" and p.channel == "C0ANNOUNCE"]
    text = shown(post)
    assert "Top performers of October 2026" in text
    assert f"*1.* <@{REP}> · *120.0%*" in text
    assert f"<@{REP2}>" not in text  # 50 %: below the least attainment
    assert "*Øst* · 113.3%" in text
    assert f"<@{REP}> · 60.0% → *120.0%*" in text
    assert text.count("Nominate a reward") == 2  # Rita's first place and her improvement


def test_nominate_a_reward_on_the_announcement_is_for_managers(ws, db):
    october(db)
    runner_for(ws).tick(datetime(2026, 11, 2, 8, 5, tzinfo=UTC))
    (post,) = [p for p in ws.fake.snapshot_posted() if p.kind == "message" and p.channel == "C0ANNOUNCE"]
    button = next(
        {**b["accessory"], "block_id": b.get("block_id")}
        for b in post.blocks
        if b.get("accessory", {}).get("action_id") == REWARD_NOMINATE
    )
    press(ws, REP2, button, ephemeral=False)
    assert "managers" in replies(ws, REP2)[-1].casefold()


def test_admins_preview_the_announcement_and_post_it_now_once(ws, db):
    with data(db) as store:
        add_goal(store, 5000, who=someone(store, NORWEGIAN), period=OCT)
        add_sale(store, someone(store, NORWEGIAN), 7000, date(2026, 10, 20))
    ws.command("anerkjennelse", user=OWNER)
    preview = replies(ws, OWNER)[-1]
    assert "Top performers of October 2026" in preview and "<#C0ANNOUNCE>" in preview
    ws.command("recognition", user=REP)
    assert "admin" in replies(ws, REP)[-1].casefold()
    post_now = buttons([b for p in ws.fake.snapshot_posted() if p.user == OWNER for b in (p.blocks or [])])
    press(ws, OWNER, post_now[RECOGNITION_POST_NOW])
    press(ws, OWNER, post_now[RECOGNITION_POST_NOW])  # a double click
    posts = [p for p in ws.fake.snapshot_posted() if p.kind == "message" and p.channel == "C0ANNOUNCE"]
    assert len(posts) == 1 and f"<@{NORWEGIAN}>" in shown(posts[0])
    told = "\n".join(replies(ws, OWNER))
    assert "The announcement is posted in <#C0ANNOUNCE>." in told
    assert "That announcement has gone out already" in told
