import io
import re

from wsoa_analysis.build.progress import reporter


def test_unattended_runs_write_plain_timestamped_lines():
    out = io.StringIO()
    with reporter(out, interactive=False) as log:
        log("Running 2 notebooks for 2022-09-30")
        log("  done: overview.ipynb (Overview) (3.2 s)")
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    assert all(re.match(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \S", line) for line in lines)
    assert "\x1b[" not in out.getvalue()  # no terminal control codes in a log file


def test_interactive_runs_show_a_bar_that_counts_notebooks():
    out = io.StringIO()
    with reporter(out, interactive=True) as log:
        log("Running 2 notebooks for 2022-09-30")
        log("  done: overview.ipynb (Overview) (3.2 s)")
        log("  done: priority_area.ipynb (Priority 1) (3.9 s)")
        task = log.progress.tasks[0]
        assert task.total == 2 and task.completed == 2
    assert "Notebooks for 2022-09-30" in out.getvalue()
