"""Loaders of the tables on outcomes, police powers and the workforce: crime outcomes,
stop and search, 2011 Census populations by ethnic group, arrests, the police workforce
and the Crime Severity Score (see data/README.md for each table's source and quirks).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from peelstats.data._errors import Problem
from peelstats.data._load import load, period_problems
from peelstats.data._tables import _force_codes, _negative, _unknown
from peelstats.data.build import arrests as _arrests
from peelstats.data.build import crime_outcomes as _outcomes
from peelstats.data.build import crime_severity as _severity
from peelstats.data.build import ethnicity_population as _ethnicity
from peelstats.data.build import stop_search as _stop_search
from peelstats.data.build import workforce as _workforce
from peelstats.data.build._areas import AREA_TYPES, BTP


def _march(frame: pd.DataFrame, file: str, column: str = "period") -> list[Problem]:
    """Periods that are not a month written YYYY-MM, or not a March (financial years)."""
    problems = period_problems(frame, file, column)
    if problems:
        return problems
    bad = ~frame[column].str.endswith("-03").to_numpy()
    rows = np.arange(len(frame))[bad] + 2
    return [Problem(file, int(row), column, value, "not the end of a financial year (March)")
            for row, value in zip(rows, frame[column][bad])]


def _codes(with_btp: bool) -> set[str]:
    return {*_force_codes(), BTP} if with_btp else set(_force_codes())


def _check_outcomes(frame: pd.DataFrame, file: str) -> list[Problem]:
    return (_march(frame, file)
            + _unknown(frame, file, "area_code", _codes(True), "area code")
            + _unknown(frame, file, "outcome_group", _outcomes.OUTCOME_GROUPS,
                       "outcome group")
            + _negative(frame, file, "count") + _negative(frame, file, "outcomes_in_year")
            + _negative(frame, file, "offences"))


def outcomes() -> pd.DataFrame:
    """Outcomes of the crimes (excluding fraud) each force recorded in 2018/19.

    Returns
    -------
    DataFrame
        ``period`` (``2019-03``), ``area_code``, ``area_name``, ``outcome_group`` (Home
        Office outcome groups), ``outcome_types`` (the outcome numbers in the group),
        ``count`` (outcomes of offences recorded in the year, "Not yet assigned an
        outcome" included, so a force's groups add up to ``offences``),
        ``outcomes_in_year`` (outcomes assigned in the year to offences of any year),
        ``offences`` (offences recorded). The 43 forces and ``BTP``; England and Wales is
        the 43 forces added up. A copy.

    Examples
    --------
    >>> table = outcomes()
    >>> row = table[(table.area_code == "E23000023")
    ...             & (table.outcome_group == "Charged/Summonsed")].iloc[0]
    >>> int(row["count"]), int(row["offences"])
    (5299, 65309)
    """
    return load(_outcomes.SCHEMA, _check_outcomes)


def _check_stop_search(frame: pd.DataFrame, file: str) -> list[Problem]:
    notes = frame["note"].notna().to_numpy()
    more = (frame["paired_arrests"] > frame["paired_searches"]).fillna(False).to_numpy()
    rows = np.arange(len(frame))[more & ~notes] + 2
    return (_march(frame, file)
            + _unknown(frame, file, "area_code", _codes(True), "area code")
            + _unknown(frame, file, "legislation", _stop_search.LEGISLATION, "legislation")
            + _unknown(frame, file, "ethnic_group", _stop_search.ETHNIC_GROUPS,
                       "ethnic group")
            + _unknown(frame, file, "note", (_stop_search.ARRESTS_EXCEED_SEARCHES,), "note")
            + [problem for name in ("searches", "arrests", "paired_searches",
                                    "paired_arrests")
               for problem in _negative(frame, file, name)]
            + [Problem(file, int(row), "paired_arrests", frame["paired_arrests"].iloc[row - 2],
                       "more paired arrests than searches without the note saying so")
               for row in rows])


def stop_search() -> pd.DataFrame:
    """Stop and searches and resultant arrests by force, financial year, legislation and
    self-defined ethnic group, 2006/07 to 2018/19.

    Returns
    -------
    DataFrame
        ``period`` (``2019-03`` is 2018/19), ``area_code``, ``area_name``,
        ``legislation`` ("Section 1 (PACE)", "Section 60 (CJPOA)", "Section 44/47a
        (TACT)"), ``ethnic_group`` (White, Black or Black British, Asian or Asian
        British, Mixed, Chinese or Other Ethnic Group, Not stated, Vehicle only),
        ``searches`` and ``arrests`` (nullable integers: the given source cells added
        up; arrests are missing for many searches, so never divide one by the other),
        ``paired_searches`` and ``paired_arrests`` (the rows where both are given: the
        basis of an arrest rate), ``note``. The 43 forces and ``BTP``; England and Wales is the 43 forces added
        up. A copy.

    Examples
    --------
    >>> table = stop_search()
    >>> cambs = table[(table.area_code == "E23000023") & (table.period == "2019-03")]
    >>> int(cambs["searches"].sum())
    1757
    """
    return load(_stop_search.SCHEMA, _check_stop_search)


def _check_ethnicity(frame: pd.DataFrame, file: str) -> list[Problem]:
    return (_unknown(frame, file, "area_code", _codes(False), "area code")
            + _unknown(frame, file, "ethnic_group", _ethnicity.GROUPS, "ethnic group")
            + _negative(frame, file, "population"))


def ethnicity_population() -> pd.DataFrame:
    """2011 Census usual residents of each force by ethnic group, in the groups of the
    Home Office stop and search and arrest tables.

    Returns
    -------
    DataFrame
        ``area_code``, ``area_name``, ``census_year`` (2011), ``ethnic_group`` (White,
        Black or Black British, Asian or Asian British *without* Chinese, Mixed, Chinese
        or Other Ethnic Group, and "All usual residents"), ``population``. A copy.

    Examples
    --------
    >>> table = ethnicity_population()
    >>> int(table.loc[table.ethnic_group == "All usual residents", "population"].sum())
    56075912
    """
    return load(_ethnicity.SCHEMA, _check_ethnicity)


def _check_arrests(frame: pd.DataFrame, file: str) -> list[Problem]:
    return (_march(frame, file)
            + _unknown(frame, file, "area_code", _codes(False), "area code")
            + _unknown(frame, file, "ethnic_group", _arrests.ETHNIC_GROUPS.values(),
                       "ethnic group")
            + _unknown(frame, file, "sex", _arrests.SEXES, "sex")
            + _unknown(frame, file, "age_group", _arrests.AGE_GROUPS, "age group")
            + _negative(frame, file, "arrests"))


def arrests() -> pd.DataFrame:
    """Arrests by force, financial year, self-defined ethnic group, sex and age group,
    2006/07 to 2017/18.

    Returns
    -------
    DataFrame
        ``period`` (``2018-03`` is 2017/18), ``area_code``, ``area_name``,
        ``ethnic_group``, ``sex``, ``age_group``, ``arrests`` (nullable: empty where the
        source withheld every cell of the group). The 43 forces only. A copy.

    Examples
    --------
    >>> table = arrests()
    >>> int(table.loc[table.period == "2018-03", "arrests"].sum())
    698737
    """
    return load(_arrests.SCHEMA, _check_arrests)


def _check_workforce(frame: pd.DataFrame, file: str) -> list[Problem]:
    dates = frame["as_at"].astype("str")
    bad = ~dates.str.fullmatch(r"\d{4}-03-31").to_numpy()
    rows = np.arange(len(frame))[bad] + 2
    numbers = [name for name in _workforce.SCHEMA.column_names
               if name.endswith(("_fte", "_headcount"))]
    return ([Problem(file, int(row), "as_at", value, "not a 31 March written YYYY-03-31")
             for row, value in zip(rows, dates[bad])]
            + _unknown(frame, file, "area_code", _codes(True), "area code")
            + [problem for name in numbers for problem in _negative(frame, file, name)])


def workforce() -> pd.DataFrame:
    """The police workforce of each force as at 31 March, 2007 to 2023.

    Returns
    -------
    DataFrame
        ``as_at`` (``YYYY-03-31``), ``area_code``, ``area_name``, ``officer_fte``,
        ``officer_headcount``, ``pcso_fte``, ``staff_fte``, ``designated_officer_fte``,
        ``special_constable_headcount``, ``police_support_volunteer_headcount`` (from
        2018). The 43 forces and ``BTP``. A copy.

    Examples
    --------
    >>> table = workforce()
    >>> table.set_index(["area_code", "as_at"]).loc[("E23000023", "2016-03-31"),
    ...                                             "officer_fte"].round(1)
    np.float64(1348.8)
    """
    return load(_workforce.SCHEMA, _check_workforce)


def _check_severity(frame: pd.DataFrame, file: str) -> list[Problem]:
    codes = {*_force_codes(), *AREA_TYPES} - {BTP}
    return (_march(frame, file)
            + _unknown(frame, file, "area_code", codes, "area code")
            + _unknown(frame, file, "offence_group", _severity.OFFENCE_GROUPS,
                       "offence group")
            + _negative(frame, file, "severity_score"))


def crime_severity() -> pd.DataFrame:
    """The ONS Crime Severity Score by area and offence group, YE Mar 2003 to YE Mar 2022.

    Returns
    -------
    DataFrame
        ``period`` (``YYYY-03``), ``area_code``, ``area_name``, ``area_type`` (``pfa``,
        ``region``, ``country``, ``country_group``), ``offence_group`` ("Total recorded
        crime", ...), ``severity_score`` (empty for the City of London, which ONS does
        not publish). ``K04000001`` is England and Wales. A copy.

    Examples
    --------
    >>> table = crime_severity()
    >>> total = table[(table.area_code == "K04000001")
    ...               & (table.offence_group == "Total recorded crime")]
    >>> round(float(total.set_index("period").loc["2019-03", "severity_score"]), 1)
    15.8
    """
    return load(_severity.SCHEMA, _check_severity)
