"""Fixtures of the report tests."""

from pathlib import Path

import nbformat
import pytest

from peelstats._paths import notebooks_dir


@pytest.fixture(scope="session")
def failing_notebook():
    """A function that writes, at a path, the force-profile notebook with one cell that
    fails for Kent only, and returns the path."""
    def write(path: Path) -> Path:
        nb = nbformat.read(str(notebooks_dir() / "force_profile.ipynb"), as_version=4)
        cell = nbformat.v4.new_code_cell(
            'if area == "Kent":\n    raise RuntimeError("deliberate failure for Kent")')
        cell["id"] = "fail-for-kent"
        nb.cells.insert(3, cell)
        nbformat.write(nb, str(path))
        return path

    return write
