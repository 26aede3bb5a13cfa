import datetime as dt
import shutil

import pytest

from conftest import MINI
from wsoa_analysis.config.settings import load_cycle
from wsoa_analysis.errors import ParameterError
from wsoa_analysis.inputs.new_cycle import new_cycle


def test_new_cycle_writes_both_files_and_never_overwrites(tmp_path, mini_data):
    params = tmp_path / "params"
    shutil.copytree(MINI / "params", params)
    written = new_cycle(
        dt.date(2022, 12, 31),
        "Quarter 3 review",
        data_dir=mini_data,
        params_dir=params,
        meeting="Board",
    )
    assert [p.name for p in written] == ["2022-12-31.yaml", "2022-12-31.md"]
    assert "cycle_name: Quarter 3 review" in written[0].read_text()
    assert "### B-3: Mediations" in written[1].read_text()
    cycle = load_cycle(written[0])
    assert (cycle.reporting_date, cycle.meeting) == (dt.date(2022, 12, 31), "Board")
    with pytest.raises(ParameterError, match="already exists"):
        new_cycle(dt.date(2022, 12, 31), data_dir=mini_data, params_dir=params)


def test_new_cycle_without_a_name_is_named_after_its_date(tmp_path, mini_data):
    params = tmp_path / "params"
    written = new_cycle(dt.date(2023, 3, 31), data_dir=mini_data, params_dir=params)
    assert load_cycle(written[0]).cycle_name == "Position at 31 March 2023"
    assert "meeting" not in written[0].read_text()


def test_new_cycle_writes_area_headings_in_the_plans_word(tmp_path, mini_data):
    params = tmp_path / "params"
    shutil.copytree(MINI / "params", params)
    area = params / "area.yaml"
    area.write_text(
        area.read_text().replace(
            "  end_date: 2022-12-31\n",
            '  end_date: 2022-12-31\n  areas: {singular: Workstream, label: "Workstream {id}"}\n',
        )
    )
    written = new_cycle(dt.date(2022, 12, 31), data_dir=mini_data, params_dir=params)
    text = written[1].read_text()
    assert "## Workstream 1: Plans & assessments" in text and "## Priority" not in text


def test_with_the_data_in_a_workbook_the_commentary_goes_beside_it_and_is_read(tmp_path):
    """A workbook has no folder inside it: its commentary is ``commentary/`` beside it, where
    new-cycle writes it and the pack reads it."""
    from wsoa_analysis.context import load_context
    from wsoa_analysis.inputs.workbook import export_workbook

    book = export_workbook(MINI / "data", tmp_path / "wsoa.xlsx")
    params = tmp_path / "params"
    shutil.copytree(MINI / "params", params)
    shutil.copytree(MINI / "data" / "commentary", tmp_path / "commentary")
    written = new_cycle(dt.date(2022, 12, 31), "Q3", data_dir=book, params_dir=params)
    assert written[1] == tmp_path / "commentary" / "2022-12-31.md" and written[1].is_file()
    ctx = load_context("2022-09-30", book, params)
    assert "steady improvement" in ctx.commentary.areas["1"]
