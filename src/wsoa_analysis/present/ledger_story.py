"""The figure ledger's rows for the story's sections (``present.sections.story``): an area's
risks (likelihood, impact and score) with the score bands its table quotes, and the
overview's count of risks by rating and decisions needed. The texts (narrative, quotes,
recommendations) are quoted from the inputs as written, so hold no figures of the pack's."""

from __future__ import annotations

import re

import pandas as pd

from wsoa_analysis.domain import story
from wsoa_analysis.domain.context import Context
from wsoa_analysis.present import sections as s
from wsoa_analysis.present.figures import DEFINITION, LOCAL, OURS, figure
from wsoa_analysis.present.format import long_date
from wsoa_analysis.present.sections.story import RISKS_CAPTION

_RISKS = "risks.csv: the rows for the reporting date"


def _risk_rows(ctx: Context, r: dict) -> list[dict]:
    rows, at = [], f"at {long_date(ctx.reporting_date)}"
    common = {"area": ctx.settings.area.name, "period": at, "unit": "count"}
    for column, what in (("likelihood", "likelihood"), ("impact", "impact")):
        if pd.notna(r[column]):
            rows.append(
                figure(
                    RISKS_CAPTION,
                    f"{r['risk_id']}: {what}",
                    str(int(r[column])),
                    kind=LOCAL,
                    source=f"risks.csv: risk_id {r['risk_id']}, {column}",
                    value=r[column],
                    synthetic=r["synthetic"],
                    **common,
                )
            )
    if pd.notna(r["score"]):
        rows.append(
            figure(
                RISKS_CAPTION,
                f"{r['risk_id']}: score",
                str(int(r["score"])),
                kind=OURS,
                source=f"risks.csv: risk_id {r['risk_id']}, likelihood × impact",
                value=r["score"],
                synthetic=r["synthetic"],
                **common,
            )
        )
    return rows


def _bands() -> list[dict]:
    """The numbers of the scale and the score bands, as the risks table's footnote gives
    them."""
    return [
        figure(
            RISKS_CAPTION,
            "Risk scale (1 to 5) and rating bands of the score",
            number,
            kind=DEFINITION,
            source="the workbook's risk rating bands (data/README.md, risks)",
            value=number,
            unit="count",
        )
        for number in dict.fromkeys(
            ["1", str(story.SCALE_TOP), *re.findall(r"\d+", story.rag_bands())]
        )
    ]


def area_rows(ctx: Context, priority_id: str) -> list[dict]:
    """An area's highlight report: each risk's likelihood, impact and score."""
    risks = s.highlight_report(ctx, priority_id).frames.get("risks")
    if risks is None or risks.empty:
        return []
    rows = [row for r in risks.to_dict("records") for row in _risk_rows(ctx, r)]
    return rows + _bands()


def overview_rows(ctx: Context) -> list[dict]:
    """The overview's summary of the highlight reports: risks by rating, decisions needed."""
    shown = s.highlights_summary(ctx)
    if shown.frame is None or shown.frame.empty:
        return []
    columns = {g: f"{story.label(g)} risks" for g in story.RAG_ORDER}
    columns["decisions"] = "Decisions needed"
    return [
        figure(
            shown.caption,
            f"{r['area']}: {label}",
            str(int(r[c])),
            kind=OURS,
            source="highlights.csv and risks.csv: the rows for the reporting date, counted",
            area=ctx.settings.area.name,
            period=f"at {long_date(ctx.reporting_date)}",
            value=r[c],
            unit="count",
            synthetic=r["synthetic"],
        )
        for r in shown.frame.to_dict("records")
        for c, label in columns.items()
    ]
