"""Change over time: change, compare_changes and survey_change (peelstats.stats.change).

Expected numbers: the issue's example (57,676 to 45,034 is -21.9 percent), R's
``poisson.test`` documented example, a saturated Poisson GLM fitted with statsmodels for
the ratio of rate ratios, and the ONS Crime Survey "significant change on the previous
year" flags (tests/reference/change/PROVENANCE.md, data/README.md).
"""

import math

import numpy as np
import pytest
import statsmodels.api as sm
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from statsmodels.tools.sm_exceptions import PerfectSeparationWarning

from peelstats.data import survey
from peelstats.stats.change import change, compare_changes, survey_change
from peelstats.stats.compare import compare_estimates
from peelstats.stats.proportions import survey_proportion


# ------------------------------------------------------------------ change ---

def test_percent_change_of_the_issue_example():
    result = change(57_676, 45_034)
    assert result.value == pytest.approx(100 * (45_034 / 57_676 - 1))
    assert round(result.value, 1) == -21.9
    assert result.lower < result.value < result.upper
    assert result.kind == "percent_change" and result.method == "exact"


def test_rate_ratio_interval_matches_r_poisson_test():
    # R: poisson.test(c(11, 6+8+7), c(800, 1083+1050+878)): rate ratio 1.971488,
    # 95 percent CI 0.8584264 4.2772659 (printed to 7 significant digits).
    result = change(21, 11, denominator_before=3011, denominator_after=800)
    assert result.value == pytest.approx(100 * (1.971488 - 1), abs=5e-5)
    assert result.lower == pytest.approx(100 * (0.8584264 - 1), abs=5e-6)
    assert result.upper == pytest.approx(100 * (4.2772659 - 1), abs=5e-5)


def test_small_counts_edge_cases():
    result = change([0, 5, 0, np.nan], [3, 0, 0, 2])
    assert math.isinf(result.value[0]) and math.isinf(result.upper[0])
    assert result.value[1] == -100 and result.lower[1] == -100 and result.upper[1] > 0
    assert np.isnan(result.value[2:]).all() and np.isnan(result.lower[2:]).all()


def test_dispersion_is_the_change_of_effective_counts():
    wide = change(57_676, 45_034, dispersion=4.0)
    effective = change(57_676 / 4, 45_034 / 4)
    assert wide.value == pytest.approx(change(57_676, 45_034).value)
    assert wide.lower == pytest.approx(effective.lower, rel=1e-12)
    assert wide.upper == pytest.approx(effective.upper, rel=1e-12)


def test_bad_input_is_named():
    with pytest.raises(ValueError, match=r"after \(-3\) is negative at position 1"):
        change([10, 10], [5, -3])
    with pytest.raises(ValueError, match=r"denominator_before \(0\) must be positive"):
        change(10, 5, denominator_before=0, denominator_after=10)
    with pytest.raises(ValueError, match=r"dispersion \(-1\) must be positive"):
        change(10, 5, dispersion=-1)
    with pytest.raises(ValueError, match="confidence must be a fraction"):
        change(10, 5, confidence=95)


counts = st.integers(min_value=0, max_value=100_000)
positive = st.integers(min_value=1, max_value=100_000)


@settings(max_examples=80, deadline=None)
@given(positive)
def test_no_change_is_zero_and_inside_the_interval(count):
    result = change(count, count)
    assert result.value == 0
    assert result.lower < 0 < result.upper


@settings(max_examples=80, deadline=None)
@given(positive, positive, st.floats(min_value=1.01, max_value=20.0))
def test_dispersion_widens_the_interval(before, after, phi):
    plain = change(before, after)
    wide = change(before, after, dispersion=phi)
    assert wide.value == plain.value
    assert wide.lower <= plain.lower and wide.upper >= plain.upper
    assert wide.upper - wide.lower > plain.upper - plain.lower


@settings(max_examples=80, deadline=None)
@given(counts, counts, st.floats(min_value=0.5, max_value=0.999))
def test_interval_contains_the_value(before, after, confidence):
    result = change(before, after, confidence=confidence)
    if before > 0:
        assert result.lower <= result.value <= result.upper
        assert result.lower >= -100


@settings(max_examples=50, deadline=None)
@given(positive, positive, st.floats(min_value=10.0, max_value=1e7))
def test_equal_denominators_change_nothing(before, after, population):
    with_rates = change(before, after, denominator_before=population,
                        denominator_after=population)
    counts_only = change(before, after)
    for field in ("value", "lower", "upper"):
        assert getattr(with_rates, field) == pytest.approx(getattr(counts_only, field),
                                                           rel=1e-9, abs=1e-9)


# ------------------------------------------------------------------ compare_changes ---

def test_ratio_of_rate_ratios_matches_a_saturated_poisson_glm():
    # log E[y] = area + period + area:period: the interaction is log(R1 / R2), and its
    # standard error sqrt(sum 1/y) is the Wald standard error of the comparison.
    before1, after1, before2, after2 = 5_210.0, 4_070.0, 610_000.0, 510_600.0
    y = np.array([before1, after1, before2, after2])
    area = np.array([1.0, 1.0, 0.0, 0.0])
    after = np.array([0.0, 1.0, 0.0, 1.0])
    design = np.column_stack([np.ones(4), area, after, area * after])
    # A saturated model fits exactly: statsmodels says so, and divides by 0 residual df.
    with np.errstate(divide="ignore"), pytest.warns(PerfectSeparationWarning):
        fit = sm.GLM(y, design, family=sm.families.Poisson()).fit()
    low, high = fit.conf_int()[3]
    result = compare_changes(before1, after1, before2, after2, method="wald")
    assert result.value == pytest.approx(math.exp(fit.params[3]), rel=1e-9)
    assert result.lower == pytest.approx(math.exp(low), rel=1e-6)
    assert result.upper == pytest.approx(math.exp(high), rel=1e-6)
    assert result.p_value == pytest.approx(fit.pvalues[3], rel=1e-6)
    assert result.verdict == "lower" and result.measure == "ratio" and result.null == 1.0


def test_first_area_falling_more_is_lower():
    # 22 percent against 16 percent, on counts of a force and the rest of England and Wales.
    result = compare_changes(57_676, 45_034, 4_900_000, 4_116_000)
    assert result.verdict == "lower"
    assert result.estimate1.value == pytest.approx(change(57_676, 45_034).value)
    assert result.estimate2.value == pytest.approx(-16.0)
    assert compare_changes(100, 90, 1_000, 920).verdict == "similar"


def test_denominators_enter_the_ratio():
    # Same counts, but area 1's population grew 10 percent: its rate fell more.
    plain = compare_changes(1000, 1000, 2000, 2000)
    grown = compare_changes(1000, 1000, 2000, 2000, denominator_before1=1e5,
                            denominator_after1=1.1e5, denominator_before2=2e5,
                            denominator_after2=2e5)
    assert plain.value == pytest.approx(1.0)
    assert grown.value == pytest.approx(1 / 1.1)


@settings(max_examples=60, deadline=None)
@given(positive, positive, positive, positive)
def test_swapping_the_areas_inverts_the_comparison(b1, a1, b2, a2):
    forward = compare_changes(b1, a1, b2, a2)
    backward = compare_changes(b2, a2, b1, a1)
    assert forward.value * backward.value == pytest.approx(1.0, rel=1e-9)
    assert forward.lower * backward.upper == pytest.approx(1.0, rel=1e-9)
    assert forward.p_value == pytest.approx(backward.p_value, rel=1e-9, abs=1e-300)
    flip = {"higher": "lower", "lower": "higher", "similar": "similar"}
    assert backward.verdict == flip[forward.verdict]


@settings(max_examples=60, deadline=None)
@given(positive, positive, positive, positive, st.floats(min_value=1.01, max_value=10.0))
def test_dispersion_widens_the_comparison(b1, a1, b2, a2, phi):
    plain = compare_changes(b1, a1, b2, a2)
    wide = compare_changes(b1, a1, b2, a2, dispersion=phi)
    assert wide.lower < plain.lower and wide.upper > plain.upper
    assert wide.p_value >= plain.p_value


def test_zero_counts_use_the_haldane_correction_and_nan_propagates():
    result = compare_changes([0, np.nan], [4, 10], [100, 100], [90, 90])
    corrected = compare_changes(0.5, 4.5, 100.5, 90.5)
    assert result.value[0] == pytest.approx(corrected.value)
    assert result.lower[0] == pytest.approx(corrected.lower)
    assert np.isnan(result.value[1]) and result.verdict[1] == ""


def test_unknown_method_lists_the_valid_ones():
    with pytest.raises(ValueError, match="unknown method 'exact'; choose one of: 'wald', "
                                         "'mover'"):
        compare_changes(1, 2, 3, 4, method="exact")


def test_mover_combines_the_exact_intervals_of_change():
    # Zou & Donner (2008): limits of theta1 - theta2 from each theta's own limits. Built
    # here from the two `change` intervals.
    b1, a1, b2, a2 = 40, 25, 400, 380
    first, second = change(b1, a1), change(b2, a2)
    t1, l1, u1 = (math.log1p(v / 100) for v in (first.value, first.lower, first.upper))
    t2, l2, u2 = (math.log1p(v / 100) for v in (second.value, second.lower, second.upper))
    lower = math.exp(t1 - t2 - math.hypot(t1 - l1, u2 - t2))
    upper = math.exp(t1 - t2 + math.hypot(u1 - t1, t2 - l2))
    result = compare_changes(b1, a1, b2, a2, method="mover")
    assert result.lower == pytest.approx(lower, rel=1e-12)
    assert result.upper == pytest.approx(upper, rel=1e-12)
    assert result.method == "mover"


def test_mover_and_wald_agree_for_large_counts():
    wald = compare_changes(57_676, 45_034, 4_900_000, 4_116_000)
    mover = compare_changes(57_676, 45_034, 4_900_000, 4_116_000, method="mover")
    assert mover.value == pytest.approx(wald.value, rel=1e-12)
    assert mover.lower == pytest.approx(wald.lower, rel=1e-4)
    assert mover.upper == pytest.approx(wald.upper, rel=1e-4)
    assert mover.p_value < 1e-25


@settings(max_examples=60, deadline=None)
@given(positive, positive, positive, positive, st.sampled_from([0.8, 0.9, 0.95, 0.99]))
def test_mover_p_value_matches_its_interval(b1, a1, b2, a2, confidence):
    result = compare_changes(b1, a1, b2, a2, method="mover", confidence=confidence)
    significant = result.p_value < 1 - confidence
    if abs(result.p_value - (1 - confidence)) > 1e-9:
        assert significant == (result.verdict != "similar")
    backward = compare_changes(b2, a2, b1, a1, method="mover", confidence=confidence)
    assert backward.lower * result.upper == pytest.approx(1.0, rel=1e-9)


@settings(max_examples=40, deadline=None)
@given(positive, positive, positive, positive, st.floats(min_value=1.01, max_value=10.0))
def test_dispersion_widens_the_mover_comparison(b1, a1, b2, a2, phi):
    plain = compare_changes(b1, a1, b2, a2, method="mover")
    wide = compare_changes(b1, a1, b2, a2, method="mover", dispersion=phi)
    assert wide.lower < plain.lower and wide.upper > plain.upper


# ------------------------------------------------------------------ survey change ---

def asb_changes():
    """March 2019 edition rows of the Crime Survey ASB table, joined to the 2018 ones.

    Only the 2019 flags are checked: those of 2018 compare with YE March 2017, which is
    not in the data.
    """
    table = survey()
    key = ["area_code", "area_type", "measure"]
    before = table[table["period"] == "2018-03"]
    after = table[table["period"] == "2019-03"]
    joined = after.merge(before, on=key, suffixes=("", "_before"), validate="one_to_one")
    ons = joined["vs_previous_year"].map({"significant increase": "higher",
                                          "significant decrease": "lower",
                                          "not significant": "similar"})
    assert len(joined) == 162 and ons.notna().all()
    return joined, ons


def agreement(deff):
    joined, ons = asb_changes()
    result = survey_change(joined["percent_before"] / 100, joined["percent"] / 100,
                           n_before=joined["n_before"], n_after=joined["n"], deff=deff)
    return float(np.mean(np.asarray(result.verdict) == ons.to_numpy()))


def test_year_on_year_verdicts_agree_with_ons_flags():
    """Agreement with ONS's significant-change flags, Crime Survey ASB, YE Mar 2019 vs 2018.

    162 rows: England and Wales, England, Wales, 9 regions, 41 forces and combined London,
    times 3 measures (ONS Table P6 via `peelstats.data.survey`). ONS tests with the
    survey's design; the table gives only the unweighted base. We assume a design factor
    of 1.2 (design effect 1.44) for every area and measure, a typical Crime Survey design
    factor: measured agreement 150 of 162 (92.6 percent). With no design effect (simple
    random sampling) agreement is 140 of 162 (86.4 percent), and every disagreement is a
    change we call significant and ONS does not, as expected of intervals that are too
    narrow. Floors are the measured rates minus about 2 points.
    """
    assert agreement(1.44) >= 0.90
    assert agreement(1.0) >= 0.84


def test_survey_change_is_after_minus_before():
    # The order of change(): earlier, then later; the result is later - earlier.
    rise = survey_change(0.30, 0.36, n_before=650, n_after=640)
    assert rise.value == pytest.approx(0.36 - 0.30) and rise.verdict == "higher"
    assert change(100, 120).value > 0  # the same direction as a count that rose
    fall = survey_change(0.36, 0.30, n_before=640, n_after=650)
    assert fall.value == pytest.approx(0.30 - 0.36) and fall.verdict == "lower"
    assert survey_change(0.30, 0.36, n_before=650, n_after=640, deff=1.44).verdict == "similar"
    # Each base goes with its own year: ten times the later base narrows the interval.
    larger = survey_change(0.30, 0.36, n_before=650, n_after=6400)
    assert larger.upper - larger.lower < rise.upper - rise.lower


def test_survey_change_in_the_former_order_warns_and_reads_as_before():
    new = survey_change(0.30, 0.36, n_before=650, n_after=640, deff=1.44)
    with pytest.warns(DeprecationWarning, match=r"survey_change\(before, after, n_before"):
        old = survey_change(0.30, 650, 0.36, 640, deff=1.44)
    with pytest.warns(DeprecationWarning):
        three = survey_change(0.30, 650, 0.36, n_after=640, deff=1.44)
    for former in (old, three):
        assert (former.value, former.lower, former.upper, former.verdict) == (
            new.value, new.lower, new.upper, new.verdict)


def test_survey_change_names_a_missing_or_doubled_base():
    with pytest.raises(TypeError, match="n_after not given"):
        survey_change(0.30, 0.36, n_before=650)
    with pytest.raises(TypeError, match="n_before and n_after not given"):
        survey_change(0.30, 0.36)
    with pytest.raises(TypeError, match="both by position"):
        survey_change(0.30, 650, 0.36, 640, n_before=650)
    with pytest.raises(TypeError, match="at most 4 positional"):
        survey_change(0.30, 650, 0.36, 640, 1.44)


def test_published_margins_and_design_effect_give_the_same_wald_comparison():
    # The two routes of a year-on-year survey comparison agree when the margins are the
    # Wald margins of the effective samples: z sqrt(deff p (1 - p) / n).
    p0, n0, p1, n1, deff = 0.331, 690, 0.372, 655, 1.44
    z = stats.norm.isf(0.025)
    margin = [z * math.sqrt(deff * p * (1 - p) / n) for p, n in ((p0, n0), (p1, n1))]
    published = compare_estimates(survey_proportion(p1, margin[1]),
                                  survey_proportion(p0, margin[0]))
    counted = survey_change(p0, p1, n_before=n0, n_after=n1, deff=deff, method="wald")
    assert counted.value == pytest.approx(published.value)
    assert counted.lower == pytest.approx(published.lower, rel=1e-9)
    assert counted.upper == pytest.approx(published.upper, rel=1e-9)
    assert counted.verdict == published.verdict


@settings(max_examples=60, deadline=None)
@given(st.floats(0.01, 0.99), st.floats(0.01, 0.99), st.integers(50, 40_000),
       st.integers(50, 40_000), st.floats(1.01, 4.0))
def test_design_effect_widens_the_survey_change(p0, p1, n0, n1, deff):
    plain = survey_change(p0, p1, n_before=n0, n_after=n1)
    wide = survey_change(p0, p1, n_before=n0, n_after=n1, deff=deff)
    assert wide.value == pytest.approx(plain.value)
    assert wide.upper - wide.lower > plain.upper - plain.lower


def test_survey_change_rejects_percentages():
    with pytest.raises(ValueError, match=r"after \(36\) exceeds 1"):
        survey_change(0.30, 36, n_before=650, n_after=640)
