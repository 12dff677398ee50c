"""Trend chart: the observed rate in each period, the fitted trend and its band.

`trend_plot_data` gives the rows drawn; `trend_plot` draws them.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from peelstats.figures import wording
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
               ylabel: str | None = None, confidence: float | None = None,
               name: str | None = None, versus: Any = None,
               versus_name: str | None = None) -> Figure:
    """Draw the observed rates, the fitted trend and its band; return the Figure.

    The data drawn is `trend_plot_data(trend, per=per)`. Periods label the x axis as
    ``YE 2019-03`` (the 12 months ending March 2019).

    Parameters
    ----------
    trend : TrendResult or DataFrame
        The trend drawn, as `trend_plot_data` takes it.
    per, title, ylabel : optional
        Rate multiplier, chart title and y-axis label.
    confidence : float, optional
        Level of the band for its legend entry (the trend's own when it has one).
    name : str, optional
        The area of `trend`, prefixed to its legend entries.
    versus : TrendResult or DataFrame, optional
        A second trend drawn for comparison (England and Wales beside a force): its
        fitted line dashed with a grey band, its observed rates as open squares, so the
        two differ by line style and marker as well as colour.
    versus_name : str, optional
        The area of `versus`, prefixed to its legend entries.

    Examples
    --------
    >>> frame = pd.DataFrame({"period": ["2018-03", "2019-03"], "year": [2018.2, 2019.2],
    ...                       "rate": [0.010, 0.011], "fitted": [0.0101, 0.0109],
    ...                       "lower": [0.0098, 0.0106], "upper": [0.0104, 0.0112]})
    >>> figure = trend_plot(frame)
    >>> figure.axes[0].get_ylabel()
    'Rate per 1,000'
    >>> both = trend_plot(frame, confidence=0.95, name="Force", versus=frame,
    ...                   versus_name="England and Wales")
    >>> [text.get_text() for text in both.legends[0].get_texts()][::3]
    ['Force: 95% band', 'England and Wales: 95% band']
    """
    rows = trend_plot_data(trend, per=per)
    others = None if versus is None else trend_plot_data(versus, per=per)
    if confidence is None and hasattr(trend, "estimate"):
        confidence = trend.estimate.confidence
    band = "Fitted trend band" if confidence is None else f"{100 * confidence:g}% band"

    def labelled(area: str | None, what: str) -> str:
        return f"{area}: {what[0].lower()}{what[1:]}" if area else what

    with chart_style():
        figure = new_figure()
        ax = figure.add_subplot()
        if others is not None:
            ax.fill_between(others["year"], others["lower"], others["upper"],
                            color=COLOURS["point"], alpha=0.25, linewidth=0,
                            label=labelled(versus_name, band))
            ax.plot(others["year"], others["fitted"], color=COLOURS["target"],
                    linestyle="--", label=labelled(versus_name, "Fitted trend"))
            ax.plot(others["year"], others["value"], linestyle="none", marker="s",
                    markersize=4, markerfacecolor="none", color=COLOURS["target"],
                    label=labelled(versus_name, "Recorded"))
        ax.fill_between(rows["year"], rows["lower"], rows["upper"], color=COLOURS["band"],
                        alpha=0.35, linewidth=0, label=labelled(name, band))
        ax.plot(rows["year"], rows["fitted"], color=COLOURS["line"],
                label=labelled(name, "Fitted trend"))
        ax.plot(rows["year"], rows["value"], linestyle="none", marker="o", markersize=4,
                color=COLOURS["target"], label=labelled(name, "Recorded"))
        ticks = rows if others is None else pd.concat([rows, others]).drop_duplicates(
            "period").sort_values("year", kind="mergesort")
        step = max(1, int(np.ceil(len(ticks) / _MAX_TICKS)))
        shown = ticks.iloc[::step]
        ax.set_xticks(shown["year"], [wording.period(period) for period in shown["period"]],
                      rotation=30, ha="right", rotation_mode="anchor")
        unit = "" if per == 1 else f" per {per:,.0f}"
        ax.set_ylabel(ylabel or f"Rate{unit}")
        ax.set_ylim(bottom=0)
        if title:
            ax.set_title(title, loc="left")
        # Below the axes, as the other charts' legends: inside, it covers a series drawn
        # low on the scale (England and Wales under City of London's rate).
        if others is None:
            figure.legend(loc="outside lower center", ncols=3)
        else:  # force's entries first, then the comparator's
            handles, labels = ax.get_legend_handles_labels()
            order = [3, 4, 5, 0, 1, 2]
            figure.legend([handles[i] for i in order], [labels[i] for i in order],
                          loc="outside lower center", ncols=2, fontsize="small")
    return figure
