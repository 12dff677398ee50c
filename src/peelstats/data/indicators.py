"""An analyst's own indicator table and comparison groups: read, checked, tidy.

`read_indicators` reads a table of figures no bundled table holds (a force's victim
satisfaction survey, a file review, 999 calls answered in time), from CSV or XLSX, and
`read_groups` a file of comparison groups (a user's copy of the most similar groups). Both
check every cell and report every problem at once, as the bundled tables do
(`DataFileError`: file, row, column, value and what was expected); nothing is dropped,
coerced or clipped. Rows are numbered as a spreadsheet shows them: the header is row 1.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from peelstats.data._errors import DataFileError, Problem
from peelstats.data._forces import find_force
from peelstats.data._names import name_key

#: The name and ONS code of the whole that every force is part of.
ENGLAND_AND_WALES = "England and Wales"
ENGLAND_AND_WALES_CODE = "K04000001"

KINDS = ("proportion", "rate", "survey")
POLARITIES = ("higher_is_better", "lower_is_better", "neutral")
#: Columns every indicator table has; the others are optional.
REQUIRED = ("area", "period", "measure", "label", "kind", "per", "polarity", "source")
OPTIONAL = ("numerator", "denominator", "value", "margin", "design_effect")
COLUMNS = REQUIRED + OPTIONAL
#: The columns of the frame `read_indicators` returns, in order.
INDICATOR_COLUMNS = ("area_code", "area_name", "period", "measure", "label", "kind",
                     "numerator", "denominator", "value", "margin", "per", "design_effect",
                     "polarity", "source", "row")
GROUP_COLUMNS = ("group", "area")

_MEASURE = re.compile(r"^[a-z][a-z0-9_]*$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PERCENT_KINDS = ("proportion", "survey")
# Per kind: the columns that give its figure, and those it must leave empty.
_GIVEN_BY = {"proportion": ("numerator", "denominator"), "rate": ("numerator", "denominator"),
             "survey": ("value", "margin")}


def _read_cells(path: Path, expected: tuple[str, ...]) -> tuple[pd.DataFrame, str]:
    """The file's cells as text ('' for empty), blank rows kept so row numbers hold."""
    if not isinstance(path, (str, Path)):
        raise ValueError(f"path must be a file path, got {path!r}")
    path = Path(path)
    name = str(path)
    if not path.is_file():
        raise DataFileError([Problem(name, None, None, None, "no such file")])
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            frame = pd.read_csv(path, dtype=str, keep_default_na=False,
                                skip_blank_lines=False, encoding="utf-8-sig")
        elif suffix == ".xlsx":
            frame = pd.read_excel(path, dtype=object, header=0)
            frame = frame.map(_cell_text)
            frame.columns = [_cell_text(column) for column in frame.columns]
        else:
            raise DataFileError([Problem(name, None, None, suffix or None,
                                         "expected a .csv or .xlsx file")])
    except DataFileError:
        raise
    except pd.errors.EmptyDataError:
        raise DataFileError([Problem(name, None, None, None,
                                     f"is empty; expected a header row: "
                                     f"{', '.join(expected)}")]) from None
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError, OSError) as error:
        raise DataFileError([Problem(name, None, None, None,
                                     f"cannot be read as {suffix[1:]}: {error}")]) from None
    frame.columns = [str(column).strip() for column in frame.columns]
    return frame.astype(str).map(str.strip), name


def _cell_text(value: Any) -> str:
    """A spreadsheet cell as the text a CSV would hold: whole numbers without '.0'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.strftime("%Y-%m-%d")
    return str(value)


_UNKNOWN = "unknown column"


def _check_header(frame: pd.DataFrame, name: str, required: tuple[str, ...],
                  allowed: tuple[str, ...]) -> list[Problem]:
    problems = [Problem(name, 1, column, None,
                        f"{_UNKNOWN}; the columns are: {', '.join(allowed)}")
                for column in frame.columns if column not in allowed]
    problems += [Problem(name, 1, column, None, "missing column")
                 for column in required if column not in frame.columns]
    repeated = sorted({c for c in frame.columns if list(frame.columns).count(c) > 1})
    problems += [Problem(name, 1, column, None, "repeated column") for column in repeated]
    return problems


def _rows(frame: pd.DataFrame) -> list[tuple[int, dict[str, str]]]:
    """(spreadsheet row, cells) of every row that is not blank."""
    return [(index + 2, cells) for index, cells in enumerate(frame.to_dict("records"))
            if any(cells.values())]


def resolve_area(text: str) -> tuple[str, str]:
    """(ONS code, name) of a force or of England and Wales; ValueError with close matches."""
    if name_key(text) in (name_key(ENGLAND_AND_WALES), name_key(ENGLAND_AND_WALES_CODE)):
        return ENGLAND_AND_WALES_CODE, ENGLAND_AND_WALES
    force = find_force(text)
    return force.area_code, force.area_name


def check_period(text: str) -> str:
    """`text` as ``YYYY-MM`` (the 12 months ending that month) or ``YYYY-MM-DD`` (a date)."""
    if match := _MONTH.fullmatch(text):
        if 1 <= int(match[2]) <= 12:
            return text
    elif _DATE.fullmatch(text):
        try:
            datetime.date.fromisoformat(text)
            return text
        except ValueError:
            pass
    raise ValueError("expected YYYY-MM (the 12 months ending that month) or YYYY-MM-DD "
                     "(a date)")


def _number(cells: dict[str, str], column: str) -> float | None:
    text = cells.get(column, "")
    if not text:
        return None
    number = float(text.replace(",", ""))  # ValueError for text that is no number
    if not math.isfinite(number):
        raise ValueError("not a finite number")
    return number


def _check_row(row: int, cells: dict[str, str], name: str,
               problems: list[Problem]) -> dict[str, Any] | None:
    """One row checked: the tidy record, or None after adding its problems."""
    start = len(problems)

    def bad(column: str, reason: str) -> None:
        problems.append(Problem(name, row, column, cells.get(column, ""), reason))

    record: dict[str, Any] = {"row": row}
    for column in REQUIRED:
        if not cells.get(column, ""):
            bad(column, "empty; a value is required")
    if cells.get("area"):
        try:
            record["area_code"], record["area_name"] = resolve_area(cells["area"])
        except ValueError as error:
            bad("area", f"{error} (or {ENGLAND_AND_WALES!r})")
    if cells.get("period"):
        try:
            record["period"] = check_period(cells["period"])
        except ValueError as error:
            bad("period", str(error))
    measure = cells.get("measure", "")
    if measure and not _MEASURE.match(measure):
        bad("measure", "expected a lower-case identifier such as 'victim_satisfaction' "
                       "(letters, digits and _, starting with a letter)")
    kind = cells.get("kind", "")
    if kind and kind not in KINDS:
        bad("kind", f"expected one of: {', '.join(KINDS)}")
    polarity = cells.get("polarity", "")
    if polarity and polarity not in POLARITIES:
        bad("polarity", f"expected one of: {', '.join(POLARITIES)}")
    numbers: dict[str, float | None] = {}
    for column in ("numerator", "denominator", "value", "margin", "per", "design_effect"):
        try:
            numbers[column] = _number(cells, column)
        except ValueError:
            bad(column, "expected a number")
            numbers[column] = None
    per = numbers["per"]
    if per is not None and per <= 0:
        bad("per", "expected a multiplier above 0 (100 for percent, 1000 for per 1,000)")
    if kind in _PERCENT_KINDS and per is not None and per != 100:
        bad("per", f"a {kind} is in percent: expected 100")
    if kind in KINDS:
        given, other = _GIVEN_BY[kind], _GIVEN_BY["survey" if kind != "survey" else "rate"]
        for column in given:
            if not cells.get(column, "") and numbers[column] is None:
                if column == "value" and cells.get("margin"):
                    bad("value", "a margin without a value; a survey figure needs both")
                else:
                    bad(column, f"empty; a {kind} needs {' and '.join(given)}")
        for column in other:
            if cells.get(column, ""):
                bad(column, f"a {kind} is given by {' and '.join(given)}; leave "
                            f"{column} empty")
        x, n = numbers["numerator"], numbers["denominator"]
        if kind != "survey":
            for column, count in (("numerator", x), ("denominator", n)):
                if count is not None and count < 0:
                    bad(column, "a negative count")
            if n is not None and n == 0:
                bad("denominator", "expected a denominator above 0")
            if kind == "proportion" and x is not None and n is not None and 0 < n < x:
                bad("numerator", f"the numerator exceeds the denominator ({cells['denominator']})")
        else:
            value, margin = numbers["value"], numbers["margin"]
            if value is not None and per is not None and not 0 <= value <= per:
                bad("value", f"expected a value from 0 to {cells['per']} (per)")
            if margin is not None and margin <= 0:
                bad("margin", "expected a published margin above 0")
        deff = numbers["design_effect"]
        if cells.get("design_effect", "") and kind != "proportion":
            bad("design_effect", f"a design effect widens a proportion's interval; a "
                                 f"{kind} takes none"
                                 + (" (its published margin includes it)"
                                    if kind == "survey" else ""))
        elif deff is not None and deff <= 0:
            bad("design_effect", "expected a design effect above 0")
    if len(problems) > start:
        return None
    record.update(measure=measure, label=cells["label"], kind=kind, polarity=polarity,
                  source=cells["source"], **numbers)
    return record


_CONSISTENT = ("label", "kind", "per", "polarity")


def _check_table(records: list[dict[str, Any]], name: str) -> list[Problem]:
    """Across rows: one record per area, period and measure; one meaning per measure."""
    problems = []
    seen: dict[tuple[str, str, str], int] = {}
    first: dict[str, dict[str, Any]] = {}
    for record in records:
        key = (record["area_code"], record["period"], record["measure"])
        if key in seen:
            problems.append(Problem(name, record["row"], "measure", record["measure"],
                                    f"duplicated area, period and measure ({key[0]}, "
                                    f"{key[1]}): also row {seen[key]}"))
        seen.setdefault(key, record["row"])
        earlier = first.setdefault(record["measure"], record)
        for column in _CONSISTENT:
            if record[column] != earlier[column]:
                problems.append(Problem(
                    name, record["row"], column, record[column],
                    f"measure {record['measure']!r} has {column} {earlier[column]!r} in row "
                    f"{earlier['row']}; a measure has one {column}"))
    return problems


def read_indicators(path: str | Path) -> pd.DataFrame:
    """Read and check an indicator table (CSV or XLSX): the analyst's own figures.

    One row per area, period and measure, with the columns:

    ``area``
        A force's name, short name or ONS code (`peelstats.data.find_force`), or
        ``England and Wales`` (``K04000001``).
    ``period``
        ``YYYY-MM``: the 12 months ending that month; or ``YYYY-MM-DD``: a date.
    ``measure``, ``label``
        A lower-case identifier (``victim_satisfaction``) and its display name.
    ``kind``
        ``proportion`` or ``rate`` (give ``numerator`` and ``denominator``), or ``survey``
        (give ``value`` and ``margin`` as published: 88.1 and 1.3, with ``per`` 100).
    ``per``
        100 for percent (every proportion and survey), 1000 for a rate per 1,000.
    ``polarity``
        ``higher_is_better``, ``lower_is_better`` or ``neutral``.
    ``source``
        Where the figure comes from.
    ``design_effect``
        Optional, for a proportion from a weighted sample.

    Returns
    -------
    DataFrame
        ``area_code, area_name, period, measure, label, kind, numerator, denominator,
        value, margin, per, design_effect, polarity, source, row`` (`row`: the file's row),
        in the file's order; numbers as floats, NaN where a kind has none.

    Raises
    ------
    DataFileError
        Listing every problem: file, row, column, value and what was expected (an unknown
        column, an unknown area with its close matches, a numerator above its denominator,
        a negative count, a margin without a value, a duplicated area/period/measure, a
        measure whose label, kind, per or polarity differ between rows).

    Examples
    --------
    >>> from peelstats._paths import examples_dir
    >>> table = read_indicators(examples_dir() / "indicators.csv")
    >>> table.loc[0, ["area_code", "period", "measure", "kind"]].tolist()
    ['E23000023', '2014-06', 'victim_satisfaction', 'survey']
    >>> float(table.loc[0, "value"]), float(table.loc[0, "margin"])
    (88.1, 1.3)
    """
    frame, name = _read_cells(path, COLUMNS)
    problems = _check_header(frame, name, REQUIRED, COLUMNS)
    # An unknown column does not stop the checks of the cells; a missing or repeated one
    # leaves nothing sure to check.
    if any(not problem.reason.startswith(_UNKNOWN) or problem.column in REQUIRED
           for problem in problems):
        raise DataFileError(problems)
    for column in OPTIONAL:
        if column not in frame.columns:
            frame[column] = ""
    records = [record for row, cells in _rows(frame)
               if (record := _check_row(row, cells, name, problems)) is not None]
    if not problems and not records:
        problems.append(Problem(name, None, None, None, "has a header but no rows"))
    problems += _check_table(records, name)
    if problems:
        raise DataFileError(problems)
    table = pd.DataFrame(records, columns=list(INDICATOR_COLUMNS))
    for column in ("numerator", "denominator", "value", "margin", "per", "design_effect"):
        table[column] = table[column].astype(float)
    table["row"] = table["row"].astype(int)
    return table


def frame_or_read(value: pd.DataFrame | str | Path, reader: Callable[[str | Path], pd.DataFrame],
                  columns: tuple[str, ...], *, name: str) -> pd.DataFrame:
    """`value` read by `reader` when it is a path, or as given when it is the frame that
    `reader` returns: a frame lacking any of `columns` is refused, naming them.

    >>> frame_or_read(pd.DataFrame({"a": [1]}), read_groups, ("group",), name="groups")
    Traceback (most recent call last):
    ...
    ValueError: groups lacks the columns group: pass the frame read_groups returns (or the file's path)
    """
    if isinstance(value, (str, Path)):
        return reader(value)
    if not isinstance(value, pd.DataFrame):
        raise ValueError(f"{name} must be a path or the frame {reader.__name__} returns, "
                         f"got {type(value).__name__}")
    missing = [column for column in columns if column not in value.columns]
    if missing:
        raise ValueError(f"{name} lacks the columns {', '.join(missing)}: pass the frame "
                         f"{reader.__name__} returns (or the file's path)")
    return value


def read_groups(path: str | Path) -> pd.DataFrame:
    """Read and check a file of comparison groups (CSV or XLSX): ``group``, ``area``.

    One row per member of a group, e.g. a user's copy of the Home Office most similar
    groups of forces; a force may belong to several groups.

    Returns
    -------
    DataFrame
        ``group, area_code, area_name, row``, in the file's order.

    Raises
    ------
    DataFileError
        Listing every problem (file, row, column, value): an unknown column, an empty
        cell, an area that is no force (with close matches), a force listed twice in one
        group, a group of one force (nothing to compare with).

    Examples
    --------
    >>> from peelstats._paths import examples_dir
    >>> groups = read_groups(examples_dir() / "groups_by_region.csv")
    >>> groups.loc[groups["group"] == "East", "area_name"].tolist()[:2]
    ['Bedfordshire', 'Cambridgeshire']
    """
    frame, name = _read_cells(path, GROUP_COLUMNS)
    problems = _check_header(frame, name, GROUP_COLUMNS, GROUP_COLUMNS)
    if problems:
        raise DataFileError(problems)
    records = []
    seen: dict[tuple[str, str], int] = {}
    for row, cells in _rows(frame):
        start = len(problems)
        for column in GROUP_COLUMNS:
            if not cells[column]:
                problems.append(Problem(name, row, column, "", "empty; a value is required"))
        if cells["area"]:
            try:
                force = find_force(cells["area"])
            except ValueError as error:
                problems.append(Problem(name, row, "area", cells["area"], str(error)))
        if len(problems) > start:
            continue
        key = (cells["group"], force.area_code)
        if key in seen:
            problems.append(Problem(name, row, "area", cells["area"],
                                    f"{force.area_name} is already in group "
                                    f"{cells['group']!r} (row {seen[key]})"))
            continue
        seen[key] = row
        records.append({"group": cells["group"], "area_code": force.area_code,
                        "area_name": force.area_name, "row": row})
    table = pd.DataFrame(records, columns=["group", "area_code", "area_name", "row"])
    for group, members in table.groupby("group", sort=False):
        if len(members) < 2:
            problems.append(Problem(name, int(members["row"].iloc[0]), "group", group,
                                    "a group of one force: a group needs at least two"))
    if not problems and table.empty:
        problems.append(Problem(name, None, None, None, "has a header but no rows"))
    if problems:
        raise DataFileError(problems)
    return table

#: The pattern of a date period (YYYY-MM-DD), for callers that check one before reading.
DATE_PATTERN = _DATE
