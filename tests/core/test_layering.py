"""The apps stack in layers and every import runs downwards, so the project reads bottom-up.

    core <- accounts <- safety <- forum <- resources <- notifications <- moderation
        <- supporters <- groups

A lower layer announces what happened with a signal or a registry that the layer above fills
in (its AppConfig.ready), and never imports a higher one. Every import is read from the source
(ast), including imports inside functions and `importlib.import_module("...")` /
`__import__("...")` calls with a literal name, so a lazy import cannot hide an upward
dependency. No exemptions. `config/` wires the apps together and sits above them all.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAYERS = (
    "core",
    "accounts",
    "safety",
    "forum",
    "resources",
    "notifications",
    "moderation",
    "supporters",
    "groups",
    "befriending",
)
RANK = {app: rank for rank, app in enumerate(LAYERS)}


def imported_modules(tree: ast.AST) -> list[tuple[int, str, bool]]:
    """(line, dotted name, inside a function) of every module the code imports."""
    inside = {
        id(sub)
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        for sub in ast.walk(node)
    }
    found = []
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.Call) and _is_import_call(node.func):
            if node.args and isinstance(node.args[0], ast.Constant):
                if isinstance(node.args[0].value, str):
                    names = [node.args[0].value]
        found.extend((node.lineno, name, id(node) in inside) for name in names)
    return found


def _is_import_call(func: ast.expr) -> bool:
    if isinstance(func, ast.Attribute):
        return func.attr == "import_module"
    return isinstance(func, ast.Name) and func.id in ("import_module", "__import__")


def upward_imports(app: str, tree: ast.AST) -> list[str]:
    return [
        f"line {line}: {name}"
        for line, name, _ in imported_modules(tree)
        if RANK.get(name.split(".")[0], -1) > RANK[app]
    ]


def _sources(app: str) -> list[Path]:
    return sorted((ROOT / app).rglob("*.py"))


SOURCES = [(app, path) for app in LAYERS for path in _sources(app)]


def test_every_app_has_python_sources_to_check():
    assert all(_sources(app) for app in LAYERS)
    assert len(SOURCES) > 150


@pytest.mark.parametrize(
    "app,path", SOURCES, ids=lambda v: str(v.relative_to(ROOT)) if isinstance(v, Path) else ""
)
def test_no_module_imports_from_a_layer_above_its_own(app, path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    upward = upward_imports(app, tree)
    assert not upward, f"{path.relative_to(ROOT)} imports upwards: {upward}"


def test_the_check_sees_imports_inside_functions_and_by_name():
    source = (
        "import importlib\n"
        "def later():\n"
        "    from forum.models import Post\n"
        "    importlib.import_module('moderation.models')\n"
        "    __import__('notifications')\n"
        "from . import scanner\n"
        "from accounts.models import Member\n"
    )
    assert upward_imports("safety", ast.parse(source)) == [
        "line 3: forum.models",
        "line 4: moderation.models",
        "line 5: notifications",
    ]
