"""Recorded crimes per officer: England and Wales counts the same forces on both sides.

The recorded crime table has no count for Greater Manchester in YE Sep and Dec 2019 (the
force supplied none; the published England and Wales total leaves it out), while the
workforce table counts all 43 forces' officers on 31 March 2019. England and Wales's
crimes per officer must then set the 42 forces' crimes against the same 42 forces'
officers. Expected values are recomputed here from the bundled tables.
"""

import pytest

from peelstats import data
from peelstats.figures import workforce
from peelstats.figures.sections import ProfileContext

TOTAL = "Total recorded crime (excluding fraud)"
KENT = "E23000032"
GREATER_MANCHESTER = "E23000005"


def _tables(period: str, as_at: str):
    crime = data.recorded_crime()
    crime = crime[(crime["period"] == period) & (crime["offence"] == TOTAL)]
    counts = crime.set_index("area_code")["count"]
    staff = data.workforce()
    officers = staff[staff["as_at"] == as_at].set_index("area_code")["officer_fte"]
    codes = data.forces()["area_code"].tolist()
    return counts.reindex(codes), officers.reindex(codes).astype(float)


def _figure(period: str):
    context = ProfileContext(KENT, "Kent", period, 0.95)
    figures = {f.measure: f for f in workforce.workforce_figures(context)}
    return figures["crimes_per_officer"]


def test_a_force_without_a_count_is_left_out_of_the_officers_too():
    counts, officers = _tables("2019-12", "2019-03-31")
    assert counts.isna().sum() == 1 and counts.isna()[GREATER_MANCHESTER]
    with_count = counts.notna()
    expected = float(counts[with_count].sum()) / officers[with_count].sum()
    figure = _figure("2019-12")
    assert figure.comparator_value == pytest.approx(expected, rel=1e-12)
    # Against 43 forces' officers the comparator would be lower by GMP's share of officers.
    assert figure.comparator_value > float(counts.sum()) / officers.sum() * 1.04
    assert "Greater Manchester supplied no crime count" in cited(figure)
    assert "43 territorial forces" not in figure.sentence


def test_every_force_with_a_count_gives_the_43_forces():
    counts, officers = _tables("2019-06", "2019-03-31")
    assert counts.notna().all()
    figure = _figure("2019-06")
    assert figure.comparator_value == pytest.approx(float(counts.sum()) / officers.sum(),
                                                    rel=1e-12)
    assert "43 territorial forces added up" in cited(figure)


def cited(figure):
    """The sentence and its notes, as a report prints them (issue 13: caveats are notes)."""
    return " ".join([figure.sentence, *figure.notes])
