"""Deprecated: moved to `peelstats.notebook.parameters` (the helpers notebooks call live in
`peelstats.notebook`, apart from the batch runner). This module re-exports the old names,
and warns when it is imported."""

import warnings

from peelstats.notebook.parameters import (  # noqa: F401
    ReportParameters,
    all_areas,
    periods,
    resolve_period,
    validate_confidence,
    validate_offence,
    validate_parameters,
    validate_period,
)

warnings.warn("peelstats.reports.parameters is deprecated: import from peelstats.notebook"
              " (or peelstats.notebook.parameters)", DeprecationWarning, stacklevel=2)
