"""Reading a published source CSV without losing anything, and checking its cells.

A source file is read with every cell as text, so nothing is coerced on the way in; the
checks then turn the columns they are asked for into numbers and record every cell that
fails (file, row, column, value) in a ProblemLog, so one run reports all the bad rows.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from peelstats.data._errors import ProblemLog

# Row numbers as a spreadsheet shows them: the header is row 1.
_FIRST_DATA_ROW = 2


class SourceCsv:
    """A source CSV held as text, with the name used in error messages.

    Parameters
    ----------
    source_dir : Path
        The folder of the published files (``../shared/data``).
    relative_path : str
        The file inside it, for example ``"ho-recorded-crime-pfa/rec-crime-pfa.csv"``;
        errors name the file this way.
    required : sequence of str
        Columns that must be present. A missing file or column is recorded in `log`, and
        `ok` is then False: the caller should stop checking this file.
    log : ProblemLog
        Where problems are collected.
    """

    def __init__(self, source_dir: Path, relative_path: str, required: Sequence[str],
                 log: ProblemLog):
        self.name = relative_path
        self.log = log
        self.ok = True
        path = Path(source_dir) / relative_path
        if not path.is_file():
            log.add(relative_path, None, None, None, f"source file not found in {source_dir}")
            self.ok = False
            self.frame = pd.DataFrame({column: pd.Series([], dtype="str")
                                       for column in required})
            return
        # utf-8-sig drops a byte-order mark; skip_blank_lines=False keeps row numbers true
        # (a blank line becomes a row of empty cells, which the checks then report).
        try:
            frame = pd.read_csv(path, dtype="str", keep_default_na=False, na_filter=False,
                                encoding="utf-8-sig", skip_blank_lines=False)
        except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
            # A row with more cells than the header, an empty file, or bytes that are not
            # UTF-8: the file cannot be checked cell by cell, so name it and stop here.
            log.add(relative_path, None, None, None, f"cannot be read as CSV: {error}")
            self.ok = False
            self.frame = pd.DataFrame({column: pd.Series([], dtype="str")
                                       for column in required})
            return
        # pandas renames a repeated header name ("a", "a" → "a", "a.1"), so the second
        # column would be silently ignored: read the header as written and refuse repeats.
        header = pd.read_csv(path, dtype="str", header=None, nrows=1, keep_default_na=False,
                             na_filter=False, encoding="utf-8-sig").iloc[0].tolist()
        repeated = sorted({name for name in header if header.count(name) > 1})
        for name in repeated:
            log.add(relative_path, 1, name, None,
                    f"column name appears {header.count(name)} times in the header")
        missing = [column for column in required if column not in frame.columns]
        for column in missing:
            close = difflib.get_close_matches(column, [str(c) for c in frame.columns], n=3)
            hint = f"; columns with similar names: {close}" if close else ""
            log.add(relative_path, 1, column, None,
                    f"required column is missing (header has {list(frame.columns)}){hint}")
        self.ok = not missing and not repeated
        self.frame = frame

    @property
    def rows(self) -> np.ndarray:
        """The spreadsheet row number of each data row."""
        return np.arange(len(self.frame)) + _FIRST_DATA_ROW

    def text(self, column: str) -> pd.Series:
        """The column's cells as stripped text."""
        return self.frame[column].str.strip()

    def numbers(self, column: str, *, integer: bool, missing: Collection[str] = (),
                where: np.ndarray | None = None) -> np.ndarray:
        """Parse `column` as numbers; record every cell that is not one.

        Parameters
        ----------
        column : str
            The column to parse.
        integer : bool
            Whether the values must be whole numbers (counts). ``"123.0"`` is accepted
            as 123, as spreadsheet exports write counts that way; ``"12.5"`` is not.
        missing : collection of str
            Cell texts that stand for a missing value (for example ``""`` or ``".."``);
            they become NaN. Any other text that is not a number is a problem.
        where : boolean array, optional
            Check only these rows; the others become NaN.

        Returns
        -------
        numpy.ndarray of float
            NaN where the value is missing or bad.
        """
        cells = self.text(column)
        selected = np.ones(len(cells), bool) if where is None else np.asarray(where, bool)
        is_missing = cells.isin(list(missing)).to_numpy()
        # A plain decimal number only: no thousands separators, no "inf"/"nan" words.
        plain = cells.str.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?").to_numpy()
        values = pd.to_numeric(cells.where(plain, None), errors="coerce").to_numpy(float)
        bad = selected & ~is_missing & ~plain
        reason = "not a number" + (f" (missing values are written {sorted(missing)})"
                                   if missing else "")
        self._record(bad, column, reason)
        # "1e999" is written like a number but overflows to infinity.
        infinite = selected & ~is_missing & plain & np.isinf(values)
        self._record(infinite, column, "not a finite number")
        bad |= infinite
        if integer:
            fractional = selected & plain & ~is_missing & (values != np.round(values))
            self._record(fractional, column, "not a whole number")
            bad |= fractional
        return np.where(selected & ~bad & ~is_missing, values, np.nan)

    def check_not_empty(self, columns: Iterable[str]) -> None:
        """Record every empty cell in `columns`."""
        for column in columns:
            self._record((self.text(column) == "").to_numpy(), column, "empty cell")

    def check_unique(self, key: Sequence[str]) -> None:
        """Record every row whose `key` columns repeat another row's."""
        frame = pd.DataFrame({column: self.text(column) for column in key})
        repeated = frame.duplicated(keep="first").to_numpy()
        if not repeated.any():
            return
        first_rows = (frame.assign(_row=self.rows).drop_duplicates(list(key), keep="first")
                      .set_index(list(key))["_row"])
        for row, values in zip(self.rows[repeated],
                               frame[repeated].itertuples(index=False, name=None)):
            first = first_rows.loc[values if len(key) > 1 else values[0]]
            self.log.add(self.name, int(row), ", ".join(key), values,
                         f"duplicated row: same {', '.join(key)} as row {int(first)}")

    def check_known(self, column: str, known: Collection[str], what: str,
                    where: np.ndarray | None = None) -> None:
        """Record every cell of `column` not in `known`, with the closest known names."""
        cells = self.text(column)
        selected = np.ones(len(cells), bool) if where is None else np.asarray(where, bool)
        unknown = selected & ~cells.isin(list(known)).to_numpy()
        choices = sorted(known)
        for row, value in zip(self.rows[unknown], cells[unknown]):
            close = difflib.get_close_matches(value, choices, n=3, cutoff=0.6)
            hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
            self.log.add(self.name, int(row), column, value, f"unknown {what}{hint}")

    def _record(self, mask: np.ndarray, column: str, reason: str) -> None:
        cells = self.frame[column]
        for row, value in zip(self.rows[mask], cells[mask]):
            self.log.add(self.name, int(row), column, value, reason)
