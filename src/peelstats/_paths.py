"""Where peelstats finds its files: the one place that knows the layout.

Nothing here depends on the working directory (JupyterLab, papermill and nbval each run
from a different one).
"""

from __future__ import annotations

import os
from functools import cache
from importlib import resources
from pathlib import Path

_PACKAGE = Path(str(resources.files("peelstats")))


def package_dir() -> Path:
    """The folder of the peelstats package's own source."""
    return _PACKAGE


@cache
def data_dir() -> Path:
    """The folder of the tidy tables.

    In order: ``$PEELSTATS_DATA_DIR`` if set; the tables bundled in an installed wheel
    (``peelstats/_bundled_data``); the ``data/`` folder of a source checkout (editable
    install).
    """
    override = os.environ.get("PEELSTATS_DATA_DIR")
    if override:
        return Path(override)
    bundled = _PACKAGE / "_bundled_data"
    if bundled.is_dir():
        return bundled
    checkout = project_root() / "data"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(
        "peelstats cannot find its data tables: set PEELSTATS_DATA_DIR, or install "
        "peelstats from a wheel or a source checkout that has data/")


def cache_dir() -> Path | None:
    """The folder for caches that only save time (never data/), or None for no cache.

    ``$PEELSTATS_CACHE_DIR`` if set (empty: no cache), else ``$XDG_CACHE_HOME/peelstats``,
    else ``~/.cache/peelstats``.
    """
    override = os.environ.get("PEELSTATS_CACHE_DIR")
    if override is not None:
        return Path(override) if override else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "peelstats"


def project_root() -> Path:
    """The source checkout that holds this package (src layout: two levels up)."""
    return _PACKAGE.parent.parent


def notebooks_dir() -> Path:
    """The folder of the analysis notebooks of a source checkout."""
    return project_root() / "notebooks"


def examples_dir() -> Path:
    """The folder of the example inputs (an indicator table, a groups file): data/examples."""
    return data_dir() / "examples"
