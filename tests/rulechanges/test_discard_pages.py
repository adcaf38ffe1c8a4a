"""Discarding through the rule set's page: who may post it, what a forged id or a GET gets, the
button, the list that keeps discarded ones apart, Hindi, and a fixed number of queries."""

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from accounts.services import create_staff_user
from outbox.models import OutboxMessage
from rulechanges.models import WhatIf
from rulechanges.services import discard_ruleset, submit_for_review
from schemes.models import RuleSet, RuleSetEvent
from tests.applications.helpers import make_applicant
from tests.factories import STAFF_PASSWORD, StaffFactory, district
from tests.rulechanges.helpers import draft, published, simulate, state_user

pytestmark = pytest.mark.django_db


def client_for(user, language: str = "en", **kwargs) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language, **kwargs)
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def world():
    maker = state_user("maker")
    ruleset = draft(maker, honorarium_per_day="250")
    simulate(maker, ruleset)
    return {
        "maker": maker,
        "colleague": state_user("colleague"),
        "admin": create_staff_user(username="root", password=STAFF_PASSWORD, role=Role.ADMIN),
        "ruleset": ruleset,
    }


def _url(ruleset_or_pk) -> str:
    return f"/rule-changes/{getattr(ruleset_or_pk, 'pk', ruleset_or_pk)}/discard/"


def _state():
    """Everything a refused discard must leave as it was."""
    return (
        sorted(RuleSet.objects.values_list("pk", "state", "published_by_id")),
        RuleSetEvent.objects.count(),
        WhatIf.objects.count(),
        OutboxMessage.objects.count(),
    )


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_anonymous_visitors_are_sent_to_sign_in_and_nothing_changes(world):
    before = _state()
    response = client_for(None).post(_url(world["ruleset"]), {"discard-note": "x"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/staff/login/?next=")
    assert _state() == before


def test_every_role_outside_the_state_cell_is_refused_and_nothing_changes(world):
    outsiders = {
        "artisan": make_applicant(seed=2).user,
        "district officer": StaffFactory(role="district_officer", district=district("agra")),
        "committee member": StaffFactory(role="committee_member", district=district("agra")),
        "bank officer": StaffFactory(role="bank_officer", district=district("agra")),
    }
    before = _state()
    for who, user in outsiders.items():
        response = client_for(user).post(_url(world["ruleset"]), {"discard-note": "x"})
        assert response.status_code == 403, who
    assert _state() == before


def test_the_drafter_discards_the_draft_with_a_reason(world):
    response = client_for(world["maker"]).post(
        _url(world["ruleset"]), {"discard-note": "GO 77/2026 withdrawn."}, follow=True
    )
    assert response.redirect_chain == [(f"/rule-changes/{world['ruleset'].pk}/", 302)]
    assert _messages(response) == ["Discarded. It is kept with its steps for the record and is never used."]
    ruleset = RuleSet.objects.get(pk=world["ruleset"].pk)
    assert ruleset.state == RuleSet.State.DISCARDED
    event = ruleset.events.get(action="discarded")
    assert (event.actor, event.note) == (world["maker"], "GO 77/2026 withdrawn.")


def test_an_administrator_discards_a_colleagues_draft(world):
    response = client_for(world["admin"]).post(_url(world["ruleset"]), {})
    assert response.status_code == 302
    ruleset = RuleSet.objects.get(pk=world["ruleset"].pk)
    assert ruleset.state == RuleSet.State.DISCARDED
    assert ruleset.events.get(action="discarded").actor == world["admin"]


def test_another_member_of_the_cell_is_told_why_and_nothing_changes(world):
    before = _state()
    response = client_for(world["colleague"]).post(_url(world["ruleset"]), {"discard-note": "x"}, follow=True)
    assert response.redirect_chain == [(f"/rule-changes/{world['ruleset'].pk}/", 302)]
    assert _messages(response) == [
        "Only the person who drafted it, or an administrator, can discard a draft; a rule set "
        "waiting for review may also be discarded by a second person."
    ]
    assert _state() == before


def test_a_second_person_discards_a_ruleset_waiting_for_review(world):
    submit_for_review(user=world["maker"], ruleset_id=world["ruleset"].pk)
    response = client_for(world["colleague"]).post(_url(world["ruleset"]), {"discard-note": "GO withdrawn"})
    assert response.status_code == 302
    ruleset = RuleSet.objects.get(pk=world["ruleset"].pk)
    assert ruleset.state == RuleSet.State.DISCARDED
    assert ruleset.events.get(action="discarded").actor == world["colleague"]


def test_a_forged_id_changes_nothing(world):
    live = published(world["maker"], state_user("checker"), "MM")
    before = _state()
    client = client_for(world["admin"])
    assert client.post(_url(999999), {}).status_code == 404
    response = client.post(_url(live), {"discard-note": "undo"}, follow=True)
    assert _messages(response) == [
        "Only a draft or a rule set waiting for review can be discarded; this one is Published."
    ]
    assert _state() == before


def test_a_get_or_a_post_without_the_csrf_token_is_refused(world):
    before = _state()
    assert client_for(world["maker"]).get(_url(world["ruleset"])).status_code == 405
    forged = client_for(world["maker"], enforce_csrf_checks=True).post(_url(world["ruleset"]), {})
    assert forged.status_code == 403
    assert _state() == before


def test_a_reason_too_long_is_refused_and_changes_nothing(world):
    before = _state()
    response = client_for(world["maker"]).post(
        _url(world["ruleset"]), {"discard-note": "x" * 2001}, follow=True
    )
    assert _messages(response) == ["Ensure this value has at most 2000 characters (it has 2001)."]
    assert _state() == before


def _discard_form(page: str) -> bool:
    return 'id="discard-form"' in page


def test_the_button_is_shown_to_who_may_discard_an_open_ruleset(world):
    pk = world["ruleset"].pk
    page = client_for(world["maker"]).get(f"/rule-changes/{pk}/").content.decode()
    assert _discard_form(page)
    assert f'action="/rule-changes/{pk}/discard/"' in page
    assert 'data-confirm="Discard this rule set? It will never be published' in page
    assert 'name="csrfmiddlewaretoken"' in page.split('id="discard-form"', 1)[1]
    assert not _discard_form(client_for(world["colleague"]).get(f"/rule-changes/{pk}/").content.decode())
    submit_for_review(user=world["maker"], ruleset_id=pk)
    assert _discard_form(client_for(world["colleague"]).get(f"/rule-changes/{pk}/").content.decode())

    live = published(world["maker"], state_user("checker"), "MM")
    page = client_for(world["admin"]).get(f"/rule-changes/{live.pk}/").content.decode()
    assert not _discard_form(page)
    discard_ruleset(user=world["maker"], ruleset_id=pk)
    page = client_for(world["admin"]).get(f"/rule-changes/{pk}/").content.decode()
    assert not _discard_form(page)
    assert 'id="discarded-notice"' in page


def _sections(page: str) -> tuple[str, str]:
    """The index's open and published lists, and its discarded list."""
    main = page.split("<main", 1)[1]
    return tuple(main.split('id="discarded-title"', 1))


def test_the_list_shows_discarded_ones_apart_from_the_open_ones(world):
    kept = draft(world["maker"], "MM")
    discard_ruleset(user=world["maker"], ruleset_id=world["ruleset"].pk, note="withdrawn")
    response = client_for(world["colleague"]).get("/rule-changes/")
    assert [r.pk for r in response.context["open_rulesets"]] == [kept.pk]
    assert [r.pk for r in response.context["discarded"]] == [world["ruleset"].pk]
    above, discarded = _sections(response.content.decode())
    assert f'href="/rule-changes/{kept.pk}/"' in above
    assert f'href="/rule-changes/{world["ruleset"].pk}/"' not in above
    assert f'href="/rule-changes/{world["ruleset"].pk}/"' in discarded
    assert f'href="/rule-changes/{kept.pk}/"' not in discarded


def test_the_discarded_label_and_the_button_speak_hindi(world):
    pk = world["ruleset"].pk
    client = client_for(world["maker"], "hi")
    main = client.get(f"/rule-changes/{pk}/").content.decode().split("<main", 1)[1]
    assert "यह नियम समूह रद्द करें" in main
    assert "रद्द करने का कारण" in main
    for english in ("Discard this rule set", "Why it is discarded", ">Discard<"):
        assert english not in main, english

    discard_ruleset(user=world["maker"], ruleset_id=pk, note="withdrawn")
    main = client.get(f"/rule-changes/{pk}/").content.decode().split("<main", 1)[1]
    assert '<span class="ruleset-state state-discarded" id="ruleset-state">रद्द</span>' in main
    assert "Discarded" not in main
    index = client.get("/rule-changes/").content.decode().split("<main", 1)[1]
    assert "रद्द किए गए ड्राफ्ट" in index
    assert '<span class="ruleset-state state-discarded">रद्द</span>' in index
    assert "Discarded" not in index


def test_the_list_runs_a_fixed_number_of_queries_however_many_are_discarded(world):
    client = client_for(world["colleague"])

    def count() -> int:
        client.get("/rule-changes/")  # warm the session and the caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/rule-changes/").status_code == 200
        return len(queries)

    discard_ruleset(user=world["maker"], ruleset_id=world["ruleset"].pk)
    few = count()
    for code in ("MM", "MDA", "CFC", "TT", "MM"):
        discard_ruleset(user=world["maker"], ruleset_id=draft(world["maker"], code).pk)
    assert len(client.get("/rule-changes/").context["discarded"]) == 6
    assert count() == few
