"""End to end: ``/sales results`` (and ``/sales result list``), the sales of a period listed,
open and closed, paged, and a closed one corrected or deleted from the list by a manager."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlmodel import Session

from handlers import ids
from storage.models import AuditEntry, Workspace
from storage.store import Store, get_or_create_workspace
from tests.conftest import MANAGER, NORWEGIAN, OWNER, REP, REP2
from tests.handlers.shop import TODAY, last_ephemeral, modal, record, sales_of, shop_workspace, updates
from tests.helpers import buttons, dms, last_reply, press, rows, shown


@pytest.fixture
def ws(db):
    with shop_workspace(db) as workspace:
        yield workspace


def add_sales(ws, db, user: str, count: int, *, first: date, **fields) -> None:
    """``count`` sales for ``user``, ordered a day apart from ``first`` on, "Kunde 01" the first."""
    with Session(db) as session:
        store = Store(session, get_or_create_workspace(session, slack_team_id=ws.team_id))
        person = store.person_by_slack_id(user)
        for n in range(count):
            store.add_sale(
                person_id=person.id,
                amount=Decimal(1000 + n),
                customer=f"Kunde {n + 1:02d}",
                ordered_on=first + timedelta(days=n),
                source="console",
                **fields,
            )
        session.commit()


def close(ws, db, user=REP, text="result 10 000 Barista Pro customer:Acme", *, lost=False):
    """A sale recorded by ``user`` today and closed: followed up, or lost to a competitor."""
    _, found = record(ws, db, user=user, text=text)
    if lost:
        press(ws, user, found[ids.SALE_LOST])
        ws.submit(user=user, view=ws.fake.top_view(user), answers={"reason": "competitor"})
        return
    press(ws, user, found[ids.SALE_DELIVERED])
    ws.submit(user=user, view=ws.fake.top_view(user), answers={"date": "2026-11-18"})
    press(ws, user, buttons(updates(ws, user)[-1].blocks)[ids.SALE_FOLLOWED_UP])
    ws.submit(user=user, view=ws.fake.top_view(user), answers={"date": "2026-11-18"})


def sale_buttons_in(posted) -> dict[str, list[str]]:
    """The action ids under each sale in a list, by the sale's customer-free block id."""
    return {
        b["block_id"]: [e["action_id"] for e in b["elements"]]
        for b in posted.blocks
        if b["type"] == "actions" and b["block_id"].startswith("sale:")
    }


@pytest.mark.parametrize("text", ["result list", "results", "salg list", "resultat liste"])
def test_result_list_lists_my_sales_this_month_closed_ones_too(ws, db, text):
    close(ws, db, text="result 10 000 customer:Followed")
    close(ws, db, text="result 3 000 customer:Gone", lost=True)
    record(ws, db, text="result 2 000 customer:Waiting")
    record(ws, db, user=REP2, text="result 9 000 customer:Other")
    add_sales(ws, db, REP, 1, first=date(2026, 10, 31))  # last month

    ws.command(text, user=REP)
    listing = last_ephemeral(ws, REP)
    seen = shown(listing)
    assert "Your sales · November 2026" in seen
    assert "3 sales · *NOK\xa012,000* won · 1 lost" in seen
    assert seen.index("Waiting") < seen.index("Gone") < seen.index("Followed"), "the newest first"
    assert "Other" not in seen and "Kunde 01" not in seen
    assert "Followed up Nov 18, 2026" in seen and "Lost Nov 18, 2026: Competitor" in seen
    assert len(listing.blocks) <= 50


def test_in_norwegian_with_the_words_people_type(ws, db):
    close(ws, db, user=NORWEGIAN, text="result 4 000 customer:Fjord", lost=True)
    record(ws, db, user=NORWEGIAN, text="resultat 1 500 kunde:Vik")
    for text in ("resultat liste", "salg liste", "resultater"):
        ws.command(text, user=NORWEGIAN)
        seen = shown(last_ephemeral(ws, NORWEGIAN))
        assert "Dine salg · november 2026" in seen, text
        assert "2 salg · *1\xa0500\xa0kr* vunnet · 1 tapt" in seen, text
    ws.command("resultater forrige måned", user=NORWEGIAN)
    seen = shown(last_ephemeral(ws, NORWEGIAN))
    assert "Dine salg · oktober 2026" in seen and "Ingen salg ble bestilt i denne perioden" in seen


def test_a_period_in_any_form_periods_read(ws, db):
    add_sales(ws, db, REP, 3, first=date(2026, 9, 29))  # 29 and 30 September, 1 October
    record(ws, db, text="result 500 customer:Today")
    cases = {
        "results last month": ("October 2026", ["Kunde 03"], ["Kunde 02", "Today"]),
        "result list Q4": ("Q4 2026", ["Kunde 03", "Today"], ["Kunde 02"]),
        "results 30.9-1.10": ("Sep 30 – Oct 1, 2026", ["Kunde 02", "Kunde 03"], ["Kunde 01", "Today"]),
        "results 2026": ("2026", ["Kunde 01", "Today"], []),
    }
    for text, (label, present, absent) in cases.items():
        ws.command(text, user=REP)
        seen = shown(last_ephemeral(ws, REP))
        assert f"Your sales · {label}" in seen, (text, seen)
        assert all(c in seen for c in present) and not any(c in seen for c in absent), text
    ws.command("results yesteryear", user=REP)
    wrong = last_reply(ws, REP)
    assert "I couldn't read `yesteryear` as a period" in wrong and "Write it like" in wrong


def test_without_a_period_the_workspaces_default_kind_of_period(ws, db):
    add_sales(ws, db, REP, 1, first=date(2026, 10, 5))
    with Session(db) as session:
        workspace = session.get(Workspace, get_or_create_workspace(session, slack_team_id=ws.team_id).id)
        workspace.default_period_kind = "quarter"
        session.add(workspace)
        session.commit()
    ws.command("results", user=REP)
    seen = shown(last_ephemeral(ws, REP))
    assert "Your sales · Q4 2026" in seen and "Kunde 01" in seen


def test_a_person_a_team_and_the_company_for_those_who_may_see_them(ws, db):
    record(ws, db, user=REP, text="result 1 000 customer:Ritas")
    record(ws, db, user=NORWEGIAN, text="result 2 000 customer:Karis")
    record(ws, db, user=REP2, text="result 4 000 customer:Pers")

    ws.command(f"results {ws.mention(REP)}", user=MANAGER)
    seen = last_reply(ws, MANAGER)
    assert "Sales: Rita Rep · November 2026" in seen and "Ritas" in seen and "Karis" not in seen
    ws.command("results team:Øst this month", user=MANAGER)
    seen = last_reply(ws, MANAGER)
    assert "Sales: Øst · November 2026" in seen and "2 sales · *NOK\xa03,000* won · 0 lost" in seen
    assert "<@U0REP>" in seen and "Pers" not in seen
    ws.command("results company", user=OWNER)
    seen = last_reply(ws, OWNER)
    assert "All sales · November 2026" in seen and "3 sales · *NOK\xa07,000* won" in seen
    ws.command("resultater selskapet", user=NORWEGIAN)
    assert "Bare administratorer kan se alles salg" in last_reply(ws, NORWEGIAN)


@pytest.mark.parametrize(
    ("user", "text", "refused"),
    [
        (
            REP,
            "results {rep2}",
            "You can see only your own sales and those of people in the teams you manage, so not Per Rep's.",
        ),
        (REP, "result list team:Øst", "Only the managers of *Øst* and admins can see its sales."),
        (REP, "results company", "Only admins can see everyone's sales."),
        (MANAGER, "results {rep2} last month", "so not Per Rep's"),
        (
            NORWEGIAN,
            "resultater {rep}",
            "Du kan bare se dine egne salg og salgene til folk i teamene du leder, "
            "så ikke salgene til Rita Rep.",
        ),
        (NORWEGIAN, "salg liste lag:Øst", "Bare teamets ledere og administratorer kan se salgene til *Øst*."),
        (REP, "results team:Nord", "There is no team called *Nord*."),
        (REP, "results {rep} team:Øst", "Sales are listed for one person, one team or the company at a time"),
    ],
)
def test_refusals_are_private_and_name_what_was_refused(ws, db, user, text, refused):
    record(ws, db, user=REP2, text="result 4 000 customer:Pers")
    ws.command(text.format(rep=ws.mention(REP), rep2=ws.mention(REP2)), user=user)
    reply = last_reply(ws, user)
    assert refused in reply and "Pers" not in reply
    in_channel = [p for p in ws.fake.snapshot_posted() if p.kind in ("message", "in_channel")]
    assert in_channel == [], "a refusal is private"


def test_paging_past_twenty_the_next_page_shows_the_older_ones(ws, db):
    add_sales(ws, db, REP, 45, first=date(2026, 10, 1))  # Kunde 45 ordered last, on 14 November
    ws.command("results Q4", user=REP)
    first = last_ephemeral(ws, REP)
    seen = shown(first)
    assert "45 sales" in seen and "Page 1 of 3" in seen
    assert "Kunde 45" in seen and "Kunde 26" in seen and "Kunde 25" not in seen
    assert len(first.blocks) <= 50
    pages = buttons(first.blocks)
    assert "results_page:previous" not in pages and pages["results_page:next"]["text"]["text"] == "Next ▶"

    press(ws, REP, pages["results_page:next"])
    second = updates(ws, REP)[-1]
    seen = shown(second)
    assert "Page 2 of 3" in seen and "Kunde 25" in seen and "Kunde 06" in seen and "Kunde 26" not in seen
    assert len(second.blocks) <= 50
    press(ws, REP, buttons(second.blocks)["results_page:next"])
    last = updates(ws, REP)[-1]
    assert "Page 3 of 3" in shown(last) and "Kunde 01" in shown(last)
    assert "results_page:next" not in buttons(last.blocks)

    # A page button is checked again: someone else pressing it is refused.
    value = pages["results_page:next"]["value"]
    ws.click(user=REP2, action_id="results_page:next", block_id="results_pages", value=value)
    assert "so not Rita Rep's" in last_reply(ws, REP2)


def test_a_manager_edits_and_deletes_a_closed_sale_from_the_list(ws, db):
    add_sales(ws, db, REP, 21, first=date(2026, 11, 1), delivered_on=TODAY, followed_up_on=TODAY)
    # Kunde 01 (1 November) is the oldest: on page 2 of the team's list.
    ws.command("results team:Øst", user=MANAGER)
    press(ws, MANAGER, buttons(last_ephemeral(ws, MANAGER).blocks)["results_page:next"])
    page_two = updates(ws, MANAGER)[-1]
    assert "Page 2 of 2" in shown(page_two) and "Kunde 01" in shown(page_two)
    found = buttons(page_two.blocks)
    assert found[ids.SALE_EDIT]["block_id"].endswith("@2026-11.2")

    press(ws, MANAGER, found[ids.SALE_EDIT])
    ws.submit(user=MANAGER, view=modal(ws, MANAGER), answers={"amount": "1,250"})
    redrawn = shown(updates(ws, MANAGER)[-1])
    assert "Sale updated" in redrawn and "Page 2 of 2" in redrawn and "NOK\xa01,250" in redrawn
    sale = sales_of(db)[0]
    assert sale.amount == Decimal(1250) and sale.followed_up_on == TODAY
    assert "<@U0MANAGER> changed one of your sales: NOK\xa01,250 · Kunde 01" in dms(ws, REP)[-1]

    press(ws, MANAGER, found[ids.SALE_DELETE])
    after = updates(ws, MANAGER)[-1]
    redrawn = shown(after)
    assert "Sale deleted: NOK\xa01,250 · Kunde 01" in redrawn and "20 sales" in redrawn
    # The emptied page 2 gives way to the last page there is, the only one now.
    assert "Kunde 21" in redrawn and "Kunde 02" in redrawn and "Page" not in redrawn
    assert not [k for k in buttons(after.blocks) if k.startswith(ids.RESULTS_PAGE)]
    assert "<@U0MANAGER> deleted one of your sales: NOK\xa01,250 · Kunde 01" in dms(ws, REP)[-1]
    audited = [(e.action, e.entity_id) for e in rows(db, AuditEntry) if e.entity == "sale"]
    assert ("sale.edited", sale.id) in audited and ("sale.deleted", sale.id) in audited
    assert sale.id not in {s.id for s in sales_of(db)}


def test_a_rep_is_refused_on_their_own_closed_sale_and_not_shown_its_buttons(ws, db):
    close(ws, db, text="result 10 000 customer:Followed")
    close(ws, db, text="result 3 000 customer:Gone", lost=True)
    _, still_open = record(ws, db, text="result 2 000 customer:Waiting")
    followed, lost, waiting = sales_of(db)

    ws.command("result list", user=REP)
    own = sale_buttons_in(last_ephemeral(ws, REP))
    key = "rp" + str(followed.person_id) + "@2026-11"
    assert own == {
        f"sale:{waiting.id}:{key}": [
            ids.SALE_DELIVERED,
            ids.SALE_LOST,
            ids.SALE_FEEDBACK_LINK,
            ids.SALE_EDIT,
            ids.SALE_DELETE,
        ],
        # Closed: the rep may no longer correct it, but may still ask the customer about it.
        f"sale:{followed.id}:{key}": [ids.SALE_FEEDBACK_LINK],
    }

    ws.command(f"results {ws.mention(REP)}", user=MANAGER)
    theirs = sale_buttons_in(last_ephemeral(ws, MANAGER))
    assert theirs[f"sale:{lost.id}:{key}"] == [ids.SALE_EDIT, ids.SALE_DELETE]
    assert theirs[f"sale:{followed.id}:{key}"] == [ids.SALE_FEEDBACK_LINK, ids.SALE_EDIT, ids.SALE_DELETE]

    # A crafted click on a closed sale's buttons is refused privately, and nothing changes.
    for action in (ids.SALE_EDIT, ids.SALE_DELETE):
        ws.click(user=REP, action_id=action, block_id=f"sale:{lost.id}:{key}", value=str(lost.id))
        assert "This sale is followed up or lost, so only your manager or an admin can correct" in last_reply(
            ws, REP
        )
    assert ws.fake.top_view(REP) is None and len(sales_of(db)) == 3
    ws.click(user=NORWEGIAN, action_id=ids.SALE_DELETE, block_id="sale:1", value=str(lost.id))
    assert "Du kan bare registrere og endre dine egne salg" in last_reply(ws, NORWEGIAN)
    assert [e.action for e in rows(db, AuditEntry) if e.entity_id == lost.id][-1] == "sale.lost"


def test_my_sales_on_app_home_answers_by_dm_in_the_readers_language(ws, db):
    close(ws, db, user=NORWEGIAN, text="resultat 4 000 kunde:Fjord")
    home = {"id": "VHOME", "type": "home", "blocks": []}
    ws.click(user=NORWEGIAN, action_id=ids.SHOW_MY_SALES, block_id="home_buttons", view=home)
    ws.fake.wait_for_posted(lambda p: p.kind == "dm" and p.user == NORWEGIAN)
    listed = dms(ws, NORWEGIAN)[-1]
    assert "Dine salg · november 2026" in listed and "Fjord" in listed and "1 salg" in listed
