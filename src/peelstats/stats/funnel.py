"""Funnel plots: control limits around a target, and outliers with over-dispersion.

A funnel plot compares many areas at once (the 43 forces, or thousands of small areas)
with a common target. Each area's value is plotted against its denominator; control
limits at two levels (95% and 99.8% by convention, about 2 and 3 standard deviations)
narrow as the denominator grows. Areas beyond the limits differ from the target by more
than chance allows, with the multiple comparison built into the picture [1]_.

`funnel_limits` gives the limits for any denominators; `funnel` takes a set of areas and
gives each area's value, z-score and flags, the over-dispersion ratio and the limits and
flags after an additive random-effects adjustment [2]_ [3]_.

References
----------
.. [1] Spiegelhalter DJ. Funnel plots for comparing institutional performance.
   Statistics in Medicine 2005; 24(8):1185-1202. doi:10.1002/sim.1970
.. [2] Spiegelhalter DJ. Handling over-dispersion of performance indicators. Quality and
   Safety in Health Care 2005; 14(5):347-351. doi:10.1136/qshc.2005.013755
.. [3] Spiegelhalter D, Sherlaw-Johnson C, Bardsley M, Blunt I, Wood C, Grigg O.
   Statistical methods for healthcare regulation: rating, screening and surveillance.
   Journal of the Royal Statistical Society A 2012; 175(1):1-47.
   doi:10.1111/j.1467-985X.2011.01010.x
.. [4] Office for Health Improvement and Disparities. Fingertips technical guidance:
   funnel plots and control limits (Wilson score and exact Poisson limits), as implemented
   in the R package PHEindicatormethods (`calculate_funnel_limits`).
.. [5] Garwood F. Fiducial limits for the Poisson distribution. Biometrika 1936;
   28(3/4):437-442. doi:10.1093/biomet/28.3-4.437
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, ClassVar, Literal

import numpy as np
import pandas as pd
from scipy import special, stats

from peelstats.stats._results import FrameLikeDeprecated, _Result
from peelstats.stats._validation import (
    as_float_array,
    check_between,
    check_confidence,
    check_finite_or_nan,
    check_nonnegative,
    check_not_above,
    check_positive,
    check_whole,
    choose,
)

FunnelKind = Literal["proportion", "rate", "ratio"]
FunnelMethod = Literal["exact", "wilson"]
FunnelScale = Literal["arcsine", "sqrt", "log", "identity"]

#: The limit methods each kind of indicator allows.
_METHODS: dict[str, tuple[str, ...]] = {
    "proportion": ("exact", "wilson"),
    "rate": ("exact",),
    "ratio": ("exact",),
}

#: The scale each kind uses for z-scores and the over-dispersion model, first = default.
_SCALES: dict[str, tuple[str, ...]] = {
    "proportion": ("arcsine", "identity"),
    "rate": ("sqrt", "log", "identity"),
    "ratio": ("sqrt", "log", "identity"),
}


@dataclass(frozen=True, repr=False)
class FunnelLimits(_Result):
    """Control limits of a funnel plot at one confidence level.

    `lower` and `upper` are in the unit of the plotted value (times `per`) and broadcast
    over `denominator` and `target`.
    """

    lower: Any
    upper: Any
    denominator: Any
    target: Any
    confidence: float
    method: str
    kind: str
    per: float

    def __str__(self) -> str:  # limits are not a citable figure; show the fields
        return repr(self)


# --------------------------------------------------------------------------- limits ---

def _proportion_exact(n: np.ndarray, t: np.ndarray, p: float) -> np.ndarray:
    """The p-quantile of Binomial(n, t) as a proportion, interpolated ([1]_, appendix A.1.1).

    r_p is the smallest r with F(r) >= p; alpha = (F(r_p) - p) / (F(r_p) - F(r_p - 1));
    the limit is (r_p - alpha) / n.
    """
    r = stats.binom.ppf(p, n, t)
    f_r = stats.binom.cdf(r, n, t)
    f_below = stats.binom.cdf(r - 1, n, t)
    step = f_r - f_below
    with np.errstate(invalid="ignore", divide="ignore"):
        alpha = np.where(step > 0, (f_r - p) / step, 0.0)
        limit = (r - alpha) / n
    # Interpolating below r_p = 0 gives a negative number: no count can lie below 0.
    # A target of 0 or 1 puts all probability on one count: the limits are the target.
    return np.where((t == 0) | (t == 1), t, np.clip(limit, 0.0, 1.0))


def _exact_proportion_limits(n, t, tail):
    return _proportion_exact(n, t, tail), _proportion_exact(n, t, 1.0 - tail)


def _wilson_proportion_limits(n, t, tail):
    # The Wilson score interval of an observed p excludes t exactly when
    # |p - t| > z * sqrt(t (1 - t) / n), so the Fingertips limits are the score-test limits.
    z = stats.norm.ppf(1.0 - tail)
    with np.errstate(invalid="ignore", divide="ignore"):
        half = z * np.sqrt(t * (1.0 - t) / n)
    return np.clip(t - half, 0.0, 1.0), np.clip(t + half, 0.0, 1.0)


def _bisect_decreasing(function: Callable[[np.ndarray], np.ndarray], goal: float,
                       low: np.ndarray, high: np.ndarray, steps: int = 60) -> np.ndarray:
    """Solve function(a) = goal for a decreasing function on [low, high], elementwise."""
    for _ in range(steps):
        middle = 0.5 * (low + high)
        above = function(middle) > goal
        low = np.where(above, middle, low)
        high = np.where(above, high, middle)
    return 0.5 * (low + high)


def _poisson_count_limits(mu: np.ndarray, tail: float) -> tuple[np.ndarray, np.ndarray]:
    """Counts l, u with P(X <= l) = tail and P(X >= u) = tail for X ~ Poisson(mu).

    Both are continuous in the count through the incomplete gamma function
    (P(X <= k) = Q(k + 1, mu)), so a count x lies outside [l, u] exactly when Garwood's
    exact interval [5]_ for x excludes mu: these are the Fingertips limits [4]_.
    """
    lower = special.pdtrik(tail, mu)
    upper = special.pdtrik(1.0 - tail, mu) + 1.0
    # pdtrik stops at a count of 0; when P(X = 0) > 1 - tail the upper count lies in (0, 1).
    tiny = mu < -np.log1p(-tail)
    if np.any(tiny):
        small_mu = mu[tiny]
        upper[tiny] = _bisect_decreasing(lambda a: special.gammainc(a, small_mu), tail,
                                         np.zeros_like(small_mu), np.ones_like(small_mu))
    return np.maximum(lower, 0.0), upper


_PROPORTION_METHODS = {"exact": _exact_proportion_limits, "wilson": _wilson_proportion_limits}


def _check_denominator(denominator: np.ndarray, kind: str, method: str) -> None:
    check_finite_or_nan("denominator", denominator)
    check_nonnegative("denominator", denominator)
    if kind == "proportion" and method == "exact":  # binomial limits need whole n
        check_whole("denominator", denominator)


def _check_per(per: Any) -> float:
    per = float(per)
    if not np.isfinite(per) or per <= 0:
        raise ValueError(f"per must be a positive number, got {per!r}")
    return per


def _check_target(target: np.ndarray, kind: str, per: float) -> None:
    check_finite_or_nan("target", target)
    if kind == "proportion":
        check_between("target", target, 0.0, per)
    else:
        check_nonnegative("target", target)


def funnel_limits(denominator: Any, target: Any, *, kind: FunnelKind = "proportion",
                  method: FunnelMethod = "exact", confidence: float = 0.95,
                  per: float = 1.0) -> FunnelLimits:
    """Control limits of a funnel plot around `target`, for each denominator.

    Parameters
    ----------
    denominator : array_like
        ``n`` for a proportion, the population (or households) for a rate, the expected
        count for a ratio of observed to expected. NaN gives NaN limits.
    target : array_like
        The value the areas are compared with, in the plotted unit (times `per`): the
        England and Wales proportion or rate, or 1 (times `per`) for a standardised ratio.
    kind : {'proportion', 'rate', 'ratio'}
        What is plotted: ``x / n * per``, ``count / denominator * per`` or
        ``observed / expected * per``.
    method : {'exact', 'wilson'}
        Proportions: ``'exact'`` is Spiegelhalter's interpolated binomial quantile
        ([1]_, appendix A.1.1): with r_p the smallest r such that P(R <= r) >= p for
        R ~ Binomial(n, target) and alpha = (P(R <= r_p) - p) / P(R = r_p), the limit is
        (r_p - alpha) / n; ``'wilson'`` is the Fingertips method [4]_: the proportions
        whose Wilson score interval just touches the target, which are
        target ± z sqrt(target (1 - target) / n). Rates and ratios: ``'exact'`` only:
        with mu = target / per * denominator the expected count, the lower limit is the
        count l with P(X <= l) = (1 - confidence) / 2 and the upper limit the count u with
        P(X >= u) = (1 - confidence) / 2, X ~ Poisson(mu), continuous in the count through
        the incomplete gamma function; a count lies beyond them exactly when its exact
        (Garwood [5]_) interval excludes mu. This is how Fingertips draws rate and
        ratio funnels [4]_. FunnelPlotR draws its standardised-ratio funnel on the same
        axes (observed / expected against expected, target 1) but takes Garwood's
        interval of a count equal to the expected count, which differs from these
        limits by about one event and converges to them as the expected count grows.
    confidence : float
        Two-sided level, a fraction: 0.95 and 0.998 for the usual two funnels.
    per : float
        The multiplier of the plotted value (1, 100 for percent, 1,000 for a rate per
        1,000, 100 for a ratio shown as 100 = as expected).

    Returns
    -------
    FunnelLimits
        `lower` and `upper` in the plotted unit, broadcast over `denominator` and
        `target`, with the method and confidence recorded.

    Notes
    -----
    Limits never leave the range of the value: a proportion's limits lie in [0, 1]
    (times `per`) and a rate's lower limit is at least 0, because no count can fall below
    zero. A zero denominator gives NaN limits. Exact binomial limits need whole-number
    denominators.

    Examples
    --------
    Limits around 80.6 percent for 100 respondents (Fingertips method):

    >>> limits = funnel_limits(100, 80.642448, method="wilson", per=100)
    >>> round(limits.lower, 4), round(limits.upper, 4)
    (72.8986, 88.3863)

    Exact Poisson limits for a rate of 10 per 1,000 in a population of 20,000
    (200 expected events):

    >>> limits = funnel_limits(20000, 10, kind="rate", per=1000, confidence=0.998)
    >>> round(limits.lower, 3), round(limits.upper, 3)
    (7.863, 12.28)
    """
    confidence = check_confidence(confidence)
    choose(kind, _METHODS, "kind")
    choose(method, dict.fromkeys(_METHODS[kind]), f"method for kind {kind!r}")
    per = _check_per(per)
    denominator = as_float_array("denominator", denominator)
    target = as_float_array("target", target)
    _check_denominator(denominator, kind, method)
    _check_target(target, kind, per)
    rate = target / per
    denominator, rate = np.broadcast_arrays(denominator, rate)
    tail = (1.0 - confidence) / 2.0
    with np.errstate(invalid="ignore", divide="ignore"):
        valid = denominator > 0
        d = np.where(valid, denominator, 1.0)
        if kind == "proportion":
            lower, upper = _PROPORTION_METHODS[method](d, rate, tail)
        else:
            mu = rate * d
            lower, upper = _poisson_count_limits(np.atleast_1d(mu).astype(float), tail)
            lower = lower.reshape(mu.shape) / d
            upper = upper.reshape(mu.shape) / d
    nan = ~valid | np.isnan(rate)
    lower = np.where(nan, np.nan, lower * per)
    upper = np.where(nan, np.nan, upper * per)
    return FunnelLimits(lower=lower, upper=upper, denominator=denominator,
                        target=rate * per, confidence=confidence, method=method, kind=kind,
                        per=per)


# ------------------------------------------------------------- over-dispersion ---

def _transform(scale: str, kind: str):
    """(forward, standard error, back) on the chosen scale.

    forward(v) maps a value (as a fraction: v = numerator / denominator) onto the scale;
    se(t, d) is the standard error there of an area with denominator d when the target
    t is true; back maps the scale onto values again. Standard errors use the target, as in
    [2]_, so that an area with no events still has one.
    """
    if scale == "arcsine":  # [3]_ section 3.3: variance-stabilising for a binomial
        return (lambda v: np.arcsin(np.sqrt(v)),
                lambda t, d: 1.0 / (2.0 * np.sqrt(d)),
                lambda y: np.sin(np.clip(y, 0.0, np.pi / 2)) ** 2)
    if scale == "sqrt":  # [3]_: variance-stabilising for a Poisson count
        return (np.sqrt,
                lambda t, d: 1.0 / (2.0 * np.sqrt(d)),
                lambda y: np.maximum(y, 0.0) ** 2)
    if scale == "log":  # as for the SHMI: log ratio, SE 1 / sqrt(expected)
        return (np.log,
                lambda t, d: 1.0 / np.sqrt(t * d),
                np.exp)
    if kind == "proportion":  # identity: normal approximation at the target
        return (lambda v: v,
                lambda t, d: np.sqrt(t * (1.0 - t) / d),
                lambda y: np.clip(y, 0.0, 1.0))
    return (lambda v: v,
            lambda t, d: np.sqrt(t / d),
            lambda y: np.maximum(y, 0.0))


def overdispersion(z: Any, se: Any, *, trim: float = 0.1) -> tuple[float, float, np.ndarray]:
    """Over-dispersion ratio phi and between-area variance tau² from z-scores [2]_.

    Parameters
    ----------
    z : array_like
        Each area's z-score on a scale where it is approximately standard normal under
        the null hypothesis. NaN entries are left out of phi and tau².
    se : array_like
        Each area's standard error s_i on that scale.
    trim : float
        The fraction winsorised at each end: z-scores below the `trim` quantile and above
        the `1 - trim` quantile are set to those quantiles (10% in [2]_ and [3]_).

    Returns
    -------
    phi : float
        (1 / I) * sum of squared winsorised z-scores.
    tau2 : float
        The additive random-effects variance, DerSimonian-Laird style with weights
        w_i = 1 / s_i²: (I phi - (I - 1)) / (sum w - sum w² / sum w), and 0 when
        I phi <= I - 1 (no more spread than chance) [2]_ (equation 2).
    z_winsorised : ndarray
        The winsorised z-scores (quantiles as R's type 7, numpy's default).

    Examples
    --------
    >>> phi, tau2, _ = overdispersion([-1.0, 0.5, 2.0, 3.0], [0.1, 0.1, 0.1, 0.1], trim=0.0)
    >>> round(phi, 4), round(tau2, 5)
    (3.5625, 0.0375)
    """
    z = as_float_array("z", z)
    se = as_float_array("se", se)
    if not 0.0 <= float(trim) < 0.5:
        raise ValueError(f"trim must be in [0, 0.5), got {trim!r}")
    z, se = np.broadcast_arrays(z, se)
    used = np.isfinite(z) & np.isfinite(se) & (se > 0)
    areas = int(used.sum())
    winsorised = np.full(z.shape, np.nan)
    if areas < 2:
        return float("nan"), float("nan"), winsorised
    low, high = np.quantile(z[used], [trim, 1.0 - trim])
    winsorised[used] = np.clip(z[used], low, high)
    phi = float(np.mean(winsorised[used] ** 2))
    w = 1.0 / se[used] ** 2
    excess = areas * phi - (areas - 1)
    tau2 = float(max(0.0, excess / (w.sum() - (w ** 2).sum() / w.sum()))) if excess > 0 else 0.0
    return phi, tau2, winsorised


def adjusted_limits(denominator: Any, target: Any, tau2: float, *,
                    kind: FunnelKind = "proportion", scale: FunnelScale | None = None,
                    confidence: float = 0.95, per: float = 1.0) -> FunnelLimits:
    """Funnel limits widened for over-dispersion: y0 ± z sqrt(s² + tau²) on `scale` [2]_.

    Parameters
    ----------
    denominator, target, kind, per, confidence
        As for `funnel_limits`.
    tau2 : float
        Between-area variance on `scale` (from `overdispersion`, or `funnel`'s
        ``tau2`` column); 0 gives the normal-approximation limits on that scale.
    scale : {'arcsine', 'sqrt', 'log', 'identity'}, optional
        As for `funnel`; default ``'arcsine'`` for proportions, ``'sqrt'`` otherwise.

    Returns
    -------
    FunnelLimits
        Limits mapped back to the plotted unit, with ``method`` naming the scale, e.g.
        ``'random effects (arcsine)'``.

    Examples
    --------
    >>> limits = adjusted_limits(1000, 30, 0.0004, per=100)
    >>> round(limits.lower, 2), round(limits.upper, 2)
    (25.53, 34.67)
    """
    confidence = check_confidence(confidence)
    choose(kind, _METHODS, "kind")
    scale = _SCALES[kind][0] if scale is None else scale
    choose(scale, dict.fromkeys(_SCALES[kind]), f"scale for kind {kind!r}")
    tau2 = float(tau2)
    if not tau2 >= 0:
        raise ValueError(f"tau2 must be zero or more, got {tau2!r}")
    per = _check_per(per)
    denominator = as_float_array("denominator", denominator)
    target = as_float_array("target", target)
    check_finite_or_nan("denominator", denominator)
    check_nonnegative("denominator", denominator)
    _check_target(target, kind, per)
    forward, standard_error, back = _transform(scale, kind)
    denominator, t = np.broadcast_arrays(denominator, target / per)
    with np.errstate(invalid="ignore", divide="ignore"):
        valid = denominator > 0
        d = np.where(valid, denominator, 1.0)
        y0 = forward(t)
        half = stats.norm.ppf(0.5 + confidence / 2) * np.sqrt(standard_error(t, d) ** 2 + tau2)
        lower = np.where(valid, back(y0 - half) * per, np.nan)
        upper = np.where(valid, back(y0 + half) * per, np.nan)
    return FunnelLimits(lower=lower, upper=upper, denominator=denominator, target=t * per,
                        confidence=confidence, method=f"random effects ({scale})", kind=kind,
                        per=per)


def _flag(value: np.ndarray, warning: tuple[np.ndarray, np.ndarray],
          control: tuple[np.ndarray, np.ndarray], levels: tuple[float, float]) -> np.ndarray:
    inner, outer = (f"{100 * level:.10g}%" for level in levels)
    flag = np.select(
        [value > control[1], value > warning[1], value < control[0], value < warning[0]],
        [f"above {outer}", f"above {inner}", f"below {outer}", f"below {inner}"],
        default=f"within {inner}")
    return np.where(np.isnan(value) | np.isnan(warning[0]), "", flag).astype(object)


def _column(data: pd.DataFrame | None, name: str, values: Any) -> Any:
    if data is None:
        return values
    if not isinstance(values, str) or values not in data.columns:
        raise ValueError(f"{name} must name a column of data, got {values!r}; columns are "
                         f"{', '.join(map(str, data.columns))}")
    return data[values].to_numpy(dtype=float)


# --------------------------------------------------------------------------- result ---

@dataclass(frozen=True, repr=False)
class Funnel(FrameLikeDeprecated):
    """The result of `funnel`: a set of areas against a target, with over-dispersion.

    Attributes
    ----------
    frame : DataFrame
        One row per area: the input (or `area`, `numerator`, `denominator`) and the
        columns listed in `funnel` (value, z-score, limits, flags, adjusted limits).
    kind, per, method, scale : str, float, str, str
        What was compared, and how (see `funnel`).
    confidence : (float, float)
        The inner and outer levels.
    target : float
        The comparator, in the plotted unit.
    phi, tau2 : float
        The over-dispersion ratio, and the between-area variance on the chosen scale.
    trim : float
        The winsorising fraction used for phi.
    columns : dict
        The names of the ``numerator``, ``denominator`` and ``area`` columns of `frame`
        (``area`` None without labels).

    `limits` gives the limits at any level, `outliers` the areas beyond them, by name,
    as FunnelPlotR's ``limits()`` and ``outliers()`` do. Using the result as the
    DataFrame it used to be (``result["flag"]``, ``result.attrs``) still works for now,
    with a DeprecationWarning: use ``result.frame``.
    """

    FRAME_ADVICE: ClassVar[str] = (
        "peelstats.funnel returns a Funnel; {what} on it is deprecated: use .frame (the "
        "table), .phi, .tau2, .limits() or .outliers()")

    frame: pd.DataFrame
    kind: str
    per: float
    confidence: tuple[float, float]
    method: str
    scale: str
    target: float
    phi: float
    tau2: float
    trim: float
    columns: dict[str, Any] = field(default_factory=dict)

    @property
    def adjusted(self) -> bool:
        """Whether the areas are over-dispersed (tau² > 0), so that the adjusted limits
        differ from the unadjusted ones."""
        return bool(np.isfinite(self.tau2) and self.tau2 > 0)

    def limits(self, confidence: float | None = None, *, adjusted: bool | None = None,
               denominator: Any = None) -> FunnelLimits:
        """The limits at `confidence` (default: the outer level), at the areas'
        denominators or at `denominator`; adjusted for over-dispersion by default when
        tau² > 0 (`adjusted_limits`), else the unadjusted ones (`funnel_limits`)."""
        level = self.confidence[1] if confidence is None else check_confidence(confidence)
        adjusted = self.adjusted if adjusted is None else bool(adjusted)
        if denominator is None:
            denominator = self.frame[self.columns["denominator"]].to_numpy(dtype=float)
        if adjusted:
            return adjusted_limits(denominator, self.target, self.tau2, kind=self.kind,  # type: ignore[arg-type]
                                   scale=self.scale, confidence=level, per=self.per)  # type: ignore[arg-type]
        return funnel_limits(denominator, self.target, kind=self.kind,  # type: ignore[arg-type]
                             method=self.method, confidence=level, per=self.per)  # type: ignore[arg-type]

    def outliers(self, confidence: float | None = None, *,
                 adjusted: bool | None = None) -> list[Any]:
        """The areas beyond the limits at `confidence` (default: the outer level), by
        name (the `area` labels, else the frame's index), in the frame's order.

        >>> result = funnel([30, 45, 80, 8], [100, 100, 200, 50], area=["A", "B", "C", "D"])
        >>> result.outliers(0.95, adjusted=False), result.outliers()
        (['D'], [])
        """
        limits = self.limits(confidence, adjusted=adjusted)
        value = self.frame["value"].to_numpy(dtype=float)
        beyond = (value < np.asarray(limits.lower)) | (value > np.asarray(limits.upper))
        area = self.columns.get("area")
        labels = self.frame[area] if area is not None else pd.Series(self.frame.index)
        return [label for label, out in zip(labels.tolist(), beyond) if out]

    def __repr__(self) -> str:
        return (f"Funnel({len(self.frame)} areas, kind={self.kind!r}, "
                f"target={self.target:.6g}, phi={self.phi:.6g}, tau2={self.tau2:.6g}, "
                f"confidence={self.confidence!r})")

    def _repr_html_(self) -> str:
        inner, outer = (f"{100 * level:.10g}%" for level in self.confidence)
        caption = (f"<p>Funnel of {len(self.frame)} areas ({self.kind}): target "
                   f"{self.target:.6g}, φ = {self.phi:.6g}, τ² = {self.tau2:.6g}; limits "
                   f"{inner} and {outer}.</p>")
        return caption + self.frame.to_html(float_format=lambda v: f"{v:.6g}")



def funnel(numerator: Any, denominator: Any, *, data: pd.DataFrame | None = None,
           area: Any = None, kind: FunnelKind = "proportion", target: float | None = None,
           per: float = 1.0, method: FunnelMethod = "exact", scale: FunnelScale | None = None,
           confidence: tuple[float, float] = (0.95, 0.998), trim: float = 0.1) -> Funnel:
    """Compare a set of areas with a target: values, z-scores, flags and over-dispersion.

    Parameters
    ----------
    numerator, denominator : array_like or str
        x and n of a proportion; count and population of a rate; observed and expected
        counts of a standardised ratio. Column names when `data` is given.
    data : DataFrame, optional
        A tidy frame, one row per area. The result is a copy of it with the columns below
        added and the index untouched.
    area : array_like or str, optional
        Area labels (a column name with `data`), used in error messages and kept as the
        `area` column when arrays are given.
    kind : {'proportion', 'rate', 'ratio'}
        See `funnel_limits`.
    target : float, optional
        The comparator in the plotted unit. Default: the pooled value of the areas,
        sum(numerator) / sum(denominator) * per, over the areas with both numbers (the
        usual funnel baseline [1]_ [4]_), or 1 * per for a ratio.
    per : float
        Multiplier of the value (100 for percent, 1,000 for a rate per 1,000).
    method : {'exact', 'wilson'}
        How the unadjusted limits are computed (see `funnel_limits`).
    scale : {'arcsine', 'sqrt', 'log', 'identity'}, optional
        The scale of the z-scores and the over-dispersion model. Default: ``'arcsine'``
        for proportions, y = asin(sqrt(p)) with s = 1 / (2 sqrt(n)); ``'sqrt'`` for
        rates and ratios, y = sqrt(value / per) with s = 1 / (2 sqrt(denominator)).
        Both are the variance-stabilising transforms recommended in [3]_ (section 3.3) and
        used by FunnelPlotR (proportions; the CQC method for ratios); unlike ``'log'``
        (the SHMI method) they allow areas with no events. ``'identity'`` is the
        normal approximation on the natural scale with the standard error at the target,
        s = sqrt(t (1 - t) / n) for a proportion, as in [2]_.
    confidence : (float, float)
        The inner ("warning") and outer ("control") levels, 95% and 99.8% by default.
    trim : float
        Fraction of z-scores winsorised at each end before estimating phi (10% [2]_).

    Returns
    -------
    Funnel
        Its `frame` has one row per area, with columns

        - ``value``, ``target``: the area's value and the comparator (times `per`);
        - ``z``: the z-score (y - y0) / s on the chosen scale;
        - ``warning_lower``, ``warning_upper``, ``control_lower``, ``control_upper``:
          the unadjusted limits at the area's denominator, by `method`;
        - ``flag``: ``'above 99.8%'``, ``'above 95%'``, ``'within 95%'``,
          ``'below 95%'`` or ``'below 99.8%'`` against those limits;
        - ``z_winsorised``, ``phi``, ``tau2``: the winsorised z-score, the
          over-dispersion ratio and the between-area variance on the chosen scale;
        - ``z_adjusted``: (y - y0) / sqrt(s² + tau²);
        - ``adjusted_warning_lower`` … ``adjusted_control_upper`` and
          ``adjusted_flag``: limits y0 ± z_level sqrt(s² + tau²) mapped back to the value,
          and the flags against them;
        - ``method``, ``scale``: what was used.

        When tau² = 0 (no over-dispersion) the adjusted limits and flags are the
        unadjusted ones. The `Funnel` records kind, per, levels, method, scale, target,
        phi, tau2, trim and the names of the numerator, denominator and area columns
        (``columns``), which is what the funnel chart reads; ``frame.attrs`` still holds
        them for code that read them there (deprecated).

    Notes
    -----
    Assumptions: areas are independent; under the null hypothesis each count is binomial
    (proportions) or Poisson (rates, ratios) around the target; the over-dispersion model
    is additive on the chosen scale, y_i ~ N(y0, s_i² + tau²) [2]_. phi near 1 means
    the areas vary as chance predicts. A NaN numerator or denominator gives a NaN row that
    takes no part in the target, phi or tau²; a zero denominator likewise.

    Examples
    --------
    >>> result = funnel([30, 45, 80, 8], [100, 100, 200, 50], area=["A", "B", "C", "D"])
    >>> result.frame[["area", "value", "flag", "adjusted_flag"]]
      area  value        flag adjusted_flag
    0    A   0.30  within 95%    within 95%
    1    B   0.45  within 95%    within 95%
    2    C   0.40  within 95%    within 95%
    3    D   0.16   below 95%     below 95%
    >>> round(result.target, 4), round(result.phi, 2)
    (0.3622, 3.21)
    """
    if np.ndim(confidence) != 1:  # a single level is not iterable: say what is wanted
        raise ValueError(f"confidence must be two increasing levels, got {confidence!r}")
    levels = tuple(check_confidence(level) for level in confidence)
    if len(levels) != 2 or not levels[0] < levels[1]:
        raise ValueError(f"confidence must be two increasing levels, got {confidence!r}")
    choose(kind, _METHODS, "kind")
    scale = _SCALES[kind][0] if scale is None else scale
    choose(scale, dict.fromkeys(_SCALES[kind]), f"scale for kind {kind!r}")
    if data is not None and not isinstance(data, pd.DataFrame):
        raise ValueError(f"data must be a DataFrame, got {type(data).__name__}")
    numerator_name, denominator_name = numerator, denominator
    numerator = as_float_array("numerator", _column(data, "numerator", numerator))
    denominator = as_float_array("denominator", _column(data, "denominator", denominator))
    labels = None
    if area is not None:
        labels = list(data[area]) if data is not None and isinstance(area, str) else list(area)
    numerator, denominator = np.broadcast_arrays(numerator, denominator)
    if numerator.ndim != 1:
        raise ValueError("numerator and denominator must be one value per area")
    if labels is not None and len(labels) != numerator.size:
        raise ValueError(f"area has {len(labels)} labels for {numerator.size} areas")
    check_finite_or_nan("numerator", numerator, labels)
    check_finite_or_nan("denominator", denominator, labels)
    check_nonnegative("numerator", numerator, labels)
    check_nonnegative("denominator", denominator, labels)
    if kind == "proportion":
        check_not_above("numerator", numerator, "denominator", denominator, labels)
        if method == "exact":  # as funnel_limits requires, but naming the areas
            check_whole("denominator", denominator, labels)
    if scale == "log":  # log(0): an area with no events has no z-score on this scale
        check_positive("numerator", numerator, labels)

    complete = np.isfinite(numerator) & np.isfinite(denominator) & (denominator > 0)
    if target is None and kind == "ratio":
        target = per
    elif target is None:  # no complete area at all: NaN target, NaN everywhere
        total = denominator[complete].sum()
        target = numerator[complete].sum() / total * per if total > 0 else np.nan
    target = float(target)
    limits = [funnel_limits(denominator, target, kind=kind, method=method, confidence=level,
                            per=per) for level in levels]
    with np.errstate(invalid="ignore", divide="ignore"):
        fraction = np.where(complete, numerator / np.where(complete, denominator, 1.0), np.nan)
        value = fraction * per
        forward, standard_error, back = _transform(scale, kind)
        t = target / per
        y = forward(fraction)
        y0 = forward(t)
        se = np.where(complete, standard_error(t, np.where(complete, denominator, 1.0)), np.nan)
        z = (y - y0) / se
    warning = (np.asarray(limits[0].lower), np.asarray(limits[0].upper))
    control = (np.asarray(limits[1].lower), np.asarray(limits[1].upper))
    flag = _flag(value, warning, control, levels)

    phi, tau2, z_winsorised = overdispersion(z, se, trim=trim)
    spread = np.sqrt(se ** 2 + (tau2 if np.isfinite(tau2) else 0.0))
    z_adjusted = (y - y0) / spread
    adjusted = []
    for level, unadjusted in zip(levels, (warning, control)):
        if np.isfinite(tau2) and tau2 > 0:
            limits = adjusted_limits(denominator, target, tau2, kind=kind, scale=scale,
                                     confidence=level, per=per)
            adjusted.append((np.asarray(limits.lower), np.asarray(limits.upper)))
        else:
            adjusted.append(unadjusted)
    adjusted_flag = _flag(value, adjusted[0], adjusted[1], levels)

    columns = {
        "value": value, "target": np.full(value.shape, target), "z": z,
        "warning_lower": warning[0], "warning_upper": warning[1],
        "control_lower": control[0], "control_upper": control[1], "flag": flag,
        "z_winsorised": z_winsorised, "phi": np.full(value.shape, phi),
        "tau2": np.full(value.shape, tau2), "z_adjusted": z_adjusted,
        "adjusted_warning_lower": adjusted[0][0], "adjusted_warning_upper": adjusted[0][1],
        "adjusted_control_lower": adjusted[1][0], "adjusted_control_upper": adjusted[1][1],
        "adjusted_flag": adjusted_flag,
        "method": np.full(value.shape, method, dtype=object),
        "scale": np.full(value.shape, scale, dtype=object),
    }
    if data is not None:
        frame = data.copy()
        for name, values in columns.items():
            frame[name] = values
    else:
        start = {} if labels is None else {"area": labels}
        frame = pd.DataFrame({**start, "numerator": numerator, "denominator": denominator,
                              **columns})
    names = ({"numerator": numerator_name, "denominator": denominator_name, "area": area}
             if data is not None else
             {"numerator": "numerator", "denominator": "denominator",
              "area": None if labels is None else "area"})
    recorded = {"columns": names, "kind": kind, "per": per, "confidence": levels,
                "method": method, "scale": scale, "target": target, "phi": phi, "tau2": tau2,
                "trim": trim}
    frame.attrs.update(recorded)  # deprecated: read them from the Funnel
    return Funnel(frame=frame, **recorded)

