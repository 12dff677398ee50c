"""Community Safety Partnerships: their register, recorded crime YE Jun 2025 (ONS Table
C2) and mid-2023 populations (ONS mid-year estimates by local authority, through the
December 2023 LAD → CSP → PFA lookup).

A CSP is usually one local authority, sometimes several ("Combined Local Authorities"),
and some are former districts of an authority formed since (Buckinghamshire's four, the
six of North and West Northamptonshire, Cumberland's and Westmorland and Furness's three
each, Bournemouth and Poole with Dorset, East Suffolk's two). No bundled estimate splits
such an authority, so the population is given for the smallest whole the lookup allows:
the connected set of authorities and CSPs (a "population unit"), never an invented split.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from peelstats.data._schema import Column, TableSchema
from peelstats.data.build import _csp_source as c2
from peelstats.data.build import _offences as off
from peelstats.data.build._areas import ENGLAND_AND_WALES
from peelstats.data.build._context import BuildContext, BuiltTable, TableBuilder
from peelstats.data.build._tidy import join_notes, sort_by_offence
from peelstats.data.build.forces import force_register
from peelstats.data.build.population import PLAUSIBLE, REVISED_SOURCE

MYE = "ons-pfa-geography-population/ons_mye_mid2023_LAD23_tables.xlsx"
MYE_SHEET = "MYE4"
MID_YEAR = 2023
#: MYE4's geographies that are local authority districts (the lookup's LAD23 level).
LAD_TYPES = ("Non-metropolitan District", "Unitary Authority", "Metropolitan District",
             "London Borough")

REGISTER = TableSchema(
    "csp_register",
    (Column("csp_code", "str"), Column("csp_name", "str"), Column("area_code", "str"),
     Column("area_name", "str"), Column("lad_codes", "str"), Column("lad_names", "str"),
     Column("published_la_code", "str"), Column("population_code", "str"),
     Column("other_names", "str", nullable=True),
     Column("note", "str", nullable=True)),
    key=("csp_code",),
)
CRIME = TableSchema(
    "csp_recorded_crime",
    (Column("area_code", "str"), Column("area_name", "str"), Column("force_code", "str"),
     Column("period", "str"), Column("offence", "str"), Column("count", "int", nullable=True),
     Column("source", "str"), Column("note", "str", nullable=True)),
    key=("area_code", "period", "offence"),
)
POPULATION = TableSchema(
    "csp_population",
    (Column("population_code", "str"), Column("population_name", "str"),
     Column("area_code", "str"), Column("csp_codes", "str"), Column("lad_codes", "str"),
     Column("mid_year", "int"), Column("vintage", "str"), Column("population", "int"),
     Column("note", "str", nullable=True)),
    key=("population_code", "mid_year"),
)

REGISTER_PROVENANCE = f"""\
The 314 Community Safety Partnerships (CSPs) of England and Wales as ONS Table C2 of the
police force area data tables, year ending June 2025, prints them, with the local
authorities each covers in the ONS December 2023 LAD → CSP → PFA lookup.

- Sources: `{c2.SOURCE}` (ONS, Crime in England and Wales: police force area data tables,
  YE Jun 2025, Table C2) and `{c2.LOOKUP}` (ONS Open Geography Portal). Office for
  National Statistics; Open Government Licence v3.0.
- `csp_code`, `csp_name` as in Table C2 (the lookup's names agree but for case:
  "Barrow-In-Furness", and Folkestone and Hythe, which the lookup still calls by its name
  before April 2018, "Shepway": `other_names`); `area_code`, `area_name`: the force; `lad_codes`, `lad_names`:
  `;`-separated 2023 local authorities of the CSP in the lookup; `published_la_code`: the
  local authority code printed in C2 (a 2023 code, "{c2.COMBINED}" for a CSP of several
  authorities, or, for Cumbria's six CSPs, the district code from before April 2023,
  E07000026 to E07000031, resolved to Cumberland or Westmorland and Furness through the
  lookup by the CSP code, note `former_authority_code`).
- `population_code`: the `csp_population.csv` row that holds the CSP's population: the
  CSP itself, or, for a CSP that is part of a 2023 authority the lookup shares among
  several CSPs (note `shares_authority`), the unit of those authorities and CSPs, coded by
  its first authority (Buckinghamshire E06000060: Aylesbury Vale, Chiltern, South Bucks
  and Wycombe). Such a CSP has counts but no population and no rate of its own.
- Rows in `csp_code` order."""

CRIME_PROVENANCE = f"""\
Police recorded crime by Community Safety Partnership, the 12 months ending June 2025
(`period` 2025-06): the 22 headline offence groups of ONS Table C2 under the Home Office
names of `recorded_crime.csv`, plus `Victim-based crime` and `Other crimes against
society` added up here (note `derived`).

- Source: `{c2.SOURCE}` (`source` `{c2.SOURCE_CODE}`), Home Office data published by ONS;
  Open Government Licence v3.0. `force_code`: the CSP's force.
- Crimes not assigned to a CSP ("Unassigned <force>", 42 rows) and Greater Manchester's
  "Manchester Airport" row are not CSPs and are not in this table; they are in the force
  totals of `recorded_crime.csv`, which the build checks against the CSP, unassigned and
  airport rows of every force, offence by offence.
- **Checks and quirks of Table C2** (each a test): the rows of every force (CSPs,
  unassigned, airport) add up to its printed total in every offence, and every printed
  total (violence against the person, burglary, theft offences, total excluding fraud) to
  its parts. As published, two forces do not: **Gwent** (rows 56,960, total 56,961) and
  **South Wales** (rows 109,799, total 109,798). The cause is one row: "Unassigned Gwent"
  (one crime, theft) carries South Wales's code W15000003 under the name Gwent, among
  Gwent's rows; it is read as Gwent's (`corrections.csv`), and then every force adds up
  exactly. Likewise the blank row "unassigned Surrey" carries Kent's code E23000032 (read
  as Surrey's, `corrections.csv`); its counts are all blank (missing, not zero), and
  Surrey's CSPs add up to Surrey's total without it. A row partly blank, or any other
  wholly blank row, stops the build. Trailing spaces in names ("Wiltshire ", "Bristol,
  City of ") and footnote marks ("Humberside [note 4]") are not part of the name; counts
  written `"170,002 "` are read as 170002, any other form stops the build. City of London
  has no total row: its single CSP row (E22000180) is its total. Folkestone and Hythe
  (E22000145) is "Shepway" in the lookup (renamed in 2018).
- Rows in `area_code`, offence order."""

POPULATION_PROVENANCE = f"""\
Resident population of the Community Safety Partnerships, mid-2023 (ONS mid-year
estimates, 30 June 2023, revised series), by population unit: a CSP, or a set of CSPs
that share a 2023 authority.

- Source: `{MYE}`, sheet {MYE_SHEET} (ONS, "Mid-Year Population Estimates, England and
  Wales, June 2023"), the local authority totals added up through `{c2.LOOKUP}`. Office for
  National Statistics; Open Government Licence v3.0. `vintage` `revised`, as the force
  populations of mid-2023 in `population.csv`.
- A unit is a connected set of authorities and CSPs in the lookup: most are one CSP of
  one or more whole authorities (`csp_codes` one code). Where the lookup maps one 2023
  authority to several CSPs (former districts), no bundled estimate splits it, so the
  unit is the authority with all its CSPs (`csp_codes` several, note `shared_authority`),
  coded and named by its authorities: Buckinghamshire; North Northamptonshire; West
  Northamptonshire; Cumberland; Westmorland and Furness; Bournemouth, Christchurch and
  Poole with Dorset (the whole of Dorset's force area); East Suffolk. A rate for such a
  unit is that of its CSPs summed.
- Checks: every authority of the lookup has a mid-2023 estimate and every estimate of a
  district, unitary authority, metropolitan district or London borough is in the lookup;
  the units of each force add up exactly to its mid-2023 population in
  `{REVISED_SOURCE}`; the 43 forces to England and Wales.
- Rows in `population_code` order."""


def _lad_population(context: BuildContext) -> pd.DataFrame | None:
    path = Path(context.source) / MYE
    if not path.is_file():
        context.log.add(MYE, None, None, None, f"source file not found in {context.source}")
        return None
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    if MYE_SHEET not in workbook.sheetnames:
        context.log.add(MYE, None, None, MYE_SHEET, f"no sheet {MYE_SHEET}")
        return None
    rows = list(workbook[MYE_SHEET].iter_rows(values_only=True))
    workbook.close()
    header_at = next((i for i, row in enumerate(rows) if row and row[0] == "Code"), None)
    year_column = f"Mid-{MID_YEAR}"
    if header_at is None or year_column not in rows[header_at]:
        context.log.add(MYE, None, None, None,
                        f"sheet {MYE_SHEET} has no header row with Code and {year_column}")
        return None
    header = rows[header_at]
    at = header.index(year_column)
    records = []
    for number, row in enumerate(rows[header_at + 1:], start=header_at + 2):
        if row[2] not in LAD_TYPES:
            continue
        value = row[at]
        low, high = PLAUSIBLE["population"]
        if not isinstance(value, int) or not low <= value <= high:
            context.log.add(f"{MYE} ({MYE_SHEET})", number, year_column, value,
                            f"not a plausible population of an authority ({low:,} to {high:,})")
            continue
        records.append((str(row[0]).strip(), str(row[1]).strip(), value, number))
    lads = pd.DataFrame(records, columns=["lad_code", "lad_name", "population", "row"])
    # England and Wales as printed must be its authorities added up.
    whole = [row for row in rows[header_at + 1:] if row[0] == ENGLAND_AND_WALES]
    if len(whole) != 1 or whole[0][at] != int(lads["population"].sum()):
        context.log.add(f"{MYE} ({MYE_SHEET})", None, year_column,
                        whole[0][at] if whole else None,
                        f"England and Wales is not the sum of its {len(lads)} authorities "
                        f"({int(lads['population'].sum())})")
    return lads


def _units(lookup: pd.DataFrame) -> pd.DataFrame:
    """Each CSP's population unit: the connected set of authorities and CSPs (lookup
    rows link an authority with a CSP), coded by the unit's first CSP if it has one CSP,
    else by its first authority."""
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for lad, csp in zip(lookup["lad_code"], lookup["csp_code"]):
        parent[find("L" + lad)] = find("C" + csp)
    frame = lookup.assign(root=[find("C" + code) for code in lookup["csp_code"]])
    units = frame.groupby("root").agg(
        csp_codes=("csp_code", lambda s: ";".join(sorted(set(s)))),
        lad_codes=("lad_code", lambda s: ";".join(sorted(set(s)))),
        area_code=("area_code", "first"))
    single = ~units["csp_codes"].str.contains(";")
    units["population_code"] = np.where(single, units["csp_codes"],
                                        units["lad_codes"].str.split(";").str[0])
    return units.reset_index(drop=True)


def _build_population(context: BuildContext, lookup: pd.DataFrame, lads: pd.DataFrame,
                      ) -> pd.DataFrame:
    known = set(lookup["lad_code"])
    for code, row in zip(lads["lad_code"], lads["row"]):
        if code not in known:
            context.log.add(f"{MYE} ({MYE_SHEET})", int(row), "Code", code,
                            f"authority not in the lookup {c2.LOOKUP}")
    population = dict(zip(lads["lad_code"], lads["population"]))
    names = dict(zip(lookup["lad_code"], lookup["lad_name"]))
    for code in sorted(known - set(population)):
        context.log.add(c2.LOOKUP, None, "LAD23CD", code,
                        f"authority with no mid-{MID_YEAR} estimate in {MYE}")
    units = _units(lookup)
    units["population"] = [sum(population.get(code, 0) for code in codes.split(";"))
                           for codes in units["lad_codes"]]
    shared = units["csp_codes"].str.contains(";")
    csp_names = dict(zip(lookup["csp_code"], lookup["csp_name"]))
    units["population_name"] = np.where(
        shared, units["lad_codes"].map(lambda codes: "; ".join(names[c] for c in codes.split(";"))),
        units["csp_codes"].map(csp_names))
    units["note"] = np.where(shared, "shared_authority", None)
    return units.assign(mid_year=MID_YEAR, vintage="revised").sort_values("population_code")


def _check_force_populations(context: BuildContext, units: pd.DataFrame) -> None:
    path = Path(context.source) / REVISED_SOURCE
    if not path.is_file():
        return  # the population builder names the missing file
    forces = pd.read_csv(path, dtype={"area_code": "str"})
    forces = forces[forces["mid_year"] == MID_YEAR].set_index("area_code")["population"]
    summed = units.groupby("area_code")["population"].sum()
    register = force_register(context)
    for code in register["pfa_code"]:
        want, got = forces.get(code), summed.get(code)
        if want is None or got is None or int(want) != int(got):
            context.log.add(MYE, None, "population", got,
                            f"the CSP populations of {code} do not add up to its mid-"
                            f"{MID_YEAR} population in {REVISED_SOURCE} ({want})")


def _crime_rows(table: c2.TableC2, register: pd.DataFrame, names: dict[str, str],
                ) -> pd.DataFrame:
    rows = table.rows[table.rows["kind"] == "csp"]
    counts = table.counts.merge(rows[["line", "csp_code", "area_code"]], on="line")
    counts = counts.rename(columns={"area_code": "force_code", "csp_code": "area_code"})
    printed = counts.assign(derived=False, has_negative=False)
    derived = off.add_totals(counts, ["area_code", "force_code"],
                             (off.VICTIM_BASED, off.OTHER_AGAINST_SOCIETY)).assign(derived=True)
    frame = pd.concat([printed, derived], ignore_index=True)
    frame["area_name"] = frame["area_code"].map(names)
    frame["period"] = c2.PERIOD
    frame["source"] = c2.SOURCE_CODE
    frame["note"] = join_notes(pd.DataFrame({
        "derived": np.where(frame["derived"], "derived", ""),
        "missing": np.where(frame["count"].isna(), "missing_in_source", "")}))
    return sort_by_offence(frame, ["area_code", "period"])


def build_csp(context: BuildContext) -> list[BuiltTable]:
    register = force_register(context)
    table = c2.table_c2(context)
    lads = _lad_population(context)
    if register is None or table is None or lads is None or context.log:
        return []
    lookup = table.lookup
    units = _build_population(context, lookup, lads)
    if context.whole:
        _check_force_populations(context, units)
    force_names = dict(zip(register["pfa_code"], register["name_in_ons_pfa_tables"]))
    csps = table.rows[table.rows["kind"] == "csp"].copy()
    by_csp = lookup.sort_values("lad_code").groupby("csp_code")
    unit_of = {code: unit for unit, codes in zip(units["population_code"], units["csp_codes"])
               for code in codes.split(";")}
    lad_codes = csps["csp_code"].map(by_csp["lad_code"].agg(";".join))
    former = ~csps["la_code"].isin([*lookup["lad_code"], c2.COMBINED]).to_numpy()
    population_code = csps["csp_code"].map(unit_of)
    shares = (population_code != csps["csp_code"]).to_numpy()
    csp_register = pd.DataFrame({
        "csp_code": csps["csp_code"], "csp_name": csps["csp_name"],
        "area_code": csps["area_code"], "area_name": csps["area_code"].map(force_names),
        "lad_codes": lad_codes, "lad_names": csps["csp_code"].map(by_csp["lad_name"].agg(";".join)),
        "published_la_code": csps["la_code"], "population_code": population_code,
        "other_names": csps["csp_code"].map(lambda code: c2.RENAMED.get(code, (None,))[0]),
        "note": join_notes(pd.DataFrame({
            "former": np.where(former, "former_authority_code", ""),
            "shares": np.where(shares, "shares_authority", "")})),
    }).sort_values("csp_code")
    crime = _crime_rows(table, register, dict(zip(csps["csp_code"], csps["csp_name"])))
    return [BuiltTable(REGISTER, csp_register, REGISTER_PROVENANCE),
            BuiltTable(CRIME, crime, CRIME_PROVENANCE),
            BuiltTable(POPULATION, units, POPULATION_PROVENANCE)]


def force_counts(context: BuildContext) -> pd.DataFrame | None:
    """The forces' YE Jun 2025 counts of Table C2, for `recorded_crime.csv`: `area_code`,
    `area_name`, `period`, `offence`, `count`, `derived` (City of London: its only CSP
    row, which is its total)."""
    register = force_register(context)
    table = c2.table_c2(context)
    if register is None or table is None:
        return None
    rows = table.rows
    totals = rows[rows["kind"] == "force_total"]
    without_total = sorted(set(rows["area_code"]) - set(totals["area_code"]))
    single = rows[rows["area_code"].isin(without_total) & (rows["kind"] == "csp")]
    for code in without_total:
        if (single["area_code"] == code).sum() != 1 or (rows["area_code"] == code).sum() != 1:
            context.log.add(c2.SOURCE, None, c2.PFA_CODE, code,
                            "a force without a total row must have exactly one row, its CSP")
    chosen = pd.concat([totals, single])
    counts = table.counts.merge(chosen[["line", "area_code"]], on="line")
    names = dict(zip(register["pfa_code"], register["name_in_ons_pfa_tables"]))
    derived = off.add_totals(counts, ["area_code"], (off.VICTIM_BASED, off.OTHER_AGAINST_SOCIETY))
    frame = pd.concat([counts.assign(derived=False, has_negative=False),
                       derived.assign(derived=True)], ignore_index=True)
    return frame.assign(area_name=frame["area_code"].map(names),
                        period=c2.PERIOD).drop(columns="line")


BUILDER = TableBuilder("csp", build_csp)
