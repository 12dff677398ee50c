"""The bundled data tables: load, validate and look up.

The tables in data/ are written by :mod:`peelstats.data.build` from the published files
(``peelstats data build``); data/README.md gives each table's source, period, licence and
quirks. Each loader checks its table the first time it is called in a process, keeps it
in memory, and returns a copy.
"""

from peelstats.data._errors import DataBuildError, DataFileError, Problem
from peelstats.data._forces import Force, find_force, forces
from peelstats.data._load import clear_cache
from peelstats.data._monthly import monthly_outcomes
from peelstats.data._powers import (arrests, crime_severity, ethnicity_population, outcomes,
                                    stop_search, workforce)
from peelstats.data._tables import (asb_incidents, population, rate_denominators,
                                    recorded_crime, recorded_crime_editions, survey)

__all__ = [
    "DataBuildError",
    "DataFileError",
    "Force",
    "Problem",
    "arrests",
    "asb_incidents",
    "clear_cache",
    "crime_severity",
    "ethnicity_population",
    "find_force",
    "forces",
    "monthly_outcomes",
    "outcomes",
    "population",
    "rate_denominators",
    "recorded_crime",
    "recorded_crime_editions",
    "stop_search",
    "survey",
    "workforce",
]
