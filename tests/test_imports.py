"""The import direction of STYLE.md section 1, checked by walking the package with ast.

model, labels, errors and settings import nothing of ours but each other; a stage imports
only the stages before it (ingest < extract < resolve < store < analyse < export, serve);
nothing imports serve.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "tipwatch"
CORE = {"model", "labels", "errors", "settings"}
ORDER = {"ingest": 1, "extract": 2, "resolve": 3, "store": 4, "analyse": 5, "export": 6, "serve": 6}
MODULES = sorted(PACKAGE.rglob("*.py"))


def _unit(parts: list[str]) -> str:
    """The part of tipwatch a dotted path (without 'tipwatch') belongs to: a core module, a stage or ''."""
    if not parts or parts[0] == "__init__":
        return ""  # the package root: tipwatch/__init__.py
    return parts[0].removesuffix(".py")


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, unit) for every import of our own package in one file, lazy imports included."""
    rel = path.relative_to(PACKAGE).with_suffix("").parts
    package = list(rel if rel[-1] == "__init__" else rel[:-1])
    if package and package[-1] == "__init__":
        package = package[:-1]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name.split(".") for a in node.names if a.name.split(".")[0] == "tipwatch"]
            found += [(node.lineno, _unit(t[1:])) for t in targets]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1] if node.level > 1 else package
                target = base + (node.module.split(".") if node.module else [])
            elif node.module and node.module.split(".")[0] == "tipwatch":
                target = node.module.split(".")[1:]
            else:
                continue
            if target:
                found.append((node.lineno, _unit(target)))
            else:  # "from .. import model, __version__": each name may be a module of the root
                for alias in node.names:
                    is_module = (PACKAGE / f"{alias.name}.py").exists() or (PACKAGE / alias.name).is_dir()
                    found.append((node.lineno, alias.name if is_module else ""))
    return found


def _allowed(source: str, target: str) -> bool:
    if target == source:
        return True
    if target == "serve":
        return False
    if source in CORE:
        return target in CORE
    if target in CORE:
        return True
    if source == "":  # the root's public API may gather any stage except serve
        return True
    if target == "":  # the root imports stages, so a stage importing it would be a cycle
        return source in ("export", "serve")
    if source not in ORDER or target not in ORDER:
        return False
    return ORDER[target] < ORDER[source] or source in ("export", "serve")


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_follow_stage_order(path):
    source = _unit(list(path.relative_to(PACKAGE).with_suffix("").parts))
    wrong = [
        f"line {n}: {source or 'tipwatch'} imports {t or 'tipwatch'}"
        for n, t in _imports(path)
        if not _allowed(source, t)
    ]
    assert wrong == []


def test_imports_checker_catches_a_backward_import(tmp_path):
    # The rule itself must be able to fail: store importing serve, ingest importing store.
    assert not _allowed("store", "serve")
    assert not _allowed("ingest", "store")
    assert not _allowed("model", "ingest")
    assert _allowed("store", "ingest") and _allowed("serve", "store") and _allowed("errors", "settings")


def test_imports_walk_sees_relative_and_lazy_imports():
    found = {t for _, t in _imports(PACKAGE / "store" / "batch.py")}
    assert {"ingest", "errors", "model", "store"} <= found
