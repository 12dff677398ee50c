"""The weighted displacement difference (WDD) test of Wheeler and Ratcliffe (2018).

A difference-in-differences for crime counts before and after a place-based intervention:
the change in the treated area minus the change in a control area, plus the same for a
displacement buffer and its control, with a normal approximation to the Poisson variance.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import stats as _st

from peelstats.stats._results import _Result, verdict_from_interval
from peelstats.stats._validation import (
    as_float_array,
    check_confidence,
    check_finite_or_nan,
    check_nonnegative,
    check_positive,
)


@dataclass(frozen=True, repr=False)
class WDDResult(_Result):
    """Result of the WDD test; numeric fields broadcast over the areas given.

    `value` is the total WDD (local plus displacement) with standard error `se`, limits
    `lower`, `upper` at `confidence`, normal `statistic` (z) and two-sided `p_value`.
    `verdict` is `lower` when the treated area fell significantly more (or rose less)
    than its control. The local and displacement parts are kept separately.
    """

    value: Any
    se: Any
    lower: Any
    upper: Any
    statistic: Any
    p_value: Any
    verdict: Any
    confidence: float
    method: str
    local: Any = None
    local_se: Any = None
    displacement: Any = None
    displacement_se: Any = None

    def __str__(self) -> str:
        return repr(self)


def _pre_post(name: str, values: Any) -> tuple[np.ndarray, np.ndarray]:
    array = as_float_array(name, values)
    if array.ndim == 0 or array.shape[-1] != 2:
        raise ValueError(f"{name} must hold (pre, post) counts in its last axis of length 2, "
                         f"got shape {array.shape}")
    check_nonnegative(name, array)
    check_finite_or_nan(name, array)
    return array[..., 0], array[..., 1]


def _weights(name: str, values: Any, size: int) -> np.ndarray:
    array = as_float_array(name, values)
    if array.shape != (size,):
        raise ValueError(f"{name} must have {size} values, got {values!r}")
    check_positive(name, array)
    check_finite_or_nan(name, array)
    return array


def _difference(pre: np.ndarray, post: np.ndarray, w_pre: np.ndarray,
                w_post: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Change post - pre of weighted counts, and its Poisson variance."""
    return post / w_post - pre / w_pre, post / w_post**2 + pre / w_pre**2


def wdd(control: Any, treated: Any, disp_control: Any = None, disp_treated: Any = None,
        confidence: float = 0.90, *, time_weights: Any = (1.0, 1.0),
        area_weights: Any = (1.0, 1.0, 1.0, 1.0)) -> WDDResult:
    r"""Weighted displacement difference test for a place-based intervention.

    Parameters
    ----------
    control, treated : array_like, shape (..., 2)
        Counts (pre, post) of the control and the treated area. Leading axes broadcast,
        so several areas (or crime types) are tested at once.
    disp_control, disp_treated : array_like, shape (..., 2), optional
        Counts (pre, post) of the displacement area around the treated area and of its
        control; left out, no displacement is estimated (both taken as (0, 0)).
    confidence : float, default 0.90
        Two-sided confidence level (0.90 as in [1]_ and [2]_).
    time_weights : (float, float), default (1, 1)
        Lengths of the pre and post periods (e.g. (2, 1) for two years before, one
        after); the WDD is then a change per unit of time [3]_.
    area_weights : (float, float, float, float), default (1, 1, 1, 1)
        Sizes of the control, treated, displacement-control and displacement-treated
        areas; the WDD is then a change per unit of area [3]_.

    Returns
    -------
    WDDResult
        ``value`` (total WDD), ``se``, ``lower``, ``upper``, ``statistic`` (z),
        ``p_value`` (two-sided, normal), ``verdict``, and the ``local`` and
        ``displacement`` parts with their standard errors; ``method='wdd'``.

    Notes
    -----
    With :math:`T_0, T_1` the treated counts before and after, :math:`C` the control,
    :math:`D` the displacement area and :math:`D_c` its control [1]_,

    .. math:: \mathrm{WDD} = (T_1 - T_0) - (C_1 - C_0) + (D_1 - D_0) - (D_{c1} - D_{c0}),

    .. math:: \mathrm{Var} = T_1 + T_0 + C_1 + C_0 + D_1 + D_0 + D_{c1} + D_{c0},

    the Poisson variance of each count being the count itself. With weights each count
    :math:`y` with weight :math:`w` (time times area) enters as :math:`y / w` with
    variance :math:`y / w^2` [3]_. The interval and p-value use the normal
    approximation, so the test is unreliable for very small counts and
    anti-conservative for over-dispersed ones ([1]_).

    A negative WDD is a fall in the treated area beyond that in the control (a
    reduction attributable to the intervention, net of displacement).

    References
    ----------
    .. [1] Wheeler, A. P. and Ratcliffe, J. H. (2018). A simple weighted displacement
       difference test to evaluate place based crime interventions. Crime Science, 7(1).
       doi:10.1186/s40163-018-0085-5
    .. [2] Wheeler, A. P. ptools: Tools for Poisson Data (R package, CRAN), function
       ``wdd``. https://github.com/apwheele/ptools
    .. [3] Wheeler, A. P. (2021). The WDD test with different pre/post time periods
       (9 January 2021) and The WDD test with different area sizes (23 February 2021).
       https://andrewpwheeler.com

    Examples
    --------
    The example of the ptools README [2]_:

    >>> result = wdd((20, 20), (20, 10))
    >>> result.value, round(result.se, 4), round(result.lower, 4), round(result.upper, 4)
    (-10.0, 8.3666, -23.7618, 3.7618)

    The worked example of [1]_ (95 percent interval):

    >>> paper = wdd((308, 318), (207, 110), (150, 140), (178, 157), confidence=0.95)
    >>> paper.value, paper.se**2, round(paper.statistic, 2)
    (-118.0, 1568.0, -2.98)
    """
    confidence = check_confidence(confidence)
    c0, c1 = _pre_post("control", control)
    t0, t1 = _pre_post("treated", treated)
    dc0, dc1 = _pre_post("disp_control", (0.0, 0.0) if disp_control is None else disp_control)
    dt0, dt1 = _pre_post("disp_treated", (0.0, 0.0) if disp_treated is None else disp_treated)
    w_time = _weights("time_weights", time_weights, 2)
    w_area = _weights("area_weights", area_weights, 4)
    pre, post = w_time[0] * w_area, w_time[1] * w_area  # control, treated, dc, dt

    d_t, v_t = _difference(t0, t1, pre[1], post[1])
    d_c, v_c = _difference(c0, c1, pre[0], post[0])
    d_dt, v_dt = _difference(dt0, dt1, pre[3], post[3])
    d_dc, v_dc = _difference(dc0, dc1, pre[2], post[2])
    local, local_var = d_t - d_c, v_t + v_c
    displacement, displacement_var = d_dt - d_dc, v_dt + v_dc
    value = local + displacement
    se = np.sqrt(local_var + displacement_var)
    z = _st.norm.isf((1.0 - confidence) / 2.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        statistic = value / se
    p_value = 2.0 * _st.norm.sf(np.abs(statistic))
    lower, upper = value - z * se, value + z * se
    return WDDResult(value=value, se=se, lower=lower, upper=upper, statistic=statistic,
                     p_value=p_value, verdict=verdict_from_interval(lower, upper, 0.0),
                     confidence=confidence, method="wdd", local=local,
                     local_se=np.sqrt(local_var), displacement=displacement,
                     displacement_se=np.sqrt(displacement_var))
