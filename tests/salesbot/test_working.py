"""What's working's rules without a database: the typed technique commands, the weakest stage,
whose comments a reader may see, and what a public share keeps."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from salesbot import working
from salesbot.access import Actor, Role
from salesbot.errors import InvalidInput
from salesbot.periods import Period


def actor(role: Role, managed=()) -> Actor:
    return Actor(1, "U1", "Rita", role, "en", frozenset(managed))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", working.TechniquesCommand("list")),
        ("add Trade fair", working.TechniquesCommand("add", name="Trade fair")),
        ("legg til Messe", working.TechniquesCommand("add", name="Messe")),
        (
            "rename Trade fair to Coffee fair",
            working.TechniquesCommand("rename", "Trade fair", "Coffee fair"),
        ),
        ("omdøp Messe til Kaffemesse", working.TechniquesCommand("rename", "Messe", "Kaffemesse")),
        ("endre Messe til Kaffemesse", working.TechniquesCommand("rename", "Messe", "Kaffemesse")),
        ("retire Upsell", working.TechniquesCommand("retire", name="Upsell")),
        ("fas ut Mersalg", working.TechniquesCommand("retire", name="Mersalg")),
    ],
)
def test_technique_commands_in_english_and_norwegian(text, expected):
    assert working.parse_techniques(text) == expected


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("rename Trade fair", "working.rename_form"),
        ("rename to Coffee", "working.rename_form"),
        ("retire", "working.technique_name_missing"),
        ("delete Upsell", "working.techniques_unknown"),
    ],
)
def test_a_technique_command_not_understood_shows_the_right_form(text, key):
    with pytest.raises(InvalidInput) as refused:
        working.parse_techniques(text)
    assert refused.value.key == key and refused.value.example == "working.techniques_usage"


def test_the_weakest_stage_is_the_lowest_figure_with_its_answers():
    lowest = working.lowest_stage({"order": {5: 3}, "delivery": {5: 1, 2: 2}, "service": {}}, "csat")
    assert lowest.stage == "delivery" and lowest.figure.answers == 3 and round(lowest.figure.figure) == 33
    nps = working.lowest_stage({"order": {10: 1, 0: 1}, "service": {9: 2}}, "nps")
    assert nps.stage == "order" and nps.figure.figure == 0
    assert working.lowest_stage({}, "csat") is None


def test_whose_comments_each_reader_sees():
    assert working.comment_readers(actor(Role.ADMIN)) is None  # everyone's
    assert working.comment_readers(actor(Role.MANAGER, managed={7, 8})) == {1, 7, 8}
    assert working.comment_readers(actor(Role.REP)) == {1}
    assert working.comment_readers(None) == ()  # a channel: nobody's


def test_a_public_share_keeps_only_the_parts_chosen():
    figure = working.ProductFigure(1, "Barista Pro", Decimal(100), 2, Decimal(40))
    comment = working.CustomerComment(5, "Great", "Acme", "order", 1, date(2026, 11, 2))
    report = working.WorkingReport(
        period=Period.of_month(2026, 11),
        previous=Period.of_month(2026, 10),
        team=None,
        scale="csat",
        by_revenue=[figure],
        by_growth=[figure],
        comments=[comment],
        may_share=True,
    )
    shared = working.public_report(report, working.read_parts(["products"]))
    assert shared.by_revenue == [figure] and shared.comments == [] and not shared.may_share
    assert working.public_report(report, ["comments"]).comments == [comment]
    with pytest.raises(InvalidInput):
        working.read_parts([])
    assert figure.growth == Decimal(60) and figure.growth_ratio == 1.5
    assert working.ProductFigure(2, "New", Decimal(10), 1).growth_ratio is None
