"""Comparisons of two estimates: `compare_proportions`, `compare_rates`, `compare_estimates`.

Each returns a `Comparison` with the value, its interval, a p-value and the `verdict`
(`higher`, `lower`, `similar`) at the stated confidence. The verdict comes from the
interval, and the p-value of each method defined here is the one that matches its
interval, so that the two never contradict each other (the ``e_test`` rate-ratio method
pairs the exact interval with the more powerful test of `peelstats.stats.poisson_tests`
and says so). The exact conditional interval is written once, in
`peelstats.stats._rate_ratio`. For a part compared with a whole that contains it (a
force against England and Wales), see `peelstats.stats.rest`.

References
----------
.. [1] Newcombe RG. Interval estimation for the difference between independent
   proportions: comparison of eleven methods. Stat Med 1998; 17:873-890 (method 10,
   the hybrid score interval; method 6, the Miettinen-Nurminen score interval).
   doi:10.1002/(SICI)1097-0258(19980430)17:8<873::AID-SIM779>3.0.CO;2-I
.. [2] Miettinen O, Nurminen M. Comparative analysis of two rates. Stat Med 1985;
   4:213-226. doi:10.1002/sim.4780040211
.. [3] Farrington CP, Manning G. Test statistics and sample size formulae for
   comparative binomial trials with null hypothesis of non-zero risk difference or
   non-unity relative risk. Stat Med 1990; 9:1447-1454 (closed-form restricted
   maximum likelihood estimates). doi:10.1002/sim.4780091208
.. [4] Ulm K. A simple method to calculate the confidence interval of a standardized
   mortality ratio (SMR). Am J Epidemiol 1990; 131:373-375.
   doi:10.1093/oxfordjournals.aje.a115507
.. [5] Fay MP. Two-sided exact tests and matching confidence intervals for discrete
   data. R Journal 2010; 2(1):53-58 (the central p-value matches the Clopper-Pearson
   interval). doi:10.32614/RJ-2010-008
.. [6] Breslow NE, Day NE. Statistical Methods in Cancer Research, volume II. IARC
   Scientific Publications 82. Lyon: IARC, 1987, section 2.2 and 3.2 (the conditional
   binomial test of a rate ratio; the log-scale standard error sqrt(1/O1 + 1/O2)).
.. [7] Altman DG, Bland JM. How to obtain the confidence interval from a P value.
   BMJ 2011; 343:d2090 (the standard error from a published interval).
   doi:10.1136/bmj.d2090
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, Protocol

import numpy as np
from scipy import special

from peelstats.stats._results import Comparison, Estimate, verdict_from_interval
from peelstats.stats._validation import (
    Problems,
    align,
    as_float_array,
    check_confidence,
    check_count,
    check_not_huge,
    check_finite_positive,
    check_nonzero,
    check_not_above,
    check_not_fraction,
    choose,
)
from peelstats.stats._rate_ratio import exact_ratio
from peelstats.stats.poisson_tests import e_test
from peelstats.stats.proportions import _wilson, normal_quantile, proportion_with_labels
from peelstats.stats.rates import rate

DifferenceMethod = Literal["newcombe", "miettinen_nurminen", "wald"]
RatioMethod = Literal["exact", "wald", "e_test"]
Alternative = Literal["two-sided", "greater", "less"]

Interval = tuple[np.ndarray, np.ndarray]

#: Bisection steps for the score interval and interval-inversion p-values: each halves
#: the bracket, so 64 steps take a bracket of width 2 below the float spacing near 1.
_BISECTION_STEPS = 64
#: Newton steps that polish the closed-form root of the restricted-MLE cubic (each about
#: doubles its correct digits).
_NEWTON_STEPS = 2


# --------------------------------------------------------------------------------------
# Difference of two proportions
# --------------------------------------------------------------------------------------

def _newcombe_limits(x1: np.ndarray, n1: np.ndarray, x2: np.ndarray, n2: np.ndarray,
                     z: np.ndarray | float) -> Interval:
    # Newcombe 1998 [1], method 10: square-and-add the Wilson limits of each proportion.
    p1, p2 = x1 / n1, x2 / n2
    l1, u1 = _wilson(x1, n1, z)
    l2, u2 = _wilson(x2, n2, z)
    d = p1 - p2
    lower = d - np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    upper = d + np.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return lower, upper


def _newcombe(x1: np.ndarray, n1: np.ndarray, x2: np.ndarray, n2: np.ndarray,
              z: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    lower, upper = _newcombe_limits(x1, n1, x2, n2, z)
    d = x1 / n1 - x2 / n2
    # The p-value that matches the interval: 1 - the largest confidence at which the
    # interval excludes 0. The limit nearer 0 moves monotonically towards 0 as z grows,
    # so bisect on z for the crossing.
    positive = d > 0
    shape = np.broadcast_shapes(np.shape(x1), np.shape(n1), np.shape(x2), np.shape(n2))
    z_low = np.zeros(shape)
    z_high = np.full(shape, 40.0)  # 2 * ndtr(-40) underflows to 0
    for _ in range(_BISECTION_STEPS):
        z_mid = (z_low + z_high) / 2.0
        mid_lower, mid_upper = _newcombe_limits(x1, n1, x2, n2, z_mid)
        excludes = np.where(positive, mid_lower > 0, mid_upper < 0)
        z_low = np.where(excludes, z_mid, z_low)
        z_high = np.where(excludes, z_high, z_mid)
    p_value = np.where(d == 0, 1.0, 2.0 * special.ndtr(-(z_low + z_high) / 2.0))
    return lower, upper, p_value


def _restricted_mle(p1: np.ndarray, n1: np.ndarray, p2: np.ndarray, n2: np.ndarray,
                    delta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    # Maximum likelihood estimates of (p1, p2) under p1 - p2 = delta: the root of a cubic
    # in closed form, Miettinen & Nurminen 1985 [2], Appendix 1; Farrington & Manning [3].
    theta = n2 / n1
    a = 1.0 + theta
    b = -(1.0 + theta + p1 + theta * p2 + delta * (theta + 2.0))
    c = delta * delta + delta * (2.0 * p1 + theta + 1.0) + p1 + theta * p2
    d = -p1 * delta * (1.0 + delta)
    v = b ** 3 / (27.0 * a ** 3) - b * c / (6.0 * a * a) + d / (2.0 * a)
    u = np.sign(v) * np.sqrt(np.maximum(b * b / (9.0 * a * a) - c / (3.0 * a), 0.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        cosine = np.clip(np.where(u == 0, 0.0, v / u ** 3), -1.0, 1.0)
    w = (np.pi + np.arccos(cosine)) / 3.0
    q1 = 2.0 * u * np.cos(w) - b / (3.0 * a)
    # The trigonometric form loses digits where arccos is near +-1 (small delta, large
    # samples: 3/10^7 - 0/10^7 kept 4 of them); Newton steps on the cubic itself give
    # the root its full precision back. At delta = 0 the estimate is the pooled
    # proportion (Miettinen & Nurminen [2]), exactly.
    for _ in range(_NEWTON_STEPS):
        slope = (3.0 * a * q1 + 2.0 * b) * q1 + c
        with np.errstate(divide="ignore", invalid="ignore"):
            step = (((a * q1 + b) * q1 + c) * q1 + d) / slope
        q1 = np.where(np.isfinite(step), q1 - step, q1)
    pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
    q1 = np.clip(np.where(delta == 0, pooled, q1), 0.0, 1.0)
    q2 = np.clip(q1 - delta, 0.0, 1.0)
    return q1, q2


def _mn_score(p1: np.ndarray, n1: np.ndarray, p2: np.ndarray, n2: np.ndarray,
              delta: np.ndarray) -> np.ndarray:
    # Miettinen & Nurminen 1985 [2]: (p1 - p2 - delta) / sqrt(V), V the restricted
    # variance with the N / (N - 1) correction.
    q1, q2 = _restricted_mle(p1, n1, p2, n2, delta)
    total = n1 + n2
    variance = (q1 * (1.0 - q1) / n1 + q2 * (1.0 - q2) / n2) * total / (total - 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return (p1 - p2 - delta) / np.sqrt(variance)


def _miettinen_nurminen(x1: np.ndarray, n1: np.ndarray, x2: np.ndarray, n2: np.ndarray,
                        z: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    p1, p2 = np.broadcast_arrays(x1 / n1, x2 / n2)
    n1, n2 = np.broadcast_arrays(n1, n2)
    d = p1 - p2
    # The score decreases in delta; bisect on arrays for score = +z (lower limit, in
    # [-1, d]) and score = -z (upper limit, in [d, 1]).
    low_a, low_b = np.full(d.shape, -1.0), d.copy()
    up_a, up_b = d.copy(), np.full(d.shape, 1.0)
    for _ in range(_BISECTION_STEPS):
        mid = (low_a + low_b) / 2.0
        above = _mn_score(p1, n1, p2, n2, mid) > z
        low_a = np.where(above, mid, low_a)
        low_b = np.where(above, low_b, mid)
        mid = (up_a + up_b) / 2.0
        below = _mn_score(p1, n1, p2, n2, mid) < -z
        up_a = np.where(below, up_a, mid)
        up_b = np.where(below, mid, up_b)
    lower = np.where(d <= -1.0, -1.0, (low_a + low_b) / 2.0)
    upper = np.where(d >= 1.0, 1.0, (up_a + up_b) / 2.0)
    # The score test at delta = 0 (pooled variance with the N / (N - 1) factor).
    score0 = _mn_score(p1, n1, p2, n2, np.zeros(d.shape))
    p_value = np.where(d == 0, 1.0, 2.0 * special.ndtr(-np.abs(score0)))
    return lower, upper, p_value


def _wald_difference(x1: np.ndarray, n1: np.ndarray, x2: np.ndarray, n2: np.ndarray,
                     z: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    # Newcombe 1998 [1], method 1: d +/- z sqrt(p1 q1 / n1 + p2 q2 / n2), truncated to
    # [-1, 1]; zero width when both proportions are 0 or 1. For comparison only.
    p1, p2 = x1 / n1, x2 / n2
    d = p1 - p2
    se = np.sqrt(p1 * (1.0 - p1) / n1 + p2 * (1.0 - p2) / n2)
    with np.errstate(divide="ignore", invalid="ignore"):
        p_value = np.where(d == 0, 1.0, 2.0 * special.ndtr(-np.abs(d) / se))
    return np.maximum(d - z * se, -1.0), np.minimum(d + z * se, 1.0), p_value


#: Methods for a difference of proportions: name -> f(x1, n1, x2, n2, z) giving
#: (lower, upper, p_value).
DIFFERENCE_METHODS: dict[str, Callable[..., tuple[np.ndarray, np.ndarray, np.ndarray]]] = {
    "newcombe": _newcombe,
    "miettinen_nurminen": _miettinen_nurminen,
    "wald": _wald_difference,
}


def compare_proportions(x1: Any, n1: Any, x2: Any, n2: Any, *, confidence: float = 0.95,
                        method: DifferenceMethod = "newcombe") -> Comparison:
    r"""Compare two independent proportions: the difference p1 - p2, its interval and test.

    Parameters
    ----------
    x1, n1 : array_like
        Successes and trials of the first group (A), 0 <= x1 <= n1, n1 > 0.
    x2, n2 : array_like
        Successes and trials of the second group (B). All four broadcast like numpy.
    confidence : float, default 0.95
        Two-sided confidence level, a fraction in (0, 1).
    method : {'newcombe', 'miettinen_nurminen', 'wald'}
        ``newcombe`` (default): hybrid score interval, Newcombe's method 10 [1].
        ``miettinen_nurminen``: score interval [2], Newcombe's method 6 [1].
        ``wald``: the simple asymptotic interval, Newcombe's method 1, for comparison.

    Returns
    -------
    Comparison
        ``measure='difference'``, ``null=0``: `value` = p1 - p2, `lower`, `upper`,
        `p_value`, `verdict` (``'higher'`` when A is significantly above B), with the two
        single-proportion Wilson estimates as `estimate1` and `estimate2`.

    Notes
    -----
    - ``newcombe``: with Wilson limits :math:`(l_i, u_i)` for each proportion,
      :math:`d - \sqrt{(p_1 - l_1)^2 + (u_2 - p_2)^2}` to
      :math:`d + \sqrt{(u_1 - p_1)^2 + (p_2 - l_2)^2}`. Its p-value is found by
      inverting the interval: the smallest 1 - confidence at which it excludes 0.
    - ``miettinen_nurminen``: all :math:`\delta` with
      :math:`|p_1 - p_2 - \delta| / \sqrt{\tilde V(\delta)} \le z`, where
      :math:`\tilde V` uses the maximum likelihood estimates under
      :math:`p_1 - p_2 = \delta` (closed form [3], polished by Newton steps on its cubic;
      the pooled proportion at :math:`\delta = 0` [2]) and the factor N / (N - 1), found
      by bisection on arrays. Its p-value is the score test at :math:`\delta = 0`.
    - ``wald``: :math:`d \pm z\sqrt{p_1q_1/n_1 + p_2q_2/n_2}`, truncated to [-1, 1], with
      the unpooled z-test.

    Assumptions: two independent binomial samples. Edge cases: zero or full counts in
    either group are valid (for 0/10 - 0/20 the score intervals are wide and include 0,
    the Wald interval degenerates to [0, 0]). A count strictly between 0 and 1 out of
    more than one trial is refused as a proportion given for a count (as in
    `proportion`); for survey proportions use `survey_change` or `compare_estimates`.
    Labelled inputs (Series) are paired by label and give Series fields. NaN in gives
    NaN out and an empty verdict.

    References
    ----------
    .. [1] Newcombe RG. Interval estimation for the difference between independent
       proportions: comparison of eleven methods. Stat Med 1998; 17:873-890 (methods
       1, 6 and 10; Table II).
    .. [2] Miettinen O, Nurminen M. Comparative analysis of two rates. Stat Med 1985;
       4:213-226. doi:10.1002/sim.4780040211
    .. [3] Farrington CP, Manning G. Test statistics and sample size formulae for
       comparative binomial trials with null hypothesis of non-zero risk difference or
       non-unity relative risk. Stat Med 1990; 9:1447-1454. doi:10.1002/sim.4780091208

    Examples
    --------
    Newcombe's (1998) example (a), 56/70 - 48/80, method 10:

    >>> c = compare_proportions(56, 70, 48, 80)
    >>> round(c.value, 4), round(c.lower, 4), round(c.upper, 4), c.verdict
    (0.2, 0.0524, 0.3339, 'higher')
    >>> c = compare_proportions(5, 56, 0, 29, method="miettinen_nurminen")
    >>> round(c.lower, 4), round(c.upper, 4), c.verdict
    (-0.0326, 0.1933, 'similar')
    """
    labels, (x1, n1, x2, n2) = align(x1=x1, n1=n1, x2=x2, n2=n2)
    return labels.apply(difference_of_proportions(x1, n1, x2, n2, confidence=confidence,
                                                  method=method, counts=True,
                                                  labels=labels.rows))


def difference_of_proportions(x1: Any, n1: Any, x2: Any, n2: Any, *, confidence: float,
                              method: str, counts: bool,
                              labels: Any = None) -> Comparison:
    """`compare_proportions` on inputs already paired; ``counts=False`` takes effective
    counts p n / deff below 1 (`survey_change`), which a count of successes is not."""
    confidence = check_confidence(confidence)
    compute = choose(method, DIFFERENCE_METHODS)
    x1a, n1a, x2a, n2a = (as_float_array(name, value) for name, value in
                          (("x1", x1), ("n1", n1), ("x2", x2), ("n2", n2)))
    problems = Problems()
    for x_name, x_array, n_name, n_array in (("x1", x1a, "n1", n1a), ("x2", x2a, "n2", n2a)):
        problems.check(check_count, x_name, x_array, labels)
        problems.check(check_finite_positive, n_name, n_array, labels)
        problems.check(check_not_huge, n_name, n_array, labels)
        problems.check(check_not_above, x_name, x_array, n_name, n_array, labels)
        if counts:
            problems.check(check_not_fraction, x_name, x_array, n_name, n_array, labels)
    problems.raise_all()

    z = normal_quantile(confidence)
    with np.errstate(invalid="ignore"):
        lower, upper, p_value = compute(x1a, n1a, x2a, n2a, z)
    value = x1a / n1a - x2a / n2a
    missing = np.isnan(value)
    if np.any(missing):
        lower, upper, p_value = (np.where(missing, np.nan, a) for a in (lower, upper, p_value))
    return Comparison(value=value, lower=lower, upper=upper, p_value=p_value,
                      verdict=verdict_from_interval(lower, upper, 0.0),
                      confidence=confidence, method=method, measure="difference", null=0.0,
                      estimate1=proportion_with_labels(x1a, n1a, confidence=confidence,
                                                       counts=counts),
                      estimate2=proportion_with_labels(x2a, n2a, confidence=confidence,
                                                       counts=counts))


# --------------------------------------------------------------------------------------
# Ratio of two rates
# --------------------------------------------------------------------------------------

class RateRatioMethod(Protocol):
    """A rate-ratio method: the interval for the ratio and the p-value against null_ratio.

    Each entry of `RATE_RATIO_METHODS` has this signature; a new method is added there
    under its lower-case name.
    """

    def __call__(self, count1: np.ndarray, denominator1: np.ndarray, count2: np.ndarray,
                 denominator2: np.ndarray, *, confidence: float, alternative: str,
                 null_ratio: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]: ...


def _wald_ratio(count1: np.ndarray, denominator1: np.ndarray, count2: np.ndarray,
                denominator2: np.ndarray, *, confidence: float, alternative: str,
                null_ratio: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    # log(r) +/- z sqrt(1/O1 + 1/O2) (Breslow & Day [6]). The log ratio has no standard
    # error when either count is 0: limits and p-value are then NaN (use `exact`).
    z = (normal_quantile(confidence) if alternative == "two-sided"
         else float(-special.ndtri(1.0 - confidence)))
    with np.errstate(invalid="ignore", divide="ignore"):
        zero = (count1 == 0) | (count2 == 0)
        log_ratio = np.log(count1 / denominator1) - np.log(count2 / denominator2)
        se = np.where(zero, np.nan, np.sqrt(1.0 / count1 + 1.0 / count2))
        lower = np.exp(log_ratio - z * se)
        upper = np.exp(log_ratio + z * se)
        statistic = (log_ratio - np.log(null_ratio)) / se
    if alternative == "greater":
        upper = np.where(zero, np.nan, np.inf)
        p_value = special.ndtr(-statistic)
    elif alternative == "less":
        lower = np.where(zero, np.nan, 0.0)
        p_value = special.ndtr(statistic)
    else:
        p_value = 2.0 * special.ndtr(-np.abs(statistic))
    return lower, upper, p_value


def e_test_ratio(count1: np.ndarray, denominator1: np.ndarray, count2: np.ndarray,
                 denominator2: np.ndarray, *, confidence: float, alternative: str,
                 null_ratio: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The ``e_test`` method of `compare_rates`: exact interval, E-test p-value.

    The interval of the rate ratio is the exact conditional (Clopper-Pearson) one of the
    ``exact`` method; the p-value is that of `e_test`. The null ratio :math:`r_0` becomes
    a null difference of 0 by dividing the second denominator by :math:`r_0`
    (:math:`\\lambda_1 = r_0\\lambda_2` is :math:`\\lambda_1 - \\lambda_2' = 0` for the rate
    :math:`\\lambda_2' = r_0\\lambda_2` of ``count2`` over ``denominator2 / r_0``).

    The E-test is more powerful than the exact conditional test (Krishnamoorthy and
    Thomson 2004), so its p-value can fall below ``1 - confidence`` while the exact
    interval still contains the null ratio; the verdict of `compare_rates` follows the
    interval.

    >>> lower, upper, p = e_test_ratio(np.array(6.0), np.array(1.0), np.array(2.0),
    ...                                np.array(1.0), confidence=0.95,
    ...                                alternative="two-sided", null_ratio=np.array(1.0))
    >>> round(float(p), 4)
    0.1749
    """
    lower, upper, _ = exact_ratio(
        count1, denominator1, count2, denominator2, confidence=confidence,
        alternative=alternative, null_ratio=null_ratio)
    result = e_test(count1, denominator1, count2, np.asarray(denominator2) / null_ratio,
                    alternative=alternative)  # type: ignore[arg-type]
    return lower, upper, np.asarray(result.p_value)


#: Methods for a ratio of two rates: name -> `RateRatioMethod`; a further method is
#: registered here by name.
RATE_RATIO_METHODS: dict[str, RateRatioMethod] = {
    "exact": exact_ratio,
    "wald": _wald_ratio,
    "e_test": e_test_ratio,
}

_ALTERNATIVES: dict[str, str] = {name: name for name in ("two-sided", "greater", "less")}


def compare_rates(count1: Any, denominator1: Any, count2: Any, denominator2: Any, *,
                  confidence: float = 0.95, method: RatioMethod = "exact",
                  alternative: Alternative = "two-sided", null_ratio: Any = 1.0) -> Comparison:
    r"""Compare two rates: the rate ratio (count1/denominator1) / (count2/denominator2).

    Parameters
    ----------
    count1, denominator1 : array_like
        Events and population of the first area or period (A); count >= 0, denominator > 0.
    count2, denominator2 : array_like
        Events and population of the second (B). All broadcast like numpy.
    confidence : float, default 0.95
        Confidence level of the interval, a fraction in (0, 1): two-sided for
        ``alternative='two-sided'``, one-sided otherwise.
    method : {'exact', 'wald', 'e_test'}
        ``exact`` (default): the conditional binomial test and its Clopper-Pearson
        interval. ``wald``: normal approximation on the log scale. ``e_test``: the
        exact interval with the p-value of the E-test of Krishnamoorthy and Thomson
        (2004), `peelstats.stats.poisson_tests.e_test`; being more powerful, its p-value
        can be below ``1 - confidence`` while the interval (and so the verdict) says
        ``similar``.
    alternative : {'two-sided', 'greater', 'less'}
        The alternative hypothesis about the ratio relative to `null_ratio`. One-sided
        alternatives give a one-sided interval (upper limit inf, or lower limit 0).
    null_ratio : array_like, default 1.0
        The ratio under the null hypothesis (> 0). The verdict says whether the ratio is
        significantly above (``'higher'``) or below (``'lower'``) it.

    Returns
    -------
    Comparison
        ``measure='ratio'``, ``null=null_ratio``, with the two rate estimates (per 1) as
        `estimate1` and `estimate2`.

    Notes
    -----
    ``exact``: given :math:`N = O_1 + O_2`, :math:`O_1 \sim \mathrm{Bin}(N, \pi)` with
    :math:`\pi = d_1 r / (d_1 r + d_2)`. The Clopper-Pearson limits for :math:`\pi` give
    the limits :math:`r = \pi d_2 / ((1 - \pi) d_1)` (Ulm 1990 [4]; Breslow & Day 1987
    [6]). The two-sided p-value is the central one (twice the smaller tail, at most 1),
    which matches the interval (Fay 2010 [5]); R's ``poisson.test`` gives the same
    interval but a different two-sided p-value.

    ``wald``: :math:`\log r \pm z\sqrt{1/O_1 + 1/O_2}` and the matching z-test.

    Assumptions: independent Poisson counts with means proportional to known
    denominators. Edge cases: with O1 = 0 the ratio is 0 and (exact) its lower limit 0;
    with O2 = 0 the ratio and the exact upper limit are inf; with no events in either
    group the ratio is NaN, the exact interval [0, inf], the p-value 1 and the verdict
    ``'similar'``. The Wald interval does not exist when either count is 0: method
    ``'wald'`` refuses such counts (use ``'exact'``). Labelled inputs (Series) are paired
    by label and give Series fields. NaN in gives NaN out.

    References
    ----------
    .. [4] Ulm K. A simple method to calculate the confidence interval of a standardized
       mortality ratio (SMR). Am J Epidemiol 1990; 131:373-375.
    .. [5] Fay MP. Two-sided exact tests and matching confidence intervals for discrete
       data. R Journal 2010; 2(1):53-58. doi:10.32614/RJ-2010-008
    .. [6] Breslow NE, Day NE. Statistical Methods in Cancer Research, volume II. IARC
       Scientific Publications 82. Lyon: IARC, 1987 (conditional test of a rate ratio;
       log-scale standard error).

    Examples
    --------
    R's ``poisson.test(c(11, 6 + 8 + 7), c(800, 1083 + 1050 + 878))`` example:

    >>> c = compare_rates(11, 800, 21, 3011)
    >>> round(c.value, 4), round(c.lower, 4), round(c.upper, 4), c.verdict
    (1.9715, 0.8584, 4.2773, 'similar')
    """
    confidence = check_confidence(confidence)
    compute = choose(method, RATE_RATIO_METHODS)
    alternative = choose(alternative, _ALTERNATIVES, what="alternative")
    labels, inputs = align(count1=count1, denominator1=denominator1, count2=count2,
                           denominator2=denominator2, null_ratio=null_ratio)
    names = ("count1", "denominator1", "count2", "denominator2", "null_ratio")
    c1, d1, c2, d2, r0 = (as_float_array(name, value) for name, value in zip(names, inputs))
    rows = labels.rows
    problems = Problems()
    problems.check(check_count, "count1", c1, rows)
    problems.check(check_not_huge, "count1", c1, rows)
    problems.check(check_finite_positive, "denominator1", d1, rows)
    problems.check(check_count, "count2", c2, rows)
    problems.check(check_not_huge, "count2", c2, rows)
    problems.check(check_finite_positive, "denominator2", d2, rows)
    problems.check(check_finite_positive, "null_ratio", r0, rows)
    if method == "wald":
        # The log rate ratio has no standard error at a count of 0: no Wald interval.
        for name, values in (("count1", c1), ("count2", c2)):
            problems.check(check_nonzero, name, values, rows,
                           why="method 'wald' has no interval when a count is 0 (the log "
                               "rate ratio has no standard error); use method 'exact'")
    problems.raise_all()

    lower, upper, p_value = compute(c1, d1, c2, d2, confidence=confidence,
                                    alternative=alternative, null_ratio=r0)
    with np.errstate(invalid="ignore", divide="ignore"):
        value = (c1 / d1) / (c2 / d2)
    missing = np.isnan(c1) | np.isnan(d1) | np.isnan(c2) | np.isnan(d2) | np.isnan(r0)
    if np.any(missing):
        lower, upper, p_value = (np.where(missing, np.nan, a) for a in (lower, upper, p_value))
    null = float(r0) if r0.ndim == 0 else r0
    return labels.apply(Comparison(
        value=value, lower=lower, upper=upper, p_value=p_value,
        verdict=verdict_from_interval(lower, upper, r0), confidence=confidence,
        method=method, measure="ratio", null=null,
        estimate1=rate(c1, d1, per=1, confidence=confidence),
        estimate2=rate(c2, d2, per=1, confidence=confidence)))



# --------------------------------------------------------------------------------------
# Two published estimates known by value and interval
# --------------------------------------------------------------------------------------

def compare_estimates(a: Estimate, b: Estimate, *, confidence: float = 0.95) -> Comparison:
    r"""Compare two independent estimates known only by value and interval: a - b.

    For published figures such as "88.1 percent (± 1.3 percent)" against "87.2 percent
    (± 1.3 percent)", where the counts behind them are not available.

    Parameters
    ----------
    a, b : Estimate
        The two estimates, in the same unit (for example both in percent, or both as
        fractions), each with `value`, `lower`, `upper` and `confidence`; for instance
        from `survey_proportion`. Fields broadcast like numpy, and labelled fields
        (Series) are paired by label. Estimates of different kinds (a rate and a
        proportion, say, or rates per different multipliers) are refused: their
        difference has no unit. A proportion and a survey proportion are both fractions
        and may be compared.
    confidence : float, default 0.95
        Confidence level of the interval for the difference.

    Returns
    -------
    Comparison
        ``measure='difference'``, ``null=0``, ``method='normal'``; `estimate1` is `a`,
        `estimate2` is `b`.

    Notes
    -----
    Each standard error is recovered from its interval's half-width at the interval's own
    confidence, :math:`se = (upper - lower) / (2 z)` (Altman & Bland 2011 [7]); the
    difference has :math:`se = \sqrt{se_a^2 + se_b^2}`, the interval
    :math:`(a - b) \pm z\,se` and the p-value :math:`2\Phi(-|a - b| / se)`.

    Assumptions: each estimate is approximately normal with a symmetric interval (an
    asymmetric interval is treated through its average half-width), and the two are
    independent. A part and the whole that contains it are not independent: compare the
    part with the rest of the whole (`peelstats.stats.rest`) when the counts are known.

    References
    ----------
    .. [7] Altman DG, Bland JM. How to obtain the confidence interval from a P value.
       BMJ 2011; 343:d2090. doi:10.1136/bmj.d2090

    Examples
    --------
    The inspection-report wording, "88.1 percent (± 1.3 percent), higher than ...
    85.0 percent (± 0.2 percent)" and "broadly in line with 87.2 percent (± 1.3 percent)":

    >>> from peelstats.stats.proportions import survey_proportion
    >>> force = survey_proportion(0.881, 0.013)
    >>> compare_estimates(force, survey_proportion(0.850, 0.002)).verdict
    'higher'
    >>> compare_estimates(force, survey_proportion(0.872, 0.013)).verdict
    'similar'
    """
    confidence = check_confidence(confidence)
    _check_same_kind(a, b)
    fields = [f"{label}.{field}" for label in ("a", "b") for field in ("value", "lower", "upper")]
    labels, paired = align(**{name: getattr(a if name[0] == "a" else b, name[2:])
                              for name in fields})
    values = {name: as_float_array(name, value) for name, value in zip(fields, paired)}
    for label, estimate in (("a", a), ("b", b)):
        values[f"{label}.confidence"] = check_confidence(estimate.confidence)
    problems = Problems()
    for label in ("a", "b"):
        problems.check(check_not_above, f"{label}.lower", values[f"{label}.lower"],
                       f"{label}.upper", values[f"{label}.upper"])
    problems.raise_all()

    def standard_error(label: str) -> np.ndarray:
        z_own = normal_quantile(values[f"{label}.confidence"])
        return (values[f"{label}.upper"] - values[f"{label}.lower"]) / (2.0 * z_own)

    se = np.sqrt(standard_error("a") ** 2 + standard_error("b") ** 2)
    difference = values["a.value"] - values["b.value"]
    z = normal_quantile(confidence)
    lower = difference - z * se
    upper = difference + z * se
    with np.errstate(invalid="ignore", divide="ignore"):
        p_value = np.where(difference == 0, 1.0,
                           2.0 * special.ndtr(-np.abs(difference) / se))
    return labels.apply(Comparison(
        value=difference, lower=lower, upper=upper, p_value=p_value,
        verdict=verdict_from_interval(lower, upper, 0.0), confidence=confidence,
        method="normal", measure="difference", null=0.0, estimate1=a, estimate2=b))


#: Kinds of estimate measured in the same unit: a proportion from counts and a published
#: survey proportion are both fractions.
_SAME_UNIT = {"proportion": "proportion", "survey": "proportion"}


def _check_same_kind(a: Estimate, b: Estimate) -> None:
    # A difference of a rate per 1,000 and a fraction (or of rates per 1,000 and per
    # 100,000) is a number without a meaning: refuse it rather than give a verdict.
    for label, estimate in (("a", a), ("b", b)):
        if not isinstance(estimate, Estimate):
            raise ValueError(f"{label} must be a peelstats Estimate, got "
                             f"{type(estimate).__name__}")
    kind_a, kind_b = (_SAME_UNIT.get(e.kind, e.kind) for e in (a, b))
    if kind_a != kind_b:
        raise ValueError(f"a is an estimate of kind {a.kind!r} and b of kind {b.kind!r}: "
                         f"estimates of different kinds are in different units and are "
                         f"not compared; compare two {a.kind} estimates (or a proportion "
                         f"with a survey proportion)")
    if kind_a == "rate":
        per_a, per_b = (np.asarray(1000.0 if e.per is None else e.per, dtype=float)
                        for e in (a, b))
        if per_a.shape != per_b.shape or not np.array_equal(per_a, per_b, equal_nan=True):
            raise ValueError(f"a is a rate per {per_a.tolist()} and b per {per_b.tolist()}:"
                             f" rates per different multipliers are not compared; give "
                             f"both the same per")


def rate_ratio(count1: Any, denominator1: Any, count2: Any, denominator2: Any, *,
               confidence: float = 0.95, method: RatioMethod = "exact") -> Estimate:
    """The rate ratio (count1/denominator1) / (count2/denominator2) as an estimate.

    The same ratio and interval as `compare_rates` (exact conditional interval by
    default), kept as an `Estimate` of kind ``ratio`` that carries its four counts, so
    that two ratios can be compared in turn (`peelstats.compare`: the ratio of the two
    rate ratios). The Home Office disproportionality ratio of stop and search (Black
    people's searches per head over White people's) is such a ratio.

    >>> ratio = rate_ratio(70648, 1864890, 187761, 48209395)
    >>> round(ratio.value, 1), ratio.kind
    (9.7, 'ratio')
    """
    comparison = compare_rates(count1, denominator1, count2, denominator2,
                               confidence=confidence, method=method)
    return Estimate(comparison.value, comparison.lower, comparison.upper,
                    comparison.confidence, comparison.method, kind="ratio",
                    count1=count1, denominator1=denominator1, count2=count2,
                    denominator2=denominator2)
