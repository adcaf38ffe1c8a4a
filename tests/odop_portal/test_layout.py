"""The layout holds itself: the workflow tables compose into one engine, the engine alone
assigns a status, files stay small, modules import in one direction without cycles, and the
tasks services queue by name exist."""

import ast
import importlib
from collections import deque
from pathlib import Path

import pytest
from django.apps import apps

from applications import workflow

ROOT = Path(__file__).resolve().parents[2]
PROJECT_APPS = [
    "odop_portal",
    "accounts",
    "districts",
    "schemes",
    "applications",
    "payments",
    "committees",
    "margin_money",
    "mda",
    "toolkit",
    "cfc",
    "dashboard",
    "demo",
    "outbox",
]
SUB_SCHEME_TABLES = {"margin_money", "mda", "toolkit", "cfc"}


def _sources():
    for app in PROJECT_APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def test_each_sub_scheme_registers_its_own_table():
    assert set(workflow.TABLES) == {"applications", *SUB_SCHEME_TABLES}
    for name in SUB_SCHEME_TABLES:
        table = workflow.TABLES[name]
        assert table.statuses.__module__ == f"{name}.workflow"
        assert apps.is_installed(name)


def test_every_status_and_move_belongs_to_exactly_one_table():
    statuses = [value for table in workflow.TABLES.values() for value in table.statuses.values]
    moves = [t.name for table in workflow.TABLES.values() for t in table.transitions]
    assert len(statuses) == len(set(statuses))
    assert len(moves) == len(set(moves))
    assert set(statuses) == set(workflow.STATUS_LABELS) == {value for value, _ in workflow.status_choices()}
    assert set(moves) == set(workflow.TRANSITIONS)
    for table in workflow.TABLES.values():
        own = set(table.statuses.values)
        for transition in table.transitions:
            # A table's moves end in its own statuses or in the shared ones (a rejection, say).
            assert transition.target in own | set(workflow.CORE.statuses.values), transition.name
            assert transition.sources <= set(workflow.STATUS_LABELS), transition.name
        assert set(table.holders) == own, f"{table.name}: every status says where the file is"
        assert table.office_states <= own


def test_a_second_table_claiming_a_status_or_a_move_is_refused_and_changes_nothing():
    from django.db import models

    class Stray(models.TextChoices):
        PAID = "paid", "Paid twice"

    before = (dict(workflow.TABLES), dict(workflow.TRANSITIONS), dict(workflow.STATUS_LABELS))
    stray = workflow.Table(name="stray", statuses=Stray, transitions=[], holders={})
    with pytest.raises(ValueError, match="paid"):
        workflow.register(stray)

    class Fresh(models.TextChoices):
        NEW = "stray_new", "New"

    clash = workflow.Table(
        name="stray",
        statuses=Fresh,
        transitions=[workflow.move("approve", {Fresh.NEW}, Fresh.NEW, {workflow.SYSTEM}, "x")],
        holders={},
    )
    with pytest.raises(ValueError, match="approve"):
        workflow.register(clash)
    assert (dict(workflow.TABLES), dict(workflow.TRANSITIONS), dict(workflow.STATUS_LABELS)) == before


def test_every_status_is_reachable_from_a_draft():
    reached, todo = {workflow.Status.DRAFT}, deque([workflow.Status.DRAFT])
    while todo:
        status = todo.popleft()
        for transition in workflow.TRANSITIONS.values():
            if status in transition.sources and transition.target not in reached:
                reached.add(transition.target)
                todo.append(transition.target)
    assert reached == set(workflow.STATUS_LABELS)


def _chain_names(node) -> set[str]:
    names = set()
    while isinstance(node, ast.Attribute | ast.Call):
        node = node.value if isinstance(node, ast.Attribute) else node.func
        if isinstance(node, ast.Attribute):
            names.add(node.attr)
    if isinstance(node, ast.Name):
        names.add(node.id)
    return names


# The engine, and the synthetic data, whose histories are walked along the engine's own table
# (tests/dashboard/test_synthetic.py checks every move it makes is one of the table's).
MAY_ASSIGN_STATUS = {"applications/engine.py", "dashboard/synthetic.py"}


def test_nothing_but_the_engine_assigns_a_status():
    offenders = []
    for path in _sources():
        relative = path.relative_to(ROOT).as_posix()
        if relative in MAY_ASSIGN_STATUS:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            targets = node.targets if isinstance(node, ast.Assign) else []
            if isinstance(node, ast.AugAssign | ast.AnnAssign):
                targets = [node.target]
            for target in targets:
                if isinstance(target, ast.Attribute) and target.attr == "status":
                    offenders.append(f"{relative}:{node.lineno} assigns .status")
            if not isinstance(node, ast.Call):
                continue
            reads = isinstance(node.func, ast.Attribute) and node.func.attr in ("filter", "exclude", "get")
            if (
                "Application" in _chain_names(node.func)
                and not reads
                and any(keyword.arg == "status" for keyword in node.keywords)
            ):
                offenders.append(f"{relative}:{node.lineno} writes status=")
            if (
                isinstance(node.func, ast.Attribute)
                and node.func.attr == "bulk_update"
                and "status" in ast.unparse(node)
            ):
                offenders.append(f"{relative}:{node.lineno} bulk_update of status")
    assert offenders == []


def test_no_python_file_is_over_600_lines_and_no_models_module_holds_more_than_ten_models():
    from django.db import models

    long_files = {
        path.relative_to(ROOT).as_posix(): n
        for path in _sources()
        if (n := len(path.read_text().splitlines())) > 600
    }
    assert long_files == {}
    for config in apps.get_app_configs():
        if config.name in PROJECT_APPS:
            own = [m for m in config.get_models() if m.__module__ == f"{config.name}.models"]
            assert len(own) <= 10, (config.name, [m.__name__ for m in own])
    assert models  # the import is the models registry's


def _project_graph():
    import grimp

    graph = grimp.build_graph(*PROJECT_APPS, cache_dir=None)
    return graph, {m for m in graph.modules if ".migrations" not in m}


def test_no_import_cycles_between_modules():
    """Tarjan's strongly connected components over the project's own modules (lazy imports
    inside functions count): every component is a single module."""
    graph, modules = _project_graph()
    edges = {m: {n for n in graph.find_modules_directly_imported_by(m) if n in modules} for m in modules}
    index, low, stack, on_stack, cycles, counter = {}, {}, [], set(), [], [0]

    def visit(start):
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = counter[0]
        counter[0] += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        cycles.append(sorted(component))

    for module in sorted(modules):
        if module not in index:
            visit(module)
    assert cycles == []


def test_services_never_import_tasks():
    graph, modules = _project_graph()
    services = {m for m in modules if ".services" in m}
    tasks = {m for m in modules if m.endswith(".tasks")}
    imported = {(s, t) for s in services for t in graph.find_modules_directly_imported_by(s) if t in tasks}
    assert imported == set()


def test_the_tasks_queued_by_name_are_registered(db):
    from accounts import services as account_services
    from applications import queueing
    from committees import queueing as committee_queueing
    from odop_portal.celery import app
    from outbox import services as outbox_services

    app.loader.import_default_modules()
    names = {
        queueing.NOTIFY_APPLICANT_TASK,
        queueing.PLACE_ON_AGENDA_TASK,
        account_services.SEND_OTP_SMS_TASK,
        outbox_services.RUN_TASK,
        *(value for key, value in vars(committee_queueing).items() if key.isupper()),
    }
    assert len(names) == 8
    assert [name for name in names if name not in app.tasks] == []
    for name in names:
        module, _, function = name.rpartition(".")
        assert getattr(importlib.import_module(module), function).name == name


def test_the_beat_schedule_names_registered_tasks(db):
    from django.conf import settings

    from odop_portal.celery import app

    app.loader.import_default_modules()
    assert [e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] not in app.tasks] == []
