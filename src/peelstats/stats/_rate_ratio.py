"""The exact conditional interval and test of a ratio of two Poisson rates, written once.

`compare_rates` (its ``exact`` and ``e_test`` methods) and `change` / `compare_changes`
(the change between two periods is a rate ratio) both use it. Conditional on the total
``N = O1 + O2``, ``O1 ~ Binomial(N, pi)`` with ``pi = R s / (R s + 1)``, where R is the
rate ratio and ``s = denominator1 / denominator2`` [1]_ [2]_; the Clopper-Pearson limits of
pi (beta quantiles) map to ``R = pi / (1 - pi) / s``. The two-sided p-value is the central
one, ``min(1, 2 min(P(X <= O1), P(X >= O1)))``, which rejects exactly when the interval
excludes the null ratio [3]_.

Assumptions: independent Poisson counts. Counts may be effective counts (a count divided
by an over-dispersion factor), which need not be whole.

References
----------
.. [1] Breslow NE, Day NE. Statistical Methods in Cancer Research, volume II. IARC
   Scientific Publications 82. Lyon: IARC, 1987, section 2.2 and 3.2.
.. [2] Ulm K. A simple method to calculate the confidence interval of a standardized
   mortality ratio (SMR). Am J Epidemiol 1990; 131:373-375.
   doi:10.1093/oxfordjournals.aje.a115507
.. [3] Fay MP. Two-sided exact tests and matching confidence intervals for discrete
   data. R Journal 2010; 2(1):53-58. doi:10.32614/RJ-2010-008
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import special


def exact_limits(count1: np.ndarray, count2: np.ndarray, scale: np.ndarray,
                 tail: Any) -> tuple[np.ndarray, np.ndarray]:
    """Limits of the rate ratio ``(count1 / count2) / scale`` with `tail` outside each.

    `scale` is ``denominator1 / denominator2``. A count of 0 gives the limit 0 (for
    `count1`) or infinity (for `count2`); both counts 0 are left to the caller.

    Six events against two in equal exposures: the odds of scipy's
    ``binomtest(6, 8).proportion_ci(0.95, "exact")``, 0.536439 and 30.3932.

    >>> lower, upper = exact_limits(np.array(6.0), np.array(2.0), np.array(1.0), 0.025)
    >>> round(float(lower), 6), round(float(upper), 4)
    (0.536439, 30.3932)
    """
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        # betaincinv(0, .) is undefined; the limit at a count of 0 is pi = 0 (or 1).
        pi_low = np.where(count1 > 0, special.betaincinv(
            np.where(count1 > 0, count1, 1.0), count2 + 1.0, tail), 0.0)
        # 1 - pi_high directly, from I_x(a, b) = 1 - I_(1-x)(b, a): the upper odds keep
        # their precision when pi_high is within 1e-16 of 1 (tiny tails, large ratios).
        q_high = np.where(count2 > 0, special.betaincinv(
            np.where(count2 > 0, count2, 1.0), count1 + 1.0, tail), 0.0)
        lower = pi_low / (1.0 - pi_low) / scale
        upper = (1.0 - q_high) / q_high / scale
    return lower, upper


def binomial_tails(k: np.ndarray, total: np.ndarray,
                   p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """P(X <= k) and P(X >= k) for X ~ Bin(total, p), through the regularised incomplete
    beta function (exact for whole counts)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        at_most = np.where(k >= total, 1.0, special.betainc(total - k, k + 1.0, 1.0 - p))
        at_least = np.where(k <= 0, 1.0, special.betainc(k, total - k + 1.0, p))
    return at_most, at_least


def exact_ratio(count1: np.ndarray, denominator1: np.ndarray, count2: np.ndarray,
                denominator2: np.ndarray, *, confidence: float, alternative: str,
                null_ratio: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The ``exact`` method of `compare_rates`: limits and the matching p-value."""
    total = count1 + count2
    tail = 1.0 - confidence if alternative != "two-sided" else (1.0 - confidence) / 2.0
    with np.errstate(invalid="ignore", divide="ignore"):
        lower, upper = exact_limits(count1, count2, denominator1 / denominator2, tail)
    if alternative == "greater":
        upper = np.full(np.shape(upper), np.inf)
    elif alternative == "less":
        lower = np.zeros(np.shape(lower))
    pi_null = denominator1 * null_ratio / (denominator1 * null_ratio + denominator2)
    at_most, at_least = binomial_tails(count1, total, pi_null)
    if alternative == "greater":
        p_value = at_least
    elif alternative == "less":
        p_value = at_most
    else:
        p_value = np.minimum(1.0, 2.0 * np.minimum(at_most, at_least))
    # No events in either group: no information about the ratio.
    none = total == 0
    lower = np.where(none, 0.0, lower)
    upper = np.where(none, np.inf, upper)
    p_value = np.where(none, 1.0, p_value)
    return lower, upper, p_value
