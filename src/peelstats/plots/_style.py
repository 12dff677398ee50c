"""The house style of every chart: colour-blind-safe colours, briefing-size text.

Nothing here changes matplotlib's global state: the style is applied inside
`chart_style()` (a `matplotlib.rc_context`) while a chart is built and saved, and charts
are `matplotlib.figure.Figure` objects made without pyplot, so that importing or using
peelstats.plots never changes an analyst's own settings or backend. seaborn supplies the
base style and is imported only when a chart is first drawn.

Colours are the Okabe-Ito palette (Okabe M, Ito K. Color Universal Design: how to make
figures and presentations that are friendly to colorblind people. J*FLY, 2002/2008;
https://jfly.uni-koeln.de/color/), distinguishable under the common colour-vision
deficiencies; lines also differ by style, so nothing rests on colour alone.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import matplotlib
from matplotlib.figure import Figure

#: Okabe-Ito colours by role.
PALETTE = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "grey": "#999999",
}

#: What each element of a chart is drawn in.
COLOURS = {
    "point": PALETTE["grey"],
    "focus": PALETTE["vermillion"],
    "outlier": PALETTE["blue"],
    "target": PALETTE["black"],
    "inner": PALETTE["sky_blue"],  # 95% limits
    "outer": PALETTE["blue"],  # 99.8% limits
    "band": PALETTE["sky_blue"],
    "line": PALETTE["blue"],
    "mark": PALETTE["bluish_green"],  # marked areas (a comparison group), triangles
}

#: A chart that fits half an A4 page width at 100% (16 cm by 10 cm).
BRIEFING_SIZE = (6.3, 3.9)

#: Characters of title text across a briefing chart: 6.3 inches of 10-point DejaVu Sans,
#: whose characters average about 0.6 em wide (6 points).
TITLE_CHARACTERS = 76

#: Fixed resolution of saved PNG files.
DPI = 200

#: Overrides of the seaborn "ticks" style: a font shipped with matplotlib (so the same
#: file on every machine), text readable at briefing size, no date or random ids in SVG.
_OVERRIDES: dict[str, Any] = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 9.0,
    "axes.titlesize": 10.0,
    "axes.labelsize": 9.0,
    "xtick.labelsize": 8.5,
    "ytick.labelsize": 8.5,
    "legend.fontsize": 8.0,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#E5E5E5",
    "grid.linewidth": 0.6,
    "lines.linewidth": 1.4,
    "svg.hashsalt": "peelstats",
    "svg.fonttype": "path",
    "savefig.dpi": DPI,
    "figure.dpi": 100,
}


def style_params() -> dict[str, Any]:
    """The rc parameters of the house style (seaborn "ticks" plus the overrides above)."""
    import seaborn  # drawn charts only: seaborn registers colour maps when imported

    params = dict(seaborn.axes_style("ticks"))
    params.pop("image.cmap", None)  # a seaborn colour map name; not needed here
    params.update(_OVERRIDES)
    return params


@contextmanager
def chart_style() -> Iterator[None]:
    """Apply the house style for the duration of the block, then restore everything."""
    with matplotlib.rc_context(style_params()):
        yield


def new_figure(size: tuple[float, float] = BRIEFING_SIZE) -> Figure:
    """A Figure with constrained layout, made without pyplot (no global figure registry)."""
    return Figure(figsize=size, layout="constrained")


def title_block(lines: Iterable[str | None], *, indent: int = 0) -> str:
    """A chart's title, note and source lines as one left-aligned title, each line wrapped
    to the chart's width less `indent` characters (where a forest chart's row names take
    the left of the figure). A chart saved with a tight bounding box would otherwise grow
    as wide as its longest line and shrink everything in it when pasted at page width.

    >>> print(title_block(["A title", None, "Source: " + "word " * 20], indent=40))
    A title
    Source: word word word word word word
    word word word word word word word word
    word word word word word word
    """
    width = max(TITLE_CHARACTERS - indent, 30)
    wrapped = [textwrap.fill(part, width, break_long_words=False, break_on_hyphens=False)
               for line in lines if line for part in line.split("\n")]
    return "\n".join(wrapped)


def scale_without(values: Any, also: Any = ()) -> tuple[float, float]:
    """Axis limits that fit the finite `values` and `also` with a 5% margin each side:
    the range of the areas on the scale, so that an area kept off it does not squash
    the others into a corner."""
    import numpy as np

    finite = np.asarray([*np.ravel(values), *np.ravel(also)], dtype=float)
    finite = finite[np.isfinite(finite)]
    low, high = float(finite.min()), float(finite.max())
    pad = 0.05 * (high - low or abs(high) or 1.0)
    return low - pad, high + pad


def mark_off_scale(ax: Any, axis: str, where: float, value: float, label: str, *,
                   focus: bool) -> None:
    """Mark an area drawn off the scale at the edge of the axis its value lies beyond:
    an arrow pointing off the chart and the area's name (if `label`) and value, so that a reader
    sees it and its value without the scale being stretched for it.

    `axis` is ``"x"`` (the value is on the x axis; `where` is the row's y) or ``"y"``
    (value on the y axis; `where` is the area's x).
    """
    from matplotlib.transforms import blended_transform_factory

    colour = COLOURS["focus"] if focus else COLOURS["outlier"]
    limits = ax.get_xlim() if axis == "x" else ax.get_ylim()
    beyond = value > limits[1]
    text = (f"{label}: " if label else "") + f"{value:,.1f}, off the scale"
    style = {"color": colour, "fontsize": 7.5, "fontweight": "bold" if focus else "normal",
             "clip_on": False}
    if axis == "x":
        edge = 1.0 if beyond else 0.0
        transform = blended_transform_factory(ax.transAxes, ax.transData)
        ax.text(edge, where, ("" if beyond else "◀ ") + text + (" ▶" if beyond else ""),
                transform=transform, ha="right" if beyond else "left", va="center", **style)
    else:
        edge = 1.0 if beyond else 0.0
        transform = blended_transform_factory(ax.transData, ax.transAxes)
        ax.text(where, edge, ("▲ " if beyond else "▼ ") + text, transform=transform,
                ha="left", va="top" if beyond else "bottom", **style)
