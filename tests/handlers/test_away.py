"""End to end: ``/sales away``, time off recorded, merged, listed and removed, by command and form."""

from __future__ import annotations

from datetime import date

import pytest

from handlers.ids import AWAY_MODAL, AWAY_REMOVE
from storage.models import Person, TimeOff
from tests.conftest import MANAGER, NORWEGIAN, OWNER, REP, REP2
from tests.handlers.shop import audit_actions, last_ephemeral, modal, shop_workspace, updates
from tests.helpers import dms, last_reply, rows, shown


@pytest.fixture
def ws(db):
    with shop_workspace(db) as workspace:
        yield workspace


def test_away_records_merges_lists_and_removes(ws, db):
    ws.command("away 1.12 5.12", user=REP)
    assert "Time off recorded for <@U0REP>: Dec 1, 2026 – Dec 5, 2026 (5 days)" in last_reply(ws, REP)
    ws.command("away 4.12 to 8.12", user=REP)
    assert "Joined with the time off already recorded" in last_reply(ws, REP)
    (entry,) = rows(db, TimeOff)
    assert (entry.start, entry.end) == (date(2026, 12, 1), date(2026, 12, 8))
    ws.command("away 2.12 3.12", user=REP)
    assert "already has time off recorded" in last_reply(ws, REP)
    ws.command(f"away 2026-12-20..2026-12-31 {ws.mention(REP)}", user=MANAGER)
    assert "recorded time off for you" in dms(ws, REP)[-1]
    assert len(rows(db, TimeOff)) == 2

    ws.command("away list", user=REP)
    listing = last_ephemeral(ws, REP)
    assert "Time off (2)" in shown(listing) and "Coming up" in shown(listing)
    remove = next(b["accessory"] for b in listing.blocks if b.get("accessory"))
    assert remove["confirm"]["title"]["text"] == "Remove time off"
    ws.click(user=REP, action_id=AWAY_REMOVE, block_id="away", value=remove["value"])
    assert "Time off removed: Dec 1, 2026 – Dec 8, 2026" in shown(updates(ws, REP)[-1])
    assert len(rows(db, TimeOff)) == 1
    assert {"time_off.recorded", "time_off.removed"} <= set(audit_actions(db))


def test_away_list_shows_time_off_under_way_coming_up_and_just_ended(ws, db):
    ws.command("away 10.11 20.11", user=REP)  # under way on 18 November
    ws.command("away 2.11 6.11", user=NORWEGIAN)  # ended last week
    ws.command("away 1.12 5.12", user=NORWEGIAN)
    ws.command("away 1.10 9.10", user=REP)  # ended over a month ago
    ws.command("away list", user=MANAGER)
    listing = shown(last_ephemeral(ws, MANAGER))
    assert "Time off (3)" in listing
    assert listing.index("Away now") < listing.index("Nov 10, 2026") < listing.index("Coming up")
    ended = listing.index("Ended in the last 30 days")
    assert listing.index("Coming up") < listing.index("Dec 1, 2026") < ended < listing.index("Nov 2, 2026")
    assert "Oct 1, 2026" not in listing
    assert "Time off under way, coming up, or ended in the last 30 days." in listing
    ws.command("borte liste", user=NORWEGIAN)
    listing = shown(last_ephemeral(ws, NORWEGIAN))
    assert "Fravær (2)" in listing and "Borte nå" not in listing
    ended = listing.index("Sluttet de siste 30 dagene")
    assert listing.index("Kommende") < listing.index("1. des. 2026") < ended < listing.index("2. nov. 2026")
    assert "Fravær som pågår eller kommer, eller som sluttet de siste 30 dagene." in listing


@pytest.mark.parametrize(
    ("user", "text", "expected"),
    [
        (REP, "away 24.12 2.1", "Time off recorded for <@U0REP>: Dec 24, 2026 – Jan 2, 2027 (10 days)"),
        (NORWEGIAN, "borte 24.12 2.1", "Fravær registrert for <@U0NORSK>: 24. des. 2026 – 2. jan. 2027"),
        (NORWEGIAN, "away fra 23. des til 2. jan", "23. des. 2026 – 2. jan. 2027 (11 dager)"),
        (REP, "away 28.12-3.1", "Dec 28, 2026 – Jan 3, 2027"),
    ],
)
def test_time_off_over_new_year(ws, db, user, text, expected):
    ws.command(text, user=user)
    assert expected in last_reply(ws, user)
    (entry,) = rows(db, TimeOff)
    assert entry.end.year == 2027


@pytest.mark.parametrize(
    ("user", "text", "expected"),
    [
        (REP, "away 5.12.2026 1.12.2026", "ends before it starts"),
        (REP, "away soon", "I couldn't read `soon` as the first and last day away"),
        (REP, "away 1.12.2026 1.12.2028", "at most 366 days"),
        (REP, "away 1.12 2.12 @per", "can't tell who `@per` is"),
        (REP, f"away 1.12 2.12 <@{REP2}>", "only for yourself"),
        (MANAGER, f"away 1.12 2.12 <@{REP2}>", "only for yourself"),
        (NORWEGIAN, "borte 31.02 2.3", "Jeg forstod ikke `31.02 2.3` som første og siste fraværsdag"),
        # Two days typed the wrong way round, read as almost a year over New Year: asked about.
        (REP, "away 5.12 1.12", "`5.12 1.12` without years would run from Dec 5, 2025 to Dec 1, 2026"),
        (NORWEGIAN, "borte 1.11 31.3", "uten årstall ville vare fra 1. nov. 2026 til 31. mars 2027"),
    ],
)
def test_bad_away_input_writes_nothing(ws, db, user, text, expected):
    ws.command(text, user=user)
    assert expected in last_reply(ws, user)
    assert rows(db, TimeOff) == []


def test_away_without_arguments_opens_a_form(ws, db):
    ws.command("away", user=MANAGER)
    view = modal(ws, MANAGER)
    assert view["callback_id"] == AWAY_MODAL
    result = ws.submit(user=MANAGER, view=view, answers={"start": "2026-12-10", "end": "2026-12-01"})
    assert result.json()["errors"] == {"end": "The last day can't be before the first day."}
    result = ws.submit(
        user=MANAGER, view=view, answers={"start": "2026-12-01", "end": "2026-12-02", "person": REP2}
    )
    assert "only for yourself" in result.json()["errors"]["person"]
    ws.submit(user=MANAGER, view=view, answers={"start": "2026-12-01", "end": "2026-12-02", "person": REP})
    (entry,) = rows(db, TimeOff)
    assert entry.person_id == next(p.id for p in rows(db, Person) if p.slack_user_id == REP)
    assert "Time off recorded for <@U0REP>" in last_reply(ws, MANAGER)


def test_the_away_form_shows_every_wrong_field_at_once(ws, db):
    ws.command("away", user=MANAGER)
    view = modal(ws, MANAGER)
    result = ws.submit(
        user=MANAGER, view=view, answers={"person": REP2, "start": "2026-12-10", "end": "2026-12-01"}
    )
    errors = result.json()["errors"]
    assert set(errors) == {"person", "end"}
    assert "only for yourself" in errors["person"]
    assert errors["end"] == "The last day can't be before the first day."
    assert rows(db, TimeOff) == []
    # In Norwegian, for a manager of no team.
    ws.command(f"role {ws.mention(NORWEGIAN)} manager", user=OWNER)
    ws.command("borte", user=NORWEGIAN)
    view = modal(ws, NORWEGIAN)
    result = ws.submit(
        user=NORWEGIAN, view=view, answers={"person": REP, "start": "2026-12-01", "end": "2028-12-01"}
    )
    errors = result.json()["errors"]
    assert set(errors) == {"person", "end"}
    assert errors["person"].startswith("Du kan bare registrere fravær for deg selv")
    assert "366" in errors["end"]
    assert rows(db, TimeOff) == []


@pytest.mark.parametrize(("user", "text"), [(REP, "away friday"), (NORWEGIAN, "fri fredag")])
def test_a_day_off_may_be_named_by_its_weekday(ws, db, user, text):
    ws.command(text, user=user)
    (entry,) = rows(db, TimeOff)
    assert (entry.start, entry.end) == (date(2026, 11, 20), date(2026, 11, 20))
