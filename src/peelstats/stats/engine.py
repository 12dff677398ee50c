"""The comparison engine: the one place that knows which comparison fits which pair.

Every verdict peelstats prints ("higher than", "broadly in line with", "fell more than")
comes from `compare`, which reads the kinds of the two results and calls the comparison
their kinds call for:

===========================  =================  ===========================================
estimate                     versus             comparison (default `method`)
===========================  =================  ===========================================
rate                         rate               `compare_rates`: exact conditional test of
                                                the rate ratio (``exact``)
proportion                   proportion         `compare_proportions` on the effective
                                                counts x / deff, n / deff (``newcombe``)
survey or proportion         survey             `compare_estimates` from the two intervals
survey                       proportion         (``normal``)
ratio (of two rates)         ratio              `compare_changes`: the ratio of the two
percent_change               percent_change     rate ratios (``mover``)
TrendResult                  TrendResult        `compare_trends`: the ratio of the annual
                                                rate ratios (``welch``)
===========================  =================  ===========================================

With ``within=True`` `versus` is a whole that contains `estimate` (a force within England
and Wales): the comparison is then with the rest of the whole, the whole's counts minus
the part's (DESIGN.md, "Statistics that must be right"). That needs counts, so it is
offered for rates, proportions, ratios of rates and changes; a survey figure known only
by its margin, or a fitted trend, cannot be taken out of the whole that contains it.
"""

from __future__ import annotations

import math
from typing import Any, Callable

from peelstats.stats._results import Comparison, Estimate
from peelstats.stats._validation import check_confidence, choose
from peelstats.stats.change import compare_changes
from peelstats.stats.compare import compare_estimates, compare_rates, difference_of_proportions
from peelstats.stats.rest import rest_of
from peelstats.stats.trend import TrendResult
from peelstats.stats.trend_compare import compare_trends

#: The default method of each family of comparison; `method=` overrides it.
DEFAULT_METHODS: dict[str, str] = {
    "rates": "exact",
    "proportions": "newcombe",
    "intervals": "normal",
    "ratios": "mover",
    "trends": "welch",
}


def _effective(estimate: Estimate) -> tuple[Any, Any]:
    """x and n shrunk by the design effect (Kish): the sample a simple random sample matches."""
    if estimate.deff is None:
        return estimate.x, estimate.n
    return estimate.x / estimate.deff, estimate.n / estimate.deff


def _needs(estimate: Estimate, name: str, fields: tuple[str, ...]) -> None:
    missing = [field for field in fields if getattr(estimate, field) is None]
    if missing:
        raise ValueError(f"{name} is a {estimate.kind} without {', '.join(missing)}: the "
                         f"comparison needs the counts behind it (make it with the function "
                         f"that keeps them, e.g. rate(), proportion(), change() or "
                         f"rate_ratio())")


def _rest(whole: Any, part: Any, name: str) -> Any:
    return None if whole is None and part is None else rest_of(whole, part, name=name)


def _rates(a: Estimate, b: Estimate, within: bool, confidence: float, method: str,
           dispersion: Any) -> Comparison:
    _needs(a, "estimate", ("count", "denominator"))
    _needs(b, "versus", ("count", "denominator"))
    count, denominator = b.count, b.denominator
    if within:
        count = _rest(b.count, a.count, "count")
        denominator = _rest(b.denominator, a.denominator, "denominator")
    return compare_rates(a.count, a.denominator, count, denominator, confidence=confidence,
                         method=method)


def _proportions(a: Estimate, b: Estimate, within: bool, confidence: float, method: str,
                 dispersion: Any) -> Comparison:
    _needs(a, "estimate", ("x", "n"))
    _needs(b, "versus", ("x", "n"))
    x1, n1 = _effective(a)
    x2, n2 = _effective(b)
    if within:
        x2, n2 = _rest(x2, x1, "x"), _rest(n2, n1, "n")
    # Effective counts x / deff may lie below 1, which a count of successes may not.
    return difference_of_proportions(x1, n1, x2, n2, confidence=confidence, method=method,
                                     counts=False)


def _intervals(a: Estimate, b: Estimate, within: bool, confidence: float, method: str,
               dispersion: Any) -> Comparison:
    choose(method, {"normal": None})
    return compare_estimates(a, b, confidence=confidence)


_RATIO_FIELDS = ("count1", "count2")


def _ratios(a: Estimate, b: Estimate, within: bool, confidence: float, method: str,
            dispersion: Any) -> Comparison:
    """Two ratios of rates (or two changes, later over earlier): their ratio."""
    _needs(a, "estimate", _RATIO_FIELDS)
    _needs(b, "versus", _RATIO_FIELDS)
    count1, denominator1 = b.count1, b.denominator1
    count2, denominator2 = b.count2, b.denominator2
    if within:
        count1, count2 = _rest(b.count1, a.count1, "count1"), _rest(b.count2, a.count2, "count2")
        denominator1 = _rest(b.denominator1, a.denominator1, "denominator1")
        denominator2 = _rest(b.denominator2, a.denominator2, "denominator2")
    # compare_changes reads a ratio as after / before: the numerator is "after".
    return compare_changes(a.count2, a.count1, count2, count1,
                           denominator_before1=a.denominator2, denominator_after1=a.denominator1,
                           denominator_before2=denominator2, denominator_after2=denominator1,
                           confidence=confidence, dispersion=dispersion, method=method)


_Compare = Callable[[Estimate, Estimate, bool, float, str, Any], Comparison]

#: Pair of kinds → (family, comparison, can be made against the rest of a whole).
_PAIRS: dict[tuple[str, str], tuple[str, _Compare, bool]] = {
    ("rate", "rate"): ("rates", _rates, True),
    ("proportion", "proportion"): ("proportions", _proportions, True),
    ("survey", "survey"): ("intervals", _intervals, False),
    ("survey", "proportion"): ("intervals", _intervals, False),
    ("proportion", "survey"): ("intervals", _intervals, False),
    ("ratio", "ratio"): ("ratios", _ratios, True),
    ("percent_change", "percent_change"): ("ratios", _ratios, True),
}


def _refuse(a: Any, b: Any) -> ValueError:
    kinds = [type(r).__name__ if not isinstance(r, Estimate) else r.kind for r in (a, b)]
    return ValueError(
        f"cannot compare a {kinds[0]} with a {kinds[1]}: estimates of different kinds "
        f"measure different things on different scales (a rate per 1,000 is not a "
        f"percentage); compare like with like: "
        + ", ".join(f"{x}/{y}" for x, y in _PAIRS) + ", or two trends")


def compare(estimate: Estimate | TrendResult, versus: Estimate | TrendResult, *,
            within: bool = False, confidence: float | None = None,
            method: str | None = None, dispersion: Any = 1.0) -> Comparison:
    """Compare `estimate` with `versus` as their kinds call for (see the module docstring).

    Parameters
    ----------
    estimate, versus : Estimate or TrendResult
        The figure (A) and its comparator (B), of kinds that can be compared: two rates,
        two proportions, two survey figures (or a survey figure and a proportion), two
        ratios of rates, two percent changes, or two fitted trends. They must have the
        same confidence level.
    within : bool, default False
        `versus` contains `estimate` (a force within England and Wales): compare with the
        rest of `versus`, its counts minus the estimate's. Needs counts on both.
    confidence : float, optional
        Two-sided level of the comparison; defaults to the estimates' own level.
    method : str, optional
        The comparison's method; defaults to the family's (`DEFAULT_METHODS`): ``exact``
        for rates, ``newcombe`` for proportions, ``normal`` for intervals, ``mover`` for
        ratios and changes, ``welch`` for trends.
    dispersion : float, default 1
        Over-dispersion of a comparison of two ratios or changes (`compare_changes`).

    Returns
    -------
    Comparison
        `verdict` is ``higher`` / ``lower`` / ``similar`` (A against B) at `confidence`.

    Raises
    ------
    ValueError
        For a pair of different kinds (saying why), different confidence levels, results
        without the counts a comparison needs, or ``within=True`` where the part cannot
        be taken out of the whole.

    Examples
    --------
    A published survey figure against England and Wales (PEEL 2014, Cambridgeshire):

    >>> from peelstats.stats.proportions import survey_proportion
    >>> compare(survey_proportion(0.881, 0.013), survey_proportion(0.850, 0.002)).verdict
    'higher'

    A force's rate against the rest of England and Wales that contains it:

    >>> from peelstats.stats.rates import rate
    >>> force, whole = rate(54_900, 1_000_000), rate(3_600_000, 60_000_000)
    >>> result = compare(force, whole, within=True)
    >>> round(result.value, 4), result.verdict
    (0.9137, 'lower')
    >>> compare(force, survey_proportion(0.881, 0.013))
    Traceback (most recent call last):
    ...
    ValueError: cannot compare a rate with a survey: estimates of different kinds measure different things on different scales (a rate per 1,000 is not a percentage); compare like with like: rate/rate, proportion/proportion, survey/survey, survey/proportion, proportion/survey, ratio/ratio, percent_change/percent_change, or two trends
    """
    if isinstance(estimate, TrendResult) or isinstance(versus, TrendResult):
        if not (isinstance(estimate, TrendResult) and isinstance(versus, TrendResult)):
            raise _refuse(estimate, versus)
        if within:
            raise ValueError("within=True cannot take a fitted trend out of the trend of "
                             "the whole: fit the trend of the rest (the whole's counts "
                             "minus the part's) and compare with that")
        choose(method or DEFAULT_METHODS["trends"], {"welch": None})
        return compare_trends(estimate, versus, confidence=confidence)
    for name, result in (("estimate", estimate), ("versus", versus)):
        if not isinstance(result, Estimate):
            raise ValueError(f"{name} must be an Estimate or a TrendResult, got "
                             f"{type(result).__name__}")
    if not math.isclose(float(estimate.confidence), float(versus.confidence)):
        raise ValueError(f"estimate and versus must have the same confidence, got "
                         f"{float(estimate.confidence):g} and {float(versus.confidence):g}")
    pair = (estimate.kind, versus.kind)
    if pair not in _PAIRS:
        raise _refuse(estimate, versus)
    family, function, separable = _PAIRS[pair]
    if within and not separable:
        raise ValueError(
            f"within=True needs counts to take the estimate out of versus: both must be "
            f"rates, proportions, ratios of rates or changes, got {pair[0]!r} and "
            f"{pair[1]!r}; a survey figure known only by its margin cannot be separated "
            f"from the whole that contains it")
    level = check_confidence(float(estimate.confidence) if confidence is None else confidence)
    return function(estimate, versus, within, level, method or DEFAULT_METHODS[family],
                    dispersion)
