"""Errors that point to the fix: display text given as `measure=` points to `label=`; a
polarity or method written in words points to its identifier."""

import pytest

import peelstats as ps

FORCE, WHOLE = ps.survey_proportion(0.881, 0.013), ps.survey_proportion(0.850, 0.002)


def test_measure_in_words_points_to_label():
    with pytest.raises(ValueError, match=r"got 'Victim satisfaction'; for display text use "
                                         r"label='Victim satisfaction', with an identifier "
                                         r"such as measure='victim_satisfaction'"):
        ps.cite(FORCE, WHOLE, measure="Victim satisfaction")
    figure = ps.cite(FORCE, WHOLE, measure="victim_satisfaction", label="Victim satisfaction",
                     comparator_name="England and Wales", polarity="higher_is_better")
    assert figure.verdict == "higher" and figure.judgement == "better"


@pytest.mark.parametrize("typed, meant", [("higher is better", "higher_is_better"),
                                          ("Lower-is-better", "lower_is_better"),
                                          ("LOWER IS BETTER", "lower_is_better")])
def test_polarity_in_words_points_to_the_identifier(typed, meant):
    with pytest.raises(ValueError, match=f"unknown polarity {typed!r}; did you mean "
                                         f"{meant!r}\\? choose one of: "):
        ps.cite(FORCE, WHOLE, measure="victim_satisfaction", polarity=typed)


@pytest.mark.parametrize("call, meant", [
    (lambda: ps.proportion(5, 10, method="Wilson"), "wilson"),
    (lambda: ps.proportion(5, 10, method="Clopper-Pearson"), "clopper_pearson"),
    (lambda: ps.compare_rates(6, 1, 2, 1, method="E-test"), "e_test"),
])
def test_method_in_words_points_to_the_identifier(call, meant):
    with pytest.raises(ValueError, match=f"did you mean {meant!r}\\?"):
        call()


def test_an_unknown_choice_has_no_guess():
    with pytest.raises(ValueError, match=r"^unknown method 'nonsense'; choose one of: 'wilson'"):
        ps.proportion(5, 10, method="nonsense")
