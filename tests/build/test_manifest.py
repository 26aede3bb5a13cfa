"""The manifest's inputs: named relative to their folder, editor files never among them."""

from pathlib import Path

from wsoa_analysis.build import cache
from wsoa_analysis.build.manifest import manifest
from wsoa_analysis.build.options import PackOptions


def _folders(tmp_path: Path) -> PackOptions:
    data, params, notebooks = (tmp_path / n for n in ("data", "params", "notebooks"))
    for folder in (data / "sub", params / ".ipynb_checkpoints", notebooks / ".ipynb_checkpoints"):
        folder.mkdir(parents=True)
    (data / "kpis.csv").write_text("a,b\n")
    (data / "sub" / "more.csv").write_text("c\n")
    (data / "kpis.csv~").write_text("backup\n")
    (data / ".#kpis.csv").write_text("lock\n")
    (data / ".DS_Store").write_text("x\n")
    (params / "area.yaml").write_text("area: x\n")
    (params / "area.yaml.swp").write_text("swap\n")
    (params / ".ipynb_checkpoints" / "area-checkpoint.yaml").write_text("old\n")
    (notebooks / "overview.ipynb").write_text("{}\n")
    (notebooks / ".ipynb_checkpoints" / "overview-checkpoint.ipynb").write_text("{}\n")
    return PackOptions(data_dir=data, params_dir=params, notebooks_dir=notebooks)


class _Cycle:
    class reporting_date:  # noqa: N801 - a date's stand-in
        @staticmethod
        def isoformat():
            return "2022-09-30"

    cycle_name = "Q2"


def test_inputs_are_relative_to_their_folder_and_leave_editor_files_out(tmp_path):
    options = _folders(tmp_path)
    inputs = manifest(_Cycle, options, [], 0.0, 1.0, [])["inputs_sha256"]
    assert {k: sorted(v) for k, v in inputs.items()} == {
        "data": ["kpis.csv", "sub/more.csv"],
        "params": ["area.yaml"],
        "notebooks": ["overview.ipynb"],
    }
    assert str(tmp_path) not in repr(inputs)


def test_editor_files_do_not_change_the_cache_key(tmp_path):
    options = _folders(tmp_path)
    before = cache.inputs_digest(options.data_dir, options.params_dir, "2022-09-30")
    (Path(options.data_dir) / "kpis.csv~").write_text("another backup\n")
    (Path(options.params_dir) / "area.yaml.swp").write_text("another swap\n")
    after = cache.inputs_digest(options.data_dir, options.params_dir, "2022-09-30")
    assert before == after
    (Path(options.data_dir) / "kpis.csv").write_text("a,b,c\n")
    assert cache.inputs_digest(options.data_dir, options.params_dir, "2022-09-30") != after
