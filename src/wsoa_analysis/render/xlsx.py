"""The data behind the pack's charts and tables, as one Excel workbook published beside the
pages (``data.xlsx``): the scorecard, every value shown, the action tracker, the published
comparators and the figure ledger (every figure the pages show, with its source: the "Figures"
sheet, also written beside the workbook as ``figures.csv``), with the same disclosure control
as the pages and guarded against spreadsheet formula injection
(``tables_workbook.write_tables_workbook``). Nothing record-level is in it.

Figures are rounded half up to the decimals the pages show them with (percentages to 1 place,
counts and monthly rates to whole numbers, progress to target to a whole per cent), so the
workbook and the pages never disagree; a withheld figure is empty, with the policy's symbol in
its "Withheld" column."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from wsoa_analysis.context import load_context
from wsoa_analysis.disclosure import footnote
from wsoa_analysis.domain import actions as act
from wsoa_analysis.domain.benchmarks import published_by, published_period_label
from wsoa_analysis.domain.context import Context
from wsoa_analysis.domain.periods import period_label
from wsoa_analysis.domain.rounding import PROGRESS_DIGITS, digits_shown, round_half_up
from wsoa_analysis.present.format import long_date
from wsoa_analysis.present.ledger import pack_figures
from wsoa_analysis.present.sections import SYNTHETIC_NOTE
from wsoa_analysis.present.sections.common import area_words, has_comparators, status_words
from wsoa_analysis.render import ledger
from wsoa_analysis.render.tables_workbook import write_tables_workbook

NAME = "data.xlsx"


def _yes(flag) -> str:
    return "yes" if bool(flag) else "no"


def as_shown(values: pd.Series, units) -> pd.Series:
    """Each figure rounded half up to the decimals the pages show a figure of its unit with.

    ``units`` is one unit for all, or a unit per figure; missing figures stay missing.

    >>> as_shown(pd.Series([57.25, 6131.5, None]), ["percent", "count", "count"]).tolist()
    [57.3, 6132.0, nan]
    """
    units = [units] * len(values) if isinstance(units, str) else list(units)
    return pd.Series(
        [round_half_up(v, digits_shown(u)) for v, u in zip(values, units, strict=True)],
        index=values.index,
        dtype="float64",
    )


def pack_tables(ctx: Context, figures: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """The pack's tables for a reporting date, as plain frames with readable headings (in
    the plan's words: its areas are "Workstream" where it calls them so), and the figure
    ledger (``present.ledger.pack_figures``) where ``figures`` gives it."""
    titles = dict(zip(ctx.ds.priorities["priority_id"], ctx.ds.priorities["title"], strict=True))
    tables = {
        "Scorecard": _scorecard(ctx, titles),
        "Values": _values(ctx),
        "Actions": _actions(ctx, titles),
        "Published comparators": _comparators(ctx),
    }
    if not has_comparators(ctx):  # an area with no published figures: nothing of them
        del tables["Published comparators"]
        tables["Scorecard"] = tables["Scorecard"].drop(columns=list(_COMPARATOR_COLUMNS))
    if figures is not None:
        tables[ledger.SHEET] = ledger.ledger_table(figures)
    return tables


#: The scorecard's columns about its published comparator.
_COMPARATOR_COLUMNS = (
    "Published comparator",
    "Comparator area",
    "Comparator period",
    "Comparator source",
)


def _scorecard(ctx: Context, titles: dict) -> pd.DataFrame:
    card = ctx.card
    return pd.DataFrame(
        {
            "Measure id": card["kpi_id"],
            area_words(ctx).singular: card["priority_id"].map(titles),
            "Measure": card["title"],
            "Unit": card["unit"],
            "Baseline": as_shown(card["baseline_value"], card["unit"]),
            "Baseline period": card["baseline_period"],
            "Latest value": as_shown(card["latest_value"], card["unit"]),
            "Withheld": card["latest_symbol"],
            "Latest period": card["latest_period"],
            "Target": card["target"],
            "Progress to target (%)": round_half_up(card["progress"], PROGRESS_DIGITS),
            "Rating": card["rating_label"],
            "Why": card["rating_reason"],
            "Since previous period": card["direction_previous"],
            "Since a year earlier": card["direction_year"],
            "Published comparator": as_shown(card["comparator_value"], card["unit"]),
            "Comparator area": card["comparator_area"],
            "Comparator period": card["comparator_period"],
            "Comparator source": card["comparator_source"],
            "Synthetic example value": card["synthetic"].map(_yes),
        }
    )


def _values(ctx: Context) -> pd.DataFrame:
    kpis = ctx.ds.kpis.set_index("kpi_id")
    vals = ctx.values[ctx.values["period_end"] <= ctx.reporting_date]
    return pd.DataFrame(
        {
            "Measure id": vals["kpi_id"],
            "Measure": vals["kpi_id"].map(kpis["title"]),
            "Period": [
                period_label(d, kpis.loc[k, "frequency"])
                for k, d in zip(vals["kpi_id"], vals["period_end"], strict=True)
            ],
            "Period end": vals["period_end"].dt.date,
            "Value": as_shown(vals["value"], vals["kpi_id"].map(kpis["unit"])),
            # the counts behind a percentage, where it has them (withheld with it)
            "Number": vals["numerator"],
            "Out of": vals["denominator"],
            "Withheld": vals["symbol"],
            "Synthetic example value": vals["synthetic"].map(_yes),
        }
    )


def _actions(ctx: Context, titles: dict) -> pd.DataFrame:
    tracker = ctx.tracker
    late = act.overdue(tracker, ctx.reporting_date)["action_ref"]
    return pd.DataFrame(
        {
            "Ref": tracker["action_ref"],
            area_words(ctx).singular: tracker["priority_id"].map(titles),
            "Action": tracker["description"],
            "Lead(s)": tracker["leads"],
            "Target date": tracker["target_date_as_written"],
            "Status": tracker["status"].map(status_words(ctx)).fillna(tracker["status"]),
            "Status code": tracker["status"],
            "Status as recorded": tracker["status_as_recorded"],
            "Status date": tracker["status_date"].dt.date,
            "Overdue": tracker["action_ref"].isin(late).map(_yes),
            "Progress update": tracker["commentary"],
        }
    )


def _comparators(ctx: Context) -> pd.DataFrame:
    """The published figures behind the measures' comparators and related figures, as the
    pages show them: only what was published by the reporting date, one row per figure (the
    release the pages cite), in the measure's unit."""
    kpis = ctx.ds.kpis
    unit: dict = {}
    for column in ("comparator_key", "related_key"):
        if column in kpis:
            linked = kpis.dropna(subset=[column])
            unit.update(zip(linked[column], linked["unit"], strict=True))
    bm = ctx.ds.benchmarks
    bm = published_by(bm[bm["measure_key"].isin(unit)], ctx.reporting_date)
    return pd.DataFrame(
        {
            "Measure key": bm["measure_key"],
            "Area": bm["area_name"],
            "Area code": bm["area_code"],
            "Level": bm["geographic_level"],
            "Period": [
                published_period_label(s, e, k)
                for s, e, k in zip(
                    bm["period_start"], bm["period_end"], bm["period_kind"], strict=True
                )
            ],
            "Value": as_shown(bm["value"], bm["measure_key"].map(unit)),
            "Symbol": bm["symbol"],
            "First published": pd.to_datetime(bm["shown_from"]).dt.date,
            "Source": bm["citation"],
        }
    )


def notes(ctx: Context) -> str:
    parts = [
        f"{ctx.settings.pack.appendix_title}: {ctx.settings.area.name}, "
        f"{ctx.cycle.cycle_name}, position at {long_date(ctx.reporting_date)}.",
        "These are the figures behind the pack's tables and charts, computed by the "
        "workbook from the inputs.",
        "The Figures sheet (also published as figures.csv) lists every figure the pages show, "
        "page by page, with where it comes from.",
    ]
    if ctx.synthetic:
        parts.append(SYNTHETIC_NOTE)
    if ctx.settings.disclosure.enabled:
        parts.append(footnote(ctx.settings.disclosure))
    return "\n".join(parts)


#: How the ledger's ``source`` begins for a figure computed from the record-level requests.
FROM_RECORDS = "ehc_requests.csv"


def published_ledger(figures: pd.DataFrame) -> pd.DataFrame:
    """The ledger as published: a figure computed from the record-level requests carries its
    value as shown (rounded half up to the decimals of its unit), as every other published
    form of it does. Its exact value (a mean of 12 months to 15 places, a percentage to 6) is a
    fraction of the counts, and so more than the disclosure policy lets a pack publish."""
    from_records = figures["source"].astype(str).str.startswith(FROM_RECORDS)
    rounded = as_shown(figures["value"], figures["unit"].fillna(""))
    return figures.assign(value=figures["value"].where(~from_records, rounded))


def write_downloads(path: Path, reporting_date, data_dir: Path, params_dir: Path) -> Path:
    """Write ``data.xlsx`` at ``path`` and the figure ledger beside it (``figures.csv``, the
    same rows as the workbook's "Figures" sheet); returns ``path``."""
    ctx = load_context(reporting_date, data_dir, params_dir)
    figures = published_ledger(pack_figures(ctx))
    ledger.write_figures(figures, Path(path).with_name(ledger.FIGURES))
    return write_tables_workbook(pack_tables(ctx, figures), Path(path), notes=notes(ctx))
