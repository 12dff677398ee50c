"""The Community Safety Partnership tables, and `find_area`: a force or a CSP from what an
analyst types."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from peelstats.data._errors import Problem
from peelstats.data._forces import Force, _close_matches, _index, find_force, forces
from peelstats.data._load import cleared_with_tables, load, period_problems
from peelstats.data._names import name_key
from peelstats.data.build import csp as _csp


def _check_register(frame: pd.DataFrame, file: str) -> list[Problem]:
    known = set(forces()["area_code"])
    bad = ~frame["area_code"].isin(list(known)).to_numpy()
    rows = np.arange(len(frame))[bad] + 2
    return [Problem(file, int(row), "area_code", value, "unknown force code")
            for row, value in zip(rows, frame["area_code"][bad])]


def csp_register() -> pd.DataFrame:
    """The 314 Community Safety Partnerships: ``csp_code``, ``csp_name``, the force
    (``area_code``, ``area_name``), their 2023 local authorities (``lad_codes``,
    ``lad_names``), ``published_la_code``, ``population_code`` (the row of
    :func:`csp_population` that holds its population), ``other_names`` and ``note``
    (``shares_authority``: a former district of a 2023 authority, no population of its
    own). See data/README.md.

    >>> register = csp_register()
    >>> len(register)
    314
    >>> register.set_index("csp_code").loc["E22000017", ["csp_name", "area_name"]].tolist()
    ['Peterborough', 'Cambridgeshire']
    """
    return load(_csp.REGISTER, _check_register)


def csp_recorded_crime() -> pd.DataFrame:
    """Police recorded crime by CSP and offence, YE Jun 2025 (ONS Table C2): columns as
    `peelstats.data.recorded_crime` with ``force_code``.

    >>> crime = csp_recorded_crime()
    >>> row = crime[(crime.area_code == "E22000017")
    ...             & (crime.offence == "Total recorded crime (excluding fraud)")]
    >>> int(row["count"].iloc[0])
    23061
    """
    return load(_csp.CRIME, period_problems)


def csp_population() -> pd.DataFrame:
    """Mid-2023 population of each CSP, or of the set of CSPs that share a 2023 authority
    (``csp_codes`` several, note ``shared_authority``; never split).

    >>> population = csp_population().set_index("population_code")
    >>> int(population.loc["E22000017", "population"])
    219509
    """
    return load(_csp.POPULATION)


@dataclass(frozen=True)
class Csp:
    """One Community Safety Partnership: its code and name, and its force."""

    area_code: str
    area_name: str
    force: Force


@cleared_with_tables
@cache
def _csp_index() -> tuple[dict[str, list[str]], dict[str, Csp]]:
    register = csp_register()
    by_code: dict[str, Csp] = {}
    names: dict[str, list[str]] = {}
    for row in register.itertuples(index=False):
        by_code[row.csp_code] = Csp(row.csp_code, row.csp_name, find_force(row.area_code))
        others = row.other_names.split(";") if isinstance(row.other_names, str) else []
        for name in (row.csp_code, row.csp_name, *others):
            codes = names.setdefault(name_key(name), [])
            if row.csp_code not in codes:
                codes.append(row.csp_code)
    return names, by_code


def find_area(name_or_code: str) -> Force | Csp:
    """The force or Community Safety Partnership that `name_or_code` names.

    Forces as `find_force` reads them; CSPs by ONS code (E22…/W14…) or name, ignoring
    case and punctuation. A name that is both a force's and a CSP's (Wiltshire, the force
    and the CSP of the county without Swindon) is refused, naming both codes: type the code.

    Raises
    ------
    ValueError
        For a name that is no area's (with close matches) or that names two areas.

    Examples
    --------
    >>> find_area("Peterborough").area_code
    'E22000017'
    >>> find_area("e22000017").force.area_name
    'Cambridgeshire'
    >>> find_area("Cambs").area_code
    'E23000023'
    >>> find_area("Wiltshire")
    Traceback (most recent call last):
    ...
    ValueError: 'Wiltshire' names both a police force and a Community Safety Partnership: the force Wiltshire (E23000038) or the CSP Wiltshire (E22000361)? Give the code
    """
    if not isinstance(name_or_code, str):
        raise ValueError(f"name_or_code must be an area name or code (text), "
                         f"got {name_or_code!r}")
    names, by_code = _csp_index()
    csp_codes = names.get(name_key(name_or_code), [])
    try:
        force: Force | None = find_force(name_or_code)
    except ValueError:
        force = None
    if force is not None and csp_codes and name_key(name_or_code) != name_key(force.area_code):
        listed = " or ".join(f"the CSP {by_code[c].area_name} ({c})" for c in csp_codes)
        raise ValueError(f"{name_or_code!r} names both a police force and a Community Safety "
                         f"Partnership: the force {force.area_name} ({force.area_code}) or "
                         f"{listed}? Give the code")
    if force is not None:
        return force
    if len(csp_codes) == 1:
        return by_code[csp_codes[0]]
    if len(csp_codes) > 1:
        listed = ", ".join(f"{by_code[c].area_name} ({c})" for c in csp_codes)
        raise ValueError(f"{name_or_code!r} names several Community Safety Partnerships: "
                         f"{listed}; give the code")
    exact, _, force_codes = _index()
    close = [f"{force_codes[code].area_name!r} ({code})"
             for code in _close_matches(name_key(name_or_code), exact)]
    flat = {key: codes[0] for key, codes in names.items()}
    close += [f"{by_code[code].area_name!r} ({code})"
              for code in _close_matches(name_key(name_or_code), flat)]
    hint = f"; close matches: {', '.join(close)}" if close else ""
    raise ValueError(f"no police force or Community Safety Partnership is called "
                     f"{name_or_code!r}{hint}")
