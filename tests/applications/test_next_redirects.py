"""Every `next` a visitor can send is checked: only addresses on this site are followed."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from accounts.redirects import safe_next_url
from applications.models import Application
from tests.applications.helpers import make_applicant, officer, submitted_toolkit, under_scrutiny

OUTSIDE = [
    "https://elsewhere.example/",
    "//elsewhere.example/x",
    "http://elsewhere.example",
    "javascript:alert(1)",
    "https:///elsewhere.example",
    "/\\elsewhere.example",
]


@pytest.mark.parametrize("candidate", OUTSIDE)
def test_the_helper_refuses_other_sites(candidate):
    request = RequestFactory().get("/", HTTP_HOST="testserver")
    assert safe_next_url(request, candidate, fallback="/office/") == "/office/"


def test_the_helper_keeps_a_path_of_this_site_and_resolves_url_names():
    request = RequestFactory().get("/", HTTP_HOST="testserver")
    assert safe_next_url(request, "/applications/office/?status=submitted", fallback="/") == (
        "/applications/office/?status=submitted"
    )
    assert safe_next_url(request, "", fallback="applications:queue") == reverse("applications:queue")


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["take_up", "return"])
@pytest.mark.parametrize("candidate", ["https://elsewhere.example/", "//elsewhere.example/"])
def test_bulk_action_never_redirects_off_site(client, action, candidate):
    dic = officer()
    application = submitted_toolkit(seed=701)
    if action == "return":
        under_scrutiny(application, dic)
    client.force_login(dic)
    response = client.post(
        reverse("applications:bulk"),
        {"ids": [application.pk], "action": action, "next": candidate},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:queue")
    # The refused return (no note) redirects too, and also stays here.
    refused = client.post(
        reverse("applications:bulk"), {"ids": [application.pk], "action": "return", "next": candidate}
    )
    assert refused["Location"] == reverse("applications:queue")


@pytest.mark.django_db
def test_bulk_action_keeps_a_next_of_this_site(client):
    dic = officer()
    application = submitted_toolkit(seed=702)
    client.force_login(dic)
    back = reverse("applications:queue") + "?status=submitted"
    response = client.post(
        reverse("applications:bulk"), {"ids": [application.pk], "action": "take_up", "next": back}
    )
    assert response["Location"] == back


@pytest.mark.django_db
def test_profile_next_off_site_goes_to_my_applications(client):
    from tests.applications.helpers import PROFILE, aadhaar_number

    applicant = make_applicant(seed=703)
    client.force_login(applicant.user)
    data = {**PROFILE, "district": applicant.district_id, "aadhaar_number": aadhaar_number(703)}
    response = client.post(reverse("applications:profile") + "?next=https://elsewhere.example/", data)
    assert response["Location"] == reverse("applications:mine")


@pytest.mark.django_db
def test_sign_in_next_off_site_goes_home(client, django_capture_on_commit_callbacks):
    import re

    from accounts import sms

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:login"), {"mobile": "9876500001", "next": "//elsewhere.example/"})
    code = re.search(r"\b(\d{6})\b", sms.outbox[-1].body).group(1)
    response = client.post(reverse("accounts:otp_verify"), {"code": code})
    assert response["Location"] == reverse("accounts:home")


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["accounts:staff_login", "accounts:logout"])
def test_staff_sign_in_and_sign_out_next_off_site_stay_here(client, url_name):
    from tests.factories import STAFF_PASSWORD

    dic = officer(username="dic.next")
    if url_name == "accounts:logout":
        client.force_login(dic)
        response = client.post(reverse(url_name), {"next": "https://elsewhere.example/"})
    else:
        response = client.post(
            reverse(url_name),
            {"username": dic.username, "password": STAFF_PASSWORD, "next": "https://elsewhere.example/"},
        )
    assert response.status_code == 302
    assert "elsewhere" not in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"ids": [], "action": "take_up"}, "Select at least one file."),
        ({"ids": ["1 ", "x"], "action": "take_up"}, "not a file number"),
        ({"ids": [str(n) for n in range(1, 202)], "action": "take_up"}, "at most 200 files"),
        ({"action": "delete"}, "Choose an action."),
        ({"action": "recommend", "note": "x" * 2001}, "Recommendation, or what the applicants must do:"),
        ({"action": "return", "note": "Attach it.", "document": "no_such_paper"}, "Document to upload again"),
        ({"action": "return", "document": "craft_proof"}, "choose the document and write"),
    ],
)
def test_a_refused_bulk_step_names_what_is_wrong_and_changes_nothing(client, body, message):
    """Only what the form cleaned is acted on: a note over the limit, a document no scheme asks
    for or a forged id is refused whole, with the field named, and no file moves."""
    dic = officer()
    application = under_scrutiny(submitted_toolkit(seed=703), dic)
    client.force_login(dic)
    client.cookies["django_language"] = "en"
    body = {"ids": [application.pk], **body}
    before = Application.objects.get(pk=application.pk)
    response = client.post(reverse("applications:bulk"), body, follow=True)
    after = Application.objects.get(pk=application.pk)
    assert (after.status, after.updated_at) == (before.status, before.updated_at)
    assert message in response.content.decode()
