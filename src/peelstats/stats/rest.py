"""A part compared with the whole that contains it: compare it with the rest of the whole.

A force is part of England and Wales, so its figure is part of the England and Wales
figure: the two are not independent, and a test that treats them as independent
understates the difference (the force pulls the national figure towards itself). The
documented way is to compare the force with the rest of England and Wales: counts minus
counts, denominators minus denominators (DESIGN.md, "Statistics that must be right").

`rest_of` does the subtraction with its checks; `compare_proportion_with_rest` and
`compare_rate_with_rest` do the subtraction and the comparison in one call.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from peelstats.stats._results import Comparison
from peelstats.stats._validation import (
    Problems,
    align,
    as_float_array,
    check_finite_positive,
    check_not_above,
)
from peelstats.stats.compare import compare_proportions, compare_rates


def rest_of(whole: Any, part: Any, *, name: str = "part") -> Any:
    """The rest of a whole once a part it contains is taken out: ``whole - part``.

    Parameters
    ----------
    whole : array_like
        A count or denominator of the whole (England and Wales).
    part : array_like
        The same quantity for the part (a force), broadcast against `whole`.
    name : str, default "part"
        How the part is named in error messages (``"x"``, ``"n"``, ``"count"`` ...).

    Returns
    -------
    float or ndarray
        ``whole - part``; NaN where either is NaN.

    Raises
    ------
    ValueError
        Where the part exceeds the whole (it cannot be contained in it), naming each
        position and both values.

    Examples
    --------
    >>> rest_of(60_000, 1_500)
    58500.0
    >>> rest_of([100, 50], [20, 60], name="count")
    Traceback (most recent call last):
    ...
    ValueError: count (60) exceeds count of the whole (50) at position 1
    """
    labels, (whole, part) = align(**{f"{name} of the whole": whole, name: part})
    whole_array = as_float_array(f"{name} of the whole", whole)
    part_array = as_float_array(name, part)
    check_not_above(name, part_array, f"{name} of the whole", whole_array, labels.rows)
    rest = whole_array - part_array
    return float(rest) if rest.ndim == 0 else labels.label(rest, name)


def _check_rest_not_empty(name: str, rest: Any) -> None:
    # A part that is the whole leaves nothing to compare with.
    check_finite_positive(f"{name} of the rest (whole minus part)", np.asarray(rest, float))


def compare_proportion_with_rest(x: Any, n: Any, x_whole: Any, n_whole: Any, *,
                                 confidence: float = 0.95,
                                 method: str = "newcombe") -> Comparison:
    """Compare a part's proportion with the rest of the whole that contains it.

    The comparison is `compare_proportions(x, n, x_whole - x, n_whole - n)`: the part
    (A) against the rest (B). `value` is the part's proportion minus the rest's.

    Parameters
    ----------
    x, n : array_like
        Successes and trials of the part (a force).
    x_whole, n_whole : array_like
        Successes and trials of the whole that contains it (England and Wales).
    confidence, method
        As for `compare_proportions`.

    Raises
    ------
    ValueError
        Where a part's count exceeds the whole's, or the part is the whole (no rest).

    Examples
    --------
    >>> c = compare_proportion_with_rest(881, 1000, 85_000, 100_000)
    >>> round(c.value, 4), c.verdict
    (0.031, 'higher')
    """
    labels, (x, n, x_whole, n_whole) = align(x=x, n=n, x_whole=x_whole, n_whole=n_whole)
    problems = Problems()
    problems.check(rest_of, x_whole, x, name="x")
    problems.check(rest_of, n_whole, n, name="n")
    problems.raise_all()
    x_rest, n_rest = rest_of(x_whole, x, name="x"), rest_of(n_whole, n, name="n")
    _check_rest_not_empty("n", n_rest)
    return labels.apply(compare_proportions(x, n, x_rest, n_rest, confidence=confidence,
                                            method=method))  # type: ignore[arg-type]


def compare_rate_with_rest(count: Any, denominator: Any, count_whole: Any,
                           denominator_whole: Any, *, confidence: float = 0.95,
                           method: str = "exact", alternative: str = "two-sided",
                           null_ratio: Any = 1.0) -> Comparison:
    """Compare a part's rate with the rest of the whole that contains it (rate ratio).

    The comparison is `compare_rates(count, denominator, count_whole - count,
    denominator_whole - denominator)`: the part's rate over the rest's rate.

    Parameters
    ----------
    count, denominator : array_like
        Events and population of the part (a force).
    count_whole, denominator_whole : array_like
        Events and population of the whole (England and Wales).
    confidence, method, alternative, null_ratio
        As for `compare_rates`.

    Raises
    ------
    ValueError
        Where a part's count or denominator exceeds the whole's, or the part is the
        whole (no rest).

    Examples
    --------
    >>> c = compare_rate_with_rest(54_900, 1_000_000, 3_600_000, 60_000_000)
    >>> round(c.value, 4), c.verdict
    (0.9137, 'lower')
    """
    labels, (count, denominator, count_whole, denominator_whole) = align(
        count=count, denominator=denominator, count_whole=count_whole,
        denominator_whole=denominator_whole)
    problems = Problems()
    problems.check(rest_of, count_whole, count, name="count")
    problems.check(rest_of, denominator_whole, denominator, name="denominator")
    problems.raise_all()
    count_rest = rest_of(count_whole, count, name="count")
    denominator_rest = rest_of(denominator_whole, denominator, name="denominator")
    _check_rest_not_empty("denominator", denominator_rest)
    return labels.apply(compare_rates(count, denominator, count_rest, denominator_rest,
                                      confidence=confidence, method=method,  # type: ignore[arg-type]
                                      alternative=alternative,  # type: ignore[arg-type]
                                      null_ratio=null_ratio))
