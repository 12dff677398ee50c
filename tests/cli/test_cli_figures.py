"""`peelstats figures`: three formats on the bundled data, --out, and user mistakes.

Expected values: the inspection report figure for Cambridgeshire, YE Jun 2014, "Crime
excluding fraud: 54.9 per 1,000 population (England and Wales 60.7)" (DESIGN.md; see
tests/figures/test_profile.py for why the bundled data give 55.1 and 60.8 to one decimal place),
and the figure fields listed in the figures issue.
"""

import csv
import io
import json

import pytest

from peelstats.cli import main
from peelstats.figures import FIGURE_FIELDS, force_profile

ISSUE_FIELDS = ["id", "measure", "area_code", "area_name", "period", "value", "lower",
                "upper", "unit", "method", "comparator", "comparator_value",
                "comparator_lower", "comparator_upper", "verdict", "judgement", "p_value",
                "sentence", "source"]
ARGS = ["figures", "--area", "Cambridgeshire", "--period", "2014-06"]


def run(capsys, *extra):
    code = main([*ARGS, *extra])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_json(capsys):
    code, out, _ = run(capsys, "--format", "json")
    assert code == 0
    records = json.loads(out)
    assert [list(r) for r in records] == [list(FIGURE_FIELDS)] * len(records)
    for name in ISSUE_FIELDS:
        assert name in records[0]
    first = records[0]
    assert first["id"] == "E23000023/2014-06/crime_excluding_fraud_rate"
    assert first["value"] == pytest.approx(54.9, abs=0.25)
    assert first["comparator_value"] == pytest.approx(60.7, abs=0.1)
    assert first["verdict"] == "lower" and first["position"] == "within"
    assert first["judgement"] == "similar"  # the position decides (issue 13)


def test_csv_carries_the_same_fields_and_values_as_json(capsys):
    _, out_json, _ = run(capsys, "--format", "json")
    code, out_csv, _ = run(capsys, "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out_csv)))
    records = json.loads(out_json)
    assert list(rows[0]) == list(FIGURE_FIELDS)
    assert len(rows) == len(records)
    for row, record in zip(rows, records):
        for name, value in record.items():
            if isinstance(value, float):
                assert float(row[name]) == value  # the same 12 significant digits as JSON
            elif isinstance(value, list):  # notes: one cell, the sentences in order
                assert row[name] == " ".join(value)
            else:
                assert row[name] == ("" if value is None else str(value))


def test_table(capsys):
    code, out, _ = run(capsys)
    assert code == 0
    assert "Crime excluding fraud" in out and "55.1 per 1,000 population" in out
    assert "  id        E23000023/2014-06/crime_excluding_fraud_rate\n" in out
    assert "  sentence  Crime excluding fraud in Cambridgeshire, YE Jun 2014" in out
    assert max(len(line) for line in out.splitlines()) <= 100


def test_out_is_written_whole(tmp_path, capsys):
    target = tmp_path / "figures.json"
    target.write_text("old")
    code, out, err = run(capsys, "--format", "json", "--out", str(target))
    assert code == 0 and out == ""
    assert f"wrote {len(force_profile('Cambridgeshire', '2014-06'))} figures" in err
    assert json.loads(target.read_text())[0]["area_code"] == "E23000023"
    assert [p.name for p in tmp_path.iterdir()] == ["figures.json"]  # no temporary left


def test_unknown_area_exits_non_zero_naming_it(capsys):
    # ("Cambridge" is now an area: the Community Safety Partnership E22000013.)
    code = main(["figures", "--area", "Cambrigeshire", "--period", "2014-06"])
    err = capsys.readouterr().err
    assert code != 0
    assert "'Cambrigeshire'" in err and "'Cambridgeshire' (E23000023)" in err


def test_period_without_data_exits_non_zero_naming_it(tmp_path, capsys):
    target = tmp_path / "figures.csv"
    code = main([*ARGS[:-1], "2030-06", "--format", "csv", "--out", str(target)])
    err = capsys.readouterr().err
    assert code != 0
    assert "'2030-06'" in err and "2019-12" in err
    assert not target.exists()


def test_bad_format_is_refused(capsys):
    with pytest.raises(SystemExit) as exit_:
        main([*ARGS, "--format", "xml"])
    assert exit_.value.code != 0
    assert "invalid choice: 'xml'" in capsys.readouterr().err


def test_a_fault_past_the_user_input_is_not_reported_as_a_usage_error(monkeypatch):
    # Only the area and the period are the user's; a ValueError raised while the figures
    # are made is a fault to see in full, not a one-line "error" with exit code 2.
    import peelstats.figures.profile as profile

    def broken(context):
        raise ValueError("assignment destination is read-only")

    monkeypatch.setattr(profile, "profile_figures", broken)
    with pytest.raises(ValueError, match="read-only"):
        main(ARGS)
