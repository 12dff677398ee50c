"""A place given with --out that cannot be written is a user mistake: one clear line on
standard error and a non-zero exit code, never a traceback, and nothing left behind."""

from peelstats.cli import main

FIGURES = ["figures", "--area", "Cambridgeshire", "--period", "2014-06", "--format", "csv"]


def test_figures_out_under_a_file_is_refused_in_one_line(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code = main([*FIGURES, "--out", str(blocker / "figures.csv")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("peelstats: error: --out") and "Traceback" not in err
    assert f"{str(blocker)!r} is not a folder" in err
    assert str(blocker / "figures.csv") in err
    assert blocker.read_text() == "not a folder"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_figures_out_a_folder_is_refused(tmp_path, capsys):
    code = main([*FIGURES, "--out", str(tmp_path)])
    assert code == 2
    assert "is a folder; give a file name" in capsys.readouterr().err


def test_report_out_a_file_is_refused_before_any_report_runs(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    for out in (blocker, blocker / "reports"):
        code = main(["report", "--area", "Cambridgeshire", "--period", "2014-06",
                     "--out", str(out), "--no-progress"])
        err = capsys.readouterr().err
        assert code == 2
        assert err.startswith("peelstats: error: --out") and "is not a folder" in err
    assert blocker.read_text() == "not a folder"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_report_notebook_that_is_not_a_file_is_refused(tmp_path, capsys):
    for notebook in (tmp_path, tmp_path / "missing.ipynb"):
        code = main(["report", "--area", "Cambridgeshire", "--period", "2014-06",
                     "--out", str(tmp_path / "out"), "--notebook", str(notebook),
                     "--no-progress"])
        err = capsys.readouterr().err
        assert code == 2
        assert err.startswith("peelstats: error: --notebook") and "is not a file" in err
    assert not (tmp_path / "out").exists()


def test_data_build_out_under_a_file_is_refused_before_building(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    for out in (blocker, blocker / "data"):
        code = main(["data", "build", "--source", str(tmp_path), "--out", str(out)])
        err = capsys.readouterr().err
        assert code == 2
        assert err.startswith("peelstats: error: --out") and "is not a folder" in err
        assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]
