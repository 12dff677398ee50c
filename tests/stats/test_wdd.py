"""The weighted displacement difference test (peelstats.stats.wdd).

Expected numbers: Wheeler and Ratcliffe's (2018) worked example and the documented
outputs and tests of the R package ptools (tests/reference/change/PROVENANCE.md).
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peelstats.stats.wdd import wdd


def test_ptools_readme_example():
    # ptools README: wdd(c(20,20), c(20,10)): Est_Total -10, SE_Total 8.366600,
    # Z -1.195229, LowCI -23.761833, HighCI 3.761833 (90 percent).
    result = wdd((20, 20), (20, 10))
    assert result.value == -10
    assert result.se == pytest.approx(8.366600, abs=5e-7)
    assert result.statistic == pytest.approx(-1.195229, abs=5e-7)
    assert result.lower == pytest.approx(-23.761833, abs=5e-7)
    assert result.upper == pytest.approx(3.761833, abs=5e-7)
    assert result.confidence == 0.90 and result.method == "wdd"
    assert result.verdict == "similar"


def test_worked_example_of_the_paper():
    # Wheeler & Ratcliffe (2018): WDD -118, variance 1568, z -2.98, 95% CI -196 to -40
    # (ptools test "Est & Variance Paper").
    result = wdd((308, 318), (207, 110), (150, 140), (178, 157), confidence=0.95)
    assert result.value == -118
    assert result.se**2 == pytest.approx(1568)
    assert round(result.statistic, 2) == -2.98
    assert round(result.lower) == -196 and round(result.upper) == -40
    assert result.local == -107 and result.displacement == -11
    assert result.verdict == "lower"
    assert result.p_value == pytest.approx(2 * (1 - 0.5 * (1 + math.erf(118 / math.sqrt(1568)
                                                                          / math.sqrt(2)))))


def test_area_weights():
    # ptools test "Area Weights" (blog post, 23 February 2021).
    result = wdd((308, 318), (207, 110), (150, 140), (178, 157), confidence=0.95,
                 area_weights=(0.9, 1.2, 1.6, 1.5))
    expected = [-99.69444444, 35.4280755, -2.813995483, -169.1321965, -30.25669241]
    got = [result.value, result.se, result.statistic, result.lower, result.upper]
    np.testing.assert_allclose(got, expected, rtol=1e-8)


def test_time_weights():
    # ptools test "Time Weights" (blog post, 9 January 2021): -20, sqrt(115).
    result = wdd((100, 50), (80, 20), time_weights=(2, 1), confidence=0.95)
    assert result.value == pytest.approx(-20)
    assert result.se == pytest.approx(math.sqrt(115))


def test_no_pre_period_is_a_normal_test_of_two_counts():
    # ptools ?wdd example: wdd(c(0,20), c(0,10)), pnorm(Z) * 2 is about 0.068.
    assert wdd((0, 20), (0, 10)).p_value == pytest.approx(0.068, abs=5e-4)


def test_areas_broadcast():
    result = wdd([(20, 20), (30, 30)], [(20, 10), (30, 10)])
    assert result.value.tolist() == [-10, -20]
    assert result.verdict.tolist() == ["similar", "lower"]
    assert list(result.to_frame().columns[:3]) == ["value", "se", "lower"]


pairs = st.tuples(st.integers(0, 5000), st.integers(0, 5000))


@settings(max_examples=80, deadline=None)
@given(pairs, pairs)
def test_swapping_treated_and_control_negates_the_estimate(control, treated):
    forward = wdd(control, treated)
    backward = wdd(treated, control)
    assert backward.value == -forward.value
    assert backward.se == forward.se
    if forward.se > 0:
        assert backward.p_value == pytest.approx(forward.p_value)


@settings(max_examples=80, deadline=None)
@given(pairs, pairs, st.floats(0.5, 0.99))
def test_interval_is_centred_and_contains_the_value(control, treated, confidence):
    result = wdd(control, treated, confidence=confidence)
    assert result.lower <= result.value <= result.upper
    assert result.value - result.lower == pytest.approx(result.upper - result.value)


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="control must hold"):
        wdd((1, 2, 3), (1, 2))
    with pytest.raises(ValueError, match=r"treated \(-1\) is negative"):
        wdd((1, 2), (-1, 2))
    with pytest.raises(ValueError, match="area_weights must have 4 values"):
        wdd((1, 2), (1, 2), area_weights=(1, 1))
