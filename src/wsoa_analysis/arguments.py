"""How the ``wsoa`` command reads its command line: the parser (no abbreviated options, help
laid out as written, usage errors exit 64), the options several subcommands share, and the
layout of a subcommand's help (summary, description, examples, exit status)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from wsoa_analysis.errors import EXIT_CODES, EXIT_USAGE

EXIT_HELP = "exit status:\n" + "\n".join(f"  {k:>3}  {v}" for k, v in EXIT_CODES.items())
FORCE_EXITS = (
    f"{EXIT_HELP}\n\nAn existing FILE is not replaced (it may hold data typed in): the command "
    "exits 1,\nwriting nothing, unless --force is given."
)


class Parser(argparse.ArgumentParser):
    """No abbreviated options (``--lat`` is not ``--latest``), help laid out as written, and
    a usage error exits :data:`~wsoa_analysis.errors.EXIT_USAGE`, not 2 (which means bad
    input data). Subcommands' parsers are of this class too."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("allow_abbrev", False)
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def date_argument(text: str):
    """A reporting date from the command line (read without pandas: startup stays quick)."""
    import datetime as dt
    import re

    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        try:
            return dt.date.fromisoformat(text.strip())
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(f"{text!r} is not a date (expected e.g. 2022-08-31)")


def seconds(text: str) -> int:
    """A time limit from the command line: a whole number of seconds above 0 (0 would mean
    no limit at all, which a scheduled run must never get by a slip)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of seconds") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r}: give a number of seconds above 0")
    return value


DEBUG_HELP = "show the full traceback of an unexpected error"


def common_options() -> argparse.ArgumentParser:
    """What every subcommand takes after its name as well as before it: ``--debug``."""
    common = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    # not set unless given, so that --debug before the subcommand is kept
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=DEBUG_HELP)
    return common


def command(sub, name: str, summary: str, about: str, examples: list[str], func, **kw):
    """A subcommand with its one-line summary, a description, examples and exit status
    (``exits``: the text, where it says more than the table of codes)."""
    shown = "\n".join(f"  {e}" for e in examples)
    epilog = f"examples:\n{shown}\n\n{kw.pop('exits', EXIT_HELP)}"
    p = sub.add_parser(
        name, help=summary, description=f"{summary}.\n\n{about}", epilog=epilog, **kw
    )
    p.set_defaults(func=func)
    return p


def data_options(p, data: str = "data folder or .xlsx workbook (default: data)") -> None:
    """``--data`` and ``--params``, as every command that reads the inputs takes them."""
    p.add_argument("--data", type=Path, default=Path("data"), help=data)
    params_option(p)


#: What --params gives the data-entry commands: the words a status may be recorded in.
STATUS_WORDS = "settings whose plan.statuses are the status words"


def params_option(p, what: str = "settings folder") -> None:
    p.add_argument("--params", type=Path, default=Path("params"), help=f"{what} (default: params)")


def out_option(p) -> None:
    p.add_argument(
        "--out",
        type=Path,
        default=Path("rendered"),
        help="where packs are published (default: rendered)",
    )


def date_options(p, latest: str = "the newest cycle in --params (the default)") -> None:
    """``--date`` or ``--latest``, not both."""
    group = p.add_mutually_exclusive_group()
    group.add_argument("--date", type=date_argument, help="reporting date, YYYY-MM-DD")
    group.add_argument("--latest", action="store_true", help=latest)


def force_option(p) -> None:
    """``--force``: replace an existing file (without it, an existing file is refused)."""
    p.add_argument(
        "--force", action="store_true", help="replace FILE if it exists (default: refuse)"
    )


def lock_option(p) -> None:
    """``--lock-timeout``: how long ``pack`` waits while another run builds into ``--out``."""
    p.add_argument(
        "--lock-timeout",
        type=float,
        default=1800,
        help="seconds to wait while another run builds into --out (default: 1800); "
        "then exit 1, building nothing",
    )
