"""End to end: ``/sales progress`` and ``/sales leaderboard`` through Slack's request format.

Time stands still on Wednesday 18 November 2026 (the workspace is in Oslo); goals and sales
are written straight to the database, as the goal and sale commands would leave them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from salesbot.periods import Period
from storage.models import Goal, Person
from tests.conftest import MANAGER, NORWEGIAN, OWNER, REP, REP2, local_workspace
from tests.handlers.office import (
    OCT,
    STRANGER,
    add_goal,
    add_sale,
    november_goals,
    office_workspace,
    quarter_team_goal_with_monthly_member_goals,
    someone,
)
from tests.helpers import data, last_reply, rows


@pytest.fixture
def office(db):
    with office_workspace(db) as workspace:
        yield workspace


def test_a_rep_sees_themselves_their_team_and_the_company(office, db):
    november_goals(db)
    office.command("progress", user=REP)
    reply = last_reply(office, REP)
    assert "Your progress" in reply
    assert "*You* · Revenue · November 2026" in reply
    assert "▓▓▓▓▓▓░░░░  *60%* · NOK\xa06,000 of NOK\xa010,000" in reply
    # 17 of 30 days have passed: 5,666.67 expected, and 6,000 is on track.
    assert ":large_green_circle: On track · expected by now NOK\xa05,667 · 57% of the period gone" in reply
    assert "Forecast NOK\xa010,588 by Nov 30, 2026" in reply
    assert "*Team Øst* · Revenue · November 2026" in reply and "NOK\xa07,000 of NOK\xa030,000" in reply
    assert (
        "Members' own goals within November 2026: 2 of 3 members,"
        " together NOK\xa020,000 of NOK\xa030,000 (67%)." in reply
    )
    assert (
        "People, by their own goals running today: :red_circle: 1 at risk · :large_green_circle: 1 on track"
        " · 1 without a goal" in reply
    )
    assert "Behind pace" not in reply and "<@U0REP2>" not in reply, "a rep sees counts, not names"
    assert "*Company* · Revenue · November 2026" in reply and "NOK\xa07,000 of NOK\xa0100,000" in reply
    assert office.fake.missing_text_fallbacks() == []


def test_a_manager_sees_who_is_behind_in_their_team(office, db):
    november_goals(db)
    office.command("progress team:øst", user=MANAGER)
    reply = last_reply(office, MANAGER)
    assert "Progress · team Øst" in reply
    assert "Behind pace or at risk: <@U0REP2> 10%" in reply
    office.command(f"progress {office.mention(REP2)}", user=MANAGER)
    reply = last_reply(office, MANAGER)
    assert "Progress · Per Rep" in reply and "*<@U0REP2>* · Revenue" in reply
    assert ":red_circle: At risk" in reply and "NOK\xa0692 a day to reach it" in reply


def test_refusals_say_why_and_store_nothing(office, db):
    november_goals(db)
    people_before = len(rows(db, Person))
    office.command(f"progress {office.mention(REP2)}", user=REP)
    assert "You can see your own progress, your teams' and the company's, but not Per Rep's." in last_reply(
        office, REP
    )
    office.command(f"progress {office.mention(STRANGER)}", user=REP)
    assert "but not Sam Stranger's" in last_reply(office, REP)
    assert len(rows(db, Person)) == people_before, "a refused request stores nothing"
    office.command("progress team:Vest", user=REP)
    assert "*Vest* is not one of them" in last_reply(office, REP)
    office.command(f"progress {office.mention(OWNER)}", user=MANAGER)
    assert "the people in the teams you manage; Ingrid Owner is not in them" in last_reply(office, MANAGER)
    office.command("progress team:Nord", user=REP)
    assert "There is no team called *Nord*" in last_reply(office, REP)
    office.command("progress team:Øs Q4", user=MANAGER)
    assert "Did you mean: Øst?" in last_reply(office, MANAGER)
    office.command(f"progress {office.mention(REP)} company", user=MANAGER)
    assert "/sales progress @kari Q4" in last_reply(office, MANAGER)
    office.command("progress yesteryear", user=REP)
    assert "I couldn't read `yesteryear` as a period" in last_reply(office, REP)


def test_admins_see_anyone_and_everyone_sees_the_company(office, db):
    november_goals(db)
    office.command(f"progress {office.mention(REP)}", user=OWNER)
    assert "NOK\xa06,000 of NOK\xa010,000" in last_reply(office, OWNER)
    office.command("progress team:Vest", user=OWNER)
    assert "Team Vest has no goal running today." in last_reply(office, OWNER)
    office.command("progress company", user=NORWEGIAN)
    reply = last_reply(office, NORWEGIAN)
    assert "Fremdrift · selskapet" in reply and "7\xa0000\xa0kr av 100\xa0000\xa0kr" in reply


def test_a_period_shows_its_goals_closed_as_reached_or_missed(office, db):
    with data(db) as store:
        rita = someone(store, REP)
        october = add_goal(store, 5000, who=rita, period=OCT)
        add_goal(store, 8000, scope="team", who=store.team_by_name("Øst"), period=OCT)
        add_goal(store, 1000, who=rita)
        add_sale(store, rita, 6000, date(2026, 10, 12))
    office.command("progress 2026-10", user=REP)
    reply = last_reply(office, REP)
    assert "Your progress · October 2026" in reply
    assert ":trophy: Reached · Ended Oct 31, 2026" in reply
    assert ":x: Missed · Ended Oct 31, 2026" in reply
    assert "November" not in reply
    closed = {g.id: g for g in rows(db, Goal)}[october.id]
    assert (closed.status, closed.actual_at_close) == ("reached", Decimal("6000.00"))
    office.command("progress last month", user=REP)
    assert "Your progress · October 2026" in last_reply(office, REP)
    office.command("progress Q3", user=REP)
    assert "You have no goal in Q3 2026." in last_reply(office, REP)


def test_progress_in_norwegian(office, db):
    november_goals(db)
    office.command("fremdrift", user=NORWEGIAN)
    reply = last_reply(office, NORWEGIAN)
    assert "Din fremdrift" in reply
    assert "Du har ikke noe mål som gjelder i dag." in reply
    assert "*Teamet Øst* · Omsetning · november 2026" in reply
    assert "7\xa0000\xa0kr av 30\xa0000\xa0kr" in reply
    assert (
        "Medlemmenes egne mål innenfor november 2026: 2 av 3 medlemmer, til sammen 20\xa0000\xa0kr av"
        " 30\xa0000\xa0kr (67\xa0%)." in reply
    )
    assert "Tempoet regnes i kalenderdager" in reply


def test_business_day_pacing_and_time_off_show_in_the_reply(office, db):
    from storage.models import TimeOff

    with data(db) as store:
        store.update_workspace(pacing="business")
        rita = someone(store, REP)
        add_goal(store, 21000, who=rita)
        add_sale(store, rita, 9000, date(2026, 11, 4))
        store.session.add(
            TimeOff(
                workspace_id=store.workspace_id,
                person_id=rita.id,
                start=date(2026, 11, 9),
                end=date(2026, 11, 13),
            )
        )
    office.command("progress", user=REP)
    reply = last_reply(office, REP)
    assert "On track · expected by now NOK\xa09,188 · 44% of the period gone" in reply
    assert "Pacing counts business days (Monday–Friday, less public holidays in Norway)" in reply


def test_business_days_leave_out_christmas_and_the_eves_until_the_admin_says_otherwise(db):
    """Monday 28 December 2026 in Oslo. December has 23 weekdays; Norway's Christmas Day (Friday)
    and, by default, Christmas Eve and New Year's Eve (Thursdays) are days off: 20 working days,
    17 of them gone."""
    with local_workspace(db, at=datetime(2026, 12, 28, 9, 0, tzinfo=UTC)) as slack:
        for user in (OWNER, REP, NORWEGIAN):
            slack.command("help", user=user)  # they introduce themselves
        with data(db) as store:
            store.update_workspace(pacing="business")
            for person in (someone(store, REP), someone(store, NORWEGIAN)):
                add_goal(store, 20000, who=person, period=Period.of_month(2026, 12))
                add_sale(store, person, 17000, date(2026, 12, 15))

        slack.command("progress", user=REP)
        reply = last_reply(slack, REP)
        assert "On track · expected by now NOK\xa017,000 · 85% of the period gone" in reply
        assert "Pacing counts business days (Monday–Friday, less public holidays in Norway)" in reply
        slack.command("progress", user=NORWEGIAN)
        reply = last_reply(slack, NORWEGIAN)
        assert "forventet hittil 17\xa0000\xa0kr · 85\xa0% av perioden er gått" in reply
        assert "Tempoet regnes i arbeidsdager (mandag–fredag, utenom helligdager i Norge)" in reply

        # The eves as working days: 22 working days, 18 gone.
        slack.command("settings", user=OWNER)
        result = slack.submit(user=OWNER, view=slack.fake.top_view(OWNER), answers={"year_end_eves_off": []})
        assert result.body == b"", result.body
        with data(db) as store:
            assert store.workspace.year_end_eves_off is False
        slack.command("progress", user=REP)
        assert "expected by now NOK\xa016,364 · 82% of the period gone" in last_reply(slack, REP)

        # No public holidays at all: every weekday counts, 19 of 23 gone.
        slack.command("settings", user=OWNER)
        view = slack.fake.top_view(OWNER)
        (none,) = slack.suggest(user=OWNER, view=view, action_id="holiday_country", value="none")
        assert none["text"]["text"] == "None: every Monday to Friday is a working day"
        slack.submit(user=OWNER, view=view, answers={"holiday_country": "none"})
        slack.command("progress", user=REP)
        reply = last_reply(slack, REP)
        assert "expected by now NOK\xa016,522 · 83% of the period gone" in reply
        assert "Pacing counts business days (Monday–Friday);" in reply


def test_a_long_answer_stays_inside_one_message(office, db):
    with data(db) as store:
        products = [store.add_product(f"Product {i:02d}", None) for i in range(60)]
        for product in products:
            add_goal(store, 1000, scope="company", product=product)
        east = store.team_by_name("Øst")
        people = []
        for i in range(150):
            person = store.new_person(f"U0BIG{i:03d}")
            person.name = f"Big Team Person {i}"
            people.append(store.save_person(person))
            store.add_to_team(east, person, "member")
            add_goal(store, 1000, who=person)
        add_goal(store, 150000, scope="team", who=east)
    office.command("progress company", user=OWNER)
    posted = [p for p in office.fake.snapshot_posted() if p.kind == "ephemeral"][-1]
    assert len(posted.blocks) <= 50 and "+13 more goals" in str(posted.blocks)
    office.command("progress team:Øst", user=MANAGER)
    reply = last_reply(office, MANAGER)
    assert "People, by their own goals running today: :red_circle: 150 at risk · 3 without a goal" in reply
    assert "Behind pace or at risk: <@U0BIG" in reply and "more" in reply


def test_leaderboard_ranks_with_ties_and_opted_out_people_see_only_themselves(office, db):
    with data(db) as store:
        rita, per, kari = someone(store, REP), someone(store, REP2), someone(store, NORWEGIAN)
        kari.public_ranking = False
        for who, actual in ((rita, 6000), (per, 6000), (kari, 9000)):
            add_goal(store, 10000, who=who)
            add_sale(store, who, actual, date(2026, 11, 2))
    office.command("leaderboard", user=REP)
    reply = last_reply(office, REP)
    assert "Leaderboard · November 2026" in reply
    assert ":first_place_medal: *1.* <@U0REP> (you) — *60.0%* · NOK\xa06,000 of NOK\xa010,000" in reply
    assert ":first_place_medal: *1.* <@U0REP2> — *60.0%*" in reply
    assert "U0NORSK" not in reply
    assert "2 ranked by sales against their revenue goals" in reply
    office.command("toppliste", user=NORWEGIAN)
    reply = last_reply(office, NORWEGIAN)
    assert "Toppliste · november 2026" in reply
    assert ":first_place_medal: *1.* <@U0NORSK> (deg) — *90,0\xa0%*" in reply
    assert ":second_place_medal: *2.* <@U0REP>" in reply
    assert "Du har valgt bort offentlige topplister" in reply
    office.command("leaderboard", user=MANAGER)
    assert "You have no revenue goal for November 2026, so you are not ranked." in last_reply(office, MANAGER)


def test_leaderboard_for_a_period_and_its_errors(office, db):
    office.command("leaderboard", user=REP)
    assert "No one has a revenue goal for November 2026 yet" in last_reply(office, REP)
    with data(db) as store:
        rita = someone(store, REP)
        add_goal(store, 1000, who=rita, period=OCT)
        add_sale(store, rita, 1500, date(2026, 10, 2))
    office.command("leaderboard last month", user=REP)
    assert "*1.* <@U0REP> (you) — *150.0%*" in last_reply(office, REP)
    office.command("leaderboard someday", user=REP)
    assert "I couldn't read `someday` as a period" in last_reply(office, REP)


def test_leaderboard_shows_the_top_ten_and_the_callers_own_place(office, db):
    with data(db) as store:
        for i in range(30):
            person = store.new_person(f"U0TOP{i:02d}")
            person.name = f"Top {i:02d}"
            store.save_person(person)
            add_goal(store, 1000, who=person)
            add_sale(store, person, 2000 - 10 * i, date(2026, 11, 2))
        rita = someone(store, REP)
        add_goal(store, 1000, who=rita)
        add_sale(store, rita, 10, date(2026, 11, 2))
    office.command("leaderboard", user=REP)
    reply = last_reply(office, REP)
    assert "*10.* <@U0TOP09>" in reply and "<@U0TOP10>" not in reply
    assert "Your place: *31.* <@U0REP> (you) — *1.0%*" in reply


def test_a_teams_people_are_counted_by_their_own_goals_during_the_period_shown(office, db):
    quarter_team_goal_with_monthly_member_goals(db)
    office.command("progress team:Øst", user=MANAGER)
    reply = last_reply(office, MANAGER)
    quarter = reply[reply.index("*Team Øst* · Revenue · Q4 2026") :]
    # Rita and Per have goals running today (November, inside Q4); Kari's October goal has ended.
    counts = (
        "People, by their own goals running today: :red_circle: 1 at risk · :large_green_circle: 1 on track"
        " · 1 without a goal"
    )
    assert counts in quarter
    # Their own goals within Q4 count towards the team's Q4 goal: November's, and Kari's October one.
    assert (
        "Members' own goals within Q4 2026: 3 of 3 members, together NOK\xa025,000 of NOK\xa090,000 (28%)."
        in quarter
    )

    # The App Home counts them the same way: test_home.
    # Asked for Q4, the members' goals overlapping Q4 count, October's too; the period is named.
    office.command("progress team:Øst Q4", user=MANAGER)
    assert (
        "People, by their own goals in Q4 2026: :x: 1 missed · :red_circle: 1 at risk · "
        ":large_green_circle: 1 on track" in last_reply(office, MANAGER)
    )
    office.command("fremdrift team:Øst K4", user=NORWEGIAN)
    assert "Personer, etter egne mål i 4. kvartal 2026: :x: 1 ikke nådd" in last_reply(office, NORWEGIAN)


def test_progress_errors_speak_of_progress_and_say_why(office, db):
    office.command(f"progress {office.mention(REP)} team:Vest", user=MANAGER)
    reply = last_reply(office, MANAGER)
    assert "Progress is shown for one person, one team or the company at a time" in reply
    assert "A goal" not in reply and "/sales progress @kari Q4" in reply
    office.command("progress 30.2", user=REP)
    assert "I couldn't read `30.2` as a period: February 2026 has 28 days." in last_reply(office, REP)
    office.command("fremdrift 31.4", user=NORWEGIAN)
    assert "Jeg forstod ikke `31.4` som en periode: april 2026 har 30 dager." in last_reply(office, NORWEGIAN)
    office.command("progress 15.11.26-1.11.26", user=REP)
    assert "The range `15.11.26-1.11.26` ends before it starts" in last_reply(office, REP)
    office.command("progress team:Nord", user=REP)
    assert "There is no team called *Nord*" in last_reply(office, REP)
    assert "/sales progress @kari Q4" in last_reply(office, REP)


def test_progress_for_a_range_of_days_as_norwegians_write_it(office, db):
    with data(db) as store:
        add_goal(
            store, 1000, who=someone(store, REP), period=Period.of_range(date(2026, 11, 2), date(2026, 11, 6))
        )
    for text in ("1.11-15.11", "1.11.2026-15.11.2026", "2026-11-01 2026-11-15"):
        office.command(f"progress {text}", user=REP)
        reply = last_reply(office, REP)
        assert "Your progress · Nov 1 – 15, 2026" in reply, reply
        assert "NOK\xa00 of NOK\xa01,000" in reply


def test_progress_and_leaderboard_for_a_range_over_new_year(office, db):
    with data(db) as store:
        rita = someone(store, REP)
        add_goal(store, 1000, who=rita, period=Period.of_range(date(2026, 12, 24), date(2027, 1, 2)))
    office.command("progress 24.12-2.1", user=REP)
    assert "Your progress · Dec 24, 2026 – Jan 2, 2027" in last_reply(office, REP)
    office.command("fremdrift 24.12 til 2.1", user=NORWEGIAN)
    assert "24. des. 2026 – 2. jan. 2027" in last_reply(office, NORWEGIAN)
    office.command("leaderboard 24.12-2.1", user=REP)
    assert "the ranking begins on Dec 24, 2026" in last_reply(office, REP)


def test_the_leaderboard_counts_only_goals_that_have_started(office, db):
    with data(db) as store:
        rita, per = someone(store, REP), someone(store, REP2)
        add_goal(store, 10000, who=rita)
        # 1–15 December: inside Q4, not started on 18 November.
        add_goal(store, 10000, who=rita, period=Period.of_range(date(2026, 12, 1), date(2026, 12, 15)))
        add_goal(store, 10000, who=per)
        add_sale(store, rita, 6000, date(2026, 11, 3))
        add_sale(store, per, 5000, date(2026, 11, 3))
    office.command("leaderboard Q4", user=REP)
    reply = last_reply(office, REP)
    assert ":first_place_medal: *1.* <@U0REP> (you) — *60.0%* · NOK\xa06,000 of NOK\xa010,000" in reply
    assert ":second_place_medal: *2.* <@U0REP2> — *50.0%*" in reply
    assert "Goals that have not started yet do not count." in reply
    office.command("leaderboard december", user=REP)
    assert (
        "The revenue goals for December 2026 have not started yet; the ranking begins on Dec 1, 2026."
        in last_reply(office, REP)
    )
    office.command("toppliste desember", user=NORWEGIAN)
    assert "rangeringen begynner 1. des. 2026" in last_reply(office, NORWEGIAN)


def test_a_rep_asking_for_someone_elses_progress_is_refused_in_good_norwegian(office):
    office.command(f"progress {office.mention(REP)}", user=NORWEGIAN)
    assert (
        "Du kan se din egen fremdrift og fremdriften til teamene dine og selskapet, "
        "men ikke fremdriften til Rita Rep." in last_reply(office, NORWEGIAN)
    )
