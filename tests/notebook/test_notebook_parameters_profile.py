"""A report period must be one the force profile can be made for.

The recorded crime table starts at YE Mar 2003, but a rate for YE Mar 2003 needs the
mid-2001 population estimate, which the population table does not have (the profile's
rule, `figures.profile.denominator_years`). `peelstats report --period 2003-03` used to
accept the period and then fail in every one of the 43 notebooks.
"""

import pytest

from peelstats import data
from peelstats.cli import main
from peelstats.figures.profile import denominator_years
from peelstats.notebook import periods, validate_parameters


def test_the_first_recorded_crime_period_has_no_population_for_its_rate():
    first = periods()[0]
    years = set(data.population("original")["mid_year"].astype(int))
    assert first == "2003-03"
    assert not set(denominator_years(first)) <= years


def test_validate_parameters_refuses_a_period_without_a_profile():
    with pytest.raises(ValueError, match=r"no force profile for '2003-03' \(YE Mar 2003\); recorded_crime, "
                                         r"crime_severity have data for it; the nearest periods with it: 2004-03"):
        validate_parameters("Cambridgeshire", "2003-03")
    assert validate_parameters("Cambridgeshire", "2004-03").period == "2004-03"


def test_report_refuses_it_before_running_any_notebook(tmp_path, capsys):
    code = main(["report", "--all", "--period", "2003-03", "--out", str(tmp_path),
                 "--no-progress"])
    err = capsys.readouterr().err
    assert code == 2 and "'2003-03'" in err
    assert list(tmp_path.iterdir()) == []
