"""Importing a filled-in data-entry workbook (``inputs.workbook`` writes it): check it with
:func:`~wsoa_analysis.inputs.load.load_dataset`, then write the data folder's CSVs all or
none, keeping the text of every row that did not change (``csv_tables``).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import openpyxl

from wsoa_analysis.errors import ParameterError
from wsoa_analysis.files import fsync_dir
from wsoa_analysis.inputs import schema
from wsoa_analysis.inputs.csv_tables import TableChange, table_csv
from wsoa_analysis.inputs.load import load_dataset

JOURNAL = ".import-journal.json"  # in the data folder while an import's files are moved in


def _write_csv(text: str, path: Path) -> Path:
    with open(path, "wb") as f:
        f.write(text.encode("utf-8"))
        f.flush()
        os.fsync(f.fileno())
    return path


def _part(data_dir: Path, name: str) -> Path:
    return data_dir / f".{name}.import-part"


def finish_interrupted_import(data_dir: Path) -> list[str]:
    """Complete an import that was stopped while its CSVs were being moved into place: the
    journal names them, and each one's new text was written in full (and flushed to disk)
    before the first was moved, so completing it is always possible. Returns the names
    moved now ([] when no import was interrupted)."""
    data_dir = Path(data_dir)
    journal = data_dir / JOURNAL
    if not journal.exists():
        return []
    moved = []
    for name in json.loads(journal.read_text(encoding="utf-8"))["tables"]:
        if _part(data_dir, name).exists():
            os.replace(_part(data_dir, name), data_dir / name)
            moved.append(name)
    fsync_dir(data_dir)
    journal.unlink()
    return moved


def _write_tables(data_dir: Path, todo: list[tuple[str, str]]) -> None:
    """Every CSV in ``todo`` (text, file name) or none: each written beside its table and
    flushed, then a journal naming them, then each moved into place, then the journal
    removed. Stopped before the journal, nothing changed (the parts are removed if it can
    be); after it, :func:`finish_interrupted_import` completes it, and until then the
    folder is refused by every command that reads it."""
    data_dir.mkdir(parents=True, exist_ok=True)
    names = [name for _, name in todo]
    try:
        for text, name in todo:
            _write_csv(text, _part(data_dir, name))
        tmp = data_dir / f"{JOURNAL}.part"
        _write_csv(json.dumps({"tables": names}), tmp)
        os.replace(tmp, data_dir / JOURNAL)
        fsync_dir(data_dir)
    except BaseException:
        for name in [*names, JOURNAL]:
            _part(data_dir, name).unlink(missing_ok=True)
        (data_dir / f"{JOURNAL}.part").unlink(missing_ok=True)
        raise
    finish_interrupted_import(data_dir)


def _sheet_tables(xlsx: Path) -> set[str]:
    """The tables a workbook has a sheet for (names matched as the loader matches them)."""
    wb = openpyxl.load_workbook(xlsx, read_only=True)
    try:
        return {name.strip().lower() for name in wb.sheetnames}
    finally:
        wb.close()


def import_workbook(xlsx: Path, data_dir: Path, statuses=None) -> list[TableChange]:
    """Check a data-entry workbook and write it as a data folder, one CSV per table.

    Parameters
    ----------
    xlsx : Path
        The workbook, one sheet per table (as made by :func:`write_template` or
        :func:`export_workbook`).
    data_dir : Path
        The data folder to write into; made if missing. Files other than the tables' CSVs
        are left alone.
    statuses : list of StatusWord, optional
        The area's status words (``plan.statuses``), against which the statuses are checked;
        the workbook's BRAG words where None.

    Returns
    -------
    list of TableChange
        For each table, in contract order, its CSV's path and the rows added, changed and
        removed (:class:`~wsoa_analysis.inputs.csv_tables.TableChange`). An optional table
        with no sheet is not written, so a CSV of it already in ``data_dir`` is kept.

    Raises
    ------
    InputError
        The workbook has problems; every one is listed, naming its sheet, row, column and
        value. Nothing is written.
    ParameterError
        ``xlsx`` is not an ``.xlsx`` file.

    Notes
    -----
    A row whose values did not change keeps its line of the CSV byte for byte, and a cell
    whose value did not change keeps its text (``63.0`` stays ``63.0``), so a workbook
    exported and imported unedited gives back the same files and git shows only what was
    edited. Other cells are written as :func:`~wsoa_analysis.inputs.load.load_dataset`
    parsed them: dates ``YYYY-MM-DD``, numbers in their shortest form (``52``, not
    ``52.0``), yes/no as ``yes`` or ``no``, coded values normalised (``Higher`` becomes
    ``higher``), empty cells empty, columns in contract order, UTF-8 (see
    :mod:`~wsoa_analysis.inputs.csv_tables`). Only files that change are written, all or
    none: each is first written in full beside its table, then a journal names them, then
    they are moved into place (:func:`_write_tables`). An import stopped while they were
    being moved is completed by the next import (:func:`finish_interrupted_import`), and
    until then the folder is refused wherever it is read.
    """
    xlsx, data_dir = Path(xlsx), Path(data_dir)
    if not (xlsx.is_file() and xlsx.suffix.lower() in (".xlsx", ".xlsm")):
        raise ParameterError(f"{xlsx} is not an .xlsx workbook")
    finish_interrupted_import(data_dir)
    dataset = load_dataset(xlsx, statuses)
    present = _sheet_tables(xlsx)
    names = [
        name for name in schema.TABLES if name in present or name not in schema.OPTIONAL_TABLES
    ]
    results = [
        table_csv(dataset[name], schema.TABLES[name], data_dir / f"{name}.csv") for name in names
    ]
    todo = [(text, change.path.name) for text, change in results if change.rewritten]
    if todo:
        _write_tables(data_dir, todo)
    return [change for _, change in results]
