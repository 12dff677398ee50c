"""The 43 territorial police forces: codes, names, region, police.uk id and aliases.

Source: ``ons-pfa-geography-population/pfa_codes.csv`` (ONS PFA codes with the names each
published table uses and the data.police.uk force ids).
"""

from __future__ import annotations

import difflib

import numpy as np
import pandas as pd

from peelstats.data._names import name_key
from peelstats.data._schema import Column, TableSchema
from peelstats.data.build._context import BuildContext, BuiltTable, TableBuilder
from peelstats.data.build._source import SourceCsv

SOURCE = "ons-pfa-geography-population/pfa_codes.csv"
_COLUMNS = ("pfa_code", "pfa_name_ons_lookup", "country", "name_in_rec_crime_pfa",
            "name_in_ons_pfa_tables", "region_in_rec_crime_pfa", "police_uk_force_id")
N_FORCES = 43
#: An ONS police force area code: E23 (England) or W15 (Wales) and six digits.
FORCE_CODE = r"(E23|W15)\d{6}"

SCHEMA = TableSchema(
    "forces",
    (Column("area_code", "str"), Column("area_name", "str"), Column("region", "str"),
     Column("country", "str"), Column("police_uk_id", "str"), Column("force_name", "str"),
     Column("aliases", "str", nullable=True)),
    key=("area_code",),
)

# The forces' own names, as HMICFRS inspection reports and the forces themselves write them
# (for example "Cambridgeshire Constabulary"): what analysts type. Names, not figures.
_FORCE_NAMES: dict[str, str] = {
    "E23000001": "Metropolitan Police Service",
    "E23000002": "Cumbria Constabulary",
    "E23000003": "Lancashire Constabulary",
    "E23000004": "Merseyside Police",
    "E23000005": "Greater Manchester Police",
    "E23000006": "Cheshire Constabulary",
    "E23000007": "Northumbria Police",
    "E23000008": "Durham Constabulary",
    "E23000009": "North Yorkshire Police",
    "E23000010": "West Yorkshire Police",
    "E23000011": "South Yorkshire Police",
    "E23000012": "Humberside Police",
    "E23000013": "Cleveland Police",
    "E23000014": "West Midlands Police",
    "E23000015": "Staffordshire Police",
    "E23000016": "West Mercia Police",
    "E23000017": "Warwickshire Police",
    "E23000018": "Derbyshire Constabulary",
    "E23000019": "Nottinghamshire Police",
    "E23000020": "Lincolnshire Police",
    "E23000021": "Leicestershire Police",
    "E23000022": "Northamptonshire Police",
    "E23000023": "Cambridgeshire Constabulary",
    "E23000024": "Norfolk Constabulary",
    "E23000025": "Suffolk Constabulary",
    "E23000026": "Bedfordshire Police",
    "E23000027": "Hertfordshire Constabulary",
    "E23000028": "Essex Police",
    "E23000029": "Thames Valley Police",
    "E23000030": "Hampshire Constabulary",
    "E23000031": "Surrey Police",
    "E23000032": "Kent Police",
    "E23000033": "Sussex Police",
    "E23000034": "City of London Police",
    "E23000035": "Devon and Cornwall Police",
    "E23000036": "Avon and Somerset Constabulary",
    "E23000037": "Gloucestershire Constabulary",
    "E23000038": "Wiltshire Police",
    "E23000039": "Dorset Police",
    "W15000001": "North Wales Police",
    "W15000002": "Gwent Police",
    "W15000003": "South Wales Police",
    "W15000004": "Dyfed-Powys Police",
}

# Other names in common use that no source table holds.
_EXTRA_ALIASES: dict[str, tuple[str, ...]] = {
    "E23000001": ("Metropolitan", "Met", "Met Police"),
    "E23000030": ("Hampshire and Isle of Wight Constabulary",),
    "E23000034": ("London, City of",),
}

# The short forms and initials that HMICFRS PEEL reports, the forces' own websites and
# social media accounts, and analysts use ("GMP", "TVP", "the Met", "West Mids",
# "Cambs"): in the register's aliases for the look-up of what a user types, but not
# accepted as a force's name in a published source file, which must name it in full.
_SHORT_NAMES: dict[str, tuple[str, ...]] = {
    "E23000001": ("The Met", "MPS"),
    "E23000003": ("Lancs",),
    "E23000005": ("GMP",),
    "E23000009": ("North Yorks", "NYP"),
    "E23000010": ("West Yorks", "WYP"),
    "E23000011": ("South Yorks", "SYP"),
    "E23000014": ("West Mids", "WMP"),
    "E23000015": ("Staffs",),
    "E23000017": ("Warks",),
    "E23000018": ("Derbys",),
    "E23000019": ("Notts",),
    "E23000020": ("Lincs",),
    "E23000021": ("Leics",),
    "E23000022": ("Northants",),
    "E23000023": ("Cambs",),
    "E23000026": ("Beds",),
    "E23000027": ("Herts",),
    "E23000029": ("TVP",),
    "E23000030": ("Hants",),
    "E23000034": ("CoLP",),
    "E23000035": ("D&C",),
    "E23000036": ("A&S",),
    "E23000037": ("Glos",),
    "E23000038": ("Wilts",),
    "W15000001": ("NWP",),
    "W15000003": ("SWP",),
}

PROVENANCE = f"""\
The 43 territorial police forces of England and Wales (British Transport Police is not a
territorial force and has no ONS area code; it appears in other tables as `BTP`).

- Source: `{SOURCE}` in `../shared/data`: ONS police force area codes (E23…/W15…) with the
  force names used by the Home Office recorded crime file and the ONS PFA tables, the
  Home Office region, and the data.police.uk force id. Office for National Statistics and
  Home Office; Open Government Licence v3.0.
- `area_name` is the name in the ONS PFA tables ("Devon and Cornwall", "City of London");
  `force_name` is the force's own name ("Cambridgeshire Constabulary"); `region` is the
  region as the Home Office file names it ("East", "Wales"); `police_uk_id` is the
  data.police.uk id ("cambridgeshire").
- `aliases`: `;`-separated other names in use (the ONS lookup name, the Home Office name,
  and the short forms and initials of HMICFRS reports, the forces' own sites and
  analysts: "GMP", "TVP", "The Met", "West Mids", "Cambs"; listed in
  `peelstats/data/build/forces.py`). The short forms are for looking a force up; a
  published source file that names a force by one is refused by the build. `peelstats.data.find_force` resolves a code, name, force name, police.uk
  id or alias, ignoring case, spaces, punctuation and "&" versus "and".
- Rows in `area_code` order."""


def _read(context: BuildContext) -> pd.DataFrame | None:
    source = SourceCsv(context.source, SOURCE, _COLUMNS, context.log)
    if not source.ok:
        return None
    source.check_not_empty(_COLUMNS)
    source.check_unique(["pfa_code"])
    for column in ("name_in_rec_crime_pfa", "name_in_ons_pfa_tables", "police_uk_force_id"):
        source.check_unique([column])
    codes = source.text("pfa_code")
    bad_code = ~codes.str.fullmatch(FORCE_CODE).to_numpy()
    for row, value in zip(source.rows[bad_code], codes[bad_code]):
        context.log.add(SOURCE, int(row), "pfa_code", value,
                        "not a police force area code (E23nnnnnn or W15nnnnnn)")
    source.check_known("pfa_code", _FORCE_NAMES, "police force area code",
                       where=~bad_code)
    source.check_known("country", {"England", "Wales"}, "country")
    if len(source.frame) != N_FORCES:
        context.log.add(SOURCE, None, None, len(source.frame),
                        f"expected {N_FORCES} forces, found this many rows")
    frame = pd.DataFrame({column: source.text(column) for column in _COLUMNS})
    context.check_coverage(SOURCE, frame, areas=_FORCE_NAMES, area="pfa_code", period=None)
    return frame


def force_register(context: BuildContext) -> pd.DataFrame | None:
    """The checked force register of this build run (None if the file is unusable).

    Columns as in pfa_codes.csv; other builders use it to turn the names in their sources
    into area codes.
    """
    return context.shared("forces", _read)


def force_names(register: pd.DataFrame) -> dict[str, str]:
    """Every known name of every force, reduced by `name_key`, → area code."""
    names: dict[str, str] = {}
    for row in register.itertuples(index=False):
        for name in (row.pfa_name_ons_lookup, row.name_in_rec_crime_pfa,
                     row.name_in_ons_pfa_tables, _FORCE_NAMES.get(row.pfa_code, ""),
                     *_EXTRA_ALIASES.get(row.pfa_code, ())):
            if name:
                names[name_key(name)] = row.pfa_code
    return names


def check_force_names(context: BuildContext, source: SourceCsv, name_column: str,
                      where: np.ndarray | None = None,
                      code_column: str | None = None) -> pd.Series:
    """The area code of each force name in `name_column` (None where unknown).

    Records every name that is no known name of a force (with the closest known names)
    and, if `code_column` is given, every name that belongs to a force other than the code
    beside it. Names are compared by `name_key`, so "Devon & Cornwall" is "Devon and
    Cornwall". Rows outside `where` are not checked and get None.
    """
    register = force_register(context)
    names = source.text(name_column)
    selected = np.ones(len(names), bool) if where is None else np.asarray(where, bool)
    if register is None:
        return pd.Series(None, index=names.index, dtype="str")
    known = force_names(register)
    codes = names.map(name_key).map(known).where(selected, None)
    unknown = selected & codes.isna().to_numpy()
    choices = sorted(register["name_in_ons_pfa_tables"])
    for row, value in zip(source.rows[unknown], names[unknown]):
        close = difflib.get_close_matches(value, choices, n=3, cutoff=0.6)
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        context.log.add(source.name, int(row), name_column, value,
                        f"unknown force name{hint}")
    if code_column is not None:
        given = source.text(code_column)
        mismatch = selected & ~unknown & (codes != given).to_numpy()
        for row, value, code, own in zip(source.rows[mismatch], names[mismatch],
                                         given[mismatch], codes[mismatch]):
            context.log.add(source.name, int(row), name_column, value,
                            f"force name belongs to {own}, not to {code_column} {code}")
    return codes


def _aliases(register: pd.DataFrame) -> list[str]:
    names = []
    for row in register.itertuples(index=False):
        candidates = [row.pfa_name_ons_lookup, row.name_in_rec_crime_pfa,
                      *_EXTRA_ALIASES.get(row.pfa_code, ()),
                      *_SHORT_NAMES.get(row.pfa_code, ())]
        own = {row.name_in_ons_pfa_tables, _FORCE_NAMES.get(row.pfa_code)}
        unique = list(dict.fromkeys(name for name in candidates if name not in own))
        names.append(";".join(unique))
    return names


def build_forces(context: BuildContext) -> list[BuiltTable]:
    register = force_register(context)
    if register is None:
        return []
    frame = pd.DataFrame({
        "area_code": register["pfa_code"],
        "area_name": register["name_in_ons_pfa_tables"],
        "region": register["region_in_rec_crime_pfa"],
        "country": register["country"],
        "police_uk_id": register["police_uk_force_id"],
        "force_name": register["pfa_code"].map(_FORCE_NAMES),
        "aliases": _aliases(register),
    })
    frame["aliases"] = np.where(frame["aliases"] == "", None, frame["aliases"])
    return [BuiltTable(SCHEMA, frame.sort_values("area_code"), PROVENANCE)]


BUILDER = TableBuilder("forces", build_forces)
