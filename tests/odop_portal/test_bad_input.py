"""Bad cursors, page numbers and NUL characters get a 400/404 or the first page with a message,
never a server error."""

import base64

import pytest
from django.test import Client

from accounts.models import Role
from accounts.services import create_staff_user
from districts.models import BankBranch, District
from tests.applications.helpers import make_applicant, submitted_toolkit
from tests.factories import STAFF_PASSWORD, StaffFactory

pytestmark = pytest.mark.django_db


def _forged(query: str) -> str:
    return base64.b64encode(query.encode()).decode()


BAD_CURSORS = [
    "x",
    _forged("p=not-a-date"),
    _forged("p=9999999-99-99&o=1"),
    _forged("o=abc"),
    _forged("p=\x00"),
]


@pytest.fixture
def officer_client():
    submitted_toolkit(make_applicant(seed=1))
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(StaffFactory(username="dic.agra"))
    return client


@pytest.fixture
def cell_client():
    submitted_toolkit(make_applicant(seed=1))
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(create_staff_user(username="cell", password=STAFF_PASSWORD, role=Role.STATE_STAFF))
    return client


@pytest.mark.parametrize("cursor", BAD_CURSORS)
def test_office_queue_survives_a_bad_cursor(officer_client, cursor):
    response = officer_client.get("/applications/office/", {"cursor": cursor})
    assert response.status_code == 200
    assert "This page link is not valid any more; here is the first page." in response.content.decode()


@pytest.mark.parametrize("cursor", BAD_CURSORS)
def test_dashboard_list_survives_a_bad_cursor(cell_client, cursor):
    response = cell_client.get("/dashboard/applications/", {"cursor": cursor})
    assert response.status_code == 200
    assert "This page link is not valid any more; here is the first page." in response.content.decode()


@pytest.mark.parametrize("page", ["x", "-1", "0", "99999999999999999999", "\x00"])
def test_page_numbered_lists_survive_a_bad_page(page):
    agra = District.objects.get(slug="agra")
    branch = BankBranch.objects.create(
        district=agra, bank_name="State Bank of India", branch_name="Sikandra", ifsc="SBIN0012345"
    )
    client = Client(raise_request_exception=False)
    client.force_login(StaffFactory(role=Role.BANK_OFFICER, bank_branch=branch))
    assert client.get("/applications/bank/", {"page": page}).status_code in (200, 400)
    client.force_login(create_staff_user(username="cell", password=STAFF_PASSWORD, role=Role.STATE_STAFF))
    assert client.get("/applications/state/cfc/", {"page": page}).status_code in (200, 400)


@pytest.mark.parametrize("cursor", BAD_CURSORS)
def test_api_list_answers_a_bad_cursor_with_404(cursor):
    client = Client(raise_request_exception=False)
    client.force_login(StaffFactory(username="dic.agra"))
    assert client.get("/api/v1/applications/", {"cursor": cursor}).status_code == 404


@pytest.mark.parametrize(
    "path",
    ["/api/v1/schemes/mm%00/", "/schemes/mm%00/", "/districts/agra%00/", "/api/v1/districts/agra%00/"],
)
def test_a_nul_in_the_path_is_not_found(path):
    response = Client(raise_request_exception=False).get(path)
    assert response.status_code in (400, 404)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/districts/",
        "/districts/",
        "/schemes/eligibility/",
        "/dashboard/open-data/",
        "/applications/status/",
    ],
)
def test_a_nul_in_the_query_string_is_a_bad_request(path):
    client = Client(raise_request_exception=False)
    assert client.get(path + "?q=a%00b").status_code == 400
    assert client.get(path + "?a%00=b").status_code == 400


def test_a_nul_in_a_signed_in_query_string_is_a_bad_request(officer_client):
    assert officer_client.get("/applications/office/?q=a%00b").status_code == 400


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/applications/abc/",  # the URL pattern takes digits only
        "/api/v1/applications/-1/assign/",
        "/api/v1/no-such-endpoint/",
        "/api/v1/schemes/XX/",  # the view's own 404
        "/api/v1/schemes/mm%00/",  # refused before any view
    ],
)
def test_the_api_answers_not_found_in_json_with_its_code(path):
    response = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en").get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"code": "not_found", "detail": "Not found."}


def test_a_page_that_does_not_exist_is_still_the_html_page():
    response = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en").get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.parametrize(("language", "words"), [("en", "not allowed"), ("hi", "अनुमति नहीं")])
def test_a_nul_in_an_api_query_is_a_json_400_in_the_callers_language(language, words):
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE=language)
    response = client.get("/api/v1/stats/districts/?year=2025-26%00")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert words in response.json()["detail"]
    page = client.get("/districts/?q=a%00b")
    assert page.status_code == 400 and words in page.content.decode()
