"""Force reports in batch: the force-profile notebook run for one force or all 43.

Each report is a folder ``OUT/<period>/<area-slug>/`` with ``report.html`` (no code, charts
embedded), ``report.ipynb`` (executed), ``figures.csv`` and ``figures.json`` (the citable
figures the report shows). Worker processes each keep one warm kernel, so a batch pays for
starting Python and importing pandas, matplotlib and statsmodels once per worker, not once
per report.
"""

from peelstats._precision import portable
from peelstats.reports._batch import BatchInterrupted, ReportResult, default_jobs
from peelstats.reports._display import data_note, heading, sentences, show_figures
from peelstats.reports._national import NationalRates, national_rates
from peelstats.reports._output import OutputFolderError, area_slug
from peelstats.reports._run import BatchResult, run_batch, run_report
from peelstats.reports._trend import trend_chart
from peelstats.reports.parameters import (
    ReportParameters,
    all_areas,
    periods,
    resolve_period,
    validate_confidence,
    validate_offence,
    validate_parameters,
    validate_period,
)

__all__ = [
    "BatchInterrupted",
    "BatchResult",
    "NationalRates",
    "OutputFolderError",
    "ReportParameters",
    "ReportResult",
    "all_areas",
    "area_slug",
    "default_jobs",
    "data_note",
    "heading",
    "national_rates",
    "periods",
    "portable",
    "resolve_period",
    "run_batch",
    "run_report",
    "sentences",
    "show_figures",
    "trend_chart",
    "validate_confidence",
    "validate_offence",
    "validate_parameters",
    "validate_period",
]
