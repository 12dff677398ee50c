"""The one area look-up (`find_force`) and the one period look-up (`resolve_period`), as
the package, the command line and the notebooks' parameter check use them.

Expected areas: the ONS codes of data/forces.csv (ONS police force area codes); the short
names are the ones HMICFRS reports and the forces themselves use. Expected periods follow
the vocabulary of DESIGN.md (a period is the 12 months ending a month; a financial year
2019/20 ends March 2020). The valid periods are those of the bundled data.
"""

import pytest

from peelstats import notebook
from peelstats.cli import main
from peelstats.data import find_force, parse_period, resolve_period
from peelstats.figures.profile import profile_context


@pytest.mark.parametrize("typed, code", [
    ("Cambs", "E23000023"), ("GMP", "E23000005"), ("TVP", "E23000029"),
    ("Met", "E23000001"), ("MPS", "E23000001"), ("The Met", "E23000001"),
    ("the met", "E23000001"), ("West Mids", "E23000014"),
    ("Avon & Somerset", "E23000036"), ("South Yorks", "E23000011"),
    ("Dyfed Powys", "W15000004"), ("Devon & Cornwall", "E23000035"),
    ("Hants", "E23000030"), ("Herts", "E23000027"), ("Notts", "E23000019"),
])
def test_short_names_resolve_everywhere(typed, code):
    assert find_force(typed).area_code == code
    assert profile_context(typed, "2019-03").area_code == code
    assert notebook.validate_parameters(typed, "2019-03").area_code == code


@pytest.mark.parametrize("typed, expected, not_expected", [
    ("Cambrigeshire", "'Cambridgeshire' (E23000023)", "Hampshire"),
    ("Manchester", "'Greater Manchester' (E23000005)", "Cambridgeshire"),
    ("MPSS", "'Metropolitan Police' (E23000001)", "Hampshire"),
    ("Thames", "'Thames Valley' (E23000029)", "Kent"),
])
def test_close_matches_are_close(typed, expected, not_expected):
    with pytest.raises(ValueError) as error:
        find_force(typed)
    assert expected in str(error.value) and not_expected not in str(error.value)


def test_one_wording_for_an_unknown_area():
    with pytest.raises(ValueError) as package:
        find_force("Atlantis")
    with pytest.raises(ValueError) as helper:
        notebook.validate_parameters("Atlantis", "2019-03")
    assert str(package.value) == str(helper.value)
    assert "no police force is called 'Atlantis'; the 43 forces are: " in str(package.value)


def test_one_wording_on_the_command_line(capsys):
    with pytest.raises(ValueError) as package:
        profile_context("Cambs", "2030-06")
    assert main(["figures", "--area", "Cambs", "--period", "2030-06"]) == 2
    assert capsys.readouterr().err == f"peelstats: error: {package.value}\n"


@pytest.mark.parametrize("typed, period", [
    ("2019-03", "2019-03"), ("YE Mar 2019", "2019-03"), ("ye mar 2019", "2019-03"),
    ("YE 2019-03", "2019-03"), ("Mar 2019", "2019-03"), ("March 2019", "2019-03"),
    ("Sept 2018", "2018-09"), ("year ending March 2019", "2019-03"),
    ("2018/19", "2019-03"), ("2019/20", "2020-03"), ("2018/2019", "2019-03"),
    (" 2019-3 ", "2019-03"),
])
def test_period_forms(typed, period):
    assert parse_period(typed) == period


@pytest.mark.parametrize("typed, period", [
    ("2019-03", "2019-03"), ("YE Mar 2019", "2019-03"), ("Mar 2019", "2019-03"),
    ("March 2019", "2019-03"), ("2018/19", "2019-03"), ("latest", "2025-06"),
    ("Latest", "2025-06"),
])
def test_period_forms_in_the_profile_and_the_notebook_check(typed, period):
    assert profile_context("Kent", typed).period == period
    assert notebook.validate_parameters("Kent", typed).period == period
    assert notebook.resolve_period(typed) == period


@pytest.mark.parametrize("typed, problem", [
    ("2019", "is a year: which 12 months?"), ("2019-20", "write 2019/20"),
    ("2019/21", "two consecutive years"), ("Spring 2019", "YE Mar 2019"),
])
def test_what_is_no_period_says_how_to_write_one(typed, problem):
    with pytest.raises(ValueError, match=problem) as error:
        parse_period(typed)
    assert repr(typed) in str(error.value)


def test_a_period_without_data_names_the_tables_and_a_handful_of_nearest():
    with pytest.raises(ValueError) as error:
        profile_context("Kent", "2019/20")  # YE Mar 2020: after the recorded crime data
    message = str(error.value)
    assert message.startswith("no force profile for '2019/20' (YE Mar 2020)")
    assert "the nearest periods with it: 2019-03, 2019-06, 2019-09, 2019-12 (" in message
    assert "2014-06" not in message
    # YE Mar 2003: recorded crime has it, but no mid-2001 population for the rates.
    with pytest.raises(ValueError, match=r"recorded_crime(, \w+)* ha(s|ve) data for it; "
                                         r"the nearest periods with it: 2004-03, 2005-03"):
        profile_context("Kent", "Mar 2003")


def test_resolve_period_with_given_periods():
    valid = ["2018-03", "2018-06", "2018-09", "2018-12", "2019-03", "2019-06"]
    assert resolve_period("latest", valid) == "2019-06"
    with pytest.raises(ValueError, match="nearest periods with it: 2018-03, 2018-06, "
                                         "2018-09, 2018-12 "):
        resolve_period("2017-12", valid, what="data")
    with pytest.raises(ValueError, match=r"no data for '2019-03' \(YE Mar 2019\); the only "
                                         r"period with it: 2025-06$"):
        resolve_period("2019-03", ["2025-06"], what="data")
    with pytest.raises(ValueError, match="Kent has data for it"):
        resolve_period("2017-12", valid, covered_by=lambda period: ["Kent"])
