"""The data behind the pack's charts and tables, as one Excel workbook published beside the
pages (``data.xlsx``): the scorecard, every value shown, the action tracker and the published
comparators, with the same disclosure control as the pages and guarded against spreadsheet
formula injection (``excel.write_tables_workbook``). Nothing record-level is in it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from wsoa_analysis.context import load_context
from wsoa_analysis.disclosure.control import footnote
from wsoa_analysis.domain import actions as act
from wsoa_analysis.domain.benchmarks import published_period_label
from wsoa_analysis.domain.context import Context
from wsoa_analysis.domain.periods import period_label
from wsoa_analysis.inputs.workbook import write_tables_workbook
from wsoa_analysis.present.sections import SYNTHETIC_NOTE

NAME = "data.xlsx"


def _yes(flag) -> str:
    return "yes" if bool(flag) else "no"


def pack_tables(ctx: Context) -> dict[str, pd.DataFrame]:
    """The pack's tables for a reporting date, as plain frames with readable headings."""
    card = ctx.card
    titles = dict(zip(ctx.ds.priorities["priority_id"], ctx.ds.priorities["title"], strict=True))
    scorecard = pd.DataFrame(
        {
            "Measure id": card["kpi_id"],
            "Priority area": card["priority_id"].map(titles),
            "Measure": card["title"],
            "Unit": card["unit"],
            "Baseline": card["baseline_value"],
            "Baseline period": card["baseline_period"],
            "Latest value": card["latest_value"],
            "Withheld": card["latest_symbol"],
            "Latest period": card["latest_period"],
            "Target": card["target"],
            "Progress to target (%)": card["progress"].round(1),
            "Rating": card["rating_label"],
            "Why": card["rating_reason"],
            "Since previous period": card["direction_previous"],
            "Since a year earlier": card["direction_year"],
            "Published comparator": card["comparator_value"],
            "Comparator area": card["comparator_area"],
            "Comparator period": card["comparator_period"],
            "Comparator source": card["comparator_source"],
            "Synthetic example value": card["synthetic"].map(_yes),
        }
    )
    kpis = ctx.ds.kpis.set_index("kpi_id")
    vals = ctx.values[ctx.values["period_end"] <= ctx.reporting_date]
    values = pd.DataFrame(
        {
            "Measure id": vals["kpi_id"],
            "Measure": vals["kpi_id"].map(kpis["title"]),
            "Period": [
                period_label(d, kpis.loc[k, "frequency"])
                for k, d in zip(vals["kpi_id"], vals["period_end"], strict=True)
            ],
            "Period end": vals["period_end"].dt.date,
            "Value": vals["value"],
            "Withheld": vals["symbol"],
            "Synthetic example value": vals["synthetic"].map(_yes),
        }
    )
    tracker = ctx.tracker
    late = act.overdue(tracker, ctx.reporting_date)["action_ref"]
    actions = pd.DataFrame(
        {
            "Ref": tracker["action_ref"],
            "Priority area": tracker["priority_id"].map(titles),
            "Action": tracker["description"],
            "Lead(s)": tracker["leads"],
            "Target date": tracker["target_date_as_written"],
            "Status": tracker["status"],
            "Status as recorded": tracker["status_as_recorded"],
            "Status date": tracker["status_date"].dt.date,
            "Overdue": tracker["action_ref"].isin(late).map(_yes),
            "Progress update": tracker["commentary"],
        }
    )
    keys = set(ctx.ds.kpis["comparator_key"].dropna())
    bm = ctx.ds.benchmarks
    bm = bm[bm["measure_key"].isin(keys) & (bm["period_end"] <= ctx.reporting_date)]
    comparators = pd.DataFrame(
        {
            "Measure key": bm["measure_key"],
            "Area": bm["area_name"],
            "Area code": bm["area_code"],
            "Level": bm["geographic_level"],
            "Period": [
                published_period_label(s, e)
                for s, e in zip(bm["period_start"], bm["period_end"], strict=True)
            ],
            "Value": bm["value"],
            "Symbol": bm["symbol"],
            "Source": bm["source"],
        }
    )
    return {
        "Scorecard": scorecard,
        "Values": values,
        "Actions": actions,
        "Published comparators": comparators,
    }


def notes(ctx: Context) -> str:
    parts = [
        f"{ctx.settings.pack.appendix_title}: {ctx.settings.area.name}, "
        f"{ctx.cycle.cycle_name}, position at {ctx.reporting_date.date().isoformat()}.",
        "These are the figures behind the pack's tables and charts, computed by the "
        "workbook from the inputs.",
    ]
    if ctx.synthetic:
        parts.append(SYNTHETIC_NOTE)
    if ctx.settings.disclosure.enabled:
        parts.append(footnote(ctx.settings.disclosure))
    return "\n".join(parts)


def write_downloads(path: Path, reporting_date, data_dir: Path, params_dir: Path) -> Path:
    ctx = load_context(reporting_date, data_dir, params_dir)
    return write_tables_workbook(pack_tables(ctx), Path(path), notes=notes(ctx))
