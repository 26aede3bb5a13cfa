"""How a build reports itself: a progress bar per notebook when a person is watching, plain
timestamped lines when nobody is (cron, CI), so logs read cleanly."""

from __future__ import annotations

import contextlib
import re
import sys
import time


class PlainLog:
    """One timestamped line per message, for unattended runs."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout

    def __call__(self, message: str) -> None:
        stamp = time.strftime("%Y-%m-%d %H:%M:%S")
        print(f"{stamp} {message.strip()}", file=self.stream, flush=True)


class BarLog:
    """Messages printed above a bar that advances as each notebook finishes."""

    def __init__(self, progress):
        self.progress = progress
        self.task = None

    def __call__(self, message: str) -> None:
        running = re.match(r"Running (\d+) notebooks for (\S+)", message)
        if running:
            self.task = self.progress.add_task(
                f"Notebooks for {running.group(2)}", total=int(running.group(1))
            )
        elif self.task is not None and re.match(r"\s*(done|FAILED):", message):
            self.progress.advance(self.task)
        self.progress.console.print(message.rstrip(), highlight=False, markup=False)


@contextlib.contextmanager
def reporter(stream=None, interactive: bool | None = None):
    """A logging function for a build: a bar on a terminal, plain lines otherwise."""
    stream = stream or sys.stdout
    if interactive is None:
        interactive = stream.isatty()
    if not interactive:
        yield PlainLog(stream)
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(file=stream),
        transient=False,
    ) as progress:
        yield BarLog(progress)
