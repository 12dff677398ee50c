"""Prepare a notebook for a report run, and make an executed notebook deterministic.

Parameters are injected exactly as papermill does it (a cell tagged ``injected-parameters``
after the cell tagged ``parameters``), so a report notebook reads the same whether it came
from `peelstats report` or from ``papermill``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import nbformat
from papermill.parameterize import parameterize_notebook

from peelstats.reports._kernel import KERNEL_NAME

INJECTED_CELL_ID = "injected-parameters"
# Notebook metadata that records a run (timings, widget state, papermill's clock) rather
# than its content.
_RUN_METADATA = ("widgets", "execution")


def parameters_cells(nb: nbformat.NotebookNode) -> list[int]:
    """Indices of the cells tagged ``parameters``."""
    return [index for index, cell in enumerate(nb.cells)
            if "parameters" in cell.get("metadata", {}).get("tags", [])]


def load(path: Path) -> nbformat.NotebookNode:
    """Read a notebook, requiring exactly one ``parameters`` cell (papermill's convention)."""
    nb = nbformat.read(str(path), as_version=4)
    found = parameters_cells(nb)
    if len(found) != 1:
        raise ValueError(
            f"notebook {path} must have exactly one cell tagged 'parameters', found {len(found)}")
    return nb


def parameterize(nb: nbformat.NotebookNode, parameters: Mapping[str, Any]) -> nbformat.NotebookNode:
    """A copy of `nb` with its outputs cleared and `parameters` injected after the parameters cell."""
    nb = nbformat.from_dict(nb)  # deep copy: the template is reused for every report
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
        cell.metadata.setdefault("tags", [])  # papermill reads every cell's tags
    nb.metadata["papermill"] = {}
    nb = parameterize_notebook(nb, dict(parameters), kernel_name=KERNEL_NAME, language="python")
    for cell in nb.cells:
        if INJECTED_CELL_ID in cell.metadata["tags"]:
            cell["id"] = INJECTED_CELL_ID  # nbformat gives a new cell a random id
        if not cell.metadata["tags"]:
            del cell.metadata["tags"]
    return nb


def normalise(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Strip what changes from run to run without changing the content: timings, run metadata.

    Execution counts are renumbered 1, 2, ... over the code cells that ran, as in a fresh kernel.
    """
    for key in _RUN_METADATA:
        nb.metadata.pop(key, None)
    count = 0
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("papermill", None)
        if cell.cell_type != "code":
            continue
        if cell.get("execution_count") is not None:
            count += 1
            cell.execution_count = count
        for output in cell.get("outputs", []):
            if "execution_count" in output:
                output["execution_count"] = cell.execution_count
    return nb


def dumps(nb: nbformat.NotebookNode) -> bytes:
    """The notebook as the bytes of an .ipynb file (sorted keys, as Jupyter writes them)."""
    return (nbformat.writes(nb) + "\n").encode("utf-8")
