"""End to end: what's working. A rep shares what won a sale from its reply (once per sale, a
second share edits it); /sales working (fungerer) ranks products, techniques and customer
comments on a known set of sales, comments only for those who may read them; a manager shares
chosen parts in the announcement channel; admins edit the technique list. English and Norwegian."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import Session

from handlers.ids import WORKING_SHARE_REPORT, WORKING_SHARE_STORY, WORKING_STORY_MODAL
from storage.models import Feedback, Person, Sale, Technique, WinStory, WinStoryTechnique, Workspace
from tests.conftest import MANAGER, NORWEGIAN, OWNER, REP, REP2
from tests.handlers.shop import last_ephemeral, shop_workspace
from tests.helpers import buttons, last_reply, press, product_id, rows, shown


@pytest.fixture
def ws(db):
    with shop_workspace(db) as workspace:
        yield workspace


def people(db) -> dict[str, int]:
    return {p.slack_user_id: p.id for p in rows(db, Person)}


def technique_ids(db) -> dict[str, int]:
    return {t.key: t.id for t in rows(db, Technique)}


def open_form(ws, user, button: dict) -> dict:
    """Presses ``button`` and returns the modal it opened (not an earlier one)."""
    before = len([p for p in ws.fake.snapshot_posted() if p.kind == "modal_open" and p.user == user])
    press(ws, user, button)
    opened = ws.fake.wait_for_posted(
        lambda p: (
            p.kind == "modal_open"
            and p.user == user
            and len([q for q in ws.fake.snapshot_posted() if q.kind == "modal_open" and q.user == user])
            > before
            and p is [q for q in ws.fake.snapshot_posted() if q.kind == "modal_open" and q.user == user][-1]
        )
    )
    return opened.view


def options(view: dict, block_id: str) -> list[str]:
    block = next(b for b in view["blocks"] if b.get("block_id") == block_id)
    return [o["text"]["text"] for o in block["element"]["options"]]


def share_story(ws, user, sale_buttons: dict, answers: dict):
    view = open_form(ws, user, sale_buttons[WORKING_SHARE_STORY])
    assert view["callback_id"] == WORKING_STORY_MODAL
    return view, ws.submit(user=user, view=view, answers=answers)


def test_a_rep_shares_what_worked_from_the_sale_reply_once_per_sale(ws, db):
    ws.command("result 10 000 Barista Pro customer:Acme", user=REP)
    sale_buttons = buttons(last_ephemeral(ws, REP).blocks)
    assert "Share what worked" in shown(last_ephemeral(ws, REP))

    view = open_form(ws, REP, sale_buttons[WORKING_SHARE_STORY])
    assert options(view, "techniques") == [
        "Referral",
        "Product demo",
        "Bundle offer",
        "Follow-up call",
        "Upsell",
    ]
    result = ws.submit(user=REP, view=view, answers={"techniques": [], "note": ""})
    assert result.json()["errors"] == {"techniques": "Choose at least one technique or write a note."}
    assert rows(db, WinStory) == []

    tech = technique_ids(db)
    chosen = [str(tech["referral"]), str(tech["product_demo"])]
    result = ws.submit(
        user=REP, view=view, answers={"techniques": chosen, "note": "Showed the milk foam live"}
    )
    assert result.status == 200 and "errors" not in (result.json() or {})
    assert "Thanks! Your win story is saved." in last_reply(ws, REP)
    (story,) = rows(db, WinStory)
    assert story.note == "Showed the milk foam live" and story.person_id == people(db)[REP]
    assert sorted(link.technique_id for link in rows(db, WinStoryTechnique)) == sorted(map(int, chosen))

    # A second share edits the first: the form shows what was saved.
    again = open_form(ws, REP, sale_buttons[WORKING_SHARE_STORY])
    assert again["title"]["text"] == "Edit what worked"
    assert "Showed the milk foam live" in str(again["blocks"])
    ws.submit(
        user=REP, view=again, answers={"techniques": [str(tech["bundle_offer"])], "note": "Bundle won it"}
    )
    assert "Your win story is updated." in last_reply(ws, REP)
    (story,) = rows(db, WinStory)
    assert story.note == "Bundle won it"
    assert [link.technique_id for link in rows(db, WinStoryTechnique)] == [tech["bundle_offer"]]


def test_someone_else_s_sale_is_refused_and_a_norwegian_shares_in_norwegian(ws, db):
    ws.command("result 10 000 Barista Pro", user=REP)
    sale_buttons = buttons(last_ephemeral(ws, REP).blocks)
    press(ws, REP2, sale_buttons[WORKING_SHARE_STORY])
    assert "Only the sale's owner, their managers and admins can share what worked" in last_reply(ws, REP2)
    assert rows(db, WinStory) == []

    ws.command("salg 12 000 Barista Pro", user=NORWEGIAN)
    norsk = buttons(last_ephemeral(ws, NORWEGIAN).blocks)
    view, _ = share_story(ws, NORWEGIAN, norsk, {"techniques": [], "note": "x" * 10})
    assert view["title"]["text"] == "Del hva som virket"
    assert "Anbefaling" in options(view, "techniques")
    assert "Takk! Suksesshistorien din er lagret." in last_reply(ws, NORWEGIAN)
    # Her manager may tell it too: the same story, edited.
    share_story(ws, MANAGER, norsk, {"techniques": [str(technique_ids(db)["referral"])], "note": ""})
    assert len(rows(db, WinStory)) == 1


def _sale(session, workspace_id, person, product, amount, day, lost=False) -> Sale:
    sale = Sale(
        workspace_id=workspace_id,
        person_id=person,
        product_id=product,
        amount=Decimal(amount),
        ordered_on=day,
        lost_on=day if lost else None,
        lost_reason="price" if lost else None,
    )
    session.add(sale)
    session.flush()
    return sale


def known_month(ws, db) -> None:
    """October and November 2026 in the shop: Barista Pro grows from 20 000 to 60 000,
    Kaffeabonnement from 30 000 to 40 000; referral wins twice (60 000), bundle offer once
    (40 000); delivery is the weakest stage (1 of 3 satisfied)."""
    ws.command("working techniques", user=OWNER)  # the defaults are written on first use
    ws.command("working techniques", user=REP2)  # Per, outside the team, uses salesbot too
    who, barista, kaffe = people(db), product_id(db, "Barista Pro"), product_id(db, "Kaffeabonnement")
    tech = technique_ids(db)
    with Session(db) as session:
        wid = session.get(Person, who[REP]).workspace_id
        _sale(session, wid, who[REP], barista, 20_000, date(2026, 10, 5))
        _sale(session, wid, who[REP2], kaffe, 30_000, date(2026, 10, 7))
        a = _sale(session, wid, who[REP], barista, 25_000, date(2026, 11, 2))
        b = _sale(session, wid, who[NORWEGIAN], barista, 35_000, date(2026, 11, 3))
        c = _sale(session, wid, who[REP2], kaffe, 40_000, date(2026, 11, 4))
        _sale(session, wid, who[REP], barista, 99_000, date(2026, 11, 5), lost=True)
        for sale, keys in ((a, ["referral"]), (b, ["referral", "product_demo"]), (c, ["bundle_offer"])):
            story = WinStory(workspace_id=wid, sale_id=sale.id, person_id=sale.person_id, note="")
            session.add(story)
            session.flush()
            for key in keys:
                session.add(WinStoryTechnique(story_id=story.id, technique_id=tech[key], workspace_id=wid))
        answers = [
            (who[REP], "delivery", 5, "Great demo, quick delivery"),
            (who[NORWEGIAN], "delivery", 2, "Late"),
            (who[REP2], "delivery", 1, ""),
            (who[NORWEGIAN], "order", 4, "Kari knew her coffee"),
            (who[REP2], "service", 5, "Per fixed the machine the same day"),
        ]
        for person, stage, score, comment in answers:
            session.add(
                Feedback(
                    workspace_id=wid,
                    scale="csat",
                    score=score,
                    stage=stage,
                    comment=comment,
                    person_id=person,
                    source="logged",
                    given_on=date(2026, 11, 10),
                )
            )
        session.commit()


def test_the_report_ranks_products_techniques_and_stages_on_a_known_month(ws, db):
    known_month(ws, db)
    ws.command("working this month", user=OWNER)
    report = last_reply(ws, OWNER)
    assert "What's working · November 2026" in report
    assert (
        "1. *Barista Pro* — NOK\xa060,000 (2 deals)\n2. *Kaffeabonnement* — NOK\xa040,000 (1 deal)" in report
    )
    assert "Growing fastest (against October 2026)" in report
    assert "1. *Barista Pro* — +NOK\xa040,000 (200%)\n2. *Kaffeabonnement* — +NOK\xa010,000 (33%)" in report
    assert (
        "1. *Referral* — 2 wins, NOK\xa060,000\n2. *Bundle offer* — 1 win, NOK\xa040,000\n"
        "3. *Product demo* — 1 win, NOK\xa035,000"
    ) in report
    assert "Weakest stage: delivery, 33 % satisfied (3 answers)" in report
    # An admin reads every comment, the highest scores first.
    assert "5 · “Great demo, quick delivery”" in report and "Per fixed the machine" in report
    assert WORKING_SHARE_REPORT in buttons(last_ephemeral(ws, OWNER).blocks)

    ws.command("working team:Øst this month", user=MANAGER)
    team = last_reply(ws, MANAGER)
    assert "What's working in Øst · November 2026" in team
    assert "Kaffeabonnement" not in team  # Per's sales are not the team's
    assert "Weakest stage: delivery, 50 % satisfied (2 answers)" in team

    ws.command("fungerer denne måneden", user=NORWEGIAN)
    norsk = last_reply(ws, NORWEGIAN)
    assert "Det som virker · november 2026" in norsk and "Mest solgte produkter (omsetning)" in norsk
    assert "*Anbefaling* — 2 salg" in norsk and "Svakeste fase: levering, 33 % fornøyde (3 svar)" in norsk


def test_customer_comments_are_hidden_from_those_who_may_not_read_them(ws, db):
    known_month(ws, db)
    ws.command("working this month", user=REP)
    mine = last_reply(ws, REP)
    assert "Great demo" in mine  # about Rita herself
    assert "Kari knew her coffee" not in mine and "Per fixed the machine" not in mine
    assert WORKING_SHARE_REPORT not in buttons(last_ephemeral(ws, REP).blocks)  # reps don't share

    ws.command("working this month", user=MANAGER)
    managed = last_reply(ws, MANAGER)
    assert "Great demo" in managed and "Kari knew her coffee" in managed
    assert "Per fixed the machine" not in managed  # Per is not in Mona's team


def test_a_manager_shares_only_the_chosen_parts_in_the_announcement_channel(ws, db):
    known_month(ws, db)
    ws.command("working this month", user=MANAGER)
    share = buttons(last_ephemeral(ws, MANAGER).blocks)[WORKING_SHARE_REPORT]
    press(ws, MANAGER, share)
    assert "There is no announcement channel to share in" in last_reply(ws, MANAGER)
    assert "/sales settings" in last_reply(ws, MANAGER)

    with Session(db) as session:
        workspace = session.get(Workspace, rows(db, Workspace)[0].id)
        workspace.announcement_channel = "C0GENERAL"
        session.add(workspace)
        session.commit()
    view = open_form(ws, MANAGER, share)
    assert options(view, "parts") == [
        "Top products",
        "Techniques that win",
        "Best customer comments",
        "Weakest stage",
    ]
    result = ws.submit(user=MANAGER, view=view, answers={"parts": []})
    assert result.json()["errors"] == {"parts": "Tick at least one part to share."}

    ws.submit(user=MANAGER, view=view, answers={"parts": ["techniques"]})
    assert "Shared in <#C0GENERAL>." in last_reply(ws, MANAGER)
    (post,) = [p for p in ws.fake.snapshot_posted() if p.kind == "message" and p.channel == "C0GENERAL"]
    text = shown(post)
    assert "*Referral* — 2 wins" in text
    assert "Barista Pro" not in text and "Great demo" not in text and "Weakest stage" not in text

    ws.submit(user=MANAGER, view=open_form(ws, MANAGER, share), answers={"parts": ["comments", "stage"]})
    post = [p for p in ws.fake.snapshot_posted() if p.kind == "message" and p.channel == "C0GENERAL"][-1]
    text = shown(post)
    assert "Great demo" in text and "Kari knew her coffee" in text and "Weakest stage" in text
    assert "Per fixed the machine" not in text  # only what the sharer may read
    assert "Referral" not in text

    ws.fake.add_channel("C0QUIET", "quiet", is_member=False)
    with Session(db) as session:
        workspace = session.get(Workspace, rows(db, Workspace)[0].id)
        workspace.announcement_channel = "C0QUIET"
        session.add(workspace)
        session.commit()
    result = ws.submit(user=MANAGER, view=open_form(ws, MANAGER, share), answers={"parts": ["products"]})
    assert "salesbot is not in the announcement channel <#C0QUIET>" in result.json()["errors"]["parts"]


def test_admins_edit_the_technique_list_and_reps_may_not(ws, db):
    ws.command("working techniques add Trade fair", user=OWNER)
    listing = last_reply(ws, OWNER)
    assert "Added *Trade fair* to the techniques." in listing and "• Referral" in listing
    ws.command("working techniques add trade FAIR", user=OWNER)
    assert "*trade FAIR* is already on the technique list." in last_reply(ws, OWNER)
    ws.command("working techniques add Cold call", user=REP)
    assert "Only salesbot admins can use `/sales working techniques add`" in last_reply(ws, REP)
    assert "Cold call" not in [t.label for t in rows(db, Technique)]

    ws.command("working techniques rename Trade fair to Coffee fair", user=OWNER)
    assert "Renamed *Trade fair* to *Coffee fair*." in last_reply(ws, OWNER)
    ws.command("working techniques rename Trade fair", user=OWNER)
    assert "Write the old name, then `to` and the new name." in last_reply(ws, OWNER)

    # In use: retired, kept; unused: removed.
    ws.command("result 10 000 Barista Pro", user=REP)
    sale_buttons = buttons(last_ephemeral(ws, REP).blocks)
    share_story(ws, REP, sale_buttons, {"techniques": [str(technique_ids(db)["referral"])]})
    ws.command("working techniques retire Referral", user=OWNER)
    assert "Retired *Referral*" in last_reply(ws, OWNER)
    ws.command("working techniques retire Coffee fair", user=OWNER)
    assert "Removed *Coffee fair* from the techniques." in last_reply(ws, OWNER)
    by_key = {t.key: t for t in rows(db, Technique)}
    assert not by_key["referral"].active and "trade fair" not in by_key
    assert "Referral" not in options(open_form(ws, REP, sale_buttons[WORKING_SHARE_STORY]), "techniques")

    ws.command("fungerer teknikker legg til Messe", user=NORWEGIAN)
    assert "Bare salesbot-administratorer" in last_reply(ws, NORWEGIAN)
    ws.command(f"role {ws.mention(NORWEGIAN)} admin", user=OWNER)
    ws.command("fungerer teknikker legg til Messe", user=NORWEGIAN)
    assert "*Messe* er lagt til i teknikklisten." in last_reply(ws, NORWEGIAN)
    ws.command("fungerer teknikker fas ut Anbefalingg", user=NORWEGIAN)
    assert "Det finnes ingen teknikk som heter «Anbefalingg»" in last_reply(ws, NORWEGIAN)


def test_a_person_or_a_bad_period_is_refused_with_the_right_form(ws):
    ws.command(f"working {ws.mention(REP)}", user=OWNER)
    assert "not for one person" in last_reply(ws, OWNER) and "/sales working last quarter" in last_reply(
        ws, OWNER
    )
    ws.command("working team:Nowhere", user=OWNER)
    assert "/sales working team:" in last_reply(ws, OWNER)
    ws.command("working", user=REP)
    assert "Nothing to show for this period yet" in last_reply(ws, REP)
