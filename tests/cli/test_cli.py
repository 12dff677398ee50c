"""The command line: --help and --version work, both as `peelstats` and `python -m`."""

import subprocess
import sys

import peelstats
from peelstats.cli import main


def test_version(capsys):
    try:
        main(["--version"])
    except SystemExit as exit_:
        assert exit_.code == 0
    assert capsys.readouterr().out.strip() == f"peelstats {peelstats.__version__}"


def test_help_via_python_dash_m():
    result = subprocess.run([sys.executable, "-m", "peelstats", "--help"],
                            capture_output=True, text=True, check=True)
    assert "usage: peelstats" in result.stdout
