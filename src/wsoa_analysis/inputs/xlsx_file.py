"""Writing an ``.xlsx`` file the same way byte for byte from the same content, shared by the
data-entry workbook (``inputs.workbook``) and the pack's downloads (``render.tables_workbook``).

The document's created and modified times and the zip entries' times are fixed
(:data:`FIXED_TIME`), so a workbook never depends on the clock; cells holding text are text,
never a formula; the file is written beside its place and moved in, never left half written.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from collections.abc import Iterable
from pathlib import Path

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

# The earliest time a zip archive can record; used for the document's created and modified
# times and for every entry of the archive, so a workbook never depends on the clock.
FIXED_TIME = dt.datetime(1980, 1, 1)
NOTES_SHEET = "notes"
BOOL_VALUES = ("yes", "no")
DATE_FORMAT = "yyyy-mm-dd"
BOLD = Font(bold=True)


def excel_text(text: str) -> str:
    """``text`` without the control characters an ``.xlsx`` file cannot store (tab and line
    breaks are kept)."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def number_text(value: float) -> str:
    """The shortest text that reads back as the same number, without a spurious ".0"."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def put(ws, row: int, col: int, value):
    """Write one cell; text stays text, never a formula (``=...``) or an error (``#N/A``)."""
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def column_width(texts: Iterable) -> float:
    """A column width that fits the longest of ``texts``, within 8 to 60 characters."""
    longest = max((len(str(t)) for t in texts), default=0)
    return float(min(max(longest + 2, 8), 60))


def header(ws, names: list[str], data_rows: int) -> None:
    """Bold headings in row 1, frozen, with a filter over the data rows."""
    for j, name in enumerate(names, start=1):
        put(ws, 1, j, name).font = BOLD
    ws.freeze_panes = "A2"
    if names:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(names))}{data_rows + 1}"


def fix_properties(wb: openpyxl.Workbook, title: str) -> None:
    """The document's title, and properties that do not depend on who wrote it or when."""
    props = wb.properties
    props.title = title
    props.creator = "wsoa-workbook"
    props.lastModifiedBy = None
    props.created = FIXED_TIME
    props.modified = FIXED_TIME


def _fixed_zip_times(data: bytes) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def _replace_file(path: Path, data: bytes) -> None:
    """Write ``data`` to a file beside ``path`` and move it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        part.write_bytes(data)
        os.replace(part, path)
    finally:
        part.unlink(missing_ok=True)


def save(wb: openpyxl.Workbook, path: Path) -> Path:
    """Write ``wb`` to ``path`` (replaced if it exists), with every time in it fixed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        # ExcelWriter rather than Workbook.save, which stamps the modified time from the clock
        ExcelWriter(wb, archive).write_data()
    path = Path(path)
    _replace_file(path, _fixed_zip_times(buffer.getvalue()))
    return path
