"""SPC chart in the house style: values, centre line, process limits, sigma lines, signals."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.figure import Figure

from peelstats.plots._style import COLOURS, PALETTE, chart_style, new_figure

#: Marker and colour of each variation (shape and colour, so it reads in grey too).
_MARKS = {
    "common": ("o", COLOURS["point"]),
    "improvement": ("^", PALETTE["blue"]),
    "concern": ("v", PALETTE["orange"]),
    "neutral": ("D", PALETTE["reddish_purple"]),
}


def spc_plot(result: Any, *, title: str, source: str, ylabel: str = "") -> Figure:
    """Draw an :class:`~peelstats.stats.spc.SPC` result.

    Each segment (from a rebase) has its own centre line, process limits and one- and
    two-sigma lines; a vertical line marks each step change. Points with a signal are drawn
    by variation (improvement ▲ blue, concern ▼ orange, neutral ◆ purple). `title` should
    carry the period; `source` is written under the chart.
    """
    frame = result.frame
    x = np.arange(len(frame))
    with chart_style():
        figure = new_figure()
        axes = figure.add_subplot()
        axes.plot(x, frame["value"], color=COLOURS["point"], linewidth=1.0, zorder=2)
        for segment, part in frame.groupby("segment", sort=True):
            xs = x[part.index]
            axes.plot(xs, part["mean"], color=PALETTE["black"], linewidth=1.0,
                      label="mean" if segment == 0 else None)
            if part["upper"].notna().any():
                axes.plot(xs, part["upper"], color=COLOURS["outer"], linestyle="--",
                          linewidth=1.0, label="process limits" if segment == 0 else None)
                axes.plot(xs, part["lower"], color=COLOURS["outer"], linestyle="--", linewidth=1.0)
                for column in ("two_sigma_upper", "two_sigma_lower"):
                    axes.plot(xs, part[column], color=COLOURS["inner"], linestyle=":",
                              linewidth=0.8, label="two sigma" if segment == 0
                              and column == "two_sigma_upper" else None)
            if segment > 0:
                axes.axvline(xs[0] - 0.5, color=PALETTE["grey"], linewidth=0.8)
        for variation, (marker, colour) in _MARKS.items():
            chosen = frame["variation"].to_numpy() == variation
            if chosen.any():
                axes.scatter(x[chosen], frame["value"][chosen], marker=marker, color=colour,
                             s=22, zorder=3, label=None if variation == "common" else variation)
        ticks = x[::3]
        axes.set_xticks(ticks, [str(p) for p in frame["period"].iloc[::3]], rotation=45,
                        ha="right")
        axes.set_title(title, loc="left")
        axes.set_ylabel(ylabel)
        axes.legend(loc="best", ncols=2)
        figure.text(0.0, 0.0, source, fontsize=7.0, color=PALETTE["grey"], ha="left",
                    va="bottom")
    return figure
