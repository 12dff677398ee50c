"""Reading ONS Table C2 (recorded crime by Community Safety Partnership, YE Jun 2025) and
the December 2023 LAD → CSP → PFA lookup, with every check of their quirks.

Table C2 is published as a spreadsheet sheet saved as CSV: seven title lines, a header
whose quoted names hold line breaks, then one record a line. Problems name the record by
the line of the file it is on (as a text editor shows it), since the header spans several
lines. Counts are written with thousands separators and a trailing space (``"170,002 "``).

What is checked (each a problem naming file, line, column and value, unless it is one of
the documented corrections in `CODE_FIXES`):

- the title names Table C2 and the year ending June 2025; the header is the 29 columns
  as published;
- every row is a force total (no CSP), a CSP row (CSP code E22…/W14…), an "Unassigned
  <force>" row (any case) or Greater Manchester's "Manchester Airport";
- the force name beside each PFA code is that force's (a footnote mark such as
  "[note 4]" and trailing spaces aside);
- counts are whole numbers written as published; a row is either wholly counted or wholly
  blank (missing); printed totals (violence against the person, burglary, theft offences,
  total excluding fraud) equal their parts;
- each CSP is in the lookup under the same force, with the same name (ignoring case and
  spaces); its local authority code is a 2023 authority of that CSP in the lookup,
  "Combined Local Authorities" for a CSP of several, or a former authority code (not a
  2023 one), which is kept as published and resolved through the lookup by the CSP code;
- every CSP of the lookup has a row; one total row per force (City of London: its only
  CSP row is its total);
- the rows of a force (CSPs, unassigned, airport) add up to its total, offence by offence.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from peelstats.data._names import name_key
from peelstats.data.build import _offences as off
from peelstats.data.build._context import BuildContext, Correction, row_ranges
from peelstats.data.build.forces import force_register

SOURCE = "ons-csp-tables-ye-jun2025/policeforceareatablesyejune25final.csv"
LOOKUP = "ons-pfa-geography-population/LAD23_CSP23_PFA23_lookup_Dec2023.csv"
PERIOD = "2025-06"
#: The `source` code of the rows read from this table.
SOURCE_CODE = "ons_csp_tables"
TITLE = "Table C2: Number of police recorded crimes for headline offences by Community " \
        "Safety Partnership area, England and Wales, year ending June 2025"

PFA_CODE, PFA_NAME, CSP_CODE, CSP_NAME, LA_CODE, LA_NAME = (
    "Police Force Area code", "Police Force Area name", "Community Safety Partnership code",
    "Community Safety Partnership name", "Local Authority code", "Local Authority name")
#: The offence columns of Table C2, in published order, under the tidy tables' names.
OFFENCE_COLUMNS: dict[str, str] = {
    "Total recorded crime (excluding fraud)": off.TOTAL,
    **{name: name for name in (
        "Violence against the person", "Homicide",
        "Death or serious injury caused by illegal driving", "Violence with injury",
        "Violence without injury", "Stalking and harassment", "Sexual offences", "Robbery",
        "Theft offences", "Burglary", "Residential burglary", "Non-residential burglary",
        "Vehicle offences", "Theft from the person", "Bicycle theft", "Shoplifting",
        "All other theft offences", "Criminal damage and arson", "Drug offences",
        "Possession of weapons offences", "Public order offences",
        "Miscellaneous crimes against society")},
}
HEADER = (PFA_CODE, PFA_NAME, CSP_CODE, CSP_NAME, LA_CODE, LA_NAME, *OFFENCE_COLUMNS)
#: Totals printed in C2 and their parts (C2 prints no victim-based crime or other crimes
#: against society; the build adds those up).
PRINTED_TOTALS: dict[str, tuple[str, ...]] = {
    "Violence against the person": off.GROUPS["Violence against the person"],
    "Burglary": off.NEW_BURGLARY,
    "Theft offences": off.GROUPS["Theft offences"],
    off.TOTAL: (*off.GROUPS[off.VICTIM_BASED], *off.GROUPS[off.OTHER_AGAINST_SOCIETY]),
}
COMBINED = "Combined Local Authorities"
AIRPORT = ("E23000005", "Manchester Airport")
_COUNT = re.compile(r"\d{1,3}(,\d{3})*|\d+")
_CSP = re.compile(r"(E22|W14)\d{6}")
_FOOTNOTE = re.compile(r"\s*\[note \d+\]$")

#: Rows whose PFA code is not the force their names and place give, corrected openly
#: (data/corrections.csv): (CSP name, code as published) → (code, reason).
CODE_FIXES: dict[tuple[str, str], tuple[str, str]] = {
    ("Unassigned Gwent", "W15000003"): (
        "W15000002",
        "the row names Gwent twice (PFA name 'Gwent', 'Unassigned Gwent') and is printed "
        "among Gwent's rows, but carries South Wales's code W15000003; with the code as "
        "published Gwent's rows add up to 56,960 against its total of 56,961 and South "
        "Wales's to 109,799 against 109,798, with Gwent's code every force's rows add up "
        "to its total in every offence"),
    ("unassigned Surrey", "E23000032"): (
        "E23000031",
        "the row names Surrey twice (PFA name 'Surrey', 'unassigned Surrey') and is printed "
        "among Surrey's rows, but carries Kent's code E23000032; its counts are all blank"),
}


#: CSPs whose name in Table C2 differs from the lookup's (not by case alone), each known:
#: code → (name in the lookup, name in C2). Any other difference stops the build.
RENAMED: dict[str, tuple[str, str]] = {
    # Shepway District Council became Folkestone and Hythe District Council on 1 April
    # 2018; the December 2023 lookup still carries the CSP's old name.
    "E22000145": ("Shepway", "Folkestone and Hythe"),
}


@dataclass(frozen=True)
class TableC2:
    """Table C2 read and checked: one row per record (`kind` force_total, csp,
    unassigned or airport), the counts by offence, and the CSPs' lookup rows."""

    rows: pd.DataFrame      # line, kind, area_code, csp_code, csp_name, la_code, la_name, missing
    counts: pd.DataFrame    # line, offence (tidy name), count (float, NaN when missing)
    lookup: pd.DataFrame    # lad_code, lad_name, csp_code, csp_name, area_code


def _read_records(context: BuildContext) -> tuple[list[str], list[tuple[int, list[str]]]] | None:
    path = Path(context.source) / SOURCE
    if not path.is_file():
        context.log.add(SOURCE, None, None, None, f"source file not found in {context.source}")
        return None
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        records = [(reader.line_num, record) for record in reader]
    if len(records) < 9:
        context.log.add(SOURCE, None, None, len(records), "fewer records than the title "
                        "lines and header of Table C2")
        return None
    title = records[0][1][0] if records[0][1] else ""
    if not title.startswith(TITLE):
        context.log.add(SOURCE, 1, None, title, f"expected the title {TITLE!r}")
    header = [" ".join(name.split()) for name in records[7][1]]
    if header != list(HEADER):
        context.log.add(SOURCE, records[7][0], None, header,
                        f"the header of Table C2 should be {list(HEADER)}")
        return None
    data = records[8:]
    for line, record in data:
        if len(record) != len(HEADER):
            context.log.add(SOURCE, line, None, len(record),
                            f"a record should have {len(HEADER)} cells")
    return header, [(line, record) for line, record in data if len(record) == len(HEADER)]


def read_lookup(context: BuildContext) -> pd.DataFrame | None:
    """The LAD → CSP → PFA lookup, checked: known force codes, one row per LAD and CSP,
    each CSP in one force."""
    path = Path(context.source) / LOOKUP
    if not path.is_file():
        context.log.add(LOOKUP, None, None, None, f"source file not found in {context.source}")
        return None
    frame = pd.read_csv(path, dtype="str", keep_default_na=False, encoding="utf-8-sig")
    columns = ["LAD23CD", "LAD23NM", "CSP23CD", "CSP23NM", "PFA23CD"]
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        context.log.add(LOOKUP, 1, None, list(frame.columns), f"missing columns {missing}")
        return None
    lookup = pd.DataFrame({"lad_code": frame["LAD23CD"].str.strip(),
                           "lad_name": frame["LAD23NM"].str.strip(),
                           "csp_code": frame["CSP23CD"].str.strip(),
                           "csp_name": frame["CSP23NM"].str.strip(),
                           "area_code": frame["PFA23CD"].str.strip()})
    rows = np.arange(len(lookup)) + 2
    register = force_register(context)
    if register is not None:
        unknown = ~lookup["area_code"].isin(list(register["pfa_code"])).to_numpy()
        for row, value in zip(rows[unknown], lookup["area_code"][unknown]):
            context.log.add(LOOKUP, int(row), "PFA23CD", value, "unknown force code")
    repeated = lookup.duplicated(["lad_code", "csp_code"]).to_numpy()
    for row, value in zip(rows[repeated], lookup["lad_code"][repeated]):
        context.log.add(LOOKUP, int(row), "LAD23CD", value, "the LAD and CSP repeat a row")
    forces_of = lookup.groupby("csp_code")["area_code"].nunique()
    for code in forces_of[forces_of > 1].index:
        context.log.add(LOOKUP, None, "CSP23CD", code, "CSP in more than one force")
    return lookup


def _count_cells(context: BuildContext, lines: np.ndarray, cells: pd.DataFrame,
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Counts of each offence column (float, NaN when blank) and whether each row is
    wholly blank; records counts written otherwise and rows partly blank."""
    text = cells.apply(lambda column: column.str.strip())
    blank = (text == "") | (text == "[x]")
    well_formed = text.apply(lambda column: column.str.fullmatch(_COUNT.pattern)).fillna(False)
    for column in text.columns:
        bad = ~(blank[column] | well_formed[column]).to_numpy()
        for line, value in zip(lines[bad], cells[column][bad]):
            context.log.add(SOURCE, int(line), column, value,
                            "not a count as published (digits with thousands separators)")
    wholly_blank = blank.all(axis=1).to_numpy()
    partly = blank.any(axis=1).to_numpy() & ~wholly_blank
    for line in lines[partly]:
        columns = [c for c in text.columns if blank.loc[blank.index[lines == line][0], c]]
        context.log.add(SOURCE, int(line), columns[0], "",
                        f"blank count in a row that has other counts ({len(columns)} blank)")
    values = text.where(well_formed, None).apply(
        lambda column: pd.to_numeric(column.str.replace(",", ""), errors="coerce"))
    return values.to_numpy(float), wholly_blank


def _check_printed_totals(context: BuildContext, lines: np.ndarray, counts: pd.DataFrame,
                          ) -> None:
    for total, parts in PRINTED_TOTALS.items():
        summed = counts[list(parts)].sum(axis=1, min_count=len(parts))
        differ = (counts[total].notna() & summed.notna()
                  & (counts[total] != summed)).to_numpy()
        for line, value, want in zip(lines[differ], counts[total][differ], summed[differ]):
            context.log.add(SOURCE, int(line), total, f"{value:,.0f}",
                            f"the printed total is not the sum of its parts ({want:,.0f})")


def _classify(context: BuildContext, frame: pd.DataFrame, force_name: dict[str, str],
              ) -> pd.Series:
    csp_code, csp_name = frame[CSP_CODE], frame[CSP_NAME]
    pfa_name = frame[PFA_NAME]
    kind = pd.Series(None, index=frame.index, dtype="object")
    kind[(csp_code == "") & (csp_name == "") & (frame[LA_CODE] == "")] = "force_total"
    kind[csp_code.str.fullmatch(_CSP.pattern)] = "csp"
    unassigned = (csp_code == "") & (csp_name.str.lower() == "unassigned " + pfa_name.str.lower())
    kind[unassigned] = "unassigned"
    kind[(frame[PFA_CODE] == AIRPORT[0]) & (csp_code == "") & (csp_name == AIRPORT[1])] = "airport"
    for line, code, name in zip(frame["line"][kind.isna()], csp_code[kind.isna()],
                                csp_name[kind.isna()]):
        context.log.add(SOURCE, int(line), CSP_CODE if code else CSP_NAME, code or name,
                        "not a force total, a CSP (E22…/W14… code), an 'Unassigned <force>' "
                        "row or Manchester Airport")
    return kind


def _force_codes(context: BuildContext, frame: pd.DataFrame, force_name: dict[str, str],
                 ) -> pd.Series:
    """The PFA code of each row after the documented fixes; records a code whose force
    is not the one the row names."""
    published = frame[PFA_CODE]
    codes = published.copy()
    for (name, original), (fixed, reason) in CODE_FIXES.items():
        hit = ((frame[CSP_NAME] == name) & (published == original)).to_numpy()
        if hit.any():
            codes[hit] = fixed
            context.corrections.append(Correction(SOURCE, PFA_CODE, original, fixed,
                                                  row_ranges(frame["line"][hit]),
                                                  int(hit.sum()), reason))
    named = frame[PFA_NAME].str.replace(_FOOTNOTE, "", regex=True).map(name_key)
    expected = codes.map(force_name)
    unknown = expected.isna().to_numpy()
    for line, value in zip(frame["line"][unknown], published[unknown]):
        context.log.add(SOURCE, int(line), PFA_CODE, value, "unknown police force area code")
    wrong = ~unknown & (named != expected.map(lambda n: name_key(n) if isinstance(n, str)
                                              else n)).to_numpy()
    for line, value, code in zip(frame["line"][wrong], frame[PFA_NAME][wrong], codes[wrong]):
        context.log.add(SOURCE, int(line), PFA_NAME, value,
                        f"not the name of the force {code} ({force_name.get(code)!r}) beside it")
    return codes


def _check_csps(context: BuildContext, rows: pd.DataFrame, lookup: pd.DataFrame) -> None:
    csps = rows[rows["kind"] == "csp"]
    for line, code in zip(csps["line"][csps["csp_code"].duplicated()],
                          csps["csp_code"][csps["csp_code"].duplicated()]):
        context.log.add(SOURCE, int(line), CSP_CODE, code, "CSP printed twice")
    by_csp = lookup.groupby("csp_code")
    known = set(lookup["csp_code"])
    lad_years = set(lookup["lad_code"])
    for row in csps.itertuples(index=False):
        if row.csp_code not in known:
            context.log.add(SOURCE, row.line, CSP_CODE, row.csp_code,
                            f"CSP not in the lookup {LOOKUP}")
            continue
        entries = by_csp.get_group(row.csp_code)
        if entries["area_code"].iloc[0] != row.area_code:
            context.log.add(SOURCE, row.line, CSP_CODE, row.csp_code,
                            f"the lookup puts this CSP in {entries['area_code'].iloc[0]}, "
                            f"not {row.area_code}")
        renamed = RENAMED.get(row.csp_code) == (entries["csp_name"].iloc[0], row.csp_name)
        if not renamed and name_key(entries["csp_name"].iloc[0]) != name_key(row.csp_name):
            context.log.add(SOURCE, row.line, CSP_NAME, row.csp_name,
                            f"the lookup names CSP {row.csp_code} "
                            f"{entries['csp_name'].iloc[0]!r}")
        lads = set(entries["lad_code"])
        if row.la_code == COMBINED:
            if len(lads) < 2:
                context.log.add(SOURCE, row.line, LA_CODE, row.la_code,
                                f"the lookup gives CSP {row.csp_code} one authority only")
        elif row.la_code in lad_years:
            if row.la_code not in lads:
                context.log.add(SOURCE, row.line, LA_CODE, row.la_code,
                                f"not an authority of CSP {row.csp_code} in the lookup "
                                f"({sorted(lads)})")
        elif not re.fullmatch(r"[EW]0[6-9]\d{6}", row.la_code):
            context.log.add(SOURCE, row.line, LA_CODE, row.la_code,
                            "not a local authority code nor 'Combined Local Authorities'")
    missing = sorted(known - set(csps["csp_code"]))
    for code in missing:
        context.log.add(SOURCE, None, CSP_CODE, code, "CSP of the lookup with no row")


def _check_force_sums(context: BuildContext, rows: pd.DataFrame, counts: pd.DataFrame,
                      force_codes: list[str]) -> None:
    """One total per force (City of London: its CSP row), and each force's rows adding
    up to it offence by offence."""
    totals = rows[rows["kind"] == "force_total"]
    for line, code in zip(totals["line"][totals["area_code"].duplicated()],
                          totals["area_code"][totals["area_code"].duplicated()]):
        context.log.add(SOURCE, int(line), PFA_CODE, code, "second total row of the force")
    present = set(rows["area_code"])
    for code in force_codes if context.whole else ():
        if code not in present:
            context.log.add(SOURCE, None, PFA_CODE, code, "no rows for this force")
    long = counts.merge(rows[["line", "kind", "area_code"]], on="line")
    parts = (long[long["kind"] != "force_total"].groupby(["area_code", "offence"])["count"]
             .sum(min_count=1).rename("parts"))
    printed = long[long["kind"] == "force_total"].set_index(["area_code", "offence"])
    both = printed.join(parts, how="left")
    differ = (both["parts"].notna() & (both["count"] != both["parts"])).to_numpy()
    for (code, offence), fields in both[differ].iterrows():
        context.log.add(SOURCE, int(fields["line"]), offence, f"{fields['count']:,.0f}",
                        f"the total of {code} is not the sum of its CSP, unassigned and "
                        f"airport rows ({fields['parts']:,.0f})")


def _read(context: BuildContext) -> TableC2 | None:
    register = force_register(context)
    read = _read_records(context)
    lookup = read_lookup(context)
    if read is None or register is None or lookup is None:
        return None
    header, records = read
    frame = pd.DataFrame([record for _, record in records], columns=header)
    frame = frame.apply(lambda column: column.str.strip())
    frame.insert(0, "line", [line for line, _ in records])
    lines = frame["line"].to_numpy()
    force_name = dict(zip(register["pfa_code"], register["name_in_ons_pfa_tables"]))
    codes = _force_codes(context, frame, force_name)
    kind = _classify(context, frame, force_name)
    values, blank = _count_cells(context, lines, pd.DataFrame(
        [record[6:] for _, record in records], columns=list(OFFENCE_COLUMNS)))
    wide = pd.DataFrame(values, columns=list(OFFENCE_COLUMNS.values()))
    _check_printed_totals(context, lines, wide)
    rows = pd.DataFrame({
        "line": lines, "kind": kind.to_numpy(), "area_code": codes.to_numpy(),
        "csp_code": frame[CSP_CODE].to_numpy(), "csp_name": frame[CSP_NAME].to_numpy(),
        "la_code": frame[LA_CODE].to_numpy(), "la_name": frame[LA_NAME].to_numpy(),
        "missing": blank})
    counts = (wide.assign(line=lines).melt(id_vars="line", var_name="offence",
                                           value_name="count"))
    blank_rows = rows[rows["missing"]]
    for line, kind_, name in zip(blank_rows["line"], blank_rows["kind"], blank_rows["csp_name"]):
        if kind_ != "unassigned":
            context.log.add(SOURCE, int(line), CSP_NAME, name,
                            "every count blank: only an unassigned row may be wholly blank")
    _check_csps(context, rows, lookup)
    _check_force_sums(context, rows, counts, list(register["pfa_code"]))
    return TableC2(rows, counts, lookup)


def table_c2(context: BuildContext) -> TableC2 | None:
    """Table C2 of this build run, read and checked once (None if it is unusable)."""
    return context.shared("csp_table_c2", _read)
