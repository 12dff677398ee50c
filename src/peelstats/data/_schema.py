"""The layout of each tidy table in data/: columns, their kinds, and the row key.

The build checks a table against its schema before writing it, and the loaders check the
file against the same schema when they read it, so the two cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from peelstats.data._errors import DataBuildError, Problem

Kind = Literal["str", "int", "float"]

# The pandas dtype each kind is held in. Nullable integers keep missing counts missing
# instead of turning them into floats.
_DTYPES: dict[str, str] = {"str": "str", "int": "Int64", "float": "float64"}


def text_test(values: pd.Series, test) -> np.ndarray:
    """`test` (text → bool) of each non-missing cell, False where missing; evaluated once
    per distinct value, as tidy columns repeat a few values many times.

    >>> text_test(pd.Series(["a", " ", None, "a"]), lambda text: text.strip() == "")
    array([False,  True, False, False])
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    verdicts = np.array([bool(test(str(value))) for value in uniques] + [False], dtype=bool)
    return verdicts[codes]


@dataclass(frozen=True)
class Column:
    """One column: its name, kind, and whether it may be empty."""

    name: str
    kind: Kind
    nullable: bool = False


@dataclass(frozen=True)
class TableSchema:
    """A tidy table: file name in data/, columns in order, and the key that is unique."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    def dtypes(self) -> dict[str, str]:
        return {column.name: _DTYPES[column.kind] for column in self.columns}

    def problems(self, frame: pd.DataFrame, file: str) -> list[Problem]:
        """Every way `frame` breaks this schema, rows numbered as in its CSV file."""
        found: list[Problem] = []
        names = self.column_names
        if list(frame.columns) != names:
            missing = [name for name in names if name not in frame.columns]
            extra = [name for name in frame.columns if name not in names]
            reason = (f"columns must be {names}"
                      + (f"; missing {missing}" if missing else "")
                      + (f"; unexpected {extra}" if extra else ""))
            return [Problem(file, 1, None, list(frame.columns), reason)]
        rows = np.arange(len(frame)) + 2
        for column in self.columns:
            values = frame[column.name]
            if not column.nullable:
                empty = values.isna().to_numpy()
                found += [Problem(file, int(row), column.name, None, "must not be empty")
                          for row in rows[empty]]
            if column.kind == "float":
                infinite = np.isinf(values.to_numpy(dtype=float, na_value=np.nan))
                found += [Problem(file, int(row), column.name, value, "not a finite number")
                          for row, value in zip(rows[infinite], values[infinite])]
            if column.kind == "str":
                blank = text_test(values, lambda text: text.strip() == "")
                found += [Problem(file, int(row), column.name, "",
                                  "blank text; leave the cell empty for a missing value")
                          for row in rows[blank]]
        duplicated = frame.duplicated(list(self.key), keep=False).to_numpy()
        for row in rows[duplicated]:
            key = tuple(frame.iloc[row - 2][list(self.key)])
            found.append(Problem(file, int(row), ", ".join(self.key), key,
                                 "duplicated key"))
        return found

    def conform(self, frame: pd.DataFrame) -> pd.DataFrame:
        """`frame` with the schema's columns, in order, in the schema's dtypes.

        Raises ValueError naming the missing columns, or DataBuildError listing every value
        that cannot be held exactly in its kind (text in a number column, a fractional
        count), by row as the table's CSV file will number it.

        >>> schema = TableSchema("t", (Column("a", "str"), Column("n", "int")), key=("a",))
        >>> schema.conform(pd.DataFrame({"a": ["p", "q"], "n": [1.0, 2.5]}))
        Traceback (most recent call last):
        ...
        peelstats.data._errors.DataBuildError: 1 problem in the data files:
          t.csv, row 3, column 'n', value 2.5: not a whole number
        """
        missing = [name for name in self.column_names if name not in frame.columns]
        if missing:
            raise ValueError(f"table {self.name!r} lacks columns {missing}")
        out = frame.loc[:, self.column_names].copy()
        rows = np.arange(len(out)) + 2
        problems: list[Problem] = []
        for column in self.columns:
            values = out[column.name]
            if column.kind in ("int", "float"):
                numbers = pd.to_numeric(values, errors="coerce").astype("float64")
                bad = (values.notna() & numbers.isna()).to_numpy()
                if column.kind == "int":
                    bad = bad | (numbers.notna() & (numbers != np.round(numbers))).to_numpy()
                problems += [Problem(self.filename, int(row), column.name, value,
                                     f"not {'a whole' if column.kind == 'int' else 'a'} number")
                             for row, value in zip(rows[bad], values[bad])]
                if not bad.any():
                    out[column.name] = (numbers.astype("Int64") if column.kind == "int"
                                        else numbers)
            else:
                out[column.name] = values.astype("str").where(values.notna(), None)
        if problems:
            raise DataBuildError(problems)
        return out.reset_index(drop=True)
