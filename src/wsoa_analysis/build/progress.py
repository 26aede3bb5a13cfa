"""How a build reports itself: a line per notebook and per stage (workbook, PDF) when a person
is watching, plain timestamped lines when nobody is (cron, CI), so logs read cleanly. Both are
listeners of the build's events (``build/events.py``): they read the events' fields, never
their wording. Unattended, whatever else reaches the standard output or error (a library's
warning, a notebook worker's log line) is stamped with the time as well (:func:`stamped_fds`)."""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time

from wsoa_analysis.build.events import BuildEvent


def _stamp() -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S")


class PlainLog:
    """One timestamped line per event, for unattended runs."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout

    def __call__(self, event: BuildEvent) -> None:
        text = event.message.strip()
        if text:
            print(f"{_stamp()} {text}", file=self.stream, flush=True)


_STAGES = {"writing_workbook": "Data workbook", "writing_pdf": "PDF"}


class BarLog:
    """A bar per cycle that counts its notebooks, a line per notebook (running, then done or
    FAILED with its time) and a line per stage after them (the data workbook, the PDF); the
    events' lines are printed above them."""

    def __init__(self, progress):
        self.progress = progress
        self.cycles: dict[str, int] = {}  # reporting date -> its bar
        self.notebooks: dict[tuple[str, str], int] = {}  # (date, page slug) -> its line
        self.stages: dict[str, int] = {}  # date -> the line of the stage under way

    def __call__(self, event: BuildEvent) -> None:
        progress, date = self.progress, event.reporting_date
        if event.kind == "running":
            self.cycles[date] = progress.add_task(
                f"Notebooks for {date}", total=event.count, state=""
            )
        elif event.kind == "page_started":
            line = progress.add_task(f"  {event.name}", total=1, state="running")
            self.notebooks[(date, event.slug)] = line
        elif event.kind in ("page_finished", "page_failed"):
            self._notebook_done(event)
        elif event.kind in _STAGES:
            self._stage(date, f"{_STAGES[event.kind]} for {date}" if event.batch else None, event)
        elif event.kind in ("pdf_reused", "published"):
            self._stage(date, None, event)
        text = event.message.rstrip()
        if text:
            progress.console.print(text, highlight=False, markup=False)

    def _notebook_done(self, event: BuildEvent) -> None:
        progress, date = self.progress, event.reporting_date
        line = self.notebooks.get((date, event.slug))
        state = "done" if event.kind == "page_finished" else "FAILED"
        if line is not None:
            progress.update(line, completed=1, state=f"{state} ({event.seconds:.1f} s)")
        if date in self.cycles:
            progress.advance(self.cycles[date])

    def _stage(self, date: str, label: str | None, event: BuildEvent) -> None:
        """The stage under way ends; the event's own stage, if it is one, starts."""
        progress = self.progress
        previous = self.stages.pop(date, None)
        if previous is not None:
            progress.update(previous, total=1, completed=1, state="done")
        if event.kind in _STAGES:
            name = label or _STAGES[event.kind]
            self.stages[date] = progress.add_task(name, total=None, state="running")


def _pump(read_fd: int, out_fd: int) -> None:
    """Copy lines from ``read_fd`` to ``out_fd``, each stamped with the time, until EOF."""
    pending = b""
    while chunk := os.read(read_fd, 65536):
        *lines, pending = (pending + chunk).split(b"\n")
        for line in lines:
            os.write(out_fd, f"{_stamp()} ".encode() + line + b"\n")
    if pending:
        os.write(out_fd, f"{_stamp()} ".encode() + pending + b"\n")


@contextlib.contextmanager
def stamped_fds(*fds: int):
    """Within the block, every line written to the file descriptors ``fds`` (by this process
    or any it starts meanwhile, such as notebook workers) is stamped with the time. Yields
    the descriptors the original streams are now on, ``{fd: copy}``, for lines that are
    stamped already."""
    originals, pumps = {}, []
    for fd in fds:
        originals[fd] = os.dup(fd)
        read_fd, write_fd = os.pipe()
        os.dup2(write_fd, fd)
        os.close(write_fd)
        pump = threading.Thread(target=_pump, args=(read_fd, originals[fd]), daemon=True)
        pump.start()
        pumps.append((fd, read_fd, pump))
    try:
        yield originals
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        for fd, _read_fd, _pump_thread in pumps:
            os.dup2(originals[fd], fd)  # our end of the pipe closes; the pump then sees EOF
        for _fd, read_fd, pump in pumps:
            # what was written before is stamped before we go on: at once when the pipe is
            # closed, up to a second when a process started meanwhile still holds it open
            pump.join(timeout=1.0)
            if not pump.is_alive():
                os.close(read_fd)


def _fileno(stream) -> int | None:
    try:
        return stream.fileno()
    except (AttributeError, OSError, ValueError):
        return None


@contextlib.contextmanager
def reporter(stream=None, interactive: bool | None = None):
    """A listener for a build's events: bars on a terminal, plain lines otherwise (then
    anything else written to the standard output and error meanwhile is stamped too)."""
    stream = stream or sys.stdout
    if interactive is None:
        interactive = stream.isatty()
    if not interactive:
        if stream is not sys.stdout or _fileno(stream) is None or _fileno(sys.stderr) is None:
            yield PlainLog(stream)
            return
        stream.flush()
        with stamped_fds(stream.fileno(), sys.stderr.fileno()) as originals:
            own = os.fdopen(os.dup(originals[stream.fileno()]), "w", encoding="utf-8")
            with own:
                yield PlainLog(own)
        return
    with _bars(stream) as progress:
        yield BarLog(progress)


@contextlib.contextmanager
def _bars(stream):
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    with Progress(
        SpinnerColumn(finished_text=" "),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[state]}"),
        TimeElapsedColumn(),
        console=Console(file=stream),
        transient=False,
    ) as progress:
        yield progress
