"""The checks that a table is whole (peelstats.data._coverage), on small frames whose
holes are known by construction."""

import numpy as np
import pandas as pd

from peelstats.data._coverage import aggregate_problems, coverage_problems, period_range


def _grid(areas, periods, offences):
    return pd.DataFrame([(a, p, o) for a in areas for p in periods for o in offences],
                        columns=["area_code", "period", "offence"])


def test_a_whole_grid_has_no_problems():
    frame = _grid(["A", "B"], ["2019-03", "2019-06"], ["x", "y"])
    assert coverage_problems(frame, "f.csv", areas=["A", "B"], within=["offence"],
                             periods=period_range("2019-03", "2019-06")) == []


def test_each_kind_of_hole_is_named():
    frame = _grid(["A", "B", "C"], ["2019-03", "2019-06"], ["x", "y", "z"])
    cut = frame[~((frame.area_code == "C") & (frame.period == "2019-06"))     # C gone
                & ~((frame.area_code == "B") & (frame.period == "2019-03")
                    & (frame.offence != "x"))]                                # B short
    problems = [str(p) for p in coverage_problems(
        cut, "f.csv", areas=["A", "B", "C"], within=["offence"],
        periods=["2018-12", "2019-03", "2019-06"])]
    assert problems == [
        "f.csv, column 'period', value '2018-12': no rows for this period, which the file "
        "should cover",
        "f.csv, column 'area_code', value 'B': no rows in 2019-03 for 2 of the 3 offence "
        "values the other areas have: y; z",
        "f.csv, column 'area_code', value 'C': no rows for this area in 2019-06",
    ]


def test_areas_not_required_are_not_reported():
    frame = _grid(["A", "B"], ["p"], ["x"])
    extra = pd.concat([frame, pd.DataFrame({"area_code": ["Z"], "period": ["p"],
                                            "offence": ["x"]})])
    assert coverage_problems(extra, "f.csv", areas=["A", "B"], within=["offence"]) == []


def test_a_total_that_is_not_its_parts_is_named_by_row():
    frame = pd.DataFrame({"area_code": ["A", "B", "T", "A", "B", "T"],
                          "period": ["p", "p", "p", "q", "q", "q"],
                          "count": [1.0, 2.0, 3.0, 1.0, np.nan, 2.0],
                          "row": [2, 3, 4, 5, 6, 7]})
    # In q, B has no figure: the total leaves it out, as published totals do, so 2 is
    # wrong (A alone is 1) while p's 3 is right.
    [problem] = aggregate_problems(frame, "f.csv", parts={"T": ["A", "B"]},
                                   keys=["period"], value="count")
    assert (problem.row, problem.column, problem.value) == (7, "count", 2.0)
    assert problem.reason == "the total of T (q) is not the sum of its parts (1)"
    assert aggregate_problems(frame, "f.csv", parts={"T": ["A", "B"]}, keys=["period"],
                              value="count", tolerance=1.0) == []
