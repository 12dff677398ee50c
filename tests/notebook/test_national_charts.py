"""The national charts say what they draw: the forces missing from a period named with the
true count, City of London's own report drawn without squashing the other forces, and a
trend sentence that claims no more years than its chart shows."""

import re
from pathlib import Path

import pandas as pd
import pytest

from peelstats import data, force_profile
from peelstats.figures import cite
from peelstats.figures.over_time import trend_chart_frame
from peelstats.notebook import national_rates
from peelstats.stats import Estimate

DATA = Path(__file__).resolve().parents[2] / "data"
OFFENCE = data.TOTAL_RECORDED_CRIME
CITY = "City of London"


def _without_count(period):
    """The forces the published table has no count for, read from the CSV itself."""
    crime = pd.read_csv(DATA / "recorded_crime.csv", dtype={"count": "Float64"})
    forces = pd.read_csv(DATA / "forces.csv")
    rows = crime[(crime["period"] == period) & (crime["offence"] == OFFENCE)]
    counted = set(rows.loc[rows["count"].notna(), "area_code"])
    return sorted(forces.loc[~forces["area_code"].isin(counted), "area_name"])


@pytest.mark.parametrize("period", ["2019-03", "2019-12"])
def test_the_note_names_the_missing_forces_and_counts_what_is_drawn(period):
    missing = _without_count(period)
    assert (period == "2019-12") == bool(missing)  # Greater Manchester, YE Dec 2019
    note = national_rates(OFFENCE, period).drawn_note("Kent", [CITY])
    drawn = 43 - len(missing) - 1
    assert note.startswith(f"{drawn} of the 43 forces")
    for name in missing:
        assert f"{name} supplied no count" in note
    assert f"{CITY} left out" in note
    for chart in ("forest", "funnel"):
        figure = getattr(national_rates(OFFENCE, period), chart)(focus="Kent",
                                                                 leave_out=[CITY])
        # The title wraps to the chart's width: the note is there, word for word.
        assert note in " ".join(figure.axes[0].get_title(loc="left").split())


def test_city_of_london_is_drawn_off_the_scale_of_its_own_charts():
    rates = national_rates(OFFENCE, "2019-03")
    forces = rates.forces.set_index("area_name")
    city = float(forces.loc[CITY, "value"])
    others = forces.drop(index=CITY)
    assert city > 5 * others["upper"].max()  # the reason it squashes the scale
    forest = rates.forest(focus=CITY, leave_out=[CITY]).axes[0]
    low, high = forest.get_xlim()
    assert others["upper"].max() < high < city and low < others["lower"].min()
    funnel = rates.funnel(focus=CITY).axes[0]
    assert others["value"].max() < funnel.get_ylim()[1] < city
    for ax in (forest, funnel):
        marks = [t.get_text() for t in ax.texts if "off the scale" in t.get_text()]
        assert len(marks) == 1 and f"{city:,.1f}" in marks[0]
        assert f"{CITY} drawn off the scale" in " ".join(ax.get_title(loc="left").split())


def test_a_trend_sentence_spans_the_years_its_chart_fits():
    # Greater Manchester has no count for YE Dec 2019: its trend is fitted to the years
    # to YE Dec 2018, and the sentence must not claim YE Dec 2019.
    profile = force_profile("Greater Manchester", "2019-12")
    frame = trend_chart_frame("Greater Manchester", "2019-12")
    force = frame[(frame["area_name"] == "Greater Manchester") & frame["used"]]
    fitted = sorted(force["period"])
    assert fitted[-1] == "2018-12"
    trend = next(f for f in profile if f.measure == "crime_excluding_fraud_trend_5y")
    span = re.search(r"from (YE \w+ \d{4}) to (YE \w+ \d{4})", trend.sentence)
    assert span.groups() == ("YE Dec 2015", "YE Dec 2018")


def test_until_needs_since():
    change = Estimate(10.0, 5.0, 15.0, 0.95, "trend", kind="percent_change")
    with pytest.raises(ValueError, match="until needs since"):
        cite(change, measure="trend", period="2019-12", until="2018-12")
