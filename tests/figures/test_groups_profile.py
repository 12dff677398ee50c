"""A force against its comparison group in the bundled recorded crime figures
(force_profile(groups=...), peelstats figures --groups, the charts' mark=).

Where the expected values come from:
- The group comparator: computed by hand here from the bundled tables,
  `data.recorded_crime()` counts and `data.population()` estimates, as the sum of the other
  members' counts over the sum of their populations (HMICFRS shows group figures as such
  weighted averages); the denominators are those of the profile's documented rule
  (`data.denominator_years`: mid-2017, original vintage, for YE Mar 2019).
- The verdict: `peelstats.compare` of the force's rate with the pooled rate (the one
  engine every figure uses; the force is not in the pool, so no rest-of comparison).
- The rank: the members' rates sorted by hand, 1 the lowest.
- The members of South East are written out here by name (the example file is the forces
  of each region).
"""

from __future__ import annotations

import matplotlib.colors
import numpy as np
import pandas as pd
import pytest

import peelstats
from peelstats import data, notebook, plots
from peelstats._paths import examples_dir
from peelstats.cli import main
from peelstats.data import DataFileError

GROUPS = examples_dir() / "groups_by_region.csv"
SOUTH_EAST = ["Hampshire", "Kent", "Surrey", "Sussex", "Thames Valley"]
BLUISH_GREEN = "#009E73"  # Okabe-Ito


def _code(name):
    return data.find_force(name).area_code


def _by_hand(period, offence, kind, members):
    """Counts and denominators of `members` (codes) for the period, from the tables."""
    crime = data.recorded_crime()
    rows = crime[(crime["period"] == period) & (crime["offence"] == offence)]
    counts = rows.set_index("area_code")["count"].astype(float)
    population_year, households_year = data.denominator_years(period)
    year = population_year if kind == "population" else households_year
    people = data.population(data.denominator_vintage(period))
    people = people[people["mid_year"] == year].set_index("area_code")[kind].astype(float)
    return ({code: counts.get(code, float("nan")) for code in members},
            {code: float(people[code]) for code in members})


def _write(tmp_path, *rows, name="g.csv"):
    path = tmp_path / name
    path.write_text("\n".join(["group,area", *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def kent():
    return peelstats.force_profile("Kent", "2019-03", groups=GROUPS)


def test_the_example_group_is_the_region():
    groups = peelstats.read_groups(GROUPS)
    members = groups.loc[groups["group"] == "South East", "area_code"].tolist()
    assert sorted(members) == sorted(_code(name) for name in SOUTH_EAST)


@pytest.mark.parametrize("measure, offence, kind", [
    ("crime_excluding_fraud_rate", data.TOTAL_RECORDED_CRIME, "population"),
    ("violence_with_injury_rate", "Violence with injury", "population"),
    ("residential_burglary_rate", "Residential burglary", "households"),
])
def test_group_comparator_is_the_other_members_pooled(kent, measure, offence, kind):
    assert data.denominator_years("2019-03")[0] == 2017  # the rule the hand sums follow
    others = [_code(name) for name in SOUTH_EAST if name != "Kent"]
    counts, denominators = _by_hand("2019-03", offence, kind, [*others, _code("Kent")])
    pooled_count = sum(counts[code] for code in others)
    pooled_denominator = sum(denominators[code] for code in others)
    figure = kent[f"E23000032/2019-03/{measure}_vs_group_south_east"]
    assert figure.comparator_value == pytest.approx(pooled_count / pooled_denominator * 1000,
                                                    rel=1e-12)
    assert figure.comparator == "the other forces of the group South East"
    kent_rate = peelstats.rate(counts[_code("Kent")], denominators[_code("Kent")])
    assert figure.value == pytest.approx(float(kent_rate.value), rel=1e-12)
    expected = peelstats.compare(kent_rate, peelstats.rate(pooled_count, pooled_denominator))
    assert figure.verdict == expected.verdict
    assert figure.p_value == pytest.approx(float(expected.p_value), rel=1e-9, abs=1e-300)
    assert "the other forces of the group South East at" in figure.sentence
    assert figure.position == ""  # among the forces is the England and Wales figure's


def test_each_group_figure_follows_its_england_and_wales_figure(kent):
    ids = [figure.id for figure in kent]
    rates = ["crime_excluding_fraud_rate", "victim_based_crime_rate",
             "violence_with_injury_rate", "sexual_offences_rate", "residential_burglary_rate"]
    for measure in rates:
        at = ids.index(f"E23000032/2019-03/{measure}")
        assert ids[at + 1] == f"E23000032/2019-03/{measure}_vs_group_south_east"
    assert sum("_vs_group_" in i for i in ids) == len(rates)
    plain = peelstats.force_profile("Kent", "2019-03")
    assert [f.id for f in kent if "_vs_group_" not in f.id] == [f.id for f in plain]
    assert kent["E23000032/2019-03/crime_excluding_fraud_rate"] == plain[0]


@pytest.mark.parametrize("force", SOUTH_EAST)
def test_rank_in_the_group_by_hand(force):
    profile = peelstats.force_profile(force, "2019-03", groups=GROUPS)
    members = [_code(name) for name in SOUTH_EAST]
    counts, denominators = _by_hand("2019-03", "Violence with injury", "population", members)
    rates = {code: counts[code] / denominators[code] for code in members}
    ordered = sorted(members, key=rates.get)  # lowest first
    place = ordered.index(_code(force)) + 1
    figure = profile["violence_with_injury_rate_vs_group_south_east"]
    notes = " ".join(figure.notes)
    assert f"(rank {place}, where 1 is the lowest rate)" in notes
    expected = "the lowest" if place == 1 else f"{place}{'nd' if place == 2 else 'rd' if place == 3 else 'th'}-lowest"
    assert f"{force} ranks {expected} of 5 forces in the group South East" in notes


def test_a_member_without_a_count_is_left_out_and_named():
    # Greater Manchester supplied no count for YE Dec 2019 (the table's note flag).
    profile = peelstats.force_profile("Lancashire", "2019-12", groups=GROUPS)
    groups = peelstats.read_groups(GROUPS)
    members = groups.loc[groups["group"] == "North West", "area_code"].tolist()
    others = [code for code in members if code not in (_code("Lancashire"),
                                                       _code("Greater Manchester"))]
    counts, denominators = _by_hand("2019-12", data.TOTAL_RECORDED_CRIME, "population",
                                    members)
    assert pd.isna(counts[_code("Greater Manchester")])
    figure = profile["crime_excluding_fraud_rate_vs_group_north_west"]
    assert figure.comparator_value == pytest.approx(
        sum(counts[c] for c in others) / sum(denominators[c] for c in others) * 1000,
        rel=1e-12)
    notes = " ".join(figure.notes)
    assert "Left out of the group's figure, without a count for YE Dec 2019: Greater Manchester" in notes
    assert "of 4 forces in the group North West" in notes


def test_no_comparable_burglary_rate_has_no_group_rate_either():
    profile = peelstats.force_profile("Kent", "2017-09", groups=GROUPS)
    figure = profile["residential_burglary_rate_vs_group_south_east"]
    assert figure.verdict == "" and figure.judgement == "not judged"
    assert "mixes domestic and residential burglary" in " ".join(figure.notes)


# --- choosing the group ----------------------------------------------------------------

def test_unknown_group_lists_the_groups():
    with pytest.raises(ValueError, match=r"group='Nowhere': no such group; the groups "
                                         r"are: 'East', 'East Midlands'"):
        peelstats.force_profile("Kent", "2019-03", groups=GROUPS, group="Nowhere")


def test_a_group_the_force_is_not_in():
    with pytest.raises(ValueError, match=r"Kent is not a member of group 'East'; its "
                                         r"groups: 'South East'"):
        peelstats.force_profile("Kent", "2019-03", groups=GROUPS, group="East")


def test_a_force_in_no_group(tmp_path):
    groups = _write(tmp_path, "MSG1,Essex", "MSG1,Surrey")
    with pytest.raises(ValueError, match=r"Kent is in no group of the groups file; the "
                                         r"groups are: 'MSG1'"):
        peelstats.force_profile("Kent", "2019-03", groups=groups)


def test_a_force_in_several_groups_must_choose(tmp_path):
    groups = _write(tmp_path, "MSG1,Kent", "MSG1,Essex", "MSG 2,Kent", "MSG 2,Surrey")
    with pytest.raises(ValueError, match=r"Kent is in 2 groups \('MSG1', 'MSG 2'\): "
                                         r"choose one with group="):
        peelstats.force_profile("Kent", "2019-03", groups=groups)
    chosen = peelstats.force_profile("Kent", "2019-03", groups=groups, group="MSG 2")
    figure = chosen["E23000032/2019-03/crime_excluding_fraud_rate_vs_group_msg_2"]
    counts, denominators = _by_hand("2019-03", data.TOTAL_RECORDED_CRIME, "population",
                                    [_code("Surrey")])
    assert figure.comparator_value == pytest.approx(
        counts[_code("Surrey")] / denominators[_code("Surrey")] * 1000, rel=1e-12)
    # A frame from read_groups is read as the file is.
    again = peelstats.force_profile("Kent", "2019-03", groups=peelstats.read_groups(groups),
                                    group="MSG 2")
    assert [f.id for f in again] == [f.id for f in chosen]


def test_group_needs_groups():
    with pytest.raises(ValueError, match="group='East' needs groups"):
        peelstats.force_profile("Kent", "2019-03", group="East")


def test_a_bad_groups_file_names_file_row_and_value(tmp_path):
    groups = _write(tmp_path, "g,Kent", "g,Esex")
    with pytest.raises(DataFileError) as caught:
        peelstats.force_profile("Kent", "2019-03", groups=groups)
    assert [(p.row, p.column, p.value) for p in caught.value.problems][0] == (3, "area", "Esex")


# --- the command line ------------------------------------------------------------------

def test_cli_adds_the_group_figures(capsys):
    assert main(["figures", "--area", "Kent", "--period", "2019-03", "--groups",
                 str(GROUPS), "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "E23000032/2019-03/crime_excluding_fraud_rate_vs_group_south_east" in out
    assert "which is higher than the other forces of the group South East at" in out
    assert "where 1 is the lowest rate" in out  # the rank, in the notes


def test_cli_group_chooses(tmp_path, capsys):
    groups = _write(tmp_path, "MSG1,Kent", "MSG1,Essex", "MSG 2,Kent", "MSG 2,Surrey")
    assert main(["figures", "--area", "Kent", "--period", "2019-03", "--groups",
                 str(groups)]) == 2
    assert "Kent is in 2 groups ('MSG1', 'MSG 2')" in capsys.readouterr().err
    assert main(["figures", "--area", "Kent", "--period", "2019-03", "--groups",
                 str(groups), "--group", "MSG1"]) == 0
    assert "E23000032/2019-03/crime_excluding_fraud_rate_vs_group_msg1" in capsys.readouterr().out


def test_cli_bad_groups_file_exits_2_naming_file_row_and_value(tmp_path, capsys):
    groups = _write(tmp_path, "g,Kent", "g,Esex", "g,Essex")
    assert main(["figures", "--area", "Kent", "--period", "2019-03", "--groups",
                 str(groups)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err  # one problem, one line
    assert str(groups) in err and "row 3" in err and "'Esex'" in err
    assert "close matches: 'Essex'" in err


@pytest.mark.parametrize("argv, message", [
    (["--group", "East"], "--group 'East' needs --groups FILE"),
    (["--groups", str(GROUPS), "--group", "Nowhere"], "group='Nowhere': no such group"),
    (["--groups", str(GROUPS), "--group", "East"], "Kent is not a member of group 'East'"),
])
def test_cli_group_errors_exit_2(capsys, argv, message):
    assert main(["figures", "--area", "Kent", "--period", "2019-03", *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_cli_indicators_still_take_groups(capsys):
    assert main(["figures", "--indicators", str(examples_dir() / "indicators.csv"),
                 "--area", "Cambs", "--period", "2014-06", "--groups", str(GROUPS),
                 "--versus", "East"]) == 0
    assert main(["figures", "--indicators", str(examples_dir() / "indicators.csv"),
                 "--area", "Cambs", "--period", "2014-06", "--groups", str(GROUPS),
                 "--group", "East"]) == 2
    assert "with --indicators, name the group with --versus" in capsys.readouterr().err


# --- the charts mark the group -----------------------------------------------------------

def _green_collections(ax):
    green = matplotlib.colors.to_rgba(BLUISH_GREEN)
    return [c for c in ax.collections
            if len(c.get_facecolor()) and tuple(c.get_facecolor()[0]) == pytest.approx(green)]


@pytest.fixture(scope="module")
def national():
    return notebook.national_rates(data.TOTAL_RECORDED_CRIME, "2019-03")


def test_funnel_marks_the_members(national):
    members = [_code(name) for name in SOUTH_EAST]
    table = national.funnel_table(focus="Kent")
    figure = plots.funnel_plot(table, label="area_name", focus="Kent", mark=members,
                               mark_label="South East (group)", note="a note",
                               off_scale=())
    ax = figure.axes[0]
    (marked,) = _green_collections(ax)
    frame = table.frame.set_index("area_code")
    expected = sorted((float(frame.loc[c, "denominator"]), float(frame.loc[c, "value"]))
                      for c in members if c != _code("Kent"))  # Kent is the focus
    np.testing.assert_allclose(sorted(map(tuple, marked.get_offsets().tolist())), expected,
                               rtol=1e-12)
    assert marked.get_paths()[0].vertices.shape[0] == 4  # a triangle (closed path)
    assert "South East (group)" in [t.get_text() for t in figure.legends[0].get_texts()]
    named = {t.get_text() for t in ax.texts}
    assert {"Hampshire", "Surrey", "Sussex", "Thames Valley"} <= named
    assert "a note" in ax.get_title(loc="left")  # note= still works beside mark=


def test_forest_marks_the_members(national):
    members = [_code(name) for name in SOUTH_EAST]
    figure = plots.forest_plot(national.forces, label="area_name", focus="Kent",
                               reference=1.0, mark=members, mark_label="South East (group)")
    ax = figure.axes[0]
    (marked,) = _green_collections(ax)
    rows = plots.forest_plot_data(national.forces, label="area_name", focus="Kent")
    shown = rows[rows["label"].isin(["Hampshire", "Surrey", "Sussex", "Thames Valley"])]
    np.testing.assert_allclose(sorted(map(tuple, marked.get_offsets().tolist())),
                               sorted(zip(shown["value"], shown["position"])), rtol=1e-12)
    assert "South East (group)" in [t.get_text() for t in figure.legends[0].get_texts()]
    green = [t.get_text() for t in ax.get_yticklabels()
             if matplotlib.colors.to_hex(t.get_color()) == BLUISH_GREEN.lower()]
    assert sorted(green) == ["Hampshire", "Surrey", "Sussex", "Thames Valley"]


def test_without_mark_nothing_is_green(national):
    figure = plots.forest_plot(national.forces, label="area_name", focus="Kent")
    assert _green_collections(figure.axes[0]) == []
    figure = plots.funnel_plot(national.funnel_table(), label="area_name")
    assert _green_collections(figure.axes[0]) == []


def test_mark_must_name_areas_drawn(national):
    with pytest.raises(ValueError, match=r"mark names no area drawn: \['E99'\]"):
        plots.funnel_plot(national.funnel_table(), label="area_name", mark=["E99"])
    with pytest.raises(ValueError, match="mark must be a list"):
        plots.forest_plot(national.forces, label="area_name", mark="E23000032")


def test_national_charts_mark_the_drawn_members(national):
    group = notebook.validate_group(
        notebook.validate_parameters("Kent", "2019-03"), str(GROUPS))
    figure = national.funnel(focus="Kent", group=group)
    assert len(_green_collections(figure.axes[0])[0].get_offsets()) == 4
    # City of London, not drawn in another force's funnel, is left unmarked, not an error.
    london = notebook.validate_group(
        notebook.validate_parameters("Met", "2019-03"), str(GROUPS))
    figure = national.funnel(focus="Metropolitan Police", group=london)
    assert _green_collections(figure.axes[0]) == []  # the only other member is left out


def test_notebook_validates_the_group_parameters(tmp_path):
    checked = notebook.validate_parameters("Kent", "2019-03")
    assert notebook.validate_group(checked, None, None) is None
    with pytest.raises(ValueError, match="needs groups_path"):
        notebook.validate_group(checked, None, "East")
    with pytest.raises(ValueError, match="groups_path must be the path"):
        notebook.validate_group(checked, "", None)
    with pytest.raises(ValueError, match="Kent is not a member of group 'East'"):
        notebook.validate_group(checked, str(GROUPS), "East")
    with pytest.raises(DataFileError):
        notebook.validate_group(checked, str(_write(tmp_path, "g,Kent", "g,Esex")))
