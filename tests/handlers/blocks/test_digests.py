"""Digests in Block Kit (handlers/blocks/digests.py): the digest message for any team size, the
schedule list with its buttons, and the schedule modals and what they read back."""

from __future__ import annotations

from decimal import Decimal

import pytest

from handlers import ids
from handlers.blocks.common import MESSAGE_BLOCKS
from handlers.blocks.digests import (
    DEFAULT_PERIOD,
    DIGEST_CADENCE,
    DIGEST_CHANNEL,
    DIGEST_PERIOD,
    DIGEST_SCOPE,
    DIGEST_SECTIONS,
    DIGEST_TIME,
    DIGEST_TIMEZONE,
    DIGEST_TOP_N,
    DIGEST_WEEKDAY,
    ModalDefaults,
    ScheduleRow,
    build_digest_message,
    build_personal_modal,
    build_personal_reply,
    build_schedule_list,
    build_schedule_modal,
    fit_lines,
    home_url,
    read_personal_submission,
    read_schedule_submission,
    schedule_id_of,
)
from handlers.respond import Reply
from localslack.workspace import submission_state
from salesbot.digest_schedules import ScheduleSpec
from salesbot.digests import DelayFigures, Digest, Extra, LostReason, offered_sections
from salesbot.goals import Subject
from salesbot.leaderboard import Standing
from salesbot.progress import GoalProgress
from tests.handlers.blocks.checks import block, initial, mrkdwn, options, sections, valid_message, valid_view
from tests.handlers.blocks.samples import EN, NB, NOV, ODD, ODD_MD, TODAY, goal, person, progress, team
from tests.helpers import buttons

ODD_TEAM = team(3, ODD)
ALL = ("progress", "leaderboard", "reached", "delays", "lost")


def standing(rank: int, name: str, attainment: str = "2") -> Standing:
    return Standing(rank, person(rank, name), Decimal(attainment), Decimal(2000), Decimal(1000))


def team_digest(**fields) -> Digest:
    values = {
        "subject": Subject("team", team=ODD_TEAM),
        "day": TODAY,
        "period": NOV,
        "sections": ALL,
        "goals": [GoalProgress(goal(1, scope="team", team_id=3, target=100000), progress(100000, 62000))],
        "status_counts": {"at_risk": 2, "on_track": 3},
        "top": [standing(1, "Åse & Co <b>")],
        "ranked": 4,
        "reached": ["Åse & Co <b>"],
        "delays": DelayFigures(orders=10, delivered=6, delivered_late=2, days_late=5, overdue=1),
        "lost": [LostReason("price", 2, Decimal(3000))],
    }
    return Digest(**(values | fields))


def test_a_team_digest_each_part_in_its_section_names_never_mentions():
    link = home_url("T0LOCAL", "A0APP")
    reply = valid_message(build_digest_message(EN, team_digest(), footer="Daily at 09:00", link=link))
    assert reply.blocks[0]["text"]["text"] == f"Sales digest · team {ODD}", "the header is plain text"
    assert reply.blocks[1]["elements"][0]["text"] == "Wednesday, November 18, 2026 · November 2026"
    progress_, pace, leaderboard, reached, delays, lost = sections(reply.blocks)
    assert progress_.startswith(f"*Progress and pacing*\n*Team {ODD_MD}* · Revenue · November 2026\n")
    assert leaderboard == (
        "*Leaderboard · November 2026*\n"
        ":first_place_medal: *1.* Åse &amp; Co &lt;b&gt; — *200.0%* · NOK\xa02,000 of NOK\xa01,000\n"
        "4 ranked in all."
    )
    assert reached == "*Reached their goal* :tada:\n1 person so far: Åse &amp; Co &lt;b&gt;"
    assert delays == (
        "*Deliveries · November 2026*\n2 of 6 delivered orders came late, 2.5 days on average.\n"
        ":hourglass: 1 order is overdue now (promised, not delivered)."
    )
    assert lost == "*Lost deals · November 2026*\nPrice: 2 (NOK\xa03,000)"
    assert pace == "People on revenue goals: :red_circle: 2 at risk · :large_green_circle: 3 on track"
    (diagnose,) = [
        b for b in reply.blocks if b.get("accessory", {}).get("action_id") == "diagnosis_from_digest"
    ]
    assert (diagnose["accessory"]["text"]["text"], diagnose["accessory"]["value"]) == (
        "Diagnose…",
        "team:3:2026-11",
    )
    assert reply.blocks[-1]["elements"][0]["text"] == (
        "Everyone, every goal and every order: "
        "<slack://app?team=T0LOCAL&id=A0APP&tab=home|salesbot's App Home>.\nDaily at 09:00"
    )
    assert "<@" not in mrkdwn(reply.blocks), "a digest names people, it does not ping them"
    assert reply.text.startswith(f"Sales digest · team {ODD_MD}\n*Team {ODD_MD}* · Revenue · November 2026\n")


def test_a_digest_with_nobody_behind_offers_no_diagnose():
    reply = valid_message(
        build_digest_message(EN, team_digest(status_counts={"on_track": 5}), footer="f", link=None)
    )
    assert "People on revenue goals: :large_green_circle: 5 on track" in mrkdwn(reply.blocks)
    assert not [b for b in reply.blocks if "accessory" in b]


def test_only_the_chosen_sections_and_the_hint_without_a_link():
    reply = valid_message(build_digest_message(EN, team_digest(sections=("lost",)), footer="f", link=None))
    assert sections(reply.blocks) == ["*Lost deals · November 2026*\nPrice: 2 (NOK\xa03,000)"]
    assert (
        reply.blocks[-1]["elements"][0]["text"]
        == "Everyone, every goal and every order: salesbot's App Home.\nf"
    )
    assert home_url("T0LOCAL", None) is None


def test_a_personal_digest_in_norwegian_without_a_goal_or_a_place():
    digest = Digest(
        subject=Subject("person", person=person(1)),
        day=TODAY,
        period=NOV,
        sections=("progress", "leaderboard", "delays"),
        delays=DelayFigures(orders=3, delivered=0, delivered_late=0, days_late=0, overdue=0),
    )
    reply = valid_message(build_digest_message(NB, digest, footer="f", link=None))
    assert reply.blocks[0]["text"]["text"] == "Din salgsoppsummering"
    assert sections(reply.blocks) == [
        "*Fremdrift og tempo*\nDu har ikke noe mål som gjelder i dag.",
        "*Din plassering · november 2026*\n"
        "Du har ikke noe omsetningsmål for november 2026, så du er ikke rangert.",
        "*Leveranser · november 2026*\nIngen av de 3 ordrene er levert ennå.\nIngen ordrer er forsinket.",
    ]


def test_a_personal_digest_with_its_place_one_late_delivery_and_a_later_features_section():
    digest = Digest(
        subject=Subject("person", person=person(1)),
        day=TODAY,
        period=NOV,
        sections=("leaderboard", "delays"),
        own=Standing(3, person(1), Decimal("0.9"), Decimal(900), Decimal(1000)),
        ranked=7,
        delays=DelayFigures(orders=3, delivered=1, delivered_late=1, days_late=3, overdue=0),
        extras={"working": Extra(lines=[f"line {i} " + "x" * 100 for i in range(100)])},
    )
    reply = valid_message(build_digest_message(EN, digest, footer="f", link=None))
    place, delays, working = sections(reply.blocks)
    assert place == "*Your place · November 2026*\n*#3* of 7 · *90.0%* · NOK\xa0900 of NOK\xa01,000"
    assert (
        delays
        == "*Deliveries · November 2026*\nThe one delivered order came 3 days late.\nNo order is overdue."
    )
    lines = working.splitlines()
    assert lines[0] == "*What's working*" and len(working) <= 3000
    assert lines[-1] == f"+{100 - (len(lines) - 2)} more", "whole lines, the rest counted"


def test_a_digest_for_a_huge_company_fits_one_message():
    long = "Å" * 200
    digest = team_digest(
        subject=Subject("company"),
        goals=[GoalProgress(goal(i, scope="company"), progress(100000, 1000 * i)) for i in range(10)],
        top=[standing(i + 1, f"{long} & {i} <b>", "1") for i in range(20)],
        ranked=2000,
        reached=[f"{long} <{i}>" for i in range(2000)],
        delays=DelayFigures(orders=0, delivered=0, delivered_late=0, days_late=0, overdue=0),
        lost=[],
    )
    reply = valid_message(build_digest_message(EN, digest, footer="f", link=None))
    assert len(reply.blocks) <= MESSAGE_BLOCKS and len(reply.text) <= 3000
    texts = sections(reply.blocks)
    assert all(len(text) <= 3000 for text in texts)
    assert "+4 more" in mrkdwn(reply.blocks), "six goals shown, the rest counted"
    leaderboard = next(text for text in texts if text.startswith("*Leaderboard"))
    assert leaderboard.endswith("more\n2,000 ranked in all.") and "&amp;" in leaderboard
    reached = next(text for text in texts if text.startswith("*Reached"))
    assert reached.startswith("*Reached their goal* :tada:\n2,000 people so far: ") and reached.endswith(
        " more"
    )
    assert "No orders placed in November 2026 yet." in mrkdwn(reply.blocks)
    assert "No deals lost in November 2026." in mrkdwn(reply.blocks)


def test_fit_lines_keeps_whole_lines_and_counts_the_rest():
    assert fit_lines(["aaaa", "bbbb", "cccc", "dddd"], 100, "+{count} more") == "aaaa\nbbbb\ncccc\ndddd"
    assert fit_lines(["aaaa", "bbbb", "cccc", "dddd"], 18, "+{count} more") == "aaaa\nbbbb\n+2 more"


def row(schedule_id: int, **fields) -> ScheduleRow:
    values = {
        "schedule_id": schedule_id,
        "channel_id": "C0SALES",
        "scope": "Company",
        "cadence": "Every weekday at 09:00",
        "sections": "Progress, Leaderboard",
        "paused": False,
        "next_when": "Nov 19, 09:00",
        "last": None,
        "owner_user_id": None,
    }
    return ScheduleRow(**(values | fields))


def test_the_schedule_list_each_schedule_with_its_buttons():
    rows = [
        row(1, scope=f"Team {ODD}", last="posted Nov 18", owner_user_id="U0OWNER"),
        row(2, paused=True),
    ]
    reply = valid_message(build_schedule_list(EN, rows))
    assert reply.blocks[0]["text"]["text"] == "Digest schedules (2)"
    assert sections(reply.blocks) == [
        f"*<#C0SALES>* · Team {ODD_MD}\nEvery weekday at 09:00\nProgress, Leaderboard\n"
        "Next: Nov 19, 09:00 · Last: posted Nov 18 · Owner: <@U0OWNER>",
        "*<#C0SALES>* · Company\nEvery weekday at 09:00\nProgress, Leaderboard\n"
        ":double_vertical_bar: *Paused*",
    ]
    first = block(reply.blocks, "digest_1")["elements"]
    assert [(e["action_id"], e["value"]) for e in first] == [
        (ids.DIGEST_PAUSE, "1"),
        (ids.DIGEST_EDIT, "1"),
        (ids.DIGEST_RUN_NOW, "1"),
        (ids.DIGEST_DELETE, "1"),
    ]
    assert (
        first[-1]["confirm"]["text"]["text"]
        == "The digest to <#C0SALES> stops for good. Digests already posted stay."
    )
    assert block(reply.blocks, "digest_2")["elements"][0]["action_id"] == ids.DIGEST_RESUME
    assert [(e["action_id"], e["value"]) for e in block(reply.blocks, "digest_list")["elements"]] == [
        (ids.OPEN_DIGEST_MODAL, "new")
    ]
    assert reply.text == (
        f"Digest schedules (2)\n#C0SALES · Team {ODD_MD} · Every weekday at 09:00\n"
        "#C0SALES · Company · Every weekday at 09:00"
    )


def test_a_long_schedule_list_is_paged_and_the_more_button_goes_round():
    rows = [row(i) for i in range(1, 46)]
    first = valid_message(build_schedule_list(EN, rows, page=1, personal_count=2))
    last = valid_message(build_schedule_list(EN, rows, page=3, personal_count=1))
    assert len(first.blocks) <= MESSAGE_BLOCKS
    assert [b["block_id"] for b in last.blocks if b["type"] == "actions"] == [
        f"digest_{i}" for i in range(41, 46)
    ] + ["digest_list"]
    assert buttons(first.blocks)[ids.DIGEST_PAGE]["value"] == "2"
    assert buttons(last.blocks)[ids.DIGEST_PAGE]["value"] == "1"
    assert first.blocks[-2]["elements"][0]["text"] == (
        "Showing 20 of 45. 2 people get their own digest by DM. Anyone can with `/sales digest me`."
    )
    assert last.blocks[-2]["elements"][0]["text"].startswith(
        "Showing 5 of 45. 1 person gets their own digest"
    )


def test_no_schedules_in_norwegian():
    reply = valid_message(build_schedule_list(NB, []))
    assert reply.text == "Planlagte oppsummeringer (0)"
    assert sections(reply.blocks)[0].startswith("Ingen oppsummeringer er planlagt ennå.")


def test_the_note_about_your_own_digest_and_its_buttons():
    reply = valid_message(
        build_personal_reply(EN, "Your digest comes by DM.", 7, hint="`/sales digest me off`")
    )
    assert [(e["action_id"], e["value"]) for e in block(reply.blocks, "digest_personal")["elements"]] == [
        (ids.DIGEST_RUN_NOW, "7"),
        (ids.DIGEST_EDIT, "7"),
        (ids.DIGEST_DELETE, "7"),
    ]
    assert reply.blocks[1] == {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": "`/sales digest me off`"}],
    }
    assert valid_message(build_personal_reply(EN, "No digest.", None)) == Reply(
        text="No digest.", blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": "No digest."}}]
    )


def test_a_new_schedule_starts_from_the_defaults_and_reads_back_what_was_chosen():
    teams = [(3, ODD)] + [(i, f"Team {i}") for i in range(10, 210)]
    view = valid_view(build_schedule_modal(EN, ModalDefaults(), teams=teams, default_period_kind="month"))
    assert (view["callback_id"], view["title"]["text"], view["private_metadata"]) == (
        ids.DIGEST_MODAL,
        "New digest",
        '{"id": null}',
    )
    scopes = options(view, DIGEST_SCOPE)
    assert scopes[:2] == [("Company", "company"), (f"Team {ODD}", "team:3")] and len(scopes) == 100
    assert options(view, DIGEST_PERIOD)[0] == ("The workspace's default (month)", DEFAULT_PERIOD)
    assert initial(view, DIGEST_SECTIONS) == list(offered_sections())
    assert (initial(view, DIGEST_CADENCE), initial(view, DIGEST_TIME), initial(view, DIGEST_TOP_N)) == (
        "weekdays",
        "09:00",
        "5",
    )
    answers = {DIGEST_CHANNEL: "C0SALES", DIGEST_SCOPE: "team:3", DIGEST_SECTIONS: ["progress", "lost"]}
    assert read_schedule_submission(submission_state(view, answers)) == ScheduleSpec(
        channel_id="C0SALES",
        scope="team",
        team_id=3,
        cadence="weekdays",
        weekday=0,
        day=1,
        period_kind=None,
        at="09:00",
        timezone="UTC",
        sections=("progress", "lost"),
        top_n=5,
    )


def test_an_existing_schedule_opens_as_it_is_and_reads_back_unchanged():
    chosen = {
        "channel_id": "C0SALES",
        "scope": "team",
        "team_id": 3,
        "cadence": "weekly",
        "weekday": 2,
        "day": 15,
        "period_kind": "quarter",
        "at": "07:30",
        "timezone": "America/St_Johns",
        "sections": ("progress",),
        "top_n": 10,
    }
    defaults = ModalDefaults(schedule_id=5, **chosen)
    view = valid_view(build_schedule_modal(NB, defaults, teams=[(3, "Øst")], default_period_kind="quarter"))
    assert view["title"]["text"] == "Endre oppsummering" and schedule_id_of(view) == 5
    assert initial(view, DIGEST_WEEKDAY) == "2" and options(view, DIGEST_WEEKDAY)[2] == ("Onsdag", "2")
    # Any zone, searched as people type: the select starts on the schedule's own.
    assert block(view, DIGEST_TIMEZONE)["element"]["type"] == "external_select"
    assert (
        block(view, DIGEST_TIMEZONE)["element"]["initial_option"]["text"]["text"]
        == "America/St_Johns (Canada)"
    )
    assert read_schedule_submission(submission_state(view, {})) == ScheduleSpec(**chosen)
    assert schedule_id_of({"private_metadata": "not json"}) is None


@pytest.mark.parametrize(("cadence", "shown"), [("weekly", "weekly"), ("monthly", "weekdays")])
def test_your_own_digests_form_offers_the_cadences_a_person_may_have(cadence, shown):
    view = valid_view(
        build_personal_modal(
            EN, schedule_id=4, cadence=cadence, weekday=3, at="02:30", timezone="Europe/Oslo"
        )
    )
    assert (view["callback_id"], schedule_id_of(view)) == (ids.PERSONAL_DIGEST_MODAL, 4)
    assert [value for _, value in options(view, DIGEST_CADENCE)] == ["daily", "weekdays", "weekly"]
    assert block(view, DIGEST_TIME)["hint"]["text"] == "In your timezone, Europe/Oslo."
    assert read_personal_submission(submission_state(view, {})) == (shown, 3, "02:30")
    assert read_personal_submission(
        submission_state(view, {DIGEST_CADENCE: "daily", DIGEST_TIME: "07:00"})
    ) == (
        "daily",
        3,
        "07:00",
    )
