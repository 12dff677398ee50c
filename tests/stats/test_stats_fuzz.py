"""Fuzzing the public statistics functions (issue 11): random inputs, valid or not.

Each call either gives a result whose limits are ordered around the value (lower <= value
<= upper, NaN only where the docstring says so: no events or counts at all) and whose
str() is a sentence, or raises a ValueError; never a traceback of another type. The
examples are drawn deterministically (tests/conftest.py derandomises Hypothesis), so the
verdict is the same on every run; HYPOTHESIS_PROFILE=explore hunts further.
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import peelstats as ps

EXAMPLES = settings(max_examples=150, deadline=None)

# Counts as a user may type them: whole, large, fractional, negative, infinite.
counts = st.one_of(st.integers(0, 10**9), st.integers(-5, 5),
                   st.floats(-10, 1e12, allow_nan=False),
                   st.sampled_from([0.0, 0.5, 1.0, math.inf, 1e15, 1e300]))
denominators = st.one_of(st.integers(-5, 10**9), st.floats(-1, 1e15, allow_nan=False),
                         st.sampled_from([0.0, math.inf, 1e300]))
fractions = st.one_of(st.floats(-0.5, 1.5, allow_nan=False), st.sampled_from([0.0, 1.0]))
margins = st.one_of(st.floats(-0.1, 2.0, allow_nan=False), st.sampled_from([1e-9, 0.013]))
confidences = st.one_of(st.sampled_from([0.9, 0.95, 0.995, 0.998]),
                        st.floats(-1, 101, allow_nan=False))
dispersions = st.one_of(st.floats(-1, 1e4, allow_nan=False), st.sampled_from([1.0, 457.0]))


def _scalar(value):
    return float(np.asarray(value, dtype=float))


def _check_result(result, *, nan_allowed=False):
    value, lower, upper = (_scalar(getattr(result, f)) for f in ("value", "lower", "upper"))
    if nan_allowed and math.isnan(value):
        pass  # documented: no events at all carry no ratio
    else:
        assert not math.isnan(value), result
        assert not math.isnan(lower) and not math.isnan(upper), result
        # A relative tolerance of a few float steps for limits computed apart from the value.
        slack = 1e-12 * max(1.0, abs(value)) if math.isfinite(value) else 0.0
        assert lower <= value + slack, result
        assert value <= upper + slack, result
    p_value = getattr(result, "p_value", None)
    if p_value is not None and not math.isnan(value):
        assert 0.0 <= _scalar(p_value) <= 1.0, result
    text = str(result)
    assert isinstance(text, str) and text


def _call(function, *args, nan_allowed=False, **kwargs):
    try:
        result = function(*args, **kwargs)
    except ValueError as error:
        assert str(error), "a ValueError must say what is wrong"
        return None
    _check_result(result, nan_allowed=nan_allowed)
    return result


@EXAMPLES
@given(counts, counts, confidences,
       st.sampled_from(["wilson", "wilson_cc", "clopper_pearson", "jeffreys",
                        "agresti_coull", "wald"]),
       st.one_of(st.just(1.0), st.floats(-1, 10, allow_nan=False)))
def test_proportion(x, n, confidence, method, deff):
    result = _call(ps.proportion, x, n, confidence=confidence, method=method, deff=deff)
    if result is not None:
        assert 0.0 <= result.lower <= result.upper <= 1.0


@EXAMPLES
@given(fractions, margins, confidences)
def test_survey_proportion(value, margin, confidence):
    _call(ps.survey_proportion, value, margin, confidence=confidence)


@EXAMPLES
@given(counts, denominators, st.one_of(st.sampled_from([1, 1000, 100_000]),
                                       st.floats(-1, 1e6, allow_nan=False)),
       confidences, st.sampled_from(["fingertips", "byar", "exact", "wald"]))
def test_rate(count, denominator, per, confidence, method):
    _call(ps.rate, count, denominator, per=per, confidence=confidence, method=method)


@EXAMPLES
@given(counts, counts, counts, counts, confidences,
       st.sampled_from(["newcombe", "miettinen_nurminen", "wald"]))
def test_compare_proportions(x1, n1, x2, n2, confidence, method):
    _call(ps.compare_proportions, x1, n1, x2, n2, confidence=confidence, method=method)


@EXAMPLES
@given(counts, denominators, counts, denominators, confidences,
       st.sampled_from(["exact", "wald", "e_test"]))
def test_compare_rates(count1, denominator1, count2, denominator2, confidence, method):
    _call(ps.compare_rates, count1, denominator1, count2, denominator2,
          confidence=confidence, method=method,
          nan_allowed=count1 == 0 and count2 == 0)


@EXAMPLES
@given(fractions, margins, fractions, margins, confidences)
def test_compare_estimates(value1, margin1, value2, margin2, confidence):
    try:
        a, b = ps.survey_proportion(value1, margin1), ps.survey_proportion(value2, margin2)
    except ValueError:
        return
    _call(ps.compare_estimates, a, b, confidence=confidence)


@EXAMPLES
@given(counts, counts, confidences, dispersions,
       st.one_of(st.none(), st.floats(-1, 1e9, allow_nan=False)))
def test_change(before, after, confidence, dispersion, denominator):
    _call(ps.change, before, after, confidence=confidence, dispersion=dispersion,
          denominator_before=denominator, denominator_after=denominator,
          nan_allowed=before == 0 and after == 0)


@EXAMPLES
@given(counts, counts, counts, counts, confidences, dispersions,
       st.sampled_from(["wald", "mover"]))
def test_compare_changes(before1, after1, before2, after2, confidence, dispersion, method):
    _call(ps.compare_changes, before1, after1, before2, after2, confidence=confidence,
          dispersion=dispersion, method=method)


@EXAMPLES
@given(fractions, counts, fractions, counts, st.floats(-1, 10, allow_nan=False),
       confidences)
def test_survey_change(before, n_before, after, n_after, deff, confidence):
    _call(ps.survey_change, before, after, n_before=n_before, n_after=n_after, deff=deff,
          confidence=confidence)


@EXAMPLES
@given(counts, counts, counts, counts, confidences)
def test_compare_proportion_with_rest(x, n, x_whole, n_whole, confidence):
    _call(ps.compare_proportion_with_rest, x, n, x_whole, n_whole, confidence=confidence)


@EXAMPLES
@given(counts, denominators, counts, denominators, confidences)
def test_compare_rate_with_rest(count, denominator, count_whole, denominator_whole,
                                confidence):
    _call(ps.compare_rate_with_rest, count, denominator, count_whole, denominator_whole,
          confidence=confidence, nan_allowed=count == count_whole)


@EXAMPLES
@given(st.lists(st.integers(0, 10**6), min_size=2, max_size=8),
       st.one_of(st.integers(-2, 500), st.floats(-1, 1e3, allow_nan=False),
                 st.text(max_size=3)),
       st.one_of(st.integers(-2, 2**70), st.text(max_size=3)))
def test_rank_intervals_names_bad_draws_and_seed(values, draws, seed):
    estimate = ps.rate(values, 10_000)
    try:
        result = ps.rank_intervals(estimate, draws=draws, seed=seed)
    except ValueError as error:
        assert str(error)
        return
    assert result.draws == draws and result.seed == seed
    assert np.all(result.lower <= result.upper)


@pytest.mark.parametrize("value", [0.0, 10.0, 1e15, 1e246, 1.8e308, -1e300, 5e-324])
def test_wording_rounds_any_float(value):
    from peelstats.figures import wording

    assert wording.round_half_away(value) == wording.round_half_away(value)
    assert wording.number(value)
    assert wording.change(value) if value >= -100 else True
    assert wording.value_with_interval(value, value, value, unit="percent")
