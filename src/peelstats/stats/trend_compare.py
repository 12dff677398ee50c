"""Trend against trend: is one area's annual percent change different from another's?

Two trends fitted separately by `peelstats.stats.trend.trend` (each with its own
over-dispersion) are compared by the difference of their log-linear slopes: the ratio of
their annual rate ratios, with a Student's t interval whose degrees of freedom combine
the two fits' (Welch-Satterthwaite).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import stats as _st

from peelstats.stats._results import Comparison, verdict_from_interval
from peelstats.stats._validation import check_confidence
from peelstats.stats.trend import TrendResult


def _degrees_of_freedom(result: TrendResult) -> float:
    # As in `trend`: the residual degrees of freedom of the fit (intercept and slope),
    # one fewer for the negative binomial's alpha.
    return float(result.n_periods - 2 - (result.family == "negative_binomial"))


def _slope_and_se(name: str, result: Any) -> tuple[float, float, float]:
    """The log-linear slope, its standard error and degrees of freedom of one fit.

    `trend` reports :math:`100(e^{\\beta} - 1)` with limits
    :math:`100(e^{\\beta \\pm q\\,\\mathrm{se}} - 1)`, ``q`` the Student's t quantile on the
    fit's degrees of freedom, so the slope and its standard error are recovered exactly
    from the estimate: :math:`\\beta = \\log(1 + v/100)` and
    :math:`\\mathrm{se} = (\\log(1 + u/100) - \\log(1 + l/100)) / 2q`.
    """
    if not isinstance(result, TrendResult):
        raise ValueError(f"{name} must be a TrendResult (from peelstats.trend), got "
                         f"{type(result).__name__}")
    estimate = result.estimate
    df = _degrees_of_freedom(result)
    quantile = float(_st.t.isf((1.0 - float(estimate.confidence)) / 2.0, df))
    slope = float(np.log1p(float(estimate.value) / 100.0))
    width = float(np.log1p(float(estimate.upper) / 100.0)
                  - np.log1p(float(estimate.lower) / 100.0))
    return slope, width / (2.0 * quantile), df


def compare_trends(first: TrendResult, second: TrendResult, *,
                   confidence: float | None = None) -> Comparison:
    r"""Compare two fitted trends: the ratio of their annual rate ratios.

    Parameters
    ----------
    first, second : TrendResult
        Trends fitted by `peelstats.trend` to two independent series (a force, and the
        rest of England and Wales without the force), over the same periods or not.
    confidence : float, optional
        Two-sided level of the interval; defaults to the level of `first`.

    Returns
    -------
    Comparison
        ``measure='ratio'``, ``null=1``, ``method='welch'``: ``value`` is
        :math:`e^{\beta_1 - \beta_2}`, the first area's annual rate ratio over the
        second's, with its interval and two-sided p-value. ``verdict`` is ``lower`` when
        the first area's rate fell significantly faster (or rose significantly slower)
        than the second's. ``estimate1`` and ``estimate2`` are the two annual percent
        changes.

    Notes
    -----
    With :math:`\hat\beta_i` the slopes (log rate per year) and :math:`s_i` their
    standard errors, each from a quasi-Poisson or negative binomial fit whose
    standard error has :math:`\nu_i` degrees of freedom (the residual degrees of freedom
    of the fit, as `trend` uses), the difference of two independent estimates [1]_ is

    .. math:: d = \hat\beta_1 - \hat\beta_2, \quad \mathrm{se}(d) = \sqrt{s_1^2 + s_2^2},

    and :math:`d / \mathrm{se}(d)` is referred to Student's t with the
    Welch-Satterthwaite degrees of freedom [2]_, [3]_

    .. math:: \nu = \frac{(s_1^2 + s_2^2)^2}{s_1^4 / \nu_1 + s_2^4 / \nu_2},

    because each variance is estimated with its own over-dispersion (the national series
    is far more over-dispersed, in absolute terms, than a force's). The interval is
    :math:`\exp(d \pm t_{\nu}\,\mathrm{se}(d))`.

    Assumptions: the two series are independent (a force against the rest of England
    and Wales, not against a total that contains it) and each follows its log-linear
    trend with constant over-dispersion.

    References
    ----------
    .. [1] Altman, D. G. and Bland, J. M. (2003). Interaction revisited: the difference
       between two estimates. BMJ, 326(7382), 219. doi:10.1136/bmj.326.7382.219
    .. [2] Satterthwaite, F. E. (1946). An approximate distribution of estimates of
       variance components. Biometrics Bulletin, 2(6), 110-114. doi:10.2307/3002019
    .. [3] Welch, B. L. (1947). The generalization of "Student's" problem when several
       different population variances are involved. Biometrika, 34(1-2), 28-35.
       doi:10.1093/biomet/34.1-2.28

    Examples
    --------
    >>> from peelstats.stats.trend import trend
    >>> years = [2015, 2016, 2017, 2018, 2019]
    >>> falling = trend([1000, 905, 800, 740, 650], [1e5] * 5, years)
    >>> flat = trend([20000, 20150, 19900, 20100, 19950], [2e6] * 5, years)
    >>> result = compare_trends(falling, flat)
    >>> round(result.value, 3), result.verdict
    (0.9, 'lower')
    """
    slope1, se1, df1 = _slope_and_se("first", first)
    slope2, se2, df2 = _slope_and_se("second", second)
    confidence = check_confidence(first.estimate.confidence if confidence is None
                                  else confidence)
    difference = slope1 - slope2
    variance = se1 ** 2 + se2 ** 2
    with np.errstate(divide="ignore", invalid="ignore"):
        df = variance ** 2 / (se1 ** 4 / df1 + se2 ** 4 / df2)
        se = np.sqrt(variance)
        quantile = _st.t.isf((1.0 - confidence) / 2.0, df)
        p_value = np.where(se > 0, 2.0 * _st.t.sf(np.abs(difference) / se, df),
                           np.where(difference == 0, 1.0, 0.0))
    lower = np.exp(difference - quantile * se)
    upper = np.exp(difference + quantile * se)
    missing = np.isnan(difference) | np.isnan(se)
    p_value = np.where(missing, np.nan, p_value)
    return Comparison(value=np.exp(difference), lower=lower, upper=upper, p_value=p_value,
                      verdict=verdict_from_interval(lower, upper, 1.0),
                      confidence=confidence, method="welch", measure="ratio", null=1.0,
                      estimate1=first.estimate, estimate2=second.estimate)
