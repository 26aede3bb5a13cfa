"""Illustrative evidence of completion for the example's completed (Blue) actions: when the
board approved each closure and the kind of evidence an evidence panel would look for. It is
invented (every row is marked synthetic) and worked out from the action's own words, so it
is the same on every run."""

from __future__ import annotations

import pandas as pd

#: The evidence a board would look for, by the first word of the action (its verb).
EVIDENCE = {
    "deliver": "Attendance records and participants' evaluations of the sessions delivered",
    "develop": "The finished product presented to the board, with the date it came into use",
    "establish": "Terms of reference and the minutes of the first meetings held",
    "implement": "A report on its first quarter in use, with the feedback gathered",
    "introduce": "A report on its first quarter in use, with the feedback gathered",
    "review": "The review report and the recommendations agreed from it",
    "undertake": "The report of the work and the actions agreed from it",
    "to": "The audit report and the recommendations agreed from it",
    "embed": "Audit findings showing the practice in place across the service",
    "promote": "A record of where and when it was promoted, with the reach measured",
    "provide": "A record of what was provided, to whom and when",
    "co-produce": "The guidance as published, with the co-production sessions recorded",
}
DEFAULT_EVIDENCE = "The lead's completion report, checked by the evidence panel"


def evidence_for(description: str) -> str:
    """The illustrative evidence for an action, from its first word.

    >>> evidence_for("Deliver training on person centred planning")[:28]
    'Attendance records and parti'
    >>> evidence_for("Something else") == DEFAULT_EVIDENCE
    True
    """
    first = str(description).split()[0].lower() if str(description).split() else ""
    return EVIDENCE.get(first, DEFAULT_EVIDENCE)


def make_closures(actions: pd.DataFrame, updates: pd.DataFrame) -> pd.DataFrame:
    """One closure for each action recorded Blue: approved at the cycle it was first
    recorded Blue, by the board the settings name (``approved_by`` left empty)."""
    blue = updates[updates["status"].str.strip().str.lower() == "blue"]
    first = blue.sort_values("reporting_date", kind="stable").drop_duplicates("action_ref")
    said = dict(zip(actions["action_ref"], actions["description"], strict=True))
    order = {ref: i for i, ref in enumerate(actions["action_ref"])}
    first = first.assign(_order=first["action_ref"].map(order)).sort_values("_order")
    return pd.DataFrame(
        {
            "action_ref": first["action_ref"].to_numpy(),
            "approved_on": pd.to_datetime(first["reporting_date"]).to_numpy(),
            "approved_by": "",
            "evidence": [evidence_for(said[r]) for r in first["action_ref"]],
            "evidence_link": "",
            "synthetic": "yes",
        }
    )
