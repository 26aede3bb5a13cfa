"""The pack's HTML pages: each page's notebook run (unless its page is in the cache), its
body taken from the executed notebook, and the page written around it; a page that failed
says so in plain words in place of its content (why is for the build log, not reviewers).

A page's cache entry records which entries of the date's commentary its notebook read, and is
reused only while they say what they said (``cache.commentary_digest``)."""

from __future__ import annotations

import logging
from pathlib import Path

from wsoa_analysis.build import cache
from wsoa_analysis.build.cache import BuildCache
from wsoa_analysis.build.events import BuildEvent, Listener, emit
from wsoa_analysis.build.options import PackOptions
from wsoa_analysis.build.plan import PageSpec
from wsoa_analysis.config.settings import AreaSettings, Cycle

PDF_NAME = "appendix.pdf"
DOWNLOADS = "data.xlsx"
# What the pack's notebooks import first: each kernel imports them while it waits for its
# notebook (and the notebook's own imports then find them done).
PRELOAD = ("wsoa_analysis.context", "wsoa_analysis.present.sections")
# The names ``wsoa_analysis.context`` reads and writes (not imported from it: it brings pandas,
# and a build with nothing to run needs none)
CONTEXT_DIR_VARIABLE = "WSOA_CONTEXT_DIR"  # where the build's shared contexts are
READS_VARIABLE = "WSOA_COMMENTARY_READS"  # where a notebook's context notes what it read
LOADED = "loaded"  # the line a context notes first
_log = logging.getLogger(__name__)


def cached_bodies(
    pages: list[PageSpec], store: BuildCache, keys: dict, commentary: dict, date_slug: str, log
) -> dict[str, str]:
    """The bodies of the pages in the cache whose commentary reads still say the same."""
    bodies = {}
    for p in pages:
        body = store.get_page(keys[p.slug], commentary)
        if body is not None:
            bodies[p.slug] = body
    if bodies:
        event = BuildEvent("pages_reused", date_slug, count=len(bodies), total=len(pages))
        emit(_log, log, event)
    return bodies


def commentary_reads(path: Path) -> list[str]:
    """What a notebook's context noted it read of the commentary; everything when it noted
    nothing (its notebook did not load the context as the build shares it)."""
    try:
        lines = set(path.read_text(encoding="utf-8").splitlines())
    except OSError:
        return [cache.EVERYTHING]
    if LOADED not in lines:
        return [cache.EVERYTHING]
    return sorted(lines - {LOADED, ""})


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
    pool=None,
    commentary: dict | None = None,
) -> dict:
    """Run the notebooks of the pages not in the cache (``env`` set in their kernels; in
    kernels of ``pool`` where it has them started); fill ``bodies``; return the failures by
    slug. Raises :class:`BuildError` when a page failed, unless ``options.keep_going`` and at
    least one page was built. A page is stored with what it read of ``commentary``."""
    if not todo:
        return {}
    from wsoa_analysis.build.execute import Job, Limits, raise_for_failures, run_all

    work = options.out_dir / ".work" / date_slug
    slugs = {}
    jobs = []
    for p in todo:
        reads = work / f"{p.slug}.reads"
        reads.unlink(missing_ok=True)
        job = Job(
            name=f"{p.notebook.name} ({p.title})",
            notebook=p.notebook,
            output=work / f"{p.slug}.ipynb",
            parameters=params[p.slug],
            cwd=options.notebooks_dir,
            env={**(env or {}), READS_VARIABLE: str(reads)},
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
        pool=pool,
    )
    failures = {p.slug: o.message for p, o in zip(todo, outcomes, strict=True) if not o.ok}
    if failures and (not options.keep_going or len(failures) == len(todo) == len(keys)):
        raise_for_failures(outcomes)
    from wsoa_analysis.render.html import notebook_body  # not before: the cores were busy

    for p, o in zip(todo, outcomes, strict=True):
        if o.ok:
            bodies[p.slug] = notebook_body(o.notebook)
            reads = commentary_reads(Path(o.job.env[READS_VARIABLE]))
            store.put_page(keys[p.slug], bodies[p.slug], reads, commentary or {})
    for slug in failures:
        bodies[slug] = failed_body()
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


#: What reviewers read where a page could not be built (``--keep-going``), on the page and
#: in the PDF: plain words, never the error. The analyst's message (notebook, cell, error and
#: where the executed notebook is kept) goes to the build log and the manifest only.
FAILED_PAGE = (
    "This page could not be built for this cycle, so its figures are not shown. "
    "The analysts who build the pack have been told."
)


def failed_body() -> str:
    """What a page that could not be built shows in place of its content."""
    return f"<p>{FAILED_PAGE}</p>\n"


def page_context(
    page: PageSpec,
    pages: list[PageSpec],
    settings: AreaSettings,
    cycle: Cycle,
    failures: dict | None = None,
):
    """What the page template needs around a page's body: titles, navigation, banner (a
    :class:`~wsoa_analysis.render.html.PageContext`)."""
    from wsoa_analysis.render.html import PageContext

    return PageContext(**_around(page, pages, settings, cycle, failures))


def _around(page, pages, settings, cycle, failures) -> dict:
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
    nav.append(("Figures and sources (CSV)", "figures.csv", False))
    return dict(
        title=page.title,
        cycle_name=cycle.cycle_name,
        reporting_date=cycle.reporting_date,
        area_name=settings.area.name,
        appendix_title=settings.pack.appendix_title,
        nav=nav,
        index_href="../index.html",
        banner=FAILED_PAGE if page.slug in failures else None,
        synthetic_note=None,
    )


def write_pages(
    staging: Path,
    pages: list[PageSpec],
    bodies: dict,
    settings: AreaSettings,
    cycle: Cycle,
    failures: dict | None = None,
    *,
    store: BuildCache | None = None,
    environment: str = "",
) -> list[str]:
    """Every page as ``<slug>.html`` in ``staging``; returns the file names. With a
    ``store``, a page whose body and surroundings are unchanged is taken from the cache (the
    template is not even loaded)."""
    written = []
    for page in pages:
        around = _around(page, pages, settings, cycle, failures)
        key = cache.html_key(environment, bodies[page.slug], around)
        html = store.get("html", key, ".html") if store is not None else None
        if html is None:
            from wsoa_analysis.render.html import PageContext, render_page

            html = render_page(bodies[page.slug], PageContext(**around)).encode("utf-8")
            if store is not None:
                store.put("html", key, html, ".html")
        (staging / f"{page.slug}.html").write_bytes(html)
        written.append(f"{page.slug}.html")
    return written
