"""The contract's table of closures: for each action whose completion was signed off (Blue),
when closure was approved, by whom, and on what evidence. Part of
:mod:`~wsoa_analysis.inputs.schema`, which lists every table; optional. Its checks across
tables are in :mod:`~wsoa_analysis.inputs.closure_checks`."""

from __future__ import annotations

from wsoa_analysis.inputs.contract import Column, Table

CLOSURES = Table(
    "closures",
    "Evidence of completion: one row for each action whose closure (Blue) was approved, "
    "saying when, by whom and on what evidence.",
    (
        Column("action_ref", "text", "The action (actions.action_ref)", nullable=False),
        Column(
            "approved_on",
            "date",
            "The date its closure was approved",
            nullable=False,
            example="2023-05-18",
        ),
        Column(
            "approved_by",
            "text",
            "Who approved it; empty for the board the settings name as signing off completion "
            "(plan.governance.signs_off in params/area.yaml)",
            example="the partnership board",
        ),
        Column(
            "evidence",
            "text",
            "The evidence the approval rested on, in a sentence or two",
            nullable=False,
            example="Audit of 40 plans on the new template; panel minutes of 18 May 2023",
        ),
        Column(
            "evidence_link",
            "text",
            "Where a reader can see the evidence (an https:// address), if anywhere",
            required=False,
        ),
        Column("synthetic", "bool", "yes where the row is invented example data", required=False),
    ),
    key=("action_ref",),
)
