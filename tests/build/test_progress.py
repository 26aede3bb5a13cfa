import io
import re

from wsoa_analysis.build.events import BuildEvent
from wsoa_analysis.build.progress import reporter

RUNNING = BuildEvent("running", "2022-09-30", count=2)


def started(slug):
    return BuildEvent("page_started", "2022-09-30", slug, f"{slug}.ipynb")


def finished(slug, kind="page_finished"):
    return BuildEvent(kind, "2022-09-30", slug, f"{slug}.ipynb", seconds=3.2)


def test_unattended_runs_write_plain_timestamped_lines():
    out = io.StringIO()
    with reporter(out, interactive=False) as listener:
        listener(RUNNING)
        listener(started("overview"))  # nothing to say in a plain log
        listener(finished("overview"))
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    assert all(re.match(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \S", line) for line in lines)
    assert lines[0].endswith("Running 2 notebooks for 2022-09-30")
    assert lines[1].endswith("done: overview.ipynb (3.2 s)")
    assert "\x1b[" not in out.getvalue()  # no terminal control codes in a log file


def test_interactive_runs_show_a_line_per_notebook_and_per_stage():
    out = io.StringIO()
    with reporter(out, interactive=True) as listener:
        listener(RUNNING)
        listener(started("overview"))
        listener(started("priority-1"))
        running = [t.description.strip() for t in listener.progress.tasks]
        assert running == ["Notebooks for 2022-09-30", "overview.ipynb", "priority-1.ipynb"]
        listener(finished("overview"))
        listener(finished("priority-1", "page_failed"))
        tasks = listener.progress.tasks
        assert len(tasks) == 3  # a notebook's line stays, saying how it ended
        assert tasks[0].total == 2 and tasks[0].completed == 2
        assert [t.fields["state"] for t in tasks[1:]] == ["done (3.2 s)", "FAILED (3.2 s)"]
        listener(BuildEvent("writing_workbook", "2022-09-30"))
        listener(BuildEvent("writing_pdf", "2022-09-30"))
        stages = {t.description: t for t in listener.progress.tasks[3:]}
        assert stages["Data workbook"].finished and not stages["PDF"].finished
        listener(BuildEvent("published", "2022-09-30", path="out/2022-09-30"))
        assert stages["PDF"].finished
    text = out.getvalue()
    assert "Notebooks for 2022-09-30" in text
    assert "FAILED: priority-1.ipynb (3.2 s)" in text


def test_unattended_runs_stamp_whatever_else_reaches_stdout_and_stderr(capfd):
    import os
    import subprocess
    import sys

    from wsoa_analysis.build.progress import stamped_fds

    with stamped_fds(1, 2):
        os.write(2, b"Timeout waiting for execute reply (1s).\n")
        subprocess.run([sys.executable, "-c", "print('from a worker')"], check=True)
    captured = capfd.readouterr()
    stamp = r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} "
    assert re.fullmatch(stamp + r"Timeout waiting for execute reply \(1s\)\.\n", captured.err)
    assert re.fullmatch(stamp + r"from a worker\n", captured.out)


def test_batch_events_name_their_cycle():
    out = io.StringIO()
    with reporter(out, interactive=False) as listener:
        listener(BuildEvent("writing_pdf", "2022-06-30", batch=True))
    assert out.getvalue().rstrip().endswith("[2022-06-30] Writing the PDF")


def test_leaving_the_stamped_block_waits_for_the_pump_not_a_clock(capfd, monkeypatch):
    # once its pipe is closed the pump ends at once; polling with sleeps kept every build,
    # warm ones too, waiting a second per stream
    import os

    from wsoa_analysis.build import progress

    def no_sleeping(seconds):
        raise AssertionError(f"slept {seconds} s on the way out")

    with progress.stamped_fds(1, 2):
        os.write(1, b"a line\n")
        monkeypatch.setattr(progress.time, "sleep", no_sleeping)
    assert capfd.readouterr().out.endswith(" a line\n")
