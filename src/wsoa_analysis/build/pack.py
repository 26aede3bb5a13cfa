"""Build a cycle's performance pack: validate, run the notebooks, write HTML, PDF and manifest,
then publish them all at once.

The pack is assembled in a staging folder beside the published one and moved into place with
a rename only when every notebook ran to the end and every file was written. If anything fails,
the pack published before for that date stays exactly as it was, and the executed notebooks
(which a reader never needs) stay in ``<out>/.work``, outside what is published.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from wsoa_analysis import __version__
from wsoa_analysis.build import cache
from wsoa_analysis.build.cache import BuildCache
from wsoa_analysis.build.execute import check_parameters
from wsoa_analysis.config.settings import AreaSettings, Cycle, cycle_for_date, load_area
from wsoa_analysis.errors import BuildError, PackFailedPages, ParameterError
from wsoa_analysis.render.html import PageContext, render_page

OVERVIEW = "overview"
GENERIC_AREA_NOTEBOOK = "priority_area.ipynb"
PDF_NAME = "appendix.pdf"
DOWNLOADS = "data.xlsx"
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class PageSpec:
    """One page of the pack: which notebook makes it and with which parameters."""

    slug: str
    title: str
    notebook: Path
    parameters: dict = field(default_factory=dict)


@dataclass(frozen=True)
class PackOptions:
    data_dir: Path = Path("data")
    params_dir: Path = Path("params")
    out_dir: Path = Path("rendered")
    notebooks_dir: Path = Path("notebooks")
    cell_timeout: int = 300  # seconds any one cell may run
    notebook_timeout: int = 900  # seconds any one notebook may run
    workers: int = 0  # notebooks run at once; 0: one per core
    keep_going: bool = False  # publish the other pages when one fails, with a banner
    use_cache: bool = True  # reuse unchanged pages and PDF from <out>/.cache
    kernel_name: str = "python3"


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", str(text)).strip("-") or "area"


def plan_pages(ds, notebooks_dir: Path, own: dict[str, str] | None = None) -> list[PageSpec]:
    """The overview, then one page per priority area: the area's own notebook where the
    area's settings name one (``pack.notebooks``), else the generic one with the area's id."""
    notebooks_dir = Path(notebooks_dir)
    pages = [PageSpec(OVERVIEW, "Overview", notebooks_dir / "overview.ipynb")]
    pri = ds.priorities
    if "sort_order" in pri and pri["sort_order"].notna().all():
        pri = pri.sort_values("sort_order", kind="stable")
    for _, p in pri.iterrows():
        pid = str(p["priority_id"])
        notebook = notebooks_dir / (own or {}).get(pid, GENERIC_AREA_NOTEBOOK)
        pages.append(
            PageSpec(
                f"priority-{_slug(pid)}",
                f"Priority {pid}: {p['title']}",
                notebook,
                {"priority_id": pid},
            )
        )
    missing = sorted({str(pg.notebook) for pg in pages if not pg.notebook.exists()})
    if missing:
        raise BuildError(f"notebook(s) not found: {', '.join(missing)}")
    return pages


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _files(location: Path) -> list[Path]:
    location = Path(location)
    if location.is_file():
        return [location]
    return sorted(p for p in location.rglob("*") if p.is_file() and not p.name.startswith("."))


def _git_commit() -> str:
    here = Path(__file__).resolve().parent
    try:
        done = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=here,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=here,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    if done.returncode != 0:
        return "unknown"
    return done.stdout.strip() + (" (with uncommitted changes)" if dirty.stdout.strip() else "")


def _utc(seconds: float) -> str:
    return dt.datetime.fromtimestamp(seconds, tz=dt.UTC).isoformat(timespec="seconds")


def manifest(
    cycle: Cycle,
    options: PackOptions,
    pages: list[PageSpec],
    started: float,
    finished: float,
    outputs: list[str],
    failures: dict | None = None,
) -> dict:
    """Provenance of a pack: parameters, a hash of every input, versions, commit, times."""
    inputs = {}
    for base in (options.data_dir, options.params_dir, options.notebooks_dir):
        for p in _files(base):
            if p.suffix in (".csv", ".xlsx", ".yaml", ".yml", ".ipynb", ".md"):
                inputs[str(p)] = _sha256(p)
    return {
        "reporting_date": cycle.reporting_date.isoformat(),
        "cycle_name": cycle.cycle_name,
        "parameters": {
            "reporting_date": cycle.reporting_date.isoformat(),
            "data_dir": str(options.data_dir),
            "params_dir": str(options.params_dir),
            "notebooks": {
                p.slug: {"notebook": p.notebook.name, "title": p.title, **p.parameters}
                for p in pages
            },
        },
        "inputs_sha256": inputs,
        "outputs": outputs,
        "failed_pages": failures or {},
        "versions": cache.package_versions(),
        "workbook_version": __version__,
        "git_commit": _git_commit(),
        "started_utc": _utc(started),
        "finished_utc": _utc(finished),
    }


def _publish(staging: Path, final: Path) -> None:
    """Swap the staged pack into place with renames: readers see the old pack or the new one,
    never a mixture."""
    old = final.with_name(f".old-{final.name}")
    if old.exists():
        shutil.rmtree(old)
    if final.exists():
        os.replace(final, old)
    os.replace(staging, final)
    if old.exists():
        shutil.rmtree(old)


def _plan(
    options: PackOptions,
    settings: AreaSettings,
    reporting_date: dt.date,
    store: BuildCache,
    environment: str,
    inputs: str,
    log,
) -> tuple[list[PageSpec], bool]:
    """Validate the inputs and plan the pages, or reuse the plan made for exactly these inputs
    (which were valid then, so are valid now)."""
    key = cache.plan_key(
        environment,
        inputs,
        reporting_date.isoformat(),
        options.notebooks_dir,
        settings.pack.notebooks,
    )
    hit = store.get_json("plan", key)
    if hit is not None:
        log(f"Inputs unchanged since they were last validated: {options.data_dir}")
        pages = [
            PageSpec(p["slug"], p["title"], Path(p["notebook"]), p["parameters"])
            for p in hit["pages"]
        ]
        if all(p.notebook.exists() for p in pages):
            return pages, hit["synthetic"]
    from wsoa_analysis.inputs.checks import check_reporting_date
    from wsoa_analysis.inputs.load import load_dataset

    log(f"Validating {options.data_dir}")
    ds = load_dataset(options.data_dir)  # bad input stops here: nothing is run or published
    check_reporting_date(ds.tables, reporting_date)
    pages = plan_pages(ds, options.notebooks_dir, settings.pack.notebooks)
    obs = ds.observations.get("synthetic")
    synthetic = bool(obs is not None and obs.fillna(False).any())
    store.put_json(
        "plan",
        key,
        {
            "synthetic": synthetic,
            "pages": [
                {
                    "slug": p.slug,
                    "title": p.title,
                    "notebook": str(p.notebook),
                    "parameters": p.parameters,
                }
                for p in pages
            ],
        },
    )
    return pages, synthetic


def build_pack(
    reporting_date: dt.date,
    options: PackOptions = PackOptions(),
    *,
    cycle: Cycle | None = None,
    log=print,
) -> Path:
    """Build and publish the pack for one reporting date; returns the published folder.

    Raises :class:`InputError` for bad input and :class:`BuildError` when a notebook fails,
    in both cases before anything is published. With ``options.keep_going`` the pages that
    did build are published, the failed ones carry a banner, and :class:`PackFailedPages`
    is raised after publishing so the caller can still exit non-zero. Pages and the PDF are
    reused from the cache in ``<out>/.cache`` when nothing they depend on has changed.
    """
    started = time.time()
    options = PackOptions(
        **{
            k: (Path(v).resolve() if isinstance(v, Path) else v)
            for k, v in options.__dict__.items()
        }
    )
    settings = load_area(options.params_dir)
    cycle = cycle or cycle_for_date(options.params_dir, reporting_date)
    store = BuildCache(options.out_dir, enabled=options.use_cache)
    environment = cache.environment_digest()
    inputs = cache.files_digest([options.data_dir, options.params_dir])
    pages, synthetic = _plan(options, settings, reporting_date, store, environment, inputs, log)
    date_slug = reporting_date.isoformat()
    common = {
        "reporting_date": date_slug,
        "data_dir": str(options.data_dir),
        "params_dir": str(options.params_dir),
    }
    params = {p.slug: check_parameters(p.notebook, {**common, **p.parameters}) for p in pages}
    keys = {p.slug: cache.page_key(environment, inputs, p.notebook, params[p.slug]) for p in pages}
    bodies = {}
    for p in pages:
        body = store.get("pages", keys[p.slug], ".fragment")
        if body is not None:
            bodies[p.slug] = body.decode("utf-8")
    todo = [p for p in pages if p.slug not in bodies]
    if bodies:
        log(f"Reusing {len(bodies)} of {len(pages)} pages from the cache")
    failures = _run_pages(todo, params, options, date_slug, bodies, store, keys, log)

    out_dir = options.out_dir
    staging = out_dir / f".staging-{date_slug}"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    try:
        outputs = _write_pages(staging, pages, bodies, settings, cycle, failures)
        _write_pdf(
            staging / PDF_NAME,
            pages,
            bodies,
            settings,
            cycle,
            synthetic,
            failures,
            store,
            environment,
            log,
        )
        outputs.append(PDF_NAME)
        _write_downloads(
            staging,
            reporting_date,
            options,
            store,
            cache.downloads_key(environment, inputs, date_slug),
            log,
        )
        outputs.append(DOWNLOADS)
        (staging / MANIFEST).write_text(
            json.dumps(
                manifest(cycle, options, pages, started, time.time(), outputs, failures), indent=2
            )
            + "\n",
            encoding="utf-8",
        )
        final = out_dir / date_slug
        _publish(staging, final)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    from wsoa_analysis.render.site import write_index

    write_index(out_dir, settings)
    log(f"Published {final}")
    if failures:
        raise PackFailedPages(final, failures)
    return final


def _run_pages(
    todo: list[PageSpec],
    params: dict,
    options: PackOptions,
    date_slug: str,
    bodies: dict,
    store: BuildCache,
    keys: dict,
    log,
) -> dict:
    """Run the notebooks of the pages not in the cache; fill ``bodies``; return failures."""
    if not todo:
        return {}
    from wsoa_analysis.build.execute import Job, Limits, raise_for_failures, run_all
    from wsoa_analysis.render.html import notebook_body

    work = options.out_dir / ".work" / date_slug
    jobs = [
        Job(
            name=f"{p.notebook.name} ({p.title})",
            notebook=p.notebook,
            output=work / f"{p.slug}.ipynb",
            parameters=params[p.slug],
            cwd=options.notebooks_dir,
        )
        for p in todo
    ]
    limits = Limits(
        cell_timeout=options.cell_timeout,
        notebook_timeout=options.notebook_timeout,
        workers=options.workers,
        kernel_name=options.kernel_name,
    )
    log(f"Running {len(jobs)} notebooks for {date_slug}")
    outcomes = run_all(
        jobs,
        limits,
        on_done=lambda o: log(
            f"  {'done' if o.ok else 'FAILED'}: {o.job.name} ({o.seconds:.1f} s)"
        ),
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


def failed_body(message: str) -> str:
    """What a page that could not be built shows in place of its content."""
    return str(
        Markup(
            "<p>This page could not be built for this pack, so its figures are not "
            "shown. The analyst's message was:</p><pre>{}</pre>"
        ).format(message)
    )


def _page_context(
    page: PageSpec,
    pages: list[PageSpec],
    settings: AreaSettings,
    cycle: Cycle,
    failures: dict | None = None,
) -> PageContext:
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


def _write_pages(staging: Path, pages, bodies, settings, cycle, failures=None) -> list[str]:
    written = []
    for page in pages:
        html = render_page(bodies[page.slug], _page_context(page, pages, settings, cycle, failures))
        (staging / f"{page.slug}.html").write_text(html, encoding="utf-8")
        written.append(f"{page.slug}.html")
    return written


def _write_downloads(
    staging: Path, reporting_date: dt.date, options: PackOptions, store: BuildCache, key: str, log
) -> None:
    """The data behind the pack's tables and charts, as an Excel workbook."""
    cached = store.get("downloads", key, ".xlsx")
    path = staging / DOWNLOADS
    if cached is not None:
        path.write_bytes(cached)
        return
    from wsoa_analysis.render.xlsx import write_downloads

    log("Writing the data workbook")
    write_downloads(path, reporting_date, options.data_dir, options.params_dir)
    store.put("downloads", key, path.read_bytes(), ".xlsx")


def _write_pdf(
    path: Path,
    pages,
    bodies,
    settings: AreaSettings,
    cycle: Cycle,
    synthetic: bool,
    failures: dict,
    store: BuildCache,
    environment: str,
    log,
):
    """The PDF appendix, or the same PDF from the cache when its pages and cover are
    unchanged (the PDF is the slowest step of a build)."""
    from wsoa_analysis.render.pdf import PdfCover, PdfSection, render_pdf

    sections = [
        PdfSection(
            title=p.title + (" (not built)" if p.slug in failures else ""),
            body=bodies[p.slug],
            anchor=p.slug,
        )
        for p in pages
    ]
    note = None
    if synthetic:
        note = (
            "Built from the workbook's example data: the WSoA's own measures, baselines, "
            "targets and actions, with synthetic values where the WSoA gives none. Values "
            "marked † are synthetic."
        )
    cover = PdfCover(
        appendix_title=settings.pack.appendix_title,
        plan_title=settings.plan.title,
        area_name=settings.area.name,
        cycle_name=cycle.cycle_name,
        reporting_date=cycle.reporting_date,
        organisation=settings.pack.organisation,
        synthetic_note=note,
    )
    key = cache.pdf_key(
        environment, [f"{s.title}\n{s.anchor}\n{s.body}" for s in sections], cover.__dict__
    )
    cached = store.get("pdf", key, ".pdf")
    if cached is not None:
        log("Reusing the PDF from the cache")
        path.write_bytes(cached)
        return
    log("Writing the PDF")
    render_pdf(sections, cover=cover, out_path=path)
    store.put("pdf", key, path.read_bytes(), ".pdf")


def _build_one(date: dt.date, options: PackOptions, cycle: Cycle) -> tuple[str, str]:
    """One cycle of ``build_all``, in a worker process: returns (date, error or "")."""
    try:
        build_pack(
            date, options, cycle=cycle, log=lambda m: print(f"[{date.isoformat()}] {m}", flush=True)
        )
        return date.isoformat(), ""
    except Exception as err:  # reported by date to the parent, which decides the exit
        return date.isoformat(), f"{type(err).__name__}: {err}"


def build_all(
    todo: list[tuple[dt.date, Cycle]], options: PackOptions, *, log=print, processes: int = 0
) -> list[Path]:
    """Build several cycles, one per core at a time (each cycle's notebooks one after another
    in its own process), so the PDF of one cycle is laid out while another's notebooks run.
    Every cycle is attempted; the failures are raised together at the end."""
    if len(todo) <= 1:
        return [build_pack(d, options, cycle=c, log=log) for d, c in todo]
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    processes = processes or max(1, os.cpu_count() or 1)
    single = PackOptions(**{**options.__dict__, "workers": 1})
    log(f"Building {len(todo)} cycles, {min(processes, len(todo))} at a time")
    with ProcessPoolExecutor(
        max_workers=min(processes, len(todo)), mp_context=mp.get_context("forkserver")
    ) as pool:
        results = list(
            pool.map(_build_one, [d for d, _ in todo], [single] * len(todo), [c for _, c in todo])
        )
    from wsoa_analysis.render.site import write_index

    write_index(Path(options.out_dir).resolve(), load_area(Path(options.params_dir)))
    failed = [f"{d}: {e}" for d, e in results if e]
    if failed:
        raise BuildError(f"{len(failed)} of {len(todo)} cycles failed:\n" + "\n".join(failed))
    return [Path(options.out_dir).resolve() / d for d, _ in results]


def resolve_dates(
    params_dir: Path,
    *,
    date: dt.date | None = None,
    cycle_file: Path | None = None,
    latest: bool = False,
    every: bool = False,
) -> list[tuple[dt.date, Cycle]]:
    """Which reporting dates to build from the command's options."""
    from wsoa_analysis.config.settings import cycles, load_cycle

    if cycle_file is not None:
        c = load_cycle(cycle_file)
        return [(c.reporting_date, c)]
    if date is not None:
        return [(date, cycle_for_date(params_dir, date))]
    known = cycles(params_dir)
    if not known:
        raise ParameterError(f"no cycle files (YYYY-MM-DD.yaml) in {params_dir}")
    if latest:
        return [(known[-1].reporting_date, known[-1])]
    if every:
        return [(c.reporting_date, c) for c in known]
    raise ParameterError("say which cycle to build: --date, a cycle file, --latest or --all")
