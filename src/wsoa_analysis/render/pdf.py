"""The committee appendix: one PDF laid out by WeasyPrint from one HTML document.

The whole pack is one document (cover, contents, then a section per notebook) so that page
numbers run through and the contents page can give each section's page; merging per-notebook
PDFs would restart the numbering. Paged-media rules (A4, running header, "Page N of M", wide
tables) are in ``static/pdf.css``, on top of the print rules in ``static/pack.css``.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from wsoa_analysis.errors import BuildError
from wsoa_analysis.render.html import check_self_contained, long_date, render_template, stylesheet

#: Tagged PDF (structure tree, /Lang, title shown) for screen readers, in order of preference.
#: WeasyPrint 70 writes PDF/UA-1; if a future version refuses a variant, the next is tried.
PDF_VARIANTS = ("pdf/ua-1", None)

_ANCHOR = re.compile(r"[A-Za-z][A-Za-z0-9_.-]*")

LOGGER = logging.getLogger(__name__)

# WeasyPrint warns about every CSS property it ignores, and matplotlib's SVG carries many
# (stroke-linecap, fill...) that it renders through its SVG code anyway: noise in a build log.
logging.getLogger("weasyprint").setLevel(logging.ERROR)


@dataclass(frozen=True)
class PdfSection:
    """One section of the appendix: usually one notebook's body from ``notebook_body``.

    ``anchor`` is the section's id (letters, digits, ``-``, ``_``, ``.``; starting with a
    letter), used by the contents page.
    """

    title: str
    body: str
    anchor: str


@dataclass(frozen=True)
class PdfCover:
    """What the cover page says."""

    appendix_title: str
    plan_title: str
    area_name: str
    cycle_name: str
    reporting_date: dt.date
    organisation: str
    synthetic_note: str | None = None


def _check_sections(sections: list[PdfSection]) -> None:
    problems = []
    if not sections:
        problems.append("there are no sections to put in the PDF")
    seen: set[str] = set()
    for number, section in enumerate(sections, start=1):
        if not _ANCHOR.fullmatch(section.anchor):
            problems.append(
                f"section {number} ({section.title!r}): anchor {section.anchor!r} is not a "
                "valid id (expected e.g. 'priority-1')"
            )
        elif section.anchor in seen:
            problems.append(
                f"section {number} ({section.title!r}): anchor {section.anchor!r} is used twice"
            )
        seen.add(section.anchor)
        check_self_contained(section.body, f"section {number} ({section.title!r})")
    if problems:
        raise BuildError("The PDF cannot be laid out: " + "; ".join(problems))


def pdf_html(sections: list[PdfSection], cover: PdfCover) -> str:
    """The single HTML document the PDF is laid out from (useful to inspect a layout)."""
    _check_sections(sections)
    return render_template(
        "pdf.html.j2",
        sections=sections,
        cover=cover,
        position=long_date(cover.reporting_date),
        pack_css=stylesheet("pack.css"),
        pdf_css=stylesheet("pdf.css"),
    )


def layout(sections: list[PdfSection], cover: PdfCover):
    """The laid-out :class:`weasyprint.Document` (pages and boxes), before it is written."""
    source = pdf_html(sections, cover)  # checks the sections before the slow import

    import weasyprint  # a second to import; only the PDF step needs it

    # Only data: URIs may be fetched: the document is self-contained, and a stray URL must
    # neither stall a build offline nor leak anything.
    fetcher = weasyprint.URLFetcher(allowed_protocols=("data",))
    document = weasyprint.HTML(string=source, url_fetcher=fetcher)
    return document.render()


def render_pdf(sections: list[PdfSection], *, cover: PdfCover, out_path: Path) -> Path:
    """Lay out the cover, a contents page and ``sections`` as one A4 PDF at ``out_path``.

    Page numbers run through the whole document; every page but the cover has a running
    header naming the appendix and cycle, and every page a "Page N of M" footer. The PDF is
    tagged (PDF/UA-1) with its title and language. The file is written to a temporary name
    and moved into place, so a failed build never leaves half a PDF behind.

    Raises
    ------
    BuildError
        If a section is unsafe (script, remote load) or anchors are invalid or repeated.

    Returns
    -------
    Path
        ``out_path``.
    """
    out_path = Path(out_path)
    document = layout(sections, cover)
    data = None
    for variant in PDF_VARIANTS:
        try:
            data = document.write_pdf(pdf_variant=variant)
            break
        # What WeasyPrint raises when a variant's requirements are not met by the document.
        except (KeyError, ValueError, TypeError, AssertionError) as err:
            if variant is None:
                raise BuildError(f"{out_path}: WeasyPrint could not write the PDF") from err
            LOGGER.warning(
                "%s: could not write %s (%s); writing it untagged", out_path, variant, err
            )
    out_path.parent.mkdir(parents=True, exist_ok=True)
    partial = out_path.with_name(out_path.name + ".partial")
    partial.write_bytes(data)
    partial.replace(out_path)
    return out_path


def pdf_text(path: Path) -> str:
    """All the text of a PDF, page by page (for tests; needs pypdf)."""
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    return "\n".join(page.extract_text() or "" for page in reader.pages)
