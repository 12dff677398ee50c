"""The analyst's own indicator table and groups (read_indicators, read_groups,
indicator_figures, peelstats figures --indicators).

Where the expected values come from:
- 88.1 ± 1.3 percent (YE Jun 2014) "higher than" England and Wales 85.0 ± 0.2 percent, and
  "broadly in line with" 87.2 ± 1.3 percent (YE Jun 2013); "51 out of 60" cases: the HMIC
  PEEL 2014 inspection of Cambridgeshire Constabulary, held in
  data/examples/indicators.csv (its `source` column).
- The group comparator: computed by hand here as the sum of the other members' numerators
  over the sum of their denominators (HMICFRS's weighted average), and its verdict as
  `peelstats.compare` of the two proportions (the one engine the figure must use).
- The bad cells: each row of BAD_CELLS names a cell and what the error must say.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

import peelstats
from peelstats._paths import examples_dir
from peelstats.cli import main
from peelstats.data import DataFileError

EXAMPLE = examples_dir() / "indicators.csv"
GROUPS = examples_dir() / "groups_by_region.csv"
HEADER = "area,period,measure,label,kind,numerator,denominator,value,margin,per,polarity,source"
GOOD = "Kent,2014-06,arrests,Arrests,proportion,40,100,,,100,higher_is_better,own"


def _one_line(text):
    return " ".join(text.split())


def _write(tmp_path, *rows, header=HEADER, name="t.csv"):
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


# --- the seeds' sentences from the example file ---------------------------------------

def test_example_against_england_and_wales():
    figures = peelstats.indicator_figures(EXAMPLE, "Cambridgeshire", "2014-06")
    figure = figures["victim_satisfaction"]
    assert "88.1 percent (± 1.3 percent), which is higher than England and Wales at 85.0 " \
           "percent (± 0.2 percent)" in figure.sentence
    assert (figure.verdict, figure.judgement) == ("higher", "better")
    assert "51 out of 60" in figures["good_victim_care"].sentence


def test_example_against_the_previous_year():
    figure = peelstats.indicator_figures(EXAMPLE, "Cambs", "2014-06",
                                         versus="previous")["victim_satisfaction"]
    assert "broadly in line with the previous year (YE Jun 2013) at 87.2 percent (± 1.3 " \
           "percent)" in figure.sentence
    assert figure.verdict == "similar"


def test_example_verdicts_are_the_engines():
    table = peelstats.read_indicators(EXAMPLE)
    figure = peelstats.indicator_figures(table, "E23000023", "2014-06")["victim_satisfaction"]
    expected = peelstats.compare(peelstats.survey_proportion(0.881, 0.013),
                                 peelstats.survey_proportion(0.850, 0.002))
    assert figure.p_value == pytest.approx(expected.p_value)


def test_cli_prints_the_seeds_sentences(capsys):
    args = ["figures", "--indicators", str(EXAMPLE), "--area", "Cambridgeshire",
            "--period", "2014-06"]
    assert main(args) == 0
    assert "88.1 percent (± 1.3 percent), which is higher than England and Wales at 85.0 " \
           "percent (± 0.2 percent)" in _one_line(capsys.readouterr().out)
    assert main([*args, "--versus", "previous"]) == 0
    assert "broadly in line with the previous year (YE Jun 2013) at 87.2 percent (± 1.3 " \
           "percent)" in _one_line(capsys.readouterr().out)


@pytest.mark.parametrize("format", ["csv", "json"])
def test_cli_machine_formats(capsys, format):
    assert main(["figures", "--indicators", str(EXAMPLE), "--area", "Cambs", "--period",
                 "YE Jun 2014", "--format", format]) == 0
    assert "E23000023/2014-06/victim_satisfaction" in capsys.readouterr().out


def test_cli_xlsx(tmp_path):
    out = tmp_path / "f.xlsx"
    assert main(["figures", "--indicators", str(EXAMPLE), "--area", "Cambs", "--period",
                 "2014-06", "--out", str(out)]) == 0
    frame = pd.read_excel(out)
    assert frame["id"].tolist() == ["E23000023/2014-06/victim_satisfaction",
                                    "E23000023/2014-06/good_victim_care"]


def test_versus_needs_indicators(capsys):
    assert main(["figures", "--area", "Cambs", "--period", "2014-06", "--versus",
                 "previous"]) == 2
    assert "--versus needs --indicators" in capsys.readouterr().err


# --- bad cells ---------------------------------------------------------------------------

BAD_CELLS = [
    # (column, bad value, what the error must say)
    ("area", "Cambrigeshire", "close matches: 'Cambridgeshire'"),
    ("period", "2014-13", "expected YYYY-MM"),
    ("period", "2014-02-30", "YYYY-MM-DD"),
    ("measure", "Arrests %", "lower-case identifier"),
    ("kind", "ratio", "expected one of: proportion, rate, survey"),
    ("numerator", "101", "the numerator exceeds the denominator"),
    ("numerator", "-1", "a negative count"),
    ("denominator", "0", "above 0"),
    ("numerator", "forty", "expected a number"),
    ("per", "1000", "expected 100"),
    ("polarity", "up", "expected one of: higher_is_better"),
    ("source", "", "a value is required"),
    ("value", "40", "leave value empty"),
]


@pytest.mark.parametrize("column, value, reason", BAD_CELLS)
def test_each_bad_cell_is_named(tmp_path, column, value, reason):
    cells = dict(zip(HEADER.split(","), GOOD.split(","), strict=True))
    cells[column] = value
    path = _write(tmp_path, GOOD.replace("Kent", "Essex"), ",".join(cells.values()))
    with pytest.raises(DataFileError) as caught:
        peelstats.read_indicators(path)
    [problem] = caught.value.problems
    assert (problem.file, problem.row, problem.column, problem.value) == (
        str(path), 3, column, value)
    assert reason in problem.reason


def test_survey_cells(tmp_path):
    path = _write(tmp_path,
                  "Kent,2014-06,s,S,survey,,,,1.3,100,higher_is_better,own",
                  "Kent,2014-06,t,T,survey,,,101,1.3,100,higher_is_better,own",
                  "Kent,2014-06,u,U,survey,,,80,0,100,higher_is_better,own")
    with pytest.raises(DataFileError) as caught:
        peelstats.read_indicators(path)
    found = [(p.row, p.column, p.reason) for p in caught.value.problems]
    assert [(row, column) for row, column, _ in found] == [(2, "value"), (3, "value"),
                                                           (4, "margin")]
    assert "a margin without a value" in found[0][2]


def test_table_problems_are_all_collected(tmp_path):
    path = _write(tmp_path, GOOD, GOOD,
                  "Kent,2013-06,arrests,Arrests!,proportion,4,10,,,100,higher_is_better,own",
                  header=HEADER + ",notes")
    with pytest.raises(DataFileError) as caught:
        peelstats.read_indicators(path)
    reasons = [(p.row, p.column) for p in caught.value.problems]
    assert reasons == [(1, "notes"), (3, "measure"), (4, "label")]
    assert "duplicated area, period and measure" in caught.value.problems[1].reason


def test_missing_column_and_file(tmp_path):
    path = _write(tmp_path, "Kent,2014-06", header="area,period")
    with pytest.raises(DataFileError, match="column 'measure': missing column"):
        peelstats.read_indicators(path)
    with pytest.raises(DataFileError, match="no such file"):
        peelstats.read_indicators(tmp_path / "none.csv")


def test_cli_bad_table_is_a_usage_error(tmp_path, capsys):
    path = _write(tmp_path, GOOD.replace("40,100", "140,100"),
                  GOOD.replace("Kent", "Kentt"))
    assert main(["figures", "--indicators", str(path), "--area", "Kent", "--period",
                 "2014-06"]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "peelstats: error: --indicators: 2 problems:"
    assert lines[1].startswith(f"  {path}, row 2, column 'numerator', value '140':")
    assert lines[2].startswith(f"  {path}, row 3, column 'area', value 'Kentt':")


# --- CSV and XLSX --------------------------------------------------------------------------

def test_xlsx_and_csv_read_the_same_table(tmp_path):
    xlsx = tmp_path / "indicators.xlsx"
    # As a spreadsheet holds it: numbers as numbers, empty cells empty.
    pd.read_csv(EXAMPLE).to_excel(xlsx, index=False)
    pd.testing.assert_frame_equal(peelstats.read_indicators(xlsx),
                                  peelstats.read_indicators(EXAMPLE))


# --- groups ----------------------------------------------------------------------------------

def test_example_groups_are_the_regions():
    groups = peelstats.read_groups(GROUPS)
    forces = peelstats.data.forces()
    assert sorted(zip(groups["group"], groups["area_code"])) == sorted(
        zip(forces["region"], forces["area_code"]))


def test_group_comparator_by_hand(tmp_path):
    table = _write(tmp_path,
                   "Kent,2014-06,arrests,Arrests,proportion,40,100,,,100,higher_is_better,own",
                   "Essex,2014-06,arrests,Arrests,proportion,30,120,,,100,higher_is_better,own",
                   "Sussex,2014-06,arrests,Arrests,proportion,45,150,,,100,higher_is_better,own")
    groups = _write(tmp_path, "g,Kent", "g,Essex", "g,Sussex", "g,Surrey",
                    header="group,area", name="g.csv")
    figure = peelstats.indicator_figures(table, "Kent", "2014-06", versus="g",
                                         groups=groups)["arrests"]
    # Others pooled by hand: (30 + 45) / (120 + 150) = 75 / 270.
    assert figure.comparator_value == pytest.approx(100 * 75 / 270)
    expected = peelstats.compare(peelstats.proportion(40, 100), peelstats.proportion(75, 270))
    assert figure.verdict == expected.verdict
    assert figure.p_value == pytest.approx(expected.p_value)
    # Kent 40.0 percent, Sussex 30.0, Essex 25.0: Kent is the highest of three.
    assert "Kent is the highest of 3 forces with a figure in the group g" in " ".join(figure.notes)  # a qualifier: a note
    assert "without a figure: Surrey" in " ".join(figure.notes)


def test_groups_problems(tmp_path):
    groups = _write(tmp_path, "g,Kent", "g,kent", "h,Esex", "i,Kent", ",Kent",
                    header="group,area", name="g.csv")
    with pytest.raises(DataFileError) as caught:
        peelstats.read_groups(groups)
    found = [(p.row, p.column) for p in caught.value.problems]
    # Rows 3 (Kent twice in g), 4 (no such force) and 6 (no group) are bad; then g and i
    # are groups of one force.
    assert found == [(3, "area"), (4, "area"), (6, "group"), (2, "group"), (5, "group")]


def test_group_needs_groups():
    with pytest.raises(ValueError, match="needs groups"):
        peelstats.indicator_figures(EXAMPLE, "Cambs", "2014-06", versus="East")
    with pytest.raises(ValueError, match="no such group"):
        peelstats.indicator_figures(EXAMPLE, "Cambs", "2014-06", versus="Eas", groups=GROUPS)


def test_area_and_period_without_rows():
    with pytest.raises(ValueError, match=re.escape("periods for Cambridgeshire: 2013-06, "
                                                   "2014-06")):
        peelstats.indicator_figures(EXAMPLE, "Cambs", "2015-06")


def test_a_date_period(tmp_path):
    table = _write(tmp_path,
                   "Kent,2024-05-01,calls,Calls answered,proportion,90,100,,,100,"
                   "higher_is_better,own")
    figure = peelstats.indicator_figures(table, "Kent", "2024-05-01")["calls"]
    assert figure.period == "2024-05-01"
    assert figure.id == f"{peelstats.data.find_force('Kent').area_code}/2024-05-01/calls"
    assert figure.sentence.startswith("Calls answered in Kent, 2024-05-01: 90.0 percent")
