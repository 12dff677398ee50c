"""Whether a table is whole: every area it should have in every period it claims, each
with every row its period has for the others, and printed totals equal to their parts.

Used by every table builder on its source files and by the loaders on the tidy tables,
so a file cut short (a truncated download, a deleted row) is named instead of quietly
giving smaller counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from peelstats.data._errors import Problem

_EXAMPLES = 3


def period_range(first: str, last: str, step: int = 3) -> tuple[str, ...]:
    """Every `step`-th month from `first` to `last`, both ``YYYY-MM``.

    >>> period_range("2018-12", "2019-06")
    ('2018-12', '2019-03', '2019-06')
    >>> period_range("2003-03", "2005-03", step=12)
    ('2003-03', '2004-03', '2005-03')
    """
    def index(period: str) -> int:
        year, month = period.split("-")
        return int(year) * 12 + int(month) - 1

    start, end = index(first), index(last)
    return tuple(f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(start, end + 1, step))


def coverage_problems(frame: pd.DataFrame, file: str, *, areas: Iterable[str],
                      area: str = "area_code", period: str | None = "period",
                      periods: Iterable[str] | None = None,
                      within: Sequence[str] = (), column: str | None = None,
                      names: Mapping[str, str] | None = None) -> list[Problem]:
    """Every hole in `frame`'s grid of areas, periods and `within` values.

    Parameters
    ----------
    frame : DataFrame
        One row per row of `file`; rows whose area or period is missing are ignored (the
        checks of those cells report them).
    file : str
        The file named in the problems.
    areas : iterable of str
        The areas that must be in every period (the 43 forces, and England and Wales
        where the file has it). Other areas in the file are not required.
    area, period : str
        The columns of the area and of the period; `period` None for a file of one date.
    periods : iterable of str, optional
        The periods the file claims to cover (from its title or provenance); each must
        have rows. By default, the periods found.
    within : sequence of str
        Columns (offence, outcome group, ...) whose values found for any of `areas` in a
        period must each have a row for every one of `areas` in that period.

    Returns
    -------
    list of Problem
        One per missing period, one per area missing from a period, and one per area and
        period that lacks some `within` values (naming how many, and the first few).
        `column` names the area column in them (by default `area`), and `names` the
        areas (code → name, written "name (code)").

    >>> frame = pd.DataFrame({"area_code": ["A", "A", "B"], "period": ["p", "p", "p"],
    ...                       "offence": ["x", "y", "x"]})
    >>> print(coverage_problems(frame, "f.csv", areas=["A", "B", "C"], within=["offence"],
    ...                         periods=["p", "q"])[0])
    f.csv, column 'period', value 'q': no rows for this period, which the file should cover
    """
    areas = sorted(set(areas))
    period_column = "_period" if period is None else period
    data = frame.assign(_period="") if period is None else frame
    found = data[[area, period_column, *within]].dropna(subset=[area, period_column])
    found = found.astype({area: str, period_column: str})
    present_periods = sorted(set(found[period_column]))
    claimed = present_periods if periods is None or period is None else sorted(set(periods))
    problems = [Problem(file, None, period, value,
                        "no rows for this period, which the file should cover")
                for value in claimed if value not in set(present_periods)]
    expected = found[found[area].isin(areas) & found[period_column].isin(claimed)]
    # The usual case, a whole table, costs one grouping: every combination of period and
    # `within` values found has all the areas.
    counts = expected.groupby([period_column, *within], sort=False)[area].nunique()
    if (counts == len(areas)).all():
        return problems
    combos = expected[[period_column, *within]].drop_duplicates()
    grid = combos.merge(pd.DataFrame({area: areas}), how="cross")
    merged = grid.merge(expected.drop_duplicates(), how="left", indicator=True)
    missing = merged[merged["_merge"] == "left_only"]
    if missing.empty:
        return problems
    n_combos = combos.groupby(period_column).size()
    where = "" if period is None else " in {when}"
    label = column or area
    for (when, code), rows in missing.groupby([period_column, area], sort=True):
        place = where.format(when=when)
        if names is not None and code in names:
            code = f"{names[code]} ({code})"
        if not within or len(rows) == n_combos[when]:
            problems.append(Problem(file, None, label, code, f"no rows for this area{place}"))
            continue
        what = ", ".join(within)
        examples = "; ".join(" / ".join(str(value) for value in values)
                             for values in rows[list(within)].head(_EXAMPLES).itertuples(
                                 index=False, name=None))
        more = "; ..." if len(rows) > _EXAMPLES else ""
        problems.append(Problem(
            file, None, label, code,
            f"no rows{place} for {len(rows)} of the {n_combos[when]} {what} values the "
            f"other areas have: {examples}{more}"))
    return problems


def aggregate_problems(frame: pd.DataFrame, file: str, *, parts: Mapping[str, Iterable[str]],
                       keys: Sequence[str], value: str, column: str | None = None,
                       area: str = "area_code", row: str = "row",
                       tolerance: Mapping[str, float] | float = 0.0) -> list[Problem]:
    """Every printed total of an area that is not the sum of its parts' values.

    Parameters
    ----------
    frame : DataFrame
        `area`, `keys` (period, offence, ...), `value` (float, NaN where not given) and
        `row` (the file's row number of each row).
    parts : mapping of area → areas
        Each total area and the areas that add up to it (England and Wales → the 43
        forces, a region → its forces). A part whose value is not given (NaN) is left
        out, as the published totals leave out a force without figures.
    keys : sequence of str
        The columns that identify one value of an area.
    value : str
        The numbers to add up. `column` names it in the problems (by default `value`).
    tolerance : float or mapping of area → float
        How far a total may differ from its parts (a table rounded to 100 cannot add up
        exactly); 0 by default.
    """
    values = frame[[area, *keys, value]]
    links = pd.DataFrame([(total, part) for total, members in parts.items()
                          for part in members], columns=["_total", area])
    summed = (values.merge(links, on=area).groupby(["_total", *keys], sort=False)[value]
              .sum(min_count=1).rename("_sum").reset_index())
    printed = frame[frame[area].isin(list(parts))].rename(columns={area: "_total"})
    both = printed.merge(summed, on=["_total", *keys], how="left")
    allowed = (both["_total"].map(tolerance).fillna(0.0).to_numpy(float)
               if isinstance(tolerance, Mapping) else np.full(len(both), float(tolerance)))
    given = both[value].notna() & both["_sum"].notna()
    differ = given.to_numpy() & (np.abs(both[value] - both["_sum"]).to_numpy() > allowed)
    problems = []
    for fields in both[differ].to_dict("records"):
        label = " / ".join(str(fields[key]) for key in keys)
        problems.append(Problem(
            file, int(fields[row]), column or value, fields[value],
            f"the total of {fields['_total']} ({label}) is not the sum of its parts "
            f"({fields['_sum']:.0f})"))
    return problems
