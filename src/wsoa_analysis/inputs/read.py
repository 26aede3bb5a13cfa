"""Read every table of the contract as text: a directory of CSVs or an Excel workbook.

Nothing is interpreted here: every cell comes back as the text a spreadsheet user typed, so
that :mod:`~wsoa_analysis.inputs.parse` can report a bad value exactly as it was written.
Problems with whole files (missing, empty, not UTF-8, wrong separator) are collected, never
raised.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from wsoa_analysis.errors import Problem
from wsoa_analysis.inputs import schema

HEADER_ROW = 1  # the header is row 1 of a sheet; data start on row 2


def sheet_row(index) -> int:
    """The row a spreadsheet user sees for a frame's 0-based row label.

    >>> sheet_row(0)
    2
    """
    return int(index) + HEADER_ROW + 1


@dataclass
class RawTable:
    name: str
    source: str  # what messages call it: "kpis.csv" or "data.xlsx sheet kpis"
    frame: pd.DataFrame | None  # every cell as text; None when it could not be read


def _whole_file(source: str, message: str) -> Problem:
    return Problem(source, None, None, None, message)


def _read_csv_text(path: Path, problems: list[Problem]) -> pd.DataFrame | None:
    source = path.name
    data = path.read_bytes()
    if not data.strip(b"\xef\xbb\xbf \t\r\n"):
        problems.append(
            _whole_file(source, "the file is empty (expected a header row and data rows)")
        )
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        problems.append(
            _whole_file(source, f"is not UTF-8 text (byte {err.start}); save it as 'CSV UTF-8'")
        )
        return None
    try:
        frame = pd.read_csv(
            io.StringIO(text), dtype=str, keep_default_na=False, skip_blank_lines=True
        )
    except pd.errors.ParserError as err:
        problems.append(_whole_file(source, f"cannot be read as CSV ({err})"))
        return None
    if frame.shape[1] == 1:
        header = frame.columns[0]
        for sep, name in ((";", "semicolons"), ("\t", "tabs"), ("|", "bars")):
            if sep in header:
                problems.append(
                    Problem(
                        source,
                        HEADER_ROW,
                        None,
                        header[:60],
                        f"columns are separated by {name}; save the file as comma-separated CSV",
                    )
                )
                return None
    return frame


def _cell_text(value) -> str:
    """A workbook cell as the text it would be in a CSV.

    >>> _cell_text(dt.datetime(2022, 8, 31)), _cell_text(61.0), _cell_text(None)
    ('2022-08-31', '61', '')
    """
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_sheet(ws, source: str, problems: list[Problem]) -> pd.DataFrame | None:
    rows = [[_cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        problems.append(
            _whole_file(source, "the sheet is empty (expected a header row and data rows)")
        )
        return None
    header = rows[0]
    while header and not header[-1].strip():
        header = header[:-1]
    body = [(r + [""] * len(header))[: len(header)] for r in rows[1:]]
    return pd.DataFrame(body, columns=header, dtype=str)


def _empty(table: schema.Table) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype=str) for c in table.column_names})


def _read_workbook(location: Path, problems: list[Problem]) -> list[RawTable]:
    import openpyxl  # only workbooks need it; keeps reading CSVs light

    try:
        wb = openpyxl.load_workbook(location, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many kinds for a damaged file
        problems.append(
            _whole_file(location.name, f"cannot be opened as an Excel workbook ({err})")
        )
        return []
    raws = []
    sheets = {name.strip().lower(): name for name in wb.sheetnames}
    for table in schema.TABLES.values():
        source = f"{location.name} sheet {table.name}"
        if table.name in sheets:
            frame = _read_sheet(wb[sheets[table.name]], source, problems)
        elif table.name in schema.OPTIONAL_TABLES:
            frame = _empty(table)
        else:
            problems.append(_whole_file(location.name, f"has no sheet named {table.name!r}"))
            frame = None
        raws.append(RawTable(table.name, source, frame))
    wb.close()
    return raws


def _read_folder(location: Path, problems: list[Problem]) -> list[RawTable]:
    raws = []
    for table in schema.TABLES.values():
        path = location / f"{table.name}.csv"
        if path.exists():
            frame = _read_csv_text(path, problems)
        elif table.name in schema.OPTIONAL_TABLES:
            frame = _empty(table)
        else:
            expected = ", ".join(table.column_names)
            problems.append(
                _whole_file(path.name, f"the file is missing (expected columns: {expected})")
            )
            frame = None
        raws.append(RawTable(table.name, path.name, frame))
    return raws


def read_raw_tables(location: Path) -> tuple[list[RawTable], list[Problem]]:
    """Every table of the contract from a directory of CSVs or an ``.xlsx`` workbook, as text,
    with the problems that stopped any of them being read."""
    location = Path(location)
    problems: list[Problem] = []
    if location.is_file() and location.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_workbook(location, problems), problems
    if not location.is_dir():
        problems.append(
            _whole_file(str(location), "is neither a data directory nor an .xlsx workbook")
        )
        return [], problems
    return _read_folder(location, problems), problems
