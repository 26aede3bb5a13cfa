"""Whatever ``validate`` accepts, ``pack`` builds: a tiny plan whose area ids hold a space and
an ampersand, an en dash and Greek letters (two of which used to share the name ``area``),
in a data folder whose path holds a ``#``."""

import shutil

from conftest import MINI, ROOT, rows_of, write_rows
from wsoa_analysis.cli import main
from wsoa_analysis.domain.slugs import page_slug

IDS = {"1": "Comms & engagement", "2": "Δ–α", "5": "α"}


def _rename_areas(data, params):
    for table in ("priorities", "kpis", "actions"):
        rows = rows_of(data / f"{table}.csv")
        i = rows[0].index("priority_id")
        for r in rows[1:]:
            r[i] = IDS.get(r[i], r[i])
        write_rows(data / f"{table}.csv", rows)
    notes = data / "commentary" / "2022-09-30.md"
    text = notes.read_text(encoding="utf-8")
    for old, new in IDS.items():
        text = text.replace(f"## Priority {old}:", f"## Priority {new}:")
    notes.write_text(text, encoding="utf-8")
    area = params / "area.yaml"
    text = area.read_text(encoding="utf-8")
    for old, new in IDS.items():
        text = text.replace(f'    "{old}":', f'    "{new}":')
    area.write_text(text, encoding="utf-8")


def test_a_plan_with_any_ids_validates_and_packs(tmp_path):
    data, params = tmp_path / "folder #1" / "data", tmp_path / "params"
    shutil.copytree(MINI / "data", data)
    shutil.copytree(MINI / "params", params)
    _rename_areas(data, params)
    assert main(["validate", "--data", str(data), "--params", str(params)]) == 0
    out = tmp_path / "out"
    code = main(
        ["pack", "--date", "2022-09-30", "--data", str(data), "--params", str(params)]
        + ["--out", str(out), "--notebooks", str(ROOT / "notebooks")]
    )
    assert code == 0
    pages = {p.name for p in (out / "2022-09-30").glob("priority-*.html")}
    assert pages == {f"{page_slug(pid)}.html" for pid in IDS.values()}
    assert len(pages) == 3  # the two Greek ids no longer share a name
