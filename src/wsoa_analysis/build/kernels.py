"""The worker processes that run notebooks, each with a kernel of its own started ahead of its
notebook.

A worker starts its kernel as soon as it is started, and has the kernel import what the pack's
notebooks import first (``Kernel.preload``, silently: nothing is shown or counted), then waits
to be given one notebook. A build starts workers while it validates the inputs and computes the
figures, and keeps one warming ahead of the notebooks still to run, so a notebook seldom waits
for a kernel to start. Each worker runs one notebook and is then stopped with its kernel: no
state passes from one notebook to the next.

Kernels listen on local IPC sockets (kernels side by side never compete for ports). When a
notebook overruns its time limit, its worker and every process under it, kernel included, are
killed, so nothing is left running.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import shutil
import signal
import tempfile
import threading
import time
import traceback
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

# what nbclient gives an IPython kernel it starts itself: no history database on disk
_KERNEL_ARGUMENTS = ("--HistoryManager.hist_file=:memory:",)
_IDLE_GRACE = 1.0  # seconds unused workers are given to end themselves


@dataclass(frozen=True)
class Kernel:
    """How a worker's kernel is started: in which folder, with which environment, and which
    modules it imports before it is given a notebook."""

    cwd: Path
    env: dict = field(default_factory=dict)  # set before the kernel starts
    kernel_name: str = "python3"
    preload: tuple[str, ...] = ()

    def serves(self, wanted: Kernel) -> bool:
        """Whether a kernel started so can run a notebook that wants ``wanted``: the same
        folder, kernel and preload, and none of this one's variables set otherwise (the
        notebook's own variables are set in it when it is handed over)."""
        same = (self.cwd, self.kernel_name, self.preload)
        return same == (wanted.cwd, wanted.kernel_name, wanted.preload) and all(
            wanted.env.get(name) == value for name, value in self.env.items()
        )


@dataclass(frozen=True)
class Failure:
    """Why a run failed: in words, and where known the cell (counted from 1) and the error."""

    text: str
    cell: int | None = None
    error_name: str = ""
    error_value: str = ""


def describe(err: BaseException) -> Failure:
    """A failure of papermill, nbclient or the kernel, in the words a build reports."""
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


# --- in the worker process ------------------------------------------------------------------


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


async def _quietly(client, code: str) -> None:
    """Run ``code`` in the kernel unseen: no output kept, nothing counted in its history (a
    failure here is met again, and reported, where the notebook does the same)."""
    await client.execute_interactive(
        code, silent=True, store_history=False, allow_stdin=False, output_hook=lambda msg: None
    )


def _preload_code(modules: tuple[str, ...]) -> str:
    # imported without binding a name in the notebook's namespace
    return f"[__import__('importlib').import_module(m) for m in {list(modules)!r}]"


async def _start(kernel: Kernel, sockets: str):
    manager = _ipc_kernel_manager(sockets)(kernel_name=kernel.kernel_name)
    await manager.start_kernel(cwd=str(kernel.cwd), extra_arguments=list(_KERNEL_ARGUMENTS))
    client = manager.client()
    client.start_channels()
    await client.wait_for_ready(timeout=60)
    if kernel.preload:
        await _quietly(client, _preload_code(kernel.preload))
    return manager, client


async def _hand_over(client, env: dict) -> None:
    """Set the notebook's own environment in the kernel, then leave the kernel to papermill."""
    if env:
        await _quietly(client, f"__import__('os').environ.update({dict(env)!r})")
    client.stop_channels()


def _serve(kernel: Kernel, conn, sockets: str) -> None:
    """The worker: start the kernel, wait for a notebook, run it, report back."""
    os.setpgrp()  # a group of our own, so a timeout can kill the kernel with us
    os.environ.update(kernel.env)  # the kernel inherits it
    from jupyter_core.utils import run_sync

    manager = client = problem = None
    try:
        manager, client = run_sync(_start)(kernel, sockets)
    except BaseException as err:  # reported when there is a notebook to report it for
        problem = err
    try:
        job, limits = conn.recv()
    except (EOFError, OSError):  # not needed after all
        _stop(manager)
        return
    try:
        if problem is not None:
            raise problem
        run_sync(_hand_over)(client, job.env)
        os.environ.update(job.env)
        _execute(job, limits, manager)
        conn.send(("ok", None))
    except BaseException as err:  # report every kind of failure to the parent
        try:
            conn.send(("error", describe(err)))
        except Exception:
            conn.send(("error", Failure("failed: " + traceback.format_exc(limit=1))))
    finally:
        conn.close()
        _stop(manager)


def _stop(manager) -> None:
    """Kill the kernel now: papermill leaves a kernel it did not start running, and one that
    outlived its worker would shut down only when it noticed, saying so on the build's
    output."""
    if manager is None or not manager.has_kernel:
        return
    from jupyter_core.utils import run_sync

    try:
        run_sync(manager.shutdown_kernel)(now=True)
    except Exception:  # the build kills whatever is left of the worker's processes
        pass


def _execute(job, limits, manager) -> None:
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
        km=manager,  # the kernel started ahead; the worker is killed with it afterwards
    )


# --- in the building process ----------------------------------------------------------------

_CONTEXT = None


def _context():
    """Workers come from a fork server: cheap to start (papermill is imported once, in the
    server) and safe to use from several threads, unlike a plain fork."""
    global _CONTEXT
    if _CONTEXT is None:
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(
            ["papermill", "nbclient", "jupyter_client", "wsoa_analysis.build.kernels"]
        )
        _CONTEXT = ctx
    return _CONTEXT


def kill_tree(pid: int) -> None:
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
    _wait_dead(procs, timeout=5)
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _wait_dead(procs: list, timeout: float) -> None:
    """Until every process is dead, a zombie counting as dead (one whose parent died too is
    left to be reaped by init, which may take its time)."""
    import psutil

    def dead(proc) -> bool:
        try:
            return proc.status() == psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            return True

    deadline = time.monotonic() + timeout
    while not all(dead(p) for p in procs) and time.monotonic() < deadline:
        time.sleep(0.01)


class Worker:
    """A worker process, started now: its kernel starts at once; :meth:`stop` ends both."""

    def __init__(self, kernel: Kernel):
        ctx = _context()
        self.kernel = kernel
        self.conn, child = ctx.Pipe(duplex=True)
        self.sockets = tempfile.mkdtemp(prefix="wsoa-kernel-")
        self.proc = ctx.Process(target=_serve, args=(kernel, child, self.sockets), daemon=False)
        self.proc.start()
        child.close()

    def stop(self, grace: float = 0.0) -> None:
        """End the worker and its kernel. One that has reported, or waits for a notebook,
        stops its kernel and ends itself when its pipe is closed: it is given ``grace``
        seconds to; whatever is left then is killed."""
        self.conn.close()
        if grace > 0:
            self.proc.join(grace)
        kill_tree(self.proc.pid)
        self.proc.join(10)
        shutil.rmtree(self.sockets, ignore_errors=True)


class KernelPool:
    """Workers started ahead of the notebooks they will run (in the background: starting the
    first one also starts the fork server). Use it as a context manager: the workers nobody
    took are stopped at the end."""

    def __init__(self, kernel: Kernel, ahead: int = 1):
        self.kernel = kernel
        self.ahead = ahead  # workers kept warming for notebooks not yet given one
        self.started = 0  # workers started ahead so far
        self._lock = threading.Lock()
        self._spawner = ThreadPoolExecutor(1, thread_name_prefix="wsoa-kernels")
        self._warming: deque[Future] = deque()

    def start(self, count: int) -> None:
        """Start ``count`` more workers, in the background."""
        with self._lock:
            for _ in range(max(0, count)):
                self._warming.append(self._spawner.submit(Worker, self.kernel))
                self.started += 1

    def keep_warm(self, wanted: int) -> None:
        """Start workers until ``wanted`` are warming (never stops any)."""
        with self._lock:
            missing = wanted - len(self._warming)
        self.start(missing)

    def take(self, kernel: Kernel) -> Worker:
        """A worker for a notebook that needs ``kernel``: the one warming longest when it
        matches the pool's, else one started now."""
        if self.kernel.serves(kernel):
            with self._lock:
                future = self._warming.popleft() if self._warming else None
            if future is not None:
                return future.result()
        return Worker(kernel)

    def close(self) -> None:
        """Stop the workers nobody took: those waiting end themselves at once (all told
        first, so they end side by side); one still starting its kernel is killed."""
        with self._lock:
            left, self._warming = list(self._warming), deque()
        workers = []
        for future in left:
            try:
                workers.append(future.result())
            except Exception:  # a worker that could not start has nothing to stop
                pass
        for worker in workers:
            worker.conn.close()
        deadline = time.monotonic() + _IDLE_GRACE
        for worker in workers:
            worker.stop(grace=max(0.0, deadline - time.monotonic()))
        self._spawner.shutdown()  # again, when closed again: nothing to do

    def __enter__(self) -> KernelPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
