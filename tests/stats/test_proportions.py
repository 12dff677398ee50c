"""proportion and survey_proportion: published values, properties, edge cases, validation.

Expected numbers come from tests/reference/intervals (see PROVENANCE.md there).
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peelstats import proportion, survey_proportion
from peelstats.stats.proportions import PROPORTION_METHODS

REFERENCE = Path(__file__).parents[1] / "reference" / "intervals"
METHODS = sorted(PROPORTION_METHODS)


def half_unit(decimals: int) -> float:
    """Tolerance for a value printed to `decimals` places (half a unit, plus float noise)."""
    return 0.5 * 10.0 ** -decimals + 1e-12


# ----------------------------------------------------------------------------- published

@pytest.mark.parametrize("row", pd.read_csv(REFERENCE / "newcombe1998_single.csv")
                         .to_dict("records"), ids=lambda r: f"{r['method']}-{r['x']}/{r['n']}")
def test_newcombe_1998_table_1(row):
    est = proportion(row["x"], row["n"], method=row["method"])
    assert est.lower == pytest.approx(row["lower"], abs=half_unit(4))
    assert est.upper == pytest.approx(row["upper"], abs=half_unit(4))


def test_phe_wilson_scalar_limits_at_95_and_99_8():
    table = pd.read_csv(REFERENCE / "phe_byar_wilson.csv")
    table = table[table["method"] == "wilson"]
    for confidence, rows in table.groupby("confidence"):
        est = proportion(rows["x"].to_numpy(), rows["n"].to_numpy(), confidence=confidence)
        np.testing.assert_allclose(est.lower, rows["lower"], rtol=0, atol=half_unit(6))
        np.testing.assert_allclose(est.upper, rows["upper"], rtol=0, atol=half_unit(6))


@pytest.mark.parametrize("confidence, suffix", [(0.95, "95"), (0.998, "99_8")])
def test_phe_proportions_with_multipliers_and_missing_rows(confidence, suffix):
    table = pd.read_csv(REFERENCE / "phe_proportion.csv")
    est = proportion(table["x"].to_numpy(), table["n"].to_numpy(), confidence=confidence)
    per = table["per"].to_numpy()
    # NaN in gives NaN out: the peer's missing rows are missing here too.
    np.testing.assert_allclose(est.value * per, table["value"], rtol=0, atol=half_unit(6))
    np.testing.assert_allclose(est.lower * per, table[f"lower_{suffix}"], rtol=0,
                               atol=half_unit(6))
    np.testing.assert_allclose(est.upper * per, table[f"upper_{suffix}"], rtol=0,
                               atol=half_unit(6))


@pytest.mark.parametrize("ours, theirs", [("wilson", "wilson"), ("clopper_pearson", "beta"),
                                          ("jeffreys", "jeffreys"),
                                          ("agresti_coull", "agresti_coull"), ("wald", "normal")])
def test_agrees_with_statsmodels_inside_the_range(ours, theirs):
    # An independent implementation (statsmodels.stats.proportion.proportion_confint) for
    # 0 < x < n; at x = 0 and x = n peelstats sets the limits of Brown, Cai & DasGupta
    # (2001, section 4.1.2) for Jeffreys, which statsmodels leaves as the beta quantiles.
    from statsmodels.stats.proportion import proportion_confint

    x, n = np.arange(1, 60), 60
    for confidence in (0.9, 0.95, 0.998):
        lower, upper = proportion_confint(x, n, alpha=1 - confidence, method=theirs)
        est = proportion(x, n, confidence=confidence, method=ours)
        np.testing.assert_allclose(est.lower, lower, rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(est.upper, upper, rtol=1e-10, atol=1e-12)


# ----------------------------------------------------------------------------- properties

counts = st.integers(min_value=1, max_value=5000).flatmap(
    lambda n: st.tuples(st.integers(min_value=0, max_value=n), st.just(n)))
confidences = st.sampled_from([0.8, 0.9, 0.95, 0.99, 0.998])


@settings(max_examples=200, deadline=None)
@given(counts, confidences, st.sampled_from(METHODS))
def test_interval_contains_value_and_stays_in_unit_range(xn, confidence, method):
    x, n = xn
    est = proportion(x, n, confidence=confidence, method=method)
    assert 0.0 <= est.lower <= est.value <= est.upper <= 1.0
    if method != "wald" or 0 < x < n:
        assert est.lower < est.upper


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1, max_value=2000), confidences, st.sampled_from(METHODS))
def test_limits_never_decrease_as_x_grows(n, confidence, method):
    est = proportion(np.arange(n + 1), n, confidence=confidence, method=method)
    assert np.all(np.diff(est.lower) >= -1e-12)
    assert np.all(np.diff(est.upper) >= -1e-12)


@settings(max_examples=200, deadline=None)
@given(counts, confidences, st.sampled_from(METHODS))
def test_symmetric_under_x_to_n_minus_x(xn, confidence, method):
    x, n = xn
    est = proportion(x, n, confidence=confidence, method=method)
    mirror = proportion(n - x, n, confidence=confidence, method=method)
    assert est.lower == pytest.approx(1.0 - mirror.upper, abs=1e-9)
    assert est.upper == pytest.approx(1.0 - mirror.lower, abs=1e-9)


@settings(max_examples=100, deadline=None)
@given(counts, st.floats(min_value=1.05, max_value=5.0),
       st.sampled_from([m for m in METHODS if m != "wilson_cc"]))
def test_design_effect_widens_and_keeps_the_point_estimate(xn, deff, method):
    x, n = xn
    plain = proportion(x, n, method=method)
    weighted = proportion(x, n, method=method, deff=deff)
    assert weighted.value == plain.value
    assert weighted.lower <= plain.lower + 1e-12
    assert weighted.upper >= plain.upper - 1e-12
    assert weighted.n_effective == pytest.approx(n / deff)


def test_continuity_correction_refuses_a_design_effect():
    # On effective counts the correction of 1/2 stops being one: 0/1 with deff 4 gave an
    # upper limit below the unweighted one. Refused rather than narrowed.
    with pytest.raises(ValueError, match="wilson_cc' takes no design effect"):
        proportion(0, 1, method="wilson_cc", deff=4.0)
    assert proportion(0, 1, method="wilson_cc", deff=1.0).upper > 0.9


def test_design_effect_is_the_interval_of_the_effective_counts():
    # Kish: deff 2 on 130/200 gives the interval of 65/100 around the same 0.65.
    weighted = proportion(130, 200, deff=2.0)
    effective = proportion(65, 100)
    assert weighted.lower == pytest.approx(effective.lower)
    assert weighted.upper == pytest.approx(effective.upper)


def test_coverage_simulation_wilson_near_nominal_and_clopper_pearson_above():
    # Seeded simulation over a grid of true proportions and sample sizes: Wilson's mean
    # coverage is close to 95% (Newcombe 1998; Brown, Cai & DasGupta 2001), and the exact
    # interval never covers less than 95% (Clopper & Pearson 1934).
    rng = np.random.default_rng(12345)
    draws = 4000
    wilson_cover, exact_min = [], 1.0
    for n in (20, 50, 200):
        for p in (0.05, 0.1, 0.3, 0.5, 0.8):
            x = rng.binomial(n, p, draws)
            wilson = proportion(x, n)
            exact = proportion(x, n, method="clopper_pearson")
            wilson_cover.append(np.mean((wilson.lower <= p) & (p <= wilson.upper)))
            exact_cover = np.mean((exact.lower <= p) & (p <= exact.upper))
            exact_min = min(exact_min, exact_cover)
    assert 0.935 <= np.mean(wilson_cover) <= 0.965
    # Sampling error of a coverage near 0.96 from 4000 draws is about 0.003.
    assert exact_min >= 0.95 - 0.01


def test_exact_coverage_clopper_pearson_never_below_nominal():
    # Coverage computed exactly, sum over x of P(x | p) for the x whose interval holds p,
    # on a fine grid of p: the Clopper-Pearson interval is never below 95% (its defining
    # property), while Wilson's averages close to 95% (Newcombe 1998, Table III).
    from scipy import stats

    p_grid = np.linspace(0.005, 0.995, 199)
    for n in (10, 37, 100):
        x = np.arange(n + 1)
        weights = stats.binom.pmf(x[:, None], n, p_grid[None, :])
        exact = proportion(x, n, method="clopper_pearson")
        wilson = proportion(x, n)
        exact_cover = (weights * ((exact.lower[:, None] <= p_grid)
                                  & (p_grid <= exact.upper[:, None]))).sum(axis=0)
        wilson_cover = (weights * ((wilson.lower[:, None] <= p_grid)
                                   & (p_grid <= wilson.upper[:, None]))).sum(axis=0)
        assert exact_cover.min() >= 0.95 - 1e-12
        assert 0.94 <= wilson_cover.mean() <= 0.96


# ----------------------------------------------------------------------------- edge cases

@pytest.mark.parametrize("method", METHODS)
def test_x_zero_and_x_equal_n(method):
    zero = proportion(0, 25, method=method)
    full = proportion(25, 25, method=method)
    assert zero.lower == 0.0 and zero.value == 0.0
    assert full.upper == 1.0 and full.value == 1.0
    assert 0.0 <= zero.upper <= 1.0 and 0.0 <= full.lower <= 1.0


def test_clopper_pearson_closed_forms_at_the_extremes():
    # At x = 0 the exact upper limit is 1 - (tail)^(1/n); at x = n the lower is tail^(1/n).
    tail = 0.025
    assert proportion(0, 20, method="clopper_pearson").upper == pytest.approx(
        1 - tail ** (1 / 20))
    assert proportion(20, 20, method="clopper_pearson").lower == pytest.approx(tail ** (1 / 20))


def test_scalar_in_scalar_out_and_arrays_broadcast():
    est = proportion(5, 10)
    assert isinstance(est.value, float) and isinstance(est.lower, float)
    grid = proportion(np.array([[1], [2]]), np.array([10, 20, 40]))
    assert grid.lower.shape == (2, 3)
    assert est.kind == "proportion" and est.method == "wilson" and est.confidence == 0.95


def test_nan_in_gives_nan_out_without_error():
    est = proportion([np.nan, 3, 4], [10, np.nan, 8])
    assert np.isnan(est.value[:2]).all() and np.isnan(est.lower[:2]).all()
    assert np.isnan(est.upper[:2]).all()
    assert not np.isnan(est.lower[2])


# ----------------------------------------------------------------------------- validation

def test_every_bad_position_is_named_before_raising():
    with pytest.raises(ValueError) as error:
        proportion([12, 3, -1, 2], [10, 5, 4, 0])
    message = str(error.value)
    assert "x (12) exceeds n (10) at position 0" in message
    assert "x (-1)" in message and "position 2" in message
    assert "n (0) must be positive" in message and "position 3" in message


def test_confidence_as_percent_gets_a_hint():
    with pytest.raises(ValueError, match=r"did you mean 0\.95"):
        proportion(5, 10, confidence=95)


def test_unknown_method_lists_the_valid_names():
    with pytest.raises(ValueError, match=r"unknown method 'exact'; choose one of: 'wilson'"):
        proportion(5, 10, method="exact")


def test_design_effect_must_be_positive():
    with pytest.raises(ValueError, match=r"deff \(0\)"):
        proportion(5, 10, deff=0.0)


# ----------------------------------------------------------------------------- survey figures

def test_survey_proportion_keeps_the_published_interval_and_its_sample_size():
    est = survey_proportion(0.881, 0.013)
    assert (est.lower, est.upper) == pytest.approx((0.868, 0.894))
    assert est.kind == "survey" and est.margin == pytest.approx(0.013)
    # The implied sample size reproduces the margin: z sqrt(p q / n) = margin.
    z = 1.959963984540054
    assert z * np.sqrt(0.881 * 0.119 / est.n_effective) == pytest.approx(0.013)


def test_survey_proportion_rejects_percentages_and_zero_margins():
    with pytest.raises(ValueError, match=r"value \(88\.1\) is outside \[0, 1\]"):
        survey_proportion(88.1, 1.3)
    with pytest.raises(ValueError, match=r"margin \(0\)"):
        survey_proportion(0.5, 0.0)
