"""Parse a table read as text into the contract's types, once, cell by cell.

Each column is parsed by its kind in :mod:`~wsoa_analysis.inputs.schema`: numbers to
``Float64``, whole numbers to ``Int64``, dates to ``datetime64``, yes/no to ``boolean``, coded
values to their vocabulary, text to ``string``. Required values, vocabularies and a column's
``minimum`` are checked here too, so every problem names the file, the row a spreadsheet user
sees, the column and the value as written. Messy but unambiguous input (spaces around a value,
``57.5%``, ``6,132``, ``Higher``) is accepted and each normalisation is recorded as a note.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from wsoa_analysis.errors import Problem
from wsoa_analysis.inputs import schema
from wsoa_analysis.inputs.read import HEADER_ROW, RawTable, sheet_row

#: The years a date may fall in: wider than any WSoA needs, and well inside what pandas
#: can hold (1677 to 2262), so a mistyped year (3021) is refused, never silently wrapped.
FIRST_YEAR, LAST_YEAR = 1900, 2199
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}( 00:00:00)?$")
_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$")
_BOOLS = {
    "yes": True,
    "y": True,
    "true": True,
    "1": True,
    "no": False,
    "n": False,
    "false": False,
    "0": False,
}
_DTYPES = {
    "number": "Float64",
    "integer": "Int64",
    "bool": "boolean",
    "text": "string",
    "code": "string",
}


def _below_minimum(column: schema.Column, value: float) -> str | None:
    """Why a value is below the column's minimum, or None when it is not.

    >>> _below_minimum(schema.Column("n", "number", "", minimum=0), -1)
    'must not be negative'
    >>> _below_minimum(schema.Column("n", "number", "", minimum=0, minimum_excluded=True), 0)
    'must be greater than zero'
    """
    low = column.minimum
    if low is None:
        return None
    if column.minimum_excluded and value <= low:
        return "must be greater than zero" if low == 0 else f"must be greater than {low:g}"
    if value < low:
        return "must not be negative" if low == 0 else f"must be at least {low:g}"
    return None


class _Cells:
    """Parses one column, recording problems and normalisations with their rows."""

    def __init__(
        self,
        source: str,
        column: schema.Column,
        problems: list[Problem],
        notes: list[Problem],
        reported: frozenset = frozenset(),
    ):
        self.source, self.column, self.problems, self.notes = source, column, problems, notes
        self.reported = reported  # (row, column) of cells already reported when read

    def problem(self, row: int, value: str | None, message: str) -> None:
        self.problems.append(Problem(self.source, row, self.column.name, value, message))

    def note(self, row: int, value: str, message: str) -> None:
        self.notes.append(Problem(self.source, row, self.column.name, value, message))

    def parse(self, texts: pd.Series) -> pd.Series:
        parser = getattr(self, f"_{self.column.kind}")
        out = []
        for idx, raw in texts.items():
            row = sheet_row(idx)
            text = raw.strip()
            if text != raw and text:
                self.note(row, raw, "spaces around the value were removed")
            if not text:
                if not self.column.nullable and (row, self.column.name) not in self.reported:
                    self.problem(row, None, "is empty (a value is required)")
                out.append(None)
                continue
            out.append(parser(row, text))
        if self.column.kind == "date":
            return pd.to_datetime(pd.Series(out, index=texts.index, dtype="object"))
        return pd.Series(out, index=texts.index, dtype=_DTYPES[self.column.kind])

    def _text(self, row: int, text: str):
        return re.sub(r"\s+", " ", text)

    def _number(self, row: int, text: str):
        shown = text
        if text.endswith("%"):
            text = text[:-1].strip()
            self.note(row, shown, f"read as {text} (the % sign was dropped)")
        if _THOUSANDS.match(text):
            text = text.replace(",", "")
            self.note(row, shown, f"read as {text} (thousands separators were dropped)")
        try:
            value = float(text)
        except ValueError:
            value = float("nan")
        if value != value or value in (float("inf"), float("-inf")):
            self.problem(row, shown, "is not a number (expected e.g. 57.5 or 6132)")
            return None
        return self._in_range(row, shown, value)

    def _in_range(self, row: int, shown: str, value: float):
        message = _below_minimum(self.column, value)
        if message:
            self.problem(row, shown, message)
            return None
        return value

    def _integer(self, row: int, text: str):
        value = self._number(row, text)
        if value is None:
            return None
        if not float(value).is_integer():
            self.problem(row, text, "is not a whole number")
            return None
        return int(value)

    def _date(self, row: int, text: str):
        if not _ISO_DATE.match(text):
            hint = ""
            if re.match(r"^\d{1,2}/\d{1,2}/\d{2,4}$", text):
                hint = "; a date like 31/08/2022 can be read two ways, so write it as 2022-08-31"
            self.problem(row, text, f"is not a date (expected YYYY-MM-DD, e.g. 2022-08-31){hint}")
            return None
        try:
            day = dt.date.fromisoformat(text[:10])
        except ValueError:
            self.problem(row, text, "is not a real date (expected YYYY-MM-DD, e.g. 2022-08-31)")
            return None
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            self.problem(
                row,
                text,
                f"the year {day.year} is not plausible (expected {FIRST_YEAR} to "
                f"{LAST_YEAR}): is it mistyped?",
            )
            return None
        return day

    def _bool(self, row: int, text: str):
        key = text.lower()
        if key not in _BOOLS:
            self.problem(row, text, "is not yes or no")
            return None
        if key not in ("yes", "no"):
            self.note(row, text, f"read as {'yes' if _BOOLS[key] else 'no'}")
        return _BOOLS[key]

    def _code(self, row: int, text: str):
        key = re.sub(r"[\s\-]+", "_", text.strip().lower())
        if key not in self.column.allowed:
            allowed = ", ".join(self.column.allowed)
            self.problem(row, text, f"is not one of the allowed values ({allowed})")
            return None
        if key != text:
            self.note(row, text, f"read as {key}")
        return key


def _match_headings(
    raw: RawTable, table: schema.Table, problems: list[Problem], notes: list[Problem]
) -> pd.DataFrame:
    """The raw frame with its headings matched to the contract's (case and spaces ignored);
    repeated and unknown headings are problems."""
    renamed = {}
    for col in raw.frame.columns:
        clean = str(col).strip()
        match = next((c.name for c in table.columns if c.name == clean.lower()), None)
        if match and match != col:
            notes.append(
                Problem(
                    raw.source, HEADER_ROW, match, str(col), f"column heading read as {match!r}"
                )
            )
        renamed[col] = match or clean
    frame = raw.frame.rename(columns=renamed)
    for name in frame.columns[frame.columns.duplicated()].unique():
        problems.append(
            Problem(
                raw.source, HEADER_ROW, name, None, "this column heading appears more than once"
            )
        )
    frame = frame.loc[:, ~frame.columns.duplicated()]
    expected = ", ".join(table.column_names)
    for col in frame.columns:
        if col not in table.column_names:
            problems.append(
                Problem(
                    raw.source,
                    HEADER_ROW,
                    col,
                    None,
                    f"unexpected column (expected only: {expected})",
                )
            )
    return frame


def parse_table(raw: RawTable, problems: list[Problem], notes: list[Problem]) -> pd.DataFrame:
    """A raw table's columns checked and every cell parsed to the contract's type.

    A table that could not be read comes back empty and marked ``attrs["unreadable"]``, so
    references into it are not reported a second time.
    """
    table = schema.TABLES[raw.name]
    if raw.frame is None:
        empty = pd.DataFrame({c.name: pd.Series([], dtype="object") for c in table.columns})
        empty.attrs["unreadable"] = True
        return empty
    frame = _match_headings(raw, table, problems, notes)
    out = {}
    for column in table.columns:
        if column.name in frame.columns:
            reported = frozenset(raw.frame.attrs.get("formulas", ()))
            cells = _Cells(raw.source, column, problems, notes, reported)
            out[column.name] = cells.parse(frame[column.name].astype(str))
            continue
        if column.required:
            problems.append(
                Problem(raw.source, HEADER_ROW, column.name, None, "this column is missing")
            )
        blank = pd.Series([""] * len(frame), index=frame.index, dtype=str)
        out[column.name] = _Cells(raw.source, column, [], []).parse(blank)  # typed, all empty
    return pd.DataFrame(out, index=frame.index)
