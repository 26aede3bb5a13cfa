"""One figure the pack shows, as the figure ledger (``figures.csv``) lists it: where it is, what
it is, its value as shown and unrounded, what kind of figure it is and where it comes from.

    >>> row = figure("At a glance", "Actions", "75", kind=LOCAL, source="actions.csv: its rows")
    >>> figures([row])[["measure", "shown", "kind", "synthetic"]].to_dict("records")
    [{'measure': 'Actions', 'shown': '75', 'kind': 'local', 'synthetic': False}]

Kinds:

- ``local``: the area's own figure as its inputs record it (an observation, a baseline, a
  target, a count of rows);
- ``published``: a published statistic, with the release, file and column it is taken from;
- ``our calculation``: worked out by the workbook (from record-level requests, counts of
  ratings or statuses, progress to target, the neighbours' average);
- ``definition``: a number in how a figure is defined or protected (the 20-week limit, a
  rolling window, the disclosure threshold, how many neighbours are averaged).

Flags: ``synthetic`` (worked out from invented example data), ``suppressed`` (withheld to
protect children: ``shown`` is the symbol and ``value`` is empty), ``assumed_period`` (the
period is the workbook's reading, not stated by the source).
"""

from __future__ import annotations

import math

import pandas as pd

LOCAL, PUBLISHED, OURS, DEFINITION = "local", "published", "our calculation", "definition"
KINDS = (LOCAL, PUBLISHED, OURS, DEFINITION)

#: The columns of a figure, in the ledger's order (the ledger puts ``figure_id`` and
#: ``page`` before them).
COLUMNS = [
    "section",
    "measure_id",
    "measure",
    "area",
    "period",
    "shown",
    "value",
    "unit",
    "kind",
    "source",
    "published_on",
    "synthetic",
    "suppressed",
    "assumed_period",
]
_FLAGS = ("synthetic", "suppressed", "assumed_period")


def _value(value) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return math.nan
    return number if math.isfinite(number) else math.nan


def figure(section: str, measure: str, shown, *, kind: str, source: str, **more) -> dict:
    """One figure: the ``section`` (its heading or caption) and ``measure`` (what it is, in
    words) showing ``shown`` (the text a reader sees, without the synthetic mark), of a
    ``kind`` from :data:`KINDS`, from ``source``. ``more`` gives any other column of
    :data:`COLUMNS` (``value``: unrounded, left empty where withheld)."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of figure {kind!r} (expected one of {', '.join(KINDS)})")
    unknown = set(more) - set(COLUMNS)
    if unknown:
        raise ValueError(f"unknown column(s) of a figure: {', '.join(sorted(unknown))}")
    row = {c: "" for c in COLUMNS} | {f: False for f in _FLAGS}
    row |= {"section": section, "measure": measure, "shown": str(shown), "kind": kind}
    row |= {"source": source, "value": math.nan, "published_on": pd.NaT} | more
    row["value"] = math.nan if row["suppressed"] else _value(row["value"])
    for flag in _FLAGS:
        row[flag] = bool(row[flag])
    row["published_on"] = pd.to_datetime(row["published_on"])
    return row


def figures(rows: list[dict]) -> pd.DataFrame:
    """Figures (rows made by :func:`figure`) as a frame with the ledger's columns and types."""
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.astype(
        {"value": "float64", "published_on": "datetime64[ns]"}
        | {f: bool for f in _FLAGS}
        | {c: "string" for c in COLUMNS if c not in ("value", "published_on", *_FLAGS)}
    )
