"""The library's shape: data flows one way (inputs -> domain -> present -> render -> build),
no import cycles, and modules small enough to read."""

import ast
import re
from pathlib import Path

import pytest

from conftest import ROOT

SRC = ROOT / "src"
PACKAGE = SRC / "wsoa_analysis"

#: What each layer may import from the package, besides itself. Anything not listed is a
#: layer reaching across (e.g. the domain rendering HTML, or the inputs knowing of pages).
ALLOWED = {
    "errors": set(),
    "dates": set(),
    "files": set(),  # writing files durably
    "disclosure": {"errors", "dates", "domain.rounding"},
    "config": {"errors", "dates", "disclosure"},
    "inputs": {"errors", "dates", "files", "config", "domain.periods", "domain.rounding"},
    "domain": {"errors", "dates", "config", "inputs", "disclosure"},
    "context": {"errors", "dates", "config", "inputs", "domain", "build.cache"},
    "present": {"errors", "dates", "config", "domain", "disclosure", "context"},
    "render": {"errors", "dates", "config", "domain", "disclosure", "present", "context", "inputs"},
    "importers": {"errors", "dates", "config", "inputs", "domain"},
    "build": {
        "errors",
        "dates",
        "files",
        "config",
        "inputs",
        "domain",
        "context",
        "present",
        "render",
    },
    "cli": None,  # the command line may use everything
    "subcommands": None,  # its subcommands' options and help
    "commands": None,  # what each subcommand of the command line does
    "lookups": None,  # the subcommands that only look (cycles, measure, compare, open)
    "arguments": {"errors"},  # how the command line is read
    "__init__": set(),
}


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(SRC).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield ".".join(parts), path


def _imports(name: str, path: Path) -> set[str]:
    """Every wsoa_analysis module this one imports, at the top or inside a function."""
    found = set()
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")
                base = base if is_package else base[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("wsoa_analysis"):
                found.add(target)
                for alias in node.names:  # `from wsoa_analysis.x import module`
                    found.add(f"{target}.{alias.name}")
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("wsoa_analysis")}
    known = {m for m, _ in _modules()}
    return {m for m in found if m in known and m != name}


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


MODULES = list(_modules())


@pytest.mark.parametrize("name,path", MODULES, ids=[m for m, _ in MODULES])
def test_layers_import_only_what_comes_before_them(name, path):
    layer = _layer(name)
    allowed = ALLOWED[layer]
    if allowed is None:
        return
    wrong = []
    for target in _imports(name, path):
        other = target.split(".", 1)[1] if "." in target else ""
        if not other or _layer(target) == layer:
            continue
        if not any(other == a or other.startswith(a + ".") for a in allowed):
            wrong.append(target)
    assert not wrong, f"{name} reaches across layers: {sorted(wrong)}"


def test_no_import_cycles():
    graph = {name: _imports(name, path) for name, path in MODULES}
    # a package's __init__ re-exporting its own modules is not a cycle of meaning
    for name in graph:
        graph[name] = {t for t in graph[name] if not name.startswith(t + ".")}
    state, stack, cycles = {}, [], []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                cycles.append(stack[stack.index(nxt) :] + [nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name)
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


@pytest.mark.parametrize("name,path", MODULES, ids=[m for m, _ in MODULES])
def test_modules_stay_small(name, path):
    lines = len(path.read_text().splitlines())
    assert lines <= 420, f"{name} has {lines} lines: split it by what it holds"


def test_every_layer_is_a_folder_a_newcomer_can_read():
    layers = {p.name for p in PACKAGE.iterdir() if p.is_dir() and not p.name.startswith("_")}
    assert layers == {
        "config",
        "inputs",
        "domain",
        "disclosure",
        "present",
        "render",
        "build",
        "importers",
    }
    for layer in layers:
        doc = ast.get_docstring(ast.parse((PACKAGE / layer / "__init__.py").read_text()))
        assert doc, f"{layer}/__init__.py says what the layer holds"


def _function_lengths(path: Path):
    """(name, lines) of every function, its docstring left out."""
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            has_doc = isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
            first = body[1] if has_doc and len(body) > 1 else body[0]
            yield node.name, node.end_lineno - first.lineno + 1


@pytest.mark.parametrize("name,path", MODULES, ids=[m for m, _ in MODULES])
def test_functions_stay_short(name, path):
    long = [f"{fn} ({n} lines)" for fn, n in _function_lengths(path) if n > 60]
    assert not long, f"{name}: split {', '.join(long)}"


def test_month_names_come_from_one_place():
    """``%B`` / ``%b`` follow the machine's locale: dates are written by ``dates.py``."""
    found = [
        f"{name}"
        for name, path in MODULES
        if name != "wsoa_analysis.dates" and re.search(r"%[Bb]\b", path.read_text())
    ]
    assert not found, f"locale-dependent month names in {found}"
