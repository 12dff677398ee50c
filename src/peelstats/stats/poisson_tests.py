"""The E-test of Krishnamoorthy and Thomson (2004) for two Poisson means.

Crime analysts use it to ask whether two counts (this year and last, one beat and
another) differ by more than chance, because it keeps its size and has more power than
the exact conditional (C-) test when the counts are small (Krishnamoorthy and
Thomson 2004, J. Stat. Plan. Inference 119:23-35).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from scipy import stats as _st

from peelstats.stats._results import _Result
from peelstats.stats._validation import (
    as_float_array,
    check_finite_or_nan,
    check_nonnegative,
    check_positive,
    choose,
)

Alternative = Literal["two-sided", "less", "greater"]
_ALTERNATIVES: dict[str, str] = {"two-sided": "two-sided", "less": "less", "greater": "greater"}

#: Ties in the test statistic are judged with this relative tolerance: lattice points
#: whose statistic equals the observed one in exact arithmetic (the observed point, its
#: mirror image) must not drop out through rounding. It is kept near rounding level
#: because counts in the tens of thousands have distinct statistics that differ by less
#: than 1e-9 in relative terms (48,200 against 47,261 has a neighbour 4e-10 away), and a
#: looser tolerance would count those near ties as ties.
_RELATIVE_TIE = 1e-12
#: Relative slack when a root of the quadratic is turned into a whole count: covers the
#: rounding of the roots (about 1e-16 of the counts) and little more.
_ROOT_SLACK = 1e-12
#: Largest number of (element, x1) cells summed at once; bounds memory for long arrays.
_CHUNK_CELLS = 2_000_000


@dataclass(frozen=True, repr=False)
class PoissonTestResult(_Result):
    """Result of a test of two Poisson means.

    `statistic` is the observed pivot T(k1, k2) of [1]_ (eq. 3.3 and the unnumbered
    equation after it); `p_value` its E-test p-value under `alternative`, which compares
    ``count1 / denominator1 - count2 / denominator2`` with `difference`.
    """

    statistic: Any
    p_value: Any
    alternative: str
    method: str
    count1: Any = None
    count2: Any = None
    denominator1: Any = None
    denominator2: Any = None
    difference: Any = None

    def __str__(self) -> str:
        return repr(self)


def e_test(count1: Any, denominator1: Any, count2: Any, denominator2: Any, *,
           difference: Any = 0.0, alternative: Alternative = "two-sided",
           tolerance: float = 1e-20) -> PoissonTestResult:
    r"""E-test of Krishnamoorthy and Thomson for the difference of two Poisson rates.

    Tests :math:`H_0: \lambda_1 - \lambda_2 = d` where ``count1 ~ Poisson(denominator1 *
    lambda1)`` and ``count2 ~ Poisson(denominator2 * lambda2)`` independently.

    The arguments pair as in `compare_rates` and `peelstats.compare`: each count is
    followed by its own denominator, so ``e_test(6, 1, 2, 1)`` has the p-value of
    ``compare_rates(6, 1, 2, 1, method="e_test")``.

    Parameters
    ----------
    count1, denominator1 : array_like
        The first observed count (non-negative; whole numbers in the paper, any
        non-negative value is accepted) and its exposure: the time, area or population
        over which it was observed (positive; 1 for two samples of the same size).
        Broadcast together with the other arguments.
    count2, denominator2 : array_like
        The second count and its exposure.
    difference : array_like, default 0
        The difference :math:`d` of the two rates under the null hypothesis.
    alternative : {'two-sided', 'less', 'greater'}
        'greater' tests :math:`\lambda_1 - \lambda_2 > d`, 'less' the opposite.
    tolerance : float, default 1e-20
        Poisson mass left out of each tail of the outer sum (as ptools' ``eps``).

    Returns
    -------
    PoissonTestResult
        ``statistic`` (T of the observed counts, NaN when both counts are 0) and
        ``p_value``, broadcast over the inputs, with ``method='e_test'``.

    Notes
    -----
    With :math:`\hat\lambda_2 = (k_1 + k_2)/(n_1 + n_2) - d\,n_1/(n_1 + n_2)` the
    restricted estimate [1]_ (3.4) and the pivot

    .. math:: T(x_1, x_2) = \frac{x_1/n_1 - x_2/n_2 - d}{\sqrt{x_1/n_1^2 + x_2/n_2^2}},

    the p-value is [1]_ (3.5)

    .. math:: \sum_{x_1}\sum_{x_2} \Pr(X_1 = x_1)\Pr(X_2 = x_2)\,
              I[\,T(x_1, x_2) \ge T(k_1, k_2)\,]

    with :math:`X_1 \sim \mathrm{Poisson}(n_1(\hat\lambda_2 + d))`,
    :math:`X_2 \sim \mathrm{Poisson}(n_2\hat\lambda_2)` (for the two-sided test, both
    sides of the inequality in absolute value). When d = 0 the point (0, 0), where T is
    0 / 0, is left out, as in [1]_, [2]_ and [3]_. When :math:`\hat\lambda_2 \le 0` the null
    cannot be rejected and the p-value is 1 ([1]_ p. 26); likewise when
    :math:`\hat\lambda_2 + d \le 0`. Both counts 0 give a NaN statistic and p = 1.

    The double sum is evaluated without a grid in :math:`x_2`: for a fixed :math:`x_1`
    the event :math:`T^2 \ge T_k^2` is a quadratic inequality in :math:`x_2`, so the inner
    sum is a difference of Poisson distribution functions at the roots. The outer sum runs
    over every :math:`x_1` between the ``tolerance`` and ``1 - tolerance`` quantiles, as
    one array over all elements. The result is exact to about ``2 * tolerance`` plus
    rounding, for small counts and for counts in the tens of thousands alike. Statistics
    within a relative 1e-12 of the observed one count as ties (included).

    Assumptions: independent Poisson counts. Over-dispersed counts (crime counts usually
    are) make the test anti-conservative; divide counts and denominators by a dispersion
    factor to allow for it.

    References
    ----------
    .. [1] Krishnamoorthy, K. and Thomson, J. (2004). A more powerful test for comparing
       two Poisson means. Journal of Statistical Planning and Inference, 119(1), 23-35.
       doi:10.1016/S0378-3758(02)00408-1
    .. [2] Wheeler, A. P. ptools: Tools for Poisson Data (R package, CRAN), function
       ``e_test``. https://github.com/apwheele/ptools
    .. [3] SciPy, ``scipy.stats.poisson_means_test`` (SciPy 1.10 and later).

    Examples
    --------
    The first example of [1]_ (0 and 3 dodder seeds in two 100 g samples):

    >>> result = e_test(0, 1, 3, 1)
    >>> round(result.p_value, 4)
    0.0884
    >>> round(e_test(6, 1, 2, 1).p_value, 4)
    0.1749
    >>> e_test([6, 2], 1, [2, 6], 1).p_value.round(4)
    array([0.1749, 0.1749])
    """
    choose(alternative, _ALTERNATIVES, what="alternative")
    if not 0.0 < float(tolerance) < 1e-3:
        raise ValueError(f"tolerance must be in (0, 0.001), got {tolerance!r}")
    k1 = as_float_array("count1", count1)
    k2 = as_float_array("count2", count2)
    n1 = as_float_array("denominator1", denominator1)
    n2 = as_float_array("denominator2", denominator2)
    d = as_float_array("difference", difference)
    for name, values in (("count1", k1), ("count2", k2)):
        check_nonnegative(name, values)
        check_finite_or_nan(name, values)
    for name, values in (("denominator1", n1), ("denominator2", n2)):
        check_positive(name, values)
        check_finite_or_nan(name, values)
    check_finite_or_nan("difference", d)
    k1, k2, n1, n2, d = np.broadcast_arrays(k1, k2, n1, n2, d)

    with np.errstate(invalid="ignore", divide="ignore"):
        statistic = (k1 / n1 - k2 / n2 - d) / np.sqrt(k1 / n1**2 + k2 / n2**2)
    if alternative == "less":
        # T <= t  <=>  -T >= -t, and -T is the statistic of the swapped samples with -d.
        p_value = _e_test_upper(k2, k1, n2, n1, -d, -statistic, "greater", tolerance)
    else:
        p_value = _e_test_upper(k1, k2, n1, n2, d, statistic, alternative, tolerance)
    return PoissonTestResult(statistic=statistic, p_value=p_value, alternative=alternative,
                             method="e_test", count1=k1, count2=k2, denominator1=n1,
                             denominator2=n2, difference=d)


def _e_test_upper(k1: np.ndarray, k2: np.ndarray, n1: np.ndarray, n2: np.ndarray,
                  d: np.ndarray, t_obs: np.ndarray, alternative: str,
                  tolerance: float) -> np.ndarray:
    """p-values of the 'two-sided' or 'greater' E-test, flat over all elements."""
    shape = k1.shape
    k1, k2, n1, n2, d, t_obs = (np.ravel(a).astype(float)
                                for a in (k1, k2, n1, n2, d, t_obs))
    lam2_hat = (k1 + k2) / (n1 + n2) - d * n1 / (n1 + n2)
    missing = np.isnan(k1 + k2 + n1 + n2 + d)
    # A restricted mean at or below 0 cannot reject the null: p = 1 ([1] p. 26). The
    # check covers both means because 'less' arrives here with the samples swapped.
    trivial = ~missing & ((lam2_hat <= 0) | (lam2_hat + d <= 0) | np.isnan(t_obs))
    work = ~missing & ~trivial
    p_value = np.where(missing, np.nan, 1.0)
    if not work.any():
        return p_value.reshape(shape)

    index = np.flatnonzero(work)
    mu1 = n1[index] * (lam2_hat[index] + d[index])
    # Bernstein bounds on the Poisson tails: P(X <= mu - t) <= exp(-t**2 / (2 mu)) and
    # P(X >= mu + t) <= exp(-t**2 / (2 (mu + t / 3))), each set equal to `tolerance`.
    level = -np.log(tolerance)
    lo = np.maximum(0.0, np.floor(mu1 - np.sqrt(2.0 * level * mu1)))
    hi = np.ceil(mu1 + level / 3.0 + np.sqrt(level**2 / 9.0 + 2.0 * level * mu1))
    width = (hi - lo + 1).astype(np.int64)
    size = int(width.max())
    per_chunk = max(1, _CHUNK_CELLS // size)
    steps = np.arange(size, dtype=float)
    for start in range(0, index.size, per_chunk):
        part = slice(start, start + per_chunk)
        rows = index[part]
        x1 = lo[part, None] + steps[None, :]
        inside = steps[None, :] < width[part, None]
        p_value[rows] = _sum_over_x1(
            x1, inside, mu1[part, None], (n2[rows] * lam2_hat[rows])[:, None],
            n1[rows, None], n2[rows, None], d[rows, None], t_obs[rows, None], alternative)
    return np.clip(p_value, 0.0, 1.0).reshape(shape)


def _sum_over_x1(x1: np.ndarray, inside: np.ndarray, mu1: np.ndarray, mu2: np.ndarray,
                 n1: np.ndarray, n2: np.ndarray, d: np.ndarray, t_obs: np.ndarray,
                 alternative: str) -> np.ndarray:
    """Outer sum of (3.5): for each x1 the inner sum over x2 from the quadratic's roots.

    With u = x2 / n2, c = x1 / n1 - d and A = x1 / n1**2, T = (c - u) / sqrt(A + u / n2)
    and T**2 >= t**2 reads f(u) = u**2 - (2c + t**2/n2) u + c**2 - t**2 A >= 0.
    """
    if alternative == "two-sided":
        t = np.abs(t_obs) * (1.0 - _RELATIVE_TIE)
    else:
        t = t_obs - _RELATIVE_TIE * np.abs(t_obs)
    s = t * t
    c = x1 / n1 - d
    a = x1 / n1**2
    b = 2.0 * c + s / n2
    disc = b * b - 4.0 * (c * c - s * a)
    real = disc >= 0
    root = np.sqrt(np.where(real, disc, 0.0))
    u_low, u_high = (b - root) / 2.0, (b + root) / 2.0

    def below(u: np.ndarray) -> np.ndarray:  # largest x2 with x2 / n2 <= u
        v = n2 * u
        return np.floor(v + _ROOT_SLACK * np.maximum(1.0, np.abs(v)))

    def above(u: np.ndarray) -> np.ndarray:  # smallest x2 with x2 / n2 >= u
        v = n2 * u
        return np.ceil(v - _ROOT_SLACK * np.maximum(1.0, np.abs(v)))

    def cdf(x: np.ndarray) -> np.ndarray:
        return np.where(x < 0, 0.0, _st.poisson.cdf(x, mu2))

    def sf_from(x: np.ndarray) -> np.ndarray:  # P(X2 >= x)
        return np.where(x <= 0, 1.0, _st.poisson.sf(x - 1, mu2))

    if alternative == "two-sided":
        low, high = below(u_low), above(u_high)
        everything = ~real | (high <= low + 1)
        inner = np.where(everything, 1.0, cdf(low) + sf_from(high))
        zero_in = everything | (low >= 0) | (high <= 0)
    else:
        line = below(c)  # T >= 0  <=>  x2 / n2 <= c
        positive_t = t >= 0
        # t >= 0: T >= t needs T >= 0 and T**2 >= t**2, i.e. u <= min(c, u_low).
        bound_pos = np.where(real, np.minimum(below(u_low), line), line)
        # t < 0: T >= t holds where T >= 0, and where T < 0 but T**2 <= t**2.
        start = np.maximum(above(u_low), line + 1)
        stop = below(u_high)
        extra = np.where(real & (stop >= start), cdf(stop) - cdf(start - 1), 0.0)
        inner = np.where(positive_t, cdf(bound_pos), cdf(line) + extra)
        zero_in = np.where(positive_t, bound_pos >= 0,
                           (line >= 0) | (real & (start <= 0) & (stop >= 0)))
    mass1 = np.where(inside, _st.poisson.pmf(x1, mu1), 0.0)
    total = np.sum(mass1 * inner, axis=1)
    # With d = 0 the point (0, 0) has no statistic (0 / 0) and is not part of the
    # rejection region; with d != 0 its statistic is -d / 0 = -inf * sign(d), which the
    # quadratic already places on the right side.
    at_zero = inside & (x1 == 0) & zero_in & (d == 0)
    total -= np.sum(np.where(at_zero, mass1, 0.0), axis=1) * _st.poisson.pmf(0, mu2[:, 0])
    return total
