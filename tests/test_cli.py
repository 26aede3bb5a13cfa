"""The ``wsoa`` command line: help a newcomer can act on, options read exactly as typed, and
exit codes that say what happened (a usage error is not bad data)."""

import argparse
import re

import pytest

from conftest import MINI, ROOT
from wsoa_analysis import errors
from wsoa_analysis.cli import build_parser, main

DATA = ["--data", str(MINI / "data"), "--params", str(MINI / "params")]


def subparsers(parser=None) -> dict[str, argparse.ArgumentParser]:
    parser = parser or build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


COMMANDS = sorted(subparsers())


def test_the_commands_an_analyst_reaches_for_are_there():
    assert set(COMMANDS) >= {
        "validate",
        "status",
        "measure",
        "cycles",
        "compare",
        "open",
        "pack",
        "template",
        "export",
        "import",
        "new-cycle",
        "extract-dfe",
        "data-readme",
        "make-example-data",
    }


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_a_description_examples_and_exit_codes(name, capsys):
    with pytest.raises(SystemExit) as done:
        build_parser().parse_args([name, "--help"])
    assert done.value.code == 0
    text = capsys.readouterr().out
    parser = subparsers()[name]
    assert parser.description and len(parser.description.splitlines()) >= 3
    assert f"examples:\n  wsoa {name}" in text
    for code, meaning in errors.EXIT_CODES.items():
        assert f"{code:>3}  {meaning}" in text


@pytest.mark.parametrize("name", COMMANDS)
def test_every_option_says_what_it_does(name):
    parser = subparsers()[name]
    silent = [
        a.option_strings or a.dest
        for a in parser._actions
        if not a.help or a.help == argparse.SUPPRESS
    ]
    assert not silent


def test_top_level_help_lists_the_exit_codes_and_examples(capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--help"])
    text = capsys.readouterr().out
    assert "  64  the command line is wrong" in text and "   2  bad input data" in text
    assert "examples:\n  wsoa validate" in text


def test_exit_codes_are_distinct_and_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    codes = [
        errors.EXIT_OK,
        errors.EXIT_FAILED,
        errors.EXIT_INPUT,
        errors.EXIT_INCOMPLETE,
        errors.EXIT_USAGE,
        errors.EXIT_BUG,
        errors.EXIT_INTERRUPTED,
    ]
    assert len(set(codes)) == len(codes) == len(errors.EXIT_CODES)
    for code in codes:
        assert re.search(rf"^\| {code} \| ", readme, re.M), f"exit code {code} not in README"
    assert errors.EXIT_USAGE == 64 and errors.EXIT_INPUT == 2


@pytest.mark.parametrize(
    "argv, message",
    [
        (["pack", "--lat"], "required"),  # no abbreviations
        (["status", "--lat"], "unrecognized arguments: --lat"),
        (["validate", "--dat", "data"], "unrecognized arguments: --dat"),
        (["pack", "--latest", "--date", "2022-09-30"], "not allowed with argument --latest"),
        (["pack", "--all", "--latest"], "not allowed with argument --all"),
        (["pack", "params/2022-09-30.yaml", "--latest"], "not allowed with argument"),
        (["pack"], "one of the arguments cycle_file --date --latest --all is required"),
        (["status", "--latest", "--date", "2022-09-30"], "not allowed with argument --latest"),
        (["measure", "A-1", "--latest", "--date", "2022-09-30"], "not allowed"),
        (["open", "--latest", "--date", "2022-09-30"], "not allowed with argument --latest"),
        (["compare", "--latest", "--to", "2022-09-30"], "not allowed with argument --latest"),
        (["status", "--date", "31/08/2022"], "'31/08/2022' is not a date"),
        (["measure"], "the following arguments are required: kpi_id"),
        (["no-such-command"], "invalid choice: 'no-such-command'"),
        ([], "the following arguments are required: COMMAND"),
    ],
)
def test_a_command_line_that_cannot_be_used_exits_64(argv, message, capsys):
    assert main(argv) == errors.EXIT_USAGE == 64
    err = capsys.readouterr().err
    assert message in err and "usage: wsoa" in err and "Traceback" not in err


def test_bad_data_still_exits_2(mini_data, capsys):
    (mini_data / "kpis.csv").unlink()
    assert main(["validate", "--data", str(mini_data)]) == 2
    assert "kpis.csv: the file is missing" in capsys.readouterr().err


def test_help_and_version_exit_0(capsys):
    assert main(["--version"]) == 0
    assert main(["status", "--help"]) == 0


@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_works_before_or_after_the_command(where, monkeypatch, capsys):
    from wsoa_analysis import commands

    def broken(args):
        raise RuntimeError("a bug")

    monkeypatch.setattr(commands, "cmd_validate", broken)
    argv = ["--debug", "validate"] if where == "before" else ["validate", "--debug"]
    with pytest.raises(RuntimeError, match="a bug"):
        main(argv)
    # and without it, a message and exit 70
    assert main(["validate"]) == errors.EXIT_BUG
    assert "unexpected error: RuntimeError: a bug" in capsys.readouterr().err


def test_debug_before_the_command_is_not_undone_by_the_command():
    args = build_parser().parse_args(["--debug", "status", "--latest"])
    assert args.debug is True
    assert build_parser().parse_args(["status"]).debug is False
    assert build_parser().parse_args(["status", "--debug"]).debug is True


def test_status_takes_latest_and_defaults_to_it(capsys):
    assert main(["status", "--latest", *DATA]) == 0
    latest = capsys.readouterr().out
    assert "position at 2022-09-30" in latest
    assert main(["status", *DATA]) == 0
    assert capsys.readouterr().out == latest
    assert main(["status", "--date", "2022-06-30", *DATA]) == 0
    assert "position at 2022-06-30" in capsys.readouterr().out


def test_latest_with_no_cycle_files_says_so(tmp_path, capsys):
    params = tmp_path / "params"
    params.mkdir()
    (params / "area.yaml").write_text((MINI / "params" / "area.yaml").read_text())
    code = main(["status", "--latest", "--data", str(MINI / "data"), "--params", str(params)])
    assert code == errors.EXIT_FAILED
    assert f"no cycle files (YYYY-MM-DD.yaml) in {params}: give --date" in capsys.readouterr().err


def test_validate_says_first_which_settings_it_checks_against(mini_data, capsys, monkeypatch):
    """Without --params the default folder is used: the first line says so, so data checked
    against another area's settings are never silently passed or failed."""
    from conftest import MINI

    main(["validate", "--data", str(mini_data), "--params", str(MINI / "params")])
    first = capsys.readouterr().out.splitlines()[0]
    assert first == f"Checking {mini_data} with the settings in {MINI / 'params'}"
    monkeypatch.chdir(mini_data.parent)
    main(["validate", "--data", str(mini_data)])
    assert capsys.readouterr().out.splitlines()[0].endswith("with the settings in params")
