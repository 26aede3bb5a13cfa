"""The contract's table of key impact measures (``kpis``) and the vocabularies its coded
columns take: which way is better, what kind of target, where the figures come from, how
values are obtained, whether small counts are withheld, and what a rating judges. Part of
:mod:`~wsoa_analysis.inputs.schema`, which lists every table; what a value is and how often
it is measured are in :mod:`~wsoa_analysis.inputs.schema_measures`."""

from __future__ import annotations

import re

import pandas as pd

from wsoa_analysis.inputs.contract import Column, Table
from wsoa_analysis.inputs.contract import code_column as _code
from wsoa_analysis.inputs.schema_measures import FREQUENCIES, MEASURE_KIND_COLUMNS, UNITS

POLARITIES = {
    "higher": "higher is better",
    "lower": "lower is better",
    "hold": "hold steady: movement either way is a concern",
}

TARGET_KINDS = {
    "absolute": "reach target_value (by target_date where one is given)",
    "relative": "change by target_value percent of the baseline (e.g. 20 for a 20% increase)",
    "maintain": "keep at the baseline (or at target_value where one is given)",
    "reduce": "reduce from the baseline; no number set",
    "increase": "increase from the baseline; no number set",
    "month_on_month": "increase every month",
    "national_average": "in line with the published national average or better",
    "to_be_set": "no target set yet",
}

SOURCES = {
    "local": "the local area's own data (management information)",
    "published": "published official statistics",
}

METHODS = {
    "observed": "values are entered in the observations table",
    "ehc_requests_per_month": "computed from ehc_requests: requests received in each month",
    "ehc_issued_within_20_weeks": "computed from ehc_requests: % of plans issued in the period "
    "within 20 weeks of the request, exception cases left out",
}

SMALL_COUNTS = {
    "suppress": "its values count children, young people or families: a count from 1 to the "
    "disclosure threshold less 1 is withheld (the default for counts)",
    "show": "its values count things, not people (schools, website hits): shown as they are",
}

_MEAN_OF = re.compile(r"mean_of_([0-9]+)")


def periods_judged(text) -> int | None:
    """How many periods a ``judged_by`` value averages: 1 for ``latest`` or empty, N for
    ``mean_of_N`` (N of 2 or more); None for anything else.

    >>> periods_judged("mean_of_12"), periods_judged(None), periods_judged("mean_of_1")
    (12, 1, None)
    """
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return 1
    if text.strip() in ("", "latest"):
        return 1
    found = _MEAN_OF.fullmatch(text.strip())
    n = int(found.group(1)) if found else 0
    return n if n >= 2 else None


KPIS = Table(
    "kpis",
    "The key impact measures, one row each, with baseline and target as the WSoA states them.",
    (
        Column("kpi_id", "text", "Short id of the measure", nullable=False, example="P1-01"),
        Column(
            "priority_id",
            "text",
            "The priority area it belongs to (priorities.priority_id)",
            nullable=False,
            example="1",
        ),
        Column("title", "text", "Title shown in the pack", nullable=False),
        _code("unit", UNITS, "What a value is", nullable=False, example="percent"),
        _code("polarity", POLARITIES, "Which way is better", nullable=False, example="higher"),
        Column(
            "baseline_value",
            "number",
            "Baseline value; empty when still to be established",
            example="52.5",
        ),
        Column("baseline_date", "date", "Last day of the baseline period", example="2021-06-30"),
        Column("baseline_as_written", "text", "The baseline as the WSoA words it", example="52.5%"),
        _code(
            "target_kind",
            TARGET_KINDS,
            "What kind of target it is",
            nullable=False,
            example="absolute",
        ),
        Column(
            "target_value", "number", "The target number, where the target has one", example="75"
        ),
        Column(
            "target_date",
            "date",
            "Date the target is due, where one is stated",
            example="2023-06-30",
        ),
        Column(
            "target_as_written",
            "text",
            "The target as the WSoA words it",
            example="75% by June 2023",
        ),
        _code(
            "frequency",
            FREQUENCIES,
            "How often it is measured (the period of each value)",
            nullable=False,
            example="quarterly",
        ),
        _code("source", SOURCES, "Where the figures come from", nullable=False, example="local"),
        _code("method", METHODS, "How values are obtained", nullable=False, example="observed"),
        Column("definition", "text", "What exactly is counted, for the data notes"),
        Column(
            "comparator_key",
            "text",
            "benchmarks.measure_key of a published comparator defined as the measure is, "
            "where one exists",
            example="ehc_plans_20_weeks_ex",
        ),
        Column(
            "related_key",
            "text",
            "benchmarks.measure_key of a published figure related to the measure but defined "
            "differently (e.g. counting more): shown under its own definition, never as the "
            "measure's comparator",
            required=False,
            example="supported_internships",
        ),
        Column(
            "judged_by",
            "text",
            "What its rating judges: latest (its latest value; the default where empty) or "
            "mean_of_N (the average of its last N periods, e.g. mean_of_12), shown beside the "
            "rating",
            required=False,
            example="mean_of_12",
        ),
        Column(
            "baseline_period_assumed",
            "bool",
            "yes where the WSoA does not state the period its baseline covers, so that "
            "baseline_date is this workbook's assumption (the pack marks it as assumed)",
            required=False,
            example="yes",
        ),
        _code(
            "small_counts",
            SMALL_COUNTS,
            "For a count entered in observations: whether small values are withheld "
            "(suppress, the default where empty) or shown (show: only for counts of things, "
            "not of people)",
            required=False,
            example="show",
        ),
        *MEASURE_KIND_COLUMNS,
    ),
    key=("kpi_id",),
)
