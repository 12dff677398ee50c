"""The 43 forces side by side: the frames behind the national overview's charge-rate funnel
chart and disproportionality forest chart.

`charge_rates` is a `peelstats.funnel` result, a `Funnel` (draw it with
`peelstats.plots.funnel_plot`);
`disproportionality_ratios` is a `DisproportionalityRatios`: its ``frame`` has one row per
force with ``value``, ``lower`` and ``upper``, and its ``reference`` is England and Wales's
ratio (draw it with `peelstats.plots.forest_plot`, reference line ``result.reference``).
England and Wales is the 43 territorial forces added up, without British Transport Police,
as in the force profile (`peelstats.figures.outcomes`, `peelstats.figures.stop_search`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from peelstats import data, stats
from peelstats.figures.outcomes import CHARGED
from peelstats.figures.sections import force_codes
from peelstats.figures.stop_search import BLACK, WHITE, census_populations, disproportionality
from peelstats.stats.checks import check_confidence
from peelstats.stats.results import FrameLikeDeprecated

_CHARGE_PERIODS_HINT = "the outcomes data cover 2018/19 (period 2019-03) only"


def _check_period(period: str, periods: list[str], what: str) -> str:
    """`period` in any form of the period look-up, checked against `periods`."""
    return data.resolve_period(period, periods, what=f"{what} data",
                               covered_by=data.tables_with_period)


def charge_rates(period: str = "2019-03", *, outcome_group: str = CHARGED,
                 confidence: tuple[float, float] = (0.95, 0.998)) -> pd.DataFrame:
    """Each force's percent of offences recorded in the year that had `outcome_group`,
    as a funnel table against the 43 forces' pooled percent.

    Parameters
    ----------
    period : str
        ``2019-03`` (2018/19), the one year of the outcomes data.
    outcome_group : str
        A Home Office outcome group; "Charged/Summonsed" by default (the charge rate).
    confidence : (float, float)
        Inner and outer funnel limits, 95% and 99.8% by default.

    Returns
    -------
    Funnel
        The `peelstats.funnel` of the forces, for `peelstats.plots.funnel_plot`; its
        ``frame`` has one row per force: ``area_code``, ``area_name``, ``x`` (offences
        with the outcome), ``n`` (offences recorded), and the columns of
        `peelstats.funnel` (``value`` and ``target`` in percent, ``z``, limits, ``flag``,
        the over-dispersion adjusted limits and flags).
        Exact binomial limits around the pooled percent (Spiegelhalter 2005).

    Examples
    --------
    >>> result = charge_rates()
    >>> len(result.frame), round(result.target, 1)
    (43, 8.5)
    """
    table = data.outcomes()
    period = _check_period(period, sorted(table["period"].unique()), "crime outcomes")
    groups = sorted(table["outcome_group"].unique())
    if outcome_group not in groups:
        raise ValueError(f"unknown outcome_group {outcome_group!r}; choose one of: "
                         f"{', '.join(groups)}")
    rows = table[(table["period"] == period) & (table["outcome_group"] == outcome_group)
                 & table["area_code"].isin(force_codes())]
    frame = pd.DataFrame({
        "area_code": rows["area_code"].to_numpy(), "area_name": rows["area_name"].to_numpy(),
        "x": rows["count"].to_numpy(dtype=float), "n": rows["offences"].to_numpy(dtype=float),
    })
    return stats.funnel("x", "n", data=frame, area="area_name", kind="proportion", per=100,
                        method="exact", confidence=confidence)


@dataclass(frozen=True, repr=False)
class DisproportionalityRatios(FrameLikeDeprecated):
    """The 43 forces' Black to White stop and search rate ratios, and England and Wales's.

    Attributes
    ----------
    frame : DataFrame
        One row per force (the columns are listed in `disproportionality_ratios`).
    reference, reference_lower, reference_upper : float
        England and Wales's ratio (the 43 forces added up) and its exact interval: the
        reference line of the forest chart.
    period : str
        The end of the financial year, ``YYYY-03``.
    confidence : float
        The two-sided level of every interval.

    Using the result as the DataFrame it used to be (``result["value"]``,
    ``result.attrs["reference"]``) still works for now, with a DeprecationWarning: use
    ``result.frame`` and ``result.reference``.
    """

    FRAME_ADVICE: ClassVar[str] = (
        "disproportionality_ratios returns a DisproportionalityRatios; {what} on it is "
        "deprecated: use .frame (the table) and .reference (England and Wales's ratio, with "
        ".reference_lower and .reference_upper)")

    frame: pd.DataFrame
    reference: float
    reference_lower: float
    reference_upper: float
    period: str
    confidence: float

    def __repr__(self) -> str:
        return (f"DisproportionalityRatios({len(self.frame)} forces, period={self.period!r}, "
                f"reference={self.reference:.6g} [{self.reference_lower:.6g}, "
                f"{self.reference_upper:.6g}], confidence={self.confidence:g})")



def disproportionality_ratios(period: str = "2019-03", *, confidence: float = 0.95,
                              ) -> DisproportionalityRatios:
    """Each force's Black to White stop and search rate ratio, with its exact interval and
    its ratio to that of the rest of England and Wales.

    Parameters
    ----------
    period : str
        ``YYYY-03``, the end of a financial year from 2006/07 (``2007-03``) to 2018/19
        (``2019-03``).
    confidence : float
        Two-sided level of the intervals.

    Returns
    -------
    DisproportionalityRatios
        ``frame`` has one row per force: ``area_code``, ``area_name``, ``black_searches``,
        ``black_population``, ``white_searches``, ``white_population`` (searches under
        every power; 2011 Census usual residents), ``value``, ``lower``, ``upper`` (the
        rate ratio and its exact conditional interval), ``confidence``, ``method``, and
        ``ratio_to_rest``, ``ratio_to_rest_lower``, ``ratio_to_rest_upper``, ``p_value``,
        ``verdict`` (the force's ratio over that of the rest of England and Wales, Wald on
        the log scale: see `peelstats.figures.stop_search`). ``reference`` is England and
        Wales's ratio, ``reference_lower`` and ``reference_upper`` its interval. A force
        with no Black searches has a ratio of 0.

    Examples
    --------
    >>> result = disproportionality_ratios("2019-03")
    >>> len(result.frame), round(result.reference, 1)
    (43, 9.7)
    """
    confidence = check_confidence(confidence)
    searches = data.stop_search()
    period = _check_period(period, sorted(searches["period"].unique()), "stop and search")
    codes = force_codes()
    rows = searches[(searches["period"] == period) & searches["area_code"].isin(codes)]
    # No row: no searches recorded (0); rows whose cells are all empty: not known (NaN),
    # as in the force profile's `stop_search.search_counts`.
    counts = (rows[rows["ethnic_group"].isin([BLACK, WHITE])]
              .astype({"searches": "float64"})
              .groupby(["area_code", "ethnic_group"])["searches"].sum(min_count=1)
              .unstack("ethnic_group")
              .reindex(index=codes, columns=[BLACK, WHITE]))
    present = (rows[["area_code", "ethnic_group"]].drop_duplicates()
               .assign(present=True).set_index(["area_code", "ethnic_group"])["present"]
               .unstack("ethnic_group")
               .reindex(index=codes, columns=[BLACK, WHITE]))
    counts = counts.where(present.notna(), 0.0)
    populations = census_populations(codes).reindex(codes)
    names = data.forces().set_index("area_code")["area_name"].reindex(codes)
    black, white = counts[BLACK].to_numpy(), counts[WHITE].to_numpy()
    black_pop = populations[BLACK].to_numpy()
    white_pop = populations[WHITE].to_numpy()
    ratio = disproportionality(black, black_pop, white, white_pop, confidence=confidence)
    whole = disproportionality(np.nansum(black), black_pop.sum(), np.nansum(white),
                               white_pop.sum(), confidence=confidence)
    # Each force's ratio over the rest's (the ratio of two rate ratios, Wald on the log
    # scale), as in the force profile.
    versus_rest = stats.compare(ratio, whole, within=True, method="wald")
    frame = pd.DataFrame({
        "area_code": codes, "area_name": names.to_numpy(),
        "black_searches": black, "black_population": black_pop,
        "white_searches": white, "white_population": white_pop,
        "value": np.asarray(ratio.value, dtype=float),
        "lower": np.asarray(ratio.lower, dtype=float),
        "upper": np.asarray(ratio.upper, dtype=float),
        "confidence": confidence, "method": ratio.method,
        "ratio_to_rest": np.asarray(versus_rest.value, dtype=float),
        "ratio_to_rest_lower": np.asarray(versus_rest.lower, dtype=float),
        "ratio_to_rest_upper": np.asarray(versus_rest.upper, dtype=float),
        "p_value": np.asarray(versus_rest.p_value, dtype=float),
        "verdict": np.asarray(versus_rest.verdict, dtype=object),
    })
    recorded = dict(reference=float(whole.value), reference_lower=float(whole.lower),
                    reference_upper=float(whole.upper), period=period, confidence=confidence)
    frame.attrs.update(recorded)  # deprecated: read them from the result
    return DisproportionalityRatios(frame=frame, **recorded)
