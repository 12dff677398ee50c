"""The data build: published source files in, tidy validated tables in data/ out.

Each tidy table has its own module here with a ``BUILDER``; ``registry.BUILDERS`` lists
them in build order. :func:`build` runs them all, collects every problem from every source
file, and writes nothing unless all pass: then it replaces the output folder as a whole
(see :func:`peelstats.data.build._output.write_directory`).
"""

from __future__ import annotations

from peelstats.data.build._run import build

__all__ = ["build"]
