"""The installed version of peelstats, read from the package metadata (no package import)."""

from __future__ import annotations

from functools import cache


@cache
def version() -> str:
    """The version pip installed, or ``0+unknown`` in a source tree that is not installed."""
    from importlib.metadata import PackageNotFoundError, version as installed

    try:
        return installed("peelstats")
    except PackageNotFoundError:
        return "0+unknown"
