"""A selected artisan who never came to a training batch is not left 'in training' for ever:
after the batch is completed the DIC puts the file back on the list for a later batch, the
artisan is told, and a later batch can take them."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import sms
from applications.models import Application, AuditEvent, Note
from applications.services.errors import Conflict
from applications.workflow import Status
from tests.applications.helpers import officer, selected_toolkits
from tests.toolkit.test_training_toolkit import _attend, _batch
from toolkit import services as tt
from toolkit.models import BatchTrainee
from toolkit.workflow import ToolkitStatus


@pytest.fixture
def batch_with_absentee(db):
    dic = officer(username="dic.agra")
    present, absent = selected_toolkits(dic, 2)
    batch = _batch(dic)
    for application in (present, absent):
        tt.assign_to_batch(batch_id=batch.pk, application_id=application.pk, user=dic)
    _attend(dic, batch, [{present.pk}] * 10)
    return dic, batch, present, absent


def _state(application):
    return (
        Application.objects.filter(pk=application.pk).values_list("status").get(),
        AuditEvent.objects.filter(application=application).count(),
        BatchTrainee.objects.filter(application=application).count(),
    )


@pytest.mark.django_db
def test_a_trainee_never_present_goes_back_on_the_list(
    batch_with_absentee, django_capture_on_commit_callbacks
):
    dic, batch, present, absent = batch_with_absentee
    # Not before the batch is completed, and never for someone who came.
    before = _state(absent)
    with pytest.raises(Conflict):
        tt.return_absentee(batch_id=batch.pk, application_id=absent.pk, user=dic)
    assert _state(absent) == before
    assert tt.complete_batch(batch_id=batch.pk, user=dic) == [present.pk]
    absent.refresh_from_db()
    assert absent.status == ToolkitStatus.IN_TRAINING
    with pytest.raises(Conflict):
        tt.return_absentee(batch_id=batch.pk, application_id=present.pk, user=dic)
    # Another district's officer gets nothing.
    with pytest.raises(Exception) as refused:
        tt.return_absentee(
            batch_id=batch.pk, application_id=absent.pk, user=officer("lucknow", username="dic.lko")
        )
    assert refused.type.__name__ == "Http404"
    assert _state(absent) == before

    with django_capture_on_commit_callbacks(execute=True):
        tt.return_absentee(batch_id=batch.pk, application_id=absent.pk, user=dic)
    absent.refresh_from_db()
    assert absent.status == Status.APPROVED
    assert not BatchTrainee.objects.filter(application=absent).exists()
    note = Note.objects.get(application=absent, kind="internal")
    assert batch.institution in note.text and batch.start_date.strftime("%d-%m-%Y") in note.text
    assert [m.to for m in sms.outbox if "बाद के बैच" in m.body] == [absent.applicant.user.mobile]
    # Twice changes nothing more.
    with pytest.raises(Conflict):
        tt.return_absentee(batch_id=batch.pk, application_id=absent.pk, user=dic)

    # A later batch takes the artisan.
    later = _batch(dic, days_ago=-3, institution="Agra Footwear Training Centre")
    tt.assign_to_batch(batch_id=later.pk, application_id=absent.pk, user=dic)
    absent.refresh_from_db()
    assert absent.status == ToolkitStatus.IN_TRAINING
    assert BatchTrainee.objects.get(application=absent).batch == later


@pytest.mark.django_db
def test_the_dic_follows_up_an_absentee_on_the_batch_page(batch_with_absentee, client):
    dic, batch, present, absent = batch_with_absentee
    tt.complete_batch(batch_id=batch.pk, user=dic)
    client.force_login(dic)
    client.cookies["django_language"] = "en"
    url = reverse("toolkit:trainee_act", args=[batch.pk, absent.pk, "return_absentee"])
    page = client.get(reverse("toolkit:batch", args=[batch.pk])).content.decode()
    assert f'action="{url}"' in page
    assert (
        f'action="{reverse("toolkit:trainee_act", args=[batch.pk, present.pk, "return_absentee"])}"'
        not in page
    )
    assert client.post(url).status_code == 302
    absent.refresh_from_db()
    assert absent.status == Status.APPROVED
    assert timezone.localdate(absent.stage_entered_at) == timezone.localdate()
