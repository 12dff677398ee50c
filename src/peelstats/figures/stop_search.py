"""The force profile's stop and search: searches per 1,000 population, the Black to White
disproportionality ratio and the arrests that followed searches; and the counts,
populations and ratio that the national forest chart (`peelstats.figures.national`) shares.

The section is a function of the profile's context (the force, the period and the
confidence level: `peelstats.figures.sections.ProfileContext`) that returns its figures,
each compared with England and Wales and tested against the rest of England and Wales
(the force is part of the whole; DESIGN.md). Where the data has nothing for the period,
it returns one figure whose sentence says so plainly and names the periods it has.
England and Wales is the 43 territorial forces added up, without British Transport
Police (`peelstats.figures.sections.FORTY_THREE`).

Methods
-------
- Stop and search rates per 1,000 population: Byar's interval (exact below 10 events,
  the Fingertips rule) [1]_; rate ratio against the rest by the exact conditional
  (binomial) test with its Clopper-Pearson interval [2]_.
- Disproportionality (Black against White searches per 1,000 people of each group): a
  rate ratio with the exact conditional interval [2]_, as the Home Office calculates the
  ratio (without an interval). The force's ratio is compared with that of the rest of
  England and Wales by the ratio of the two rate ratios, a Wald interval and test on the
  log scale [3]_ (`peelstats.stats.compare_changes`, whose arithmetic this is: the four
  counts are the two areas' Black and White searches, with their populations).
- Arrests following a search: a proportion of the searches whose arrests are known,
  Wilson interval [4]_, Newcombe against the rest [5]_.

References
----------
.. [1] Eayres, D. (2008). Technical Briefing 3: Commonly used public health statistics
   and their confidence intervals. APHO, York (Byar's method, p. 6).
.. [2] Breslow, N. E. and Day, N. E. (1987). Statistical Methods in Cancer Research,
   volume II. IARC Scientific Publications 82, p. 94 (exact conditional test of a rate
   ratio).
.. [3] Altman, D. G. and Bland, J. M. (2003). Interaction revisited: the difference
   between two estimates. BMJ, 326(7382), 219. doi:10.1136/bmj.326.7382.219
.. [4] Wilson, E. B. (1927). Probable inference, the law of succession, and statistical
   inference. JASA, 22(158), 209-212. doi:10.1080/01621459.1927.10502953
.. [5] Newcombe, R. G. (1998). Interval estimation for the difference between
   independent proportions: comparison of eleven methods. Statistics in Medicine, 17(8),
   873-890. doi:10.1002/(SICI)1097-0258(19980430)17:8<873::AID-SIM779>3.0.CO;2-I
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from peelstats import data, stats
from peelstats.data import financial_year
from peelstats.figures import position, wording
from peelstats.figures.figure import Figure, cite
from peelstats.figures.sections import (ENGLAND_AND_WALES, FORTY_THREE, ProfileContext,
                                        Section, force_codes, no_data)
from peelstats.stats import Estimate

WHITE = "White"
BLACK = "Black or Black British"
NOT_STATED = "Not stated"
VEHICLE_ONLY = "Vehicle only"
ALL_RESIDENTS = "All usual residents"
SECTION_1 = "Section 1 (PACE)"
SECTION_60 = "Section 60 (CJPOA)"
SECTION_44 = "Section 44/47a (TACT)"


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
    a rate ratio (`peelstats.rate_ratio`, method ``exact``; [2]_ in the module
    docstring), kept with its counts so that `peelstats.compare` can compare two ratios.
    With :math:`b, w` the searches and :math:`P_b, P_w` the populations,

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

    # Every force's counts, for where the force stands among the forces.
    each = {code: search_counts(part) for code, part in rows.groupby("area_code")}
    searched = pd.Series({code: counts.searches for code, counts in each.items()})
    where_searches = position.force_position(
        searched, populations[ALL_RESIDENTS].astype("float64"), context.area_code, per=1000)
    # A proportion of searches, not of residents: every force is in the funnel.
    where_arrests = position.force_position(
        pd.Series({code: counts.arrests for code, counts in each.items()}),
        pd.Series({code: counts.searches_with_arrests_known for code, counts in each.items()}),
        context.area_code, per=1, kind="proportion", leave_out=())

    searches = cite(
        stats.rate(force.searches, own[ALL_RESIDENTS], per=1000, confidence=confidence),
        stats.rate(whole.searches, total[ALL_RESIDENTS], per=1000, confidence=confidence),
        measure="stop_search_rate", label="Stop and searches",
        comparator_name=ENGLAND_AND_WALES, within=True,
        unit="per 1,000 population", source=source,
        note=([*caveats, FORTY_THREE]), position=where_searches[0],
        among=where_searches[1], **where)

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
        note=([arrest_note, caveats[0], FORTY_THREE]), position=where_arrests[0],
        among=where_arrests[1], **where)
    return [searches, disproportion, arrests]


#: The sections this module adds to the force profile, in order.
SECTIONS: tuple[Section, ...] = (stop_search_figures,)
