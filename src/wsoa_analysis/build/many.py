"""Several cycles built at once, one per core, each in a process of its own (its notebooks
one after another), so the PDF of one cycle is laid out while another's notebooks run. Every
cycle is attempted; the failures are raised together at the end, each with its kind, so the
command can still say whether it was bad input or a published pack with failed pages."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
import threading
from pathlib import Path

from wsoa_analysis.build.events import BuildEvent, Listener, emit
from wsoa_analysis.build.lock import held_for_us, out_lock
from wsoa_analysis.build.options import PackOptions
from wsoa_analysis.build.publish import recover
from wsoa_analysis.build.revisions import published
from wsoa_analysis.config.settings import Cycle, load_area
from wsoa_analysis.errors import CyclesFailed, InputError, PackFailedPages

_log = logging.getLogger(__name__)
_EVENTS = None  # in a worker process: the queue its events go back to the parent by


def _start_worker(queue, out_dir: Path) -> None:
    global _EVENTS
    _EVENTS = queue
    held_for_us(out_dir)  # the parent holds the output folder's lock for every cycle


def _forward(event: BuildEvent) -> None:
    _EVENTS.put(dataclasses.replace(event, batch=True))


def _build_one(
    build_one, date: dt.date, options: PackOptions, cycle: Cycle
) -> tuple[str, str, str]:
    """One cycle, in a worker process: returns (date, kind, message), kind "" when it was
    published cleanly, else one of :data:`CyclesFailed.KINDS`."""
    day = date.isoformat()
    try:
        build_one(date, options, cycle=cycle, log=_forward)
    except InputError as err:
        return day, "input", f"{type(err).__name__}: {err}"
    except PackFailedPages as err:
        return day, "incomplete", f"{type(err).__name__}: {err}"
    except Exception as err:  # reported by date to the parent, which decides the exit
        return day, "failed", f"{type(err).__name__}: {err}"
    return day, "", ""


def _relay(queue, log: Listener | None) -> None:
    """In the parent: hand the workers' events to the listener until told to stop."""
    while (event := queue.get()) is not None:
        emit(_log, log, event)


def build_cycles(
    todo: list[tuple[dt.date, Cycle]],
    options: PackOptions,
    build_one,
    *,
    log: Listener | None = None,
    processes: int = 0,
) -> list[Path]:
    """Build every cycle in ``todo`` with ``build_one`` (``build_pack``, given by the caller
    so that this module needs nothing from it); returns the published folders. One cycle is
    built here, in this process; several, in worker processes. The output folder's lock is
    taken once, here, for all of them. Raises :class:`CyclesFailed` naming every cycle that
    was not published cleanly."""
    if len(todo) <= 1:
        return [build_one(d, options, cycle=c, log=log) for d, c in todo]
    with out_lock(options.out_dir) as out_dir:
        recover(out_dir)
        results = _in_workers(todo, options, build_one, log, processes, out_dir)
        from wsoa_analysis.render.site import write_index

        # when no cycle was published, still an index
        write_index(out_dir, load_area(Path(options.params_dir)), published(out_dir))
    failed = {day: (kind, message) for day, kind, message in results if kind}
    if failed:
        raise CyclesFailed(failed, len(todo))
    return [out_dir / day for day, _, _ in results]


def _in_workers(todo, options, build_one, log, processes, out_dir) -> list[tuple[str, str, str]]:
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    at_once = min(processes or max(1, os.cpu_count() or 1), len(todo))
    single = dataclasses.replace(options, workers=1)
    emit(_log, log, BuildEvent("cycles", count=len(todo), total=at_once))
    context = mp.get_context("forkserver")
    queue = context.Queue()
    relay = threading.Thread(target=_relay, args=(queue, log), daemon=True)
    relay.start()
    try:
        with ProcessPoolExecutor(
            max_workers=at_once,
            mp_context=context,
            initializer=_start_worker,
            initargs=(queue, out_dir),
        ) as pool:
            return list(
                pool.map(
                    _build_one,
                    [build_one] * len(todo),
                    [d for d, _ in todo],
                    [single] * len(todo),
                    [c for _, c in todo],
                )
            )
    finally:
        queue.put(None)
        relay.join()
