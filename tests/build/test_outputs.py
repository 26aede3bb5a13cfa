"""The pack's files beside its pages: the figure ledger travels with the data workbook, from
the cache or made with it, into the pack; every page links to it."""

import datetime as dt

import pytest

from conftest import MINI
from wsoa_analysis.build import outputs
from wsoa_analysis.build.cache import BuildCache
from wsoa_analysis.build.options import PackOptions
from wsoa_analysis.build.outputs import FIGURES, place_figures, write_downloads

DATE = dt.date(2022, 9, 30)
OPTIONS = PackOptions(data_dir=MINI / "data", params_dir=MINI / "params")


def test_the_ledgers_name_is_the_renderers():
    from wsoa_analysis.render import ledger

    assert FIGURES == ledger.FIGURES == "figures.csv"


def test_the_ledger_is_written_and_cached_with_the_workbook(tmp_path, monkeypatch):
    store = BuildCache(tmp_path / "out")
    first = tmp_path / "work" / "data.xlsx"
    first.parent.mkdir()
    write_downloads(first, DATE, OPTIONS, store, "key")
    ledger = (first.parent / FIGURES).read_bytes()
    assert ledger.decode("utf-8-sig").startswith("figure_id,page,")

    import wsoa_analysis.render.xlsx as xlsx

    def not_again(*args):
        raise AssertionError("written again although both are in the cache")

    monkeypatch.setattr(xlsx, "write_downloads", not_again)
    again = tmp_path / "staged" / "data.xlsx"
    again.parent.mkdir()
    write_downloads(again, DATE, OPTIONS, store, "key")
    assert (again.parent / FIGURES).read_bytes() == ledger
    assert again.read_bytes() == first.read_bytes()


def test_a_workbook_cached_without_its_ledger_is_written_again(tmp_path):
    store = BuildCache(tmp_path / "out")
    store.put("downloads", "key", b"an old workbook", ".xlsx")
    path = tmp_path / "data.xlsx"
    write_downloads(path, DATE, OPTIONS, store, "key")
    assert path.read_bytes() != b"an old workbook"
    assert (tmp_path / FIGURES).exists() and store.get("figures", "key", ".csv") is not None


def test_the_ledger_is_placed_in_the_pack_from_beside_the_workbook(tmp_path):
    work, staged = tmp_path / "work", tmp_path / "staged"
    work.mkdir(), staged.mkdir()
    (work / FIGURES).write_text("from the work folder")
    assert place_figures(staged, work / "data.xlsx") == FIGURES
    assert (staged / FIGURES).read_text() == "from the work folder"
    (staged / FIGURES).write_text("from the cache")  # written there with the workbook
    place_figures(staged, work / "data.xlsx")
    assert (staged / FIGURES).read_text() == "from the cache"


def test_a_missing_ledger_fails_the_build_rather_than_publish_without_it(tmp_path):
    with pytest.raises(FileNotFoundError):
        place_figures(tmp_path, tmp_path / "nowhere" / "data.xlsx")


def test_every_page_links_to_the_ledger(mini_dataset):
    from wsoa_analysis.build.pages import _around
    from wsoa_analysis.build.plan import plan_pages
    from wsoa_analysis.config.settings import cycle_for_date, load_area

    pages = plan_pages(mini_dataset, MINI.parents[2] / "notebooks")
    settings, cycle = load_area(MINI / "params"), cycle_for_date(MINI / "params", DATE)
    for page in pages:
        nav = _around(page, pages, settings, cycle, {})["nav"]
        assert ("Figures and sources (CSV)", FIGURES, False) in nav
    assert outputs.FIGURES in {href for _, href, _ in nav}


def test_the_pdf_step_stops_at_its_time_limit_and_says_so(tmp_path):
    """``--pdf-timeout`` reaches the PDF step: laying out stops, naming the step; nothing is
    written or cached."""
    from wsoa_analysis.build.plan import PageSpec
    from wsoa_analysis.cli import build_parser
    from wsoa_analysis.commands import pack_options
    from wsoa_analysis.errors import BuildError
    from wsoa_analysis.render.pdf import PdfCover

    args = build_parser().parse_args(["pack", "--date", "2022-09-30", "--pdf-timeout", "7"])
    assert pack_options(args).pdf_timeout == 7
    assert PackOptions().pdf_timeout == 300
    store = BuildCache(tmp_path / "out")
    page = PageSpec("overview", "Overview", tmp_path / "overview.ipynb")
    cover = PdfCover("Appendix", "Plan", "Area", "Q2", DATE, "Council")
    path = tmp_path / "appendix.pdf"
    with pytest.raises(BuildError, match=r"the PDF step .* stopped after 0\.01 seconds"):
        outputs.write_pdf(path, [page], {"overview": "<p>x</p>"}, cover, {}, store, "env",
                          timeout=0.01)  # fmt: skip
    assert not path.exists() and not list((tmp_path / "out").rglob("*.pdf"))
