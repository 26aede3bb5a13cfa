"""Deeper analysis from the record-level requests and the exclusions measures, with small
numbers withheld by the area's disclosure policy."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from wsoa_analysis.disclosure import footnote, protect_counts, protect_rate
from wsoa_analysis.domain import ehc
from wsoa_analysis.domain.context import Context
from wsoa_analysis.domain.periods import on_or_before, period_label
from wsoa_analysis.domain.rounding import format_value
from wsoa_analysis.present import charts
from wsoa_analysis.present.format import long_date, long_month, month_year
from wsoa_analysis.present.sections.common import _comparator_frame, synthetic_mark
from wsoa_analysis.present.sections.section import Section, html
from wsoa_analysis.present.tables import Col, html_table

# --- deeper analysis ----------------------------------------------------------------------


def _chart_section(fig, alt: str, cap: str, data_table, *, frame) -> Section:
    """A chart with its caption and, folded under it, the table of what it draws."""
    return Section(
        charts.figure_html(fig, alt, cap, data_table=str(data_table)),
        frame=frame,
        figure=fig,
        caption=alt,
        notes=[cap],
    )


_YEAR_COLUMNS = [
    Col("year", "Calendar year"),
    Col("plans_issued", "Plans issued (exceptions left out)", numeric=True),
    Col("within_20_weeks", "Within 20 weeks", numeric=True),
    Col("percent", "Per cent", numeric=True),
]


def _timeliness_chart(ctx: Context, local: pd.DataFrame, comp: pd.DataFrame | None):
    """The local rolling line beside the published series, each coloured by its kind."""
    local_name = f"{ctx.settings.area.name}, rolling 12 months (local)"
    series, colours = {local_name: local}, {local_name: charts.COLOURS["local"]}
    if comp is not None:
        for kind, part in comp.groupby("kind", sort=False):
            name = part["series"].iloc[0]
            series[name], colours[name] = part, charts.COLOURS[kind]
    fig, ax = charts.new_figure()
    charts.line_chart(ax, series, unit="percent", colours=colours)
    return fig


def _timeliness_by_year(ctx: Context):
    """Calendar years to the reporting date, protected: (what is shown, the protection)."""
    req, end = ctx.ds.ehc_requests, ctx.reporting_date
    yearly = ehc.timeliness(req, "calendar_year", req["plan_issued_date"].min(), end)
    yearly = on_or_before(yearly, end).reset_index(drop=True)
    safe = protect_rate(
        yearly["within_20_weeks"],
        yearly["plans_issued"],
        yearly["percent"],
        ctx.settings.disclosure,
    )
    return safe.shown.assign(year=yearly["period_end"].dt.year.astype(str)), safe


def timeliness_analysis(ctx: Context, key: str | None = "ehc_plans_20_weeks_ex") -> Section:
    """% of plans issued within 20 weeks over the 12 months to each month end, and by
    calendar year, computed from the record-level requests, against the published figures
    (``key``: their measure key in ``benchmarks.csv``). Small numbers are withheld by the
    area's disclosure policy."""
    req, policy, end = ctx.ds.ehc_requests, ctx.settings.disclosure, ctx.reporting_date
    if req.empty:
        return Section(Markup('<p class="muted">No record-level requests in the data.</p>'))
    rolling = ehc.timeliness(req, "rolling_12_months", end - pd.DateOffset(months=24), end)
    safe = protect_rate(
        rolling["within_20_weeks"], rolling["plans_issued"], rolling["percent"], policy
    )
    local = pd.DataFrame(
        {"period_end": rolling["period_end"], "value": safe.values["percent"].astype("float64")}
    )
    comp = _comparator_frame(ctx, key, end - pd.DateOffset(years=5))
    fig = _timeliness_chart(ctx, local, comp)
    shown = local.dropna()
    alt = "Share of new EHC plans issued within 20 weeks, rolling 12 months"
    if len(shown):
        last = shown.iloc[-1]
        alt += (
            f": {format_value(last['value'], 'percent')} in the 12 months to "
            f"{long_month(last['period_end'])}"
        )
    by_year, ysafe = _timeliness_by_year(ctx)
    table = html_table(
        by_year,
        _YEAR_COLUMNS,
        caption="Plans issued within 20 weeks by calendar year, computed from "
        "the record-level requests (local)",
    )
    notes = [alt + ". Published figures are for calendar years, plotted at the year's end."]
    if ysafe.suppressed.to_numpy().any() or safe.suppressed.to_numpy().any():
        notes.append(footnote(policy))
    data = pd.DataFrame(
        {"month": [month_year(d) for d in rolling["period_end"]], "shown": safe.shown["percent"]}
    )
    data_table = html_table(
        data,
        [
            Col("month", "12 months to the end of"),
            Col("shown", "Issued within 20 weeks (local)", numeric=True),
        ],
        caption="Rolling 12-month figures in the chart",
    )
    figure = charts.figure_html(fig, alt + ".", " ".join(notes), data_table=str(data_table))
    return Section(
        html(figure, table),
        frame=local.assign(shown=safe.shown["percent"].to_numpy()),
        figure=fig,
        caption=alt + ".",
        notes=notes,
        frames={"calendar_years": by_year, "comparators": comp},
    )


def weeks_to_plan(ctx: Context) -> Section:
    """How long plans issued in the last 12 months took, in weeks (small counts withheld)."""
    end = ctx.reporting_date
    policy = ctx.settings.disclosure
    start = end - pd.DateOffset(years=1) + pd.Timedelta(days=1)
    dist = ehc.weeks_distribution(ctx.ds.ehc_requests, start, end)
    total = pd.DataFrame({"weeks": ["All"], "plans": [int(dist["plans"].sum())]})
    table = pd.concat([dist[["weeks", "plans"]], total], ignore_index=True).set_index("weeks")
    safe = protect_counts(table, ["plans"], policy, rows_total="All")
    bars = safe.values["plans"].drop("All")
    fig, ax = charts.new_figure((6.4, 2.6))
    charts.bar_chart(
        ax,
        list(bars.index),
        [0 if pd.isna(v) else v for v in bars],
        xlabel="Weeks from request to plan",
        value_labels=list(safe.shown["plans"].drop("All")),
    )
    within = list(dist.loc[dist["within_20_weeks"], "weeks"])  # the bins of "20 weeks or less"
    alt = (
        f"Of {safe.shown.loc['All', 'plans']} plans issued from {long_date(start)} to "
        f"{long_date(end)} (exceptions left out)"
    )
    if not safe.suppressed.loc[within, "plans"].any():
        alt += f", {int(bars[within].sum())} took 20 weeks or less"
    alt += "."
    cap = alt + (f" {footnote(policy)}" if safe.suppressed.to_numpy().any() else "")
    data = safe.shown.reset_index().rename(columns={"weeks": "weeks", "plans": "plans"})
    data_table = html_table(
        data,
        [Col("weeks", "Weeks from request to plan"), Col("plans", "Plans", numeric=True)],
        caption="Plans by weeks taken",
    )
    return _chart_section(fig, alt, cap, data_table, frame=data)


def requests_trend(ctx: Context) -> Section:
    """Requests for assessment received each month (small counts withheld)."""
    end = ctx.reporting_date
    policy = ctx.settings.disclosure
    per_month = ehc.requests_per_month(ctx.ds.ehc_requests)
    per_month = per_month[per_month["period_end"] <= end].tail(24).reset_index(drop=True)
    safe = protect_counts(per_month, ["requests"], policy)
    values = pd.DataFrame(
        {"period_end": per_month["period_end"], "value": safe.values["requests"].astype("float64")}
    )
    fig, ax = charts.new_figure()
    charts.line_chart(ax, {"Requests received (local)": values}, unit="count")
    last12 = safe.suppressed["requests"].tail(12)
    alt = "Requests for EHC needs assessment each month, last 24 months"
    if len(per_month) and not last12.any():
        # an average over months that are all shown reveals nothing new
        alt += (
            f"; average of the last 12 months "
            f"{format_value(values['value'].tail(12).mean(), 'rate_per_month')}"
        )
    alt += "."
    cap = alt + (f" {footnote(policy)}" if safe.suppressed.to_numpy().any() else "")
    data = pd.DataFrame(
        {"month": [month_year(d) for d in per_month["period_end"]], "shown": safe.shown["requests"]}
    )
    data_table = html_table(
        data,
        [Col("month", "Month"), Col("shown", "Requests received", numeric=True)],
        caption="Requests received each month",
    )
    return _chart_section(
        fig, alt, cap, data_table, frame=values.assign(shown=safe.shown["requests"].to_numpy())
    )


def measures_by_year(ctx: Context, kpi_ids: list[str]) -> Section:
    """Several measures drawn side by side, each from its baseline, period by period (e.g.
    suspensions and permanent exclusions by SEN status, academic year by academic year)."""
    rows = ctx.values[ctx.values["kpi_id"].isin(kpi_ids)].pipe(on_or_before, ctx.reporting_date)
    if rows.empty:
        return Section(Markup('<p class="muted">No values recorded yet.</p>'))
    kpis = ctx.ds.kpis.set_index("kpi_id")
    series, table_rows = {}, []
    for kid in kpi_ids:
        kpi = kpis.loc[kid]
        part = rows[rows["kpi_id"] == kid][["period_end", "value", "synthetic"]]
        if pd.notna(kpi["baseline_value"]) and pd.notna(kpi["baseline_date"]):
            start = {"period_end": [kpi["baseline_date"]], "value": [kpi["baseline_value"]]}
            part = pd.concat([pd.DataFrame({**start, "synthetic": [False]}), part])
        series[kpi["title"]] = part
        table_rows += [
            {
                "kpi_id": kid,
                "measure": kpi["title"],
                "period_end": d,
                "period": period_label(d, kpi["frequency"]),
                "value": v,
                "shown": format_value(v, kpi["unit"]),
                "synthetic": bool(synthetic),
            }
            for d, v, synthetic in zip(
                part["period_end"], part["value"], part["synthetic"], strict=True
            )
        ]
    data = pd.DataFrame(table_rows)
    fig, ax = charts.new_figure()
    labels = dict(zip(data["period_end"], data["period"], strict=True))
    charts.line_chart(ax, series, unit=kpis.loc[kpi_ids[0], "unit"], period_labels=labels)
    shown = Col(
        "shown",
        "Value",
        numeric=True,
        fmt=lambda v, r: Markup("{}{}").format(v, synthetic_mark() if r["synthetic"] else ""),
    )
    data_table = html_table(
        data,
        [Col("measure", "Measure"), Col("period", "Period"), shown],
        caption="The measures side by side",
    )
    alt = "; ".join(
        f"{name}: {first['shown']} in {first['period']}, {last['shown']} in {last['period']}"
        for name, part in data.groupby("measure", sort=False)
        for first, last in [(part.iloc[0], part.iloc[-1])]
    )
    alt = f"The measures side by side, from each one's baseline. {alt}."
    invented = int(data["synthetic"].sum())
    cap = alt + (
        f" {invented} of these {len(data)} values are synthetic example values." if invented else ""
    )
    return _chart_section(fig, alt, cap, data_table, frame=data)
