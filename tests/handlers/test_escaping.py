"""End to end: names and typed text are stored plain and escaped wherever they are shown in mrkdwn.

Slack reads ``&``, ``<`` and ``>`` in mrkdwn as markup: a customer typed as ``<!here>`` would
notify the channel, ``<@U…>`` would ping that person, ``<b>`` would be read as a link. So in
every message, fallback, modal and Home tab salesbot shows, each mrkdwn text holds no ``<``,
``>`` or ``&`` of its own except in the tokens salesbot writes (its mentions, channel links,
the App Home link), while plain_text (headers, buttons, options, inputs) shows the names as
typed. The odd names are put in the database directly or typed into modals (whose values
arrive unescaped), so this does not depend on how slash-command text is read.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from handlers import ids
from handlers.blocks.goals import PERIOD, PRODUCT, REASON_CATEGORY, REASON_TEXT, SCOPE, TARGET, TEAM
from localslack.workspace import LocalWorkspace
from salesbot.clock import FixedClock
from salesbot.goals import goal_key
from salesbot.periods import Period
from storage.models import Goal, Product, Sale, Team
from tests.conftest import MANAGER, OWNER, REP, REP2
from tests.helpers import buttons, data, press, rows, texts

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)  # Wednesday 18 November 2026, in Oslo
NOV = Period.of_month(2026, 11)
ODD = "U0ODD"  # a person whose Slack name holds Slack's control characters
ODD_NAME = "Åse & Co <b>"
TEAM_NAME = "R&D <b>"
PRODUCT_NAME = "Kaffe & Te"
# REP2 is never in a team, never mentioned by salesbot: a <@U0REP2> anywhere came from typed text.
CUSTOMER = f"<!here> Kunde & Co <@{REP2}>"
REASON = f"R&D <@{REP2}> <!channel>"
NOTE = "Pris < budsjett & mer > nok"
TEAM_CHANNEL = ("C0RD", "r-og-d")

# The tokens salesbot itself writes into mrkdwn: its mentions, channel links, dates, links.
APP_TOKEN = re.compile(r"<(?:@U[A-Z0-9]+|#C[A-Z0-9]+|!date\^[^<>]*|(?:https?|slack)://[^<>|]*(?:\|[^<>]*)?)>")
ENTITY = re.compile(r"&(?:amp|lt|gt);")


@pytest.fixture
def office(db):
    """Team R&D <b> (Rita and Åse & Co <b>, managed by Mona) with its own channel, a product
    Kaffe & Te, and a team Ops made by command; Per (REP2) is in no team."""
    workspace = LocalWorkspace.start(db, clock=FixedClock(NOW))
    workspace.add_user(OWNER, "Ingrid Owner", is_owner=True, is_admin=True, tz="Europe/Oslo")
    workspace.add_user(MANAGER, "Mona Manager", tz="Europe/Oslo")
    workspace.add_user(REP, "Rita Rep", tz="Europe/Oslo")
    workspace.add_user(REP2, "Per Rep", tz="America/New_York")
    workspace.add_user(ODD, ODD_NAME, tz="Europe/Oslo")
    workspace.fake.add_channel(*TEAM_CHANNEL)
    # The people become known to salesbot as Slack names them.
    workspace.command("team create Ops", user=OWNER)
    workspace.command(f"team add Ops {workspace.mention(REP)} {workspace.mention(ODD)}", user=OWNER)
    workspace.command(f"team manager Ops {workspace.mention(MANAGER)}", user=OWNER)
    with data(db) as store:
        team = store.create_team(TEAM_NAME)
        team.channel_id = TEAM_CHANNEL[0]
        store.save_team(team)
        for user_id, role in ((REP, "member"), (ODD, "member"), (MANAGER, "manager")):
            store.add_to_team(team, store.person_by_slack_id(user_id), role)
        store.add_product(PRODUCT_NAME, Decimal("100"))
    yield workspace
    workspace.stop()
    assert workspace.fake.missing_text_fallbacks() == [], "every message has a text fallback"


# -- reading what was shown -------------------------------------------------------------------------


def mrkdwn_of(posted) -> list[str]:
    """The mrkdwn a person reads in ``posted``: its blocks' mrkdwn and the message's text."""
    found = texts(posted.blocks or [], "mrkdwn") + texts(posted.view or {}, "mrkdwn")
    if posted.text and posted.kind != "file":
        found.append(posted.text)
    return found


def plain_of(posted) -> list[str]:
    found = texts(posted.blocks or [], "plain_text") + texts(posted.view or {}, "plain_text")
    for block in (posted.view or {}).get("blocks", []):  # what an input is filled in with
        element = block.get("element") or {}
        if isinstance(element.get("initial_value"), str):
            found.append(element["initial_value"])
    return found


def all_mrkdwn(office) -> str:
    return "\n".join(text for posted in office.fake.snapshot_posted() for text in mrkdwn_of(posted))


def all_plain(office) -> str:
    return "\n".join(text for posted in office.fake.snapshot_posted() for text in plain_of(posted))


def assert_all_escaped(office) -> None:
    """Nothing shown so far reads a typed character as markup, or shows an escape literally."""
    for posted in office.fake.snapshot_posted():
        for text in mrkdwn_of(posted):
            bare = APP_TOKEN.sub("", text)
            assert not re.search(r"[<>]", bare), f"unescaped < or > in {posted.kind}: {text!r}"
            assert not re.search(r"&(?!amp;|lt;|gt;)", bare), f"unescaped & in {posted.kind}: {text!r}"
            assert f"<@{REP2}>" not in text, f"typed mention sent in {posted.kind}: {text!r}"
        for text in plain_of(posted):
            assert not ENTITY.search(text), f"escape shown literally in plain text ({posted.kind}): {text!r}"


def last(office, kind: str, user: str | None = None, channel: str | None = None):
    found = [
        p
        for p in office.fake.snapshot_posted()
        if p.kind == kind and (user is None or p.user == user) and (channel is None or p.channel == channel)
    ]
    assert found, f"nothing of kind {kind}; posted: {office.fake.snapshot_posted()}"
    return found[-1]


def modal(office, user) -> dict:
    view = office.fake.top_view(user)
    assert view is not None, office.fake.snapshot_posted()
    return view


def product_id(db) -> int:
    return next(p.id for p in rows(db, Product) if p.name == PRODUCT_NAME)


def md(text: str) -> str:
    """``text`` as it must read in mrkdwn."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


TEAM_MD = md(TEAM_NAME)  # R&amp;D &lt;b&gt;
PRODUCT_MD = md(PRODUCT_NAME)
CUSTOMER_MD = md(CUSTOMER)
REASON_MD = md(REASON)
ODD_MD = md(ODD_NAME)


# -- the tests -------------------------------------------------------------------------------------


def test_names_in_lists_notices_and_the_home_tab(office, db):
    # A person's Slack name, shown in a notice.
    assert f"Added to *Ops*: Rita Rep, {ODD_MD}." in all_mrkdwn(office)

    office.command("team list", user=OWNER)
    listing = last(office, "ephemeral", OWNER)
    assert any(f"*{TEAM_MD}* · members: 2" in text for text in mrkdwn_of(listing)), mrkdwn_of(listing)
    assert f"{TEAM_MD} (2)" in listing.text  # the fallback

    office.command("product list", user=OWNER)
    assert any(f"• *{PRODUCT_MD}* —" in text for text in mrkdwn_of(last(office, "ephemeral", OWNER)))

    office.open_home(REP)
    home = office.fake.home_view(REP)
    section = texts(home, "mrkdwn")
    assert any(
        f"*Your teams:* Ops, {TEAM_MD}" in text or f"*Your teams:* {TEAM_MD}, Ops" in text for text in section
    )
    assert any(f"*Team {TEAM_MD}* · your team" in text for text in section)
    assert_all_escaped(office)


def test_a_sale_from_the_modal_to_lost(office, db):
    office.command("result", user=REP)
    answers = {"amount": "1000", "units": "10", "product": str(product_id(db)), "customer": CUSTOMER}
    view = modal(office, REP)
    # The product is a plain_text option: shown as typed.
    assert PRODUCT_NAME in plain_of(last(office, "modal_open", REP))
    office.submit(user=REP, view=view, answers=answers)
    (sale,) = rows(db, Sale)
    assert sale.customer == CUSTOMER, "stored plain"

    reply = last(office, "ephemeral", REP)
    expected = f"{PRODUCT_MD} · {CUSTOMER_MD}"
    assert any(expected in text for text in mrkdwn_of(reply))
    assert expected in reply.text
    found = buttons(reply.blocks)
    confirm = found[ids.SALE_DELETE]["confirm"]["text"]
    assert confirm["type"] == "mrkdwn" and CUSTOMER_MD in confirm["text"]

    # Whose orders: the header names them plainly, the fallback in mrkdwn.
    office.command(f"orders {office.mention(ODD)}", user=MANAGER)
    orders = last(office, "ephemeral", MANAGER)
    assert ODD_NAME in plain_of(orders)[0] and ODD_MD in orders.text

    # Recorded for someone else: they are told by DM.
    office.command("result", user=MANAGER)
    view = modal(office, MANAGER)
    office.submit(user=MANAGER, view=view, answers={**answers, "amount": "2000", "person": ODD})
    assert CUSTOMER_MD in last(office, "dm", ODD).text

    # Editing shows the customer as typed in the input.
    press(office, REP, found[ids.SALE_EDIT])
    edit = modal(office, REP)
    customer_input = next(b for b in edit["blocks"] if b.get("block_id") == "customer")
    assert customer_input["element"]["initial_value"] == CUSTOMER
    office.fake.close_view(edit["id"])

    # Lost, with a note: the modal shows the sale, the redrawn message the note.
    press(office, REP, found[ids.SALE_LOST])
    lost = modal(office, REP)
    assert any(CUSTOMER_MD in text for text in texts(lost, "mrkdwn"))
    office.submit(user=REP, view=lost, answers={"reason": "other", "note": NOTE})
    updated = last(office, "update", REP)
    assert any(f"_{md(NOTE)}_" in text for text in mrkdwn_of(updated))

    office.command("orders", user=REP)
    office.command(f"orders {office.mention(ODD)}", user=MANAGER)
    orders = last(office, "ephemeral", MANAGER)
    assert ODD_NAME in plain_of(orders)[0] and ODD_MD in orders.text and CUSTOMER_MD in orders.text
    office.open_home(ODD)
    assert any(CUSTOMER_MD in text for text in texts(office.fake.home_view(ODD), "mrkdwn"))
    assert_all_escaped(office)


def test_a_team_goal_its_revision_and_where_they_are_told(office, db):
    office.command(f"goal history team:{TEAM_NAME}", user=OWNER)  # none yet
    history = last(office, "ephemeral", OWNER)
    assert f"Goal history · {TEAM_NAME}" in plain_of(history)  # the header, plain
    assert history.text.startswith(f"Goal history · {TEAM_MD}")  # the fallback, mrkdwn

    office.command("goal", user=OWNER)
    view = modal(office, OWNER)
    team_options = next(b for b in view["blocks"] if b.get("block_id") == TEAM)["element"]["options"]
    assert [o["text"]["text"] for o in team_options] == ["Ops", TEAM_NAME]
    answers = {
        SCOPE: "team",
        TEAM: TEAM_NAME,
        TARGET: "100000",
        PERIOD: "2026-11",
        PRODUCT: str(product_id(db)),
    }
    office.submit(user=OWNER, view=view, answers=answers)
    (goal,) = rows(db, Goal)
    assert goal.team_id == next(t.id for t in rows(db, Team) if t.name == TEAM_NAME)
    confirmation = last(office, "dm", OWNER)
    assert f"team *{TEAM_MD}*" in confirmation.text and PRODUCT_MD in confirmation.text
    post = last(office, "message", channel=TEAM_CHANNEL[0])
    assert PRODUCT_MD in post.text

    # A member's own goal: how far the members' goals now cover the team's.
    office.command("goal", user=OWNER)
    view = modal(office, OWNER)
    office.submit(
        user=OWNER, view=view, answers={**answers, SCOPE: "person", "goal_person": ODD, TARGET: "1000"}
    )
    assert f"Team *{TEAM_MD}* — members' own goals within" in last(office, "dm", OWNER).text
    assert PRODUCT_MD in last(office, "dm", ODD).text

    # Revised with a reason, the team without its channel: its members are told by DM.
    with data(db) as store:
        team = store.team_by_name(TEAM_NAME)
        team.channel_id = None
        store.save_team(team)
    office.command("goal", user=OWNER)
    view = modal(office, OWNER)
    office.submit(
        user=OWNER,
        view=view,
        answers={**answers, TARGET: "150000", REASON_CATEGORY: "other", REASON_TEXT: REASON},
    )
    told = last(office, "dm", REP)
    assert f"Reason: Other — {REASON_MD}" in told.text
    assert any(f"Other — {REASON_MD}" in text for text in mrkdwn_of(told))
    confirmation = last(office, "dm", OWNER).text
    assert f"Other — {REASON_MD}" in confirmation
    assert f"The 2 members of *{TEAM_MD}* were told by DM." in confirmation

    # Revised by command without a reason: the form asking for one names the team.
    office.command(f"goal team:{TEAM_NAME} 175000 2026-11 product:{PRODUCT_NAME}", user=OWNER)
    asked = last(office, "ephemeral", OWNER)
    assert any(f"team *{TEAM_MD}*" in text for text in mrkdwn_of(asked)), mrkdwn_of(asked)
    press(office, OWNER, buttons(asked.blocks)[ids.REVISE_GOAL])
    revision = modal(office, OWNER)
    assert any(f"*{TEAM_MD}* · November 2026 · {PRODUCT_MD}" in text for text in texts(revision, "mrkdwn"))
    office.fake.close_view(revision["id"])

    office.command("goals", user=OWNER)
    assert any(f"*{TEAM_MD}*" in text for text in mrkdwn_of(last(office, "ephemeral", OWNER)))
    office.command(f"goal history team:{TEAM_NAME}", user=OWNER)
    history = last(office, "ephemeral", OWNER)
    assert any(f"Other — {REASON_MD}" in text for text in mrkdwn_of(history))

    office.command("progress", user=MANAGER)
    progress = last(office, "ephemeral", MANAGER)
    assert any(f"Team {TEAM_MD}" in text and f"{PRODUCT_MD} only" in text for text in mrkdwn_of(progress))
    office.command(f"progress team:{TEAM_NAME}", user=MANAGER)
    progress = last(office, "ephemeral", MANAGER)
    assert f"Progress · team {TEAM_NAME}" in plain_of(progress)
    assert progress.text.startswith(f"Progress · team {TEAM_MD}")

    office.open_home(MANAGER)
    home = texts(office.fake.home_view(MANAGER), "mrkdwn")
    assert any(f"Team {TEAM_MD}" in text and f"{PRODUCT_MD} only" in text for text in home)
    assert_all_escaped(office)


def test_time_off_names_the_person_in_the_fallback_and_the_confirmation(office):
    office.command(f"away 1.12.2026 3.12.2026 {office.mention(ODD)}", user=MANAGER)
    office.command("away list", user=MANAGER)
    listing = last(office, "ephemeral", MANAGER)
    assert ODD_MD in listing.text
    remove = buttons(
        [{"type": "actions", "elements": [b["accessory"]]} for b in listing.blocks if b.get("accessory")]
    )
    assert ODD_MD in remove[ids.AWAY_REMOVE]["confirm"]["text"]["text"]
    assert_all_escaped(office)


def test_a_team_digest(office, db):
    with data(db) as store:
        team = store.team_by_name(TEAM_NAME)
        odd = store.person_by_slack_id(ODD)
        store.session.add(
            Goal(
                workspace_id=store.workspace_id,
                scope="person",
                person_id=odd.id,
                metric="revenue",
                period_kind=NOV.kind,
                period_key=NOV.key,
                period_start=NOV.start,
                period_end=NOV.end,
                target=Decimal(1000),
                goal_key=goal_key("person", odd.id, "revenue", NOV.key, None),
            )
        )
        store.session.add(
            Sale(
                workspace_id=store.workspace_id, person_id=odd.id, amount=Decimal(2000), ordered_on=NOV.start
            )
        )
    office.command("digest", user=OWNER, channel=TEAM_CHANNEL)
    office.click(user=OWNER, action_id=ids.OPEN_DIGEST_MODAL, value="new", channel=TEAM_CHANNEL)
    view = modal(office, OWNER)
    scopes = next(b for b in view["blocks"] if b["block_id"] == "digest_scope")["element"]["options"]
    assert f"Team {TEAM_NAME}" in [o["text"]["text"] for o in scopes]
    office.submit(
        user=OWNER,
        view=view,
        answers={
            "digest_channel": TEAM_CHANNEL[0],
            "digest_scope": f"team:{team.id}",
            "digest_time": "09:00",
        },
    )
    assert f"Team {TEAM_MD}" in last(office, "dm", OWNER).text

    office.command("digest", user=OWNER, channel=TEAM_CHANNEL)
    listing = last(office, "ephemeral", OWNER)
    assert any(f"Team {TEAM_MD}" in text for text in mrkdwn_of(listing))
    schedule_id = buttons(listing.blocks)[ids.DIGEST_RUN_NOW]["value"]
    office.click(user=OWNER, action_id=ids.DIGEST_RUN_NOW, value=schedule_id, channel=TEAM_CHANNEL)
    digest = office.fake.wait_for_posted(lambda p: p.kind == "message" and p.channel == TEAM_CHANNEL[0])
    assert f"team {TEAM_NAME}" in plain_of(digest)[0]  # the header
    assert f"team {TEAM_MD}" in digest.text
    shown = "\n".join(mrkdwn_of(digest))
    assert f"*1.* {ODD_MD} — *200.0%*" in shown  # the leaderboard names, never mentions
    assert f"so far: {ODD_MD}" in shown  # who reached their goal
    assert_all_escaped(office)


def test_names_typed_in_commands(office, db):
    """Names typed in a slash command (Slack sends & < > as entities; salesbot reads them back to
    what was typed) are stored plain and escaped in every reply."""
    name, name_md = "Salg & Service", "Salg &amp; Service"
    channel = f"<#{TEAM_CHANNEL[0]}|{TEAM_CHANNEL[1]}>"
    for command, expected in (
        (f"team create {name}", f"Team *{name_md}* created."),
        (f"team add {name} {office.mention(ODD)}", f"Added to *{name_md}*: {ODD_MD}."),
        (f"team manager {name} {office.mention(MANAGER)}", f"Now managing *{name_md}*: Mona Manager."),
        (f"team channel {name} {channel}", f"*{name_md}* is told of its goals in <#{TEAM_CHANNEL[0]}>."),
        (f"team channel {name} off", f"*{name_md}* has no team channel"),
        (f"team remove {name} {office.mention(ODD)}", f"Removed from *{name_md}*: {ODD_MD}."),
        ("product add Te & Kaffe 50", "*Te &amp; Kaffe* added to the catalog"),
        ("product retire Te & Kaffe", "*Te &amp; Kaffe* is retired"),
    ):
        office.command(command, user=OWNER)
        reply = last(office, "ephemeral", OWNER)
        assert any(expected in text for text in mrkdwn_of(reply)), (command, mrkdwn_of(reply))
    assert {t.name for t in rows(db, Team)} == {"Ops", TEAM_NAME, name}
    assert "Te & Kaffe" in {p.name for p in rows(db, Product)}
    assert f"manager of the team *{name_md}*" in last(office, "dm", MANAGER).text
    office.command(f"goal team:{name} 1000 2026-11", user=OWNER)
    assert f"Nobody was told: *{name_md}* has no members yet." in last(office, "ephemeral", OWNER).text
    office.fake.fail_next("chat.postMessage", "user_not_found")  # the DM telling Åse of their goal
    office.command(f"goal {office.mention(ODD)} 500 2026-12", user=OWNER)
    assert f"could not be told about the goal by DM: {ODD_MD}." in last(office, "dm", OWNER).text
    office.command(f"role {office.mention(MANAGER)} rep", user=OWNER)
    assert TEAM_MD in last(office, "ephemeral", OWNER).text  # the teams they no longer manage
    assert_all_escaped(office)
