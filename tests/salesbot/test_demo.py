"""The demo company has a history: what `last month` and `last quarter` ask about shows people."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from localslack.console.start import SALES
from salesbot.demo import DEMO_DEPARTMENT_CHANNELS, DEMO_PEOPLE, load_demo
from storage.db import session_scope
from storage.store import Store, get_or_create_workspace
from tests.conftest import local_workspace
from tests.helpers import data, last_reply, replies

TODAY = date(2026, 11, 18)
NOW = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)
INGRID, KARI = DEMO_PEOPLE[0].user_id, "U0DEMO005"


@pytest.fixture
def demo(db):
    """The demo company in the local workspace on 18 November 2026, its people and #sales known to
    Slack, as the console starts it."""
    with local_workspace(db, at=NOW) as workspace:
        workspace.fake.add_channel(*SALES)  # as the console makes it
        for channel in DEMO_DEPARTMENT_CHANNELS.values():  # as the console makes them from the settings
            workspace.fake.add_channel(*channel)
        for person in DEMO_PEOPLE:
            workspace.add_user(
                person.user_id,
                person.name,
                locale=person.locale,
                tz="Europe/Oslo",
                is_owner=person.is_owner,
                is_admin=person.is_owner,
            )
        with session_scope(db) as session:
            load_demo(
                Store(session, get_or_create_workspace(session, slack_team_id=workspace.team_id)), today=TODAY
            )
        yield workspace


def test_the_demo_has_three_months_of_personal_goals_and_two_quarters_of_team_goals(demo, db):
    with data(db, demo.team_id) as store:
        kari = store.person_by_slack_id(KARI)
        months = {g.period_key for g in store.goals_of_subject("person", kari.id, limit=20)}
        team = store.team_by_name("Bedrift Øst")
        quarters = {g.period_key for g in store.goals_of_subject("team", team.id, limit=20)}
    assert months == {"2026-09", "2026-10", "2026-11"}
    assert quarters == {"2026-Q3", "2026-Q4"}


@pytest.mark.parametrize(
    ("user", "words", "title"),
    [
        (INGRID, "leaderboard forrige måned", "oktober 2026"),
        (INGRID, "leaderboard forrige kvartal", "3. kvartal 2026"),
        ("U0DEMO003", "leaderboard last month", "October 2026"),
    ],
)
def test_the_leaderboard_of_a_past_period_ranks_the_demo_reps(demo, user, words, title):
    demo.command(words, user=user)
    shown = last_reply(demo, user)
    assert title in shown
    assert "Kari Nordmann" in shown or "<@U0DEMO005>" in shown, shown


def test_progress_for_last_month_shows_a_reps_closed_goal(demo):
    demo.command("progress forrige måned", user=KARI)
    shown = last_reply(demo, KARI)
    assert "oktober 2026" in shown and "av 180\u00a0000\u00a0kr" in shown, shown
    assert "Ikke nådd" in shown


def test_the_demo_has_a_training_library_with_assignments_some_overdue(demo):
    demo.command("opplæring", user=INGRID)
    assert "Opplæringsbibliotek (5)" in last_reply(demo, INGRID)
    demo.command("opplæring status", user=INGRID)
    status = last_reply(demo, INGRID)
    assert "Over fristen: Barista Pro 2 på 10 minutter (11. nov. 2026), Serviceavtalen forklart" in status
    demo.command("opplæring mine", user=KARI)
    mine = last_reply(demo, KARI)
    assert "Opplæringene dine (2)" in mine and "Fristen gikk ut 11. nov. 2026" in mine


def test_what_s_working_last_quarter_tells_a_story(demo):
    """Each team's favourite technique shows: Vest's demos, Øst's referrals, the public sector's
    follow-up calls; and the report copes with a quarter without customer feedback."""
    demo.command("working last quarter", user=INGRID)
    report = replies(demo, INGRID)[-1]
    assert "Det som virker · 3. kvartal 2026" in report
    assert "Mest solgte produkter (omsetning)" in report and "Teknikker som gir salg" in report
    for technique in ("Anbefaling", "Produktdemo", "Oppfølgingssamtale"):
        assert technique in report
    # The demo's sales begin within the quarter: no quarter before to grow from, so no growth
    # section where every product would read "new".
    assert "Størst vekst" not in report
    demo.command('working team:"Bedrift Vest" last quarter', user=INGRID)
    vest = replies(demo, INGRID)[-1]
    techniques = vest[vest.index("Teknikker som gir salg") :]
    assert techniques.split("\n")[1].startswith("1. *Produktdemo*")  # Vest's demos win most


def test_the_diagnosis_finds_the_demo_s_two_clear_causes(demo, db):
    """Jonas Bakken's Barista Pro 2 orders come late and he is behind his goal; Offentlig sektor
    sells below list and loses deals on price (salesbot.demo.DEMO_LATE_DELIVERIES, DEMO_PRICE_TEAM)."""
    from salesbot.demo import DEMO_LATE_DELIVERIES, DEMO_PRICE_TEAM
    from salesbot.evidence import PRICE, PRODUCT, step_evidence
    from salesbot.goals import Subject
    from salesbot.periods import Period

    october = Period.of_month(2026, 10)
    rep, product = DEMO_LATE_DELIVERIES
    with session_scope(db) as session:
        store = Store(session, get_or_create_workspace(session, slack_team_id=demo.team_id))
        jonas = Subject("person", person=store.person_by_slack_id(rep))
        team = Subject("team", team=store.team_by_name(DEMO_PRICE_TEAM))
        late = step_evidence(store, jonas, october, PRODUCT, today=TODAY)
        assert late.points_here and ("evidence.note.late_product", {"product": product}) in late.notes, late
        assert not step_evidence(store, jonas, october, PRICE, today=TODAY).points_here
        cheap = step_evidence(store, team, october, PRICE, today=TODAY)
        assert cheap.points_here, cheap
        assert not step_evidence(store, team, october, PRODUCT, today=TODAY).points_here
    demo.command("progress forrige måned", user=rep)
    assert "Ikke nådd" in last_reply(demo, rep)


def test_in_the_demo_lars_asks_production_about_jonas_s_late_deliveries_and_hears_back(demo):
    """The README's walk-through: the question lands in #produksjon with the product step's figures,
    anyone there answers, and Lars (Jonas's manager) is told."""
    from tests.handlers.shop import last_ephemeral, updates
    from tests.helpers import buttons, dms, press, shown

    lars, (channel, name) = "U0DEMO002", DEMO_DEPARTMENT_CHANNELS["production"]
    demo.command("diagnose <@U0DEMO008|jonas> last month", user=lars)
    step = last_ephemeral(demo, lars)
    assert "Leveringer av Barista Pro 2 kommer oftere for sent" in shown(step)  # Lars reads Norwegian
    press(demo, lars, buttons(step.blocks)["diagnosis_mark:ask_department"])
    assert f"<#{channel}>" in shown(updates(demo, lars)[-1])
    (question,) = [p for p in demo.fake.snapshot_posted() if p.kind == "message" and p.channel == channel]
    assert "Barista Pro 2" in shown(question) and "Jonas Bakken" in shown(question)
    press(demo, "U0DEMO012", buttons(question.blocks)["diagnosis_answer:yes"], channel=(channel, name))
    told = dms(demo, lars)[-1]
    assert "Produktet og leveringen: produksjon svarte *Ja*" in told, told


def test_the_demo_has_a_goal_under_discussion_and_one_person_who_has_not_acknowledged(demo, db):
    """Jonas discusses his November goal with Lars; Henrik has not acknowledged his, told a week
    ago: his manager Mona sees him and may remind him; Lars sees the discussion on App Home."""
    mona, lars, henrik, jonas = "U0DEMO003", "U0DEMO002", "U0DEMO010", "U0DEMO008"
    demo.command("acks", user=mona)
    shown = last_reply(demo, mona)
    assert "for <@U0DEMO010> in November 2026: not acknowledged yet" in shown
    assert "No goal is under discussion." in shown
    demo.command("bekreft", user=lars)
    shown = last_reply(demo, lars)
    assert "Mål som diskuteres" in shown and "<@U0DEMO008>" in shown and "Målet er for høyt" in shown
    demo.open_home(henrik)
    home = str(demo.fake.home_view(henrik))
    assert "Mål som venter på bekreftelsen din" in home and "venter på bekreftelsen din" in home
    demo.open_home(jonas)
    assert "diskuteres" in str(demo.fake.home_view(jonas))


def test_the_demo_sales_have_segments_and_the_public_sector_team_shows_one_selling_elsewhere(demo, db):
    """The public-sector team sells mostly to the public sector, the rest of the company to
    offices, hotels and shops: the team's marketing step names offices as selling elsewhere."""
    from salesbot.demo import DEMO_PRICE_TEAM
    from salesbot.evidence import MARKETING, step_evidence
    from salesbot.goals import Subject
    from salesbot.periods import Period

    with session_scope(db) as session:
        store = Store(session, get_or_create_workspace(session, slack_team_id=demo.team_id))
        team = Subject("team", team=store.team_by_name(DEMO_PRICE_TEAM))
        evidence = step_evidence(store, team, Period.of_month(2026, 10), MARKETING, today=TODAY)
        offices = ("evidence.note.segment_elsewhere", {"segment": "", "segment_key": "offices"})
        assert offices in evidence.notes, evidence
        public = next(f for f in evidence.figures if f.params.get("segment_key") == "public_sector")
        assert public.subject > 5 * public.others and public.subject_records >= 5
