"""The bundled data tables: load, validate and look up.

The tables in data/ are written by :mod:`peelstats.data.build` from the published files
(``peelstats data build``); data/README.md gives each table's source, period, licence and
quirks. Each loader checks its table the first time it is called in a process, keeps it
in memory, and returns a copy.
"""

from peelstats.data._errors import DataBuildError, DataFileError, Problem
from peelstats.data._forces import Force, find_force, forces
from peelstats.data._load import clear_cache
from peelstats.data._tables import (asb_incidents, population, rate_denominators,
                                    recorded_crime, recorded_crime_editions, survey)

__all__ = [
    "DataBuildError",
    "DataFileError",
    "Force",
    "Problem",
    "asb_incidents",
    "clear_cache",
    "find_force",
    "forces",
    "population",
    "rate_denominators",
    "recorded_crime",
    "recorded_crime_editions",
    "survey",
]
