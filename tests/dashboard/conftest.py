import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.utils import translation

from tests.dashboard.world import build_world
from tests.factories import StaffFactory

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Staff sign in with force_login here; the production hasher would only slow tests."""
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world built once for a module whose tests only read it. It lives in a transaction
    rolled back when the module ends; each test runs in a savepoint inside it (the `db`
    fixture), so what a test writes is undone as usual. Uploads go to a temporary folder, and
    the staff accounts get the fast test hasher, as in every other test here."""
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=FAST_HASHERS),
        translation.override("en"),
        transaction.atomic(),
    ):
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def state_staff(db):
    return StaffFactory(role="state_staff", district=None, username="odop.cell")


@pytest.fixture
def signed_in():
    """`signed_in(user)`: a client that speaks English, signed in as `user` (None: anonymous)."""

    def client_for(user):
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        if user is not None:
            client.force_login(user)
        return client

    return client_for
