"""The data-entry workbook: an Excel file an analyst fills in instead of the CSVs.

It has the shape of the contract in ``schema``: a "notes" sheet saying how to fill it in and
what every column means, then one sheet per table named after the table, the headings in
contract order, each with a note saying what its column holds; drop-down lists on coded, BRAG
and yes/no columns, and on id columns that refer to another sheet (the ids in that sheet, as
they are when the list is opened). The lists reach :data:`TEMPLATE_ROWS` rows below the data,
so rows added at the end have them too. An analyst can start from an empty template
(:func:`write_template`) or from a data folder (:func:`export_workbook`);
:func:`~wsoa_analysis.inputs.workbook_import.import_workbook` checks a filled-in workbook and
only then writes the data folder's CSVs.

The same contract and data always give the same bytes (see ``xlsx_file``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import openpyxl
import pandas as pd
from openpyxl.comments import Comment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from wsoa_analysis.errors import ParameterError
from wsoa_analysis.inputs import schema
from wsoa_analysis.inputs.load import Dataset, load_dataset
from wsoa_analysis.inputs.workbook_notes import (
    REFERENCES,
    column_help,
    notes_sheet,
    vocabulary,
)
from wsoa_analysis.inputs.xlsx_file import (
    BOOL_VALUES,
    DATE_FORMAT,
    NOTES_SHEET,
    column_width,
    excel_text,
    fix_properties,
    header,
    put,
    save,
)

TEMPLATE_ROWS = 1000  # drop-down lists cover rows 2..1000, and 999 rows below any data
COMMENT_AUTHOR = "wsoa"
# Text columns are formatted as text, so Excel keeps "1.10" and "July 2022" as typed.
NUMBER_FORMATS = {
    "text": "@",
    "code": "@",
    "bool": "@",
    "date": DATE_FORMAT,
    "number": "General",
    "integer": "General",
}

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


def _reference_validation(
    table: str, column: str, source: tuple[str, str], last_rows: dict[str, int], letter: str
) -> DataValidation:
    """A drop-down of the ids in another sheet's id column, as they are when it is opened
    (a range that grows with the ids entered there, so a new id is offered at once). An id
    not in it is warned about, not refused: it may be entered before its row is."""
    sheet, key = source
    col = get_column_letter(schema.TABLES[sheet].column_names.index(key) + 1)
    ids = f"'{sheet}'!${col}$2:${col}${last_rows[sheet]}"
    dv = DataValidation(
        type="list",
        formula1=f"OFFSET('{sheet}'!${col}$2,0,0,MAX(1,COUNTA({ids})),1)",
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle="Not a known id",
        error=f"{table}.{column} must be one of the {key} values on the {sheet} sheet; "
        f"add the row there first.",
    )
    dv.add(f"{letter}2:{letter}{last_rows[table]}")
    return dv


def _heading_note(table: str, column: schema.Column, statuses=None) -> Comment:
    text = column_help(table, column, statuses)
    lines = sum(1 + len(line) // 48 for line in text.splitlines())
    return Comment(text, COMMENT_AUTHOR, height=20 + 16 * lines, width=320)


def _table_sheet(
    ws, table: schema.Table, frame: pd.DataFrame | None, last_rows: dict[str, int], statuses
) -> None:
    rows = 0 if frame is None else len(frame)
    header(ws, table.column_names, rows)
    for j, column in enumerate(table.columns, start=1):
        letter = get_column_letter(j)
        fmt = NUMBER_FORMATS[column.kind]
        ws.cell(row=1, column=j).comment = _heading_note(table.name, column, statuses)
        values = [] if frame is None else frame[column.name].tolist()
        for i, value in enumerate(values, start=2):
            cell_value = _cell_value(value, column.kind)
            if cell_value is not None:
                put(ws, i, j, cell_value).number_format = fmt
        ws.column_dimensions[letter].number_format = fmt  # for rows typed in later
        ws.column_dimensions[letter].width = column_width(
            [column.name, column.example, *(v for v in values[:200] if not pd.isna(v))]
        )
        allowed = vocabulary(table.name, column, statuses)
        last_row = last_rows[table.name]
        if allowed:
            ws.add_data_validation(
                _list_validation(table.name, column.name, allowed, last_row, letter)
            )
        elif (table.name, column.name) in REFERENCES:
            source = REFERENCES[(table.name, column.name)]
            ws.add_data_validation(
                _reference_validation(table.name, column.name, source, last_rows, letter)
            )


def _data_workbook(tables: dict[str, pd.DataFrame], title: str, statuses=None) -> openpyxl.Workbook:
    """The workbook: notes, then a sheet per table (``statuses``: the area's status words,
    for the status column's drop-down list; the BRAG words where None)."""
    wb = openpyxl.Workbook()
    notes_sheet(wb.active, statuses)
    wb.active.title = NOTES_SHEET
    last_rows = {
        name: len(tables[name]) + TEMPLATE_ROWS if name in tables else TEMPLATE_ROWS
        for name in schema.TABLES
    }
    for table in schema.TABLES.values():
        sheet = wb.create_sheet(table.name)
        _table_sheet(sheet, table, tables.get(table.name), last_rows, statuses)
    fix_properties(wb, title)
    return wb


def write_template(path: Path, *, force: bool = False, statuses=None) -> Path:
    """Write an empty data-entry workbook: a notes sheet, then one sheet per table.

    Parameters
    ----------
    path : Path
        The ``.xlsx`` file to write.
    force : bool
        Replace ``path`` if it exists; without it an existing file (perhaps a filled-in
        workbook) is refused with :class:`~wsoa_analysis.errors.ParameterError`.
    statuses : list of StatusWord, optional
        The area's status words (``plan.statuses``), offered in the status column's list;
        the workbook's BRAG words where None.

    Returns
    -------
    Path
        ``path``.

    Notes
    -----
    Each table's sheet has the contract's headings in row 1 (bold, frozen, with a filter,
    each with a note saying what its column holds), date columns formatted ``yyyy-mm-dd``,
    text columns formatted as text, and drop-down lists on rows 2 to 1000 of every coded,
    BRAG status and yes/no column and of every id column that refers to another sheet. The
    same contract always gives the same bytes.
    """
    return _save_new(_data_workbook({}, "WSoA data: template", statuses), Path(path), force)


def export_workbook(
    data: Dataset | Path | str, xlsx: Path, *, force: bool = False, statuses=None
) -> Path:
    """Write a data set as a data-entry workbook, in the template's shape.

    Parameters
    ----------
    data : Dataset or Path or str
        A loaded :class:`~wsoa_analysis.inputs.load.Dataset`, or a data folder or workbook to
        load (and validate) with :func:`~wsoa_analysis.inputs.load.load_dataset`.
    xlsx : Path
        The ``.xlsx`` file to write.
    force : bool
        Replace ``xlsx`` if it exists; without it an existing file is refused with
        :class:`~wsoa_analysis.errors.ParameterError`, before anything is read.
    statuses : list of StatusWord, optional
        The area's status words: the data's statuses are read as them, and the status
        column's list offers them (the workbook's BRAG words where None).

    Returns
    -------
    Path
        ``xlsx``.

    Notes
    -----
    Values are written as :func:`~wsoa_analysis.inputs.load.load_dataset` parsed them: numbers as
    numbers, dates as date cells, yes/no as ``yes`` or ``no``, text as text cells (so a value
    beginning with ``=`` is shown, never evaluated, and comes back unchanged). Every table
    gets a sheet, an optional table without data an empty one. The drop-down lists reach
    999 rows below the data, for rows added at the end.
    """
    _refuse_existing(Path(xlsx), force)
    dataset = data if isinstance(data, Dataset) else load_dataset(data, statuses)
    wb = _data_workbook(dataset.tables, "WSoA data", statuses)
    return _save_new(wb, Path(xlsx), force)


def _refuse_existing(path: Path, force: bool) -> None:
    if not force and os.path.lexists(path):
        raise ParameterError(
            f"{path} exists and may hold data typed in: nothing was written. "
            "Give --force to replace it, or another file name."
        )


def _save_new(wb: openpyxl.Workbook, path: Path, force: bool) -> Path:
    """Save ``wb`` as ``path``; unless ``force``, only if no file is there, even one made
    while the workbook was being laid out (it is linked into place, which never replaces)."""
    _refuse_existing(path, force)
    if force:
        return save(wb, path)
    part = path.with_name(f".{path.name}.{os.getpid()}.new")
    try:
        save(wb, part)
        try:
            os.link(part, path)
        except FileExistsError:
            _refuse_existing(path, force)
            raise
        except OSError:  # no hard links on this file system: create it, never replacing
            with open(path, "xb") as f:
                f.write(part.read_bytes())
    finally:
        part.unlink(missing_ok=True)
    return path
