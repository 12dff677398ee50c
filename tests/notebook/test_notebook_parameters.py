"""The notebooks' parameter checks: resolved names, and errors that name the valid choices."""

import pytest

from peelstats import notebook, reports


def test_names_codes_and_aliases_resolve_to_one_force():
    expected = notebook.ReportParameters("E23000023", "Cambridgeshire", "2019-03")
    for area in ("Cambridgeshire", "E23000023", "Cambridgeshire Constabulary", "cambridgeshire"):
        assert notebook.validate_parameters(area, "2019-03") == expected


def test_latest_is_the_latest_period_with_recorded_crime():
    assert notebook.resolve_period("latest") == max(notebook.periods())
    assert notebook.validate_parameters("Kent", "latest").period == max(notebook.periods())


def test_unknown_force_lists_close_matches_or_all_forces():
    with pytest.raises(ValueError, match=r"'Cambridgeshir'.*'Cambridgeshire' \(E23000023\)"):
        notebook.validate_parameters("Cambridgeshir", "2019-03")
    with pytest.raises(ValueError) as error:
        notebook.validate_parameters("Atlantis", "2019-03")
    message = str(error.value)
    assert "'Atlantis'" in message
    assert all(area.area_name in message for area in notebook.all_areas())


@pytest.mark.parametrize("period, problem", [
    ("2019-13", "not a month"), ("2019/03", "two consecutive years"),
    ("Spring 2019", "YYYY-MM"), ("19-03", "YYYY-MM"), ("2019", "is a year")])
def test_malformed_period_names_the_value_and_the_fix(period, problem):
    with pytest.raises(ValueError, match=problem) as error:
        notebook.validate_parameters("Kent", period)
    assert repr(period) in str(error.value)


def test_period_without_data_is_refused_naming_the_nearest():
    with pytest.raises(ValueError, match=r"no force profile for '2030-03' \(YE Mar 2030\); "
                                         r"the nearest periods with it: 2019-06, 2019-09, "
                                         r"2019-12, 2025-06 \("):
        notebook.validate_parameters("Kent", "2030-03")


def test_forty_three_forces_with_distinct_folders():
    areas = notebook.all_areas()
    assert len(areas) == 43
    assert len({reports.area_slug(area.area_name) for area in areas}) == 43


def test_offence_and_confidence_checks():
    assert notebook.validate_offence("Violence with injury") == "Violence with injury"
    with pytest.raises(ValueError, match="'Burglaries'.*Residential burglary"):
        notebook.validate_offence("Burglaries")
    with pytest.raises(ValueError, match="did you mean 0.95"):
        notebook.validate_confidence(95)


def test_the_helpers_read_from_reports_still_work_with_a_warning():
    import importlib
    import sys

    with pytest.warns(DeprecationWarning, match=r"reports\.validate_parameters is deprecated: "
                                                r"use peelstats\.notebook\.validate_parameters"):
        old = reports.validate_parameters
    assert old is notebook.validate_parameters
    for module, name in (("peelstats.reports.parameters", "validate_period"),
                         ("peelstats.reports._display", "figures_table"),
                         ("peelstats.reports._national", "NationalRates"),
                         ("peelstats.reports._trend", "trend_chart"),
                         ("peelstats.reports._indicators", "validate_indicator_parameters")):
        sys.modules.pop(module, None)
        with pytest.warns(DeprecationWarning, match=f"{module} is deprecated"):
            alias = importlib.import_module(module)
        assert hasattr(alias, name)
    # The runner's own names are not deprecated, and the moved ones are not listed.
    assert "validate_parameters" not in reports.__all__ and "run_batch" in reports.__all__
