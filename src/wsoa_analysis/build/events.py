"""What a build reports as it goes: one small record per step, handed to a listener.

A build never prints. Each step makes a :class:`BuildEvent` and :func:`emit` sends it to the
module's logger (for whoever configures logging) and to the listener the caller gave, if any:
the progress bar and the plain timestamped lines (``build/progress.py``) are two listeners; a
test can collect events in a list. Listeners read the fields, never parse the words.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

KINDS = (
    "cycles",  # several cycles start: count, at_once
    "validating",  # the inputs are read and checked: path
    "plan_reused",  # inputs unchanged since last validated: path
    "pages_reused",  # count of total pages taken from the cache
    "context_ready",  # the figures for the date were computed once, for every page: seconds
    "running",  # count notebooks start
    "page_started",  # slug, name
    "page_finished",  # slug, name, seconds
    "page_failed",  # slug, name, seconds, notebook, cell, error_name, error_value, detail
    "pdf_reused",
    "writing_pdf",
    "writing_workbook",
    "published",  # path
)


@dataclass(frozen=True)
class BuildEvent:
    """One step of a build. Only the fields its kind needs are set."""

    kind: str
    reporting_date: str = ""
    slug: str = ""  # a page's slug, e.g. "priority-3"
    name: str = ""  # a notebook run's name, e.g. "priority_area.ipynb (Priority 3: ...)"
    seconds: float | None = None
    count: int | None = None
    total: int | None = None
    path: str = ""
    notebook: str = ""  # a failed notebook's file name
    cell: int | None = None  # the cell a failure happened in, counted from 1
    error_name: str = ""
    error_value: str = ""
    detail: str = ""  # a failure in words, e.g. "... failed in cell 7: ZeroDivisionError: ..."
    batch: bool = False  # one of several cycles built at once: lines name the date

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown build event kind {self.kind!r}")

    @property
    def message(self) -> str:
        """The event as one line of a log ("" for events a plain log leaves out)."""
        text = _WORDS[self.kind](self)
        if text and self.batch:
            return f"[{self.reporting_date}] {text}"
        return text


_WORDS: dict[str, Callable[[BuildEvent], str]] = {
    "cycles": lambda e: f"Building {e.count} cycles, {e.total} at a time",
    "validating": lambda e: f"Validating {e.path}",
    "plan_reused": lambda e: f"Inputs unchanged since they were last validated: {e.path}",
    "pages_reused": lambda e: f"Reusing {e.count} of {e.total} pages from the cache",
    "context_ready": lambda e: (
        f"Computed the figures for {e.reporting_date} once for every page ({e.seconds:.1f} s)"
    ),
    "running": lambda e: f"Running {e.count} notebooks for {e.reporting_date}",
    "page_started": lambda e: "",
    "page_finished": lambda e: f"  done: {e.name} ({e.seconds:.1f} s)",
    "page_failed": lambda e: f"  FAILED: {e.name} ({e.seconds:.1f} s)",
    "pdf_reused": lambda e: "Reusing the PDF from the cache",
    "writing_pdf": lambda e: "Writing the PDF",
    "writing_workbook": lambda e: "Writing the data workbook",
    "published": lambda e: f"Published {e.path}",
}

Listener = Callable[[BuildEvent], None]


def emit(logger: logging.Logger, listener: Listener | None, event: BuildEvent) -> None:
    """Log the event on the emitting module's logger and hand it to the listener."""
    # INFO, failures included: a command line run shows them through its listener, and
    # Python's last-resort handler would print a WARNING a second time
    if logger.isEnabledFor(logging.INFO):
        logger.info(event.message or event.kind, extra={"build_event": event})
    if listener is not None:
        listener(event)
