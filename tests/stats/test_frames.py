"""proportion_frame and rate_frame: PHEindicatormethods-style tidy frames in and out.

Expected numbers come from tests/reference/intervals (see PROVENANCE.md there).
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from peelstats import proportion, proportion_frame, rate_frame

REFERENCE = Path(__file__).parents[1] / "reference" / "intervals"
SIX_DP = 0.5e-6 + 1e-9


def test_ungrouped_proportions_match_the_peer_and_keep_the_index():
    table = pd.read_csv(REFERENCE / "phe_proportion.csv").rename(
        columns={"per": "multiplier", "value": "peer_value"})
    table.index = pd.Index([f"R{i:02d}" for i in range(len(table))][::-1], name="row_id")
    out = proportion_frame(table, x="x", n="n", confidence=0.998)
    assert out.index.equals(table.index)
    assert list(out.columns[: len(table.columns)]) == list(table.columns)
    np.testing.assert_allclose(out["value"] * out["multiplier"], table["peer_value"], rtol=0,
                               atol=SIX_DP)
    np.testing.assert_allclose(out["lower"] * out["multiplier"], table["lower_99_8"], rtol=0,
                               atol=SIX_DP)
    np.testing.assert_allclose(out["upper"] * out["multiplier"], table["upper_99_8"], rtol=0,
                               atol=SIX_DP)
    assert set(out["method"]) == {"wilson"} and set(out["confidence"]) == {0.998}
    assert "lower" not in table.columns  # the caller's frame is not modified


def test_per_scales_the_output_columns():
    df = pd.DataFrame({"x": [65], "n": [100]})
    out = proportion_frame(df, per=100)
    assert out.loc[0, "value"] == pytest.approx(65.0)
    assert out.loc[0, "lower"] == pytest.approx(55.254443, abs=SIX_DP)
    assert out.loc[0, "per"] == 100


def test_grouped_proportions_match_the_peer_including_missing_groups():
    table = pd.read_csv(REFERENCE / "phe_proportion.csv")
    expected = pd.read_csv(REFERENCE / "phe_proportion_grouped.csv").set_index("area")
    out = proportion_frame(table, group_by="area")
    out = out.loc[expected.index]
    np.testing.assert_allclose(out["x"], expected["x"])
    np.testing.assert_allclose(out["lower"], expected["lower"], rtol=0, atol=SIX_DP)
    np.testing.assert_allclose(out["upper"], expected["upper"], rtol=0, atol=SIX_DP)
    # A group with a missing count is NaN, not the sum of what is there.
    assert np.isnan(out.loc["Area10", "value"])


def test_ungrouped_rates_match_the_peer():
    table = pd.read_csv(REFERENCE / "phe_rate.csv")
    out = rate_frame(table, per=table["per"].to_numpy())
    scale = np.maximum(table["value"].abs(), 1.0)
    np.testing.assert_allclose(out["lower"] / scale, table["lower_95"] / scale, rtol=0,
                               atol=SIX_DP)
    np.testing.assert_allclose(out["upper"] / scale, table["upper_95"] / scale, rtol=0,
                               atol=SIX_DP)
    assert set(out["method"]) == {"fingertips"}


def test_grouped_rates_match_the_peer():
    table = pd.read_csv(REFERENCE / "phe_rate.csv")
    expected = pd.read_csv(REFERENCE / "phe_rate_grouped.csv").set_index("area")
    out = rate_frame(table, group_by="area", per=100_000).loc[expected.index]
    scale = np.maximum(expected["value"].abs(), 1.0)
    np.testing.assert_allclose(out["value"] / scale, expected["value"] / scale, rtol=0,
                               atol=SIX_DP)
    np.testing.assert_allclose(out["lower"] / scale, expected["lower"] / scale, rtol=0,
                               atol=SIX_DP)
    np.testing.assert_allclose(out["upper"] / scale, expected["upper"] / scale, rtol=0,
                               atol=SIX_DP)


def test_grouped_by_two_columns():
    df = pd.DataFrame({"area_code": ["E1", "E1", "E2", "E2"],
                       "period": ["2014-06", "2014-06", "2014-06", "2015-06"],
                       "x": [3, 4, 5, 6], "n": [10, 10, 20, 20]})
    out = proportion_frame(df, group_by=["area_code", "period"])
    assert list(out.index) == [("E1", "2014-06"), ("E2", "2014-06"), ("E2", "2015-06")]
    assert out.loc[("E1", "2014-06"), "lower"] == pytest.approx(proportion(7, 20).lower)


def test_deff_from_a_column():
    df = pd.DataFrame({"x": [130, 130], "n": [200, 200], "deff": [1.0, 2.0]})
    out = proportion_frame(df, deff="deff")
    assert out.loc[1, "lower"] == pytest.approx(proportion(65, 100).lower)
    assert out.loc[0, "lower"] == pytest.approx(proportion(130, 200).lower)


def test_errors_name_every_bad_row_by_its_label():
    df = pd.DataFrame({"x": [12, 3, -1], "n": [10, 5, 4]},
                      index=pd.MultiIndex.from_tuples(
                          [("E23000023", "2014-06"), ("E23000001", "2014-06"),
                           ("E23000002", "2014-06")], names=["area_code", "period"]))
    with pytest.raises(ValueError) as error:
        proportion_frame(df)
    message = str(error.value)
    assert "x (12) exceeds n (10) at E23000023 / 2014-06" in message
    assert "x (-1) must be a finite count, zero or more at E23000002 / 2014-06" in message


def test_errors_name_numbered_rows_and_groups():
    with pytest.raises(ValueError, match=r"denominator \(0\) must be positive and finite at row 1"):
        rate_frame(pd.DataFrame({"count": [1, 2], "denominator": [10, 0]}))
    df = pd.DataFrame({"area_code": ["E1", "E1"], "count": [1, -5], "denominator": [10, 10]})
    with pytest.raises(ValueError, match=r"count \(-4\) must be a finite count, zero or more at E1"):
        rate_frame(df, group_by="area_code")


def test_missing_column_is_named():
    with pytest.raises(ValueError, match=r"column not found in the frame: n='trials'"):
        proportion_frame(pd.DataFrame({"x": [1]}), n="trials")


@pytest.mark.parametrize("per", [-100, 0, np.inf])
def test_proportion_frame_refuses_a_multiplier_that_is_not_positive(per):
    # A negative multiplier would swap lower and upper and 0 would zero them, silently;
    # rate_frame already refuses such a `per` through `rate`.
    with pytest.raises(ValueError, match=r"per \(.*\) must be positive and finite"):
        proportion_frame(pd.DataFrame({"x": [5], "n": [10]}), per=per)
