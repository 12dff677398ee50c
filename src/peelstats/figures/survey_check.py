"""Check force-versus-England-and-Wales survey verdicts against ONS's published flags.

ONS Table P6 (Crime Survey for England and Wales, anti-social behaviour experienced or
witnessed) marks each force whose percentage differs significantly from England and
Wales at the 5% level. `survey_verdicts` makes the same comparison with peelstats'
statistics from the published percentages and unweighted bases, and `agreement` says how
often the two verdicts agree. Notebook use::

    from peelstats.figures.survey_check import agreement, survey_verdicts
    table = survey_verdicts(deff=1.3)
    agreement(table)

The percentages are weighted, so the bases overstate the information: the design effect
`deff` turns each base n into an effective sample size n / deff [1]_.

References
----------
.. [1] Kish L. Survey Sampling. New York: Wiley, 1965, section 8.2.
.. [2] Newcombe RG. Interval estimation for the difference between independent
   proportions: comparison of eleven methods. Statistics in Medicine 1998; 17:873-890
   (method 10). doi:10.1002/(SICI)1097-0258(19980430)17:8<873::AID-SIM779>3.0.CO;2-I
.. [3] Office for National Statistics. Crime in England and Wales: Police Force Area data
   tables, Table P6 (years ending March 2018 and March 2019).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from peelstats import data, stats
from peelstats.data.constants import ENGLAND_AND_WALES_CODE
from peelstats.stats.checks import check_confidence, choose

#: Rows that are forces: the 41 forces outside London and London (Metropolitan Police
#: and City of London, published as one area).
FORCE_AREA_TYPES = ("pfa", "pfa_combined")


def _population_shares(table: pd.DataFrame) -> np.ndarray:
    """Each area's share of the England and Wales population in the period's base year."""
    years = data.rate_denominators().set_index("period")
    population = data.population()
    population = population[population["vintage"] == "original"]
    lookup = population.set_index(["area_code", "mid_year"])["population"].astype(float)
    mid_year = years.loc[table["period"], "population_mid_year"].to_numpy(dtype=int)
    area = lookup.reindex(list(zip(table["area_code"], mid_year))).to_numpy()
    whole = lookup.reindex([(ENGLAND_AND_WALES_CODE, year) for year in mid_year]).to_numpy()
    missing = np.isnan(area) | np.isnan(whole)
    if missing.any():
        rows = table.loc[missing, ["area_code", "period"]].drop_duplicates()
        raise ValueError("no population for " + ", ".join(
            f"{code} / {period}" for code, period in rows.itertuples(index=False)))
    return area / whole


def survey_verdicts(*, deff: float = 1.3, comparator: Literal["rest", "whole"] = "rest",
                    confidence: float = 0.95,
                    area_types: tuple[str, ...] = FORCE_AREA_TYPES) -> pd.DataFrame:
    """Each force's CSEW percentage compared with England and Wales, beside ONS's flag.

    Parameters
    ----------
    deff : float
        Design effect assumed for every estimate: x and n become x / deff and n / deff
        (effective counts [1]_). 1 treats the survey as a simple random sample.
    comparator : {'rest', 'whole'}
        ``'rest'`` (default) compares the force with the rest of England and Wales: the
        weighted E&W percentage is a population-weighted mean of its areas, so the rest
        has p_rest = (p_EW - w p) / (1 - w) with w the force's share of the E&W
        population (ONS mid-year estimate of the table's base year) and base
        n_EW - n. ``'whole'`` compares with E&W itself as if it were independent.
    confidence : float
        Level of the comparison (ONS flags are at 5%: 0.95).
    area_types : tuple of str
        Which rows to compare (forces by default; ``('region',)`` for regions).

    Returns
    -------
    DataFrame
        One row per area, period and measure: ``period``, ``area_code``, ``area_name``,
        ``measure``, ``percent``, ``n``, ``comparator_percent``, ``difference``,
        ``lower``, ``upper`` (percentage points, Newcombe's method 10 [2]_ on the
        effective counts), ``verdict``, ``significant``, ``ons_significant`` (ONS's flag
        [3]_) and ``agrees``. ``attrs`` records deff, comparator and confidence.

    Examples
    --------
    >>> table = survey_verdicts(deff=1.3)
    >>> len(table), bool(table["agrees"].mean() > 0.9)
    (252, True)
    """
    confidence = check_confidence(confidence)
    choose(comparator, {"rest": None, "whole": None}, "comparator")
    deff = float(deff)
    if not deff >= 1.0 or not np.isfinite(deff):
        raise ValueError(f"deff must be a number of at least 1, got {deff!r}")
    survey = data.survey()
    whole = survey[survey["area_code"] == ENGLAND_AND_WALES_CODE][["period", "measure", "percent", "n"]]
    whole = whole.rename(columns={"percent": "percent_whole", "n": "n_whole"})
    table = survey[survey["area_type"].isin(area_types)].merge(
        whole, on=["period", "measure"], how="left", validate="many_to_one")
    p = table["percent"].to_numpy(dtype=float) / 100
    n = table["n"].to_numpy(dtype=float)
    p_whole = table["percent_whole"].to_numpy(dtype=float) / 100
    n_whole = table["n_whole"].to_numpy(dtype=float)
    if comparator == "rest":
        share = _population_shares(table)
        p_other = (p_whole - share * p) / (1 - share)
        n_other = n_whole - n
    else:
        p_other, n_other = p_whole, n_whole
    # The rest is already separated (by population shares), so it is compared as it is.
    comparison = stats.compare(
        stats.proportion(p * n, n, deff=deff, confidence=confidence),
        stats.proportion(p_other * n_other, n_other, deff=deff, confidence=confidence))
    verdict = np.asarray(comparison.verdict, dtype=object)
    significant = verdict != "similar"
    ons = table["vs_england_and_wales"].to_numpy(dtype=object)
    ons_significant = ons == "significant"
    out = pd.DataFrame({
        "period": table["period"], "area_code": table["area_code"],
        "area_name": table["area_name"], "measure": table["measure"],
        "percent": table["percent"].to_numpy(dtype=float), "n": n,
        "comparator_percent": 100 * p_other,
        "difference": 100 * np.asarray(comparison.value),
        "lower": 100 * np.asarray(comparison.lower),
        "upper": 100 * np.asarray(comparison.upper),
        "verdict": verdict, "significant": significant,
        "ons_significant": ons_significant, "agrees": significant == ons_significant,
    })
    out.attrs.update({"deff": deff, "comparator": comparator, "confidence": confidence,
                      "method": comparison.method})
    return out


def agreement(table: pd.DataFrame) -> float:
    """Share of rows where peelstats' verdict (significant or not) matches ONS's flag.

    >>> agreement(pd.DataFrame({"agrees": [True, True, False, True]}))
    0.75
    """
    return float(table["agrees"].mean())
