"""The pack's HTML, as Typst markup for the PDF appendix.

The pages' HTML is the one description of what a section shows; the PDF is laid out from the
same HTML, converted here element by element. The HTML is our own (section templates, rendered
Markdown, chart SVG), so the conversion covers what those produce and renders anything else by
its content. Meaning carries over for assistive technology: table header rows stay header rows
(Typst tags them with their scope), a chart keeps its ``aria-label`` as its text alternative,
links keep their words.

Text is escaped (``typst_text``) so that nothing in it is read as Typst markup; tables are
``typst_tables``.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field

from wsoa_analysis.render.html_tree import PILLS, PLACEHOLDER, Node, descendants, parse, text_of
from wsoa_analysis.render.typst_tables import table
from wsoa_analysis.render.typst_text import breakable, escape, string

_PT = re.compile(r"^\s*([\d.]+)\s*(pt|px)?\s*$")
_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "nav", "header", "footer", "aside",
    "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "figure", "pre",
    "blockquote", "hr", "details",
}  # fmt: skip
#: Tallest a chart may be drawn, so that a chart and its heading always fit on a page.
CHART_MAX_HEIGHT_MM = 130.0
CHART_MAX_WIDTH_MM = 140.0
#: A list of at most this many characters is kept on one page, so that no page carries only
#: the last item or two of a list (as the notes at the end of a section).
KEEP_LIST_CHARACTERS = 3000


def _svg_size_mm(svg: str) -> tuple[float, float] | None:
    head = svg[: svg.find(">") + 1]
    found = {}
    for name in ("width", "height"):
        match = re.search(rf'\b{name}="([^"]+)"', head)
        size = _PT.match(match.group(1)) if match else None
        if size is None:
            return None
        factor = 25.4 / 72 if size.group(2) in (None, "pt") else 25.4 / 96
        found[name] = float(size.group(1)) * factor
    return found["width"], found["height"]


@dataclass
class Assets:
    """Files the document refers to (charts, images), by name, for the compiler's folder."""

    files: dict[str, bytes] = field(default_factory=dict)

    def add(self, data: bytes, suffix: str) -> str:
        name = "asset-" + hashlib.sha256(data).hexdigest()[:20] + suffix
        self.files[name] = data
        return name


class Converter:
    """Turns parsed HTML into Typst markup; ``labels`` are the section anchors that links may
    point at (``priority-1.html`` or ``#priority-1``)."""

    def __init__(self, svgs: list[str], assets: Assets, labels: set[str]):
        self.svgs = svgs
        self.assets = assets
        self.labels = labels
        self.landscape = False  # inside a landscape page already

    # --- blocks ---------------------------------------------------------------------------

    def blocks(self, node: Node) -> str:
        """The node's children as a sequence of blocks."""
        out: list[str] = []
        run: list = []  # inline children waiting to become a paragraph

        def flush():
            text = "".join(self.inline(child) for child in run).strip()
            if text:
                out.append(text + "\n\n")
            run.clear()

        for child in node.children:
            if isinstance(child, Node) and (child.tag in _BLOCK_TAGS or self._is_chart(child)):
                flush()
                out.append(self.block(child))
            else:
                run.append(child)
        flush()
        return "".join(out)

    def block(self, node: Node) -> str:
        handler = getattr(self, "_block_" + node.tag, None)
        if handler is not None:
            return handler(node)
        if node.tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            level = min(max(int(node.tag[1]), 2), 4)
            return f"#heading(level: {level}, outlined: false)[{self.inlines(node)}]\n\n"
        return self._block_div(node)

    def _block_div(self, node: Node) -> str:
        classes = node.classes
        if "kpi-grid" in classes:
            cards = [f"[{self.blocks(c)}]" for c in node.children if isinstance(c, Node)]
            return f"#grid(columns: (1fr, 1fr, 1fr), gutter: 8pt, {', '.join(cards)})\n\n"
        if "landscape" in classes:
            return self._landscape(node)
        inner = self.blocks(node)
        if "card" in classes:
            return f"#card[{inner}]\n"
        if "keep" in classes:
            return f"#keep[{inner}]\n"
        if "text" in classes:  # a Markdown cell introduces what follows it: keep them together
            return f"#block(sticky: true)[{inner}]\n"
        return inner

    def _landscape(self, node: Node) -> str:
        """Content that asks for it (class ``landscape``) on pages of its own, turned."""
        if self.landscape:
            return self.blocks(Node("div", children=node.children))
        self.landscape = True
        try:
            return f"#landscape[{self.blocks(Node('div', children=node.children))}]\n"
        finally:
            self.landscape = False

    def _block_p(self, node: Node) -> str:
        text = self.inlines(node).strip()
        if not text:
            return ""
        classes = node.classes
        if "note" in classes:
            return f"#note[{text}]\n"
        if "footnote" in classes:
            return f"#small-print[{text}]\n"
        if "lede" in classes:
            return f"#lede[{text}]\n\n"
        if "empty" in classes:
            return f"#quiet[{text}]\n\n"
        return text + "\n\n"

    def _block_dl(self, node: Node) -> str:
        parts = []
        for child in node.children:
            if isinstance(child, Node) and child.tag == "dt":
                parts.append(f"#term[{self.inlines(child)}]\n")
            elif isinstance(child, Node) and child.tag == "dd":
                parts.append(f"#detail[{self.blocks(child)}]\n")
        return "".join(parts) + "\n"

    def _list(self, node: Node, function: str) -> str:
        items = [
            f"[{self.blocks(c).strip()}]"
            for c in node.children
            if isinstance(c, Node) and c.tag == "li"
        ]
        if not items:
            return ""
        markup = f"#{function}({', '.join(items)})"
        if len(text_of(node)) <= KEEP_LIST_CHARACTERS:  # a short list is not split
            return f"#keep[{markup}]\n\n"
        return markup + "\n\n"

    def _block_ul(self, node: Node) -> str:
        return self._list(node, "list")

    def _block_ol(self, node: Node) -> str:
        return self._list(node, "enum")

    def _block_pre(self, node: Node) -> str:
        text = "\n".join(breakable(line) for line in "".join(_raw_text(node)).split("\n"))
        return f"#raw({string(text)}, block: true)\n\n"

    def _block_blockquote(self, node: Node) -> str:
        return f"#quote(block: true)[{self.blocks(node)}]\n\n"

    def _block_hr(self, node: Node) -> str:
        return "#line(length: 100%, stroke: 0.5pt + rule)\n\n"

    def _block_details(self, node: Node) -> str:
        if "chart-data" in node.classes:
            return ""  # the data behind a chart: on the page and in data.xlsx, not in print
        summary = [c for c in node.children if isinstance(c, Node) and c.tag == "summary"]
        rest = Node("div", children=[c for c in node.children if c not in summary])
        head = f"#term[{self.inlines(summary[0])}]\n" if summary else ""
        return head + self.blocks(rest)

    def _block_figure(self, node: Node) -> str:
        captions = [c for c in node.children if isinstance(c, Node) and c.tag == "figcaption"]
        caption = f"[{self.inlines(captions[0])}]" if captions else "none"
        images = [c for c in descendants(node) if c.tag in ("svg", "img")]
        if not images:
            body = Node("div", children=[c for c in node.children if c not in captions])
            return self.blocks(body) + (f"#small-print{caption}\n" if captions else "")
        image = images[0].attrs
        alt = (
            node.attrs.get("aria-label")
            or image.get("aria-label")
            or image.get("alt")
            or (text_of(captions[0]) if captions else "")
        )
        return self._chart(images[0], alt, caption)

    def _chart(self, image: Node, alt: str, caption: str) -> str:
        source, size = self._image_file(image)
        if source is None:
            return ""
        width = CHART_MAX_WIDTH_MM
        if size is not None and size[0] > 0:
            width = min(width, CHART_MAX_HEIGHT_MM * size[0] / size[1])
        return f"#chart({string(source)}, {string(alt)}, {width:.1f}mm, {caption})\n\n"

    def _image_file(self, image: Node) -> tuple[str | None, tuple[float, float] | None]:
        if image.tag == "svg":
            svg = self.svgs[int(image.attrs[PLACEHOLDER])]
            return self.assets.add(svg.encode("utf-8"), ".svg"), _svg_size_mm(svg)
        src = image.attrs.get("src", "")
        match = re.match(r"data:image/(png|jpeg|svg\+xml);base64,(.*)$", src, re.S)
        if match is None:
            return None, None  # nothing but data: URIs gets this far (check_self_contained)
        suffix = {"png": ".png", "jpeg": ".jpg", "svg+xml": ".svg"}[match.group(1)]
        return self.assets.add(base64.b64decode(match.group(2)), suffix), None

    def _is_chart(self, node: Node) -> bool:
        return node.tag in ("svg", "img")

    def _block_svg(self, node: Node) -> str:
        return self._chart(node, node.attrs.get("aria-label", ""), "none")

    def _block_img(self, node: Node) -> str:
        return self._chart(node, node.attrs.get("alt", ""), "none")

    def _block_table(self, node: Node) -> str:
        return table(node, self)

    # --- inline ---------------------------------------------------------------------------

    def inlines(self, node: Node) -> str:
        return "".join(self.inline(child) for child in node.children)

    def inline(self, node) -> str:
        if isinstance(node, str):
            return escape(node)
        tag = node.tag
        if tag in _BLOCK_TAGS or tag in ("svg", "img"):
            return f"#block[{self.block(node)}]"
        inner = self.inlines(node)
        if tag in ("strong", "b"):
            return f"#badge[{inner}]" if "synthetic" in node.classes else f"#strong[{inner}]"
        if tag in ("em", "i"):
            return f"#emph[{inner}]"
        if tag == "br":
            return "#linebreak()"
        if tag == "sup":
            return f"#super[{inner}]"
        if tag == "sub":
            return f"#sub[{inner}]"
        if tag == "code":
            return f"#raw({string(text_of(node))})"
        if tag == "a":
            return self._link(node, inner)
        return self._span(node, inner)

    def _span(self, node: Node, inner: str) -> str:
        classes = node.classes
        kinds = sorted(classes & PILLS)
        if kinds:
            return f"#pill({string(kinds[0])})[{inner}]"
        for name, function in (("period", "period"), ("muted", "quiet"), ("big", "big")):
            if name in classes:
                return f"#{function}[{inner}]"
        return inner

    def _link(self, node: Node, inner: str) -> str:
        href = node.attrs.get("href", "")
        if re.match(r"(https?:|mailto:)", href):
            return f"#link({string(href)})[{inner}]"
        target = href.split("#", 1)[1] if href.startswith("#") else href.split(".html")[0]
        if href and target in self.labels:
            return f"#link(<{target}>)[{inner}]"
        return inner  # a link to something the PDF does not hold: its words only


def _raw_text(node) -> list[str]:
    if isinstance(node, str):
        return [node]
    if node.tag == "br":
        return ["\n"]
    return [part for child in node.children for part in _raw_text(child)]


def to_typst(markup: str, assets: Assets, labels: set[str] = frozenset()) -> str:
    """Typst markup for an HTML fragment; images and charts are added to ``assets``."""
    root, svgs = parse(markup)
    return Converter(svgs, assets, set(labels)).blocks(root)
