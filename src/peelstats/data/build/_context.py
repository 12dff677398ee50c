"""What a table builder receives and returns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

import numpy as np

from peelstats.data._coverage import aggregate_problems, coverage_problems
from peelstats.data._errors import ProblemLog
from peelstats.data._schema import TableSchema


@dataclass(frozen=True)
class Correction:
    """A source value the build changed on purpose, written to data/corrections.csv.

    One record per distinct original value: `rows` lists the rows it was found in (as
    ranges, header = row 1) and `n_rows` counts them.
    """

    file: str
    column: str
    original: str
    corrected: str
    rows: str
    n_rows: int
    reason: str


@dataclass
class BuildContext:
    """One build run: the source folder, the problems and corrections found so far, and a
    memo for parsed sources that several builders share (the force register).

    `whole` False leaves out the checks that a source is whole (`check_coverage`,
    `check_totals`), for a source folder of a few rows that tests one other check; the
    `peelstats data build` command always makes them.
    """

    source: Path
    log: ProblemLog = field(default_factory=ProblemLog)
    corrections: list[Correction] = field(default_factory=list)
    memo: dict[str, Any] = field(default_factory=dict)
    whole: bool = True

    def check_coverage(self, file: str, frame: pd.DataFrame, **options: Any) -> None:
        """Record every area, period or row missing from the source `file`
        (:func:`peelstats.data._coverage.coverage_problems`; `frame` has one row per
        source row)."""
        if self.whole:
            self.log.extend(coverage_problems(frame, file, **options))

    def check_totals(self, file: str, frame: pd.DataFrame, **options: Any) -> None:
        """Record every total printed in `file` that is not the sum of its parts
        (:func:`peelstats.data._coverage.aggregate_problems`)."""
        if self.whole:
            self.log.extend(aggregate_problems(frame, file, **options))

    def shared(self, key: str, make: Callable[[BuildContext], Any]) -> Any:
        """`make(self)`, computed once per build run and shared between builders."""
        if key not in self.memo:
            self.memo[key] = make(self)
        return self.memo[key]


@dataclass(frozen=True)
class BuiltTable:
    """A tidy table ready to write: its schema, rows, and its section of data/README.md."""

    schema: TableSchema
    frame: pd.DataFrame
    provenance: str


@dataclass(frozen=True)
class TableBuilder:
    """A named step of the build: reads its sources and returns its table(s).

    `build` records bad cells in ``context.log`` and returns what it could build; the
    build writes nothing if any builder recorded a problem.
    """

    name: str
    build: Callable[[BuildContext], list[BuiltTable]]


def row_ranges(rows: np.ndarray) -> str:
    """Row numbers written as ranges.

    >>> row_ranges(np.array([2, 3, 4, 9, 11, 12]))
    '2-4;9;11-12'
    """
    rows = np.unique(np.asarray(rows, dtype=int))
    if rows.size == 0:
        return ""
    breaks = np.flatnonzero(np.diff(rows) != 1)
    starts = rows[np.r_[0, breaks + 1]]
    ends = rows[np.r_[breaks, rows.size - 1]]
    return ";".join(f"{a}" if a == b else f"{a}-{b}" for a, b in zip(starts, ends))
