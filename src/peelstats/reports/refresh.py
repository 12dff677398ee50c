"""Re-execute the committed notebooks in place, with their default parameters.

The committed notebooks carry their outputs so that nbval can compare a fresh run with
them; after a change to what they show, run ``make notebooks`` (this module) and commit the
result. Each notebook runs in a fresh kernel from the notebooks folder, whatever the
working directory, and is written atomically with the run metadata stripped, so the same
code and data give the same file.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from peelstats._paths import notebooks_dir
from peelstats.reports._kernel import KERNEL_NAME
from peelstats.reports._notebook import dumps, load, normalise
from peelstats.reports._output import write_file


def refresh(path: Path, *, timeout: int = 600) -> None:
    """Execute the notebook at `path` top to bottom and write it back with its outputs."""
    nb = load(path)
    NotebookClient(nb, timeout=timeout, kernel_name=KERNEL_NAME,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    write_file(path, dumps(normalise(nb)))


def main(argv: list[str] | None = None) -> int:
    names = sys.argv[1:] if argv is None else argv
    paths = [Path(name) for name in names] or sorted(notebooks_dir().glob("*.ipynb"))
    for path in paths:
        print(f"executing {path}", file=sys.stderr)
        refresh(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
