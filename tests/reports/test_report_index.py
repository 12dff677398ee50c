"""The way into a batch: OUT/<period>/index.html, the combined figures.csv and figures.xlsx,
the national charts, and the stamp on every page.

One real batch, shared by a module-scoped fixture as tests/test_reports.py shares its runs
(kernels take seconds to start): YE Dec 2019, one warm kernel (--jobs 1), Cambridgeshire,
Greater Manchester (no recorded crime in that edition) and Kent, whose report fails (a
notebook with one cell that raises for Kent). Everything else reads what it wrote, or
builds an index from folders made by hand, with no kernel.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pandas as pd
import pytest

import peelstats
from peelstats._paths import data_dir
from peelstats._version import version as peelstats_version
from peelstats.cli import main
from peelstats.figures import FIGURE_FIELDS
from peelstats.reports import _entries, _index, _output
from peelstats.reports._stamp import period_stamp

PERIOD = "2019-12"
AREAS = ("Cambridgeshire", "Greater Manchester", "Kent")
MADE = ("cambridgeshire", "greater-manchester")  # the reports made; Kent's fails
CHROMIUM = Path("/usr/bin/chromium")
needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not "
                                    "installed (.ci/run installs it)")


def _report(out: Path, *args: str) -> tuple[int, str]:
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = main(["report", "--period", PERIOD, "--out", str(out), "--no-progress", *args])
    return code, printed.getvalue()


@pytest.fixture(scope="module")
def batch(tmp_path_factory, failing_notebook):
    """(period folder, exit code, what the run printed, the failing notebook)."""
    out = tmp_path_factory.mktemp("index")
    notebook = failing_notebook(out / "failing.ipynb")
    areas = [arg for area in AREAS for arg in ("--area", area)]
    code, printed = _report(out, "--notebook", str(notebook), "--jobs", "1", *areas)
    return out / PERIOD, code, printed, notebook


class _Page(HTMLParser):
    """The parts of a page the tests read: links, images, the table's rows, the title."""

    def __init__(self, text: str):
        super().__init__()
        self.links: list[str] = []
        self.images: list[str] = []
        self.rows: list[dict] = []
        self.title = ""
        self._in_title = False
        self._in_body = False
        self._cell: list[str] | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
        elif tag == "img":
            self.images.append(attrs["src"])
        elif tag == "title":
            self._in_title = True
        elif tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self.rows.append({"failed": "data-failed" in attrs, "cells": []})
        elif tag == "td" and self._in_body:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag == "tbody":
            self._in_body = False
        elif tag == "td" and self._cell is not None:
            self.rows[-1]["cells"].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self._cell is not None:
            self._cell.append(data)


def _page(path: Path) -> _Page:
    return _Page(path.read_text(encoding="utf-8"))


# -- what the batch writes ------------------------------------------------------------------

def test_the_batch_writes_the_index_files(batch):
    folder, code, printed, _ = batch
    assert code == 1  # Kent failed
    assert f"index of every report in {folder}: {folder / 'index.html'}" in printed
    for name in _index.INDEX_FILES:
        assert (folder / name).is_file(), name
    assert not [p.name for p in folder.iterdir() if p.name.startswith(".")]


def test_the_index_lists_every_force_and_the_failed_one_as_failed(batch):
    folder, _, _, _ = batch
    page = _page(folder / "index.html")
    assert page.title == "Force reports, YE Dec 2019"
    assert [row["cells"][0] for row in page.rows] == list(AREAS)
    failed = {row["cells"][0]: row for row in page.rows if row["failed"]}
    assert list(failed) == ["Kent"]
    assert failed["Kent"]["cells"][1].startswith(
        "failed: RuntimeError: deliberate failure for Kent.")
    assert "kent/report.failed.ipynb" in failed["Kent"]["cells"][1]
    text = (folder / "index.html").read_text(encoding="utf-8")
    assert "3 of the 43 forces: 2 reports for YE Dec 2019, 1 failed" in text
    assert "No report for the other 40 forces is in this folder." in text


def test_each_row_shows_the_reports_headline_figures(batch):
    """A row's verdict, position and judgement are those of the report's figures.json."""
    folder, _, _, _ = batch
    rows = {row["cells"][0]: row["cells"] for row in _page(folder / "index.html").rows}
    verdicts = {"higher": "higher", "lower": "lower", "similar": "broadly in line",
                "": "not compared"}
    positions = {"above": "above", "below": "below", "within": "within", "": "no funnel"}
    judgements = {"better": "better", "worse": "worse", "similar": "broadly in line",
                  "not judged": "not judged"}
    for slug, name in {"cambridgeshire": "Cambridgeshire",
                       "greater-manchester": "Greater Manchester"}.items():
        figures = json.loads((folder / slug / "figures.json").read_text(encoding="utf-8"))
        crime = {f["measure"]: f for f in figures}["crime_excluding_fraud_rate"]
        change = {f["measure"]: f for f in figures}["crime_excluding_fraud_change_4y"]
        cells = rows[name]
        assert cells[2:5] == [verdicts[crime["verdict"]], positions[crime["position"]],
                              judgements[crime["judgement"]]], name
        assert cells[6] == judgements[change["judgement"]], name
        assert [int(c) for c in cells[7:10]] == [
            sum(f["judgement"] == j for f in figures) for j in ("better", "similar", "worse")]
    # Greater Manchester supplied no count for YE Dec 2019.
    assert rows["Greater Manchester"][1] == "not available"


def test_every_link_resolves_to_a_file(batch):
    folder, _, _, _ = batch
    page = _page(folder / "index.html")
    assert {f"{slug}/report.html" for slug in MADE} <= set(page.links)
    assert sorted(page.images) == ["forest.svg", "funnel.svg"]
    for target in page.links + page.images:
        assert not re.match(r"[a-z]+:", target), f"not a relative link: {target}"
        assert (folder / target).is_file(), target
    for slug in MADE:  # each report links back to the index
        links = _page(folder / slug / "report.html").links
        assert "../index.html" in links
        assert (folder / slug / "../index.html").resolve() == (folder / "index.html").resolve()


def test_the_combined_csv_is_the_reports_csvs_one_after_the_other(batch):
    folder, _, _, _ = batch
    combined = (folder / "figures.csv").read_text(encoding="utf-8").splitlines()
    parts = [(folder / slug / "figures.csv").read_text(encoding="utf-8").splitlines()
             for slug in MADE]
    assert all(part[0] == combined[0] for part in parts)  # the same columns
    assert combined == [combined[0]] + [line for part in parts for line in part[1:]]
    table = pd.read_csv(folder / "figures.csv")
    names = {"Cambridgeshire", "Greater Manchester"}
    assert set(table["area_name"]) == names  # the failed Kent's figures are not in it
    for slug in MADE:
        figures = json.loads((folder / slug / "figures.json").read_text(encoding="utf-8"))
        assert (table["area_code"] == figures[0]["area_code"]).sum() == len(figures)


def test_the_xlsx_reads_back_to_the_csv(batch):
    folder, _, _, _ = batch
    csv = pd.read_csv(folder / "figures.csv")
    xlsx = pd.read_excel(folder / "figures.xlsx", sheet_name="figures")
    assert list(xlsx.columns) == list(csv.columns)
    pd.testing.assert_frame_equal(xlsx, csv, check_dtype=False)


def test_the_stamp_is_on_every_page(batch):
    """Version, data manifest, edition and newest data, each worked out here from the
    files themselves."""
    folder, _, _, _ = batch
    manifest = hashlib.sha256((data_dir() / "MANIFEST.csv").read_bytes()).hexdigest()[:12]
    crime = pd.read_csv(data_dir() / "recorded_crime.csv", dtype=str)
    newest = max(crime["period"])  # YYYY-MM sorts as text
    months = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]
    newest_words = f"{months[int(newest[5:]) - 1]} {newest[:4]}"
    sources = set(crime.loc[crime["period"] == PERIOD, "source"])
    assert sources == {"ons_pfa_tables"}
    stamp = period_stamp(PERIOD).text()
    assert f"peelstats {peelstats_version()} " in stamp
    assert f"MANIFEST.csv {manifest}" in stamp
    assert f"newest data: recorded crime to {newest_words}" in stamp
    assert "ONS police force area data tables, Table P1, YE Dec 2019 edition" in stamp
    for page in [folder / "index.html"] + [folder / slug / "report.html" for slug in MADE]:
        assert html.escape(stamp) in page.read_text(encoding="utf-8"), page


def test_the_stamp_names_the_home_office_series_before_the_ons_editions():
    stamp = period_stamp("2014-06")
    assert stamp.editions == ("Home Office police recorded crime by police force area",)
    assert stamp.period == "2014-06" and "YE Jun 2014" in stamp.text()


def test_the_index_is_the_same_bytes_when_built_again(batch, tmp_path):
    """Built again in another process, from a copy of the folder: the same bytes."""
    folder, _, _, _ = batch
    copy = tmp_path / PERIOD
    shutil.copytree(folder, copy, ignore=shutil.ignore_patterns(*_index.INDEX_FILES))
    source = str(Path(peelstats.__file__).parents[1])
    code = ("import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]); "
            "from peelstats.reports import _index; "
            "from peelstats.reports._stamp import period_stamp; "
            "_index.write_index(Path(sys.argv[2]), sys.argv[3], period_stamp(sys.argv[3]))")
    subprocess.run([sys.executable, "-c", code, source, str(copy), PERIOD], check=True,
                   timeout=300)
    for name in _index.INDEX_FILES:
        assert (copy / name).read_bytes() == (folder / name).read_bytes(), name


def test_a_run_that_skips_every_report_rebuilds_the_index(batch):
    """Cambridgeshire alone, up to date: the index is made again from the folders (with
    Kent still failed, from its kept notebook); files whose bytes do not change keep
    their times."""
    folder, _, _, notebook = batch
    (folder / "index.html").unlink()
    (folder / "figures.xlsx").write_bytes(b"stale")
    kept = {name: (folder / name).stat().st_mtime_ns
            for name in ("figures.csv", "forest.png", "funnel.svg")}
    code, printed = _report(folder.parent, "--notebook", str(notebook),
                            "--area", "Cambridgeshire")
    assert code == 0, printed
    assert "0 written, 1 up to date (skipped), 0 failed" in printed
    page = _page(folder / "index.html")
    assert [row["cells"][0] for row in page.rows] == list(AREAS)
    assert [row["cells"][0] for row in page.rows if row["failed"]] == ["Kent"]
    assert (folder / "figures.xlsx").read_bytes()[:2] == b"PK"  # rewritten
    assert {name: (folder / name).stat().st_mtime_ns for name in kept} == kept


# -- in a browser ---------------------------------------------------------------------------

def _chromium(*args: str) -> str:
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    try:
        done = subprocess.run(
            [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", f"--user-data-dir={profile}", *args],
            check=True, capture_output=True, text=True, timeout=120)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return done.stdout


@needs_chromium
def test_a_browser_opens_the_index_and_follows_a_link(batch):
    folder, _, _, _ = batch
    index = (folder / "index.html").as_uri()
    page = _Page(_chromium("--dump-dom", index))
    assert page.title == "Force reports, YE Dec 2019"
    link = next(href for href in page.links if href.endswith("/report.html"))
    target = index.rsplit("/", 1)[0] + "/" + link
    report = _Page(_chromium("--dump-dom", target))
    assert report.title == "Cambridgeshire: force profile, YE Dec 2019"
    assert "../index.html" in report.links


@needs_chromium
def test_a_click_on_a_heading_sorts_the_table(batch, tmp_path):
    """The page's own script, run by the browser: clicks on the Force heading (twice: the
    other way round) and on the count of figures broadly in line."""
    folder, _, _, _ = batch
    text = (folder / "index.html").read_text(encoding="utf-8")

    def sorted_by(clicks: str) -> list[list[str]]:
        page = tmp_path / "index.html"
        page.write_text(text.replace("</body>", f"<script>{clicks}</script></body>"),
                        encoding="utf-8")
        return [row["cells"] for row in _Page(_chromium("--dump-dom", page.as_uri())).rows]

    heading = "document.querySelectorAll('thead th button')[{}].click();"
    rows = sorted_by(heading.format(0) * 2)
    assert [cells[0] for cells in rows] == list(reversed(AREAS))
    headings = re.findall(r'<th scope="col"><button type="button">([^<]*)</button>', text)
    column = headings.index("broadly in line")  # the count of figures broadly in line
    rows = sorted_by(heading.format(column))
    counts = [int(cells[column]) for cells in rows if len(cells) > column]
    assert counts == sorted(counts) and len(counts) == 2
    assert rows[-1][0] == "Kent"  # a failed force has no count: last


# -- without a kernel: folders made by hand -------------------------------------------------

def _figures_of(area: str, code: str) -> list[dict]:
    fields = list(FIGURE_FIELDS)
    record = dict.fromkeys(fields)
    record.update(id=f"{code}/{PERIOD}/crime_excluding_fraud_rate",
                  measure="crime_excluding_fraud_rate", area_name=area, area_code=code,
                  judgement="not judged", verdict="", position="", notes=[],
                  sentence="s", label="Crime excluding fraud")
    return [record]


def test_entries_say_what_is_wrong_with_a_folder(tmp_path):
    (tmp_path / "essex").mkdir()
    (tmp_path / "essex" / "figures.json").write_text("[{", encoding="utf-8")
    (tmp_path / "surrey").mkdir()
    (tmp_path / "surrey" / "figures.json").write_text('[{"id": "x"}]', encoding="utf-8")
    (tmp_path / "kent").mkdir()
    (tmp_path / "kent" / "figures.json").write_text(
        json.dumps(_figures_of("Kent", "E23000032")), encoding="utf-8")
    (tmp_path / "notes").mkdir()  # not a report: no report files
    (tmp_path / ".kent.abcd1234.tmp").mkdir()
    entries = _entries.read_entries(tmp_path, failures={
        "durham": "the report kernel could not start: boom"})
    found = {entry.slug: entry for entry in entries}
    assert [entry.name for entry in entries] == ["Durham", "Essex", "Kent", "Surrey"]
    assert found["essex"].error.startswith("figures.json cannot be read: ")
    assert found["surrey"].error.startswith("figures.json figure 1 has other fields than")
    assert found["durham"].error == "the report kernel could not start: boom"
    assert not found["durham"].has_report and found["kent"].error is None
    assert [row["area_name"] for row in _entries.combined_payload(entries)["figures"]] == [
        "Kent"]


def test_a_failed_notebook_says_the_error(tmp_path):
    (tmp_path / "kent").mkdir()
    nb = nbformat.v4.new_notebook()
    nb.metadata["peelstats"] = {"failure": "RuntimeError: deliberate"}
    nbformat.write(nb, str(tmp_path / "kent" / _output.FAILED_NAME))
    (tmp_path / "kent" / "report.html").write_text("earlier report", encoding="utf-8")
    (tmp_path / "kent" / "figures.json").write_text(
        json.dumps(_figures_of("Kent", "E23000032")), encoding="utf-8")
    [entry] = _entries.read_entries(tmp_path)
    assert entry.error == "RuntimeError: deliberate"  # not the earlier report's figures
    assert entry.figures == () and entry.has_report and entry.failed_notebook
    row = _index._row(entry, 10)
    assert 'colspan="9"' in row and "an earlier report</a> is kept" in row


def test_stale_index_files_are_cleaned_with_the_lock(tmp_path):
    for name in _index.INDEX_FILES:
        (tmp_path / f".{name}.ab12cd34.tmp").write_bytes(b"half")
    (tmp_path / ".index.html.tmp").write_bytes(b"not the runner's")
    with _output.locked(tmp_path):
        cleaned = _output.clean_stale(tmp_path)
    assert sorted(cleaned) == sorted(f".{name}.ab12cd34.tmp" for name in _index.INDEX_FILES)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".index.html.tmp"]


def test_a_full_disk_leaves_the_earlier_index(tmp_path, monkeypatch):
    (tmp_path / "index.html").write_bytes(b"earlier index")

    def full(path, content):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(_output, "write_file", full)
    with pytest.raises(OSError):
        _index.write_index(tmp_path, PERIOD, period_stamp(PERIOD))
    assert (tmp_path / "index.html").read_bytes() == b"earlier index"


def test_csp_reports_have_a_table_of_their_own(tmp_path):
    """A period folder with a force's and a CSP's report: the forces' count and table are
    the forces', the CSP is listed under its own heading, with a link."""
    (tmp_path / "kent").mkdir()
    (tmp_path / "kent" / "figures.json").write_text(
        json.dumps(_figures_of("Kent", "E23000032")), encoding="utf-8")
    csp = _figures_of("Peterborough", "E22000017")
    csp[0].update(measure="crime_excluding_fraud_rate_vs_england_and_wales",
                  id="E22000017/2019-12/crime_excluding_fraud_rate_vs_england_and_wales")
    (tmp_path / "peterborough").mkdir()
    (tmp_path / "peterborough" / "figures.json").write_text(json.dumps(csp),
                                                           encoding="utf-8")
    entries = _entries.read_entries(tmp_path)
    assert [(entry.name, entry.force) for entry in entries] == [("Kent", True),
                                                               ("Peterborough", False)]
    charts = _index._Charts({}, "", {}, "not drawn in this test")
    text = _index.index_page(PERIOD, entries, period_stamp(PERIOD), charts).decode("utf-8")
    assert "1 of the 43 forces: 1 report for YE Dec 2019." in text
    forces, csps = text.split("<h2>Community Safety Partnerships</h2>")
    assert "Kent" in forces and "Peterborough" not in forces
    assert '<a href="peterborough/report.html">Peterborough</a>' in csps
    assert "1 Community Safety Partnership report:" in csps
