"""`notebook.national_rates`: the denominator is a closed choice, and the unit is worded
by `wording.rate_unit` (the one place that writes units)."""

import pytest

from peelstats.figures import wording
from peelstats.notebook import national_rates

OFFENCE = "Total recorded crime (excluding fraud)"


def test_a_misspelt_denominator_is_refused_naming_the_choices():
    # Before, any name other than "population" silently gave a rate per household.
    with pytest.raises(ValueError, match=r"unknown denominator 'populaton'; choose one of: "
                                         r"'population', 'households'"):
        national_rates(OFFENCE, "2014-06", denominator="populaton")


@pytest.mark.parametrize("denominator", ["population", "households"])
def test_each_denominator_gives_its_unit_and_its_column(denominator):
    rates = national_rates(OFFENCE, "2014-06", denominator=denominator)
    assert rates.unit == wording.rate_unit(1000, denominator) == f"per 1,000 {denominator}"
    assert rates.denominator == denominator


def test_households_are_fewer_than_people():
    # A property that must hold: each force has fewer households than residents, so its
    # rate per 1,000 households is higher than its rate per 1,000 population.
    people = national_rates(OFFENCE, "2014-06").forces.set_index("area_code")
    homes = national_rates(OFFENCE, "2014-06", denominator="households").forces.set_index(
        "area_code")
    assert (homes["denominator"] < people["denominator"]).all()
    assert (homes["value"] > people["value"]).all()
