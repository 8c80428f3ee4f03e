"""The domain's boundaries: ``salesbot`` knows neither Slack nor SQL.

Storage depends on the domain, never the other way round: no module under salesbot/ imports
storage, SQLModel, SQLAlchemy or the Slack SDKs, whether at the top, inside a function, or by
name through importlib.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SALESBOT = Path(__file__).resolve().parents[2] / "salesbot"
FORBIDDEN = ("storage", "sqlmodel", "sqlalchemy", "slack_sdk", "slack_bolt")


def forbidden_imports(source: str) -> list[str]:
    """The forbidden modules ``source`` imports, as written."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif (
            isinstance(node, ast.Call)
            and ast.unparse(node.func) in ("importlib.import_module", "import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names = [node.args[0].value]
        else:
            continue
        found += [name for name in names if name.split(".")[0] in FORBIDDEN]
    return found


def test_the_check_sees_every_way_of_importing():
    source = """
import os
import storage.store
from sqlalchemy import func
from salesbot import goals

def late():
    from slack_sdk import WebClient
    import importlib
    importlib.import_module("slack_bolt.app")
    __import__("sqlmodel")
"""
    assert sorted(forbidden_imports(source)) == [
        "slack_bolt.app",
        "slack_sdk",
        "sqlalchemy",
        "sqlmodel",
        "storage.store",
    ]


def domain_modules() -> list[Path]:
    return sorted(SALESBOT.rglob("*.py"))


def test_every_domain_module_is_read():
    names = {path.relative_to(SALESBOT).as_posix() for path in domain_modules()}
    assert {"goals.py", "progress.py", "records.py", "catalog/core.py"} <= names


@pytest.mark.parametrize("path", domain_modules(), ids=lambda path: path.relative_to(SALESBOT).as_posix())
def test_the_domain_imports_neither_storage_nor_slack(path):
    assert forbidden_imports(path.read_text(encoding="utf-8")) == []
