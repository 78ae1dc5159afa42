"""The layout of docs/layout.md holds: product code never imports lab equipment, storage never
imports flows, and flows/ and warehouse/ have no import cycle (imports inside functions count)."""
import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PRODUCT = ("flows", "transforms", "schemas", "warehouse")  # pyproject's packages
LAB = ("evaluation", "benchmarks")  # run from a checkout, never installed


def imports(package: str) -> dict[str, set[str]]:
    """Each module of ``package`` -> the project modules it imports, anywhere in its body."""
    graph = {}
    for path in sorted((REPO / package).glob("*.py")):
        names = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module)
        graph[f"{package}.{path.stem}"] = {n for n in names if n.split(".")[0] in PRODUCT + LAB}
    return graph


def cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of ``graph`` (as the modules around it), or None."""
    state: dict[str, str] = {}

    def visit(module: str, path: list[str]) -> list[str] | None:
        state[module] = "open"
        for target in sorted(graph.get(module, ())):
            if state.get(target) == "open":
                return path[path.index(target):] + [target]
            if target in graph and target not in state:
                found = visit(target, path + [target])
                if found:
                    return found
        state[module] = "done"
        return None

    for module in graph:
        if module not in state:
            found = visit(module, [module])
            if found:
                return found
    return None


def test_the_cycle_finder_finds_a_cycle():
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_flows_and_warehouse_have_no_import_cycle():
    assert cycle({**imports("flows"), **imports("warehouse")}) is None


@pytest.mark.parametrize("package", PRODUCT)
def test_installed_code_never_imports_evaluation_or_benchmarks(package):
    """`dateline eval` reaches evaluation/ by name at run time (flows.cli.evaluation_module)."""
    offending = {m: sorted(t for t in targets if t.split(".")[0] in LAB) for m, targets in imports(package).items()}
    assert {m: t for m, t in offending.items() if t} == {}


@pytest.mark.parametrize("package", ["transforms", "schemas", "warehouse"])
def test_only_flows_runs_flows(package):
    offending = {m: sorted(t for t in targets if t.split(".")[0] == "flows") for m, targets in imports(package).items()}
    assert {m: t for m, t in offending.items() if t} == {}
