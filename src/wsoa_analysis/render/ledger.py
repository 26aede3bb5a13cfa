"""The figure ledger as a file: ``figures.csv`` beside the pages, one row per figure the pack
shows (``present.ledger``), and the same rows as the "Figures" sheet of ``data.xlsx``.

Columns: ``figure_id`` and ``page`` (where it is), ``section``, ``measure_id``, ``measure``,
``area`` and ``period`` (what it is), ``shown`` (as the page shows it, without the † mark)
and ``value`` (unrounded, empty where withheld or not publishable), ``unit``, ``kind``
(local, published, our calculation, definition), ``source`` (table and row, or release, file
and column), ``published_on`` (when a published figure was first published) and the flags
``synthetic``, ``suppressed`` and ``assumed_period`` (yes or no).

Numbers are written in their shortest exact form, dates as ``YYYY-MM-DD``, and text that a
spreadsheet could read as a formula (``+20% on baseline``) with a leading apostrophe, as in
the data workbook; :func:`read_figures` takes it off again. UTF-8 with a byte order mark, so
that Excel reads the dashes and the † as they are. The same ledger always gives the same
bytes.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pandas as pd

from wsoa_analysis.present.ledger import LEDGER_COLUMNS
from wsoa_analysis.render.tables_workbook import looks_like_formula, safe_cell_text

FIGURES = "figures.csv"
SHEET = "Figures"
_FLAGS = ("synthetic", "suppressed", "assumed_period")


def ledger_table(ledger: pd.DataFrame) -> pd.DataFrame:
    """The ledger as the workbook's sheet shows it: dates as dates, flags as yes or no."""
    out = ledger[LEDGER_COLUMNS].copy()
    out["published_on"] = pd.to_datetime(out["published_on"]).dt.date
    for flag in _FLAGS:
        out[flag] = out[flag].map({True: "yes", False: "no"})
    return out.astype(object).where(out.notna(), None)


def figures_csv(ledger: pd.DataFrame) -> str:
    """The text of ``figures.csv``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(LEDGER_COLUMNS)
    for row in ledger_table(ledger).itertuples(index=False, name=None):
        writer.writerow([safe_cell_text(v) for v in row])
    return buffer.getvalue()


def write_figures(ledger: pd.DataFrame, path: Path) -> Path:
    """Write ``figures.csv`` (in place of any there, never half written)."""
    path = Path(path)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    partial.write_text(figures_csv(ledger), encoding="utf-8-sig")
    partial.replace(path)
    return path


def read_figures(path: Path) -> pd.DataFrame:
    """``figures.csv`` as written, text as the pages show it (the guard apostrophe off)."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig", na_values=[])

    def plain(text: str) -> str:
        return text[1:] if text.startswith("'") and looks_like_formula(text[1:]) else text

    out = frame.map(plain)
    out["value"] = pd.to_numeric(out["value"].replace("", None), errors="coerce")
    for flag in _FLAGS:
        out[flag] = out[flag] == "yes"
    return out
