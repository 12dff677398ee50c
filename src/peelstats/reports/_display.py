"""What a report notebook displays besides charts: its heading and its table of figures."""

from __future__ import annotations

from collections.abc import Iterable

from IPython.display import Markdown

from peelstats.figures import FIGURE_FIELDS, Figure, Figures, wording
from peelstats.reports import _figures
from peelstats.reports.parameters import ReportParameters


def heading(parameters: ReportParameters, what: str = "force profile") -> Markdown:
    """The report's title line: force, what it is, period (``YE Mar 2019``)."""
    return Markdown(f"# {parameters.area_name}: {what}, {wording.period(parameters.period)}")


def show_figures(figures: Iterable[Figure]) -> None:
    """Display the figures as a table and hand the same figures to the report's CSV and JSON.

    The displayed output carries the figures' fields (`FIGURE_FIELDS`) as JSON under a
    peelstats MIME type; ``peelstats report`` writes figures.csv and figures.json from it.
    """
    figures = figures if isinstance(figures, Figures) else Figures(figures)
    _figures.show_figures(figures.to_dicts(), FIGURE_FIELDS, figures._repr_html_(),
                          str(figures) or "(no figures)")
