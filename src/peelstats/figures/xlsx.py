"""figures.xlsx: the figure fields as one worksheet, the same bytes for the same figures.

Written with openpyxl. An .xlsx file is a zip archive, and both the workbook's properties
(created, modified) and each zip entry carry a time; all are fixed here, so the file
depends only on the figures.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from typing import Any

#: The time written into the workbook's properties and its zip entries.
FIXED_TIME = datetime.datetime(2000, 1, 1)


def _cell(value: Any) -> Any:
    """A list field (a figure's notes) as one cell: its sentences one after the other."""
    return " ".join(value) if isinstance(value, list) else value


def to_xlsx(payload: dict[str, Any], sheet: str = "figures") -> bytes:
    """One worksheet: a header row of ``payload["fields"]``, one row a figure, empty cells
    for missing values (the layout of figures.csv)."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    worksheet.append(list(payload["fields"]))
    for row in payload["figures"]:
        worksheet.append([_cell(row[name]) for name in payload["fields"]])
    workbook.properties.creator = "peelstats"
    workbook.properties.created = workbook.properties.modified = FIXED_TIME
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()  # save_workbook would stamp `modified` now
    return _fixed_times(raw.getvalue())


def _fixed_times(content: bytes) -> bytes:
    """The same zip archive with every entry dated `FIXED_TIME`, in the same order."""
    out = io.BytesIO()
    stamp = FIXED_TIME.timetuple()[:6]
    with zipfile.ZipFile(io.BytesIO(content)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
