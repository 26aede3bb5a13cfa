"""Build a cycle's performance pack: validate, run the notebooks, write HTML, PDF, data
workbook and manifest, then publish them all at once.

The steps live in modules of their own: ``plan`` (pages and dates), ``pages`` (notebooks to
page bodies and pages), ``outputs`` (PDF appendix and data workbook), ``manifest``
(provenance), ``publish`` (staging and the swap into place), ``many`` (several cycles at
once). This module runs them in order, and overlaps what can be overlapped: when notebooks
will run, their kernels start while the inputs are validated and the figures computed; once
fewer notebooks are left than run at once, the data workbook is written and the renderers are
imported on the core that is free. The executed notebooks (which a reader never needs) and the
context computed once for every notebook stay in ``<out>/.work``, outside what is published.

A rebuild with nothing changed takes everything from the cache and imports neither pandas nor
the renderers, so it takes a fraction of a second.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

from wsoa_analysis.build import cache
from wsoa_analysis.build.cache import BuildCache
from wsoa_analysis.build.events import BuildEvent, Listener, emit
from wsoa_analysis.build.execute import check_parameters
from wsoa_analysis.build.lock import out_lock
from wsoa_analysis.build.manifest import MANIFEST, manifest
from wsoa_analysis.build.many import build_cycles
from wsoa_analysis.build.options import PackOptions
from wsoa_analysis.build.outputs import pdf_cover, place_figures, write_downloads, write_pdf
from wsoa_analysis.build.pages import (
    CONTEXT_DIR_VARIABLE,
    DOWNLOADS,
    PDF_NAME,
    PRELOAD,
    cached_bodies,
    run_pages,
    write_pages,
)
from wsoa_analysis.build.plan import (
    PageSpec,
    Plan,
    commentary_checked,
    plan_key,
    plan_pages,
    resolve_dates,
    validate_and_plan,
)
from wsoa_analysis.build.publish import check_out, publish, staging
from wsoa_analysis.build.revisions import published
from wsoa_analysis.config.settings import AreaSettings, Cycle, cycle_for_date, load_area
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
    The build holds ``<out>/.lock`` throughout (``lock.out_lock``) and first finishes or
    undoes a publish a stopped run left (``publish.recover``). ``log`` is a listener: it is
    given every :class:`~wsoa_analysis.build.events.BuildEvent`.
    """
    out_dir = (options or PackOptions()).out_dir
    with out_lock(out_dir):  # already held when wsoa pack (or build_all) took it
        check_out(out_dir, reporting_date.isoformat())
        build = _Build(reporting_date, options, cycle, log)
        with contextlib.ExitStack() as stack:
            plan, bodies, failures = build.pages(stack)
            build.spare.wait()  # the workbook written while the last notebooks ran, or now
        final = build.publish(plan, bodies, failures)
    if failures:
        raise PackFailedPages(final, failures)
    return final


class SpareCore:
    """Work for a core the notebooks leave free, done in a thread of this process (which only
    waits while notebooks run) once :meth:`start` is called, the tasks one after another.
    Leaving the ``with`` block waits for work that has started and cancels work that has not;
    :meth:`wait` starts it if need be, waits, and raises what it raised."""

    def __init__(self, *tasks: Callable[[], None]):
        self._tasks = tasks
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        self._lock = threading.Lock()
        self._closed = False

    def start(self) -> None:
        with self._lock:
            if self._closed or self._thread is not None:
                return
            self._thread = threading.Thread(target=self._run, name="wsoa-spare-core", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        try:
            for task in self._tasks:
                task()
        except BaseException as err:  # raised in the building thread, by wait()
            self._error = err

    def wait(self) -> None:
        self.start()
        self._join()
        if self._error is not None:
            raise self._error

    def _join(self) -> None:
        with self._lock:
            thread, self._closed = self._thread, True
        if thread is not None:
            thread.join()

    def __enter__(self) -> SpareCore:
        return self

    def __exit__(self, *exc) -> None:
        self._join()


def when_a_core_is_free(
    log: Listener | None, notebooks: int, workers: int, start: Callable[[], None]
) -> Listener:
    """``log``, calling ``start`` as soon as fewer of the ``notebooks`` are left to finish
    than ``workers`` run at once (at once, when there are fewer from the start): a core is
    free from then on."""
    left = [notebooks]
    if notebooks and notebooks < workers:
        start()

    def listener(event: BuildEvent) -> None:
        if event.kind in ("page_finished", "page_failed"):
            left[0] -= 1
            if left[0] < workers:
                start()
        if log is not None:
            log(event)

    return listener


def _import_renderers() -> None:
    """What the pages and the PDF are rendered with, imported ahead of their turn."""
    import wsoa_analysis.render.html  # noqa: F401
    import wsoa_analysis.render.pdf  # noqa: F401


class _Build:
    """One reporting date's build, step by step (what the steps share is kept here)."""

    def __init__(self, reporting_date, options, cycle, log):
        self.started = time.time()
        self.date, self.slug, self.log = reporting_date, reporting_date.isoformat(), log
        self.options = (options or PackOptions()).resolved()
        self.settings = load_area(self.options.params_dir)
        self.cycle = cycle or cycle_for_date(self.options.params_dir, reporting_date)
        self.store = BuildCache(self.options.out_dir, enabled=self.options.use_cache)
        self.environment = cache.environment_digest()
        self.inputs = cache.inputs_digest(self.options.data_dir, self.options.params_dir, self.slug)
        self.work = self.options.out_dir / ".work"
        self.downloads_key = cache.downloads_key(self.environment, self.inputs, self.slug)
        self.workbook = self.work / self.slug / DOWNLOADS  # written while notebooks run
        cached = self.store.get("downloads", self.downloads_key, ".xlsx") is not None
        self.workbook_cached = cached
        self.spare = SpareCore()
        self.pool = None

    # --- notebooks ---------------------------------------------------------------------------

    def pages(self, stack: contextlib.ExitStack) -> tuple[Plan, dict, dict]:
        """The plan, every page's body (from the cache or run now) and the pages that
        failed. Kernels are started before validation when every page will run (the inputs
        changed, or there is no cache), else as soon as the pages to run are known."""
        options, store = self.options, self.store
        key = plan_key(options, self.settings, self.date, self.environment, self.inputs)
        if store.get_json("plan", key) is None:  # every page will run
            self._kernels(stack).start(self._workers())
        elif not commentary_checked(options, self.slug, store, key):  # a page will, likely
            self._kernels(stack).start(1)
        plan = validate_and_plan(
            options, self.settings, self.date, store, self.environment, self.inputs, self.log
        )
        params, keys = _page_parameters(
            plan.pages, options, self.slug, self.environment, self.inputs
        )
        bodies = cached_bodies(plan.pages, store, keys, plan.commentary, self.slug, self.log)
        todo = [p for p in plan.pages if p.slug not in bodies]
        if todo:
            self._kernels(stack).keep_warm(min(len(todo), self._workers()))
        if todo or not self.workbook_cached:
            self._share_context(plan)
        tasks = [_import_renderers] if todo else []  # else only what the cache lacks
        tasks += [] if self.workbook_cached else [self._write_workbook]
        self.spare = stack.enter_context(SpareCore(*tasks))
        failures = run_pages(
            todo,
            params,
            options,
            self.slug,
            bodies,
            store,
            keys,
            env=self._kernel_env() if todo else None,
            log=when_a_core_is_free(self.log, len(todo), self._workers(), self.spare.start),
            pool=self.pool,
            commentary=plan.commentary,
        )
        if self.pool is not None:
            self.pool.close()  # the kernels started ahead for nothing
        return plan, bodies, failures

    def _workers(self) -> int:
        return self.options.workers or max(1, os.cpu_count() or 1)

    def _kernel_env(self) -> dict:
        return {CONTEXT_DIR_VARIABLE: str(self.work / "context")}

    def _kernels(self, stack: contextlib.ExitStack):
        if self.pool is None:
            from wsoa_analysis.build.kernels import Kernel, KernelPool

            kernel = Kernel(
                self.options.notebooks_dir,
                self._kernel_env(),
                self.options.kernel_name,
                PRELOAD,
            )
            self.pool = stack.enter_context(KernelPool(kernel))
        return self.pool

    def _share_context(self, plan: Plan) -> None:
        """The figures for the date, computed here once (or kept from a build of exactly the
        same inputs) for every notebook and the data workbook to load in milliseconds."""
        from wsoa_analysis.context import share_context

        start = time.monotonic()
        computed = share_context(
            self.work / "context",
            self.date,
            self.options.data_dir,
            self.options.params_dir,
            ds=plan.dataset,
            reuse=self.options.use_cache,
        )
        if computed:
            seconds = time.monotonic() - start
            emit(_log, self.log, BuildEvent("context_ready", self.slug, seconds=seconds))

    def _write_workbook(self) -> None:
        from wsoa_analysis.context import shared_contexts

        path = self.workbook
        path.parent.mkdir(parents=True, exist_ok=True)
        with shared_contexts(self.work / "context"):
            write_downloads(path, self.date, self.options, self.store, self.downloads_key, self.log)

    # --- publishing ----------------------------------------------------------------------------

    def publish(self, plan: Plan, bodies: dict, failures: dict) -> Path:
        with staging(self.options.out_dir, self.slug) as staged:
            outputs = write_pages(
                staged,
                plan.pages,
                bodies,
                self.settings,
                self.cycle,
                failures,
                store=self.store,
                environment=self.environment,
            )
            self._write_pdf(staged / PDF_NAME, plan, bodies, failures)
            if self.workbook_cached:
                write_downloads(
                    staged / DOWNLOADS,
                    self.date,
                    self.options,
                    self.store,
                    self.downloads_key,
                    self.log,
                )
            else:
                shutil.copyfile(self.workbook, staged / DOWNLOADS)
            outputs += [PDF_NAME, DOWNLOADS, place_figures(staged, self.workbook)]
            record = manifest(
                self.cycle, self.options, plan.pages, self.started, time.time(), outputs, failures
            )
            (staged / MANIFEST).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
            final = self.options.out_dir / self.slug
            publish(staged, final)
        write_index(self.options.out_dir, self.settings, self.store, self.environment)
        emit(_log, self.log, BuildEvent("published", self.slug, path=str(final)))
        return final

    def _write_pdf(self, path: Path, plan: Plan, bodies: dict, failures: dict) -> None:
        """The PDF, from the cache under a key made without the PDF renderer (which is not
        even imported then), else laid out (``outputs.write_pdf``, with its own cache)."""
        sections = [[p.slug, p.title, p.slug in failures, bodies[p.slug]] for p in plan.pages]
        key = cache.pack_pdf_key(
            self.environment,
            sections,
            self.settings.model_dump_json(),
            self.cycle.model_dump_json(),
            plan.synthetic,
        )
        cached = self.store.get("pack-pdf", key, ".pdf")
        if cached is not None:
            emit(_log, self.log, BuildEvent("pdf_reused", self.slug))
            path.write_bytes(cached)
            return
        cover = pdf_cover(self.settings, self.cycle, plan.synthetic)
        write_pdf(
            path, plan.pages, bodies, cover, failures, self.store, self.environment, self.log,
            timeout=self.options.pdf_timeout,
        )  # fmt: skip
        self.store.put("pack-pdf", key, path.read_bytes(), ".pdf")


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


def write_index(out_dir: Path, settings: AreaSettings, store: BuildCache, environment: str):
    """The site's index (``render.site.write_index``), from the cache when no published pack
    changed in what the index shows: every version's files and manifest, its times left
    out (the index shows none)."""
    packs = published(out_dir)
    shown = []
    for pack in packs:
        for version in [pack, *pack["earlier"]]:
            folder = Path(out_dir) / version.get("folder", pack["date"])
            info = dict(version["manifest"])
            for stamp in ("started_utc", "finished_utc"):
                info.pop(stamp, None)
            shown.append([folder.name, sorted(p.name for p in folder.iterdir()), info])
    key = cache.index_key(environment, settings.model_dump_json(), shown)
    cached = store.get("index", key, ".html")
    if cached is None:
        from wsoa_analysis.render.site import write_index as render_index

        written = render_index(out_dir, settings, packs)
        store.put("index", key, written.read_bytes(), ".html")
        return written
    tmp = Path(out_dir) / ".index.html.tmp"
    tmp.write_bytes(cached)
    os.replace(tmp, Path(out_dir) / "index.html")
    return Path(out_dir) / "index.html"


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
