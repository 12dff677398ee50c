"""rate: the Fingertips rule, Byar, exact and Wald limits against published values.

Expected numbers come from tests/reference/intervals (see PROVENANCE.md there).
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from peelstats import rate
from peelstats.stats.rates import RATE_METHODS

REFERENCE = Path(__file__).parents[1] / "reference" / "intervals"
METHODS = sorted(RATE_METHODS)
SIX_DP = 0.5e-6 + 1e-9


def test_phe_byar_scalar_limits_at_95_and_99_8():
    table = pd.read_csv(REFERENCE / "phe_byar_wilson.csv")
    table = table[table["method"] == "byar"]
    for confidence, rows in table.groupby("confidence"):
        est = rate(rows["x"].to_numpy(), 1, per=1, confidence=confidence, method="byar")
        # The peer leaves the lower limit empty for 1 event at 99.8% (Byar's bracket is
        # negative there); peelstats gives the exact limit instead (issue 11), and agrees
        # with the peer everywhere else.
        empty = rows["lower"].isna().to_numpy()
        assert empty.sum() == (1 if confidence > 0.99 else 0)
        exact = rate(rows["x"].to_numpy(), 1, per=1, confidence=confidence, method="exact")
        np.testing.assert_array_equal(est.lower[empty], exact.lower[empty])
        np.testing.assert_allclose(est.lower[~empty], rows["lower"][~empty], rtol=0,
                                   atol=SIX_DP)
        np.testing.assert_allclose(est.upper, rows["upper"], rtol=0, atol=SIX_DP)


@pytest.mark.parametrize("confidence, suffix", [(0.95, "95"), (0.998, "99_8")])
def test_phe_rates_fingertips_rule_with_multipliers(confidence, suffix):
    table = pd.read_csv(REFERENCE / "phe_rate.csv")
    est = rate(table["count"].to_numpy(), table["denominator"].to_numpy(),
               per=table["per"].to_numpy(), confidence=confidence)
    assert est.method == "fingertips"
    scale = np.maximum(np.abs(table["value"].to_numpy()), 1.0)
    # Six decimal places as printed; relative for the per-100,000 figures, which the peer
    # file holds to 6 d.p. of numbers in the tens of thousands.
    for ours, theirs in ((est.value, "value"), (est.lower, f"lower_{suffix}"),
                         (est.upper, f"upper_{suffix}")):
        np.testing.assert_allclose(ours / scale, table[theirs] / scale, rtol=0, atol=SIX_DP)


def test_phe_rate_method_choice_matches_the_rule():
    table = pd.read_csv(REFERENCE / "phe_rate.csv").dropna(subset=["count", "denominator"])
    for method in ("exact", "byar"):
        rows = table[table["method"] == method]
        est = rate(rows["count"].to_numpy(), rows["denominator"].to_numpy(),
                   per=rows["per"].to_numpy(), method=method)
        rule = rate(rows["count"].to_numpy(), rows["denominator"].to_numpy(),
                    per=rows["per"].to_numpy())
        np.testing.assert_array_equal(est.lower, rule.lower)


def test_exact_poisson_r_example():
    row = pd.read_csv(REFERENCE / "exact_poisson.csv").set_index("example").loc["single_rate"]
    est = rate(row["count1"], row["denominator1"], per=1, method="exact")
    assert est.value == pytest.approx(row["value"], abs=0.5e-6)
    assert est.lower == pytest.approx(row["lower"], abs=0.5e-6)
    assert est.upper == pytest.approx(row["upper"], abs=0.5e-6)


def test_exact_limits_are_the_chi_square_quantiles():
    # Garwood 1936 written with scipy.stats.chi2, independently of the gamma form used.
    count = np.array([0, 1, 4, 9, 37])
    est = rate(count, 1, per=1, method="exact", confidence=0.9)
    np.testing.assert_allclose(est.lower[1:], stats.chi2.ppf(0.05, 2 * count[1:]) / 2)
    np.testing.assert_allclose(est.upper, stats.chi2.ppf(0.95, 2 * count + 2) / 2)


# ----------------------------------------------------------------------------- edge cases

@pytest.mark.parametrize("method", ["fingertips", "exact", "byar"])
def test_zero_events_is_a_valid_rate(method):
    est = rate(0, 5000, per=100_000, method=method)
    assert est.value == 0.0 and est.lower == 0.0
    assert est.upper > 0.0 and np.isfinite(est.upper)


def test_zero_events_exact_upper_limit_is_minus_log_tail():
    # P(0 events | mu) = exp(-mu) = 0.025 at the upper limit.
    est = rate(0, 1, per=1, method="exact")
    assert est.upper == pytest.approx(-np.log(0.025))


def test_tiny_denominator_with_a_large_multiplier():
    est = rate([0, 1, 3], [2, 7, 15], per=100_000)
    assert np.all(np.isfinite(est.upper))
    assert np.all(est.lower <= est.value) and np.all(est.value <= est.upper)
    assert est.lower[0] == 0.0
    assert est.upper[0] == pytest.approx(-np.log(0.025) / 2 * 100_000)


def test_count_above_denominator_is_allowed():
    est = rate(250, 220, per=100_000)
    assert est.value == pytest.approx(113636.363636, abs=1e-6)


def test_byar_lower_limit_is_the_exact_one_where_its_bracket_is_negative():
    # Byar's bracket 1 - 1/(9 O) - z/(3 sqrt O) is negative for 1 event at 99.8% (and at
    # 99.5%, issue 11): the approximation has no value there, and the exact (Garwood)
    # limit it approximates is given, never NaN. 10 events keep Byar's own limit.
    est = rate([1, 10], 1, per=1, method="byar", confidence=0.998)
    exact = rate([1, 10], 1, per=1, method="exact", confidence=0.998)
    assert est.lower[0] == exact.lower[0]
    assert est.lower[0] == pytest.approx(stats.chi2.ppf(0.001, 2) / 2, rel=1e-12)
    assert est.lower[1] != exact.lower[1]
    assert est.lower[1] == pytest.approx(10 * (1 - 1 / 90 - stats.norm.isf(0.001)
                                               / (3 * np.sqrt(10))) ** 3, rel=1e-12)
    high = rate(1, 1e4, method="byar", confidence=0.995)
    assert high.lower == pytest.approx(stats.chi2.ppf(0.0025, 2) / 2 / 1e4 * 1000, rel=1e-12)
    assert str(high).startswith("0.1 per 1,000 population (99.5% CI 0.0")
    # The default rule uses exact limits there too.
    assert rate(1, 1, per=1, confidence=0.998).lower == est.lower[0]


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=100_000),
       st.floats(min_value=1.0, max_value=1e7),
       st.sampled_from([0.9, 0.95, 0.998]), st.sampled_from(["fingertips", "exact", "wald"]))
def test_interval_contains_the_rate(count, denominator, confidence, method):
    est = rate(count, denominator, per=1000, confidence=confidence, method=method)
    assert 0.0 <= est.lower <= est.value <= est.upper


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=10, max_value=100_000), st.sampled_from([0.95, 0.998]))
def test_byar_is_close_to_exact_from_ten_events(count, confidence):
    byar = rate(count, 1, per=1, confidence=confidence, method="byar")
    exact = rate(count, 1, per=1, confidence=confidence, method="exact")
    assert byar.lower == pytest.approx(exact.lower, rel=0.02)
    assert byar.upper == pytest.approx(exact.upper, rel=0.02)


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=1, max_value=3000), st.sampled_from(METHODS))
def test_limits_never_decrease_as_count_grows(top, method):
    est = rate(np.arange(top + 1), 1000, method=method)
    assert np.all(np.diff(est.upper) >= -1e-9)
    lower = est.lower[~np.isnan(est.lower)]
    assert np.all(np.diff(lower) >= -1e-9)


# ----------------------------------------------------------------------------- validation

def test_every_bad_input_is_named_before_raising():
    with pytest.raises(ValueError) as error:
        rate([5, -2, 3], [100, 100, 0], per=1000)
    message = str(error.value)
    assert "count (-2)" in message and "position 1" in message
    assert "denominator (0) must be positive" in message and "position 2" in message


def test_nan_in_gives_nan_out():
    est = rate([np.nan, 10], [100, np.nan])
    assert np.isnan(est.value).all() and np.isnan(est.lower).all() and np.isnan(est.upper).all()


def test_unknown_method_and_percent_confidence():
    with pytest.raises(ValueError, match="choose one of: 'fingertips', 'byar', 'exact', 'wald'"):
        rate(3, 100, method="poisson")
    with pytest.raises(ValueError, match=r"did you mean 0\.998"):
        rate(3, 100, confidence=99.8)
