"""Deprecated: moved to `peelstats.notebook.trend` (the helpers notebooks call live in
`peelstats.notebook`, apart from the batch runner). This module re-exports the old names,
and warns when it is imported."""

import warnings

from peelstats.notebook.trend import (  # noqa: F401
    trend_chart,
)

warnings.warn("peelstats.reports._trend is deprecated: import from peelstats.notebook"
              " (or peelstats.notebook.trend)", DeprecationWarning, stacklevel=2)
