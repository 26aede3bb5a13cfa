"""What the data-entry workbook tells the analyst: the notes sheet (how to fill it in, every
table, every column and every coded value with its meaning), the note on each heading, and
each column's allowed values. Everything here comes from the contract in ``schema``."""

from __future__ import annotations

from openpyxl.styles import Alignment, Font

from wsoa_analysis.inputs import datadoc, schema
from wsoa_analysis.inputs.brag import BRAG_MEANINGS, BRAG_ORDER
from wsoa_analysis.inputs.xlsx_file import BOLD, BOOL_VALUES, put

_WRAP = Alignment(wrap_text=True, vertical="top")

# Id columns whose drop-down offers the ids of another sheet: (table, column) -> (sheet, column)
REFERENCES = {
    ("kpis", "priority_id"): ("priorities", "priority_id"),
    ("actions", "priority_id"): ("priorities", "priority_id"),
    ("action_updates", "action_ref"): ("actions", "action_ref"),
    ("observations", "kpi_id"): ("kpis", "kpi_id"),
    ("highlights", "priority_id"): ("priorities", "priority_id"),
    ("risks", "priority_id"): ("priorities", "priority_id"),
    ("voice", "priority_id"): ("priorities", "priority_id"),
    ("closures", "action_ref"): ("actions", "action_ref"),
}

HOW_TO = (
    "How to fill in this workbook",
    "One sheet per table, named after the table. Keep the sheet names and the headings in "
    "row 1 as they are; enter one record per row from row 2.",
    "An empty cell is a missing value. A column marked 'required' needs a value in every row.",
    "Dates: date cells, or text written YYYY-MM-DD (e.g. 2022-08-31). A date such as "
    "31/08/2022 is refused because it can be read two ways.",
    "Numbers: 57.5 or 6132. Percentages are 0 to 100.",
    "Coded columns, BRAG statuses and yes/no columns have a drop-down list of the allowed "
    "values (listed below); case and spaces are ignored. Id columns that refer to another "
    "sheet (priority_id, action_ref, kpi_id) offer the ids entered on that sheet: add a "
    "priority area, action or measure there first.",
    "Point at a heading to see what its column holds (the same notes as below).",
    "ehc_requests and benchmarks are optional: delete the sheet of a table you do not have. "
    "Importing writes no CSV for a missing sheet, so a CSV of it already in the data folder "
    "is kept; an empty sheet writes an empty table.",
    "Record-level data are about children: pseudonymous ids only, no names, dates of birth "
    "or addresses.",
    "Check the workbook with: wsoa validate --data FILE.xlsx. Every problem is listed at "
    "once, with its sheet, row, column and value. This notes sheet is not read.",
)


def vocabulary(table: str, column: schema.Column, statuses=None) -> dict[str, str]:
    """The values a column may take, each with its meaning; empty when the column is free.

    Coded columns take their vocabulary from ``datadoc.VOCABULARIES``, ``action_updates.status``
    the area's status words (``statuses``, from ``plan.statuses``; the BRAG statuses where
    None), ``benchmarks.symbol`` the published symbols, and yes/no columns ``yes`` or ``no``.
    """
    if (table, column.name) in datadoc.VOCABULARIES:
        return dict(datadoc.VOCABULARIES[(table, column.name)])
    if (table, column.name) == ("action_updates", "status"):
        if statuses:
            return {w.word: w.means() for w in statuses}
        return {status: BRAG_MEANINGS[status] for status in BRAG_ORDER}
    if (table, column.name) == ("benchmarks", "symbol"):
        return dict(schema.BENCHMARK_SYMBOLS)
    if column.kind == "bool":
        return dict.fromkeys(BOOL_VALUES, "")
    if column.kind == "code":
        return dict.fromkeys(column.allowed, "")
    return {}


def column_help(table: str, column: schema.Column, statuses=None) -> str:
    """What a column holds, as the note on its heading says it: the notes sheet's row for it.

    >>> print(column_help("kpis", schema.KPIS.columns[3]))
    unit (required): What a value is
    Type: one of the values listed
    Allowed: percent, count, rate_per_month, rate_per_n, weeks, days, milestone
    Example: percent
    """
    lines = [
        f"{column.name} ({datadoc.requirement(column)}): {datadoc.meaning(column)}",
        f"Type: {datadoc.KINDS[column.kind]}",
    ]
    allowed = vocabulary(table, column, statuses)
    if allowed:
        lines.append(f"Allowed: {', '.join(allowed)}")
    if (table, column.name) in REFERENCES:
        sheet, key = REFERENCES[(table, column.name)]
        lines.append(f"One of the {key} values on the {sheet} sheet")
    if column.example:
        lines.append(f"Example: {column.example}")
    return "\n".join(lines)


def notes_sections(statuses=None) -> list[tuple[str, list[str], list[list[str]]]]:
    """The notes sheet's three tables: the tables, their columns, and the coded values (the
    area's status words where ``statuses`` gives them)."""
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
                    ", ".join(vocabulary(t.name, c, statuses)),
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
                for value, meaning in vocabulary(t.name, c, statuses).items()
                if meaning
            ],
        ),
    ]


def notes_sheet(ws, statuses=None) -> None:
    row = 1
    for line in HOW_TO:
        put(ws, row, 1, line)
        row += 1
    ws["A1"].font = Font(bold=True, size=14)
    for title, heads, body in notes_sections(statuses):
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
