"""Every subcommand of the ``wsoa`` command: its options, help, examples and exit codes, as
the parser ``cli.main`` reads the command line with. What each subcommand does is in
``commands`` (and ``lookups``); the pieces of the parser, in ``arguments``."""

from __future__ import annotations

import argparse
from pathlib import Path

from wsoa_analysis import __version__
from wsoa_analysis import commands as c
from wsoa_analysis.arguments import (
    DEBUG_HELP,
    EXIT_HELP,
    FORCE_EXITS,
    STATUS_WORDS,
    Parser,
    command,
    common_options,
    data_options,
    date_argument,
    date_options,
    force_option,
    lock_option,
    out_option,
    params_option,
    seconds,
)

PACK_EXITS = (
    f"{EXIT_HELP}\n\nWith --all, every cycle is attempted and the most serious outcome "
    "decides: 1 if any cycle failed\notherwise than by bad input, else 2 if any had bad "
    "input, else 3 if any was published with failed\npages, else 0."
)


def _add_checking(sub, common) -> None:
    """validate, status, measure: the inputs at a glance."""
    p = command(
        sub,
        "validate",
        "check the input data and list every problem",
        "Reads every table, checks types, vocabularies, keys and references across tables,\n"
        "and the settings in --params against the data. Every problem is listed at once.",
        ["wsoa validate", "wsoa validate --data my-wsoa.xlsx --params params"],
        c.cmd_validate,
        parents=common,
    )
    data_options(p)
    p.add_argument(
        "--max-notes", type=int, default=20, help="normalised values listed (default: 20)"
    )

    p = command(
        sub,
        "status",
        "the scorecard at a glance for a reporting date",
        "Measures by rating and actions by BRAG status, overdue actions and Green actions\n"
        "past their target date. Nothing is built.",
        ["wsoa status", "wsoa status --date 2022-08-31", "wsoa status --latest --json"],
        c.cmd_status,
        parents=common,
    )
    data_options(p)
    date_options(p)
    p.add_argument("--json", action="store_true", help="print one JSON object, for monitoring")

    p = command(
        sub,
        "measure",
        "one measure's scorecard row",
        "Its latest value and period, baseline, target, where the trajectory is, the rating\n"
        "and why, direction of travel, and the published comparator shown beside it.",
        ["wsoa measure P1-01", "wsoa measure P2-04 --date 2022-08-31 --json"],
        c.cmd_measure,
        parents=common,
    )
    p.add_argument("kpi_id", help="the measure's id (kpis.kpi_id), e.g. P1-01")
    data_options(p)
    date_options(p)
    p.add_argument("--json", action="store_true", help="print one JSON object")


def _add_looking(sub, common) -> None:
    """cycles, compare, open: what there is, what changed, the pack itself."""
    p = command(
        sub,
        "cycles",
        "list the reporting cycles and which are built",
        "Every cycle file in --params (reporting date and name) and every pack in --out,\n"
        "with when it was built (UTC, from its manifest.json) and any pages that failed.",
        ["wsoa cycles", "wsoa cycles --out /srv/packs --json"],
        c.cmd_cycles,
        parents=common,
    )
    p.add_argument(
        "--params", type=Path, default=Path("params"), help="settings folder (default: params)"
    )
    out_option(p)
    p.add_argument("--json", action="store_true", help="print a JSON list")

    p = command(
        sub,
        "compare",
        "compare two cycles' figures",
        "A table of the measures whose value or rating changed between two reporting dates:\n"
        "the value at each (with its period), the rating, and whether it improved or worsened.",
        ["wsoa compare", "wsoa compare --from 2022-08-31 --to 2023-06-30", "wsoa compare --all"],
        c.cmd_compare,
        parents=common,
    )
    data_options(p)
    p.add_argument(
        "--from",
        dest="since",
        type=date_argument,
        help="the earlier date (default: the cycle before --to)",
    )
    group = p.add_mutually_exclusive_group()
    group.add_argument("--to", type=date_argument, help="the later date, YYYY-MM-DD")
    group.add_argument("--latest", action="store_true", help="--to the newest cycle (default)")
    p.add_argument("--all", dest="every", action="store_true", help="list unchanged measures too")

    p = command(
        sub,
        "open",
        "open a built pack in the browser",
        "Prints the path of the pack's first page (overview.html) and opens it in the\n"
        "desktop's browser. Where there is none (a server), it only prints the path.",
        ["wsoa open", "wsoa open --date 2022-08-31", "wsoa open --latest --no-browser"],
        c.cmd_open,
        parents=common,
    )
    out_option(p)
    date_options(p, latest="the newest pack built in --out (the default)")
    p.add_argument("--no-browser", action="store_true", help="only print the path")


def _time_limits(p) -> None:
    """pack's time limits: per cell, per notebook, and for laying out the PDF."""
    p.add_argument(
        "--cell-timeout", type=seconds, default=300, help="seconds a cell may run, above 0 (300)"
    )
    p.add_argument(
        "--notebook-timeout",
        type=seconds,
        default=900,
        help="seconds a notebook may run, above 0 (900)",
    )
    p.add_argument(
        "--pdf-timeout",
        type=seconds,
        default=300,
        help="seconds laying out the PDF may take, above 0 (300)",
    )


def _add_pack(sub, common) -> None:
    """pack: build and publish cycles."""
    p = command(
        sub,
        "pack",
        "build a cycle's pack: HTML pages, PDF, data workbook and manifest",
        "Validates every input, runs the notebooks (unchanged pages come from the cache in\n"
        "<out>/.cache), and publishes all the files at once: a failed build leaves the\n"
        "published pack as it was. --dry-run validates and shows the plan, running nothing.",
        [
            "wsoa pack --latest",
            "wsoa pack --date 2022-08-31 --dry-run",
            "wsoa pack params/2023-05-31.yaml --out /srv/packs",
            "wsoa pack --all --keep-going",
        ],
        c.cmd_pack,
        parents=common,
        exits=PACK_EXITS,
    )
    data_options(p)
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "cycle_file", nargs="?", type=Path, help="a cycle file, e.g. params/2023-06-30.yaml"
    )
    which.add_argument("--date", type=date_argument, help="reporting date, YYYY-MM-DD")
    which.add_argument("--latest", action="store_true", help="the newest cycle in --params")
    which.add_argument("--all", action="store_true", help="every cycle in --params")
    out_option(p)
    p.add_argument(
        "--dry-run",
        action="store_true",
        help="validate and print the pages, notebooks and what the cache would reuse; "
        "run and write nothing",
    )
    p.add_argument(
        "--notebooks",
        type=Path,
        default=Path("notebooks"),
        help="folder of the pack's notebooks (default: notebooks)",
    )
    _time_limits(p)
    p.add_argument(
        "--workers", type=int, default=0, help="notebooks run at once (default: one per core)"
    )
    p.add_argument(
        "--no-cache", action="store_true", help="rebuild every page and the PDF, ignoring the cache"
    )
    p.add_argument(
        "--keep-going",
        action="store_true",
        help="if a page fails, publish the others with a banner on the failed one "
        "(the command still exits 3)",
    )
    lock_option(p)


def _add_data_entry(sub, common) -> None:
    """template, export, import: the data-entry workbook."""
    p = command(
        sub,
        "template",
        "write an empty Excel workbook to fill in",
        "A notes sheet, then a sheet per table with its headings (each with a note saying\n"
        "what the column holds) and drop-down lists of the allowed values and of ids.",
        ["wsoa template my-wsoa.xlsx"],
        c.cmd_template,
        parents=common,
        exits=FORCE_EXITS,
    )
    p.add_argument("file", type=Path, help="the .xlsx file to write")
    force_option(p)
    params_option(p, STATUS_WORDS)

    p = command(
        sub,
        "export",
        "write a data folder as an Excel workbook",
        "The template's shape, filled in with the data folder's tables (validated first).",
        ["wsoa export my-wsoa.xlsx", "wsoa export my-wsoa.xlsx --data my-data"],
        c.cmd_export,
        parents=common,
        exits=FORCE_EXITS,
    )
    p.add_argument("file", type=Path, help="the .xlsx file to write")
    force_option(p)
    data_options(p, data="data folder (default: data)")

    p = command(
        sub,
        "import",
        "check an Excel workbook and write its tables as CSVs",
        "Refuses a workbook with problems, listing every one and writing nothing. Rows that\n"
        "did not change keep their bytes, so git shows only what was edited; then says\n"
        "what changed: rows added, changed and removed in each table.",
        ["wsoa import my-wsoa.xlsx --data my-data"],
        c.cmd_import,
        parents=common,
    )
    p.add_argument("file", type=Path, help="the .xlsx workbook")
    data_options(p, data="folder for the CSVs (default: data)")


def _add_cycle(sub, common) -> None:
    """new-cycle."""
    p = command(
        sub,
        "new-cycle",
        "start a reporting cycle: its params file and an empty commentary file",
        "Writes params/DATE.yaml and data/commentary/DATE.md with a heading for every\n"
        "priority area and measure, for officers' commentary.",
        ['wsoa new-cycle --date 2023-09-30 --name "Support and challenge 6"'],
        c.cmd_new_cycle,
        parents=common,
    )
    data_options(p, data="data folder (default: data)")
    p.add_argument("--date", type=date_argument, required=True, help="reporting date, YYYY-MM-DD")
    p.add_argument("--name", default="", help="the cycle's name, e.g. 'Support and challenge 6'")
    p.add_argument("--meeting", default="", help="the meeting the pack is for")


def _add_published(sub, common) -> None:
    """extract-dfe, data-readme, make-example-data: comparators, the contract, the example."""
    p = command(
        sub,
        "extract-dfe",
        "extract published comparators from DfE files",
        "Reads a release's CSV files and the statistical neighbour workbook and writes\n"
        "benchmarks.csv with the source of every figure, for the area in area.yaml.",
        ["wsoa extract-dfe --dfe ~/Downloads/dfe --data data"],
        c.cmd_extract_dfe,
        parents=common,
    )
    p.add_argument("--dfe", type=Path, required=True, help="folder of DfE release files")
    p.add_argument(
        "--data", type=Path, default=Path("data"), help="where benchmarks.csv goes (default: data)"
    )
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

    command(
        sub,
        "data-readme",
        "print data/README.md from the data contract",
        "Every table and column, its type and allowed values, as Markdown.",
        ["wsoa data-readme > data/README.md"],
        c.cmd_data_readme,
        parents=common,
    )

    p = command(
        sub,
        "make-example-data",
        "regenerate the synthetic example data",
        "Writes the example's synthetic values, labelled as synthetic, into --data.",
        ["wsoa make-example-data --data data"],
        c.cmd_make_example_data,
        parents=common,
    )
    p.add_argument("--data", type=Path, default=Path("data"), help="folder to write (data)")
    p.add_argument("--seed", type=int, default=20220831, help="random seed (20220831)")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="wsoa",
        description="SEND Written Statement of Action performance packs: check the data, "
        "build each cycle's pack\n(HTML pages, PDF, data.xlsx) and look at the figures. "
        "'wsoa COMMAND --help' shows a command's\noptions and examples.",
        epilog="examples:\n  wsoa validate\n  wsoa pack --latest\n  wsoa cycles\n  wsoa open\n"
        f"  wsoa compare --from 2022-08-31 --to 2023-06-30\n\n{EXIT_HELP}",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help=DEBUG_HELP)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    common = [common_options()]
    for add in (
        _add_checking,
        _add_looking,
        _add_pack,
        _add_data_entry,
        _add_cycle,
        _add_published,
    ):
        add(sub, common)
    return parser
