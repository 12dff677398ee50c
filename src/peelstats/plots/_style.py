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

from collections.abc import Iterator
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
}

#: A chart that fits half an A4 page width at 100% (16 cm by 10 cm).
BRIEFING_SIZE = (6.3, 3.9)

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
