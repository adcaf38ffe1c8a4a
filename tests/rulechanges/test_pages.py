"""The rule-change pages: who may open and act on them, what a bad figure or a forged id gets,
Hindi, and a fixed number of queries."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rulechanges.models import WhatIf
from schemes.models import RuleSet, RuleSetEvent, Scheme
from schemes.selectors import active_ruleset
from tests.applications.helpers import make_applicant, pdf_upload, submitted_toolkit
from tests.factories import StaffFactory, district
from tests.rulechanges.helpers import draft, simulate, state_user

pytestmark = pytest.mark.django_db


def client_for(user, language: str = "en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def people():
    owner = submitted_toolkit(seed=1).applicant.user
    return {
        "artisan (owner of a file)": owner,
        "another artisan": make_applicant(seed=2).user,
        "officer of the district": StaffFactory(role="district_officer", district=district("agra")),
        "officer of another district": StaffFactory(
            role="district_officer", district=district("kanpur-nagar")
        ),
        "committee member": StaffFactory(role="committee_member", district=district("agra")),
        "bank officer": StaffFactory(role="bank_officer", district=district("agra")),
    }


@pytest.fixture
def world():
    maker, checker = state_user("maker"), state_user("checker")
    ruleset = draft(maker, honorarium_per_day="250")
    what_if = simulate(maker, ruleset)
    return {"maker": maker, "checker": checker, "ruleset": ruleset, "what_if": what_if}


def _urls(world) -> list[str]:
    pk, wid = world["ruleset"].pk, world["what_if"].pk
    return [
        "/rule-changes/",
        "/rule-changes/new/tt/",
        f"/rule-changes/{pk}/",
        f"/rule-changes/{pk}/edit/",
        f"/rule-changes/{pk}/go.pdf",
        f"/rule-changes/{pk}/what-if/{wid}/progress.json",
        f"/rule-changes/{pk}/what-if/{wid}.csv",
        f"/rule-changes/{pk}/what-if/{wid}.xlsx",
        "/rule-changes/targets/",
    ]


def _posts(world) -> list[tuple[str, dict]]:
    pk = world["ruleset"].pk
    return [
        (f"/rule-changes/{pk}/what-if/", {}),
        (f"/rule-changes/{pk}/submit/", {}),
        (f"/rule-changes/{pk}/review/", {"decision": "publish"}),
        (f"/rule-changes/{pk}/review/", {"decision": "return", "note": "no"}),
        (f"/rule-changes/{pk}/edit/", {"go_reference": "x"}),
        ("/rule-changes/new/tt/", {"go_reference": "x"}),
    ]


def _state(world):
    ruleset = RuleSet.objects.get(pk=world["ruleset"].pk)
    return (
        ruleset.state,
        ruleset.parameters,
        RuleSetEvent.objects.count(),
        WhatIf.objects.count(),
        RuleSet.objects.count(),
    )


def test_anonymous_visitors_are_sent_to_sign_in_and_nothing_changes(world):
    before = _state(world)
    for url in _urls(world):
        response = client_for(None).get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/staff/login/?next="), url
    for url, data in _posts(world):
        assert client_for(None).post(url, data).status_code == 302, url
    # An API token opens no page of the portal: these pages are for a signed-in session only.
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=world["checker"])
    response = Client().get("/rule-changes/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 302
    assert _state(world) == before


def test_every_other_role_is_refused_and_nothing_changes(world, people):
    before = _state(world)
    for who, user in people.items():
        client = client_for(user)
        for url in _urls(world):
            assert client.get(url).status_code == 403, (who, url)
        for url, data in _posts(world):
            assert client.post(url, data).status_code == 403, (who, url)
    assert _state(world) == before


def test_state_staff_open_every_page(world):
    client = client_for(world["maker"])
    for url in _urls(world):
        assert client.get(url).status_code == 200, url


def test_a_forged_what_if_or_format_finds_nothing(world):
    other = draft(world["maker"], "MM")
    foreign = simulate(world["maker"], other)
    client = client_for(world["checker"])
    pk = world["ruleset"].pk
    for url in (
        f"/rule-changes/{pk}/what-if/{foreign.pk}/progress.json",
        f"/rule-changes/{pk}/what-if/{foreign.pk}.csv",
        f"/rule-changes/{pk}/what-if/{world['what_if'].pk}.pdf",
        f"/rule-changes/{pk + 1000}/",
        f"/rule-changes/targets/{world['what_if'].pk}/",
        "/rule-changes/new/xx/",
    ):
        assert client.get(url).status_code == 404, url


def test_the_drafter_cannot_publish_through_the_page(world):
    client = client_for(world["maker"])
    client.post(f"/rule-changes/{world['ruleset'].pk}/submit/")
    before = _state(world)
    assert before[0] == RuleSet.State.IN_REVIEW
    response = client.post(
        f"/rule-changes/{world['ruleset'].pk}/review/", {"decision": "publish"}, follow=True
    )
    assert "a second person must review and publish it" in response.content.decode()
    assert _state(world) == before


def test_a_second_person_publishes_through_the_page(world):
    client_for(world["maker"]).post(f"/rule-changes/{world['ruleset'].pk}/submit/")
    response = client_for(world["checker"]).post(
        f"/rule-changes/{world['ruleset'].pk}/review/", {"decision": "publish", "note": "Matches the GO."}
    )
    assert response.status_code == 302
    ruleset = RuleSet.objects.get(pk=world["ruleset"].pk)
    assert (ruleset.state, ruleset.published_by) == (RuleSet.State.PUBLISHED, world["checker"])


def _draft_post(scheme_code: str = "TT", **figures):
    tt = Scheme.objects.get(code=scheme_code)
    current = active_ruleset(scheme=tt, on=timezone.localdate()).rule_parameters().to_dict()
    data = {
        "go_reference": "88/2026",
        "go_date": timezone.localdate().isoformat(),
        "effective_from": (timezone.localdate() + timezone.timedelta(days=5)).isoformat(),
        "notes": "new honorarium",
    }
    for name, value in current.items():
        if isinstance(value, bool):
            data[name] = "true" if value else "false"
        elif isinstance(value, list):
            data[name] = ", ".join(value)
        else:
            data[name] = str(value)
    data.update(figures)
    return data


def test_a_draft_is_made_from_the_form_with_its_pdf(world):
    client = client_for(world["checker"])
    data = _draft_post(honorarium_per_day="275")
    data["go_document"] = pdf_upload("go.pdf")
    response = client.post("/rule-changes/new/tt/", data)
    assert response.status_code == 302
    ruleset = RuleSet.objects.filter(created_by=world["checker"]).get()
    assert ruleset.parameters["honorarium_per_day"] == "275"
    assert ruleset.state == RuleSet.State.DRAFT
    assert ruleset.go_document.name.endswith(".pdf")
    assert client.get(f"/rule-changes/{ruleset.pk}/go.pdf").status_code == 200


@pytest.mark.parametrize(
    ("figures", "field", "message"),
    [
        (
            {"honorarium_per_day": "-5"},
            "honorarium_per_day",
            "Ensure this value is greater than or equal to 0",
        ),
        ({"honorarium_per_day": "lots"}, "honorarium_per_day", "Enter a number"),
        ({"min_age": "2.5"}, "min_age", "Enter a whole number"),
        ({"toolkit_lookback_years": "0"}, "toolkit_lookback_years", "toolkit_lookback_years"),
        ({"effective_from": "2026-02-30"}, "effective_from", "Enter a valid date"),
    ],
)
def test_a_bad_figure_is_refused_naming_the_field_and_keeping_what_was_typed(world, figures, field, message):
    before = RuleSet.objects.count()
    response = client_for(world["checker"]).post("/rule-changes/new/tt/", _draft_post(**figures))
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert message in " ".join(form.errors[field])
    assert response.context["form"][field].value() == next(iter(figures.values()))
    assert RuleSet.objects.count() == before


def test_the_pages_speak_hindi(world):
    client = client_for(world["maker"], "hi")
    page = client.get(f"/rule-changes/{world['ruleset'].pk}/").content.decode()
    main = page.split("<main", 1)[1]
    assert 'lang="hi"' in page
    assert "क्या-होगा विश्लेषण" in main
    for english in ("What-if", "Send for review", "Run the what-if", "The figures beside those in force"):
        assert english not in main, english
    index = client.get("/rule-changes/").content.decode().split("<main", 1)[1]
    assert "Drafts and rule sets waiting for review" not in index


def test_the_list_and_the_page_run_a_fixed_number_of_queries(world):
    client = client_for(world["checker"])
    pk = world["ruleset"].pk

    def count(url):
        client.get(url)  # warm the session and the caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = (count("/rule-changes/"), count(f"/rule-changes/{pk}/"))
    for seed in range(10, 16):
        submitted_toolkit(seed=seed)
        draft(world["maker"], "MM")
    simulate(world["maker"], world["ruleset"])
    many = (count("/rule-changes/"), count(f"/rule-changes/{pk}/"))
    assert few == many


@pytest.mark.parametrize(
    ("language", "message"),
    [("en", "limits must rise: 'slab2_limit' must be more than 'slab1_limit'"), ("hi", "slab2_limit")],
)
def test_figures_that_break_the_rules_together_are_refused_in_the_readers_language(world, language, message):
    before = RuleSet.objects.count()
    response = client_for(world["checker"], language).post(
        "/rule-changes/new/mm/", _draft_post("MM", slab2_limit="2000000")
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["slab2_limit"]
    assert message in errors["slab2_limit"][0]
    if language == "hi":
        assert any("\u0900" <= ch <= "\u097f" for ch in errors["slab2_limit"][0])
    assert response.context["form"]["slab2_limit"].value() == "2000000"
    assert RuleSet.objects.count() == before
