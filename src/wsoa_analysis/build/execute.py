"""Running the pack's notebooks: parameters checked first, each notebook in a worker process
of its own with time limits, several at once, and every failure reported by notebook, cell and
cause.

Each notebook runs in a child process that starts its own kernel (papermill, over local IPC
sockets, so kernels side by side never compete for ports). When a notebook overruns its time
limit, the child and every process under it, kernel included, are killed, so nothing is left
running.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing as mp
import os
import re
import shutil
import signal
import tempfile
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from wsoa_analysis.errors import BuildError, ParameterError

_SAFE_TEXT = re.compile(r"^[\w .,:/\\()\-+&'’]*$")


@dataclass(frozen=True)
class Job:
    """One notebook to run: where it is, where the executed copy goes, its parameters."""

    name: str  # what messages call it, e.g. "priority_area.ipynb (Priority 3: ...)"
    notebook: Path
    output: Path
    parameters: dict
    cwd: Path
    env: dict = field(default_factory=dict)  # set in the kernel's environment


@dataclass(frozen=True)
class Limits:
    cell_timeout: int = 300  # seconds one cell may run
    notebook_timeout: int = 900  # seconds one notebook may run, kernel start included
    workers: int = 0  # notebooks at once; 0: one per core
    kernel_name: str = "python3"


@dataclass(frozen=True)
class Failure:
    """Why a run failed: in words, and where known the cell (counted from 1) and the error."""

    text: str
    cell: int | None = None
    error_name: str = ""
    error_value: str = ""


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
        if not _SAFE_TEXT.match(value) or len(value) > 500:
            raise ParameterError(
                f"parameter {name!r} = {value!r} has characters a parameter may not contain"
            )
        clean[name] = value
    return clean


# --- running one notebook in a child process ----------------------------------------------


def _ipc_kernel_manager(folder: str):
    """A kernel manager on IPC sockets in ``folder``.

    jupyter_client names IPC sockets ``<ip>-<n>`` and takes the first free ``n``; two kernels
    started at once with the same prefix would race for the same sockets, so each kernel gets
    a folder of its own."""
    from jupyter_client.manager import AsyncKernelManager

    class IPCKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.transport = "ipc"
            self.ip = os.path.join(folder, "kernel")

    return IPCKernelManager


def _describe(err: BaseException) -> Failure:
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    if isinstance(err, PapermillExecutionError):
        return Failure(
            f"failed in cell {err.exec_count}: {err.ename}: {err.evalue}",
            err.exec_count,
            err.ename,
            err.evalue,
        )
    if isinstance(err, CellTimeoutError):
        return Failure(
            f"a cell ran longer than the cell time limit ({str(err).splitlines()[0]})",
            error_name=type(err).__name__,
        )
    if isinstance(err, DeadKernelError):
        return Failure(
            "its kernel died while it ran (out of memory, or the process was killed)",
            error_name=type(err).__name__,
        )
    return Failure(f"failed: {type(err).__name__}: {err}", None, type(err).__name__, str(err))


def _child(job: Job, limits: Limits, conn, sockets: str) -> None:
    """Runs in the worker process: execute, then report back through the pipe."""
    os.setpgrp()  # a group of our own, so a timeout can kill the kernel with us
    os.environ.update(job.env)  # the kernel inherits it
    try:
        import papermill

        papermill.execute_notebook(
            str(job.notebook),
            str(job.output),
            parameters=job.parameters,
            kernel_name=limits.kernel_name,
            cwd=str(job.cwd),
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,
            execution_timeout=limits.cell_timeout,
            kernel_manager_class=_ipc_kernel_manager(sockets),
            shutdown_kernel="immediate",
        )
        conn.send(("ok", None))
    except BaseException as err:  # report every kind of failure to the parent
        try:
            conn.send(("error", _describe(err)))
        except Exception:
            conn.send(("error", Failure("failed: " + traceback.format_exc(limit=1))))
    finally:
        conn.close()


def _kill_tree(pid: int) -> None:
    """Kill the worker and everything it started. The kernel runs in a session of its own
    (jupyter_client starts it so), so killing the worker's process group is not enough."""
    import psutil

    try:
        root = psutil.Process(pid)
        procs = root.children(recursive=True) + [root]
    except psutil.NoSuchProcess:
        procs = []
    for proc in procs:
        try:
            proc.kill()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    psutil.wait_procs(procs, timeout=5)
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _check_executed(job: Job) -> tuple[Failure | None, nbformat.NotebookNode | None]:
    """A run papermill called good is checked again: no error output, no cell left unrun."""
    if not job.output.exists():
        return Failure("wrote no executed notebook"), None
    nb = nbformat.read(job.output, as_version=4)
    for i, cell in enumerate(nb.cells, start=1):
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if out.get("output_type") == "error":
                name, value = out.get("ename", ""), out.get("evalue", "")
                return Failure(f"stopped in cell {i}: {name}: {value}", i, name, value), nb
    for i, cell in enumerate(nb.cells, start=1):
        if cell.cell_type == "code" and cell.source.strip() and cell.execution_count is None:
            return Failure(f"stopped early: cell {i} did not run", i), nb
    return None, nb


_CONTEXT = None


def _context():
    """Workers come from a fork server: cheap to start (papermill is imported once, in the
    server) and safe to use from several threads, unlike a plain fork."""
    global _CONTEXT
    if _CONTEXT is None:
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(
            ["papermill", "nbclient", "jupyter_client", "wsoa_analysis.build.execute"]
        )
        _CONTEXT = ctx
    return _CONTEXT


def run_one(job: Job, limits: Limits) -> Outcome:
    """Run one notebook in a child process within the notebook time limit."""
    start = time.monotonic()
    job.output.parent.mkdir(parents=True, exist_ok=True)
    if job.output.exists():
        job.output.unlink()
    ctx = _context()
    parent, child = ctx.Pipe(duplex=False)
    sockets = tempfile.mkdtemp(prefix="wsoa-kernel-")
    proc = ctx.Process(target=_child, args=(job, limits, child, sockets), daemon=False)
    proc.start()
    child.close()
    status, failure = "error", None
    if parent.poll(limits.notebook_timeout):
        try:
            status, failure = parent.recv()
        except EOFError:
            failure = Failure("its worker process ended without a word (it was killed or crashed)")
    else:
        failure = Failure(
            f"did not finish within the notebook time limit of "
            f"{limits.notebook_timeout} s and was stopped",
            error_name="NotebookTimeout",
        )
    _kill_tree(proc.pid)  # the kernel too, whatever happened
    proc.join(10)
    parent.close()
    shutil.rmtree(sockets, ignore_errors=True)
    seconds = time.monotonic() - start
    if status != "ok":
        return Outcome(job, False, f"{job.name} {failure.text}", seconds, failure=failure)
    failure, nb = _check_executed(job)
    if failure is not None:
        return Outcome(job, False, f"{job.name} {failure.text}", seconds, nb, failure)
    return Outcome(job, True, "", seconds, nb)


def run_all(jobs: list[Job], limits: Limits, on_start=None, on_done=None) -> list[Outcome]:
    """Run every job, several at once; outcomes come back in the order of ``jobs``.
    ``on_start(job)`` and ``on_done(outcome)`` are called as each job starts and ends."""
    workers = limits.workers or max(1, os.cpu_count() or 1)
    workers = max(1, min(workers, len(jobs) or 1))

    def one(job):
        if on_start is not None:
            on_start(job)
        outcome = run_one(job, limits)
        if on_done is not None:
            on_done(outcome)
        return outcome

    if workers == 1:
        return [one(j) for j in jobs]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(one, jobs))


def raise_for_failures(outcomes: list[Outcome]) -> None:
    failed = [o for o in outcomes if not o.ok]
    if failed:
        raise BuildError("\n".join(o.message for o in failed))
