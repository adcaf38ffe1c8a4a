"""Who reads what: committee members see the files on their own committee's agendas and
nothing else; a draft is the artisan's until submitted, unless the district's own help desk
is filing it."""

from functools import partial

import pytest
from django.urls import reverse

from applications.access import (
    access_application_for_review,
    access_application_for_viewing,
    visible_applications,
)
from applications.models import Application, AuditEvent, Note
from applications.services.review import reject_application
from applications.services.submission import start_application
from committees.models import AgendaItem
from schemes.models import Scheme
from tests.applications.helpers import (
    make_applicant,
    officer,
    recommended,
    submitted_toolkit,
    toolkit_draft,
    under_scrutiny,
)
from tests.committees.helpers import seat_committee


def _document_status(client, user, application) -> int:
    client.force_login(user)
    document = application.documents.first()
    return client.get(reverse("applications:document_file", args=[document.pk])).status_code


@pytest.mark.django_db
def test_a_file_rejected_at_scrutiny_never_reaches_the_committee(client):
    _, dic, members = seat_committee("tsc", "agra")
    application = under_scrutiny(submitted_toolkit(seed=801), dic)
    reject_application(
        application_id=application.pk,
        user=dic,
        access=partial(access_application_for_review, user=dic, pk=application.pk),
        reason_codes=["other"],
        reason="Not an artisan of the product.",
    )
    member = members[0]
    assert not visible_applications(member).filter(pk=application.pk).exists()
    assert _document_status(client, member, application) == 404


@pytest.mark.django_db
def test_members_see_only_their_own_committees_agenda(client, django_capture_on_commit_callbacks):
    """A Toolkit Selection Committee file: its members read it and its papers; a member of the
    same district's District Level Committee does not."""
    _, dic, tsc_members = seat_committee("tsc", "agra")
    _, _, dlc_members = seat_committee("dlc", "agra", secretary=dic)
    with django_capture_on_commit_callbacks(execute=True):
        application = recommended(submitted_toolkit(seed=802), dic)
    assert AgendaItem.objects.filter(application=application).exists()
    assert _document_status(client, tsc_members[0], application) == 200
    assert access_application_for_viewing(user=tsc_members[0], pk=application.pk) == application
    other = dlc_members[0]
    assert not visible_applications(other).filter(pk=application.pk).exists()
    assert _document_status(client, other, application) == 404


@pytest.mark.django_db
def test_a_recommended_file_not_yet_on_an_agenda_is_not_the_committees(client):
    _, dic, members = seat_committee("tsc", "agra")
    application = recommended(submitted_toolkit(seed=803), dic)  # the placing task not run
    assert not AgendaItem.objects.filter(application=application).exists()
    assert _document_status(client, members[0], application) == 404


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["office_file", "note"])
def test_officers_neither_read_nor_annotate_an_artisans_draft(client, page):
    draft = toolkit_draft(make_applicant(seed=804))
    dic = officer()
    client.force_login(dic)
    before = (Note.objects.count(), AuditEvent.objects.count(), Application.objects.get(pk=draft.pk).status)
    if page == "note":
        response = client.post(
            reverse("applications:office_act", args=[draft.pk, "note"]), {"text": "Seen it"}
        )
    else:
        response = client.get(reverse("applications:office_file", args=[draft.pk]))
    assert response.status_code == 404
    after = (Note.objects.count(), AuditEvent.objects.count(), Application.objects.get(pk=draft.pk).status)
    assert after == before
    assert _document_status(client, dic, draft) == 404


@pytest.mark.django_db
def test_the_districts_own_help_desk_draft_is_the_offices_to_read(client):
    dic = officer()
    applicant = make_applicant(seed=805)
    draft = start_application(applicant=applicant, scheme=Scheme.objects.get(code="TT"), filed_by=dic)
    colleague = officer(username="dic.colleague")
    client.force_login(colleague)
    assert client.get(reverse("applications:office_file", args=[draft.pk])).status_code == 200
    client.force_login(officer("lucknow", username="dic.elsewhere"))
    assert client.get(reverse("applications:office_file", args=[draft.pk])).status_code == 404


@pytest.mark.django_db
def test_the_help_desk_does_not_take_over_the_artisans_own_draft(client):
    applicant = make_applicant(seed=806)
    own = toolkit_draft(applicant)
    client.force_login(officer())
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("applications:helpdesk"), {"start-mobile": applicant.user.mobile, "start-scheme": "TT"}
    )
    assert response.status_code == 200
    assert "already started this application on their own" in response.content.decode()
    own.refresh_from_db()
    assert own.filed_by is None
    assert Application.objects.filter(applicant=applicant).count() == 1
