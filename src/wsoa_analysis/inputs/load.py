"""Read a data directory (one CSV per table) or an Excel workbook (one sheet per table).

Every cell is read as text first and parsed by the column's kind from ``schema``, so a problem
can be reported with the file (or sheet), the row a spreadsheet user sees, the column and the
value. Messy but unambiguous input (spaces around a value, ``57.5%``, ``6,132``, ``Higher``) is
accepted and each normalisation is recorded in ``Dataset.notes``; anything else is a problem.
All problems are collected and raised together by :func:`load_dataset`.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from wsoa_analysis.errors import InputError, Problem
from wsoa_analysis.inputs import schema

HEADER_ROW = 1  # the header is row 1 of a sheet; data start on row 2


@dataclass
class Dataset:
    """The validated input tables, with where each came from and what was normalised."""

    tables: dict[str, pd.DataFrame]
    sources: dict[str, str]
    notes: list[Problem] = field(default_factory=list)
    location: str = ""

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    @property
    def priorities(self) -> pd.DataFrame:
        return self.tables["priorities"]

    @property
    def kpis(self) -> pd.DataFrame:
        return self.tables["kpis"]

    @property
    def actions(self) -> pd.DataFrame:
        return self.tables["actions"]

    @property
    def action_updates(self) -> pd.DataFrame:
        return self.tables["action_updates"]

    @property
    def observations(self) -> pd.DataFrame:
        return self.tables["observations"]

    @property
    def ehc_requests(self) -> pd.DataFrame:
        return self.tables["ehc_requests"]

    @property
    def benchmarks(self) -> pd.DataFrame:
        return self.tables["benchmarks"]


# --- reading raw text ---------------------------------------------------------------------


@dataclass
class RawTable:
    name: str
    source: str  # what messages call it: "kpis.csv" or "data.xlsx sheet kpis"
    frame: pd.DataFrame | None  # every cell as text; None when it could not be read


def _read_csv_text(path: Path, problems: list[Problem]) -> pd.DataFrame | None:
    source = path.name
    data = path.read_bytes()
    if not data.strip(b"\xef\xbb\xbf \t\r\n"):
        problems.append(
            Problem(
                source, None, None, None, "the file is empty (expected a header row and data rows)"
            )
        )
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        problems.append(
            Problem(
                source,
                None,
                None,
                None,
                f"is not UTF-8 text (byte {err.start}); save it as 'CSV UTF-8'",
            )
        )
        return None
    try:
        frame = pd.read_csv(
            io.StringIO(text), dtype=str, keep_default_na=False, skip_blank_lines=True
        )
    except pd.errors.ParserError as err:
        problems.append(Problem(source, None, None, None, f"cannot be read as CSV ({err})"))
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
            Problem(
                source, None, None, None, "the sheet is empty (expected a header row and data rows)"
            )
        )
        return None
    header = rows[0]
    while header and not header[-1].strip():
        header = header[:-1]
    body = [(r + [""] * len(header))[: len(header)] for r in rows[1:]]
    return pd.DataFrame(body, columns=header, dtype=str)


def read_raw_tables(location: Path) -> tuple[list[RawTable], list[Problem]]:
    """Read every table of the contract from a directory of CSVs or an ``.xlsx`` workbook."""
    location = Path(location)
    problems: list[Problem] = []
    raws: list[RawTable] = []
    if location.is_file() and location.suffix.lower() in (".xlsx", ".xlsm"):
        import openpyxl

        try:
            wb = openpyxl.load_workbook(location, read_only=True, data_only=True)
        except Exception as err:  # openpyxl raises many kinds for a damaged file
            problems.append(
                Problem(
                    location.name,
                    None,
                    None,
                    None,
                    f"cannot be opened as an Excel workbook ({err})",
                )
            )
            return [], problems
        sheets = {name.strip().lower(): name for name in wb.sheetnames}
        for table in schema.TABLES.values():
            source = f"{location.name} sheet {table.name}"
            if table.name not in sheets:
                required = table.name not in schema.OPTIONAL_TABLES
                if required:
                    problems.append(
                        Problem(
                            location.name, None, None, None, f"has no sheet named {table.name!r}"
                        )
                    )
                raws.append(RawTable(table.name, source, None if required else _empty(table)))
                continue
            frame = _read_sheet(wb[sheets[table.name]], source, problems)
            raws.append(RawTable(table.name, source, frame))
        wb.close()
        return raws, problems
    if not location.is_dir():
        problems.append(
            Problem(
                str(location), None, None, None, "is neither a data directory nor an .xlsx workbook"
            )
        )
        return [], problems
    for table in schema.TABLES.values():
        path = location / f"{table.name}.csv"
        if not path.exists():
            if table.name not in schema.OPTIONAL_TABLES:
                expected = ", ".join(table.column_names)
                problems.append(
                    Problem(
                        path.name,
                        None,
                        None,
                        None,
                        f"the file is missing (expected columns: {expected})",
                    )
                )
                raws.append(RawTable(table.name, path.name, None))
            else:
                raws.append(RawTable(table.name, path.name, _empty(table)))
            continue
        raws.append(RawTable(table.name, path.name, _read_csv_text(path, problems)))
    return raws, problems


def _empty(table: schema.Table) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype=str) for c in table.column_names})


# --- parsing cells ------------------------------------------------------------------------

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


class _Cells:
    """Parses one column, recording problems and normalisations with their rows."""

    def __init__(
        self, source: str, column: schema.Column, problems: list[Problem], notes: list[Problem]
    ):
        self.source, self.column, self.problems, self.notes = source, column, problems, notes

    def problem(self, row: int, value: str, message: str) -> None:
        self.problems.append(Problem(self.source, row, self.column.name, value, message))

    def note(self, row: int, value: str, message: str) -> None:
        self.notes.append(Problem(self.source, row, self.column.name, value, message))

    def parse(self, texts: pd.Series) -> pd.Series:
        kind = self.column.kind
        parser = getattr(self, f"_{kind}")
        out = []
        for idx, raw in texts.items():
            row = int(idx) + HEADER_ROW + 1
            text = raw.strip()
            if text != raw and text:
                self.note(row, raw, "spaces around the value were removed")
            if not text:
                if not self.column.nullable:
                    self.problem(row, None, "is empty (a value is required)")
                out.append(None)
                continue
            out.append(parser(row, text))
        return self._typed(out, texts.index)

    def _typed(self, values: list, index) -> pd.Series:
        kind = self.column.kind
        if kind in ("number",):
            return pd.Series(values, index=index, dtype="Float64")
        if kind == "integer":
            return pd.Series(values, index=index, dtype="Int64")
        if kind == "date":
            return pd.to_datetime(pd.Series(values, index=index, dtype="object"))
        if kind == "bool":
            return pd.Series(values, index=index, dtype="boolean")
        return pd.Series(values, index=index, dtype="string")

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
            self.problem(row, shown, "is not a number (expected e.g. 57.5 or 6132)")
            return None
        if value != value or value in (float("inf"), float("-inf")):
            self.problem(row, shown, "is not a number (expected e.g. 57.5 or 6132)")
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
            return dt.date.fromisoformat(text[:10])
        except ValueError:
            self.problem(row, text, "is not a real date (expected YYYY-MM-DD, e.g. 2022-08-31)")
            return None

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


def parse_table(raw: RawTable, problems: list[Problem], notes: list[Problem]) -> pd.DataFrame:
    """Check a raw table's columns and parse every cell to the contract's types."""
    table = schema.TABLES[raw.name]
    frame = raw.frame
    if frame is None:
        empty = pd.DataFrame({c.name: pd.Series([], dtype="object") for c in table.columns})
        empty.attrs["unreadable"] = True  # references into it are not checked: noise
        return empty
    renamed = {}
    for col in frame.columns:
        clean = str(col).strip()
        match = next((c.name for c in table.columns if c.name == clean.lower()), None)
        if match and match != col:
            notes.append(
                Problem(
                    raw.source, HEADER_ROW, match, str(col), f"column heading read as {match!r}"
                )
            )
        renamed[col] = match or clean
    frame = frame.rename(columns=renamed)
    dupes = frame.columns[frame.columns.duplicated()].unique()
    for name in dupes:
        problems.append(
            Problem(
                raw.source, HEADER_ROW, name, None, "this column heading appears more than once"
            )
        )
    frame = frame.loc[:, ~frame.columns.duplicated()]
    known = set(table.column_names)
    for col in frame.columns:
        if col not in known:
            problems.append(
                Problem(
                    raw.source,
                    HEADER_ROW,
                    col,
                    None,
                    f"unexpected column (expected only: {', '.join(table.column_names)})",
                )
            )
    out = {}
    for column in table.columns:
        if column.name not in frame.columns:
            if column.required:
                problems.append(
                    Problem(raw.source, HEADER_ROW, column.name, None, "this column is missing")
                )
            texts = pd.Series([""] * len(frame), index=frame.index, dtype=str)
            quiet = _Cells(raw.source, column, [], [])
            out[column.name] = quiet.parse(texts)
            continue
        cells = _Cells(raw.source, column, problems, notes)
        out[column.name] = cells.parse(frame[column.name].astype(str))
    parsed = pd.DataFrame(out, index=frame.index)
    parsed.attrs["source"] = raw.source
    return parsed


def load_dataset(location: Path | str) -> Dataset:
    """Read, parse and validate every table; raise :class:`InputError` listing all problems."""
    from wsoa_analysis.inputs.checks import validate

    location = Path(location)
    raws, problems = read_raw_tables(location)
    notes: list[Problem] = []
    tables = {raw.name: parse_table(raw, problems, notes) for raw in raws}
    sources = {raw.name: raw.source for raw in raws}
    if raws:
        problems.extend(validate(tables, sources, notes))
    if problems:
        raise InputError(problems)
    for name, frame in tables.items():
        tables[name] = frame.reset_index(drop=True)
    return Dataset(tables=tables, sources=sources, notes=notes, location=str(location))
