"""The ``wsoa`` command: reading the command line and the exit status.

Every subcommand's options, help and examples are in ``subcommands``; what each does is in
``commands`` (and ``lookups``, for those that only look). Every error the workbook
anticipates is a ``WsoaError``; it is printed as a plain message and the command exits with
the status for its kind (``errors.EXIT_CODES``): a command line that cannot be used exits 64,
bad input data 2. No traceback reaches the user unless ``--debug`` is given, before or after
the subcommand.
"""

from __future__ import annotations

import sys

from wsoa_analysis import commands as c
from wsoa_analysis.build.options import UNWRITABLE, check_out_dir
from wsoa_analysis.errors import (
    EXIT_BUG,
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    QUOTE_LIMIT,
    InputError,
    UsageError,
    WsoaError,
    exit_status,
)
from wsoa_analysis.subcommands import build_parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed its own message (or the help)
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    try:
        if args.func is c.cmd_pack and not args.dry_run:
            inputs = (args.data, args.params, args.notebooks)
            check_out_dir(args.out, inputs)  # before anything is read, run or locked
        return args.func(args)
    except UsageError as err:
        print(f"wsoa {args.command}: {err}", file=sys.stderr)
        return EXIT_USAGE
    except WsoaError as err:
        print(err.report() if isinstance(err, InputError) else f"wsoa: {err}", file=sys.stderr)
        return exit_status(err)
    except KeyboardInterrupt:
        print("wsoa: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as err:
        if err.errno not in UNWRITABLE or args.debug:
            return _unexpected(err, args.debug)
        print(
            f"wsoa: {err.filename or 'a file'}: {err.strerror}; nothing was published",
            file=sys.stderr,
        )
        return EXIT_FAILED
    except Exception as err:  # the last line of defence: a message, not a traceback
        return _unexpected(err, args.debug)


def _unexpected(err: Exception, debug: bool) -> int:
    if debug:
        raise err
    print(
        f"wsoa: unexpected error: {type(err).__name__}: {str(err)[: QUOTE_LIMIT * 5]}\n"
        "Run again with --debug for details, and please report it.",
        file=sys.stderr,
    )
    return EXIT_BUG


if __name__ == "__main__":
    sys.exit(main())
