"""The figure ledger's rows for the key impact measures: a scorecard row's baseline, latest
value, target, progress and comparator, and a measure's values and published series as its
chart's data tables show them (see ``present.ledger``)."""

from __future__ import annotations

import math
import re

import pandas as pd

from wsoa_analysis.domain import benchmarks as bm
from wsoa_analysis.domain.context import Context
from wsoa_analysis.domain.missing import is_missing
from wsoa_analysis.domain.periods import period_label
from wsoa_analysis.domain.rounding import PROGRESS_DIGITS, format_value
from wsoa_analysis.domain.units import format_measure
from wsoa_analysis.present.figures import DEFINITION, LOCAL, OURS, PUBLISHED, figure
from wsoa_analysis.present.tables import has_tallies, tally_text


def value_source(kpi_id: str, method: str, period_end) -> tuple[str, str]:
    """(kind, source) of a measure's value for the period ending ``period_end``: an
    observation as entered, or a figure the workbook counts from the record-level requests."""
    day = pd.Timestamp(period_end).date().isoformat()
    if method == "observed":
        return LOCAL, f"observations.csv: kpi_id {kpi_id}, period_end {day}, column value"
    return OURS, (
        f"ehc_requests.csv, counted by the workbook ({method}) for the period ending {day}; "
        "small numbers withheld by the disclosure policy"
    )


def _assumed(ctx: Context, kpi_id: str) -> bool:
    kpis = ctx.ds.kpis
    if "baseline_period_assumed" not in kpis:
        return False
    flag = kpis.loc[kpis["kpi_id"] == kpi_id, "baseline_period_assumed"]
    return bool(len(flag)) and not is_missing(flag.iloc[0]) and bool(flag.iloc[0])


def baseline(ctx: Context, row, section: str) -> list[dict]:
    """The baseline the WSoA states for a scorecard row's measure, where it states one."""
    if is_missing(row["baseline_value"]):
        return []
    return [
        figure(
            section,
            f"{row['title']}: baseline",
            format_measure(row["baseline_value"], row),
            kind=LOCAL,
            source=f"kpis.csv: kpi_id {row['kpi_id']}, column baseline_value (as the plan states)",
            measure_id=row["kpi_id"],
            area=ctx.settings.area.name,
            period=row["baseline_period"],
            value=row["baseline_value"],
            unit=row["unit"],
            assumed_period=_assumed(ctx, row["kpi_id"]),
        )
    ]


def latest(ctx: Context, row, section: str) -> list[dict]:
    """A scorecard row's latest value (or the symbol it is withheld behind)."""
    if is_missing(row["latest_period_end"]):
        return []
    withheld = bool(row.get("latest_symbol"))
    kind, source = value_source(row["kpi_id"], row["method"], row["latest_period_end"])
    return [
        figure(
            section,
            f"{row['title']}: latest value",
            row["latest_symbol"] if withheld else format_measure(row["latest_value"], row),
            kind=kind,
            source=source,
            measure_id=row["kpi_id"],
            area=ctx.settings.area.name,
            period=row["latest_period"],
            value=row["latest_value"],
            unit=row["unit"],
            synthetic=row["synthetic"],
            suppressed=withheld,
        )
    ]


def target(ctx: Context, row, section: str) -> list[dict]:
    """A scorecard row's target as its label words it (``75%``, ``+20% on baseline``)."""
    if not any(c.isdigit() for c in str(row["target"])):
        return []  # "Reduce", "To be set": no number
    return [
        figure(
            section,
            f"{row['title']}: target",
            row["target"],
            kind=LOCAL,
            source=f"kpis.csv: kpi_id {row['kpi_id']}, columns target_kind, target_value, "
            "target_date (as the plan states)",
            measure_id=row["kpi_id"],
            area=ctx.settings.area.name,
            value=row["target_value"],
            unit=row["unit"],
        )
    ]


def progress(ctx: Context, row, section: str) -> list[dict]:
    """A scorecard row's progress to target, where it has one."""
    if is_missing(row["progress"]):
        return []
    return [
        figure(
            section,
            f"{row['title']}: progress to target",
            format_value(row["progress"], "percent", digits=PROGRESS_DIGITS),
            kind=OURS,
            source="the scorecard: the share of the distance from the baseline to the target "
            "that the latest value has travelled",
            measure_id=row["kpi_id"],
            area=ctx.settings.area.name,
            period=row["latest_period"],
            value=row["progress"],
            unit="percent",
            synthetic=row["synthetic"],
        )
    ]


def comparator(ctx: Context, row, section: str) -> list[dict]:
    """The published figure a scorecard row shows beside the measure, where there is one."""
    if not row.get("comparator_period"):
        return []
    at = bm.comparators_at(
        ctx.ds.benchmarks, row["comparator_key"], ctx.reporting_date, ctx.settings.area
    )
    shown = bm.scorecard_comparator(at, row["unit"])
    symbol = row["comparator_symbol"] or ""
    return [
        figure(
            section,
            f"{row['title']}: published comparator",
            symbol or format_measure(row["comparator_value"], row),
            kind=PUBLISHED,
            source=row["comparator_source"],
            measure_id=row["kpi_id"],
            area=row["comparator_area"],
            period=row["comparator_period"],
            value=row["comparator_value"],
            unit=row["unit"],
            published_on=None if shown is None else shown["shown_from"],
            suppressed=bool(symbol),
        )
    ]


def judged(ctx: Context, row, section: str) -> list[dict]:
    """How many periods a rating averages, where it judges an average (``mean_of_N``)."""
    found = re.fullmatch(r"mean_of_(\d+)", str(row.get("judged_by") or "").strip())
    if found is None:
        return []
    return [
        figure(
            section,
            f"{row['title']}: periods the rating averages",
            found.group(1),
            kind=DEFINITION,
            source=f"kpis.csv: kpi_id {row['kpi_id']}, column judged_by ({found.group(0)})",
            measure_id=row["kpi_id"],
            value=int(found.group(1)),
            unit="periods",
        )
    ]


SCORECARD = (baseline, latest, target, progress, judged, comparator)


def card_rows(ctx: Context, card: pd.DataFrame, section: str, parts=SCORECARD) -> list[dict]:
    """The figures of scorecard rows: each row's ``parts`` (by default all it shows)."""
    return [f for _, row in card.iterrows() for part in parts for f in part(ctx, row, section)]


def as_written(ctx: Context, kpi, section: str) -> list[dict]:
    """The baseline and target in the plan's own words, where they hold a number."""
    return [
        figure(
            section,
            f"{kpi['title']}: {what} as written in the {ctx.settings.plan.short_name}",
            kpi[column],
            kind=LOCAL,
            source=f"kpis.csv: kpi_id {kpi['kpi_id']}, column {column}",
            measure_id=kpi["kpi_id"],
            area=ctx.settings.area.name,
        )
        for what, column in (("baseline", "baseline_as_written"), ("target", "target_as_written"))
        if isinstance(kpi.get(column), str) and any(c.isdigit() for c in kpi[column])
    ]


def values_rows(ctx: Context, kpi, values: pd.DataFrame, section: str) -> list[dict]:
    """A measure's values as its chart's data table shows them (a symbol where withheld),
    with the counts behind each where the table shows them (its tallies)."""
    rows, tallies = [], has_tallies(values)
    for _, v in values.iterrows():
        kind, source = value_source(kpi["kpi_id"], kpi["method"], v["period_end"])
        withheld = bool(v["symbol"])
        same = dict(
            kind=kind,
            measure_id=kpi["kpi_id"],
            area=ctx.settings.area.name,
            period=period_label(v["period_end"], kpi["frequency"]),
            synthetic=v["synthetic"],
        )
        shown = v["symbol"] if withheld else format_measure(v["value"], kpi)
        rows.append(
            figure(
                section,
                f"{kpi['title']}: value",
                shown,
                source=source,
                value=v["value"],
                unit=kpi["unit"],
                suppressed=withheld,
                **same,
            )
        )
        for column, what in (("numerator", "number"), ("denominator", "out of")) if tallies else ():
            text = tally_text(v[column], v["symbol"])
            rows.append(
                figure(
                    section,
                    f"{kpi['title']}: {what}",
                    text,
                    source=source.replace("column value", f"column {column}"),
                    value=v[column],
                    unit="count",
                    suppressed=pd.isna(v[column]) and bool(v["symbol"]),
                    **same,
                )
            )
    return rows


def _shown_from(ctx: Context, key) -> dict:
    """When each published figure of ``key`` (by area code and period end, ``""`` for the
    neighbours' average) was first shown, as published by the reporting date."""
    mine = ctx.ds.benchmarks[ctx.ds.benchmarks["measure_key"] == key]
    out = {
        (code, end): day
        for code, end, day in bm.published_by(mine, ctx.reporting_date)[
            ["area_code", "period_end", "shown_from"]
        ].itertuples(index=False)
    }
    codes = ctx.settings.area.statistical_neighbours.codes
    if codes:
        avg = bm.neighbour_average(mine, key, codes, ctx.reporting_date)
        out |= {
            ("", end): day for end, day in zip(avg["period_end"], avg["shown_from"], strict=True)
        }
    return out


def series_rows(ctx: Context, kpi, comparators, section: str) -> list[dict]:
    """The published series drawn beside a measure (or an analysis), as their data table
    shows them; our neighbours' average is our calculation, with how many it averages."""
    if comparators is None or not len(comparators):
        return []
    when = _shown_from(ctx, kpi["comparator_key"])
    rows = []
    for _, c in comparators.iterrows():
        ours = c["kind"] == bm.NEIGHBOURS_KIND
        rows.append(
            figure(
                section,
                f"{kpi['title']}: {c['series']}",
                format_measure(c["value"], kpi),
                kind=OURS if ours else PUBLISHED,
                source=c["citation"],
                measure_id=kpi.get("kpi_id", ""),
                area=c["label"],
                period=bm.published_period_label(
                    c["period_start"], c["period_end"], c["period_kind"]
                ),
                value=c["value"],
                unit=kpi["unit"],
                published_on=when.get((c["area_code"], c["period_end"])),
            )
        )
    if (comparators["kind"] == bm.NEIGHBOURS_KIND).any():
        rows += neighbours_listed(ctx, section)
    return rows


def neighbours_listed(ctx: Context, section: str) -> list[dict]:
    """How many statistical neighbours the area's settings list (the average's label)."""
    codes = ctx.settings.area.statistical_neighbours.codes
    return [
        figure(
            section,
            "Statistical neighbours listed",
            str(len(codes)),
            kind=DEFINITION,
            source="params/area.yaml: area.statistical_neighbours "
            f"({ctx.settings.area.statistical_neighbours.source})",
            area=ctx.settings.area.name,
            value=len(codes),
            unit="count",
        )
    ]


def neighbours_averaged(ctx: Context, key, section: str) -> list[dict]:
    """How many neighbours the latest average counts (the comparator's source says)."""
    codes = ctx.settings.area.statistical_neighbours.codes
    mine = ctx.ds.benchmarks[ctx.ds.benchmarks["measure_key"] == key]
    avg = bm.neighbour_average(mine, key, codes, ctx.reporting_date) if codes else mine.iloc[:0]
    if not len(avg):
        return []
    last = avg.iloc[-1]
    return [
        figure(
            section,
            "Statistical neighbours with a published figure, averaged",
            str(int(last["areas"])),
            kind=OURS,
            source=f"benchmarks.csv: measure_key {key}, the listed neighbours' figures",
            period=bm.published_period_label(
                last["period_start"], last["period_end"], last["period_kind"]
            ),
            value=int(last["areas"]),
            unit="count",
            published_on=last["shown_from"],
        ),
        *neighbours_listed(ctx, section),
    ]


def related_rows(ctx: Context, kpi, section: str) -> list[dict]:
    """A related published figure (defined differently) shown under the measure's notes."""
    related = kpi.get("related_key")
    if not isinstance(related, str) or not related:
        return []
    at = bm.comparators_at(ctx.ds.benchmarks, related, ctx.reporting_date, ctx.settings.area)
    shown = bm.scorecard_comparator(at, kpi["unit"])
    if shown is None:
        return []
    value = shown["value"]
    return [
        figure(
            section,
            f"{kpi['title']}: related published figure (not this measure)",
            shown["symbol"] or format_measure(value, kpi),
            kind=PUBLISHED,
            source=shown["source"],
            measure_id=kpi["kpi_id"],
            area=shown["label"],
            period=shown["period"],
            value=math.nan if shown["symbol"] else value,
            unit=kpi["unit"],
            published_on=shown["shown_from"],
            suppressed=bool(shown["symbol"]),
        )
    ]
