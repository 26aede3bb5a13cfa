"""The pack's HTML as a small tree, for laying it out again (the PDF): an HTML parser over the
fragments the pages are made of, with each inline ``<svg>`` kept whole as text (a parser would
lower-case its attributes), and the few facts about the markup the layouts need."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_SVG = re.compile(r"<svg\b.*?</svg>", re.S | re.I)
_METADATA = re.compile(r"<metadata\b.*?</metadata>\s*", re.S | re.I)
PLACEHOLDER = "data-wsoa-svg"
_VOID = {"br", "img", "hr", "meta", "wbr", "input", "col", "source", "link", "area", "base"}
_SKIP = {"style", "script", "template", "head", "title", "noscript", "button"}
SPACE = re.compile(r"\s+")
#: The classes that make an element a rating or status pill.
PILLS = {
    "rating-met", "rating-green", "rating-amber", "rating-red", "rating-no_target",
    "rating-no_data", "brag-blue", "brag-green", "brag-amber", "brag-red", "brag-grey",
    "brag-none", "overdue",
}  # fmt: skip


@dataclass
class Node:
    """An element of the parsed HTML (text children are plain strings)."""

    tag: str
    attrs: dict = field(default_factory=dict)
    children: list = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("root")
        self.stack = [self.root]
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if self.skipping or tag in _SKIP:
            self.skipping += tag not in _VOID  # what a skipped element holds is skipped
            return
        node = Node(tag, {k: (v if v is not None else "") for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        if not self.skipping and tag not in _SKIP:
            self.stack[-1].children.append(Node(tag, dict(attrs)))

    def handle_endtag(self, tag):
        if self.skipping:
            self.skipping -= 1
            return
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        if not self.skipping:
            self.stack[-1].children.append(data)


def parse(markup: str) -> tuple[Node, list[str]]:
    """The HTML as a tree, with each inline ``<svg>`` taken out whole (an HTML parser would
    lower-case its attributes) and left as ``<svg data-wsoa-svg="n">``."""
    svgs: list[str] = []

    def keep(match: re.Match) -> str:
        svg = match.group(0)
        svgs.append(standalone_svg(svg))
        label = re.search(r'\baria-label="([^"]*)"', svg[: svg.find(">")])
        described = f' aria-label="{label.group(1)}"' if label else ""
        return f'<svg {PLACEHOLDER}="{len(svgs) - 1}"{described}></svg>'

    builder = _TreeBuilder()
    builder.feed(_SVG.sub(keep, markup))
    builder.close()
    return builder.root, svgs


def standalone_svg(svg: str) -> str:
    """An inline SVG as a file of its own: its namespaces declared (HTML does not need
    them), its RDF metadata dropped.

    >>> svg = standalone_svg('<svg><metadata><rdf:RDF/></metadata><use xlink:href="#a"/></svg>')
    >>> svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink=')
    True
    >>> "metadata" in svg
    False
    """
    svg = _METADATA.sub("", svg)
    head_end = svg.find(">")
    head, rest = svg[:head_end], svg[head_end:]
    if "xmlns:xlink=" not in head and "xlink:" in rest:
        head = head.replace("<svg", '<svg xmlns:xlink="http://www.w3.org/1999/xlink"', 1)
    if not re.search(r"\sxmlns=", head):
        head = head.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"', 1)
    return head + rest


def text_of(node) -> str:
    """All the text under a node, whitespace collapsed."""
    if isinstance(node, str):
        return node
    return SPACE.sub(" ", "".join(text_of(child) for child in node.children)).strip()


def descendants(node: Node):
    for child in node.children:
        if isinstance(child, Node):
            yield child
            yield from descendants(child)
