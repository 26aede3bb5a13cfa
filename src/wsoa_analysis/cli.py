"""The ``wsoa`` command: a thin wrapper over the library.

Every error the workbook anticipates is a ``WsoaError``; it is printed as a plain message and
the command exits non-zero. No traceback reaches the user unless ``--debug`` is given.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from wsoa_analysis import __version__
from wsoa_analysis.errors import CyclesFailed, InputError, PackFailedPages, WsoaError

EXIT_INPUT = 2
EXIT_FAILED = 1
EXIT_INCOMPLETE = 3  # published with --keep-going, but some pages failed
EXIT_BUG = 70
# --all: the most serious outcome of any cycle decides, in this order
EXIT_PRECEDENCE = (("failed", EXIT_FAILED), ("input", EXIT_INPUT), ("incomplete", EXIT_INCOMPLETE))
EXIT_HELP = (
    "exit status: 0 published; 1 not published (a notebook failed, or a setting is wrong); "
    "2 not published because of bad input; 3 published with --keep-going but with pages that "
    "failed. With --all, each cycle is built and the most serious outcome decides: 1 if any "
    "cycle failed otherwise than by bad input, else 2 if any had bad input, else 3 if any was "
    "published with failed pages, else 0."
)


def exit_status_of_cycles(kinds: set[str]) -> int:
    """The exit status of a build of several cycles from the kinds of failure it met."""
    for kind, status in EXIT_PRECEDENCE:
        if kind in kinds:
            return status
    return 0


def _date(text: str):
    """A reporting date from the command line (read without pandas: startup stays quick)."""
    import datetime as dt
    import re

    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        try:
            return dt.date.fromisoformat(text.strip())
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(f"{text!r} is not a date (expected e.g. 2022-08-31)")


def cmd_validate(args) -> int:
    from wsoa_analysis.config.settings import AREA_FILE, load_area
    from wsoa_analysis.inputs.load import load_dataset
    from wsoa_analysis.inputs.settings_checks import check_settings

    ds = load_dataset(args.data)
    if (Path(args.params) / AREA_FILE).exists():
        check_settings(load_area(Path(args.params)), ds)
    print(
        f"{args.data}: all {len(ds.tables)} tables are valid "
        f"({', '.join(f'{k} {len(v)}' for k, v in ds.tables.items())} rows)."
    )
    if ds.notes:
        print(f"{len(ds.notes)} value(s) were normalised on the way in:")
        for note in ds.notes[: args.max_notes]:
            print(f"  - {note}")
        if len(ds.notes) > args.max_notes:
            print(f"  ... and {len(ds.notes) - args.max_notes} more")
    return 0


def cmd_status(args) -> int:
    from wsoa_analysis.context import load_context
    from wsoa_analysis.domain.summary import context_summary, format_summary

    summary = context_summary(load_context(args.date, args.data, args.params))
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(format_summary(summary))
    return 0


def cmd_extract_dfe(args) -> int:
    from wsoa_analysis.importers.dfe import write_area_extract

    paths = write_area_extract(
        args.dfe, args.data, args.params, neighbour_workbook=args.neighbour_workbook
    )
    for p in paths:
        print(f"wrote {p}")
    return 0


def cmd_make_example_data(args) -> int:
    from wsoa_example.synthetic import write_example_data

    for p in write_example_data(args.data, seed=args.seed):
        print(f"wrote {p}")
    return 0


def cmd_pack(args) -> int:
    from wsoa_analysis.build.pack import PackOptions, build_all, resolve_dates

    options = PackOptions(
        data_dir=args.data,
        params_dir=args.params,
        out_dir=args.out,
        notebooks_dir=args.notebooks,
        cell_timeout=args.cell_timeout,
        notebook_timeout=args.notebook_timeout,
        workers=args.workers,
        keep_going=args.keep_going,
        use_cache=not args.no_cache,
    )
    todo = resolve_dates(
        args.params, date=args.date, cycle_file=args.cycle_file, latest=args.latest, every=args.all
    )
    from wsoa_analysis.build.progress import reporter

    with reporter() as listener:
        build_all(todo, options, log=listener)
    return 0


def cmd_data_readme(args) -> int:
    from wsoa_analysis.inputs.datadoc import data_readme

    sys.stdout.write(data_readme())
    return 0


def cmd_template(args) -> int:
    from wsoa_analysis.inputs.workbook import write_template

    print(f"wrote {write_template(args.file)}")
    return 0


def cmd_import(args) -> int:
    from wsoa_analysis.inputs.workbook import import_workbook

    for p in import_workbook(args.file, args.data):
        print(f"wrote {p}")
    return 0


def cmd_export(args) -> int:
    from wsoa_analysis.inputs.workbook import export_workbook

    print(f"wrote {export_workbook(args.data, args.file)}")
    return 0


def cmd_new_cycle(args) -> int:
    from wsoa_analysis.inputs.new_cycle import new_cycle

    for p in new_cycle(
        args.date, args.name, data_dir=args.data, params_dir=args.params, meeting=args.meeting
    ):
        print(f"wrote {p}")
    return 0


def _data_opts(p) -> None:
    """--data and --params, as every command that reads the inputs takes them."""
    p.add_argument(
        "--data",
        type=Path,
        default=Path("data"),
        help="data directory or .xlsx workbook (default: data)",
    )
    p.add_argument(
        "--params",
        type=Path,
        default=Path("params"),
        help="settings directory (default: params)",
    )


def _add_checking(sub, data_opts) -> None:
    """validate and status: the inputs at a glance."""
    p = sub.add_parser("validate", help="check the input data and list every problem")
    data_opts(p)
    p.add_argument("--max-notes", type=int, default=20, help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("status", help="the scorecard at a glance for a reporting date")
    data_opts(p)
    p.add_argument("--date", type=_date, required=True, help="reporting date, YYYY-MM-DD")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_status)


def _add_pack(sub, data_opts) -> None:
    """pack: build and publish cycles."""
    p = sub.add_parser(
        "pack", help="build a cycle's pack: HTML pages, PDF and manifest", epilog=EXIT_HELP
    )
    data_opts(p)
    p.add_argument("cycle_file", nargs="?", type=Path, help="a cycle file, params/DATE.yaml")
    p.add_argument("--date", type=_date, help="reporting date, YYYY-MM-DD")
    p.add_argument("--latest", action="store_true", help="the newest cycle in params/")
    p.add_argument("--all", action="store_true", help="every cycle in params/")
    p.add_argument(
        "--out",
        type=Path,
        default=Path("rendered"),
        help="where packs are published (default: rendered)",
    )
    p.add_argument("--notebooks", type=Path, default=Path("notebooks"), help=argparse.SUPPRESS)
    p.add_argument(
        "--cell-timeout",
        type=int,
        default=300,
        help="seconds any one notebook cell may run (default 300)",
    )
    p.add_argument(
        "--notebook-timeout",
        type=int,
        default=900,
        help="seconds any one notebook may run (default 900)",
    )
    p.add_argument(
        "--workers", type=int, default=0, help="notebooks run at once (default: one per core)"
    )
    p.add_argument(
        "--no-cache",
        action="store_true",
        help="rebuild every page and the PDF, ignoring the build cache",
    )
    p.add_argument(
        "--keep-going",
        action="store_true",
        help="if a page fails, publish the others with a banner on the failed one "
        "(the command still exits non-zero)",
    )
    p.set_defaults(func=cmd_pack)


def _add_extract_dfe(sub, data_opts) -> None:
    """extract-dfe: DfE's published statistics into benchmarks.csv."""
    p = sub.add_parser("extract-dfe", help="extract published comparators from DfE files")
    p.add_argument("--dfe", type=Path, required=True, help="folder of DfE release files")
    p.add_argument("--data", type=Path, default=Path("data"))
    p.add_argument(
        "--params",
        type=Path,
        default=Path("params"),
        help="folder whose area.yaml names the area, its region and its neighbours",
    )
    p.add_argument(
        "--neighbour-workbook",
        type=Path,
        default=None,
        help="DfE's statistical neighbour workbook, relative to --dfe unless absolute "
        "(default: the one named in area.yaml's statistical_neighbours source, if any)",
    )
    p.set_defaults(func=cmd_extract_dfe)


def _add_data_entry(sub, data_opts) -> None:
    """template, import, export, new-cycle, data-readme, make-example-data."""
    p = sub.add_parser("template", help="write an empty Excel workbook to fill in")
    p.add_argument("file", type=Path, help="the .xlsx file to write")
    p.set_defaults(func=cmd_template)

    p = sub.add_parser("import", help="check an Excel workbook and write its tables as CSVs")
    p.add_argument("file", type=Path, help="the .xlsx workbook")
    p.add_argument("--data", type=Path, default=Path("data"), help="folder for the CSVs")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("export", help="write a data folder as an Excel workbook")
    p.add_argument("file", type=Path, help="the .xlsx file to write")
    p.add_argument("--data", type=Path, default=Path("data"))
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "new-cycle", help="start a reporting cycle: its params file and an empty commentary file"
    )
    data_opts(p)
    p.add_argument("--date", type=_date, required=True, help="reporting date, YYYY-MM-DD")
    p.add_argument("--name", default="", help="the cycle's name, e.g. 'Support and challenge 6'")
    p.add_argument("--meeting", default="", help="the meeting the pack is for")
    p.set_defaults(func=cmd_new_cycle)

    p = sub.add_parser("data-readme", help="print data/README.md from the data contract")
    p.set_defaults(func=cmd_data_readme)

    p = sub.add_parser("make-example-data", help="regenerate the synthetic example data")
    p.add_argument("--data", type=Path, default=Path("data"))
    p.add_argument("--seed", type=int, default=20220831)
    p.set_defaults(func=cmd_make_example_data)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wsoa", description="SEND Written Statement of Action performance packs."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = parser.add_subparsers(dest="command", required=True)
    for add in (_add_checking, _add_pack, _add_extract_dfe, _add_data_entry):
        add(sub, _data_opts)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed its own message
        return int(exc.code or 0)
    try:
        return args.func(args)
    except InputError as err:
        print(err.report(), file=sys.stderr)
        return EXIT_INPUT
    except CyclesFailed as err:
        print(f"wsoa: {err}", file=sys.stderr)
        return exit_status_of_cycles(err.kinds)
    except PackFailedPages as err:
        print(f"wsoa: {err}", file=sys.stderr)
        return EXIT_INCOMPLETE
    except WsoaError as err:
        print(f"wsoa: {err}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("wsoa: interrupted", file=sys.stderr)
        return 130
    except Exception as err:  # the last line of defence: a message, not a traceback
        if args.debug:
            raise
        print(
            f"wsoa: unexpected error: {type(err).__name__}: {err}\n"
            "Run again with --debug for details, and please report it.",
            file=sys.stderr,
        )
        return EXIT_BUG


if __name__ == "__main__":
    sys.exit(main())
