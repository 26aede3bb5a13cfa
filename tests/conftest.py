import csv
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "fixtures" / "mini"
SHARED_DFE = ROOT.parent / "shared" / "dfe"


@pytest.fixture
def mini_data(tmp_path) -> Path:
    """A writable copy of the small fixture data set."""
    dest = tmp_path / "data"
    shutil.copytree(MINI / "data", dest)
    return dest


@pytest.fixture
def mini_params() -> Path:
    return MINI / "params"


@pytest.fixture(scope="session")
def mini_dataset():
    from wsoa_analysis.inputs.load import load_dataset

    return load_dataset(MINI / "data")


@pytest.fixture(scope="session")
def mini_settings():
    from wsoa_analysis.config.settings import load_area

    return load_area(MINI / "params")


# --- editing a copy of a data table, as an analyst would in a spreadsheet -------------------


def rows_of(path) -> list[list[str]]:
    """A CSV as rows of text, the header first."""
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def write_rows(path, rows) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def set_csv_cell(path, row: int, column: str, value: str) -> None:
    """Put ``value`` in ``column`` of spreadsheet row ``row`` (the header is row 1)."""
    rows = rows_of(path)
    rows[row - 1][rows[0].index(column)] = value
    write_rows(path, rows)


# --- the example's packs, built once for every test that reads them ---------------------------


@pytest.fixture(scope="session")
def example_packs(tmp_path_factory) -> Path:
    """Every cycle of the bundled example, built from scratch once a session (``wsoa pack
    --all --no-cache``, as a scheduled run would): the folder holding one pack per reporting
    date. The disclosure audit, the figure ledger and the PDF checks all read these."""
    import subprocess
    import sys

    out = tmp_path_factory.mktemp("example-packs") / "out"
    wsoa = Path(sys.executable).with_name("wsoa")
    command = [str(wsoa), "pack", "--all", "--data", str(ROOT / "data")]
    command += ["--params", str(ROOT / "params"), "--out", str(out), "--no-cache"]
    command += ["--notebooks", str(ROOT / "notebooks")]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return out
