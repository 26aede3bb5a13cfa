"""The figure ledger's rows for an area's deeper analyses (``pack.analyses``): the figures
each one's tables and caption show, read from the frames its section holds (see
``present.sections.analysis``), with where they come from."""

from __future__ import annotations

import math

from wsoa_analysis.config.settings import Analysis
from wsoa_analysis.domain import benchmarks as bm
from wsoa_analysis.domain.context import Context
from wsoa_analysis.domain.ehc import TWENTY_WEEKS, TWENTY_WEEKS_DAYS
from wsoa_analysis.present.figures import DEFINITION, LOCAL, OURS, figure
from wsoa_analysis.present.format import month_year
from wsoa_analysis.present.ledger_measures import neighbours_listed, value_source
from wsoa_analysis.present.sections.extras import KINDS, analysis, left_out

_REQUESTS = "ehc_requests.csv"
_WITHHELD = "; small numbers withheld by the disclosure policy"


def twenty_weeks(section: str) -> dict:
    """The time limit a plan is measured against, as the pages write it."""
    return figure(
        section,
        "Time limit for issuing an EHC plan",
        f"{TWENTY_WEEKS:g} weeks",
        kind=DEFINITION,
        source=f"SEND Regulations 2014, regulation 13(2): {TWENTY_WEEKS:g} weeks "
        f"({TWENTY_WEEKS_DAYS} days) from the request; exceptions, regulation 10(4)",
        value=TWENTY_WEEKS,
        unit="weeks",
    )


def months(section: str, n: int, what: str) -> dict:
    """A window of ``n`` months that an analysis is over (``what`` says which)."""
    return figure(
        section,
        what,
        f"{n} months",
        kind=DEFINITION,
        source="the workbook's analysis (present/sections/analysis.py)",
        value=n,
        unit="months",
    )


def _as_shown(shown) -> float:
    """The number in a figure as shown (``1,234``, ``57.5%``, ``64 a month``)."""
    try:
        return float(str(shown).replace(",", "").rstrip("%").split()[0])
    except (ValueError, IndexError):
        return math.nan


def protected(ctx: Context, section: str, measure: str, r: dict, source: str, unit: str):
    """A figure worked out from the requests and protected (``r``: ``shown``, ``value``,
    ``synthetic``, ``suppressed`` and ``period``). Where the policy rounds counts, only the
    figure as shown is published (an unrounded percentage would give the counts back)."""
    exact = ctx.settings.disclosure.rounding_base == 1
    return figure(
        section,
        measure,
        r["shown"],
        kind=OURS,
        source=source + _WITHHELD,
        area=ctx.settings.area.name,
        period=r["period"],
        value=r["value"] if exact else _as_shown(r["shown"]),
        unit=unit,
        synthetic=r["synthetic"],
        suppressed=r["suppressed"],
    )


def _timeliness(ctx: Context, shown, heading: str) -> list[dict]:
    rows = [twenty_weeks(heading), months(heading, 12, "Window of the rolling figures")]
    for r in shown.frame.to_dict("records"):
        month = month_year(r["period_end"])
        source = (
            f"{_REQUESTS}: of the plans issued (plan_issued_date) in the 12 months to the end of "
            f"{month}, exception cases left out, the share issued within {TWENTY_WEEKS_DAYS} "
            "days of date_received"
        )
        r["period"] = f"12 months to the end of {month}"
        rows.append(
            protected(ctx, heading, "Plans issued within 20 weeks, rolling", r, source, "percent")
        )
    what = {
        "plans_issued": ("Plans issued, exceptions left out", "count"),
        "within_20_weeks": ("Plans issued within 20 weeks", "count"),
        "percent": ("Plans issued within 20 weeks, per cent", "percent"),
    }
    for y in shown.frames["calendar_years"].to_dict("records"):
        for column, (measure, unit) in what.items():
            r = {
                "shown": y[column],
                "value": y[f"{column}_value"],
                "synthetic": y["synthetic"],
                "suppressed": y[f"{column}_suppressed"],
                "period": y["year"],
            }
            source = f"{_REQUESTS}: plans issued in {y['year']}, exception cases left out"
            rows.append(protected(ctx, heading, measure, r, source, unit))
    comp = shown.frames.get("comparators")
    if comp is not None and (comp["kind"] == bm.NEIGHBOURS_KIND).any():
        rows += neighbours_listed(ctx, heading)  # the chart's legend says how many
    return rows


def _weeks(ctx: Context, shown, heading: str) -> list[dict]:
    rows = [twenty_weeks(heading)]
    for r in shown.frame.to_dict("records"):
        band = "all" if r["weeks"] == "All" else f"{r['weeks']} weeks"
        source = (
            f"{_REQUESTS}: plans issued {r['period']}, exception cases left out, by whole and "
            "part weeks from date_received to plan_issued_date"
        )
        r["shown"] = r["plans"]
        rows.append(protected(ctx, heading, f"Plans issued, {band}", r, source, "count"))
    for r in shown.frames["within_20_weeks"].to_dict("records"):
        source = f"{_REQUESTS}: the plans of the bands of 20 weeks or less, added up"
        r["suppressed"] = False
        rows.append(protected(ctx, heading, "Plans issued within 20 weeks", r, source, "count"))
    return rows


def _requests(ctx: Context, shown, heading: str) -> list[dict]:
    rows = [
        months(heading, 24, "Months the chart shows"),
        months(heading, 12, "Months averaged"),
    ]
    for r in shown.frame.to_dict("records"):
        r["period"] = r["month"]
        source = f"{_REQUESTS}: requests received (date_received) in {r['month']}, counted"
        rows.append(
            protected(
                ctx, heading, "Requests for EHC needs assessment received", r, source, "count"
            )
        )
    for r in shown.frames["average"].to_dict("records"):
        r["suppressed"] = False
        source = f"{_REQUESTS}: the average of the monthly counts of {r['period']}"
        rows.append(
            protected(
                ctx, heading, "Requests received, average a month", r, source, "rate_per_month"
            )
        )
    return rows


def _side_by_side(ctx: Context, shown, heading: str) -> list[dict]:
    rows, methods = [], dict(zip(ctx.ds.kpis["kpi_id"], ctx.ds.kpis["method"], strict=True))
    for r in shown.frame.to_dict("records"):
        if r["baseline"]:
            kind = LOCAL
            source = f"kpis.csv: kpi_id {r['kpi_id']}, column baseline_value (as the plan states)"
        else:
            kind, source = value_source(r["kpi_id"], methods[r["kpi_id"]], r["period_end"])
        rows.append(
            figure(
                heading,
                r["measure"],
                r["shown"],
                kind=kind,
                source=source,
                measure_id=r["kpi_id"],
                area=ctx.settings.area.name,
                period=r["period"],
                value=r["value"],
                unit=r["unit"],
                synthetic=r["synthetic"],
                suppressed=r["suppressed"],
            )
        )
    invented = int(shown.frame["synthetic"].sum())
    if invented:
        counts = (
            ("Values in the table marked synthetic", invented),
            ("Values in the table", len(shown.frame)),
        )
        rows += [
            figure(heading, what, str(n), kind=OURS, source="the table above, counted", value=n)
            for what, n in counts
        ]
    return rows


_ROWS = {
    "ehc_timeliness": _timeliness,
    "weeks_to_plan": _weeks,
    "requests_trend": _requests,
    "measures_by_year": _side_by_side,
}


def analysis_rows(ctx: Context, item: Analysis) -> list[dict]:
    """The figures one declared analysis shows, under its heading."""
    if left_out(ctx, item):  # the page says it is left out, and shows no figure
        return []
    shown = analysis(ctx, item)
    heading = item.title or KINDS[item.kind][0]
    if shown.frame is None or not len(shown.frame):  # its introduction only
        return [twenty_weeks(heading)] if item.kind == "ehc_timeliness" else []
    return _ROWS[item.kind](ctx, shown, heading)
