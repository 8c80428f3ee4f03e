"""What's working's Block Kit, checked against Slack's limits: the story form, the report with
long names and many techniques, the share form and the public post."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from handlers.blocks.working import (
    build_public_report,
    build_report,
    build_share_modal,
    build_story_modal,
    build_techniques,
)
from salesbot import working
from salesbot.i18n import Formatter
from salesbot.periods import Period
from tests.handlers.blocks.checks import initial, options, valid_message, valid_view

EN, NB = Formatter("en", "NOK"), Formatter("nb", "NOK")
LONG = "Kaffe " * 40


def report(**fields) -> working.WorkingReport:
    figures = [
        working.ProductFigure(i, LONG + str(i), Decimal(10_000 * i), i, Decimal(0)) for i in range(1, 4)
    ]
    techniques = [
        working.TechniqueFigure(
            SimpleNamespace(id=i, key=str(i), label=LONG, active=True), LONG, i, Decimal(i)
        )
        for i in range(5)
    ]
    comments = [working.CustomerComment(5, "x" * 2000, LONG, "order", 1, date(2026, 11, 2)) for _ in range(3)]
    defaults = dict(
        period=Period.of_month(2026, 11),
        previous=Period.of_month(2026, 10),
        team=None,
        scale="csat",
        by_revenue=figures,
        by_growth=figures,
        techniques=techniques,
        comments=comments,
        lowest_stage=working.lowest_stage({"delivery": {1: 2, 5: 1}}, "csat"),
        may_share=True,
    )
    return working.WorkingReport(**{**defaults, **fields})


def test_the_report_and_its_public_post_stay_within_slack_s_limits():
    for fmt in (EN, NB):
        full = valid_message(build_report(fmt, report()))
        assert any(b["type"] == "actions" for b in full.blocks)
        shared = working.public_report(report(), ["techniques"])
        post = valid_message(build_public_report(fmt, shared, shared_by="U0MANAGER"))
        assert "x" * 50 not in str(post.blocks) and not any(b["type"] == "actions" for b in post.blocks)
    empty = valid_message(
        build_report(EN, report(by_revenue=[], by_growth=[], techniques=[], comments=[], lowest_stage=None))
    )
    assert "Nothing to show" in empty.text and not any(b["type"] == "actions" for b in empty.blocks)


def test_the_story_form_and_the_share_form():
    techniques = [(i, f"Technique {i} " + "y" * 100) for i in range(120)]
    view = valid_view(build_story_modal(EN, sale_text=LONG, techniques=techniques, chosen=[1, 2], note="n"))
    assert len(options(view, working.F_TECHNIQUES)) == 100
    assert initial(view, working.F_TECHNIQUES) == ["1", "2"]
    share = valid_view(build_share_modal(NB, report(), channel="<#C0GENERAL>", private_metadata="{}"))
    assert [value for _, value in options(share, working.F_PARTS)] == list(working.PARTS)
    no_stage = valid_view(
        build_share_modal(EN, report(lowest_stage=None), channel="<#C0G>", private_metadata="{}")
    )
    assert "stage" not in [value for _, value in options(no_stage, working.F_PARTS)]  # nothing to share
    assert initial(share, working.F_PARTS) == ["products", "techniques", "stage"]  # comments never ticked
    listing = valid_message(build_techniques(EN, [("Referral", True), ("Old", False)], admin=True))
    assert "Retired: Old" in listing.text
