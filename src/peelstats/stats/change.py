"""Change between two periods: a percent change with its interval, and change against change.

"Recorded crime fell by 21.9 percent" is a ratio of two counts (or two rates) with an
interval, not just a percentage: `change` gives the percent change with the exact
conditional interval of the rate ratio, and `compare_changes` asks whether one area's
change differs from another's (the ratio of the two rate ratios). `survey_change` does
the same for a survey proportion from one year to the next, with a design effect.
"""

from __future__ import annotations

import warnings
from typing import Any, Literal

import numpy as np
from scipy import special as _sp
from scipy import stats as _st

from peelstats.stats._rate_ratio import exact_limits
from peelstats.stats._results import Comparison, Estimate, verdict_from_interval
from peelstats.stats._validation import (
    align,
    as_float_array,
    check_confidence,
    check_finite_or_nan,
    check_nonnegative,
    check_not_huge,
    check_not_above,
    check_positive,
    choose,
)
from peelstats.stats.compare import difference_of_proportions

CompareMethod = Literal["wald", "mover"]

#: Bisection steps for the p-value that matches the MOVER interval (z to about 1e-15).
_BISECTION_STEPS = 60


def _counts(name: str, values: Any) -> np.ndarray:
    array = as_float_array(name, values)
    check_nonnegative(name, array)
    check_finite_or_nan(name, array)
    check_not_huge(name, array)
    return array


def _denominator(name: str, values: Any) -> np.ndarray:
    if values is None:
        return np.asarray(1.0)
    array = as_float_array(name, values)
    check_positive(name, array)
    check_finite_or_nan(name, array)
    return array


def _check_denominator_pairs(*pairs: tuple[str, Any, str, Any]) -> None:
    # One denominator without the other would be a rate against a count (the missing
    # one taken as 1): change(10, 20, denominator_before=100) read as +19,900 percent.
    for before_name, before, after_name, after in pairs:
        if (before is None) != (after is None):
            given, missing = ((before_name, after_name) if after is None
                              else (after_name, before_name))
            raise ValueError(f"{given} is given but {missing} is not: give both "
                             f"denominators for a change in the rate, or neither for a "
                             f"change in the count")
    if len(pairs) > 1 and len({pair[1] is None for pair in pairs}) > 1:
        raise ValueError("denominators are given for one area but not the other: a change "
                         "in a rate is not compared with a change in a count; give the "
                         "denominators of both areas, or of neither")


def _check_effective_counts(*counts: tuple[str, np.ndarray], dispersion: np.ndarray) -> None:
    # A tiny dispersion makes effective counts (count / dispersion) beyond any count a
    # float holds, where the exact limits are no longer computed.
    for name, values in counts:
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            effective = np.asarray(values, float) / dispersion
        check_not_huge(f"{name} / dispersion", np.where(np.isinf(effective),
                                                        np.finfo(float).max, effective))


def _dispersion(values: Any) -> np.ndarray:
    array = as_float_array("dispersion", values)
    check_positive("dispersion", array)
    check_finite_or_nan("dispersion", array)
    return array


def _rate_ratio_exact(after: np.ndarray, before: np.ndarray, scale: np.ndarray,
                      tail: Any, dispersion: np.ndarray) -> tuple[np.ndarray, ...]:
    """Rate ratio after / before and its exact conditional (Clopper-Pearson) limits.

    Given the total, ``after ~ Binomial(after + before, p)`` with
    ``p = R s / (R s + 1)``, where ``s = denominator_after / denominator_before`` and R is
    the rate ratio; the Clopper-Pearson limits of p (beta quantiles, [2]) map
    to ``R = p / (1 - p) / s`` (`peelstats.stats._rate_ratio.exact_limits`, shared with
    `compare_rates`). Counts enter divided by `dispersion` (effective counts).
    """
    a = after / dispersion
    b = before / dispersion
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        ratio = (after / before) / scale
    lower, upper = exact_limits(a, b, scale, tail)
    empty = (a + b == 0) | np.isnan(a + b + scale)
    return (np.where(empty, np.nan, ratio), np.where(empty, np.nan, lower),
            np.where(empty, np.nan, upper))


def change(before: Any, after: Any, *, denominator_before: Any = None,
           denominator_after: Any = None, confidence: float = 0.95,
           dispersion: Any = 1.0) -> Estimate:
    r"""Percent change from `before` to `after`, with an exact interval from the rate ratio.

    Parameters
    ----------
    before, after : array_like
        Counts of events in the earlier and the later period (crimes recorded in the 12
        months ending March 2018 and March 2019, say). Broadcast together.
    denominator_before, denominator_after : array_like, optional
        Populations (or households, or time) of the two periods. Given, the change is the
        change in the rate ``count / denominator``; left out, the change in the count.
        Give both or neither: one alone is an error (it would set a rate against a
        count).
    confidence : float, default 0.95
        Two-sided confidence level.
    dispersion : array_like, default 1
        Over-dispersion factor :math:`\phi` (variance = :math:`\phi` times the mean,
        quasi-Poisson). Values above 1 widen the interval; see Notes.

    Returns
    -------
    Estimate
        ``kind='percent_change'``, ``method='exact'``: ``value`` is
        :math:`100\,(R - 1)` with :math:`R` the rate ratio after / before, and ``lower``,
        ``upper`` the limits of R mapped the same way.

    Notes
    -----
    Conditional on the total :math:`a + b` of two Poisson counts, the later count
    :math:`a` is binomial with probability :math:`p = R s / (R s + 1)`, where
    :math:`s` is ``denominator_after / denominator_before`` ([1]_, [3]_). The interval of
    :math:`R` is the Clopper-Pearson interval of :math:`p` [2]_ mapped through
    :math:`R = p / ((1 - p) s)`. It is exact (it never covers less than `confidence`)
    for any counts, small or large, and is what R's ``poisson.test(c(a, b), c(Ta, Tb))``
    reports.

    Over-dispersion: under a quasi-Poisson model (variance :math:`\phi\mu`, as in [4]_)
    a count :math:`y` carries the information of a Poisson count :math:`y / \phi`. The
    interval is therefore computed from the effective counts ``after / dispersion`` and
    ``before / dispersion`` (the beta quantiles accept non-whole counts), which scales
    the variance of :math:`\log R`, about :math:`1/a + 1/b`, by :math:`\phi`. The point
    estimate does not change. Values of :math:`\phi` below 1 narrow the interval; [4]_
    advises against using them.

    Edge cases: ``after = 0`` gives a lower limit of -100 percent; ``before = 0`` gives
    an infinite value and upper limit (a change from nothing has no percentage); both 0
    give NaN. NaN in any input gives NaN out.

    Assumptions: the counts are independent and Poisson (or quasi-Poisson with the given
    :math:`\phi`), and the denominators are known without error.

    References
    ----------
    .. [1] Breslow, N. E. and Day, N. E. (1987). Statistical Methods in Cancer Research,
       Vol. II: The Design and Analysis of Cohort Studies. IARC Scientific Publications
       No. 82, Lyon. (Exact inference on a rate ratio conditional on the total.)
    .. [2] Clopper, C. J. and Pearson, E. S. (1934). The use of confidence or fiducial
       limits illustrated in the case of the binomial. Biometrika, 26(4), 404-413.
       doi:10.1093/biomet/26.4.404
    .. [3] Fay, M. P. (2010). Two-sided exact tests and matching confidence intervals
       for discrete data. The R Journal, 2(1), 53-58. doi:10.32614/RJ-2010-008
    .. [4] Spiegelhalter, D. J. (2005). Handling over-dispersion of performance
       indicators. Quality and Safety in Health Care, 14(5), 347-351.
       doi:10.1136/qshc.2005.013755

    Examples
    --------
    >>> result = change(57_676, 45_034)
    >>> round(result.value, 1), round(result.lower, 1), round(result.upper, 1)
    (-21.9, -22.9, -20.9)
    >>> wide = change(57_676, 45_034, dispersion=4.0)
    >>> round(wide.lower, 1), round(wide.upper, 1)
    (-23.8, -20.0)
    """
    confidence = check_confidence(confidence)
    _check_denominator_pairs(("denominator_before", denominator_before,
                              "denominator_after", denominator_after))
    labels, (before, after, denominator_before, denominator_after, dispersion) = align(
        before=before, after=after, denominator_before=denominator_before,
        denominator_after=denominator_after, dispersion=dispersion)
    b = _counts("before", before)
    a = _counts("after", after)
    d_before = _denominator("denominator_before", denominator_before)
    d_after = _denominator("denominator_after", denominator_after)
    phi = _dispersion(dispersion)
    a, b, d_before, d_after, phi = np.broadcast_arrays(a, b, d_before, d_after, phi)
    _check_effective_counts(("before", b), ("after", a), dispersion=phi)
    tail = (1.0 - confidence) / 2.0
    ratio, lower, upper = _rate_ratio_exact(a, b, d_after / d_before, tail, phi)
    # The counts stay on the estimate, so that `peelstats.compare` can compare two changes.
    return labels.apply(Estimate(
        value=100.0 * (ratio - 1.0), lower=100.0 * (lower - 1.0), upper=100.0 * (upper - 1.0),
        confidence=confidence, method="exact", kind="percent_change", count1=a,
        denominator1=None if denominator_after is None else d_after, count2=b,
        denominator2=None if denominator_before is None else d_before))


def _haldane(after1: np.ndarray, before1: np.ndarray, after2: np.ndarray,
             before2: np.ndarray) -> np.ndarray:
    """The four counts, with 0.5 added to each where any of an element's four is 0 [6]."""
    counts = np.stack(np.broadcast_arrays(after1, before1, after2, before2)).astype(float)
    zero = np.any(counts == 0, axis=0)
    return np.where(zero, counts + 0.5, counts)


def _ratio_of_ratios_wald(after1: np.ndarray, before1: np.ndarray, after2: np.ndarray,
                          before2: np.ndarray, scale: np.ndarray, dispersion: np.ndarray,
                          confidence: float) -> tuple[np.ndarray, ...]:
    """Ratio of two rate ratios with a Wald interval and test on the log scale [5]."""
    a1, b1, a2, b2 = _haldane(after1, before1, after2, before2)
    log_ratio = np.log(a1) - np.log(b1) - np.log(a2) + np.log(b2) - np.log(scale)
    se = np.sqrt(dispersion * (1 / a1 + 1 / b1 + 1 / a2 + 1 / b2))
    z = _st.norm.isf((1.0 - confidence) / 2.0)
    p_value = 2.0 * _st.norm.sf(np.abs(log_ratio) / se)
    return (np.exp(log_ratio), np.exp(log_ratio - z * se), np.exp(log_ratio + z * se),
            p_value)


def _mover_limits(a1: np.ndarray, b1: np.ndarray, a2: np.ndarray, b2: np.ndarray,
                  scale: np.ndarray, dispersion: np.ndarray,
                  tail: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    # Zou and Donner 2008 [7], difference of two parameters: theta1 - theta2 with each
    # theta the log rate ratio and (l, u) its exact conditional limits at the same level.
    one = np.ones_like(scale)
    with np.errstate(divide="ignore"):  # far in the tails a limit can reach 0: log -inf
        r1, l1, u1 = (np.log(v) for v in _rate_ratio_exact(a1, b1, one, tail, dispersion))
        r2, l2, u2 = (np.log(v) for v in _rate_ratio_exact(a2, b2, one, tail, dispersion))
    theta = r1 - r2 - np.log(scale)
    lower = theta - np.sqrt((r1 - l1) ** 2 + (u2 - r2) ** 2)
    upper = theta + np.sqrt((u1 - r1) ** 2 + (r2 - l2) ** 2)
    return theta, lower, upper


def _ratio_of_ratios_mover(after1: np.ndarray, before1: np.ndarray, after2: np.ndarray,
                           before2: np.ndarray, scale: np.ndarray, dispersion: np.ndarray,
                           confidence: float) -> tuple[np.ndarray, ...]:
    """Ratio of two rate ratios from the two exact intervals by MOVER [7]."""
    a1, b1, a2, b2 = _haldane(after1, before1, after2, before2)
    scale, dispersion = np.broadcast_arrays(scale, dispersion)
    theta, lower, upper = _mover_limits(a1, b1, a2, b2, scale, dispersion,
                                        (1.0 - confidence) / 2.0)
    # The p-value that matches the interval: 1 - the largest confidence at which it
    # excludes 0 (log scale). The limit nearer 0 moves towards 0 as the confidence grows,
    # so bisect on the normal quantile z of the tail, as for Newcombe's interval.
    shape = np.shape(theta)
    z_low, z_high = np.zeros(shape), np.full(shape, 38.0)  # ndtr(-38) ~ 3e-316
    for _ in range(_BISECTION_STEPS):
        z_mid = (z_low + z_high) / 2.0
        _, mid_lower, mid_upper = _mover_limits(a1, b1, a2, b2, scale, dispersion,
                                                _sp.ndtr(-z_mid))
        excludes = np.where(theta > 0, mid_lower > 0, mid_upper < 0)
        z_low = np.where(excludes, z_mid, z_low)
        z_high = np.where(excludes, z_high, z_mid)
    p_value = np.where(theta == 0, 1.0, 2.0 * _sp.ndtr(-(z_low + z_high) / 2.0))
    p_value = np.where(np.isnan(theta), np.nan, p_value)
    return np.exp(theta), np.exp(lower), np.exp(upper), p_value


_COMPARE_METHODS = {"wald": _ratio_of_ratios_wald, "mover": _ratio_of_ratios_mover}


def compare_changes(before1: Any, after1: Any, before2: Any, after2: Any, *,
                    denominator_before1: Any = None, denominator_after1: Any = None,
                    denominator_before2: Any = None, denominator_after2: Any = None,
                    confidence: float = 0.95, dispersion: Any = 1.0,
                    method: CompareMethod = "mover") -> Comparison:
    r"""Compare the change in area 1 with the change in area 2: the ratio of rate ratios.

    Parameters
    ----------
    before1, after1 : array_like
        Counts of area 1 in the earlier and later period.
    before2, after2 : array_like
        Counts of area 2 (the comparator) in the same two periods. To compare a force
        with England and Wales, pass England and Wales *without* the force (the total
        minus the force), so that the two are independent.
    denominator_before1, denominator_after1, denominator_before2, denominator_after2 : array_like, optional
        Populations of each area and period; left out, counts are compared. Give all
        four or none: a lone denominator, or denominators for one area only, is an error.
    confidence : float, default 0.95
        Two-sided confidence level.
    dispersion : array_like, default 1
        Over-dispersion factor :math:`\phi`; the variance of the log ratio is multiplied
        by it (quasi-Poisson).
    method : {'wald', 'mover'}
        ``'mover'`` (default, as `peelstats.compare` uses for two changes): the two exact
        conditional intervals of `change` combined by the method of variance estimates
        recovery [7]_, consistent with the intervals that `change` reports for each area.
        ``'wald'``: normal interval and test on the log scale [5]_.

    Returns
    -------
    Comparison
        ``measure='ratio'``, ``null=1``: ``value`` is :math:`R_1 / R_2`, the rate ratio
        after / before of area 1 over that of area 2, with its interval and two-sided
        p-value. ``verdict`` is ``lower`` when area 1 fell significantly more (or rose
        significantly less) than area 2, ``higher`` for the opposite, else
        ``similar``. ``estimate1`` and ``estimate2`` hold the two percent changes
        (`change`).

    Notes
    -----
    With :math:`a_i, b_i` the after and before counts of area :math:`i`,

    .. math:: \log(R_1/R_2) = \log\frac{a_1}{b_1} - \log\frac{a_2}{b_2} - \log c,
              \quad \mathrm{se} = \sqrt{\phi\,(1/a_1 + 1/b_1 + 1/a_2 + 1/b_2)},

    where :math:`c` collects the denominators, and the interval is
    :math:`\exp(\log(R_1/R_2) \pm z\,\mathrm{se})` — the comparison of two ratio
    estimates on the log scale of [5]_, with the Poisson variance :math:`1/y` of each
    log count. The Wald interval is accurate when every count is more than about 10.

    ``mover``: with :math:`\theta_i = \log R_i` and :math:`(l_i, u_i)` the logs of
    the exact conditional limits of :math:`R_i` (as in `change`, effective counts
    ``count / dispersion``), the limits of :math:`\theta_1 - \theta_2` are [7]_

    .. math:: \theta_1 - \theta_2 - \sqrt{(\theta_1 - l_1)^2 + (u_2 - \theta_2)^2},
              \quad \theta_1 - \theta_2 + \sqrt{(u_1 - \theta_1)^2 + (\theta_2 - l_2)^2}.

    It inherits the asymmetry and the conservatism of the exact intervals: in simulation
    (area 1 with before and after means from 2 to 25, area 2 with 200 and 200) its 95
    percent interval covered 96 to 99.6 percent of the time, Wald's 95 to 99.9 percent.
    Its p-value is the one that matches the interval: one minus the largest confidence at
    which the interval excludes 1.

    A count of 0 makes the log undefined: for such an element 0.5 is added to each of
    its four counts (Haldane-Anscombe correction, [6]_) under either method, and the
    interval should be read as approximate.

    Assumptions: four independent Poisson (or quasi-Poisson with a common :math:`\phi`)
    counts; denominators known without error.

    References
    ----------
    .. [5] Altman, D. G. and Bland, J. M. (2003). Interaction revisited: the difference
       between two estimates. BMJ, 326(7382), 219. doi:10.1136/bmj.326.7382.219
    .. [6] Haldane, J. B. S. (1956). The estimation and significance of the logarithm of
       a ratio of frequencies. Annals of Human Genetics, 20(4), 309-311.
       doi:10.1111/j.1469-1809.1955.tb01285.x
    .. [7] Zou, G. Y. and Donner, A. (2008). Construction of confidence limits about
       effect measures: a general approach. Statistics in Medicine, 27(10), 1693-1702.
       doi:10.1002/sim.3095

    Examples
    --------
    >>> result = compare_changes(1000, 800, 10000, 9000)
    >>> round(result.value, 4), result.verdict
    (0.8889, 'lower')
    >>> compare_changes(100, 90, 1000, 920).verdict
    'similar'
    """
    confidence = check_confidence(confidence)
    compute = choose(method, _COMPARE_METHODS)
    _check_denominator_pairs(
        ("denominator_before1", denominator_before1, "denominator_after1", denominator_after1),
        ("denominator_before2", denominator_before2, "denominator_after2", denominator_after2))
    labels, (before1, after1, before2, after2, denominator_before1, denominator_after1,
             denominator_before2, denominator_after2, dispersion) = align(
        before1=before1, after1=after1, before2=before2, after2=after2,
        denominator_before1=denominator_before1, denominator_after1=denominator_after1,
        denominator_before2=denominator_before2, denominator_after2=denominator_after2,
        dispersion=dispersion)
    b1 = _counts("before1", before1)
    a1 = _counts("after1", after1)
    b2 = _counts("before2", before2)
    a2 = _counts("after2", after2)
    db1 = _denominator("denominator_before1", denominator_before1)
    da1 = _denominator("denominator_after1", denominator_after1)
    db2 = _denominator("denominator_before2", denominator_before2)
    da2 = _denominator("denominator_after2", denominator_after2)
    phi = _dispersion(dispersion)
    _check_effective_counts(("before1", b1), ("after1", a1), ("before2", b2),
                            ("after2", a2), dispersion=phi)
    scale = (da1 / db1) / (da2 / db2)
    value, lower, upper, p_value = compute(a1, b1, a2, b2, scale, phi, confidence)
    verdict = verdict_from_interval(lower, upper, 1.0)
    first = change(b1, a1, denominator_before=db1, denominator_after=da1,
                   confidence=confidence, dispersion=phi)
    second = change(b2, a2, denominator_before=db2, denominator_after=da2,
                    confidence=confidence, dispersion=phi)
    return labels.apply(Comparison(value=value, lower=lower, upper=upper, p_value=p_value,
                                   verdict=verdict, confidence=confidence, method=method,
                                   measure="ratio", null=1.0, estimate1=first,
                                   estimate2=second))


def _survey_arguments(before: Any, after: Any, old_order: tuple[Any, ...], n_before: Any,
                      n_after: Any) -> tuple[Any, Any, Any, Any]:
    """(before, after, n_before, n_after) from either calling form of `survey_change`.

    The former form ``(before, n_before, after, n_after)`` gave three or four positional
    arguments; the present one gives two, so the forms are told apart by count, and a call
    in the former form is read as it always was.
    """
    if old_order:
        if len(old_order) > 2:
            raise TypeError(f"survey_change takes at most 4 positional arguments "
                            f"({2 + len(old_order)} given)")
        given = (before, after, *old_order)
        if n_before is not None or (len(old_order) == 2 and n_after is not None):
            raise TypeError("survey_change got the bases both by position (the former "
                            "order before, n_before, after, n_after) and by name: give "
                            "survey_change(before, after, n_before=..., n_after=...)")
        warnings.warn("survey_change(before, n_before, after, n_after) is deprecated: give "
                      "survey_change(before, after, n_before=..., n_after=...), the order "
                      "of change() (earlier, later; the result is later - earlier)",
                      DeprecationWarning, stacklevel=3)
        before, n_before, after = given[:3]
        if len(given) == 4:
            n_after = given[3]
    missing = [name for name, value in (("n_before", n_before), ("n_after", n_after))
               if value is None]
    if missing:
        raise TypeError(f"survey_change needs the unweighted bases: {' and '.join(missing)} "
                        f"not given (survey_change(before, after, n_before=..., "
                        f"n_after=...))")
    return before, after, n_before, n_after


def survey_change(before: Any, after: Any, *old_order: Any, n_before: Any = None,
                  n_after: Any = None, deff: Any = 1.0, confidence: float = 0.95,
                  method: str = "newcombe") -> Comparison:
    r"""Change in a survey proportion between two years: after - before, with a design effect.

    The order is that of `change`: the earlier year, then the later, and the result is
    later minus earlier; the bases are named (``n_before=``, ``n_after=``).

    For survey estimates published as a percentage and an unweighted base (the Crime
    Survey's "percentage of adults who experienced anti-social behaviour" by force), when
    no margin is published. With published margins use
    `peelstats.stats.compare.compare_estimates` on two `survey_proportion` estimates.

    Parameters
    ----------
    before, after : array_like
        The weighted proportions (fractions in [0, 1], not percent) of the earlier and
        later year.
    n_before, n_after : array_like, by name
        Unweighted bases (respondents) of each year, > 0. Required.
    deff : array_like, default 1
        Design effect of the survey (the square of the design factor, deft), applied to
        both years. The samples enter as effective sizes ``n / deff`` [1]_.
    confidence : float, default 0.95
        Two-sided confidence level.
    method : {'newcombe', 'miettinen_nurminen', 'wald'}
        Interval for the difference, as in `compare_proportions`.
    *old_order
        The former order ``survey_change(before, n_before, after, n_after)``, told apart
        by its third (and fourth) positional argument: still read that way, with a
        DeprecationWarning.

    Returns
    -------
    Comparison
        ``measure='difference'``, ``null=0``: ``value`` is after - before (a fraction),
        ``verdict`` ``higher`` for a significant rise, ``lower`` for a significant fall,
        else ``similar``.

    Notes
    -----
    The effective counts :math:`x_e = p\,n / d` out of :math:`n_e = n / d` of each year
    [1]_ go to `compare_proportions`, whose methods accept counts that are
    not whole numbers. The two years are independent samples.

    Assumptions: one design effect for both years and for the difference (design effects
    of a difference between independent samples are close to those of the estimates).

    References
    ----------
    .. [1] Kish, L. (1965). Survey Sampling. Wiley, New York.

    Examples
    --------
    >>> c = survey_change(0.30, 0.36, n_before=650, n_after=640, deff=1.44)
    >>> round(c.value, 2), c.verdict
    (0.06, 'similar')
    >>> survey_change(0.30, 0.36, n_before=650, n_after=640).verdict
    'higher'
    """
    before, after, n_before, n_after = _survey_arguments(before, after, old_order,
                                                         n_before, n_after)
    labels, (before, n_before, after, n_after, deff) = align(
        before=before, n_before=n_before, after=after, n_after=n_after, deff=deff)
    p0 = as_float_array("before", before)
    p1 = as_float_array("after", after)
    n0 = as_float_array("n_before", n_before)
    n1 = as_float_array("n_after", n_after)
    design = as_float_array("deff", deff)
    for name, values in (("before", p0), ("after", p1)):
        check_nonnegative(name, values)
        check_finite_or_nan(name, values)
        check_not_above(name, values, "1", np.ones_like(values))
    for name, values in (("n_before", n0), ("n_after", n1), ("deff", design)):
        check_positive(name, values)
        check_finite_or_nan(name, values)
    # Effective counts p n / deff are not counts of successes: below 1 they are valid here.
    return labels.apply(difference_of_proportions(
        p1 * n1 / design, n1 / design, p0 * n0 / design, n0 / design,
        confidence=confidence, method=method, counts=False, labels=labels.rows))
