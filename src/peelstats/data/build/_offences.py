"""The Home Office offence categories and the totals built from them.

One table of which category adds into which total, shared by every recorded crime table,
so a derived total means the same thing whatever source it comes from. The grouping is
the Home Office's (police recorded crime offence groups; "Crime in England and Wales",
ONS, user guide section 3): victim-based crime is violence against the person, sexual
offences, robbery, theft offences and criminal damage and arson; other crimes against
society are drug, weapons, public order and miscellaneous offences; fraud, recorded mostly
by Action Fraud, is outside every total here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from peelstats.data.constants import TOTAL_RECORDED_CRIME

TOTAL = TOTAL_RECORDED_CRIME
VICTIM_BASED = "Victim-based crime"
OTHER_AGAINST_SOCIETY = "Other crimes against society"
FRAUD = "Fraud offences"

# Categories in the Home Office file, in the order of the published offence tables.
CATEGORIES: tuple[str, ...] = (
    "Homicide",
    "Violence with injury",
    "Violence without injury",
    "Stalking and harassment",
    "Death or serious injury caused by illegal driving",
    "Sexual offences",
    "Robbery",
    "Domestic burglary",
    "Non-domestic burglary",
    "Residential burglary",
    "Non-residential burglary",
    "Vehicle offences",
    "Theft from the person",
    "Bicycle theft",
    "Shoplifting",
    "All other theft offences",
    "Criminal damage and arson",
    "Drug offences",
    "Possession of weapons offences",
    "Public order offences",
    "Miscellaneous crimes against society",
    FRAUD,
)

# Each total and the categories or totals it adds up, innermost first.
GROUPS: dict[str, tuple[str, ...]] = {
    "Violence against the person": (
        "Homicide", "Violence with injury", "Violence without injury",
        "Stalking and harassment", "Death or serious injury caused by illegal driving"),
    "Burglary": ("Domestic burglary", "Non-domestic burglary", "Residential burglary",
                 "Non-residential burglary"),
    "Theft offences": ("Burglary", "Vehicle offences", "Theft from the person",
                       "Bicycle theft", "Shoplifting", "All other theft offences"),
    VICTIM_BASED: ("Violence against the person", "Sexual offences", "Robbery",
                   "Theft offences", "Criminal damage and arson"),
    OTHER_AGAINST_SOCIETY: ("Drug offences", "Possession of weapons offences",
                            "Public order offences", "Miscellaneous crimes against society"),
    TOTAL: (VICTIM_BASED, OTHER_AGAINST_SOCIETY),
}

# Every offence name in the tidy tables, in their row order: totals before their parts.
ORDER: tuple[str, ...] = (
    TOTAL, VICTIM_BASED, "Violence against the person", *GROUPS["Violence against the person"],
    "Sexual offences", "Robbery", "Theft offences", "Burglary", *GROUPS["Burglary"],
    *GROUPS["Theft offences"][1:], "Criminal damage and arson", OTHER_AGAINST_SOCIETY,
    *GROUPS[OTHER_AGAINST_SOCIETY], FRAUD,
)

# The burglary categories changed on 1 April 2017 (Home Office Counting Rules): domestic
# and non-domestic burglary were replaced by residential and non-residential burglary.
OLD_BURGLARY = ("Domestic burglary", "Non-domestic burglary")
NEW_BURGLARY = ("Residential burglary", "Non-residential burglary")
# Rolling 12-month totals ending Jun, Sep and Dec 2017 mix the two bases; YE Mar 2018 is
# the first wholly on the new one, YE Mar 2017 the last wholly on the old one.
BURGLARY_MIXED_PERIODS = ("2017-06", "2017-09", "2017-12")
LAST_OLD_BURGLARY_PERIOD = "2017-03"
FIRST_NEW_BURGLARY_PERIOD = "2018-03"


def leaves(total: str) -> tuple[str, ...]:
    """The file categories that add up to `total`.

    >>> leaves("Burglary")
    ('Domestic burglary', 'Non-domestic burglary', 'Residential burglary', 'Non-residential burglary')
    >>> len(leaves(TOTAL))
    21
    """
    parts: list[str] = []
    for part in GROUPS[total]:
        parts.extend(leaves(part) if part in GROUPS else (part,))
    return tuple(parts)


def add_totals(counts: pd.DataFrame, keys: list[str], totals: tuple[str, ...]) -> pd.DataFrame:
    """Rows for each of `totals`, added up from the category rows of `counts`.

    Parameters
    ----------
    counts : DataFrame
        Long table with `keys`, ``offence`` (file categories) and ``count`` (float, NaN
        for missing).
    keys : list of str
        The columns that identify one area and period.
    totals : tuple of str
        Names from GROUPS.

    Returns
    -------
    DataFrame
        `keys`, ``offence``, ``count``, ``has_negative`` (a category in the sum is
        negative). A total is NaN if any category in it is missing (NaN in, NaN out);
        categories with no row for that area and period (not published then, as
        residential burglary before 2017) add nothing.
    """
    frames = []
    for total in totals:
        parts = counts[counts["offence"].isin(leaves(total))]
        grouped = parts.assign(missing=parts["count"].isna(),
                               negative=parts["count"] < 0).groupby(keys, sort=False)
        summed = grouped.agg(count=("count", "sum"), missing=("missing", "any"),
                             has_negative=("negative", "any")).reset_index()
        summed["count"] = np.where(summed["missing"], np.nan, summed["count"])
        frames.append(summed.drop(columns="missing").assign(offence=total))
    return pd.concat(frames, ignore_index=True)
