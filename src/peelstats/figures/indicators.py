"""Citable figures from an analyst's own indicator table (`peelstats.read_indicators`).

Each of an area's indicators is cited against a comparator: England and Wales (the row of
the same measure and period), the area's previous period, or a comparison group (the
pooled value of the group's other members). Every verdict is `peelstats.compare`'s; this
module only chooses the pair and words it through `cite`.

Against England and Wales a force is part of the whole: with counts on both rows
(proportions, rates) the comparison is with the rest of England and Wales, the whole minus
the force (DESIGN.md, "Statistics that must be right"); a survey figure known only by its
published margin cannot be taken out of the whole, and is compared by the two margins.
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path
from typing import Any

import pandas as pd

from peelstats import stats
from peelstats.data.indicators import (ENGLAND_AND_WALES, ENGLAND_AND_WALES_CODE,
                                        INDICATOR_COLUMNS, check_period, frame_or_read,
                                        read_indicators, resolve_area)
from peelstats.figures import groups as grouping
from peelstats.figures import wording
from peelstats.figures.figure import Figure, Figures, cite
from peelstats.stats import Estimate

#: The comparators `versus` names besides a group.
ENGLAND_AND_WALES_VERSUS = "england_and_wales"
PREVIOUS = "previous"


def _estimate(row: Any) -> Estimate:
    """The estimate of one row of the table, by its kind."""
    if row.kind == "survey":
        return stats.survey_proportion(row.value / row.per, row.margin / row.per)
    if row.kind == "proportion":
        deff = 1.0 if math.isnan(row.design_effect) else row.design_effect
        return stats.proportion(row.numerator, row.denominator, deff=deff)
    return stats.rate(row.numerator, row.denominator, per=row.per)


def _polarity(row: Any) -> str | None:
    return None if row.polarity == "neutral" else row.polarity


def _previous(period: str, periods: list[str]) -> str | None:
    """The period before `period`: 12 months earlier for a YYYY-MM, else the latest earlier
    date in the table."""
    if len(period) == 7:
        year, month = period.split("-")
        before = f"{int(year) - 1:04d}-{month}"
        return before if before in periods else None
    earlier = sorted(p for p in periods if len(p) == 10 and p < period)
    return earlier[-1] if earlier else None


def _when(period: str) -> str:
    return wording.period(period) if len(period) == 7 else period


def indicator_figures(table: pd.DataFrame | str | Path, area: str, period: str, *,
                      versus: str = ENGLAND_AND_WALES_VERSUS,
                      groups: pd.DataFrame | str | Path | None = None) -> Figures:
    """The citable figures of one area and period from an indicator table.

    Parameters
    ----------
    table : DataFrame or path
        The frame `peelstats.read_indicators` returns, or the path of the table.
    area : str
        A force's name, short name or ONS code, or ``England and Wales``.
    period : str
        ``YYYY-MM`` (the 12 months ending that month) or ``YYYY-MM-DD`` (a date), as in
        the table.
    versus : str, default ``'england_and_wales'``
        The comparator: ``england_and_wales`` (the England and Wales row of the same
        measure and period), ``previous`` (the area's row 12 months earlier; for a date,
        the latest earlier date), or the name of a group in `groups`.
    groups : DataFrame or path, optional
        The groups (`peelstats.read_groups`), needed when `versus` names a group. The
        group's comparator is the pooled value of its members other than the area (sum of
        numerators over sum of denominators); the sentence then says the area's rank
        among the members with a figure, highest first.

    Returns
    -------
    Figures
        One figure per measure the area has in `period`, in the table's order. A measure
        without a comparator row is cited alone; so is a survey figure against a group
        (a figure known only by its margin cannot be pooled), saying so.

    Raises
    ------
    ValueError
        An unknown area (with close matches) or `versus`, a period not written as in the
        table, or no rows for the area and period (naming the periods it has).

    Examples
    --------
    >>> from peelstats._paths import examples_dir
    >>> figures = indicator_figures(examples_dir() / "indicators.csv", "Cambs", "2014-06")
    >>> print(figures["victim_satisfaction"].sentence)
    Victim satisfaction in Cambridgeshire, YE Jun 2014: 88.1 percent (± 1.3 percent), which is higher than England and Wales at 85.0 percent (± 0.2 percent).
    """
    table = frame_or_read(table, read_indicators, INDICATOR_COLUMNS, name="table")
    area_code, area_name = resolve_area(area)
    if not isinstance(period, str):
        raise ValueError(f"period must be YYYY-MM or YYYY-MM-DD text, got {period!r}")
    try:
        period = check_period(period.strip())
    except ValueError as error:
        raise ValueError(f"period {period!r}: {error}") from None
    members = None
    if not isinstance(versus, str) or not versus:
        raise ValueError(f"versus must be {ENGLAND_AND_WALES_VERSUS!r}, {PREVIOUS!r} or a "
                         f"group's name, got {versus!r}")
    if versus not in (ENGLAND_AND_WALES_VERSUS, PREVIOUS):
        if groups is None:
            raise ValueError(f"versus={versus!r} is not {ENGLAND_AND_WALES_VERSUS!r} or "
                             f"{PREVIOUS!r}: a group's name needs groups (a groups file)")
        members = grouping.find_group(grouping.group_table(groups), versus, what="versus")
    own = table[(table["area_code"] == area_code) & (table["period"] == period)]
    if own.empty:
        has = sorted(table.loc[table["area_code"] == area_code, "period"].unique())
        raise ValueError(f"the table has no rows for {area_name} and {period!r}; "
                         + (f"its periods for {area_name}: {', '.join(has)}" if has
                            else f"it has no rows for {area_name}"))
    figures = [_figure(row, table, area_code, area_name, period, versus, members)
               for row in own.itertuples(index=False)]
    return Figures(figures)


def _figure(row: Any, table: pd.DataFrame, area_code: str, area_name: str, period: str,
            versus: str, members: grouping.Group | None) -> Figure:
    estimate = _estimate(row)
    same = table[table["measure"] == row.measure]
    common = dict(measure=row.measure, label=row.label, polarity=_polarity(row),
                  area_code=area_code, area_name=area_name, source=row.source,
                  period=period if len(period) == 7 else None)
    comparator, name, within, note = None, None, False, None
    if versus == ENGLAND_AND_WALES_VERSUS:
        whole = same[(same["area_code"] == ENGLAND_AND_WALES_CODE)
                     & (same["period"] == period)]
        if area_code != ENGLAND_AND_WALES_CODE and not whole.empty:
            comparator, name = _estimate(whole.iloc[0]), ENGLAND_AND_WALES
            within = row.kind != "survey"
    elif versus == PREVIOUS:
        before = _previous(period, same.loc[same["area_code"] == area_code, "period"].tolist())
        if before is not None:
            earlier = same[(same["area_code"] == area_code) & (same["period"] == before)]
            comparator = _estimate(earlier.iloc[0])
            name = (f"the previous year ({wording.period(before)})" if len(before) == 7
                    else f"the previous figure ({before})")
    else:
        others = same[same["area_code"].isin(list(members.members))
                      & (same["area_code"] != area_code) & (same["period"] == period)]
        if row.kind == "survey":
            note = (f"No figure for the group {versus}: survey figures known by their "
                    f"margins cannot be pooled")
        elif others.empty:
            note = f"No other member of the group {versus} has a figure for this measure"
        elif others["design_effect"].notna().any():
            note = (f"No figure for the group {versus}: proportions with design effects "
                    f"cannot be pooled by their counts")
        else:
            by_code = others.set_index("area_code")
            pool = grouping.pool_others(members, area_code, by_code["numerator"],
                                        by_code["denominator"])
            comparator = pool.estimate(row.kind, per=row.per)
            name = f"the other forces of the group {versus}"
            values = {code: float(_estimate(other).value) for code, other in
                      zip(others["area_code"], others.itertuples(index=False), strict=True)}
            values[area_code] = float(estimate.value)
            place, total = grouping.rank_in_group(values, area_code, order="highest")
            parts = [grouping.rank_note(area_name, place, total, versus, order="highest",
                                        among="with a figure in the group")]
            if pool.lacking:
                parts.append("without a figure: " + ", ".join(
                    members.members[code] for code in pool.lacking))
            note = "; ".join(parts)
    figure = cite(estimate, comparator, comparator_name=name, within=within, note=note,
                  **common)
    if len(period) == 10:  # a date: said as it is, kept in the figure's period and id
        subject = f"{row.label} in {area_name}"
        figure = dataclasses.replace(
            figure, period=period, id=f"{area_code}/{period}/{row.measure}",
            sentence=f"{subject}, {_when(period)}" + figure.sentence[len(subject):])
    return figure
