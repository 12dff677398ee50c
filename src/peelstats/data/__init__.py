"""The bundled data tables: load, validate and look up.

The tables in data/ are written by :mod:`peelstats.data.build` from the published files
(``peelstats data build``); see data/README.md for each table's source and quirks.
"""

from peelstats.data._errors import DataBuildError, Problem

__all__ = [
    "DataBuildError",
    "Problem",
]
