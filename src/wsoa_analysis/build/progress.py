"""How a build reports itself: a progress bar per notebook when a person is watching, plain
timestamped lines when nobody is (cron, CI), so logs read cleanly. Both are listeners of the
build's events (``build/events.py``): they read the events' fields, never their wording."""

from __future__ import annotations

import contextlib
import sys
import time

from wsoa_analysis.build.events import BuildEvent


class PlainLog:
    """One timestamped line per event, for unattended runs."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout

    def __call__(self, event: BuildEvent) -> None:
        text = event.message.strip()
        if text:
            stamp = time.strftime("%Y-%m-%d %H:%M:%S")
            print(f"{stamp} {text}", file=self.stream, flush=True)


class BarLog:
    """A bar per cycle that advances as each of its notebooks finishes, and a bar for each
    notebook while it runs; the events' lines are printed above them."""

    def __init__(self, progress):
        self.progress = progress
        self.cycles: dict[str, int] = {}  # reporting date -> its bar
        self.running: dict[tuple[str, str], int] = {}  # (date, page slug) -> its bar

    def __call__(self, event: BuildEvent) -> None:
        progress, date = self.progress, event.reporting_date
        if event.kind == "running":
            self.cycles[date] = progress.add_task(f"Notebooks for {date}", total=event.count)
        elif event.kind == "page_started":
            self.running[(date, event.slug)] = progress.add_task(f"  {event.name}", total=None)
        elif event.kind in ("page_finished", "page_failed"):
            bar = self.running.pop((date, event.slug), None)
            if bar is not None:
                progress.remove_task(bar)
            if date in self.cycles:
                progress.advance(self.cycles[date])
        text = event.message.rstrip()
        if text:
            progress.console.print(text, highlight=False, markup=False)


@contextlib.contextmanager
def reporter(stream=None, interactive: bool | None = None):
    """A listener for a build's events: bars on a terminal, plain lines otherwise."""
    stream = stream or sys.stdout
    if interactive is None:
        interactive = stream.isatty()
    if not interactive:
        yield PlainLog(stream)
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(file=stream),
        transient=False,
    ) as progress:
        yield BarLog(progress)
