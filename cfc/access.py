"""State staff reach CFC proposals at the state's stages."""

from django.http import Http404

from accounts.models import Role
from applications.access import _get
from applications.models import Application


def access_application_for_state(*, user, pk, lock: bool = False) -> Application:
    """A submitted CFC proposal, for the ODOP cell's appraisal and sanction steps."""
    if not (user.is_authenticated and user.is_active and user.role in (Role.STATE_STAFF, Role.ADMIN)):
        raise Http404("no such application")
    return _get(Application.objects.filter(submitted_at__isnull=False, scheme__code="CFC"), pk, lock)
