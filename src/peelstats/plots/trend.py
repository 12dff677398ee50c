"""Trend chart: the observed rate in each period, the fitted trend and its band.

`trend_plot_data` gives the rows drawn; `trend_plot` draws them.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from peelstats.plots._style import COLOURS, chart_style, new_figure

_NEEDED = ("period", "year", "rate", "fitted", "lower", "upper")

#: At most this many period labels on the x axis.
_MAX_TICKS = 8


def trend_plot_data(trend: Any, *, per: float = 1000.0) -> pd.DataFrame:
    """The rows of a trend chart: one per period, rates times `per`.

    Parameters
    ----------
    trend : TrendResult or DataFrame
        The result of `peelstats.stats.trend.trend`, or its frame: ``period``, ``year``,
        ``rate`` (observed count / denominator), ``fitted``, ``lower``, ``upper`` (the
        fitted rate and its confidence band, per unit of denominator).
    per : float
        Multiplier for the rates drawn (1,000 for a rate per 1,000 population).

    Returns
    -------
    DataFrame
        ``period``, ``year``, ``value`` (observed), ``fitted``, ``lower``, ``upper``, all
        rates times `per`, in time order.

    Examples
    --------
    >>> frame = pd.DataFrame({"period": ["2018-03", "2019-03"], "year": [2018.2, 2019.2],
    ...                       "rate": [0.010, 0.011], "fitted": [0.0101, 0.0109],
    ...                       "lower": [0.0098, 0.0106], "upper": [0.0104, 0.0112]})
    >>> trend_plot_data(frame)["value"].round(6).tolist()
    [10.0, 11.0]
    """
    frame = trend.frame if hasattr(trend, "frame") else trend
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"trend must be a TrendResult or a DataFrame, got {type(trend).__name__}")
    missing = [name for name in _NEEDED if name not in frame.columns]
    if missing:
        raise ValueError(f"trend lacks column(s) {', '.join(missing)}")
    per = float(per)
    if not per > 0:
        raise ValueError(f"per must be positive, got {per!r}")
    rows = pd.DataFrame({
        "period": frame["period"].to_numpy(dtype=object),
        "year": frame["year"].to_numpy(dtype=float),
        "value": frame["rate"].to_numpy(dtype=float) * per,
        "fitted": frame["fitted"].to_numpy(dtype=float) * per,
        "lower": frame["lower"].to_numpy(dtype=float) * per,
        "upper": frame["upper"].to_numpy(dtype=float) * per,
    })
    rows = rows.sort_values("year", kind="mergesort").reset_index(drop=True)
    rows.attrs["per"] = per
    return rows


def trend_plot(trend: Any, *, per: float = 1000.0, title: str | None = None,
               ylabel: str | None = None, confidence: float | None = None) -> Figure:
    """Draw the observed rates, the fitted trend and its band; return the Figure.

    The data drawn is `trend_plot_data(trend, per=per)`. Periods label the x axis as
    ``YE 2019-03`` (the 12 months ending March 2019).

    Examples
    --------
    >>> frame = pd.DataFrame({"period": ["2018-03", "2019-03"], "year": [2018.2, 2019.2],
    ...                       "rate": [0.010, 0.011], "fitted": [0.0101, 0.0109],
    ...                       "lower": [0.0098, 0.0106], "upper": [0.0104, 0.0112]})
    >>> figure = trend_plot(frame)
    >>> figure.axes[0].get_ylabel()
    'Rate per 1,000'
    """
    rows = trend_plot_data(trend, per=per)
    if confidence is None and hasattr(trend, "estimate"):
        confidence = trend.estimate.confidence
    band = "Fitted trend band" if confidence is None else f"{100 * confidence:g}% band"
    with chart_style():
        figure = new_figure()
        ax = figure.add_subplot()
        ax.fill_between(rows["year"], rows["lower"], rows["upper"], color=COLOURS["band"],
                        alpha=0.35, linewidth=0, label=band)
        ax.plot(rows["year"], rows["fitted"], color=COLOURS["line"], label="Fitted trend")
        ax.plot(rows["year"], rows["value"], linestyle="none", marker="o", markersize=4,
                color=COLOURS["target"], label="Recorded")
        step = max(1, int(np.ceil(len(rows) / _MAX_TICKS)))
        shown = rows.iloc[::step]
        ax.set_xticks(shown["year"], [f"YE {period}" for period in shown["period"]],
                      rotation=30, ha="right", rotation_mode="anchor")
        unit = "" if per == 1 else f" per {per:,.0f}"
        ax.set_ylabel(ylabel or f"Rate{unit}")
        ax.set_ylim(bottom=0)
        if title:
            ax.set_title(title, loc="left")
        ax.legend(loc="lower left")
    return figure
