"""The citable figures a report shows, carried out of the notebook to figures.csv and figures.json.

The notebook displays its figures with `show_figures`: a table for the reader and, in the
same output, the figures' fields as JSON under a peelstats MIME type. The runner reads that
output back from the executed notebook, so the files beside a report hold exactly the
figures the report displays, computed once, in the notebook's own kernel. HTML ignores the
JSON part (an unknown MIME type), nbval compares it like any other output.

Floats are written at `peelstats._precision.SIGNIFICANT_DIGITS` (12) significant digits,
rounded once, here in `figures_payload`, so the displayed payload, figures.csv and
figures.json do not depend on the last bits of a float (which differ between CPUs and BLAS
kernels).
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Sequence
from typing import Any
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # for the annotations only: nbformat (jsonschema) takes seconds to import
    import nbformat

from peelstats._precision import portable

FIGURES_MIMETYPE = "application/vnd.peelstats.figures+json"


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


def show_figures(records: Iterable[dict[str, Any]], fields: Sequence[str], html: str,
                 text: str) -> None:
    """Display a figures table (`html`, `text`) together with the figures' data for export."""
    from IPython.display import display

    display({FIGURES_MIMETYPE: figures_payload(records, fields),
             "text/html": html, "text/plain": text}, raw=True)


def extract(nb: nbformat.NotebookNode) -> dict[str, Any] | None:
    """The figures payload displayed in an executed notebook, or None if it shows none.

    A notebook that displays figures more than once exports the union, in display order.
    """
    payloads = [output["data"][FIGURES_MIMETYPE]
                for cell in nb.cells if cell.cell_type == "code"
                for output in cell.get("outputs", [])
                if FIGURES_MIMETYPE in output.get("data", {})]
    if not payloads:
        return None
    fields = list(payloads[0]["fields"])
    for payload in payloads[1:]:
        if list(payload["fields"]) != fields:
            raise ValueError("the notebook displays figures with different fields")
    return {"fields": fields, "figures": [row for p in payloads for row in p["figures"]]}


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
        # A list field (a figure's notes, sentences) is one cell, its sentences in order.
        writer.writerow(["" if row[name] is None else
                         " ".join(row[name]) if isinstance(row[name], list) else row[name]
                         for name in payload["fields"]])
    return buffer.getvalue().encode("utf-8")
