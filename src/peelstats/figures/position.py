"""Where a force, or a Community Safety Partnership, stands among its peers: the funnel
that the figures and the funnel chart share.

`forces_funnel` is the one computation behind both: the funnel chart of a report
(`peelstats.notebook.NationalRates.funnel`) draws its table, and a profile figure's
`position` is read from the same table (`position_in`), so the two cannot disagree.
The position is the force's place against the 95% limits of the funnel adjusted for
over-dispersion (Spiegelhalter 2005 [1]_, additive random effects on the square-root
scale, `peelstats.stats.funnel`): ``above``, ``below`` or ``within``.

Assumptions: as `peelstats.stats.funnel` (independent forces, Poisson counts around the
target, a between-force variance on the square-root scale). The target is the pooled rate
of the forces with a count (England and Wales as the sum of its forces). City of London
is left out of the funnel of other forces (`LEFT_OUT`): its rate per resident, near
1,000 per 1,000, reflects a resident population of under 10,000 against a far larger
daytime one; its own report keeps it in.

`csps_funnel` is the same for the Community Safety Partnerships (CSPs) of YE Jun 2025:
one funnel of every CSP with a population of its own, from which both the CSP funnel
chart and a CSP figure's `position` are read. Its target is the pooled rate of all the
CSPs, those of a shared authority with the authority's population (England and Wales's
crimes that Table C2 assigns to a CSP, per resident). The CSPs that are former
districts of a 2023 authority shared with other CSPs (`csp_register` note
``shares_authority``) have no population of their own: they are left out of the
funnel's areas and of its over-dispersion estimate, and named (`CspsFunnel.left_out`).

References
----------
.. [1] Spiegelhalter DJ. Handling over-dispersion of performance indicators. Quality and
   Safety in Health Care 2005; 14(5):347-351. doi:10.1136/qshc.2005.013755
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from peelstats import data, stats

#: Forces left out of another force's funnel (see the module docstring).
LEFT_OUT: tuple[str, ...] = ("City of London",)
#: Why, as a chart's note says it.
LEFT_OUT_REASON = "its rate is per resident, of fewer than 10,000"
#: The level of the funnel limits a position is read against.
POSITION_LEVEL = 0.95


def forces_funnel(forces: pd.DataFrame, *, per: float, focus: str | None = None,
                  leave_out: Iterable[str] = LEFT_OUT,
                  kind: Literal["rate", "proportion"] = "rate") -> stats.Funnel:
    """`peelstats.funnel` of the forces with a count, against their pooled rate (or
    proportion, with ``kind='proportion'``: ``count`` of ``denominator`` cases).

    Parameters
    ----------
    forces : DataFrame
        One row per force: ``area_code``, ``area_name``, ``count`` and ``denominator``
        (NaN or missing where the force has no count).
    per : float
        Multiplier of the rate (1,000).
    focus : str, optional
        The force of the report, by name: never left out.
    leave_out : iterable of str
        Force names not drawn and not part of the funnel statistics (but part of the
        pooled target, as England and Wales includes them); `LEFT_OUT` by default.

    Returns
    -------
    Funnel
        The forces drawn (`Funnel.frame` has the columns of `peelstats.funnel`;
        ``adjusted_flag`` is what `position_in` reads).
    """
    leave_out = set(leave_out)
    unknown = sorted(leave_out - set(forces["area_name"]))
    if unknown:
        raise ValueError(f"leave_out names no force: {unknown}")
    table = (forces[["area_code", "area_name", "count", "denominator"]]
             .astype({"count": float, "denominator": float}))
    known = table["count"].notna() & table["denominator"].notna()
    target = float(table.loc[known, "count"].sum() / table.loc[known, "denominator"].sum()
                   * per)
    drawn = table[known & ~table["area_name"].isin(leave_out - {focus})].reset_index(drop=True)
    return stats.funnel("count", "denominator", data=drawn, area="area_name", kind=kind,
                        per=per, target=target, confidence=(POSITION_LEVEL, 0.998))


def position_of(flag: str) -> str:
    """A funnel flag as a position: ``above 99.8%`` and ``above 95%`` are ``above``.

    >>> position_of("above 99.8%"), position_of("within 95%"), position_of("")
    ('above', 'within', '')
    """
    word = flag.split(" ")[0] if flag else ""
    if word not in ("above", "below", "within", ""):
        raise ValueError(f"unknown funnel flag {flag!r}")
    return word


def position_in(funnel: stats.Funnel, area_code: str) -> str:
    """The position of `area_code` in a `forces_funnel` (adjusted flag), or empty when the
    force is not in it (no count)."""
    table = funnel.frame
    rows = table.loc[table["area_code"] == area_code, "adjusted_flag"]
    return position_of(str(rows.iloc[0])) if len(rows) else ""


def among(funnel: stats.Funnel) -> str:
    """Who a position is among, as a sentence says it: ``the 42 forces`` (the forces of
    the funnel)."""
    return f"the {len(funnel.frame)} forces"


def forces_frame(counts: pd.Series, denominators: pd.Series,
                 names: dict[str, str]) -> pd.DataFrame:
    """The frame `forces_funnel` takes, from counts and denominators by force code."""
    codes = list(names)
    return pd.DataFrame({
        "area_code": codes, "area_name": [names[c] for c in codes],
        "count": np.asarray(counts.reindex(codes), dtype=float),
        "denominator": np.asarray(denominators.reindex(codes), dtype=float)})


def force_position(counts: pd.Series, denominators: pd.Series, area_code: str, *,
                   per: float, kind: Literal["rate", "proportion"] = "rate",
                   leave_out: Iterable[str] = LEFT_OUT) -> tuple[str, str | None]:
    """Where a force stands among the forces: its `position_in` the `forces_funnel` of
    every force's `counts` over `denominators` (by force code), and who that is `among`;
    ``("", None)`` when the force has no count.

    Rates per resident leave out City of London (`LEFT_OUT`); a proportion of cases, which
    does not divide by residents, keeps every force (``leave_out=()``).
    """
    registry = data.forces()
    names = dict(zip(registry["area_code"], registry["area_name"]))
    frame = forces_frame(counts, denominators, names)
    own = frame[frame["area_code"] == area_code]
    if own.empty or own[["count", "denominator"]].isna().any(axis=None):
        return "", None
    funnel = forces_funnel(frame, per=per, focus=names[area_code], leave_out=leave_out,
                           kind=kind)
    return position_in(funnel, area_code), among(funnel)


# --- Community Safety Partnerships ---------------------------------------------------------

#: Why a CSP is left out of the CSP funnel, as a chart's note says it.
SHARED_AUTHORITY_REASON = ("former districts of a 2023 authority shared with other CSPs, "
                           "which no bundled population estimate splits")


@dataclass(frozen=True)
class CspsFunnel:
    """The funnel of every CSP with a population of its own, for one offence and period.

    Attributes
    ----------
    funnel : Funnel
        `peelstats.funnel` of the CSPs drawn: its `frame` has ``area_code``,
        ``area_name`` (the CSP), ``force_code``, ``force_name``, ``count`` and
        ``denominator`` (the mid-2023 population) and the columns of `peelstats.funnel`;
        ``adjusted_flag`` is what `position` reads.
    offence, period : str
        The offence group of Table C2 and the 12 months (``2025-06``).
    csps : int
        How many CSPs the register has (drawn or left out).
    left_out : DataFrame
        The CSPs not drawn, never silently: ``area_code``, ``area_name``, ``force_name``
        and ``authority`` (the shared 2023 authority whose population covers them).
    """

    funnel: stats.Funnel
    offence: str
    period: str
    csps: int
    left_out: pd.DataFrame

    @property
    def among(self) -> str:
        """Who a CSP's position is among, as a sentence says it: ``the 293 CSPs with a
        population``."""
        return f"the {len(self.funnel.frame)} CSPs with a population"

    def position(self, area_code: str) -> str:
        """The position of the CSP `area_code` (``above``, ``below``, ``within``), or empty
        when it is not drawn (a CSP of a shared authority)."""
        return position_in(self.funnel, area_code)

    @property
    def authorities(self) -> list[str]:
        """The shared 2023 authorities whose CSPs are left out, by name."""
        return sorted({_authority(name) for name in self.left_out["authority"]})

    @property
    def note(self) -> str:
        """What the funnel draws and what it leaves out, by name, in one sentence."""
        drawn = len(self.funnel.frame)
        if self.left_out.empty:
            return f"All {self.csps} CSPs."
        groups = [f"{', '.join(sorted(part['area_name']))} ({_authority(authority)})"
                  for authority, part in self.left_out.groupby("authority", sort=True)]
        return (f"{drawn} of the {self.csps} CSPs: {len(self.left_out)} left out, "
                f"{SHARED_AUTHORITY_REASON}: {'; '.join(groups)}.")


def _authority(name: str) -> str:
    # A population pooled from two authorities (``Bournemouth, Christchurch and Poole;
    # Dorset``) is named with "together with": a semicolon separates a note's groups.
    return " together with ".join(name.split("; "))


def csps_funnel(period: str = "latest", *,
                offence: str = data.TOTAL_RECORDED_CRIME) -> CspsFunnel:
    """The funnel of every CSP with a population: rates per 1,000 population (mid-2023
    estimates) against the pooled rate of all CSPs, with 95% and 99.8% limits adjusted
    for over-dispersion (`peelstats.funnel`, as `forces_funnel`; Spiegelhalter 2005 [1]_).

    Parameters
    ----------
    period : str
        The 12 months: a period of `data.csp_recorded_crime` (``2025-06``) or ``latest``.
    offence : str
        An offence group of Table C2 (``Total recorded crime (excluding fraud)``).

    Returns
    -------
    CspsFunnel
        The funnel and the CSPs it leaves out (see the module docstring).

    Notes
    -----
    Assumptions: as `peelstats.stats.funnel` (independent CSPs, Poisson counts around the
    target, a between-CSP variance on the square-root scale, from z-scores winsorised at
    10%). Rates are per resident: a CSP with a large daytime population (City of London,
    Westminster) has a high rate for that reason too. Crimes that Table C2 assigns to no
    CSP (its unassigned and airport rows) are in no CSP's count, so the target is a little
    below England and Wales's rate.

    Raises
    ------
    ValueError
        For a period without CSP data or an offence group not in the table, naming the
        valid ones.

    Examples
    --------
    >>> result = csps_funnel("2025-06")
    >>> result.among, len(result.left_out)
    ('the 293 CSPs with a population', 21)
    >>> result.position("E22000017"), result.position("E22000318")  # Peterborough, Wycombe
    ('within', '')
    """
    crime = data.csp_recorded_crime()
    period = data.resolve_period(period, sorted(crime["period"].unique()),
                                 what="Community Safety Partnership data")
    rows = crime[crime["period"] == period]
    offences = list(dict.fromkeys(rows["offence"]))
    if offence not in offences:
        raise ValueError(f"offence {offence!r} is not in the CSP recorded crime table; "
                         f"offences: {offences}")
    counts = rows[rows["offence"] == offence].set_index("area_code")["count"].astype(float)
    register = data.csp_register()
    missing = sorted(set(register["csp_code"]) - set(counts.index))
    if missing:
        raise ValueError(f"csp_recorded_crime has no {offence!r} count for {period} for "
                         f"the CSP(s) {missing} of csp_register")
    units = data.csp_population().set_index("population_code")
    unknown = sorted(set(register["population_code"]) - set(units.index))
    if unknown:
        raise ValueError(f"csp_register names population_code(s) {unknown} that "
                         f"csp_population does not have")
    authority = units["population_name"].reindex(register["population_code"]).to_numpy()
    table = pd.DataFrame({
        "area_code": register["csp_code"].to_numpy(),
        "area_name": register["csp_name"].to_numpy(),
        "force_code": register["area_code"].to_numpy(),
        "force_name": register["area_name"].to_numpy(),
        "count": counts.reindex(register["csp_code"]).to_numpy(),
        "population_code": register["population_code"].to_numpy(),
        "authority": authority})
    own = (table["population_code"] == table["area_code"]).to_numpy()
    table["denominator"] = np.where(
        own, units["population"].reindex(table["population_code"]).astype(float), np.nan)
    # Every CSP's crimes over every population unit (a shared authority's CSPs together):
    # the pooled rate of England and Wales's CSPs, the CSPs left out of the chart included.
    target = float(table["count"].sum()
                   / units["population"].reindex(table["population_code"].unique())
                   .astype(float).sum() * 1000)
    drawn = table.loc[own, ["area_code", "area_name", "force_code", "force_name", "count",
                            "denominator"]].reset_index(drop=True)
    funnel = stats.funnel("count", "denominator", data=drawn, area="area_name", kind="rate",
                          per=1000, target=target, confidence=(POSITION_LEVEL, 0.998))
    left_out = table.loc[~own, ["area_code", "area_name", "force_name", "authority"]]
    return CspsFunnel(funnel=funnel, offence=offence, period=period, csps=len(table),
                      left_out=left_out.reset_index(drop=True))
