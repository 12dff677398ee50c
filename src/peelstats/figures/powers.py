"""Force profile sections beyond crime counts: crime outcomes, stop and search, the
workforce and the Crime Severity Score.

Each section is a function of the profile's context (the force, the period and the
confidence level: `peelstats.figures.sections.ProfileContext`) that returns its figures,
each compared with England and Wales, tested against the rest of England and Wales (the
force is part of the whole; DESIGN.md). Where the data has nothing for the period, the
section returns one figure whose sentence says so plainly and names the periods it has.

England and Wales is the 43 territorial forces added up, without British Transport
Police, in every section: the force tables' own totals are not used, so a force and its
comparator are always counted the same way.

Methods
-------
- Outcome proportions: Wilson interval [1]_; force against the rest of England and Wales
  by Newcombe's hybrid score interval for the difference (method 10) [2]_.
- Stop and search rates per 1,000 population: Byar's interval (exact below 10 events,
  the Fingertips rule) [3]_; rate ratio against
  the rest by the exact conditional (binomial) test with its Clopper-Pearson interval [4]_.
- Disproportionality (Black against White searches per 1,000 people of each group): a
  rate ratio with the exact conditional interval [4]_, as the Home Office calculates the
  ratio (without an interval). The force's ratio is compared with that of the rest of
  England and Wales by the ratio of the two rate ratios, a Wald interval and test on the
  log scale [5]_ (`peelstats.stats.compare_changes`, whose arithmetic this is: the four
  counts are the two areas' Black and White searches, with their populations).
- Arrests following a search: a proportion of the searches whose arrests are known,
  Wilson interval, Newcombe against the rest.
- Officers per 1,000 population and recorded crimes per officer: rates with Byar's
  interval and the exact conditional test. Officer numbers are counted, not sampled: the
  interval treats the count as Poisson, the convention for rates of whole populations
  (the "natural variation" of public health indicators [3]_), and says so in the note.
- Crime Severity Score: ONS publishes it without an interval, so it is shown with
  England and Wales's score and its change on the previous year, without a verdict.

References
----------
.. [1] Wilson, E. B. (1927). Probable inference, the law of succession, and statistical
   inference. JASA, 22(158), 209-212. doi:10.1080/01621459.1927.10502953
.. [2] Newcombe, R. G. (1998). Interval estimation for the difference between
   independent proportions: comparison of eleven methods. Statistics in Medicine, 17(8),
   873-890. doi:10.1002/(SICI)1097-0258(19980430)17:8<873::AID-SIM779>3.0.CO;2-I
.. [3] Eayres, D. (2008). Technical Briefing 3: Commonly used public health statistics
   and their confidence intervals. APHO, York (Byar's method, p. 6).
.. [4] Breslow, N. E. and Day, N. E. (1987). Statistical Methods in Cancer Research,
   volume II. IARC Scientific Publications 82, p. 94 (exact conditional test of a rate
   ratio).
.. [5] Altman, D. G. and Bland, J. M. (2003). Interaction revisited: the difference
   between two estimates. BMJ, 326(7382), 219. doi:10.1136/bmj.326.7382.219
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from peelstats import data, stats
from peelstats.data import financial_year
from peelstats.figures import wording
from peelstats.figures.figure import Figure, cite, cite_not_available
from peelstats.figures.sections import (ENGLAND_AND_WALES, ENGLAND_AND_WALES_CODE,
                                        ProfileContext, Section, last_march)
from peelstats.stats import Estimate

FORTY_THREE = ("England and Wales here is the 43 territorial forces added up, without "
               "British Transport Police")

CHARGED = "Charged/Summonsed"
NO_SUSPECT = "Investigation complete – no suspect identified"
NOT_YET_ASSIGNED = "Not yet assigned an outcome"
WHITE = "White"
BLACK = "Black or Black British"
NOT_STATED = "Not stated"
VEHICLE_ONLY = "Vehicle only"
ALL_RESIDENTS = "All usual residents"
SECTION_1 = "Section 1 (PACE)"
SECTION_60 = "Section 60 (CJPOA)"
SECTION_44 = "Section 44/47a (TACT)"
TOTAL_CRIME = data.TOTAL_RECORDED_CRIME
CSS_TOTAL = "Total recorded crime"


@dataclass(frozen=True)
class OutcomeMeasure:
    """An outcome group shown as a percent of offences recorded."""

    measure: str
    label: str
    outcome_group: str
    polarity: str


#: The outcome figures of the profile, in order.
OUTCOME_MEASURES: tuple[OutcomeMeasure, ...] = (
    OutcomeMeasure("charged_summonsed_proportion", "Offences charged or summonsed", CHARGED,
                   "higher_is_better"),
    OutcomeMeasure("no_suspect_identified_proportion",
                   "Investigations completed with no suspect identified", NO_SUSPECT,
                   "lower_is_better"),
)


# --- shared ------------------------------------------------------------------------------

def force_codes() -> list[str]:
    """The area codes of the 43 territorial forces."""
    return data.forces()["area_code"].tolist()


def no_data(context: ProfileContext, measure: str, label: str, why: str) -> Figure:
    """A figure that says plainly that a section has no data for the period, and why."""
    return cite_not_available(
        measure, label,
        f"there is no {label.lower()} data for {wording.period(context.period)}: {why}",
        area_code=context.area_code, area_name=context.area_name, period=context.period,
        confidence=context.confidence)


def _number(value: Any) -> float:
    return float("nan") if pd.isna(value) else float(value)


# --- crime outcomes ----------------------------------------------------------------------

def outcome_figures(context: ProfileContext) -> list[Figure]:
    """Charged or summonsed, and investigation complete with no suspect identified, as
    percents of the offences recorded in the year, against the rest of England and Wales.
    """
    table = data.outcomes()
    periods = sorted(table["period"].unique())
    rows = table[(table["period"] == context.period)
                 & table["area_code"].isin(force_codes())]
    if context.area_code not in set(rows["area_code"]):
        years = ", ".join(f"{financial_year(p)} ({wording.period(p)})" for p in periods)
        return [no_data(context, "crime_outcomes", "Crime outcomes",
                        f"the outcomes data cover the offences recorded in {years} only")]
    force_rows = rows[rows["area_code"] == context.area_code].set_index("outcome_group")
    pending = int(force_rows.loc[NOT_YET_ASSIGNED, "count"])
    offences = int(force_rows.loc[NOT_YET_ASSIGNED, "offences"])
    note = (f"Outcomes of the offences recorded in {financial_year(context.period)}, as "
            f"assigned by the time of the Home Office extract (about January 2020); "
            f"{wording.count(pending)} of {context.area_name}'s {wording.count(offences)} "
            f"offences had not yet been assigned an outcome")
    source = (f"Home Office crime outcomes open data, offences recorded in "
              f"{financial_year(context.period)}, excluding fraud (outcomes table)")
    figures = []
    for measure in OUTCOME_MEASURES:
        group = rows[rows["outcome_group"] == measure.outcome_group].set_index("area_code")
        force = group.loc[context.area_code]
        estimate = stats.proportion(float(force["count"]), float(force["offences"]),
                                    confidence=context.confidence)
        whole = stats.proportion(float(group["count"].sum()), float(group["offences"].sum()),
                                 confidence=context.confidence)
        figures.append(cite(
            estimate, whole, measure=measure.measure, label=measure.label,
            comparator_name=ENGLAND_AND_WALES, polarity=measure.polarity,
            within=True, area_code=context.area_code,
            area_name=context.area_name, period=context.period, source=source,
            note=([note, FORTY_THREE])))
    return figures


# --- stop and search ---------------------------------------------------------------------

@dataclass(frozen=True)
class SearchCounts:
    """One area's searches in a financial year, added up over the rows of the table.

    Empty cells are left out of every sum (the source prints no zeros, so most are nil);
    `arrests` and `searches_with_arrests_known` are the paired counts of the source rows
    that give both, the basis of an arrest rate.
    """

    searches: float
    by_legislation: dict[str, float]
    white: float
    black: float
    not_stated: float
    vehicle_only: float
    searches_with_arrests_known: float
    arrests: float


def search_counts(rows: pd.DataFrame) -> SearchCounts:
    """`SearchCounts` of the rows of `stop_search()` for one area (or several added up)."""
    searches = rows["searches"].astype("float64")

    def total(values: pd.Series) -> float:
        return float(values.sum(min_count=1))

    groups = rows["ethnic_group"]
    return SearchCounts(
        searches=total(searches),
        by_legislation={law: total(searches[rows["legislation"] == law])
                        for law in (SECTION_1, SECTION_60, SECTION_44)},
        white=total(searches[groups == WHITE]), black=total(searches[groups == BLACK]),
        not_stated=total(searches[groups == NOT_STATED]),
        vehicle_only=total(searches[groups == VEHICLE_ONLY]),
        searches_with_arrests_known=total(rows["paired_searches"].astype("float64")),
        arrests=total(rows["paired_arrests"].astype("float64")),
    )


def census_populations(codes: list[str]) -> pd.DataFrame:
    """2011 Census usual residents by force (rows) and ethnic group (columns)."""
    table = data.ethnicity_population()
    table = table[table["area_code"].isin(codes)]
    return table.pivot(index="area_code", columns="ethnic_group",
                       values="population").astype("float64")


def disproportionality(black: Any, black_population: Any, white: Any,
                       white_population: Any, *, confidence: float = 0.95,
                       ) -> Estimate:
    r"""Black against White searches per head: the rate ratio with its exact interval.

    The Home Office disproportionality ratio, here with the exact conditional interval of
    a rate ratio (`peelstats.rate_ratio`, method ``exact``; [4]_ in the module
    docstring), kept with its counts so that `peelstats.compare` can compare two ratios. With :math:`b, w` the searches and :math:`P_b, P_w` the populations,

    .. math:: R = \frac{b / P_b}{w / P_w}, \qquad
              R_{L,U} = \frac{\pi_{L,U}}{1 - \pi_{L,U}} \cdot \frac{P_w}{P_b},

    where :math:`\pi_{L,U}` are the Clopper-Pearson limits of :math:`b / (b + w)`, since
    given :math:`b + w` searches, :math:`b` is binomial with
    :math:`\pi = R P_b / (R P_b + P_w)`.

    Assumptions: searches are Poisson counts (a person searched twice counts twice) and
    the populations are known without error; the 2011 Census residents are neither the
    current population nor the population at risk, which the figures' notes say. With no
    Black searches the ratio is 0 with a lower limit of 0. Arrays broadcast; NaN in, NaN
    out.

    >>> round(disproportionality(70648, 1864890, 187761, 48209395).value, 1)
    9.7
    """
    return stats.rate_ratio(black, black_population, white, white_population,
                            confidence=confidence, method="exact")


def _search_caveats(force: SearchCounts, context: ProfileContext) -> list[str]:
    year = int(context.period[:4])
    counts = {law: float(np.nan_to_num(value)) for law, value in force.by_legislation.items()}
    laws = (f"searches under every power are counted: "
            f"{wording.count(counts[SECTION_1])} under Section 1 PACE "
            f"(reasonable suspicion needed) and {wording.count(counts[SECTION_60])} under "
            f"Section 60 CJPOA (no suspicion needed, in an authorised area and time)")
    if counts[SECTION_44] > 0:
        laws += (f", and {wording.count(counts[SECTION_44])} under Section 44/47A of the "
                 f"Terrorism Act")
    census = ("rates divide by 2011 Census usual residents"
              + (f", {year - 2011} years before {financial_year(context.period)} ends"
                 if year > 2011 else "")
              + "; populations have changed since (ethnic minority populations grew "
                "fastest), and the people at risk of a search (visitors, commuters) are not "
                "only residents")
    return [laws, census]


def _excluded(force: SearchCounts, area_name: str) -> str:
    share = (100.0 * force.not_stated / force.searches
             if force.searches and not np.isnan(force.not_stated) else float("nan"))
    return (f"{wording.count(force.not_stated or 0)} of {area_name}'s searches "
            f"({wording.percent(share) if not np.isnan(share) else 'none'}) did not state "
            f"the person's ethnicity and {wording.count(force.vehicle_only or 0)} were of "
            f"vehicles only: both are left out of the groups' rates")


def stop_search_figures(context: ProfileContext) -> list[Figure]:
    """Searches per 1,000 population, the Black/White disproportionality ratio and the
    arrests that followed searches, in the financial year ending the period, against the
    rest of England and Wales."""
    table = data.stop_search()
    periods = sorted(table["period"].unique())
    codes = force_codes()
    if context.period not in periods:
        return [no_data(context, "stop_and_search", "Stop and search",
                        f"the stop and search data are by financial year, "
                        f"{financial_year(periods[0])} to {financial_year(periods[-1])}: "
                        f"choose a period ending in March, {periods[0]} to {periods[-1]}")]
    rows = table[(table["period"] == context.period) & table["area_code"].isin(codes)]
    force = search_counts(rows[rows["area_code"] == context.area_code])
    whole = search_counts(rows)
    populations = census_populations(codes)
    own = populations.loc[context.area_code]
    total = populations.sum()
    confidence = context.confidence
    where = dict(area_code=context.area_code, area_name=context.area_name,
                 period=context.period)
    source = (f"Home Office stop and search open data, {financial_year(context.period)}, "
              f"October 2019 (stop_search table); 2011 Census usual residents by ethnic "
              f"group (ethnicity_population table)")
    caveats = _search_caveats(force, context)

    searches = cite(
        stats.rate(force.searches, own[ALL_RESIDENTS], per=1000, confidence=confidence),
        stats.rate(whole.searches, total[ALL_RESIDENTS], per=1000, confidence=confidence),
        measure="stop_search_rate", label="Stop and searches",
        comparator_name=ENGLAND_AND_WALES, within=True,
        unit="per 1,000 population", source=source,
        note=([*caveats, FORTY_THREE]), **where)

    ratio = disproportionality(force.black, own[BLACK], force.white, own[WHITE],
                               confidence=confidence)
    whole_ratio = disproportionality(whole.black, total[BLACK], whole.white, total[WHITE],
                                     confidence=confidence)
    # The force's ratio over the rest's: the ratio of two rate ratios (Altman and Bland
    # 2003), Wald on the log scale, as the sentence says.
    versus_rest = stats.compare(ratio, whole_ratio, within=True, method="wald")
    likely = wording.times_as_likely(
        ratio.value, ratio.lower, ratio.upper, group="Black people",
        reference="White people", action="stopped and searched", confidence=confidence)
    relative = (f"{context.area_name}'s ratio is "
                + wording.value_with_interval(versus_rest.value, versus_rest.lower,
                                              versus_rest.upper, confidence=confidence,
                                              places=wording.RATIO_PLACES)
                + f" times that of the rest of England and Wales "
                  f"({wording.p_value(versus_rest.p_value)}; ratio of the two rate ratios, "
                  f"Wald test on the log scale, Altman and Bland 2003)")
    disproportion = cite(
        ratio, whole_ratio, comparison=versus_rest,
        measure="stop_search_disproportionality_black_white",
        label="Black to White stop and search rate ratio",
        comparator_name=ENGLAND_AND_WALES, within=True,
        polarity="lower_is_better", source=source,
        note=([likely, relative, _excluded(force, context.area_name), *caveats,
                    FORTY_THREE]), **where)

    unknown = force.searches - force.searches_with_arrests_known
    whole_unknown = whole.searches - whole.searches_with_arrests_known
    arrest_note = ("arrests that followed a search, for any reason, out of the searches "
                   "whose arrests the source gives"
                   + (f"; {wording.count(unknown)} of {context.area_name}'s searches have no "
                      f"arrest count and are left out" if unknown > 0 else "")
                   + (f"; across England and Wales {wording.count(whole_unknown)} are left "
                      f"out" if whole_unknown > 0 else ""))
    arrests = cite(
        stats.proportion(force.arrests, force.searches_with_arrests_known,
                         confidence=confidence),
        stats.proportion(whole.arrests, whole.searches_with_arrests_known,
                         confidence=confidence),
        measure="stop_search_arrest_proportion", label="Searches followed by an arrest",
        comparator_name=ENGLAND_AND_WALES, within=True, source=source,
        note=([arrest_note, caveats[0], FORTY_THREE]), **where)
    return [searches, disproportion, arrests]


# --- workforce ---------------------------------------------------------------------------

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
            note=([counted, FORTY_THREE])))
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
            note=([counted, whole_note])))
    if not figures:
        return [no_data(context, "workforce", "Police workforce",
                        "neither a population nor a recorded crime count is available to "
                        "relate the officers to")]
    return figures


# --- Crime Severity Score ----------------------------------------------------------------

def crime_severity_figures(context: ProfileContext) -> list[Figure]:
    """The Crime Severity Score for the year ending March and its change on the previous
    year, with England and Wales's, without a verdict (ONS gives no interval)."""
    table = data.crime_severity()
    table = table[table["offence_group"] == CSS_TOTAL]
    periods = sorted(table["period"].unique())
    if context.period not in periods:
        return [no_data(context, "crime_severity", "Crime Severity Score",
                        f"ONS publishes the score for years ending March, "
                        f"{periods[0][:4]} to {periods[-1][:4]}")]
    scores = table.set_index(["area_code", "period"])["severity_score"].astype("float64")
    previous = f"{int(context.period[:4]) - 1}-03"
    nan = float("nan")

    def score(code: str, period: str) -> float:
        return float(scores.get((code, period), nan))

    own, whole = score(context.area_code, context.period), score(ENGLAND_AND_WALES_CODE,
                                                                  context.period)
    source = ("ONS Crime Severity Score (experimental statistics), data tool edition "
              "YE Mar 2022 (crime_severity table)")
    where = dict(area_code=context.area_code, area_name=context.area_name,
                 period=context.period, source=source)
    missing = ("ONS publishes no score for this force" if np.isnan(own) else None)
    no_interval = ("ONS publishes the score without an interval (offences weighted by "
                   "sentence severity per head of population), so no statistical verdict "
                   "is given")
    figures = [cite(
        Estimate(own, nan, nan, context.confidence, "published", kind="value"),
        measure="crime_severity_score", label="Crime Severity Score",
        note=([missing, f"England and Wales: {wording.number(whole)}", no_interval]),
        **where)]
    before, whole_before = score(context.area_code, previous), score(ENGLAND_AND_WALES_CODE,
                                                                     previous)
    if previous in periods and not np.isnan(own):
        change = 100.0 * (own / before - 1.0) if before > 0 else nan
        whole_change = 100.0 * (whole / whole_before - 1.0) if whole_before > 0 else nan
        figures.append(cite(
            Estimate(change, nan, nan, context.confidence, "published", kind="percent_change"),
            measure="crime_severity_score_change",
            label="Crime Severity Score, change on the previous year",
            subject="The Crime Severity Score",
            since=previous,
            note=([f"it went from {wording.number(before)} to {wording.number(own)}; "
                        f"England and Wales's score {wording.change_verb(whole_change)}, from "
                        f"{wording.number(whole_before)} to {wording.number(whole)}",
                        no_interval]),
            **where))
    return figures


#: The sections this module adds to the force profile, in order.
SECTIONS: tuple[Section, ...] = (outcome_figures, stop_search_figures, workforce_figures,
                                 crime_severity_figures)
