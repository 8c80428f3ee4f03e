"""End to end: rewards. Admins keep the catalog; a manager nominates someone they manage (anyone
else, or themselves, is refused); every admin gets the nomination with Approve / Decline; the
decision is written once (a second submission or a second admin is told who decided); over the
remaining budget needs a second confirmation; approved time off is recorded as time off; the
person is told by DM and the team in its channel; history with spend against budget, each
reader seeing what they may. English and Norwegian."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import Session

from handlers import ids
from storage.models import AuditEntry, Nomination, Reward, Team, TimeOff
from tests.conftest import MANAGER, NORWEGIAN, OWNER, REP, REP2
from tests.handlers.shop import shop_workspace
from tests.helpers import buttons, dms, last_reply, open_modal_of, press, rows, shown


@pytest.fixture
def ws(db):
    with shop_workspace(db) as workspace:
        workspace.fake.add_channel("C0OST", "ost")
        with Session(db) as session:
            team = session.get(Team, rows(db, Team)[0].id)
            team.channel_id = "C0OST"
            session.add(team)
            session.commit()
        yield workspace


def add_reward(ws, **answers):
    ws.command("reward add", user=OWNER)
    view = open_modal_of(ws, OWNER).view
    assert view["callback_id"] == ids.REWARD_EDIT_MODAL
    return ws.submit(user=OWNER, view=view, answers=answers)


def catalog(ws, db):
    add_reward(ws, kind="cash", name="Q4 bonus", value="5000", budget="8 000")
    add_reward(ws, kind="time_off", name="Extra day", days="1")
    return {r.name: r.id for r in rows(db, Reward)}


def nominate(ws, user, person, **answers):
    ws.command(f"reward {ws.mention(person)}", user=user)
    view = open_modal_of(ws, user).view
    assert view["callback_id"] == ids.REWARD_NOMINATE_MODAL
    return ws.submit(user=user, view=view, answers=answers)


def card(ws, user):
    """The latest nomination DM'd to ``user`` (an admin), with its buttons."""
    posted = [p for p in ws.fake.snapshot_posted() if p.kind == "dm" and p.user == user][-1]
    return posted, buttons(posted.blocks)


def decide(ws, user, button, **answers):
    press(ws, user, button)
    view = open_modal_of(ws, user).view
    assert view["callback_id"] == ids.REWARD_DECIDE_MODAL
    return view, ws.submit(user=user, view=view, answers=answers)


def approve_button(nomination_id: int) -> dict:
    return {"action_id": f"{ids.REWARD_DECIDE}:approve", "block_id": "x", "value": f"approve|{nomination_id}"}


def test_admins_keep_the_catalog_and_refuse_what_is_wrong(ws, db):
    result = add_reward(ws, kind="cash", name="", value="lots", days="", budget="")
    errors = result.json()["errors"]
    assert set(errors) == {"name", "value"}
    assert rows(db, Reward) == []
    catalog(ws, db)
    ws.command("reward catalog", user=REP)
    listing = last_reply(ws, REP)
    assert "Cash bonus · Q4 bonus · NOK\xa05,000" in listing and "Time off · Extra day · 1 day" in listing
    assert "Retire" not in listing
    ws.command("reward add", user=MANAGER)
    assert "admin" in last_reply(ws, MANAGER).casefold()
    assert len(rows(db, Reward)) == 2


def test_a_nomination_is_approved_once_and_the_second_admin_is_told_who_decided(ws, db):
    rewards_ = catalog(ws, db)
    ws.command(f"role {ws.mention(REP2)} admin", user=OWNER)
    nominate(
        ws,
        MANAGER,
        REP,
        reward=str(rewards_["Q4 bonus"]),
        achievement="118 % of Q4",
        reason="Best quarter yet",
    )
    assert "is nominated" in last_reply(ws, MANAGER)
    (nomination,) = rows(db, Nomination)
    assert nomination.status == "pending"
    posted, found = card(ws, OWNER)
    assert f"<@{REP}> nominated for *Cash bonus · Q4 bonus" in shown(posted)
    assert "Budget left in November 2026: NOK\xa08,000" in shown(posted)
    _, other = card(ws, REP2)

    view, first = decide(ws, OWNER, found[f"{ids.REWARD_DECIDE}:approve"], note="Well earned")
    assert "errors" not in (first.json() or {})
    again = ws.submit(user=OWNER, view=view, answers={"note": "Well earned"})  # a retry or a double click
    assert f"<@{OWNER}> already approved this nomination." in again.json()["errors"]["note"]
    press(ws, REP2, other[f"{ids.REWARD_DECIDE}:decline"])
    assert f"<@{OWNER}> already approved this nomination." in last_reply(ws, REP2)

    (nomination,) = rows(db, Nomination)
    assert (nomination.status, nomination.note, nomination.value) == (
        "approved",
        "Well earned",
        Decimal(5000),
    )
    assert "You have been awarded *Cash bonus · Q4 bonus" in dms(ws, REP)[-1]
    assert "Note: Well earned" in dms(ws, REP)[-1]
    team_posts = [shown(p) for p in ws.fake.snapshot_posted() if p.kind == "message" and p.channel == "C0OST"]
    assert len(team_posts) == 1 and "118 % of Q4" in team_posts[0] and "5,000" not in team_posts[0]


def test_only_the_people_a_manager_manages_may_be_nominated(ws, db):
    catalog(ws, db)
    ws.command(f"reward {ws.mention(REP2)}", user=MANAGER)
    assert "Per Rep is not one of them" in last_reply(ws, MANAGER)
    ws.command(f"reward {ws.mention(MANAGER)}", user=MANAGER)
    assert "can't nominate yourself" in last_reply(ws, MANAGER)
    ws.command(f"reward {ws.mention(REP2)}", user=REP)
    assert "managers" in last_reply(ws, REP).casefold()
    assert rows(db, Nomination) == []


def test_over_budget_needs_a_second_confirmation(ws, db):
    rewards_ = catalog(ws, db)
    for person in (REP, NORWEGIAN):
        nominate(ws, MANAGER, person, reward=str(rewards_["Q4 bonus"]), achievement="Q4", reason="Great")
    first, second = rows(db, Nomination)
    ws.command("reward pending", user=OWNER)
    assert "2 nominations waiting" in last_reply(ws, OWNER)
    found = buttons([b for p in ws.fake.snapshot_posted() if p.kind == "ephemeral" for b in (p.blocks or [])])
    press(
        ws,
        OWNER,
        {"action_id": f"{ids.REWARD_DECIDE}:approve", "block_id": "x", "value": f"approve|{first.id}"},
    )
    ws.submit(user=OWNER, view=open_modal_of(ws, OWNER).view, answers={"note": ""})
    assert f"{ids.REWARD_DECIDE}:approve" in found
    view, refused = decide(
        ws,
        OWNER,
        {"action_id": f"{ids.REWARD_DECIDE}:approve", "block_id": "x", "value": f"approve|{second.id}"},
    )
    assert "tick the box to approve it anyway" in refused.json()["errors"]["confirm"]
    assert rows(db, Nomination)[1].status == "pending"
    ws.submit(user=OWNER, view=view, answers={"confirm": ["yes"]})
    second = rows(db, Nomination)[1]
    assert (second.status, second.over_budget) == ("approved", True)
    ws.command("reward history", user=MANAGER)
    assert "Q4 bonus: NOK\xa010,000 of NOK\xa08,000 spent" in last_reply(ws, MANAGER)


def test_approved_time_off_is_recorded_for_pacing_and_a_decline_needs_a_note(ws, db):
    rewards_ = catalog(ws, db)
    nominate(
        ws,
        MANAGER,
        REP,
        reward=str(rewards_["Extra day"]),
        achievement="Q4",
        reason="Great",
        starts="2026-11-20",
    )
    _, found = card(ws, OWNER)
    decide(ws, OWNER, found[f"{ids.REWARD_DECIDE}:approve"])
    (time_off,) = rows(db, TimeOff)
    assert (time_off.start, time_off.end) == (date(2026, 11, 20), date(2026, 11, 20))
    assert "Nov 20, 2026 to Nov 20, 2026, is recorded and left out of your pacing" in dms(ws, REP)[-1]

    nominate(ws, MANAGER, NORWEGIAN, reward=str(rewards_["Q4 bonus"]), achievement="K4", reason="Flott")
    _, found = card(ws, OWNER)
    view, refused = decide(ws, OWNER, found[f"{ids.REWARD_DECIDE}:decline"], note="")
    assert "Say why it is declined" in refused.json()["errors"]["note"]
    ws.submit(user=OWNER, view=view, answers={"note": "Ikke i år"})
    assert "Nominasjonen din til *Kontantbonus · Q4 bonus" in dms(ws, NORWEGIAN)[-1]
    assert "Merknad: Ikke i år" in dms(ws, NORWEGIAN)[-1]


def test_history_shows_each_reader_what_they_may_see(ws, db):
    rewards_ = catalog(ws, db)
    nominate(ws, MANAGER, REP, reward=str(rewards_["Q4 bonus"]), achievement="Q4 record", reason="Great")
    ws.command("reward history", user=REP)
    assert "Q4 record (waiting)" in last_reply(ws, REP)
    assert "spent" not in last_reply(ws, REP)
    ws.command(f"reward history {ws.mention(REP)}", user=REP2)
    assert "Rita Rep is not one of them" in last_reply(ws, REP2)
    ws.command("belønning historikk", user=NORWEGIAN)
    assert "Ingen belønninger i november 2026." in last_reply(ws, NORWEGIAN)


def catalog_buttons(ws, user):
    """The per-reward buttons of the catalog last shown to ``user``: (action id, reward id) → button."""
    ws.command("reward catalog", user=user)
    posted = [p for p in ws.fake.snapshot_posted() if p.kind == "ephemeral" and p.user == user][-1]
    return {
        (element["action_id"], element["value"]): {**element, "block_id": block.get("block_id")}
        for block in posted.blocks or []
        if block["type"] == "actions"
        for element in block["elements"]
    }


def test_an_admin_edits_a_reward_and_nominations_already_made_keep_what_they_were(ws, db):
    rewards_ = catalog(ws, db)
    bonus = rewards_["Q4 bonus"]
    nominate(ws, MANAGER, REP, reward=str(bonus), achievement="Q4", reason="Great")
    press(ws, OWNER, catalog_buttons(ws, OWNER)[(ids.REWARD_EDIT, str(bonus))])
    view = open_modal_of(ws, OWNER).view
    assert view["callback_id"] == ids.REWARD_EDIT_MODAL and view["title"]["text"] == "Edit a reward"
    prefilled = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    assert prefilled["kind"]["initial_option"]["value"] == "cash"
    assert [prefilled[f].get("initial_value") for f in ("name", "value", "days", "budget")] == [
        "Q4 bonus",
        "5,000",
        None,
        "8,000",
    ]

    done = ws.submit(user=OWNER, view=view, answers={"name": "Year-end bonus", "value": "6 000"})
    assert "errors" not in (done.json() or {})
    reward = next(r for r in rows(db, Reward) if r.id == bonus)
    assert (reward.name, reward.value, reward.budget, reward.kind) == (
        "Year-end bonus",
        Decimal(6000),
        Decimal(8000),
        "cash",
    )
    assert "Year-end bonus is updated" in last_reply(ws, OWNER)
    assert "Cash bonus · Year-end bonus · NOK\xa06,000" in last_reply(ws, OWNER)
    (nomination,) = rows(db, Nomination)
    assert nomination.value == Decimal(5000)  # what was nominated stays
    (entry,) = [e for e in rows(db, AuditEntry) if e.action == "reward.edited"]
    assert entry.entity_id == bonus
    assert entry.details["changed"] == {
        "name": ["Q4 bonus", "Year-end bonus"],
        "value": ["5000.00", "6000.00"],
    }

    # Its kind stays while it has nominations; the one without may change kind.
    press(ws, OWNER, catalog_buttons(ws, OWNER)[(ids.REWARD_EDIT, str(bonus))])
    refused = ws.submit(user=OWNER, view=open_modal_of(ws, OWNER).view, answers={"kind": "trip"})
    assert "its kind can't change" in refused.json()["errors"]["kind"]
    assert next(r for r in rows(db, Reward) if r.id == bonus).kind == "cash"


def test_editing_shows_every_bad_field_and_refuses_a_name_clash_writing_nothing(ws, db):
    rewards_ = catalog(ws, db)
    day = rewards_["Extra day"]
    before = [(r.name, r.kind, r.value, r.days, r.budget) for r in rows(db, Reward)]
    press(ws, OWNER, catalog_buttons(ws, OWNER)[(ids.REWARD_EDIT, str(day))])
    view = open_modal_of(ws, OWNER).view
    assert {b["block_id"]: b["element"].get("initial_value") for b in view["blocks"]}["days"] == "1"
    result = ws.submit(user=OWNER, view=view, answers={"name": "q4  BONUS", "days": "90", "budget": "lots"})
    errors = result.json()["errors"]
    assert set(errors) == {"name", "days", "budget"}
    assert "There is already a reward called q4 BONUS." in errors["name"]
    assert [(r.name, r.kind, r.value, r.days, r.budget) for r in rows(db, Reward)] == before
    assert not [e for e in rows(db, AuditEntry) if e.action == "reward.edited"]


def test_only_admins_may_edit_and_a_forged_press_is_refused(ws, db):
    rewards_ = catalog(ws, db)
    for user in (REP, MANAGER):
        assert not [k for k in catalog_buttons(ws, user) if k[0] == ids.REWARD_EDIT]
    forged = catalog_buttons(ws, OWNER)[(ids.REWARD_EDIT, str(rewards_["Q4 bonus"]))]
    opened = len([p for p in ws.fake.snapshot_posted() if p.kind == "modal_open"])
    press(ws, MANAGER, forged)
    assert "admin" in last_reply(ws, MANAGER).casefold()
    assert len([p for p in ws.fake.snapshot_posted() if p.kind == "modal_open"]) == opened
    # A forged submission of the edit form (the admin's view, sent as the manager) writes nothing.
    press(ws, OWNER, forged)
    view = open_modal_of(ws, OWNER).view
    refused = ws.submit(user=MANAGER, view=view, answers={"name": "Mine now"})
    assert "Mine now" not in {r.name for r in rows(db, Reward)}
    assert "Only salesbot admins" in refused.json()["errors"]["name"]
