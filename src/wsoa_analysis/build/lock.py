"""One build at a time in an output folder.

A build holds an exclusive lock on ``<out>/.lock`` (``flock``) from start to end, so two runs
into the same ``--out`` never publish over each other. Because it is a ``flock``, the system
releases it when the process ends, however it ends: a crashed run never leaves the folder
locked. A second run waits, saying once who holds the folder, and gives up after a bounded
time with a :class:`~wsoa_analysis.errors.BuildError` (exit 1), having written nothing.

The lock is taken once per process and folder: ``wsoa pack`` takes it for the whole command,
and the builds it runs (one per cycle, in this process or in worker processes it started
while holding the lock, see :func:`held_for_us`) find it already held.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path

from wsoa_analysis.errors import BuildError

LOCK_FILE = ".lock"
DEFAULT_TIMEOUT = 1800  # seconds a run waits for another run's build of the same folder
_HELD: set[str] = set()  # output folders this process holds the lock of (or its parent does)
_log = logging.getLogger(__name__)


def _key(out_dir: Path) -> str:
    return str(Path(out_dir).resolve())


def held_for_us(out_dir: Path) -> None:
    """In a worker process started by a run that holds the lock on ``out_dir``: build there
    without taking it again (which would wait for the parent for ever)."""
    _HELD.add(_key(out_dir))


def _holder(fd: int) -> str:
    """The pid the holder wrote in the lock file, as text ("unknown" if not written yet)."""
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        text = ""
    return text if text.isdigit() else "unknown"


def _wait(fd: int, out_dir: Path, timeout: float, say: Callable[[str], None], poll: float):
    deadline = time.monotonic() + timeout
    told = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pid = _holder(fd)
        if not told:
            say(f"{out_dir} is being built by another run (pid {pid}); waiting…")
            told = True
        if time.monotonic() >= deadline:
            raise BuildError(
                f"{out_dir} is still being built by another run (pid {pid}) after "
                f"{timeout:g} s: nothing was built or published. Try again when it has "
                "finished, or give a longer --lock-timeout."
            )
        time.sleep(min(poll, max(0.0, deadline - time.monotonic())))


@contextlib.contextmanager
def out_lock(
    out_dir: Path,
    timeout: float = DEFAULT_TIMEOUT,
    say: Callable[[str], None] | None = None,
    poll: float = 0.25,
):
    """Hold the lock on ``out_dir`` (made if missing) for the block, waiting up to
    ``timeout`` seconds for another run to finish (``say`` is told once, in one line)."""
    out_dir = Path(out_dir).resolve()
    key = _key(out_dir)
    if key in _HELD:
        yield out_dir
        return
    out_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(out_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        _wait(fd, out_dir, timeout, say or _log.warning, poll)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        _HELD.add(key)
        try:
            yield out_dir
        finally:
            _HELD.discard(key)
    finally:
        os.close(fd)  # releases the lock
