"""Reading a tidy table from data/: checked against its schema once, then cached.

The cached frame is never handed out: every loader returns a copy, so a caller may change
what it gets without changing what the next caller sees.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

import numpy as np
import pandas as pd

from peelstats._paths import data_dir
from peelstats.data._errors import DataFileError, Problem
from peelstats.data._schema import TableSchema, text_test
from peelstats.data._table_cache import cached_table

_PERIOD = r"\d{4}-(0[1-9]|1[0-2])"

Check = Callable[[pd.DataFrame, str], list[Problem]]


def period_problems(frame: pd.DataFrame, file: str, column: str = "period") -> list[Problem]:
    """Every cell of `column` that is not a month written ``YYYY-MM``."""
    values = frame[column]
    pattern = re.compile(_PERIOD)
    bad = values.isna().to_numpy() | text_test(values, lambda text: not pattern.fullmatch(text))
    rows = np.arange(len(frame))[bad] + 2
    return [Problem(file, int(row), column, value, "not a period written YYYY-MM")
            for row, value in zip(rows, values[bad])]


def _typed(text: pd.DataFrame, schema: TableSchema, file: str,
           ) -> tuple[pd.DataFrame, list[Problem]]:
    """The text cells in the schema's kinds; every cell that is not one is a problem."""
    problems: list[Problem] = []
    rows = np.arange(len(text)) + 2
    columns = {}
    for column in schema.columns:
        if column.name not in text.columns:
            continue
        cells = text[column.name]
        empty = (cells == "").to_numpy()
        if column.kind == "str":
            columns[column.name] = cells.where(~empty, None).astype("str")
            continue
        values = pd.to_numeric(cells.where(~empty, None), errors="coerce").to_numpy(
            dtype=float, na_value=np.nan, copy=True)
        bad = ~empty & np.isnan(values)
        if column.kind == "int":
            bad |= ~empty & ~np.isnan(values) & (values != np.round(values))
        problems += [Problem(file, int(row), column.name, value,
                             f"not {'a whole' if column.kind == 'int' else 'a'} number")
                     for row, value in zip(rows[bad], cells[bad])]
        values[bad] = np.nan
        columns[column.name] = pd.array(values, dtype=schema.dtypes()[column.name]) \
            if column.kind == "float" else pd.array(
                np.where(np.isnan(values), None, values), dtype="Int64")
    extra = {name: text[name] for name in text.columns if name not in columns}
    return pd.DataFrame({**columns, **extra})[list(text.columns)], problems


@cache
def _read(schema: TableSchema, check: Check | None) -> pd.DataFrame:
    path = data_dir() / schema.filename
    if not path.is_file():
        return _read_checked(schema, check)  # says what is missing
    # Read and checked once per table file, then kept in the user's cache (_table_cache).
    identity = repr(schema) + (f"{check.__module__}.{check.__qualname__}" if check else "")
    return cached_table(path, identity, lambda: _read_checked(schema, check))


def _read_checked(schema: TableSchema, check: Check | None) -> pd.DataFrame:
    path = data_dir() / schema.filename
    if not path.is_file():
        raise FileNotFoundError(
            f"{path} is missing: rebuild the tables with `make data` "
            f"(peelstats data build --source ../shared/data --out data)")
    try:
        frame = pd.read_csv(path, dtype=schema.dtypes(), keep_default_na=False,
                            na_values={name: [""] for name in schema.column_names},
                            encoding="utf-8")
        problems: list[Problem] = []
    except (ValueError, TypeError):
        # Some cell is not of its column's kind: read again as text to name every one.
        text = pd.read_csv(path, dtype="str", keep_default_na=False, na_filter=False,
                           encoding="utf-8")
        frame, problems = _typed(text, schema, str(path))
    problems += schema.problems(frame, str(path))
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
