"""End to end: a team diagnosis ends listing its members behind pace, each with Diagnose;
Diagnose wherever a person or team is shown behind pace (progress, App Home) for those who may
diagnose them only; the follow-up reminder."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from handlers.ids import DIAGNOSIS_CONCLUDE, DIAGNOSIS_START
from salesbot.periods import Period
from storage.models import Diagnosis, Team
from tests.conftest import MANAGER, NORWEGIAN, OWNER, REP, REP2
from tests.handlers.office import add_sale, november_goals, office_workspace
from tests.handlers.schedules import runner_for
from tests.handlers.shop import last_ephemeral, updates
from tests.helpers import buttons, data, dms, goal_row, last_reply, press, rows, shown


@pytest.fixture
def office(db):
    with office_workspace(db) as workspace:
        yield workspace


def diagnose_buttons(blocks) -> list[dict]:
    """Every Diagnose button in ``blocks``: section accessories and actions elements."""
    found = []
    for block in blocks:
        elements = [block["accessory"]] if "accessory" in block else block.get("elements", [])
        found += [
            {**e, "block_id": block.get("block_id")}
            for e in elements
            if e.get("action_id", "").startswith(DIAGNOSIS_START)
        ]
    return found


def walk_to_the_end(ws, user, message):
    for _ in range(5):
        step = next(b for key, b in buttons(message.blocks).items() if key == "diagnosis_mark:ruled_out")
        press(ws, user, step)
        message = updates(ws, user)[-1]
    return message


def test_a_team_diagnosis_ends_with_its_members_behind_pace_and_diagnose_starts_theirs(office, db):
    november_goals(db)
    office.command("diagnose team:Øst 2026-11", user=MANAGER)
    first = last_ephemeral(office, MANAGER)
    assert diagnose_buttons(first.blocks) == [], "listed at the end, not while the steps are walked"
    end = walk_to_the_end(office, MANAGER, first)
    assert "Every step is marked" in shown(end)
    assert "Members behind pace* in November 2026" in shown(end)
    assert "<@U0REP2>: 10% of their goal · At risk" in shown(end)
    assert "<@U0REP>:" not in shown(end), "Rita is on track"
    (diagnose,) = diagnose_buttons(end.blocks)
    press(office, MANAGER, diagnose)
    assert "Diagnosis: Per Rep · November 2026" in last_reply(office, MANAGER)
    people = [d for d in rows(db, Diagnosis) if d.scope == "person"]
    assert [(d.period_key, d.started_by_id is not None) for d in people] == [("2026-11", True)]
    # Pressed again (or from another message): the same diagnosis, resumed.
    press(office, MANAGER, diagnose)
    assert len([d for d in rows(db, Diagnosis) if d.scope == "person"]) == 1


def test_diagnose_pressed_by_anyone_else_tells_nothing_and_starts_nothing(office, db):
    november_goals(db)
    office.command("diagnose team:Øst 2026-11", user=MANAGER)
    end = walk_to_the_end(office, MANAGER, last_ephemeral(office, MANAGER))
    (diagnose,) = diagnose_buttons(end.blocks)
    press(office, REP, diagnose)
    assert (
        last_reply(office, REP)
        == ":warning: Only a person's or team's own managers and admins can run or see a diagnosis."
    )
    assert [d.scope for d in rows(db, Diagnosis)] == ["team"]
    forged = {**diagnose, "value": "person:999999:2026-11"}
    press(office, OWNER, forged)
    assert "Only a person's or team's own managers" in last_reply(office, OWNER)


def test_a_team_with_nobody_behind_says_so(office, db):
    office.command("diagnose team:Øst 2026-11", user=OWNER)
    end = walk_to_the_end(office, OWNER, last_ephemeral(office, OWNER))
    assert "No member is behind pace on their own goal in November 2026." in shown(end)
    assert diagnose_buttons(end.blocks) == []


def test_progress_shows_diagnose_to_those_who_may_and_pressing_it_starts_the_diagnosis(office, db):
    november_goals(db)
    office.command(f"progress {office.mention(REP2)}", user=MANAGER)
    (diagnose,) = diagnose_buttons(last_ephemeral(office, MANAGER).blocks)
    assert diagnose["value"].startswith("person:") and diagnose["value"].endswith(":2026-11")
    press(office, MANAGER, diagnose)
    assert "Diagnosis: Per Rep · November 2026" in last_reply(office, MANAGER)
    office.command(f"progress {office.mention(REP)}", user=MANAGER)  # on track: nothing to diagnose
    assert diagnose_buttons(last_ephemeral(office, MANAGER).blocks) == []
    office.command("progress team:Øst", user=MANAGER)  # the team is behind: Diagnose the team
    values = [b["value"] for b in diagnose_buttons(last_ephemeral(office, MANAGER).blocks)]
    team_id = next(team.id for team in rows(db, Team) if team.name == "Øst")
    assert values == [f"team:{team_id}:2026-11"]
    office.command("progress team:Øst", user=OWNER)
    assert len(diagnose_buttons(last_ephemeral(office, OWNER).blocks)) == 1


@pytest.mark.parametrize("user", [REP2, REP])
def test_progress_shows_no_diagnose_to_the_subject_or_a_colleague(office, db, user):
    november_goals(db)
    office.command("progress", user=user)  # their own goal, their team's (behind), the company's
    assert diagnose_buttons(last_ephemeral(office, user).blocks) == []
    office.command("progress team:Øst", user=user)
    assert diagnose_buttons(last_ephemeral(office, user).blocks) == []


def home_of(office, user):
    office.open_home(user=user)
    return office.fake.wait_for_posted(lambda p: p.kind == "home" and p.user == user).view["blocks"]


def test_app_home_offers_diagnose_beside_who_is_behind_to_managers_and_admins_only(office, db):
    november_goals(db)
    (mine,) = diagnose_buttons(home_of(office, MANAGER))
    assert mine["text"]["text"] == "Diagnose Per Rep" and mine["value"].endswith(":2026-11")
    press(office, MANAGER, mine)
    assert "Diagnosis: Per Rep · November 2026" in shown(
        office.fake.wait_for_posted(lambda p: p.user == MANAGER and "Diagnosis: Per Rep" in (p.text or ""))
    )
    assert [b["text"]["text"] for b in diagnose_buttons(home_of(office, OWNER))] == ["Diagnose Per Rep"]
    for user in (REP, REP2, NORWEGIAN):
        assert diagnose_buttons(home_of(office, user)) == []


# -- the follow-up reminder ------------------------------------------------------------------


def at(*parts) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def conclude_per(office, user, *, follow_up="2026-12-02", problem="price"):
    """``user`` diagnoses Per for November, marks ``problem`` as the problem and the rest ruled
    out, and concludes with one action of Rita's."""
    office.command(f"diagnose {office.mention(REP2)} 2026-11", user=user)
    message = last_ephemeral(office, user)
    for step in ("product", "price", "service", "marketing", "training"):
        answer = "problem" if step == problem else "ruled_out"
        press(office, user, buttons(message.blocks)[f"diagnosis_mark:{answer}"])
        message = updates(office, user)[-1]
    press(office, user, buttons(message.blocks)[DIAGNOSIS_CONCLUDE])
    view = office.fake.wait_for_posted(lambda p: p.kind == "modal_open" and p.user == user).view
    office.submit(
        user=user,
        view=view,
        answers={
            "root_cause": problem,
            "action_1": "Train Per on value selling",
            "owner_1": REP,
            "follow_up": follow_up,
        },
    )
    (diagnosis,) = [d for d in rows(office.engine, Diagnosis) if d.scope == "person"]
    return diagnosis


def december_for_per(db):
    """Per's December: a goal of 10,000 and 8,000 sold by the 2nd, nothing lost."""
    with data(db) as store:
        per = store.person_by_slack_id(REP2)
        goal_row(store, 10000, who=per, period=Period.of_month(2026, 12))
        add_sale(store, per, 8000, date(2026, 12, 1))


def follow_ups(office, user) -> list[str]:
    return [text for text in dms(office, user) if "Follow-up:" in text or "Oppfølging:" in text]


def test_the_manager_is_followed_up_once_on_the_date_in_working_hours_with_what_changed(office, db):
    november_goals(db)
    diagnosis = conclude_per(office, MANAGER)
    snapshot = diagnosis.concluded_figures
    assert snapshot["step"] == "price" and snapshot["attainment"] == pytest.approx(0.1)
    assert snapshot["figures"], "the price step's figures are kept"
    december_for_per(db)
    runner = runner_for(office)
    assert runner.tick(at(2026, 12, 1, 9, 0)).followed_up == []  # the day before
    assert runner.tick(at(2026, 12, 2, 7, 0)).followed_up == []  # 08:00 in Oslo: too early
    assert runner.tick(at(2026, 12, 2, 8, 30)).followed_up == [f"follow-up {diagnosis.id}@{MANAGER}"]  # 09:30
    (message,) = follow_ups(office, MANAGER)
    assert "Follow-up: Per Rep · November 2026" in message
    assert "*Root cause:* Price" in message
    assert "• Train Per on value selling — <@U0REP>" in message
    assert "*Attainment:* 10% at the conclusion (November 2026) → 80% now (December 2026)" in message
    assert "*Price* (marked as the problem), then → now:" in message
    assert "• Deals lost on price or to a competitor: 50% → 0%" in message
    assert dms(office, REP2) == [] and follow_ups(office, REP) == [], "only the manager hears of it"
    assert runner.tick(at(2026, 12, 2, 9, 0)).followed_up == []  # once
    assert runner.tick(at(2026, 12, 3, 9, 0)).followed_up == []
    assert len(follow_ups(office, MANAGER)) == 1
    assert rows(db, Diagnosis)[0].follow_up_sent_at is not None


def test_not_at_night_nor_on_a_weekend_but_the_next_working_morning(office, db):
    november_goals(db)
    conclude_per(office, MANAGER, follow_up="2026-12-05")  # a Saturday
    runner = runner_for(office)
    assert runner.tick(at(2026, 12, 5, 10, 0)).followed_up == []  # Saturday 11:00
    assert runner.tick(at(2026, 12, 6, 10, 0)).followed_up == []  # Sunday
    assert runner.tick(at(2026, 12, 7, 3, 0)).followed_up == []  # Monday 04:00: night
    assert runner.tick(at(2026, 12, 4, 15, 30)).followed_up == []  # Friday before: not yet
    assert len(runner.tick(at(2026, 12, 7, 8, 0)).followed_up) == 1  # Monday 09:00 in Oslo
    assert len(follow_ups(office, MANAGER)) == 1


def test_after_working_hours_it_waits_for_the_next_morning(office, db):
    november_goals(db)
    conclude_per(office, MANAGER)
    runner = runner_for(office)
    assert runner.tick(at(2026, 12, 2, 15, 0)).followed_up == []  # Wednesday 16:00 in Oslo
    assert len(runner.tick(at(2026, 12, 3, 8, 0)).followed_up) == 1


def test_two_runners_send_it_once(office, db):
    november_goals(db)
    conclude_per(office, MANAGER)
    first, second = runner_for(office), runner_for(office)
    now = at(2026, 12, 2, 8, 30)
    due = first.follow_ups.due(office.team_id, now)  # both have worked it out…
    assert len(due) == 1 and len(second.follow_ups.due(office.team_id, now)) == 1
    client = first.services.client_for(office.team_id)  # the workspace's own token, as run() does
    assert first.follow_ups._send(due[0], client, at=now) is True
    assert second.follow_ups._send(due[0], client, at=now) is False  # …and only the first claim sends it
    assert second.tick(at(2026, 12, 2, 9, 0)).followed_up == []
    assert len(follow_ups(office, MANAGER)) == 1


def test_the_follow_up_in_norwegian_to_the_manager_who_concluded_it(office, db):
    november_goals(db)
    office.command(f"team manager Øst {office.mention(NORWEGIAN)}", user=OWNER)
    conclude_per(office, NORWEGIAN)
    december_for_per(db)
    assert len(runner_for(office).tick(at(2026, 12, 2, 8, 30)).followed_up) == 1
    (message,) = follow_ups(office, NORWEGIAN)
    assert "Oppfølging: Per Rep · november 2026" in message
    assert "*Grunnårsak:* Pris" in message
    assert "*Tiltak:*\n• Train Per on value selling — <@U0REP>" in message
    assert "*Måloppnåelse:* 10\xa0% ved konklusjonen (november 2026) → 80\xa0% nå (desember 2026)" in message
    assert "*Pris* (markert som problemet), da → nå:" in message
    assert follow_ups(office, MANAGER) == [], "the manager who concluded it, not every manager"


# -- Diagnose… under a channel digest ----------------------------------------------------------


def posted_digest(office, db, scope: str):
    """A digest of ``scope`` (company, or team:ID) in #sales, posted now; its message."""
    from handlers.ids import DIGEST_RUN_NOW
    from storage.models import DigestSchedule
    from tests.handlers.schedules import SALES, channel_posts, new_schedule

    office.fake.add_channel(*SALES)
    new_schedule(office, digest_cadence="daily", digest_time="09:00", digest_scope=scope)
    schedule = rows(db, DigestSchedule)[-1]
    office.click(user=OWNER, action_id=DIGEST_RUN_NOW, value=str(schedule.id), channel=SALES)
    return next(p for p in channel_posts(office) if p.kind == "message")


def digest_button(message) -> list[dict]:
    from handlers.ids import DIAGNOSIS_FROM_DIGEST

    return [
        # Slack gives a block without an id one of its own
        {**block["accessory"], "block_id": block.get("block_id", "digest")}
        for block in message.blocks
        if block.get("accessory", {}).get("action_id") == DIAGNOSIS_FROM_DIGEST
    ]


def test_a_digest_with_people_behind_offers_each_presser_only_their_own_people_to_diagnose(office, db):
    november_goals(db)
    team_id = next(team.id for team in rows(db, Team) if team.name == "Øst")
    digest = posted_digest(office, db, f"team:{team_id}")
    (button,) = digest_button(digest)

    press(office, REP, button, channel=("C0SALES", "sales"))
    refused = last_reply(office, REP)
    assert "None of the people behind pace in November 2026 are yours to diagnose" in refused
    assert "Per" not in refused and "U0REP2" not in refused

    press(office, MANAGER, button, channel=("C0SALES", "sales"))
    mine = last_ephemeral(office, MANAGER)
    assert "<@U0REP2>: 10% of their goal · At risk" in shown(mine) and "<@U0REP>" not in shown(mine)
    team, diagnose = diagnose_buttons(mine.blocks)  # the team Mona manages, then Per
    assert (team["text"]["text"], team["value"]) == ("Diagnose team Øst", f"team:{team_id}:2026-11")
    press(office, MANAGER, diagnose)
    assert "Diagnosis: Per Rep · November 2026" in last_reply(office, MANAGER)


def test_the_company_digest_s_diagnose_finds_people_behind_in_every_team(office, db):
    november_goals(db)
    digest = posted_digest(office, db, "company")
    (button,) = digest_button(digest)
    press(office, OWNER, button, channel=("C0SALES", "sales"))
    offered = diagnose_buttons(last_ephemeral(office, OWNER).blocks)
    assert [b["value"].split(":")[0] for b in offered] == ["person"], "a company digest: people, no team"
    forged = {**button, "value": "person:1:2026-11"}  # only team or company digests carry it
    press(office, OWNER, forged, channel=("C0SALES", "sales"))
    assert "Only a person's or team's own managers" in last_reply(office, OWNER)
