"""Deprecated: the force profile's sections that were here now live in modules named for
what they hold. Import them from there:

- `peelstats.figures.outcomes`: crime outcomes (`outcome_figures`, `OUTCOME_MEASURES`);
- `peelstats.figures.stop_search`: stop and search and disproportionality
  (`stop_search_figures`, `search_counts`, `census_populations`, `disproportionality`);
- `peelstats.figures.workforce`: officers and crimes per officer (`workforce_figures`);
- `peelstats.figures.severity`: the Crime Severity Score (`crime_severity_figures`);
- `peelstats.figures.sections`: what they share (`force_codes`, `no_data`, `FORTY_THREE`).

This module re-exports the old names, and warns when it is imported.
"""

from __future__ import annotations

import warnings

from peelstats.figures.outcomes import (CHARGED, NO_SUSPECT, NOT_YET_ASSIGNED,
                                        OUTCOME_MEASURES, OutcomeMeasure, outcome_figures)
from peelstats.figures.sections import FORTY_THREE, Section, force_codes, no_data
from peelstats.figures.severity import CSS_TOTAL, crime_severity_figures
from peelstats.figures.stop_search import (ALL_RESIDENTS, BLACK, NOT_STATED, SECTION_1,
                                           SECTION_44, SECTION_60, VEHICLE_ONLY, WHITE,
                                           SearchCounts, census_populations,
                                           disproportionality, search_counts,
                                           stop_search_figures)
from peelstats.figures.workforce import TOTAL_CRIME, workforce_figures

warnings.warn("peelstats.figures.powers is deprecated: import from peelstats.figures."
              "outcomes, stop_search, workforce, severity or sections", DeprecationWarning,
              stacklevel=2)

#: The sections this module added to the force profile, in their order.
SECTIONS: tuple[Section, ...] = (outcome_figures, stop_search_figures, workforce_figures,
                                 crime_severity_figures)

__all__ = ["ALL_RESIDENTS", "BLACK", "CHARGED", "CSS_TOTAL", "FORTY_THREE", "NOT_STATED",
           "NOT_YET_ASSIGNED", "NO_SUSPECT", "OUTCOME_MEASURES", "OutcomeMeasure",
           "SECTIONS", "SECTION_1", "SECTION_44", "SECTION_60", "SearchCounts",
           "TOTAL_CRIME", "VEHICLE_ONLY", "WHITE", "census_populations",
           "crime_severity_figures", "disproportionality", "force_codes", "no_data",
           "outcome_figures", "search_counts", "stop_search_figures", "workforce_figures"]
