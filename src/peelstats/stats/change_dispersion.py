"""How much more the areas' changes vary than chance allows: over-dispersion of changes.

Recorded crime counts are large, so under a Poisson model almost every force's change
differs "significantly" from the change in the rest of England and Wales (39 of the 43
forces, crime excluding fraud, YE Jun 2010 to YE Jun 2014). The forces' changes vary far
more than Poisson counts would: differences in recording practice, local events and
policy. `change_overdispersion` measures that spread, as a funnel plot does for a single
period (Spiegelhalter 2005), so that a comparison of one area's change with the rest
(`compare_changes(..., dispersion=phi)`) asks whether the area stands out among its
peers rather than whether its counts are Poisson.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from peelstats.stats._validation import as_float_array, check_finite_or_nan, check_nonnegative
from peelstats.stats.funnel import overdispersion


def change_overdispersion(before: Any, after: Any, *, trim: float = 0.1) -> float:
    r"""Over-dispersion of the changes of the areas that make up a whole, against the rest.

    Parameters
    ----------
    before, after : array_like, 1-D
        Counts of every area of the whole (the 43 forces of England and Wales) in the
        earlier and later period. Areas with a missing or zero count in either period are
        left out, of the whole too.
    trim : float, default 0.1
        Fraction of the z-scores winsorised at each end before the estimate [1]_.

    Returns
    -------
    float
        :math:`\hat\phi`, not below 1: the factor by which the variance of an area's log
        ratio of rate ratios (its change over the change of the rest) exceeds the Poisson
        variance. Pass it as `dispersion` to `compare_changes`. NaN when fewer than two
        areas have counts.

    Notes
    -----
    For area :math:`i` with counts :math:`b_i, a_i` and the rest of the whole
    :math:`B - b_i, A - a_i` (:math:`B, A` the sums over the areas used),

    .. math:: z_i = \frac{\log\frac{a_i}{b_i} - \log\frac{A - a_i}{B - b_i}}
                         {\sqrt{1/a_i + 1/b_i + 1/(A - a_i) + 1/(B - b_i)}},

    the Wald statistic of `compare_changes`. The z-scores are winsorised (the `trim`
    quantiles at each end) and :math:`\hat\phi = \frac{1}{I}\sum_i z_i^2` [1]_, as
    `peelstats.stats.funnel.overdispersion` computes it for a funnel plot [2]_. The
    multiplicative over-dispersion model scales every area's variance by the same
    :math:`\phi`; values below 1 are taken as 1 (no less spread than chance).

    Assumptions: the areas are the whole, and most of them share a common change (the
    winsorising keeps a few unusual areas from inflating :math:`\phi`). Each :math:`z_i`
    compares an area with a rest that contains the other areas, so the :math:`z_i` are
    slightly correlated; with many areas of which none dominates the whole, as for the 43
    forces, the effect is small.

    References
    ----------
    .. [1] Spiegelhalter, D. J. (2005). Handling over-dispersion of performance
       indicators. Quality and Safety in Health Care, 14(5), 347-351.
       doi:10.1136/qshc.2005.013755
    .. [2] Spiegelhalter, D. J. (2005). Funnel plots for comparing institutional
       performance. Statistics in Medicine, 24(8), 1185-1202. doi:10.1002/sim.1970

    Examples
    --------
    Five areas whose changes spread far beyond chance, and five that do not:

    >>> round(change_overdispersion([1000, 2000, 1500, 3000, 2500],
    ...                             [800, 2100, 1300, 2500, 2600], trim=0.0), 1)
    15.8
    >>> change_overdispersion([1000, 2000, 1500, 3000, 2500],
    ...                       [1000, 2000, 1500, 3000, 2500])
    1.0
    """
    b = as_float_array("before", before)
    a = as_float_array("after", after)
    for name, values in (("before", b), ("after", a)):
        if values.ndim != 1:
            raise ValueError(f"{name} must be one-dimensional, got shape {values.shape}")
        check_nonnegative(name, values)
        check_finite_or_nan(name, values)
    if b.shape != a.shape:
        raise ValueError(f"before and after must have the same length, got {b.size} and "
                         f"{a.size}")
    used = (b > 0) & (a > 0)  # NaN compares False: left out
    b_used, a_used = np.where(used, b, np.nan), np.where(used, a, np.nan)
    rest_before = np.nansum(b_used) - b_used
    rest_after = np.nansum(a_used) - a_used
    with np.errstate(divide="ignore", invalid="ignore"):
        log_ratio = np.log(a_used / b_used) - np.log(rest_after / rest_before)
        se = np.sqrt(1 / a_used + 1 / b_used + 1 / rest_after + 1 / rest_before)
        z = log_ratio / se
    phi, _, _ = overdispersion(z, se, trim=trim)
    return phi if np.isnan(phi) else max(1.0, phi)
