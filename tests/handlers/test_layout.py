"""How handlers/ is laid out: one module per feature, registered by an explicit list, none
importing another (what two features show lives in handlers/replies.py)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import handlers
from handlers import commands

HANDLERS = Path(handlers.__file__).resolve().parent
# The modules that serve one feature each; everything else in handlers/ is shared machinery.
FEATURE_MODULES = {
    module.__name__.rsplit(".", 1)[1] for module in handlers.FEATURES if module is not commands
} | {"roles", "export", "segments"}


def imported_handler_modules(path: Path) -> set[str]:
    """The ``handlers.X`` modules a file imports, however it spells the import."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "handlers":
                found |= {alias.name for alias in node.names}
            elif node.module.startswith("handlers."):
                found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("handlers.")}
    return found


@pytest.mark.parametrize("feature", sorted(FEATURE_MODULES))
def test_a_feature_module_imports_no_other_feature_module(feature):
    imported = imported_handler_modules(HANDLERS / f"{feature}.py")
    assert imported & FEATURE_MODULES == set()


def test_the_check_sees_a_feature_importing_another(tmp_path):
    wrong = tmp_path / "wrong.py"
    wrong.write_text("from handlers import ids, orders\n\ndef f():\n    from handlers.sales import x\n")
    assert imported_handler_modules(wrong) & FEATURE_MODULES == {"orders", "sales"}


def test_every_feature_module_is_registered_or_is_a_subcommand_only():
    on_disk = {path.stem for path in HANDLERS.glob("*.py")} - {
        "__init__",
        "app",
        "channels",
        "commands",
        "forms",
        "ids",
        "listeners",
        "metrics",
        "replies",
        "respond",
        "runtime",
        "server",
        "work_queue",
        "work_slots",
    }
    assert on_disk == FEATURE_MODULES, "a new handlers/ module is a feature (add it to FEATURES) or machinery"
    subcommand_modules = {sub.run.__module__.rsplit(".", 1)[1] for sub in commands.SUBCOMMANDS}
    assert subcommand_modules <= FEATURE_MODULES
    # A module with its own listeners registers them; roles, export and segments have only their
    # subcommands.
    assert all(hasattr(module, "register") for module in handlers.FEATURES)
