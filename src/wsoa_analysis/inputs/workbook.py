"""Excel in and out: the data-entry workbook and the pack's "data behind the charts" download.

The data-entry workbook has the shape of the contract in ``schema``: a "notes" sheet saying how
to fill it in and what every column means, then one sheet per table named after the table, the
headings in contract order, drop-down lists on coded, BRAG and yes/no columns. An analyst can
start from an empty template (:func:`write_template`) or from a data folder
(:func:`export_workbook`); :func:`import_workbook` checks a filled-in workbook with
:func:`~wsoa_analysis.inputs.load.load_dataset` and only then writes the data folder's CSVs.

Downloads (:func:`write_tables_workbook`, :func:`write_tables_csv`) are guarded against
spreadsheet formula injection: text that a spreadsheet could read as a formula is given a
leading apostrophe (OWASP's advice on CSV injection); numbers stay numbers.

Workbooks are written the same way byte for byte from the same input: the document's
created and modified times and the zip entries' times are fixed (:data:`FIXED_TIME`).
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import numbers
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.writer.excel import ExcelWriter

from wsoa_analysis.domain.actions import BRAG_MEANINGS, BRAG_ORDER
from wsoa_analysis.errors import ParameterError
from wsoa_analysis.inputs import datadoc, schema
from wsoa_analysis.inputs.load import Dataset, load_dataset

# The earliest time a zip archive can record; used for the document's created and modified
# times and for every entry of the archive, so a workbook never depends on the clock.
FIXED_TIME = dt.datetime(1980, 1, 1)
NOTES_SHEET = "notes"
TEMPLATE_ROWS = 1000  # drop-down lists cover rows 2..1000 (further when the data are longer)
BOOL_VALUES = ("yes", "no")
DATE_FORMAT = "yyyy-mm-dd"
# Text columns are formatted as text, so Excel keeps "1.10" and "July 2022" as typed.
NUMBER_FORMATS = {
    "text": "@",
    "code": "@",
    "bool": "@",
    "date": DATE_FORMAT,
    "number": "General",
    "integer": "General",
}

# What a spreadsheet may read as the start of a formula (with the full-width forms some
# locales accept); tab and carriage return count only as the first character after spaces.
_FORMULA_STARTS = ("=", "+", "-", "@", "＝", "＋", "－", "＠")
_CONTROL_STARTS = ("\t", "\r")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")

HOW_TO = (
    "How to fill in this workbook",
    "One sheet per table, named after the table. Keep the sheet names and the headings in "
    "row 1 as they are; enter one record per row from row 2.",
    "An empty cell is a missing value. A column marked 'required' needs a value in every row.",
    "Dates: date cells, or text written YYYY-MM-DD (e.g. 2022-08-31). A date such as "
    "31/08/2022 is refused because it can be read two ways.",
    "Numbers: 57.5 or 6132. Percentages are 0 to 100.",
    "Coded columns, BRAG statuses and yes/no columns have a drop-down list of the allowed "
    "values (listed below); case and spaces are ignored.",
    "ehc_requests and benchmarks are optional: delete the sheet of a table you do not have. "
    "Importing writes no CSV for a missing sheet, so a CSV of it already in the data folder "
    "is kept; an empty sheet writes an empty table.",
    "Record-level data are about children: pseudonymous ids only, no names, dates of birth "
    "or addresses.",
    "Check the workbook with: wsoa validate --data FILE.xlsx. Every problem is listed at "
    "once, with its sheet, row, column and value. This notes sheet is not read.",
)


# --- the vocabulary of each column --------------------------------------------------------


def vocabulary(table: str, column: schema.Column) -> dict[str, str]:
    """The values a column may take, each with its meaning; empty when the column is free.

    Coded columns take their vocabulary from ``datadoc.VOCABULARIES``, ``action_updates.status``
    the BRAG statuses from ``actions``, ``benchmarks.symbol`` the published symbols, and yes/no
    columns ``yes`` or ``no``.
    """
    if (table, column.name) in datadoc.VOCABULARIES:
        return dict(datadoc.VOCABULARIES[(table, column.name)])
    if (table, column.name) == ("action_updates", "status"):
        return {status: BRAG_MEANINGS[status] for status in BRAG_ORDER}
    if (table, column.name) == ("benchmarks", "symbol"):
        return dict(schema.BENCHMARK_SYMBOLS)
    if column.kind == "bool":
        return dict.fromkeys(BOOL_VALUES, "")
    if column.kind == "code":
        return dict.fromkeys(column.allowed, "")
    return {}


# --- writing workbooks --------------------------------------------------------------------


def _excel_text(text: str) -> str:
    # control characters other than tab and line breaks cannot be stored in an .xlsx file
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def _put(ws, row: int, col: int, value):
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # text stays text: never a formula ("=...") or an error ("#N/A")
    return cell


def _width(texts: Iterable) -> float:
    longest = max((len(str(t)) for t in texts), default=0)
    return float(min(max(longest + 2, 8), 60))


def _header(ws, names: list[str], data_rows: int) -> None:
    for j, name in enumerate(names, start=1):
        _put(ws, 1, j, name).font = _BOLD
    ws.freeze_panes = "A2"
    if names:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(names))}{data_rows + 1}"


def _fix_properties(wb: openpyxl.Workbook, title: str) -> None:
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


def _save(wb: openpyxl.Workbook, path: Path) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        # ExcelWriter rather than Workbook.save, which stamps the modified time from the clock
        ExcelWriter(wb, archive).write_data()
    path = Path(path)
    _replace_file(path, _fixed_zip_times(buffer.getvalue()))
    return path


# --- the data-entry workbook --------------------------------------------------------------


def _list_validation(
    table: str, column: str, values: Iterable[str], last_row: int, letter: str
) -> DataValidation:
    values = list(values)
    listed = ", ".join(values)
    formula = '"' + ",".join(values) + '"'
    # Excel refuses a typed list longer than 255 characters or with a comma inside a value
    if len(formula) > 257 or any("," in v for v in values):
        raise ValueError(f"{table}.{column}: the allowed values cannot be an Excel list")
    dv = DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle="Not an allowed value",
        error=f"{table}.{column} must be one of: {listed}",
    )
    dv.add(f"{letter}2:{letter}{last_row}")
    return dv


def _cell_value(value, kind: str):
    """A parsed value of the contract as it goes into a data-entry sheet."""
    if pd.isna(value):
        return None
    if kind == "date":
        return pd.Timestamp(value).date()
    if kind == "bool":
        return BOOL_VALUES[0] if value else BOOL_VALUES[1]
    if kind == "integer":
        return int(value)
    if kind == "number":
        return float(value)
    return _excel_text(str(value))


def _table_sheet(ws, table: schema.Table, frame: pd.DataFrame | None) -> None:
    rows = 0 if frame is None else len(frame)
    last_row = max(TEMPLATE_ROWS, rows + 1)
    _header(ws, table.column_names, rows)
    for j, column in enumerate(table.columns, start=1):
        letter = get_column_letter(j)
        fmt = NUMBER_FORMATS[column.kind]
        values = [] if frame is None else frame[column.name].tolist()
        for i, value in enumerate(values, start=2):
            cell_value = _cell_value(value, column.kind)
            if cell_value is not None:
                _put(ws, i, j, cell_value).number_format = fmt
        ws.column_dimensions[letter].number_format = fmt  # for rows typed in later
        ws.column_dimensions[letter].width = _width(
            [column.name, column.example, *(v for v in values[:200] if not pd.isna(v))]
        )
        allowed = vocabulary(table.name, column)
        if allowed:
            ws.add_data_validation(
                _list_validation(table.name, column.name, allowed, last_row, letter)
            )


def _notes_sheet(ws) -> None:
    row = 1
    for line in HOW_TO:
        _put(ws, row, 1, line)
        row += 1
    ws["A1"].font = Font(bold=True, size=14)
    sections = [
        (
            "Tables",
            ["table", "one row per", "table needed", "", "meaning"],
            [
                [
                    t.name,
                    ", ".join(t.key),
                    "optional" if t.name in schema.OPTIONAL_TABLES else "required",
                    "",
                    t.description,
                ]
                for t in schema.TABLES.values()
            ],
        ),
        (
            "Columns",
            ["table", "column", "type", "required", "meaning", "example", "allowed values"],
            [
                [
                    t.name,
                    c.name,
                    datadoc.KINDS[c.kind],
                    datadoc.requirement(c),
                    c.description,
                    c.example,
                    ", ".join(vocabulary(t.name, c)),
                ]
                for t in schema.TABLES.values()
                for c in t.columns
            ],
        ),
        (
            "Allowed values",
            ["table", "column", "value", "meaning"],
            [
                [t.name, c.name, value, meaning]
                for t in schema.TABLES.values()
                for c in t.columns
                for value, meaning in vocabulary(t.name, c).items()
                if meaning
            ],
        ),
    ]
    for title, heads, body in sections:
        row += 1
        _put(ws, row, 1, title).font = Font(bold=True, size=12)
        row += 1
        for j, head in enumerate(heads, start=1):
            if head:
                _put(ws, row, j, head).font = _BOLD
        for values in body:
            row += 1
            for j, value in enumerate(values, start=1):
                if value:
                    _put(ws, row, j, value).alignment = _WRAP
    for letter, width in zip("ABCDEFG", (16, 24, 18, 16, 60, 24, 40), strict=True):
        ws.column_dimensions[letter].width = width


def _data_workbook(tables: dict[str, pd.DataFrame], title: str) -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    _notes_sheet(wb.active)
    wb.active.title = NOTES_SHEET
    for table in schema.TABLES.values():
        _table_sheet(wb.create_sheet(table.name), table, tables.get(table.name))
    _fix_properties(wb, title)
    return wb


def write_template(path: Path) -> Path:
    """Write an empty data-entry workbook: a notes sheet, then one sheet per table.

    Parameters
    ----------
    path : Path
        The ``.xlsx`` file to write (replaced if it exists).

    Returns
    -------
    Path
        ``path``.

    Notes
    -----
    Each table's sheet has the contract's headings in row 1 (bold, frozen, with a filter),
    date columns formatted ``yyyy-mm-dd``, text columns formatted as text, and drop-down
    lists on rows 2 to 1000 of every coded, BRAG status and yes/no column. The same
    contract always gives the same bytes.
    """
    return _save(_data_workbook({}, "WSoA data: template"), path)


def export_workbook(data: Dataset | Path | str, xlsx: Path) -> Path:
    """Write a data set as a data-entry workbook, in the template's shape.

    Parameters
    ----------
    data : Dataset or Path or str
        A loaded :class:`~wsoa_analysis.inputs.load.Dataset`, or a data folder or workbook to
        load (and validate) with :func:`~wsoa_analysis.inputs.load.load_dataset`.
    xlsx : Path
        The ``.xlsx`` file to write (replaced if it exists).

    Returns
    -------
    Path
        ``xlsx``.

    Notes
    -----
    Values are written as :func:`~wsoa_analysis.inputs.load.load_dataset` parsed them: numbers as
    numbers, dates as date cells, yes/no as ``yes`` or ``no``, text as text cells (so a value
    beginning with ``=`` is shown, never evaluated, and comes back unchanged). Every table
    gets a sheet, an optional table without data an empty one.
    """
    dataset = data if isinstance(data, Dataset) else load_dataset(data)
    return _save(_data_workbook(dataset.tables, "WSoA data"), xlsx)


# --- importing a workbook -----------------------------------------------------------------


def _number_text(value: float) -> str:
    """The shortest text that reads back as the same number, without a spurious ".0"."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def _csv_text(value, kind: str) -> str:
    """A parsed value of the contract as it is written to a data folder's CSV."""
    if pd.isna(value):
        return ""
    if kind == "date":
        return pd.Timestamp(value).date().isoformat()
    if kind == "bool":
        return BOOL_VALUES[0] if value else BOOL_VALUES[1]
    if kind == "integer":
        return str(int(value))
    if kind == "number":
        return _number_text(value)
    return str(value)


def _write_table_csv(frame: pd.DataFrame, table: schema.Table, path: Path) -> Path:
    columns = [frame[c.name].map(lambda v, k=c.kind: _csv_text(v, k)) for c in table.columns]
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(table.column_names)
        writer.writerows(zip(*columns, strict=True))
    return path


def _sheet_tables(xlsx: Path) -> set[str]:
    """The tables a workbook has a sheet for (names matched as the loader matches them)."""
    wb = openpyxl.load_workbook(xlsx, read_only=True)
    try:
        return {name.strip().lower() for name in wb.sheetnames}
    finally:
        wb.close()


def import_workbook(xlsx: Path, data_dir: Path) -> list[Path]:
    """Check a data-entry workbook and write it as a data folder, one CSV per table.

    Parameters
    ----------
    xlsx : Path
        The workbook, one sheet per table (as made by :func:`write_template` or
        :func:`export_workbook`).
    data_dir : Path
        The data folder to write into; made if missing. Files other than the tables' CSVs
        are left alone.

    Returns
    -------
    list of Path
        The CSVs written, in contract order. An optional table with no sheet is not
        written, so a CSV of it already in ``data_dir`` is kept.

    Raises
    ------
    InputError
        The workbook has problems; every one is listed, naming its sheet, row, column and
        value. Nothing is written.
    ParameterError
        ``xlsx`` is not an ``.xlsx`` file.

    Notes
    -----
    Cells are written as :func:`~wsoa_analysis.inputs.load.load_dataset` parsed them: dates
    ``YYYY-MM-DD``, numbers in their shortest form (``52``, not ``52.0``), yes/no as ``yes``
    or ``no``, coded values normalised (``Higher`` becomes ``higher``), empty cells empty,
    columns in contract order, UTF-8. All CSVs are first written to a temporary folder beside
    ``data_dir`` and then moved into place, so a failure never leaves half a data folder.
    """
    xlsx, data_dir = Path(xlsx), Path(data_dir)
    if not (xlsx.is_file() and xlsx.suffix.lower() in (".xlsx", ".xlsm")):
        raise ParameterError(f"{xlsx} is not an .xlsx workbook")
    dataset = load_dataset(xlsx)
    present = _sheet_tables(xlsx)
    names = [
        name for name in schema.TABLES if name in present or name not in schema.OPTIONAL_TABLES
    ]
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{data_dir.name}-import-", dir=data_dir.parent))
    try:
        staged = [
            _write_table_csv(dataset[name], schema.TABLES[name], staging / f"{name}.csv")
            for name in names
        ]
        data_dir.mkdir(exist_ok=True)
        for path in staged:
            os.replace(path, data_dir / path.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [data_dir / f"{name}.csv" for name in names]


# --- downloads: guarded against formula injection -----------------------------------------


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet could read ``text`` as a formula.

    True when it begins, after any spaces, with ``=``, ``+``, ``-``, ``@`` (or their
    full-width forms), a tab or a carriage return.
    """
    after_spaces = text.lstrip(" ")
    return after_spaces.startswith(_FORMULA_STARTS + _CONTROL_STARTS) or text.lstrip().startswith(
        _FORMULA_STARTS
    )


def safe_text(text: str) -> str:
    """``text`` with a leading apostrophe when a spreadsheet could read it as a formula."""
    return "'" + text if looks_like_formula(text) else text


def _is_missing(value) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or an array: not a single missing value
        return False


def _is_number(value) -> bool:
    return isinstance(value, numbers.Real | decimal.Decimal) and not isinstance(
        value, bool | np.bool_
    )


def _datetime_value(value) -> dt.date | dt.datetime | None:
    if isinstance(value, np.datetime64):
        value = pd.Timestamp(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            return None  # Excel has no time zones; written as text instead
        if isinstance(value, pd.Timestamp):
            value = value.to_pydatetime()
        return value.date() if value.time() == dt.time(0) else value
    if isinstance(value, dt.date):
        return value
    return None


def safe_csv_cell(value) -> str:
    """The text of one cell of a CSV download, guarded against formula injection.

    Parameters
    ----------
    value : object
        A cell of a table: text, a number, a date, a boolean or missing.

    Returns
    -------
    str
        Missing values empty; numbers in their shortest form (``-5``, ``2.5``, ``52``);
        dates ``YYYY-MM-DD``; booleans ``yes`` or ``no``; any text that a spreadsheet could
        read as a formula (see :func:`looks_like_formula`) with a leading apostrophe.
    """
    if _is_missing(value):
        return ""
    if isinstance(value, bool | np.bool_):
        return BOOL_VALUES[0] if value else BOOL_VALUES[1]
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if _is_number(value):  # "-inf" would be read as a formula
        return _number_text(value) if np.isfinite(float(value)) else safe_text(str(value))
    when = _datetime_value(value)
    if when is not None:
        return when.isoformat(sep=" ") if isinstance(when, dt.datetime) else when.isoformat()
    return safe_text(str(value))


def _download_cell(value):
    """One cell of a download workbook: numbers and dates as such, text guarded."""
    if _is_missing(value):
        return None
    if _is_number(value):
        number = int(value) if isinstance(value, numbers.Integral) else float(value)
        if isinstance(number, int) or np.isfinite(number):
            return number
    when = _datetime_value(value)
    if when is not None:
        return when
    return _excel_text(safe_csv_cell(value))


def safe_sheet_name(name: str, taken: Iterable[str] = ()) -> str:
    """A valid Excel sheet name for ``name``, different from every name in ``taken``.

    Characters Excel forbids (``[ ] : * ? / \\``) become ``_``; apostrophes at either end
    and control characters are dropped; the name is cut to 31 characters; an empty name
    becomes ``table``; a name already taken (Excel ignores case) gets `` (2)``, `` (3)``...
    """
    base = _SHEET_FORBIDDEN.sub("_", ILLEGAL_CHARACTERS_RE.sub("", str(name)))
    base = base.replace("\t", " ").replace("\n", " ").replace("\r", " ").strip(" '")
    if not base or base.lower() == "history":  # Excel reserves "History"
        base = f"{base or 'table'}_"
    used = {t.lower() for t in taken}
    candidate, n = base[:31].rstrip(" '"), 2
    while candidate.lower() in used:
        suffix = f" ({n})"
        candidate = base[: 31 - len(suffix)].rstrip(" '") + suffix
        n += 1
    return candidate


def _plain_frame(frame: pd.DataFrame | pd.Series) -> pd.DataFrame:
    """A frame as a download shows it: a named index becomes columns, headings flattened."""
    if isinstance(frame, pd.Series):
        frame = frame.to_frame()
    if any(n is not None for n in frame.index.names):
        frame = frame.reset_index()
    headings = [
        " / ".join(str(p) for p in c) if isinstance(c, tuple) else str(c) for c in frame.columns
    ]
    return frame.set_axis(headings, axis=1)


def _frame_sheet(ws, frame: pd.DataFrame) -> None:
    headings = [safe_text(h) for h in frame.columns]
    _header(ws, headings, len(frame))
    for i, row in enumerate(frame.itertuples(index=False, name=None), start=2):
        for j, value in enumerate(row, start=1):
            cell_value = _download_cell(value)
            if cell_value is None:
                continue
            cell = _put(ws, i, j, cell_value)
            if isinstance(cell_value, dt.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(cell_value, dt.date):
                cell.number_format = DATE_FORMAT
    for j, heading in enumerate(headings, start=1):
        sample = frame.iloc[:200, j - 1].map(safe_csv_cell)
        ws.column_dimensions[get_column_letter(j)].width = _width([heading, *sample])


def write_tables_workbook(tables: dict[str, pd.DataFrame], path: Path, notes: str = "") -> Path:
    """Write the data behind a pack's charts and tables: one sheet per table, plus notes.

    Parameters
    ----------
    tables : dict of str to DataFrame
        The tables, by name, in the order their sheets should appear. A named index (e.g.
        from a crosstab) is written as columns; an unnamed one is left out.
    path : Path
        The ``.xlsx`` file to write (replaced if it exists).
    notes : str, optional
        Text for the first sheet, "notes" (e.g. sources, periods, units), one row per line.

    Returns
    -------
    Path
        ``path``.

    Notes
    -----
    Sheet names are made valid and unique with :func:`safe_sheet_name`; the notes sheet
    lists which table each sheet holds. Numbers stay numbers (``-5`` is a number) and dates
    are date cells; text that a spreadsheet could read as a formula (``=1+1``, ``-2+3``,
    ``@cmd``, also after spaces or a tab) is written as text with a leading apostrophe, so it
    is never evaluated, even when the cell is edited.
    """
    wb = openpyxl.Workbook()
    notes_ws = wb.active
    notes_ws.title = NOTES_SHEET
    taken, index = [NOTES_SHEET], []
    for name, frame in tables.items():
        sheet = safe_sheet_name(name, taken)
        taken.append(sheet)
        plain = _plain_frame(frame)
        _frame_sheet(wb.create_sheet(sheet), plain)
        index.append((sheet, str(name), len(plain)))
    lines = [
        *notes.splitlines(),
        "",
        "Text that a spreadsheet could read as a formula (beginning =, +, -, @) is shown "
        "with a leading apostrophe, so that it is never run.",
        "",
    ]
    row = 0
    for row, line in enumerate(lines, start=1):
        if line:
            _put(notes_ws, row, 1, _excel_text(safe_text(line)))
    for j, head in enumerate(("sheet", "table", "rows"), start=1):
        _put(notes_ws, row + 1, j, head).font = _BOLD
    for i, (sheet, name, rows) in enumerate(index, start=row + 2):
        _put(notes_ws, i, 1, safe_text(sheet))
        _put(notes_ws, i, 2, _excel_text(safe_text(name)))
        _put(notes_ws, i, 3, rows)
    notes_ws.column_dimensions["A"].width = 34
    notes_ws.column_dimensions["B"].width = 40
    _fix_properties(wb, "Data behind the charts and tables")
    return _save(wb, path)


def _file_stem(name: str, taken: set[str]) -> str:
    stem = re.sub(r"[^a-z0-9]+", "_", str(name).lower()).strip("_")[:80] or "table"
    candidate, n = stem, 2
    while candidate in taken:
        candidate, n = f"{stem}_{n}", n + 1
    taken.add(candidate)
    return candidate


def write_tables_csv(tables: dict[str, pd.DataFrame], folder: Path) -> list[Path]:
    """Write the data behind a pack's charts and tables as CSVs, one per table.

    Parameters
    ----------
    tables : dict of str to DataFrame
        The tables, by name. A named index is written as columns.
    folder : Path
        Where to write them (made if missing). File names are the table names in lower case
        with anything but letters and digits as ``_``, made unique (``scorecard.csv``).

    Returns
    -------
    list of Path
        The CSVs written, in the order of ``tables``.

    Notes
    -----
    Every cell goes through :func:`safe_csv_cell`. Files are UTF-8 with a byte-order mark,
    which Excel needs to read anything beyond ASCII correctly.
    """
    folder = Path(folder)
    taken: set[str] = set()
    paths = []
    for name, frame in tables.items():
        plain = _plain_frame(frame)
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([safe_csv_cell(h) for h in plain.columns])
        writer.writerows(
            [safe_csv_cell(v) for v in row] for row in plain.itertuples(index=False, name=None)
        )
        path = folder / f"{_file_stem(name, taken)}.csv"
        _replace_file(path, out.getvalue().encode("utf-8-sig"))
        paths.append(path)
    return paths
