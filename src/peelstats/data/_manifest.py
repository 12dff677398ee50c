"""data/MANIFEST.csv: each table's file name, row count and SHA-256, written by the build
and checked by the loaders, so a table cut short or edited after the build is an error
naming the file, not a quiet change of numbers.

Cost: the loaders read each table once per process (they cache it), and hashing the bytes
already read takes about 10 ms for the largest table (recorded_crime.csv, 4.8 MB).
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from peelstats.data._errors import DataFileError, Problem
from peelstats.data._schema import Column, TableSchema

SCHEMA = TableSchema(
    "MANIFEST",
    (Column("file", "str"), Column("rows", "int"), Column("sha256", "str")),
    key=("file",),
)

PROVENANCE = """\
Written by the build: one row per table of this folder, its `file` name, its number of
data `rows` (the header not counted) and the `sha256` of its bytes. The loaders check a
table against it when they read it, after the table's own checks: a table cut short, a
deleted row or an edited value is an error that names the file and what differs. Rebuild
the folder (`make data`) rather than editing a table; this file is not a signature, only
a check that the tables are the ones the build wrote. Rows in `file` order."""


@dataclass(frozen=True)
class Entry:
    """What the build wrote of one table."""

    rows: int
    sha256: str


def digest(content: bytes) -> str:
    """The SHA-256 of `content`, in hexadecimal."""
    return hashlib.sha256(content).hexdigest()


def manifest_frame(tables: Mapping[str, tuple[int, bytes]]) -> pd.DataFrame:
    """The manifest of `tables` (file name → (rows, CSV bytes)), in file order."""
    return pd.DataFrame(
        [(name, rows, digest(content)) for name, (rows, content) in sorted(tables.items())],
        columns=SCHEMA.column_names)


def read_manifest(folder: Path) -> dict[str, Entry]:
    """The manifest of the data folder `folder`; DataFileError if it is missing or bad."""
    path = Path(folder) / SCHEMA.filename
    if not path.is_file():
        raise DataFileError([Problem(
            str(path), None, None, None,
            "missing: the tables cannot be checked against what the build wrote; rebuild "
            "them (peelstats data build --source ../shared/data --out data)")])
    try:
        frame = pd.read_csv(io.BytesIO(path.read_bytes()), dtype=str, keep_default_na=False,
                            na_filter=False, encoding="utf-8")
    except (ValueError, UnicodeDecodeError) as error:
        raise DataFileError([Problem(str(path), None, None, None,
                                     f"cannot be read as CSV: {error}")]) from None
    problems = SCHEMA.problems(frame, str(path))
    if not problems:
        rows = pd.to_numeric(frame["rows"], errors="coerce")
        bad = (rows.isna() | (rows < 0) | (rows != rows.round())).to_numpy()
        bad_hash = ~frame["sha256"].str.fullmatch(r"[0-9a-f]{64}").to_numpy()
        problems += [Problem(str(path), int(row) + 2, "rows", value, "not a row count")
                     for row, value in zip(frame.index[bad], frame["rows"][bad])]
        problems += [Problem(str(path), int(row) + 2, "sha256", value,
                             "not a SHA-256 written in 64 hexadecimal digits")
                     for row, value in zip(frame.index[bad_hash], frame["sha256"][bad_hash])]
    if problems:
        raise DataFileError(problems)
    return {name: Entry(int(rows), sha) for name, rows, sha in
            zip(frame["file"], frame["rows"], frame["sha256"])}


def manifest_problems(manifest: Mapping[str, Entry], path: Path, rows: int,
                      content: bytes) -> list[Problem]:
    """How the table at `path` (`rows` data rows, bytes `content`) differs from what the
    build wrote, as the manifest records it."""
    name = Path(path).name
    entry = manifest.get(name)
    if entry is None:
        return [Problem(str(path), None, None, None,
                        f"not in {SCHEMA.filename}: the build did not write this table; "
                        f"rebuild the folder")]
    if rows != entry.rows:
        return [Problem(str(path), None, None, None,
                        f"{rows} data rows, but {SCHEMA.filename} says the build wrote "
                        f"{entry.rows}: the table was cut short or rows were added or "
                        f"deleted; rebuild it")]
    found = digest(content)
    if found != entry.sha256:
        return [Problem(str(path), None, None, None,
                        f"the rows are as many as the build wrote ({rows}) but their "
                        f"content differs (sha256 {found[:12]}…, {SCHEMA.filename} says "
                        f"{entry.sha256[:12]}…): a value was edited after the build; "
                        f"rebuild it")]
    return []
