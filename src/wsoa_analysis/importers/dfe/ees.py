"""Reading EES CSV files as published: every cell as text, and figures or symbols.

DfE's "explore education statistics" (EES) files are tidy CSVs: one row per area, period and
filter value, one column per measure. Figures are not always numbers: EES uses symbols (``c``
suppressed, ``x`` not available, ``z`` not applicable, ``low`` rounds to zero, ``u`` low
reliability), and a symbol is kept as a symbol with no value, never read as zero.

The workbook's own loader (:mod:`wsoa_analysis.inputs.load`) is not used here: it is made for
data an analyst types, so it tidies values (drops ``%`` signs and thousands separators) and lets
pandas pad short rows. A published figure is taken exactly as published or refused.
"""

from __future__ import annotations

import csv
import math
import re
from pathlib import Path

import pandas as pd

from wsoa_analysis.errors import InputError, Problem
from wsoa_analysis.inputs.schema import BENCHMARK_SYMBOLS

ENGLAND = "E92000001"
"""ONS code for England, carried by the National rows in ``country_code``."""

SYMBOLS = tuple(BENCHMARK_SYMBOLS)
"""The EES symbols that stand in place of a figure: c, x, z, low, u."""

BLANK_MARKERS = ("..", ":")
"""Older-style markers for a figure that is not there. Kept as the symbol, never read as zero."""

LEVELS = ("National", "Regional", "Local authority")
"""The geographic levels extracted, in the order the benchmarks table is sorted."""

AREA_COLUMNS = {
    "National": ("country_code", "country_name"),
    "Regional": ("region_code", "region_name"),
    "Local authority": ("new_la_code", "la_name"),
}
"""Which columns hold the code and the name of the area, at each geographic level."""

DATE_DTYPE = "datetime64[ns]"

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def read_ees_csv(path: str | Path) -> pd.DataFrame:
    """Read one EES CSV file, every column as text.

    Parameters
    ----------
    path : str or Path
        The CSV file. A UTF-8 byte-order mark at its start is dropped.

    Returns
    -------
    pandas.DataFrame
        One row per data row of the file, every column holding text exactly as published
        (an empty cell is an empty string). The index is the row number a spreadsheet user
        would see, the header being row 1, so that problems can be reported by row.
        ``attrs["source"]`` holds the path, used to name the file in error messages.
        Column names are the header's, with surrounding spaces removed; a name that appears
        twice is kept twice, and extracting it is an error.

    Raises
    ------
    InputError
        If the file cannot be read, is empty, is not UTF-8 text, or has a row with a different
        number of fields from the header.
    """
    source = str(path)
    records = _records(Path(path))
    if not records or not any(field.strip() for field in records[0]):
        raise InputError([Problem(source, None, None, None, "is empty: no header row")])

    header = [name.strip() for name in records[0]]
    problems, rows, row_numbers = [], [], []
    for number, record in enumerate(records[1:], start=2):
        if not any(field.strip() for field in record):
            continue  # a blank line
        if len(record) != len(header):
            message = f"has {len(record)} fields but the header has {len(header)}"
            problems.append(Problem(source, number, None, None, message))
            continue
        rows.append(record)
        row_numbers.append(number)
    if problems:
        raise InputError(problems)

    if rows:
        index = pd.Index(row_numbers, name="row")
        table = pd.DataFrame(rows, columns=header, index=index, dtype=str)
    else:
        table = pd.DataFrame(
            {name: pd.Series([], dtype=str) for name in dict.fromkeys(header)},
            index=pd.Index([], dtype="int64", name="row"),
        )
    table.attrs["source"] = source
    return table


def _records(path: Path) -> list[list[str]]:
    """The file's records as lists of fields, or an InputError naming the file."""
    source = str(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return list(csv.reader(handle))
    except FileNotFoundError:
        problem = Problem(source, None, None, None, "file not found")
    except UnicodeDecodeError as exc:
        message = f"is not UTF-8 text ({exc.reason} at byte {exc.start})"
        problem = Problem(source, None, None, None, message)
    except csv.Error as exc:
        problem = Problem(source, None, None, None, f"is not a readable CSV: {exc}")
    raise InputError([problem])


def parse_figure(text: str) -> tuple[float, str | None]:
    """Read one published figure: a number, a symbol, or nothing.

    Parameters
    ----------
    text : str
        The cell as published. Surrounding spaces are ignored.

    Returns
    -------
    tuple of (float, str or None)
        ``(value, None)`` for a number, exactly as published (``"59.900000000000"`` gives
        59.9; nothing is rounded). ``(nan, symbol)`` for one of the :data:`SYMBOLS` (in lower
        case) or the :data:`BLANK_MARKERS`. ``(nan, None)`` for an empty cell.

    Raises
    ------
    ValueError
        For any other text, e.g. ``"12..3"``, ``"1,234"`` or ``"nan"``.

    Examples
    --------
    >>> parse_figure("59.900000000000")
    (59.9, None)
    >>> parse_figure("c")
    (nan, 'c')
    """
    cleaned = str(text).strip()
    if cleaned == "":
        return math.nan, None
    if _NUMBER.fullmatch(cleaned):
        return float(cleaned), None
    if cleaned.lower() in SYMBOLS:
        return math.nan, cleaned.lower()
    if cleaned in BLANK_MARKERS:
        return math.nan, cleaned
    raise ValueError(
        f"is neither a number nor a published symbol ({', '.join(SYMBOLS + BLANK_MARKERS)})"
    )
