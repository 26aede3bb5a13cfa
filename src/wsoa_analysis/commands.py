"""What each ``wsoa`` subcommand does, given its parsed arguments (``cli`` parses them).

Each is a thin wrapper over the library; the ones that only look at things (``cycles``,
``measure``, ``compare``, ``open``, ``pack --dry-run``) are in ``lookups``. Heavy imports
are made inside each command, so ``wsoa --help`` starts at once.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from wsoa_analysis.errors import ParameterError


def latest_cycle_date(params_dir: Path) -> dt.date:
    """The newest reporting date with a cycle file in ``params_dir`` (a broken cycle file
    that may be the newest is raised, naming it)."""
    from wsoa_analysis.config.settings import newest_cycle_date, read_cycle_files

    found = read_cycle_files(Path(params_dir))
    if not found.good and not found.broken:
        raise ParameterError(
            f"no cycle files (YYYY-MM-DD.yaml) in {params_dir}: give --date, or start a "
            "cycle with wsoa new-cycle"
        )
    return newest_cycle_date(Path(params_dir))


def reporting_date(args) -> dt.date:
    """``--date``, else (``--latest`` or neither) the newest cycle in ``--params``."""
    return args.date or latest_cycle_date(args.params)


def cmd_validate(args) -> int:
    from wsoa_analysis.inputs.everything import check_inputs
    from wsoa_analysis.inputs.schema import OPTIONAL_TABLES

    # first, which settings the data are checked against: --params, or the default folder
    print(f"Checking {args.data} with the settings in {args.params}", flush=True)
    ds = check_inputs(args.data, args.params)  # data, settings, cycle files, commentary
    given = {k: v for k, v in ds.tables.items() if k not in OPTIONAL_TABLES or len(v)}
    left = [k for k in ds.tables if k not in given]
    print(
        f"{args.data}: all {len(given)} tables are valid "
        f"({', '.join(f'{k} {len(v)}' for k, v in given.items())} rows)."
        + (f" Not supplied (optional): {', '.join(left)}." if left else "")
    )
    if ds.notes:
        print(f"{len(ds.notes)} value(s) were normalised on the way in:")
        for note in ds.notes[: args.max_notes]:
            print(f"  - {note}")
        if len(ds.notes) > args.max_notes:
            print(f"  ... and {len(ds.notes) - args.max_notes} more")
    if ds.warnings:  # e.g. a quote that may identify someone: to check, not refused
        print(f"{len(ds.warnings)} warning(s) to check before the pack is shared:")
        for warning in ds.warnings:
            print(f"  - {warning}")
    return 0


def cmd_status(args) -> int:
    from wsoa_analysis.context import load_context
    from wsoa_analysis.domain.summary import context_summary, format_summary

    summary = context_summary(load_context(reporting_date(args), args.data, args.params))
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


def pack_options(args):
    """The build's options from ``wsoa pack``'s arguments."""
    from wsoa_analysis.build.options import PackOptions

    return PackOptions(
        data_dir=args.data,
        params_dir=args.params,
        out_dir=args.out,
        notebooks_dir=args.notebooks,
        cell_timeout=args.cell_timeout,
        notebook_timeout=args.notebook_timeout,
        pdf_timeout=args.pdf_timeout,
        workers=args.workers,
        keep_going=args.keep_going,
        use_cache=not args.no_cache,
    )


def cmd_pack(args) -> int:
    from wsoa_analysis.build.pack import build_all, resolve_dates

    todo = resolve_dates(
        args.params, date=args.date, cycle_file=args.cycle_file, latest=args.latest, every=args.all
    )
    if args.dry_run:
        from wsoa_analysis.lookups import dry_run

        print(dry_run(todo, pack_options(args)))
        return 0
    from wsoa_analysis.build.lock import out_lock
    from wsoa_analysis.build.progress import reporter

    def say(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    with out_lock(args.out, args.lock_timeout, say=say), reporter() as listener:
        build_all(todo, pack_options(args), log=listener)
    return 0


def cmd_data_readme(args) -> int:
    from wsoa_analysis.inputs.datadoc import data_readme

    sys.stdout.write(data_readme(Path(getattr(args, "data", None) or "data")))
    return 0


def _status_words(params_dir: Path):
    """The area's status words, from its settings where there are any (``plan.statuses``);
    None (the workbook's BRAG words) where the folder holds no area settings."""
    from wsoa_analysis.config.settings import AREA_FILE, load_area

    if not (Path(params_dir) / AREA_FILE).is_file():
        return None
    return load_area(params_dir).plan.statuses


def cmd_template(args) -> int:
    from wsoa_analysis.inputs.workbook import write_template

    statuses = _status_words(args.params)
    print(f"wrote {write_template(args.file, force=args.force, statuses=statuses)}")
    return 0


def cmd_import(args) -> int:
    from wsoa_analysis.inputs.workbook_import import import_workbook

    changes = import_workbook(args.file, args.data, _status_words(args.params))
    for change in changes:
        print(change.summary())
    if not any(change.rewritten for change in changes):
        print(f"{args.data}: nothing changed, nothing written.")
    return 0


def cmd_export(args) -> int:
    from wsoa_analysis.inputs.workbook import export_workbook

    statuses = _status_words(args.params)
    print(f"wrote {export_workbook(args.data, args.file, force=args.force, statuses=statuses)}")
    return 0


def cmd_new_cycle(args) -> int:
    from wsoa_analysis.inputs.new_cycle import new_cycle

    for p in new_cycle(
        args.date, args.name, data_dir=args.data, params_dir=args.params, meeting=args.meeting
    ):
        print(f"wrote {p}")
    return 0


# --- looking without building (the work is in ``lookups``) ----------------------------------


def cmd_cycles(args) -> int:
    from wsoa_analysis.config.settings import read_cycle_files
    from wsoa_analysis.errors import InputError
    from wsoa_analysis.lookups import cycle_listing, format_cycles

    listing = cycle_listing(args.params, args.out)
    print(json.dumps(listing, indent=2) if args.json else format_cycles(listing, args.out))
    broken = read_cycle_files(Path(args.params)).problems()
    if broken:  # listed without them; each named, and the command exits 2
        raise InputError(broken)
    return 0


def cmd_measure(args) -> int:
    from wsoa_analysis.context import load_context
    from wsoa_analysis.lookups import format_facts, measure_facts, measure_row

    ctx = load_context(reporting_date(args), args.data, args.params)
    facts = measure_facts(measure_row(ctx.card, args.kpi_id), ctx)
    print(json.dumps(facts, indent=2, ensure_ascii=False) if args.json else format_facts(facts))
    return 0


def cmd_compare(args) -> int:
    from wsoa_analysis.config.settings import previous_cycle_date
    from wsoa_analysis.context import find_path, load_context
    from wsoa_analysis.errors import UsageError
    from wsoa_analysis.lookups import compare_cards, format_comparison

    now = args.to or latest_cycle_date(args.params)
    before = args.since or previous_cycle_date(find_path(args.params), now)
    if before is None:
        raise UsageError(f"no cycle before {now} in {args.params}: give --from DATE")
    if before >= now:
        raise UsageError(f"--from {before} is not before --to {now}")
    card_now = load_context(now, args.data, args.params).card
    card_before = load_context(before, args.data, args.params).card
    print(format_comparison(compare_cards(card_before, card_now, every=args.every), before, now))
    return 0


def cmd_open(args) -> int:
    from wsoa_analysis.lookups import open_in_browser, pack_page

    page = pack_page(args.out, args.date)
    print(page)
    if not args.no_browser and not open_in_browser(page):
        print("No browser could be started here: open the file above in one.")
    return 0
