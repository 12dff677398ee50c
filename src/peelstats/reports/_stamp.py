"""The stamp on every page of a batch: what made it, from which data, data to when.

Each report page and the batch's index page say the peelstats version, the data tables
(MANIFEST.csv's hash: the tables are those the build wrote with that manifest), the
edition of the recorded crime the period's figures come from, and the newest data in the
recorded crime tables. Nothing here reads the clock: the same inputs give the same
stamp, and so the same bytes.
"""

from __future__ import annotations

import hashlib
import html
from dataclasses import dataclass

from peelstats import data
from peelstats._paths import data_dir
from peelstats._version import version as peelstats_version
from peelstats.figures import wording
from peelstats.figures.sections import CRIME_SOURCES

MANIFEST_NAME = "MANIFEST.csv"
#: Hex digits of MANIFEST.csv's SHA-256 the stamp shows: enough to tell two builds apart.
_HASH_DIGITS = 12


@dataclass(frozen=True)
class Stamp:
    """The stamp of the pages of one period's batch."""

    version: str      # peelstats
    manifest: str     # the first hex digits of MANIFEST.csv's SHA-256
    period: str       # the period of the reports, ``YYYY-MM``
    editions: tuple[str, ...]  # where the period's recorded crime comes from, each once
    newest: str       # the newest period of the recorded crime tables, ``YYYY-MM``

    def text(self) -> str:
        """The stamp as one sentence.

        >>> Stamp("1.0", "76a8a383fa62", "2019-12", ("ONS police force area data "
        ...       "tables, Table P1, YE Dec 2019 edition",), "2025-06").text()
        'Made with peelstats 1.0 from the peelstats data tables (MANIFEST.csv 76a8a383fa62; newest data: recorded crime to June 2025); recorded crime for YE Dec 2019: ONS police force area data tables, Table P1, YE Dec 2019 edition.'
        """
        editions = "; ".join(self.editions) or "none in the tables"
        return (f"Made with peelstats {self.version} from the peelstats data tables "
                f"({MANIFEST_NAME} {self.manifest}; newest data: recorded crime to "
                f"{wording.month(self.newest)}); recorded crime for "
                f"{wording.period(self.period)}: {editions}.")

    def html(self) -> str:
        """The stamp as a page's footer."""
        return f'<footer class="peelstats-stamp"><p>{html.escape(self.text())}</p></footer>'


def period_stamp(period: str) -> Stamp:
    """The stamp of the reports for `period`, read from the data tables.

    The editions are the recorded crime table's sources of the forces' rows for the
    period (`peelstats.figures.sections.CRIME_SOURCES`); an ONS police force area table
    is named with its edition when ``recorded_crime_editions.csv`` has that edition.
    """
    crime = data.recorded_crime()
    codes = sorted(set(crime.loc[crime["period"] == period, "source"].dropna()))
    unknown = [code for code in codes if code not in CRIME_SOURCES]
    if unknown:
        raise ValueError(f"recorded_crime.csv: source {unknown[0]!r} (period {period}) is "
                         f"not one of {sorted(CRIME_SOURCES)}")
    editions = set(data.recorded_crime_editions()["period"])
    named = [CRIME_SOURCES[code] + (f", {wording.period(period)} edition"
                                    if code == "ons_pfa_tables" and period in editions
                                    else "")
             for code in codes]
    newest = max(crime["period"].max(), max(editions))
    digest = hashlib.sha256((data_dir() / MANIFEST_NAME).read_bytes()).hexdigest()
    return Stamp(peelstats_version(), digest[:_HASH_DIGITS], period, tuple(named), newest)
