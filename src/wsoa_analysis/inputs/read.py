"""Read every table of the contract as text: a directory of CSVs or an Excel workbook.

Nothing is interpreted here: every cell comes back as the text a spreadsheet user typed, so
that :mod:`~wsoa_analysis.inputs.parse` can report a bad value exactly as it was written.
Problems with whole files (missing, empty, not UTF-8, wrong separator) are collected, never
raised.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from wsoa_analysis.errors import Problem
from wsoa_analysis.inputs import schema
from wsoa_analysis.inputs.excel_cells import cell_text

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
    if _too_many_fields(text, source, problems):
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


def _too_many_fields(text: str, source: str, problems: list[Problem]) -> bool:
    """Whether any row has more values than the header has columns (each such row is a
    problem): read on, the first column would silently become the rows' labels."""
    try:
        records = [r for r in csv.reader(io.StringIO(text)) if any(c.strip() for c in r)]
    except csv.Error:
        return False  # pandas says what is wrong
    if not records:
        return False
    width = len(records[0])
    found = [
        Problem(
            source,
            number,
            None,
            None,
            f"has {len(r)} values but the header has {width} columns (a value with a comma "
            "in it must be in double quotes)",
        )
        for number, r in enumerate(records[1:], start=HEADER_ROW + 1)
        if len(r) > width
    ]
    problems.extend(found)
    return bool(found)


def _read_sheet(ws, formulas, source: str, problems: list[Problem]) -> pd.DataFrame | None:
    """A sheet's cells as text, each row labelled so that :func:`sheet_row` gives the row
    Excel shows (blank rows are left out). A formula whose value was never saved (the
    workbook was written by a program, not saved in Excel) is a problem, not an empty cell:
    its place is kept in ``attrs["formulas"]`` so that it is not reported as empty too."""
    rows, labels, unsaved = [], [], {}
    header: list[str] | None = None
    for number, (values, cells) in enumerate(
        zip(ws.iter_rows(values_only=True), formulas.iter_rows(), strict=False), start=1
    ):
        # a percentage typed as one (59%) is read as 59, not the 0.59 Excel stores
        formats = [getattr(c, "number_format", None) for c in cells]
        formats += [None] * (len(values) - len(formats))
        texts = [cell_text(v, f) for v, f in zip(values, formats, strict=False)]
        blank = True
        for j, (value, cell) in enumerate(zip(values, cells, strict=False)):
            if value is None and getattr(cell, "data_type", None) == "f":
                unsaved[number, j], blank = str(cell.value), False
        if blank and not any(c.strip() for c in texts):
            continue
        if header is None:
            header = texts
            continue
        rows.append(texts)
        labels.append(number - HEADER_ROW - 1)
    if header is None:
        problems.append(
            _whole_file(source, "the sheet is empty (expected a header row and data rows)")
        )
        return None
    while header and not header[-1].strip():
        header = header[:-1]
    body = [(r + [""] * len(header))[: len(header)] for r in rows]
    frame = pd.DataFrame(body, columns=header, index=labels, dtype=str)
    frame.attrs["formulas"] = set()
    for (number, j), formula in sorted(unsaved.items()):
        column = header[j].strip() if j < len(header) else None
        problems.append(
            Problem(
                source,
                number,
                column,
                formula,
                "is a formula without a saved value: open the workbook in Excel and save it, "
                "so that the value is saved with the formula",
            )
        )
        frame.attrs["formulas"].add((number, (column or "").lower()))
    return frame


def _empty(table: schema.Table) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype=str) for c in table.column_names})


def _table_sheets(wb, book: str, problems: list[Problem]) -> tuple[dict[str, str], set[str]]:
    """The sheet each table is read from: the visible sheet named exactly after it. A hidden
    sheet of that name is refused (nobody can see what it holds); a sheet named after it but
    for case or spaces (``Kpis``, ``kpis ``) is refused unless the exact one is there; other
    hidden sheets are ignored. Returns the sheets and the tables already reported."""
    found, reported = {}, set()
    states = {ws.title: ws.sheet_state for ws in wb.worksheets}
    for name in schema.TABLES:
        if name in states and states[name] == "visible":
            found[name] = name
            continue
        if name in states:
            problems.append(
                _whole_file(
                    book,
                    f"sheet {name!r} is hidden: unhide it (right-click a sheet tab, Unhide) "
                    "to use it, or delete it",
                )
            )
            reported.add(name)
            continue
        near = [t for t, st in states.items() if t.strip().lower() == name and st == "visible"]
        if near:
            problems.append(
                _whole_file(book, f"has a sheet named {near[0]!r}: rename it exactly {name!r}")
            )
            reported.add(name)
    return found, reported


def _read_workbook(location: Path, problems: list[Problem]) -> list[RawTable]:
    import openpyxl  # only workbooks need it; keeps reading CSVs light

    try:
        wb = openpyxl.load_workbook(location, read_only=True, data_only=True)
        formulas = openpyxl.load_workbook(location, read_only=True)
    except Exception as err:  # openpyxl raises many kinds for a damaged file
        problems.append(
            _whole_file(location.name, f"cannot be opened as an Excel workbook ({err})")
        )
        return []
    raws = []
    sheets, reported = _table_sheets(wb, location.name, problems)
    for table in schema.TABLES.values():
        source = f"{location.name} sheet {table.name}"
        if table.name in sheets:
            frame = _read_sheet(wb[table.name], formulas[table.name], source, problems)
        elif table.name in schema.OPTIONAL_TABLES and table.name not in reported:
            frame = _empty(table)
        else:
            if table.name not in reported:
                problems.append(_whole_file(location.name, f"has no sheet named {table.name!r}"))
            frame = None
        raws.append(RawTable(table.name, source, frame))
    wb.close()
    formulas.close()
    return raws


def _read_folder(location: Path, problems: list[Problem]) -> list[RawTable]:
    if (location / ".import-journal.json").exists():  # inputs.workbook_import.JOURNAL
        problems.append(
            _whole_file(
                str(location),
                "an import into this folder was stopped part way, so its tables are a mix "
                "of old and new: run the same wsoa import again, which completes it first",
            )
        )
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
