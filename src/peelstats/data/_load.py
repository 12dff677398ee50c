"""Reading a tidy table from data/: checked against its schema once, then cached.

The cached frame is never handed out: every loader returns a copy, so a caller may change
what it gets without changing what the next caller sees.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from functools import cache

import numpy as np
import pandas as pd

from peelstats._paths import data_dir
from peelstats.data._errors import DataFileError, Problem
from peelstats.data._manifest import manifest_problems, read_manifest
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
        infinite = ~empty & np.isinf(values)
        problems += [Problem(file, int(row), column.name, value, "not a finite number")
                     for row, value in zip(rows[infinite], cells[infinite])]
        values[infinite] = np.nan
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


def _decoded(content: bytes, file: str, header: list[str]) -> str:
    """`content` as UTF-8 text; a byte that is not UTF-8 is named by row, column and
    value (the bytes around it)."""
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError as error:
        start = content.rfind(b"\n", 0, error.start) + 1
        end = content.find(b"\n", error.start)
        line = content[start:len(content) if end < 0 else end]
        # The cell: count the separators before the byte (tables quote no separators in
        # the columns where such text could be; a quoted one only shifts the name).
        index = line[:error.start - start].count(b",")
        column = header[index] if index < len(header) else None
        cells = line.split(b",")
        value = cells[index] if index < len(cells) else line
        row = content.count(b"\n", 0, error.start) + 1
        raise DataFileError([Problem(file, row, column, value,
                                     f"not UTF-8 text (byte {content[error.start]:#04x})")]
                            ) from None


@cache
def _manifest():
    return read_manifest(data_dir())


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
    file = str(path)
    content = path.read_bytes()
    if not content.strip():
        raise DataFileError([Problem(file, None, None, None,
                                     "empty file: no header row and no rows")])
    text = _decoded(content, file, schema.column_names)
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=schema.dtypes(), keep_default_na=False,
                            na_values={name: [""] for name in schema.column_names})
        problems: list[Problem] = []
    except (ValueError, TypeError, OverflowError):
        # Some cell is not of its column's kind: read again as text to name every one.
        cells = pd.read_csv(io.StringIO(text), dtype="str", keep_default_na=False,
                            na_filter=False)
        frame, problems = _typed(cells, schema, file)
    problems += schema.problems(frame, file)
    if not problems and frame.empty:
        problems = [Problem(file, None, None, None, "no rows below the header")]
    if not problems and check is not None:
        problems = check(frame, file)
    # Last, whether the table is the one the build wrote: a table that breaks its own
    # checks is named cell by cell above; one that passes them but was cut short or
    # edited is named here.
    if not problems:
        problems = manifest_problems(_manifest(), path, len(frame), content)
    if problems:
        raise DataFileError(problems)
    return frame


def load(schema: TableSchema, check: Check | None = None) -> pd.DataFrame:
    """A copy of the table of `schema`, read and checked on first use in this process.

    `check` adds the table's own checks to the schema's (columns, kinds, empty cells,
    duplicated keys); then the table must be the one the build wrote (data/MANIFEST.csv:
    its rows and SHA-256). Any problem raises DataFileError naming file, row, column and
    value, or the file and what differs from the manifest.
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
    _manifest.cache_clear()
    data_dir.cache_clear()
    for clear in _DERIVED_CACHES:
        clear()
