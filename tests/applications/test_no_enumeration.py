"""Nobody learns from the answers whether a reference number, a staff username or an Aadhaar
number exists: the answer is the same either way."""

import re
import uuid

import pytest
from django.urls import reverse

from accounts import sms
from applications.models import Applicant
from tests.applications.helpers import PROFILE, aadhaar_number, make_applicant, submitted_toolkit
from tests.factories import STAFF_PASSWORD, StaffFactory


def _page_text(response) -> str:
    """The visible answer, without the CSRF token and the form's echo of what was typed."""
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    return re.sub(r'value="[^"]*"', "", html)


def _look_up(client, reference: str, run_on_commit):
    client.cookies["django_language"] = "en"
    with run_on_commit(execute=True):
        first = client.post(reverse("applications:status_lookup"), {"reference_number": reference})
    page = client.get(reverse("applications:status_verify"))
    wrong = [client.post(reverse("applications:status_verify"), {"code": "000000"}) for _ in range(6)]
    return first, page, wrong


@pytest.mark.django_db
def test_status_lookup_answers_the_same_for_a_missing_reference(django_capture_on_commit_callbacks):
    from django.test import Client

    application = submitted_toolkit(seed=951)
    real = application.reference_number
    missing = real[:-6] + f"{int(real[-6:]) + 1:06d}"  # the next number, not yet given
    answers = []
    for reference in (real, missing):
        client = Client()
        first, page, wrong = _look_up(client, reference, django_capture_on_commit_callbacks)
        assert first.status_code == 302 and first["Location"] == reverse("applications:status_verify")
        answers.append([_page_text(page)] + [_page_text(r) for r in wrong])
    real_answers, missing_answers = answers
    assert real_answers == missing_answers
    assert application.applicant.user.mobile[-4:] not in real_answers[0]
    # The real one got its code (and only that SMS).
    assert [m.to for m in sms.outbox] == [application.applicant.user.mobile]


@pytest.mark.django_db
def test_status_lookup_asked_again_at_once_answers_the_same(django_capture_on_commit_callbacks):
    """Asking twice within the resend interval: no 'a code was sent a moment ago' for a real
    number only; the earlier code still works."""
    application = submitted_toolkit(seed=952)
    client = _client_en()
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("applications:status_lookup"), {"reference_number": application.reference_number}
            )
        assert response.status_code == 302
    code = re.search(r"\b(\d{6})\b", sms.outbox[-1].body).group(1)
    shown = client.post(reverse("applications:status_verify"), {"code": code})
    assert application.reference_number in shown.content.decode()


def _client_en():
    from django.test import Client

    client = Client()
    client.cookies["django_language"] = "en"
    return client


@pytest.mark.django_db
def test_staff_lockout_answers_the_same_for_an_unknown_username(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    real = StaffFactory(username=f"dic.{uuid.uuid4().hex[:8]}")
    ghost = f"dic.{uuid.uuid4().hex[:8]}"
    answers = []
    for username in (real.username, ghost):
        client = _client_en()
        pages = [
            client.post(reverse("accounts:staff_login"), {"username": username, "password": "wrong-one"})
            for _ in range(settings.STAFF_LOGIN_MAX_FAILURES + 1)
        ]
        # The lock's end (HH:MM) may fall in the next minute for the second name.
        answers.append([re.sub(r"\d\d:\d\d", "HH:MM", _page_text(p)) for p in pages])
    assert "This account is locked" in answers[0][-1]
    assert answers[0] == answers[1]
    # The real account is locked even for its right password; the lock of a name that does
    # not exist creates no account.
    client = _client_en()
    locked = client.post(
        reverse("accounts:staff_login"), {"username": real.username, "password": STAFF_PASSWORD}
    )
    assert "This account is locked" in locked.content.decode()
    from accounts.models import User

    assert not User.objects.filter(username=ghost).exists()


@pytest.mark.django_db
def test_an_aadhaar_registered_to_someone_else_sends_the_artisan_to_the_help_desk(client):
    from districts.models import District

    make_applicant(seed=953)
    newcomer = make_applicant(seed=954).user
    Applicant.objects.filter(user=newcomer).delete()
    client.force_login(newcomer)
    client.cookies["django_language"] = "en"
    data = {
        **PROFILE,
        "district": District.objects.get(slug="agra").pk,
        "aadhaar_number": aadhaar_number(953),
    }
    response = client.post(reverse("applications:profile"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "help desk" in html
    for leak in ("already registered", "another mobile", "registered with"):
        assert leak not in html, leak
    assert not Applicant.objects.filter(user=newcomer).exists()
    # What was typed is kept.
    assert 'value="Ramesh Kumar"' in html
