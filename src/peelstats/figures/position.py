"""Where a force stands among the forces: the funnel that a profile's figures and its
funnel chart share.

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

References
----------
.. [1] Spiegelhalter DJ. Handling over-dispersion of performance indicators. Quality and
   Safety in Health Care 2005; 14(5):347-351. doi:10.1136/qshc.2005.013755
"""

from __future__ import annotations

from collections.abc import Iterable
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
