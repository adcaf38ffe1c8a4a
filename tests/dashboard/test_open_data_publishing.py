"""Open data is published: computed once per period for every visitor, stamped with its time."""

from datetime import datetime, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from applications.models import Application
from dashboard.tasks import refresh_dashboard_summaries_task
from tests.applications.helpers import make_applicant, submitted_toolkit

pytestmark = pytest.mark.django_db


@pytest.fixture
def publishing(settings, world, django_capture_on_commit_callbacks):
    from odop_portal.public_pages import bump_public_version

    settings.OPEN_DATA_CACHE_SECONDS = 300
    cache.delete(f"open-data:v1:{world.year}")
    with django_capture_on_commit_callbacks(execute=True):
        bump_public_version()  # no page kept by an earlier test
    yield world
    cache.delete(f"open-data:v1:{world.year}")


def test_visitors_after_the_first_read_the_published_figures(publishing, client):
    url = f"/dashboard/open-data/?year={publishing.year}"
    client.cookies["django_language"] = "en"
    with CaptureQueriesContext(connection) as first:
        computed = client.get(url)
    with CaptureQueriesContext(connection) as second:
        published = client.get(url)
    assert computed.status_code == published.status_code == 200
    # The year's figures come from the cache: none of the application queries run again.
    assert any("applications_application" in q["sql"] for q in first.captured_queries)
    assert not any("applications_application" in q["sql"] for q in second.captured_queries)
    assert computed.context["open_data"].as_of == published.context["open_data"].as_of
    moment = (
        computed.context["open_data"]
        .as_of.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Kolkata"))
        .strftime("%d-%m-%Y %H:%M")
    )
    assert f"Figures as of {moment} IST" in published.content.decode()
    # The API publishes the same figures, as of the same moment.
    body = client.get(f"/api/v1/stats/districts/?year={publishing.year}").json()
    assert datetime.fromisoformat(body["as_of"]) == computed.context["open_data"].as_of


def test_a_decision_shows_when_the_figures_are_next_published(publishing, client):
    url = f"/api/v1/stats/schemes/?year={publishing.year}"
    before = client.get(url).json()
    # One more file is received in the year: submitted through the services (a move, which the
    # summaries count) and dated into the year as the world dates its files. The published
    # figures stand until republished.
    late = submitted_toolkit(make_applicant(seed=399, district="lucknow"))
    Application.objects.filter(pk=late.pk).update(submitted_at=publishing.start + timedelta(days=70))
    assert client.get(url).json() == before
    refresh_dashboard_summaries_task()  # the beat task counts the move, every minute
    assert client.get(url).json() == before
    cache.delete(f"open-data:v1:{publishing.year}")
    after = client.get(url).json()
    assert datetime.fromisoformat(after["as_of"]) > datetime.fromisoformat(before["as_of"])
    assert after["total"]["received"] != before["total"]["received"]


def test_zero_seconds_computes_for_every_request(settings, world, client):
    settings.OPEN_DATA_CACHE_SECONDS = 0
    url = f"/api/v1/stats/schemes/?year={world.year}"
    first = client.get(url).json()
    second = client.get(url).json()
    assert datetime.fromisoformat(second["as_of"]) > datetime.fromisoformat(first["as_of"])


def test_the_unfiltered_page_is_kept_whole_for_anonymous_visitors(publishing, client):
    """It shows the published figures, the same for everyone in a language: a second visitor
    costs a cache read; a chosen year (a query) is drawn afresh from the published figures."""
    from django.test import Client

    first = Client(HTTP_ACCEPT_LANGUAGE="en").get("/dashboard/open-data/")
    assert first.status_code == 200 and first.templates
    with CaptureQueriesContext(connection) as queries:
        second = Client(HTTP_ACCEPT_LANGUAGE="en").get("/dashboard/open-data/")
    assert len(queries) == 0 and second.templates == []
    assert second.content == first.content and "Figures as of" in second.content.decode()
    hindi = Client(HTTP_ACCEPT_LANGUAGE="hi").get("/dashboard/open-data/")
    assert hindi.content != first.content and hindi["Content-Language"] == "hi"
    chosen = client.get("/dashboard/open-data/", {"year": publishing.year})
    assert chosen.templates and "ETag" not in chosen


def test_the_page_is_kept_no_longer_than_the_figures_it_shows(publishing):
    """A page drawn from figures at the end of their time in the cache is not kept: the next
    visitor gets a page drawn from the figures published next, not one older than them."""
    from django.test import Client
    from django.utils import timezone

    from dashboard.open_data import published_open_data
    from dashboard.selectors import reference_lists
    from dashboard.years import current_year

    year = current_year()  # the unfiltered page shows this year
    key = f"open-data:v1:{year}"
    data = published_open_data(year=year, lists=reference_lists())
    data.published_at = timezone.now() - timedelta(seconds=300)  # published 300 s ago
    cache.set(key, data, 300)
    try:
        assert Client(HTTP_ACCEPT_LANGUAGE="en").get("/dashboard/open-data/").templates
        again = Client(HTTP_ACCEPT_LANGUAGE="en").get("/dashboard/open-data/")
        assert again.templates, "the page was kept beyond the figures it was drawn from"
        # Figures just published keep the page they are drawn into.
        cache.delete(key)
        Client(HTTP_ACCEPT_LANGUAGE="en").get("/dashboard/open-data/")
        assert Client(HTTP_ACCEPT_LANGUAGE="en").get("/dashboard/open-data/").templates == []
    finally:
        cache.delete(key)
