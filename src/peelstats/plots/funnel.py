"""Funnel chart: each area's value against its denominator, with the target and limits.

`funnel_plot_data` turns the table from `peelstats.funnel` into the two frames that are
drawn (the points, and the limits on a grid of denominators); `funnel_plot` draws exactly
those frames. Tests check the frames, not the pixels.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from peelstats.plots._mark import DEFAULT_MARK_LABEL, marked_labels
from peelstats.plots._style import (COLOURS, chart_style, mark_off_scale, new_figure,
                                    scale_without, title_block)
from peelstats.stats.funnel import Funnel

_AXIS_LABELS = {
    "proportion": ("Number of respondents", "Proportion"),
    "rate": ("Population", "Rate"),
    "ratio": ("Expected count", "Observed / expected"),
}

#: The kinds of `focus` that name several areas (anything else is one label).
_SEVERAL = (list, tuple, set, frozenset, pd.Index, pd.Series, np.ndarray)

#: Denominators spanning more than this factor are drawn on a log axis.
_LOG_AXIS_SPAN = 20.0


@dataclass(frozen=True)
class FunnelPlotData:
    """What a funnel chart draws.

    Attributes
    ----------
    points : DataFrame
        One row per area: ``label``, ``denominator``, ``value``, ``flag`` (against the
        limits drawn), ``focus`` (a highlighted area) and ``labelled`` (named on the
        chart: beyond the outer limits drawn, or the focus when it is one area; a list
        of focus areas is named in the legend, as their names would overlap).
    limits : DataFrame
        ``denominator`` (a grid over the areas' range), ``target``, ``inner_lower``,
        ``inner_upper``, ``outer_lower``, ``outer_upper``.
    adjusted : bool
        Whether the limits drawn allow for over-dispersion.
    confidence : tuple of float
        The inner and outer levels.
    kind : str
        ``proportion``, ``rate`` or ``ratio``.
    """

    points: pd.DataFrame
    limits: pd.DataFrame
    adjusted: bool
    confidence: tuple[float, float]
    kind: str


def _funnel(table: Funnel | pd.DataFrame) -> Funnel:
    """The `Funnel` to draw; a frame with the attrs `funnel` used to return (deprecated)
    is read as one."""
    if isinstance(table, Funnel):
        return table
    needed = {"columns", "kind", "per", "confidence", "method", "scale", "target", "tau2"}
    if not isinstance(table, pd.DataFrame) or not needed <= set(table.attrs):
        raise ValueError("table must be the Funnel returned by peelstats.funnel, got "
                         f"{type(table).__name__}")
    warnings.warn("funnel_plot of a DataFrame with funnel attrs is deprecated: pass the "
                  "Funnel that peelstats.funnel returns", DeprecationWarning, stacklevel=3)
    attrs = table.attrs
    return Funnel(frame=table, kind=attrs["kind"], per=attrs["per"],
                  confidence=tuple(attrs["confidence"]), method=attrs["method"],
                  scale=attrs["scale"], target=attrs["target"], phi=attrs.get("phi", np.nan),
                  tau2=attrs["tau2"], trim=attrs.get("trim", np.nan),
                  columns=dict(attrs["columns"]))


def _focus_mask(labels: pd.Series, codes: pd.Series | None, focus: Any,
                label: str | None) -> np.ndarray:
    """Which rows `focus` highlights: one label, or a list of area codes (matched against
    `codes`, the table's ``area_code`` column, as `mark` is) or labels; each must name a
    row."""
    if focus is None:
        return np.zeros(len(labels), bool)
    if not isinstance(focus, _SEVERAL):
        if not (labels == focus).any():
            raise ValueError(f"focus {focus!r} is not one of the labels in "
                             f"{label or 'the index'}")
        return (labels == focus).to_numpy()
    wanted = list(focus)
    by_code = set(codes) if codes is not None else set()
    unknown = [name for name in wanted if name not in by_code and name not in set(labels)]
    if unknown:
        raise ValueError(f"focus {unknown!r} names no area code or label in "
                         f"{label or 'the index'}")
    hit = labels.isin(wanted).to_numpy()
    return hit | (codes.isin(wanted).to_numpy() if codes is not None else False)


def funnel_plot_data(table: Funnel, *, label: str | None = None,
                     focus: Any = None, adjusted: bool | None = None,
                     grid: int = 200) -> FunnelPlotData:
    """The points and limit curves of a funnel chart.

    Parameters
    ----------
    table : Funnel
        The result of `peelstats.funnel`.
    label : str, optional
        Column naming the areas (default: the `area` given to `funnel`, else the row
        index).
    focus : optional
        The label of the area to highlight, or a list of areas (a force's CSPs) by area
        code (matched against the table's ``area_code`` column, as `mark` is) or by
        label; each must name an area.
    adjusted : bool, optional
        Draw the limits allowing for over-dispersion (`funnel`'s adjusted limits) rather
        than the exact ones. Default: adjusted when tau² > 0. Only the drawing changes:
        both sets of flags stay in `table.frame`.
    grid : int
        Number of denominators at which the limits are evaluated (geometrically spaced
        over the areas' range; whole numbers for exact binomial limits).

    Returns
    -------
    FunnelPlotData
    """
    result = _funnel(table)
    frame = result.frame
    columns = result.columns
    if adjusted is None:
        adjusted = result.adjusted
    label = label if label is not None else columns.get("area")
    labels = frame[label] if label is not None else pd.Series(frame.index, index=frame.index)
    codes = frame["area_code"] if "area_code" in frame.columns else None
    is_focus = _focus_mask(labels, codes, focus, label)
    denominator = frame[columns["denominator"]].to_numpy(dtype=float)
    flag = frame["adjusted_flag" if adjusted else "flag"].to_numpy(dtype=object)
    outer = f"{100 * result.confidence[1]:.10g}%"
    beyond = np.array([str(f).endswith(outer) for f in flag])
    points = pd.DataFrame({
        "label": labels.to_numpy(), "denominator": denominator,
        "value": frame["value"].to_numpy(dtype=float), "flag": flag,
        "focus": is_focus,
        "labelled": beyond | (is_focus if not isinstance(focus, _SEVERAL) else False),
    })

    usable = denominator[np.isfinite(denominator) & (denominator > 0)]
    if usable.size == 0:
        raise ValueError("table has no area with a positive denominator to draw")
    low, high = usable.min() * 0.9, usable.max() * 1.1
    exact_binomial = result.kind == "proportion" and result.method == "exact"
    if exact_binomial:
        low = max(low, 1.0)
    xs = np.geomspace(low, high, grid)
    if exact_binomial:
        xs = np.unique(np.round(xs))
    curves = {"denominator": xs, "target": np.full(xs.shape, float(result.target))}
    for name, level in zip(("inner", "outer"), result.confidence):
        limits = result.limits(level, adjusted=adjusted, denominator=xs)
        curves[f"{name}_lower"] = np.asarray(limits.lower)
        curves[f"{name}_upper"] = np.asarray(limits.upper)
    return FunnelPlotData(points=points, limits=pd.DataFrame(curves), adjusted=adjusted,
                          confidence=tuple(result.confidence), kind=result.kind)


def _short_number(value: float, _position: Any = None) -> str:
    """Axis numbers in briefing style: 1.5m, 250k, 40."""
    if abs(value) >= 1e6:
        return f"{value / 1e6:g}m"
    if abs(value) >= 1e4:
        return f"{value / 1e3:g}k"
    return f"{value:,.0f}" if value == round(value) else f"{value:g}"


def funnel_plot(table: Funnel, *, label: str | None = None, focus: Any = None,
                focus_label: str | None = None,
                adjusted: bool | None = None, title: str | None = None,
                xlabel: str | None = None, ylabel: str | None = None,
                target_label: str = "Target", area_label: str = "Area",
                source: str | None = None, note: str | None = None,
                off_scale: Sequence[Any] = (), mark: Sequence[Any] = (),
                mark_label: str | None = None) -> Figure:
    """Draw a funnel chart from `peelstats.funnel`'s table and return the Figure.

    The legend names the target (`target_label`, e.g. ``England and Wales``), the other
    areas (`area_label`, e.g. ``Other forces``) and the focus: `focus_label`, by default
    the focus area's label (one area) or ``Highlighted`` (a list of them); `source`
    is printed under the title, so that a chart pasted alone keeps its date and source,
    with `note` (what is not drawn, say) above it.

    Areas whose label is in `off_scale` do not set the value axis: it fits the other
    areas and the limits over their range, and each such area is marked at the edge with
    its name and value (City of London's rate per resident would otherwise flatten every
    other force onto one line).

    Areas are grey points; those beyond the outer limits drawn are blue and named; the
    focus is vermillion, larger and named (a list of focus areas is named in the legend,
    `focus_label`, as their names would overlap). Areas in `mark` (area codes, matched
    against the table's ``area_code`` column, or labels: a force's comparison group) are
    bluish-green triangles, named, with `mark_label` (``East (group)``) in the legend; the
    focus stays the focus. The target is a black line, the inner
    (95%) limits dashed and the outer (99.8%) limits solid. The data drawn is
    `funnel_plot_data(table, label=label, focus=focus, adjusted=adjusted)`.

    Examples
    --------
    >>> from peelstats import funnel
    >>> table = funnel([30, 45, 80, 8], [100, 100, 200, 50], area=["A", "B", "C", "D"])
    >>> figure = funnel_plot(table, focus="C")
    >>> figure.axes[0].get_xlabel()
    'Number of respondents'
    >>> figure = funnel_plot(table, focus=["A", "C"], focus_label="A and C")
    >>> [text.get_text() for text in figure.legends[0].get_texts()][-1]
    'A and C'
    """
    result = _funnel(table)
    data = funnel_plot_data(result, label=label, focus=focus, adjusted=adjusted)
    codes = result.frame["area_code"] if "area_code" in result.frame.columns else None
    marked = data.points["label"].isin(marked_labels(data.points["label"], codes, mark))
    default_x, default_y = _AXIS_LABELS[data.kind]
    per = result.per
    inner, outer = (f"{100 * level:.10g}%" for level in data.confidence)
    limits_note = "Limits allow for over-dispersion" if data.adjusted else "Exact limits"
    with chart_style():
        figure = new_figure()
        ax = figure.add_subplot()
        curves = data.limits
        ax.plot(curves["denominator"], curves["target"], color=COLOURS["target"],
                linewidth=1.0, label=target_label)
        for name, level, style in (("inner", inner, "--"), ("outer", outer, "-")):
            colour = COLOURS[name]
            ax.plot(curves["denominator"], curves[f"{name}_lower"], color=colour,
                    linestyle=style, label=f"{level} limits")
            ax.plot(curves["denominator"], curves[f"{name}_upper"], color=colour,
                    linestyle=style)
        points = data.points
        plain = ~points["labelled"] & ~marked
        ax.scatter(points.loc[plain, "denominator"], points.loc[plain, "value"],
                   s=18, color=COLOURS["point"], edgecolor="white", linewidth=0.4,
                   zorder=3, label=area_label)
        off = points["label"].isin(list(off_scale))
        outliers = points["labelled"] & ~points["focus"] & ~off & ~marked
        members = marked & ~points["focus"]
        if members.any():
            ax.scatter(points.loc[members, "denominator"], points.loc[members, "value"],
                       s=34, color=COLOURS["mark"], marker="^", edgecolor="black",
                       linewidth=0.4, zorder=4, label=mark_label or DEFAULT_MARK_LABEL)
        if outliers.any():
            ax.scatter(points.loc[outliers, "denominator"], points.loc[outliers, "value"],
                       s=22, color=COLOURS["outlier"], marker="D", zorder=4,
                       label=f"Beyond {outer} limits")
        if points["focus"].any():
            shown = focus_label if focus_label is not None else (
                "Highlighted" if isinstance(focus, _SEVERAL)
                else str(points.loc[points["focus"], "label"].iloc[0]))
            ax.scatter(points.loc[points["focus"], "denominator"],
                       points.loc[points["focus"], "value"], s=60, color=COLOURS["focus"],
                       edgecolor="black", linewidth=0.6, zorder=5, label=shown)
        for row in points[(points["labelled"] | marked) & ~off].itertuples():
            ax.annotate(str(row.label), (row.denominator, row.value), xytext=(4, 3),
                        textcoords="offset points", fontsize=7.5,
                        fontweight="bold" if row.focus else "normal")
        finite = curves["denominator"]
        if finite.max() / finite.min() > _LOG_AXIS_SPAN:
            ax.set_xscale("log")
        ax.xaxis.set_major_formatter(FuncFormatter(_short_number))
        ax.set_xlabel(xlabel or default_x)
        unit = "" if per == 1 else f" per {per:,.0f}"
        ax.set_ylabel(ylabel or f"{default_y}{unit}")
        _keep_scale(ax, data, off_scale)
        ax.set_title(title_block([title, limits_note, note,
                                  f"Source: {source}" if source else None]), loc="left")
        figure.legend(loc="outside lower center", ncol=3)
    return figure


def _keep_scale(ax: Any, data: FunnelPlotData, off_scale: Sequence[Any]) -> None:
    points = data.points
    off = points["label"].isin(list(off_scale))
    unknown = sorted(set(off_scale) - set(points["label"]), key=str)
    if unknown:
        raise ValueError(f"off_scale names no area: {unknown}")
    if not off.any():
        return
    on = points.loc[~off, "denominator"]
    curves = data.limits
    shown = curves[(curves["denominator"] >= on.min()) & (curves["denominator"] <= on.max())]
    ax.set_ylim(*scale_without(points.loc[~off, "value"].to_numpy(),
                               shown[["outer_lower", "outer_upper"]].to_numpy()))
    for row in points[off].itertuples():
        mark_off_scale(ax, "y", row.denominator, row.value, str(row.label), focus=row.focus)
