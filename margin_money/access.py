"""Bank officers reach only the Margin Money files sent to their own branch."""

from django.http import Http404

from accounts.models import Role
from applications.access import _get
from applications.models import Application


def access_application_for_bank(*, user, pk, lock: bool = False) -> Application:
    """A Margin Money file sent to the bank officer's own branch; anything else is 404."""
    if not (
        user.is_authenticated and user.is_active and user.role == Role.BANK_OFFICER and user.bank_branch_id
    ):
        raise Http404("no such application")
    return _get(Application.objects.filter(margin_money__bank_branch_id=user.bank_branch_id), pk, lock)
