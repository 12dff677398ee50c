"""Run report jobs: each worker process keeps one warm kernel and one HTML exporter.

A plain papermill + nbconvert loop pays, for every report, a new kernel, the imports of
pandas, matplotlib and statsmodels, and two command-line processes. Here each worker pays
that once: it starts a `WarmKernel`, then executes report after report in it, restoring a
clean interpreter state before each one, and renders with one reused `HtmlRenderer`.

Faults cost as little as they can: a report whose kernel dies is made again in a fresh
kernel, once; a worker process that dies costs the report it was making (see `_pool`);
a failure to write (a full disk) is that report's failure, said in one line. Ctrl-C stops
the workers and raises `BatchInterrupted` with what was finished.
"""

from __future__ import annotations

import os
import signal
import sys
import time
import traceback
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Literal

import nbformat
from tqdm import tqdm

from peelstats.reports import _figures, _lifetime, _notebook, _output
from peelstats.reports._kernel import KernelDied, NotebookFailed, WarmKernel
from peelstats.reports._pool import run_pool
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
    header: str = ""            # HTML first in the page: the link back to the index
    footer: str = ""            # HTML last in the page: the batch's stamp (`_stamp`)


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


class BatchInterrupted(KeyboardInterrupt):
    """Ctrl-C (SIGINT) stopped a batch; `results` maps a job's index to its result, for
    the jobs finished before."""

    def __init__(self, results: Mapping[int, ReportResult]):
        super().__init__("the batch was interrupted")
        self.results = dict(results)
        self.batch: Any = None  # the `BatchResult` of what was finished, set by run_batch


class ReportWorker:
    """Makes reports one after another with one warm kernel and one HTML exporter."""

    def __init__(self, cwd: Path, runtime: Path | None = None):
        self._kernel = WarmKernel(cwd, runtime)
        try:
            self._kernel.start()
        except BaseException:
            self._kernel.close(now=True)
            raise
        self._renderer = HtmlRenderer()
        self._templates: dict[Path, nbformat.NotebookNode] = {}

    def close(self, *, now: bool = False) -> None:
        """Stop the kernel; `now`: at once, without waiting for it (after an interrupt)."""
        self._kernel.close(now=now)

    def kill(self) -> None:
        """End the kernel at once (safe in a signal handler)."""
        self._kernel.kill()

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
                nb = self._execute(nb, job)
            except NotebookFailed as failure:
                return self._failed(job, failure.notebook or nb, str(failure), start)
            _notebook.normalise(nb)
            payload = _figures.extract(nb)
            if payload is None:
                return self._failed(job, nb, "the notebook displays no figures to export "
                                             "(peelstats.notebook.show_figures)", start)
            files = {
                "report.ipynb": _notebook.dumps(nb),
                "report.html": self._renderer.render(nb, job.title, header=job.header,
                                                     footer=job.footer),
                "figures.csv": _figures.to_csv(payload),
                "figures.json": _figures.to_json(payload),
            }
            try:
                _output.write_folder(job.folder, files, job.stamp)
            except OSError as error:  # a full disk, a folder made read-only meanwhile
                return self._failed(job, nb, f"could not write the report: "
                                             f"{_output.describe_os_error(error)}", start)
        except Exception as error:  # a bug in rendering or writing: still a per-report failure
            detail = "".join(traceback.format_exception_only(error)).strip()
            return self._failed(job, nb, detail, start)
        return ReportResult(job.label, job.folder, "written", None, time.perf_counter() - start)

    def _execute(self, nb: nbformat.NotebookNode, job: Job) -> nbformat.NotebookNode:
        """Execute `nb`; if the kernel dies, once more from the start in a fresh kernel.
        Returns the executed notebook."""
        try:
            return self._kernel.execute(nb)
        except KernelDied as died:
            first = str(died)
        retry = _notebook.parameterize(self._template(job.notebook), job.parameters)
        try:
            self._kernel.execute(retry)  # starts a fresh kernel: this one is dead
        except KernelDied as again:
            raise KernelDied(f"{first}; made again in a fresh kernel, {again}",
                             again.notebook or retry) from again
        return retry

    @staticmethod
    def _failed(job: Job, nb: nbformat.NotebookNode | None, error: str,
                start: float) -> ReportResult:
        """The failed result; the notebook kept beside the report, saying what happened.

        Keeping the notebook may fail as well (a full disk): that is said in the result,
        never raised.
        """
        if nb is not None:
            _notebook.normalise(nb)
            nb.metadata["peelstats"] = {"failure": error}
            try:
                _output.write_file(job.folder / _output.FAILED_NAME, _notebook.dumps(nb))
            except OSError as kept:
                error += (f" (the failed notebook could not be kept either: "
                          f"{_output.describe_os_error(kept)})")
        return ReportResult(job.label, job.folder, "failed", error, time.perf_counter() - start)


# -- worker processes ----------------------------------------------------------------------
def _serve(conn: Connection, parent: int, cwd: str, runtime: str) -> None:
    """A worker process (see `_pool`): one warm `ReportWorker`, one job at a time."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    worker: ReportWorker | None = None

    def end(*_: Any) -> None:  # SIGTERM, or the main process gone: take the kernel along
        if worker is not None:
            worker.kill()
        os._exit(143)

    signal.signal(signal.SIGTERM, end)
    _lifetime.die_with_parent(parent, signum=signal.SIGTERM, on_orphan=end)
    try:
        worker = ReportWorker(Path(cwd), Path(runtime))
    except Exception as error:
        detail = "".join(traceback.format_exception_only(error)).strip()
        conn.send(("broken", f"the report kernel could not start: {detail}"))
        return
    try:
        conn.send(("ready", None))
        while (job := conn.recv()) is not None:
            try:
                result = worker.run(job)
            except Exception as error:  # never lose the worker to one report
                detail = "".join(traceback.format_exception_only(error)).strip()
                result = ReportResult(job.label, job.folder, "failed", detail)
            conn.send(("done", result))
    except EOFError:  # the main process has gone
        pass
    finally:
        worker.close()


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
    failing does not stop the others. Ctrl-C stops the workers within seconds and raises
    `BatchInterrupted` with the results of the jobs finished.
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
    before = {index: _stamp_identity(jobs[index].folder) for index in todo}
    try:
        if todo:
            processes = min(workers, len(todo))
            with _lifetime.runtime_folder() as runtime:
                if processes == 1:
                    _run_here(jobs, todo, results, bar, cwd, runtime)
                else:
                    _run_pool(jobs, todo, results, bar, cwd, runtime, processes)
    except KeyboardInterrupt:
        # A worker stopped between renaming its report into place and saying so has still
        # made it: what is on disk counts, so the summary never calls it "not made".
        for index in todo:
            job = jobs[index]
            if (index not in results and _stamp_identity(job.folder) != before[index]
                    and _output.is_up_to_date(job.folder, job.stamp, REPORT_FILES)):
                results[index] = ReportResult(job.label, job.folder, "written")
        raise BatchInterrupted(results) from None
    finally:
        bar.close()
    return [results[index] for index in range(len(jobs))]


def _stamp_identity(folder: Path) -> tuple[int, int] | None:
    """Which stamp file `folder` holds (inode and modification time), None for none: a
    report written in place of an earlier one has a new stamp file."""
    try:
        status = (folder / _output.STAMP_NAME).stat()
    except FileNotFoundError:
        return None
    return status.st_ino, status.st_mtime_ns


def _update(bar: tqdm, results: Mapping[int, ReportResult], result: ReportResult) -> None:
    failed = sum(r.status == "failed" for r in results.values())
    bar.set_postfix_str(f"{result.label}" + (f", {failed} failed" if failed else ""),
                        refresh=False)
    bar.update(1)


def _run_here(jobs: Sequence[Job], todo: Iterable[int], results: dict[int, ReportResult],
              bar: tqdm, cwd: Path, runtime: Path) -> None:
    try:
        worker = ReportWorker(cwd, runtime)
    except Exception as error:  # every report fails, for the one reason
        detail = "".join(traceback.format_exception_only(error)).strip()
        for index in todo:
            job = jobs[index]
            results[index] = ReportResult(job.label, job.folder, "failed",
                                          f"the report kernel could not start: {detail}")
            _update(bar, results, results[index])
        return
    interrupted = True
    try:
        for index in todo:
            results[index] = worker.run(jobs[index])
            _update(bar, results, results[index])
        interrupted = False
    finally:
        worker.close(now=interrupted)


def _report_identity(folder: Path) -> tuple[int, int] | None:
    """Which report `folder` holds (its stamp file's inode and time), or None."""
    try:
        stat = (folder / _output.STAMP_NAME).stat()
    except OSError:
        return None
    return stat.st_ino, stat.st_mtime_ns


def _run_pool(jobs: Sequence[Job], todo: Sequence[int], results: dict[int, ReportResult],
              bar: tqdm, cwd: Path, runtime: Path, processes: int) -> None:
    # What each folder held before: a worker that dies after writing its report but before
    # saying so has still written it (the folder holds a new, complete report).
    before = {index: _report_identity(jobs[index].folder) for index in todo}

    def done(index: int, result: ReportResult) -> None:
        results[index] = result
        _update(bar, results, result)

    def lost(index: int, reason: str) -> None:
        job = jobs[index]
        if (_report_identity(job.folder) != before[index]
                and _output.is_up_to_date(job.folder, job.stamp, REPORT_FILES)):
            done(index, ReportResult(job.label, job.folder, "written"))
        else:
            done(index, ReportResult(job.label, job.folder, "failed", reason))

    run_pool(_serve, (str(cwd), str(runtime)), {index: jobs[index] for index in todo},
             processes, done, lost)
