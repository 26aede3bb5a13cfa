"""Reading a built PDF as a reviewer's tools would (for tests/render/test_pdf*.py): its
structure tree, as a screen reader gets it; what is drawn outside the page's text area; pages
that carry next to nothing.

    .venv/bin/python tests/pdf_checks.py rendered/2023-06-30/appendix.pdf
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pypdf
from pypdf.generic import ArrayObject, DictionaryObject

MM = 72 / 25.4  # points per millimetre


@dataclass(frozen=True)
class Margins:
    """The page's margins in millimetres (those of render/static/appendix.typ)."""

    top: float = 20
    right: float = 15
    bottom: float = 18
    left: float = 15


def _children(node):
    kids = node.get("/K")
    if kids is None:
        return []
    kids = kids.get_object()
    return list(kids) if isinstance(kids, ArrayObject) else [kids]


def struct_elements(path: Path):
    """Every element of the structure tree, in reading order: (type, element)."""
    root = pypdf.PdfReader(str(path)).trailer["/Root"]
    if "/StructTreeRoot" not in root:
        return
    stack = [root["/StructTreeRoot"].get_object()]
    while stack:
        node = stack.pop()
        if not isinstance(node, DictionaryObject):
            continue
        if "/S" in node:
            yield str(node["/S"]), node
        stack.extend(reversed([k.get_object() for k in _children(node)]))


def _attributes(element) -> list[dict]:
    found = element.get("/A")
    if found is None:
        return []
    found = found.get_object()
    items = found if isinstance(found, ArrayObject) else [found]
    return [i.get_object() for i in items if isinstance(i.get_object(), DictionaryObject)]


def structure_problems(path: Path) -> list[str]:
    """What a screen reader would stumble on: a figure without alternative text, a header
    cell without a scope, a link without words, no language or title, an untagged PDF."""
    reader = pypdf.PdfReader(str(path))
    root = reader.trailer["/Root"]
    problems = []
    if "/StructTreeRoot" not in root:
        return ["the PDF is not tagged (no structure tree)"]
    if not str(root.get("/Lang", "")).strip():
        problems.append("no document language (/Lang)")
    if not (reader.metadata and (reader.metadata.title or "").strip()):
        problems.append("no document title")
    prefs = root.get("/ViewerPreferences")
    if not (prefs and prefs.get_object().get("/DisplayDocTitle")):
        problems.append("the viewer is not asked to show the title (DisplayDocTitle)")
    counts = {"/Figure": 0, "/TH": 0}
    for kind, element in struct_elements(path):
        if kind in counts:
            counts[kind] += 1
        if kind == "/Figure" and not str(element.get("/Alt", "")).strip():
            problems.append(f"figure {counts['/Figure']} has no alternative text")
        if kind == "/TH" and not any("/Scope" in a for a in _attributes(element)):
            problems.append(f"header cell {counts['/TH']} has no scope")
    for number, page in enumerate(reader.pages, start=1):
        for annot in page.get("/Annots", []) or []:
            annot = annot.get_object()
            if annot.get("/Subtype") == "/Link" and not str(annot.get("/Contents", "")).strip():
                problems.append(f"page {number}: a link has no text (/Contents)")
    return problems


def _ink_box(image, box=None, threshold=200):
    """The bounding box (left, top, right, bottom, in pixels) of the ink in a greyscale page
    image, or in the part of it ``box`` covers (offsets kept); None when it is blank."""
    part = image.crop(box) if box else image
    found = part.point(lambda v: 255 if v < threshold else 0).getbbox()
    if found is None or box is None:
        return found
    return (found[0] + box[0], found[1] + box[1], found[2] + box[0], found[3] + box[1])


def _render(path: Path, dpi: int):
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        for index in range(len(document)):
            page = document[index]
            yield index + 1, page.get_size(), page.render(scale=dpi / 72).to_pil().convert("L")
    finally:
        document.close()


def drawn_outside(path: Path, margins: Margins = Margins(), dpi: int = 40) -> list[str]:
    """Pages where something is drawn in the side margins, or in the bottom margin left of
    the page number: a table, chart or word that runs off the text area."""
    found = []
    slack = 1.5  # mm: anti-aliasing at the text area's edge
    for number, (width_pt, height_pt), image in _render(path, dpi):
        scale = image.size[0] / width_pt
        full_width, full_height = image.size
        left = int((margins.left - slack) * MM * scale)
        right = int((width_pt - (margins.right - slack) * MM) * scale)
        top = int(margins.top * MM * scale)  # the running header and the page number sit
        body_bottom = int((height_pt - margins.bottom * MM) * scale)  # in the margins
        if _ink_box(image, (0, top, left, body_bottom)) or _ink_box(
            image, (right, top, full_width, body_bottom)
        ):
            found.append(f"page {number}: drawn in the side margin")
        bottom = int((height_pt - (margins.bottom - slack) * MM) * scale)
        footer_left = int((width_pt - 60 * MM) * scale)  # "Page N of M" sits at the right
        if _ink_box(image, (0, bottom, footer_left, full_height)):
            found.append(f"page {number}: drawn in the bottom margin")
    return found


def content_heights(path: Path, margins: Margins = Margins()) -> list[float]:
    """For each page, how tall (mm) the inked part of its text area is."""
    heights = []
    for _number, (width_pt, height_pt), image in _render(path, 40):
        scale = image.size[0] / width_pt
        top = int((margins.top + 0.5) * MM * scale)  # below the running header's rule
        bottom = int((height_pt - margins.bottom * MM) * scale)
        box = _ink_box(image, (0, top, image.size[0], bottom))
        heights.append((box[3] - box[1]) / scale / MM if box else 0.0)
    return heights


def sparse_pages(path: Path, margins: Margins = Margins(), least_mm: float = 25) -> list[int]:
    """Pages whose inked text area is less than ``least_mm`` tall: a page carrying a line or
    two that the layout left behind."""
    heights = content_heights(path, margins)
    return [number for number, height in enumerate(heights, start=1) if height < least_mm]


if __name__ == "__main__":
    for name in sys.argv[1:]:
        pdf = Path(name)
        print(pdf)
        for problem in structure_problems(pdf)[:5] + drawn_outside(pdf):
            print("  ", problem)
        print("   sparse pages:", sparse_pages(pdf) or "none")
        print("   content heights (mm):", [round(h) for h in content_heights(pdf)])
