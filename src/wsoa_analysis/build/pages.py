"""The pack's HTML pages: each page's notebook run (unless its page is in the cache), its
body taken from the executed notebook, and the page written around it; a page that failed
shows why in place of its content."""

from __future__ import annotations

import logging
from pathlib import Path

from markupsafe import Markup

from wsoa_analysis.build.cache import BuildCache
from wsoa_analysis.build.events import BuildEvent, Listener, emit
from wsoa_analysis.build.options import PackOptions
from wsoa_analysis.build.plan import PageSpec
from wsoa_analysis.config.settings import AreaSettings, Cycle
from wsoa_analysis.render.html import PageContext, render_page

PDF_NAME = "appendix.pdf"
DOWNLOADS = "data.xlsx"
_log = logging.getLogger(__name__)


def run_pages(
    todo: list[PageSpec],
    params: dict,
    options: PackOptions,
    date_slug: str,
    bodies: dict,
    store: BuildCache,
    keys: dict,
    *,
    env: dict | None = None,
    log: Listener | None = None,
) -> dict:
    """Run the notebooks of the pages not in the cache (``env`` set in their kernels); fill
    ``bodies``; return the failures by slug. Raises :class:`BuildError` when a page failed,
    unless ``options.keep_going`` and at least one page was built."""
    if not todo:
        return {}
    from wsoa_analysis.build.execute import Job, Limits, raise_for_failures, run_all
    from wsoa_analysis.render.html import notebook_body

    work = options.out_dir / ".work" / date_slug
    slugs = {}
    jobs = []
    for p in todo:
        job = Job(
            name=f"{p.notebook.name} ({p.title})",
            notebook=p.notebook,
            output=work / f"{p.slug}.ipynb",
            parameters=params[p.slug],
            cwd=options.notebooks_dir,
            env=dict(env or {}),
        )
        slugs[job.output] = p.slug
        jobs.append(job)
    limits = Limits(
        cell_timeout=options.cell_timeout,
        notebook_timeout=options.notebook_timeout,
        workers=options.workers,
        kernel_name=options.kernel_name,
    )
    emit(_log, log, BuildEvent("running", date_slug, count=len(jobs)))
    outcomes = run_all(
        jobs,
        limits,
        on_start=lambda j: emit(
            _log, log, BuildEvent("page_started", date_slug, slugs[j.output], j.name)
        ),
        on_done=lambda o: emit(_log, log, _finished(o, slugs[o.job.output], date_slug)),
    )
    failures = {p.slug: o.message for p, o in zip(todo, outcomes, strict=True) if not o.ok}
    if failures and (not options.keep_going or len(failures) == len(todo) == len(keys)):
        raise_for_failures(outcomes)
    for p, o in zip(todo, outcomes, strict=True):
        if o.ok:
            bodies[p.slug] = notebook_body(o.notebook)
            store.put("pages", keys[p.slug], bodies[p.slug].encode("utf-8"), ".fragment")
    for slug, message in failures.items():
        bodies[slug] = failed_body(message)
    return failures


def _finished(outcome, slug: str, date_slug: str) -> BuildEvent:
    if outcome.ok:
        return BuildEvent(
            "page_finished", date_slug, slug, outcome.job.name, seconds=outcome.seconds
        )
    failure = outcome.failure
    return BuildEvent(
        "page_failed",
        date_slug,
        slug,
        outcome.job.name,
        seconds=outcome.seconds,
        notebook=outcome.job.notebook.name,
        cell=failure.cell if failure else None,
        error_name=failure.error_name if failure else "",
        error_value=failure.error_value if failure else "",
        detail=outcome.message,
    )


def failed_body(message: str) -> str:
    """What a page that could not be built shows in place of its content."""
    return str(
        Markup(
            "<p>This page could not be built for this pack, so its figures are not "
            "shown. The analyst's message was:</p><pre>{}</pre>"
        ).format(message)
    )


def page_context(
    page: PageSpec,
    pages: list[PageSpec],
    settings: AreaSettings,
    cycle: Cycle,
    failures: dict | None = None,
) -> PageContext:
    """What the page template needs around a page's body: titles, navigation, banner."""
    failures = failures or {}
    nav = [
        (
            p.title + (" (not built)" if p.slug in failures else ""),
            f"{p.slug}.html",
            p.slug == page.slug,
        )
        for p in pages
    ]
    nav.append(("PDF appendix", PDF_NAME, False))
    nav.append(("Data (Excel)", DOWNLOADS, False))
    return PageContext(
        title=page.title,
        cycle_name=cycle.cycle_name,
        reporting_date=cycle.reporting_date,
        area_name=settings.area.name,
        appendix_title=settings.pack.appendix_title,
        nav=nav,
        index_href="../index.html",
        banner=(
            "This page could not be built for this cycle: the figures below are missing."
            if page.slug in failures
            else None
        ),
        synthetic_note=None,
    )


def write_pages(
    staging: Path,
    pages: list[PageSpec],
    bodies: dict,
    settings: AreaSettings,
    cycle: Cycle,
    failures: dict | None = None,
) -> list[str]:
    """Every page as ``<slug>.html`` in ``staging``; returns the file names."""
    written = []
    for page in pages:
        html = render_page(bodies[page.slug], page_context(page, pages, settings, cycle, failures))
        (staging / f"{page.slug}.html").write_text(html, encoding="utf-8")
        written.append(f"{page.slug}.html")
    return written
