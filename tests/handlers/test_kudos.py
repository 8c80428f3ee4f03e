"""End to end: kudos. ``/sales kudos @person REASON`` and the message shortcut *Give kudos*: a
shout-out where it was given (else in the announcement channel, the giver told), also in the
announcement channel, a DM to the person; no reason, oneself, an app and the daily limit are
refused with nothing written; a retry gives nothing twice; someone who opted out gets a DM only;
App Home counts them. English and Norwegian."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from handlers.ids import KUDOS_MODAL, KUDOS_SHORTCUT
from storage.models import Kudos, Person, Workspace
from tests.conftest import MANAGER, NORWEGIAN, OWNER, REP, REP2
from tests.handlers.shop import shop_workspace
from tests.helpers import dms, last_reply, open_modal_of, rows, shown


@pytest.fixture
def ws(db):
    with shop_workspace(db) as workspace:
        yield workspace


def set_workspace(db, **values) -> None:
    with Session(db) as session:
        workspace = session.get(Workspace, rows(db, Workspace)[0].id)
        for key, value in values.items():
            setattr(workspace, key, value)
        session.add(workspace)
        session.commit()


def opt_out(db, user: str) -> None:
    with Session(db) as session:
        person = next(p for p in rows(db, Person) if p.slack_user_id == user)
        person = session.get(Person, person.id)
        person.public_ranking = False
        session.add(person)
        session.commit()


def posts_in(ws, channel: str) -> list[str]:
    return [shown(p) for p in ws.fake.snapshot_posted() if p.kind == "message" and p.channel == channel]


def test_kudos_are_shown_where_given_and_in_the_announcement_channel_and_sent_by_dm(ws, db):
    ws.fake.add_channel("C0ANNOUNCE", "announcements")
    set_workspace(db, announcement_channel="C0ANNOUNCE")
    ws.command(f"kudos {ws.mention(REP)} Great demo for Acme <!here>", user=MANAGER)

    (post,) = posts_in(ws, "C0GENERAL")
    assert f"Kudos to <@{REP}>* from <@{MANAGER}>" in post
    assert "Great demo for Acme &lt;!here&gt;" in post  # typed text is never a ping
    assert posts_in(ws, "C0ANNOUNCE") == [post]
    assert f"<@{MANAGER}> gave you kudos" in dms(ws, REP)[-1]
    told = last_reply(ws, MANAGER)
    assert "Shown in <#C0GENERAL>, <#C0ANNOUNCE>" in told
    assert "You can give 4 more today." in told
    (given,) = rows(db, Kudos)
    assert given.reason == "Great demo for Acme <!here>"
    assert given.channel_id == "C0GENERAL"


def test_a_channel_salesbot_is_not_in_sends_the_kudos_to_the_announcement_channel(ws, db):
    ws.fake.add_channel("C0QUIET", "quiet", is_member=False)
    ws.fake.add_channel("C0ANNOUNCE", "announcements")
    set_workspace(db, announcement_channel="C0ANNOUNCE")
    ws.command(f"kudos {ws.mention(REP)} Closed Acme", user=MANAGER, channel=("C0QUIET", "quiet"))

    assert posts_in(ws, "C0QUIET") == []
    assert len(posts_in(ws, "C0ANNOUNCE")) == 1
    assert "salesbot is not in <#C0QUIET>" in last_reply(ws, MANAGER)
    assert "/invite @salesbot" in last_reply(ws, MANAGER)


def test_without_a_channel_to_post_in_the_kudos_go_by_dm_and_the_giver_is_told(ws, db):
    ws.fake.add_channel("C0QUIET", "quiet", is_member=False)
    ws.command(f"kudos {ws.mention(REP)} Closed Acme", user=MANAGER, channel=("C0QUIET", "quiet"))
    assert "no announcement channel" in last_reply(ws, MANAGER)
    assert "gave you kudos" in dms(ws, REP)[-1]


def test_refusals_write_nothing(ws, db):
    ws.command(f"kudos {ws.mention(REP)}", user=MANAGER)
    assert "Say what the kudos are for" in last_reply(ws, MANAGER)
    ws.command(f"kudos {ws.mention(MANAGER)} Me, myself", user=MANAGER)
    assert "can't give them to yourself" in last_reply(ws, MANAGER)
    ws.command(f"kudos {ws.mention(ws.fake.bot_user_id)} Thanks bot", user=MANAGER)
    assert "is an app: kudos are for people" in last_reply(ws, MANAGER)
    ws.command("kudos Rita for the demo", user=MANAGER)
    assert "/sales kudos @person REASON" in last_reply(ws, MANAGER)
    assert rows(db, Kudos) == []


def test_the_daily_limit_is_refused_with_when_it_resets(ws, db):
    set_workspace(db, kudos_daily_limit=2)
    ws.command(f"kudos {ws.mention(REP)} One", user=MANAGER)
    ws.command(f"kudos {ws.mention(NORWEGIAN)} Two", user=MANAGER)
    assert "You can give 0 more today." in last_reply(ws, MANAGER)
    ws.command(f"kudos {ws.mention(REP2)} Three", user=MANAGER)
    refusal = last_reply(ws, MANAGER)
    assert "You have given your 2 kudos for today" in refusal
    assert "resets at midnight (Europe/Oslo), on Nov 19, 2026" in refusal
    assert len(rows(db, Kudos)) == 2
    # Someone else's limit is their own.
    ws.command(f"kudos {ws.mention(REP2)} Three", user=REP)
    assert len(rows(db, Kudos)) == 3


def test_someone_who_opted_out_gets_a_dm_only(ws, db):
    ws.fake.add_channel("C0ANNOUNCE", "announcements")
    set_workspace(db, announcement_channel="C0ANNOUNCE")
    opt_out(db, REP)
    ws.command(f"kudos {ws.mention(REP)} Quietly great", user=MANAGER)
    assert posts_in(ws, "C0GENERAL") == [] and posts_in(ws, "C0ANNOUNCE") == []
    assert "only you see this" in dms(ws, REP)[-1]
    assert "by direct message only" in last_reply(ws, MANAGER)


def test_the_message_shortcut_gives_kudos_to_the_author_once(ws, db):
    message = ws.fake.user_says("C0GENERAL", REP, "Acme signed the three-year deal!")
    ws.shortcut(user=NORWEGIAN, callback_id=KUDOS_SHORTCUT, message=message)
    view = open_modal_of(ws, NORWEGIAN).view
    assert view["callback_id"] == KUDOS_MODAL
    assert view["title"]["text"] == "Gi ros"
    assert f"Ros til <@{REP}>" in shown(open_modal_of(ws, NORWEGIAN))

    result = ws.submit(user=NORWEGIAN, view=view, answers={"reason": ""})
    assert "Skriv hva rosen gjelder" in result.json()["errors"]["reason"]
    assert rows(db, Kudos) == []

    ws.submit(user=NORWEGIAN, view=view, answers={"reason": "Tre år med Acme!"})
    ws.submit(user=NORWEGIAN, view=view, answers={"reason": "Tre år med Acme!"})  # a retry
    assert len(rows(db, Kudos)) == 1
    (post,) = posts_in(ws, "C0GENERAL")[-1:]
    assert f"Kudos to <@{REP}>" in post  # the workspace's language: English
    assert "Ros sendt til" in "\n".join(dms(ws, NORWEGIAN) + [shown(p) for p in ws.fake.snapshot_posted()])


def test_the_shortcut_on_ones_own_or_an_apps_message_is_refused(ws, db):
    mine = ws.fake.user_says("C0GENERAL", REP, "I did it")
    ws.shortcut(user=REP, callback_id=KUDOS_SHORTCUT, message=mine)
    assert "can't give them to yourself" in last_reply(ws, REP)
    app = {**mine, "user": None, "bot_id": "B0OTHER", "subtype": "bot_message"}
    ws.shortcut(user=REP, callback_id=KUDOS_SHORTCUT, message=app)
    assert "written by an app" in last_reply(ws, REP)


def test_norwegian_and_app_home(ws, db):
    ws.command(f"ros {ws.mention(REP)} Flott demo", user=NORWEGIAN)
    assert "Ros sendt til" in last_reply(ws, NORWEGIAN)
    assert "Du kan gi ros 4 ganger til i dag." in last_reply(ws, NORWEGIAN)
    ws.open_home(REP)
    home = [p for p in ws.fake.snapshot_posted() if p.kind == "home" and p.user == REP][-1]
    assert "1 kudos for you in November 2026." in shown(home)
    assert f"<@{NORWEGIAN}>: Flott demo" in shown(home)


def test_help_lists_kudos(ws):
    ws.command("help", user=OWNER)
    assert "/sales kudos @person REASON" in last_reply(ws, OWNER)
