"""Benchmark of building one cycle's pack, several ways, in one run on this machine.

Routes (see benchmarks/README.md for what each figure means and how to read it):

  plain        what a user would otherwise script: per notebook, the papermill CLI, then
               ``jupyter nbconvert --to html --no-input``, then a fresh Python process that
               renders that notebook's body to a PDF with the project's PDF route
  ours, cold   ``wsoa pack --date D --out <fresh dir>`` (``--no-cache`` too when the command
               has it)
  ours, warm   the same command again into the same --out, nothing changed
  commentary   in a copy of data/ with a commentary file, one area's commentary reworded, then
               ``wsoa pack`` again into the same --out (the first build is not counted)
  floor        start as many Jupyter kernels as there are notebooks, each importing pandas and
               matplotlib.pyplot, concurrently in batches of os.cpu_count()
  scale        a generated plan (benchmarks/large_plan.py: 200 measures, 500 actions, 8 areas,
               and half that), generated and validated once, then built cold each repeat
  measures     the record-level EHC measures on 1,000,000 synthetic requests

Every route's peak memory is the whole process tree's. The figures are printed beside the
performance targets (TARGETS), each marked met or not met.

Run:  .venv/bin/python benchmarks/bench.py [--date 2023-06-30] [--repeats 3 | --quick]
      [--no-scale]

The table goes to stdout, progress to stderr, and every raw figure to
rendered/.bench/results.json (or --json PATH). Exits non-zero if any route failed.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

from wsoa_analysis.build.cache import PACKAGES
from wsoa_analysis.build.pages import PDF_NAME

REPO = Path(__file__).resolve().parent.parent
VENV_BIN = REPO / ".venv" / "bin"
BIN = VENV_BIN if (VENV_BIN / "python").exists() else Path(sys.executable).parent
PY = str(BIN / "python")
POLL_SECONDS = 0.05
PSS_EVERY = 10  # polls between PSS samples (0.5 s): reading smaps costs ~1 ms a process
MEASURE_ROWS = 1_000_000
FLOOR_CODE = 'import pandas, matplotlib; matplotlib.use("Agg"); import matplotlib.pyplot'
# generated plans for the scale route: name -> (measures, actions, areas); --quick builds the
# first only
SCALE_SIZES = {"large": (200, 500, 8), "half": (100, 250, 4)}
# what the performance issue asks for: figure -> (comparison, threshold, unit)
TARGETS = {
    "speed-up": (">=", 5.0, "x"),
    "notebooks / floor": ("<=", 1.5, "x"),
    "PDF stage": ("<", 3.0, " s"),
    "warm rebuild": ("<", 0.3, " s"),
    "changed commentary": ("<", 3.0, " s"),
    "large plan, cold": ("<", 60.0, " s"),
    "peak memory": ("<", 1536.0, " MB"),
}
# the packages the pack's cache is keyed on, and what shows whether JupyterLab slows the build
VERSION_PACKAGES = (
    "wsoa-workbook",
    *PACKAGES,
    "jupyter_client",
    "psutil",
    "jupyterlab",
    "rfc3987-syntax",
)

# What a user's script would run to get one notebook's PDF through the project's PDF route.
# Arguments: executed notebook, PDF path, section title, anchor, reporting date, params dir.
PDF_SCRIPT = """\
import datetime as dt, sys
from pathlib import Path
import nbformat
from wsoa_analysis.render.html import notebook_body
from wsoa_analysis.render.pdf import PdfCover, PdfSection, render_pdf
from wsoa_analysis.config.settings import cycle_for_date, load_area
nb, out, title, anchor, date, params = sys.argv[1:7]
settings = load_area(Path(params))
cycle = cycle_for_date(Path(params), dt.date.fromisoformat(date))
body = notebook_body(nbformat.read(nb, as_version=4))
cover = PdfCover(appendix_title=settings.pack.appendix_title, plan_title=settings.plan.title,
                 area_name=settings.area.name, cycle_name=cycle.cycle_name,
                 reporting_date=cycle.reporting_date, organisation=settings.pack.organisation)
render_pdf([PdfSection(title=title, body=body, anchor=anchor)], cover=cover,
           out_path=Path(out))
"""

# The lines `wsoa pack` prints when unattended, in order (the words of each build event are in
# wsoa_analysis.build.events; tests/build/test_events.py checks this parser against them).
_NOTEBOOK_LINE = re.compile(r"^\s*(done|FAILED): (.+) \((\d+(?:\.\d+)?) s\)\s*$")
# unattended runs put a timestamp before every line
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} ")


class RouteFailed(Exception):
    """A command of a route failed; the message says which and why."""


def progress(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- running a command: wall time, lines as they arrive, peak memory of the tree --------------


class TreePeak:
    """Polls the memory of a process and all its descendants every POLL_SECONDS; keeps the
    peak of the sum of their RSS and, every PSS_EVERY polls where the system reports it
    (Linux), of their PSS. RSS counts shared pages once per process, so its sum is an upper
    bound; PSS shares them out, so its sum is what the tree really holds in memory."""

    def __init__(self, pid: int):
        import psutil

        self._psutil = psutil
        self._stop = threading.Event()
        self.peak = 0
        self.pss_peak = 0 if hasattr(psutil.Process().memory_full_info(), "pss") else None
        try:
            self._root = psutil.Process(pid)
        except psutil.NoSuchProcess:
            self._root = None
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _sum(self, procs: list, read) -> int:
        total = 0
        for p in procs:
            try:
                total += read(p)
            except self._psutil.Error:
                pass
        return total

    def _run(self) -> None:
        if self._root is None:
            return
        polls = 0
        while not self._stop.is_set():
            try:
                procs = [self._root, *self._root.children(recursive=True)]
            except self._psutil.Error:
                procs = []
            self.peak = max(self.peak, self._sum(procs, lambda p: p.memory_info().rss))
            if self.pss_peak is not None and polls % PSS_EVERY == 0:
                pss = self._sum(procs, lambda p: p.memory_full_info().pss)
                self.pss_peak = max(self.pss_peak, pss)
            polls += 1
            self._stop.wait(POLL_SECONDS)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak / 2**20

    @property
    def pss_mb(self) -> float | None:
        return None if self.pss_peak is None else self.pss_peak / 2**20


def run_command(cmd: list[str], *, what: str, cwd: Path = REPO) -> dict:
    """Run ``cmd``; returns wall seconds, peak MB and the stdout lines with the second each
    arrived. Raises RouteFailed if it exits non-zero."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd,
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=err,
            stdin=subprocess.DEVNULL,
            text=True,
            errors="replace",
            bufsize=1,
        )
        peak = TreePeak(proc.pid)
        lines = []
        for line in proc.stdout:
            lines.append((time.perf_counter() - start, line.rstrip("\n")))
        rc = proc.wait()
        wall = time.perf_counter() - start
        peak_mb = peak.stop()
        pss_mb = peak.pss_mb
        if rc != 0:
            err.seek(0)
            tail = "\n".join(err.read().strip().splitlines()[-15:])
            out_tail = "\n".join(text for _, text in lines[-10:])
            raise RouteFailed(
                f"{what} failed (exit {rc}): {' '.join(map(str, cmd))}\n"
                f"--- stdout (end) ---\n{out_tail}\n--- stderr (end) ---\n{tail}"
            )
    return {"wall": wall, "peak_mb": peak_mb, "pss_mb": pss_mb, "lines": lines}


# --- the routes --------------------------------------------------------------------------------


def plan(date: dt.date) -> list[dict]:
    """The pack's pages, from the project itself."""
    from wsoa_analysis.build.plan import plan_pages
    from wsoa_analysis.config.settings import load_area
    from wsoa_analysis.inputs.load import load_dataset

    pages = plan_pages(
        load_dataset(REPO / "data"), REPO / "notebooks", load_area(REPO / "params").pack.notebooks
    )
    return [
        {"slug": p.slug, "title": p.title, "notebook": p.notebook, "parameters": dict(p.parameters)}
        for p in pages
    ]


def run_plain(pages: list[dict], date: dt.date, work: Path) -> dict:
    """Per notebook, one after another: papermill CLI, nbconvert CLI, PDF in a fresh process."""
    work.mkdir(parents=True)
    per_page, walls, peaks, psses = [], [], [], []
    start = time.perf_counter()
    for page in pages:
        nb_in = Path(page["notebook"]).relative_to(REPO)
        nb_out = work / f"{page['slug']}.ipynb"
        cmd = [
            str(BIN / "papermill"),
            str(nb_in),
            str(nb_out),
            "-p",
            "reporting_date",
            date.isoformat(),
            "-p",
            "data_dir",
            str(REPO / "data"),
            "-p",
            "params_dir",
            str(REPO / "params"),
        ]
        for name, value in page["parameters"].items():
            # -r: papermill's -p would turn "3" into the integer 3; the notebooks take text ids
            cmd += ["-r", name, str(value)]
        steps = {}
        for step, command in (
            ("papermill", cmd),
            (
                "nbconvert",
                [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(nb_out)],
            ),
            (
                "pdf",
                [
                    PY,
                    "-c",
                    PDF_SCRIPT,
                    str(nb_out),
                    str(work / f"{page['slug']}.pdf"),
                    page["title"],
                    page["slug"],
                    date.isoformat(),
                    str(REPO / "params"),
                ],
            ),
        ):
            done = run_command(command, what=f"plain: {step} of {nb_in.name} ({page['title']})")
            steps[step] = done["wall"]
            peaks.append(done["peak_mb"])
            psses.append(done["pss_mb"])
        walls.append(sum(steps.values()))
        per_page.append({"slug": page["slug"], "name": f"{nb_in.name} ({page['title']})", **steps})
    for page in pages:
        for suffix in (".html", ".pdf"):
            if not (work / f"{page['slug']}{suffix}").is_file():
                raise RouteFailed(f"plain: {page['slug']}{suffix} was not written")
    return {
        "wall": time.perf_counter() - start,
        "peak_mb": max(peaks),
        "pss_mb": None if None in psses else max(psses),
        "pages": per_page,
    }


_RUNNING = re.compile(r"^Running (\d+) notebooks")
_REUSED = re.compile(r"^Reusing (\d+) of (\d+) pages")


def ours_stages(lines: list[tuple[float, str]], wall: float) -> dict:
    """Stage times from the lines `wsoa pack` printed and when each arrived, and how many
    pages it ran (the rest it took from its cache)."""
    marks, notebooks, counts = {}, [], {"run": 0, "reused": 0}
    after_pdf = None
    for t, text in lines:
        text = _TIMESTAMP.sub("", text)
        s = text.strip()
        if "pdf" in marks and after_pdf is None:
            after_pdf = t  # the PDF is written when the build says its next step
        for key, prefix in (
            ("validating", "Validating"),
            ("validating", "Inputs unchanged"),  # a rebuild that need not validate again
            ("running", "Running"),
            ("pdf", "Writing the PDF"),
            ("pdf_reused", "Reusing the PDF"),
            ("published", "Published"),
        ):
            if s.startswith(prefix) and key not in marks:
                marks[key] = t
        if m := _RUNNING.match(s):
            counts["run"] = int(m.group(1))
        if m := _REUSED.match(s):
            counts["reused"] = int(m.group(1))
        m = _NOTEBOOK_LINE.match(text)
        if m:
            notebooks.append(
                {"status": m.group(1), "name": m.group(2), "reported": float(m.group(3)), "at": t}
            )
    last_nb = max((n["at"] for n in notebooks), default=None)

    def span(a, b):
        return None if a is None or b is None else b - a

    pdf = "written" if "pdf" in marks else "reused" if "pdf_reused" in marks else None
    return {
        "start-up (to 'Validating')": marks.get("validating"),
        "validate + plan (to 'Running')": span(marks.get("validating"), marks.get("running")),
        "notebooks (to last 'done')": span(marks.get("running"), last_nb),
        "HTML pages (to 'Writing the PDF')": span(last_nb, marks.get("pdf")),
        "PDF + manifest (to 'Published')": span(marks.get("pdf"), marks.get("published")),
        "  of which the PDF (to the next line)": span(marks.get("pdf"), after_pdf),
        "exit (after 'Published')": span(marks.get("published"), wall),
        "_notebooks": notebooks,
        "_pages_run": counts["run"],
        "_pages_reused": counts["reused"],
        "_pdf": pdf,
    }


def pdf_pages(path: Path) -> int | None:
    """How many pages a PDF has (pypdf comes with the project's test extras)."""
    try:
        from pypdf import PdfReader

        return len(PdfReader(path).pages)
    except Exception:  # no pypdf, or no PDF: the figure shows as –
        return None


# the workbook's code (and package versions) each --out was last built with: other people
# editing the tree during a run change it, and then a rebuild cannot reuse its cache
_BUILT_WITH: dict[Path, str] = {}


def environment() -> str:
    """The part of the cache key that is the workbook's own code and versions, now."""
    from wsoa_analysis.build.cache import environment_digest

    return environment_digest.__wrapped__()  # not the process's cached value


def run_ours(
    date: dt.date,
    out: Path,
    extra: list[str],
    label: str,
    data: Path | None = None,
    params: Path | None = None,
) -> dict:
    cmd = [str(BIN / "wsoa"), "pack", "--date", date.isoformat(), "--out", str(out), *extra]
    cmd += ["--data", str(data)] if data else []
    cmd += ["--params", str(params)] if params else []
    before = environment()
    changed = out in _BUILT_WITH and _BUILT_WITH[out] != before
    done = run_command(cmd, what=label)
    _BUILT_WITH[out] = environment()
    published = out / date.isoformat()
    if not published.is_dir():
        raise RouteFailed(f"{label}: {published} was not published")
    return {
        "wall": done["wall"],
        "peak_mb": done["peak_mb"],
        "pss_mb": done["pss_mb"],
        "stages": ours_stages(done["lines"], done["wall"]),
        "pdf_pages": pdf_pages(published / PDF_NAME),
        "code_changed": changed,  # since this --out was last built: its cache is stale
        "log": [f"{t:7.2f} s  {text}" for t, text in done["lines"]],
    }


def large_plan():
    """benchmarks/large_plan.py, the generator of the scale route's plans (loaded by path, so
    this works however bench.py itself was loaded)."""
    import importlib.util

    name = "wsoa_bench_large_plan"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            name, Path(__file__).with_name("large_plan.py")
        )
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


class CommentaryRoute:
    """An officer rewords one area's commentary and the pack is rebuilt.

    Works on a copy of data/ in the benchmark's temp folder (never on data/ itself), with a
    commentary file for the date written by ``large_plan.write_commentary`` (a paragraph per
    area, a note on every fifth measure). The first call builds that copy once with the cache
    (recorded as ``first``, not counted); every call then rewords the first area's paragraph
    (a new revision each repeat) and times ``wsoa pack`` into the same --out."""

    def __init__(self, date: dt.date, work: Path):
        self.date, self.work = date, work
        self.data, self.out = work / "data", work / "out"
        self.first: dict | None = None
        self.revision = 0

    def _write(self) -> None:
        revisions = {self.area: self.revision} if self.revision else {}
        large_plan().write_commentary(self.data, self.date, self.cycle_name, revisions)

    def _setup(self) -> None:
        from wsoa_analysis.config.settings import cycle_for_date

        shutil.copytree(REPO / "data", self.data, ignore=shutil.ignore_patterns(".*"))
        self.cycle_name = cycle_for_date(REPO / "params", self.date).cycle_name
        with open(self.data / "priorities.csv", encoding="utf-8-sig", newline="") as f:
            self.area = next(csv.DictReader(f))["priority_id"]  # the first area
        self._write()
        self.first = run_ours(self.date, self.out, [], "commentary: first build", self.data)

    def __call__(self) -> dict:
        if self.first is None:
            self._setup()
        self.revision += 1
        self._write()
        run = run_ours(self.date, self.out, [], "commentary: rebuild", self.data)
        return {**run, "area": self.area, "revision": self.revision}


class ScaleRoute:
    """A plan generated by ``large_plan.write_large_plan`` (once, then checked with
    ``wsoa validate``), built cold into a fresh --out on every call."""

    def __init__(
        self, name: str, size: tuple[int, int, int], work: Path, opts: list[str], keep: bool
    ):
        self.name, self.size, self.work, self.opts, self.keep = name, size, work / name, opts, keep
        self.plan = None
        self.info: dict = {"measures": size[0], "actions": size[1], "areas": size[2]}
        self.calls = 0

    def _setup(self) -> None:
        start = time.perf_counter()
        self.plan = large_plan().write_large_plan(self.work, *self.size)
        self.info["generate_seconds"] = time.perf_counter() - start
        cmd = [str(BIN / "wsoa"), "validate", "--data", str(self.plan.data_dir)]
        cmd += ["--params", str(self.plan.params_dir)]
        done = run_command(cmd, what=f"scale, {self.name}: wsoa validate")
        self.info["validate_seconds"] = done["wall"]
        self.info["validate"] = [text for _, text in done["lines"]][:1]
        self.info["reporting_date"] = self.plan.reporting_date.isoformat()

    def __call__(self) -> dict:
        if self.plan is None:
            self._setup()
        self.calls += 1
        out = self.work / f"out-{self.calls}"
        run = run_ours(
            self.plan.reporting_date,
            out,
            self.opts,
            f"scale, {self.name}",
            self.plan.data_dir,
            self.plan.params_dir,
        )
        if not self.keep:
            shutil.rmtree(out, ignore_errors=True)  # a built large plan is tens of MB
        return run


def run_floor(n: int) -> dict:
    """The floor in a child process of its own (so its memory is measured like the others)."""
    done = run_command(
        [PY, str(Path(__file__).resolve()), "--_floor", str(n)], what="floor: starting kernels"
    )
    inner = json.loads(done["lines"][-1][1])
    return {
        "wall": inner["seconds"],
        "process_wall": done["wall"],
        "peak_mb": done["peak_mb"],
        "pss_mb": done["pss_mb"],
        "kernels": inner["kernels"],
    }


def floor_child(n: int) -> int:
    """Start n kernels (batches of os.cpu_count() at once), import pandas and pyplot in each,
    wait for idle, shut down; print one JSON line with the seconds taken."""
    from concurrent.futures import ThreadPoolExecutor

    from jupyter_client.manager import KernelManager

    def one(_):
        t0 = time.perf_counter()
        km = KernelManager(kernel_name="python3")
        km.start_kernel()
        kc = km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=120)
            t1 = time.perf_counter()
            reply = kc.execute_interactive(FLOOR_CODE, timeout=120, output_hook=lambda m: None)
            t2 = time.perf_counter()
            if reply["content"]["status"] != "ok":
                raise RuntimeError(f"the import failed in the kernel: {reply['content']}")
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
        t3 = time.perf_counter()
        return {"start": t1 - t0, "import": t2 - t1, "shutdown": t3 - t2}

    cores = os.cpu_count() or 1
    start = time.perf_counter()
    kernels = []
    for first in range(0, n, cores):
        batch = min(cores, n - first)
        with ThreadPoolExecutor(max_workers=batch) as pool:
            kernels += list(pool.map(one, range(batch)))
    print(json.dumps({"seconds": time.perf_counter() - start, "kernels": kernels}), flush=True)
    return 0


# --- measures at scale -------------------------------------------------------------------------


def synthetic_requests(n: int, seed: int = 20230630):
    """n requests over a decade with the columns (and dtypes) of ehc_requests, vectorised."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    first = np.datetime64("2014-01-01", "D")
    days = int((np.datetime64("2024-01-01", "D") - first).astype(int))
    received = np.sort(first + rng.integers(0, days, n).astype("timedelta64[D]"))
    decision = rng.choice(
        np.array(["yes", "no", "pending", "withdrawn"]), n, p=[0.73, 0.21, 0.03, 0.03]
    )
    nat = np.datetime64("NaT", "D")
    decided = received + rng.integers(14, 60, n).astype("timedelta64[D]")
    decision_date = np.where(decision == "pending", nat, decided)
    to_plan = np.rint(rng.gamma(9.0, 15.0, n)).astype("int64").astype("timedelta64[D]")
    has_plan = (decision == "yes") & (rng.random(n) < 0.9)
    issued = received + to_plan
    has_plan &= issued < np.datetime64("2024-01-01", "D")  # not issued yet at the decade's end
    plan_issued = np.where(has_plan, issued, nat)
    exception = rng.random(n) < 0.05
    return pd.DataFrame(
        {
            "date_received": pd.Series(received.astype("datetime64[s]")),
            "decision": pd.Series(decision, dtype="string"),
            "decision_date": pd.Series(decision_date.astype("datetime64[s]")),
            "plan_issued_date": pd.Series(plan_issued.astype("datetime64[s]")),
            "exception_applies": pd.Series(exception, dtype="boolean"),
        }
    )


def run_measures(runs: int) -> dict:
    from wsoa_analysis.domain.ehc import requests_per_month, timeliness

    t0 = time.perf_counter()
    req = synthetic_requests(MEASURE_ROWS)
    generate = time.perf_counter() - t0
    calls = {
        'timeliness(req, "month")': lambda: timeliness(req, "month"),
        'timeliness(req, "rolling_12_months")': lambda: timeliness(req, "rolling_12_months"),
        'timeliness(req, "calendar_year")': lambda: timeliness(req, "calendar_year"),
        "requests_per_month(req)": lambda: requests_per_month(req),
    }
    results = {}
    for name, call in calls.items():
        rows = len(call())  # once untimed: first-call costs (imports, caches) are not the figure
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            call()
            times.append(time.perf_counter() - t)
        results[name] = {
            "median": statistics.median(times),
            "min": min(times),
            "max": max(times),
            "runs": times,
            "rows_out": rows,
        }
    return {
        "rows": len(req),
        "generate_seconds": generate,
        "plans_issued": int(req["plan_issued_date"].notna().sum()),
        "calls": results,
    }


LONG_TEXT_SIZES = (100_000, 200_000)  # characters of one action description
LONG_TEXT_WORDS = "Ref 2.1.3(a); S.E.N.D. #12-34, p.5/6. "  # references: dense in punctuation


def run_long_text() -> dict:
    """The PDF step (HTML to Typst, and Typst) for one page whose action description is
    100 kB, then 200 kB, of references (dense in punctuation): it once took minutes, growing
    with the square of the length. Linear: twice the text takes about twice the time."""
    from wsoa_analysis.render.pdf import PdfCover, PdfSection, render_pdf

    cover = PdfCover("Appendix", "Plan", "Area", "Cycle", dt.date(2023, 6, 30), "Council")
    seconds = {}
    with tempfile.TemporaryDirectory(prefix="wsoa-bench-text-") as tmp:
        for size in LONG_TEXT_SIZES:
            text = (LONG_TEXT_WORDS * (size // len(LONG_TEXT_WORDS) + 1))[:size]
            body = (
                '<table class="data"><caption>Actions</caption><thead><tr><th>Ref</th>'
                "<th>Action</th><th>Status</th></tr></thead><tbody><tr><td>1.1.1</td>"
                f'<td>{text}</td><td><span class="brag-green">Green</span></td></tr></tbody>'
                "</table>"
            )
            t = time.perf_counter()
            render_pdf([PdfSection("Area", body, "a")], cover=cover, out_path=Path(tmp) / "a.pdf")
            seconds[size] = time.perf_counter() - t
    return {"seconds": seconds}


def long_text_table(results: dict) -> list[str]:
    found = results.get("long_text")
    if not found:
        return []
    (small, a), (big, b) = found["seconds"].items()
    return [
        "",
        f"PDF of one page with a long action description: {int(small) // 1000} kB {a:.2f} s, "
        f"{int(big) // 1000} kB {b:.2f} s ({b / a:.1f}x the time for "
        f"{int(big) / int(small):g}x the text)",
    ]


# --- the machine ---------------------------------------------------------------------------------


def machine() -> dict:
    import psutil

    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    code = (
        "import json, platform\nfrom importlib import metadata\n"
        "out = {'python': platform.python_version()}\n"
        f"for name in {VERSION_PACKAGES!r}:\n"
        "    try:\n        out[name] = metadata.version(name)\n"
        "    except metadata.PackageNotFoundError:\n        out[name] = 'not installed'\n"
        "print(json.dumps(out))"
    )
    versions = json.loads(
        subprocess.run([PY, "-c", code], capture_output=True, text=True, check=True).stdout
    )
    return {
        "cores_logical": os.cpu_count(),
        "cores_physical": psutil.cpu_count(logical=False),
        "memory_gb": psutil.virtual_memory().total / 2**30,
        "cpu": cpu,
        "os": f"{platform.system()} {platform.release()}",
        "load_average_at_start": os.getloadavg(),
        "python_exe": PY,
        "versions": versions,
    }


# --- summary and table ---------------------------------------------------------------------------


def summarise(values: list[float]) -> dict | None:
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "n": len(values),
    }


def med(values) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt(x: float | None, unit: str = "", width: int = 7, digits: int = 1) -> str:
    return f"{'–':>{width}}" if x is None else f"{x:{width}.{digits}f}{unit}"


def _runs(results: dict, route: str) -> list[dict]:
    return results["routes"].get(route, {}).get("runs", [])


def _wall(results: dict, route: str) -> float | None:
    return med([r["wall"] for r in _runs(results, route)])


def _stage(results: dict, route: str, stage: str) -> float | None:
    return med([r["stages"][stage] for r in _runs(results, route)])


def _memory(results: dict, route: str) -> float | None:
    """The highest peak over the repeats: PSS where the system reports it, else RSS."""
    runs = _runs(results, route)
    pss = [r["pss_mb"] for r in runs if r.get("pss_mb") is not None]
    rss = [r["peak_mb"] for r in runs if r.get("peak_mb") is not None]
    return max(pss) if pss else max(rss) if rss else None


NB_STAGE = "notebooks (to last 'done')"
PDF_STAGE = "  of which the PDF (to the next line)"


def route_labels(results: dict) -> dict[str, str]:
    labels = {
        "plain": "plain (papermill + nbconvert + PDF CLIs)",
        "cold": "ours, cold (wsoa pack, fresh --out)",
        "warm": "ours, warm (same --out, nothing changed)",
        "commentary": "ours, one area's commentary changed",
        "floor": f"floor ({len(results['pages'])} kernels + pandas/pyplot)",
    }
    for name, (measures, actions, areas) in SCALE_SIZES.items():
        labels[f"scale-{name}"] = f"{name} plan ({measures}/{actions}/{areas}), cold"
    return labels


def header(results: dict) -> list[str]:
    m = results["machine"]
    v = m["versions"]
    return [
        f"wsoa pack benchmark: reporting date {results['date']}, "
        f"{results['repeats']} repeat(s) (plain: {results['plain_repeats']}), "
        f"started {results['started']}",
        f"Machine: {m['cores_logical']} logical / {m['cores_physical']} physical cores, "
        f"{m['memory_gb']:.1f} GB RAM, {m['cpu']}, {m['os']}, "
        f"load average at start {m['load_average_at_start'][0]:.2f}",
        "Python "
        + v["python"]
        + "; "
        + ", ".join(f"{k} {val}" for k, val in v.items() if k != "python"),
        f"Pages: {len(results['pages'])} notebooks "
        f"({', '.join(p['slug'] for p in results['pages'])}); "
        f"`wsoa pack` options: {' '.join(results['ours_options']) or '(none)'}",
    ]


def routes_table(results: dict) -> list[str]:
    out = [""]
    head = f"{'Route':<44}{'median':>9}{'min':>9}{'max':>9}{'RSS MB':>9}{'PSS MB':>9}  runs"
    out += [head, "-" * len(head)]
    for key, label in route_labels(results).items():
        r = results["routes"].get(key)
        if r is None:
            continue
        s = summarise([x["wall"] for x in r["runs"]])
        peak = max((x["peak_mb"] for x in r["runs"]), default=None)
        pss = max((x["pss_mb"] for x in r["runs"] if x.get("pss_mb") is not None), default=None)
        if s is None:
            out.append(f"{label:<44}{'FAILED' if r.get('error') else 'not run':>9}")
            continue
        note = "  FAILED in a later repeat" if r.get("error") else ""
        out.append(
            f"{label:<44}{fmt(s['median'], ' s', 7)}{fmt(s['min'], ' s', 7)}"
            f"{fmt(s['max'], ' s', 7)}{fmt(peak, '', 9, 0)}{fmt(pss, '', 9, 0)}  {s['n']}{note}"
        )
    return out


def plain_table(results: dict) -> list[str]:
    plain = _runs(results, "plain")
    if not plain:
        return []
    out = ["", "plain, per notebook (median s)      papermill  nbconvert      PDF    total"]
    names = [p["name"] for p in plain[0]["pages"]]
    totals = {"papermill": [], "nbconvert": [], "pdf": []}
    for i, name in enumerate(names):
        cells = {k: med([r["pages"][i][k] for r in plain]) for k in totals}
        for k in totals:
            totals[k].append(cells[k])
        out.append(
            f"  {name[:34]:<34}{fmt(cells['papermill'], '', 9, 2)}"
            f"{fmt(cells['nbconvert'], '', 11, 2)}{fmt(cells['pdf'], '', 9, 2)}"
            f"{fmt(sum(cells.values()), '', 9, 2)}"
        )
    out.append(
        f"  {'sum':<34}{fmt(sum(totals['papermill']), '', 9, 2)}"
        f"{fmt(sum(totals['nbconvert']), '', 11, 2)}"
        f"{fmt(sum(totals['pdf']), '', 9, 2)}"
        f"{fmt(sum(map(sum, totals.values())), '', 9, 2)}"
    )
    return out


def stages_table(results: dict) -> list[str]:
    """Our builds' stages side by side (median s), with pages run and PDF pages."""
    short = {
        "cold": "cold",
        "warm": "warm",
        "commentary": "comment.",
        "scale-half": "half",
        "scale-large": "large",
    }
    keys = [k for k in short if _runs(results, k)]
    if not keys:
        return []
    out = [
        "",
        f"{'Stages of our builds (median s)':<40}" + "".join(f"{short[k]:>10}" for k in keys),
    ]
    for stage in _runs(results, keys[0])[0]["stages"]:
        if stage.startswith("_"):
            continue
        out.append(
            f"  {stage:<38}" + "".join(fmt(_stage(results, k, stage), "", 10, 2) for k in keys)
        )
    rows = {
        "  pages run (the rest from the cache)": lambda r: r["stages"]["_pages_run"],
        "  pages reused from the cache": lambda r: r["stages"]["_pages_reused"],
        "  PDF pages": lambda r: r.get("pdf_pages"),
    }
    for name, get in rows.items():
        out.append(
            f"{name:<40}"
            + "".join(fmt(med([get(r) for r in _runs(results, k)]), "", 10, 0) for k in keys)
        )
    out.append(
        f"{'  PDF written (w) or reused (r)':<40}"
        + "".join(f"{(_runs(results, k)[-1]['stages']['_pdf'] or '–')[:1]:>10}" for k in keys)
    )
    return out


def notebooks_table(results: dict, route: str) -> list[str]:
    runs = _runs(results, route)
    if not runs or not runs[0]["stages"]["_notebooks"]:
        return []
    out = [f"  {route_labels(results)[route]}: notebooks as reported (worker process incl. kernel)"]
    for i, nb in enumerate(runs[0]["stages"]["_notebooks"]):
        same = [r["stages"]["_notebooks"][i] for r in runs if len(r["stages"]["_notebooks"]) > i]
        took = med([n["reported"] for n in same])
        out.append(
            f"    {nb['status']:<5} {nb['name'][:46]:<46}{fmt(took, '', 7, 1)}"
            f"  (finished at {med([n['at'] for n in same]):.1f} s)"
        )
    return out


def comparisons(results: dict) -> list[str]:
    out = []
    cold, plain, floor, warm = (_wall(results, k) for k in ("cold", "plain", "floor", "warm"))
    if cold and plain:
        out.append(
            f"  speed-up of ours, cold over plain: {plain / cold:.2f}x "
            f"({plain:.1f} s -> {cold:.1f} s)"
        )
    if cold and warm:
        out.append(f"  ours, warm / ours, cold: {warm / cold:.2f}")
    pdf = _stage(results, "cold", "PDF + manifest (to 'Published')")
    if cold and floor and pdf is not None:
        target = floor + pdf
        out.append(
            f"  ours, cold against floor + its own PDF stage: {cold:.1f} s vs "
            f"{floor:.1f} + {pdf:.1f} = {target:.1f} s "
            f"({cold / target:.2f}x; {cold - target:+.1f} s above it)"
        )
    for run in _runs(results, "warm"):
        ran = run["stages"]["_pages_run"]
        if ran and not run.get("code_changed"):
            out.append(
                f"  NOTE: ours, warm ran {ran} page(s) again though nothing changed (nor the "
                "code): the cold build before it (with its options) left no cache it could use"
            )
            break
    nbs = _stage(results, "cold", NB_STAGE)
    if floor and nbs is not None:
        out.append(
            f"  ours, cold notebooks stage against floor: {nbs:.1f} s vs {floor:.1f} s "
            f"({nbs / floor:.2f}x, {nbs - floor:+.1f} s: the cells themselves, "
            "papermill/nbclient, worker processes, notebook I/O)"
        )
    return ["", "Comparisons (medians)", *out] if out else []


def growth(results: dict) -> dict | None:
    """How the large plan's cost compares with the half plan's, overall and by stage."""
    large, half = _wall(results, "scale-large"), _wall(results, "scale-half")
    if not large or not half:
        return None
    sizes = SCALE_SIZES["large"][0] / SCALE_SIZES["half"][0]
    stages = {}
    for stage in ("validate + plan (to 'Running')", NB_STAGE, PDF_STAGE):
        a, b = _stage(results, "scale-large", stage), _stage(results, "scale-half", stage)
        stages[stage.strip()] = a / b if a and b else None
    pages = [
        med([r.get("pdf_pages") for r in _runs(results, k)]) for k in ("scale-large", "scale-half")
    ]
    return {
        "size_ratio": sizes,
        "wall_ratio": large / half,
        "stage_ratios": stages,
        "pdf_pages_ratio": pages[0] / pages[1] if all(pages) else None,
        "linear_or_better": large / half <= sizes,
    }


def scale_table(results: dict) -> list[str]:
    plans = results.get("scale_plans") or {}
    if not plans:
        return []
    out = ["", "Scale: generated plans (benchmarks/large_plan.py), built cold (medians)"]
    for key, info in plans.items():
        wall, pdf = _wall(results, key), _stage(results, key, PDF_STAGE)
        pages = med([r.get("pdf_pages") for r in _runs(results, key)])
        rate = pages / pdf if pages and pdf else None
        out.append(
            f"  {key[6:]:<6} {info['measures']} measures, {info['actions']} actions, "
            f"{info['areas']} areas: generated in {info.get('generate_seconds', 0):.1f} s, "
            f"`wsoa validate` {info.get('validate_seconds', 0):.1f} s; "
            f"build {fmt(wall, ' s', 0)}, PDF {fmt(pages, ' pages', 0, 0)} "
            f"in {fmt(pdf, ' s', 0)} ({fmt(rate, ' pages/s', 0)})"
        )
    g = growth(results)
    if g:
        stages = ", ".join(f"{k} {fmt(v, 'x', 0, 2)}" for k, v in g["stage_ratios"].items())
        out.append(
            f"  growth, large / half ({g['size_ratio']:.0f}x the measures, actions and areas): "
            f"build {g['wall_ratio']:.2f}x; {stages}; "
            f"PDF pages {fmt(g['pdf_pages_ratio'], 'x', 0, 2)}"
        )
        out.append(
            "  cost grows "
            + ("no worse than linearly" if g["linear_or_better"] else "FASTER than linearly")
            + f" (build ratio {g['wall_ratio']:.2f} against size ratio {g['size_ratio']:.0f})"
        )
    return out


def _verdict(key: str, value: float | None) -> str:
    op, limit, _ = TARGETS[key]
    if value is None:
        return "not measured"
    ok = {">=": value >= limit, "<=": value <= limit, "<": value < limit}[op]
    return "met" if ok else "NOT MET"


def target_rows(results: dict) -> list[tuple[str, str, float | None]]:
    """(figure, key in TARGETS, value) for every figure that has a target."""
    cold, plain, floor = (_wall(results, k) for k in ("cold", "plain", "floor"))
    nbs = _stage(results, "cold", NB_STAGE)
    pages = med([r.get("pdf_pages") for r in _runs(results, "cold")])
    com = _runs(results, "commentary")
    run = med([r["stages"]["_pages_run"] for r in com])
    total = med([r["stages"]["_pages_run"] + r["stages"]["_pages_reused"] for r in com])
    large = _runs(results, "scale-large")
    lpages = med([r.get("pdf_pages") for r in large])
    lpdf = _stage(results, "scale-large", PDF_STAGE)
    rate = f"{lpages / lpdf:.0f} PDF pages/s" if lpages and lpdf else "– PDF pages/s"
    return [
        ("speed-up, plain / ours cold", "speed-up", plain / cold if plain and cold else None),
        ("notebooks stage / floor", "notebooks / floor", nbs / floor if nbs and floor else None),
        (
            f"PDF stage, example ({fmt(pages, '', 0, 0)} pages)",
            "PDF stage",
            _stage(results, "cold", PDF_STAGE),
        ),
        ("warm rebuild, nothing changed", "warm rebuild", _wall(results, "warm")),
        (
            f"changed commentary ({fmt(run, '', 0, 0)} of {fmt(total, '', 0, 0)} pages rebuilt)",
            "changed commentary",
            _wall(results, "commentary"),
        ),
        (
            f"large plan, cold ({fmt(lpages, '', 0, 0)} pages, {rate})",
            "large plan, cold",
            _wall(results, "scale-large"),
        ),
        ("peak memory, example (ours cold)", "peak memory", _memory(results, "cold")),
        ("peak memory, large plan", "peak memory", _memory(results, "scale-large")),
    ]


def targets_table(results: dict) -> list[str]:
    out = [
        "",
        f"{'Targets (medians; memory: highest peak PSS)':<52}{'figure':>10}"
        f"   {'target':<11} verdict",
    ]
    for name, key, value in target_rows(results):
        op, limit, unit = TARGETS[key]
        shown = fmt(value, unit, 8 - len(unit) + 2, 0 if unit == " MB" else 2)
        target = f"{op} {limit:g}{unit}"
        out.append(f"  {name:<50}{shown:>10}   {target:<11} {_verdict(key, value)}")
    g = growth(results)
    if g:
        verdict = "met" if g["linear_or_better"] else "NOT MET"
        out.append(
            f"  {'growth, large / half build time':<50}{g['wall_ratio']:>9.2f}x   "
            f"{'<= ' + format(g['size_ratio'], 'g') + 'x':<11} {verdict}"
        )
    return out


def measures_table(results: dict) -> list[str]:
    meas = results.get("measures")
    if not meas or not meas.get("calls"):
        return []
    out = [
        "",
        f"Measures at scale: {meas['rows']:,} synthetic requests 2014-2023 "
        f"({meas['plans_issued']:,} plans issued), generated in "
        f"{meas['generate_seconds']:.2f} s (not counted); "
        f"median of {results['measure_runs']} runs",
    ]
    for name, r in meas["calls"].items():
        out.append(
            f"  {name:<40}{r['median'] * 1000:9.0f} ms   (min {r['min'] * 1000:.0f}, "
            f"max {r['max'] * 1000:.0f}; {r['rows_out']} periods)"
        )
    return out


def table(results: dict) -> str:
    out = header(results) + routes_table(results) + plain_table(results)
    out += stages_table(results)
    for route in ("cold", "scale-large"):
        out += notebooks_table(results, route)
    floor = _runs(results, "floor")
    if floor:
        ks = [k for r in floor for k in r["kernels"]]
        out += [
            "",
            f"floor, per kernel (median s): start {med([k['start'] for k in ks]):.2f}, "
            f"import pandas+pyplot {med([k['import'] for k in ks]):.2f}, "
            f"shutdown {med([k['shutdown'] for k in ks]):.2f}; "
            f"batches of {results['machine']['cores_logical']}",
        ]
    out += comparisons(results) + scale_table(results) + measures_table(results)
    out += long_text_table(results)
    out += targets_table(results)
    changed = sorted(
        {k for k, r in results["routes"].items() for x in r["runs"] if x.get("code_changed")}
    )
    if changed:
        out += [
            "",
            "WARNING: the workbook's code changed while these were built (someone editing the "
            f"tree?): {', '.join(changed)}. A rebuild cannot reuse a cache made with other "
            "code, so their cache-dependent figures (pages rebuilt, warm and commentary times) "
            "are not what an unchanged tree would give.",
        ]
    if results["failures"]:
        out += ["", "FAILED:"]
        out += [f"  {f}" for f in results["failures"]]
    return "\n".join(out)


# --- main --------------------------------------------------------------------------------------

ROUTES = ("floor", "plain", "cold", "warm", "commentary", "scale", "measures", "longtext")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--date",
        type=dt.date.fromisoformat,
        default=dt.date(2023, 6, 30),
        help="reporting date (default 2023-06-30)",
    )
    parser.add_argument("--repeats", type=int, default=3, help="repeats of each route (3)")
    parser.add_argument(
        "--quick", action="store_true", help="one repeat, and the large plan at one size"
    )
    parser.add_argument(
        "--no-scale", action="store_true", help="skip the generated large plans (scale route)"
    )
    parser.add_argument(
        "--plain-repeats",
        type=int,
        help="repeats of the plain route (default: --repeats, at most 2; plain is the slowest "
        "route and the least noisy relative to the gap)",
    )
    parser.add_argument(
        "--json",
        type=Path,
        default=REPO / "rendered" / ".bench" / "results.json",
        help="where the raw figures go (default rendered/.bench/results.json)",
    )
    parser.add_argument(
        "--only", default=",".join(ROUTES), help="comma-separated routes to run (default all)"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the built packs and generated plans"
    )
    parser.add_argument("--_floor", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.only_set = {s.strip() for s in args.only.split(",") if s.strip()}
    unknown = args.only_set - set(ROUTES)
    if unknown:
        parser.error(f"unknown route(s): {', '.join(sorted(unknown))}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args._floor is not None:
        return floor_child(args._floor)

    repeats = 1 if args.quick else max(1, args.repeats)
    plain_repeats = min(repeats, 2) if args.plain_repeats is None else max(0, args.plain_repeats)
    measure_runs = 3 if args.quick else 7
    only = args.only_set
    if "warm" in only:
        only.add("cold")  # warm is the second build into the cold build's --out
    os.chdir(REPO)
    results = {
        "date": args.date.isoformat(),
        "repeats": repeats,
        "plain_repeats": plain_repeats,
        "measure_runs": measure_runs,
        "started": dt.datetime.now().isoformat(timespec="seconds"),
        "targets": {
            k: {"op": op, "limit": lim, "unit": u.strip()} for k, (op, lim, u) in TARGETS.items()
        },
        "failures": [],
        "routes": {},
        "pages": [],
    }
    try:
        results["machine"] = machine()
        pages = plan(args.date)
    except Exception as err:
        print(f"bench: cannot start: {type(err).__name__}: {err}", file=sys.stderr)
        traceback.print_exc()
        return 1
    results["pages"] = [{**p, "notebook": str(p["notebook"])} for p in pages]
    helptext = subprocess.run(
        [str(BIN / "wsoa"), "pack", "--help"], capture_output=True, text=True, cwd=REPO
    ).stdout
    cold_opts = ["--no-cache"] if "--no-cache" in helptext else []
    results["ours_options"] = cold_opts

    # everything built or generated goes to a temp folder: data/ and params/ are never touched
    scratch = Path(tempfile.mkdtemp(prefix="wsoa-bench-"))
    commentary = CommentaryRoute(args.date, scratch / "commentary")
    sizes = [] if args.no_scale or "scale" not in only else list(SCALE_SIZES)
    scales = {
        f"scale-{n}": ScaleRoute(n, SCALE_SIZES[n], scratch / "scale", cold_opts, args.keep)
        for n in (sizes[:1] if args.quick else sizes)
    }
    only |= set(scales)
    failed: set[str] = set()

    def attempt(route: str, fn):
        if route in failed or route not in only:
            return None
        entry = results["routes"].setdefault(route, {"runs": []})
        total = plain_repeats if route == "plain" else repeats
        progress(f"repeat {len(entry['runs']) + 1}/{total}: {route}")
        try:
            r = fn()
        except RouteFailed as err:
            message = str(err)
        except Exception as err:  # a bug here or in the project: report it, keep going
            message = f"{route}: {type(err).__name__}: {err}\n{traceback.format_exc(limit=3)}"
        else:
            entry["runs"].append(r)
            progress(f"{route}: {r['wall']:.1f} s, peak {r['peak_mb']:.0f} MB")
            return r
        failed.add(route)
        entry["error"] = message
        lines = [x for x in message.splitlines() if x.strip()]
        summary = lines[0] + (f" -- {lines[-1].strip()}" if len(lines) > 1 else "")
        results["failures"].append(summary)
        print(f"bench: {message}", file=sys.stderr)
        return None

    started = time.perf_counter()
    try:
        for i in range(repeats):
            # Floor first: it also warms the OS cache for the imports every route needs.
            attempt("floor", lambda: run_floor(len(pages)))
            if i < plain_repeats:
                attempt("plain", lambda i=i: run_plain(pages, args.date, scratch / f"plain-{i}"))
            out = scratch / f"ours-{i}"
            ok = attempt("cold", lambda out=out: run_ours(args.date, out, cold_opts, "ours, cold"))
            if ok is not None:
                attempt("warm", lambda out=out: run_ours(args.date, out, [], "ours, warm"))
            attempt("commentary", commentary)
            for key, route in scales.items():
                attempt(key, route)
        results["commentary_first_build"] = commentary.first
        results["scale_plans"] = {key: route.info for key, route in scales.items()}
        if "measures" in only:
            progress("measures at scale")
            try:
                results["measures"] = run_measures(measure_runs)
            except Exception as err:
                message = f"measures: {type(err).__name__}: {err}"
                results["failures"].append(message)
                print(f"bench: {message}\n{traceback.format_exc()}", file=sys.stderr)
        if "longtext" in only:
            progress("PDF of a page with a long action description")
            try:
                results["long_text"] = run_long_text()
            except Exception as err:
                message = f"longtext: {type(err).__name__}: {err}"
                results["failures"].append(message)
                print(f"bench: {message}\n{traceback.format_exc()}", file=sys.stderr)
    finally:
        if args.keep:
            progress(f"kept the built packs and generated plans in {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    results["bench_seconds"] = time.perf_counter() - started
    results["load_average_at_end"] = os.getloadavg()

    text = table(results)
    print(text)
    load = results["load_average_at_end"][0]
    print(f"\n(whole benchmark: {results['bench_seconds']:.0f} s; load average at end {load:.2f})")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"raw figures: {args.json}")
    return 1 if results["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
