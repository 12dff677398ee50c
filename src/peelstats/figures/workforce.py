"""The force profile's workforce: police officers (FTE) per 1,000 population and recorded
crimes per officer, the officers counted on the 31 March within the period.

The section is a function of the profile's context (the force, the period and the
confidence level: `peelstats.figures.sections.ProfileContext`) that returns its figures,
each compared with England and Wales and tested against the rest of England and Wales
(the force is part of the whole; DESIGN.md). Where the data has nothing for the period,
it returns one figure whose sentence says so plainly and names the periods it has.
England and Wales is the 43 territorial forces added up, without British Transport
Police (`peelstats.figures.sections.FORTY_THREE`).

Methods
-------
Officers per 1,000 population and recorded crimes per officer: rates with Byar's interval
[1]_ and the exact conditional test [2]_. Officer numbers are counted, not sampled: the
interval treats the count as Poisson, the convention for rates of whole populations (the
"natural variation" of public health indicators [1]_), and says so in the note.

References
----------
.. [1] Eayres, D. (2008). Technical Briefing 3: Commonly used public health statistics
   and their confidence intervals. APHO, York (Byar's method, p. 6).
.. [2] Breslow, N. E. and Day, N. E. (1987). Statistical Methods in Cancer Research,
   volume II. IARC Scientific Publications 82, p. 94 (exact conditional test of a rate
   ratio).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from peelstats import data, stats
from peelstats.figures import position
from peelstats.figures.figure import Figure, cite
from peelstats.figures.sections import (ENGLAND_AND_WALES, ENGLAND_AND_WALES_CODE,
                                        FORTY_THREE, ProfileContext, Section, force_codes,
                                        last_march, no_data)

TOTAL_CRIME = data.TOTAL_RECORDED_CRIME


def _number(value: Any) -> float:
    return float("nan") if pd.isna(value) else float(value)


def _population_for(mid_year: int, codes: list[str]) -> tuple[pd.Series, str]:
    """Population of the forces at `mid_year`: as first published where the data has it,
    else as revised after the 2021 Census; and which vintage."""
    table = data.population()
    for vintage in ("original", "revised"):
        rows = table[(table["vintage"] == vintage) & (table["mid_year"] == mid_year)
                     & table["area_code"].isin(codes)]
        if len(rows) == len(codes) and rows["population"].notna().all():
            return rows.set_index("area_code")["population"].astype("float64"), vintage
    return pd.Series(dtype="float64"), ""


def _position(counts: pd.Series, denominators: pd.Series, area_code: str, *, per: float,
              leave_out: tuple[str, ...] = position.LEFT_OUT) -> dict[str, str | None]:
    where, among = position.force_position(counts, denominators, area_code, per=per,
                                           leave_out=leave_out)
    return {"position": where, "among": among}


def workforce_figures(context: ProfileContext) -> list[Figure]:
    """Officers (FTE) per 1,000 population and recorded crimes per officer, with the
    officers counted on the 31 March within the period, against the rest of England and
    Wales."""
    table = data.workforce()
    march = last_march(context.period)
    as_at = f"{march}-31"
    codes = force_codes()
    rows = table[(table["as_at"] == as_at) & table["area_code"].isin(codes)]
    if context.area_code not in set(rows["area_code"]):
        dates = sorted(table["as_at"].unique())
        return [no_data(context, "workforce", "Police workforce",
                        f"officers are counted on 31 March, {dates[0][:4]} to "
                        f"{dates[-1][:4]}, and the data have no count for 31 March "
                        f"{march[:4]}")]
    officers = rows.set_index("area_code")["officer_fte"].astype("float64")
    mid_year = int(march[:4]) - 1
    population, vintage = _population_for(mid_year, codes)
    counted = (f"officers are full-time equivalents counted on 31 March {march[:4]}; they are "
               f"a count, not a sample, and the interval treats the count as Poisson, the "
               f"convention for rates of whole populations")
    figures = []
    if vintage:
        figures.append(cite(
            stats.rate(officers[context.area_code], population[context.area_code], per=1000,
                       confidence=context.confidence),
            stats.rate(officers.sum(), population.sum(), per=1000,
                       confidence=context.confidence),
            measure="officers_rate", label="Police officers",
            comparator_name=ENGLAND_AND_WALES, within=True,
            unit="per 1,000 population", area_code=context.area_code,
            area_name=context.area_name, period=context.period,
            source=(f"Home Office police workforce open data, 31 March {march[:4]} "
                    f"(workforce table); ONS mid-{mid_year} population ({vintage} vintage, "
                    f"population table)"),
            note=([counted, FORTY_THREE]),
            **_position(officers, population, context.area_code, per=1000)))
    crime = data.recorded_crime()
    crime = crime[(crime["period"] == context.period) & (crime["offence"] == TOTAL_CRIME)]
    counts = crime.set_index("area_code")["count"]
    # England and Wales is the forces with a crime count (the published total leaves out
    # a force that supplied none, Greater Manchester in YE Sep and Dec 2019) and their
    # officers only: not 42 forces' crimes over 43 forces' officers.
    with_count = counts.reindex(officers.index).dropna()
    if context.area_code in counts.index and ENGLAND_AND_WALES_CODE in counts.index:
        left_out = [name for code, name in zip(data.forces()["area_code"],
                                               data.forces()["area_name"])
                    if code not in with_count.index]
        whole_note = (f"England and Wales here is the territorial forces with a crime count "
                      f"added up, without British Transport Police; {', '.join(left_out)} "
                      f"supplied no crime count and {'its' if len(left_out) == 1 else 'their'}"
                      f" officers are left out too" if left_out else FORTY_THREE)
        figures.append(cite(
            stats.rate(_number(counts[context.area_code]), officers[context.area_code],
                       per=1, confidence=context.confidence),
            stats.rate(float(with_count.sum()), officers[with_count.index].sum(), per=1,
                       confidence=context.confidence),
            measure="crimes_per_officer", label="Recorded crimes per officer",
            comparator_name=ENGLAND_AND_WALES, within=True,
            unit="crimes per officer", area_code=context.area_code,
            area_name=context.area_name, period=context.period,
            source=(f"Police recorded crime excluding fraud, 12 months ending "
                    f"{context.period} (recorded_crime table); Home Office police workforce "
                    f"open data, 31 March {march[:4]} (workforce table)"),
            note=([counted, whole_note]),
            # Crimes over officers, not residents: every force with a count is in the funnel.
            **_position(counts.reindex(officers.index).astype("float64"), officers,
                        context.area_code, per=1, leave_out=())))
    if not figures:
        return [no_data(context, "workforce", "Police workforce",
                        "neither a population nor a recorded crime count is available to "
                        "relate the officers to")]
    return figures


#: The sections this module adds to the force profile, in order.
SECTIONS: tuple[Section, ...] = (workforce_figures,)
