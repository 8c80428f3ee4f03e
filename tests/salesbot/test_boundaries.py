"""The domain's boundaries: ``salesbot`` knows neither Slack nor SQL.

Storage depends on the domain, never the other way round: no module under salesbot/ imports
storage, SQLModel, SQLAlchemy or the Slack SDKs, whether at the top, inside a function, or by
name through importlib. What the domain needs of storage it names in Protocols: each module's
store protocol lists the store methods it calls, and ``salesbot.records`` the row attributes it
reads. ``storage.store.Store`` must offer every one of those methods, callable as declared, and
the tables every one of those attributes.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path
from typing import Protocol

import pytest

import salesbot
from storage import models
from storage.store import Store

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
    assert {"goals.py", "orders.py", "progress.py", "records.py", "i18n.py"} <= names


@pytest.mark.parametrize("path", domain_modules(), ids=lambda path: path.relative_to(SALESBOT).as_posix())
def test_the_domain_imports_neither_storage_nor_slack(path):
    assert forbidden_imports(path.read_text(encoding="utf-8")) == []


# -- what the domain asks of storage ------------------------------------------------------------


def salesbot_modules() -> list:
    return [
        importlib.import_module(f"salesbot.{info.name}")
        for info in pkgutil.iter_modules(salesbot.__path__)
        if info.name != "catalog"
    ]


def protocols() -> dict[str, type]:
    """Every Protocol the domain declares, by qualified name."""
    found = {}
    for module in salesbot_modules():
        for name, value in vars(module).items():
            if (
                isinstance(value, type)
                and value.__module__ == module.__name__
                and getattr(value, "_is_protocol", False)
            ):
                found[f"{module.__name__}.{name}"] = value
    return found


def is_row(protocol: type) -> bool:
    return protocol.__name__.endswith("Record")


STORE_PROTOCOLS = {name: p for name, p in protocols().items() if not is_row(p)}
ROWS = {name: p for name, p in protocols().items() if is_row(p)}
TABLES = {
    "WorkspaceRecord": models.Workspace,
    "PersonRecord": models.Person,
    "TeamRecord": models.Team,
    "MembershipRecord": models.TeamMembership,
    "ProductRecord": models.Product,
    "GoalRecord": models.Goal,
    "GoalRevisionRecord": models.GoalRevision,
    "SaleRecord": models.Sale,
    "TimeOffRecord": models.TimeOff,
    "DigestScheduleRecord": models.DigestSchedule,
    "TrainingItemRecord": models.TrainingItem,
    "TrainingAssignmentRecord": models.TrainingAssignment,
    "TrainingCompletionRecord": models.TrainingCompletion,
    "FeedbackRecord": models.Feedback,
    "FeedbackRequestRecord": models.FeedbackRequest,
    "FeedbackLinkRecord": models.FeedbackLink,
    "TechniqueRecord": models.Technique,
    "SegmentRecord": models.Segment,
    "WinStoryRecord": models.WinStory,
    "DiagnosisRecord": models.Diagnosis,
    "DiagnosisStepRecord": models.DiagnosisStep,
    "DiagnosisActionRecord": models.DiagnosisAction,
    "QuestionRecord": models.DiagnosisQuestion,
    "ClosedGoalRecord": models.Goal,
    "CoachingPlanRecord": models.CoachingPlan,
    "CheckInRecord": models.CoachingCheckIn,
    "KudosRecord": models.Kudos,
    "RewardRecord": models.Reward,
    "NominationRecord": models.Nomination,
    "AckRecord": models.GoalAck,
    "DiscussionRecord": models.GoalDiscussion,
    "MessageRecord": models.GoalDiscussionMessage,
}


def protocol_members(protocol: type) -> tuple[dict[str, object], set[str]]:
    """(methods by name, attribute names) the protocol and its protocol bases declare."""
    methods: dict[str, object] = {}
    attributes: set[str] = set()
    for klass in reversed(protocol.__mro__):
        if not getattr(klass, "_is_protocol", False) or klass is Protocol:
            continue
        attributes |= set(vars(klass).get("__annotations__", {}))
        methods |= {
            name: value
            for name, value in vars(klass).items()
            if inspect.isfunction(value) and not name.startswith("_")
        }
    return methods, attributes


def class_attributes(cls: type) -> set[str]:
    return {name for klass in cls.__mro__ for name in vars(klass).get("__annotations__", {})}


def mismatches(protocol: type, implementation: type) -> list[str]:
    """How ``implementation`` fails to offer what ``protocol`` names: a missing method or
    attribute, a parameter it lacks or names otherwise, or one it requires that the protocol's
    callers never pass."""
    methods, attributes = protocol_members(protocol)
    problems = [f"no attribute {name}" for name in sorted(attributes - class_attributes(implementation))]
    for name, declared in methods.items():
        offered = getattr(implementation, name, None)
        if not callable(offered):
            problems.append(f"no method {name}")
            continue
        wanted = list(inspect.signature(declared).parameters.values())[1:]
        given = list(inspect.signature(offered).parameters.values())[1:]
        by_name = {p.name: p for p in given}
        positional = [p.name for p in given if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        for index, parameter in enumerate(wanted):
            if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
                if not any(p.kind == parameter.kind for p in given):
                    problems.append(f"{name}: no {parameter}")
                continue
            match = by_name.get(parameter.name)
            if match is None:
                problems.append(f"{name}: no parameter {parameter.name}")
            elif parameter.kind == parameter.POSITIONAL_OR_KEYWORD and positional[index : index + 1] != [
                parameter.name
            ]:
                problems.append(f"{name}: {parameter.name} is not positional parameter {index + 1}")
            elif parameter.kind == parameter.KEYWORD_ONLY and match.kind == match.POSITIONAL_ONLY:
                problems.append(f"{name}: {parameter.name} cannot be passed by name")
            elif parameter.default is not parameter.empty and match.default is match.empty:
                problems.append(f"{name}: {parameter.name} has no default")
        declared_names = {p.name for p in wanted}
        for parameter in given:
            required = parameter.default is parameter.empty and parameter.kind not in (
                parameter.VAR_POSITIONAL,
                parameter.VAR_KEYWORD,
            )
            if required and parameter.name not in declared_names:
                problems.append(f"{name}: requires {parameter.name}, which the protocol does not pass")
    return problems


def test_the_domain_declares_its_store_protocols():
    names = {name.rsplit(".", 1)[1] for name in STORE_PROTOCOLS}
    assert {"GoalStore", "SaleStore", "OrdersStore", "ProgressStore", "ScheduleStore", "DemoStore"} <= names
    assert set(TABLES) == {name.rsplit(".", 1)[1] for name in ROWS}


@pytest.mark.parametrize("name", sorted(STORE_PROTOCOLS))
def test_the_store_offers_every_method_a_domain_protocol_names(name):
    assert mismatches(STORE_PROTOCOLS[name], Store) == []


@pytest.mark.parametrize("name", sorted(ROWS))
def test_every_row_attribute_the_domain_reads_is_a_column(name):
    row = ROWS[name]
    _, attributes = protocol_members(row)
    assert attributes, f"{name} names no attribute"
    assert sorted(attributes - set(TABLES[row.__name__].model_fields)) == []


def test_the_conformance_check_sees_a_store_that_lost_or_changed_a_method():
    class GoalsOnly(Protocol):
        workspace_id: int

        def goal_by_key(self, goal_key: str) -> object | None: ...
        def goals_overlapping(self, start, end, *, person_ids=None, limit: int | None = None): ...
        def audit(self, *, actor_id, action, entity, entity_id=None, **details): ...

    class Right:
        workspace_id: int

        def goal_by_key(self, goal_key, extra=None): ...
        def goals_overlapping(self, start, end, *, person_ids=None, team_ids=None, limit=None): ...
        def audit(self, *, actor_id, action, entity, entity_id=None, **details): ...

    class Wrong:
        def goal_by_key(self, key): ...
        def goals_overlapping(self, start, end, required, *, person_ids=None, limit): ...

    assert mismatches(GoalsOnly, Right) == []
    assert mismatches(GoalsOnly, Wrong) == [
        "no attribute workspace_id",
        "goal_by_key: no parameter goal_key",
        "goal_by_key: requires key, which the protocol does not pass",
        "goals_overlapping: limit has no default",
        "goals_overlapping: requires required, which the protocol does not pass",
        "no method audit",
    ]


def store_uses(module) -> tuple[set[str], list[str]]:
    """(the ``store.X`` names ``module`` uses, its functions whose ``store`` has no annotation)."""
    tree = ast.parse(inspect.getsource(module))
    used = {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "store"
    }
    untyped = [
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef)
        for argument in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs)
        if argument.arg == "store" and argument.annotation is None
    ]
    return used, untyped


@pytest.mark.parametrize("module", salesbot_modules(), ids=lambda module: module.__name__)
def test_every_store_method_a_module_calls_is_in_its_protocols(module):
    used, untyped = store_uses(module)
    assert untyped == [], "every store a domain function takes is typed by a protocol"
    visible = set()
    for value in vars(module).values():
        if isinstance(value, type) and getattr(value, "_is_protocol", False) and not is_row(value):
            methods, attributes = protocol_members(value)
            visible |= set(methods) | attributes
    assert sorted(used - visible) == []
