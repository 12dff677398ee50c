"""The citable figures a report shows, carried out of the notebook to figures.csv and figures.json.

The notebook displays its figures with `peelstats.notebook.show_figures`: a table for the
reader and, in the same output, the figures' fields as JSON under
`peelstats.notebook.display.FIGURES_MIMETYPE`. The runner reads that output back from the
executed notebook, so the files beside a report hold exactly the figures the report
displays, computed once, in the notebook's own kernel.

Floats are written at `peelstats._precision.SIGNIFICANT_DIGITS` (12) significant digits,
rounded once, in `peelstats.figures.export.figures_payload`, so the displayed payload, figures.csv and
figures.json do not depend on the last bits of a float (which differ between CPUs and BLAS
kernels).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # for the annotations only: nbformat (jsonschema) takes seconds to import
    import nbformat

# The payload and its files are the figures layer's (`peelstats.figures.export`); the
# names stay here for the runner.
from peelstats.figures.export import figures_payload, to_csv, to_json  # noqa: F401
from peelstats.notebook.display import FIGURES_MIMETYPE


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
