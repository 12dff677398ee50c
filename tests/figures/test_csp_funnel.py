"""The funnel of all Community Safety Partnerships (figures.position.csps_funnel), the
positions CSP figures read from it, a force's CSPs side by side (figures.csp.force_csps),
the charts that draw them and the notebook section.

Independent sources: the register and the population table (which CSPs have a population
of their own, which share a 2023 authority), `peelstats.funnel` called directly on counts
and populations joined here from the tables, and ONS Table C2 YE Jun 2025 (crime excluding
fraud: Peterborough 23,061; PROVENANCE.md of the CSP tables).
"""

import numpy as np
import pandas as pd
import pytest

from peelstats import data, plots, stats
from peelstats.data.constants import ENGLAND_AND_WALES_CODE
from peelstats.figures.csp import csp_figures, force_csps
from peelstats.figures.position import csps_funnel, position_of
from peelstats.figures.profile import CRIME_MEASURES

PERIOD = "2025-06"
TOTAL = data.TOTAL_RECORDED_CRIME


@pytest.fixture(scope="module")
def funnel():
    return csps_funnel(PERIOD)


def _own_population(register: pd.DataFrame) -> pd.Series:
    """Whether each CSP (by code) has a population of its own: its population unit is itself."""
    units = set(data.csp_population()["population_code"])
    own = register["population_code"] == register["csp_code"]
    assert set(register.loc[own, "csp_code"]) <= units
    return pd.Series(own.to_numpy(), index=register["csp_code"])


def test_the_funnel_draws_every_csp_with_a_population_and_names_the_others(funnel):
    register = data.csp_register()
    own = _own_population(register)
    assert len(funnel.funnel.frame) == own.sum()
    assert set(funnel.funnel.frame["area_code"]) == set(own.index[own])
    # The left-out CSPs are exactly those the register marks as sharing an authority.
    shared = register.loc[register["note"].fillna("").str.contains("shares_authority"),
                          "csp_code"]
    assert set(funnel.left_out["area_code"]) == set(shared) == set(own.index[~own])
    assert funnel.csps == len(register)
    assert len(funnel.funnel.frame) + len(funnel.left_out) == len(register)
    for name in funnel.left_out["area_name"]:
        assert name in funnel.note
    assert funnel.among == f"the {own.sum()} CSPs with a population"


def test_centre_line_and_limits_are_stats_funnel_on_counts_joined_here(funnel):
    crime = data.csp_recorded_crime()
    counts = crime[(crime["period"] == PERIOD) & (crime["offence"] == TOTAL)]
    register = data.csp_register()
    units = data.csp_population()
    joined = (register[["csp_code", "population_code"]]
              .merge(counts[["area_code", "count"]], left_on="csp_code",
                     right_on="area_code", validate="one_to_one"))
    # Target by hand: every CSP's crimes over every population unit's residents (the
    # CSPs of a shared authority with the authority's population).
    target = joined["count"].sum() / units["population"].sum() * 1000
    own = joined[joined["csp_code"] == joined["population_code"]].merge(
        units[["population_code", "population"]], on="population_code",
        validate="one_to_one")
    direct = stats.funnel(own["count"].to_numpy(dtype=float),
                          own["population"].to_numpy(dtype=float), kind="rate", per=1000,
                          target=target, confidence=(0.95, 0.998),
                          area=own["csp_code"].tolist())
    ours = funnel.funnel.frame.set_index("area_code")
    theirs = direct.frame.set_index("area")
    assert funnel.funnel.target == pytest.approx(target, rel=1e-12)
    assert funnel.funnel.phi == pytest.approx(direct.phi, rel=1e-9)
    assert funnel.funnel.tau2 == pytest.approx(direct.tau2, rel=1e-9)
    assert funnel.funnel.tau2 > 0  # the CSPs are over-dispersed: the limits are adjusted
    for column in ("value", "adjusted_warning_lower", "adjusted_warning_upper",
                   "adjusted_control_lower", "adjusted_control_upper"):
        np.testing.assert_allclose(ours.loc[theirs.index, column], theirs[column], rtol=1e-9)
    assert (ours.loc[theirs.index, "adjusted_flag"] == theirs["adjusted_flag"]).all()
    # The pooled CSP rate leaves out only crimes no CSP is assigned (unassigned rows,
    # Manchester Airport): it is at most England and Wales's rate.
    forces = data.recorded_crime()
    whole = forces[(forces["period"] == PERIOD) & (forces["offence"] == TOTAL)
                   & (forces["area_code"] == ENGLAND_AND_WALES_CODE)]["count"].iloc[0]
    people = data.population("revised")
    residents = people[(people["mid_year"] == 2023)
                       & (people["area_code"] == ENGLAND_AND_WALES_CODE)]["population"].iloc[0]
    assert residents == units["population"].sum()
    assert target <= whole / residents * 1000


def test_every_csp_position_is_its_flag_in_the_funnel():
    funnels = {m.offence: csps_funnel(PERIOD, offence=m.offence) for m in CRIME_MEASURES}
    flags = funnels[TOTAL].funnel.frame.set_index("area_code")["adjusted_flag"]
    seen = set()
    for force in data.forces()["area_name"]:
        result = force_csps(force, PERIOD)
        for row in result.csps.itertuples():
            assert row.position == position_of(flags[row.area_code]), row.area_name
            seen.add(row.area_code)
        for figure in result.figures:
            expected = (position_of(flags[figure.area_code]) if figure.area_code in flags.index
                        else "")
            if figure.value == figure.value:  # a figure with a rate has its position
                assert figure.position == expected, figure.id
            else:
                assert figure.position == "", figure.id
    assert seen == set(flags.index)
    # Every measure, on CSPs above, below and within the range, and one without a rate.
    for code in ("E22000180", "E22000014", "E22000017", "E22000318"):
        for figure in csp_figures(code, PERIOD):
            offence = next(m.offence for m in CRIME_MEASURES
                           if figure.measure.startswith(m.measure + "_vs_"))
            table = funnels[offence].funnel.frame.set_index("area_code")["adjusted_flag"]
            expected = position_of(table[code]) if code in table.index else ""
            assert figure.position == (expected if figure.value == figure.value else "")


def test_the_judgement_reads_the_position_through_the_polarity():
    for figure in csp_figures("Cambridge", PERIOD):
        if figure.position:
            assert figure.judgement == {"above": "worse", "below": "better",
                                        "within": "similar"}[figure.position]


def test_cambridgeshire_csps_with_peterborough_as_published():
    result = force_csps("Cambridgeshire", PERIOD)
    register = data.csp_register()
    assert list(result.csps["area_code"]) == list(
        register.loc[register["area_code"] == "E23000023", "csp_code"])
    assert result.no_rate.empty
    peterborough = result.csps.set_index("area_name").loc["Peterborough"]
    assert peterborough["count"] == 23061  # ONS Table C2, crime excluding fraud
    population = data.csp_population().set_index("population_code").loc["E22000017",
                                                                         "population"]
    assert peterborough["value"] == pytest.approx(23061 / population * 1000, rel=1e-12)
    figure = csp_figures("Peterborough", PERIOD)["crime_excluding_fraud_rate_vs_force"]
    assert peterborough["verdict"] == figure.verdict
    assert (peterborough["lower"], peterborough["upper"]) == (figure.lower, figure.upper)
    people = data.population("revised")
    force = people[(people["mid_year"] == 2023) & (people["area_code"] == "E23000023")]
    assert float(result.force_rate.value) == pytest.approx(
        67942 / float(force["population"].iloc[0]) * 1000, rel=1e-12)


def test_a_force_with_shared_authority_csps_lists_them_with_the_reason():
    result = force_csps("Thames Valley", PERIOD)
    register = data.csp_register()
    shared = register[(register["area_code"] == result.force_code)
                      & (register["population_code"] != register["csp_code"])]
    assert list(result.no_rate["area_code"]) == list(shared["csp_code"])
    assert all("Buckinghamshire" in reason for reason in result.no_rate["reason"])
    counts = data.csp_recorded_crime()
    counts = counts[(counts["offence"] == TOTAL)].set_index("area_code")["count"]
    assert list(result.no_rate["count"]) == [float(counts[c]) for c in shared["csp_code"]]
    assert len(result.to_frame()) == (register["area_code"] == result.force_code).sum()


def test_city_of_london_has_a_position_but_no_rest_of_the_force():
    result = force_csps("City of London", PERIOD)
    [row] = result.csps.itertuples()
    assert row.verdict == "" and "no rest of the force" in row.note
    assert row.position == csps_funnel(PERIOD).position("E22000180")


def test_bad_input_is_refused_by_name():
    with pytest.raises(ValueError, match="offence 'Burglary in a dwelling'"):
        csps_funnel(PERIOD, offence="Burglary in a dwelling")
    with pytest.raises(ValueError, match="2019-03"):
        csps_funnel("2019-03")
    with pytest.raises(ValueError, match="measure"):
        force_csps("Cambridgeshire", PERIOD, measure="burglary")


# --- charts -------------------------------------------------------------------------------

def test_the_funnel_chart_highlights_a_list_of_areas(funnel):
    frame = funnel.funnel.frame
    names = frame.loc[frame["force_code"] == "E23000023", "area_name"].tolist()
    drawn = plots.funnel_plot_data(funnel.funnel, label="area_name", focus=names)
    assert set(drawn.points.loc[drawn.points["focus"], "label"]) == set(names)
    assert drawn.points["focus"].sum() == len(names)
    # A list is named in the legend, not on the chart (the names would overlap); an area
    # beyond the outer limits still is.
    beyond = drawn.points["flag"].str.endswith("99.8%")
    assert (drawn.points["labelled"] == beyond).all()
    figure = plots.funnel_plot(funnel.funnel, label="area_name", focus=names,
                               focus_label="Cambridgeshire's CSPs", note="a note")
    legend = [text.get_text() for text in figure.legends[0].get_texts()]
    assert "Cambridgeshire's CSPs" in legend
    assert "a note" in figure.axes[0].get_title(loc="left")
    # The same areas by their codes (the table's area_code column, as `mark` reads it).
    by_code = plots.funnel_plot_data(funnel.funnel, label="area_name",
                                     focus=frame.loc[frame["force_code"] == "E23000023",
                                                     "area_code"].tolist())
    assert (by_code.points["focus"].to_numpy() == drawn.points["focus"].to_numpy()).all()
    with pytest.raises(ValueError, match="Nowhere"):
        plots.funnel_plot_data(funnel.funnel, label="area_name", focus=[names[0], "Nowhere"])
    # One focus, as before: named on the chart and in the legend by its label.
    single = plots.funnel_plot_data(funnel.funnel, label="area_name", focus="Peterborough")
    assert single.points.loc[single.points["focus"], "labelled"].all()


def test_the_notebook_charts_draw_the_force_csps_and_name_what_they_leave_out(funnel):
    from peelstats.notebook.force_csps import csp_forest_chart, csp_funnel_chart, csp_table

    result = force_csps("Thames Valley", PERIOD)
    chart = csp_funnel_chart(result, funnel)
    title = chart.axes[0].get_title(loc="left").replace("\n", " ")
    for authority in funnel.authorities:
        assert authority in title
    assert "Thames Valley's CSPs" in [t.get_text() for t in chart.legends[0].get_texts()]
    forest = csp_forest_chart(result)
    ticks = [tick.get_text() for tick in forest.axes[0].get_yticklabels()]
    assert ticks == list(result.csps.sort_values(["value", "area_name"])["area_name"])
    forest_title = forest.axes[0].get_title(loc="left").replace("\n", " ")
    for name in result.no_rate["area_name"]:
        assert name in forest_title
    table = csp_table(result, funnel).data
    for name in [*result.csps["area_name"], *result.no_rate["area_name"],
                 *funnel.left_out["area_name"]]:
        assert name in table


def test_the_section_says_when_a_period_has_no_csp_data():
    from peelstats.notebook.force_csps import no_csp_data

    line = no_csp_data("2019-03").data
    assert "YE Jun 2025 only" in line and "YE Mar 2019" in line
    assert no_csp_data(PERIOD) is None


def test_a_csps_own_charts_focus_on_it_and_say_when_it_is_in_neither(monkeypatch):
    from matplotlib.figure import Figure

    from peelstats.notebook import force_csps as section

    shown = []
    monkeypatch.setattr(section, "display", shown.append)
    section.csp_charts("Peterborough", PERIOD)
    funnel_chart, forest = shown
    assert "Peterborough" in [t.get_text() for t in funnel_chart.legends[0].get_texts()]
    bold = [tick.get_text() for tick in forest.axes[0].get_yticklabels()
            if tick.get_fontweight() == "bold"]
    assert bold == ["Peterborough"]
    # Wycombe is a district of Buckinghamshire (2020), which has no split population.
    shown.clear()
    section.csp_charts("Wycombe", PERIOD)
    assert "no population of its own" in shown[0].data
    assert all(isinstance(item, Figure) for item in shown[1:])
    with pytest.raises(ValueError, match="police force"):
        section.csp_charts("Kent", PERIOD)
