"""Deprecated: moved to `peelstats.notebook.national` (the helpers notebooks call live in
`peelstats.notebook`, apart from the batch runner). This module re-exports the old names,
and warns when it is imported."""

import warnings

from peelstats.notebook.national import (  # noqa: F401
    Denominator,
    NationalRates,
    national_rates,
)

warnings.warn("peelstats.reports._national is deprecated: import from peelstats.notebook"
              " (or peelstats.notebook.national)", DeprecationWarning, stacklevel=2)
