"""Reading a tidy table from data/: checked against its schema once, then cached.

The cached frame is never handed out: every loader returns a copy, so a caller may change
what it gets without changing what the next caller sees.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import numpy as np
import pandas as pd

from peelstats._paths import data_dir
from peelstats.data._errors import DataFileError, Problem
from peelstats.data._schema import TableSchema

_PERIOD = r"\d{4}-(0[1-9]|1[0-2])"

Check = Callable[[pd.DataFrame, str], list[Problem]]


def period_problems(frame: pd.DataFrame, file: str, column: str = "period") -> list[Problem]:
    """Every cell of `column` that is not a month written ``YYYY-MM``."""
    values = frame[column].astype("str")
    bad = ~values.str.fullmatch(_PERIOD).to_numpy()
    rows = np.arange(len(frame))[bad] + 2
    return [Problem(file, int(row), column, value, "not a period written YYYY-MM")
            for row, value in zip(rows, values[bad])]


def code_problems(frame: pd.DataFrame, file: str, known: set[str],
                  where: np.ndarray | None = None) -> list[Problem]:
    """Every `area_code` (in rows `where`) that is not in `known`."""
    codes = frame["area_code"]
    bad = ~codes.isin(list(known)).to_numpy()
    if where is not None:
        bad &= where
    rows = np.arange(len(frame))[bad] + 2
    return [Problem(file, int(row), "area_code", value, "unknown area code")
            for row, value in zip(rows, codes[bad])]


@cache
def _read(schema: TableSchema, check: Check | None) -> pd.DataFrame:
    path = data_dir() / schema.filename
    if not path.is_file():
        raise FileNotFoundError(
            f"{path} is missing: rebuild the tables with `make data` "
            f"(peelstats data build --source ../shared/data --out data)")
    frame = pd.read_csv(path, dtype=schema.dtypes(), keep_default_na=False,
                        na_values={name: [""] for name in schema.column_names},
                        encoding="utf-8")
    problems = schema.problems(frame, str(path))
    if not problems and check is not None:
        problems = check(frame, str(path))
    if problems:
        raise DataFileError(problems)
    return frame


def load(schema: TableSchema, check: Check | None = None) -> pd.DataFrame:
    """A copy of the table of `schema`, read and checked on first use in this process.

    `check` adds the table's own checks to the schema's (columns, kinds, empty cells,
    duplicated keys); any problem raises DataFileError naming file, row, column, value.
    """
    return _read(schema, check).copy()


_DERIVED_CACHES: list[Callable[[], None]] = []


def cleared_with_tables(function):
    """Mark a cached function built from the tables, so `clear_cache` clears it too."""
    _DERIVED_CACHES.append(function.cache_clear)
    return function


def clear_cache() -> None:
    """Forget the tables read so far, and where the data folder is (after rebuilding
    data/ or changing ``PEELSTATS_DATA_DIR`` in the same process)."""
    _read.cache_clear()
    data_dir.cache_clear()
    for clear in _DERIVED_CACHES:
        clear()
