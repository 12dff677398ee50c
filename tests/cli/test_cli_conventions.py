"""`peelstats figures` conventions: --out chooses the format, repeated --area, latest,
no folders made, a readable table within 100 columns, and a fast start.

The expected figure (Cambridgeshire, crime excluding fraud, YE Jun 2014: 55.1 per 1,000
population on the bundled data) is explained in tests/figures/test_profile.py; the other checks are
properties: the same figures in every format, the same bytes twice.
"""

import csv
import io
import json
import subprocess
import sys

import pytest

from peelstats.cli import main
from peelstats.cli.figures import choose_format
from peelstats.cli import UsageError
from peelstats.data import parse_period
from peelstats.figures import force_profile

ARGS = ["figures", "--area", "Cambridgeshire", "--period", "2014-06"]
HEAVY = ("pandas", "scipy", "statsmodels", "matplotlib")


@pytest.mark.parametrize("name, fmt", [("f.csv", "csv"), ("f.json", "json"),
                                       ("f.xlsx", "xlsx"), ("f.txt", "table"),
                                       ("F.CSV", "csv")])
def test_out_extension_chooses_the_format(tmp_path, name, fmt):
    assert choose_format(None, tmp_path / name) == fmt
    assert choose_format(fmt, tmp_path / name) == fmt  # agreeing is fine


def test_format_without_out_and_the_errors(tmp_path):
    assert choose_format(None, None) == "table"
    assert choose_format("csv", None) == "csv"
    with pytest.raises(UsageError, match="--format json contradicts --out .*csv"):
        choose_format("json", tmp_path / "f.csv")
    with pytest.raises(UsageError, match="cannot tell the format from '.dat'"):
        choose_format(None, tmp_path / "f.dat")
    assert choose_format("csv", tmp_path / "f.dat") == "csv"  # --format says otherwise
    with pytest.raises(UsageError, match="give --out FILE.xlsx"):
        choose_format("xlsx", None)


def test_contradiction_is_a_usage_error_before_any_work(tmp_path, capsys):
    target = tmp_path / "k.csv"
    assert main([*ARGS, "--format", "json", "--out", str(target)]) == 2
    assert "contradicts" in capsys.readouterr().err and not target.exists()


@pytest.mark.parametrize("suffix", ["json", "xlsx", "csv"])
def test_out_writes_the_format_of_its_extension(tmp_path, suffix):
    target = tmp_path / f"figures.{suffix}"
    assert main([*ARGS, "--out", str(target)]) == 0
    content = target.read_bytes()
    if suffix == "json":
        assert json.loads(content)[0]["area_code"] == "E23000023"
    elif suffix == "csv":
        assert next(csv.DictReader(io.StringIO(content.decode())))["area_code"] == "E23000023"
    else:
        from openpyxl import load_workbook

        rows = list(load_workbook(io.BytesIO(content)).active.values)
        header = list(rows[0])
        records = [dict(zip(header, row)) for row in rows[1:]]
        expected = force_profile("Cambridgeshire", "2014-06")
        assert [r["id"] for r in records] == [f.id for f in expected]
        assert records[0]["area_code"] == "E23000023"
        assert round(records[0]["value"], 1) == 55.1


def test_xlsx_is_the_same_bytes_every_time(tmp_path):
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    assert main([*ARGS, "--out", str(first)]) == 0
    assert main([*ARGS, "--out", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()


def test_repeated_area_gives_one_table_with_every_area(capsys):
    assert main(["figures", "--area", "Kent", "--area", "Essex", "--area", "Kent",
                 "--period", "2019-03", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    codes = [row["area_code"] for row in rows]
    kent = [f.id for f in force_profile("Kent", "2019-03")]
    essex = [f.id for f in force_profile("Essex", "2019-03")]
    assert [row["id"] for row in rows] == kent + essex  # in the order asked, Kent once
    assert set(codes) >= {"E23000032", "E23000028"}


def test_period_latest(capsys):
    assert main(["figures", "--area", "Cambs", "--period", "latest", "--format", "json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures[0]["period"] == "2025-06"  # the latest period with a force profile (ONS Table C2, issue 14)


def test_no_folder_is_made_for_a_missing_parent(tmp_path, capsys):
    target = tmp_path / "missing" / "deeper" / "x.csv"
    assert main([*ARGS, "--out", str(target)]) == 2
    err = capsys.readouterr().err
    assert f"{str(target.parent)!r} does not exist" in err
    assert not (tmp_path / "missing").exists()


def test_readable_table_fits_100_columns(capsys):
    assert main(["figures", "--area", "GMP", "--area", "Dyfed Powys", "--period",
                 "2019-03"]) == 0
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= 100
    assert "Greater Manchester" in out and "Dyfed-Powys" in out


@pytest.mark.parametrize("command", [[], ["figures"], ["report"], ["data", "build"]])
def test_every_help_has_an_example(command, capsys):
    with pytest.raises(SystemExit):
        main([*command, "--help"])
    out = capsys.readouterr().out
    assert "example" in out.lower() and "peelstats " in out


@pytest.mark.parametrize("argv", [
    ["--help"], ["--version"], ["figures", "--help"], ["report", "--help"],
    ["figures", "--area", "Kent"],                                   # --period missing
    ["figures", "--area", "Kent", "--period", "2019", "--out", "x.dat"],  # no format
    ["figures", "--area", "Kent", "--period", "2019"],               # a year, not a period
    ["figures", "--area", "Kent", "--period", "2019-03", "--out", "/nonexistent/dir/x.csv"],
    ["figures", "--area", "Kent", "--period", "2019-03", "--format", "csv", "--out", "x.json"],
])
def test_help_version_and_usage_errors_import_nothing_heavy(argv):
    probe = ("import sys, runpy\n"
             f"sys.argv = ['peelstats', *{argv!r}]\n"
             "try:\n    runpy.run_module('peelstats', run_name='__main__')\n"
             "except SystemExit:\n    pass\n"
             f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stderr


def test_python_dash_m_help_imports_nothing_heavy():
    # -X importtime lists every module the process imports, on standard error.
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "peelstats", "--help"],
                            capture_output=True, text=True, check=True)
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()
                if line.startswith("import time:")}
    assert "peelstats.cli" in imported and "usage: peelstats" in result.stdout
    assert not {name for name in imported if name.split(".")[0] in HEAVY}


def test_import_peelstats_is_light_and_complete():
    code = ("import sys, peelstats\n"
            f"assert not [m for m in {HEAVY!r} if m in sys.modules]\n"
            "assert set(peelstats.__all__) <= set(dir(peelstats))\n"
            "for sub in ('data', 'figures', 'plots', 'reports'):\n"
            "    module = __import__('peelstats.' + sub, fromlist=['x'])\n"
            "    assert set(module.__all__) <= set(dir(module)), sub\n"
            f"assert not [m for m in {HEAVY!r} if m in sys.modules]\n"
            "print(peelstats.rate(5, 100).value)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    from peelstats.stats import rate

    assert float(result.stdout) == float(rate(5, 100).value)


def test_every_public_name_resolves():
    import peelstats
    from peelstats import data, figures, plots, reports

    for module in (peelstats, data, figures, plots, reports):
        for name in module.__all__:
            assert getattr(module, name) is not None, (module.__name__, name)
    assert peelstats.trend.__module__ == "peelstats.stats.trend"  # the function, not the module
