"""Reports in batch: the force-profile notebook run for one force or all 43, the
Community Safety Partnership (CSP) profile for one CSP or all 314.

Each report is a folder ``OUT/<period>/<area-slug>/`` with ``report.html`` (no code, charts
embedded), ``report.ipynb`` (executed), ``figures.csv`` and ``figures.json`` (the citable
figures the report shows). After every run the period folder's ``index.html`` (every force
in one sortable table, with links, failed forces listed as failed), ``figures.csv`` and
``figures.xlsx`` (every report's figures in one table) and national charts are rebuilt from
the reports it holds; every page carries a stamp of the peelstats version and the data.
Worker processes each keep one warm kernel, so a batch pays for starting Python and
importing pandas, matplotlib and statsmodels once per worker, not once per report. The names
(and papermill, nbformat) are imported when first used (`peelstats._lazy`).

The helpers the notebooks call (``heading``, ``show_figures``, ``validate_parameters``,
``national_rates``, ``trend_chart`` and the rest) live in `peelstats.notebook`; reading
them from here still works, with a DeprecationWarning.
"""

import importlib
import warnings

from peelstats._lazy import lazy_exports

_runner_getattr, _runner_dir = lazy_exports(__name__, {
    "peelstats._precision": ("portable",),
    "peelstats.reports._batch": ("BatchInterrupted", "ReportResult", "default_jobs"),
    "peelstats.reports._output": ("OutputFolderError", "area_slug", "write_file"),
    "peelstats.reports._run": ("BatchResult", "run_batch", "run_report"),
})

# Names that moved to peelstats.notebook: module -> names (read lazily, each with a warning).
_MOVED = {
    "peelstats.notebook": ("IndicatorParameters", "NationalRates", "ReportParameters",
                           "all_areas", "data_note", "heading", "national_rates", "periods",
                           "resolve_period", "sentences", "show_figures", "summary",
                           "trend_chart", "validate_confidence",
                           "validate_indicator_parameters", "validate_offence",
                           "validate_parameters", "validate_period"),
}
_MOVED_TO = {name: module for module, names in _MOVED.items() for name in names}


def __getattr__(name: str) -> object:
    module = _MOVED_TO.get(name)
    if module is None:
        return _runner_getattr(name)
    # Not kept in the namespace, so that every use from here warns (once per place).
    warnings.warn(f"peelstats.reports.{name} is deprecated: use {module}.{name} (the helpers "
                  f"notebooks call moved to {module})", DeprecationWarning, stacklevel=2)
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return _runner_dir()


__all__ = [
    "BatchInterrupted",
    "BatchResult",
    "OutputFolderError",
    "ReportResult",
    "area_slug",
    "default_jobs",
    "portable",
    "run_batch",
    "run_report",
    "write_file",
]
