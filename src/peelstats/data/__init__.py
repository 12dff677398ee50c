"""The bundled data tables: load, validate and look up.

The tables in data/ are written by :mod:`peelstats.data.build` from the published files
(``peelstats data build``); data/README.md gives each table's source, period, licence and
quirks. Each loader checks its table the first time it is called in a process, keeps it
in memory, and returns a copy. The names (and pandas) are imported when first used
(`peelstats._lazy`).
"""

from peelstats._lazy import lazy_exports

__getattr__, __dir__ = lazy_exports(__name__, {
    "peelstats.data._csp": ("Csp", "csp_population", "csp_recorded_crime", "csp_register",
                            "find_area"),
    "peelstats.data._denominators": ("denominator_mid_year", "denominator_vintage",
                                     "denominator_years"),
    "peelstats.data.constants": ("ENGLAND_AND_WALES", "ENGLAND_AND_WALES_CODE",
                                 "TOTAL_RECORDED_CRIME"),
    "peelstats.data._errors": ("DataBuildError", "DataFileError", "Problem"),
    "peelstats.data._forces": ("Force", "find_force", "forces"),
    "peelstats.data.indicators": ("read_groups", "read_indicators"),
    "peelstats.data._load": ("clear_cache",),
    "peelstats.data._monthly": ("monthly_outcomes",),
    "peelstats.data._periods": ("financial_year", "last_march", "parse_period",
                                "resolve_period", "tables_with_period", "years_before"),
    "peelstats.data._powers": ("arrests", "crime_severity", "ethnicity_population",
                               "outcomes", "stop_search", "workforce"),
    "peelstats.data._tables": ("asb_incidents", "population", "rate_denominators",
                               "recorded_crime", "recorded_crime_editions", "survey"),
}, subpackages=("build",))

__all__ = [
    "Csp",
    "DataBuildError",
    "DataFileError",
    "ENGLAND_AND_WALES",
    "ENGLAND_AND_WALES_CODE",
    "Force",
    "Problem",
    "TOTAL_RECORDED_CRIME",
    "arrests",
    "asb_incidents",
    "clear_cache",
    "crime_severity",
    "csp_population",
    "csp_recorded_crime",
    "csp_register",
    "denominator_mid_year",
    "denominator_vintage",
    "denominator_years",
    "ethnicity_population",
    "financial_year",
    "find_area",
    "find_force",
    "forces",
    "last_march",
    "monthly_outcomes",
    "outcomes",
    "parse_period",
    "population",
    "rate_denominators",
    "read_groups",
    "read_indicators",
    "recorded_crime",
    "recorded_crime_editions",
    "resolve_period",
    "stop_search",
    "survey",
    "tables_with_period",
    "workforce",
    "years_before",
]
