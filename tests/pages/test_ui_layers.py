"""ui/ is layered without cycles, and pages reach the database only through a service call."""

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function (a hidden cycle is one)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def ui_graph() -> dict[str, set[str]]:
    modules = {f"ui.{p.stem}": p for p in (ROOT / "ui").glob("*.py") if p.stem != "__init__"}
    return {name: imported_modules(path) & modules.keys() for name, path in modules.items()}


def test_ui_modules_import_each_other_without_a_cycle() -> None:
    graph = ui_graph()
    assert "ui.services" in graph and graph["ui.services"]  # the graph was really read
    try:
        tuple(TopologicalSorter(graph).static_order())
    except CycleError as exc:
        pytest.fail(f"ui/ has an import cycle: {' -> '.join(exc.args[1])}")


@pytest.mark.parametrize("page", sorted((ROOT / "pages").glob("*.py")), ids=lambda p: p.stem)
def test_pages_open_no_session_of_their_own(page: Path) -> None:
    imported = imported_modules(page)
    assert not imported & {"ui.database", "ui.database.db", "sqlmodel", "sqlalchemy"}, (
        f"{page.name} should call services through ui.services.run_service"
    )
