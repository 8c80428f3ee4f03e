"""The console talks to salesbot only as Slack does: none of its modules reaches for the database."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CONSOLE = Path(__file__).resolve().parents[3] / "localslack" / "console"
FORBIDDEN = ("storage", "sqlmodel", "sqlalchemy", "salesbot.demo")


def imported_names(source: str, package: str = "localslack.console") -> list[str]:
    """Every module a source names in an import, anywhere in it (functions included), and in
    ``importlib.import_module`` / ``__import__`` calls with a literal name."""
    names: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(part for part in (base, node.module or "") if part)
            # ``from salesbot import demo`` imports salesbot.demo.
            names += [module] + [f"{module}.{alias.name}" for alias in node.names]
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            names.append(str(node.args[0].value))
    return names


def forbidden_imports(source: str) -> list[str]:
    return [
        name
        for name in imported_names(source)
        if any(name == root or name.startswith(root + ".") for root in FORBIDDEN)
    ]


def test_the_check_finds_each_way_of_importing_the_database():
    source = """
import sqlalchemy.orm
from sqlmodel import Session
from salesbot import demo
from storage.store import Store

def later():
    from salesbot.demo import load_demo
    return importlib.import_module("storage.db")
"""
    assert forbidden_imports(source) == [
        "sqlalchemy.orm",
        "sqlmodel",
        "sqlmodel.Session",
        "salesbot.demo",
        "storage.store",
        "storage.store.Store",
        "salesbot.demo",
        "salesbot.demo.load_demo",
        "storage.db",
    ]
    assert forbidden_imports("from salesbot.config import Settings\nfrom . import render") == []


@pytest.mark.parametrize("path", sorted(CONSOLE.glob("*.py")), ids=lambda path: path.name)
def test_no_console_module_imports_the_database(path):
    assert forbidden_imports(path.read_text(encoding="utf-8")) == [], f"{path.name} imports the database"
