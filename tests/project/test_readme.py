"""Every example in README.md runs as written.

Each ```python block runs on its own (a fresh namespace: an example that needs a frame
loads it from `peelstats.data`), and every `peelstats …` command line in a ```sh block is
one the command-line parser accepts. A property test: the README is the reference.
"""

import re
import shlex
from pathlib import Path

import pytest

from peelstats.cli import build_parser

README = Path(__file__).resolve().parents[2] / "README.md"
TEXT = README.read_text(encoding="utf-8")


def blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", TEXT, flags=re.M | re.S)


PYTHON = blocks("python")
SHELL = blocks("sh")


def test_the_readme_has_examples():
    assert len(PYTHON) >= 4 and len(SHELL) >= 3


@pytest.mark.parametrize("number", range(len(PYTHON)))
def test_python_example_runs(number):
    namespace: dict = {"__name__": f"readme_example_{number}"}
    try:
        exec(compile(PYTHON[number], f"README.md python block {number + 1}", "exec"),
             namespace)
    finally:
        import sys

        if "matplotlib.pyplot" in sys.modules:
            sys.modules["matplotlib.pyplot"].close("all")


def _command_lines() -> list[list[str]]:
    lines = []
    for block in SHELL:
        for line in block.splitlines():
            words = shlex.split(line, comments=True)
            if words and words[0] in ("peelstats", ".venv/bin/peelstats"):
                lines.append(words[1:])
    return lines


@pytest.mark.parametrize("argv", _command_lines(), ids=" ".join)
def test_shell_example_is_a_valid_command(argv):
    if argv == ["--help"]:
        return  # argparse's own option; parsing it would print and exit
    args = build_parser().parse_args(argv)
    assert hasattr(args, "func")


def test_make_targets_in_the_readme_exist():
    makefile = (README.parent / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z-]+):", makefile, flags=re.M))
    named = set(re.findall(r"`make ([a-z-]+)`", TEXT))
    assert named and named <= targets, named - targets
