"""What a report notebook displays besides charts: heading, data note, figures, sentences."""

from __future__ import annotations

import html
from collections.abc import Iterable

from IPython.display import Markdown

from peelstats import data
from peelstats.figures import FIGURE_FIELDS, Figure, Figures, wording
from peelstats.reports import _figures
from peelstats.reports.parameters import ReportParameters

TOTAL_OFFENCE = data.TOTAL_RECORDED_CRIME


def heading(parameters: ReportParameters, what: str = "force profile") -> Markdown:
    """The report's title line: force, what it is, period (``YE Mar 2019``)."""
    return Markdown(f"# {parameters.area_name}: {what}, {wording.period(parameters.period)}")


# The report table: what a reader compares, in words; every field is in figures.csv/json.
_TABLE_COLUMNS = {"measure": "Measure", "period": "Period", "value": "Value (95% CI)",
                  "comparator": "Compared with", "verdict": "Verdict",
                  "judgement": "Judgement", "p_value": "p-value"}


def figures_table(figures: Figures) -> str:
    """The figures as a compact HTML table, then their sources as a numbered list."""
    frame = figures.display_frame()
    sources = list(dict.fromkeys(source for source in frame["source"] if source))
    frame["period"] = [wording.period(value) if value else "" for value in frame["period"]]
    frame["measure"] = [
        f"{measure} [{sources.index(source) + 1}]" if source else measure
        for measure, source in zip(frame["measure"], frame["source"], strict=True)]
    table = frame[list(_TABLE_COLUMNS)].rename(columns=_TABLE_COLUMNS).to_html(
        index=False, escape=True, border=0, classes="peelstats-figures")
    notes = "".join(f"<li>{html.escape(source)}</li>" for source in sources)
    return table + (f"<p>Sources:</p><ol class='peelstats-sources'>{notes}</ol>" if notes else "")


def show_figures(figures: Iterable[Figure]) -> None:
    """Display the figures as a table and hand the same figures to the report's CSV and JSON.

    The displayed output carries the figures' fields (`FIGURE_FIELDS`) as JSON under a
    peelstats MIME type; ``peelstats report`` writes figures.csv and figures.json from it.
    """
    figures = figures if isinstance(figures, Figures) else Figures(figures)
    _figures.show_figures(figures.to_dicts(), FIGURE_FIELDS, figures_table(figures),
                          str(figures) or "(no figures)")


def data_note(parameters: ReportParameters) -> Markdown:
    """Say plainly whether the tables have the force's recorded crime for the period.

    Greater Manchester Police supplied no recorded crime for the ONS editions of YE Sep and
    YE Dec 2019: its report says so at the top instead of failing.
    """
    crime = data.recorded_crime()
    total = crime.loc[(crime["area_code"] == parameters.area_code)
                      & (crime["period"] == parameters.period)
                      & (crime["offence"] == TOTAL_OFFENCE), "count"]
    period = wording.period(parameters.period)
    if total.notna().any():
        return Markdown(
            f"Recorded crime for the 12 months ending {period[3:]} ({period}), from the Home "
            f"Office and ONS tables bundled with peelstats; each rate is compared with the rest "
            f"of England and Wales.")
    return Markdown(
        f"**There are no recorded crime figures for {parameters.area_name} in {period}.** "
        f"The published tables for this period have no counts for the force, so its crime "
        f"figures below are marked not available and the charts show the other forces. "
        f"England and Wales totals for this period leave {parameters.area_name} out.")


def sentences(figures: Iterable[Figure]) -> Markdown:
    """The figures' sentences as a bulleted list, ready to quote."""
    return Markdown("\n".join(f"- {figure.sentence}" for figure in figures))
