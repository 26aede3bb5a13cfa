"""The figure ledger: one row per figure the pack shows, page by page, with where it comes
from. Every pack publishes it as ``figures.csv`` and as the "Figures" sheet of its data
workbook, so that a reviewer's "where does this number come from?" is answered by a row.

The rows are made from the same context and the same sections as the pages (each section's
frames hold the figures it shows, with their ``synthetic`` and ``suppressed`` flags), so the
ledger says what the pages say. A number repeated in running text from a table or tile of the
same page (a caption quoting the latest value) is listed once, under the table.

What is not a figure (see :func:`not_figures` and ``render.ledger_check``): dates and
periods, identifiers (action references, measure ids, file names), page furniture, and text
quoted from the inputs as written (a measure's title or definition, an action's description,
officers' commentary), whose numbers are the source's own words.

    >>> page_slug("1"), page_slug("Area 5")
    ('priority-1', 'priority-Area-5-7c9f0f')
"""

from __future__ import annotations

import dataclasses
import html
import re

import pandas as pd

from wsoa_analysis.domain import ehc
from wsoa_analysis.domain.context import Context
from wsoa_analysis.present import ledger_sections as rows_of
from wsoa_analysis.present import ledger_story
from wsoa_analysis.present.chart_svg import without_drawing
from wsoa_analysis.present.figures import COLUMNS, figures
from wsoa_analysis.present.ledger_analysis import analysis_rows
from wsoa_analysis.present.markdown import markdown_to_html
from wsoa_analysis.present.page_names import OVERVIEW, page_slug  # noqa: F401 (re-exported)

#: The ledger's columns: a row's id and page, then the figure's (``present.figures``).
LEDGER_COLUMNS = ["figure_id", "page", *COLUMNS]
_TAG = re.compile(r"<[^>]+>")


def pack_pages(ctx: Context) -> dict[str, str | None]:
    """The pack's pages in order: the overview, then each priority area's (by its id)."""
    pri = ctx.ds.priorities
    if "sort_order" in pri and pri["sort_order"].notna().all():
        pri = pri.sort_values("sort_order", kind="stable")
    return {OVERVIEW: None} | {page_slug(p): str(p) for p in pri["priority_id"]}


def page_figures(ctx: Context, page: str) -> pd.DataFrame:
    """Every figure one page shows (``overview`` or an area's page), in page order."""
    pages = pack_pages(ctx)
    if page not in pages:
        raise KeyError(f"no page {page!r} (pages: {', '.join(pages)})")
    pid = pages[page]
    if pid is None:
        rows = (
            rows_of.tiles(ctx)
            + ledger_story.overview_rows(ctx)
            + rows_of.overview_measures(ctx)
            + rows_of.overview_actions(ctx)
            + rows_of.changes(ctx)
        )
    else:
        rows = ledger_story.area_rows(ctx, pid) + rows_of.measures(ctx, pid)
        rows += rows_of.action_summary(ctx, pid)
        for item in ctx.settings.pack.analyses.get(pid, []):
            rows += analysis_rows(ctx, item)
    return figures(rows + rows_of.notes(ctx))


def pack_figures(ctx: Context) -> pd.DataFrame:
    """The ledger: every page's figures, each row with its id (``priority-1-007``).

    The officers' commentary holds no figures of the pack's, and is not read: the ledger
    (and the data workbook that carries it) does not change when only the commentary does.
    """
    ctx = dataclasses.replace(ctx, commentary=type(ctx.commentary)())
    parts = []
    with without_drawing():  # the sections' numbers, not their pictures
        for page in pack_pages(ctx):
            part = page_figures(ctx, page)
            ids = [f"{page}-{n:03d}" for n in range(1, len(part) + 1)]
            parts.append(part.assign(figure_id=ids, page=page))
    return pd.concat(parts, ignore_index=True)[LEDGER_COLUMNS]


def _strings(value) -> list[str]:
    """Every text in a settings value (a model dumped to dicts and lists)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _strings(v)]
    if isinstance(value, list | tuple):
        return [t for v in value for t in _strings(v)]
    return []


def _commentary_texts(ctx: Context) -> list[str]:
    """The officers' commentary as a page shows it: each run of text between tags."""
    texts = []
    for entries in (ctx.commentary.areas, ctx.commentary.measures):
        for text in dict.values(entries):
            texts += [html.unescape(t) for t in _TAG.split(markdown_to_html(text))]
    return texts


def not_figures(ctx: Context) -> list[str]:
    """Texts with numbers in them that the pages show and that are not figures: quoted from
    the inputs as written (every text cell of every input table, the settings, the cycle,
    the commentary) and names the pack gives things ("Priority 2", the bands of weeks such
    as "18–20"). Only texts with a letter or a dash and a digit are listed; longest first."""
    texts = []
    for name, table in ctx.ds.tables.items():
        if name == "ehc_requests":
            continue  # record-level: never on a page
        for column in table.columns:
            if table[column].dtype == object or pd.api.types.is_string_dtype(table[column]):
                cells = [v for v in table[column].dropna() if isinstance(v, str)]
                # a clause may be shown apart (a source's "; published annual total
                # divided by 12" after the release it names)
                texts += cells + [part for v in cells if ";" in v for part in v.split(";")]
    texts += _strings(ctx.settings.model_dump(mode="json"))
    texts += _strings(ctx.cycle.model_dump(mode="json"))
    texts += _commentary_texts(ctx)
    texts += [ctx.settings.plan.areas.label_for(p) for p in ctx.ds.priorities["priority_id"]]
    end = ctx.reporting_date
    texts += list(ehc.weeks_distribution(ctx.ds.ehc_requests.iloc[:0], end, end)["weeks"])
    wanted = {
        " ".join(t.split())
        for t in texts
        if any(c.isdigit() for c in t) and any(c.isalpha() or c == "–" for c in t)
    }
    return sorted(wanted, key=lambda t: (-len(t), t))
