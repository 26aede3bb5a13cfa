"""One build at a time per output folder: a second run waits, saying so in one line, and
gives up after --lock-timeout with exit 1, building nothing; the lock goes with its process."""

import shutil
import signal
import subprocess
import sys
import time

import pytest

from conftest import MINI
from wsoa_analysis.build.lock import out_lock
from wsoa_analysis.cli import main
from wsoa_analysis.errors import BuildError

HOLD = """
import sys, time
from wsoa_analysis.build.lock import out_lock
with out_lock(sys.argv[1]):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


@pytest.fixture
def holder(tmp_path):
    """Another run holding ``tmp_path/out`` for a given time (a process of its own)."""
    started = []

    def start(seconds):
        proc = subprocess.Popen(
            [sys.executable, "-c", HOLD, str(tmp_path / "out"), str(seconds)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout.readline().strip() == "held"
        started.append(proc)
        return proc

    yield start
    for proc in started:
        proc.kill()
        proc.wait()


def test_a_second_run_waits_saying_so_once_then_gives_up(tmp_path, holder):
    proc = holder(30)
    said = []
    start = time.monotonic()
    with pytest.raises(BuildError, match=rf"still being built by another run \(pid {proc.pid}\)"):
        with out_lock(tmp_path / "out", timeout=0.6, say=said.append, poll=0.05):
            pytest.fail("the lock was taken while another run held it")
    assert time.monotonic() - start >= 0.6
    assert said == [
        f"{(tmp_path / 'out').resolve()} is being built by another run (pid {proc.pid}); waiting…"
    ]


def test_a_second_run_goes_ahead_when_the_first_finishes(tmp_path, holder):
    holder(0.8)
    said = []
    start = time.monotonic()
    with out_lock(tmp_path / "out", timeout=30, say=said.append, poll=0.05):
        waited = time.monotonic() - start
    assert 0.3 < waited < 20 and len(said) == 1


def test_the_lock_goes_with_a_killed_run(tmp_path, holder):
    proc = holder(60)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    said = []
    with out_lock(tmp_path / "out", timeout=5, say=said.append, poll=0.05):
        pass
    assert said == []


def test_held_once_per_process(tmp_path):
    with out_lock(tmp_path / "out", timeout=0.2):
        with out_lock(tmp_path / "out", timeout=0.2):  # build_all, then build_pack
            pass


def test_wsoa_pack_exits_1_publishing_nothing_while_another_run_builds(tmp_path, holder, capsys):
    shutil.copytree(MINI / "data", tmp_path / "data")
    holder(30)
    status = main(
        [
            "pack",
            "--date",
            "2022-09-30",
            "--data",
            str(tmp_path / "data"),
            "--params",
            str(MINI / "params"),
            "--out",
            str(tmp_path / "out"),
            "--lock-timeout",
            "0.5",
        ]
    )
    err = capsys.readouterr().err
    assert status == 1
    assert "is being built by another run" in err and "waiting…" in err
    assert "still being built by another run" in err and "--lock-timeout" in err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [".lock"]


@pytest.mark.slow
def test_two_runs_into_one_folder_at_once_both_publish_a_whole_pack(tmp_path):
    import tiny_notebooks

    shutil.copytree(MINI / "data", tmp_path / "data")
    tiny_notebooks.notebooks(tmp_path / "notebooks")
    command = [sys.executable, "-m", "wsoa_analysis.cli", "pack", "--date", "2022-09-30"]
    for option in ("data", "notebooks", "out"):
        command += [f"--{option}", str(tmp_path / option)]
    command += ["--params", str(MINI / "params")]
    runs = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    results = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], results
    assert sum("is being built by another run" in err for _, err in results) == 1
    pack = tmp_path / "out" / "2022-09-30"
    for name in ("overview.html", "priority-1.html", "appendix.pdf", "data.xlsx", "manifest.json"):
        assert (pack / name).is_file(), name
    assert not list((tmp_path / "out").glob(".staging-*"))
