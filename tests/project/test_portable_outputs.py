"""The same figures files on any CPU and BLAS kernel.

Why this test exists: on an AMD EPYC machine, `peelstats figures --format json` for
Cambridgeshire YE Mar 2019 gave different files under OPENBLAS_CORETYPE=Haswell and
Sandybridge/Prescott; the trend figures differed from the 15th significant digit on
(9.120560868226312 against 9.120560868226333), because the kernels add in different orders.
The files are written at 12 significant digits (`peelstats._precision`), so they are
identical. The property checked is that identity, byte for byte, in separate processes
(OpenBLAS reads OPENBLAS_CORETYPE once, when it is loaded); then, in this process, that
moving every float of the figures a few units in the last place changes neither the files
nor a figure's repr (which notebooks store), and that nothing more than 12 digits is lost.
"""

import dataclasses
import math
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import peelstats
from peelstats._precision import SIGNIFICANT_DIGITS
from peelstats.cli.figures import render
from peelstats.figures import FIGURE_FIELDS, Figures, force_profile
from peelstats.figures.export import figures_payload, to_json

KERNELS = ("Haswell", "Sandybridge", "Prescott")
FORMATS = ("json", "csv")


@pytest.mark.slow
def test_figures_files_are_identical_under_three_openblas_kernels(tmp_path):
    # The child processes import the peelstats this test imports, installed or not.
    source = str(Path(peelstats.__file__).resolve().parents[1])
    path = os.pathsep.join(p for p in (source, os.environ.get("PYTHONPATH")) if p)
    runs = {}
    for kernel in KERNELS:
        env = {**os.environ, "OPENBLAS_CORETYPE": kernel, "PYTHONPATH": path}
        for format in FORMATS:
            out = tmp_path / f"{kernel}.{format}"
            runs[kernel, format] = (out, subprocess.Popen(
                [sys.executable, "-m", "peelstats", "figures", "--area", "Cambridgeshire",
                 "--period", "2019-03", "--format", format, "--out", str(out)],
                env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    for (kernel, format), (_, process) in runs.items():
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, f"{kernel} {format}: {err}"
    for format in FORMATS:
        made = {kernel: runs[kernel, format][0].read_bytes() for kernel in KERNELS}
        assert made["Haswell"], format
        for kernel in KERNELS[1:]:
            assert made[kernel] == made["Haswell"], f"{format}: {kernel} differs from Haswell"


# --- the same property in one process: last bits in, the same text out -------------------

def _nudged(figure, ulps):
    """The figure with every finite float moved `ulps` units in the last place.

    Not subnormal numbers (such as a p-value of 4.1e-317): one unit in their last place is
    far above 12 significant digits, so no rounding to 12 digits can absorb it (see
    peelstats._precision).
    """
    changes = {}
    for f in dataclasses.fields(figure):
        value = getattr(figure, f.name)
        if isinstance(value, float) and math.isfinite(value) and \
                abs(value) >= sys.float_info.min:
            for _ in range(abs(ulps)):
                value = math.nextafter(value, math.inf if ulps > 0 else -math.inf)
            changes[f.name] = value
    return dataclasses.replace(figure, **changes)


def _digits(text):
    """The significant digits of each decimal number written in `text`."""
    numbers = re.findall(r"(?<![\w.])-?(\d+(?:\.\d+)?)(?:e[-+]?\d+)?", text)
    return [len(n.replace(".", "").lstrip("0").rstrip("0") or "0") for n in numbers]


@pytest.fixture(scope="module")
def figures():
    return force_profile("Cambridgeshire", "2019-03")


def test_last_bits_do_not_reach_the_files_or_the_repr(figures):
    for ulps in (-3, -1, 1, 3):
        nudged = Figures([_nudged(figure, ulps) for figure in figures])
        assert [f.value for f in nudged] != [f.value for f in figures]
        for format in FORMATS:
            assert render(nudged, format) == render(figures, format), (ulps, format)
        for before, after in zip(figures, nudged, strict=True):
            assert repr(after) == repr(before), before.id


def test_files_and_repr_carry_12_significant_digits(figures):
    payload = figures_payload(figures.to_dicts(), FIGURE_FIELDS)
    for figure, row in zip(figures, payload["figures"], strict=True):
        for name in FIGURE_FIELDS:
            exact = getattr(figure, name)
            if isinstance(exact, float) and math.isfinite(exact):
                assert row[name] == pytest.approx(exact, rel=5e-12, abs=0), (figure.id, name)
                assert f"{row[name]:.12g}" == f"{exact:.12g}", (figure.id, name)
    text = to_json(payload).decode()
    assert max(_digits(text)) == SIGNIFICANT_DIGITS
    for figure in figures:
        assert max(_digits(repr(figure))) <= SIGNIFICANT_DIGITS, figure.id
