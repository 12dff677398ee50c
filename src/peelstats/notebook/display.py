"""What a report notebook displays besides charts: heading, data note, figures, sentences.

`show_figures` displays the figures' table together with their fields as JSON under
`FIGURES_MIMETYPE`; the batch runner (`peelstats.reports`) reads that output back from the
executed notebook into figures.csv and figures.json. HTML ignores the JSON part (an unknown
MIME type), nbval compares it like any other output.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable

from IPython.display import Markdown, display

from peelstats import data
from peelstats.figures import FIGURE_FIELDS, Figure, Figures, wording
from peelstats.figures.export import figures_payload
# The marks are shared with the batch's index page; the names stay importable from here.
from peelstats.notebook.marks import JUDGEMENT_STYLE, judgement_cell  # noqa: F401
from peelstats.notebook.parameters import ReportParameters

#: The MIME type under which `show_figures` displays the figures' fields.
FIGURES_MIMETYPE = "application/vnd.peelstats.figures+json"

TOTAL_OFFENCE = data.TOTAL_RECORDED_CRIME


def heading(parameters: ReportParameters, what: str = "force profile") -> Markdown:
    """The report's title line: force, what it is, period (``YE Mar 2019``)."""
    return Markdown(f"# {parameters.area_name}: {what}, {wording.period(parameters.period)}")


# The report table: what a reader compares, in words; every field is in figures.csv/json.
# The value's and the position's headings depend on the figures (`_table_columns`).
_TABLE_COLUMNS = {"measure": "Measure", "period": "Period", "value": "Value",
                  "comparator": "Compared with", "verdict": "Against the rest",
                  "position": "Among", "judgement": "Judgement",
                  "notes": "Notes", "p_value": "p-value"}


def _table_columns(figures: Figures, among: str) -> dict[str, str]:
    """The table's headings: the value's names the figures' level (``Value (95% CI)``)
    when they share one, the position's what the areas are (``Among the forces``)."""
    levels = {float(figure.confidence) for figure in figures
              if figure.confidence is not None and math.isfinite(figure.confidence)}
    value = (f"Value ({wording.confidence_label(levels.pop())})" if len(levels) == 1
             else "Value (CI)")
    return {**_TABLE_COLUMNS, "value": value, "position": f"Among {among}"}


def report_notes(figures: Iterable[Figure]) -> list[str]:
    """Every note of the figures, each once, in the order they first appear."""
    return list(dict.fromkeys(note for figure in figures for note in figure.notes))


def figures_table(figures: Figures, *, among: str = "the forces") -> str:
    """The figures as a compact HTML table, then their numbered notes and sources.

    Each note is said once (`report_notes`); a row refers to its notes by number, and to
    its source by number in brackets after the measure. `among` names the areas a
    figure's position is among (the heading ``Among the forces``).
    """
    frame = figures.display_frame()
    sources = list(dict.fromkeys(source for source in frame["source"] if source))
    notes = report_notes(figures)
    frame["period"] = [wording.period(value) if value else "" for value in frame["period"]]
    frame["measure"] = [
        html.escape(measure) + (f" [{sources.index(source) + 1}]" if source else "")
        for measure, source in zip(frame["measure"], frame["source"], strict=True)]
    frame["notes"] = [", ".join(str(number) for number in
                                sorted(notes.index(note) + 1 for note in row))
                      for row in frame["notes"]]
    frame["judgement"] = [judgement_cell(value) for value in frame["judgement"]]
    for column in ("period", "value", "comparator", "verdict", "position", "p_value"):
        frame[column] = [html.escape(str(value)) for value in frame[column]]
    columns = _table_columns(figures, among)
    table = frame[list(columns)].rename(columns=columns).to_html(
        index=False, escape=False, border=0, classes="peelstats-figures")
    listed = "".join(f"<li>{html.escape(note)}</li>" for note in notes)
    cited = "".join(f"<li>{html.escape(source)}</li>" for source in sources)
    return (table
            + (f"<p>Notes:</p><ol class='peelstats-notes'>{listed}</ol>" if listed else "")
            + (f"<p>Sources:</p><ol class='peelstats-sources'>{cited}</ol>" if cited else ""))


def summary(figures: Iterable[Figure], *, subject: str = "the force",
            among: str = "the forces") -> Markdown:
    """The key message: how many figures are better, broadly in line and worse.

    ``Of 14 judged figures: 3 better, 9 broadly in line, 2 worse.`` A figure is judged
    by its position among the areas (`among`: the forces, or the Community Safety
    Partnerships in a CSP's profile) where it has one, else against the rest of England
    and Wales (`peelstats.figures.judge`); `subject` is what the profile is of.
    """
    figures = list(figures)
    counts = {word: sum(figure.judgement == word for figure in figures)
              for word in ("better", "similar", "worse")}
    judged = sum(counts.values())
    placed = sum(bool(figure.position) for figure in figures
                 if figure.judgement in counts)
    how = (f"{placed} of them are judged by where {subject} stands among {among} (the "
           f"funnel adjusted for over-dispersion)")
    if placed < judged:
        how += ", the others against the rest of England and Wales"
    unjudged = len(figures) - judged
    if unjudged:
        how += (f"; {unjudged} figure{'s are' if unjudged > 1 else ' is'} not judged")
    return Markdown(
        f"**Of {judged} judged figures: {counts['better']} better, {counts['similar']} "
        f"broadly in line, {counts['worse']} worse.** {how}.")


def show_figures(figures: Iterable[Figure], *, among: str = "the forces") -> None:
    """Display the figures as a table and hand the same figures to the report's CSV and JSON.

    The displayed output carries the figures' fields (`FIGURE_FIELDS`) as JSON under a
    peelstats MIME type; ``peelstats report`` writes figures.csv and figures.json from it.
    `among` names the areas a figure's position is among (``the Community Safety
    Partnerships`` in a CSP's profile).
    """
    figures = figures if isinstance(figures, Figures) else Figures(figures)
    display({FIGURES_MIMETYPE: figures_payload(figures.to_dicts(), FIGURE_FIELDS),
             "text/html": figures_table(figures, among=among),
             "text/plain": str(figures) or "(no figures)"}, raw=True)


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
