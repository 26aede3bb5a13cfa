"""The committee appendix: one PDF, laid out by Typst from the pack's pages.

The whole pack is one document (cover, contents, then a section per page) so that page
numbers run through and the contents page can give each section's page. The sections' HTML is
converted to Typst markup (``typst_markup``, ``typst_tables``); the look (A4, running header,
"Page N of M", pills, tables) is ``static/appendix.typ``. Typst is a Python wheel that bundles
its compiler: nothing is downloaded at run time, and the example's 40-odd pages take about a
second.

The PDF is written as PDF/UA-1 (tagged, with a structure tree, language and title): Typst then
refuses to write a document that breaks the standard, e.g. a chart without a text alternative.
If that happens the PDF is written untagged and the build log says why, so the appendix never
claims a standard it does not meet.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from wsoa_analysis.errors import BuildError
from wsoa_analysis.render.html import long_date
from wsoa_analysis.render.self_contained import check_self_contained
from wsoa_analysis.render.typst_compile import MAIN, compile_pdf
from wsoa_analysis.render.typst_markup import Assets, escape, string, to_typst

#: Seconds the PDF step may take by default (``--pdf-timeout``): the example's 40-odd pages
#: take a few seconds, so this is only ever reached by something pathological.
PDF_TIMEOUT = 300
STYLE = Path(__file__).parent / "static" / "appendix.typ"

_ANCHOR = re.compile(r"[A-Za-z][A-Za-z0-9_.-]*")

LOGGER = logging.getLogger(__name__)


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
    #: What the meeting's papers call it ("Appendix 2"), where the cycle file says.
    appendix_label: str = ""

    @property
    def running_title(self) -> str:
        """The appendix's name in the running header: "Appendix 2: Performance reporting
        pack" where the meeting's papers give it a label, else the title alone."""
        label = self.appendix_label
        return f"{label}: {self.appendix_title}" if label else self.appendix_title


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


def _cover(cover: PdfCover) -> str:
    facts = [
        ("Area", cover.area_name),
        ("Reporting cycle", cover.cycle_name),
        ("Position at", long_date(cover.reporting_date)),
    ]
    lines = [
        "#v(30mm)",
        "#block(width: 100%, stroke: (bottom: 2pt + navy), inset: (bottom: 6pt), below: 16mm,"
        f' text(size: 12pt, weight: "bold", fill: navy)[{escape(cover.organisation)}])',
        '#{ show heading: it => block(below: 6mm, text(size: 26pt, weight: "bold", it.body));'
        f" heading(level: 1, outlined: false)[{escape(cover.appendix_title)}] }}",
        f"#block(below: 12mm, text(size: 15pt)[{escape(cover.plan_title)}])",
    ]
    for term, value in facts:
        lines.append(
            f'#block(below: 4mm)[#text(size: 9pt, weight: "bold", fill: muted-ink)'
            f"[{escape(term)}] \\ #text(size: 12pt)[{escape(value)}]]"
        )
    if cover.appendix_label:  # above the title, as the meeting's papers list it
        label = f'text(size: 18pt, weight: "bold")[{escape(cover.appendix_label)}]'
        lines.insert(2, f"#block(below: 4mm, {label})")
    if cover.synthetic_note:
        lines.append(f"#note[#badge[Synthetic data] {escape(cover.synthetic_note)}]")
    return "\n".join(lines) + "\n"


def appendix_source(sections: list[PdfSection], cover: PdfCover, assets: Assets) -> str:
    """The Typst document of the appendix (useful to inspect a layout); charts and images
    are added to ``assets``."""
    _check_sections(sections)
    labels = {s.anchor for s in sections}
    title = f"{cover.running_title}: {cover.plan_title}, {cover.area_name}, {cover.cycle_name}"
    parts = [
        '#import "appendix.typ": *',
        f"#show: appendix.with(title: {string(title)}, author: {string(cover.organisation)},"
        f" running: [{escape(cover.running_title)} · {escape(cover.cycle_name)}],"
        f" area: [{escape(cover.area_name)}])",
        _cover(cover),
        "#pagebreak()",
        "#outline(title: [Contents], depth: 1)",
    ]
    for section in sections:
        heading = f"#heading(level: 1)[{escape(section.title)}] <{section.anchor}>\n"
        parts.append("#pagebreak(weak: true)")
        body = to_typst(section.body, assets, labels)
        if body.startswith("#landscape["):  # the title goes on the turned page, not alone
            body = "#landscape[" + heading + body.removeprefix("#landscape[")
            heading = ""
        parts.append(heading + body)
    return "\n".join(parts)


def render_pdf(
    sections: list[PdfSection],
    *,
    cover: PdfCover,
    out_path: Path,
    timeout: float = PDF_TIMEOUT,
) -> Path:
    """Lay out the cover, a contents page and ``sections`` as one A4 PDF at ``out_path``.

    Page numbers run through the whole document; every page but the cover has a running
    header naming the appendix, cycle and area, and every page a "Page N of M" footer. The
    PDF is tagged (PDF/UA-1) with its title and language, and dated at the reporting date,
    so the same pages give the same bytes. The file is written to a temporary name and moved
    into place, so a failed build never leaves half a PDF behind. Typst lays it out in a
    process of its own, stopped after ``timeout`` seconds (``typst_compile``).

    Raises
    ------
    BuildError
        If a section is unsafe (script, remote load) or anchors are invalid or repeated; if
        Typst cannot lay the document out, or takes longer than ``timeout`` seconds.

    Returns
    -------
    Path
        ``out_path``.
    """
    out_path = Path(out_path)
    assets = Assets()
    source = appendix_source(sections, cover, assets)
    timestamp = dt.datetime.combine(cover.reporting_date, dt.time(), tzinfo=dt.UTC)
    with tempfile.TemporaryDirectory(prefix="wsoa-pdf-") as tmp:
        folder = Path(tmp)
        (folder / "appendix.typ").write_text(STYLE.read_text(encoding="utf-8"), encoding="utf-8")
        (folder / MAIN).write_text(source, encoding="utf-8")
        for name, data in assets.files.items():
            (folder / name).write_bytes(data)
        data, refused = compile_pdf(folder, timestamp, out_path, timeout)
    for standard, reason in refused:
        LOGGER.warning(
            "%s: not written as PDF/%s (%s); writing it untagged", out_path, standard, reason
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
