"""The example's own appendix, read as an assistive-technology user and a printer would: every
chart described, every header cell scoped, every link worded, nothing off the page, no page
left with a line or two, and the PDF/UA claim only where it holds."""

import datetime as dt
from html import unescape

import pypdf
import pytest

from pdf_checks import drawn_outside, sparse_pages, struct_elements, structure_problems
from wsoa_analysis.render.pdf import pdf_text

pytestmark = pytest.mark.slow

DATE = dt.date(2023, 6, 30)


@pytest.fixture(scope="module")
def appendix(example_packs):
    return example_packs / DATE.isoformat() / "appendix.pdf"


def test_the_appendix_claims_pdf_ua_and_meets_what_a_reader_checks(appendix):
    metadata = pypdf.PdfReader(str(appendix)).xmp_metadata
    assert metadata is not None and "pdfuaid" in metadata.rdf_root.toxml()
    assert structure_problems(appendix) == []


def test_every_chart_of_the_pages_is_a_described_figure(appendix):
    alts = [str(e.get("/Alt")) for kind, e in struct_elements(appendix) if kind == "/Figure"]
    html = unescape("".join(p.read_text() for p in appendix.parent.glob("*.html")))
    assert len(alts) == html.count('<figure class="chart"') > 10
    assert all(alt and alt in html for alt in alts)


def test_nothing_runs_off_a_page(appendix):
    assert drawn_outside(appendix) == []


def test_no_page_carries_only_a_line_or_two(appendix):
    assert sparse_pages(appendix) == []


def test_the_running_header_names_the_appendix_and_the_cycle(appendix):
    pages = pypdf.PdfReader(str(appendix)).pages
    text = pdf_text(appendix)
    assert "Performance reporting pack" in text
    for number, page in enumerate(pages[1:], start=2):
        # the cycle file's appendix_label: the committee report lists the pack as Appendix 2
        assert "Appendix 2: Performance reporting pack ·" in page.extract_text(), number
    assert "Appendix 2" in pages[0].extract_text()  # and the cover says so
