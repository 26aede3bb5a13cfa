"""The build's events: their wording is what logs and the benchmark read, so it is pinned."""

import importlib.util

import pytest

from conftest import ROOT
from wsoa_analysis.build.events import KINDS, BuildEvent, emit


@pytest.mark.parametrize(
    "event, line",
    [
        (BuildEvent("validating", path="/d"), "Validating /d"),
        (
            BuildEvent("plan_reused", path="/d"),
            "Inputs unchanged since they were last validated: /d",
        ),
        (BuildEvent("pages_reused", count=3, total=4), "Reusing 3 of 4 pages from the cache"),
        (BuildEvent("running", "2022-09-30", count=4), "Running 4 notebooks for 2022-09-30"),
        (BuildEvent("page_started", name="a.ipynb (A)"), ""),
        (
            BuildEvent("page_finished", name="a.ipynb (A)", seconds=3.25),
            "  done: a.ipynb (A) (3.2 s)",
        ),
        (BuildEvent("page_failed", name="a.ipynb (A)", seconds=1), "  FAILED: a.ipynb (A) (1.0 s)"),
        (BuildEvent("pdf_reused"), "Reusing the PDF from the cache"),
        (BuildEvent("writing_pdf"), "Writing the PDF"),
        (BuildEvent("writing_workbook"), "Writing the data workbook"),
        (BuildEvent("published", path="/o/2022-09-30"), "Published /o/2022-09-30"),
        (BuildEvent("cycles", count=3, total=2), "Building 3 cycles, 2 at a time"),
        (
            BuildEvent("context_ready", "2022-09-30", seconds=1.04),
            "Computed the figures for 2022-09-30 once for every page (1.0 s)",
        ),
        (BuildEvent("writing_pdf", "2022-06-30", batch=True), "[2022-06-30] Writing the PDF"),
    ],
)
def test_each_event_reads_as_one_line(event, line):
    assert event.message == line


def test_every_kind_has_words_and_unknown_kinds_are_refused():
    for kind in KINDS:
        assert isinstance(BuildEvent(kind, seconds=0.0, count=0, total=0).message, str)
    with pytest.raises(ValueError, match="unknown build event kind 'finished'"):
        BuildEvent("finished")


def test_emit_logs_on_the_module_logger_and_tells_the_listener(caplog):
    import logging

    got = []
    event = BuildEvent("writing_pdf", "2022-09-30")
    with caplog.at_level(logging.INFO, logger="wsoa_analysis.build"):
        emit(logging.getLogger("wsoa_analysis.build.outputs"), got.append, event)
    assert got == [event]
    assert [(r.name, r.getMessage()) for r in caplog.records] == [
        ("wsoa_analysis.build.outputs", "Writing the PDF")
    ]
    assert caplog.records[0].build_event is event


def _bench():
    spec = importlib.util.spec_from_file_location("bench", ROOT / "benchmarks" / "bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_benchmark_reads_the_stages_from_the_plain_log():
    """benchmarks/bench.py times a build's stages from the lines an unattended build writes."""
    import io

    from wsoa_analysis.build.progress import reporter

    events = [
        BuildEvent("validating", path="/d"),
        BuildEvent("context_ready", "2022-09-30", seconds=1.0),
        BuildEvent("running", "2022-09-30", count=2),
        BuildEvent("page_started", "2022-09-30", "overview", "overview.ipynb (Overview)"),
        BuildEvent("page_finished", "2022-09-30", "overview", "overview.ipynb (Overview)", 3.5),
        BuildEvent("page_failed", "2022-09-30", "priority-1", "priority_area.ipynb (P1)", 4.0),
        BuildEvent("writing_pdf", "2022-09-30"),
        BuildEvent("published", "2022-09-30", path="/o/2022-09-30"),
    ]
    out = io.StringIO()
    with reporter(out, interactive=False) as listener:
        for e in events:
            listener(e)
    lines = [(float(i), text) for i, text in enumerate(out.getvalue().splitlines(), start=1)]
    stages = _bench().ours_stages(lines, wall=10.0)
    assert stages["start-up (to 'Validating')"] == 1.0
    assert stages["validate + plan (to 'Running')"] == 2.0
    assert stages["notebooks (to last 'done')"] == 2.0
    assert stages["PDF + manifest (to 'Published')"] == 1.0
    assert [(n["status"], n["name"], n["reported"]) for n in stages["_notebooks"]] == [
        ("done", "overview.ipynb (Overview)", 3.5),
        ("FAILED", "priority_area.ipynb (P1)", 4.0),
    ]
