"""End to end: what an import tells people, as if its goals and sales had been entered by hand.

Goals imported are announced after the import's commit as the goal form announces them — one DM
per person with all their goals in it, each with Acknowledge and Discuss, the people standing on
them as told; a team's goals in its channel; the company's in the announcement channel — and a
goal imported again unchanged announces nothing. Goals already reached, and sales imported that
take a goal over the line, are celebrated once. English and Norwegian.

The office of 18 November 2026 (team Øst: Rita, Per and Kari, managed by Mona)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session

from handlers import ids
from storage.models import Celebration, Goal, GoalAck, Person, Team, Workspace
from tests.conftest import MANAGER, NORWEGIAN, OWNER, REP, REP2
from tests.handlers.office import add_sale, november_goals, office_workspace, someone
from tests.handlers.test_imports import press_import, status_of, submit_file, xlsx
from tests.helpers import buttons, data, rows, shown

GOAL_HEADER = ["Level", "Person or team", "Metric", "Period", "Target", "Product", "Reason", "Reason note"]
SALE_HEADER = ["Person", "Order date", "Amount", "Order reference"]


@pytest.fixture
def office(db):
    with office_workspace(db) as workspace:
        workspace.command("role " + workspace.mention(MANAGER) + " manager", user=OWNER)
        workspace.fake.reset()
        yield workspace


def goals_sheet(rows_: list[list]) -> bytes:
    return xlsx([[*row, *[None] * (len(GOAL_HEADER) - len(row))] for row in rows_], header=GOAL_HEADER)


def preview_of(office, user, sheet: bytes, *, kind="goals") -> dict:
    submit_file(office, user, sheet, name=f"{kind}.xlsx", kind=kind)
    return status_of(office, user)


def import_file(office, user, sheet: bytes, *, kind="goals") -> dict:
    """Uploads, previews and presses Import; the importer's summary once everything is sent."""
    return press_import(office, user, preview_of(office, user, sheet, kind=kind))


def dms_to(office, user) -> list:
    """What ``user`` was sent in their DM with salesbot, as first posted."""
    return [p for p in office.fake.snapshot_posted() if p.kind == "dm" and p.user == user]


def goal_blocks(posted) -> list[str]:
    """The goals a notice offers Acknowledge and Discuss for, by their buttons' block ids."""
    return [
        b["block_id"]
        for b in posted.blocks
        if b["type"] == "actions" and b["block_id"].startswith("goal_talk_")
    ]


def acks(db, user) -> list[GoalAck]:
    person = next(p for p in rows(db, Person) if p.slack_user_id == user)
    return [a for a in rows(db, GoalAck) if a.person_id == person.id]


def post_messages(office, user) -> list:
    return [c for c in office.fake.calls_to("chat.postMessage") if c.args.get("channel") == user]


def team_channel(db, office, channel: str) -> None:
    """Team Øst posts in ``channel``."""
    office.fake.add_channel(channel, "ost")
    with Session(db) as session:
        team = session.get(Team, next(t.id for t in rows(db, Team) if t.name == "Øst"))
        team.channel_id = channel
        session.add(team)
        session.commit()


def announcing_in(db, office, channel: str) -> None:
    """The workspace's announcement channel is ``channel``."""
    office.fake.add_channel(channel, "announcements")
    with Session(db) as session:
        workspace = session.get(Workspace, rows(db, Workspace)[0].id)
        workspace.announcement_channel = channel
        session.add(workspace)
        session.commit()


def test_imported_goals_reach_each_person_in_one_dm_with_acknowledge_and_discuss(office, db):
    sheet = goals_sheet(
        [
            ["Person", "Rita Rep", "Revenue", "2026-12", 50000],
            ["Person", "Rita Rep", "Deals", "2026-12", 12],
            ["Person", "Kari Nordmann", "Revenue", "2026-12", 40000],
            ["Team", "Øst", "Revenue", "2026-12", 150000],
        ]
    )
    done = import_file(office, MANAGER, sheet)
    assert "Imported the goals of *goals.xlsx*: 4 new, 0 revised." in done["text"]
    assert "3 people were told of their goals by DM, with *Acknowledge* and *Discuss*." in done["text"]

    # Rita: her two goals and her team's, in one DM, each goal with its own buttons.
    (rita,) = dms_to(office, REP)
    text = shown(rita)
    assert "<@U0MANAGER> set or revised 3 of your goals:" in text
    assert "New: *NOK\xa050,000* in December 2026" in text
    assert "New: *12 deals* in December 2026" in text
    assert "New for *Øst*: *NOK\xa0150,000* in December 2026" in text
    assert "Press *Acknowledge* under each goal" in text
    goals = {g.id: g for g in rows(db, Goal)}
    assert len(goal_blocks(rita)) == 3
    assert sorted(a.goal_id for a in acks(db, REP)) == sorted(
        int(b.rsplit("_", 1)[1]) for b in goal_blocks(rita)
    )
    assert {a.status for a in acks(db, REP)} == {"told"}
    assert [len(post_messages(office, user)) for user in (REP, REP2, NORWEGIAN)] == [1, 1, 1]

    # Per: only the team's goal, told exactly as the goal form tells it.
    (per,) = dms_to(office, REP2)
    assert "<@U0MANAGER> set a goal for *Øst*: *NOK\xa0150,000* in December 2026." in shown(per)
    assert [b["text"]["text"] for b in buttons(per.blocks).values()] == ["Acknowledge", "Discuss"]
    assert [goals[a.goal_id].scope for a in acks(db, REP2)] == ["team"]

    # Kari reads Norwegian.
    (kari,) = dms_to(office, NORWEGIAN)
    assert "<@U0MANAGER> har satt eller endret 2 av målene dine:" in shown(kari)
    assert "Nytt: *40\xa0000\xa0kr* i desember 2026" in shown(kari)
    assert "Trykk *Bekreft* under hvert mål" in shown(kari)
    assert {b["text"]["text"] for b in buttons(kari.blocks).values()} == {"Bekreft", "Diskuter"}
    assert len(acks(db, NORWEGIAN)) == 2
    # Whoever imports reads only the import's status message (posted once, then updated in place).
    assert [p.text for p in dms_to(office, MANAGER)] == ["Reading *goals.xlsx*…"]


def test_acknowledging_one_goal_of_a_notice_keeps_the_others_buttons(office, db):
    sheet = goals_sheet(
        [["Person", "Rita Rep", "Revenue", "2026-12", 50000], ["Person", "Rita Rep", "Deals", "2026-12", 12]]
    )
    import_file(office, MANAGER, sheet)
    (notice,) = dms_to(office, REP)
    first, second = goal_blocks(notice)
    button = next(
        e
        for b in notice.blocks
        if b.get("block_id") == second
        for e in b["elements"]
        if e["action_id"] == ids.GOAL_ACK
    )
    office.click(
        user=REP,
        action_id=ids.GOAL_ACK,
        block_id=second,
        value=button["value"],
        channel=(notice.channel, "directmessage"),
        message={"ts": notice.ts, "text": notice.text, "blocks": notice.blocks},
        ephemeral=False,
    )
    redrawn = office.fake.wait_for_posted(lambda p: p.kind == "update" and p.user == REP)
    assert goal_blocks(redrawn) == [first], "the other goal keeps its buttons"
    assert "You acknowledged the goal *12 deals* for <@U0REP> in December 2026." in shown(redrawn)
    assert "New: *NOK\xa050,000* in December 2026" in shown(redrawn), "the notice is kept"
    status = {a.goal_id: a.status for a in acks(db, REP)}
    assert sorted(status.values()) == ["acknowledged", "told"]
    assert status[int(second.rsplit("_", 1)[1])] == "acknowledged"


def test_a_goal_imported_again_unchanged_announces_nothing_and_a_revision_tells_again(office, db):
    sheet = goals_sheet(
        [
            ["Person", "Rita Rep", "Revenue", "2026-12", 50000],
            ["Person", "Per Rep", "Revenue", "2026-12", 45000],
        ]
    )
    first_preview = preview_of(office, MANAGER, sheet)
    second_preview = preview_of(office, MANAGER, sheet)  # the same file, previewed twice
    press_import(office, MANAGER, first_preview)
    assert len(dms_to(office, REP)) == 1 and len(dms_to(office, REP2)) == 1

    again = press_import(office, MANAGER, second_preview)
    assert "0 new, 0 revised" in again["text"]
    assert "2 rows were imported before" in again["text"]
    assert "told" not in again["text"]
    assert len(dms_to(office, REP)) == 1 and len(dms_to(office, REP2)) == 1, "nothing new: nobody told again"

    revised = goals_sheet(
        [
            ["Person", "Rita Rep", "Revenue", "2026-12", 60000, None, "Performance", "A strong autumn"],
            ["Person", "Per Rep", "Revenue", "2026-12", 45000],
        ]
    )
    done = import_file(office, MANAGER, revised)
    assert "0 new, 1 revised" in done["text"]
    assert "1 person was told of their goals by DM" in done["text"]
    rita = dms_to(office, REP)
    assert len(rita) == 2 and len(dms_to(office, REP2)) == 1
    assert "revised your goal for December 2026: NOK\xa050,000 → *NOK\xa060,000*" in shown(rita[-1])
    assert "A strong autumn" in shown(rita[-1])


def test_team_goals_go_to_the_team_channel_and_company_goals_to_the_announcement_channel(office, db):
    team_channel(db, office, "C0OST")
    announcing_in(db, office, "C0ANNOUNCE")
    sheet = goals_sheet(
        [
            ["Team", "Øst", "Revenue", "2026-12", 150000],
            ["Team", "Øst", "Deals", "2026-12", 40],
            ["Company", None, "Revenue", "2026-12", 900000],
            ["Company", None, "Deals", "2026-12", 200],
        ]
    )
    done = import_file(office, OWNER, sheet)
    assert "Posted in <#C0OST>, <#C0ANNOUNCE>." in done["text"]
    (team_post,) = [p for p in office.fake.snapshot_posted() if p.kind == "message" and p.channel == "C0OST"]
    assert "<@U0OWNER> set or revised 2 goals for *Øst*:" in shown(team_post)
    assert len(goal_blocks(team_post)) == 2
    assert "Team members: press *Acknowledge* under each goal" in shown(team_post)
    (company_post,) = [
        p for p in office.fake.snapshot_posted() if p.kind == "message" and p.channel == "C0ANNOUNCE"
    ]
    assert "<@U0OWNER> set or revised 2 company goals:" in shown(company_post)
    assert goal_blocks(company_post) == [], "the company's goals are announced, not discussed"
    # The members stand as told on both team goals; nobody got a DM about them.
    assert [len(acks(db, user)) for user in (REP, REP2, NORWEGIAN)] == [2, 2, 2]
    assert [dms_to(office, user) for user in (REP, REP2, NORWEGIAN)] == [[], [], []]


def test_more_goals_than_a_message_holds_are_counted_and_wait_in_acks(office, db):
    months = [f"2027-{m:02d}" for m in range(1, 13)]
    sheet = goals_sheet(
        [["Person", "Rita Rep", metric, month, 10] for metric in ("Units", "Deals") for month in months]
    )
    done = import_file(office, MANAGER, sheet)
    assert "1 person was told of their goals by DM" in done["text"]
    (notice,) = dms_to(office, REP)  # the fake Slack refuses more than 50 blocks
    assert len(goal_blocks(notice)) == 20
    assert "…and 4 more goals: `/sales acks` lists the goals you have still to acknowledge." in shown(notice)
    assert len(acks(db, REP)) == 24
    # /sales acks lists as many as the notice, says how many wait beyond, and shows them once
    # these are answered.
    office.command("acks", user=REP)
    overview = [p for p in office.fake.snapshot_posted() if p.kind == "ephemeral" and p.user == REP][-1]
    assert len(goal_blocks(overview)) == 20
    assert "…and 4 more goals to acknowledge: once you have answered these, `/sales acks` shows them." in (
        shown(overview)
    )


def test_a_rate_limited_or_refused_notice_is_waited_out_or_named_to_the_importer(office, db):
    sheet = goals_sheet(
        [
            ["Person", "Rita Rep", "Revenue", "2026-12", 50000],
            ["Person", "Per Rep", "Revenue", "2026-12", 45000],
        ]
    )
    preview = preview_of(office, MANAGER, sheet)
    # Rita's notice is refused; Per's meets a 429, which the client's retry handler waits out.
    office.fake.fail_next("chat.postMessage", "account_inactive")
    office.fake.fail_next("chat.postMessage", "ratelimited", status=429, retry_after=1)
    done = press_import(office, MANAGER, preview)
    assert dms_to(office, REP) == []
    assert len(dms_to(office, REP2)) == 1
    assert [c.args["channel"] for c in office.fake.calls_to("chat.postMessage")][-3:] == [REP, REP2, REP2]
    assert "1 person was told of their goals by DM" in done["text"]
    assert "These people could not be told by DM: Rita Rep." in done["text"]
    assert {a.status for a in acks(db, REP)} == {"told"}, "Rita still finds the goal in /sales acks"


def test_a_goal_imported_already_reached_is_celebrated_once(office, db):
    announcing_in(db, office, "C0ANNOUNCE")
    with data(db) as store:
        add_sale(store, someone(store, REP), 6000, date(2026, 11, 5))
    sheet = goals_sheet([["Person", "Rita Rep", "Revenue", "2026-11", 5000]])
    first_preview = preview_of(office, MANAGER, sheet)
    second_preview = preview_of(office, MANAGER, sheet)
    press_import(office, MANAGER, first_preview)
    (notice,) = dms_to(office, REP)
    assert "<@U0MANAGER> set you a goal: *NOK\xa05,000* in November 2026." in shown(notice)
    (celebration,) = [p for p in office.fake.snapshot_posted() if p.channel == "C0ANNOUNCE"]
    assert f"<@{REP}> reached *100%* of the revenue goal for November 2026!" in shown(celebration)
    assert [c.threshold for c in rows(db, Celebration)] == [100]
    press_import(office, MANAGER, second_preview)  # unchanged: neither told nor celebrated again
    assert len(dms_to(office, REP)) == 1
    assert len([p for p in office.fake.snapshot_posted() if p.channel == "C0ANNOUNCE"]) == 1


def test_sales_imported_over_a_goal_are_celebrated_once_like_a_sale_typed_in(office, db):
    november_goals(db)  # Rita 6,000 of 10,000
    team_channel(db, office, "C0OST")
    sheet = xlsx(
        [["Rita Rep", "10.11.2026", 3000, "PO-1"], ["Rita Rep", "12.11.2026", 2000, "PO-2"]],
        header=SALE_HEADER,
    )
    first_preview = preview_of(office, MANAGER, sheet, kind="sales")
    second_preview = preview_of(office, MANAGER, sheet, kind="sales")
    press_import(office, MANAGER, first_preview)
    posts = [shown(p) for p in office.fake.snapshot_posted() if p.kind == "message" and p.channel == "C0OST"]
    assert len(posts) == 1
    assert f"<@{REP}> reached *100%* of the revenue goal for November 2026!" in posts[0]
    assert [c.threshold for c in rows(db, Celebration)] == [100]

    press_import(office, MANAGER, second_preview)  # the same sales: nothing added, nothing celebrated
    more = xlsx([["Rita Rep", "13.11.2026", 500, "PO-3"]], header=SALE_HEADER)
    import_file(office, MANAGER, more, kind="sales")  # 105 %: no new threshold
    assert (
        len([p for p in office.fake.snapshot_posted() if p.kind == "message" and p.channel == "C0OST"]) == 1
    )
    assert len(rows(db, Celebration)) == 1
