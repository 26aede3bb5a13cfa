"""``data/README.md``, written from the contract in ``schema`` so the two cannot drift apart.
Regenerate with ``wsoa data-readme > data/README.md``; a test checks the committed copy."""

from __future__ import annotations

from pathlib import Path

from wsoa_analysis.inputs import schema, schema_story

INTRO = """# The input data

Everything a pack shows is computed from the tables in this folder. Prepare your own data in
the same shape: one CSV file per table, named after the table (`kpis.csv`, ...), UTF-8, comma
separated, with the column headings below in the first row; or one Excel workbook with one
sheet per table, named exactly after the table (`kpis`, not `KPIs` or `kpis `), used with
`--data FILE.xlsx`. A hidden sheet with a table's name is refused (unhide or delete it);
other hidden sheets are ignored. A formula is read by the value Excel saved with it, so a
workbook written by another program must be opened and saved in Excel first: a formula with
no saved value is refused, naming its sheet, cell and formula. Check it with

    wsoa validate --data DIR

which lists every problem at once, each with the file (or sheet), row, column and value.

Conventions:

- **Dates** are written `YYYY-MM-DD` (e.g. `2022-08-31`). A date such as `31/08/2022` is
  refused because it can be read two ways. Real date cells in an Excel sheet are fine.
  Years run from {first_year} to {last_year}: a mistyped year (`3021`) is refused.
- **Periods** are identified by their last day (`period_end`): months end on the month's last
  day; financial-year quarters (Q1 = April to June) end 30 June, 30 September, 31 December and
  31 March; half-years 30 June and 31 December; academic years (September to August) 31 August;
  financial years 31 March; calendar years 31 December. Every value of a measure must sit on
  the end of a period of that measure's `frequency`.
- **Numbers**: `57.5`, `6132`. A trailing `%` or thousands separators (`57.5%`, `6,132`) are
  accepted and reported as normalised. Percentages are 0 to 100; a percentage given with its
  numerator and denominator must equal 100 × numerator / denominator to within {tolerance}
  percentage points.
- **Coded columns** take one of the listed values; case and spaces are ignored (`Higher` is
  read as `higher`) and reported.
- **yes/no** columns take `yes` or `no` (also `true`/`false`, `y`/`n`, `1`/`0`).
- An empty cell is a missing value. Columns marked *required* must have a value in every row.
- Record-level data are about children: pseudonymous ids only, no names, dates of birth or
  addresses. Nothing record-level is ever shown in a pack.
- A row with more values than the header has columns is refused (a value with a comma in it
  must be in double quotes).

## Commentary

Officers' commentary for a cycle is `commentary/YYYY-MM-DD.md` (its reporting date), written
by `wsoa new-cycle` with a heading for every area and measure. Text goes under a heading,
in Markdown (**bold** and lists work; any HTML is shown as text). Only three kinds of heading
are read:

    # Commentary: the file's title, at the top (not shown)
    ## Priority 1: EHC plans
    ### P1-01: EHC plans audited rated good or better

An area's heading names it as the plan does (`plan.areas.label` in `params/area.yaml`): a plan
of workstreams labelled `Workstream {id}` writes `## Workstream WS1: EHC plans`. The plan's
singular word before the id (`## Workstream WS1:`) and `## Priority WS1:` (as files were
written before plans had words of their own) are read too. The id runs from there (from the
heading's start for a measure) to the first colon; the words after the colon are a reminder
and are not checked, so any id the tables accept, spaces and all (`### P1 03: ...`), can be
written. A heading naming an id the tables do not have, a heading without the colon
(`### P1-03 Annual review`), and any other heading (`## Summary`, `#### Evidence`) is refused
with its file, line and text, so no text is ever shown under the wrong measure: for emphasis
inside the text, use **bold**. `wsoa validate` checks every commentary file; a file not named
for a date is refused, since no pack would show it.
"""

KINDS = {
    "text": "text",
    "number": "number",
    "integer": "whole number",
    "date": "date (YYYY-MM-DD)",
    "bool": "yes/no",
    "code": "one of the values listed",
}

VOCABULARIES = {
    ("kpis", "unit"): schema.UNITS,
    ("kpis", "polarity"): schema.POLARITIES,
    ("kpis", "target_kind"): schema.TARGET_KINDS,
    ("kpis", "frequency"): schema.FREQUENCIES,
    ("kpis", "source"): schema.SOURCES,
    ("kpis", "method"): schema.METHODS,
    ("kpis", "small_counts"): schema.SMALL_COUNTS,
    ("ehc_requests", "decision"): schema.DECISIONS,
    ("benchmarks", "period_kind"): schema.PERIOD_KINDS,
    **schema_story.VOCABULARIES,  # highlight reports, risks, voice, recommendations
}


def requirement(column: schema.Column) -> str:
    """Whether a column must be there and must have a value, in three words a reader knows."""
    if not column.nullable:
        return "required"
    return "may be empty" if column.required else "optional column"


def meaning(column: schema.Column) -> str:
    """A column's description, with the least value it may hold where it has one.

    >>> meaning(schema.Column("n", "number", "People counted", minimum=0))
    'People counted (0 or more)'
    >>> meaning(schema.Column("d", "number", "Out of", minimum=0, minimum_excluded=True))
    'Out of (more than 0)'
    """
    low = column.minimum
    if low is None:
        return column.description
    limit = f"more than {low:g}" if column.minimum_excluded else f"{low:g} or more"
    return f"{column.description} ({limit})"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def table_section(table: schema.Table) -> str:
    lines = [
        f"## `{table.name}`" + (" (optional)" if table.name in schema.OPTIONAL_TABLES else ""),
        "",
        table.description,
        "",
    ]
    if table.key:
        lines += [
            f"One row per {', '.join(f'`{k}`' for k in table.key)}: no two rows may share them.",
            "",
        ]
    lines += ["| column | type | required | meaning | example |", "|---|---|---|---|---|"]
    for c in table.columns:
        example = f"`{c.example}`" if c.example else ""
        lines.append(
            f"| `{c.name}` | {KINDS[c.kind]} | {requirement(c)} | {_cell(meaning(c))} | {example} |"
        )
    for (tname, cname), vocab in VOCABULARIES.items():
        if tname != table.name:
            continue
        lines += ["", f"Values of `{cname}`:", ""]
        lines += [f"- `{k}`: {v}" for k, v in vocab.items()]
    if table.name == "action_updates":
        lines += [
            "",
            "Statuses (the BRAG key): Blue complete, impact achieved and closure "
            "approved; Green on track; Amber at risk; Red at significant risk; Grey "
            'awaiting start. "Yellow" is read as Amber.',
        ]
    if table.name == "benchmarks":
        lines += [
            "",
            "Symbols: "
            + "; ".join(f"`{k}` {v}" for k, v in schema.BENCHMARK_SYMBOLS.items())
            + ".",
        ]
    return "\n".join(lines) + "\n"


#: The data folder's own account of its data (where it came from, what is invented), put
#: after the contract's general rules: it belongs to the data, not to the workbook.
ABOUT_FILE = "ABOUT.md"


def data_readme(data_dir: Path | None = None) -> str:
    """``data/README.md``: the contract's rules and every table, with the data folder's own
    ``ABOUT.md`` (where ``data_dir`` has one) before the tables."""
    from wsoa_analysis.inputs.parse import FIRST_YEAR, LAST_YEAR

    intro = INTRO.replace("{tolerance}", f"{schema.PERCENT_MATCH_TOLERANCE:g}")
    intro = intro.replace("{first_year}", str(FIRST_YEAR)).replace("{last_year}", str(LAST_YEAR))
    about = Path(data_dir) / ABOUT_FILE if data_dir is not None else None
    if about is not None and about.is_file():
        intro += "\n" + about.read_text(encoding="utf-8").strip("\n") + "\n"
    return intro + "\n" + "\n".join(table_section(t) for t in schema.TABLES.values())
