"""End to end: ``/sales export`` through Slack's request format, the workbook opened and read.

The office of 18 November 2026 (team Øst: Rita, Per and Kari, managed by Mona; Vest empty)."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from decimal import Decimal

import openpyxl
import pytest

from salesbot import segments
from storage.models import AuditEntry, CoachingCheckIn, CoachingPlan, Kudos, Nomination, Reward
from tests.conftest import MANAGER, NORWEGIAN, OWNER, REP, REP2
from tests.handlers.office import STRANGER, add_sale, november_goals, office_workspace, someone
from tests.helpers import data, last_reply, rows


@pytest.fixture
def office(db):
    with office_workspace(db) as workspace:
        yield workspace


def workbook_sent_to(office, user):
    """The workbook uploaded to ``user``'s DM, opened, and the comment it came with."""
    posted = office.fake.wait_for_posted(lambda p: p.kind == "file" and p.user == user, timeout=10)
    return openpyxl.load_workbook(io.BytesIO(posted.file["data"])), posted


def sheet_rows(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_an_admin_gets_every_sheet_formatted_by_dm(office, db):
    november_goals(db)
    with data(db) as store:
        add_sale(store, someone(store, REP), 2500, date(2026, 11, 10), customer='=HYPERLINK("http://x")')
    office.command("export", user=OWNER)
    assert "Building your workbook for November 2026 (the whole company)" in last_reply(office, OWNER)
    book, posted = workbook_sent_to(office, OWNER)
    assert posted.text.startswith(
        ":bar_chart: Your workbook for November 2026 (the whole company): 4 sales and 4 goals"
    )
    assert posted.file["name"] == "sales-2026-11.xlsx"
    assert book.sheetnames == [
        "Summary",
        "Goals",
        "Sales",
        "Leaderboard",
        "Customer feedback",
        "Training",
        "Kudos",
        "Rewards",
        "Diagnoses",
        "Coaching",
    ]
    assert book.properties.title == "Sales workbook · November 2026"
    assert book.properties.subject == "November 2026"
    assert book.properties.created is not None

    sales = book["Sales"]
    table = sheet_rows(sales)
    assert table[0][:7] == ["Order date", "Person", "Product", "Customer", "Segment", "Amount", "Units"]
    assert sales.freeze_panes == "A2"
    assert sales.auto_filter.ref == f"A1:P{len(table) - 1}"
    assert sales["A1"].font.b and sales["F1"].font.b
    assert sales["A2"].is_date and sales["A2"].value.date() == date(2026, 11, 5)
    assert sales["F2"].number_format == '#,##0.00 "NOK"' and sales["F2"].value == 6000
    assert table[-1][0] == "Total" and table[-1][5] == 13500 and table[-1][6] == 4
    assert sales[f"F{len(table)}"].font.b
    formula = next(row for row in sales.iter_rows(min_row=2) if row[3].value and row[3].value.startswith("="))
    assert formula[3].data_type == "s" and formula[3].quotePrefix, "user text never becomes a formula"
    lost = next(row for row in table[1:] if row[10] == "Lost")
    assert lost[12].date() == date(2026, 11, 9) and lost[13] == "Price"
    assert sales.column_dimensions["D"].width > len("Customer")
    rules = [rule for ranges in sales.conditional_formatting for rule in ranges.rules]
    assert {rule.formula[0] for rule in rules} >= {'"Lost"', '"Open"', '"Delivered"'}

    summary = book["Summary"]
    table = sheet_rows(summary)
    assert table[0][:3] == ["Level", "Name", "Metric"]
    assert [row[:2] for row in table[1:]] == [
        ["Company", "Company"],
        ["Team", "Øst"],
        ["Person", "Per Rep"],
        ["Person", "Rita Rep"],
    ]
    rita = table[4]
    assert rita[5] == 10000 and rita[6] == 8500 and rita[7] == pytest.approx(0.85) and rita[10] == "Ahead"
    assert summary["H5"].number_format == "0.0%"
    assert len(summary._charts) == 1, "a native chart of attainment"
    assert [row[:2] for row in sheet_rows(book["Leaderboard"])[1:]] == [[1, "Rita Rep"], [2, "Per Rep"]]


def test_a_rep_gets_only_their_own_and_no_diagnoses(office, db):
    november_goals(db)
    office.command("export", user=REP)
    book, posted = workbook_sent_to(office, REP)
    assert "Diagnoses" not in book.sheetnames
    people = {row[1] for row in sheet_rows(book["Sales"])[1:-1]}
    assert people == {"Rita Rep"}
    names = [row[1] for row in sheet_rows(book["Summary"])[1:]]
    assert names == ["Company", "Øst", "Rita Rep"], "their own goal, their team's and the company's"


def test_a_manager_exports_their_team_in_norwegian(office, db):
    november_goals(db)
    office.command("role " + office.mention(MANAGER) + " manager", user=OWNER)
    office.command("eksport team:Øst", user=NORWEGIAN)
    assert "Bare lederne av *Øst*" in last_reply(office, NORWEGIAN)
    office.command("export team:Øst", user=MANAGER)
    book, _ = workbook_sent_to(office, MANAGER)
    assert "Diagnoses" in book.sheetnames
    assert {row[1] for row in sheet_rows(book["Sales"])[1:-1]} == {"Rita Rep", "Per Rep"}


def test_norwegian_sheet_names_headers_and_dates(office, db):
    november_goals(db)
    with data(db) as store:
        store.update_workspace(locale="nb")
    office.command("role " + office.mention(NORWEGIAN) + " admin", user=OWNER)
    office.command("eksport forrige måned", user=NORWEGIAN)
    assert "oktober 2026" in last_reply(office, NORWEGIAN)
    book, posted = workbook_sent_to(office, NORWEGIAN)
    assert book.sheetnames[:3] == ["Sammendrag", "Mål", "Salg"]
    assert sheet_rows(book["Salg"])[0][:2] == ["Ordredato", "Person"]
    assert posted.file["name"] == "salg-2026-10.xlsx"


def test_bad_periods_and_strangers_are_refused_with_nothing_sent(office, db):
    office.command("export someday", user=REP)
    assert "someday" in last_reply(office, REP)
    office.command("export team:Vest", user=REP2)
    assert "Only the managers of *Vest*" in last_reply(office, REP2)
    office.wait_idle()
    assert not [p for p in office.fake.snapshot_posted() if p.kind == "file"]
    assert rows(db, AuditEntry) == [] or all(e.action != "diagnosis.exported" for e in rows(db, AuditEntry))
    assert STRANGER


# -- recognition, coaching and segments ------------------------------------------------------


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=UTC)


def _kudos(store, giver, receiver, reason, day, channel="C0SALES") -> None:
    store.session.add(
        Kudos(
            workspace_id=store.workspace_id,
            giver_id=giver.id,
            receiver_id=receiver.id,
            reason=reason,
            given_on=day,
            channel_id=channel,
            request_key=f"kudos:{giver.id}:{receiver.id}:{day}",
        )
    )


def _nomination(
    store, reward, person, *, by, status="pending", decided_by=None, note="", period="2026-11", **more
):
    made = more.pop("made", date(2026, 11, 12))
    store.session.add(
        Nomination(
            workspace_id=store.workspace_id,
            reward_id=reward.id,
            person_id=person.id,
            nominated_by_id=by.id,
            reason=more.pop("reason", "Best month of the year"),
            achievement=more.pop("achievement", "November record"),
            value=more.pop("value", reward.value),
            days=reward.days,
            period_key=period,
            status=status,
            note=note,
            decided_by_id=decided_by.id if decided_by else None,
            decided_at=_at(date(2026, 11, 14)) if decided_by else None,
            request_key=f"nomination:{person.id}:{reward.id}:{period}",
            created_at=_at(made),
        )
    )


def _plan(store, person, manager, *, starts, ends, check_ins=(), **state) -> CoachingPlan:
    plan = CoachingPlan(
        workspace_id=store.workspace_id,
        person_id=person.id,
        manager_id=manager.id,
        open_key=None if state.get("state") == "closed" else f"person:{person.id}",
        focus_areas=state.pop("focus", ["closing", "pricing"]),
        focus_note=state.pop("focus_note", ""),
        cadence="biweekly",
        starts_on=starts,
        first_check_in=check_ins[0][0] if check_ins else ends,
        ends_on=ends,
        **state,
    )
    store.session.add(plan)
    store.session.flush()
    for number, (due, done, notes, steps) in enumerate(check_ins):
        store.session.add(
            CoachingCheckIn(
                workspace_id=store.workspace_id,
                plan_id=plan.id,
                number=number,
                due_on=due,
                done_on=done,
                done_at=_at(done) if done else None,
                done_by_id=manager.id if done else None,
                notes=notes,
                next_steps=steps,
            )
        )
    return plan


NOTES = "Per loses focus when the customer asks about price"
STEPS = "Role-play two price objections before Friday"


def recognition_and_coaching(office, db) -> dict[str, int]:
    """November's kudos, rewards and coaching plans in the office; the plans' ids by person.

    Kari has opted out of public recognition, so Per's kudos to her went by DM only. Mona (who
    manages Øst) coaches Per; Ingrid coaches Sam (no team) and Mona herself; Rita's plan ended
    in October."""
    office.command("help", user=STRANGER)  # Sam, known to salesbot
    with data(db) as store:
        ingrid, mona, rita = someone(store, OWNER), someone(store, MANAGER), someone(store, REP)
        per, kari, sam = someone(store, REP2), someone(store, NORWEGIAN), someone(store, STRANGER)
        kari.public_ranking = False
        _kudos(store, rita, per, "Great demo at Hotel Bristol", date(2026, 11, 10))
        _kudos(store, per, kari, "=covered my calls all week", date(2026, 11, 12), channel=None)
        _kudos(store, mona, rita, "Closing the Acme deal", date(2026, 11, 16))
        _kudos(store, ingrid, per, "Top of the leaderboard", date(2026, 11, 17))
        _kudos(store, sam, ingrid, "Thanks for October", date(2026, 10, 30))
        bonus = Reward(workspace_id=store.workspace_id, kind="cash", name="Q4 bonus", name_key="q4 bonus")
        bonus.value = Decimal(5000)
        day_off = Reward(
            workspace_id=store.workspace_id, kind="time_off", name="Day off", name_key="day off", days=1
        )
        dinner = Reward(
            workspace_id=store.workspace_id, kind="custom", name="Team dinner", name_key="team dinner"
        )
        dinner.value = Decimal(1500)
        store.session.add_all([bonus, day_off, dinner])
        store.session.flush()
        _nomination(store, bonus, per, by=mona, status="approved", decided_by=ingrid, note="Well earned")
        _nomination(store, day_off, rita, by=mona)
        _nomination(store, dinner, kari, by=mona, status="declined", decided_by=ingrid, note="Next quarter")
        _nomination(store, bonus, per, by=mona, status="approved", decided_by=ingrid, period="2026-10")
        plans = {
            "per": _plan(
                store,
                per,
                mona,
                starts=date(2026, 11, 2),
                ends=date(2027, 2, 24),
                focus_note="Asking for the order",
                check_ins=[
                    (date(2026, 11, 4), date(2026, 11, 4), NOTES, "Practise the price talk"),
                    (date(2026, 11, 18), date(2026, 11, 16), "Asked for the order twice", STEPS),
                    (date(2026, 12, 2), None, "", ""),
                ],
            ),
            "sam": _plan(
                store,
                sam,
                ingrid,
                starts=date(2026, 9, 1),
                ends=date(2026, 11, 30),
                state="closed",
                outcome="improved",
                outcome_note="Back on track",
                ended_on=date(2026, 11, 10),
            ),
            "mona": _plan(
                store,
                mona,
                ingrid,
                starts=date(2026, 11, 9),
                ends=date(2027, 1, 31),
                focus=["pipeline"],
                check_ins=[(date(2026, 11, 11), date(2026, 11, 11), "Mona struggles to delegate", "")],
            ),
            "rita": _plan(
                store,
                rita,
                mona,
                starts=date(2026, 10, 1),
                ends=date(2026, 12, 31),
                state="closed",
                outcome="escalated",
                escalation="performance_plan",
                ended_on=date(2026, 10, 20),
            ),
        }
        offices = next(s for s in segments.segment_list(store) if s.key == "offices")
        sale = add_sale(store, rita, 6000, date(2026, 11, 5), customer="Oslo Kontorsenter")
        sale.segment_id = offices.id
        return {name: plan.id for name, plan in plans.items()}


def exported_plans(db, user) -> list[int]:
    """The plans ``user`` was audited as exporting."""
    with data(db) as store:
        actor = someone(store, user).id
    return sorted(
        e.entity_id
        for e in rows(db, AuditEntry)
        if e.action == "coaching.exported" and e.actor_person_id == actor and e.entity == "coaching_plan"
    )


def header_of(sheet) -> list:
    return [cell.value for cell in next(sheet.iter_rows(min_row=1, max_row=1))]


def status_rules(sheet) -> set[str]:
    return {rule.formula[0] for ranges in sheet.conditional_formatting for rule in ranges.rules}


def test_an_admin_gets_kudos_rewards_and_coaching_formatted(office, db):
    plans = recognition_and_coaching(office, db)
    office.command("export", user=OWNER)
    book, _ = workbook_sent_to(office, OWNER)

    kudos = book["Kudos"]
    table = sheet_rows(kudos)
    assert table[0] == ["Date", "From", "To", "Reason", "Shown"]
    assert [row[1:] for row in table[1:]] == [
        ["Rita Rep", "Per Rep", "Great demo at Hotel Bristol", "Public"],
        ["Per Rep", "Kari Nordmann", "=covered my calls all week", "Privately, by DM"],
        ["Mona Manager", "Rita Rep", "Closing the Acme deal", "Public"],
        ["Ingrid Owner", "Per Rep", "Top of the leaderboard", "Public"],
    ], "November's, oldest first; October's left out"
    assert kudos["A2"].is_date and kudos["A2"].value.date() == date(2026, 11, 10)
    assert kudos["A2"].number_format == "d mmm yyyy"
    assert kudos.freeze_panes == "A2" and kudos.auto_filter.ref == "A1:E5"
    assert kudos["A1"].font.b and kudos["A1"].fill.fgColor.rgb.endswith("DDEBF7")
    assert kudos["D3"].data_type == "s" and kudos["D3"].quotePrefix, "typed text never a formula"
    assert kudos.column_dimensions["D"].width > len("Great demo at Hotel Bristol")

    rewards = book["Rewards"]
    table = sheet_rows(rewards)
    assert table[0] == [
        "Nominated",
        "Person",
        "Reward",
        "Kind",
        "Achievement",
        "Reason",
        "Nominated by",
        "Value",
        "Days off",
        "Status",
        "Decided",
        "Decided by",
        "Decision note",
        "Awarded",
    ]
    body = table[1:-1]
    assert [(r[1], r[2], r[3], r[7], r[8], r[9], r[11], r[12], r[13]) for r in body] == [
        ("Per Rep", "Q4 bonus", "Cash bonus", 5000, None, "Approved", "Ingrid Owner", "Well earned", 5000),
        ("Rita Rep", "Day off", "Time off", None, 1, "Pending", None, None, None),
        (
            "Kari Nordmann",
            "Team dinner",
            "Other",
            1500,
            None,
            "Declined",
            "Ingrid Owner",
            "Next quarter",
            None,
        ),
    ], "November's nominations, every status; October's left out"
    assert body[0][0].date() == date(2026, 11, 12) and body[0][10].date() == date(2026, 11, 14)
    assert table[-1][0] == "Total" and table[-1][13] == 5000 and table[-1][7] is None, "only what was awarded"
    assert rewards[f"N{len(table)}"].font.b and rewards["H2"].number_format == '#,##0.00 "NOK"'
    assert rewards.auto_filter.ref == "A1:N4" and rewards.freeze_panes == "A2"
    assert status_rules(rewards) == {'"Approved"', '"Pending"', '"Declined"'}

    coaching = book["Coaching"]
    table = sheet_rows(coaching)
    assert table[0] == [
        "Person",
        "Manager",
        "Focus areas",
        "Check-ins",
        "Started",
        "Ends",
        "Status",
        "Closed",
        "Escalation",
        "Check-ins held",
        "Next check-in",
        "Agreed next steps",
        "Check-in notes (private)",
        "Outcome note (private)",
    ]
    assert [row[0] for row in table[1:]] == ["Sam Stranger", "Per Rep", "Mona Manager"], (
        "every plan running in November, by start; Rita's ended in October"
    )
    sam, per, _ = table[1:]
    assert sam[6] == "Improved" and sam[7].date() == date(2026, 11, 10) and sam[13] == "Back on track"
    assert per[1:4] == [
        "Mona Manager",
        "Closing, Pricing and negotiation, Asking for the order",
        "Every two weeks",
    ]
    assert per[4].date() == date(2026, 11, 2) and per[5].date() == date(2027, 2, 24) and per[6] == "Open"
    assert per[9] == 2 and per[10].date() == date(2026, 12, 2)
    assert per[11] == STEPS, "the next steps agreed last"
    assert per[12] == f"Nov 4, 2026: {NOTES}\nNov 16, 2026: Asked for the order twice"
    assert coaching["M3"].alignment.wrap_text, "each check-in's notes on a line of their own"
    assert coaching["E2"].is_date and coaching.auto_filter.ref == "A1:N4"
    assert status_rules(coaching) >= {'"Improved"', '"Escalated"'}
    assert exported_plans(db, OWNER) == sorted([plans["per"], plans["sam"], plans["mona"]])
    (entry,) = [
        e for e in rows(db, AuditEntry) if e.action == "coaching.exported" and e.entity_id == plans["per"]
    ]
    with data(db) as store:
        assert entry.details == {"subject": someone(store, REP2).id}, "as a plan viewed is audited"

    sales = book["Sales"]
    segment = next(row for row in sheet_rows(sales)[1:] if row[3] == "Oslo Kontorsenter")
    assert segment[4] == "Offices"


def test_a_rep_gets_public_kudos_their_own_rewards_and_no_coaching(office, db):
    recognition_and_coaching(office, db)
    office.command("export", user=REP)
    book, _ = workbook_sent_to(office, REP)
    assert "Coaching" not in book.sheetnames and "Diagnoses" not in book.sheetnames
    assert book.sheetnames[-2:] == ["Kudos", "Rewards"]
    kudos = [row[1:3] for row in sheet_rows(book["Kudos"])[1:]]
    assert kudos == [["Rita Rep", "Per Rep"], ["Mona Manager", "Rita Rep"], ["Ingrid Owner", "Per Rep"]], (
        "public kudos and their own; Per's to Kari went by DM only"
    )
    rewards = sheet_rows(book["Rewards"])
    assert [row[1:3] + [row[9]] for row in rewards[1:-1]] == [["Rita Rep", "Day off", "Pending"]], (
        "their own nomination, pending too; nobody else's"
    )
    assert rewards[-1][0] == "Total" and rewards[-1][13] == 0, "nothing awarded to her yet"
    assert exported_plans(db, REP) == []
    assert not [e for e in rows(db, AuditEntry) if e.action == "coaching.exported"]


def test_a_manager_s_coaching_sheet_holds_only_their_people_and_is_audited(office, db):
    plans = recognition_and_coaching(office, db)
    office.command("role " + office.mention(MANAGER) + " manager", user=OWNER)
    office.command("export", user=MANAGER)
    book, _ = workbook_sent_to(office, MANAGER)
    coaching = sheet_rows(book["Coaching"])
    assert [row[0] for row in coaching[1:]] == ["Per Rep"], "not Sam (no team of hers), not her own plan"
    assert coaching[1][12].startswith(f"Nov 4, 2026: {NOTES}\n"), "the notes of her own people's plans"
    assert exported_plans(db, MANAGER) == [plans["per"]], "each plan read is audited, and only those"
    kudos = sheet_rows(book["Kudos"])
    assert len(kudos) == 5, "her people's kudos given by DM as well as the public ones"
    rewards = sheet_rows(book["Rewards"])
    assert {row[1] for row in rewards[1:-1]} == {"Per Rep", "Rita Rep", "Kari Nordmann"}

    office.command("export team:Øst", user=MANAGER)
    posted = office.fake.wait_for_posted(
        lambda p: p.kind == "file" and p.user == MANAGER and p.file["name"] == "sales-2026-11-Øst.xlsx"
    )
    team_book = openpyxl.load_workbook(io.BytesIO(posted.file["data"]))
    assert [row[1:3] for row in sheet_rows(team_book["Kudos"])[1:]] == [
        ["Rita Rep", "Per Rep"],
        ["Per Rep", "Kari Nordmann"],
        ["Mona Manager", "Rita Rep"],
        ["Ingrid Owner", "Per Rep"],
    ], "kudos given or received in the team"


def test_norwegian_recognition_coaching_and_segment(office, db):
    recognition_and_coaching(office, db)
    with data(db) as store:
        store.update_workspace(locale="nb")
    office.command("role " + office.mention(NORWEGIAN) + " admin", user=OWNER)
    office.command("eksport", user=NORWEGIAN)
    book, _ = workbook_sent_to(office, NORWEGIAN)
    assert book.sheetnames[6:] == ["Ros", "Belønninger", "Diagnoser", "Coaching"]

    ros = book["Ros"]
    assert header_of(ros) == ["Dato", "Fra", "Til", "Begrunnelse", "Vist"]
    assert sheet_rows(ros)[2][4] == "Privat, som direktemelding" and sheet_rows(ros)[1][4] == "Offentlig"
    assert ros["A2"].number_format == "dd.mm.yyyy"

    rewards = book["Belønninger"]
    table = sheet_rows(rewards)
    assert table[0][:4] == ["Nominert", "Person", "Belønning", "Type"]
    assert [row[9] for row in table[1:-1]] == ["Godkjent", "Venter", "Avslått"]
    assert table[1][3] == "Kontantbonus" and table[-1][0] == "Sum"
    assert status_rules(rewards) == {'"Godkjent"', '"Venter"', '"Avslått"'}

    coaching = book["Coaching"]
    table = sheet_rows(coaching)
    assert table[0][:4] == ["Person", "Leder", "Fokusområder", "Samtaler"]
    per = next(row for row in table if row[0] == "Per Rep")
    assert per[2] == "Avslutningsteknikk, Prising og forhandling, Asking for the order"
    assert (
        per[3] == "Annenhver uke"
        and per[6] == "Pågår"
        and per[12].startswith(f"4. nov. 2026: {NOTES}\n16. nov. 2026:")
    )

    sales = sheet_rows(book["Salg"])
    assert sales[0][4] == "Segment"
    assert next(row for row in sales[1:] if row[3] == "Oslo Kontorsenter")[4] == "Kontor"
