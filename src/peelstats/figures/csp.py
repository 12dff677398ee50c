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
"""

from __future__ import annotations

from peelstats import data, stats
from peelstats.figures.figure import Figure, Figures, cite, cite_not_available
from peelstats.figures.profile import CRIME_MEASURES
from peelstats.figures.sections import (ENGLAND_AND_WALES, ENGLAND_AND_WALES_CODE,
                                        LOWER_IS_BETTER, RECORDED_CRIME_STATUS,
                                        area_notes, crime_source)


def _population_source(period: str) -> str:
    return (f"ONS mid-2023 population estimates revised after the 2021 Census, local "
            f"authorities added up to CSPs (csp_population table) and forces (population "
            f"table, revised vintage)")


def csp_figures(area: str, period: str = "latest", *, confidence: float = 0.95) -> Figures:
    """The figures of one CSP: each crime rate of the force profile, against the rest of
    England and Wales and against the rest of its force.

    Examples
    --------
    >>> figures = csp_figures("Peterborough", "2025-06")
    >>> [figure.id for figure in figures][:2]
    ['E22000017/2025-06/crime_excluding_fraud_rate_vs_england_and_wales', 'E22000017/2025-06/crime_excluding_fraud_rate_vs_force']
    """
    from peelstats.data import resolve_period
    from peelstats.stats.checks import check_confidence

    confidence = check_confidence(confidence)
    place = data.find_area(area)
    if not isinstance(place, data.Csp):
        raise ValueError(f"{area!r} is a police force, not a Community Safety Partnership")
    crime = data.csp_recorded_crime()
    period = resolve_period(period, sorted(crime["period"].unique()),
                            what="Community Safety Partnership data")
    register = data.csp_register().set_index("csp_code")
    entry = register.loc[place.area_code]
    units = data.csp_population().set_index("population_code")
    forces = data.recorded_crime()
    forces = forces[forces["period"] == period].set_index(["area_code", "offence"])["count"]
    population = data.population("revised")
    population = population[population["mid_year"] == 2023].set_index("area_code")["population"]
    force_code = place.force.area_code
    counts = crime[crime["period"] == period].set_index(["area_code", "offence"])["count"]
    shared = entry["population_code"] != place.area_code
    unit = units.loc[entry["population_code"]]
    whole_force = not shared and float(unit["population"]) == float(population[force_code])
    # A CSP that is its whole force carries the force's caveats (City of London's residents).
    notes = [*(area_notes(force_code) if whole_force else []), RECORDED_CRIME_STATUS]
    figures = []
    for measure in CRIME_MEASURES:
        count = float(counts[(place.area_code, measure.offence)])
        source = (f"{crime_source(['ons_csp_tables'], [period]).replace('(recorded_crime table)', '(csp_recorded_crime and recorded_crime tables)')}; "
                  f"{_population_source(period)}")
        comparators = (
            ("england_and_wales", ENGLAND_AND_WALES,
             float(forces[(ENGLAND_AND_WALES_CODE, measure.offence)]),
             float(population[ENGLAND_AND_WALES_CODE])),
            ("force", place.force.area_name,
             float(forces[(force_code, measure.offence)]), float(population[force_code])),
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
                unit="per 1,000 population", source=source, note=notes))
    return Figures(figures)
