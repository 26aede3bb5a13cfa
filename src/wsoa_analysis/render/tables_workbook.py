"""A workbook of tables for readers to download: one sheet per table, plus a notes sheet.

Guarded against spreadsheet formula injection: text that a spreadsheet could read as a formula
is given a leading apostrophe (OWASP's advice on CSV injection); numbers stay numbers and dates
are date cells. The same tables always give the same bytes (see ``inputs.xlsx_file``).
"""

from __future__ import annotations

import datetime as dt
import decimal
import numbers
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

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

# What a spreadsheet may read as the start of a formula (with the full-width forms some
# locales accept), after any spaces and control characters; a tab or carriage return after
# spaces is refused too (OWASP's list).
_FORMULA_STARTS = ("=", "+", "-", "@", "＝", "＋", "－", "＠")
_CONTROL_STARTS = ("\t", "\r")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _is_blank(character: str) -> bool:
    """Whitespace, a control character (``\\x00``-``\\x1f``, ``\\x7f``...) or an invisible
    format character (a zero-width space, a byte order mark): dropped or unseen by a
    spreadsheet, so never a reason to read what follows as text."""
    return character.isspace() or unicodedata.category(character) in ("Cc", "Cf")


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet could read ``text`` as a formula.

    True when it begins, after any whitespace and control or invisible characters, with
    ``=``, ``+``, ``-``, ``@`` (or their full-width forms); or, after spaces, with a tab or a
    carriage return.

    >>> looks_like_formula("\\x00=HYPERLINK(\\"x\\")"), looks_like_formula(" \\t1")
    (True, True)
    >>> looks_like_formula("Plans = 5"), looks_like_formula("")
    (False, False)
    """
    start = next((i for i, c in enumerate(text) if not _is_blank(c)), len(text))
    return text[start:].startswith(_FORMULA_STARTS) or text.lstrip(" ").startswith(_CONTROL_STARTS)


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


def safe_cell_text(value) -> str:
    """A cell as text (what a text cell of the workbook holds), guarded against formula injection.

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
        return number_text(value) if np.isfinite(float(value)) else safe_text(str(value))
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
    return excel_text(safe_cell_text(value))


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
    header(ws, headings, len(frame))
    for i, row in enumerate(frame.itertuples(index=False, name=None), start=2):
        for j, value in enumerate(row, start=1):
            cell_value = _download_cell(value)
            if cell_value is None:
                continue
            cell = put(ws, i, j, cell_value)
            if isinstance(cell_value, dt.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(cell_value, dt.date):
                cell.number_format = DATE_FORMAT
    for j, heading in enumerate(headings, start=1):
        sample = frame.iloc[:200, j - 1].map(safe_cell_text)
        ws.column_dimensions[get_column_letter(j)].width = column_width([heading, *sample])


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
    ``@cmd``, also after spaces, a tab or any control character) is written as text with a
    leading apostrophe, so it is never evaluated, even when the cell is edited.
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
        "Text that a spreadsheet could read as a formula (beginning =, +, -, @, also after "
        "spaces or control characters) is shown with a leading apostrophe, so that it is "
        "never run.",
        "",
    ]
    row = 0
    for row, line in enumerate(lines, start=1):
        if line:
            put(notes_ws, row, 1, excel_text(safe_text(line)))
    for j, head in enumerate(("sheet", "table", "rows"), start=1):
        put(notes_ws, row + 1, j, head).font = BOLD
    for i, (sheet, name, rows) in enumerate(index, start=row + 2):
        put(notes_ws, i, 1, safe_text(sheet))
        put(notes_ws, i, 2, excel_text(safe_text(name)))
        put(notes_ws, i, 3, rows)
    notes_ws.column_dimensions["A"].width = 34
    notes_ws.column_dimensions["B"].width = 40
    fix_properties(wb, "Data behind the charts and tables")
    return save(wb, path)
