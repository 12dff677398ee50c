"""The register of the 43 forces and the lookup that resolves what analysts type."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from peelstats.data._errors import Problem
from peelstats.data._load import cleared_with_tables, load
from peelstats.data._names import name_key, short_key
from peelstats.data.build.forces import FORCE_CODE, N_FORCES, SCHEMA


def _check(frame: pd.DataFrame, file: str) -> list[Problem]:
    problems = []
    bad = ~frame["area_code"].str.fullmatch(FORCE_CODE).to_numpy()
    rows = np.arange(len(frame))[bad] + 2
    problems += [Problem(file, int(row), "area_code", value,
                         "not a police force area code (E23nnnnnn or W15nnnnnn)")
                 for row, value in zip(rows, frame["area_code"][bad])]
    if len(frame) != N_FORCES:
        problems.append(Problem(file, None, None, len(frame),
                                f"expected {N_FORCES} forces, found this many rows"))
    return problems


def forces() -> pd.DataFrame:
    """The 43 territorial police forces of England and Wales.

    Returns
    -------
    DataFrame
        One row per force, in `area_code` order: ``area_code`` (ONS code, E23… or W15…),
        ``area_name`` (as in the ONS tables), ``region``, ``country``, ``police_uk_id``
        (data.police.uk), ``force_name`` (the force's own name) and ``aliases``
        (``;``-separated other names). A copy: change it freely.

    Examples
    --------
    >>> table = forces()
    >>> len(table)
    43
    >>> table.set_index("area_code").loc["E23000023", ["area_name", "force_name"]].tolist()
    ['Cambridgeshire', 'Cambridgeshire Constabulary']
    """
    return load(SCHEMA, _check)


@dataclass(frozen=True)
class Force:
    """One force of the register (see :func:`forces` for the fields)."""

    area_code: str
    area_name: str
    region: str
    country: str
    police_uk_id: str
    force_name: str


@cleared_with_tables
@cache
def _index() -> tuple[dict[str, str], dict[str, str], dict[str, Force]]:
    """Normal-form name → code, shortened name → code, and code → Force."""
    table = forces()
    exact: dict[str, str] = {}
    short: dict[str, str] = {}
    by_code: dict[str, Force] = {}
    for row in table.itertuples(index=False):
        by_code[row.area_code] = Force(row.area_code, row.area_name, row.region,
                                       row.country, row.police_uk_id, row.force_name)
        aliases = row.aliases.split(";") if isinstance(row.aliases, str) else []
        for name in (row.area_code, row.police_uk_id, row.area_name, row.force_name,
                     *aliases):
            exact.setdefault(name_key(name), row.area_code)
            short.setdefault(short_key(name), row.area_code)
    return exact, short, by_code


def _close_matches(typed: str, names: dict[str, str], n: int = 5) -> list[str]:
    """The codes of the forces whose names (normal form → code) are close to `typed`.

    Close is either every typed word beginning a word of the name ("Manchester",
    "north york"), or a near spelling (difflib ratio at least 0.8: "Cambrigeshire").
    Short typing is not matched inside words: "MPS" is not close to "Hampshire".
    """
    words = typed.split()
    codes: list[str] = []
    if words and all(len(word) >= 3 for word in words):
        for key, code in names.items():
            parts = key.split()
            if all(any(part.startswith(word) for part in parts) for word in words):
                codes.append(code)
    if len(typed) >= 4:
        codes += [names[key] for key in difflib.get_close_matches(typed, list(names), n=n,
                                                                  cutoff=0.8)]
    return list(dict.fromkeys(codes))[:n]


def find_force(name_or_code: str) -> Force:
    """The force that `name_or_code` names.

    Accepts the ONS code, the name in the ONS tables, the force's own name, the
    data.police.uk id, or a known alias (the short names in common use: ``Cambs``,
    ``GMP``, ``TVP``, ``MPS``, ``The Met``, ``West Mids``; the `aliases` column of
    `forces`), ignoring case, punctuation, "&" versus "and", and a trailing "Police",
    "Constabulary" or "Police Service".

    Raises
    ------
    ValueError
        For a name that is no force's, listing the close matches (or, when none is
        close, the 43 forces): the one wording of the package, the command line and the
        notebooks.

    Examples
    --------
    >>> find_force("Cambridgeshire Constabulary").area_code
    'E23000023'
    >>> find_force("e23000023").area_name
    'Cambridgeshire'
    >>> find_force("devon & cornwall").police_uk_id
    'devon-and-cornwall'
    >>> find_force("GMP").area_name
    'Greater Manchester'
    >>> find_force("Cambridge")
    Traceback (most recent call last):
    ...
    ValueError: no police force is called 'Cambridge'; close matches: 'Cambridgeshire' (E23000023)
    """
    if not isinstance(name_or_code, str):
        raise ValueError(f"name_or_code must be a force name or code (text), "
                         f"got {name_or_code!r}")
    exact, short, by_code = _index()
    code = exact.get(name_key(name_or_code)) or short.get(short_key(name_or_code))
    if code is not None:
        return by_code[code]
    if name_key(name_or_code) in {"btp", "british transport police"}:
        raise ValueError(f"{name_or_code!r}: British Transport Police is not one of the 43 "
                         f"territorial forces; its rows in the tables have area_code 'BTP'")
    listed = [f"{by_code[code].area_name!r} ({code})"
              for code in _close_matches(name_key(name_or_code), exact)]
    everyone = ", ".join(sorted(force.area_name for force in by_code.values()))
    hint = (f"; close matches: {', '.join(listed)}" if listed
            else f"; the 43 forces are: {everyone}")
    raise ValueError(f"no police force is called {name_or_code!r}{hint}")
