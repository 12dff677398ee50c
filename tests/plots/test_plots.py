"""Charts (peelstats.plots): the data behind each chart, what is drawn, deterministic files.

Tests compare the frames a chart is drawn from with the statistics functions that
produce them, check that the drawn artists carry exactly those numbers, and check files
byte for byte; no test looks at pixels.
"""

import subprocess
import sys

import matplotlib
import numpy as np
import pandas as pd
import pytest

from peelstats import Estimate, funnel, funnel_limits, rate
from peelstats.plots import (forest_plot, forest_plot_data, funnel_plot, funnel_plot_data,
                             save_figure, trend_plot, trend_plot_data)
from peelstats.stats.funnel import adjusted_limits
from peelstats.stats.trend import trend


@pytest.fixture(scope="module")
def rates_table():
    rng = np.random.default_rng(2019)
    population = rng.integers(500_000, 3_000_000, size=43).astype(float)
    count = rng.poisson(population * 0.009 * rng.lognormal(0, 0.2, size=43)).astype(float)
    names = [f"Force {i:02d}" for i in range(43)]
    return funnel(count, population, kind="rate", per=1000, area=names)


@pytest.fixture(scope="module")
def proportions_table():
    rng = np.random.default_rng(7)
    n = rng.integers(500, 1500, size=43)
    x = rng.binomial(n, 0.33)
    return funnel(x, n, per=100, area=[f"Force {i:02d}" for i in range(43)])


# ------------------------------------------------------------------------ funnel ---

def test_funnel_data_points_are_the_table(rates_table):
    data = funnel_plot_data(rates_table, focus="Force 03")
    points = data.points
    assert list(points["label"]) == list(rates_table.frame["area"])
    np.testing.assert_array_equal(points["value"], rates_table.frame["value"])
    np.testing.assert_array_equal(points["denominator"], rates_table.frame["denominator"])
    assert points["focus"].sum() == 1 and points.loc[3, "focus"]
    # Over-dispersed (tau² > 0): adjusted limits and flags by default.
    assert rates_table.tau2 > 0 and data.adjusted
    assert list(points["flag"]) == list(rates_table.frame["adjusted_flag"])
    beyond = rates_table.frame["adjusted_flag"].str.endswith("99.8%")
    assert list(points["labelled"]) == list(beyond | points["focus"])


def test_funnel_data_limits_are_the_statistics(rates_table):
    attrs = {"target": rates_table.target, "tau2": rates_table.tau2}
    adjusted = funnel_plot_data(rates_table).limits
    expected = adjusted_limits(adjusted["denominator"], attrs["target"], attrs["tau2"],
                               kind="rate", per=1000, confidence=0.998)
    np.testing.assert_allclose(adjusted["outer_lower"], expected.lower)
    np.testing.assert_allclose(adjusted["outer_upper"], expected.upper)
    assert adjusted["denominator"].min() < rates_table.frame["denominator"].min()
    assert adjusted["denominator"].max() > rates_table.frame["denominator"].max()
    exact = funnel_plot_data(rates_table, adjusted=False)
    expected = funnel_limits(exact.limits["denominator"], attrs["target"], kind="rate",
                             per=1000, confidence=0.95)
    np.testing.assert_allclose(exact.limits["inner_lower"], expected.lower)
    np.testing.assert_allclose(exact.limits["inner_upper"], expected.upper)
    assert list(exact.points["flag"]) == list(rates_table.frame["flag"])
    assert (exact.limits["target"] == attrs["target"]).all()


def test_funnel_grid_is_whole_numbers_for_exact_binomial_limits(proportions_table):
    limits = funnel_plot_data(proportions_table, adjusted=False).limits
    assert np.array_equal(limits["denominator"], np.round(limits["denominator"]))
    assert limits["denominator"].is_monotonic_increasing


def test_funnel_chart_draws_the_data(rates_table):
    figure = funnel_plot(rates_table, focus="Force 03", title="Violence with injury")
    data = funnel_plot_data(rates_table, focus="Force 03")
    ax = figure.axes[0]
    drawn = [np.asarray(line.get_ydata(), dtype=float) for line in ax.get_lines()]
    for column in ("target", "inner_lower", "inner_upper", "outer_lower", "outer_upper"):
        assert any(np.array_equal(y, data.limits[column].to_numpy()) for y in drawn), column
    texts = {text.get_text() for text in ax.texts}
    assert texts == set(data.points.loc[data.points["labelled"], "label"])
    assert ax.get_ylabel() == "Rate per 1,000"


def test_funnel_chart_needs_the_funnel_table():
    with pytest.raises(ValueError, match="returned by peelstats.funnel"):
        funnel_plot_data(pd.DataFrame({"value": [1.0]}))


def test_funnel_focus_must_exist(rates_table):
    with pytest.raises(ValueError, match="focus 'Nowhere' is not one of the labels"):
        funnel_plot_data(rates_table, focus="Nowhere")


# ------------------------------------------------------------------------ forest ---

def test_forest_data_sorted_with_focus_and_reference():
    est = rate([300, 120, np.nan, 200], [100_000, 100_000, 100_000, 100_000], per=1000)
    rows = forest_plot_data(est, label=["A", "B", "C", "D"], focus="D", reference=2.1)
    assert list(rows["label"]) == ["B", "D", "A", "C"]  # NaN last, not dropped
    assert list(rows["position"]) == [0, 1, 2, 3]
    assert list(rows["focus"]) == [False, True, False, False]
    np.testing.assert_allclose(rows["value"][:3], [1.2, 2.0, 3.0])
    np.testing.assert_array_equal(rows["lower"][:3], np.asarray(est.lower)[[1, 3, 0]])
    assert rows.attrs["reference"] == 2.1
    descending = forest_plot_data(est, label=["A", "B", "C", "D"], order="descending")
    assert list(descending["label"]) == ["A", "D", "B", "C"]


def test_forest_chart_draws_the_rows():
    frame = pd.DataFrame({"force": ["A", "B", "C"], "value": [3.0, 1.0, 2.0],
                          "lower": [2.5, 0.5, 1.5], "upper": [3.5, 1.5, 2.5]})
    figure = forest_plot(frame, label="force", focus="C", reference=2.2)
    ax = figure.axes[0]
    assert [tick.get_text() for tick in ax.get_yticklabels()] == ["B", "C", "A"]
    reference_lines = [line for line in ax.get_lines() if line.get_linestyle() == "--"]
    assert np.allclose(reference_lines[0].get_xdata(), 2.2)
    segments = np.concatenate([collection.get_segments() for collection in ax.collections
                               if hasattr(collection, "get_segments")])
    starts = sorted(segment[0][0] for segment in segments)
    assert starts == [0.5, 1.5, 2.5]


def test_forest_rejects_unknown_focus_and_bad_labels():
    frame = pd.DataFrame({"force": ["A"], "value": [1.0], "lower": [0.5], "upper": [1.5]})
    with pytest.raises(ValueError, match="focus 'Z'"):
        forest_plot_data(frame, label="force", focus="Z")
    with pytest.raises(ValueError, match="label must name a column"):
        forest_plot_data(frame, label="name")
    est = Estimate(value=[1.0, 2.0], lower=[0.0, 1.0], upper=[2.0, 3.0], confidence=0.95,
                   method="given")
    with pytest.raises(ValueError, match="one name per estimate"):
        forest_plot_data(est, label=["A"])


# ------------------------------------------------------------------------- trend ---

@pytest.fixture(scope="module")
def fitted_trend():
    periods = [f"{year}-03" for year in range(2012, 2020)]
    counts = [9000, 9400, 9900, 10800, 11900, 12600, 13900, 14500]
    return trend(counts, [1_200_000] * 8, periods)


def test_trend_data_is_the_fit_times_per(fitted_trend):
    rows = trend_plot_data(fitted_trend, per=1000)
    frame = fitted_trend.frame
    np.testing.assert_allclose(rows["value"], frame["rate"] * 1000)
    np.testing.assert_allclose(rows["fitted"], frame["fitted"] * 1000)
    np.testing.assert_allclose(rows["lower"], frame["lower"] * 1000)
    np.testing.assert_allclose(rows["upper"], frame["upper"] * 1000)
    assert (rows["lower"] <= rows["fitted"]).all() and (rows["fitted"] <= rows["upper"]).all()
    assert list(rows["period"]) == list(frame["period"])


def test_trend_chart_draws_band_line_and_points(fitted_trend):
    figure = trend_plot(fitted_trend, title="Violence with injury")
    rows = trend_plot_data(fitted_trend)
    ax = figure.axes[0]
    fitted, observed = ax.get_lines()
    np.testing.assert_allclose(fitted.get_ydata(), rows["fitted"])
    np.testing.assert_allclose(observed.get_ydata(), rows["value"])
    band = ax.collections[0].get_paths()[0].vertices[:, 1]
    assert np.isclose(band.min(), rows["lower"].min())
    assert np.isclose(band.max(), rows["upper"].max())
    assert ax.get_xticklabels()[0].get_text() == "YE Mar 2012"  # as the sentences say it
    assert figure.legends[0].get_texts()[0].get_text() == "95% band"  # below the axes


def test_trend_needs_its_columns():
    with pytest.raises(ValueError, match="lacks column"):
        trend_plot_data(pd.DataFrame({"period": ["2019-03"]}))


# ---------------------------------------------------------------- files and state ---

def test_saving_twice_gives_identical_bytes(tmp_path, rates_table):
    figure = funnel_plot(rates_table, focus="Force 03")
    first = save_figure(figure, tmp_path / "first")
    second = save_figure(figure, tmp_path / "second.png")
    assert [path.name for path in first] == ["first.png", "first.svg"]
    assert [path.name for path in second] == ["second.png", "second.svg"]
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes()
    again = funnel_plot(rates_table, focus="Force 03")  # a fresh chart of the same data
    third = save_figure(again, tmp_path / "third")
    assert third[0].read_bytes() == first[0].read_bytes()
    assert third[1].read_bytes() == first[1].read_bytes()
    svg = first[1].read_text()
    assert "<dc:date>" not in svg and "Matplotlib v" not in svg
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "first.png", "first.svg", "second.png", "second.svg", "third.png", "third.svg"]


def test_save_into_missing_folder_is_an_error(tmp_path):
    figure = trend_plot(pd.DataFrame({"period": ["2018-03", "2019-03"], "year": [2018.2, 2019.2],
                                      "rate": [0.01, 0.011], "fitted": [0.01, 0.011],
                                      "lower": [0.009, 0.01], "upper": [0.011, 0.012]}))
    with pytest.raises(ValueError, match="does not exist"):
        save_figure(figure, tmp_path / "missing" / "chart")


def test_drawing_and_saving_leave_matplotlib_settings_alone(tmp_path, rates_table):
    before = dict(matplotlib.rcParams)
    save_figure(funnel_plot(rates_table), tmp_path / "chart")
    after = dict(matplotlib.rcParams)
    assert before.keys() == after.keys()
    assert all(np.array_equal(before[k], after[k]) if isinstance(before[k], list)
               else before[k] == after[k] for k in before if k != "backend")


def test_import_sets_no_global_state():
    # dict.items reads rcParams without resolving the "backend" entry, which would itself
    # import pyplot.
    code = (
        "import sys, matplotlib\n"
        "before = repr(sorted(dict.items(matplotlib.rcParams)))\n"
        "import peelstats.plots\n"
        "assert repr(sorted(dict.items(matplotlib.rcParams))) == before\n"
        "assert 'matplotlib.pyplot' not in sys.modules\n"
        "assert 'seaborn' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_frame_with_the_old_funnel_attrs_is_still_drawn_with_a_warning(rates_table):
    with pytest.warns(DeprecationWarning, match="pass the Funnel"):
        old = funnel_plot_data(rates_table.frame)
    new = funnel_plot_data(rates_table)
    pd.testing.assert_frame_equal(old.points, new.points)
    pd.testing.assert_frame_equal(old.limits, new.limits)


def test_a_long_note_wraps_so_the_saved_chart_keeps_the_briefing_width(tmp_path, rates_table):
    # A chart saved with a tight bounding box is as wide as its widest text: an unwrapped
    # note of 300 characters would make the PNG several times 6.3 inches wide.
    from PIL import Image

    from peelstats.plots._style import BRIEFING_SIZE, DPI

    note = "Left out: " + "; ".join(f"Force {i:02d} supplied no count" for i in range(12))
    source = "A publisher's table, " * 8
    rows = pd.DataFrame({"force": ["A long force name", "B"], "value": [1.0, 2.0],
                         "lower": [0.5, 1.5], "upper": [1.5, 2.5]})
    charts = {"funnel": funnel_plot(rates_table, title="Rates", note=note, source=source),
              "forest": forest_plot(rows, label="force", title="Rates", note=note,
                                    source=source)}
    for name, chart in charts.items():
        title = chart.axes[0].get_title(loc="left")
        assert note.split("; ")[-1] in title.replace("\n", " "), name  # nothing cut
        path = tmp_path / f"{name}.png"
        save_figure(chart, path)
        with Image.open(path) as image:
            assert image.width <= BRIEFING_SIZE[0] * DPI * 1.1, (name, image.width)
