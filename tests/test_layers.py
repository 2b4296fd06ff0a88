"""The layer contract (docs/design.md, "Layers"): which part of the code may
import which. A crossed layer fails here, in CI, before anyone has to
notice it in review.

Every import counts: at module level, inside functions (the lazy imports
that keep `--help` fast) and under `TYPE_CHECKING`, relative (`from ..score
import`) or absolute (`paritrana.scoring.score`).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "paritrana"

# Layer of a module (its dotted name below paritrana) -> layers it may import.
# The bottom (model, fields, errors) is the domain; each stage may use the
# stages before it only through the domain, except rank, which calls the
# engine; pipeline chains them; the CLI sits on top.
BOTTOM = {
    "scoring.model",
    "scoring.fields",
    "scoring.errors",
    "scoring.messages",
    "scoring.progress",
}
ALLOWED: dict[str, set[str]] = {
    "scoring.messages": set(),
    "scoring.progress": set(),
    "scoring.errors": {"scoring.messages"},
    "scoring.model": set(),
    "scoring.fields": {"scoring.model"},
    "scoring.load": BOTTOM,
    "scoring.validate": BOTTOM | {"scoring.load"},
    "scoring.score": BOTTOM,
    "scoring.rank": BOTTOM | {"scoring.score"},
    "scoring.audit": BOTTOM,
    "scoring.output": BOTTOM,
    "scoring.improve": BOTTOM | {"scoring.score", "scoring.rank"},
    "scoring.render": BOTTOM | {"scoring.audit", "scoring.output", "scoring.improve"},
    "scoring.synthetic": BOTTOM | {"scoring.output"},
    "scoring.pipeline": BOTTOM
    | {
        "scoring.load",
        "scoring.validate",
        "scoring.score",
        "scoring.rank",
        "scoring.render",
        "scoring.audit",
        "scoring.output",
        "scoring.synthetic",
        "scoring.improve",
    },
    "scoring": set(),  # scoring/__init__.py
    "cli": {"*"},
    "": set(),  # the package's __init__.py (the version)
}
# Libraries only the edge may use: the core never prints or parses options.
EDGE_ONLY = {"click"}


def layer_of(module: str) -> str:
    """'scoring.render.pdf' -> 'scoring.render'; 'scoring.model' -> itself."""
    parts = module.split(".")
    if parts[0] != "scoring":
        return parts[0] if parts[0] == "cli" else ""
    if len(parts) == 1:
        return "scoring"
    return ".".join(parts[:2])


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, imported module below the package, or a top-level library)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the importing package
                base = package.split(".") if package else []
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                target = ".".join([*base, *([node.module] if node.module else [])])
                if node.module is None:  # from . import x: x is a module
                    out += [(node.lineno, f"{target}.{a.name}".strip(".")) for a in node.names]
                else:
                    out.append((node.lineno, target))
            else:
                out.append((node.lineno, node.module or ""))
    return sorted(out)


def internal(target: str) -> str | None:
    """The module below the package an import names, or None for a library."""
    if target == PACKAGE or target.startswith(PACKAGE + "."):
        return target[len(PACKAGE) + 1 :]
    if target.split(".")[0] in ("scoring", "cli"):
        return target
    return None


def violations(path: Path) -> list[str]:
    name = module_name(path)
    own = layer_of(name)
    allowed = ALLOWED.get(own)
    if allowed is None:
        return [f"{path.relative_to(ROOT)}: layer {own!r} is not in the contract"]
    problems = []
    for line, target in imports(path):
        inner = internal(target)
        where = f"{path.relative_to(ROOT)}:{line}"
        if inner is None:
            if target.split(".")[0] in EDGE_ONLY and own != "cli":
                problems.append(f"{where}: imports {target} (only cli.py may)")
            continue
        other = layer_of(inner)
        if other == own or "*" in allowed or other in allowed:
            continue
        problems.append(f"{where}: {own} imports {inner} (layer {other})")
    return problems


def sources() -> list[Path]:
    return [ROOT / "cli.py", *sorted((ROOT / "scoring").rglob("*.py"))]


@pytest.mark.parametrize("path", sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_follow_the_layers(path: Path) -> None:
    assert violations(path) == []


def test_the_contract_catches_an_upward_import(tmp_path: Path, monkeypatch) -> None:
    # An engine module that reaches up into rendering, with each import form.
    bad = ROOT / "scoring" / "score" / "_probe_layers.py"
    monkeypatch.setattr(
        "pathlib.Path.read_text",
        lambda self, encoding=None: (
            "from ..render import fmt\n"
            "import paritrana.scoring.validate.candidates\n"
            "def f():\n    from ..pipeline import load_inputs\n"
            "import click\n"
            "from ..model import Text\n"
        ),
    )
    assert violations(bad) == [
        "scoring/score/_probe_layers.py:1: scoring.score imports scoring.render (layer scoring.render)",
        "scoring/score/_probe_layers.py:2: scoring.score imports scoring.validate.candidates"
        " (layer scoring.validate)",
        "scoring/score/_probe_layers.py:4: scoring.score imports scoring.pipeline"
        " (layer scoring.pipeline)",
        "scoring/score/_probe_layers.py:5: imports click (only cli.py may)",
    ]


def test_relative_imports_resolve_to_their_modules() -> None:
    engine = ROOT / "scoring" / "score" / "engine.py"
    targets = {t for _, t in imports(engine)}
    assert "scoring.model" in targets and "scoring.score.exact" in targets
