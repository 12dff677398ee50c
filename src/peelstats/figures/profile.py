"""A force profile: the citable figures of one force for one period.

Each figure is a rate for the force, compared with the rest of England and Wales (the
force is part of England and Wales, so the comparison takes it out; DESIGN.md,
"Statistics that must be right"), with its verdict and a judgement in which lower is
better for crime and anti-social behaviour.

The profile is built from sections, `SECTIONS`, each a function of a `ProfileContext`
that returns its figures: recorded crime and anti-social behaviour; the change since four
years earlier and the five-year trend (`peelstats.figures.over_time`); outcomes, stop and
search, the workforce and the Crime Severity Score (`peelstats.figures.outcomes`,
`stop_search`, `workforce` and `severity`).

Denominators: a rate for the 12 months ending a period uses the ONS mid-year estimate
that the ONS force area tables used for it (`denominator_mid_year`), as originally
published; England and Wales is the sum of the forces in its count, so that a force
missing from a total (Greater Manchester, YE Sep and Dec 2019) is missing from its
denominator too.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from peelstats import data, stats
from peelstats.figures import (outcomes, over_time, position, severity, stop_search,
                               wording, workforce)
from peelstats.figures import groups as grouping
from peelstats.figures.figure import Figure, Figures, cite
from peelstats.figures.sections import (CITY_OF_LONDON_CODE, ENGLAND_AND_WALES,
                                        ENGLAND_AND_WALES_CODE,
                                        FIRST_RESIDENTIAL_BURGLARY_PERIOD,
                                        LAST_DOMESTIC_BURGLARY_PERIOD,
                                        RECORDED_CRIME_STATUS, ProfileContext,
                                        Section, area_notes, crime_source, flags,
                                        last_march, profile_context)
from peelstats.figures.sections import LOWER_IS_BETTER as POLARITY

# The one rule for the years of a rate's denominators lives in the data layer; these names
# stay here for code that imported them from the profile.
denominator_mid_year = data.denominator_mid_year
denominator_years = data.denominator_years
denominator_vintage = data.denominator_vintage

TOTAL = data.TOTAL_RECORDED_CRIME
DOMESTIC_BURGLARY = "Domestic burglary"
RESIDENTIAL_BURGLARY = "Residential burglary"

Denominator = Literal["population", "households"]


@dataclass(frozen=True)
class RateMeasure:
    """A recorded crime rate in the profile: which offence, per what."""

    measure: str
    label: str
    offence: str
    denominator: Denominator = "population"


#: The recorded crime rates of the profile, in order (burglary follows, chosen by period).
CRIME_MEASURES: tuple[RateMeasure, ...] = (
    RateMeasure("crime_excluding_fraud_rate", "Crime excluding fraud", TOTAL),
    RateMeasure("victim_based_crime_rate", "Victim-based crime", "Victim-based crime"),
    RateMeasure("violence_with_injury_rate", "Violence with injury", "Violence with injury"),
    RateMeasure("sexual_offences_rate", "Sexual offences", "Sexual offences"),
)
BURGLARY_IN_A_DWELLING = RateMeasure("burglary_in_a_dwelling_rate", "Burglary in a dwelling",
                                     DOMESTIC_BURGLARY, "households")
RESIDENTIAL = RateMeasure("residential_burglary_rate", "Residential burglary",
                          RESIDENTIAL_BURGLARY, "households")


def burglary_measure(period: str) -> tuple[RateMeasure, str | None]:
    """The burglary measure for a period, and a note when the period has none.

    Burglary in a dwelling (domestic burglary) to YE Mar 2017, residential burglary from
    YE Mar 2018; the three periods between mix the two and have no comparable figure.

    >>> burglary_measure("2014-06")[0].label
    'Burglary in a dwelling'
    >>> burglary_measure("2017-09")[1]
    'the burglary categories changed on 1 April 2017 and YE Sep 2017 mixes domestic and residential burglary, so no comparable rate can be given'
    """
    if period <= LAST_DOMESTIC_BURGLARY_PERIOD:
        return BURGLARY_IN_A_DWELLING, None
    if period >= FIRST_RESIDENTIAL_BURGLARY_PERIOD:
        return RESIDENTIAL, None
    return RESIDENTIAL, (f"the burglary categories changed on 1 April 2017 and "
                         f"{wording.period(period)} mixes domestic and residential burglary, "
                         f"so no comparable rate can be given")


# --- notes: the data's flags that a reader of the figure must see -----------------------

def _data_notes(force_note: object, whole_note: object, area_name: str,
                names: dict[str, str]) -> list[str]:
    """Caveats from the `note` flags of the force's row and of England and Wales's row."""
    notes = []
    force, whole = flags(force_note), flags(whole_note)
    if "missing_in_source" in force:
        notes.append(f"{area_name} supplied no count for this period")
    if "includes_negative" in force | whole:
        notes.append("the count includes negative adjustments printed in the source")
    excluded = sorted(flag.removeprefix("excludes_") for flag in whole
                      if flag.startswith("excludes_"))
    if excluded:
        listed = ", ".join(names.get(code, code) for code in excluded)
        notes.append(f"England and Wales here leaves out {listed}, which supplied no count; "
                     f"its population is left out of the rate too")
    if "not_comparable_with_later_years" in force:
        notes.append("ASB incidents before 2011/12 were recorded differently and are not "
                     "comparable with later years")
    if "revised_in_source" in force:
        notes.append("the source revised this figure upwards")
    if "rate_suppressed" in force:
        notes.append(f"ONS suppresses this rate: the resident population of {area_name} is "
                     f"too small for a meaningful rate per 1,000")
    return notes


# --- recorded crime ----------------------------------------------------------------------

#: How a figure's source names each vintage of the population estimates.
VINTAGE_WORDS = {"original": "as first published (population table, original vintage)",
                 "revised": "revised after the 2021 Census (population table, revised vintage)"}


def _crime_counts(period: str, offences: Sequence[str]) -> pd.DataFrame:
    crime = data.recorded_crime()
    rows = crime[(crime["period"] == period) & crime["offence"].isin(list(offences))]
    return rows.set_index(["area_code", "offence"])


def _whole_denominator(denominators: pd.Series, force_codes: Sequence[str],
                       whole_note: object) -> float:
    """England and Wales's denominator: the sum over the forces its count adds up."""
    excluded = {flag.removeprefix("excludes_") for flag in flags(whole_note)
                if flag.startswith("excludes_")}
    included = denominators.reindex([c for c in force_codes if c not in excluded])
    return float(included.sum(min_count=len(included))) if len(included) else float("nan")


def recorded_crime_figures(context: ProfileContext) -> list[Figure]:
    """Crime rates per 1,000 population (burglary per 1,000 households) against the rest
    of England and Wales."""
    burglary, burglary_note = burglary_measure(context.period)
    measures = (*CRIME_MEASURES, burglary)
    counts = _crime_counts(context.period, [m.offence for m in measures])
    population_year, households_year = denominator_years(context.period)
    vintage = denominator_vintage(context.period)
    population = data.population(vintage)
    registry = data.forces()
    force_codes = registry["area_code"].tolist()
    names = dict(zip(registry["area_code"], registry["area_name"]))
    years = {"population": population_year, "households": households_year}
    denominators = {
        kind: population[population["mid_year"] == year].set_index("area_code")[kind]
        .astype("float64") for kind, year in years.items()}

    force_names = {code: names[code] for code in force_codes}
    figures = []
    for measure in measures:
        force = counts.loc[(context.area_code, measure.offence)]
        whole = counts.loc[(ENGLAND_AND_WALES_CODE, measure.offence)]
        kind = measure.denominator
        force_count = np.nan if pd.isna(force["count"]) else float(force["count"])
        whole_count = np.nan if pd.isna(whole["count"]) else float(whole["count"])
        notes = _data_notes(force["note"], whole["note"], context.area_name, names)
        # What stops any rate of the measure: said by the group's figure too.
        no_rate = []
        if measure is burglary and burglary_note:
            no_rate.append(burglary_note)
        if years[kind] is None:
            no_rate.insert(0, f"no {kind} estimate for {wording.period(context.period)} is "
                              f"bundled (the latest is mid-2018), so no rate per 1,000 "
                              f"{kind} can be given")
        if no_rate:
            force_count = whole_count = np.nan
            notes[:0] = no_rate
        # Where the force stands among the forces: the funnel the report's chart draws.
        where = ""
        if not np.isnan(force_count):
            funnel = position.forces_funnel(
                position.forces_frame(counts.xs(measure.offence, level="offence")["count"],
                                      denominators[kind], force_names),
                per=1000, focus=context.area_name)
            where = position.position_in(funnel, context.area_code)
        estimate = stats.rate(force_count, denominators[kind].get(context.area_code, np.nan),
                              per=1000, confidence=context.confidence)
        comparator = stats.rate(whole_count,
                                _whole_denominator(denominators[kind], force_codes,
                                                   whole["note"]),
                                per=1000, confidence=context.confidence)
        source = (f"{crime_source([force['source']], [context.period])}; ONS "
                  f"mid-{years[kind]} {kind} estimates {VINTAGE_WORDS[vintage]}"
                  if years[kind] is not None else
                  f"{crime_source([force['source']], [context.period])}; no {kind} estimate")
        figures.append(cite(
            estimate, comparator, measure=measure.measure, label=measure.label,
            comparator_name=ENGLAND_AND_WALES, polarity=POLARITY,
            within=True, area_code=context.area_code,
            area_name=context.area_name, period=context.period,
            unit=f"per 1,000 {kind}", source=source,
            note=[*notes, *area_notes(context.area_code), RECORDED_CRIME_STATUS],
            position=where, among=position.among(funnel) if where else None))
        if context.group is not None:
            figures.append(_group_figure(
                context, measure, estimate,
                counts.xs(measure.offence, level="offence")["count"].astype("float64"),
                denominators[kind], source=source, names=names, no_rate=no_rate,
                notes=_data_notes(force["note"], None, context.area_name, names)))
    return figures


def _group_figure(context: ProfileContext, measure: RateMeasure, estimate: stats.Estimate,
                  counts: pd.Series, denominators: pd.Series, *, source: str,
                  names: dict[str, str], no_rate: list[str], notes: list[str]) -> Figure:
    """The force's rate against the pooled rate of the other members of its group (sum
    of their counts over the sum of their denominators, `peelstats.figures.groups`), with
    the force's rank among the members, 1 the lowest rate."""
    group = context.group
    kind = measure.denominator
    nan = float("nan")
    comparator, name = None, f"the other forces of the group {group.name}"
    notes = [*no_rate, *notes]
    if no_rate:
        # No rate of the measure can be given for the period (the burglary categories
        # changed, no denominator is bundled): nor can the group's.
        comparator = stats.rate(nan, nan, per=1000, confidence=context.confidence)
    else:
        pool = grouping.pool_others(group, context.area_code, counts, denominators)
        if pool.lacking:
            notes.append(f"left out of the group's figure, without a count for "
                         f"{wording.period(context.period)}: "
                         + ", ".join(names[code] for code in pool.lacking))
        if not pool.members:
            notes.insert(0, f"no other force of the group {group.name} has a count for "
                            f"{wording.period(context.period)}")
            name = None
        else:
            comparator = pool.estimate("rate", per=1000, confidence=context.confidence)
            if CITY_OF_LONDON_CODE in pool.members:
                notes.append(f"the group's figure includes {names[CITY_OF_LONDON_CODE]}, "
                             f"whose rates per resident are far above any other force's")
            if not math.isnan(float(estimate.value)):
                codes = [*pool.members, context.area_code]
                rates = stats.rate(counts.reindex(codes).to_numpy(dtype=float),
                                   denominators.reindex(codes).to_numpy(dtype=float),
                                   per=1000).value
                place, total = grouping.rank_in_group(
                    dict(zip(codes, np.atleast_1d(rates), strict=True)), context.area_code,
                    order="lowest")
                notes.insert(0, grouping.rank_note(context.area_name, place, total,
                                                   group.name, order="lowest", verb="ranks")
                             + f" (rank {place}, where 1 is the lowest rate)")
    return cite(estimate, comparator, measure=f"{measure.measure}_vs_group_{group.slug}",
                label=f"{measure.label}, against the group {group.name}",
                subject=measure.label, comparator_name=name, polarity=POLARITY,
                area_code=context.area_code, area_name=context.area_name,
                period=context.period, unit=f"per 1,000 {kind}",
                source=f"{source}; the group {group.name} as given in the groups file",
                note=[*notes, *area_notes(context.area_code), RECORDED_CRIME_STATUS])


# --- anti-social behaviour ---------------------------------------------------------------

def _implied_denominator(count: float, published_rate: float) -> float:
    # ONS prints the rate, not its population: count / rate * 1,000 is the population
    # the published rate divides by, so the figure reproduces the published rate.
    return count / published_rate * 1000.0


def asb_figures(context: ProfileContext) -> list[Figure]:
    """ASB incidents per 1,000 population in the financial year that ends within the
    period, against the rest of England and Wales; none when that year is not in the data.
    """
    year_end = last_march(context.period)
    asb = data.asb_incidents()
    rows = asb[asb["period"] == year_end]
    if rows.empty:
        return []
    edition = rows["edition"].max()  # the latest edition that prints the year
    rows = rows[rows["edition"] == edition].set_index("area_code")
    force = rows.loc[context.area_code]
    whole = rows.loc[ENGLAND_AND_WALES_CODE]
    names = dict(zip(data.forces()["area_code"], data.forces()["area_name"]))

    def estimate(row: pd.Series) -> stats.Estimate:
        count = np.nan if pd.isna(row["count"]) else float(row["count"])
        rate = np.nan if pd.isna(row["published_rate"]) else float(row["published_rate"])
        return stats.rate(count, _implied_denominator(count, rate), per=1000,
                          confidence=context.confidence)

    # Where the force stands among the forces: the funnel of every force's published
    # count over the population its published rate implies (as the figure divides by).
    codes = list(names)
    counts = rows["count"].reindex(codes).astype("float64")
    implied = counts / rows["published_rate"].reindex(codes).astype("float64") * 1000.0
    where, among = "", None
    if pd.notna(force["count"]) and pd.notna(force["published_rate"]):
        funnel = position.forces_funnel(position.forces_frame(counts, implied, names),
                                        per=1000, focus=context.area_name)
        where, among = position.position_in(funnel, context.area_code), position.among(funnel)
    source = (f"Home Office anti-social behaviour incidents, {force['financial_year']}, ONS "
              f"police force area data tables Table P7, edition {wording.period(edition)} "
              f"(asb_incidents table); denominators as implied by the published rates per "
              f"1,000 population")
    return [cite(estimate(force), estimate(whole), measure="asb_incidents_rate",
                 label="Anti-social behaviour incidents", comparator_name=ENGLAND_AND_WALES,
                 polarity=POLARITY, within=True,
                 area_code=context.area_code, area_name=context.area_name, period=year_end,
                 unit="per 1,000 population", source=source,
                 note=[*_data_notes(force["note"], whole["note"], context.area_name, names),
                       *area_notes(context.area_code)],
                 position=where, among=among)]


# --- the profile -------------------------------------------------------------------------

#: The sections of a force profile, in order: each takes the `ProfileContext` and returns
#: its figures.
SECTIONS: tuple[Section, ...] = (recorded_crime_figures, asb_figures, *over_time.SECTIONS,
                                 *outcomes.SECTIONS, *stop_search.SECTIONS,
                                 *workforce.SECTIONS, *severity.SECTIONS)


def force_profile(area: str, period: str, *, confidence: float = 0.95,
                  groups: pd.DataFrame | str | Path | None = None,
                  group: str | None = None) -> Figures:
    """The citable figures of one force for the 12 months ending `period`.

    Each figure compares the force with the rest of England and Wales (its `verdict`:
    exact conditional test of the rate ratio); a recorded crime rate or change also has
    its `position` among the forces (the 95% funnel adjusted for over-dispersion,
    `peelstats.figures.position`); the judgement reads the position, where there is one,
    else the verdict, with lower as better: crime excluding fraud,
    victim-based crime, violence with injury and sexual offences per 1,000 population;
    burglary in a dwelling (to YE Mar 2017) or residential burglary (from YE Mar 2018) per
    1,000 households; ASB incidents per 1,000 population in the financial year that ends
    within the period, when the data has that year; the change in the number of recorded
    crimes since the same 12 months four years earlier and the five-year trend of the rates
    (`peelstats.figures.over_time`); crime outcomes, stop and search, the workforce and
    the Crime Severity Score (`peelstats.figures.outcomes`, `stop_search`, `workforce`,
    `severity`).

    Parameters
    ----------
    area : str
        A force name, alias, data.police.uk id or ONS code (``Cambridgeshire``, ``Cambs``,
        ``E23000023``).
    period : str
        The end of the 12 months: ``2014-06``, ``YE Jun 2014``, ``June 2014``, ``2013/14``
        (the financial year) or ``latest``.
    confidence : float
        Two-sided level of the intervals and comparisons.
    groups : DataFrame or path, optional
        Comparison groups (a CSV or XLSX of ``group, area``, or the frame
        `peelstats.read_groups` returns). Each recorded crime rate is then followed by
        the force's rate against its group: the pooled rate of the group's other members
        (the sum of their counts over the sum of their denominators, the weighted
        average HMICFRS shows for a group), compared by `peelstats.compare` as the
        England and Wales figure is (the force is not part of the pool, so the plain
        comparison of two rates), with the force's rank in the group in the figure's
        notes (1 = the lowest rate). Its id is
        ``<area_code>/<period>/<measure>_vs_group_<slug>``, the slug the group's name in
        lower case with ``_`` for spaces (``south_east``).
    group : str, optional
        The group to compare with, needed when the force is in several groups of
        `groups`.

    Returns
    -------
    Figures

    Raises
    ------
    ValueError
        For an unknown area (with the close matches) or a period without a profile
        (with the tables that have it and the nearest periods that have a profile); with
        `groups`, an unknown `group` (listing the groups), a force in no group or in
        several when `group` does not choose (listing them).
    DataFileError
        A bad groups file: every problem, with its file, row, column and value.

    Examples
    --------
    >>> figures = force_profile("Cambridgeshire", "2014-06")
    >>> figures[0].id
    'E23000023/2014-06/crime_excluding_fraud_rate'
    >>> figures[0].verdict, figures[0].position, figures[0].judgement
    ('lower', 'within', 'similar')
    >>> from peelstats._paths import examples_dir
    >>> grouped = force_profile("Cambridgeshire", "2014-06",
    ...                         groups=examples_dir() / "groups_by_region.csv")
    >>> grouped[1].id
    'E23000023/2014-06/crime_excluding_fraud_rate_vs_group_east'
    """
    return profile_figures(profile_context(area, period, confidence=confidence,
                                           groups=groups, group=group))


def profile_figures(context: ProfileContext) -> Figures:
    """The figures of every section in `SECTIONS`, in order, for a resolved context."""
    return Figures(figure for section in SECTIONS for figure in section(context))
