"""The data-entry workbook: an Excel file an analyst fills in instead of the CSVs.

It has the shape of the contract in ``schema``: a "notes" sheet saying how to fill it in and
what every column means, then one sheet per table named after the table, the headings in
contract order, drop-down lists on coded, BRAG and yes/no columns. An analyst can start from an
empty template (:func:`write_template`) or from a data folder (:func:`export_workbook`);
:func:`import_workbook` checks a filled-in workbook with
:func:`~wsoa_analysis.inputs.load.load_dataset` and only then writes the data folder's CSVs.

The same contract and data always give the same bytes (see ``xlsx_file``).
"""

from __future__ import annotations

import csv
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

import openpyxl
import pandas as pd
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from wsoa_analysis.errors import ParameterError
from wsoa_analysis.inputs import datadoc, schema
from wsoa_analysis.inputs.brag import BRAG_MEANINGS, BRAG_ORDER
from wsoa_analysis.inputs.load import Dataset, load_dataset
from wsoa_analysis.inputs.xlsx_file import (
    BOLD,
    BOOL_VALUES,
    DATE_FORMAT,
    NOTES_SHEET,
    column_width,
    excel_text,
    fix_properties,
    header,
    number_text,
    put,
    save,
)

TEMPLATE_ROWS = 1000  # drop-down lists cover rows 2..1000 (further when the data are longer)
# Text columns are formatted as text, so Excel keeps "1.10" and "July 2022" as typed.
NUMBER_FORMATS = {
    "text": "@",
    "code": "@",
    "bool": "@",
    "date": DATE_FORMAT,
    "number": "General",
    "integer": "General",
}
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
    return excel_text(str(value))


def _table_sheet(ws, table: schema.Table, frame: pd.DataFrame | None) -> None:
    rows = 0 if frame is None else len(frame)
    last_row = max(TEMPLATE_ROWS, rows + 1)
    header(ws, table.column_names, rows)
    for j, column in enumerate(table.columns, start=1):
        letter = get_column_letter(j)
        fmt = NUMBER_FORMATS[column.kind]
        values = [] if frame is None else frame[column.name].tolist()
        for i, value in enumerate(values, start=2):
            cell_value = _cell_value(value, column.kind)
            if cell_value is not None:
                put(ws, i, j, cell_value).number_format = fmt
        ws.column_dimensions[letter].number_format = fmt  # for rows typed in later
        ws.column_dimensions[letter].width = column_width(
            [column.name, column.example, *(v for v in values[:200] if not pd.isna(v))]
        )
        allowed = vocabulary(table.name, column)
        if allowed:
            ws.add_data_validation(
                _list_validation(table.name, column.name, allowed, last_row, letter)
            )


def _notes_sections() -> list[tuple[str, list[str], list[list[str]]]]:
    """The notes sheet's three tables: the tables, their columns, and the coded values."""
    return [
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


def _notes_sheet(ws) -> None:
    row = 1
    for line in HOW_TO:
        put(ws, row, 1, line)
        row += 1
    ws["A1"].font = Font(bold=True, size=14)
    for title, heads, body in _notes_sections():
        row += 1
        put(ws, row, 1, title).font = Font(bold=True, size=12)
        row += 1
        for j, head in enumerate(heads, start=1):
            if head:
                put(ws, row, j, head).font = BOLD
        for values in body:
            row += 1
            for j, value in enumerate(values, start=1):
                if value:
                    put(ws, row, j, value).alignment = _WRAP
    for letter, width in zip("ABCDEFG", (16, 24, 18, 16, 60, 24, 40), strict=True):
        ws.column_dimensions[letter].width = width


def _data_workbook(tables: dict[str, pd.DataFrame], title: str) -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    _notes_sheet(wb.active)
    wb.active.title = NOTES_SHEET
    for table in schema.TABLES.values():
        _table_sheet(wb.create_sheet(table.name), table, tables.get(table.name))
    fix_properties(wb, title)
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
    return save(_data_workbook({}, "WSoA data: template"), path)


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
    return save(_data_workbook(dataset.tables, "WSoA data"), xlsx)


# --- importing a workbook -----------------------------------------------------------------


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
        return number_text(value)
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
