"""The broker stops while an officer recommends: the recommendation stands, and the periodic
sweep sends the file to the agenda once the broker is back. Uses a redis-server of the test's
own, so stopping it touches nothing else."""

import pytest
from django.utils import timezone

from applications.models import AgendaItem, Application
from applications.services.committees import place_on_agenda
from applications.workflow import Status
from tests.applications.committee_helpers import seat_committee
from tests.applications.test_committee_worker_integration import _ready_for_recommendation, _recommend
from tests.conftest import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def broker_url(private_redis):
    return private_redis.url


def test_broker_down_while_recommending_then_the_sweep_catches_up(
    celery_worker_process, private_redis, caplog
):
    from applications.services.committees import sweep_waiting_recommendations

    _committee, secretary, _members = seat_committee()
    application = _ready_for_recommendation(secretary, 1)
    private_redis.stop()
    application = _recommend(application, secretary)  # must not fail: the broker is down
    assert Application.objects.get(pk=application.pk).status == Status.RECOMMENDED
    assert "left for the periodic sweep" in caplog.text
    assert not AgendaItem.objects.filter(application=application).exists()

    private_redis.start()
    Application.objects.filter(pk=application.pk).update(
        stage_entered_at=timezone.now() - timezone.timedelta(minutes=5)
    )
    assert sweep_waiting_recommendations() == [application.pk]
    wait_for(
        lambda: Application.objects.get(pk=application.pk).status == Status.ON_AGENDA,
        timeout=60,
        what="the swept file",
    )
    assert AgendaItem.objects.filter(application=application).count() == 1
    # A second sweep finds nothing left to do.
    assert sweep_waiting_recommendations() == []
    assert place_on_agenda(application_id=application.pk) is None
