"""The error of a bad data file: every problem names the file, row, column and value."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

_MAX_LISTED = 20


@dataclass(frozen=True)
class Problem:
    """One bad cell (or row) of a data file.

    `row` is the row number as a spreadsheet or text editor shows it: the header is row 1,
    the first data row is row 2. `row` or `column` is None when the problem is not about a
    single row or column (a missing column, a missing file).
    """

    file: str
    row: int | None
    column: str | None
    value: Any
    reason: str

    def __str__(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column!r}")
        if self.value is not None:
            parts.append(f"value {self.value!r}")
        return f"{', '.join(parts)}: {self.reason}"


class DataFileError(ValueError):
    """A data file failed its checks; `problems` lists every bad cell found.

    >>> error = DataFileError([Problem("a.csv", 3, "count", "x", "not a number")])
    >>> print(error)
    1 problem in the data files:
      a.csv, row 3, column 'count', value 'x': not a number
    """

    def __init__(self, problems: Iterable[Problem]):
        self.problems: tuple[Problem, ...] = tuple(problems)
        count = len(self.problems)
        lines = [f"{count} problem{'' if count == 1 else 's'} in the data files:"]
        lines += [f"  {problem}" for problem in self.problems[:_MAX_LISTED]]
        if count > _MAX_LISTED:
            lines.append(f"  … and {count - _MAX_LISTED} more")
        super().__init__("\n".join(lines))


class DataBuildError(DataFileError):
    """A source file of the data build failed its checks: nothing was written."""


class ProblemLog:
    """Collects problems so that all bad rows are reported at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, file: str, row: int | None, column: str | None, value: Any,
            reason: str) -> None:
        self.problems.append(Problem(file, row, column, value, reason))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    def __bool__(self) -> bool:
        return bool(self.problems)

    def raise_if_any(self) -> None:
        """Raise a DataBuildError listing every problem collected so far, if any."""
        if self.problems:
            raise DataBuildError(self.problems)
