"""Suggested diagnoses through the scheduler's tick (handlers/scheduler/suggestions.py): the
manager's one DM in their working hours, once however many runners tick, in their language, and
Diagnose pressed in it starts the diagnosis."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest

from handlers.ids import DIAGNOSIS_START
from storage.models import Diagnosis, DiagnosisSuggestion
from tests.conftest import MANAGER, NORWEGIAN, OWNER, REP, REP2
from tests.handlers.office import november_goals, office_workspace
from tests.handlers.schedules import runner_for
from tests.helpers import last_reply, press, rows, shown


@pytest.fixture
def office(db):
    with office_workspace(db) as workspace:
        yield workspace


def at(*parts) -> datetime:
    return datetime(*parts, tzinfo=UTC)


# Monday 23 November 2026: 22 of 30 days gone, Per (1,000 of 10,000) at risk with 8 left.
MONDAY = at(2026, 11, 23, 8, 30)  # 09:30 in Oslo


def suggestion_dms(office, user):
    return [
        p
        for p in office.fake.snapshot_posted()
        if p.kind == "dm" and p.user == user and DIAGNOSIS_START in str(p.blocks)
    ]


def diagnose_buttons(message) -> list[dict]:
    return [
        {**block["accessory"], "block_id": block.get("block_id")}
        for block in message.blocks
        if block.get("accessory", {}).get("action_id", "").startswith(DIAGNOSIS_START)
    ]


def test_a_person_at_risk_with_a_third_left_is_suggested_to_their_manager_once(office, db):
    november_goals(db)
    runner = runner_for(office)
    assert runner.tick(at(2026, 11, 20, 9, 0)).suggested == [], "Friday the 20th: 11 of 30 days left"
    assert runner.tick(at(2026, 11, 21, 10, 0)).suggested == [], "a Saturday"
    assert runner.tick(at(2026, 11, 23, 6, 0)).suggested == [], "07:00 in Oslo: too early"
    (label,) = runner.tick(MONDAY).suggested
    assert label.startswith("at_risk ") and label.endswith(f"@{MANAGER}")
    (message,) = suggestion_dms(office, MANAGER)
    text = shown(message)
    assert "*1 goal needs a look.*" in text
    assert "*Per Rep* is at risk in November 2026: 10% of the goal so far, NOK\xa09,000 still to sell" in text
    assert "with 8 days left" in text
    assert "Rita" not in text, "Rita is behind, not at risk"
    (diagnose,) = diagnose_buttons(message)
    assert diagnose["value"].startswith("person:") and diagnose["value"].endswith(":2026-11")
    for user in (REP, REP2, OWNER, NORWEGIAN):
        assert suggestion_dms(office, user) == [], "the manager only: the team has one"
    # Never twice: not at the next tick, nor the next day, nor from a new runner (a restart).
    assert runner.tick(at(2026, 11, 24, 9, 0)).suggested == []
    assert runner_for(office).tick(at(2026, 11, 25, 9, 0)).suggested == []
    assert len(suggestion_dms(office, MANAGER)) == 1
    assert [(s.reason, s.status) for s in rows(db, DiagnosisSuggestion)] == [("at_risk", "sent")]


def test_at_the_end_the_misses_come_in_one_dm(office, db):
    november_goals(db)
    runner = runner_for(office)
    runner.tick(MONDAY)  # Per at risk
    labels = runner.tick(at(2026, 12, 1, 8, 0)).suggested  # Tuesday 1 December, 09:00 in Oslo
    assert sorted(label.split(" ")[0] for label in labels) == ["missed", "missed", "missed"]
    message = suggestion_dms(office, MANAGER)[-1]
    text = shown(message)
    assert "*3 goals need a look.*" in text
    assert "*team Øst* missed the goal for November 2026: 23% reached, NOK\xa023,000 short." in text
    assert "*Per Rep* missed the goal for November 2026: 10% reached, NOK\xa09,000 short." in text
    assert "*Rita Rep* missed the goal for November 2026: 60% reached, NOK\xa04,000 short." in text
    assert [b["value"].split(":")[0] for b in diagnose_buttons(message)] == [
        "person",
        "team",
        "person",
    ]  # furthest behind first
    assert "company" not in str(message.blocks)
    assert runner.tick(at(2026, 12, 1, 9, 0)).suggested == []


def test_several_runners_at_once_send_it_exactly_once(office, db):
    november_goals(db)
    runners = [runner_for(office) for _ in range(4)]
    barrier = threading.Barrier(len(runners))
    results: list[list[str]] = []

    def tick(runner):
        batches = runner.suggestions.due(office.team_id, MONDAY)  # all have worked it out…
        barrier.wait()
        results.append(
            [
                label
                for batch in batches
                for label in runner.suggestions._send(batch, runner.services.client_for(office.team_id))
            ]
        )

    threads = [threading.Thread(target=tick, args=(runner,)) for runner in runners]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(len(sent) for sent in results) == [0, 0, 0, 1]  # …and one claim went in
    assert len(suggestion_dms(office, MANAGER)) == 1
    assert len(rows(db, DiagnosisSuggestion)) == 1


def test_diagnose_pressed_in_the_dm_starts_the_diagnosis_and_stops_the_next_suggestion(office, db):
    november_goals(db)
    runner_for(office).tick(MONDAY)
    (message,) = suggestion_dms(office, MANAGER)
    (diagnose,) = diagnose_buttons(message)
    press(office, MANAGER, diagnose, channel=(message.channel, "directmessage"))
    assert "Diagnosis: Per Rep · November 2026" in last_reply(office, MANAGER)
    (diagnosis,) = rows(db, Diagnosis)
    assert (diagnosis.scope, diagnosis.period_key) == ("person", "2026-11")
    # At the month's end Per's miss is being diagnosed already: only Rita and the team.
    runner_for(office).tick(at(2026, 12, 1, 8, 0))
    text = shown(suggestion_dms(office, MANAGER)[-1])
    assert "*2 goals need a look.*" in text and "Per Rep" not in text
    # Someone else pressing the manager's button learns nothing.
    press(office, REP, diagnose, channel=(message.channel, "directmessage"))
    assert "Only a person's or team's own managers and admins" in last_reply(office, REP)


def test_in_the_managers_language(office, db):
    november_goals(db)
    office.command(f"team manager Øst {office.mention(NORWEGIAN)}", user=OWNER)
    runner_for(office).tick(MONDAY)
    (message,) = suggestion_dms(office, NORWEGIAN)
    text = shown(message)
    assert "*1 mål trenger en nærmere titt.*" in text
    assert "*Per Rep* er i faresonen i november 2026: 10\xa0% av målet så langt" in text
    assert "med 8 dager igjen" in text
    assert [b["text"]["text"] for b in diagnose_buttons(message)] == ["Diagnostiser"]
    assert len(suggestion_dms(office, MANAGER)) == 1, "each manager of the team, in their own words"
