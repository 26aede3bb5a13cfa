"""Benchmark of building one cycle's pack, several ways, in one run on this machine.

Routes (see benchmarks/README.md for what each figure means and how to read it):

  plain        what a user would otherwise script: per notebook, the papermill CLI, then
               ``jupyter nbconvert --to html --no-input``, then a fresh Python process that
               renders that notebook's body to a PDF with the project's PDF route
  ours, cold   ``wsoa pack --date D --out <fresh dir>`` (``--no-cache`` too when the command
               has it)
  ours, warm   the same command again into the same --out, nothing changed
  floor        start as many Jupyter kernels as there are notebooks, each importing pandas and
               matplotlib.pyplot, concurrently in batches of os.cpu_count()
  measures     the record-level EHC measures on 1,000,000 synthetic requests

Run:  .venv/bin/python benchmarks/bench.py [--date 2023-06-30] [--repeats 3 | --quick]

The table goes to stdout, progress to stderr, and every raw figure to
rendered/.bench/results.json (or --json PATH). Exits non-zero if any route failed.
"""

from __future__ import annotations

import argparse
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

REPO = Path(__file__).resolve().parent.parent
VENV_BIN = REPO / ".venv" / "bin"
BIN = VENV_BIN if (VENV_BIN / "python").exists() else Path(sys.executable).parent
PY = str(BIN / "python")
POLL_SECONDS = 0.05
MEASURE_ROWS = 1_000_000
FLOOR_CODE = 'import pandas, matplotlib; matplotlib.use("Agg"); import matplotlib.pyplot'
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
    """Polls the RSS of a process and all its descendants every POLL_SECONDS; keeps the peak
    of the sum. RSS counts shared pages once per process, so the sum is an upper bound."""

    def __init__(self, pid: int):
        import psutil

        self._psutil = psutil
        self._stop = threading.Event()
        self.peak = 0
        try:
            self._root = psutil.Process(pid)
        except psutil.NoSuchProcess:
            self._root = None
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _sample(self) -> int:
        ps = self._psutil
        total = 0
        try:
            procs = [self._root, *self._root.children(recursive=True)]
        except ps.Error:
            return 0
        for p in procs:
            try:
                total += p.memory_info().rss
            except ps.Error:
                pass
        return total

    def _run(self) -> None:
        if self._root is None:
            return
        while not self._stop.is_set():
            self.peak = max(self.peak, self._sample())
            self._stop.wait(POLL_SECONDS)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak / 2**20


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
        if rc != 0:
            err.seek(0)
            tail = "\n".join(err.read().strip().splitlines()[-15:])
            out_tail = "\n".join(text for _, text in lines[-10:])
            raise RouteFailed(
                f"{what} failed (exit {rc}): {' '.join(map(str, cmd))}\n"
                f"--- stdout (end) ---\n{out_tail}\n--- stderr (end) ---\n{tail}"
            )
    return {"wall": wall, "peak_mb": peak_mb, "lines": lines}


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
    per_page, walls, peaks = [], [], []
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
        walls.append(sum(steps.values()))
        per_page.append({"slug": page["slug"], "name": f"{nb_in.name} ({page['title']})", **steps})
    for page in pages:
        for suffix in (".html", ".pdf"):
            if not (work / f"{page['slug']}{suffix}").is_file():
                raise RouteFailed(f"plain: {page['slug']}{suffix} was not written")
    return {"wall": time.perf_counter() - start, "peak_mb": max(peaks), "pages": per_page}


def ours_stages(lines: list[tuple[float, str]], wall: float) -> dict:
    """Stage times from the lines `wsoa pack` printed and when each arrived."""
    marks, notebooks = {}, []
    for t, text in lines:
        text = _TIMESTAMP.sub("", text)
        s = text.strip()
        for key, prefix in (
            ("validating", "Validating"),
            ("running", "Running"),
            ("pdf", "Writing the PDF"),
            ("published", "Published"),
        ):
            if s.startswith(prefix) and key not in marks:
                marks[key] = t
        m = _NOTEBOOK_LINE.match(text)
        if m:
            notebooks.append(
                {"status": m.group(1), "name": m.group(2), "reported": float(m.group(3)), "at": t}
            )
    last_nb = max((n["at"] for n in notebooks), default=None)

    def span(a, b):
        return None if a is None or b is None else b - a

    return {
        "start-up (to 'Validating')": marks.get("validating"),
        "validate + plan (to 'Running')": span(marks.get("validating"), marks.get("running")),
        "notebooks (to last 'done')": span(marks.get("running"), last_nb),
        "HTML pages (to 'Writing the PDF')": span(last_nb, marks.get("pdf")),
        "PDF + manifest (to 'Published')": span(marks.get("pdf"), marks.get("published")),
        "exit (after 'Published')": span(marks.get("published"), wall),
        "_notebooks": notebooks,
    }


def run_ours(date: dt.date, out: Path, extra: list[str], label: str) -> dict:
    cmd = [str(BIN / "wsoa"), "pack", "--date", date.isoformat(), "--out", str(out), *extra]
    done = run_command(cmd, what=label)
    if not (out / date.isoformat()).is_dir():
        raise RouteFailed(f"{label}: {out / date.isoformat()} was not published")
    return {
        "wall": done["wall"],
        "peak_mb": done["peak_mb"],
        "stages": ours_stages(done["lines"], done["wall"]),
        "log": [f"{t:7.2f} s  {text}" for t, text in done["lines"]],
    }


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


def table(results: dict) -> str:
    out = []
    m = results["machine"]
    v = m["versions"]
    out.append(
        f"wsoa pack benchmark: reporting date {results['date']}, "
        f"{results['repeats']} repeat(s) (plain: {results['plain_repeats']}), "
        f"started {results['started']}"
    )
    out.append(
        f"Machine: {m['cores_logical']} logical / {m['cores_physical']} physical cores, "
        f"{m['memory_gb']:.1f} GB RAM, {m['cpu']}, {m['os']}, "
        f"load average at start {m['load_average_at_start'][0]:.2f}"
    )
    out.append(
        "Python "
        + v["python"]
        + "; "
        + ", ".join(f"{k} {val}" for k, val in v.items() if k != "python")
    )
    out.append(
        f"Pages: {len(results['pages'])} notebooks "
        f"({', '.join(p['slug'] for p in results['pages'])}); "
        f"`wsoa pack` options: {' '.join(results['ours_options']) or '(none)'}"
    )
    out.append("")
    routes = results["routes"]
    head = f"{'Route':<44}{'median':>9}{'min':>9}{'max':>9}{'peak MB':>10}  runs"
    out += [head, "-" * len(head)]
    labels = {
        "plain": "plain (papermill + nbconvert + PDF CLIs)",
        "cold": "ours, cold (wsoa pack, fresh --out)",
        "warm": "ours, warm (same --out, nothing changed)",
        "floor": f"floor ({len(results['pages'])} kernels + pandas/pyplot)",
    }
    for key, label in labels.items():
        r = routes.get(key)
        if r is None:
            continue
        s = summarise([x["wall"] for x in r["runs"]])
        peak = max((x["peak_mb"] for x in r["runs"]), default=None)
        if s is None:
            out.append(f"{label:<44}{'FAILED' if r.get('error') else 'not run':>9}")
            continue
        note = "  FAILED in a later repeat" if r.get("error") else ""
        out.append(
            f"{label:<44}{fmt(s['median'], ' s', 7)}{fmt(s['min'], ' s', 7)}"
            f"{fmt(s['max'], ' s', 7)}{fmt(peak, '', 10, 0)}  {s['n']}{note}"
        )

    plain = routes.get("plain", {}).get("runs", [])
    if plain:
        out += ["", "plain, per notebook (median s)      papermill  nbconvert      PDF    total"]
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

    for key in ("cold", "warm"):
        runs = routes.get(key, {}).get("runs", [])
        if not runs:
            continue
        out += ["", f"ours, {key}: stages from the log lines (median s)"]
        for stage in runs[0]["stages"]:
            if stage.startswith("_"):
                continue
            out.append(f"  {stage:<40}{fmt(med([r['stages'][stage] for r in runs]), '', 8, 2)}")
        nbs = runs[0]["stages"]["_notebooks"]
        if nbs:
            out.append("  notebooks as reported by `wsoa pack` (worker process incl. kernel):")
            for i, nb in enumerate(nbs):
                vals = [
                    r["stages"]["_notebooks"][i]["reported"]
                    for r in runs
                    if len(r["stages"]["_notebooks"]) > i
                ]
                ats = [
                    r["stages"]["_notebooks"][i]["at"]
                    for r in runs
                    if len(r["stages"]["_notebooks"]) > i
                ]
                out.append(
                    f"    {nb['status']:<5} {nb['name'][:46]:<46}{fmt(med(vals), '', 7, 1)}"
                    f"  (finished at {med(ats):.1f} s)"
                )

    floor = routes.get("floor", {}).get("runs", [])
    if floor:
        ks = [k for r in floor for k in r["kernels"]]
        out += [
            "",
            f"floor, per kernel (median s): start {med([k['start'] for k in ks]):.2f}, "
            f"import pandas+pyplot {med([k['import'] for k in ks]):.2f}, "
            f"shutdown {med([k['shutdown'] for k in ks]):.2f}; "
            f"batches of {results['machine']['cores_logical']}",
        ]

    comparisons = ["", "Comparisons (medians)"]
    cold = summarise([x["wall"] for x in routes.get("cold", {}).get("runs", [])])
    plain_s = summarise([x["wall"] for x in plain])
    floor_s = summarise([x["wall"] for x in floor])
    warm = summarise([x["wall"] for x in routes.get("warm", {}).get("runs", [])])
    if cold and plain_s:
        speedup = plain_s["median"] / cold["median"]
        comparisons.append(
            f"  speed-up of ours, cold over plain: {speedup:.2f}x "
            f"({plain_s['median']:.1f} s -> {cold['median']:.1f} s)"
        )
    if cold and warm:
        comparisons.append(f"  ours, warm / ours, cold: {warm['median'] / cold['median']:.2f}")
    if cold and floor_s:
        pdf = med([r["stages"]["PDF + manifest (to 'Published')"] for r in routes["cold"]["runs"]])
        if pdf is not None:
            target = floor_s["median"] + pdf
            comparisons.append(
                f"  ours, cold against floor + its own PDF stage: {cold['median']:.1f} s vs "
                f"{floor_s['median']:.1f} + {pdf:.1f} = {target:.1f} s "
                f"({cold['median'] / target:.2f}x; {cold['median'] - target:+.1f} s "
                "above it)"
            )

    if cold and floor_s:
        nbs = med([r["stages"]["notebooks (to last 'done')"] for r in routes["cold"]["runs"]])
        if nbs is not None:
            comparisons.append(
                f"  ours, cold notebooks stage against floor: {nbs:.1f} s vs "
                f"{floor_s['median']:.1f} s ({nbs - floor_s['median']:+.1f} s: the cells "
                "themselves, papermill/nbclient, worker processes, notebook I/O)"
            )

    if len(comparisons) > 2:
        out += comparisons

    meas = results.get("measures")
    if meas and meas.get("calls"):
        out += [
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
    if results["failures"]:
        out += ["", "FAILED:"]
        out += [f"  {f}" for f in results["failures"]]
    return "\n".join(out)


# --- main --------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--date",
        type=dt.date.fromisoformat,
        default=dt.date(2023, 6, 30),
        help="reporting date (default 2023-06-30)",
    )
    parser.add_argument("--repeats", type=int, default=3, help="repeats of each route (3)")
    parser.add_argument("--quick", action="store_true", help="one repeat")
    parser.add_argument(
        "--plain-repeats",
        type=int,
        help="repeats of the plain route (default: --repeats, at most 2, to keep the default "
        "run near 6 minutes; plain is the slowest route and the least noisy relative to the gap)",
    )
    parser.add_argument(
        "--json",
        type=Path,
        default=REPO / "rendered" / ".bench" / "results.json",
        help="where the raw figures go (default rendered/.bench/results.json)",
    )
    parser.add_argument(
        "--only",
        default="floor,plain,cold,warm,measures",
        help="comma-separated routes to run (default all)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the built packs")
    parser.add_argument("--_floor", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args._floor is not None:
        return floor_child(args._floor)

    repeats = 1 if args.quick else max(1, args.repeats)
    plain_repeats = min(repeats, 2) if args.plain_repeats is None else max(0, args.plain_repeats)
    measure_runs = 3 if args.quick else 7
    only = {s.strip() for s in args.only.split(",") if s.strip()}
    unknown = only - {"floor", "plain", "cold", "warm", "measures"}
    if unknown:
        parser.error(f"unknown route(s): {', '.join(sorted(unknown))}")
    if "warm" in only:
        only.add("cold")  # warm is the second build into the cold build's --out
    os.chdir(REPO)
    results = {
        "date": args.date.isoformat(),
        "repeats": repeats,
        "plain_repeats": plain_repeats,
        "measure_runs": measure_runs,
        "started": dt.datetime.now().isoformat(timespec="seconds"),
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

    scratch = REPO / "rendered" / ".bench" / f"work-{os.getpid()}"
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
        if "measures" in only:
            progress("measures at scale")
            try:
                results["measures"] = run_measures(measure_runs)
            except Exception as err:
                message = f"measures: {type(err).__name__}: {err}"
                results["failures"].append(message)
                print(f"bench: {message}\n{traceback.format_exc()}", file=sys.stderr)
    finally:
        if not args.keep:
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
