"""Deprecated: moved to `peelstats.notebook.display` (the helpers notebooks call live in
`peelstats.notebook`, apart from the batch runner). This module re-exports the old names,
and warns when it is imported."""

import warnings

from peelstats.notebook.display import (  # noqa: F401
    FIGURES_MIMETYPE,
    JUDGEMENT_STYLE,
    TOTAL_OFFENCE,
    data_note,
    figures_table,
    heading,
    judgement_cell,
    report_notes,
    sentences,
    show_figures,
    summary,
)

warnings.warn("peelstats.reports._display is deprecated: import from peelstats.notebook"
              " (or peelstats.notebook.display)", DeprecationWarning, stacklevel=2)
