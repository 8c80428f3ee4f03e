"""A diagnosis in Block Kit: how a step's evidence reads."""

from __future__ import annotations


def test_evidence_figures_read_as_people_read_them():
    """A share of 66.7 (percent points, as the evidence gives it) reads 67 %, days with a decimal,
    money in the workspace's currency; no records, no figure."""
    from handlers.blocks.diagnosis import figure_line
    from salesbot.evidence import DAYS, MONEY, PERCENT, Figure
    from salesbot.i18n import Formatter

    fmt = Formatter("en")
    late = figure_line(fmt, Figure("late_share", PERCENT, 66.67, 8.33, 6, 84))
    assert "67%" in late and "8%" in late and "6,667" not in late
    assert "9.8" in figure_line(fmt, Figure("late_days", DAYS, 9.8, 4.1, 4, 7))
    assert "NOK" in figure_line(fmt, Figure("product_revenue", MONEY, 1000, None, 3, 0, {"product": "X"}))
