"""SPC wording: what the process limits and rules of a chart say, in citable sentences.

Numbers are rounded by :mod:`peelstats.figures.wording` (counts with thousands separators,
other values to one decimal place, half away from zero).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from peelstats.figures import wording


_SIGNAL = {
    "outside": "{position} the {limit} process limit (special cause)",
    "two_of_three": "two of three months in a row near the {limit} process limit, {side} "
                    "two sigma (special cause)",
}


#: A month as written in text (the one wording of months, `peelstats.figures.wording`).
month = wording.month


def _value(value: Any, counts: bool) -> str:
    return wording.count(value) if counts else wording.number(value)


def _runs(frame: pd.DataFrame) -> list[tuple[int, int]]:
    """Start and end rows of each run of consecutive points with the same signal."""
    flagged = frame["signal"].to_numpy()
    direction = frame["direction"].to_numpy()
    segment = frame["segment"].to_numpy()
    runs, start = [], None
    for i in range(len(frame) + 1):
        same = (start is not None and i < len(frame) and flagged[i] == flagged[start]
                and direction[i] == direction[start] and segment[i] == segment[start])
        if start is not None and not same:
            runs.append((start, i - 1))
            start = None
        if start is None and i < len(frame) and flagged[i] != "":
            start = i
    return runs


def spc_sentences(result: Any, *, measure: str, area: str, counts: bool = True) -> list[str]:
    """One sentence per run of signals of an :class:`~peelstats.stats.spc.SPC` chart.

    ``outside`` points are each a sentence ("Suspect charged outcomes, Cambridgeshire,
    January 2020: 663, above the upper process limit (special cause)"); a trend or shift is
    one sentence from its first month ("from April 2020, 7 months in a row below the mean:
    a shift"). With no signal, one sentence says so. Variation (improvement or concern) is
    added when the chart has an improvement direction.
    """
    frame = result.frame
    out = []
    for start, end in _runs(frame):
        first = frame.iloc[start]
        signal, direction = first["signal"], first["direction"]
        months = end - start + 1
        judged = "" if first["variation"] in ("neutral", "common") else f", {first['variation']}"
        if signal == "outside":
            for i in range(start, end + 1):
                row = frame.iloc[i]
                side = "upper" if row["direction"] == "above" else "lower"
                out.append(f"{measure}, {area}, {month(row['period'])}: "
                           f"{_value(row['value'], counts)}, {row['direction']} the {side} "
                           f"process limit (special cause{judged})")
        elif signal == "trend":
            out.append(f"{measure}, {area}, from {month(first['period'])} to "
                       f"{month(frame.iloc[end]['period'])}: {months} months in a row "
                       f"{direction} ({_value(first['value'], counts)} to "
                       f"{_value(frame.iloc[end]['value'], counts)}): a trend{judged}")
        elif signal == "shift":
            out.append(f"{measure}, {area}, from {month(first['period'])}: {months} months "
                       f"in a row {direction} the {'median' if result.chart == 'run' else 'mean'} "
                       f"of {wording.number(first['mean'])}: a shift{judged}")
        else:
            side = "upper" if direction == "above" else "lower"
            out.append(f"{measure}, {area}, {month(first['period'])} to "
                       f"{month(frame.iloc[end]['period'])}: {months} of three months "
                       f"beyond two sigma near the {side} process limit (special cause{judged})")
    if not out:
        out.append(f"{measure}, {area}, {month(frame['period'].iloc[0])} to "
                   f"{month(frame['period'].iloc[-1])}: common cause variation only, no "
                   f"month outside the process limits and no trend or shift")
    return out


def spc_summary(result: Any, *, counts: bool = True) -> pd.DataFrame:
    """The chart's segments with their limits rounded for display (one decimal place)."""
    summary = result.summary.copy()
    for column in ("mean", "lower", "upper"):
        summary[column] = [_value(v, False) for v in summary[column]]
    summary["start"] = summary["start"].map(month)
    summary["end"] = summary["end"].map(month)
    return summary


def validate_monthly(area: str, measure: str, rebase: str | None) -> dict[str, Any]:
    """Check the monthly-series notebook's parameters against the monthly outcomes table.

    Raises a ValueError naming the parameter, its value and the valid values.
    """
    from peelstats.data import monthly_outcomes

    table = monthly_outcomes()
    areas = dict(zip(table["area_name"], table["area_code"])) | dict(
        zip(table["area_code"], table["area_code"]))
    if area not in areas:
        raise ValueError(f"area {area!r} has no monthly outcomes; choose one of: "
                         + ", ".join(repr(a) for a in sorted(set(table["area_name"]))))
    groups = list(dict.fromkeys(table["outcome_group"]))
    if measure not in groups:
        raise ValueError(f"measure {measure!r} is not an outcome group; choose one of: "
                         + ", ".join(repr(g) for g in groups))
    periods = sorted(set(table["period"]))
    if rebase is not None and rebase not in periods:
        raise ValueError(f"rebase {rebase!r} is not a month of the table ({periods[0]} to "
                         f"{periods[-1]}, written YYYY-MM)")
    return {"area_code": areas[area], "area": area, "measure": measure, "rebase": rebase}


def monthly_spc(parameters: dict[str, Any], *, rebase: str | None = None) -> Any:
    """The XmR chart of the measure's monthly counts (from :func:`validate_monthly`)."""
    from peelstats.data import monthly_outcomes
    from peelstats.stats.spc import spc

    table = monthly_outcomes()
    rows = table[(table["area_code"] == parameters["area_code"])
                 & (table["outcome_group"] == parameters["measure"])]
    return spc(rows["count"].to_numpy(), rows["period"].tolist(), rebase=rebase)
