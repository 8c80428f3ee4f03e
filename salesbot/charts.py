"""The digest chart: how far each goal, team or person has come against the pace expected by now.

One horizontal bar per row: the bar is the share of the target sold, coloured by status; a
white tick marks where the pace says it should be by now; the dashed line is the target. It is
drawn for a phone first (large type, few rows, short labels) on a neutral slate card with
mid-tone colours, which reads the same on Slack's light and dark themes.

Rendered headless with matplotlib's Agg backend through the object API (``Figure``), never
``pyplot``, so several digests can be drawn on different threads at once.
"""

from __future__ import annotations

import io
import textwrap

from salesbot.digests import Bar, Digest
from salesbot.i18n import Formatter

BACKGROUND = "#2B3038"
TRACK = "#3C424C"
TEXT = "#E8EAED"
MUTED = "#A9B0BB"
PACE = "#FFFFFF"
# Mid-tone status colours: distinct on a dark card, and from each other for colour-blind readers
# (blue and orange carry ahead/behind; the label beside each bar says it in words too).
COLOURS = {
    "reached": "#2E9E6A",
    "ahead": "#2E9E6A",
    "on_track": "#3D8BD9",
    "not_started": "#7D8796",
    "behind": "#E39B2D",
    "at_risk": "#D9534F",
    "missed": "#D9534F",
}
LABEL_CHARS = 18
LEGEND_CHARS = 68
DPI = 150


def _label(fmt: Formatter, bar: Bar) -> str:
    """A short row label: the goal's metric (and product), or a name, shortened to fit a phone."""
    if bar.metric:
        text = fmt.t(f"progress.metric.{bar.metric}")
        if bar.product:
            text += f" · {bar.product}"
    else:
        text = bar.label
        words = text.split()
        if len(text) > LABEL_CHARS and len(words) > 1:
            text = f"{words[0]} {words[-1][0]}."  # "Kari Nordmann-Olsen" → "Kari N."
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"


def chart_title(fmt: Formatter, digest: Digest) -> str:
    return fmt.t("digest.chart.title", period=digest.period.label(fmt.lang))


def alt_text(fmt: Formatter, digest: Digest) -> str:
    """What the chart shows, in words, for screen readers and notifications."""
    rows = [
        fmt.t(
            "digest.chart.alt_row",
            label=_label(fmt, bar),
            attainment=fmt.percent(bar.attainment),
            expected=fmt.percent(bar.expected),
        )
        for bar in digest.bars
    ]
    return f"{chart_title(fmt, digest)}: " + "; ".join(rows)


def render_chart(fmt: Formatter, digest: Digest) -> bytes:
    """The chart as PNG bytes; ``digest.bars`` must not be empty."""
    bars = digest.bars
    rows = len(bars)
    legend = fmt.t("digest.chart.legend")
    if digest.hidden_bars:
        legend += " · " + fmt.t("list.more", count=digest.hidden_bars)
    legend = textwrap.fill(legend, LEGEND_CHARS)
    legend_height = 0.25 * (legend.count("\n") + 1)
    height = 1.65 + legend_height + 0.72 * rows
    # Imported here: only a process that draws a chart pays matplotlib's memory (a web worker
    # that never posts a digest does not).
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8, height), dpi=DPI, facecolor=BACKGROUND)
    FigureCanvasAgg(figure)
    # Room on the left for labels, on the right for the percentages, below for the legend.
    bottom = (0.8 + legend_height) / height
    axes = figure.add_axes((0.31, bottom, 0.57, 1 - bottom - 0.7 / height), facecolor=BACKGROUND)
    top = max(1.2, min(max(max(b.attainment, b.expected) for b in bars) + 0.05, 2.0))
    positions = list(range(rows))[::-1]  # first bar at the top
    axes.barh(positions, [top] * rows, height=0.62, color=TRACK, zorder=1)
    axes.barh(
        positions,
        [min(b.attainment, top) for b in bars],
        height=0.62,
        color=[COLOURS.get(b.status, COLOURS["on_track"]) for b in bars],
        zorder=2,
    )
    for y, bar in zip(positions, bars, strict=True):
        if 0 < bar.expected <= top:
            axes.plot([bar.expected, bar.expected], [y - 0.42, y + 0.42], color=PACE, linewidth=3, zorder=3)
        axes.text(
            top * 1.02,
            y,
            fmt.percent(bar.attainment),
            va="center",
            ha="left",
            color=TEXT,
            fontsize=15,
            fontweight="bold",
            clip_on=False,
        )
    axes.axvline(1.0, color=MUTED, linestyle=(0, (4, 3)), linewidth=1.5, zorder=4)
    axes.set_xlim(0, top)
    axes.set_ylim(-0.6, rows - 0.4)
    axes.set_yticks(positions, [_label(fmt, b) for b in bars], fontsize=15, color=TEXT)
    axes.set_xticks(
        [0, 0.5, 1.0], [fmt.percent(0), fmt.percent(0.5), fmt.percent(1)], fontsize=12, color=MUTED
    )
    axes.tick_params(length=0, pad=8)
    for spine in axes.spines.values():
        spine.set_visible(False)
    figure.text(
        0.04,
        1 - 0.32 / height,
        chart_title(fmt, digest),
        color=TEXT,
        fontsize=19,
        fontweight="bold",
        va="top",
    )
    figure.text(0.04, 0.25 / height, legend, color=MUTED, fontsize=12.5, va="bottom", linespacing=1.3)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", facecolor=BACKGROUND)
    return buffer.getvalue()
