"""Run report jobs: each worker process keeps one warm kernel and one HTML exporter.

A plain papermill + nbconvert loop pays, for every report, a new kernel, the imports of
pandas, matplotlib and statsmodels, and two command-line processes. Here each worker pays
that once: it starts a `WarmKernel`, then executes report after report in it, restoring a
clean interpreter state before each one, and renders with one reused `HtmlRenderer`.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
import traceback
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from multiprocessing import util as mp_util
from pathlib import Path
from typing import Any, Literal

import nbformat
from tqdm import tqdm

from peelstats.reports import _figures, _notebook, _output
from peelstats.reports._kernel import NotebookFailed, WarmKernel
from peelstats.reports._render import HtmlRenderer

REPORT_FILES = ("report.ipynb", "report.html", "figures.csv", "figures.json")
Status = Literal["written", "skipped", "failed"]


@dataclass(frozen=True)
class Job:
    """One report to make: the notebook, its parameters and where the report goes."""

    label: str                  # what the progress bar and the summary call it
    title: str                  # the HTML page title
    notebook: Path
    parameters: Mapping[str, Any]
    folder: Path
    stamp: str = field(default="")


@dataclass(frozen=True)
class ReportResult:
    """What became of one job."""

    label: str
    folder: Path
    status: Status
    error: str | None = None
    seconds: float = 0.0

    @property
    def failed_notebook(self) -> Path | None:
        """The executed notebook kept for inspection when the report failed."""
        path = self.folder / _output.FAILED_NAME
        return path if self.status == "failed" and path.exists() else None


class ReportWorker:
    """Makes reports one after another with one warm kernel and one HTML exporter."""

    def __init__(self, cwd: Path):
        self._kernel = WarmKernel(cwd)
        self._kernel.start()
        self._renderer = HtmlRenderer()
        self._templates: dict[Path, nbformat.NotebookNode] = {}

    def close(self) -> None:
        self._kernel.close()

    def _template(self, path: Path) -> nbformat.NotebookNode:
        if path not in self._templates:
            self._templates[path] = _notebook.load(path)
        return self._templates[path]

    def run(self, job: Job) -> ReportResult:
        start = time.perf_counter()
        nb = None
        try:
            nb = _notebook.parameterize(self._template(job.notebook), job.parameters)
            try:
                self._kernel.execute(nb)
            except NotebookFailed as failure:
                return self._failed(job, failure.notebook, str(failure), start)
            _notebook.normalise(nb)
            payload = _figures.extract(nb)
            if payload is None:
                return self._failed(job, nb, "the notebook displays no figures to export "
                                             "(peelstats.reports.show_figures)", start)
            files = {
                "report.ipynb": _notebook.dumps(nb),
                "report.html": self._renderer.render(nb, job.title),
                "figures.csv": _figures.to_csv(payload),
                "figures.json": _figures.to_json(payload),
            }
            _output.write_folder(job.folder, files, job.stamp)
        except Exception as error:  # a bug in rendering or writing: still a per-report failure
            detail = "".join(traceback.format_exception_only(error)).strip()
            return self._failed(job, nb, detail, start)
        return ReportResult(job.label, job.folder, "written", None, time.perf_counter() - start)

    @staticmethod
    def _failed(job: Job, nb: nbformat.NotebookNode | None, error: str,
                start: float) -> ReportResult:
        if nb is not None:
            _notebook.normalise(nb)
            _output.write_file(job.folder / _output.FAILED_NAME, _notebook.dumps(nb))
        return ReportResult(job.label, job.folder, "failed", error, time.perf_counter() - start)


# -- worker processes ----------------------------------------------------------------------
_worker: ReportWorker | None = None


def _init_process(cwd: str) -> None:
    global _worker
    _worker = ReportWorker(Path(cwd))
    # Finalizers run when a multiprocessing worker exits (atexit handlers do not).
    mp_util.Finalize(_worker, _worker.close, exitpriority=10)


def _run_in_process(job: Job) -> ReportResult:
    assert _worker is not None
    return _worker.run(job)


def default_jobs() -> int:
    """Worker processes by default: the CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def run_jobs(jobs: Sequence[Job], *, workers: int | None = None, redo: bool = False,
             progress: bool = True, cwd: Path | None = None) -> list[ReportResult]:
    """Make every report in `jobs`, in parallel, and return one result per job, in order.

    A job whose folder holds an up-to-date report is skipped unless `redo`. One report
    failing does not stop the others.
    """
    workers = default_jobs() if workers is None else int(workers)
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    cwd = Path(cwd) if cwd is not None else Path(jobs[0].notebook).parent if jobs else Path.cwd()
    results: dict[int, ReportResult] = {}
    todo: list[int] = []
    for index, job in enumerate(jobs):
        if not redo and _output.is_up_to_date(job.folder, job.stamp, REPORT_FILES):
            results[index] = ReportResult(job.label, job.folder, "skipped")
        else:
            todo.append(index)

    bar = tqdm(total=len(jobs), initial=len(results), unit="report", file=sys.stderr,
               disable=not progress, dynamic_ncols=True, desc="reports")
    try:
        if todo:
            processes = min(workers, len(todo))
            if processes == 1:
                _run_here(jobs, todo, results, bar, cwd)
            else:
                _run_pool(jobs, todo, results, bar, cwd, processes)
    finally:
        bar.close()
    return [results[index] for index in range(len(jobs))]


def _update(bar: tqdm, results: Mapping[int, ReportResult], result: ReportResult) -> None:
    failed = sum(r.status == "failed" for r in results.values())
    bar.set_postfix_str(f"{result.label}" + (f", {failed} failed" if failed else ""),
                        refresh=False)
    bar.update(1)


def _run_here(jobs: Sequence[Job], todo: Iterable[int], results: dict[int, ReportResult],
              bar: tqdm, cwd: Path) -> None:
    worker = ReportWorker(cwd)
    try:
        for index in todo:
            results[index] = worker.run(jobs[index])
            _update(bar, results, results[index])
    finally:
        worker.close()


def _run_pool(jobs: Sequence[Job], todo: Sequence[int], results: dict[int, ReportResult],
              bar: tqdm, cwd: Path, processes: int) -> None:
    context = multiprocessing.get_context("spawn")  # no fork of a process with threads
    with ProcessPoolExecutor(max_workers=processes, mp_context=context,
                             initializer=_init_process, initargs=(str(cwd),)) as pool:
        pending: dict[Future, int] = {pool.submit(_run_in_process, jobs[i]): i for i in todo}
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                index = pending.pop(future)
                job = jobs[index]
                try:
                    results[index] = future.result()
                except Exception as error:  # the worker process itself broke
                    detail = "".join(traceback.format_exception_only(error)).strip()
                    results[index] = ReportResult(job.label, job.folder, "failed",
                                                  f"worker process failed: {detail}")
                _update(bar, results, results[index])
