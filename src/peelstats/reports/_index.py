"""A way into a batch: ``OUT/<period>/index.html``, the combined figures, the national charts.

After every batch run the period folder gets, rebuilt from the reports it holds
(`_entries.read_entries`):

- ``index.html``: every force in one table of its headline figures (crime excluding fraud
  and its four-year change: value, verdict, position, judgement, and the count of all its
  figures' judgements), sortable by a click on a column heading (a small inline script; the
  page needs nothing from the network), a link to each report, failed forces listed as
  failed with their error, the national forest and funnel charts, and the batch's stamp;
- ``figures.csv`` and ``figures.xlsx``: every report's figures in one table, the reports'
  figures.json one after the other, with the columns of a report's figures.csv;
- ``forest.svg``, ``forest.png``, ``funnel.svg``, ``funnel.png``: the national charts of
  crime excluding fraud for the period, as the reports draw them.

Each file is written atomically (`_output.write_file`), and only when its bytes change, so
a run that changes nothing leaves the folder as it was; the charts and tables go first and
the page last, so the page never links to a file that is not there yet. Every byte comes
from the reports and the data tables, none from the clock.
"""

from __future__ import annotations

import html
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from peelstats import data, plots
from peelstats.figures import wording
from peelstats.figures.export import to_csv
from peelstats.figures.position import LEFT_OUT
from peelstats.figures.xlsx import to_xlsx
from peelstats.notebook.marks import JUDGEMENT_WORDS, judgement_cell
from peelstats.notebook.national import national_rates
from peelstats.notebook.parameters import all_areas
from peelstats.reports import _output
from peelstats.reports._entries import Entry, combined_payload, read_entries
from peelstats.reports._stamp import Stamp

INDEX_NAME = "index.html"
CHARTS = ("forest", "funnel")
#: Every file the index writes into the period folder, in the order written.
INDEX_FILES = (*(f"{chart}.{fmt}" for chart in CHARTS for fmt in ("png", "svg")),
               "figures.csv", "figures.xlsx", INDEX_NAME)
#: The sort order of judgements: better first, not judged last.
_JUDGEMENT_ORDER = {judgement: number for number, judgement in enumerate(JUDGEMENT_WORDS)}
_COUNTED = ("better", "similar", "worse")


@dataclass(frozen=True)
class _Headline:
    measure: str
    heading: str
    change: bool            # a percent change (else a rate in the figure's unit)
    verdicts: bool          # show the verdict and the position beside the judgement
    value: bool = True      # show the value (else the judgement alone)


_HEADLINES = (
    _Headline("crime_excluding_fraud_rate", "Crime excluding fraud, per 1,000 population",
              change=False, verdicts=True),
    _Headline("crime_excluding_fraud_change_4y", "Its change over four years",
              change=True, verdicts=False),
)
# A Community Safety Partnership's: its rate against England and Wales, and its judgement
# against the rest of its force (the same rate, so not shown twice).
_CSP_HEADLINES = (
    _Headline("crime_excluding_fraud_rate_vs_england_and_wales",
              "Crime excluding fraud, per 1,000 population", change=False, verdicts=True),
    _Headline("crime_excluding_fraud_rate_vs_force", "Against the rest of its force",
              change=False, verdicts=False, value=False),
)

_CSS = """<style>
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a;
  max-width: 84rem; margin: 0 auto; padding: 1.5rem 2rem 3rem; font-size: 15px;
  line-height: 1.5; }
h1 { font-size: 1.6rem; margin: 0 0 0.5rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 0.5rem; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 13px; line-height: 1.35; }
th, td { padding: 0.3rem 0.45rem; border-bottom: 1px solid #d0d0d0; text-align: left;
  vertical-align: top; }
th { background: #f4f4f4; }
th button { font: inherit; font-weight: 600; background: none; border: 0; padding: 0;
  cursor: pointer; text-align: left; color: inherit; }
th[aria-sort="ascending"] button::after { content: " \\25B2"; }
th[aria-sort="descending"] button::after { content: " \\25BC"; }
td.count { text-align: right; }
td.judgement, td.position { white-space: nowrap; }
td.value { min-width: 10rem; }
td.failed { color: #7a3e00; }
.peelstats-stamp, .note { font-size: 13px; color: #444; }
.peelstats-stamp { margin-top: 2rem; padding-top: 0.5rem; border-top: 1px solid #d0d0d0; }
img { max-width: 100%; height: auto; }
@media (max-width: 62rem), print {
  body { padding: 1rem 0.5rem 2rem; }
  table { font-size: 11px; }
  th, td { padding: 0.2rem 0.25rem; }
  td.position { white-space: normal; }
  td.value { min-width: 6rem; }
}
@media print {
  th button::after { content: "" !important; }
  tr, figure { break-inside: avoid; }
}
</style>
"""

# Sorts the table by the column whose heading is clicked, again for the other way round;
# a cell's data-sort (a number, or a rank) is its key, else its text; empty keys, and the
# other cells of a failed force, go last either way.
_SCRIPT = """<script>
document.querySelectorAll("table.sortable").forEach(function (table) {
  var headings = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(headings, function (heading, column) {
    heading.querySelector("button").addEventListener("click", function () {
      var up = heading.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(headings, function (h) { h.removeAttribute("aria-sort"); });
      heading.setAttribute("aria-sort", up ? "ascending" : "descending");
      var key = function (row) {
        if (row.hasAttribute("data-failed") && column > 0) { return ""; }
        var cell = row.cells[column];
        if (!cell) { return ""; }
        return cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort")
                                              : cell.textContent.trim();
      };
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        if (x === "" || y === "") { return (x === "") - (y === ""); }
        var order = (isNaN(x) || isNaN(y)) ? x.localeCompare(y) : Number(x) - Number(y);
        return up ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
});
</script>
"""


def _escape(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _sort_key(value: Any) -> str:
    """A number as the sorting script reads it (no rounding: the order is the values')."""
    return "" if value is None else repr(float(value))


def _value_cell(figure: dict[str, Any] | None, *, change: bool) -> str:
    if figure is None:
        return '<td class="value" data-sort="">no figure</td>'
    if change:
        each = wording.PER_YEAR if figure["unit"] == wording.PERCENT_A_YEAR else ""
        text = wording.change_with_interval(figure["value"], figure["lower"],
                                            figure["upper"], confidence=figure["confidence"],
                                            each=each)
    else:
        text = wording.value_with_interval(figure["value"], figure["lower"], figure["upper"],
                                           confidence=figure["confidence"])
    return (f'<td class="value" data-sort="{_sort_key(figure["value"])}" '
            f'title="{_escape(figure["sentence"])}">{_escape(text)}</td>')


def _judgement_cell(figure: dict[str, Any] | None) -> str:
    judgement = "not judged" if figure is None else figure["judgement"]
    return (f'<td class="judgement" '
            f'data-sort="{_JUDGEMENT_ORDER.get(judgement, len(_JUDGEMENT_ORDER))}">'
            f'{judgement_cell(judgement)}</td>')


def _row(entry: Entry, columns: int, headlines: tuple[_Headline, ...] = _HEADLINES) -> str:
    link = f"{entry.slug}/report.html"
    if entry.failed:
        earlier = (f' (<a href="{_escape(link)}">an earlier report</a> is kept)'
                   if entry.has_report else "")
        kept = (f' The notebook is kept: <a href="{_escape(entry.slug)}/'
                f'{_output.FAILED_NAME}">{_escape(entry.slug)}/{_output.FAILED_NAME}</a>.'
                if entry.failed_notebook else "")
        return (f'<tr data-failed=""><td>{_escape(entry.name)}</td>'
                f'<td class="failed" colspan="{columns - 1}"><strong>failed</strong>: '
                f'{_escape(entry.error)}{earlier}.{kept}</td></tr>')
    cells = [f'<td><a href="{_escape(link)}">{_escape(entry.name)}</a></td>']
    for headline in headlines:
        figure = entry.figure(headline.measure)
        if headline.value:
            cells.append(_value_cell(figure, change=headline.change))
        if headline.verdicts:
            verdict = "" if figure is None else figure["verdict"]
            position = "" if figure is None else figure["position"]
            cells.append(f"<td>{_escape(wording.verdict_word(verdict))}</td>")
            # The position's own word (above, below, within the range expected): the
            # heading and the note say the rest, so that 43 rows stay short.
            cells.append(f'<td class="position" '
                         f'title="{_escape(wording.position_word(position))}">'
                         f"{_escape(position or 'no funnel')}</td>")
        cells.append(_judgement_cell(figure))
    for judgement in _COUNTED:
        count = sum(row["judgement"] == judgement for row in entry.figures)
        cells.append(f'<td class="count" data-sort="{count}">{count}</td>')
    return "<tr>" + "".join(cells) + "</tr>"


def _interval_label(entries: list[Entry]) -> str:
    """``95% CI`` when the figures share one level (a batch's reports do), else ``CI``."""
    levels = {row["confidence"] for entry in entries for row in entry.figures
              if isinstance(row.get("confidence"), float)}
    return wording.confidence_label(levels.pop()) if len(levels) == 1 else "CI"


def _table(entries: list[Entry], headlines: tuple[_Headline, ...] = _HEADLINES,
           *, first: str = "Force", among: str = "the forces") -> str:
    headings = [first]
    interval = _interval_label(entries)
    for headline in headlines:
        if headline.value:
            headings.append(f"{headline.heading} ({interval})")
        if headline.verdicts:
            headings += ["Against the rest", f"Among {among} (range expected)"]
        headings.append("Judgement" if headline.value else f"{headline.heading}: judgement")
    headings += ["All figures: better", "broadly in line", "worse"]
    head = "".join(f'<th scope="col"><button type="button">{_escape(text)}</button></th>'
                   for text in headings)
    rows = "\n".join(_row(entry, len(headings), headlines) for entry in entries)
    return (f'<table class="sortable"><thead><tr>{head}</tr></thead>\n'
            f"<tbody>\n{rows}\n</tbody></table>")


def _count_line(entries: list[Entry], period: str) -> str:
    """How many forces have a report, how many failed, how many are not in the folder
    (`entries`: the forces')."""
    if not entries:
        return "<p>No force report is in this folder.</p>"
    reports = sum(not entry.failed for entry in entries)
    failed = len(entries) - reports
    forces = len(all_areas())
    text = (f"{len(entries)} of the {forces} forces: {reports} "
            f"{'report' if reports == 1 else 'reports'} for {wording.period(period)}"
            + (f", {failed} failed (listed as failed in the table)" if failed else "") + ".")
    if len(entries) < forces:
        text += (f" No report for the other {forces - len(entries)} forces is in this "
                 f"folder.")
    return f"<p>{_escape(text)}</p>"


@dataclass(frozen=True)
class _Charts:
    """The national charts as files, and what the page says beside them."""

    files: dict[str, bytes]
    england_and_wales: str     # the England and Wales rate, in words
    drawn: dict[str, str]      # each chart: what it draws (the chart's own note)
    problem: str | None = None  # why there are no charts


def national_charts(period: str) -> _Charts:
    """The forest and funnel charts of crime excluding fraud for `period`, drawn as the
    reports draw them (`peelstats.notebook.national_rates`), as PNG and SVG bytes
    (`peelstats.plots.save_figure`: the same bytes for the same chart)."""
    try:
        national = national_rates(data.TOTAL_RECORDED_CRIME, period)
    except ValueError as error:  # a period without a rate for every force: said on the page
        return _Charts({}, "", {}, str(error))
    figures = {"forest": national.forest(leave_out=LEFT_OUT), "funnel": national.funnel()}
    files = {}
    with tempfile.TemporaryDirectory(prefix="peelstats-charts-") as folder:
        for name, figure in figures.items():
            for path in plots.save_figure(figure, Path(folder) / name):
                files[path.name] = path.read_bytes()
    total = national.england_and_wales
    return _Charts(files, wording.value_with_interval(
        float(total.value), float(total.lower), float(total.upper), unit=national.unit),
        {"forest": national.drawn_note(leave_out=LEFT_OUT),
         "funnel": national.drawn_note(leave_out=LEFT_OUT)})


def _charts_section(charts: _Charts) -> str:
    if charts.problem is not None:
        return (f"<h2>Crime excluding fraud across the forces</h2>"
                f"<p>The national charts cannot be drawn for this period: "
                f"{_escape(charts.problem)}</p>")
    sections = {
        "forest": ("Crime excluding fraud across the forces",
                   "Each force's rate per 1,000 population with its 95% interval, lowest at "
                   "the top; England and Wales is the dashed line."),
        "funnel": ("Is a force unusual? The funnel plot",
                   "The same rates against each force's population, with the limits within "
                   "which a rate would fall by chance alone (95% dashed, 99.8% solid), "
                   "allowing for over-dispersion (Spiegelhalter 2005): the Among the forces "
                   "column of the table is read from this funnel."),
    }
    parts = [f"<p>England and Wales: {_escape(charts.england_and_wales)}.</p>"]
    for name, (heading, text) in sections.items():
        parts.append(
            f"<h2>{_escape(heading)}</h2><p>{_escape(text)} {_escape(charts.drawn[name])}"
            f"</p><figure><img src=\"{name}.svg\" alt=\"Chart: {_escape(heading)}\">"
            f"</figure><p class=\"note\">The chart as a PNG image: "
            f"<a href=\"{name}.png\">{name}.png</a>; as SVG: "
            f"<a href=\"{name}.svg\">{name}.svg</a>.</p>")
    return "".join(parts)


def index_page(period: str, entries: list[Entry], stamp: Stamp, charts: _Charts) -> bytes:
    """The index page of a period folder (see the module docstring)."""
    combined = sum(len(entry.figures) for entry in entries if not entry.failed)
    forces = [entry for entry in entries if entry.force]
    csps = [entry for entry in entries if not entry.force]
    what = "Force and Community Safety Partnership reports" if csps else "Force reports"
    title = f"{what}, {wording.period(period)}"
    among = "the Community Safety Partnerships"  # as a CSP report's table says it
    csp_section = "" if not csps else (
        f"<h2>Community Safety Partnerships</h2>\n"
        f"<p>{len(csps)} Community Safety Partnership "
        f"{'report' if len(csps) == 1 else 'reports'}"
        + (f", {sum(entry.failed for entry in csps)} failed" if any(
            entry.failed for entry in csps) else "")
        + ": the rate against England and Wales, with its verdict, position and judgement, "
          "and the judgement against the rest of its force.</p>\n"
        f"{_table(csps, _CSP_HEADLINES, first='Community Safety Partnership', among=among)}\n")
    body = (
        f"<h1>{_escape(title)}</h1>\n"
        f"{_count_line(forces, period)}\n"
        f"<p>Every report's figures in one table ({combined} figures, the columns of a "
        f"report's figures.csv): <a href=\"figures.csv\">figures.csv</a>, "
        f"<a href=\"figures.xlsx\">figures.xlsx</a>.</p>\n"
        f"<h2>Headline figures</h2>\n"
        f"<p class=\"note\">Crime excluding fraud for each force, and its change over four "
        f"years; a value's sentence shows when the pointer rests on it. <em>Against the "
        f"rest</em>: higher or lower than the rest of England and Wales (the plain test). "
        f"<em>Among the forces</em>: above, below or within the range expected (the funnel "
        f"adjusted for over-dispersion). The judgement reads the position among the forces where "
        f"there is one, else the comparison with the rest, through the polarity (lower "
        f"crime is better); it is marked by its word and its colour. The last three columns "
        f"count the judgements of all of a report's figures. Click a column heading to "
        f"sort by it.</p>\n"
        f"{_table(forces) if forces else ''}\n"
        f"{csp_section}"
        f"{_charts_section(charts)}\n"
        f"{stamp.html()}\n")
    page = ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{_escape(title)}</title>\n{_CSS}</head>\n<body>\n{body}{_SCRIPT}"
            "</body>\n</html>\n")
    return page.encode("utf-8")


def index_files(folder: Path, period: str, stamp: Stamp, *,
                failures: Mapping[str, str] | None = None) -> dict[str, bytes]:
    """Every file of the index of period folder `folder` (`INDEX_FILES`), as bytes."""
    entries = read_entries(folder, failures=failures)
    charts = national_charts(period)
    payload = combined_payload(entries)
    files = dict(charts.files)
    files["figures.csv"] = to_csv(payload)
    files["figures.xlsx"] = to_xlsx(payload, sheet="figures")
    files[INDEX_NAME] = index_page(period, entries, stamp, charts)
    return {name: files[name] for name in INDEX_FILES if name in files}


def write_index(folder: Path, period: str, stamp: Stamp, *,
                failures: Mapping[str, str] | None = None) -> Path:
    """Rebuild the index of period folder `folder` from the reports it holds; `failures`
    maps a force's folder name to the error of this run's failed report. Returns the
    index page's path. Raises OSError when a file cannot be written (earlier files stay)."""
    folder = Path(folder)
    for name, content in index_files(folder, period, stamp, failures=failures).items():
        path = folder / name
        if path.is_file() and path.read_bytes() == content:
            continue  # unchanged: its time stays, and nothing is written
        _output.write_file(path, content)
    return folder / INDEX_NAME
