"""The notebooks' parameter checks: resolved names, and errors that name the valid choices."""

import pytest

from peelstats import reports


def test_names_codes_and_aliases_resolve_to_one_force():
    expected = reports.ReportParameters("E23000023", "Cambridgeshire", "2019-03")
    for area in ("Cambridgeshire", "E23000023", "Cambridgeshire Constabulary", "cambridgeshire"):
        assert reports.validate_parameters(area, "2019-03") == expected


def test_latest_is_the_latest_period_with_recorded_crime():
    assert reports.resolve_period("latest") == max(reports.periods())
    assert reports.validate_parameters("Kent", "latest").period == max(reports.periods())


def test_unknown_force_lists_close_matches_or_all_forces():
    with pytest.raises(ValueError, match=r"'Cambridgeshir'.*'Cambridgeshire' \(E23000023\)"):
        reports.validate_parameters("Cambridgeshir", "2019-03")
    with pytest.raises(ValueError) as error:
        reports.validate_parameters("Atlantis", "2019-03")
    message = str(error.value)
    assert "'Atlantis'" in message
    assert all(area.area_name in message for area in reports.all_areas())


@pytest.mark.parametrize("period, problem", [
    ("2019-13", "not a month"), ("2019/03", "two consecutive years"),
    ("Spring 2019", "YYYY-MM"), ("19-03", "YYYY-MM"), ("2019", "is a year")])
def test_malformed_period_names_the_value_and_the_fix(period, problem):
    with pytest.raises(ValueError, match=problem) as error:
        reports.validate_parameters("Kent", period)
    assert repr(period) in str(error.value)


def test_period_without_data_is_refused_naming_the_nearest():
    with pytest.raises(ValueError, match=r"no force profile for '2030-03' \(YE Mar 2030\); "
                                         r"the nearest periods with it: 2019-06, 2019-09, "
                                         r"2019-12, 2025-06 \("):
        reports.validate_parameters("Kent", "2030-03")


def test_forty_three_forces_with_distinct_folders():
    areas = reports.all_areas()
    assert len(areas) == 43
    assert len({reports.area_slug(area.area_name) for area in areas}) == 43


def test_offence_and_confidence_checks():
    assert reports.validate_offence("Violence with injury") == "Violence with injury"
    with pytest.raises(ValueError, match="'Burglaries'.*Residential burglary"):
        reports.validate_offence("Burglaries")
    with pytest.raises(ValueError, match="did you mean 0.95"):
        reports.validate_confidence(95)
