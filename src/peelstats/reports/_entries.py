"""What a period folder holds: each force's report and its figures, or why it failed.

The batch's index and combined figures files are made from this, not from the run that
just finished: a folder holds the reports of earlier runs too (a run of two forces adds
to a folder of 43), and a report skipped as up to date is read like one just written.
A force whose latest report failed is an entry with its error, never left out: the error
comes from this run when it made the report, else from the failed notebook kept beside
the report (``report.failed.ipynb``, whose metadata says what happened).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from peelstats.figures import FIGURE_FIELDS
from peelstats.notebook.parameters import all_areas
from peelstats.reports import _output

FIGURES_NAME = "figures.json"
REPORT_NAME = "report.html"


@dataclass(frozen=True)
class Entry:
    """One report of a period folder (a force's or a Community Safety Partnership's): its
    figures, or the error that stopped it."""

    name: str                   # the area, as its figures (or the forces table) name it
    slug: str                   # its folder in the period folder
    force: bool = True          # a force's report (else a Community Safety Partnership's)
    figures: tuple[dict[str, Any], ...] = field(default=(), repr=False)
    error: str | None = None    # why its latest report failed; None for a report
    has_report: bool = False    # report.html is there (for a failure: an earlier report)
    failed_notebook: bool = False  # report.failed.ipynb is there

    @property
    def failed(self) -> bool:
        return self.error is not None

    def figure(self, measure: str) -> dict[str, Any] | None:
        """The figure of `measure`, or None when the report has none."""
        return next((row for row in self.figures if row["measure"] == measure), None)


def _kept_error(path: Path) -> str:
    """The error a failed notebook's metadata records (`_batch.ReportWorker._failed`)."""
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
        return str(notebook["metadata"]["peelstats"]["failure"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        return f"the report failed; its kept notebook says no more ({type(error).__name__})"


def _figures(path: Path) -> tuple[tuple[dict[str, Any], ...], str | None]:
    """A report's figures.json as records with the figure fields, or the problem with it."""
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        detail = _output.describe_os_error(error) if isinstance(error, OSError) else error
        return (), f"{FIGURES_NAME} cannot be read: {detail}"
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        return (), f"{FIGURES_NAME} is not a list of figures"
    for number, record in enumerate(records, start=1):
        if list(record) != list(FIGURE_FIELDS):
            return (), (f"{FIGURES_NAME} figure {number} has other fields than this "
                        f"peelstats's figures (made by another version?): make the report "
                        f"again with --redo")
    return tuple(records), None


def read_entries(folder: Path, *, failures: Mapping[str, str] | None = None) -> list[Entry]:
    """Every report in period folder `folder`, in the order of their names.

    `failures` maps a report's folder name to the error of this run's failed report: a
    report that failed before anything could be kept (no folder, no notebook) is still an
    entry. A folder is a report's when it holds a report's files or a failed notebook;
    other folders, and the runner's temporary ones (names starting with a dot), are not.
    A folder named like a force (`peelstats.reports.area_slug`) is the force's; any other
    is a Community Safety Partnership's (``peelstats report --all-csps``).
    """
    folder = Path(folder)
    failures = dict(failures or {})
    names = {_output.area_slug(area.area_name): area.area_name for area in all_areas()}
    slugs = set(failures)
    if folder.is_dir():
        slugs.update(path.name for path in folder.iterdir()
                     if path.is_dir() and not path.name.startswith(".")
                     and any((path / name).is_file()
                             for name in (FIGURES_NAME, REPORT_NAME, _output.FAILED_NAME)))
    entries = []
    for slug in slugs:
        where = folder / slug
        kept = (where / _output.FAILED_NAME).is_file()
        figures: tuple[dict[str, Any], ...] = ()
        error = failures.get(slug)
        if error is None and kept:
            error = _kept_error(where / _output.FAILED_NAME)
        if error is None:
            figures, error = _figures(where / FIGURES_NAME)
        named = next((row["area_name"] for row in figures if row.get("area_name")), None)
        entries.append(Entry(name=named or names.get(slug, slug), slug=slug,
                             force=slug in names,
                             figures=figures if error is None else (), error=error,
                             has_report=(where / REPORT_NAME).is_file(),
                             failed_notebook=kept))
    return sorted(entries, key=lambda entry: (entry.name.casefold(), entry.slug))


def combined_payload(entries: list[Entry]) -> dict[str, Any]:
    """Every report's figures in one table (`peelstats.figures.export` payload): the
    reports' figures.json one after the other, in the order of `entries`; the figures
    of failed reports are not in it."""
    return {"fields": list(FIGURE_FIELDS),
            "figures": [row for entry in entries if not entry.failed for row in entry.figures]}
