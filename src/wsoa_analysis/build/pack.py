"""Build a cycle's performance pack: validate, run the notebooks, write HTML, PDF, data
workbook and manifest, then publish them all at once.

The steps live in modules of their own: ``plan`` (pages and dates), ``pages`` (notebooks to
page bodies and pages), ``outputs`` (PDF appendix and data workbook), ``manifest``
(provenance), ``publish`` (staging and the swap into place), ``many`` (several cycles at
once). This module runs them in order. The executed notebooks (which a reader never needs)
and the context computed once for every notebook stay in ``<out>/.work``, outside what is
published.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from pathlib import Path

from wsoa_analysis.build import cache
from wsoa_analysis.build.cache import BuildCache
from wsoa_analysis.build.events import BuildEvent, Listener, emit
from wsoa_analysis.build.execute import check_parameters
from wsoa_analysis.build.manifest import MANIFEST, manifest
from wsoa_analysis.build.many import build_cycles
from wsoa_analysis.build.options import PackOptions
from wsoa_analysis.build.outputs import pdf_cover, write_downloads, write_pdf
from wsoa_analysis.build.pages import DOWNLOADS, PDF_NAME, run_pages, write_pages
from wsoa_analysis.build.plan import PageSpec, Plan, plan_pages, resolve_dates, validate_and_plan
from wsoa_analysis.build.publish import publish, staging
from wsoa_analysis.config.settings import Cycle, cycle_for_date, load_area
from wsoa_analysis.context import CONTEXT_DIR_VARIABLE, share_context, shared_contexts
from wsoa_analysis.errors import PackFailedPages

__all__ = ["PackOptions", "PageSpec", "build_all", "build_pack", "plan_pages", "resolve_dates"]
_log = logging.getLogger(__name__)


def build_pack(
    reporting_date: dt.date,
    options: PackOptions | None = None,
    *,
    cycle: Cycle | None = None,
    log: Listener | None = None,
) -> Path:
    """Build and publish the pack for one reporting date; returns the published folder.

    Raises :class:`InputError` for bad input and :class:`BuildError` when a notebook fails,
    in both cases before anything is published. With ``options.keep_going`` the pages that
    did build are published, the failed ones carry a banner, and :class:`PackFailedPages`
    is raised after publishing so the caller can still exit non-zero. Pages and the PDF are
    reused from the cache in ``<out>/.cache`` when nothing they depend on has changed.
    ``log`` is a listener: it is given every :class:`~wsoa_analysis.build.events.BuildEvent`.
    """
    started = time.time()
    options = (options or PackOptions()).resolved()
    settings = load_area(options.params_dir)
    cycle = cycle or cycle_for_date(options.params_dir, reporting_date)
    store = BuildCache(options.out_dir, enabled=options.use_cache)
    environment = cache.environment_digest()
    inputs = cache.files_digest([options.data_dir, options.params_dir])
    plan = validate_and_plan(options, settings, reporting_date, store, environment, inputs, log)
    date_slug = reporting_date.isoformat()
    params, keys = _page_parameters(plan.pages, options, date_slug, environment, inputs)
    bodies = _cached_bodies(plan.pages, store, keys, date_slug, log)
    todo = [p for p in plan.pages if p.slug not in bodies]
    downloads_key = cache.downloads_key(environment, inputs, date_slug)
    contexts = options.out_dir / ".work" / "context"
    if todo or store.get("downloads", downloads_key, ".xlsx") is None:
        _share_context(contexts, reporting_date, options, plan, log)
    failures = run_pages(
        todo,
        params,
        options,
        date_slug,
        bodies,
        store,
        keys,
        env={CONTEXT_DIR_VARIABLE: str(contexts)},
        log=log,
    )
    with staging(options.out_dir, date_slug) as staged, shared_contexts(contexts):
        outputs = write_pages(staged, plan.pages, bodies, settings, cycle, failures)
        cover = pdf_cover(settings, cycle, plan.synthetic)
        write_pdf(staged / PDF_NAME, plan.pages, bodies, cover, failures, store, environment, log)
        write_downloads(staged / DOWNLOADS, reporting_date, options, store, downloads_key, log)
        outputs += [PDF_NAME, DOWNLOADS]
        record = manifest(cycle, options, plan.pages, started, time.time(), outputs, failures)
        (staged / MANIFEST).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        final = options.out_dir / date_slug
        publish(staged, final)
    from wsoa_analysis.render.site import write_index

    write_index(options.out_dir, settings)
    emit(_log, log, BuildEvent("published", date_slug, path=str(final)))
    if failures:
        raise PackFailedPages(final, failures)
    return final


def _page_parameters(
    pages: list[PageSpec], options: PackOptions, date_slug: str, environment: str, inputs: str
) -> tuple[dict, dict]:
    """Each page's notebook parameters (checked) and cache key."""
    common = {
        "reporting_date": date_slug,
        "data_dir": str(options.data_dir),
        "params_dir": str(options.params_dir),
    }
    params = {p.slug: check_parameters(p.notebook, {**common, **p.parameters}) for p in pages}
    keys = {p.slug: cache.page_key(environment, inputs, p.notebook, params[p.slug]) for p in pages}
    return params, keys


def _cached_bodies(
    pages: list[PageSpec], store: BuildCache, keys: dict, date_slug: str, log
) -> dict[str, str]:
    bodies = {}
    for p in pages:
        body = store.get("pages", keys[p.slug], ".fragment")
        if body is not None:
            bodies[p.slug] = body.decode("utf-8")
    if bodies:
        event = BuildEvent("pages_reused", date_slug, count=len(bodies), total=len(pages))
        emit(_log, log, event)
    return bodies


def _share_context(
    folder: Path, reporting_date: dt.date, options: PackOptions, plan: Plan, log
) -> None:
    """The figures for the date, computed here once (or kept from a build of exactly the same
    inputs) for every notebook and the data workbook to load in milliseconds."""
    start = time.monotonic()
    computed = share_context(
        folder,
        reporting_date,
        options.data_dir,
        options.params_dir,
        ds=plan.dataset,
        reuse=options.use_cache,
    )
    if computed:
        seconds = time.monotonic() - start
        event = BuildEvent("context_ready", reporting_date.isoformat(), seconds=seconds)
        emit(_log, log, event)


def build_all(
    todo: list[tuple[dt.date, Cycle]],
    options: PackOptions,
    *,
    log: Listener | None = None,
    processes: int = 0,
) -> list[Path]:
    """Build several cycles, one per core at a time (each cycle's notebooks one after another
    in its own process), so the PDF of one cycle is laid out while another's notebooks run.
    Every cycle is attempted; those not published cleanly are raised together at the end as
    :class:`~wsoa_analysis.errors.CyclesFailed`. A single cycle is built in this process and
    raises as :func:`build_pack` does."""
    return build_cycles(todo, options, build_pack, log=log, processes=processes)
