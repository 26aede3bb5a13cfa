"""Writing a validated table as a data folder's CSV, so that git shows only what changed.

A table imported from a workbook is compared, row by row (matched on the table's key) and
cell by cell, with the CSV it replaces. A cell holding the same value keeps the text it had
(``63.0`` stays ``63.0``, ``11520.166666666666`` stays as it was although a spreadsheet keeps
only 15 or 16 significant digits of it), a row whose cells all hold the same values keeps its
line byte for byte (line ending, quoting and all), and only added and changed rows are written
afresh: dates ``YYYY-MM-DD``, numbers in their shortest form (``52``, not ``52.0``), yes/no as
``yes`` or ``no``, UTF-8. A workbook exported and imported with no edits gives back the same
bytes. Where there is no previous file, or it is not valid, the whole table is written afresh.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from wsoa_analysis.inputs import schema
from wsoa_analysis.inputs.parse import parse_table
from wsoa_analysis.inputs.read import RawTable
from wsoa_analysis.inputs.xlsx_file import BOOL_VALUES, number_text

BOM = "\ufeff"
SHOWN_KEYS = 3  # rows named in a summary for each kind of change


def csv_text(value, kind: str) -> str:
    """A parsed value of the contract as it is written to a data folder's CSV.

    >>> csv_text(52.0, "number"), csv_text(True, "bool"), csv_text(None, "text")
    ('52', 'yes', '')
    """
    if value is None or pd.isna(value):
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


def same_value(before, now, kind: str) -> bool:
    """Whether two parsed cells hold the same value. Numbers are the same when they agree to
    the 15 significant digits a spreadsheet shows and lets anyone type, so a value that went
    through a workbook unedited is the same value.

    >>> same_value(11520.166666666666, 11520.16666666667, "number")
    True
    >>> same_value(63.0, 63.1, "number"), same_value(None, 0.0, "number")
    (False, False)
    """
    gone_before = before is None or pd.isna(before)
    gone_now = now is None or pd.isna(now)
    if gone_before or gone_now:
        return gone_before and gone_now
    if kind == "number":
        a, b = float(before), float(now)
        return a == b or math.isclose(a, b, rel_tol=1e-15) or f"{a:.15g}" == f"{b:.15g}"
    if kind == "date":
        return pd.Timestamp(before) == pd.Timestamp(now)
    return before == now


@dataclass(frozen=True)
class TableChange:
    """What importing did to one table's CSV: the keys (as text) of the rows added, changed
    and removed, the rows it now has, and whether its bytes changed. ``compared`` is False
    when there was no valid previous file to compare with (every row counts as added);
    ``headings`` is True when the headings were rewritten as the contract has them (a column
    added to the contract, or the columns in another order)."""

    table: str
    path: Path
    rows: int
    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    rewritten: bool = True
    compared: bool = True
    headings: bool = False

    def summary(self) -> str:
        """One line for a terminal, e.g. ``observations.csv: 2 rows added (P1-01 2023-09-30,
        P1-02 2023-09-30), 1 changed (P2-01 2023-06-30); 150 rows``."""
        if not self.rewritten:
            return f"{self.path.name}: unchanged ({self.rows} rows)"
        if not self.compared:
            return f"{self.path.name}: written afresh ({self.rows} rows; no valid file before)"
        parts = [
            f"{len(keys)} {word}{_named(keys)}"
            for word, keys in (
                ("added", self.added),
                ("changed", self.changed),
                ("removed", self.removed),
            )
            if keys
        ]
        if self.headings:
            parts.append("headings written as the contract has them")
        said = ", ".join(parts) if parts else "the same rows in a new order"
        return f"{self.path.name}: {said}; {self.rows} rows"


def _named(keys: tuple[str, ...]) -> str:
    shown = ", ".join(keys[:SHOWN_KEYS])
    more = f" and {len(keys) - SHOWN_KEYS} more" if len(keys) > SHOWN_KEYS else ""
    return f" ({shown}{more})"


@dataclass
class _Previous:
    """A table's CSV as it was: each record's own text and cells, and its cells parsed."""

    text: str  # the whole file, as it was
    prefix: str  # a byte-order mark, where the file had one
    newline: str
    header: str
    same_header: bool  # the headings are exactly the contract's, in its order
    records: list[tuple[str, dict[str, str]]]  # (the record's text, cells by column)
    parsed: pd.DataFrame


def _records(text: str) -> list[tuple[str, list[str]]]:
    """Each CSV record with the exact text it was read from (blank lines go with the record
    before them)."""
    lines = list(io.StringIO(text, newline=""))
    reader = csv.reader(lines)
    out: list[tuple[str, list[str]]] = []
    start = 0
    for cells in reader:
        raw, start = "".join(lines[start : reader.line_num]), reader.line_num
        if not cells and out:
            out[-1] = (out[-1][0] + raw, out[-1][1])
        elif cells:
            out.append((raw, cells))
    return out


def _previous(path: Path, table: schema.Table) -> _Previous | None:
    """The CSV ``path`` as it was, or None where it is missing or not valid on its own."""
    try:
        text = path.read_bytes().decode("utf-8")
        records = _records(text.removeprefix(BOM))
    except (OSError, UnicodeDecodeError, csv.Error):
        return None
    if not records:
        return None
    (header_text, heads), body = records[0], records[1:]
    names = set(table.column_names)
    where = {h.strip().lower(): i for i, h in enumerate(heads) if h.strip().lower() in names}
    cells = [{c: row[i] if i < len(row) else "" for c, i in where.items()} for _, row in body]
    frame = pd.DataFrame(cells, columns=list(where), dtype=str)
    problems: list = []
    parsed = parse_table(RawTable(table.name, path.name, frame), problems, [])
    if problems or len(where) != len(heads):
        return None
    ending = header_text[len(header_text.rstrip("\r\n")) :] or "\n"
    return _Previous(
        text=text,
        prefix=BOM if text.startswith(BOM) else "",
        newline=ending,
        header=header_text,
        same_header=heads == table.column_names,
        records=[(raw, row) for (raw, _), row in zip(body, cells, strict=True)],
        parsed=parsed,
    )


def _line(cells: list[str], newline: str) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator=newline).writerow(cells)
    return out.getvalue()


def _key(row: dict, table: schema.Table) -> str:
    kinds = {c.name: c.kind for c in table.columns}
    return " ".join(csv_text(row[k], kinds[k]) for k in table.key)


def table_csv(frame: pd.DataFrame, table: schema.Table, path: Path) -> tuple[str, TableChange]:
    """The text of ``frame`` as the CSV at ``path``, keeping what did not change there, and
    what changed. Nothing is written."""
    rows = frame[table.column_names].to_dict("records")
    previous = _previous(path, table)
    if previous is None:
        chunks = [_line(table.column_names, "\n")]
        chunks += [_fresh(row, table, "\n") for row in rows]
        change = TableChange(table.name, path, len(rows), rewritten=True, compared=False)
        return "".join(chunks), change
    return _against(previous, rows, table, path)


def _fresh(row: dict, table: schema.Table, newline: str) -> str:
    return _line([csv_text(row[c.name], c.kind) for c in table.columns], newline)


def _against(
    previous: _Previous, rows: list[dict], table: schema.Table, path: Path
) -> tuple[str, TableChange]:
    """The rows written over the previous file: its text kept where nothing changed."""
    newline, before = previous.newline, previous.parsed.to_dict("records")
    where: dict[str, int] = {}
    for j, row in enumerate(before):
        where.setdefault(_key(row, table), j)
    header = previous.header if previous.same_header else _line(table.column_names, newline)
    chunks, added, changed, seen = [header], [], [], set()
    for row in rows:
        key = _key(row, table)
        j = where.get(key)
        if j is None or j in seen:
            added.append(key)
            chunks.append(_fresh(row, table, newline))
            continue
        seen.add(j)
        raw, cells = previous.records[j]
        same = [same_value(before[j][c.name], row[c.name], c.kind) for c in table.columns]
        if not all(same):
            changed.append(key)
        elif previous.same_header:
            chunks.append(raw)
            continue
        kept = [
            cells.get(c.name, "") if s else csv_text(row[c.name], c.kind)
            for c, s in zip(table.columns, same, strict=True)
        ]
        chunks.append(_line(kept, newline))
    removed = [_key(r, table) for j, r in enumerate(before) if j not in seen]
    text = previous.prefix + _joined(chunks, newline)
    change = TableChange(
        table.name,
        path,
        len(rows),
        tuple(added),
        tuple(changed),
        tuple(removed),
        rewritten=text != previous.text,
        headings=not previous.same_header,
    )
    return text, change


def _joined(chunks: list[str], newline: str) -> str:
    """The records one after another; a record kept from the end of a file without a final
    line break gets one where another follows it."""
    fixed = [c if c.endswith(("\n", "\r")) else c + newline for c in chunks[:-1]]
    return "".join([*fixed, *chunks[-1:]])
