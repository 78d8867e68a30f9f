"""The import rules of docs/ARCHITECTURE.md, checked on the source (not by convention).

kernel/ imports nothing of ours; models/ imports kernel/ and itself, never
app/; only app/ui imports Qt. Each rule reads every module's import
statements with ast, so a lazy import inside a function counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OURS = ("kernel", "models", "app")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def violations(package: str, forbidden: tuple[str, ...]) -> list[str]:
    bad = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for module in imported_modules(path):
            if module.split(".")[0] in forbidden:
                bad.append(f"{path.relative_to(ROOT)} imports {module}")
    return bad


def test_kernel_imports_nothing_of_ours() -> None:
    assert violations("kernel", ("models", "app")) == []


def test_models_never_import_app() -> None:
    assert violations("models", ("app",)) == []


def test_only_the_ui_imports_qt() -> None:
    bad = [
        line
        for line in violations("app", ("PySide6",)) + violations("models", ("PySide6",))
        if not line.startswith("app/ui/")
    ]
    assert bad == []


@pytest.mark.parametrize("package", ["kernel", "models", "app"])
def test_the_rule_checker_sees_imports(package: str) -> None:
    """Guards the checker itself: every package imports something we can see."""
    seen = set().union(*(imported_modules(p) for p in (ROOT / package).rglob("*.py")))
    assert "__future__" in seen


STORE_MODULE = "app/ui/store.py"
STORAGE_MODULES = ("app.storage", "sqlite3", "sqlite_utils")


def ui_storage_imports() -> list[str]:
    """Every app/ui module's import of storage or an SQLite module, but the store's."""
    bad = []
    for path in sorted((ROOT / "app" / "ui").rglob("*.py")):
        where = path.relative_to(ROOT).as_posix()
        for module in imported_modules(path):
            if where != STORE_MODULE and any(
                module == name or module.startswith(name + ".") for name in STORAGE_MODULES
            ):
                bad.append(f"{where} imports {module}")
    return bad


def test_the_gui_reaches_storage_only_through_the_store() -> None:
    """One way from the screens to the library: app/ui/store.py (docs/ARCHITECTURE.md)."""
    assert ui_storage_imports() == []


def test_the_store_rule_sees_the_store_itself() -> None:
    """Guards the rule: the store does import storage, so the checker would see another."""
    store_imports = imported_modules(ROOT / STORE_MODULE)
    assert "app.storage.library" in store_imports and "sqlite3" in store_imports


MAX_MODULE_LINES = 500


def test_no_module_is_over_500_lines() -> None:
    """Split by responsibility before a module grows past this (issue 16)."""
    long = [
        f"{path.relative_to(ROOT)}: {n} lines"
        for package in OURS
        for path in sorted((ROOT / package).rglob("*.py"))
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    ]
    assert long == []
