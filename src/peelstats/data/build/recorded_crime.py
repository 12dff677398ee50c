"""Police recorded crime by force and offence, rolling 12-month totals, YE Mar 2003 to
YE Dec 2019: the Home Office series, continued by the ONS force area tables.

Sources: ``ho-recorded-crime-pfa/rec-crime-pfa.csv`` (Home Office, to YE Dec 2018) and,
for the later quarters, the ONS Table P1 counts read by :mod:`.recorded_crime_editions`.
"""

from __future__ import annotations

import calendar

import numpy as np
import pandas as pd

from peelstats.data._coverage import period_range
from peelstats.data._schema import Column, TableSchema
from peelstats.data.build import _offences as off
from peelstats.data.build._areas import BTP, BTP_NAME, ENGLAND_AND_WALES, AREA_NAMES
from peelstats.data.build._context import (BuildContext, BuiltTable, Correction,
                                           TableBuilder, row_ranges)
from peelstats.data.build._source import SourceCsv
from peelstats.data.build._tidy import join_notes, sort_by_offence
from peelstats.data.build import csp
from peelstats.data.build.forces import check_force_names, force_register
from peelstats.data.build.recorded_crime_editions import editions_with_notes

SOURCE = "ho-recorded-crime-pfa/rec-crime-pfa.csv"
DATE, PFA, REGION, OFFENCE, COUNT = (
    "12 months ending", "PFA", "Region", "Offence", "Rolling year total number of offences")
_COLUMNS = (DATE, PFA, REGION, OFFENCE, COUNT)

# The central fraud bodies in the Home Office file: their code here, and their Region.
FRAUD_BODIES: dict[str, str] = {
    "Action Fraud": "ACTION_FRAUD", "CIFAS": "CIFAS", "UK Finance": "UK_FINANCE"}

# Source dates known to be malformed, each corrected openly (data/corrections.csv).
_DATE_FIXES: dict[str, tuple[str, str]] = {
    "30/12/2017": ("31/12/2017",
                   "rolling 12-month totals end on the last day of a quarter; 30 December "
                   "2017 is a typing slip for 31 December 2017, the only Dec 2017 date "
                   "(PROVENANCE.md of the source)"),
}

#: The periods the Home Office file covers (its title and PROVENANCE.md): years ending
#: March 2003 to 2007, then every quarter from YE Jun 2007 to YE Dec 2018.
PERIODS = (*period_range("2003-03", "2007-03", step=12), *period_range("2007-06", "2018-12"))

HOME_OFFICE = "home_office"
ONS_TABLES = "ons_pfa_tables"
CSP_TABLES = "ons_csp_tables"

SCHEMA = TableSchema(
    "recorded_crime",
    (Column("area_code", "str"), Column("area_name", "str"), Column("period", "str"),
     Column("offence", "str"), Column("count", "int", nullable=True),
     Column("source", "str"), Column("note", "str", nullable=True)),
    key=("area_code", "period", "offence"),
)

PROVENANCE = f"""\
Police recorded crime, rolling 12-month totals by force and offence: annual for the years
ending March 2003 to March 2007, then quarterly from YE Jun 2007 to YE Dec 2019, and the
year ending June 2025 (no period between YE Dec 2019 and YE Jun 2025 is bundled).

- Sources (`source` column): `{HOME_OFFICE}` = `{SOURCE}`, the Home Office "Recorded
  crime data at Police Force Area level" (data.gov.uk), YE Mar 2003 to YE Dec 2018;
  `{ONS_TABLES}` = ONS police force area tables, Table P1 (see
  `recorded_crime_editions.csv`), for the quarters after YE Dec 2018: YE Mar 2019 to YE Dec
  2019; `{CSP_TABLES}` = ONS police force area data tables YE Jun 2025, Table C2 (counts by
  Community Safety Partnership, `ons-csp-tables-ye-jun2025/`), the force total rows (City
  of London: its single CSP row), for YE Jun 2025; C2 has no BTP and no fraud, so YE Jun
  2025 has no `BTP` rows, and `Victim-based crime` and `Other crimes against society` are
  added up here (note `derived`). Home Office and Office for National Statistics; Open
  Government Licence v3.0.
- **Where the two overlap** (YE Mar 2018 to YE Dec 2018), the Home Office series is used:
  it is one later vintage for the whole run, so trends are not broken by revisions.
  There each period comes from one source only, so nothing is counted twice. YE Dec 2018
  agrees exactly for every force and BTP, and Cambridgeshire agrees in all four quarters;
  in the earlier three quarters up to 17 forces differ, by up to 2,616 offences (Avon and
  Somerset, YE Mar 2018: crimes missed through an administrative error and added later,
  as the ONS P1 footnote says), under 2% for every force but City of London (YE Mar 2018:
  5,870 here, 5,392 as first printed). The ONS figures for those quarters, as first
  published, are in `recorded_crime_editions.csv`.
- Areas: the 43 forces; `BTP` (British Transport Police); the central fraud bodies
  `ACTION_FRAUD`, `CIFAS`, `UK_FINANCE` (offence `Fraud offences`, Home Office source only,
  from YE Jun 2011); and **`K04000001` England and Wales = the sum of the 43 forces,
  excluding British Transport Police and the fraud bodies** (note `derived`). The ONS
  tables' England and Wales includes BTP: add the `BTP` rows to compare with them.
- Offences: the Home Office categories, plus totals added up here (note `derived` where the
  source does not print them): `Total recorded crime (excluding fraud)`, `Victim-based
  crime` (violence against the person, sexual offences, robbery, theft offences, criminal
  damage and arson), `Violence against the person`, `Theft offences`, `Burglary`, `Other
  crimes against society`. Fraud (`Fraud offences`, recorded by forces until 2013 and then
  by Action Fraud) is in no total. `Stalking and harassment` and `Death or serious injury
  caused by illegal driving` are in violence against the person throughout.
- **Negative counts**: 25 source rows are negative (20 `Fraud offences` rows in YE Sep and
  Dec 2013, adjustments when fraud recording moved to Action Fraud; 5 `Death or serious
  injury caused by illegal driving` rows, YE Jun 2007 to YE Dec 2009, -1 to -21). They are
  kept as published (note `negative_in_source`); fraud is outside every total, and a total
  with a negative part says so (note `includes_negative`).
- **Malformed date**: the source writes the YE Dec 2017 rows as `30/12/2017`; they are read
  as 31/12/2017 (note `date_corrected`; recorded in `corrections.csv`). Any other date that
  is not the last day of a month stops the build.
- **Burglary reclassification, 1 April 2017**: `Domestic burglary` and `Non-domestic
  burglary` were replaced by `Residential burglary` and `Non-residential burglary`, which
  are not comparable with them. The rolling totals for YE Jun, Sep and Dec 2017 are split
  across old and new (note `burglary_mixed_basis`); YE Mar 2018 is the first wholly on the
  new basis. Rows of a category outside its years (old categories from YE Mar 2018, new
  ones before YE Jun 2017) are marked `category_not_in_use`; the source gives 0 there,
  except a few burglaries (1 to 6) that Humberside still recorded under the old
  categories in 2018, kept as published. `Burglary` (all four) is the series to use
  across the change.
- **Greater Manchester**: no counts in YE Sep and YE Dec 2019 (ONS `..`; its new IT
  system): `count` empty, note `missing_in_source`; England and Wales for those periods is
  the sum of the other 42 forces (note `excludes_E23000005`).
- The Home Office file's counts for early years can differ a little from the figures first
  published (later revisions); see the reproduction notes below.
- Rows in `area_code`, `period`, offence order (totals before their parts)."""


def _periods(context: BuildContext, source: SourceCsv) -> pd.Series:
    """`YYYY-MM` of each row's date; records malformed dates, applies the known fixes."""
    dates = source.text(DATE)
    fixes = {original: fixed for original, (fixed, _) in _DATE_FIXES.items()}
    fixed = dates.replace(fixes)
    parts = fixed.str.extract(r"^(\d{2})/(\d{2})/(\d{4})$")
    well_formed = parts.notna().all(axis=1).to_numpy()
    day = pd.to_numeric(parts[0], errors="coerce").to_numpy()
    month = pd.to_numeric(parts[1], errors="coerce").to_numpy()
    year = pd.to_numeric(parts[2], errors="coerce").to_numpy()
    month_ok = well_formed & (month >= 1) & (month <= 12)
    last = np.zeros(len(dates))
    last[month_ok] = [calendar.monthrange(int(y), int(m))[1]
                      for y, m in zip(year[month_ok], month[month_ok])]
    bad = ~month_ok | (day != last)
    for row, value in zip(source.rows[bad], dates[bad]):
        context.log.add(SOURCE, int(row), DATE, value,
                        "not the last day of a month written dd/mm/yyyy")
    for original, (corrected, reason) in _DATE_FIXES.items():
        rows = source.rows[(dates == original).to_numpy()]
        if rows.size:
            context.corrections.append(Correction(SOURCE, DATE, original, corrected,
                                                  row_ranges(rows), int(rows.size), reason))
    return (parts[2] + "-" + parts[1]).where(~pd.Series(bad, index=dates.index), None)


def _read(context: BuildContext) -> pd.DataFrame | None:
    """The Home Office file as a checked long table with area codes."""
    source = SourceCsv(context.source, SOURCE, _COLUMNS, context.log)
    register = force_register(context)
    if not source.ok or register is None:
        return None
    log = context.log
    source.check_not_empty([DATE, PFA, REGION, OFFENCE])
    source.check_unique([DATE, PFA, OFFENCE])
    periods = _periods(context, source)
    names = source.text(PFA)
    regions = source.text(REGION)
    offences = source.text(OFFENCE)
    is_btp = (names == BTP_NAME).to_numpy()
    is_fraud_body = names.isin(list(FRAUD_BODIES)).to_numpy()
    is_force = ~is_btp & ~is_fraud_body
    codes = check_force_names(context, source, PFA, where=is_force)
    codes = codes.where(~is_btp, BTP).where(~is_fraud_body, names.map(FRAUD_BODIES))
    # The region printed beside each area must be the one it belongs to.
    force_region = dict(zip(register["pfa_code"], register["region_in_rec_crime_pfa"]))
    expected_region = codes.map(force_region).where(~is_btp, BTP_NAME).where(
        ~is_fraud_body, "Fraud: " + names)
    wrong = codes.notna().to_numpy() & (expected_region != regions).to_numpy()
    for row, value, want in zip(source.rows[wrong], regions[wrong], expected_region[wrong]):
        log.add(SOURCE, int(row), REGION, value, f"expected {want!r} for this force")
    # Fraud bodies name themselves in the Offence column; every other row has a category.
    source.check_known(OFFENCE, off.CATEGORIES, "offence", where=~is_fraud_body)
    own_offence = is_fraud_body & (offences != names).to_numpy()
    for row, value, name in zip(source.rows[own_offence], offences[own_offence],
                                names[own_offence]):
        log.add(SOURCE, int(row), OFFENCE, value, f"expected {name!r} for this fraud body")
    counts = source.numbers(COUNT, integer=True)
    area_names = {**dict(zip(register["pfa_code"], register["name_in_ons_pfa_tables"])),
                  **AREA_NAMES, **{code: name for name, code in FRAUD_BODIES.items()}}
    # Every force and BTP in every period, each with every category of its period (the
    # fraud bodies, from YE Jun 2011 only, are not required).
    context.check_coverage(SOURCE, pd.DataFrame({"area_code": codes, "period": periods,
                                                 "offence": offences}),
                           areas=[*register["pfa_code"], BTP], periods=PERIODS,
                           within=["offence"], column=PFA,
                           names={**dict(zip(register["pfa_code"],
                                             register["name_in_rec_crime_pfa"])),
                                  BTP: BTP_NAME})
    return pd.DataFrame({
        "area_code": codes, "area_name": codes.map(area_names), "period": periods,
        "offence": offences.where(~is_fraud_body, off.FRAUD), "count": counts,
        "date_corrected": source.text(DATE).isin(list(_DATE_FIXES)).to_numpy(),
    })


def _home_office_part(table: pd.DataFrame) -> pd.DataFrame:
    """Categories as published plus the derived totals, for every area of the file."""
    keys = ["area_code", "area_name", "period"]
    totals = off.add_totals(table, keys, tuple(off.GROUPS))
    corrected = table.loc[table["date_corrected"], "period"].unique()
    totals["date_corrected"] = totals["period"].isin(corrected)
    return pd.concat([table.assign(derived=False, has_negative=False),
                      totals.assign(derived=True)], ignore_index=True)


def _ons_part(context: BuildContext, after: str) -> pd.DataFrame | None:
    """Forces and BTP from the ONS editions for the periods after `after`."""
    editions = editions_with_notes(context)
    if editions is None:
        return None
    rows = editions[editions["area_type"].isin(["pfa", "btp"]) & (editions["period"] > after)]
    printed_totals = ("Violence against the person", "Theft offences", "Burglary", off.TOTAL)
    return pd.DataFrame({
        "area_code": rows["area_code"], "area_name": rows["area_name"],
        "period": rows["period"], "offence": rows["offence"], "count": rows["count"],
        "date_corrected": False,
        "derived": rows["derived"] | False, "has_negative": False,
    }).assign(printed_total=rows["offence"].isin(printed_totals))


def _england_and_wales(forces: pd.DataFrame) -> pd.DataFrame:
    """The 43 forces added up per period and offence, leaving out missing forces (their
    codes are listed in ``excluded``)."""
    keys = ["period", "offence", "source"]
    grouped = forces.assign(negative=forces["count"] < 0).groupby(keys, sort=False)
    summed = grouped.agg(
        count=("count", "sum"), n_forces=("count", "count"),
        has_negative=("negative", "any"), date_corrected=("date_corrected", "any"),
    ).reset_index()
    summed["count"] = np.where(summed["n_forces"] > 0, summed["count"], np.nan)
    missing = (forces[forces["count"].isna()].sort_values("area_code")
               .groupby(keys, sort=False)["area_code"].agg(";".join).rename("excluded"))
    summed = summed.merge(missing, on=keys, how="left")
    summed["excluded"] = summed["excluded"].fillna("")
    return summed.assign(area_code=ENGLAND_AND_WALES,
                         area_name=AREA_NAMES[ENGLAND_AND_WALES], derived=True)


def _notes(table: pd.DataFrame) -> pd.Series:
    offence = table["offence"]
    period = table["period"]
    old = offence.isin(off.OLD_BURGLARY)
    new = offence.isin(off.NEW_BURGLARY)
    not_in_use = (old & (period >= off.FIRST_NEW_BURGLARY_PERIOD)) | (
        new & (period <= off.LAST_OLD_BURGLARY_PERIOD))
    mixed = (old | new) & period.isin(off.BURGLARY_MIXED_PERIODS)
    excluded = table["excluded"].fillna("")
    flags = pd.DataFrame({
        "derived": np.where(table["derived"], "derived", ""),
        "negative": np.where(~table["derived"] & (table["count"] < 0),
                             "negative_in_source", ""),
        "includes_negative": np.where(table["derived"] & table["has_negative"],
                                      "includes_negative", ""),
        "date": np.where(table["date_corrected"], "date_corrected", ""),
        "mixed": np.where(mixed, "burglary_mixed_basis", ""),
        "not_in_use": np.where(not_in_use, "category_not_in_use", ""),
        "missing": np.where(table["count"].isna(), "missing_in_source", ""),
        "excludes": np.where(excluded != "",
                             "excludes_" + excluded.str.replace(";", ";excludes_"), ""),
    })
    return join_notes(flags)


def build_recorded_crime(context: BuildContext) -> list[BuiltTable]:
    home_office = context.shared("home_office_counts", _read)
    if home_office is None or context.log:
        return []
    ho = _home_office_part(home_office).assign(source=HOME_OFFICE)
    ons = _ons_part(context, after=ho["period"].max())
    if ons is None:
        return []
    # The ONS totals are printed, not derived (the editions builder checks them).
    ons = ons.assign(derived=ons["derived"] & ~ons.pop("printed_total"), source=ONS_TABLES)
    # YE Jun 2025: the force totals of Table C2 (CSP tables; no BTP in that table).
    latest = csp.force_counts(context)
    if latest is None or context.log:
        return []
    latest = latest.assign(date_corrected=False, source=CSP_TABLES)
    areas = pd.concat([ho, ons, latest], ignore_index=True)
    is_force = ~areas["area_code"].isin([BTP, *FRAUD_BODIES.values()])
    total = _england_and_wales(areas[is_force])
    table = pd.concat([areas.assign(excluded=""), total], ignore_index=True)
    table["note"] = _notes(table)
    table = sort_by_offence(table, ["area_code", "period"])
    return [BuiltTable(SCHEMA, table, PROVENANCE)]


BUILDER = TableBuilder("recorded_crime", build_recorded_crime)
