"""What the sections of a force profile share: the context they take, England and Wales as
their comparator, the recorded crime sources, the data's note flags and the periods of the
burglary change.

Each section (`peelstats.figures.profile.SECTIONS`) is a `Section`: a function of a
`ProfileContext` that returns its figures. The sections live in `profile` (recorded
crime, anti-social behaviour), `over_time` (change and trend), `outcomes`, `stop_search`,
`workforce` and `severity`; what they have in common is here, once, so that they say the
same thing the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from peelstats import data
from peelstats.data import last_march  # noqa: F401 (the sections' period helper)
from peelstats.data.constants import ENGLAND_AND_WALES, ENGLAND_AND_WALES_CODE
from peelstats.figures import wording
from peelstats.figures.figure import Figure, cite_not_available
from peelstats.figures.groups import Group, force_group
from peelstats.stats.checks import check_confidence

#: Crime and anti-social behaviour: a lower rate, or a larger fall, is better.
LOWER_IS_BETTER = "lower_is_better"

#: The recorded crime table's `source` codes, as a figure's source names them.
CRIME_SOURCES = {
    "home_office": "Home Office police recorded crime by police force area",
    "ons_pfa_tables": "ONS police force area data tables, Table P1",
    "ons_csp_tables": ("ONS police force area data tables, year ending June 2025 edition, "
                       "Table C2 (by Community Safety Partnership)"),
}

#: The burglary categories changed on 1 April 2017 (Home Office Counting Rules): domestic
#: burglary to YE Mar 2017, residential burglary from YE Mar 2018; the 12 months ending
#: Jun, Sep and Dec 2017 mix the old and new categories.
LAST_DOMESTIC_BURGLARY_PERIOD = "2017-03"
FIRST_RESIDENTIAL_BURGLARY_PERIOD = "2018-03"


#: What police recorded crime statistics are (ONS, Crime in England and Wales: the
#: police force area tables' notes): a caveat of every recorded crime figure.
RECORDED_CRIME_STATUS = ("police recorded crime statistics are official statistics, not "
                         "accredited official statistics: recording practice differs "
                         "between forces and over time")
#: The caveat of a rise in recorded crime.
RECORDING_PRACTICE = ("a rise in recorded crime can reflect improvements in recording "
                      "practice as well as more crime")
CITY_OF_LONDON_CODE = "E23000034"
#: The caveat of City of London's rates per resident.
CITY_OF_LONDON = ("City of London has a resident population of under 10,000 against a far "
                  "larger daytime one, so its rates per resident are far above any other "
                  "force's and are not comparable with them")


def area_notes(area_code: str) -> list[str]:
    """Caveats that every rate of a force needs: City of London's resident population.

    >>> area_notes("E23000023"), len(area_notes(CITY_OF_LONDON_CODE))
    ([], 1)
    """
    return [CITY_OF_LONDON] if area_code == CITY_OF_LONDON_CODE else []


def crime_source(codes: Iterable[str], periods: Sequence[str]) -> str:
    """Where recorded crime counts come from: the sources of the rows used, and the periods.

    `codes` are the rows' `source` codes (`CRIME_SOURCES`), each named once, in order.

    >>> crime_source(["ons_pfa_tables", "home_office", "ons_pfa_tables"], ["2015-03", "2019-03"])
    'Home Office police recorded crime by police force area; ONS police force area data tables, Table P1, 12 months ending 2015-03 and 2019-03 (recorded_crime table)'
    >>> crime_source(["home_office"], ["2018-03", "2019-03", "2020-03"]).split(", 12 ")[1]
    'months ending 2018-03, 2019-03 and 2020-03 (recorded_crime table)'
    """
    names = "; ".join(sorted({CRIME_SOURCES[code] for code in codes})) or "Recorded crime"
    listed = list(periods)
    when = listed[-1] if len(listed) == 1 else f"{', '.join(listed[:-1])} and {listed[-1]}"
    return f"{names}, 12 months ending {when} (recorded_crime table)"


@dataclass(frozen=True)
class ProfileContext:
    """What every section of a profile needs: the force, the period and the level, and
    the force's comparison group when one was asked for (`peelstats.figures.groups`).

    Made from what a user asked for by `profile_context`.
    """

    area_code: str
    area_name: str
    period: str
    confidence: float
    group: Group | None = None


#: A section of a profile: its figures for a context.
Section = Callable[[ProfileContext], list[Figure]]

#: The note of a figure whose England and Wales is the forces added up.
FORTY_THREE = ("England and Wales here is the 43 territorial forces added up, without "
               "British Transport Police")


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


def flags(note: object) -> set[str]:
    """The flags of a data row's `note` (``;``-separated; empty or missing: none).

    >>> sorted(flags("missing_in_source;revised_in_source")), flags(None), flags("")
    (['missing_in_source', 'revised_in_source'], set(), set())
    """
    return set(note.split(";")) if isinstance(note, str) and note else set()


# --- what a user asked for ---------------------------------------------------------------

def _valid_periods() -> list[str]:
    """Periods with recorded crime for which the population table has the denominators."""
    crime = data.recorded_crime()
    population = data.population()
    years = {vintage: set(rows["mid_year"].astype(int))
             for vintage, rows in population.groupby("vintage")}
    periods = sorted(crime["period"].unique())
    # A period without a households estimate (None) still has a profile: its burglary
    # rate says why it is not given.
    return [p for p in periods
            if all(y is None or y in years[data.denominator_vintage(p)]
                   for y in data.denominator_years(p))]


def profile_context(area: str, period: str, *, confidence: float = 0.95,
                    groups: pd.DataFrame | str | Path | None = None,
                    group: str | None = None) -> ProfileContext:
    """Check what a user asked for and resolve it: the force, the period and the level.

    `area` and `period` are read by the one area and the one period look-up
    (`peelstats.data.find_force`, `peelstats.data.resolve_period`): ``Cambs``, ``GMP``,
    ``E23000023``; ``2019-03``, ``YE Mar 2019``, ``March 2019``, ``2019/20``, ``latest``.
    Raises ValueError for an unknown area (with the close matches), a period without a
    profile (with the tables that have it and the nearest periods that have a profile) or
    a confidence outside (0, 1); nothing else. The figures themselves are made by `profile_figures`.

    With `groups` (a groups file or the frame `peelstats.read_groups` returns), the
    context holds the force's group: `group` by name, or the one group the force is in
    (`peelstats.figures.groups.force_group`, whose errors say which groups there are).
    A bad groups file raises `peelstats.data.DataFileError`.
    """
    confidence = check_confidence(confidence)
    force = data.find_force(area)
    period = data.resolve_period(period, _valid_periods(), what="force profile",
                                 covered_by=data.tables_with_period)
    if groups is None:
        if group is not None:
            raise ValueError(f"group={group!r} needs groups: the groups file (or frame) "
                             f"that has it")
        return ProfileContext(force.area_code, force.area_name, period, confidence)
    chosen = force_group(groups, force.area_code, force.area_name, group)
    return ProfileContext(force.area_code, force.area_name, period, confidence, chosen)
