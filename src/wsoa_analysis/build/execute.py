"""Running the pack's notebooks: parameters checked first, each notebook in a worker process
of its own with time limits, several at once, and every failure reported by notebook, cell and
cause.

Each notebook runs in a worker process with a kernel of its own (``kernels``: workers, their
kernels started ahead, and how a worker is stopped with everything under it).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from wsoa_analysis.build.kernels import Failure, Kernel, KernelPool, Worker
from wsoa_analysis.errors import BuildError, ParameterError

if TYPE_CHECKING:
    import nbformat

__all__ = [
    "Failure",
    "Job",
    "KernelPool",
    "Limits",
    "Outcome",
    "check_parameters",
    "raise_for_failures",
    "run_all",
    "run_one",
]

_SILENT = "its worker process ended without a word (it was killed or crashed)"
# papermill writes a text parameter as a Python string with every quote, backslash and
# character beyond ASCII escaped, so any printable text is safe: an area's own ids (an en
# dash, an ampersand, Greek letters) and folder names (a ``#``) reach its notebooks as they
# are. A line break or other control character is refused (no id or path needs one).
_MAX_TEXT = 500


@dataclass(frozen=True)
class Job:
    """One notebook to run: where it is, where the executed copy goes, its parameters."""

    name: str  # what messages call it, e.g. "priority_area.ipynb (Priority 3: ...)"
    notebook: Path
    output: Path
    parameters: dict
    cwd: Path
    env: dict = field(default_factory=dict)  # set in the kernel's environment before it runs


@dataclass(frozen=True)
class Limits:
    cell_timeout: int = 300  # seconds one cell may run
    notebook_timeout: int = 900  # seconds from handing it over (a kernel still starting counts)
    workers: int = 0  # notebooks at once; 0: one per core
    kernel_name: str = "python3"


@dataclass
class Outcome:
    job: Job
    ok: bool
    message: str = ""
    seconds: float = 0.0
    notebook: nbformat.NotebookNode | None = field(default=None, repr=False)
    failure: Failure | None = None


# --- parameters ---------------------------------------------------------------------------


def notebook_parameters(path: Path) -> set[str]:
    """Names assigned in the notebook's ``parameters``-tagged cell (read as plain JSON: this
    runs on every build, and a full nbformat read with schema validation is slow)."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    for cell in nb.get("cells", []):
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else source
            return set(re.findall(r"^([A-Za-z_]\w*)\s*=", source, flags=re.M))
    return set()


def check_parameters(notebook: Path, parameters: dict) -> dict:
    """Names and types of the parameters, checked before papermill writes them into code.

    Every value must be a plain string, number or bool (a date is passed as ISO text), and
    every name must be one the notebook's ``parameters`` cell defines.
    """
    known = notebook_parameters(notebook)
    if not known:
        raise ParameterError(f"{notebook.name} has no cell tagged 'parameters'")
    clean = {}
    for name, value in parameters.items():
        if name not in known:
            raise ParameterError(
                f"{notebook.name} has no parameter {name!r} (it has: {', '.join(sorted(known))})"
            )
        if isinstance(value, dt.date):
            value = value.isoformat()
        if isinstance(value, Path):
            value = str(value)
        if isinstance(value, bool) or (
            isinstance(value, int | float) and not isinstance(value, bool)
        ):
            clean[name] = value
            continue
        if not isinstance(value, str):
            raise ParameterError(
                f"parameter {name!r} must be text, a number or yes/no, not {type(value).__name__}"
            )
        if not value.isprintable() or len(value) > _MAX_TEXT:
            raise ParameterError(
                f"parameter {name!r} = {value!r} has characters a parameter may not contain"
            )
        clean[name] = value
    return clean


# --- running one notebook in a worker process ----------------------------------------------


def _errored(cell) -> bool:
    """Whether a code cell raised (an error output, or papermill's record of an exception)
    or was still running when the run stopped (a time limit)."""
    run = cell.get("metadata", {}).get("papermill", {})
    return cell.cell_type == "code" and (
        any(out.get("output_type") == "error" for out in cell.get("outputs", []))
        or bool(run.get("exception"))
        or run.get("status") == "running"
    )


def _check_executed(job: Job) -> tuple[Failure | None, nbformat.NotebookNode | None]:
    """A run papermill called good is checked again: no error output, no cell left unrun.
    Cells are numbered as the analyst sees the notebook (``render.notebook_cells``)."""
    import nbformat

    from wsoa_analysis.render.notebook_cells import numbered_cells

    if not job.output.exists():
        return Failure("wrote no executed notebook"), None
    nb = nbformat.read(job.output, as_version=4)
    for i, cell in numbered_cells(nb):
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if out.get("output_type") == "error":
                name, value = out.get("ename", ""), out.get("evalue", "")
                return Failure(f"stopped in cell {i}: {name}: {value}", i, name, value), nb
    for i, cell in numbered_cells(nb):
        if cell.cell_type == "code" and cell.source.strip() and cell.execution_count is None:
            return Failure(f"stopped early: cell {i} did not run", i), nb
    return None, nb


def _for_the_analyst(job: Job, failure: Failure) -> Failure:
    """The failure with the cell numbered as the analyst sees the notebook, and the cell's
    first line and where the executed notebook is kept (to open and see the error in place)
    added. papermill and nbclient count cells their own ways (the execution count, or from 0
    in the copy they ran), so the cell is found again in the executed notebook."""
    if not job.output.exists():
        return failure
    import nbformat

    from wsoa_analysis.render.notebook_cells import cell_label, numbered_cells

    try:
        nb = nbformat.read(job.output, as_version=4)
    except Exception:  # half written when the worker was stopped: nothing to add
        return failure
    found = next(((n, c) for n, c in numbered_cells(nb) if _errored(c)), None)
    text, cell = failure.text, failure.cell
    if found is not None:
        cell = found[0]
        text = re.sub(r"^(failed|stopped) in cell \d+", rf"\1 in cell {cell}", text)
        text += f"; {cell_label(*found)}, counting every cell from the top, markdown too"
    text += f". The executed notebook is kept at {job.output}"
    return Failure(text, cell, failure.error_name, failure.error_value)


def kernel_for(job: Job, limits: Limits, preload: tuple[str, ...] = ()) -> Kernel:
    """The kernel a job runs in when no pool has one started for it."""
    return Kernel(job.cwd, dict(job.env), limits.kernel_name, preload)


def _wait(worker: Worker, job: Job, limits: Limits) -> tuple[str, Failure | None]:
    try:
        worker.conn.send((job, limits))
        if not worker.conn.poll(limits.notebook_timeout):
            return "error", Failure(
                f"did not finish within the notebook time limit of "
                f"{limits.notebook_timeout} s and was stopped",
                error_name="NotebookTimeout",
            )
        return worker.conn.recv()
    except (EOFError, OSError):
        return "error", Failure(_SILENT)


def run_one(job: Job, limits: Limits, worker: Worker | None = None) -> Outcome:
    """Run one notebook within the notebook time limit, in ``worker`` (its kernel perhaps
    started already) or in a worker started now; the worker is stopped afterwards."""
    start = time.monotonic()
    job.output.parent.mkdir(parents=True, exist_ok=True)
    if job.output.exists():
        job.output.unlink()
    worker = worker or Worker(kernel_for(job, limits))
    reported = False
    try:
        status, failure = _wait(worker, job, limits)
        reported = failure is None or failure.error_name != "NotebookTimeout"
    finally:
        # the kernel too, whatever happened: a worker that reported ends itself at once
        worker.stop(grace=5.0 if reported else 0.0)
    seconds = time.monotonic() - start
    if status != "ok":
        failure = _for_the_analyst(job, failure)
        return Outcome(job, False, f"{job.name} {failure.text}", seconds, failure=failure)
    failure, nb = _check_executed(job)
    if failure is not None:
        failure = _for_the_analyst(job, failure)
        return Outcome(job, False, f"{job.name} {failure.text}", seconds, nb, failure)
    return Outcome(job, True, "", seconds, nb)


def run_all(
    jobs: list[Job],
    limits: Limits,
    on_start=None,
    on_done=None,
    *,
    pool: KernelPool | None = None,
) -> list[Outcome]:
    """Run every job, several at once; outcomes come back in the order of ``jobs``.
    ``on_start(job)`` and ``on_done(outcome)`` are called as each job starts and ends.

    With a ``pool``, each job takes a worker it started ahead where the job's kernel is the
    pool's, and the pool keeps ``pool.ahead`` more warming while jobs are left to start."""
    workers = limits.workers or max(1, os.cpu_count() or 1)
    workers = max(1, min(workers, len(jobs) or 1))
    lock = threading.Lock()
    left = [len(jobs)]

    def one(job):
        with lock:
            left[0] -= 1
            still = left[0]
        worker = None
        if pool is not None:
            worker = pool.take(kernel_for(job, limits, pool.kernel.preload))
            pool.keep_warm(min(pool.ahead, still))
        if on_start is not None:
            on_start(job)
        outcome = run_one(job, limits, worker)
        if on_done is not None:
            on_done(outcome)
        return outcome

    if workers == 1:
        return [one(j) for j in jobs]
    with ThreadPoolExecutor(max_workers=workers) as pool_threads:
        return list(pool_threads.map(one, jobs))


def raise_for_failures(outcomes: list[Outcome]) -> None:
    failed = [o for o in outcomes if not o.ok]
    if failed:
        raise BuildError("\n".join(o.message for o in failed))
