import datetime as dt
import shutil

import pytest

from conftest import MINI, ROOT
from wsoa_analysis.config import settings
from wsoa_analysis.errors import ParameterError, SettingsError


@pytest.fixture
def params(tmp_path):
    dest = tmp_path / "params"
    shutil.copytree(MINI / "params", dest)
    return dest


@pytest.mark.parametrize("folder", [ROOT / "params", MINI / "params"])
def test_the_committed_settings_are_valid(folder):
    area = settings.load_area(folder)
    assert area.plan.end_date > dt.date(2021, 1, 1)
    assert all(c.cycle_name for c in settings.cycles(folder))


@pytest.mark.parametrize(
    "section, line",
    [
        ("plan", "  short_title: WSoA"),
        ("plan", "  published: 2022-01-31"),
        ("plan", "  baseline_date: 2021-06-30"),
        ("area", "  nickname: Fixtures"),
    ],
)
def test_a_setting_nothing_reads_is_refused_as_unknown(params, section, line):
    path = params / "area.yaml"
    text = path.read_text().replace(f"{section}:\n", f"{section}:\n{line}\n", 1)
    path.write_text(text)
    name = line.strip().split(":")[0]
    with pytest.raises(ParameterError, match=f"unknown setting '{section}.{name}'"):
        settings.load_area(params)


def test_a_cycle_note_is_refused_as_unknown(params):
    path = params / "2022-09-30.yaml"
    path.write_text(path.read_text() + "notes: remember the minutes\n")
    with pytest.raises(ParameterError, match="unknown setting 'notes'"):
        settings.load_cycle(path)


@pytest.mark.parametrize(
    "text, message",
    [
        ("reporting_date: 2022-09-30\ncycle_name: '  '\n", "setting 'cycle_name'"),
        ("cycle_name: Q2\n", "setting 'reporting_date'"),
        ("- a list\n", "expected settings as 'name: value' lines"),
        ("reporting_date: [2022\n", "is not valid YAML"),
    ],
)
def test_a_bad_cycle_file_is_named(params, text, message):
    path = params / "2022-12-31.yaml"
    path.write_text(text)
    with pytest.raises(ParameterError, match=message) as info:
        settings.load_cycle(path)
    assert str(path) in str(info.value)


def test_cycles_are_listed_oldest_first_whatever_their_file_names(params):
    (params / "a-late-one.yaml").write_text("reporting_date: 2023-03-31\ncycle_name: Year end\n")
    (params / "z-early-one.yaml").write_text("reporting_date: 2022-03-31\ncycle_name: Start\n")
    assert [c.cycle_name for c in settings.cycles(params)] == [
        "Start",
        "Quarter 1 review",
        "Quarter 2 review",
        "Year end",
    ]


def test_a_date_with_no_cycle_file_gets_a_cycle_named_after_it(params):
    assert settings.cycle_for_date(params, dt.date(2022, 9, 30)).meeting == "Board, October 2022"
    adhoc = settings.cycle_for_date(params, dt.date(2022, 12, 31))
    assert (adhoc.cycle_name, adhoc.meeting) == ("Position at 31 December 2022", "")


def test_the_previous_cycle_is_the_latest_earlier_one_unless_the_file_names_it(params):
    assert settings.previous_cycle_date(params, dt.date(2022, 9, 30)) == dt.date(2022, 6, 30)
    assert settings.previous_cycle_date(params, dt.date(2022, 6, 30)) is None
    assert settings.previous_cycle_date(params, dt.date(2022, 12, 31)) == dt.date(2022, 9, 30)
    path = params / "2022-09-30.yaml"
    path.write_text(path.read_text() + "previous_reporting_date: 2022-03-31\n")
    assert settings.previous_cycle_date(params, dt.date(2022, 9, 30)) == dt.date(2022, 3, 31)


@pytest.mark.parametrize("given", ["latest", "", None, " latest "])
def test_latest_means_the_newest_cycle_whatever_its_file_name(params, given):
    (params / "a-late-one.yaml").write_text("reporting_date: 2023-03-31\ncycle_name: Year end\n")
    assert settings.reporting_date_or_newest(given, params) == dt.date(2023, 3, 31)


@pytest.mark.parametrize("given", ["2022-06-30", dt.date(2022, 6, 30)])
def test_a_reporting_date_is_kept_as_given(params, given):
    assert settings.reporting_date_or_newest(given, params) == given


def test_latest_with_no_cycle_files_says_what_to_add(tmp_path):
    (tmp_path / "area.yaml").write_text("")
    with pytest.raises(ParameterError, match=r"no cycle files in .*e\.g\. 2023-09-30\.yaml"):
        settings.reporting_date_or_newest("latest", tmp_path)


BOMB = "".join(
    f"{c}: &{c} [{', '.join([f'*{p}'] * 9) if p else ', '.join(['lol'] * 9)}]\n"
    for p, c in zip(["", "a", "b", "c", "d", "e", "f", "g"], "abcdefgh", strict=True)
)


def test_an_alias_bomb_is_refused_in_a_few_hundred_characters(params):
    path = params / "2022-09-30.yaml"
    path.write_text(BOMB + "reporting_date: 2022-09-30\ncycle_name: Q2\n")
    with pytest.raises(SettingsError) as info:
        settings.load_cycle(path)
    text = str(info.value)
    assert f"{path}: aliases (*a) are not allowed in settings" in text and "(line 2)" in text
    assert len(text) < 500


@pytest.mark.parametrize("file", ["area.yaml", "2022-09-30.yaml"])
def test_a_setting_given_twice_is_refused_naming_file_line_and_key(params, file):
    path = params / file
    first = path.read_text().splitlines()[0]
    path.write_text(path.read_text() + first + "\n")
    line = len(path.read_text().splitlines())
    key = first.split(":")[0]
    with pytest.raises(SettingsError, match=rf"'{key}' is given twice \(first on line 1\)") as e:
        settings.load_area(params) if file == "area.yaml" else settings.load_cycle(path)
    assert f"{path}: " in str(e.value) and f"(line {line})" in str(e.value)


def test_a_long_value_is_quoted_short(params):
    path = params / "area.yaml"
    text = path.read_text().replace("distance: 10", f"distance: {'x' * 100_000}")
    path.write_text(text)
    with pytest.raises(SettingsError) as info:
        settings.load_area(params)
    assert len(str(info.value)) < 1000 and "(100000 characters, cut short)" in str(info.value)


@pytest.mark.parametrize("name", ["/etc/x.ipynb", "../elsewhere.ipynb", "a/../../b.ipynb"])
def test_an_area_notebook_must_be_in_the_notebooks_folder(params, name):
    path = params / "area.yaml"
    path.write_text(
        path.read_text().replace("\npack:\n", f'\npack:\n  notebooks:\n    "1": {name}\n')
    )
    with pytest.raises(SettingsError, match="is not a notebook in the notebooks folder"):
        settings.load_area(params)


def test_a_broken_cycle_file_breaks_only_what_reads_it(params):
    bad = params / "2023-12-31.yaml"
    bad.write_text("reporting_date: 2023-13-45\ncycle_name: X\n")
    said = rf"{bad}: '2023-13-45' is not a real date"
    assert settings.cycle_for_date(params, dt.date(2022, 9, 30)).cycle_name == "Quarter 2 review"
    assert [c.cycle_name for c in settings.cycles(params)] == [
        "Quarter 1 review",
        "Quarter 2 review",
    ]
    assert settings.previous_cycle_date(params, dt.date(2024, 3, 31)) == dt.date(2023, 12, 31)
    with pytest.raises(SettingsError, match=said):
        settings.cycle_for_date(params, dt.date(2023, 12, 31))
    with pytest.raises(SettingsError, match=said):
        settings.newest_cycle_date(params)  # it may be the newest
    with pytest.raises(SettingsError, match=said):
        settings.read_cycle_files(params).check()
    bad.rename(params / "2022-01-31.yaml")  # older than the newest: --latest is not stopped
    assert settings.newest_cycle_date(params) == dt.date(2022, 9, 30)


def test_two_cycle_files_for_one_date_are_a_problem(params):
    (params / "q2.yaml").write_text("reporting_date: 2022-09-30\ncycle_name: Again\n")
    found = [str(p) for p in settings.read_cycle_files(params).problems()]
    assert any("reporting_date 2022-09-30 is also the reporting date of" in p for p in found)
