"""The on-disk cache of checked tables: the same frame as reading the file, a changed
file is read again, a broken file is never cached, nothing is written into data/.

Properties, checked against the loaders' own output with the cache turned off.
"""

import pandas as pd
import pytest

from peelstats.data import DataFileError, clear_cache, forces, recorded_crime


@pytest.fixture
def cache_folder(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("PEELSTATS_CACHE_DIR", str(folder))
    clear_cache()
    yield folder
    clear_cache()


def _fresh(loader, monkeypatch):
    monkeypatch.setenv("PEELSTATS_CACHE_DIR", "")  # empty: no cache
    clear_cache()
    frame = loader()
    clear_cache()
    return frame


@pytest.mark.parametrize("loader", [forces, recorded_crime])
def test_a_cached_table_is_the_table(cache_folder, monkeypatch, loader):
    first = loader()                       # read, checked, stored
    assert len(list((cache_folder / "tables").glob("*.pickle"))) >= 1
    clear_cache()
    cached = loader()                      # from the cache
    folder = str(cache_folder)
    expected = _fresh(loader, monkeypatch)
    monkeypatch.setenv("PEELSTATS_CACHE_DIR", folder)
    pd.testing.assert_frame_equal(cached, expected, check_exact=True)
    pd.testing.assert_frame_equal(first, expected, check_exact=True)


def test_a_changed_file_is_read_again(data_copy, cache_folder, reseal):
    assert forces().loc[0, "area_name"] == "Metropolitan Police"
    path = data_copy / "forces.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "E23000001,Metropolitan Police,", "E23000001,The Metropolis,", 1), encoding="utf-8")
    reseal(data_copy)  # an edit the manifest agrees with: only the cache could miss it
    assert forces().loc[0, "area_name"] == "The Metropolis"


def test_a_broken_file_is_refused_and_not_cached(data_copy, cache_folder):
    path = data_copy / "forces.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("E23000023", "X23000023", 1),
                    encoding="utf-8")
    clear_cache()
    with pytest.raises(DataFileError, match="X23000023"):
        forces()
    assert not list((cache_folder / "tables").glob("forces-*.pickle"))
    assert sorted(p.name for p in data_copy.iterdir()) == sorted(
        p.name for p in data_copy.iterdir() if not p.name.endswith(".pickle"))


def test_an_unreadable_cache_file_is_passed_over(cache_folder):
    forces()
    for stored in (cache_folder / "tables").glob("forces-*.pickle"):
        stored.write_bytes(b"not a pickle")
    clear_cache()
    assert len(forces()) == 43


def test_an_unwritable_cache_folder_only_costs_time(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way")
    monkeypatch.setenv("PEELSTATS_CACHE_DIR", str(blocker / "cache"))
    clear_cache()
    assert len(forces()) == 43
    clear_cache()


def test_a_changed_manifest_is_a_different_key(data_copy, cache_folder, reseal):
    forces()
    corrections = data_copy / "corrections.csv"  # another table: forces.csv is unchanged
    corrections.write_bytes(corrections.read_bytes() + b"\n")
    reseal(data_copy)
    forces()  # read again: its manifest check (if the loader has one) runs again
    assert len(list((cache_folder / "tables").glob("forces-*.pickle"))) == 2
