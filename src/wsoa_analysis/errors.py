"""One exception hierarchy for the package. Every message names what was wrong and where."""

from __future__ import annotations

from dataclasses import dataclass

#: The most characters of any one value a message quotes (a cell, a setting, a heading): a
#: value pasted by mistake (a whole file in a cell, a YAML alias bomb) cannot flood the log.
QUOTE_LIMIT = 200


def quoted(value, limit: int = QUOTE_LIMIT) -> str:
    """``value`` as a message quotes it (``repr``), cut to ``limit`` characters.

    >>> print(quoted("abcdef", limit=3))
    'abc... (6 characters, cut short)
    >>> print(quoted("abc"))
    'abc'
    """
    text = value if isinstance(value, str) else repr(value)
    if len(text) <= limit:
        return repr(text) if isinstance(value, str) else text
    head = repr(text[:limit])[:-1] if isinstance(value, str) else text[:limit]
    return f"{head}... ({len(text)} characters, cut short)"


class WsoaError(Exception):
    """Root of every error the workbook raises on purpose."""


@dataclass(frozen=True, order=True)
class Problem:
    """One problem found in an input: where it is and what was expected.

    ``row`` is the row number a spreadsheet user sees (the header is row 1), or None when the
    problem is with the whole file or a whole column.
    """

    source: str
    row: int | None
    column: str | None
    value: str | None
    message: str

    def __str__(self) -> str:
        where = self.source
        if self.row is not None:
            where += f" {'line' if self.source.endswith(_TEXT_FILES) else 'row'} {self.row}"
        if self.column:
            where += f", column {self.column}"
        shown = "" if self.value is None else f": {quoted(self.value)}"
        return f"{where}{shown}: {self.message}"


_TEXT_FILES = (".md", ".yaml", ".yml")  # positions in these are lines, not rows


class InputError(WsoaError):
    """The input data has one or more problems; all of them are listed."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=_problem_sort_key)
        super().__init__(self.report())

    def report(self) -> str:
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} found in the input data:"
        return "\n".join([head, *(f"  - {p}" for p in self.problems)])


def _problem_sort_key(p: Problem) -> tuple:
    return (p.source, p.row if p.row is not None else -1, p.column or "", p.message)


class ParameterError(WsoaError):
    """A parameter (reporting date, cycle file, setting) is missing or not valid."""


class SettingsError(InputError, ParameterError):
    """A settings file in ``params/`` (``area.yaml``, a cycle file) cannot be used: bad input,
    like bad data (every problem is listed; the command exits 2)."""


class BuildError(WsoaError):
    """A pack could not be built; nothing was published."""


class PackFailedPages(BuildError):
    """Published with ``keep_going``, but some pages could not be built."""

    def __init__(self, folder, failures: dict):
        self.folder, self.failures = folder, failures
        listed = "\n".join(f"  - {m}" for m in failures.values())
        super().__init__(
            f"published {folder} with {len(failures)} page(s) that could not be built:\n{listed}"
        )


class CyclesFailed(BuildError):
    """Some of several cycles built at once were not published cleanly.

    ``failed`` maps each such reporting date (ISO text) to ``(kind, message)``; ``kind`` is one
    of :attr:`KINDS`: ``"input"`` bad input, nothing published for that date; ``"incomplete"``
    published with ``keep_going`` but with pages that failed; ``"failed"`` not published for
    any other reason (a notebook failed, a setting is wrong).
    """

    KINDS = ("failed", "input", "incomplete")

    def __init__(self, failed: dict[str, tuple[str, str]], total: int):
        unknown = {kind for kind, _ in failed.values()} - set(self.KINDS)
        if unknown:
            raise ValueError(f"unknown kinds of failure: {sorted(unknown)}")
        self.failed = failed
        lines = [f"{day}: {message}" for day, (_, message) in sorted(failed.items())]
        super().__init__(f"{len(failed)} of {total} cycles failed:\n" + "\n".join(lines))

    @property
    def kinds(self) -> set[str]:
        return {kind for kind, _ in self.failed.values()}


class UsageError(WsoaError):
    """The command was asked for something it cannot do: options that contradict each other,
    an unknown measure id, dates in the wrong order, a time limit of zero. Nothing was read
    or written."""


class OutputError(BuildError):
    """The output folder cannot be written (it is a file, read-only, or the disk is full);
    nothing was published."""


# --- exit status of the ``wsoa`` command --------------------------------------------------
# One code per kind of outcome, so a scheduled run can tell them apart. 64 and 70 are the
# BSD sysexits codes EX_USAGE and EX_SOFTWARE; 130 is the shell's code for Ctrl+C.

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_INPUT = 2
EXIT_INCOMPLETE = 3
EXIT_USAGE = 64
EXIT_BUG = 70
EXIT_INTERRUPTED = 130

EXIT_CODES: dict[int, str] = {
    EXIT_OK: "done (for pack: published)",
    EXIT_FAILED: "not done: a notebook failed, a cycle or notebook is missing, the output "
    "folder cannot be written, or a pack is not built",
    EXIT_INPUT: "bad input data (or commentary, or settings); every problem is listed and "
    "nothing was published",
    EXIT_INCOMPLETE: "published with --keep-going, but some pages failed",
    EXIT_USAGE: "the command line is wrong (unknown or conflicting option, bad date, "
    "time limit not above 0, unknown measure id)",
    EXIT_BUG: "an unexpected error (a bug: run again with --debug and report it)",
    EXIT_INTERRUPTED: "interrupted (Ctrl+C)",
}

# --all: the most serious outcome of any cycle decides, in this order
EXIT_PRECEDENCE = (("failed", EXIT_FAILED), ("input", EXIT_INPUT), ("incomplete", EXIT_INCOMPLETE))


def exit_status_of_cycles(kinds: set[str]) -> int:
    """The exit status of a build of several cycles from the kinds of failure it met."""
    for kind, status in EXIT_PRECEDENCE:
        if kind in kinds:
            return status
    return 0


def exit_status(err: WsoaError) -> int:
    """The exit status for an error the workbook anticipates."""
    if isinstance(err, InputError):
        return EXIT_INPUT
    if isinstance(err, CyclesFailed):
        return exit_status_of_cycles(err.kinds)
    return EXIT_INCOMPLETE if isinstance(err, PackFailedPages) else EXIT_FAILED
