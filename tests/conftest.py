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
