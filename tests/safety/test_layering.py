"""Crisis detection sits below the forum: nothing in safety/ imports an app above it.

Every import is read from the source (ast), including imports inside functions and
`importlib.import_module("...")` / `__import__("...")` calls with a literal name, so a lazy
import cannot hide an upward dependency. No exemptions.
"""

import ast
from pathlib import Path

import pytest

SAFETY = Path(__file__).resolve().parents[2] / "safety"
FORBIDDEN = ("forum", "moderation", "notifications", "resources", "accounts")


def imported_modules(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, dotted name) of every module the code imports, wherever the import sits."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0 and node.module:
                found.append((node.lineno, node.module))
        elif isinstance(node, ast.Call) and _is_import_call(node.func):
            if node.args and isinstance(node.args[0], ast.Constant):
                if isinstance(node.args[0].value, str):
                    found.append((node.lineno, node.args[0].value))
    return found


def _is_import_call(func: ast.expr) -> bool:
    if isinstance(func, ast.Attribute):
        return func.attr == "import_module"
    return isinstance(func, ast.Name) and func.id in ("import_module", "__import__")


def _upward(name: str) -> bool:
    return name.split(".")[0] in FORBIDDEN


def _sources() -> list[Path]:
    return sorted(SAFETY.rglob("*.py"))


def test_the_safety_app_has_python_sources_to_check():
    assert len(_sources()) > 10


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(SAFETY)))
def test_safety_imports_nothing_from_the_apps_above_it(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    upward = [f"line {line}: {name}" for line, name in imported_modules(tree) if _upward(name)]
    assert not upward, f"{path.relative_to(SAFETY.parent)} imports upwards: {upward}"


def test_the_check_sees_imports_inside_functions_and_by_name():
    source = (
        "import importlib\n"
        "def later():\n"
        "    from forum.models import Post\n"
        "    importlib.import_module('moderation.models')\n"
        "    __import__('notifications')\n"
        "from . import scanner\n"
    )
    names = [name for _, name in imported_modules(ast.parse(source))]
    assert [n for n in names if _upward(n)] == [
        "forum.models",
        "moderation.models",
        "notifications",
    ]
