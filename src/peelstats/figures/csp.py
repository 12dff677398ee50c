"""The citable figures of a Community Safety Partnership (CSP) for YE Jun 2025.

A CSP's crime rate per 1,000 population (mid-2023 estimates, revised vintage) with its
interval, compared with two comparators, each of which contains the CSP and so is taken
without it (``within=True``; DESIGN.md, "Statistics that must be right"): the rest of
England and Wales and the rest of its force. Each comparison is `peelstats.compare`'s
(exact conditional test of the rate ratio, through `cite`).

A CSP that is a former district of a 2023 authority shared with other CSPs
(`csp_register` note ``shares_authority``) has counts but no population of its own: its
figure says so and gives no rate; nothing is split. A CSP that is its whole force (City
of London) has no rest of the force: that comparison says so.

Each CSP figure with a rate also has its `position` among all CSPs with a population:
above, below or within the 95% limits of the funnel of every CSP adjusted for
over-dispersion (`peelstats.figures.position.csps_funnel`, Spiegelhalter 2005), the one
computation that the CSP funnel chart draws too; the `judgement` reads that position
through the polarity (lower is better), as a force's does. `force_csps` gathers a force's
CSPs side by side: rate, interval, verdict against the rest of the force and position.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from peelstats import data, stats
from peelstats.figures.figure import Figure, Figures, cite, cite_not_available
from peelstats.figures.position import CspsFunnel, csps_funnel
from peelstats.figures.profile import CRIME_MEASURES, RateMeasure
from peelstats.figures.sections import (ENGLAND_AND_WALES, ENGLAND_AND_WALES_CODE,
                                        LOWER_IS_BETTER, RECORDED_CRIME_STATUS,
                                        area_notes, crime_source)
from peelstats.stats.checks import check_confidence, choose


def _population_source() -> str:
    return (f"ONS mid-2023 population estimates revised after the 2021 Census, local "
            f"authorities added up to CSPs (csp_population table) and forces (population "
            f"table, revised vintage)")


def _source(period: str) -> str:
    return (f"{crime_source(['ons_csp_tables'], [period]).replace('(recorded_crime table)', '(csp_recorded_crime and recorded_crime tables)')}; "
            f"{_population_source()}")


@dataclass(frozen=True)
class _Tables:
    """What the figures of any CSP in one period read, loaded once."""

    period: str
    register: pd.DataFrame     # by csp_code
    units: pd.DataFrame        # csp_population, by population_code
    counts: pd.Series          # CSP counts by (area_code, offence)
    forces: pd.Series          # force and England and Wales counts by (area_code, offence)
    population: pd.Series      # mid-2023 revised population by force code
    funnels: dict[str, CspsFunnel]  # the funnel of all CSPs, by offence


def _tables(period: str) -> _Tables:
    from peelstats.data import resolve_period

    crime = data.csp_recorded_crime()
    period = resolve_period(period, sorted(crime["period"].unique()),
                            what="Community Safety Partnership data")
    forces = data.recorded_crime()
    forces = forces[forces["period"] == period].set_index(["area_code", "offence"])["count"]
    population = data.population("revised")
    population = population[population["mid_year"] == 2023].set_index("area_code")["population"]
    counts = crime[crime["period"] == period].set_index(["area_code", "offence"])["count"]
    return _Tables(period=period, register=data.csp_register().set_index("csp_code"),
                   units=data.csp_population().set_index("population_code"),
                   counts=counts, forces=forces, population=population,
                   funnels={m.offence: csps_funnel(period, offence=m.offence)
                            for m in CRIME_MEASURES})


def _whole_force(tables: _Tables, place: data.Csp) -> bool:
    """Whether the CSP is its whole force (City of London): its own population is the
    force's."""
    entry = tables.register.loc[place.area_code]
    if entry["population_code"] != place.area_code:
        return False
    return (float(tables.units.loc[place.area_code, "population"])
            == float(tables.population[place.force.area_code]))


def _figures(place: data.Csp, tables: _Tables, confidence: float) -> list[Figure]:
    """The figures of one CSP (see `csp_figures`)."""
    period = tables.period
    entry = tables.register.loc[place.area_code]
    force_code = place.force.area_code
    shared = entry["population_code"] != place.area_code
    unit = tables.units.loc[entry["population_code"]]
    whole_force = _whole_force(tables, place)
    # A CSP that is its whole force carries the force's caveats (City of London's residents).
    notes = [*(area_notes(force_code) if whole_force else []), RECORDED_CRIME_STATUS]
    source = _source(period)
    figures = []
    for measure in CRIME_MEASURES:
        count = float(tables.counts[(place.area_code, measure.offence)])
        funnel = tables.funnels[measure.offence]
        # Where the CSP stands among all CSPs: the funnel the CSP chart draws.
        where = funnel.position(place.area_code)
        comparators = (
            ("england_and_wales", ENGLAND_AND_WALES,
             float(tables.forces[(ENGLAND_AND_WALES_CODE, measure.offence)]),
             float(tables.population[ENGLAND_AND_WALES_CODE])),
            ("force", place.force.area_name,
             float(tables.forces[(force_code, measure.offence)]),
             float(tables.population[force_code])),
        )
        for suffix, name, whole_count, whole_population in comparators:
            measure_id = f"{measure.measure}_vs_{suffix}"
            if suffix == "force" and whole_force:
                figures.append(cite_not_available(
                    measure_id, measure.label,
                    f"{place.area_name} is the whole of {name} police force area; there is "
                    f"no rest of the force to compare it with",
                    area_code=place.area_code, area_name=place.area_name, period=period,
                    confidence=confidence, source=source))
                continue
            if shared:
                why = (f"{place.area_name} is part of {unit['population_name']}, a 2023 "
                       f"authority that the lookup shares among several CSPs and that no "
                       f"bundled population estimate splits; the rate of those CSPs together "
                       f"is that of {unit['population_name']}")
                figures.append(cite_not_available(
                    measure_id, measure.label, why, area_code=place.area_code,
                    area_name=place.area_name, period=period, confidence=confidence,
                    source=source))
                continue
            estimate = stats.rate(count, float(unit["population"]), per=1000,
                                  confidence=confidence)
            versus = stats.rate(whole_count, whole_population, per=1000, confidence=confidence)
            figures.append(cite(
                estimate, versus, measure=measure_id, label=measure.label,
                comparator_name=name, polarity=LOWER_IS_BETTER, within=True,
                area_code=place.area_code, area_name=place.area_name, period=period,
                unit="per 1,000 population", source=source, note=notes,
                position=where, among=funnel.among if where else None))
    return figures


def csp_figures(area: str, period: str = "latest", *, confidence: float = 0.95) -> Figures:
    """The figures of one CSP: each crime rate of the force profile, against the rest of
    England and Wales and against the rest of its force, with its position among all
    CSPs with a population (`peelstats.figures.position.csps_funnel`).

    Examples
    --------
    >>> figures = csp_figures("Peterborough", "2025-06")
    >>> [figure.id for figure in figures][:2]
    ['E22000017/2025-06/crime_excluding_fraud_rate_vs_england_and_wales', 'E22000017/2025-06/crime_excluding_fraud_rate_vs_force']
    >>> figures[0].position, figures[0].judgement
    ('within', 'similar')
    """
    confidence = check_confidence(confidence)
    place = data.find_area(area)
    if not isinstance(place, data.Csp):
        raise ValueError(f"{area!r} is a police force, not a Community Safety Partnership")
    return Figures(_figures(place, _tables(period), confidence))


# --- a force's CSPs side by side ----------------------------------------------------------

#: The columns of `ForceCsps.csps`, in order.
CSP_COLUMNS = ("area_code", "area_name", "count", "population", "value", "lower", "upper",
               "verdict", "p_value", "position", "judgement", "note")


@dataclass(frozen=True)
class ForceCsps:
    """A force's CSPs beside each other for one rate and period (`force_csps`).

    Attributes
    ----------
    force_code, force_name, period : str
        The force and the 12 months (``2025-06``).
    measure, label, offence, unit : str
        The rate (``crime_excluding_fraud_rate``, ``Crime excluding fraud``, its offence
        group in Table C2, ``per 1,000 population``).
    force_rate : Estimate
        The force's own rate (its count over its mid-2023 population).
    csps : DataFrame
        One row per CSP with a rate (`CSP_COLUMNS`): count, population, rate and interval,
        the verdict against the rest of the force with its p-value, the position among
        all CSPs and the judgement; ``note`` says why a verdict is empty (a CSP that is
        its whole force).
    no_rate : DataFrame
        The CSPs with a count but no rate: ``area_code``, ``area_name``, ``count`` and
        ``reason``.
    among : str
        Who the position is among (``the 293 CSPs with a population``).
    figures : Figures
        The CSP figures the rows are read from (`csp_figures`' against England and Wales
        and against the rest of the force, for `measure`).
    source : str
        Where the numbers come from.
    """

    force_code: str
    force_name: str
    period: str
    measure: str
    label: str
    offence: str
    unit: str
    force_rate: stats.Estimate
    csps: pd.DataFrame
    no_rate: pd.DataFrame
    among: str
    figures: Figures
    source: str

    def to_frame(self) -> pd.DataFrame:
        """Every CSP of the force, those with a rate first, then those without (with their
        reason in ``note``)."""
        missing = self.no_rate.rename(columns={"reason": "note"})
        return pd.concat([self.csps, missing], ignore_index=True)[list(CSP_COLUMNS)]

    def _repr_html_(self) -> str:
        caption = html.escape(f"{self.label} {self.unit}, CSPs of {self.force_name}")
        return f"<p>{caption}</p>" + self.to_frame().to_html(index=False)


def force_csps(force: str, period: str = "latest", *,
               measure: str = "crime_excluding_fraud_rate",
               confidence: float = 0.95) -> ForceCsps:
    """A force's CSPs side by side: each one's rate with its interval, its verdict against
    the rest of the force, its position among all CSPs (`csp_figures`, so the rows are
    the CSPs' own figures) and, for the CSPs without a rate, the reason.

    Parameters
    ----------
    force : str
        A force name, alias or ONS code (``Cambridgeshire``, ``E23000023``).
    period : str
        A period of the CSP data (``2025-06``) or ``latest``.
    measure : str
        One of the profile's crime rates per 1,000 population (`CRIME_MEASURES`).
    confidence : float
        Two-sided level of the intervals and comparisons.

    Examples
    --------
    >>> result = force_csps("Cambridgeshire", "2025-06")
    >>> result.csps[["area_name", "position"]].iloc[:2].to_dict("records")
    [{'area_name': 'Cambridge', 'position': 'within'}, {'area_name': 'East Cambridgeshire', 'position': 'below'}]
    """
    confidence = check_confidence(confidence)
    chosen: RateMeasure = choose(measure, {m.measure: m for m in CRIME_MEASURES}, "measure")
    place = data.find_force(force)
    tables = _tables(period)
    codes = tables.register.index[tables.register["area_code"] == place.area_code]
    rows, missing, kept = [], [], []
    for code in codes:
        csp = data.Csp(code, str(tables.register.loc[code, "csp_name"]), place)
        figures = {figure.measure: figure for figure in _figures(csp, tables, confidence)}
        whole = figures[f"{chosen.measure}_vs_england_and_wales"]
        versus = figures[f"{chosen.measure}_vs_force"]
        kept += [whole, versus]
        count = float(tables.counts[(code, chosen.offence)])
        if whole.value != whole.value:  # NaN: no population of its own
            missing.append({"area_code": code, "area_name": csp.area_name, "count": count,
                            "reason": whole.notes[0]})
            continue
        compared = versus.value == versus.value
        rows.append({
            "area_code": code, "area_name": csp.area_name, "count": count,
            "population": float(tables.units.loc[code, "population"]),
            "value": whole.value, "lower": whole.lower, "upper": whole.upper,
            "verdict": versus.verdict if compared else "",
            "p_value": versus.p_value if compared else float("nan"),
            "position": whole.position, "judgement": whole.judgement,
            "note": "" if compared else versus.notes[0]})
    force_rate = stats.rate(float(tables.forces[(place.area_code, chosen.offence)]),
                            float(tables.population[place.area_code]), per=1000,
                            confidence=confidence)
    return ForceCsps(
        force_code=place.area_code, force_name=place.area_name, period=tables.period,
        measure=chosen.measure, label=chosen.label, offence=chosen.offence, unit="per 1,000 population",
        force_rate=force_rate,
        csps=pd.DataFrame(rows, columns=list(CSP_COLUMNS)),
        no_rate=pd.DataFrame(missing, columns=["area_code", "area_name", "count", "reason"]),
        among=tables.funnels[chosen.offence].among, figures=Figures(kept),
        source=_source(tables.period))
