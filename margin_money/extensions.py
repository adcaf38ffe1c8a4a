"""What Margin Money adds to the shared file pages: the bank's record so far, and the DIC's
steps (sending the file to the bank, releasing the margin money, closing the lock-in)."""

from django.utils.translation import gettext_lazy as _

from applications.extensions import OfficeAction, register_file_context, register_office_action
from margin_money import services
from margin_money.forms import CloseLockInForm, ReleaseForm
from margin_money.models import MarginMoneyCase


def _context(application, page: str) -> dict:
    if page != "owner" or application.scheme.code != "MM":
        return {}
    # Margin Money with the bank: what the bank and the office have recorded so far.
    case = MarginMoneyCase.objects.filter(application=application).select_related("bank_branch").first()
    return {"margin_money": case}


def register() -> None:
    register_file_context(_context)
    register_office_action(
        OfficeAction(
            "send_to_bank", services.send_to_bank, lambda a, moves: False, done=_("Sent to the bank.")
        )
    )
    register_office_action(
        OfficeAction(
            "release_margin_money",
            services.release_margin_money,
            lambda a, moves: "release_margin_money" in moves,
            ReleaseForm,
        )
    )
    register_office_action(
        OfficeAction(
            "close_lock_in",
            services.close_lock_in,
            lambda a, moves: bool(
                moves & {"convert_to_grant", "recover_margin_money", "adjust_margin_money"}
            ),
            CloseLockInForm,
        )
    )
