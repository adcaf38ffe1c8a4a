"""The what-if: every file waiting for a decision computed under its own RuleSet and the draft,
with exact tallies, the files that change, and nothing else in the database touched."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection

from applications.models import Application
from rulechanges.models import WhatIf, WhatIfChange
from rulechanges.runner import run_what_if
from rulechanges.services import request_what_if
from tests.applications.helpers import (
    approved_by_committee,
    make_applicant,
    officer,
    recommended,
    submitted_toolkit,
)
from tests.conftest import wait_for
from tests.rulechanges.helpers import draft, simulate, state_user


def _pipeline():
    """Three Training and Toolkit files of Agra: one submitted, one recommended (both waiting
    for a decision) and one approved (decided); the applicants born 1985, 1990 and 1985."""
    dic = officer()
    waiting = submitted_toolkit(seed=1)
    young = recommended(submitted_toolkit(make_applicant(seed=2, date_of_birth="1990-06-01")), dic)
    decided = approved_by_committee(submitted_toolkit(seed=3), dic, "tsc")
    return waiting, young, decided


@pytest.mark.django_db
def test_a_higher_honorarium_changes_every_waiting_file_and_no_decided_one():
    waiting, young, _decided = _pipeline()
    maker = state_user()
    what_if = simulate(maker, draft(maker, honorarium_per_day="250"))
    assert what_if.state == WhatIf.State.DONE
    assert (what_if.total, what_if.done, what_if.percent) == (2, 2, 100)
    state = what_if.results["state"]
    assert state == {
        "files": 2,
        "became_eligible": 0,
        "became_ineligible": 0,
        "benefit_changed": 2,
        "eligible_before": 2,
        "eligible_after": 2,
        "before": "44000.00",
        "after": "45000.00",
        "change": "1000.00",
    }
    assert what_if.results["kept"] == 1
    changes = {c.application_id: c for c in WhatIfChange.objects.filter(what_if=what_if)}
    assert set(changes) == {waiting.pk, young.pk}
    change = changes[waiting.pk]
    assert (change.old_benefit, change.new_benefit, change.change) == (
        Decimal("22000.00"),
        Decimal("22500.00"),
        Decimal("500.00"),
    )
    assert [r["code"] for r in change.reasons] == ["honorarium"]
    agra = next(row for row in what_if.results["districts"] if row["name_en"] == "Agra")
    assert (agra["files"], agra["change"], agra["approved"]) == (2, "1000.00", 1)


@pytest.mark.django_db
def test_a_higher_minimum_age_makes_the_younger_applicant_ineligible_and_says_why():
    _waiting, young, _decided = _pipeline()
    maker = state_user()
    what_if = simulate(maker, draft(maker, min_age=40))
    state = what_if.results["state"]
    assert (state["became_ineligible"], state["eligible_after"], state["change"]) == (1, 1, "-22000.00")
    change = WhatIfChange.objects.get(what_if=what_if)
    assert change.application_id == young.pk
    assert (change.was_eligible, change.is_eligible) == (True, False)
    assert change.reasons[0]["code"] == "age"
    assert change.reasons[0]["clause"].startswith("GO-TT-2020")
    [reason] = what_if.results["reasons"]
    assert (reason["code"], reason["files"], reason["became_ineligible"]) == ("age", 1, 1)


def _fingerprint() -> dict[str, str]:
    """Every table's whole content, as one hash per table (the what-if's own tables aside)."""
    skip = {WhatIf._meta.db_table, WhatIfChange._meta.db_table}
    tables = sorted({m._meta.db_table for m in apps.get_models(include_auto_created=True)} - skip)
    prints = {}
    with connection.cursor() as cursor:
        for table in tables:
            # Table names come from the model registry, quoted; nothing typed reaches the SQL.
            name = connection.ops.quote_name(table)
            digest = "md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
            cursor.execute(f"SELECT count(*), {digest} FROM {name} t")  # noqa: S608
            prints[table] = cursor.fetchone()
    return prints


@pytest.mark.django_db
def test_a_what_if_writes_nothing_but_its_own_results():
    _pipeline()
    maker = state_user()
    ruleset = draft(maker, honorarium_per_day="250", min_age=40)
    what_if = request_what_if(user=maker, ruleset_id=ruleset.pk)
    before = _fingerprint()
    assert before["applications_application"][0] == 3
    run_what_if(what_if_id=what_if.pk)
    assert _fingerprint() == before
    assert WhatIf.objects.get(pk=what_if.pk).state == WhatIf.State.DONE
    assert WhatIfChange.objects.filter(what_if=what_if).count() == 2


@pytest.mark.django_db
def test_running_a_finished_what_if_again_does_nothing():
    _pipeline()
    maker = state_user()
    what_if = simulate(maker, draft(maker, honorarium_per_day="250"))
    finished_at = what_if.finished_at
    assert run_what_if(what_if_id=what_if.pk) == "nothing to do"
    what_if.refresh_from_db()
    assert what_if.finished_at == finished_at
    assert WhatIfChange.objects.filter(what_if=what_if).count() == 2


@pytest.mark.django_db
def test_asking_twice_for_the_same_figures_queues_one_what_if():
    maker = state_user()
    ruleset = draft(maker, honorarium_per_day="250")
    first = request_what_if(user=maker, ruleset_id=ruleset.pk)
    assert request_what_if(user=maker, ruleset_id=ruleset.pk) == first
    assert WhatIf.objects.filter(ruleset=ruleset).count() == 1


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_worker_runs_the_what_if_and_the_page_sees_it_finish(celery_worker_process):
    waiting = submitted_toolkit(seed=1)
    maker = state_user()
    ruleset = draft(maker, honorarium_per_day="250")
    what_if = request_what_if(user=maker, ruleset_id=ruleset.pk)  # commits; the worker takes it
    wait_for(lambda: WhatIf.objects.get(pk=what_if.pk).state == WhatIf.State.DONE, what="the what-if")
    what_if.refresh_from_db()
    assert what_if.results["state"]["change"] == "500.00"
    assert WhatIfChange.objects.get(what_if=what_if).application_id == waiting.pk
    assert Application.objects.get(pk=waiting.pk).benefit_amount == Decimal("22000.00")


@pytest.mark.django_db
def test_a_what_if_asks_the_same_number_of_queries_for_more_files():
    """Per chunk of files, never per file: the family, earlier claims, papers and the
    district's products are read once for the chunk."""
    from django.test.utils import CaptureQueriesContext

    maker = state_user()
    counts = []
    for seeds in (range(1, 3), range(3, 9)):
        for seed in seeds:
            submitted_toolkit(seed=seed)
        what_if = request_what_if(user=maker, ruleset_id=draft(maker, honorarium_per_day="250").pk)
        with CaptureQueriesContext(connection) as queries:
            run_what_if(what_if_id=what_if.pk)
        counts.append(len(queries))
        assert WhatIf.objects.get(pk=what_if.pk).total == len(range(1, seeds.stop))
    assert counts[0] == counts[1]
