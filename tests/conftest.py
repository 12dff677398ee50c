"""Test-suite settings shared by every test module."""

import os
import shutil

import pytest
from hypothesis import settings

from peelstats._paths import data_dir
from peelstats.data import clear_cache

# By default property tests draw their examples deterministically, so a run on the same
# code gives the same verdict (CI and a developer see the same result), with no deadline
# because timing is measured by benchmarks/, not by tests. HYPOTHESIS_PROFILE=explore
# draws fresh random examples, ten times as many, to hunt for new failures.
settings.register_profile("peelstats", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("explore", deadline=None, print_blob=True,
                          max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "peelstats"))


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A copy of data/ that a test may break; PEELSTATS_DATA_DIR points at it."""
    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy)
    monkeypatch.setenv("PEELSTATS_DATA_DIR", str(copy))
    clear_cache()
    yield copy
    monkeypatch.delenv("PEELSTATS_DATA_DIR")
    clear_cache()


@pytest.fixture
def reseal():
    """A function that rewrites the MANIFEST.csv of a data folder to match its tables as
    they are now: a test of a load check other than the manifest's calls it after
    breaking a table, so that the check under test is the one that must catch it."""
    from peelstats.data import _manifest
    from peelstats.data.build._output import csv_bytes

    def rewrite(folder):
        tables = {}
        for entry in _manifest.read_manifest(folder):
            content = (folder / entry).read_bytes()
            rows = max(content.count(b"\n") - 1, 0)
            tables[entry] = (rows, content)
        frame = _manifest.manifest_frame(tables)
        (folder / _manifest.SCHEMA.filename).write_bytes(csv_bytes(frame, _manifest.SCHEMA))
        clear_cache()

    return rewrite
