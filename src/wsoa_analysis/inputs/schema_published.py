"""The contract's tables of published statistics: the benchmarks extract and the release
calendar that says when each figure was published. Part of
:mod:`~wsoa_analysis.inputs.schema`, which lists every table; kept here so that module stays
readable."""

from __future__ import annotations

from wsoa_analysis.inputs.contract import Column, Table, code_column

PERIOD_KINDS = {
    "calendar_year": "January to December",
    "academic_year": "September to August",
    "financial_year": "April to March",
    "census": "a count on a census day; period_start and period_end are the first and last "
    "day of the month of the census (e.g. the January census)",
}

BENCHMARKS = Table(
    "benchmarks",
    "Published comparators, one row per measure, area, period and release, as extracted from "
    "the published statistics. Suppressed or unavailable figures keep their symbol. A figure "
    "is shown in a pack only from the day it was first published (first_published_on), and "
    "each pack cites the newest release it holds that was published by its reporting date.",
    (
        Column(
            "measure_key",
            "text",
            "Which published measure",
            nullable=False,
            example="ehc_plans_20_weeks_ex",
        ),
        Column("area_code", "text", "ONS code of the area", nullable=False, example="E92000001"),
        Column("area_name", "text", "Name of the area", nullable=False, example="England"),
        Column(
            "geographic_level",
            "text",
            "National, Regional or Local authority",
            nullable=False,
            example="National",
        ),
        Column("time_period", "text", "The period as published", nullable=False, example="2022"),
        code_column(
            "period_kind",
            PERIOD_KINDS,
            "What kind of period the figure is for",
            nullable=False,
            example="calendar_year",
        ),
        Column(
            "period_start", "date", "First day of the period", nullable=False, example="2022-01-01"
        ),
        Column(
            "period_end", "date", "Last day of the period", nullable=False, example="2022-12-31"
        ),
        Column("value", "number", "The published figure; empty where a symbol stands instead"),
        Column(
            "symbol",
            "text",
            "The published symbol where there is no figure: c suppressed, x not available, "
            "z not applicable, low rounds to zero, u low reliability",
            required=False,
        ),
        Column("unit", "text", "Unit of the value", example="percent"),
        Column(
            "definition",
            "text",
            "What the published figure counts, in words (a measure is compared with it only "
            "where kpis.comparator_key says the definitions match)",
            nullable=False,
        ),
        Column(
            "publication",
            "text",
            "The publication (dfe_releases.publication)",
            nullable=False,
            example="Education, health and care plans",
        ),
        Column(
            "release",
            "text",
            "The release this value is taken from (dfe_releases.release)",
            nullable=False,
            example="Reporting year 2025",
        ),
        Column(
            "published_on",
            "date",
            "The day that release was published (as in dfe_releases)",
            nullable=False,
            example="2025-06-26",
        ),
        Column(
            "first_release",
            "text",
            "The release that first published the figure: the first of the publication "
            "published after the period ended; empty where that is before the first release "
            "in dfe_releases",
            example="Reporting year 2023",
        ),
        Column(
            "first_published_on",
            "date",
            "The day first_release was published; empty with it",
            example="2023-06-08",
        ),
        Column(
            "source", "text", "Publication, release and file the figure comes from", nullable=False
        ),
    ),
    key=("measure_key", "area_code", "time_period", "release"),
)

DFE_RELEASES = Table(
    "dfe_releases",
    "When each release of a publication was published: the release calendar the benchmarks "
    "extract and every pack's dates come from, needed whenever there is a benchmarks table. "
    "List every release of a publication from the first one listed on, with none left out: a "
    "figure is taken to be first published in the first release published after its period "
    "ended.",
    (
        Column(
            "publication",
            "text",
            "The publication, as DfE names it",
            nullable=False,
            example="Education, health and care plans",
        ),
        Column(
            "release",
            "text",
            "The release, as DfE names it",
            nullable=False,
            example="Reporting year 2023",
        ),
        Column(
            "published_on",
            "date",
            "The day the release was published",
            nullable=False,
            example="2023-06-08",
        ),
        Column(
            "covers",
            "text",
            "The periods it publishes for the first time, in words",
            example="Calendar year 2022; January 2023 census",
        ),
        Column(
            "source",
            "text",
            "Where the date comes from (the release page), and how far it was checked",
            nullable=False,
        ),
    ),
    key=("publication", "release"),
)
