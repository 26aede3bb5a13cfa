"""Checks on the closures table (:mod:`~wsoa_analysis.inputs.schema_closures`): what one cell
cannot check on its own.

:func:`closure_problems` stops a pack: a closure for an action the plan does not have, or an
evidence link that is not an ``https://`` address. :func:`closure_warnings` tells the analyst
what a reviewer would ask about but does not stop a pack: an action recorded Blue (complete,
closure approved) with no evidence of its closure, and a closure recorded for an action never
recorded Blue.
"""

from __future__ import annotations

import pandas as pd

from wsoa_analysis.config.vocabulary import COMPLETE, StatusWord
from wsoa_analysis.errors import Problem
from wsoa_analysis.inputs.brag import status_codes
from wsoa_analysis.inputs.read import sheet_row

NAME = "closures"


def _closures(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return tables.get(NAME, pd.DataFrame())


def closure_problems(tables: dict[str, pd.DataFrame], sources: dict[str, str]) -> list[Problem]:
    """Every problem in the closures table; empty where it is good or absent."""
    closures = _closures(tables)
    if closures.empty:
        return []
    source, known = sources[NAME], set(tables["actions"]["action_ref"].dropna())
    out = [
        Problem(source, sheet_row(i), "action_ref", str(ref), "is not an action of the plan")
        for i, ref in closures["action_ref"].items()
        if pd.notna(ref) and ref not in known
    ]
    if "evidence_link" in closures:
        for i, link in closures["evidence_link"].dropna().items():
            if not str(link).strip().lower().startswith("https://"):
                out.append(
                    Problem(
                        source,
                        sheet_row(i),
                        "evidence_link",
                        str(link)[:200],
                        "is not an https:// address (leave it empty where there is none)",
                    )
                )
    return out


def _blue(updates: pd.DataFrame, statuses: list[StatusWord] | None) -> pd.DataFrame:
    """The updates that record an action as complete (Blue), read with the area's words."""
    return updates[status_codes(updates, statuses) == COMPLETE]


def closure_warnings(
    tables: dict[str, pd.DataFrame],
    sources: dict[str, str],
    statuses: list[StatusWord] | None = None,
) -> list[Problem]:
    """What the analyst should look at: each action recorded complete with no evidence of its
    closure (named once, at the first date it was recorded so), and each closure of an action
    never recorded complete."""
    updates, closures = tables["action_updates"], _closures(tables)
    closed = set(closures["action_ref"]) if len(closures) else set()
    blue = _blue(updates, statuses).sort_values("reporting_date", kind="stable")
    out = [
        Problem(
            sources["action_updates"],
            sheet_row(i),
            "status",
            f"{row['action_ref']}: {row['status']}",
            f"is recorded as complete on {row['reporting_date'].date()} but {NAME} has no "
            "evidence of its closure (when it was approved, by whom, on what evidence)",
        )
        for i, row in blue.drop_duplicates("action_ref").iterrows()
        if row["action_ref"] not in closed
    ]
    ever_blue = set(blue["action_ref"])
    out += [
        Problem(
            sources[NAME],
            sheet_row(i),
            "action_ref",
            str(ref),
            "has a closure recorded but is never recorded as complete in action_updates",
        )
        for i, ref in (closures["action_ref"].items() if len(closures) else [])
        if ref not in ever_blue
    ]
    return out
