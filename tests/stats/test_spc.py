"""peelstats.spc against NHSRplotthedots' published snapshots and each rule at its threshold.

Reference values: tests/reference/spc/ (see its PROVENANCE.md). Rule vectors marked
"NHSRplotthedots" repeat the cases of its tests/testthat/test-ptd_calculate_point_type.R.
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import peelstats as ps
from peelstats.stats.spc import spc_array

REF = Path(__file__).parents[1] / "reference" / "spc"
POINT_TYPE = {"common": "common_cause", "improvement": "special_cause_improvement",
              "concern": "special_cause_concern"}


def months(n, start=2019):
    return [f"{start + (i // 12)}-{i % 12 + 1:02d}" for i in range(n)]


@pytest.mark.parametrize("name, options", [
    ("ae_all_attendances", {}),
    ("ae_all_attendances_rebase", {"rebase": "2017-04-01"}),
    ("ae_all_performance_fix12", {"baseline": 12}),
])
def test_reproduces_nhsrplotthedots_snapshots(name, options):
    ref = pd.read_csv(REF / f"{name}.csv")
    result = ps.spc(ref["y"], ref["x"], improvement="increase", **options).frame
    np.testing.assert_allclose(result["mean"], ref["mean"], rtol=1e-12)
    np.testing.assert_allclose(result["lower"], ref["lpl"], rtol=1e-12)
    np.testing.assert_allclose(result["upper"], ref["upl"], rtol=1e-12)
    assert result["variation"].map(POINT_TYPE).tolist() == ref["point_type"].tolist()
    assert result["segment"].tolist() == ref["rebase_group"].astype(int).tolist()


def test_performance_snapshot_has_each_kind_of_signal():
    # the reference with a fixed baseline is the one with special causes: check what they are
    ref = pd.read_csv(REF / "ae_all_performance_fix12.csv")
    frame = ps.spc(ref["y"], ref["x"], improvement="increase", baseline=12).frame
    assert frame.loc[frame["period"] == "2017-01-01", "signal"].item() == "outside"
    assert set(frame.loc[frame["period"].between("2017-03-01", "2017-10-01"), "signal"]) == {"shift"}


def side(values, length=7):
    s = np.sign(np.asarray(values, dtype=float))
    from peelstats.stats.spc import _shift
    return _shift(s[None, :].astype(int), length)[0].astype(int).tolist()


def test_shift_cases_of_nhsrplotthedots():
    assert side([1] * 6) == [0] * 6
    assert side([1] * 6 + [-1]) == [0] * 7
    assert side([1] * 8 + [-1]) == [1] * 8 + [0]
    assert side([-1] * 8 + [1]) == [1] * 8 + [0]
    assert side([1] * 3 + [0] + [1] * 3) == [0] * 7  # a point on the mean breaks it
    assert side([1] * 6, length=6) == [1] * 6  # the 6-point option


def trend(values):
    from peelstats.stats.spc import _trend
    part, direction = _trend(np.asarray(values, dtype=float)[None, :], 7)
    return part[0].astype(int).tolist(), direction[0].tolist()


def test_trend_cases_of_nhsrplotthedots():
    assert trend(list(range(1, 7)))[0] == [0] * 6
    assert trend([1, 2, 3, 3, 4, 5, 6])[0] == [0] * 7  # a tie breaks a trend
    assert trend(list(range(1, 8))) == ([1] * 7, [1] * 7)
    assert trend([2] + list(range(1, 8)) + [3])[0] == [0] + [1] * 7 + [0]
    assert trend(list(range(7, 0, -1))) == ([1] * 7, [-1] * 7)


def two(close, rtm):
    from peelstats.stats.spc import _two_of_three
    return _two_of_three(np.asarray(close, bool)[None, :], np.asarray(rtm, int)[None, :])[0] \
        .astype(int).tolist()


def test_two_of_three_cases_of_nhsrplotthedots():
    assert two([1, 0, 1], [1, 1, 1]) == [1, 0, 1]
    assert two([0, 1, 1], [1, 1, 1]) == [0, 1, 1]
    assert two([1, 0, 0, 1], [1] * 4) == [0] * 4
    assert two([1, 0, 0, 1, 1], [1] * 5) == [0, 0, 0, 1, 1]
    assert two([1, 0, 1], [1, -1, 1]) == [0, 0, 0]  # all three must be on one side


def test_outside_at_the_limit_is_not_outside():
    # mean 10, moving ranges all 2 -> limits 10 +/- 5.32; a point exactly on a limit is inside
    base = [9.0, 11.0] * 6
    r = spc_array(base)
    assert r["upper"][0, 0] == pytest.approx(10 + 2.66 * 2)
    frame = ps.spc(base + [10.0], months(13)).frame
    assert (frame["signal"] == "").all()


def test_precedence_outside_over_shift_and_trend():
    values = [10, 9, 11, 10, 9, 11, 10, 9, 11, 10, 12, 13, 14, 15, 16, 17, 40]
    frame = ps.spc(values, months(len(values)), improvement="decrease").frame
    # points 9-16 rise 8 times in a row; 17 and 40 are also above the upper limit (16.72)
    assert frame["upper"].iloc[0] == pytest.approx(227 / 17 + 2.66 * np.mean(
        [1, 2, 1, 1, 2, 1, 1, 2, 1, 2, 1, 1, 1, 1, 1]))  # the range of 23 is screened out
    assert frame["signal"].iloc[9:15].tolist() == ["trend"] * 6  # trend beats two_of_three
    assert frame["signal"].iloc[15:].tolist() == ["outside"] * 2  # outside beats trend
    assert frame["variation"].iloc[9:].tolist() == ["concern"] * 8  # rising is bad here


def test_outlier_screening_changes_the_limits():
    rng = np.random.default_rng(1)
    values = list(rng.normal(100, 5, 24))
    values[12] = 200
    mr = np.abs(np.diff(values))
    kept = mr[mr < 3.267 * mr.mean()]
    frame = ps.spc(values, months(24)).frame
    assert frame["upper"].iloc[0] == pytest.approx(np.mean(values) + 2.66 * kept.mean())
    assert kept.size == mr.size - 2  # both ranges around the spike screened out


def test_rebase_recomputes_limits_per_segment():
    values = [10, 12, 11, 13, 10, 12, 30, 32, 31, 33, 30, 32]
    frame = ps.spc(values, months(12), rebase=["2019-07"]).frame
    assert frame["mean"].iloc[0] == pytest.approx(68 / 6)
    assert frame["mean"].iloc[-1] == pytest.approx(188 / 6)
    assert frame["segment"].tolist() == [0] * 6 + [1] * 6


def test_p_and_u_limits_by_hand():
    x = np.array([12, 15, 9, 20, 14])
    n = np.array([100, 120, 80, 150, 110])
    p = ps.spc(x, months(5), chart="p", denominators=n).frame
    pbar = 70 / 560
    np.testing.assert_allclose(p["upper"], pbar + 3 * np.sqrt(pbar * (1 - pbar) / n))
    np.testing.assert_allclose(p["lower"], pbar - 3 * np.sqrt(pbar * (1 - pbar) / n))
    u = ps.spc(x, months(5), chart="u", denominators=n).frame
    np.testing.assert_allclose(u["upper"], pbar + 3 * np.sqrt(pbar / n))
    c = ps.spc(x, months(5), chart="c").frame
    np.testing.assert_allclose(c["upper"], 14 + 3 * np.sqrt(14))


def test_run_chart_anhoj_limits():
    # median 50: 12 alternating points, then 10 above (100, 110 x 9) and 9 below (0)
    values = [0, 100] * 6 + [110] * 9 + [0] * 9
    r = ps.spc(values, months(30), chart="run")
    s = r.summary.iloc[0]
    assert s["mean"] == 50
    assert s["run_limit"] == round(np.log2(30) + 3) == 8
    assert s["longest_run"] == 10
    assert (r.frame["signal"] == "shift").sum() == 19
    assert s["crossings"] == 12
    assert s["crossings_limit"] == 10  # qbinom(0.05, 29, 0.5)


def test_assurance_against_target():
    values = [50, 52, 51, 53, 50, 52, 51, 53, 50, 52, 51, 53]
    met = ps.spc(values, months(12), improvement="increase", target=40)
    assert met.assurance == "consistent_pass"
    assert ps.spc(values, months(12), improvement="decrease", target=40).assurance == "consistent_fail"
    assert ps.spc(values, months(12), improvement="increase", target=51).assurance == "inconsistent"
    assert ps.spc(values, months(12), target=51).assurance is None


def test_clear_errors():
    with pytest.raises(ValueError, match="unknown chart 'xbar'"):
        ps.spc([1, 2, 3], months(3), chart="xbar")
    with pytest.raises(ValueError, match="'2019-02' at position 2 does not follow"):
        ps.spc([1, 2, 3], ["2019-01", "2019-03", "2019-02"])
    with pytest.raises(ValueError, match="missing or infinite at 2019-02"):
        ps.spc([1, np.nan, 3], months(3))
    with pytest.raises(ValueError, match="rebase period"):
        ps.spc([1, 2, 3], months(3), rebase="2030-01")
    with pytest.raises(ValueError, match=r"count \(12\) exceeds denominator \(10\) at 2019-01"):
        ps.spc([12, 2, 3], months(3), chart="p", denominators=[10, 10, 10])


def test_many_series_match_one_at_a_time():
    rng = np.random.default_rng(7)
    values = rng.poisson(50, size=(20, 36)).astype(float)
    out = spc_array(values, improvement="increase")
    for row in range(20):
        one = ps.spc(values[row], months(36)).frame
        np.testing.assert_array_equal(out["upper"][row], one["upper"])
        np.testing.assert_array_equal(out["signal"][row] > 0, one["signal"] != "")
