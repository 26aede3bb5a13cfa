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
import platform
import re
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import nbformat

from . import __version__
from .errors import BuildError, ParameterError
from .html import PageContext, has_error_output, notebook_body, render_page
from .loading import Dataset, load_dataset
from .pdf import PdfCover, PdfSection, render_pdf
from .settings import AreaSettings, Cycle, cycle_for_date, load_area

OVERVIEW = "overview"
GENERIC_AREA_NOTEBOOK = "priority_area.ipynb"
PDF_NAME = "appendix.pdf"
MANIFEST = "manifest.json"
PACKAGES = ("wsoa-workbook", "pandas", "numpy", "matplotlib", "papermill", "nbconvert",
            "nbformat", "nbclient", "ipykernel", "weasyprint", "pandera", "pydantic",
            "openpyxl", "jinja2", "pyyaml")


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
    kernel_name: str = "python3"


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", str(text)).strip("-") or "area"


def plan_pages(ds: Dataset, notebooks_dir: Path, own: dict[str, str] | None = None
               ) -> list[PageSpec]:
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
        pages.append(PageSpec(f"priority-{_slug(pid)}", f"Priority {pid}: {p['title']}",
                              notebook, {"priority_id": pid}))
    missing = sorted({str(pg.notebook) for pg in pages if not pg.notebook.exists()})
    if missing:
        raise BuildError(f"notebook(s) not found: {', '.join(missing)}")
    return pages


def _failure(page: PageSpec, err: Exception) -> BuildError:
    """A build error naming the notebook, the failing cell and the cause."""
    from papermill.exceptions import PapermillExecutionError

    if isinstance(err, PapermillExecutionError):
        return BuildError(f"{page.notebook.name} ({page.title}) failed in cell "
                          f"{err.exec_count}: {err.ename}: {err.evalue}")
    return BuildError(f"{page.notebook.name} ({page.title}) failed: "
                      f"{type(err).__name__}: {err}")


def _kernel_manager_class():
    """Kernels talk over local IPC sockets rather than TCP ports: no port can collide when
    kernels run side by side, and the kernel has nothing to warn about."""
    from jupyter_client.manager import AsyncKernelManager

    class IPCKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.transport = "ipc"

    return IPCKernelManager


def execute_page(page: PageSpec, out_nb: Path, parameters: dict, options: PackOptions
                 ) -> nbformat.NotebookNode:
    """Run one notebook with papermill and return the executed notebook."""
    import papermill

    out_nb.parent.mkdir(parents=True, exist_ok=True)
    try:
        papermill.execute_notebook(
            str(page.notebook), str(out_nb), parameters={**parameters, **page.parameters},
            kernel_name=options.kernel_name, cwd=str(options.notebooks_dir),
            progress_bar=False, log_output=False, request_save_on_cell_execute=False,
            execution_timeout=options.cell_timeout,
            kernel_manager_class=_kernel_manager_class(), shutdown_kernel="immediate")
    except Exception as err:  # papermill raises several kinds: name them all for the user
        raise _failure(page, err) from err
    nb = nbformat.read(out_nb, as_version=4)
    if has_error_output(nb):
        raise BuildError(f"{page.notebook.name} ({page.title}) has an error in its output")
    unexecuted = [i for i, c in enumerate(nb.cells)
                  if c.cell_type == "code" and c.source.strip() and c.execution_count is None]
    if unexecuted:
        raise BuildError(f"{page.notebook.name} ({page.title}) stopped early: cell "
                         f"{unexecuted[0] + 1} did not run")
    return nb


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


def _versions() -> dict:
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def _git_commit() -> str:
    here = Path(__file__).resolve().parent
    try:
        done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=here, capture_output=True,
                              text=True, timeout=10, check=False)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=here, capture_output=True, text=True, timeout=10,
                               check=False)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    if done.returncode != 0:
        return "unknown"
    return done.stdout.strip() + (" (with uncommitted changes)" if dirty.stdout.strip() else "")


def _utc(seconds: float) -> str:
    return dt.datetime.fromtimestamp(seconds, tz=dt.UTC).isoformat(timespec="seconds")


def manifest(cycle: Cycle, options: PackOptions, pages: list[PageSpec], started: float,
             finished: float, outputs: list[str]) -> dict:
    """Provenance of a pack: parameters, a hash of every input, versions, commit, times."""
    inputs = {}
    for base in (options.data_dir, options.params_dir, options.notebooks_dir):
        for p in _files(base):
            if p.suffix in (".csv", ".xlsx", ".yaml", ".yml", ".ipynb"):
                inputs[str(p)] = _sha256(p)
    return {
        "reporting_date": cycle.reporting_date.isoformat(),
        "cycle_name": cycle.cycle_name,
        "parameters": {"reporting_date": cycle.reporting_date.isoformat(),
                       "data_dir": str(options.data_dir), "params_dir": str(options.params_dir),
                       "notebooks": {p.slug: {"notebook": p.notebook.name, **p.parameters}
                                     for p in pages}},
        "inputs_sha256": inputs,
        "outputs": outputs,
        "versions": _versions(),
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


def build_pack(reporting_date: dt.date, options: PackOptions = PackOptions(),
               *, cycle: Cycle | None = None, log=print) -> Path:
    """Build and publish the pack for one reporting date; returns the published folder."""
    started = time.time()
    options = PackOptions(**{k: (Path(v).resolve() if isinstance(v, Path) else v)
                             for k, v in options.__dict__.items()})
    settings = load_area(options.params_dir)
    cycle = cycle or cycle_for_date(options.params_dir, reporting_date)
    log(f"Validating {options.data_dir}")
    ds = load_dataset(options.data_dir)  # bad input stops here: nothing is run or published
    pages = plan_pages(ds, options.notebooks_dir, settings.pack.notebooks)
    date_slug = reporting_date.isoformat()
    out_dir = options.out_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = out_dir / f".staging-{date_slug}"
    work = out_dir / ".work" / date_slug
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    try:
        common = {"reporting_date": date_slug, "data_dir": str(options.data_dir),
                  "params_dir": str(options.params_dir)}
        bodies = {}
        for page in pages:
            log(f"Running {page.notebook.name} for {page.title}")
            nb = execute_page(page, work / f"{page.slug}.ipynb", common, options)
            bodies[page.slug] = notebook_body(nb)
        outputs = _write_pages(staging, pages, bodies, settings, cycle)
        log("Writing the PDF")
        _write_pdf(staging / PDF_NAME, pages, bodies, settings, cycle, ds)
        outputs.append(PDF_NAME)
        (staging / MANIFEST).write_text(json.dumps(
            manifest(cycle, options, pages, started, time.time(), outputs), indent=2) + "\n",
            encoding="utf-8")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    final = out_dir / date_slug
    _publish(staging, final)
    from .site import write_index

    write_index(out_dir, settings)
    log(f"Published {final}")
    return final


def _page_context(page: PageSpec, pages: list[PageSpec], settings: AreaSettings,
                  cycle: Cycle) -> PageContext:
    nav = [(p.title, f"{p.slug}.html", p.slug == page.slug) for p in pages]
    nav.append(("PDF appendix", PDF_NAME, False))
    return PageContext(title=page.title, cycle_name=cycle.cycle_name,
                       reporting_date=cycle.reporting_date, area_name=settings.area.name,
                       appendix_title=settings.pack.appendix_title, nav=nav,
                       index_href="../index.html", banner=None, synthetic_note=None)


def _write_pages(staging: Path, pages, bodies, settings, cycle) -> list[str]:
    written = []
    for page in pages:
        html = render_page(bodies[page.slug], _page_context(page, pages, settings, cycle))
        (staging / f"{page.slug}.html").write_text(html, encoding="utf-8")
        written.append(f"{page.slug}.html")
    return written


def _write_pdf(path: Path, pages, bodies, settings: AreaSettings, cycle: Cycle, ds: Dataset):
    sections = [PdfSection(title=p.title, body=bodies[p.slug], anchor=p.slug) for p in pages]
    synthetic = None
    if ds.observations.get("synthetic") is not None and ds.observations["synthetic"].fillna(
            False).any():
        synthetic = ("Built from the workbook's example data: the WSoA's own measures, "
                     "baselines, targets and actions, with synthetic values where the WSoA "
                     "gives none. Values marked † are synthetic.")
    cover = PdfCover(appendix_title=settings.pack.appendix_title,
                     plan_title=settings.plan.title, area_name=settings.area.name,
                     cycle_name=cycle.cycle_name, reporting_date=cycle.reporting_date,
                     organisation=settings.pack.organisation, synthetic_note=synthetic)
    render_pdf(sections, cover=cover, out_path=path)


def resolve_dates(params_dir: Path, *, date: dt.date | None = None, cycle_file: Path | None = None,
                  latest: bool = False, every: bool = False) -> list[tuple[dt.date, Cycle]]:
    """Which reporting dates to build from the command's options."""
    from .settings import cycles, load_cycle

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
