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


def test_an_average_in_money_reads_in_whole_units_and_a_score_on_its_scale():
    """Revenue per person is an average: 87 465,09 reads 87 465. Satisfaction reads as the feedback
    report shows it: CSAT as a percentage, NPS signed."""
    from handlers.blocks.diagnosis import figure_line
    from salesbot.evidence import MONEY, SCORE, Figure
    from salesbot.i18n import Formatter

    nb = Formatter("nb")
    revenue = figure_line(nb, Figure("product_revenue", MONEY, 144942, 87465.09, 6, 26, {"product": "X"}))
    assert "87\xa0465\xa0kr" in revenue and ",09" not in revenue, revenue
    csat = figure_line(Formatter("en"), Figure("score_delivery", SCORE, 89.5, 62.5, 19, 8, {"scale": "csat"}))
    assert "CSAT 90%" in csat and "CSAT 62%" in csat, csat  # babel rounds half to even
    nps = figure_line(Formatter("en"), Figure("score_service", SCORE, 12.0, -5.0, 10, 30, {"scale": "nps"}))
    assert "NPS +12" in nps and "NPS −5" in nps, nps


def test_a_segment_in_the_evidence_reads_in_the_readers_language():
    """A default segment is kept by its key; each reader sees it in their language, a renamed one
    as named. The note names it the same way."""
    from handlers.blocks.common import as_dicts
    from handlers.blocks.diagnosis import _evidence_blocks, figure_line
    from salesbot.evidence import COUNT, MARKETING, Figure, StepEvidence
    from salesbot.i18n import Formatter
    from tests.handlers.blocks.checks import mrkdwn

    default = {"segment": "", "segment_key": "offices"}
    figure = Figure("segment_orders", COUNT, 0.2, 4.5, 1, 90, default)
    assert "Orders in the segment Offices per person" in figure_line(Formatter("en"), figure)
    assert "Ordrer i segmentet Kontor per person" in figure_line(Formatter("nb"), figure)
    renamed = Figure(
        "segment_orders", COUNT, 1, 2, 1, 9, {"segment": "Kafeer", "segment_key": "hotels_restaurants"}
    )
    assert "segment Kafeer" in figure_line(Formatter("en"), renamed)
    evidence = StepEvidence(MARKETING, [figure], [("evidence.note.segment_elsewhere", default)], True)
    text = mrkdwn(as_dicts(_evidence_blocks(Formatter("nb"), evidence)))
    assert "Resten av selskapet selger til Kontor, men nesten ingen her gjør det." in text
