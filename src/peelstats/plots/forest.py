"""Forest chart: every area's value with its interval, sorted, against a reference line.

`forest_plot_data` gives the rows drawn, in drawing order; `forest_plot` draws them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from peelstats.data.constants import ENGLAND_AND_WALES
from peelstats.plots._mark import DEFAULT_MARK_LABEL, marked_labels
from peelstats.plots._style import (BRIEFING_SIZE, COLOURS, chart_style, mark_off_scale,
                                    new_figure, scale_without, title_block)
from peelstats.stats import Estimate
from peelstats.stats.checks import choose

#: Height per row and for the margins, in inches: 43 forces fit a portrait page.
_ROW_HEIGHT = 0.16
_MARGIN_HEIGHT = 1.3


def forest_plot_data(data: pd.DataFrame | Estimate, *, label: str | Sequence[Any],
                     focus: Any = None, reference: float | None = None,
                     order: Literal["ascending", "descending"] = "ascending") -> pd.DataFrame:
    """The rows of a forest chart, sorted by value, top row first.

    Parameters
    ----------
    data : DataFrame, Estimate or a result with a frame
        A frame with ``value``, ``lower`` and ``upper`` columns (for example an
        Estimate's `to_frame()` joined to force names), an Estimate, or a result that
        holds such a frame as ``.frame`` (`peelstats.figures.national.disproportionality_ratios`).
    label : str or sequence
        The column naming each row, or (with an Estimate) the names themselves.
    focus : optional
        The label of the row to highlight; it must be one of the labels.
    reference : float, optional
        The value of the comparator line (England and Wales), kept in
        ``frame.attrs["reference"]``.
    order : {'ascending', 'descending'}
        ``'ascending'`` puts the lowest value at the top.

    Returns
    -------
    DataFrame
        ``label``, ``value``, ``lower``, ``upper``, ``focus`` and ``position`` (0 for the
        top row), in drawing order; rows with a NaN value come last, not dropped.

    Examples
    --------
    >>> frame = pd.DataFrame({"force": ["A", "B", "C"], "value": [3.0, 1.0, 2.0],
    ...                       "lower": [2.5, 0.5, 1.5], "upper": [3.5, 1.5, 2.5]})
    >>> forest_plot_data(frame, label="force", focus="C")[["label", "focus", "position"]]
      label  focus  position
    0     B  False         0
    1     C   True         1
    2     A  False         2
    """
    choose(order, {"ascending": None, "descending": None}, "order")
    if isinstance(data, Estimate):
        frame = data.to_frame()
        if isinstance(label, str) or len(label) != len(frame):
            raise ValueError(f"label must give one name per estimate ({len(frame)})")
        labels = np.asarray(list(label), dtype=object)
    elif isinstance(data, pd.DataFrame) or isinstance(getattr(data, "frame", None),
                                                      pd.DataFrame):
        frame = data if isinstance(data, pd.DataFrame) else data.frame
        if not isinstance(label, str) or label not in frame.columns:
            raise ValueError(f"label must name a column of data, got {label!r}")
        labels = frame[label].to_numpy(dtype=object)
    else:
        raise ValueError(f"data must be a DataFrame, an Estimate or a result with a .frame, "
                         f"got {type(data).__name__}")
    missing = [name for name in ("value", "lower", "upper") if name not in frame.columns]
    if missing:
        raise ValueError(f"data lacks column(s) {', '.join(missing)}")
    if focus is not None and focus not in set(labels):
        raise ValueError(f"focus {focus!r} is not one of the labels")
    rows = pd.DataFrame({
        "label": labels,
        "value": frame["value"].to_numpy(dtype=float),
        "lower": frame["lower"].to_numpy(dtype=float),
        "upper": frame["upper"].to_numpy(dtype=float),
        "focus": labels == focus if focus is not None else np.zeros(len(labels), bool),
    })
    rows = rows.sort_values(["value", "label"], ascending=[order == "ascending", True],
                            na_position="last", kind="mergesort").reset_index(drop=True)
    rows["position"] = np.arange(len(rows))
    rows.attrs["reference"] = None if reference is None else float(reference)
    rows.attrs["order"] = order
    return rows


def forest_plot(data: pd.DataFrame | Estimate, *, label: str | Sequence[Any],
                focus: Any = None, reference: float | None = None,
                reference_label: str = ENGLAND_AND_WALES,
                order: Literal["ascending", "descending"] = "ascending",
                title: str | None = None, xlabel: str | None = None,
                source: str | None = None, note: str | None = None,
                off_scale: Sequence[Any] = (), mark: Sequence[Any] = (),
                mark_label: str | None = None) -> Figure:
    """Draw a forest chart and return the Figure.

    Each row is a point with its interval; the focus row is vermillion and bold; the
    reference value is a dashed black line. Rows in `mark` (area codes, matched against
    the data's ``area_code`` column, or labels: a force's comparison group) are
    bluish-green triangles with bluish-green names, with `mark_label` (``East (group)``)
    in the legend; the focus row stays the focus. The data drawn is
    `forest_plot_data(data, label=label, focus=focus, reference=reference, order=order)`.
    `note` is a line under the title (what is not drawn, say), above the `source`.

    Rows whose label is in `off_scale` keep their place in the order but not the scale:
    the axis fits the other rows and the reference, and each such row is marked at the
    edge with its value (City of London's rate per resident, ten times any other
    force's, would otherwise squash every other force into a corner).

    Examples
    --------
    >>> frame = pd.DataFrame({"force": ["A", "B"], "value": [3.0, 1.0],
    ...                       "lower": [2.5, 0.5], "upper": [3.5, 1.5]})
    >>> figure = forest_plot(frame, label="force", reference=2.0)
    >>> [tick.get_text() for tick in figure.axes[0].get_yticklabels()]
    ['B', 'A']
    """
    rows = forest_plot_data(data, label=label, focus=focus, reference=reference, order=order)
    marked = rows["label"].isin(_marked(data, label, mark)) & ~rows["focus"]
    height = max(BRIEFING_SIZE[1], _MARGIN_HEIGHT + _ROW_HEIGHT * len(rows))
    with chart_style():
        figure = new_figure((BRIEFING_SIZE[0], height))
        ax = figure.add_subplot()
        ax.grid(axis="y", visible=False)
        plain = ~rows["focus"] & ~marked
        for mask, colour, size, marker, name in (
                (plain, COLOURS["line"], 16, "o", None),
                (marked, COLOURS["mark"], 30, "^", mark_label or DEFAULT_MARK_LABEL),
                (rows["focus"], COLOURS["focus"], 36, "o", None)):
            part = rows[mask]
            if part.empty:
                continue
            ax.hlines(part["position"], part["lower"], part["upper"], color=colour,
                      linewidth=1.2)
            ax.scatter(part["value"], part["position"], s=size, color=colour, zorder=3,
                       marker=marker,
                       edgecolor=colour if colour == COLOURS["line"] else "black",
                       linewidth=0.5, label=name)
        if reference is not None:
            ax.axvline(reference, color=COLOURS["target"], linestyle="--", linewidth=1.0,
                       label=reference_label)
        if reference is not None or marked.any():
            figure.legend(loc="outside lower center")
        ax.set_yticks(rows["position"], [str(name) for name in rows["label"]])
        for tick, is_focus, is_marked in zip(ax.get_yticklabels(), rows["focus"], marked):
            if is_focus:
                tick.set_fontweight("bold")
                tick.set_color(COLOURS["focus"])
            elif is_marked:
                tick.set_color(COLOURS["mark"])
        ax.set_ylim(len(rows) - 0.5, -0.5)  # first row at the top
        name_size = 7.5 if len(rows) > 20 else 8.5
        ax.tick_params(axis="y", labelsize=name_size)
        if xlabel:
            ax.set_xlabel(xlabel)
        _keep_scale(ax, rows, off_scale, reference)
        if title:
            # The title starts where the axes do, after the row names (smaller than its 10 pt).
            names = max((len(str(name)) for name in rows["label"]), default=0)
            ax.set_title(title_block([title, note, f"Source: {source}" if source else None],
                                     indent=round(names * name_size / 10) + 2), loc="left")
    return figure


def _marked(data: Any, label: str | Sequence[Any], mark: Sequence[Any]) -> set[Any]:
    """The labels of the rows `mark` names, by the data's ``area_code`` or by label."""
    if isinstance(data, Estimate):
        return marked_labels(list(label), None, mark)
    frame = data if isinstance(data, pd.DataFrame) else data.frame
    codes = frame["area_code"] if "area_code" in frame.columns else None
    return marked_labels(frame[label], codes, mark)


def _keep_scale(ax: Any, rows: pd.DataFrame, off_scale: Sequence[Any],
                reference: float | None) -> None:
    off = rows["label"].isin(list(off_scale))
    unknown = sorted(set(off_scale) - set(rows["label"]), key=str)
    if unknown:
        raise ValueError(f"off_scale names no row: {unknown}")
    if not off.any():
        return
    on = rows[~off]
    ax.set_xlim(*scale_without(on[["lower", "upper", "value"]].to_numpy(),
                               () if reference is None else (reference,)))
    for row in rows[off].itertuples():
        mark_off_scale(ax, "x", row.position, row.value, "", focus=row.focus)  # named on its tick
