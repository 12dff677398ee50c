"""A table of citable figures as machine-readable files: figures.csv and figures.json.

The payload (`figures_payload`) is the figure fields and one record per figure, its floats
rounded once for machines at `peelstats._precision.SIGNIFICANT_DIGITS` (12) significant
digits, so that the files do not depend on the last bits of a float (which differ between
CPUs and BLAS kernels). `Figures.to_csv`, `Figures.to_json` and `Figures.to_xlsx` write a
table of figures; the report runner writes the payload a notebook displayed with the same
`to_csv` and `to_json`, so a report's files and ``peelstats figures`` agree.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Sequence
from typing import Any

from peelstats._precision import portable


def _plain(value: Any) -> Any:
    """A JSON-safe scalar: numpy scalars to Python, NaN and infinities to None, finite
    floats to 12 significant digits (`peelstats._precision.portable`)."""
    if hasattr(value, "item") and not isinstance(value, (list, dict, str)):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return portable(value)


def figures_payload(records: Iterable[dict[str, Any]], fields: Sequence[str]) -> dict[str, Any]:
    """The JSON part of a figures output: the field names and one record per figure.

    This is where a figure's floats are rounded for machines, once: the notebook displays
    this payload, and the figures files are written from it (`to_json`, `to_csv`).
    """
    fields = list(fields)
    rows = []
    for record in records:
        unknown = sorted(set(record) - set(fields))
        if unknown:
            raise ValueError(f"figure {record.get('id')!r} has fields not in the figure "
                             f"fields: {unknown}")
        rows.append({name: _plain(record.get(name)) for name in fields})
    return {"fields": fields, "figures": rows}


def to_json(payload: dict[str, Any]) -> bytes:
    """figures.json: a list of figures, each an object with the figure fields in order."""
    text = json.dumps([dict(row) for row in payload["figures"]], indent=2,
                      ensure_ascii=False, allow_nan=False)
    return (text + "\n").encode("utf-8")


def to_csv(payload: dict[str, Any]) -> bytes:
    """figures.csv: the same fields as figures.json, one row a figure, empty for a missing value."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(payload["fields"])
    for row in payload["figures"]:
        # A list field (a figure's notes) is one cell, its sentences in order.
        writer.writerow(["" if row[name] is None else
                         " ".join(row[name]) if isinstance(row[name], list) else row[name]
                         for name in payload["fields"]])
    return buffer.getvalue().encode("utf-8")
