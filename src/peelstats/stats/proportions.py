"""Confidence intervals for a single proportion: `proportion` and `survey_proportion`.

A proportion is `x` successes out of `n` (respondents satisfied out of respondents).
Interval methods are a closed set of lower-case names, each a function of the
(effective) counts and the normal quantile `z`; the method used is recorded in the
returned `Estimate`.

References
----------
.. [1] Wilson EB. Probable inference, the law of succession, and statistical inference.
   J Am Stat Assoc 1927; 22:209-212. doi:10.1080/01621459.1927.10502953
.. [2] Newcombe RG. Two-sided confidence intervals for the single proportion: comparison
   of seven methods. Stat Med 1998; 17:857-872 (methods 3 and 4, Table I).
   doi:10.1002/(SICI)1097-0258(19980430)17:8<857::AID-SIM777>3.0.CO;2-E
.. [3] Clopper CJ, Pearson ES. The use of confidence or fiducial limits illustrated in
   the case of the binomial. Biometrika 1934; 26:404-413. doi:10.1093/biomet/26.4.404
.. [4] Brown LD, Cai TT, DasGupta A. Interval estimation for a binomial proportion.
   Stat Sci 2001; 16:101-133 (Jeffreys and Agresti-Coull intervals, section 4.1).
   doi:10.1214/ss/1009213286
.. [5] Agresti A, Coull BA. Approximate is better than "exact" for interval estimation
   of binomial proportions. Am Stat 1998; 52:119-126. doi:10.2307/2685469
.. [6] Kish L. Survey Sampling. New York: Wiley, 1965, section 8.2 (design effect and
   effective sample size n / deff).
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
    check_between,
    check_confidence,
    check_count,
    check_not_huge,
    check_finite_positive,
    check_margin_scale,
    check_not_above,
    check_not_fraction,
    choose,
)

ProportionMethod = Literal[
    "wilson", "wilson_cc", "clopper_pearson", "jeffreys", "agresti_coull", "wald"]

Interval = tuple[np.ndarray, np.ndarray]


def normal_quantile(confidence: float) -> float:
    """The two-sided standard normal quantile z for `confidence` (1.959964 for 0.95)."""
    tail = (1.0 - confidence) / 2.0
    return float(-special.ndtri(tail))


def _wilson(x: np.ndarray, n: np.ndarray, z: float) -> Interval:
    # Wilson 1927 [1]; Newcombe 1998 [2], method 3, written to keep x = 0 and x = n exact.
    z2 = z * z
    denominator = 2.0 * (n + z2)
    centre = 2.0 * x + z2
    half = z * np.sqrt(z2 + 4.0 * x * (n - x) / n)
    lower = (centre - half) / denominator
    upper = (centre + half) / denominator
    lower = np.where(x == 0, 0.0, lower)
    upper = np.where(x == n, 1.0, upper)
    return lower, upper


def _wilson_cc(x: np.ndarray, n: np.ndarray, z: float) -> Interval:
    # Newcombe 1998 [2], method 4: the continuity-corrected score interval, with the
    # limits at x = 0 and x = n taken as 0 and 1 and any overshoot truncated, as there.
    z2 = z * z
    p = x / n
    q = 1.0 - p
    denominator = 2.0 * (n + z2)
    with np.errstate(invalid="ignore"):
        lower = (2.0 * x + z2 - 1.0
                 - z * np.sqrt(z2 - 2.0 - 1.0 / n + 4.0 * p * (n * q + 1.0))) / denominator
        upper = (2.0 * x + z2 + 1.0
                 + z * np.sqrt(z2 + 2.0 - 1.0 / n + 4.0 * p * (n * q - 1.0))) / denominator
    lower = np.where(x == 0, 0.0, np.maximum(lower, 0.0))
    upper = np.where(x == n, 1.0, np.minimum(upper, 1.0))
    return lower, upper


def _clopper_pearson(x: np.ndarray, n: np.ndarray, z: float) -> Interval:
    # Clopper & Pearson 1934 [3] through the beta quantiles: the lower limit is 0 at
    # x = 0 and the upper limit 1 at x = n exactly.
    tail = special.ndtr(-z)
    with np.errstate(invalid="ignore", divide="ignore"):
        lower = special.betaincinv(x, n - x + 1.0, tail)
        upper = special.betaincinv(x + 1.0, n - x, 1.0 - tail)
    lower = np.where(x == 0, 0.0, lower)
    upper = np.where(x == n, 1.0, upper)
    return lower, upper


def _jeffreys(x: np.ndarray, n: np.ndarray, z: float) -> Interval:
    # Brown, Cai & DasGupta 2001 [4], section 4.1.2: equal-tailed Beta(x + 1/2, n - x + 1/2)
    # posterior interval, with lower 0 at x = 0 and upper 1 at x = n.
    tail = special.ndtr(-z)
    lower = special.betaincinv(x + 0.5, n - x + 0.5, tail)
    upper = special.betaincinv(x + 0.5, n - x + 0.5, 1.0 - tail)
    lower = np.where(x == 0, 0.0, lower)
    upper = np.where(x == n, 1.0, upper)
    return lower, upper


def _agresti_coull(x: np.ndarray, n: np.ndarray, z: float) -> Interval:
    # Agresti & Coull 1998 [5]; Brown, Cai & DasGupta 2001 [4], section 4.1.1: Wald
    # interval around (x + z^2/2) / (n + z^2), truncated to [0, 1].
    n_tilde = n + z * z
    p_tilde = (x + z * z / 2.0) / n_tilde
    half = z * np.sqrt(p_tilde * (1.0 - p_tilde) / n_tilde)
    return np.maximum(p_tilde - half, 0.0), np.minimum(p_tilde + half, 1.0)


def _wald(x: np.ndarray, n: np.ndarray, z: float) -> Interval:
    # The textbook p +/- z sqrt(p(1 - p)/n), truncated to [0, 1]. Zero width at x = 0 and
    # x = n and poor coverage for small n (Newcombe 1998 [2], method 1): for comparison only.
    p = x / n
    half = z * np.sqrt(p * (1.0 - p) / n)
    return np.maximum(p - half, 0.0), np.minimum(p + half, 1.0)


#: Interval methods for a single proportion: name -> function of (x, n, z).
PROPORTION_METHODS: dict[str, Callable[[np.ndarray, np.ndarray, float], Interval]] = {
    "wilson": _wilson,
    "wilson_cc": _wilson_cc,
    "clopper_pearson": _clopper_pearson,
    "jeffreys": _jeffreys,
    "agresti_coull": _agresti_coull,
    "wald": _wald,
}


def proportion(x: Any, n: Any, *, confidence: float = 0.95,
               method: ProportionMethod = "wilson", deff: Any = 1.0) -> Estimate:
    r"""Estimate a proportion x / n with its confidence interval.

    Parameters
    ----------
    x : array_like
        Successes (respondents satisfied), 0 <= x <= n, before any design effect (give
        that as `deff`). Need not be whole numbers (weighted counts are accepted by every
        method), but a value strictly between 0 and 1 with n above 1 is refused: that is
        a proportion typed where its count belongs (``proportion(0.85, 60)`` for 51 of
        60); use `survey_proportion` for a published proportion, or x = p × n.
    n : array_like
        Trials (respondents), n > 0. Broadcast against `x` like numpy.
    confidence : float, default 0.95
        Two-sided confidence level, a fraction in (0, 1).
    method : {'wilson', 'wilson_cc', 'clopper_pearson', 'jeffreys', 'agresti_coull', 'wald'}
        Interval method, see Notes. Wilson is the default: near-nominal average coverage
        and no aberrations (Newcombe 1998 [2]; Brown, Cai & DasGupta 2001 [4]).
    deff : array_like, default 1.0
        Design effect of a weighted survey (> 0). The interval is computed from the
        effective counts x / deff out of n / deff (Kish 1965 [6]); the point estimate
        x / n is unchanged. deff > 1 widens the interval. Not with ``wilson_cc``, whose
        continuity correction is defined for whole counts only.

    Returns
    -------
    Estimate
        ``kind='proportion'`` with `value` = x / n, `lower`, `upper`, `confidence`,
        `method`, the inputs `x`, `n`, `deff` and `n_effective` = n / deff. Scalars in
        give floats out; arrays in give arrays out.

    Raises
    ------
    ValueError
        For x < 0, n <= 0, x > n, 0 < x < 1 with n > 1 (a proportion given for a
        count), infinite values, inputs that cannot be paired (Series with different
        labels, arrays of different lengths), deff <= 0, a confidence outside
        (0, 1) or an unknown method; every bad position is named before raising.

    Notes
    -----
    With :math:`p = x/n`, effective counts :math:`x_e = x/d`, :math:`n_e = n/d` and
    :math:`z` the two-sided normal quantile:

    - ``wilson``: score interval [1], Newcombe's method 3 [2]:
      :math:`\{2x_e + z^2 \pm z\sqrt{z^2 + 4x_e(1 - p)}\}/\{2(n_e + z^2)\}`.
    - ``wilson_cc``: continuity-corrected score interval, Newcombe's method 4 [2].
    - ``clopper_pearson``: exact tail-area interval [3] from beta quantiles; coverage at
      least the nominal level, at the price of width.
    - ``jeffreys``: equal-tailed Beta(x + 1/2, n - x + 1/2) interval [4].
    - ``agresti_coull``: Wald interval around :math:`(x_e + z^2/2)/(n_e + z^2)` [5].
    - ``wald``: :math:`p \pm z\sqrt{p(1-p)/n_e}`; poor coverage, for comparison only.

    Assumptions: x is binomial given n (independent trials with a common probability);
    with `deff`, the design effect summarises the survey design. Edge cases: at x = 0 the
    lower limit is exactly 0, at x = n the upper limit exactly 1 (all methods); Wald,
    Agresti-Coull and the continuity-corrected score interval are truncated to [0, 1]
    as in [2]. Bounds always lie in [0, 1]. NaN in x, n or deff gives NaN out.
    Labelled inputs (pandas Series) are paired by label, and the result's fields are
    Series with the first one's index.

    References
    ----------
    .. [1] Wilson EB. Probable inference, the law of succession, and statistical
       inference. J Am Stat Assoc 1927; 22:209-212. doi:10.1080/01621459.1927.10502953
    .. [2] Newcombe RG. Two-sided confidence intervals for the single proportion:
       comparison of seven methods. Stat Med 1998; 17:857-872 (methods 3, 4, 5).
    .. [3] Clopper CJ, Pearson ES. The use of confidence or fiducial limits illustrated
       in the case of the binomial. Biometrika 1934; 26:404-413. doi:10.1093/biomet/26.4.404
    .. [4] Brown LD, Cai TT, DasGupta A. Interval estimation for a binomial proportion.
       Stat Sci 2001; 16:101-133. doi:10.1214/ss/1009213286
    .. [5] Agresti A, Coull BA. Approximate is better than "exact" for interval
       estimation of binomial proportions. Am Stat 1998; 52:119-126. doi:10.2307/2685469
    .. [6] Kish L. Survey Sampling. New York: Wiley, 1965, section 8.2.

    Examples
    --------
    Newcombe's (1998) Table I example 15/148:

    >>> est = proportion(15, 148)
    >>> round(est.lower, 4), round(est.upper, 4)
    (0.0624, 0.1605)
    >>> round(proportion(0, 20, method="clopper_pearson").upper, 4)
    0.1684
    >>> proportion([65, 1045], [100, 5000]).upper.round(6)
    array([0.736358, 0.220491])
    >>> proportion(65, 100, deff=2.0).n_effective
    50.0
    """
    labels, (x, n, deff) = align(x=x, n=n, deff=deff)
    return labels.apply(proportion_with_labels(x, n, confidence=confidence, method=method,
                                               deff=deff, labels=labels.rows))


def proportion_with_labels(x: Any, n: Any, *, confidence: float = 0.95,
                           method: str = "wilson", deff: Any = 1.0,
                           labels: Sequence[Any] | None = None,
                           counts: bool = True) -> Estimate:
    """`proportion`, with row labels used in validation messages (for the frame entry points).

    ``counts=False`` takes x as an effective count p n / deff of a weighted proportion,
    which may lie between 0 and 1 (the check that x is no proportion is then left out).
    """
    confidence = check_confidence(confidence)
    interval = choose(method, PROPORTION_METHODS)
    x_array = as_float_array("x", x)
    n_array = as_float_array("n", n)
    deff_array = as_float_array("deff", deff)
    problems = Problems()
    problems.check(check_count, "x", x_array, labels)
    problems.check(check_finite_positive, "n", n_array, labels)
    problems.check(check_not_huge, "n", n_array, labels)
    problems.check(check_not_above, "x", x_array, "n", n_array, labels)
    if counts:
        problems.check(check_not_fraction, "x", x_array, "n", n_array, labels)
    problems.check(check_finite_positive, "deff", deff_array, labels)
    problems.raise_all()
    if method == "wilson_cc" and np.any(deff_array[~np.isnan(deff_array)] != 1.0):
        # The correction of 1/2 is defined for whole counts; on effective counts x / deff
        # it is no longer a continuity correction and the limits stop widening with deff.
        raise ValueError("method 'wilson_cc' takes no design effect (deff must be 1): its "
                         "continuity correction is defined for whole counts, not x / deff; "
                         "use 'wilson', 'jeffreys' or 'clopper_pearson' with a design effect")

    z = normal_quantile(confidence)
    if deff_array.ndim == 0 and deff_array == 1.0:
        x_effective, n_effective = x_array, n_array
    else:
        x_effective, n_effective = x_array / deff_array, n_array / deff_array
    lower, upper = interval(x_effective, n_effective, z)
    value = x_array / n_array
    # NaN in gives NaN out, whatever a method's formula does with NaN.
    missing = np.isnan(value) | np.isnan(n_effective)
    if missing.any():
        lower = np.where(missing, np.nan, lower)
        upper = np.where(missing, np.nan, upper)
    return Estimate(value=value, lower=lower, upper=upper, confidence=confidence,
                    method=method, kind="proportion", x=x_array, n=n_array, deff=deff_array,
                    n_effective=n_effective)


def survey_proportion(value: Any, margin: Any, *, confidence: float = 0.95) -> Estimate:
    r"""An `Estimate` from a published survey proportion and its margin of error.

    A figure such as "88.1 percent (± 1.3 percent)" is entered as ``value=0.881,
    margin=0.013`` (fractions, not percent). The published symmetric interval
    value ± margin is kept as it is, and the effective sample size it implies is
    recovered from the normal approximation :math:`m = z\sqrt{p(1-p)/n_e}`:

    .. math:: n_e = p(1 - p)\,(z / m)^2 .

    Parameters
    ----------
    value : array_like
        Published proportion, a fraction in [0, 1].
    margin : array_like
        Published half-width of the interval at `confidence`, a fraction > 0, at most 1
        (a margin above 1 is one in percent, refused with the fraction it stands for).
    confidence : float, default 0.95
        The confidence level at which the margin was published.

    Returns
    -------
    Estimate
        ``kind='survey'``, ``method='published'``, with `margin` and `n_effective`.

    Notes
    -----
    Assumptions: the publisher's margin is a symmetric normal-approximation (design-
    effect adjusted) interval at `confidence`, as for the Crime Survey and victim
    satisfaction surveys. The interval is not recomputed or truncated: what was
    published is what is compared. `n_effective` is the sample size a simple random
    sample would need for that margin (Kish 1965 [1]); it is 0 at value 0 or 1.

    References
    ----------
    .. [1] Kish L. Survey Sampling. New York: Wiley, 1965, section 8.2 (design effect and
       effective sample size).

    Examples
    --------
    >>> est = survey_proportion(0.881, 0.013)
    >>> round(est.lower, 3), round(est.upper, 3), round(est.n_effective)
    (0.868, 0.894, 2383)
    """
    confidence = check_confidence(confidence)
    labels, (value, margin) = align(value=value, margin=margin)
    value_array = as_float_array("value", value)
    margin_array = as_float_array("margin", margin)
    problems = Problems()
    problems.check(check_between, "value", value_array, 0.0, 1.0, labels.rows)
    problems.check(check_finite_positive, "margin", margin_array, labels.rows)
    problems.check(check_margin_scale, margin_array, labels.rows)
    problems.raise_all()
    z = normal_quantile(confidence)
    n_effective = value_array * (1.0 - value_array) * (z / margin_array) ** 2
    return labels.apply(Estimate(value=value_array, lower=value_array - margin_array,
                                 upper=value_array + margin_array, confidence=confidence,
                                 method="published", kind="survey", margin=margin_array,
                                 n_effective=n_effective))

