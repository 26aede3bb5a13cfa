"""The data contract: every input table, every column, its type and what it may hold.

This module is the one place column names and coded vocabularies are defined. The loader,
the validation, ``data/README.md`` and the Excel template are all driven from it.
"""

from __future__ import annotations

from wsoa_analysis.inputs.contract import Column, Table
from wsoa_analysis.inputs.contract import code_column as _code
from wsoa_analysis.inputs.schema_closures import CLOSURES

# The key impact measures' table and its vocabularies (polarity, targets, sources, methods,
# small counts, how a rating judges): in schema_kpis, read from here like the rest.
from wsoa_analysis.inputs.schema_kpis import (  # noqa: F401 (re-exported)
    KPIS,
    METHODS,
    POLARITIES,
    SMALL_COUNTS,
    SOURCES,
    TARGET_KINDS,
    periods_judged,
)

# What a measure's value is and how often it is measured, with the columns some kinds need
# (a rate per N's population), are in schema_measures.
from wsoa_analysis.inputs.schema_measures import (  # noqa: F401 (re-exported)
    FREQUENCIES,
    MEASURE_KIND_COLUMNS,
    UNITS,
)

# The tables of published statistics (benchmarks and the release calendar) are written in
# schema_published; they are part of the contract all the same, and read from here.
from wsoa_analysis.inputs.schema_published import (  # noqa: F401 (PERIOD_KINDS: re-exported)
    BENCHMARKS,
    DFE_RELEASES,
    PERIOD_KINDS,
)

# The story beside the numbers (highlight reports, risks, voice, recommendations): in
# schema_story, read from here like the rest.
from wsoa_analysis.inputs.schema_story import STORY_TABLES

# --- coded vocabularies -------------------------------------------------------------------

DECISIONS = {
    "yes": "decided to assess",
    "no": "decided not to assess",
    "pending": "no decision yet",
    "withdrawn": "request withdrawn",
}


# --- column and table specifications ------------------------------------------------------


PRIORITIES = Table(
    "priorities",
    "The priority areas of the WSoA (areas of significant weakness), one row each.",
    (
        Column("priority_id", "text", "Short id of the priority area", nullable=False, example="1"),
        Column(
            "title", "text", "Short title shown in the pack", nullable=False, example="EHC plans"
        ),
        Column(
            "weakness",
            "text",
            "The area of significant weakness it answers, as written",
            nullable=False,
        ),
        Column("aim", "text", "The outcome the priority aims for, as written", required=False),
        Column("lead_officers", "text", "Lead officer(s), as written", example="Head of Service"),
        Column(
            "sort_order", "integer", "Order of the areas in the pack", required=False, minimum=0
        ),
    ),
    key=("priority_id",),
)

ACTIONS = Table(
    "actions",
    "The actions of the action plan, one row each.",
    (
        Column("action_ref", "text", "Action reference", nullable=False, example="1.1.1"),
        Column(
            "objective_ref", "text", "The objective it belongs to", nullable=False, example="1.1"
        ),
        Column(
            "priority_id",
            "text",
            "The priority area (priorities.priority_id)",
            nullable=False,
            example="1",
        ),
        Column("description", "text", "The action, as written", nullable=False),
        Column("leads", "text", "Lead(s), as written"),
        Column(
            "target_date_as_written", "text", "Target end date, as written", example="July 2022"
        ),
        Column(
            "target_date",
            "date",
            "The target date read from the text (last day of the month named); empty where "
            "the text has none (an ongoing or recurring action has no end date)",
            example="2022-07-31",
        ),
        Column(
            "progress_as_written",
            "text",
            "A progress note the plan itself gives for the action, as written (dated by the "
            "plan, not by any reporting date: a cycle's own notes go in "
            "action_updates.commentary)",
            required=False,
        ),
    ),
    key=("action_ref",),
)

ACTION_UPDATES = Table(
    "action_updates",
    "BRAG status of actions at each reporting date, as recorded. An action with no row for a "
    "date has no status recorded for it.",
    (
        Column(
            "action_ref", "text", "The action (actions.action_ref)", nullable=False, example="2.2.2"
        ),
        Column(
            "reporting_date",
            "date",
            "The reporting date of the update",
            nullable=False,
            example="2022-08-31",
        ),
        Column(
            "status",
            "text",
            "BRAG status as recorded: Blue, Green, Amber, Red or Grey (Yellow is read as "
            "Amber; case and spaces are ignored)",
            nullable=False,
            example="Green",
        ),
        Column("commentary", "text", "Progress update, as recorded", required=False),
        Column("synthetic", "bool", "yes where the row is invented example data", required=False),
    ),
    key=("action_ref", "reporting_date"),
)

OBSERVATIONS = Table(
    "observations",
    "The values of measures whose method is 'observed', one row per measure and period.",
    (
        Column("kpi_id", "text", "The measure (kpis.kpi_id)", nullable=False, example="P1-01"),
        Column(
            "period_end",
            "date",
            "Last day of the period the value is for",
            nullable=False,
            example="2022-09-30",
        ),
        Column(
            "value", "number", "The value, in the measure's unit", nullable=False, example="61.0"
        ),
        Column(
            "numerator",
            "number",
            "Numerator, where the value is a rate or percentage",
            required=False,
            minimum=0,
        ),
        Column(
            "denominator",
            "number",
            "Denominator, where the value is a rate or percentage",
            required=False,
            minimum=0,
            minimum_excluded=True,
        ),
        Column("note", "text", "Anything a reader should know about this value", required=False),
        Column("synthetic", "bool", "yes where the value is invented example data", required=False),
    ),
    key=("kpi_id", "period_end"),
)

EHC_REQUESTS = Table(
    "ehc_requests",
    "Record-level requests for an EHC needs assessment, one row per request. About children: "
    "pseudonymous ids only, and nothing from this table is ever shown record by record.",
    (
        Column(
            "request_id",
            "text",
            "Pseudonymous id of the request",
            nullable=False,
            example="R000123",
        ),
        Column(
            "date_received",
            "date",
            "Date the request was received",
            nullable=False,
            example="2022-03-14",
        ),
        _code("decision", DECISIONS, "Decision on whether to assess", example="yes"),
        Column("decision_date", "date", "Date of the decision"),
        Column("plan_issued_date", "date", "Date the final EHC plan was issued, if one was"),
        Column(
            "exception_applies",
            "bool",
            "yes where a statutory exception to the 20-week time limit applies (SEND "
            "Regulations 2014, regulation 10(4))",
            example="no",
        ),
        Column("synthetic", "bool", "yes where the row is invented example data", required=False),
    ),
    key=("request_id",),
)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        PRIORITIES,
        KPIS,
        ACTIONS,
        ACTION_UPDATES,
        OBSERVATIONS,
        EHC_REQUESTS,
        BENCHMARKS,
        DFE_RELEASES,
        *STORY_TABLES,
        CLOSURES,
    )
}

# Largest gap, in percentage points, between a percentage as entered and 100 * numerator /
# denominator: values are entered to one decimal place, so half of 0.1.
PERCENT_MATCH_TOLERANCE = 0.05

# Tables a data directory may leave out (an area with no record-level data or no comparators).
OPTIONAL_TABLES = (
    "ehc_requests",
    "benchmarks",
    "dfe_releases",
    *(t.name for t in STORY_TABLES),
    CLOSURES.name,
)

BENCHMARK_SYMBOLS = {
    "c": "suppressed to protect confidentiality",
    "x": "not available",
    "z": "not applicable",
    "low": "rounds to zero, but is not zero",
    "u": "low reliability",
}
