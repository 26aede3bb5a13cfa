"""The kinds of measure the contract knows: what a value is (``kpis.unit``), how often it is
measured (``kpis.frequency``) and the columns some kinds need (a rate per N's population, a
measure's own decimals). Part of :mod:`~wsoa_analysis.inputs.schema`; kept here so that
module stays readable."""

from __future__ import annotations

from wsoa_analysis.inputs.contract import Column

UNITS = {
    "percent": "a percentage, 0 to 100",
    "count": "a whole number of things (schools, plans, hits, people)",
    "rate_per_month": "a number per month",
    "rate_per_n": "a rate per rate_per of a population (e.g. per 10,000 children): give rate_per, "
    "rate_population and rate_population_source; shown as '24.1 per 10,000 children', with "
    "'(population: ...)' after the latest figure",
    "weeks": "a duration in weeks (e.g. average weeks to issue a plan)",
    "days": "a duration in days",
    "milestone": "a yes/no milestone: 1 done, 0 not yet; target_date is the date it is due "
    "(target_kind absolute, target_value 1). Shown as Done or Not yet, with no line, trajectory "
    "or progress percentage; rated Target met once done (saying whether by its due date), "
    "Target missed when the due date has passed undone, Not due yet before",
}

FREQUENCIES = {
    "monthly": "calendar months; period_end is the last day of the month",
    "quarterly": "financial-year quarters (Q1 = April to June); period_end 30 Jun, 30 Sep, 31 Dec "
    "or 31 Mar",
    "half_yearly": "calendar half-years; period_end 30 June or 31 December",
    "academic_year": "academic years, September to August; period_end 31 August",
    "financial_year": "financial years, April to March; period_end 31 March",
    "calendar_year": "calendar years; period_end 31 December",
    "termly": "school terms as three four-month blocks of the academic year: autumn (September "
    "to December, period_end 31 December), spring (January to April, 30 April), summer (May to "
    "August, 31 August)",
    "january_census": "a count on the January census day, once a year; period_end 31 January, "
    "the last day of the census month (as published census figures are dated)",
}

MEASURE_KIND_COLUMNS = (
    Column(
        "rate_per",
        "number",
        "For a rate_per_n measure: the N a value is per (e.g. 10000 for per 10,000)",
        required=False,
        minimum=0,
        minimum_excluded=True,
        example="10000",
    ),
    Column(
        "rate_population",
        "text",
        "For a rate_per_n measure: who the rate is per, as shown after the number",
        required=False,
        example="children aged 0 to 17",
    ),
    Column(
        "rate_population_source",
        "text",
        "For a rate_per_n measure: where the population figure (the denominator) comes from",
        required=False,
        example="ONS mid-2021 population estimate",
    ),
    Column(
        "decimals",
        "integer",
        "Decimal places its values are shown to, where not its unit's usual (percent 1, "
        "count 0, rate_per_month 0, rate_per_n and weeks 1, days 0); a small rate is never "
        "shown as 0",
        required=False,
        minimum=0,
        example="2",
    ),
)
