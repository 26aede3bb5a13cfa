"""An area's statistical neighbours: from DfE's neighbour workbook, or from a list of codes.

DfE's workbooks (e.g. ``sn_may_2025.xlsx``) name authorities by their old three-digit LA
number; the EES files pair those numbers with the new (ONS) codes (:mod:`.codes`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from wsoa_analysis.errors import InputError, ParameterError, Problem
from wsoa_analysis.importers.dfe.codes import current_code, old_code

NEIGHBOUR_COLUMNS = ("rank", "old_la_code", "area_code", "area_name", "closeness", "source")
"""Columns of the statistical neighbours table, in order."""


def statistical_neighbours(
    xlsx_path: str | Path, old_la_code: str | int, codes: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The ten statistical neighbours of one local authority, from DfE's neighbour workbook.

    The workbook has three header rows (column letters, column numbers, then the names
    ``LA num``, ``LA Name``, ..., ``SN1``, ``SNP``, ..., ``SN10``, ``SNP``), then one row per
    authority, named by its old three-digit LA number. ``SN1`` to ``SN10`` hold the
    neighbours' LA numbers, closest first, each with a word for how close it is in the column
    beside it. The main table ends at the first row with no LA number; what follows (an "Old
    SNs" section for authorities that no longer exist) is not read.

    Parameters
    ----------
    xlsx_path : str or Path
        The workbook, e.g. ``sn_may_2025.xlsx``.
    old_la_code : str or int
        The authority's old three-digit LA number.
    codes : pandas.DataFrame, optional
        Pairs of old and new codes, as returned by :func:`.codes.la_codes`. Each neighbour's
        new (ONS) code is the one paired with its LA number in the most recent period.
        Without it, ``area_code`` is left empty.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`NEIGHBOUR_COLUMNS`, one row per neighbour in rank order: rank (1 to
        10), old LA number, new code, name as the workbook gives it, closeness as written
        (e.g. "Very Close") and the workbook, sheet and row it comes from.

    Raises
    ------
    InputError
        If the workbook has no header row with SN1 to SN10, a neighbour cell is not an LA
        number, or (with ``codes``) a neighbour has no new code or more than one.
    ParameterError
        If the authority is not in the workbook's main table, or the workbook gives it no
        neighbours.
    """
    path = Path(xlsx_path)
    wanted = old_code(old_la_code)
    if wanted is None:
        raise ParameterError(f"{old_la_code!r} is not an old three-digit LA number")
    sheet, name_col, sn_cols, table = _read_workbook(path)

    by_code = {code: (row, cells) for row, code, cells in table}
    if wanted not in by_code:
        raise ParameterError(
            f"{path}: LA number {wanted} is not in the main table of sheet {sheet!r}"
        )
    row, cells = by_code[wanted]
    source = f"DfE statistical neighbours, {path.name}, sheet '{sheet}', row {row}"
    records = _workbook_records(cells, sn_cols, by_code, name_col, (str(path), row, source))
    if not records:
        raise ParameterError(
            f"{path}: the workbook gives LA number {wanted} no neighbours (row {row})"
        )
    if codes is not None:
        _add_new_codes(records, codes, str(path), row)
    return _neighbour_frame(records)


def _read_workbook(path: Path):
    import openpyxl  # only needed here

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise InputError([Problem(str(path), None, None, None, "file not found")]) from None
    try:
        return _neighbour_rows(book, str(path))
    finally:
        book.close()


def _neighbour_rows(book, source: str):
    """The sheet's title, the name column, the SN1..SN10 columns and the main table's rows
    (spreadsheet row number, LA number, cells) of a neighbour workbook."""
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        for index, cells in enumerate(rows[:20]):
            heads = [str(c).strip().lower() if c is not None else "" for c in cells]
            if all(f"sn{k}" in heads for k in range(1, 11)):
                sn_cols = [heads.index(f"sn{k}") for k in range(1, 11)]
                number_col = next((i for i, h in enumerate(heads) if h == "la num"), 0)
                name_col = next((i for i, h in enumerate(heads) if h == "la name"), 1)
                table = []
                for row, data in enumerate(rows[index + 1 :], start=index + 2):
                    code = old_code(data[number_col] if number_col < len(data) else None)
                    if code is None:
                        break
                    table.append((row, code, data))
                return sheet.title, name_col, sn_cols, table
    raise InputError(
        [Problem(source, None, None, None, "no sheet has a header row with columns SN1 to SN10")]
    )


def _workbook_records(cells, sn_cols, by_code, name_col, where) -> list[dict]:
    """The neighbours in one authority's row: rank, LA number, name, closeness, source."""
    path, row, source = where
    problems, records = [], []
    for rank, col in enumerate(sn_cols, start=1):
        cell = cells[col] if col < len(cells) else None
        closeness = cells[col + 1] if col + 1 < len(cells) else None
        if cell is None or str(cell).strip() in ("", "-"):
            continue
        code = old_code(cell)
        if code is None:
            problems.append(Problem(path, row, f"SN{rank}", str(cell), "is not an LA number"))
            continue
        name = by_code[code][1][name_col] if code in by_code else None
        records.append(
            {
                "rank": rank,
                "old_la_code": code,
                "area_code": None,
                "area_name": None if name is None else str(name).strip(),
                "closeness": None if closeness is None else str(closeness).strip(),
                "source": source,
            }
        )
    if problems:
        raise InputError(problems)
    return records


def _add_new_codes(records: list[dict], codes: pd.DataFrame, path: str, row: int) -> None:
    """Give each neighbour the new code paired with its LA number (and a name if it has
    none); every neighbour without exactly one such code is a problem."""
    problems = []
    for record in records:
        where = (path, row, f"SN{record['rank']}", record["old_la_code"])
        try:
            new = current_code(codes, "old_la_code", record["old_la_code"], "new_la_code")
        except ValueError as exc:
            problems.append(Problem(*where, f"in the EES files, {exc}"))
            continue
        if new is None:
            message = "no EES file has this LA number, so it has no new code"
            problems.append(Problem(*where, message))
            continue
        record["area_code"] = new
        if record["area_name"] is None:
            record["area_name"] = current_code(
                codes, "old_la_code", record["old_la_code"], "la_name"
            )
    if problems:
        raise InputError(problems)


def neighbours_from_codes(
    neighbour_codes: Sequence[str], codes: pd.DataFrame, source: str, setting: str
) -> pd.DataFrame:
    """The statistical neighbours table for a list of new (ONS) codes, in the order given.

    Parameters
    ----------
    neighbour_codes : sequence of str
        The neighbours' codes, closest first.
    codes : pandas.DataFrame
        Pairs of old and new codes (:func:`.codes.la_codes`), for each neighbour's LA number
        and its newest name.
    source : str
        The ``source`` column, e.g. where the list was taken from.
    setting : str
        How to name the list in error messages, e.g. ``"params/area.yaml: setting
        'area.statistical_neighbours.codes'"``.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`NEIGHBOUR_COLUMNS`; ``closeness`` is left empty.

    Raises
    ------
    ParameterError
        If a code is not a local authority in any of the EES files.
    """
    records, unknown = [], []
    for rank, code in enumerate(neighbour_codes, start=1):
        try:
            number = current_code(codes, "new_la_code", code, "old_la_code")
        except ValueError as exc:
            raise ParameterError(f"{setting}: {code}: in the DfE files, {exc}") from exc
        if number is None:
            unknown.append(code)
            continue
        name = current_code(codes, "new_la_code", code, "la_name")
        records.append(
            {
                "rank": rank,
                "old_la_code": number,
                "area_code": code,
                "area_name": name,
                "closeness": None,
                "source": source,
            }
        )
    if unknown:
        raise ParameterError(
            f"{setting}: {', '.join(unknown)} is not a local authority in any of the DfE files"
        )
    return _neighbour_frame(records)


def _neighbour_frame(records: list[dict]) -> pd.DataFrame:
    result = pd.DataFrame.from_records(records, columns=list(NEIGHBOUR_COLUMNS))
    result["rank"] = result["rank"].astype("int64")
    for name in NEIGHBOUR_COLUMNS[1:]:
        values = result[name]
        result[name] = values.astype(str).where(values.notna())
    return result
