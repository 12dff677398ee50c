"""The outcome, stop and search, workforce and Crime Severity Score figures of the force
profile, and the national frames behind the funnel and forest charts.

Expected values are recomputed here from the bundled counts with independent formulas
(scipy's Clopper-Pearson interval for the exact rate ratio, numpy for the Wald ratio of
rate ratios), or are properties that must hold; published figures are in
test_outcomes_stop_search_workforce_published.py.
"""

from __future__ import annotations

import csv
import io
import math

import numpy as np
import pytest

from peelstats.figures import judge
from scipy import stats as st

from peelstats import data, stats
from peelstats.cli import main
from peelstats.figures import cite, force_profile, national, severity, stop_search, wording
from peelstats.figures.sections import force_codes
from peelstats.figures.profile import ProfileContext
from peelstats.stats._results import Estimate

CAMBS = "E23000023"


@pytest.fixture(scope="module")
def profile_2019():
    return force_profile("Cambridgeshire", "2019-03")


def _counts(area: str, period: str = "2019-03"):
    table = data.stop_search()
    rows = table[(table["area_code"] == area) & (table["period"] == period)]
    return rows.groupby("ethnic_group")["searches"].sum()


def _population(area: str):
    table = data.ethnicity_population()
    return table[table["area_code"] == area].set_index("ethnic_group")["population"]


# --- the profile ---------------------------------------------------------------------------

NEW_MEASURES = ["charged_summonsed_proportion", "no_suspect_identified_proportion",
                "stop_search_rate", "stop_search_disproportionality_black_white",
                "stop_search_arrest_proportion", "officers_rate", "crimes_per_officer"]


def test_the_profile_has_the_new_figures_with_intervals_and_verdicts(profile_2019):
    measures = [figure.measure for figure in profile_2019]
    assert measures[-9:] == [*NEW_MEASURES, "crime_severity_score",
                             "crime_severity_score_change"]
    for measure in NEW_MEASURES:
        figure = profile_2019[measure]
        assert figure.lower < figure.value < figure.upper, measure
        assert figure.verdict in ("higher", "lower", "similar"), measure
        assert figure.comparator == "England and Wales"
        assert "rest of England and Wales" in figure.method
        assert figure.sentence.startswith(figure.label + " in Cambridgeshire, YE Mar 2019: ")
        assert figure.source


def test_charge_rate_against_the_rest(profile_2019):
    figure = profile_2019["charged_summonsed_proportion"]
    table = data.outcomes()
    rows = table[(table["outcome_group"] == "Charged/Summonsed")
                 & (table["area_code"] != "BTP")].set_index("area_code")
    x, n = rows.loc[CAMBS, "count"], rows.loc[CAMBS, "offences"]
    assert figure.value == pytest.approx(100 * x / n)
    assert figure.comparator_value == pytest.approx(
        100 * rows["count"].sum() / rows["offences"].sum())
    rest = stats.compare_proportions(x, n, rows["count"].sum() - x,
                                     rows["offences"].sum() - n)
    assert figure.verdict == rest.verdict == "lower"
    # Lower than the rest, but within the forces' range (funnel adjusted for
    # over-dispersion): the judgement follows the position, as for every figure with one.
    assert (figure.position, figure.judgement) == ("within", "similar")
    assert "8.1 percent" in cited(figure) and "lower than England and Wales" in \
        figure.sentence


def test_no_suspect_identified(profile_2019):
    # Cambridgeshire closed 51 percent of investigations with no suspect identified,
    # against 45 percent for England and Wales (the outcomes table).
    figure = profile_2019["no_suspect_identified_proportion"]
    assert wording.number(figure.value, 0) == "51"
    assert wording.number(figure.comparator_value, 0) == "45"
    assert figure.verdict == "higher"
    assert figure.judgement == judge(figure.verdict, "lower_is_better", figure.position)


def test_disproportionality_ratio_and_its_exact_interval(profile_2019):
    figure = profile_2019["stop_search_disproportionality_black_white"]
    searches, people = _counts(CAMBS), _population(CAMBS)
    black, white = searches["Black or Black British"], searches["White"]
    pb, pw = people["Black or Black British"], people["White"]
    assert figure.value == pytest.approx((black / pb) / (white / pw))
    # Exact conditional interval: Clopper-Pearson for black / (black + white), turned
    # into a rate ratio (Breslow and Day 1987), computed with scipy.
    ci = st.binomtest(int(black), int(black + white)).proportion_ci(0.95, method="exact")
    to_ratio = lambda p: p / (1 - p) * pw / pb     # noqa: E731
    assert figure.lower == pytest.approx(to_ratio(ci.low), rel=1e-6)
    assert figure.upper == pytest.approx(to_ratio(ci.high), rel=1e-6)
    text = wording.times_as_likely(figure.value, figure.lower, figure.upper,
                                   group="Black people", reference="White people",
                                   action="stopped and searched")
    assert text.startswith("Black people were 6.6 times as likely as White people to be "
                           "stopped and searched (95% CI ")
    assert text in cited(figure)


def test_disproportionality_against_the_rest_is_the_ratio_of_ratios(profile_2019):
    figure = profile_2019["stop_search_disproportionality_black_white"]
    codes = force_codes()
    table = data.stop_search()
    year = table[(table["period"] == "2019-03") & table["area_code"].isin(codes)]
    every = year.groupby("ethnic_group")["searches"].sum()
    pop = data.ethnicity_population()
    pop_all = pop[pop["area_code"].isin(codes)].groupby("ethnic_group")["population"].sum()
    mine, people = _counts(CAMBS), _population(CAMBS)
    b1, w1 = float(mine["Black or Black British"]), float(mine["White"])
    b2 = float(every["Black or Black British"]) - b1
    w2 = float(every["White"]) - w1
    pb1, pw1 = float(people["Black or Black British"]), float(people["White"])
    pb2 = float(pop_all["Black or Black British"]) - pb1
    pw2 = float(pop_all["White"]) - pw1
    log_ratio = math.log((b1 / pb1) / (w1 / pw1)) - math.log((b2 / pb2) / (w2 / pw2))
    se = math.sqrt(1 / b1 + 1 / w1 + 1 / b2 + 1 / w2)
    z = st.norm.isf(0.025)
    comparison = figure.comparison
    assert comparison.value == pytest.approx(math.exp(log_ratio))
    assert comparison.lower == pytest.approx(math.exp(log_ratio - z * se))
    assert comparison.upper == pytest.approx(math.exp(log_ratio + z * se))
    assert figure.verdict == comparison.verdict == "lower"
    assert figure.p_value == pytest.approx(2 * st.norm.sf(abs(log_ratio) / se))


def test_stop_search_caveats_are_stated(profile_2019):
    sentence = cited(profile_2019["stop_search_disproportionality_black_white"])
    assert "2011 Census" in sentence
    assert "did not state the person's ethnicity" in sentence
    assert "Section 1 PACE" in sentence and "Section 60 CJPOA" in sentence
    assert "without British Transport Police" in sentence


def test_arrest_rate_uses_searches_whose_arrests_are_given(profile_2019):
    figure = profile_2019["stop_search_arrest_proportion"]
    table = data.stop_search()
    rows = table[(table["area_code"] == CAMBS) & (table["period"] == "2019-03")]
    assert figure.value == pytest.approx(
        100 * rows["paired_arrests"].sum() / rows["paired_searches"].sum())
    assert figure.polarity is None and figure.judgement == "not judged"


def test_workforce_figures(profile_2019):
    officers = profile_2019["officers_rate"]
    staff = data.workforce().set_index(["area_code", "as_at"])
    fte = staff.loc[(CAMBS, "2019-03-31"), "officer_fte"]
    population = data.population("original").set_index(["area_code", "mid_year"])
    assert officers.value == pytest.approx(
        1000 * fte / population.loc[(CAMBS, 2018), "population"])
    crimes = profile_2019["crimes_per_officer"]
    crime = data.recorded_crime()
    count = crime[(crime["area_code"] == CAMBS) & (crime["period"] == "2019-03")
                  & (crime["offence"] == "Total recorded crime (excluding fraud)")]["count"]
    assert crimes.value == pytest.approx(float(count.iloc[0]) / fte)
    assert crimes.unit == "crimes per officer"
    assert "not a sample" in cited(officers)


def test_crime_severity_score_and_change(profile_2019):
    score = profile_2019["crime_severity_score"]
    change = profile_2019["crime_severity_score_change"]
    table = data.crime_severity()
    total = table[(table["offence_group"] == "Total recorded crime")
                  & (table["area_code"] == CAMBS)].set_index("period")["severity_score"]
    assert score.value == pytest.approx(total["2019-03"])
    assert change.value == pytest.approx(100 * (total["2019-03"] / total["2018-03"] - 1))
    assert score.verdict == "" and "no statistical verdict" in cited(score)
    assert "England and Wales: 15.8" in cited(score)


def test_periods_without_data_say_so():
    figures = force_profile("Cambridgeshire", "2014-06")
    outcomes = figures["crime_outcomes"]
    assert math.isnan(outcomes.value) and "not available" in cited(outcomes)
    assert "2018/19 (YE Mar 2019) only" in cited(outcomes)
    searches = figures["stop_and_search"]
    assert "choose a period ending in March, 2007-03 to 2019-03" in cited(searches)
    assert "years ending March" in cited(figures["crime_severity"])
    # Officers are counted on 31 March: YE Jun 2014 uses 31 March 2014.
    assert "31 March 2014" in cited(figures["officers_rate"])


def test_the_first_stop_and_search_year_and_section_44():
    context = ProfileContext("E23000001", "Metropolitan Police", "2007-03", 0.95)
    figures = stop_search.stop_search_figures(context)
    assert [f.measure for f in figures][0] == "stop_search_rate"
    assert "Section 44/47A" in cited(figures[0])


def test_confidence_reaches_every_interval():
    context = ProfileContext(CAMBS, "Cambridgeshire", "2019-03", 0.998)
    wide = stop_search.stop_search_figures(context)[1]
    narrow = stop_search.stop_search_figures(
        ProfileContext(CAMBS, "Cambridgeshire", "2019-03", 0.95))[1]
    assert wide.confidence == 0.998 and "99.8% CI" in cited(wide)
    assert wide.lower < narrow.lower and wide.upper > narrow.upper


def test_the_command_includes_the_new_figures(capsys):
    code = main(["figures", "--area", "Cambridgeshire", "--period", "2019-03",
                 "--format", "csv"])
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    by_measure = {row["measure"]: row for row in rows}
    for measure in NEW_MEASURES:
        row = by_measure[measure]
        assert row["lower"] and row["upper"] and row["verdict"] and row["sentence"]


# --- national frames -------------------------------------------------------------------------

def test_charge_rate_funnel_frame():
    result = national.charge_rates()
    table = result.frame
    assert len(table) == 43 and set(table["area_code"]) == set(force_codes())
    assert {"value", "target", "z", "flag", "adjusted_flag"} <= set(table.columns)
    assert result.kind == "proportion"
    np.testing.assert_allclose(table["value"], 100 * table["x"] / table["n"])
    with pytest.raises(ValueError, match="the only period with it: 2019-03$"):
        national.charge_rates("2018-03")
    with pytest.raises(ValueError, match="unknown outcome_group"):
        national.charge_rates(outcome_group="Charged")


def test_disproportionality_forest_frame():
    result = national.disproportionality_ratios("2019-03")
    table = result.frame
    assert len(table) == 43 and result.period == "2019-03" and result.confidence == 0.95
    # England and Wales's ratio is that of the 43 forces' searches and populations added up.
    black_rate = table["black_searches"].sum() / table["black_population"].sum()
    white_rate = table["white_searches"].sum() / table["white_population"].sum()
    assert result.reference == pytest.approx(black_rate / white_rate, rel=1e-12)
    assert result.reference_lower < result.reference < result.reference_upper
    assert (table["lower"] <= table["value"]).all() and (table["value"] <= table["upper"]).all()
    assert set(table["verdict"]) <= {"higher", "lower", "similar"}
    cambs = table.set_index("area_code").loc[CAMBS]
    assert wording.number(cambs["value"]) == "6.6"
    with pytest.raises(ValueError, match="no stop and search data for '2019-06'"):
        national.disproportionality_ratios("2019-06")


def test_the_forest_plot_draws_the_frame():
    from peelstats.plots.forest import forest_plot_data

    result = national.disproportionality_ratios("2019-03")
    rows = forest_plot_data(result, label="area_name", focus="Cambridgeshire",
                            reference=result.reference)
    assert len(rows) == 43 and rows["focus"].sum() == 1
    assert rows.equals(forest_plot_data(result.frame, label="area_name",
                                        focus="Cambridgeshire", reference=result.reference))


def test_the_disproportionality_table_used_as_a_frame_still_works_with_a_warning():
    import copy
    import pickle

    result = national.disproportionality_ratios("2019-03")
    with pytest.warns(DeprecationWarning, match=r"use \.frame .* and \.reference"):
        assert result.attrs["reference"] == result.reference
    with pytest.warns(DeprecationWarning):
        assert list(result["area_code"]) == list(result.frame["area_code"])
    with pytest.warns(DeprecationWarning):
        assert len(result) == 43
    with pytest.warns(DeprecationWarning):
        assert result.set_index("area_code").shape[0] == 43
    assert copy.deepcopy(result).reference == result.reference
    assert pickle.loads(pickle.dumps(result)).period == "2019-03"
    assert repr(result).startswith("DisproportionalityRatios(43 forces, period='2019-03'")


# --- cite(comparison=...) and the wording ---------------------------------------------------

def _ratio(value, confidence=0.95):
    return Estimate(value, value * 0.9, value * 1.1, confidence, "exact", kind="ratio")


def test_cite_with_a_given_comparison():
    comparison = stats.compare_changes(100, 300, 1000, 1000)
    figure = cite(_ratio(3.0), _ratio(1.0), comparison=comparison, measure="ratio_figure",
                  comparator_name="the rest", polarity="lower_is_better")
    assert figure.verdict == comparison.verdict == "higher"
    assert figure.judgement == "worse" and figure.p_value == comparison.p_value
    with pytest.raises(ValueError, match="comparison needs versus"):
        cite(_ratio(3.0), comparison=comparison, measure="ratio_figure")
    with pytest.raises(ValueError, match="same confidence"):
        cite(_ratio(3.0, 0.99), _ratio(1.0, 0.99), comparison=comparison,
             measure="ratio_figure", comparator_name="the rest")
    with pytest.raises(ValueError, match="must be a Comparison"):
        cite(_ratio(3.0), _ratio(1.0), comparison=0.5, measure="ratio_figure",
             comparator_name="the rest")


def test_times_as_likely_wording():
    assert wording.times_as_likely(9.7284, 9.6439, 9.8136, group="Black people",
                                   reference="White people",
                                   action="stopped and searched") == (
        "Black people were 9.7 times as likely as White people to be stopped and searched "
        "(95% CI 9.6 to 9.8)")
    # Rounded half away from zero on the decimal value, like every figure.
    assert wording.times_as_likely(2.25, group="A", reference="B", action="seen") == (
        "A were 2.3 times as likely as B to be seen")
    assert "99.8% CI" in wording.times_as_likely(2.0, 1.5, 2.6, group="A", reference="B",
                                                 action="seen", confidence=0.998)


def test_no_severity_score_for_the_city_of_london():
    context = ProfileContext("E23000034", "City of London", "2019-03", 0.95)
    figures = severity.crime_severity_figures(context)
    assert [f.measure for f in figures] == ["crime_severity_score"]
    assert "ONS publishes no score for this force" in cited(figures[0])


def cited(figure):
    """The sentence and its notes, as a report prints them (issue 13: caveats are notes)."""
    return " ".join([figure.sentence, *figure.notes])


# --- the former module ----------------------------------------------------------------------

def test_the_former_powers_module_still_gives_its_names_with_a_warning():
    import importlib
    import sys

    from peelstats.figures import outcomes, profile, workforce

    sys.modules.pop("peelstats.figures.powers", None)
    with pytest.warns(DeprecationWarning, match="peelstats.figures.powers is deprecated"):
        powers = importlib.import_module("peelstats.figures.powers")
    assert powers.stop_search_figures is stop_search.stop_search_figures
    assert powers.workforce_figures is workforce.workforce_figures
    assert powers.OUTCOME_MEASURES is outcomes.OUTCOME_MEASURES
    assert all(hasattr(powers, name) for name in powers.__all__)
    # Its sections are the profile's last four, in the same order.
    assert profile.SECTIONS[-4:] == powers.SECTIONS
