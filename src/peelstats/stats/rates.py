"""Confidence intervals for a crude rate: `rate`.

A rate is `count` events per `denominator` (population or households), times `per`
(1,000 by default): "54.9 crimes per 1,000 population". Counts of crimes are treated as
Poisson, so the interval is one for a Poisson mean, divided by the denominator.

References
----------
.. [1] Breslow NE, Day NE. Statistical Methods in Cancer Research, volume II: the design
   and analysis of cohort studies. IARC Scientific Publications 82. Lyon: IARC, 1987,
   p. 69 (Byar's approximation to the exact Poisson limits).
.. [2] Garwood F. Fiducial limits for the Poisson distribution. Biometrika 1936;
   28:437-442. doi:10.1093/biomet/28.3-4.437
.. [3] Eayres D. Technical Briefing 3: Commonly used public health statistics and their
   confidence intervals. York: Association of Public Health Observatories, 2008 (exact
   limits for fewer than 10 events, Byar's method otherwise), the rule of the Fingertips
   profiles and of PHEindicatormethods ``calculate_rate`` (Fox G, Fingertips team).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Literal

import numpy as np
from scipy import special

from peelstats.stats._results import Estimate
from peelstats.stats._validation import (
    Problems,
    align,
    as_float_array,
    check_confidence,
    check_count,
    check_not_huge,
    check_finite_positive,
    choose,
)
from peelstats.stats.proportions import normal_quantile

RateMethod = Literal["fingertips", "byar", "exact", "wald"]

#: Below this many events the `fingertips` method uses exact limits (Fingertips rule [3]).
FINGERTIPS_EXACT_BELOW = 10

Interval = tuple[np.ndarray, np.ndarray]


def _byar(count: np.ndarray, z: float) -> Interval:
    # Byar's approximation, Breslow & Day 1987 [1], p. 69:
    #   lower = O (1 - 1/(9 O) - z / (3 sqrt O))^3
    #   upper = (O + 1) (1 - 1/(9 (O + 1)) + z / (3 sqrt(O + 1)))^3
    # At O = 0 the lower limit is 0. Where the lower limit's base is negative (a handful of
    # events at a high confidence, e.g. 1 event at 99.8%) the approximation has no value:
    # its cube would be a negative limit for a Poisson mean (PHEindicatormethods returns
    # NaN). There the exact limit it approximates (Garwood [2]) is used, as the
    # Fingertips rule [3] uses exact limits for few events.
    with np.errstate(divide="ignore", invalid="ignore"):
        base = 1.0 - 1.0 / (9.0 * count) - z / (3.0 * np.sqrt(count))
        lower = np.where(count == 0, 0.0, np.where(base >= 0, count * base ** 3, np.nan))
    undefined = (count > 0) & (base < 0)
    if undefined.any():
        lower = np.where(undefined, _exact(count, z)[0], lower)
    after = count + 1.0
    upper = after * (1.0 - 1.0 / (9.0 * after) + z / (3.0 * np.sqrt(after))) ** 3
    return lower, upper


def _exact(count: np.ndarray, z: float) -> Interval:
    # Garwood 1936 [2]: chi2(tail; 2 O) / 2 and chi2(1 - tail; 2 (O + 1)) / 2, computed as
    # gamma quantiles; the lower limit is 0 at O = 0.
    tail = special.ndtr(-z)
    with np.errstate(invalid="ignore"):
        lower = np.where(count == 0, 0.0, special.gammaincinv(count, tail))
    upper = special.gammaincinv(count + 1.0, 1.0 - tail)
    return lower, upper


def _fingertips(count: np.ndarray, z: float) -> Interval:
    # Fingertips [3]: exact limits below 10 events, Byar's approximation from 10 upward.
    small = count < FINGERTIPS_EXACT_BELOW
    if not small.any():
        return _byar(count, z)
    exact_lower, exact_upper = _exact(count, z)
    byar_lower, byar_upper = _byar(count, z)
    return np.where(small, exact_lower, byar_lower), np.where(small, exact_upper, byar_upper)


def _wald(count: np.ndarray, z: float) -> Interval:
    # O +/- z sqrt(O), the lower limit truncated at 0; zero width at O = 0. For comparison.
    half = z * np.sqrt(count)
    return np.maximum(count - half, 0.0), count + half


#: Interval methods for a Poisson count: name -> function of (count, z).
RATE_METHODS: dict[str, Callable[[np.ndarray, float], Interval]] = {
    "fingertips": _fingertips,
    "byar": _byar,
    "exact": _exact,
    "wald": _wald,
}


def rate(count: Any, denominator: Any, *, per: Any = 1000, confidence: float = 0.95,
         method: RateMethod = "fingertips") -> Estimate:
    r"""Estimate a crude rate count / denominator * per with its confidence interval.

    Parameters
    ----------
    count : array_like
        Events (recorded crimes), zero or more. Zero events is a valid rate.
    denominator : array_like
        Population or households, > 0. The count may exceed it (crimes per person).
    per : array_like, default 1000
        Multiplier (> 0): 1,000 gives "per 1,000 population".
    confidence : float, default 0.95
        Two-sided confidence level, a fraction in (0, 1).
    method : {'fingertips', 'byar', 'exact', 'wald'}
        ``fingertips`` (default) follows the Fingertips rule [3]: ``exact`` below 10
        events, ``byar`` from 10 events upward.

    Returns
    -------
    Estimate
        ``kind='rate'`` with `value`, `lower`, `upper` in events per `per`, and the
        inputs `count`, `denominator`, `per`.

    Raises
    ------
    ValueError
        For a negative or infinite count, a denominator or `per` that is not positive and
        finite, a confidence outside (0, 1) or an unknown method, naming every bad position.

    Notes
    -----
    With :math:`O` the count and :math:`z` the normal quantile, the limits for the Poisson
    mean are, before scaling by per / denominator:

    - ``byar``: :math:`O(1 - \frac{1}{9O} - \frac{z}{3\sqrt{O}})^3` and
      :math:`(O+1)(1 - \frac{1}{9(O+1)} + \frac{z}{3\sqrt{O+1}})^3`
      (Breslow & Day 1987 [1], p. 69). Where the lower bracket is negative (very few
      events at a high confidence, such as 1 event at 99.8%) the approximation has no
      value, and the exact lower limit (below) is given instead.
    - ``exact``: Garwood's limits [2],
      :math:`\chi^2_{\alpha/2}(2O)/2` and :math:`\chi^2_{1-\alpha/2}(2O+2)/2`.
    - ``wald``: :math:`O \pm z\sqrt{O}`, lower limit truncated at 0; for comparison only.

    Assumptions: the count is Poisson with a mean proportional to the denominator, which
    is known without error. Edge cases: zero events gives value 0 and lower limit 0
    (exact, fingertips, byar) with a positive upper limit; a tiny denominator with a
    large multiplier gives a wide interval, never a failure. NaN in gives NaN out.
    Labelled inputs (pandas Series) are paired by label, never by position (different
    labels are an error), and the result's fields are Series with the first one's index.

    References
    ----------
    .. [1] Breslow NE, Day NE. Statistical Methods in Cancer Research, volume II. IARC
       Scientific Publications 82. Lyon: IARC, 1987, p. 69 (Byar's approximation).
    .. [2] Garwood F. Fiducial limits for the Poisson distribution. Biometrika 1936;
       28:437-442. doi:10.1093/biomet/28.3-4.437
    .. [3] Eayres D. Technical Briefing 3: Commonly used public health statistics and
       their confidence intervals. York: Association of Public Health Observatories,
       2008 (exact limits below 10 events, Byar's method otherwise).

    Examples
    --------
    >>> est = rate(65, 100, per=100)
    >>> round(est.lower, 6), round(est.upper, 6)
    (50.163188, 82.849139)
    >>> zero = rate(0, 2500, per=100_000)
    >>> zero.value, zero.lower, round(zero.upper, 1)
    (0.0, 0.0, 147.6)
    >>> rate([1, 20], [100, 100], per=100).method
    'fingertips'
    """
    labels, (count, denominator, per) = align(count=count, denominator=denominator, per=per)
    return labels.apply(rate_with_labels(count, denominator, per=per, confidence=confidence,
                                         method=method, labels=labels.rows))


def rate_with_labels(count: Any, denominator: Any, *, per: Any = 1000,
                     confidence: float = 0.95, method: str = "fingertips",
                     labels: Sequence[Any] | None = None) -> Estimate:
    """`rate`, with row labels used in validation messages (for the frame entry points)."""
    confidence = check_confidence(confidence)
    interval = choose(method, RATE_METHODS)
    count_array = as_float_array("count", count)
    denominator_array = as_float_array("denominator", denominator)
    per_array = as_float_array("per", per)
    problems = Problems()
    problems.check(check_count, "count", count_array, labels)
    problems.check(check_not_huge, "count", count_array, labels)
    problems.check(check_finite_positive, "denominator", denominator_array, labels)
    problems.check(check_finite_positive, "per", per_array, labels)
    problems.raise_all()

    z = normal_quantile(confidence)
    lower, upper = interval(count_array, z)
    scale = per_array / denominator_array
    value = count_array * scale
    lower = lower * scale
    upper = upper * scale
    missing = np.isnan(value)
    if missing.any():
        lower = np.where(missing, np.nan, lower)
        upper = np.where(missing, np.nan, upper)
    return Estimate(value=value, lower=lower, upper=upper, confidence=confidence,
                    method=method, kind="rate", count=count_array,
                    denominator=denominator_array, per=per_array)
