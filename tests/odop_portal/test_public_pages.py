"""Public pages cost a cache hit: a second visit runs no query, a change to what they show is seen
at once, each language has its own copy, and a browser asking again gets 304."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from districts.models import District, Product
from odop_portal.public_pages import bump_public_version
from schemes.models import RuleSet, Scheme

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/districts/",
    "/districts/agra/",
    "/districts/products/",
    "/districts/divisions/agra/",
    "/schemes/",
    "scheme",
    "/schemes/notified-fairs/",
]


@pytest.fixture(autouse=True)
def _cached(settings, django_capture_on_commit_callbacks):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    with django_capture_on_commit_callbacks(execute=True):
        bump_public_version()  # a namespace of its own: nothing cached by an earlier test


def _visitor(language="en") -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE=language)


@pytest.mark.parametrize("path", [*PAGES, "product"])
def test_a_second_visit_runs_no_query(path):
    if path == "product":
        path = f"/districts/products/{District.objects.get(slug='agra').products.first().slug}/"
    elif path == "scheme":
        path = f"/schemes/{Scheme.objects.get(code='MM').slug}/"
    first = _visitor().get(path)
    assert first.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        second = _visitor().get(path)
    assert second.status_code == 200
    assert len(queries) == 0, [q["sql"] for q in queries]
    assert second.content.decode().count("<main") == 1
    assert _body(second) == _body(first)


def _body(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def test_each_language_has_its_own_page():
    english = _visitor("en").get("/districts/agra/").content.decode()
    hindi = _visitor("hi").get("/districts/agra/").content.decode()
    assert "Agra" in english and "आगरा" in hindi
    assert "Division" in english and "Division</dt>" not in hindi


def test_a_renamed_district_is_seen_on_the_next_visit(django_capture_on_commit_callbacks):
    assert "Agra (renamed)" not in _visitor().get("/districts/agra/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        agra = District.objects.get(slug="agra")
        agra.name_en = "Agra (renamed)"
        agra.save()
    assert "Agra (renamed)" in _visitor().get("/districts/agra/").content.decode()
    assert "Agra (renamed)" in _visitor().get("/districts/").content.decode()


def test_without_the_version_bump_the_old_page_would_be_served():
    """The cache really holds the page: a change that bypasses the signals (a bulk update) is not
    seen until the version moves, which is why every save and delete moves it."""
    assert "Agra (bulk)" not in _visitor().get("/districts/agra/").content.decode()
    District.objects.filter(slug="agra").update(name_en="Agra (bulk)")
    assert "Agra (bulk)" not in _visitor().get("/districts/agra/").content.decode()


def test_a_product_mapping_change_is_seen_on_the_next_visit(django_capture_on_commit_callbacks):
    agra = District.objects.get(slug="agra")
    other = Product.objects.exclude(pk__in=agra.products.all()).first()
    assert other.name_en not in _body(_visitor().get("/districts/agra/"))
    with django_capture_on_commit_callbacks(execute=True):
        agra.products.add(other)
    assert other.name_en in _body(_visitor().get("/districts/agra/"))


def test_a_rule_set_change_is_seen_on_the_scheme_page(django_capture_on_commit_callbacks):
    path = f"/schemes/{Scheme.objects.get(code='MM').slug}/"
    ruleset = RuleSet.objects.filter(scheme__code="MM").order_by("-effective_from").first()
    assert "G.O. 99/2026 (amended)" not in _body(_visitor().get(path))
    with django_capture_on_commit_callbacks(execute=True):
        ruleset.go_reference = "G.O. 99/2026 (amended)"
        ruleset.save()
    assert "G.O. 99/2026 (amended)" in _body(_visitor().get(path))


def test_a_new_fair_is_seen_on_the_fairs_page(django_capture_on_commit_callbacks):
    from tests.schemes.test_notified_fairs import make_fair

    assert "Kanpur Craft Week" not in _body(_visitor().get("/schemes/notified-fairs/"))
    with django_capture_on_commit_callbacks(execute=True):
        make_fair(name="Kanpur Craft Week", days_ago=-20)
    assert "Kanpur Craft Week" in _body(_visitor().get("/schemes/notified-fairs/"))


def test_a_browser_asking_again_gets_304_until_the_page_changes(django_capture_on_commit_callbacks):
    visitor = _visitor()
    first = visitor.get("/districts/")
    etag = first["ETag"]
    assert etag.startswith('"') and len(etag) == 34
    again = visitor.get("/districts/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert _visitor("hi").get("/districts/")["ETag"] != etag
    with django_capture_on_commit_callbacks(execute=True):
        agra = District.objects.get(slug="agra")
        agra.name_en = "Agra City"
        agra.save()
    changed = visitor.get("/districts/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_filtered_lists_are_rendered_afresh_and_never_stored():
    """A query string (free-text search) is never cached: the same search asked twice is
    computed twice, and it carries no ETag."""
    first = _visitor().get("/districts/", {"q": "agra"})
    assert first.status_code == 200 and "ETag" not in first
    with CaptureQueriesContext(connection) as queries:
        again = _visitor().get("/districts/", {"q": "agra"})
    assert again.status_code == 200 and "ETag" not in again
    assert len(queries) > 0


def test_signed_in_visitors_get_their_own_part_and_no_etag(client):
    """A district page offers a signed-in artisan of the district a one-tap start: it is never
    taken from the anonymous visitors' copy."""
    from applications.models import Applicant
    from tests.applications.helpers import make_applicant

    _visitor().get("/districts/agra/")  # the anonymous copy is cached
    applicant = make_applicant()
    Applicant.objects.filter(pk=applicant.pk).update(district=District.objects.get(slug="agra"))
    client.force_login(applicant.user)
    client.cookies["django_language"] = "en"
    page = client.get("/districts/agra/")
    assert "ETag" not in page
    start = reverse("applications:start", args=[Scheme.objects.get(code="TT").slug])
    assert f'action="{start}"' in page.content.decode()  # the one-tap form, only for them
    assert "no-store" in page["Cache-Control"]


@pytest.mark.parametrize("path", [*PAGES, "/schemes/eligibility/"])
def test_anonymous_visitors_get_the_whole_page_from_the_cache(path):
    """No template is rendered for a second anonymous visitor: the page around the body holds
    nothing of theirs (no CSRF token, no cookie set), so the whole answer is stored once."""
    if path == "scheme":
        path = f"/schemes/{Scheme.objects.get(code='MM').slug}/"
    first = _visitor().get(path)
    assert first.templates, "the first visit renders the page"
    assert "csrfmiddlewaretoken" not in first.content.decode()
    assert "csrftoken" not in first.cookies
    with CaptureQueriesContext(connection) as queries:
        second = _visitor().get(path)
    assert second.status_code == 200 and len(queries) == 0
    assert second.templates == [], [t.name for t in second.templates]
    assert second.content == first.content and second["ETag"] == first["ETag"]
    assert "Cookie" in second["Vary"] and "Accept-Language" in second["Vary"]
    assert second["Content-Type"] == "text/html; charset=utf-8"
    assert second["Content-Language"] == "en"
    assert "Content-Security-Policy" in second and second["X-Frame-Options"] == "DENY"


def test_the_language_switch_needs_no_token_and_keeps_to_this_site():
    visitor = Client(enforce_csrf_checks=True)
    response = visitor.post(reverse("set_language"), {"language": "hi", "next": "/districts/"})
    assert response.status_code == 302 and response["Location"] == "/districts/"
    assert response.cookies["django_language"].value == "hi"
    assert "आगरा" in visitor.get("/districts/agra/").content.decode()
    for forged in ["https://evil.example/", "//evil.example/", "/\\evil.example"]:
        away = visitor.post(reverse("set_language"), {"language": "en", "next": forged})
        assert away.status_code == 302 and away["Location"] == "/", forged
    # A language the portal does not speak changes nothing.
    visitor.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert visitor.cookies["django_language"].value == "en"


def test_a_signed_in_visitor_is_never_given_the_anonymous_page(client):
    from tests.applications.helpers import make_applicant

    _visitor().get("/schemes/")
    _visitor().get("/schemes/")  # stored whole for anonymous visitors
    client.force_login(make_applicant().user)
    page = client.get("/schemes/").content.decode()
    assert reverse("accounts:logout") in page and "csrfmiddlewaretoken" in page  # their sign-out form


def test_a_pending_message_is_shown_to_its_visitor_alone():
    from django.contrib import messages
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpResponse
    from django.test import RequestFactory

    storage = CookieStorage(RequestFactory().get("/"))
    storage.add(messages.SUCCESS, "You have signed out (test).")
    carrier = HttpResponse()
    storage.update(carrier)
    _visitor().get("/")  # the whole page is stored
    visitor = _visitor()
    visitor.cookies["messages"] = carrier.cookies["messages"].value
    mine = visitor.get("/")
    assert "You have signed out (test)." in mine.content.decode()
    assert "You have signed out (test)." not in _visitor().get("/").content.decode()
    assert "You have signed out (test)." not in visitor.get("/").content.decode()  # shown once


def test_zero_seconds_neither_reads_nor_writes_the_cache(settings):
    """0 means rendered on every request: a page stored while caching was on is not served."""
    _visitor().get("/districts/agra/")
    _visitor().get("/districts/agra/")  # stored, fragment and whole
    District.objects.filter(slug="agra").update(name_en="Agra (bulk)")
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    assert "Agra (bulk)" in _visitor().get("/districts/agra/").content.decode()
