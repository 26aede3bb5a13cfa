"""Reading recorded status words: each is one of the area's words (``plan.statuses`` in
``params/area.yaml``; the workbook's own BRAG words where the area has none) and is read as
the workbook code it stands for (``wsoa_analysis.config.vocabulary``). The domain's rules on
statuses (``wsoa_analysis.domain.actions``) use the codes; the pages show the area's words.

Statuses are read with case and spacing ignored; with the workbook's words, "Yellow", which
real packs use for Amber, is read as Amber and reported as Amber.

    >>> BRAG_READINGS["yellow"], BRAG_AS_WRITTEN[3]
    ('Amber', 'Yellow')
"""

from __future__ import annotations

import pandas as pd

from wsoa_analysis.config.vocabulary import (  # noqa: F401  (the vocabulary's names)
    BRAG_ORDER,
    COMPLETE,
    NO_STATUS,
    StatusWord,
    default_statuses,
    expected,
    key,
    readings,
    words_by_code,
)
from wsoa_analysis.errors import Problem
from wsoa_analysis.inputs.read import sheet_row

DEFAULT_STATUSES = default_statuses()
BRAG_MEANINGS = {w.code: w.means() for w in DEFAULT_STATUSES} | {
    NO_STATUS: "No status recorded for this reporting date"
}

# How each recorded word (lower case, single spaces) is read, with the workbook's words.
BRAG_READINGS = readings(DEFAULT_STATUSES)

# The words accepted in the input, as a data-entry list shows them.
BRAG_AS_WRITTEN = tuple(word.capitalize() for word in BRAG_READINGS)


def status_problems(
    updates: pd.DataFrame, source: str, words: list[StatusWord] | None = None
) -> list[Problem]:
    """Every recorded status that is none of the area's words (``words``; the workbook's
    own where None), naming file, row, column and value."""
    said = "is not a BRAG status" if words is None else "is not one of the plan's status words"
    where = "" if words is None else "; see plan.statuses in params/area.yaml"
    words = DEFAULT_STATUSES if words is None else words
    known = readings(words)
    return [
        Problem(
            source,
            sheet_row(i),
            "status",
            str(value),
            f"{said} (expected {expected(words)}{where})",
        )
        for i, value in updates["status"].dropna().items()
        if key(value) not in known
    ]


def status_notes(
    updates: pd.DataFrame, source: str, words: list[StatusWord] | None = None
) -> list[Problem]:
    """How each status written otherwise than the area's word was read."""
    words = DEFAULT_STATUSES if words is None else words
    known, shown = readings(words), words_by_code(words)
    notes = []
    for i, value in updates["status"].dropna().items():
        code = known.get(key(value))
        if code and shown[code] != value:
            notes.append(
                Problem(source, sheet_row(i), "status", str(value), f"read as {shown[code]}")
            )
    return notes


def status_codes(updates: pd.DataFrame, words: list[StatusWord] | None = None) -> pd.Series:
    """The workbook's code for each recorded status, read as the area's words (``words``;
    the workbook's own where None); missing where a status is missing or unknown."""
    known = readings(DEFAULT_STATUSES if words is None else words)
    return updates["status"].map(lambda s: known.get(key(s)) if isinstance(s, str) else None)
