"""Deeper analysis from the record-level requests and the exclusions measures, with small
numbers withheld by the area's disclosure policy.

Every figure computed from the requests carries the ``synthetic`` flag ``domain.ehc`` gave
it, to its table cell (marked †), to the caption that quotes it and to the section's frames
(``synthetic`` and ``suppressed`` beside each figure as shown), which the figure ledger
(``present.ledger``) lists."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from wsoa_analysis.disclosure import footnote, protect_counts, protect_rate
from wsoa_analysis.domain import ehc
from wsoa_analysis.domain.context import Context
from wsoa_analysis.domain.judging import baseline_period
from wsoa_analysis.domain.periods import on_or_before, period_label
from wsoa_analysis.domain.rounding import format_value
from wsoa_analysis.domain.synthetic import counted_synthetic
from wsoa_analysis.domain.units import format_measure
from wsoa_analysis.present import charts
from wsoa_analysis.present.format import long_date, long_month, month_year
from wsoa_analysis.present.sections.common import _comparator_frame
from wsoa_analysis.present.sections.section import Section, html
from wsoa_analysis.present.tables import Col, html_table, marked

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
    Col("plans_issued", "Plans issued (exceptions left out)", numeric=True, synthetic="synthetic"),
    Col("within_20_weeks", "Within 20 weeks", numeric=True, synthetic="synthetic"),
    Col("percent", "Per cent", numeric=True, synthetic="synthetic"),
]
_RATE = ("plans_issued", "within_20_weeks", "percent")


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
    """Calendar years to the reporting date, protected: (what is shown, the protection).
    What is shown also holds, for each figure, its value as published (``<column>_value``,
    empty where withheld) and whether it is withheld (``<column>_suppressed``)."""
    req, end = ctx.ds.ehc_requests, ctx.reporting_date
    yearly = ehc.timeliness(req, "calendar_year", req["plan_issued_date"].min(), end)
    # a year the record-level data cover only in part is not a year: left out (and said)
    yearly = on_or_before(yearly[~yearly["part_period"]], end).reset_index(drop=True)
    safe = protect_rate(
        yearly["within_20_weeks"],
        yearly["plans_issued"],
        yearly["percent"],
        ctx.settings.disclosure,
    )
    shown = safe.shown.assign(
        year=yearly["period_end"].dt.year.astype(str),
        period_end=yearly["period_end"],
        synthetic=yearly["synthetic"].to_numpy(),
        **{f"{c}_value": safe.values[c].astype("float64") for c in _RATE},
        **{f"{c}_suppressed": safe.suppressed[c].to_numpy() for c in _RATE},
    )
    return shown, safe


def _rolling(ctx: Context) -> pd.DataFrame:
    """The rolling 12-month percentages for the 24 months to the reporting date, protected:
    ``period_end``, ``value`` (empty where withheld), ``shown``, ``synthetic``, ``suppressed``."""
    req, end = ctx.ds.ehc_requests, ctx.reporting_date
    rolling = ehc.timeliness(req, "rolling_12_months", end - pd.DateOffset(months=24), end)
    safe = protect_rate(
        rolling["within_20_weeks"],
        rolling["plans_issued"],
        rolling["percent"],
        ctx.settings.disclosure,
    )
    return pd.DataFrame(
        {
            "period_end": rolling["period_end"],
            "value": safe.values["percent"].astype("float64"),
            "shown": safe.shown["percent"].to_numpy(),
            "synthetic": rolling["synthetic"].to_numpy(),
            "suppressed": safe.suppressed["percent"].to_numpy(),
        }
    )


def timeliness_analysis(ctx: Context, key: str | None = "ehc_plans_20_weeks_ex") -> Section:
    """% of plans issued within 20 weeks over the 12 months to each month end, and by
    calendar year, computed from the record-level requests, against the published figures
    (``key``: their measure key in ``benchmarks.csv``). Small numbers are withheld by the
    area's disclosure policy."""
    policy, end = ctx.settings.disclosure, ctx.reporting_date
    if ctx.ds.ehc_requests.empty:
        return Section(Markup('<p class="muted">No record-level requests in the data.</p>'))
    rolled = _rolling(ctx)
    local = rolled[["period_end", "value"]]
    comp = _comparator_frame(ctx, key, end - pd.DateOffset(years=5))
    fig = _timeliness_chart(ctx, local, comp)
    alt = said = "Share of new EHC plans issued within 20 weeks, rolling 12 months"
    shown = rolled.dropna(subset=["value"])
    if len(shown):
        last = shown.iloc[-1]
        figure = format_value(last["value"], "percent")
        month = long_month(last["period_end"])
        alt += f": {figure} in the 12 months to {month}"
        said += f": {marked(figure, last['synthetic'])} in the 12 months to {month}"
    by_year, ysafe = _timeliness_by_year(ctx)
    table = html_table(
        by_year,
        _YEAR_COLUMNS,
        caption="Plans issued within 20 weeks by calendar year, computed from "
        "the record-level requests (local)",
    )
    notes = [said + ". Published figures are for calendar years, plotted at the year's end."]
    notes.append(
        "Twelve-month windows and calendar years that the record-level data cover only in "
        "part (before the first plan issued in the data) are left out."
    )
    if ysafe.suppressed.to_numpy().any() or rolled["suppressed"].any():
        notes.append(footnote(policy))
    data_table = html_table(
        rolled.assign(month=[month_year(d) for d in rolled["period_end"]]),
        [
            Col("month", "12 months to the end of"),
            Col("shown", "Issued within 20 weeks (local)", numeric=True, synthetic="synthetic"),
        ],
        caption="Rolling 12-month figures in the chart",
    )
    figure = charts.figure_html(fig, alt + ".", " ".join(notes), data_table=str(data_table))
    return Section(
        html(figure, table),
        frame=rolled,
        figure=fig,
        caption=alt + ".",
        notes=notes,
        frames={"calendar_years": by_year, "comparators": comp},
    )


def _total_synthetic(bands: pd.DataFrame, req: pd.DataFrame) -> bool:
    """Whether a total of bands of a weeks distribution is synthetic: where a band with
    plans in it is (or, with none, by the rule for a count of none)."""
    counted = bands.loc[bands["plans"] > 0, "synthetic"]
    return bool(counted_synthetic([bands["plans"].sum()], [int(counted.any())], req)[0])


_WITHIN, _OVER = "20 weeks or less", "More than 20 weeks"


def _weeks_table(ctx: Context, start, end):
    """Plans issued from ``start`` to ``end`` by weeks taken, with their total ("All"),
    protected together with the plans within and over 20 weeks: (the distribution, the
    protection of the bands and "All", ``synthetic`` by row, the protection of the plans
    within 20 weeks, over 20 weeks and of "All").

    The rolling percentage for the same 12 months, shown beside this total, gives away the
    plans within 20 weeks (and so those over): where it is shown, a reader is taken to know
    them, and a band is protected against them as against the total."""
    req, policy = ctx.ds.ehc_requests, ctx.settings.disclosure
    dist = ehc.weeks_distribution(req, start, end)
    within = dist["within_20_weeks"].to_numpy()
    n, k = int(dist["plans"].sum()), int(dist.loc[within, "plans"].sum())
    sums = pd.DataFrame({"weeks": [_WITHIN, _OVER, "All"], "plans": [k, n - k, n]})
    table = pd.concat([dist[["weeks", "plans"]], sums], ignore_index=True).set_index("weeks")
    rate = protect_rate(pd.Series([k], name="k"), pd.Series([n], name="n"), None, policy)
    safe = protect_counts(
        table,
        ["plans"],
        policy,
        rows_total="All",
        subtotals={
            _WITHIN: list(dist.loc[within, "weeks"]),
            _OVER: list(dist.loc[~within, "weeks"]),
        },
        known=[] if rate.suppressed["percent"].iloc[0] else list(sums["weeks"]),
    )
    synthetic = [*dist["synthetic"].astype(bool), _total_synthetic(dist, req)]
    shown = [*dist["weeks"], "All"]
    return dist, safe.rows(shown), pd.Series(synthetic, index=shown), safe.rows(sums["weeks"])


def weeks_to_plan(ctx: Context) -> Section:
    """How long plans issued in the last 12 months took, in weeks (small counts withheld).
    ``.frame``: each band of weeks and the total (``All``) as shown, with its ``value``,
    ``synthetic`` and ``suppressed``; ``.frames["within_20_weeks"]`` the plans within 20 weeks
    the caption gives (no row where that would reveal a withheld figure)."""
    end, policy = ctx.reporting_date, ctx.settings.disclosure
    start = end - pd.DateOffset(years=1) + pd.Timedelta(days=1)
    dist, safe, synthetic, sums = _weeks_table(ctx, start, end)
    bars = safe.values["plans"].drop("All")
    fig, ax = charts.new_figure((6.4, 2.6))
    charts.bar_chart(
        ax,
        list(bars.index),
        [0 if pd.isna(v) else v for v in bars],
        xlabel="Weeks from request to plan",
        value_labels=list(safe.shown["plans"].drop("All")),
    )
    within = dist["within_20_weeks"].to_numpy()  # the bins of "20 weeks or less"
    period = f"{long_date(start)} to {long_date(end)}"
    total = safe.shown.loc["All", "plans"]
    alt = f"Of {total} plans issued from {period} (exceptions left out)"
    said = f"Of {marked(total, synthetic['All'])} plans issued from {period} (exceptions left out)"
    quick = pd.DataFrame(columns=["shown", "value", "synthetic"])
    if not sums.suppressed.loc[_WITHIN, "plans"]:  # protected with the bands
        n = sums.shown.loc[_WITHIN, "plans"]
        invented = _total_synthetic(dist[within], ctx.ds.ehc_requests)
        quick = pd.DataFrame(
            {"shown": [n], "value": [sums.values.loc[_WITHIN, "plans"]], "synthetic": [invented]}
        )
        alt += f", {n} took 20 weeks or less"
        said += f", {marked(n, invented)} took 20 weeks or less"
    cap = said + "." + (f" {footnote(policy)}" if safe.suppressed.to_numpy().any() else "")
    data = safe.shown.reset_index().assign(
        value=safe.values["plans"].astype("float64").to_numpy(),
        synthetic=synthetic.to_numpy(),
        suppressed=safe.suppressed["plans"].to_numpy(),
        period=period,
    )
    data_table = html_table(
        data,
        [
            Col("weeks", "Weeks from request to plan"),
            Col("plans", "Plans", numeric=True, synthetic="synthetic"),
        ],
        caption="Plans by weeks taken",
    )
    section = _chart_section(fig, alt + ".", cap, data_table, frame=data)
    section.frames["within_20_weeks"] = quick.assign(period=period)
    return section


def requests_trend(ctx: Context) -> Section:
    """Requests for assessment received each month (small counts withheld). ``.frame``: each
    month's ``value`` (empty where withheld), ``shown``, ``synthetic`` and ``suppressed``;
    ``.frames["average"]`` the average of the last 12 months the caption gives (no row where
    a month of them is withheld)."""
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
    last12 = per_month.tail(12)
    alt = said = "Requests for EHC needs assessment each month, last 24 months"
    average = pd.DataFrame(columns=["shown", "value", "synthetic", "period"])
    if len(per_month) and not safe.suppressed["requests"].tail(12).any():
        # an average over months that are all shown reveals nothing new
        mean = values["value"].tail(12).mean()
        shown = format_value(mean, "rate_per_month")
        invented = bool(last12["synthetic"].any())
        alt += f"; average of the last 12 months {shown}"
        said += f"; average of the last 12 months {marked(shown, invented)}"
        first, last = last12["period_end"].iloc[0], last12["period_end"].iloc[-1]
        period = f"{month_year(first)} to {month_year(last)}"
        average = pd.DataFrame(
            {"shown": [shown], "value": [mean], "synthetic": [invented], "period": [period]}
        )
    cap = said + "." + (f" {footnote(policy)}" if safe.suppressed.to_numpy().any() else "")
    data = values.assign(
        month=[month_year(d) for d in per_month["period_end"]],
        shown=safe.shown["requests"].to_numpy(),
        synthetic=per_month["synthetic"].to_numpy(),
        suppressed=safe.suppressed["requests"].to_numpy(),
    )
    data_table = html_table(
        data,
        [
            Col("month", "Month"),
            Col("shown", "Requests received", numeric=True, synthetic="synthetic"),
        ],
        caption="Requests received each month",
    )
    section = _chart_section(fig, alt + ".", cap, data_table, frame=data)
    section.frames["average"] = average
    return section


def _side_by_side_words(data: pd.DataFrame, mark: bool) -> str:
    """Each measure's first and last value in words (synthetic ones marked, with ``mark``)."""

    def said(r) -> str:
        return marked(r["shown"], mark and r["synthetic"])

    return "; ".join(
        f"{name}: {said(first)} in {first['period']}, {said(last)} in {last['period']}"
        for name, part in data.groupby("measure", sort=False)
        for first, last in [(part.iloc[0], part.iloc[-1])]
    )


def _from_baseline(kpi, values: pd.DataFrame) -> pd.DataFrame:
    """A measure's values (``period_end``, ``value``, ``synthetic``, ``symbol``) with the
    plan's own baseline first (``baseline`` True), where it has one."""
    part = values[["period_end", "value", "synthetic", "symbol"]].assign(baseline=False)
    if pd.notna(kpi["baseline_value"]) and pd.notna(kpi["baseline_date"]):
        start = {"period_end": [kpi["baseline_date"]], "value": [kpi["baseline_value"]]}
        first = pd.DataFrame({**start, "synthetic": [False], "symbol": "", "baseline": True})
        part = pd.concat([first, part])
    return part


def _side_by_side_rows(kid: str, kpi, part: pd.DataFrame) -> list[dict]:
    """One row of the side-by-side table per value of a measure (see :func:`_from_baseline`)."""
    return [
        {
            "kpi_id": kid,
            "measure": kpi["title"],
            "period_end": r["period_end"],
            # the baseline's period marked where the plan does not state it
            "period": baseline_period(kpi)
            if r["baseline"]
            else period_label(r["period_end"], kpi["frequency"]),
            "value": r["value"],
            # a withheld value (a small count of children) shows its symbol
            "shown": r["symbol"] or format_measure(r["value"], kpi),
            "suppressed": bool(r["symbol"]),
            "unit": kpi["unit"],
            "synthetic": bool(r["synthetic"]),
            "baseline": bool(r["baseline"]),
        }
        for r in part.to_dict("records")
    ]


def measures_by_year(ctx: Context, kpi_ids: list[str]) -> Section:
    """Several measures drawn side by side, each from its baseline, period by period (e.g.
    suspensions and permanent exclusions by SEN status, academic year by academic year).
    ``.frame``: one row per value shown, ``baseline`` True for the plan's own baseline."""
    rows = ctx.values[ctx.values["kpi_id"].isin(kpi_ids)].pipe(on_or_before, ctx.reporting_date)
    if rows.empty:
        return Section(Markup('<p class="muted">No values recorded yet.</p>'))
    kpis = ctx.ds.kpis.set_index("kpi_id")
    series, table_rows = {}, []
    for kid in kpi_ids:
        part = _from_baseline(kpis.loc[kid], rows[rows["kpi_id"] == kid])
        series[kpis.loc[kid, "title"]] = part
        table_rows += _side_by_side_rows(kid, kpis.loc[kid], part)
    data = pd.DataFrame(table_rows)
    fig, ax = charts.new_figure()
    labels = dict(zip(data["period_end"], data["period"], strict=True))
    charts.line_chart(ax, series, unit=kpis.loc[kpi_ids[0], "unit"], period_labels=labels)
    data_table = html_table(
        data,
        [
            Col("measure", "Measure"),
            Col("period", "Period"),
            Col("shown", "Value", numeric=True, synthetic="synthetic"),
        ],
        caption="The measures side by side",
    )
    alt = (
        f"The measures side by side, from each one's baseline. {_side_by_side_words(data, False)}."
    )
    said = (
        f"The measures side by side, from each one's baseline. {_side_by_side_words(data, True)}."
    )
    invented = int(data["synthetic"].sum())
    cap = said + (
        f" {invented} of these {len(data)} values are synthetic example values." if invented else ""
    )
    if data["suppressed"].any():
        cap += f" {footnote(ctx.settings.disclosure)}"
    return _chart_section(fig, alt, cap, data_table, frame=data)
