"""Loaders of the tidy tables other than the force register (see data/README.md)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import numpy as np
import pandas as pd

from peelstats.data._coverage import coverage_problems
from peelstats.data._errors import Problem
from peelstats.data._forces import forces
from peelstats.data._load import cleared_with_tables, load, period_problems
from peelstats.data._schema import text_test
from peelstats.data.build import _offences as off
from peelstats.data.build import (asb_incidents as _asb, population as _population,
                                  rate_denominators as _denominators,
                                  recorded_crime as _crime,
                                  recorded_crime_editions as _editions, survey as _survey)
from peelstats.data.build._areas import AREA_TYPES, BTP, ENGLAND_AND_WALES


@cleared_with_tables
@cache
def _force_codes() -> frozenset[str]:
    return frozenset(forces()["area_code"])


def _unknown(frame: pd.DataFrame, file: str, column: str, known: Iterable[str],
             what: str) -> list[Problem]:
    values = frame[column]
    bad = values.notna().to_numpy() & ~values.isin(list(known)).to_numpy()
    rows = np.arange(len(frame))[bad] + 2
    return [Problem(file, int(row), column, value, f"unknown {what}")
            for row, value in zip(rows, values[bad])]


def _negative(frame: pd.DataFrame, file: str, column: str,
              allowed: np.ndarray | None = None) -> list[Problem]:
    values = frame[column].to_numpy(dtype=float, na_value=np.nan)
    bad = values < 0
    if allowed is not None:
        bad &= ~allowed
    rows = np.arange(len(frame))[bad] + 2
    return [Problem(file, int(row), column, value, "negative")
            for row, value in zip(rows, frame[column][bad])]


def _notes_say(frame: pd.DataFrame, flag: str) -> np.ndarray:
    """Rows whose ``note`` has `flag` among its ``;``-separated flags."""
    return text_test(frame["note"], lambda note: flag in note.split(";"))


def _check_crime(frame: pd.DataFrame, file: str) -> list[Problem]:
    codes = {*_force_codes(), ENGLAND_AND_WALES, BTP, *_crime.FRAUD_BODIES.values()}
    # Every force, BTP and England and Wales in every period, with every offence of the
    # period: a deleted row is named by area, period and offence.
    # (Table C2, the source of YE Jun 2025, has no BTP.)
    csp_rows = (frame["source"] == _crime.CSP_TABLES).to_numpy()
    whole = (coverage_problems(frame[~csp_rows], file,
                               areas={*_force_codes(), ENGLAND_AND_WALES, BTP},
                               within=["offence"])
             + coverage_problems(frame[csp_rows], file,
                                 areas={*_force_codes(), ENGLAND_AND_WALES},
                                 within=["offence"]))
    return (period_problems(frame, file) + whole
            + _unknown(frame, file, "area_code", codes, "area code")
            + _unknown(frame, file, "offence", off.ORDER, "offence")
            + _unknown(frame, file, "source", (_crime.HOME_OFFICE, _crime.ONS_TABLES, _crime.CSP_TABLES),
                       "source")
            + _negative(frame, file, "count", _notes_say(frame, "negative_in_source")))


def recorded_crime() -> pd.DataFrame:
    """Police recorded crime by force and offence, rolling 12-month totals.

    YE Mar 2003 to YE Dec 2019: the Home Office series to YE Dec 2018, the ONS force area
    tables (Table P1) after it (``source``); each period from one source only.

    Returns
    -------
    DataFrame
        ``area_code``, ``area_name``, ``period`` (``YYYY-MM``, end of the 12 months),
        ``offence`` (Home Office names, with the derived totals "Total recorded crime
        (excluding fraud)", "Victim-based crime", ...), ``count`` (nullable integer;
        empty where the source has none), ``source``, ``note`` (flags). ``K04000001`` is
        England and Wales = the 43 forces added up, **without** British Transport Police
        (``BTP`` rows). Negative source counts are kept and flagged. See data/README.md.
        A copy: change it freely.

    Examples
    --------
    >>> crime = recorded_crime()
    >>> row = crime[(crime.area_code == "E23000023") & (crime.period == "2014-06")
    ...             & (crime.offence == "Total recorded crime (excluding fraud)")]
    >>> int(row["count"].iloc[0])
    45034
    """
    return load(_crime.SCHEMA, _check_crime)


def _check_editions(frame: pd.DataFrame, file: str) -> list[Problem]:
    codes = {*_force_codes(), *AREA_TYPES}
    return (period_problems(frame, file)
            + _unknown(frame, file, "period", _editions.EDITIONS, "edition")
            + _unknown(frame, file, "area_code", codes, "area code")
            + _unknown(frame, file, "offence", off.ORDER, "offence")
            + _negative(frame, file, "count"))


def recorded_crime_editions() -> pd.DataFrame:
    """Police recorded crime as printed in the ONS force area tables (Table P1), editions
    YE Mar 2018 to YE Dec 2019, for every area printed (regions and countries too).

    Returns
    -------
    DataFrame
        ``period`` (the edition), ``area_code``, ``area_name``, ``area_type``,
        ``offence``, ``count``, ``note``. Unlike :func:`recorded_crime`, ``K04000001``
        here **includes** British Transport Police, as printed; in the YE Sep and Dec 2019
        editions Greater Manchester is missing and the North West, England and England
        and Wales totals leave it out (note ``excludes_E23000005``). A copy.

    Examples
    --------
    >>> editions = recorded_crime_editions()
    >>> sorted(editions["period"].unique())[-2:]
    ['2019-09', '2019-12']
    """
    return load(_editions.SCHEMA, _check_editions)


def _implausible(frame: pd.DataFrame, file: str, column: str) -> list[Problem]:
    """Cells of `column` outside the plausible sizes of an area (population.PLAUSIBLE,
    whose comment gives the sources of the bounds)."""
    low, high = _population.PLAUSIBLE[column]
    values = frame[column].to_numpy(dtype=float, na_value=np.nan)
    bad = (values < low) | (values > high)
    rows = np.arange(len(frame))[bad] + 2
    return [Problem(file, int(row), column, value,
                    f"not a plausible {column} of an area ({low:,} to {high:,})")
            for row, value in zip(rows, frame[column][bad])]


def _check_population(frame: pd.DataFrame, file: str) -> list[Problem]:
    codes = {*_force_codes(), *AREA_TYPES} - {BTP}
    return (_unknown(frame, file, "area_code", codes, "area code")
            + _unknown(frame, file, "vintage", _population.VINTAGE_ORDER, "vintage")
            + _implausible(frame, file, "population") + _implausible(frame, file, "households"))


def population(vintage: str | None = None) -> pd.DataFrame:
    """Mid-year population and households by force, England and Wales, and larger areas.

    Parameters
    ----------
    vintage : {None, "original", "revised", "census2011"}
        ``"original"``: as first published (mid-2002 to mid-2018, before the 2021 Census
        rebasing), the denominators of published rates; ``"revised"``: revised after the
        2021 Census (mid-2011 to mid-2023, no households); ``"census2011"``: 2011 Census
        households. None (default) gives every vintage, told apart by ``vintage``.

    Returns
    -------
    DataFrame
        ``area_code``, ``area_name``, ``mid_year``, ``vintage``, ``population``,
        ``households`` (nullable integers), ``note``. A copy.

    Examples
    --------
    >>> pop = population("original")
    >>> int(pop.set_index(["area_code", "mid_year"]).loc[("E23000023", 2013), "population"])
    817300
    """
    if vintage is not None and vintage not in _population.VINTAGE_ORDER:
        valid = ", ".join(repr(name) for name in _population.VINTAGE_ORDER)
        raise ValueError(f"unknown vintage {vintage!r}; choose one of: {valid}, or None")
    table = load(_population.SCHEMA, _check_population)
    if vintage is None:
        return table
    return table[table["vintage"] == vintage].reset_index(drop=True)


def rate_denominators() -> pd.DataFrame:
    """For each ONS force area table edition, the mid-years of the population and
    households (vintage "original") that its published rates divide by.

    Examples
    --------
    >>> int(rate_denominators().set_index("period").loc["2019-12", "population_mid_year"])
    2018
    """
    return load(_denominators.SCHEMA, period_problems)


def _check_asb(frame: pd.DataFrame, file: str) -> list[Problem]:
    codes = {*_force_codes(), *AREA_TYPES}
    return (period_problems(frame, file) + period_problems(frame, file, "edition")
            + _unknown(frame, file, "area_code", codes, "area code")
            + _negative(frame, file, "count") + _negative(frame, file, "published_rate"))


def asb_incidents() -> pd.DataFrame:
    """Anti-social behaviour incidents recorded by the police, by force and financial
    year, 2007/08 to 2018/19 (ONS Table P7, editions YE Mar 2018 and YE Mar 2019).

    Returns
    -------
    DataFrame
        ``edition``, ``area_code``, ``area_name``, ``area_type``, ``period`` (end of the
        financial year, ``2012-03`` for 2011/12), ``financial_year``, ``count``,
        ``published_rate`` (per 1,000 population, as printed), ``note``. Years before
        2011/12 are not comparable with later ones (note
        ``not_comparable_with_later_years``). ``K04000001`` excludes BTP. A copy.

    Examples
    --------
    >>> asb = asb_incidents()
    >>> sorted(asb["edition"].unique())
    ['2018-03', '2019-03']
    """
    return load(_asb.SCHEMA, _check_asb)


def _check_survey(frame: pd.DataFrame, file: str) -> list[Problem]:
    codes = {*_force_codes(), *AREA_TYPES}
    outside = ((frame["percent"] < 0) | (frame["percent"] > 100)).to_numpy()
    rows = np.arange(len(frame))[outside] + 2
    return (period_problems(frame, file)
            + _unknown(frame, file, "area_code", codes, "area code")
            + _unknown(frame, file, "measure", _survey.MEASURES, "measure")
            + _unknown(frame, file, "vs_england_and_wales",
                       set(_survey.VS_ENGLAND_AND_WALES.values()), "significance")
            + _unknown(frame, file, "vs_previous_year",
                       set(_survey.VS_PREVIOUS_YEAR.values()), "significance")
            + [Problem(file, int(row), "percent", value, "not a percentage in 0 to 100")
               for row, value in zip(rows, frame["percent"][outside])])


def survey() -> pd.DataFrame:
    """Crime Survey for England and Wales: percent of adults who experienced or witnessed
    anti-social behaviour locally, by force (ONS Table P6), years ending March 2018 and
    March 2019.

    Returns
    -------
    DataFrame
        ``period``, ``area_code``, ``area_name``, ``area_type``, ``measure``,
        ``percent`` (weighted), ``n`` (unweighted base), ``vs_england_and_wales`` and
        ``vs_previous_year`` (ONS's 5% significance flags read out), and the flags as
        printed. London is one combined area (``area_type`` "pfa_combined"). A copy.

    Examples
    --------
    >>> csew = survey()
    >>> cambs = csew[(csew.area_code == "E23000023") & (csew.period == "2019-03")]
    >>> sorted(cambs["measure"])[0]
    'Any anti-social behaviour'
    """
    return load(_survey.SCHEMA, _check_survey)
