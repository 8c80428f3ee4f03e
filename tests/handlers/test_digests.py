"""Scheduled digests end to end: ``/sales digest`` and its modal and buttons through Slack's request
format, and what the digests posted by the scheduler say.

When the scheduler posts (on time, late, skipped, daylight saving) and what it does when Slack
refuses: tests/handlers/scheduler/."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

import pytest
from sqlmodel import Session, select

from handlers.ids import (
    DIGEST_DELETE,
    DIGEST_EDIT,
    DIGEST_PAUSE,
    DIGEST_RESUME,
    DIGEST_RUN_NOW,
    OPEN_DIGEST_MODAL,
)
from storage.models import AuditEntry, DigestOccurrence, Team
from tests.conftest import MANAGER, NORWEGIAN, OWNER, REP, REP2
from tests.handlers.schedules import (
    OUTSIDE,
    SALES,
    channel_posts,
    digest_workspace,
    list_message,
    new_schedule,
    runner_for,
    schedules,
)
from tests.helpers import dms, last_reply, rows, shown


@pytest.fixture
def ws(db):
    with digest_workspace(db) as workspace:
        yield workspace


def seed(ws) -> None:
    """A team, goals at three levels and two sales, entered as people would."""
    for text in (
        "team create Øst",
        f"team add Øst {ws.mention(REP)} {ws.mention(REP2)} {ws.mention(NORWEGIAN)}",
        f"team manager Øst {ws.mention(MANAGER)}",
        "team create Vest",
        "goal company 1000000 this month",
        "goal team:Øst 400000 this month",
        f"goal {ws.mention(REP)} 200000 this month",
        f"goal {ws.mention(REP2)} 150000 this month",
        f"goal {ws.mention(NORWEGIAN)} 100000 this month",
        f"result 120000 for {ws.mention(REP)}",
        f"result 60000 for {ws.mention(REP2)}",
        f"result 110000 for {ws.mention(NORWEGIAN)}",
    ):
        ws.command(text, user=OWNER)
    ws.fake.reset()


def team_id(db, name: str) -> int:
    return next(team.id for team in rows(db, Team) if team.name == name)


def buttons(posted) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for block in posted.blocks or []:
        for element in block.get("elements", []) if block["type"] == "actions" else []:
            found.setdefault(element["action_id"], []).append(element.get("value"))
    return found


# -- schedules from Slack ------------------------------------------------------------------------


def test_an_admin_creates_a_daily_digest_with_the_modal_and_it_is_posted_at_nine_oslo_time(ws, db):
    seed(ws)
    ws.command("digest", user=OWNER, channel=SALES)
    assert "No digests are scheduled yet" in last_reply(ws, OWNER)
    ws.click(user=OWNER, action_id=OPEN_DIGEST_MODAL, value="new", channel=SALES)
    view = ws.fake.top_view(OWNER)
    assert view["title"]["text"] == "New digest"
    first = ws.submit(user=OWNER, view=view, answers={"digest_cadence": "daily", "digest_time": "09:00"})
    assert first.status == 200 and first.text == ""
    # The same modal submitted again saves nothing more.
    ws.submit(user=OWNER, view=view, answers={"digest_cadence": "daily", "digest_time": "09:00"})
    (schedule,) = schedules(db)
    assert (
        schedule.channel_id,
        schedule.scope,
        schedule.cadence,
        schedule.local_time,
        schedule.timezone,
    ) == (
        "C0SALES",
        "company",
        "daily",
        "09:00",
        "Europe/Oslo",
    )
    assert [e.action for e in rows(db, AuditEntry) if e.entity == "digest_schedule"] == ["digest.created"]
    (confirmation,) = dms(ws, OWNER)
    assert "Digest saved: <#C0SALES> · Company · Every day at 09:00 (Europe/Oslo)" in confirmation
    assert "today 09:00" in confirmation

    runner = runner_for(ws)
    assert runner.tick(datetime(2026, 11, 18, 7, 59, tzinfo=UTC)).posted == []
    report = runner.tick(datetime(2026, 11, 18, 8, 0, 20, tzinfo=UTC))
    assert report.posted == [f"{schedule.id}@2026-11-18T09:00"]
    message, chart = channel_posts(ws)
    text = shown(message)
    assert "Sales digest" in text and "Wednesday, November 18, 2026 · November 2026" in text
    assert "*Company* · Revenue · November 2026" in text and "29%" in text
    assert "*1.* Kari Nordmann — *110.0%*" in text and "*2.* Rita Rep — *60.0%*" in text
    assert "Reached their goal" in text and "1 person so far: Kari Nordmann" in text
    assert "<slack://app?team=T0LOCAL&id=A0SALESBOT&tab=home|salesbot's App Home>" in text
    assert "<@" not in text, "a digest names people without pinging them"
    assert chart.file["name"] == "progress-2026-11-18.png" and chart.file["data"][:8] == b"\x89PNG\r\n\x1a\n"
    # Later ticks the same day post nothing more.
    assert runner.tick(datetime(2026, 11, 18, 8, 0, 40, tzinfo=UTC)).posted == []
    assert runner.tick(datetime(2026, 11, 18, 15, 0, tzinfo=UTC)).posted == []
    assert len(channel_posts(ws)) == 2
    (occurrence,) = rows(db, DigestOccurrence)
    assert (occurrence.status, occurrence.channel_id, occurrence.message_ts) == (
        "posted",
        "C0SALES",
        message.ts,
    )
    assert ws.fake.missing_text_fallbacks() == []


def test_field_errors_show_on_the_modal_and_nothing_is_saved(ws, db):
    ws.command("digest", user=OWNER)
    ws.click(user=OWNER, action_id=OPEN_DIGEST_MODAL, value="new")
    view = ws.fake.top_view(OWNER)
    result = ws.submit(user=OWNER, view=view, answers={"digest_channel": None, "digest_sections": []})
    errors = result.json()["errors"]
    assert errors == {
        "digest_channel": "Choose the channel to post the digest in.",
        "digest_sections": "Choose at least one section.",
    }
    result = ws.submit(user=OWNER, view=view, answers={"digest_channel": OUTSIDE[0]})
    assert (
        "salesbot isn't in that channel yet: type `/invite @salesbot`"
        in result.json()["errors"]["digest_channel"]
    )
    assert schedules(db) == []
    # Corrected, the same modal saves.
    ws.submit(user=OWNER, view=view, answers={"digest_channel": SALES[0]})
    assert len(schedules(db)) == 1


def test_every_problem_with_a_digest_form_shows_at_once_under_its_field(ws, db):
    seed(ws)
    vest = team_id(db, "Vest")
    for user, expected in (
        (
            MANAGER,
            {
                "digest_channel": "salesbot isn't in that channel yet: type `/invite @salesbot` in the "
                "channel, then save again.",
                "digest_scope": "You can schedule digests for the company and the teams you manage, "
                "not for team Vest.",
                "digest_sections": "Choose at least one section.",
            },
        ),
        (
            NORWEGIAN,
            {
                "digest_channel": "salesbot er ikke med i den kanalen ennå: skriv `/invite @salesbot` i "
                "kanalen, og lagre så på nytt.",
                "digest_scope": "Du kan planlegge oppsummeringer for selskapet og teamene du leder, ikke "
                "for teamet Vest.",
                "digest_sections": "Velg minst én del av innholdet.",
            },
        ),
    ):
        if user == NORWEGIAN:
            ws.command(f"team manager Øst {ws.mention(NORWEGIAN)}", user=OWNER)
        ws.command("digest", user=user)
        ws.click(user=user, action_id=OPEN_DIGEST_MODAL, value="new")
        forged = copy.deepcopy(ws.fake.top_view(user))
        scopes = next(b for b in forged["blocks"] if b["block_id"] == "digest_scope")["element"]["options"]
        scopes.append({**scopes[-1], "value": f"team:{vest}"})
        result = ws.submit(
            user=user,
            view=forged,
            answers={"digest_channel": OUTSIDE[0], "digest_scope": f"team:{vest}", "digest_sections": []},
        )
        assert result.json() == {"response_action": "errors", "errors": expected}
        assert schedules(db) == []


def test_permissions_reps_managers_and_admins(ws, db):
    seed(ws)
    ws.command("digest", user=REP)
    assert "Channel digests are set up by managers and admins" in last_reply(ws, REP)
    ws.click(user=REP, action_id=OPEN_DIGEST_MODAL, value="new")
    assert "Only managers and admins can use `/sales digest`" in last_reply(ws, REP)
    assert ws.fake.top_view(REP) is None

    # A manager may offer their own team and the company, not another team.
    ws.command("digest", user=MANAGER)
    ws.click(user=MANAGER, action_id=OPEN_DIGEST_MODAL, value="new")
    view = ws.fake.top_view(MANAGER)
    scopes = next(b for b in view["blocks"] if b["block_id"] == "digest_scope")["element"]["options"]
    assert [o["text"]["text"] for o in scopes] == ["Company", "Team Øst"]
    # A forged submission naming another team is refused all the same.
    vest, ost = team_id(db, "Vest"), team_id(db, "Øst")
    forged = copy.deepcopy(view)
    forged_scopes = next(b for b in forged["blocks"] if b["block_id"] == "digest_scope")["element"]["options"]
    forged_scopes.append({**scopes[1], "value": f"team:{vest}"})
    result = ws.submit(
        user=MANAGER, view=forged, answers={"digest_channel": SALES[0], "digest_scope": f"team:{vest}"}
    )
    assert result.json()["errors"]["digest_scope"] == (
        "You can schedule digests for the company and the teams you manage, not for team Vest."
    )
    assert schedules(db) == []
    ws.submit(user=MANAGER, view=view, answers={"digest_channel": SALES[0], "digest_scope": f"team:{ost}"})
    (team_digest,) = schedules(db)
    assert (team_digest.scope, team_digest.team_id) == ("team", ost)

    # The admin's own company digest is not the manager's to change.
    new_schedule(ws, user=OWNER)
    company = next(s for s in schedules(db) if s.scope == "company")
    ws.command("digest", user=MANAGER)
    assert [str(team_digest.id)] == buttons(list_message(ws, MANAGER))[DIGEST_PAUSE]
    ws.click(user=MANAGER, action_id=DIGEST_DELETE, value=str(company.id))
    assert "Only the digest's owner, its team's managers and admins can change it." in last_reply(ws, MANAGER)
    assert len(schedules(db)) == 2
    # The admin sees both.
    ws.command("digest", user=OWNER)
    assert sorted(buttons(list_message(ws))[DIGEST_PAUSE]) == sorted([str(team_digest.id), str(company.id)])


def test_pause_resume_edit_run_now_and_delete_from_the_list(ws, db):
    seed(ws)
    new_schedule(ws, digest_cadence="weekdays", digest_time="09:00")
    (schedule,) = schedules(db)
    ws.command("digest", user=OWNER)
    listing = list_message(ws)
    assert "*<#C0SALES>* · Company\nWeekdays at 09:00 (Europe/Oslo)" in shown(listing)
    assert "Next: today 09:00" in shown(listing) and "Owner: <@U0OWNER>" in shown(listing)

    ws.click(user=OWNER, action_id=DIGEST_PAUSE, value=str(schedule.id))
    redrawn = ws.fake.snapshot_posted()[-1]
    assert redrawn.kind == "update" and "Paused" in shown(redrawn)
    assert buttons(redrawn)[DIGEST_RESUME] == [str(schedule.id)]
    runner = runner_for(ws)
    assert runner.tick(datetime(2026, 11, 18, 8, 5, tzinfo=UTC)).posted == []  # paused at 09:00

    # Resuming after 09:00 does not post the one missed while paused.
    ws.clock.set(datetime(2026, 11, 18, 8, 10, tzinfo=UTC))
    ws.click(user=OWNER, action_id=DIGEST_RESUME, value=str(schedule.id))
    assert "Next: tomorrow 09:00" in shown(ws.fake.snapshot_posted()[-1])
    assert runner.tick(datetime(2026, 11, 18, 8, 10, tzinfo=UTC)).posted == []

    # Edit: the modal opens filled in; the change takes effect.
    ws.click(user=OWNER, action_id=DIGEST_EDIT, value=str(schedule.id))
    view = ws.fake.top_view(OWNER)
    assert view["title"]["text"] == "Edit digest"
    time_block = next(b for b in view["blocks"] if b["block_id"] == "digest_time")
    assert time_block["element"]["initial_time"] == "09:00"
    ws.submit(user=OWNER, view=view, answers={"digest_time": "10:30", "digest_cadence": "daily"})
    (schedule,) = schedules(db)
    assert (schedule.local_time, schedule.cadence) == ("10:30", "daily")
    assert runner.tick(datetime(2026, 11, 18, 9, 30, 5, tzinfo=UTC)).posted == [
        f"{schedule.id}@2026-11-18T10:30"
    ]

    # Post now: the digest goes out at once, recorded, and the list stays.
    ws.fake.reset()
    ws.click(user=OWNER, action_id=DIGEST_RUN_NOW, value=str(schedule.id), channel=SALES)
    assert "Posting the digest to <#C0SALES> now." in last_reply(ws, OWNER)
    message, chart = channel_posts(ws)
    assert "Posted now by <@U0OWNER>" in shown(message) and chart.kind == "file"
    assert any(
        o.occurrence_key.startswith("now:") and o.status == "posted" for o in rows(db, DigestOccurrence)
    )

    ws.click(user=OWNER, action_id=DIGEST_DELETE, value=str(schedule.id))
    assert "No digests are scheduled yet" in shown(ws.fake.snapshot_posted()[-1])
    assert schedules(db) == [] and rows(db, DigestOccurrence) == []
    actions = [e.action for e in rows(db, AuditEntry) if e.entity == "digest_schedule"]
    assert actions == [
        "digest.created",
        "digest.paused",
        "digest.resumed",
        "digest.updated",
        "digest.run_now",
        "digest.deleted",
    ]


def test_a_team_digest_in_norwegian_counts_but_never_names_who_is_behind(ws, db):
    seed(ws)
    ws.command("settings", user=OWNER)
    ws.submit(user=OWNER, view=ws.fake.top_view(OWNER), answers={"locale": "nb"})
    ost = team_id(db, "Øst")
    new_schedule(ws, user=MANAGER, digest_scope=f"team:{ost}", digest_time="09:00", digest_cadence="daily")
    runner_for(ws).tick(datetime(2026, 11, 18, 8, 1, tzinfo=UTC))
    message, chart = channel_posts(ws)
    text = shown(message)
    assert "Salgsoppsummering · teamet Øst" in text
    assert "onsdag 18. november 2026 · november 2026" in text
    assert "*Teamet Øst* · Omsetning · november 2026" in text
    assert "Personer med omsetningsmål:" in text and "i faresonen" in text
    assert "Har nådd målet" in text and "Kari Nordmann" in text
    assert "Leveranser · november 2026" in text and "Tapte salg · november 2026" in text
    assert "Per Rep" in text  # on the leaderboard, by name
    assert "Behind pace" not in text and "Bak skjema eller i faresonen:" not in text
    assert chart.file["name"] == "fremdrift-2026-11-18.png"


# -- personal digests ------------------------------------------------------------------------------


def test_a_personal_digest_at_the_persons_own_local_time(ws, db):
    seed(ws)
    ws.command("digest me", user=REP2)  # in New York
    reply = last_reply(ws, REP2)
    assert "You'll get your own digest by DM: Weekdays at 08:00 (America/New_York)" in reply
    assert "The first one comes today 08:00" in reply
    runner = runner_for(ws)
    assert runner.tick(datetime(2026, 11, 18, 8, 0, 5, tzinfo=UTC)).posted == []  # 03:00 in New York
    assert runner.tick(datetime(2026, 11, 18, 13, 0, 5, tzinfo=UTC)).posted  # 08:00 in New York
    digest = [p for p in ws.fake.snapshot_posted() if p.kind == "dm" and p.user == REP2][-1]
    text = shown(digest)
    assert "Your sales digest" in text and "*You* · Revenue · November 2026" in text
    assert "Your place · November 2026" in text and "*#3* of 3" in text
    assert "The one order is not delivered yet." in text  # Per's one sale, in the singular
    assert "Leaderboard" not in text and "Rita Rep" not in text, "a personal digest shows nobody else"
    assert any(p.kind == "file" and p.user == REP2 for p in ws.fake.snapshot_posted())

    ws.command("digest me monday 7.30", user=REP2)
    assert "Every Monday at 07:30 (America/New_York)" in last_reply(ws, REP2)
    ws.command("digest me", user=REP2)
    assert "You get your own digest by DM: Every Monday at 07:30" in last_reply(ws, REP2)
    ws.command("digest me off", user=REP2)
    assert "You no longer get your own digest" in last_reply(ws, REP2)
    assert schedules(db) == []
    ws.command("digest me 25:00", user=REP2)
    assert "I couldn't read `25:00` as a time of day." in last_reply(ws, REP2)
    assert schedules(db) == []


def test_a_personal_digest_in_norwegian_with_its_buttons(ws, db):
    seed(ws)
    ws.command("digest me 7", user=NORWEGIAN)
    reply = [p for p in ws.fake.snapshot_posted() if p.kind == "ephemeral" and p.user == NORWEGIAN][-1]
    expected = "Du får din egen oppsummering som direktemelding: Hverdager kl. 07:00 (Europe/Oslo)"
    assert expected in shown(reply)
    (schedule,) = schedules(db)
    assert buttons(reply) == {
        DIGEST_RUN_NOW: [str(schedule.id)],
        DIGEST_EDIT: [str(schedule.id)],
        DIGEST_DELETE: [str(schedule.id)],
    }
    ws.click(user=NORWEGIAN, action_id=DIGEST_EDIT, value=str(schedule.id))
    view = ws.fake.top_view(NORWEGIAN)
    assert view["title"]["text"] == "Min oppsummering"
    # Every wrong field at once, under its own field; nothing saved, and the view not used up.
    result = ws.submit(
        user=NORWEGIAN,
        view=view,
        answers={"digest_cadence": "weekly", "digest_weekday": None, "digest_time": None},
    )
    assert result.json()["errors"] == {"digest_weekday": "Velg ukedag.", "digest_time": "Velg klokkeslett."}
    assert schedules(db)[0].cadence == "weekdays"
    ws.submit(user=NORWEGIAN, view=view, answers={"digest_cadence": "daily", "digest_time": "06:45"})
    assert "Hver dag kl. 06:45" in dms(ws, NORWEGIAN)[-1]
    ws.click(user=NORWEGIAN, action_id=DIGEST_RUN_NOW, value=str(schedule.id))
    assert "Sender deg oppsummeringen din som direktemelding nå." in last_reply(ws, NORWEGIAN)
    digest = [p for p in ws.fake.snapshot_posted() if p.kind == "dm" and p.user == NORWEGIAN][-1]
    assert "Din salgsoppsummering" in shown(digest) and "Nr. 1" in shown(digest)
    ws.click(user=NORWEGIAN, action_id=DIGEST_DELETE, value=str(schedule.id))
    assert "Du får ikke lenger din egen oppsummering" in shown(ws.fake.snapshot_posted()[-1])
    assert schedules(db) == []


def test_someone_elses_personal_digest_cannot_be_touched(ws, db):
    ws.command("digest me", user=REP)
    (schedule,) = schedules(db)
    ws.click(user=OWNER, action_id=DIGEST_DELETE, value=str(schedule.id))
    assert "Only the digest's owner" in last_reply(ws, OWNER)
    assert len(schedules(db)) == 1


# -- any team size -------------------------------------------------------------------------------------


def test_a_digest_for_a_large_team_with_long_names_fits_slacks_limits(ws, db):
    from salesbot.goals import goal_key
    from storage.models import Goal, Person, Sale, Team, TeamMembership, Workspace

    new_schedule(ws, digest_cadence="daily", digest_time="09:00", digest_top_n="20")
    with Session(db) as session:
        workspace = session.exec(select(Workspace)).one()
        team = Team(workspace_id=workspace.id, name="Store", name_key="store")
        session.add(team)
        session.flush()
        for n in range(150):
            name = f"Bartholomew-Maximilian Christophersen-Vanderbilt the {n}th of the Northern Region Sales"
            person = Person(workspace_id=workspace.id, slack_user_id=f"U9{n:05d}", name=name)
            session.add(person)
            session.flush()
            session.add(
                TeamMembership(workspace_id=workspace.id, team_id=team.id, person_id=person.id, role="member")
            )
            session.add(
                Goal(
                    workspace_id=workspace.id,
                    scope="person",
                    person_id=person.id,
                    metric="revenue",
                    period_kind="month",
                    period_key="2026-11",
                    period_start=datetime(2026, 11, 1).date(),
                    period_end=datetime(2026, 11, 30).date(),
                    target=1000,
                    goal_key=goal_key("person", person.id, "revenue", "2026-11", None),
                )
            )
            session.add(
                Sale(
                    workspace_id=workspace.id,
                    person_id=person.id,
                    amount=1000 + n % 2,
                    ordered_on=datetime(2026, 11, 2).date(),
                )
            )
        session.commit()
    assert runner_for(ws).tick(datetime(2026, 11, 18, 8, 0, 5, tzinfo=UTC)).posted
    message, chart = channel_posts(ws)
    text = shown(message)
    assert "150 people so far:" in text and "more" in text
    assert all(len(b.get("text", {}).get("text", "")) <= 3000 for b in message.blocks)
    assert "150 ranked in all." in text
    assert chart.file["size"] > 1000


def section_options(view) -> list[str]:
    block = next(b for b in view["blocks"] if b["block_id"] == "digest_sections")
    return [o["value"] for o in block["element"]["options"]]


def test_sections_without_a_source_are_not_offered(ws, db, monkeypatch):
    from salesbot import digests

    monkeypatch.delitem(digests.EXTRA_SOURCES, "working", raising=False)  # as if not yet built
    monkeypatch.delitem(digests.EXTRA_SOURCES, "kudos", raising=False)
    monkeypatch.delitem(digests.EXTRA_SOURCES, "goal_talks", raising=False)
    ws.command("digest", user=OWNER)
    ws.click(user=OWNER, action_id=OPEN_DIGEST_MODAL, value="new")
    view = ws.fake.top_view(OWNER)
    offered = ["progress", "leaderboard", "reached", "delays", "lost", "chart"]
    assert section_options(view) == offered
    block = next(b for b in view["blocks"] if b["block_id"] == "digest_sections")
    assert [o["value"] for o in block["element"]["initial_options"]] == offered
    assert "hint" not in block
    ws.submit(user=OWNER, view=view, answers={"digest_channel": SALES[0]})
    (schedule,) = schedules(db)
    assert schedule.sections == offered
    ws.command("digest", user=OWNER)
    listing = shown(list_message(ws))
    assert "Lost deals by reason, Chart" in listing and "What's working" not in listing

    # A section sent anyway (a forged or stale form) is refused, not saved.
    forged = copy.deepcopy(view)
    block = next(b for b in forged["blocks"] if b["block_id"] == "digest_sections")
    block["element"]["options"].append(
        {"text": {"type": "plain_text", "text": "Training"}, "value": "training"}
    )
    result = ws.submit(
        user=OWNER, view=forged, answers={"digest_channel": SALES[0], "digest_sections": ["training"]}
    )
    assert result.json()["errors"] == {"digest_sections": "Choose at least one section."}


def test_later_sections_are_offered_and_shown_once_a_feature_gives_them_data(ws, db, monkeypatch):
    from salesbot import digests

    def working(store, subject, period, day, lang):
        return digests.Extra(lines=[f"Demo visits close {n}0 % more" for n in range(400)])

    monkeypatch.setitem(digests.EXTRA_SOURCES, "working", working)
    monkeypatch.setitem(digests.EXTRA_SOURCES, "feedback", lambda *args: None)  # no feedback yet
    monkeypatch.delitem(digests.EXTRA_SOURCES, "kudos", raising=False)
    monkeypatch.delitem(digests.EXTRA_SOURCES, "goal_talks", raising=False)
    ws.command(f"role {ws.mention(NORWEGIAN)} manager", user=OWNER)
    ws.command("digest", user=NORWEGIAN)
    ws.click(user=NORWEGIAN, action_id=OPEN_DIGEST_MODAL, value="new")
    view = ws.fake.top_view(NORWEGIAN)
    assert section_options(view) == [
        "progress",
        "leaderboard",
        "reached",
        "delays",
        "lost",
        "working",
        "feedback",
        "chart",
    ]
    block = next(b for b in view["blocks"] if b["block_id"] == "digest_sections")
    assert (
        block["hint"]["text"]
        == "Det som virker, Kundetilbakemeldinger: vises når det finnes data for perioden."
    )

    new_schedule(ws, digest_cadence="daily", digest_time="09:00")  # every offered section is ticked
    (schedule,) = schedules(db)
    assert "working" in schedule.sections and "training" not in schedule.sections
    runner = runner_for(ws)
    runner.tick(datetime(2026, 11, 18, 8, 0, 5, tzinfo=UTC))
    text = shown([p for p in channel_posts(ws) if p.kind == "message"][-1])
    assert "*What's working*\nDemo visits close 00 % more" in text
    assert "more" in text.split("What's working")[1] and "Customer feedback" not in text
    message = [p for p in channel_posts(ws) if p.kind == "message"][-1]
    assert all(len(b.get("text", {}).get("text", "")) <= 3000 for b in message.blocks)


def test_the_schedule_list_counts_personal_digests_in_singular_and_plural(ws, db):
    ws.command("digest me", user=REP)
    ws.command("digest", user=OWNER)
    assert "1 person gets their own digest by DM." in shown(list_message(ws))
    ws.command("digest me", user=REP2)
    ws.command("digest", user=OWNER)
    assert "2 people get their own digest by DM." in shown(list_message(ws))
    ws.command(f"role {ws.mention(NORWEGIAN)} manager", user=OWNER)
    ws.command("digest", user=NORWEGIAN)
    assert "2 personer får sin egen oppsummering som direktemelding." in shown(list_message(ws, NORWEGIAN))
    ws.command("digest me off", user=REP2)
    ws.command("digest", user=NORWEGIAN)
    assert "1 person får sin egen oppsummering som direktemelding." in shown(list_message(ws, NORWEGIAN))


def test_a_personal_digest_posted_now_says_it_comes_by_dm(ws, db):
    ws.command("digest me", user=REP)
    (schedule,) = schedules(db)
    ws.click(user=REP, action_id=DIGEST_RUN_NOW, value=str(schedule.id))
    assert "Sending your digest to you by DM now." in last_reply(ws, REP)
    assert any(
        p.kind == "dm" and p.user == REP and "Your sales digest" in shown(p)
        for p in ws.fake.snapshot_posted()
    )


@pytest.mark.parametrize(
    ("lang", "figures", "expected"),
    [
        ("en", (1, 1, 1, 3, 0), ["The one delivered order came 3 days late.", "No order is overdue."]),
        (
            "en",
            (4, 2, 2, 5, 1),
            ["2 of 2 delivered orders came late, 2.5 days on average.", "1 order is overdue"],
        ),
        ("en", (3, 1, 0, 0, 2), ["The one delivered order came on time.", "2 orders are overdue"]),
        ("en", (1, 0, 0, 0, 0), ["The one order is not delivered yet."]),
        ("nb", (1, 1, 1, 1, 0), ["Den ene leverte ordren kom 1 dag for sent."]),
        ("nb", (5, 0, 0, 0, 1), ["Ingen av de 5 ordrene er levert ennå.", "1 ordre er forsinket nå"]),
        ("nb", (5, 3, 0, 0, 3), ["Alle 3 leverte ordrer kom i tide.", "3 ordrer er forsinket nå"]),
    ],
)
def test_delivery_lines_in_singular_and_plural(lang, figures, expected):
    from datetime import date

    from handlers.blocks.digests import _delay_lines
    from salesbot.digests import DelayFigures, Digest, Subject
    from salesbot.i18n import Formatter
    from salesbot.periods import current_period

    period = current_period("month", date(2026, 11, 18))
    digest = Digest(
        Subject("company"), date(2026, 11, 18), period, ("delays",), delays=DelayFigures(*figures)
    )
    lines = _delay_lines(Formatter(lang), digest, period.label(lang))
    assert all(any(part in line for line in lines) for part in expected), lines
