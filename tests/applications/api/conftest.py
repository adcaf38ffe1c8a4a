"""The people of the permission matrix, and an API client that speaks English."""

import pytest
from rest_framework.test import APIClient

from accounts.models import User
from tests.applications.api.people import People
from tests.applications.helpers import committee_member, make_applicant, officer
from tests.factories import StaffFactory


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Staff accounts here sign in by token or forced authentication, never by password; the
    production hasher's deliberate slowness would only slow the matrix down."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def people(db) -> People:
    return People(
        owner=make_applicant(seed=1),
        other_artisan=make_applicant(seed=2),
        agra_officer=officer("agra"),
        lucknow_officer=officer("lucknow"),
        agra_committee=committee_member(),
        state_staff=StaffFactory(role="state_staff", district=None),
    )


@pytest.fixture
def api():
    """`api(user)`: a client signed in as `user` (None: anonymous)."""

    def client_for(user: User | None) -> APIClient:
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        if user is not None:
            client.force_authenticate(user)
        return client

    return client_for
