"""The figure ledger against the packs it describes: every figure on every built page and in
the PDF is a row of ``figures.csv`` for its page (by the definition of a figure in
``render.figure_text``), and every row of the ledger is shown on its page."""

import datetime as dt
import json
import re
from collections import defaultdict

import pypdf
import pytest

from conftest import MINI, ROOT
from wsoa_analysis.build.pack import PackOptions, build_pack
from wsoa_analysis.context import load_context
from wsoa_analysis.present.ledger import not_figures, pack_pages
from wsoa_analysis.render.figure_text import figure_matches, figure_tokens, page_text, shown_tokens
from wsoa_analysis.render.ledger import FIGURES, read_figures

pytestmark = pytest.mark.slow

PACKS = {
    "example": (ROOT / "data", ROOT / "params", dt.date(2023, 6, 30)),
    "mini": (MINI / "data", MINI / "params", dt.date(2022, 9, 30)),
}


@pytest.fixture(scope="module", params=list(PACKS))
def pack(request, tmp_path_factory):
    """A built pack: (its folder, its ledger, what is not a figure, its pages in order)."""
    data, params, date = PACKS[request.param]
    if request.param == "example":  # built once a session for every test that reads it
        folder = request.getfixturevalue("example_packs") / date.isoformat()
    else:
        options = PackOptions(
            data_dir=data,
            params_dir=params,
            out_dir=tmp_path_factory.mktemp(request.param),
            notebooks_dir=ROOT / "notebooks",
        )
        folder = build_pack(date, options, log=lambda m: None)
    ctx = load_context(date.isoformat(), data, params)
    return folder, read_figures(folder / FIGURES), not_figures(ctx), list(pack_pages(ctx))


def listed(ledger) -> dict[str, set[str]]:
    """The figures the ledger lists for each page, as shown."""
    by_page = defaultdict(set)
    for page, shown in zip(ledger["page"], ledger["shown"], strict=True):
        by_page[page] |= shown_tokens(shown)
    return by_page


def unlisted(text: str, allowed: set[str], quoted, *, pdf: bool = False) -> list[str]:
    """The figures in ``text`` not in ``allowed``, each with the words around it."""
    read, found = figure_matches(text, quoted, pdf=pdf)
    return [
        f"{m.group(0)!r} in “…{read[max(0, m.start() - 70) : m.end() + 30]}…”"
        for m in found
        if m.group(0) not in allowed
    ]


def test_the_pack_publishes_its_ledger_and_every_page_links_to_it(pack):
    folder, ledger, _, pages = pack
    assert (folder / FIGURES).exists()
    assert FIGURES in json.loads((folder / "manifest.json").read_text())["outputs"]
    assert sorted(set(ledger["page"])) == sorted(pages)
    for page in pages:
        assert f'href="{FIGURES}"' in (folder / f"{page}.html").read_text(), page


def test_every_figure_on_every_page_is_in_the_ledger_for_that_page(pack):
    folder, ledger, quoted, pages = pack
    by_page = listed(ledger)
    problems = {}
    for page in pages:
        text, _ = page_text((folder / f"{page}.html").read_text(encoding="utf-8"))
        assert len(figure_tokens(text, quoted)) > 5, page  # the check reads figures at all
        missing = unlisted(text, by_page[page], quoted)
        if missing:
            problems[page] = missing
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)


def test_every_row_of_the_ledger_is_shown_on_its_page(pack):
    folder, ledger, _, pages = pack
    problems = []
    for page in pages:
        text, _ = page_text((folder / f"{page}.html").read_text(encoding="utf-8"))
        on_page = set(figure_tokens(text))
        rows = ledger[ledger["page"] == page]
        problems += [
            f"{r.figure_id}: {r.shown!r}"
            for r in rows.itertuples()
            if not shown_tokens(r.shown) <= on_page
        ]
    assert not problems


def pdf_sections(path, pages: list[str]) -> dict[str, str]:
    """The PDF's text by the page of the pack each of its pages belongs to (by the contents'
    page numbers; ``front`` for the cover and the contents)."""
    texts = [p.extract_text() for p in pypdf.PdfReader(str(path)).pages]
    contents = next(t for t in texts if "Contents" in t)
    starts = [int(n) for n in re.findall(r"\.{3,}\s*(\d+)\s*$", contents, re.M)]
    assert len(starts) == len(pages), contents
    out = defaultdict(str)
    for number, text in enumerate(texts, start=1):
        began = [page for page, start in zip(pages, starts, strict=True) if start <= number]
        out[began[-1] if began else "front"] += "\n" + text
    return out


def test_every_figure_in_the_pdf_is_in_the_ledger_for_its_page(pack):
    """The PDF's text also holds its charts' tick labels (scales, not figures), which its
    page's HTML gives apart; and the PDF's furniture (page numbers, the contents)."""
    folder, ledger, quoted, pages = pack
    allowed = listed(ledger)
    for page in pages:
        _, ticks = page_text((folder / f"{page}.html").read_text(encoding="utf-8"))
        allowed[page] |= set(figure_tokens(" | ".join(ticks)))
    sections = pdf_sections(folder / "appendix.pdf", pages)
    assert set(sections) == {"front", *pages}
    problems = {
        page: missing
        for page, text in sections.items()
        if (missing := unlisted(text, allowed[page], quoted, pdf=True))
    }
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)
