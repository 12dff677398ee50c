"""SPC wording: what the process limits and rules of a chart say, in citable sentences.

Numbers are rounded by :mod:`peelstats.figures.wording` (counts with thousands separators,
other values to one decimal place, half away from zero).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from peelstats.figures import wording

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")

_SIGNAL = {
    "outside": "{position} the {limit} process limit (special cause)",
    "two_of_three": "two of three months in a row near the {limit} process limit, {side} "
                    "two sigma (special cause)",
}


def month(value: str) -> str:
    """A month ``YYYY-MM`` as written in text.

    >>> month("2020-04")
    'April 2020'
    """
    try:
        year, number = str(value).split("-")
        return f"{_MONTHS[int(number) - 1]} {int(year)}"
    except (ValueError, IndexError):
        raise ValueError(f"month must be written YYYY-MM, got {value!r}") from None


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
