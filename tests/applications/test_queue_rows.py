"""The office and branch queues written for speed: the rows come from Python and the office
queue's unchanging parts from the shared cache, and what an officer sees is the same as before:
every value escaped, each language its own, a change to the papers seen at once."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from applications.access import visible_applications, visible_submitted
from applications.models import Applicant, Application
from odop_portal.public_pages import bump_public_version
from schemes.models import RequiredDocument
from tests.applications.helpers import (
    committee_member,
    make_applicant,
    officer,
    submitted_toolkit,
    toolkit_draft,
    under_scrutiny,
)
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_cache(settings, django_capture_on_commit_callbacks):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    with django_capture_on_commit_callbacks(execute=True):
        bump_public_version()  # nothing kept by an earlier test


def _queue(client, language="en", **params):
    client.cookies["django_language"] = language
    response = client.get(reverse("applications:queue"), params)
    assert response.status_code == 200
    return response.content.decode()


def _main(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def _without_tokens(html: str) -> str:
    """The page less its per-request CSRF token."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


@pytest.mark.parametrize("count", [2, 12])
def test_with_its_shared_parts_cached_the_queue_runs_five_queries(
    client, shared_cache, django_assert_num_queries, count
):
    for i in range(count):
        submitted_toolkit(seed=500 + i)
    client.force_login(officer())
    client.cookies["django_language"] = "en"
    client.get(reverse("applications:queue"))  # the shared parts made once
    # session, user, page of files, counts per status, the officer's district
    with django_assert_num_queries(5):
        response = client.get(reverse("applications:queue"))
    assert len(response.context["page"]) == count


@pytest.mark.parametrize("language", ["en", "hi"])
def test_the_cached_page_is_the_page_rendered_afresh(
    client, settings, django_capture_on_commit_callbacks, language
):
    files = [submitted_toolkit(seed=520 + i) for i in range(3)]
    dic = officer()
    under_scrutiny(files[0], dic)
    client.force_login(dic)
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    fresh = _queue(client, language)
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    with django_capture_on_commit_callbacks(execute=True):
        bump_public_version()
    _queue(client, language)
    cached = _queue(client, language)
    assert _without_tokens(_main(cached)) == _without_tokens(_main(fresh))
    # Each language keeps its own copy: the Hindi page's filter form is in Hindi.
    other = _queue(client, "en" if language == "hi" else "hi")
    assert ("उप-योजना" in _main(other)) == (language == "en")


def test_a_renamed_paper_is_seen_in_the_bulk_list_at_once(
    client, shared_cache, django_capture_on_commit_callbacks
):
    submitted_toolkit(seed=540)
    client.force_login(officer())
    document = RequiredDocument.objects.filter(code="craft_proof").first()
    assert document.name_en in _queue(client)  # the list is made and kept
    with django_capture_on_commit_callbacks(execute=True):
        document.name_en = "Proof of the craft, renamed"
        document.save()
    assert "Proof of the craft, renamed" in _queue(client)


def test_a_chosen_filter_is_shown_in_the_form_not_the_shared_empty_one(client, shared_cache):
    submitted_toolkit(seed=550)
    client.force_login(officer())
    _queue(client)  # the empty form is kept
    html = _queue(client, q="no such name", overdue="on")
    assert 'value="no such name"' in html
    assert re.search(r'<input[^>]*name="overdue"[^>]*checked', html)
    # Paging with nothing chosen takes the empty form again: nothing of that search is kept.
    assert 'value="no such name"' not in _queue(client)
    ordered = _queue(client, order="-received")
    assert '<details class="queue-filter-fold" open>' in ordered
    assert re.search(r'<option value="-received" selected>', ordered)


def test_rows_escape_what_applicants_typed_and_mark_what_is_overdue(client):
    applicant = make_applicant(seed=560)
    Applicant.objects.filter(pk=applicant.pk).update(full_name='<script>alert("x")</script> & Sons')
    late = submitted_toolkit(applicant)
    dic = officer()
    under_scrutiny(late, dic)
    Application.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(days=1), assigned_to=dic)
    on_time = submitted_toolkit(seed=561)
    Application.objects.filter(pk=on_time.pk).update(due_at=timezone.now() + timedelta(days=3))
    client.force_login(dic)
    html = _queue(client)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Sons" in html
    late.refresh_from_db()
    row = re.search(rf'<tr class="overdue">.*?{re.escape(late.reference_number)}.*?</tr>', html, re.S)
    assert row, "the late file's row is marked overdue"
    assert f'href="{reverse("applications:office_file", args=[late.pk])}"' in row.group(0)
    assert f"→ {dic.username}" in row.group(0) and '<strong class="error">overdue</strong>' in row.group(0)
    on_time.refresh_from_db()
    row = re.search(rf'<tr class="">.*?{re.escape(on_time.reference_number)}.*?</tr>', html, re.S)
    assert row and "overdue" not in row.group(0)
    assert timezone.localtime(on_time.due_at).strftime("%d-%m-%Y") in row.group(0)
    hindi = _queue(client, "hi")
    assert "समय-सीमा पार" in hindi


def test_the_queue_title_is_text(client):
    client.force_login(officer())
    html = _queue(client)
    title = html[html.index("<title>") + 7 : html.index("</title>")]
    assert "<" not in title and "Work queue" in title


def test_visible_submitted_is_the_visible_files_less_every_draft():
    files = [submitted_toolkit(seed=570), submitted_toolkit(seed=571, district="lucknow")]
    toolkit_draft(make_applicant(seed=572))
    dic = officer()
    helpdesk_draft = toolkit_draft(make_applicant(seed=573))
    Application.objects.filter(pk=helpdesk_draft.pk).update(filed_by=dic)
    users = [
        files[0].applicant.user,
        make_applicant(seed=574).user,
        dic,
        officer("lucknow", username="dic.lucknow"),
        committee_member(),
        StaffFactory(role=Role.STATE_STAFF, district=None, username="cell"),
    ]
    for user in users:
        expected = set(
            visible_applications(user).filter(submitted_at__isnull=False).values_list("pk", flat=True)
        )
        assert set(visible_submitted(user).values_list("pk", flat=True)) == expected, user.role
    assert set(visible_submitted(dic).values_list("pk", flat=True)) == {files[0].pk}
    with CaptureQueriesContext(connection) as queries:
        list(visible_submitted(dic))
    assert "accounts_user" not in queries[0]["sql"]


def test_soonest_due_first_pages_through_the_files_with_a_due_date(client, monkeypatch):
    from applications.views_office import QueueCursor

    # A page ending on a file with no due date had no position to continue from: its Next link
    # gave the first page again ("not valid"), and the dated files after it were never reached.
    monkeypatch.setattr(QueueCursor, "page_size", 3)
    files = [submitted_toolkit(seed=580 + i) for i in range(6)]
    now = timezone.now()
    for days, application in enumerate(files[:2], start=1):
        Application.objects.filter(pk=application.pk).update(due_at=now + timedelta(days=days))
    Application.objects.filter(pk__in=[a.pk for a in files[2:]]).update(due_at=None)
    client.force_login(officer())
    client.cookies["django_language"] = "en"
    response = client.get(reverse("applications:queue"), {"order": "due"})
    assert '<option value="due" selected>' in response.content.decode()
    seen = []
    while True:
        assert "This page link is not valid" not in response.content.decode()
        seen += [a.pk for a in response.context["page"]]
        if not response.context["next_url"]:
            break
        response = client.get(response.context["next_url"])
    assert seen == [a.pk for a in files[:2]]
