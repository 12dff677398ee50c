"""Make force reports: one, or every force for a period, into ``OUT/<period>/<area-slug>/``."""

from __future__ import annotations

import hashlib
from importlib.metadata import version as _version
from collections.abc import Iterable, Mapping
from typing import Any
from dataclasses import dataclass
from pathlib import Path

from peelstats._paths import data_dir, notebooks_dir, package_dir
from peelstats._version import version as peelstats_version
from peelstats.figures import wording
from peelstats.reports import _output
from peelstats.reports._batch import BatchInterrupted, Job, ReportResult, run_jobs
from peelstats.notebook.parameters import ReportParameters, all_areas, validate_parameters

FORCE_PROFILE = "force_profile.ipynb"
# Libraries whose version can change what a report shows (numbers, charts, HTML).
_OUTPUT_LIBRARIES = ("numpy", "scipy", "pandas", "statsmodels", "matplotlib", "nbconvert",
                     "ipykernel", "ipython")


@dataclass(frozen=True)
class BatchResult:
    """The outcome of a batch: one `ReportResult` per area, in the order asked for; of an
    interrupted batch, one per report finished and the count of those `not_made`."""

    period: str
    folder: Path
    results: tuple[ReportResult, ...]
    not_made: int = 0

    @property
    def failed(self) -> tuple[ReportResult, ...]:
        return tuple(result for result in self.results if result.status == "failed")

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        """A few lines for the end of a run: counts, then each failure and its notebook.
        Of an interrupted run, one line."""
        counts = {status: sum(r.status == status for r in self.results)
                  for status in ("written", "skipped", "failed")}
        if self.not_made:
            total = len(self.results) + self.not_made
            return (f"interrupted: {counts['written']} of {total} reports for "
                    f"{wording.period(self.period)} written in {self.folder} "
                    f"({counts['skipped']} up to date, {counts['failed']} failed, "
                    f"{self.not_made} not made)")
        noun = "report" if len(self.results) == 1 else "reports"
        lines = [f"{len(self.results)} {noun} for {wording.period(self.period)} in "
                 f"{self.folder}: {counts['written']} written, {counts['skipped']} up to date "
                 f"(skipped), {counts['failed']} failed"]
        for result in self.failed:
            kept = result.failed_notebook
            where = f" (notebook kept: {kept})" if kept else ""
            lines.append(f"  FAILED {result.label}: {result.error}{where}")
        return "\n".join(lines)


def _extra_parameters(parameters: Mapping[str, Any] | None) -> dict[str, Any]:
    """The notebook parameters beyond area and period, checked."""
    extra = dict(parameters or {})
    for name in extra:
        if not isinstance(name, str) or not name.isidentifier():
            raise ValueError(f"parameter name {name!r} is not a Python identifier")
        if name in ("area", "period"):
            raise ValueError(f"parameter {name!r} is set by the batch (--area, --period); "
                             f"do not pass it as a parameter")
    return extra


def _inputs_hash(notebook: Path, extra: Mapping[str, Any] | None = None) -> str:
    """Everything every report depends on: the notebook, the data tables, peelstats itself,
    the versions of the libraries that compute and draw, and the files that parameters
    ending in ``_path`` name."""
    package = package_dir()
    digest = hashlib.sha256()
    for name, value in sorted((extra or {}).items()):
        if name.endswith("_path") and isinstance(value, str) and Path(value).is_file():
            digest.update(hashlib.sha256(Path(value).read_bytes()).digest())
    for part in (
        Path(notebook).read_bytes(),
        _output.hash_files([p for p in data_dir().rglob("*") if p.is_file()],
                           data_dir()).encode(),
        _output.hash_files(package.rglob("*.py"), package).encode(),
        peelstats_version().encode(),
        " ".join(f"{name}={_version(name)}" for name in _OUTPUT_LIBRARIES).encode(),
    ):
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def _job(parameters: ReportParameters, out: Path, notebook: Path, inputs: str,
         extra: Mapping[str, Any] | None = None) -> Job:
    values = {"area": parameters.area_name, "period": parameters.period, **(extra or {})}
    folder = Path(out) / parameters.period / _output.area_slug(parameters.area_name)
    title = f"{parameters.area_name}: force profile, {wording.period(parameters.period)}"
    return Job(label=parameters.area_name, title=title, notebook=Path(notebook),
               parameters=values, folder=folder,
               stamp=_output.stamp_for(inputs, values))


def run_batch(areas: Iterable[str] | None, period: str, out: Path | str, *,
              jobs: int | None = None, redo: bool = False, progress: bool = True,
              notebook: Path | str | None = None,
              parameters: Mapping[str, Any] | None = None) -> BatchResult:
    """Make the report of each area in `areas` (None: all 43 forces) for `period`.

    Parameters
    ----------
    areas : iterable of str or None
        Force names, aliases or ONS codes; None for every force.
    period : str
        ``YYYY-MM``, the end of the 12 months, or ``latest``.
    out : path
        Reports go to ``out/<period>/<area-slug>/``.
    jobs : int, optional
        Worker processes (each with one warm kernel); default: the CPUs available.
    redo : bool
        Remake reports that are up to date.
    progress : bool
        Show a progress bar with an ETA on stderr.
    notebook : path, optional
        The parameterised notebook (default: notebooks/force_profile.ipynb).
    parameters : mapping, optional
        More parameters of the notebook, the same for every report (``indicators_path``
        of notebooks/indicator_profile.ipynb); not ``area`` or ``period``. The content of
        a parameter ending in ``_path`` that names a file is part of the reports' stamp:
        a changed file remakes them.

    Returns
    -------
    BatchResult
        One result per force (a force named twice, by name and code say, is made once); a
        failed report does not stop the others.

    Raises
    ------
    OutputFolderError
        Before any report is made: the period folder cannot be written, or another batch
        is writing into it (each batch holds a lock on its period folder).
    BatchInterrupted
        Ctrl-C: the workers are stopped; its ``batch`` holds the reports finished.
    """
    notebook = Path(notebook) if notebook is not None else notebooks_dir() / FORCE_PROFILE
    names = [area.area_name for area in all_areas()] if areas is None else list(areas)
    checked = list({parameters.area_code: parameters for parameters in
                    (validate_parameters(name, period) for name in names)}.values())
    extra = _extra_parameters(parameters)
    inputs = _inputs_hash(notebook, extra)
    batch = [_job(checked_area, Path(out), notebook, inputs, extra)
             for checked_area in checked]
    resolved = checked[0].period if checked else period
    folder = Path(out) / resolved
    if not batch:
        return BatchResult(resolved, folder, ())
    _output.check_writable(folder)
    with _output.locked(folder):
        _output.clean_stale(folder)  # what a killed batch left; no other batch is writing
        try:
            results = run_jobs(batch, workers=jobs, redo=redo, progress=progress)
        except BatchInterrupted as stop:
            finished = tuple(stop.results[index] for index in sorted(stop.results))
            stop.batch = BatchResult(resolved, folder, finished, len(batch) - len(finished))
            raise
    return BatchResult(resolved, folder, tuple(results))


def run_report(area: str, period: str, out: Path | str, *, redo: bool = False,
               notebook: Path | str | None = None,
               parameters: Mapping[str, Any] | None = None) -> ReportResult:
    """Make the report of one area for `period` (see `run_batch`)."""
    return run_batch([area], period, out, jobs=1, redo=redo, progress=False,
                     notebook=notebook, parameters=parameters).results[0]

