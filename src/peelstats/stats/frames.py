"""Tidy-frame entry points: add `value, lower, upper, …` columns to a DataFrame.

Thin wrappers over `proportion` and `rate` for analysts used to PHEindicatormethods:
a frame in, a copy out with the standard columns added. Ungrouped, the caller's index
and row order are kept and validation messages name rows by their index label; grouped,
the counts are summed within each group first (one row per group, the group keys as the
index) and messages name the groups.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from peelstats.stats._results import Estimate
from peelstats.stats._validation import as_float_array, check_finite_positive
from peelstats.stats.proportions import ProportionMethod, proportion_with_labels
from peelstats.stats.rates import RateMethod, rate_with_labels

GroupBy = Hashable | list[Hashable] | None


class _RowLabels(Sequence[str]):
    """Row labels for error messages, formatted only for the rows an error names.

    "E23000023 / 2014-06" for a MultiIndex, "E23000023" for labels, "row 3" for numbers.
    """

    def __init__(self, index: pd.Index) -> None:
        self._index = index

    def __len__(self) -> int:
        return len(self._index)

    def __getitem__(self, position):  # type: ignore[override]
        label = self._index[position]
        if isinstance(self._index, pd.MultiIndex):
            return " / ".join(str(level) for level in label)
        return f"row {label}" if isinstance(label, (int, np.integer)) else str(label)


def _require_columns(df: pd.DataFrame, columns: dict[str, Any]) -> None:
    missing = [f"{argument}={column!r}" for argument, column in columns.items()
               if column not in df.columns]
    if missing:
        raise ValueError(f"column not found in the frame: {', '.join(missing)}; "
                         f"columns are {list(df.columns)!r}")


def _summed(df: pd.DataFrame, columns: list[Hashable], group_by: GroupBy) -> pd.DataFrame:
    # Sum within groups; a group with any missing count gets NaN, never a partial sum.
    # As in pandas, a list names several keys; anything else (a tuple too) is one key.
    keys = list(group_by) if isinstance(group_by, list) else [group_by]
    _require_columns(df, {"group_by": key for key in keys})
    grouped = df.groupby(keys, sort=True, dropna=False)[columns]
    return grouped.sum(skipna=False, min_count=1)


def _with_columns(out: pd.DataFrame, estimate: Estimate, per: Any) -> pd.DataFrame:
    scale = np.asarray(per, dtype=float)
    out["value"] = np.asarray(estimate.value, dtype=float) * scale
    out["lower"] = np.asarray(estimate.lower, dtype=float) * scale
    out["upper"] = np.asarray(estimate.upper, dtype=float) * scale
    out["confidence"] = estimate.confidence
    out["method"] = estimate.method
    return out


def proportion_frame(df: pd.DataFrame, x: Hashable = "x", n: Hashable = "n", *,
                     group_by: GroupBy = None, confidence: float = 0.95,
                     method: ProportionMethod = "wilson", deff: Any = 1.0,
                     per: float = 1.0) -> pd.DataFrame:
    """Add proportion columns to a copy of `df`: value, lower, upper, confidence, method.

    Parameters
    ----------
    df : DataFrame
        One row per area (and period, ...), with the counts in named columns.
    x, n : column names, default "x" and "n"
        Columns of successes and trials.
    group_by : column name or list of names, optional
        Sum `x` and `n` within these groups first, then compute one row per group
        (the group keys become the index). A group with a missing count gives NaN.
    confidence, method, deff
        As for `peelstats.proportion`. `deff` may be a number or a column name.
    per : float, default 1
        Multiplier of `value`, `lower` and `upper`: 1 for a fraction, 100 for a percentage.

    Returns
    -------
    DataFrame
        Ungrouped: a copy of `df` with its index and order untouched and the columns
        `value`, `lower`, `upper`, `confidence`, `method` and `per` added. Grouped: the
        group keys, the summed `x` and `n`, and the same columns.

    Raises
    ------
    ValueError
        As `peelstats.proportion`, naming the rows (by index label) or groups at fault,
        all of them before raising; or naming a column that is not in the frame.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"x": [65, 1045], "n": [100, 5000]}, index=["E23000023", "E23000001"])
    >>> proportion_frame(df, per=100)[["value", "lower", "upper"]].round(2)
               value  lower  upper
    E23000023   65.0  55.25  73.64
    E23000001   20.9  19.80  22.05
    """
    # `rate` checks its own `per`; here it only scales, and a negative or zero one would
    # swap or zero the limits silently.
    check_finite_positive("per", as_float_array("per", per))
    columns = {"x": x, "n": n}
    deff_is_column = isinstance(deff, Hashable) and not isinstance(deff, (int, float)) \
        and deff in df.columns
    if deff_is_column:
        columns["deff"] = deff
    _require_columns(df, columns)
    if group_by is None:
        out = df.copy()
    else:
        if deff_is_column:
            raise ValueError("deff as a column cannot be summed within groups; "
                             "give one design effect for the grouped estimates")
        out = _summed(df, [x, n], group_by)
    labels = _RowLabels(out.index)
    deff_values = out[deff].to_numpy(dtype=float) if deff_is_column else deff
    estimate = proportion_with_labels(out[x].to_numpy(dtype=float),
                                      out[n].to_numpy(dtype=float), confidence=confidence,
                                      method=method, deff=deff_values, labels=labels)
    out = _with_columns(out, estimate, per)
    out["per"] = per
    return out


def rate_frame(df: pd.DataFrame, count: Hashable = "count",
               denominator: Hashable = "denominator", *, group_by: GroupBy = None,
               per: float = 1000, confidence: float = 0.95,
               method: RateMethod = "fingertips") -> pd.DataFrame:
    """Add rate columns to a copy of `df`: value, lower, upper, confidence, method, per.

    Parameters
    ----------
    df : DataFrame
        One row per area (and period, ...), with counts and denominators in named columns.
    count, denominator : column names, default "count" and "denominator"
        Columns of events and population.
    group_by : column name or list of names, optional
        Sum `count` and `denominator` within these groups first, then compute one row per
        group (the group keys become the index). A group with a missing value gives NaN.
    per, confidence, method
        As for `peelstats.rate`; by default the Fingertips rule (exact limits below 10
        events, Byar's otherwise).

    Returns
    -------
    DataFrame
        Ungrouped: a copy of `df` with its index and order untouched and the columns
        `value`, `lower`, `upper`, `confidence`, `method` and `per` added. Grouped: the
        group keys, the summed `count` and `denominator`, and the same columns.

    Raises
    ------
    ValueError
        As `peelstats.rate`, naming the rows (by index label) or groups at fault, all of
        them before raising; or naming a column that is not in the frame.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"area_code": ["E23000023", "E23000023", "E23000001"],
    ...                    "count": [4, 3, 0], "denominator": [900, 1100, 2500]})
    >>> rate_frame(df, group_by="area_code", per=1000)[["count", "value", "lower", "upper"]].round(3)
               count  value  lower  upper
    area_code
    E23000001      0    0.0  0.000  1.476
    E23000023      7    3.5  1.407  7.211
    """
    _require_columns(df, {"count": count, "denominator": denominator})
    out = df.copy() if group_by is None else _summed(df, [count, denominator], group_by)
    labels = _RowLabels(out.index)
    estimate = rate_with_labels(out[count].to_numpy(dtype=float),
                                out[denominator].to_numpy(dtype=float), per=per,
                                confidence=confidence, method=method, labels=labels)
    out["value"] = estimate.value
    out["lower"] = estimate.lower
    out["upper"] = estimate.upper
    out["confidence"] = estimate.confidence
    out["method"] = estimate.method
    out["per"] = per
    return out
