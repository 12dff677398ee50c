"""Writing the tidy tables: deterministic CSV bytes, and an all-or-nothing swap of data/.

Determinism: rows in the order each builder sorts them, columns in schema order, LF line
ends, UTF-8 without byte-order mark, integers without a decimal point, floats in Python's
shortest round-trip form (``repr``), missing values as empty cells.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from peelstats.data._schema import TableSchema


def csv_bytes(frame: pd.DataFrame, schema: TableSchema) -> bytes:
    """The table as it is written to data/: checked against its schema, then CSV bytes.

    >>> from peelstats.data._schema import Column, TableSchema
    >>> schema = TableSchema("t", (Column("a", "str"), Column("n", "int", nullable=True),
    ...                            Column("x", "float")), key=("a",))
    >>> frame = pd.DataFrame({"a": ["p", "q"], "n": [3.0, None], "x": [0.1, 2.0]})
    >>> csv_bytes(frame, schema)
    b'a,n,x\\np,3,0.1\\nq,,2.0\\n'
    """
    table = schema.conform(frame)
    problems = schema.problems(table, schema.filename)
    if problems:
        from peelstats.data._errors import DataBuildError
        raise DataBuildError(problems)
    text = table.to_csv(index=False, lineterminator="\n", na_rep="")
    return text.encode("utf-8")


def write_directory(out: Path, files: Mapping[str, bytes]) -> None:
    """Replace the folder `out` with exactly `files` (name → bytes), all or nothing.

    Everything is written to a temporary folder beside `out`, then the old folder is moved
    aside and the new one moved into its place (two renames on one file system), then the
    old one is deleted. If anything fails before the swap, `out` is untouched; if the
    second rename fails, the old folder is put back.
    """
    out = Path(out).absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        for name, content in sorted(files.items()):
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
        staging.chmod(0o755)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    retired = out.parent / f".{out.name}.old-{uuid.uuid4().hex}"
    had_old = out.exists()
    if had_old:
        os.replace(out, retired)
    try:
        os.replace(staging, out)
    except BaseException:
        if had_old:
            os.replace(retired, out)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if had_old:
        shutil.rmtree(retired, ignore_errors=True)
