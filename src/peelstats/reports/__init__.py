"""Force reports in batch: the force-profile notebook run for one force or all 43.

Each report is a folder ``OUT/<period>/<area-slug>/`` with ``report.html`` (no code, charts
embedded), ``report.ipynb`` (executed), ``figures.csv`` and ``figures.json`` (the citable
figures the report shows). Worker processes each keep one warm kernel, so a batch pays for
starting Python and importing pandas, matplotlib and statsmodels once per worker, not once
per report. The names (and papermill, nbformat) are imported when first used
(`peelstats._lazy`).
"""

from peelstats._lazy import lazy_exports

__getattr__, __dir__ = lazy_exports(__name__, {
    "peelstats._precision": ("portable",),
    "peelstats.reports._batch": ("BatchInterrupted", "ReportResult", "default_jobs"),
    "peelstats.reports._indicators": ("IndicatorParameters",
                                      "validate_indicator_parameters"),
    "peelstats.reports._display": ("data_note", "heading", "sentences", "show_figures",
                                   "summary"),
    "peelstats.reports._national": ("NationalRates", "national_rates"),
    "peelstats.reports._output": ("OutputFolderError", "area_slug", "write_file"),
    "peelstats.reports._run": ("BatchResult", "run_batch", "run_report"),
    "peelstats.reports._trend": ("trend_chart",),
    "peelstats.reports.parameters": ("ReportParameters", "all_areas", "periods",
                                     "resolve_period", "validate_confidence",
                                     "validate_offence", "validate_parameters",
                                     "validate_period"),
})

__all__ = [
    "BatchInterrupted",
    "BatchResult",
    "IndicatorParameters",
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
    "summary",
    "trend_chart",
    "validate_confidence",
    "validate_indicator_parameters",
    "validate_offence",
    "validate_parameters",
    "validate_period",
    "write_file",
]
