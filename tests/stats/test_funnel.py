"""Funnel limits and over-dispersion (peelstats.stats.funnel).

Expected numbers come from the peer test data of PHEindicatormethods (see
tests/reference/funnel/PROVENANCE.md), from Spiegelhalter's (2005) definition computed
independently here with binomial probabilities, and from simulations with a known
dispersion.
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import special, stats

from peelstats.stats import funnel, funnel_limits
from peelstats.stats.funnel import adjusted_limits, overdispersion

REFERENCE = Path(__file__).parents[1] / "reference" / "funnel"

# PHEindicatormethods significance labels in peelstats' flag words.
LABELS = {"High (0.001)": "above 99.8%", "High (0.025)": "above 95%",
          "Not significant": "within 95%", "Low (0.025)": "below 95%",
          "Low (0.001)": "below 99.8%"}


def reference(name):
    return pd.read_csv(REFERENCE / name)


# ------------------------------------------------------------------ peer test data ---

@pytest.mark.parametrize("case", ["prop_outputs", "prop_outputs_with_axis_variation"])
def test_wilson_limits_match_fingertips(case):
    table = reference("proportion_limits.csv").query("case == @case")
    for level, name in [(0.95, "warning"), (0.998, "control")]:
        limits = funnel_limits(table["denominator"], table["target"], method="wilson",
                               confidence=level, per=100)
        np.testing.assert_allclose(limits.lower, table[f"{name}_lower"], atol=2e-6)
        np.testing.assert_allclose(limits.upper, table[f"{name}_upper"], atol=2e-6)
        assert limits.method == "wilson" and limits.confidence == level


def test_wilson_flags_match_fingertips_labels():
    table = reference("proportion_significance.csv")
    frame = funnel(table["numerator"], table["denominator"], method="wilson").frame
    assert list(frame["flag"]) == list(table["significance"].map(LABELS))


@pytest.mark.parametrize("case", ["rate_outputs", "rate_outputs_2", "rate_outputs_3"])
@pytest.mark.parametrize("name, level", [("warning", 0.95), ("control", 0.998)])
@pytest.mark.parametrize("side", ["lower", "upper"])
def test_rate_limits_match_fingertips(case, name, level, side):
    # Each peer row gives the population (per year of 3 years) at which `events` lies on
    # the limit; our limit at that population must be that rate. The peer's bisection
    # stops at 1e-7 on a transformed scale, hence the relative tolerance.
    table = reference("rate_limits.csv").query("case == @case")
    population = table[f"{name}_{side}_population_per_year"] * 3
    limits = funnel_limits(population, table["target"], kind="rate", per=100_000,
                           confidence=level)
    np.testing.assert_allclose(getattr(limits, side), table[f"{name}_{side}"], rtol=2e-5)


@pytest.mark.parametrize("level", [0.95, 0.998])
@pytest.mark.parametrize("side", ["lower", "upper"])
def test_ratio_limits_match_fingertips(level, side):
    table = reference("ratio_limits.csv").query("confidence == @level and side == @side")
    limits = funnel_limits(table["expected"], 100, kind="ratio", per=100, confidence=level)
    np.testing.assert_allclose(getattr(limits, side), table["limit_isr"], rtol=2e-5)


def test_ratio_flags_match_fingertips_labels():
    table = reference("ratio_significance.csv")
    frame = funnel(table["observed"], table["expected"], kind="ratio").frame
    assert list(frame["flag"]) == list(table["significance"].map(LABELS))
    assert (frame["target"] == 1.0).all()


def test_rate_flags_match_fingertips_labels_with_and_without_zero_areas():
    table = reference("rate_significance.csv")
    assert (table["count"] == 0).any()  # the point of the two columns
    pooled = funnel(table["count"], table["population"], kind="rate", per=100_000).frame
    assert list(pooled["flag"]) == list(table["crude_per_100000_with_0"].map(LABELS))
    some = table[table["count"] > 0]
    target = some["count"].sum() / some["population"].sum() * 100_000
    without = funnel(table["count"], table["population"], kind="rate", per=100_000,
                     target=target).frame
    # The peer cannot place the area with no events when it has no rate to derive a
    # denominator from, and labels it "Not significant"; we compare the others.
    some_flags = without["flag"][table["count"] > 0]
    assert list(some_flags) == list(some["crude_per_100000_without_0"].map(LABELS))


# ------------------------------------------------ Spiegelhalter's exact limits ---

def spiegelhalter_limit(n, t, p):
    """Appendix A.1.1 of Spiegelhalter (2005), from the binomial probabilities directly."""
    cdf = np.cumsum(stats.binom.pmf(np.arange(n + 1), n, t))
    r = int(np.argmax(cdf >= p - 1e-12))  # smallest r with F(r) >= p
    below = cdf[r - 1] if r > 0 else 0.0
    alpha = (cdf[r] - p) / (cdf[r] - below)
    return max((r - alpha) / n, 0.0)


@pytest.mark.parametrize("t", [0.02, 0.15, 0.5, 0.806])
@pytest.mark.parametrize("level", [0.95, 0.998])
def test_exact_proportion_limits_follow_spiegelhalter(t, level):
    n = np.array([1, 2, 5, 10, 37, 100, 523, 1528, 5000])
    limits = funnel_limits(n, t, confidence=level)
    tail = (1 - level) / 2
    expected_lower = [spiegelhalter_limit(k, t, tail) for k in n]
    expected_upper = [spiegelhalter_limit(k, t, 1 - tail) for k in n]
    np.testing.assert_allclose(limits.lower, expected_lower, atol=1e-9)
    np.testing.assert_allclose(limits.upper, expected_upper, atol=1e-9)
    assert limits.method == "exact"


def test_exact_proportion_limits_approach_the_normal_ones_for_large_n():
    n = np.array([20_000, 100_000])
    exact = funnel_limits(n, 0.3)
    normal = funnel_limits(n, 0.3, method="wilson")
    np.testing.assert_allclose(exact.lower, normal.lower, atol=1 / n.min() + 2e-4)
    np.testing.assert_allclose(exact.upper, normal.upper, atol=1 / n.min() + 2e-4)


def test_exact_limits_bracket_the_target_and_stay_in_range():
    n = np.arange(1, 400)
    for t in (0.0, 0.01, 0.5, 0.99, 1.0):
        limits = funnel_limits(n, t, confidence=0.998)
        assert np.all(limits.lower <= t + 1e-12) and np.all(limits.upper >= t - 1e-12)
        assert np.all(limits.lower >= 0) and np.all(limits.upper <= 1)


def test_poisson_limits_are_exact_test_boundaries():
    # A count at the upper limit has P(X >= u) = tail; at the lower, P(X <= l) = tail,
    # with the tail sums continued to non-integer counts by the incomplete gamma function.
    mu = np.array([0.001, 0.02, 0.5, 3.0, 25.0, 400.0, 1e5])
    for level in (0.95, 0.998):
        tail = (1 - level) / 2
        limits = funnel_limits(mu, 1.0, kind="ratio", confidence=level)
        np.testing.assert_allclose(special.gammainc(limits.upper * mu, mu), tail, rtol=1e-6)
        positive = limits.lower > 0
        np.testing.assert_allclose(
            special.gammaincc(limits.lower[positive] * mu[positive] + 1, mu[positive]), tail,
            rtol=1e-6)
        # When even a count of 0 is not improbable, no count lies below the funnel.
        assert np.all(np.exp(-mu[~positive]) >= tail - 1e-12)


def test_rate_flags_agree_with_garwood_intervals():
    # A rate is outside the limits exactly when its exact (Garwood) interval misses the target.
    rng = np.random.default_rng(7)
    population = rng.integers(50, 20_000, size=500).astype(float)
    count = rng.poisson(population * 0.01 * rng.lognormal(0, 0.3, size=500)).astype(float)
    frame = funnel(count, population, kind="rate", per=1000, target=10.0).frame
    tail = 0.025
    low = np.where(count > 0, stats.chi2.ppf(tail, 2 * count) / 2, 0.0) / population * 1000
    high = stats.chi2.ppf(1 - tail, 2 * count + 2) / 2 / population * 1000
    outside = (low > 10.0) | (high < 10.0)
    assert np.array_equal(frame["flag"] != "within 95%", outside)


# --------------------------------------------------------------- over-dispersion ---

def simulate_proportions(tau, areas=3000, seed=11):
    rng = np.random.default_rng(seed)
    n = rng.integers(200, 3000, size=areas)
    centre = np.arcsin(np.sqrt(0.3))
    p = np.sin(np.clip(centre + rng.normal(0.0, tau, size=areas), 0, np.pi / 2)) ** 2
    return rng.binomial(n, p), n


def test_no_overdispersion_gives_phi_near_one_and_no_tau2():
    x, n = simulate_proportions(tau=0.0)
    frame = funnel(x, n, target=30, per=100, trim=0.0).frame
    phi = frame.attrs["phi"]
    assert abs(phi - 1) < 0.1  # sd of phi with 3000 areas is about sqrt(2 / 3000) = 0.026
    # With trim = 0.1 the winsorised phi is below 1 (E[z²] of a normal winsorised at its
    # deciles is about 0.77), so no extra variance is added.
    frame = funnel(x, n, target=30, per=100).frame
    assert frame.attrs["phi"] < 1 and frame.attrs["tau2"] == 0
    assert list(frame["adjusted_flag"]) == list(frame["flag"])
    assert frame["adjusted_warning_lower"].equals(frame["warning_lower"])


@pytest.mark.parametrize("tau", [0.02, 0.05])
def test_tau2_recovers_the_known_dispersion(tau):
    x, n = simulate_proportions(tau)
    frame = funnel(x, n, target=30, per=100, trim=0.0).frame
    assert frame.attrs["tau2"] == pytest.approx(tau ** 2, rel=0.12)
    # Adjusted limits are calibrated: about 5% of areas outside the adjusted 95% limits.
    outside = (frame["adjusted_flag"] != "within 95%").mean()
    assert 0.035 < outside < 0.065
    assert (frame["flag"] != "within 95%").mean() > 0.1
    # Winsorising shrinks phi and so tau²; it does not remove it.
    trimmed = funnel(x, n, target=30, per=100).frame
    assert 0 < trimmed.attrs["tau2"] < frame.attrs["tau2"]


def test_tau2_formula_of_spiegelhalter_2005():
    # QSHC 2005 equation: tau² = (I phi - (I - 1)) / (sum w - sum w² / sum w), w = 1/s².
    z = np.array([-2.5, -1.0, 0.3, 1.2, 2.8, 3.5])
    s = np.array([0.05, 0.1, 0.02, 0.04, 0.08, 0.03])
    phi, tau2, winsorised = overdispersion(z, s, trim=0.0)
    w = 1 / s ** 2
    assert phi == pytest.approx(np.mean(z ** 2))
    assert tau2 == pytest.approx((6 * phi - 5) / (w.sum() - (w ** 2).sum() / w.sum()))
    np.testing.assert_array_equal(winsorised, z)
    _, _, winsorised = overdispersion(z, s, trim=0.2)
    low, high = np.quantile(z, [0.2, 0.8])
    np.testing.assert_allclose(winsorised, np.clip(z, low, high))


def test_rate_overdispersion_on_sqrt_scale():
    rng = np.random.default_rng(3)
    population = rng.integers(100_000, 2_000_000, size=2000).astype(float)
    tau = 0.01
    rate = (np.sqrt(0.008) + rng.normal(0, tau, size=2000)) ** 2  # events per person
    count = rng.poisson(rate * population).astype(float)
    frame = funnel(count, population, kind="rate", per=1000, target=8.0, trim=0.0).frame
    assert frame.attrs["scale"] == "sqrt"
    # On the sqrt scale of value / per, s = sqrt(per / denominator) / 2 relates to rate/1
    # as follows: y = sqrt(rate) so tau is on the scale of sqrt(events per person).
    assert frame.attrs["tau2"] == pytest.approx(tau ** 2, rel=0.15)


def test_z_scores_on_documented_scales():
    frame = funnel([30], [100], target=0.25, scale="identity").frame
    assert frame["z"][0] == pytest.approx((0.30 - 0.25) / np.sqrt(0.25 * 0.75 / 100))
    frame = funnel([30], [100], target=0.25).frame
    assert frame["z"][0] == pytest.approx(
        (np.arcsin(np.sqrt(0.3)) - np.arcsin(np.sqrt(0.25))) * 2 * np.sqrt(100))
    frame = funnel([130], [100], kind="ratio").frame
    assert frame["z"][0] == pytest.approx(2 * (np.sqrt(130) - np.sqrt(100)))
    frame = funnel([130], [100], kind="ratio", scale="log").frame
    assert frame["z"][0] == pytest.approx(np.sqrt(100) * np.log(1.3))


# ------------------------------------------------------------ frames and inputs ---

def test_frame_in_frame_out_keeps_index_and_columns():
    data = pd.DataFrame({"area_code": ["E23000023", "E23000001", "E23000002"],
                         "x": [30, 45, 12], "n": [100, 120, 50]},
                        index=pd.Index([10, 20, 30], name="row"))
    frame = funnel("x", "n", data=data, area="area_code").frame
    assert frame.index.equals(data.index)
    assert list(frame.columns[:3]) == ["area_code", "x", "n"]
    assert {"value", "z", "flag", "phi", "tau2", "adjusted_flag"} <= set(frame.columns)
    assert "value" not in data.columns  # the caller's frame is not changed


def test_nan_in_nan_out_and_left_out_of_target():
    frame = funnel([30, np.nan, 12], [100, 120, 50]).frame
    assert np.isnan(frame["value"][1]) and np.isnan(frame["z"][1])
    assert frame["flag"][1] == ""
    assert frame.attrs["target"] == pytest.approx(42 / 150)


def test_bad_rows_are_all_named():
    with pytest.raises(ValueError, match=r"numerator \(12\) exceeds denominator \(10\) at B"
                       r".*numerator \(9\) exceeds denominator \(5\) at C"):
        funnel([3, 12, 9], [10, 10, 5], area=["A", "B", "C"])
    with pytest.raises(ValueError, match=r"denominator \(-5\) is negative at position 1"):
        funnel([3, 2], [10, -5], kind="rate")
    with pytest.raises(ValueError, match=r"numerator \(0\) must be positive at C"):
        funnel([3, 2, 0], [10, 5, 7], area=["A", "B", "C"], kind="ratio", scale="log")


def test_bad_choices_list_the_valid_ones():
    with pytest.raises(ValueError, match="unknown kind 'mean'"):
        funnel_limits(10, 0.5, kind="mean")
    with pytest.raises(ValueError, match="'exact'"):
        funnel_limits(10, 5, kind="rate", method="wilson")
    with pytest.raises(ValueError, match="did you mean 0.95"):
        funnel_limits(10, 0.5, confidence=95)
    with pytest.raises(ValueError, match=r"denominator \(10.5\) is not a whole number"):
        funnel_limits([10, 10.5], 0.5)
    with pytest.raises(ValueError, match=r"target \(1.5\) is outside"):
        funnel_limits(10, 1.5)
    with pytest.raises(ValueError, match="scale for kind 'proportion'"):
        funnel([1], [10], scale="sqrt")


def test_limits_broadcast_and_scalars_stay_scalars():
    limits = funnel_limits(100, 0.3)
    assert isinstance(limits.lower, float) and isinstance(limits.upper, float)
    limits = funnel_limits([[10], [100]], [0.2, 0.5])
    assert np.shape(limits.lower) == (2, 2)
    assert np.isnan(funnel_limits([0, np.nan], 0.3).lower).all()
    assert "lower" in limits.to_frame().columns


def test_adjusted_limits_are_the_random_effects_limits_by_hand():
    # arcsine scale: sin²(asin(sqrt(t)) ± z sqrt(1 / (4 n) + tau²)).
    limits = adjusted_limits([400, 1000], 30, 0.0004, per=100, confidence=0.998)
    z = stats.norm.ppf(0.999)
    half = z * np.sqrt(1 / (4 * np.array([400, 1000])) + 0.0004)
    centre = np.arcsin(np.sqrt(0.3))
    np.testing.assert_allclose(limits.lower, 100 * np.sin(centre - half) ** 2)
    np.testing.assert_allclose(limits.upper, 100 * np.sin(centre + half) ** 2)
    x, n = simulate_proportions(0.05, areas=300)
    frame = funnel(x, n, per=100).frame
    again = adjusted_limits(n, frame.attrs["target"], frame.attrs["tau2"], per=100,
                            confidence=0.998)
    np.testing.assert_allclose(frame["adjusted_control_lower"], again.lower)
    np.testing.assert_allclose(frame["adjusted_control_upper"], again.upper)


def test_funnelplotr_role_swapped_limits_converge_to_these():
    # FunnelPlotR draws standardised-ratio limits as Garwood's interval for a count equal
    # to the expected count E, divided by E (qchisq(0.025, 2E) / 2 / E and
    # qchisq(0.975, 2(E + 1)) / 2 / E); ours invert the exact test at E. The two differ
    # by about one event (1 / E on the ratio), so they converge as E grows.
    expected = np.array([1_000.0, 10_000.0, 100_000.0])
    ours = funnel_limits(expected, 1.0, kind="ratio")
    lower = stats.chi2.ppf(0.025, 2 * expected) / 2 / expected
    upper = stats.chi2.ppf(0.975, 2 * (expected + 1)) / 2 / expected
    assert np.all(np.abs(ours.lower - lower) * expected < 1.1)
    assert np.all(np.abs(ours.upper - upper) * expected < 1.1)
    small = funnel_limits(5.0, 1.0, kind="ratio")
    assert small.lower < stats.chi2.ppf(0.025, 10) / 2 / 5  # not for small E


def test_adjusted_limits_check_per_and_target_as_funnel_limits_does():
    # Without these checks the limits came back NaN, silently, for an impossible input.
    for call in (lambda: adjusted_limits(1000, 30, 0.0004, per=-100),
                 lambda: adjusted_limits(1000, 30, 0.0004, per=0)):
        with pytest.raises(ValueError, match="per must be a positive number"):
            call()
    with pytest.raises(ValueError, match=r"target \(130\) is outside \[0, 100\]"):
        adjusted_limits(1000, 130, 0.0004, per=100)
    with pytest.raises(ValueError, match=r"target \(inf\) is not finite"):
        adjusted_limits(1000, np.inf, 0.0004, kind="rate", per=1000)


def test_funnel_names_the_area_of_a_denominator_exact_limits_cannot_take():
    # Exact binomial limits need whole denominators; the area is named, as for other rows.
    with pytest.raises(ValueError, match=r"denominator \(10.5\) is not a whole number at B"):
        funnel([3, 4], [10, 10.5], area=["A", "B"])


def test_funnel_confidence_must_be_a_pair_of_levels():
    with pytest.raises(ValueError, match="confidence must be two increasing levels"):
        funnel([3, 4], [10, 10], confidence=0.95)


# ------------------------------------------------------------------ the result ---

def test_the_result_names_its_statistics_and_its_limits():
    x = [30, 45, 80, 8, 52, 61]
    n = [100, 100, 200, 50, 150, 160]
    result = funnel(x, n, area=list("ABCDEF"), per=100)
    frame = result.frame
    assert result.phi == frame["phi"].iloc[0] and result.tau2 == frame["tau2"].iloc[0]
    assert result.target == frame["target"].iloc[0] and result.confidence == (0.95, 0.998)
    # The limits at the levels of the frame are its columns, adjusted or not.
    np.testing.assert_array_equal(result.limits(0.95, adjusted=False).lower,
                                  frame["warning_lower"])
    np.testing.assert_array_equal(result.limits(0.998, adjusted=False).upper,
                                  frame["control_upper"])
    adjusted = "adjusted_" if result.adjusted else ""
    np.testing.assert_array_equal(result.limits().lower, frame[f"{adjusted}control_lower"])
    # The outliers are the areas the flags put beyond those limits, by name.
    beyond = frame.loc[~frame["flag"].str.startswith("within"), "area"].tolist()
    assert result.outliers(0.95, adjusted=False) == beyond
    outer = frame.loc[frame[f"{adjusted}flag"].str.endswith("99.8%"), "area"].tolist()
    assert result.outliers() == outer


def test_frame_like_use_still_works_with_a_warning():
    result = funnel([30, 45, 80, 8], [100, 100, 200, 50], area=["A", "B", "C", "D"])
    with pytest.warns(DeprecationWarning, match=r"use \.frame"):
        flags = result["flag"]
    assert list(flags) == list(result.frame["flag"])
    with pytest.warns(DeprecationWarning, match=r"\.attrs on it is deprecated"):
        assert result.attrs["phi"] == result.phi
    with pytest.warns(DeprecationWarning):
        assert len(result) == 4
    import copy
    import pickle

    assert copy.deepcopy(result).phi == result.phi
    assert pickle.loads(pickle.dumps(result)).target == result.target
