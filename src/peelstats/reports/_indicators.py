"""Deprecated: moved to `peelstats.notebook.indicators` (the helpers notebooks call live in
`peelstats.notebook`, apart from the batch runner). This module re-exports the old names,
and warns when it is imported."""

import warnings

from peelstats.notebook.indicators import (  # noqa: F401
    EXAMPLE_INDICATORS,
    IndicatorParameters,
    validate_indicator_parameters,
)

warnings.warn("peelstats.reports._indicators is deprecated: import from peelstats.notebook"
              " (or peelstats.notebook.indicators)", DeprecationWarning, stacklevel=2)
