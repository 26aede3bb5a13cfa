"""The exit status of ``wsoa``, case by case: every code in the README's table is reached by a
real command line, ordinary mistakes in the input give 2 (never 70, "please report it"), and
the README lists exactly the codes the command uses."""

import errno
import os
import re
import shutil
import subprocess
import sys

import pytest

from conftest import MINI, ROOT, set_csv_cell
from wsoa_analysis import errors
from wsoa_analysis.cli import main

NOTEBOOKS = ROOT / "notebooks"


@pytest.fixture
def inputs(tmp_path):
    """Writable copies of the fixture's data and settings, and a folder to publish in."""
    shutil.copytree(MINI / "data", tmp_path / "data")
    shutil.copytree(MINI / "params", tmp_path / "params")
    return tmp_path


def _args(t, *argv):
    return [*argv, "--data", str(t / "data"), "--params", str(t / "params")]


def _pack(t, *extra, which=("--date", "2022-09-30")):
    out = ["--out", str(t / "out"), "--notebooks", str(NOTEBOOKS)]
    return _args(t, "pack", *which, *out, *extra)


def _append(path, text):
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


# --- the cases: (name, how the inputs are damaged, the command line, expected code) ---------


def _year_3021(t):
    set_csv_cell(t / "data" / "observations.csv", 2, "period_end", "3021-09-30")


def _extra_field(t):
    path = t / "data" / "kpis.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] += ",extra"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _bad_cycle(t):
    (t / "params" / "2023-12-31.yaml").write_text("reporting_date: 2023-13-45\ncycle_name: X\n")


def _bad_area(t):
    _replace(t / "params" / "area.yaml", "distance: 10", "distance: ten")


def _unknown_heading(t):
    _append(t / "data" / "commentary" / "2022-09-30.md", "\n### Z-9: gone\n\ntext\n")


def _missing_colon(t):
    _append(t / "data" / "commentary" / "2022-09-30.md", "\n### A-1 Annual review\n")


def _too_deep(t):
    _append(t / "data" / "commentary" / "2022-09-30.md", "\n#### Annual review\n")


def _duplicate_key(t):
    _append(t / "params" / "2022-09-30.yaml", "cycle_name: again\n")


def _alias(t):
    (t / "params" / "2022-09-30.yaml").write_text(
        "a: &a [x, x]\nb: [*a, *a]\nreporting_date: 2022-09-30\ncycle_name: Q2\n"
    )


def _notebook_outside(t):
    _replace(
        t / "params" / "area.yaml", "\npack:\n", '\npack:\n  notebooks:\n    "1": ../x.ipynb\n'
    )


def _out_is_a_file(t):
    (t / "out").write_text("not a folder")


def _nothing(t):
    pass


CASES = [
    ("valid", _nothing, lambda t: _args(t, "validate"), 0),
    ("year 3021", _year_3021, lambda t: _args(t, "validate"), 2),
    ("year 3021, status", _year_3021, lambda t: _args(t, "status"), 2),
    ("extra field in the first row", _extra_field, lambda t: _args(t, "validate"), 2),
    ("extra field, pack", _extra_field, _pack, 2),
    ("bad cycle file, validate", _bad_cycle, lambda t: _args(t, "validate"), 2),
    ("bad cycle file, cycles", _bad_cycle, lambda t: ["cycles", "--params", str(t / "params")], 2),
    ("bad cycle file, its own date", _bad_cycle, lambda t: _args(t, "status", "--latest"), 2),
    (
        "bad cycle file, another date",
        _bad_cycle,
        lambda t: _args(t, "status", "--date", "2022-09-30"),
        0,
    ),
    ("bad cycle file, pack --all", _bad_cycle, lambda t: _pack(t, which=("--all",)), 2),
    ("bad area.yaml, validate", _bad_area, lambda t: _args(t, "validate"), 2),
    ("unknown heading, validate", _unknown_heading, lambda t: _args(t, "validate"), 2),
    ("unknown heading, pack", _unknown_heading, _pack, 2),
    ("heading without its colon", _missing_colon, lambda t: _args(t, "validate"), 2),
    ("heading one level too deep", _too_deep, lambda t: _args(t, "validate"), 2),
    ("duplicate YAML key", _duplicate_key, lambda t: _args(t, "validate"), 2),
    ("YAML alias", _alias, lambda t: _args(t, "validate"), 2),
    ("notebook outside notebooks/", _notebook_outside, _pack, 2),
    ("--out is a file", _out_is_a_file, _pack, 1),
    (
        "--out inside the data folder",
        _nothing,
        lambda t: _args(t, "pack", "--date", "2022-09-30", "--out", str(t / "data" / "packs")),
        1,
    ),
    (
        "--out is the settings folder",
        _nothing,
        lambda t: _args(t, "pack", "--date", "2022-09-30", "--out", str(t / "params")),
        1,
    ),
    ("--cell-timeout 0", _nothing, lambda t: _pack(t, "--cell-timeout", "0"), 64),
    ("--notebook-timeout -1", _nothing, lambda t: _pack(t, "--notebook-timeout=-1"), 64),
    ("unknown option", _nothing, lambda t: _args(t, "validate", "--bogus"), 64),
    ("no cycle to open", _nothing, lambda t: ["open", "--out", str(t / "none"), "--no-browser"], 1),
]


@pytest.mark.parametrize("case, damage, argv, code", CASES, ids=[c[0] for c in CASES])
def test_exit_code(inputs, capsys, case, damage, argv, code):
    damage(inputs)
    assert main(argv(inputs)) == code, capsys.readouterr().err
    err = capsys.readouterr().err
    assert "unexpected error" not in err and "Traceback" not in err
    if code == 2:
        assert not (inputs / "out" / "2022-09-30").exists()


def test_a_bad_commentary_heading_stops_the_build_before_any_notebook_and_is_said_once(
    inputs, capsys
):
    _unknown_heading(inputs)
    assert main(_pack(inputs)) == 2
    err = capsys.readouterr().err
    assert err.count("commentary/2022-09-30.md line 23: '### Z-9: gone'") == 1, err
    assert "Running" not in err and not (inputs / "out" / ".work" / "2022-09-30").exists()


def test_pack_all_with_bad_data_exits_2(inputs, capsys):
    (inputs / "data" / "kpis.csv").unlink()
    assert main(_pack(inputs, which=("--all",))) == 2
    assert "kpis.csv: the file is missing" in capsys.readouterr().err


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS, errno.EACCES])
def test_a_full_or_read_only_disk_exits_1_naming_the_file(inputs, capsys, monkeypatch, code):
    from wsoa_analysis.build import cache

    def full(*args, **kwargs):
        raise OSError(code, os.strerror(code), str(inputs / "out" / ".cache" / "plan"))

    monkeypatch.setattr(cache.BuildCache, "put_json", full)
    assert main(_pack(inputs)) == 1
    err = capsys.readouterr().err
    assert f"out/.cache/plan: {os.strerror(code)}; nothing was published" in err, err
    assert not (inputs / "out" / "2022-09-30").exists()


def test_an_out_folder_that_cannot_be_written_is_refused_before_anything_runs(
    inputs, capsys, monkeypatch
):
    from wsoa_analysis.build import options

    monkeypatch.setattr(options.os, "access", lambda path, mode: False)
    assert main(_pack(inputs)) == 1
    assert "cannot be written (read-only)" in capsys.readouterr().err


def test_any_other_os_error_is_still_a_bug(inputs, capsys, monkeypatch):
    from wsoa_analysis.build import cache

    def broken(*args, **kwargs):
        raise FileNotFoundError(errno.ENOENT, "No such file or directory", "x")

    monkeypatch.setattr(cache.BuildCache, "put_json", broken)
    assert main(_pack(inputs)) == errors.EXIT_BUG


def test_keep_going_with_a_failed_page_exits_3(inputs, tmp_path, capsys):
    notebooks = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS, notebooks, ignore=shutil.ignore_patterns("scratch"))
    path = notebooks / "priority_area.ipynb"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('"source": [', '"source": [\n    "assert priority_id != \'2\'\\n",', 2)
    )
    argv = _pack(inputs, "--keep-going")
    argv[argv.index(str(NOTEBOOKS))] = str(notebooks)
    assert main(argv) == errors.EXIT_INCOMPLETE, capsys.readouterr().err


def test_ctrl_c_exits_130(monkeypatch, capsys):
    from wsoa_analysis import commands

    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(commands, "cmd_validate", interrupted)
    assert main(["validate"]) == errors.EXIT_INTERRUPTED == 130


def test_a_bug_exits_70(monkeypatch, capsys):
    from wsoa_analysis import commands

    def bug(args):
        raise RuntimeError("x" * 100_000)

    monkeypatch.setattr(commands, "cmd_validate", bug)
    assert main(["validate"]) == errors.EXIT_BUG == 70
    assert len(capsys.readouterr().err) < 2000  # even the unexpected is kept short


# --- as a scheduled run sees it: the real command, in its own process ------------------------


@pytest.mark.parametrize(
    "damage, argv, code",
    [
        (_nothing, lambda t: _args(t, "validate"), 0),
        (_year_3021, lambda t: _args(t, "validate"), 2),
        (_bad_cycle, lambda t: ["cycles", "--params", str(t / "params")], 2),
        (_nothing, lambda t: _pack(t, "--cell-timeout", "0"), 64),
    ],
    ids=["valid", "year 3021", "bad cycle file", "cell timeout 0"],
)
def test_exit_code_of_the_real_command(inputs, damage, argv, code):
    damage(inputs)
    done = subprocess.run(
        [sys.executable, "-m", "wsoa_analysis.cli", *argv(inputs)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr


# --- the README's table -------------------------------------------------------------------


def test_the_readme_lists_exactly_the_codes_the_command_uses():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| code | meaning |") :].split("\n\n", 1)[0]
    listed = [int(c) for c in re.findall(r"^\| (\d+) \|", table, re.M)]
    used = sorted(
        value
        for name, value in vars(errors).items()
        if name.startswith("EXIT_") and isinstance(value, int)
    )
    assert listed == used == sorted(errors.EXIT_CODES)
    for code in used:  # every code of the table is reached by a case above
        assert any(c[3] == code for c in CASES) or code in (3, 70, 130)


def test_a_time_limit_of_zero_is_refused_by_the_command_line_and_by_the_options(capsys):
    from wsoa_analysis.build.options import PackOptions

    assert main(["pack", "--latest", "--cell-timeout", "0"]) == errors.EXIT_USAGE
    assert "argument --cell-timeout: '0': give a number of seconds above 0" in (
        capsys.readouterr().err
    )
    with pytest.raises(errors.UsageError, match="notebook_timeout must be a number of seconds"):
        PackOptions(notebook_timeout=0)


def test_a_notebook_linked_from_outside_the_notebooks_folder_is_refused(inputs, capsys):
    notebooks = inputs / "notebooks"
    shutil.copytree(NOTEBOOKS, notebooks, ignore=shutil.ignore_patterns("scratch"))
    outside = inputs / "outside.ipynb"
    shutil.copyfile(NOTEBOOKS / "priority_area.ipynb", outside)
    (notebooks / "mine.ipynb").symlink_to(outside)
    _replace(
        inputs / "params" / "area.yaml", "\npack:\n", '\npack:\n  notebooks:\n    "1": mine.ipynb\n'
    )
    argv = _pack(inputs)
    argv[argv.index(str(NOTEBOOKS))] = str(notebooks)
    assert main(argv) == 2
    assert "area.yaml: setting 'pack.notebooks.1' = 'mine.ipynb' is outside the notebooks" in (
        capsys.readouterr().err
    )


def test_validate_refuses_a_settings_folder_with_no_cycle_file(inputs, capsys):
    for cycle in (inputs / "params").glob("????-??-??.yaml"):
        cycle.unlink()
    assert main(_args(inputs, "validate")) == 2
    assert "has no cycle file" in capsys.readouterr().err
