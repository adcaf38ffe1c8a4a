"""Every page by every kind of user, and what the pages show."""

import pytest
from django.urls import reverse

from accounts import sms
from applications.models import Application, AuditEvent
from applications.workflow import Status
from tests.applications.helpers import (
    make_applicant,
    officer,
    submitted_toolkit,
    toolkit_draft,
    under_scrutiny,
)
from tests.factories import StaffFactory

WHO = [
    "anonymous",
    "owner",
    "other_artisan",
    "officer_here",
    "officer_elsewhere",
    "committee_member",
    "state_staff",
]


def _login(client, who, application):
    users = {
        "owner": lambda: application.applicant.user,
        "other_artisan": lambda: make_applicant(seed=900).user,
        "officer_here": lambda: officer("agra", username="dic.here"),
        "officer_elsewhere": lambda: officer("lucknow", username="dic.there"),
        "committee_member": lambda: StaffFactory(role="committee_member", username="member"),
        "state_staff": lambda: StaffFactory(role="state_staff", district=None, username="cell"),
    }
    if who != "anonymous":
        client.force_login(users[who]())
    client.cookies["django_language"] = "en"
    return client


def _status(response) -> int:
    return 302 if response.status_code in (301, 302) else response.status_code


# Expected status per page for each kind of user (302 = sent to sign in).
MATRIX = {
    "detail": dict(zip(WHO, [302, 200, 404, 403, 403, 403, 403], strict=True)),
    "receipt": dict(zip(WHO, [302, 200, 404, 403, 403, 403, 403], strict=True)),
    "office_file": dict(zip(WHO, [302, 403, 403, 200, 404, 403, 403], strict=True)),
    "document_file": dict(zip(WHO, [404, 200, 404, 200, 404, 404, 200], strict=True)),
}


@pytest.mark.django_db
@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("page", list(MATRIX))
def test_permission_matrix_for_reading(client, who, page):
    application = submitted_toolkit()
    _login(client, who, application)
    if page == "document_file":
        url = reverse("applications:document_file", args=[application.documents.first().pk])
    else:
        url = reverse(f"applications:{page}", args=[application.pk])
    assert _status(client.get(url)) == MATRIX[page][who]


ACTIONS = ["take_up", "return", "reject", "recommend", "note", "assign"]


@pytest.mark.django_db
@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("action", ACTIONS)
def test_office_actions_only_by_this_districts_officer(client, who, action):
    application = submitted_toolkit()
    if action != "take_up":
        under_scrutiny(application, officer("agra", username="dic.first"))
    _login(client, who, application)
    before = (
        Application.objects.get(pk=application.pk).status,
        AuditEvent.objects.count(),
        len(sms.outbox),
        application.notes.count(),
    )
    response = client.post(
        reverse("applications:office_act", args=[application.pk, action]),
        {"reason": "x", "documents_to_fix": ["aadhaar"], "reason_codes": ["other"], "note": "n", "text": "t"},
    )
    if who == "officer_here":
        assert _status(response) in (200, 302)
        return
    assert _status(response) == {"anonymous": 302, "officer_elsewhere": 404}.get(who, 403)
    after = (
        Application.objects.get(pk=application.pk).status,
        AuditEvent.objects.count(),
        len(sms.outbox),
        application.notes.count(),
    )
    assert after == before


@pytest.mark.django_db
@pytest.mark.parametrize("who", WHO)
def test_owner_pages_refuse_everyone_else(client, who):
    application = toolkit_draft(make_applicant())
    _login(client, who, application)
    before = Application.objects.get(pk=application.pk).details
    for url in (
        reverse("applications:step", args=[application.pk, "craft"]),
        reverse("applications:documents", args=[application.pk]),
        reverse("applications:review", args=[application.pk]),
    ):
        response = client.get(url)
        expected = {"owner": 200, "anonymous": 302, "committee_member": 403, "state_staff": 403}.get(who, 404)
        assert _status(response) == expected, (url, who)
    response = client.post(reverse("applications:review", args=[application.pk]))
    assert Application.objects.get(pk=application.pk).status == (
        Status.SUBMITTED if who == "owner" else Status.DRAFT
    )
    if who != "owner":
        assert Application.objects.get(pk=application.pk).details == before


@pytest.mark.django_db
def test_queue_shows_only_this_district_and_counts_per_status(client):
    agra = [submitted_toolkit(seed=i) for i in range(3)]
    submitted_toolkit(seed=10, district="lucknow")
    toolkit_draft(make_applicant(seed=11))  # drafts never reach the office
    dic = officer()
    under_scrutiny(agra[0], dic)
    client.force_login(dic)
    client.cookies["django_language"] = "en"
    response = client.get(reverse("applications:queue"))
    refs = {a.reference_number for a in response.context["page"]}
    assert refs == {a.reference_number for a in agra}
    counts = {value: n for value, _, n in response.context["counts"]}
    assert (counts["submitted"], counts["under_scrutiny"]) == (2, 1)
    filtered = client.get(reverse("applications:queue"), {"status": "under_scrutiny"})
    assert [a.pk for a in filtered.context["page"]] == [agra[0].pk]
    search = client.get(reverse("applications:queue"), {"q": agra[1].reference_number})
    assert [a.pk for a in search.context["page"]] == [agra[1].pk]


@pytest.mark.django_db
@pytest.mark.parametrize("count", [2, 12])
def test_queue_runs_a_fixed_number_of_queries(client, django_assert_num_queries, count):
    for i in range(count):
        submitted_toolkit(seed=200 + i)
    dic = officer()
    client.force_login(dic)
    client.cookies["django_language"] = "en"
    # session, user, page of files, counts per status, schemes for the filter, schemes list,
    # documents for the bulk return
    with django_assert_num_queries(7):
        response = client.get(reverse("applications:queue"))
    assert len(response.context["page"]) == count


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 5])
def test_my_applications_runs_a_fixed_number_of_queries(client, django_assert_num_queries, count):
    applicant = make_applicant(seed=300)
    for _ in range(count):
        submitted_toolkit(applicant=applicant)
    client.force_login(applicant.user)
    client.cookies["django_language"] = "en"
    with django_assert_num_queries(5):  # session, user, applications, schemes, profile exists
        response = client.get(reverse("applications:mine"))
    assert len(response.context["applications"]) == count


@pytest.mark.django_db
def test_queue_pages_by_keyset(client):
    from applications.views_office import QUEUE_PAGE_SIZE

    for i in range(QUEUE_PAGE_SIZE + 3):
        submitted_toolkit(seed=400 + i)
    client.force_login(officer())
    first = client.get(reverse("applications:queue"))
    assert len(first.context["page"]) == QUEUE_PAGE_SIZE
    second = client.get(first.context["next_url"])
    assert len(second.context["page"]) == 3
    assert not {a.pk for a in first.context["page"]} & {a.pk for a in second.context["page"]}


@pytest.mark.django_db
def test_bulk_return_for_the_same_document(client):
    dic = officer()
    files = [under_scrutiny(submitted_toolkit(seed=600 + i), dic) for i in range(2)]
    untouched = submitted_toolkit(seed=610)  # not under scrutiny: refused, reported, unchanged
    client.force_login(dic)
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("applications:bulk"),
        {
            "ids": [f.pk for f in files] + [untouched.pk],
            "action": "return",
            "document": "craft_proof",
            "note": "Attach the artisan card.",
        },
        follow=True,
    )
    statuses = dict(
        Application.objects.filter(pk__in=[f.pk for f in files] + [untouched.pk]).values_list("pk", "status")
    )
    assert [statuses[f.pk] for f in files] == [Status.RETURNED, Status.RETURNED]
    assert statuses[untouched.pk] == Status.SUBMITTED
    assert Application.objects.get(pk=files[0].pk).returned_documents == ["craft_proof"]
    html = response.content.decode()
    assert "2 files done." in html and f"File #{untouched.pk}" in html


@pytest.mark.django_db
def test_the_checker_can_start_an_application(client):
    from tests.factories import ArtisanFactory

    client.cookies["django_language"] = "en"
    checked = client.post(
        reverse("schemes:eligibility"), {"date_of_birth": "1990-01-01", "is_up_native": "yes"}
    )
    link = reverse("applications:start", args=["training-and-toolkit"])
    assert link in checked.content.decode()
    anonymous = client.get(link)
    assert anonymous.status_code == 302 and "next=" in anonymous["Location"]
    applicant = make_applicant(seed=700)
    client.force_login(applicant.user)
    assert client.get(link).status_code == 200
    response = client.post(link)
    application = Application.objects.get(applicant=applicant)
    assert response["Location"] == reverse("applications:step", args=[application.pk, "craft"])
    assert ArtisanFactory._meta.model.objects.filter(pk=applicant.user.pk).exists()
