"""Save a chart as PNG and SVG, byte-for-byte the same every time, never half-written."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from matplotlib.figure import Figure

from peelstats.plots._style import DPI, chart_style

#: No dates, no software version: the file depends on the chart alone (and the fonts).
_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
}


def save_figure(figure: Figure, path: str | os.PathLike[str]) -> tuple[Path, Path]:
    """Write `figure` to ``<path>.png`` and ``<path>.svg`` and return the two paths.

    Both files are deterministic: the SVG has a fixed hash salt (``svg.hashsalt``) for its
    element ids and no date, and neither file records the date or matplotlib's version,
    so saving the same chart twice gives identical bytes. Each file is written to a
    temporary file in the same folder and moved into place, so a reader never sees a
    half-written chart. A suffix on `path` (``.png`` or ``.svg``) is replaced.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from peelstats.plots._style import new_figure
    >>> figure = new_figure()
    >>> _ = figure.add_subplot().plot([1, 2, 3])
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     png, svg = save_figure(figure, pathlib.Path(folder) / "chart")
    ...     (png.name, svg.name)
    ('chart.png', 'chart.svg')
    """
    base = Path(path)
    if base.suffix.lower() in {".png", ".svg"}:
        base = base.with_suffix("")
    if not base.parent.is_dir():
        raise ValueError(f"path: folder {str(base.parent)!r} does not exist")
    written = []
    with chart_style():
        for fmt in ("png", "svg"):
            target = base.with_name(f"{base.name}.{fmt}")
            handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                                 dir=target.parent)
            try:
                with os.fdopen(handle, "wb") as stream:
                    # "tight": a title or source line wider than the axes is not cut off
                    # (the inline backend, which draws a report's charts, does the same).
                    figure.savefig(stream, format=fmt, dpi=DPI, metadata=_METADATA[fmt],
                                   bbox_inches="tight")
                os.chmod(temporary, 0o644)  # mkstemp makes files private
                os.replace(temporary, target)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
            written.append(target)
    return written[0], written[1]
