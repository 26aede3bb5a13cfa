"""The pack's files beside its pages: the PDF appendix (with its cover) and the data
workbook, each taken from the cache when nothing it is made from has changed."""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from pathlib import Path

from wsoa_analysis.build import cache
from wsoa_analysis.build.cache import BuildCache
from wsoa_analysis.build.events import BuildEvent, Listener, emit
from wsoa_analysis.build.options import PackOptions
from wsoa_analysis.build.plan import PageSpec
from wsoa_analysis.config.settings import AreaSettings, Cycle

#: The figure ledger (``render.ledger.FIGURES``), written beside the data workbook.
FIGURES = "figures.csv"
_log = logging.getLogger(__name__)


def write_downloads(
    path: Path,
    reporting_date: dt.date,
    options: PackOptions,
    store: BuildCache,
    key: str,
    log: Listener | None = None,
) -> None:
    """The data behind the pack's tables and charts, as an Excel workbook, and the figure
    ledger beside it (``figures.csv``: every figure the pages show, with its source)."""
    cached = store.get("downloads", key, ".xlsx")
    figures = store.get("figures", key, ".csv")
    if cached is not None and figures is not None:
        path.write_bytes(cached)
        path.with_name(FIGURES).write_bytes(figures)
        return
    from wsoa_analysis.render.xlsx import write_downloads as write_workbook

    emit(_log, log, BuildEvent("writing_workbook", reporting_date.isoformat()))
    write_workbook(path, reporting_date, options.data_dir, options.params_dir)
    store.put("downloads", key, path.read_bytes(), ".xlsx")
    store.put("figures", key, path.with_name(FIGURES).read_bytes(), ".csv")


def place_figures(staged: Path, workbook: Path) -> str:
    """The figure ledger into the pack being staged: ``figures.csv`` as written beside the
    data workbook (``workbook``, in the build's work folder), unless it was written into
    ``staged`` already (with a workbook from the cache). Returns its name."""
    target = Path(staged) / FIGURES
    if not target.exists():
        shutil.copyfile(Path(workbook).with_name(FIGURES), target)
    return FIGURES


def pdf_cover(settings: AreaSettings, cycle: Cycle, synthetic: bool):
    """The appendix's cover page."""
    from wsoa_analysis.render.pdf import PdfCover

    return PdfCover(
        appendix_title=settings.pack.appendix_title,
        plan_title=settings.plan.title,
        area_name=settings.area.name,
        cycle_name=cycle.cycle_name,
        reporting_date=cycle.reporting_date,
        organisation=settings.pack.organisation,
        synthetic_note=settings.pack.synthetic_note if synthetic else None,
        appendix_label=cycle.appendix_label.strip(),
    )


def write_pdf(
    path: Path,
    pages: list[PageSpec],
    bodies: dict,
    cover,
    failures: dict,
    store: BuildCache,
    environment: str,
    log: Listener | None = None,
    timeout: float = 300,
) -> None:
    """The PDF appendix, or the same PDF from the cache when its pages and cover are
    unchanged (the PDF is the slowest step of a build); laying it out may take at most
    ``timeout`` seconds (``--pdf-timeout``)."""
    from wsoa_analysis.render.pdf import PdfSection, render_pdf

    sections = [
        PdfSection(
            title=p.title + (" (not built)" if p.slug in failures else ""),
            body=bodies[p.slug],
            anchor=p.slug,
        )
        for p in pages
    ]
    key = cache.pdf_key(
        environment, [f"{s.title}\n{s.anchor}\n{s.body}" for s in sections], cover.__dict__
    )
    date = cover.reporting_date.isoformat()
    cached = store.get("pdf", key, ".pdf")
    if cached is not None:
        emit(_log, log, BuildEvent("pdf_reused", date))
        path.write_bytes(cached)
        return
    emit(_log, log, BuildEvent("writing_pdf", date))
    render_pdf(sections, cover=cover, out_path=path, timeout=timeout)
    store.put("pdf", key, path.read_bytes(), ".pdf")
