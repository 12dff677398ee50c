"""Issue 13: every figure answers two questions (verdict against the rest, position among
the forces), its judgement follows the chart beside it, and its sentence pastes.

The properties are checked for every force and every bundled period with a profile; the
Kent YE Mar 2019 figure is the issue's own example (ONS PFA tables, YE Mar 2019: Kent's
crime excluding fraud is significantly higher than the rest of England and Wales, while
the funnel adjusted for over-dispersion puts it within its 95% limits).
"""

from __future__ import annotations

import pytest

import peelstats
from peelstats import data, notebook
from peelstats.figures import judge
from peelstats.figures.figure import MAX_SENTENCE
from peelstats.figures.position import position_in, position_of
from peelstats.figures.sections import _valid_periods

TOTAL = "Total recorded crime (excluding fraud)"


def test_kent_march_2019_two_answers():
    figure = peelstats.force_profile("Kent", "2019-03")["crime_excluding_fraud_rate"]
    table = notebook.national_rates(TOTAL, "2019-03").funnel_table(focus="Kent").frame
    flag = table.loc[table["area_name"] == "Kent", "adjusted_flag"].iloc[0]
    assert figure.verdict == "higher"
    assert figure.position == position_of(flag)
    assert figure.judgement == judge("", "lower_is_better", position_of(flag))
    assert "among the 42 forces" in figure.sentence  # City of London left out


def test_cambridgeshire_2014_change_is_lower_as_hmic_wrote():
    # HMIC, Cambridgeshire 2014: "a greater reduction than the England and Wales rate"
    # (22 vs 16 percent): the plain comparison.
    figure = peelstats.force_profile("Cambridgeshire", "2014-06")[
        "crime_excluding_fraud_change_4y"]
    assert figure.verdict == "lower"
    assert figure.position in ("below", "within")


PERIODS = _valid_periods()
FORCES = data.forces()["area_name"].tolist()


@pytest.mark.parametrize("period", PERIODS)
def test_every_figure_of_every_force_pastes_and_agrees_with_its_funnel(period):
    national = notebook.national_rates(TOTAL, period)
    for force in FORCES:
        figures = peelstats.force_profile(force, period)
        table = national.funnel_table(focus=force)
        code = data.find_force(force).area_code
        for figure in figures:
            where = f"{force} {period} {figure.measure}"
            assert len(figure.sentence) <= MAX_SENTENCE, (where, figure.sentence)
            assert figure.sentence.count(". ") == 0, (where, figure.sentence)
            assert not ("±" in figure.sentence and "CI" in figure.sentence), where
            assert len(set(figure.notes)) == len(figure.notes), where
            # The judgement follows the position where there is one, else the verdict.
            expected = judge(figure.verdict, figure.polarity, figure.position)
            assert figure.judgement == expected, where
        crime = figures["crime_excluding_fraud_rate"]
        assert crime.position == position_in(table, code), (force, period)


def test_position_words_are_the_tables_words():
    figures = peelstats.force_profile("Kent", "2019-03")
    frame = figures.display_frame()
    for figure, verdict in zip(figures, frame["verdict"], strict=True):
        if figure.verdict == "similar":
            assert verdict == "broadly in line" and "broadly in line" in figure.sentence


def test_notes_are_said_once_in_the_report_table():
    figures = peelstats.force_profile("City of London", "2019-03")
    from peelstats.notebook.display import figures_table

    html = figures_table(figures)
    assert html.count("not accredited official statistics") == 1
    assert html.count("resident population of under 10,000") == 1
    assert all(figure.notes for figure in figures if figure.measure.endswith("_rate")
               and figure.measure.startswith("crime"))


def test_a_rows_note_numbers_are_in_order():
    import re

    from peelstats.notebook.display import figures_table

    html = figures_table(peelstats.force_profile("E23000034", "2019-03"))
    cells = re.findall(r"<td>(\d+(?:, \d+)+)</td>", html)
    assert cells, "no row refers to two notes or more"
    for cell in cells:
        numbers = [int(number) for number in cell.split(", ")]
        assert numbers == sorted(numbers), cell


def test_anti_social_behaviour_has_a_position_from_its_own_funnel():
    # The funnel of the forces' published ASB counts over the populations their published
    # rates imply, read straight from the bundled CSV: Kent YE Mar 2019.
    import pandas as pd
    from pathlib import Path

    from peelstats.figures.position import LEFT_OUT, POSITION_LEVEL

    asb = pd.read_csv(Path(__file__).resolve().parents[2] / "data" / "asb_incidents.csv")
    rows = asb[asb["period"] == "2019-03"]
    rows = rows[rows["edition"] == rows["edition"].max()]
    forces = data.forces()[["area_code", "area_name"]].merge(
        rows[["area_code", "count", "published_rate"]], on="area_code")
    forces["denominator"] = forces["count"] / forces["published_rate"] * 1000
    target = forces["count"].sum() / forces["denominator"].sum() * 1000
    drawn = forces[~forces["area_name"].isin(LEFT_OUT)]
    table = peelstats.funnel("count", "denominator", data=drawn, area="area_name",
                             kind="rate", per=1000, target=target,
                             confidence=(POSITION_LEVEL, 0.998)).frame
    flag = table.loc[table["area_name"] == "Kent", "adjusted_flag"].iloc[0]
    figure = peelstats.force_profile("Kent", "2019-03")["asb_incidents_rate"]
    assert figure.position == position_of(flag) != ""
    assert f"among the {len(drawn)} forces" in figure.sentence


def test_outcome_proportions_have_a_position_among_all_43_forces():
    # A proportion of offences, not of residents: City of London stays in. The funnel of
    # the forces' charged or summonsed counts of their offences, from the bundled CSV.
    import pandas as pd
    from pathlib import Path

    from peelstats.figures.position import POSITION_LEVEL

    outcomes = pd.read_csv(Path(__file__).resolve().parents[2] / "data" / "outcomes.csv")
    rows = outcomes[(outcomes["period"] == "2019-03")
                    & (outcomes["outcome_group"] == "Charged/Summonsed")]
    forces = data.forces()[["area_code", "area_name"]].merge(
        rows[["area_code", "count", "offences"]], on="area_code")
    assert len(forces) == 43
    target = forces["count"].sum() / forces["offences"].sum()
    table = peelstats.funnel("count", "offences", data=forces, area="area_name",
                             kind="proportion", target=target,
                             confidence=(POSITION_LEVEL, 0.998)).frame
    for force in ("Kent", "City of London", "Cambridgeshire"):
        flag = table.loc[table["area_name"] == force, "adjusted_flag"].iloc[0]
        figure = peelstats.force_profile(force, "2019-03")["charged_summonsed_proportion"]
        assert figure.position == position_of(flag) != "", force
