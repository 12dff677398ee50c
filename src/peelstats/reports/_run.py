"""Make reports of forces and Community Safety Partnerships (CSPs): one, or every force or
CSP for a period, into ``OUT/<period>/<area-slug>/``.

A force's report is the force-profile notebook, a CSP's the CSP-profile notebook. Four
CSPs are named like their force (Wiltshire, Dorset, North Yorkshire, City of London): the
folder of such a CSP is ``<slug>-<csp code>`` (``wiltshire-e22000361``), so that the two
reports never share a folder. After the reports, the period folder's index, combined
figures and national charts are rebuilt from every report it holds (`_index`)."""

from __future__ import annotations

import hashlib
from importlib.metadata import version as _version
from collections.abc import Iterable, Mapping
from typing import Any
from dataclasses import dataclass
from pathlib import Path

from peelstats import data
from peelstats._paths import data_dir, notebooks_dir, package_dir
from peelstats._version import version as peelstats_version
from peelstats.figures import wording
from peelstats.reports import _index, _output
from peelstats.reports._batch import BatchInterrupted, Job, ReportResult, run_jobs
from peelstats.reports._stamp import Stamp, period_stamp
from peelstats.notebook import (CspParameters, ReportParameters, all_areas,
                                validate_csp_parameters, validate_parameters)
from peelstats.notebook import all_csps as every_csp

FORCE_PROFILE = "force_profile.ipynb"
CSP_PROFILE = "csp_profile.ipynb"
# Libraries whose version can change what a report shows (numbers, charts, HTML).
_OUTPUT_LIBRARIES = ("numpy", "scipy", "pandas", "statsmodels", "matplotlib", "nbconvert",
                     "ipykernel", "ipython")


@dataclass(frozen=True)
class BatchResult:
    """The outcome of a batch: one `ReportResult` per area, in the order asked for; of an
    interrupted batch, one per report finished and the count of those `not_made`. `index`
    is the period folder's index page once rebuilt, `index_error` why it could not be."""

    period: str
    folder: Path
    results: tuple[ReportResult, ...]
    not_made: int = 0
    index: Path | None = None
    index_error: str | None = None

    @property
    def failed(self) -> tuple[ReportResult, ...]:
        return tuple(result for result in self.results if result.status == "failed")

    @property
    def ok(self) -> bool:
        return not self.failed and self.index_error is None

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
        if self.index_error is not None:
            lines.append(f"  INDEX NOT WRITTEN: {self.index_error}")
        elif self.index is not None:
            lines.append(f"index of every report in {self.folder}: {self.index}")
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


def csp_folder_name(csp_code: str, csp_name: str) -> str:
    """The folder of a CSP's report: its name's slug, with ``-<code>`` when a force's
    report would have that slug.

    >>> csp_folder_name("E22000017", "Peterborough")
    'peterborough'
    >>> csp_folder_name("E22000361", "Wiltshire")
    'wiltshire-e22000361'
    """
    slug = _output.area_slug(csp_name)
    forces = {_output.area_slug(name) for name in data.forces()["area_name"]}
    return f"{slug}-{csp_code.lower()}" if slug in forces else slug


def _job(parameters: ReportParameters, out: Path, notebook: Path, inputs: str,
         extra: Mapping[str, Any] | None = None, page_stamp: Stamp | None = None) -> Job:
    if isinstance(parameters, CspParameters):
        # The code, not the name: four CSP names are also forces' (find_area refuses them).
        values = {"area": parameters.area_code, "period": parameters.period, **(extra or {})}
        name = csp_folder_name(parameters.area_code, parameters.area_name)
        label = (parameters.area_name if name == _output.area_slug(parameters.area_name)
                 else f"{parameters.area_name} ({parameters.area_code})")
        what = "Community Safety Partnership profile"
    else:
        values = {"area": parameters.area_name, "period": parameters.period, **(extra or {})}
        name = _output.area_slug(parameters.area_name)
        label, what = parameters.area_name, "force profile"
    folder = Path(out) / parameters.period / name
    period = wording.period(parameters.period)
    title = f"{parameters.area_name}: {what}, {period}"
    # The header and footer come from what the stamp already covers (the data, peelstats).
    header = (f'<nav class="peelstats-nav"><a href="../{_index.INDEX_NAME}">All reports, '
              f'{period}</a>: the index of this batch</nav>')
    return Job(label=label, title=title, notebook=Path(notebook),
               parameters=values, folder=folder,
               stamp=_output.stamp_for(inputs, values), header=header,
               footer=page_stamp.html() if page_stamp is not None else "")


def _checked(areas: Iterable[str] | None, period: str, *, all_csps_too: bool,
             custom_notebook: bool) -> list[ReportParameters]:
    """Each area asked for, checked and resolved once (a force or CSP named twice is made
    once): forces as `validate_parameters`, CSPs as `validate_csp_parameters`."""
    names = [area.area_code for area in all_areas()] if areas is None else list(areas)
    checked: dict[str, ReportParameters] = {}
    for name in names:
        place = data.find_area(name)
        if isinstance(place, data.Csp):
            if custom_notebook:
                raise ValueError(f"{name!r} is a Community Safety Partnership: its report is "
                                 f"notebooks/{CSP_PROFILE}, not the notebook given")
            resolved: ReportParameters = validate_csp_parameters(place.area_code, period)
        else:
            resolved = validate_parameters(place.area_code, period)
        checked.setdefault(resolved.area_code, resolved)
    if all_csps_too:
        if custom_notebook:
            raise ValueError(f"the reports of Community Safety Partnerships are "
                             f"notebooks/{CSP_PROFILE}, not the notebook given")
        for csp in every_csp():
            checked.setdefault(csp.area_code, validate_csp_parameters(csp.area_code, period))
    resolved_periods = sorted({parameters.period for parameters in checked.values()})
    if len(resolved_periods) > 1:  # "latest" of the forces and of the CSPs may differ
        raise ValueError(f"period {period!r} is {', '.join(resolved_periods)} for different "
                         f"areas of this batch, which writes one period: give it as YYYY-MM")
    return list(checked.values())


def run_batch(areas: Iterable[str] | None, period: str, out: Path | str, *,
              jobs: int | None = None, redo: bool = False, progress: bool = True,
              notebook: Path | str | None = None,
              parameters: Mapping[str, Any] | None = None,
              all_csps: bool = False) -> BatchResult:
    """Make the report of each area in `areas` (None: all 43 forces) for `period`.

    Parameters
    ----------
    areas : iterable of str or None
        Force or Community Safety Partnership (CSP) names, aliases or ONS codes; None for
        every force, ``[]`` for none (with `all_csps`, the CSPs alone).
    period : str
        ``YYYY-MM``, the end of the 12 months, or ``latest``.
    out : path
        Reports go to ``out/<period>/<area-slug>/`` (a CSP named like a force:
        ``<area-slug>-<csp code>``, see `csp_folder_name`).
    jobs : int, optional
        Worker processes (each with one warm kernel); default: the CPUs available.
    redo : bool
        Remake reports that are up to date.
    progress : bool
        Show a progress bar with an ETA on stderr.
    notebook : path, optional
        The parameterised notebook of the forces' reports (default:
        notebooks/force_profile.ipynb). A CSP's report is always notebooks/csp_profile.ipynb:
        a batch with CSPs and another notebook is refused.
    parameters : mapping, optional
        More parameters of the notebook, the same for every report (``indicators_path``
        of notebooks/indicator_profile.ipynb); not ``area`` or ``period``. The content of
        a parameter ending in ``_path`` that names a file is part of the reports' stamp:
        a changed file remakes them.
    all_csps : bool
        Also make the report of every CSP (the 314 of the register).

    Returns
    -------
    BatchResult
        One result per area (an area named twice, by name and code say, is made once); a
        failed report does not stop the others. After the reports (made, skipped as up to
        date, or failed), the period folder's ``index.html``, ``figures.csv``,
        ``figures.xlsx`` and national charts are rebuilt from every report it holds
        (`peelstats.reports._index`); an interrupted batch leaves them as they were.

    Raises
    ------
    ValueError
        Before any report is made: an unknown or ambiguous area (a name that is a force's
        and a CSP's), a period without data for an area (a CSP outside the periods of the
        CSP table), or CSPs with a `notebook` of one's own.
    OutputFolderError
        Before any report is made: the period folder cannot be written, or another batch
        is writing into it (each batch holds a lock on its period folder).
    BatchInterrupted
        Ctrl-C: the workers are stopped; its ``batch`` holds the reports finished.
    """
    force_notebook = (Path(notebook) if notebook is not None
                      else notebooks_dir() / FORCE_PROFILE)
    csp_notebook = notebooks_dir() / CSP_PROFILE
    checked = _checked(areas, period, all_csps_too=all_csps,
                       custom_notebook=notebook is not None)
    extra = _extra_parameters(parameters)
    resolved = checked[0].period if checked else period
    folder = Path(out) / resolved
    if not checked:
        return BatchResult(resolved, folder, ())
    page_stamp = period_stamp(resolved)
    inputs: dict[Path, str] = {}
    batch = []
    for checked_area in checked:
        used = csp_notebook if isinstance(checked_area, CspParameters) else force_notebook
        if used not in inputs:
            inputs[used] = _inputs_hash(used, extra)
        batch.append(_job(checked_area, Path(out), used, inputs[used], extra, page_stamp))
    _output.check_writable(folder)
    with _output.locked(folder):
        _output.clean_stale(folder)  # what a killed batch left; no other batch is writing
        try:
            results = run_jobs(batch, workers=jobs, redo=redo, progress=progress)
        except BatchInterrupted as stop:
            finished = tuple(stop.results[index] for index in sorted(stop.results))
            stop.batch = BatchResult(resolved, folder, finished, len(batch) - len(finished))
            raise
        failures = {result.folder.name: result.error or "failed" for result in results
                    if result.status == "failed"}
        try:
            index = _index.write_index(folder, resolved, page_stamp, failures=failures)
        except OSError as error:  # a full disk: the reports stand, the summary says so
            return BatchResult(resolved, folder, tuple(results),
                               index_error=_output.describe_os_error(error))
    return BatchResult(resolved, folder, tuple(results), index=index)


def run_report(area: str, period: str, out: Path | str, *, redo: bool = False,
               notebook: Path | str | None = None,
               parameters: Mapping[str, Any] | None = None) -> ReportResult:
    """Make the report of one force or CSP for `period` (see `run_batch`)."""
    return run_batch([area], period, out, jobs=1, redo=redo, progress=False,
                     notebook=notebook, parameters=parameters).results[0]
