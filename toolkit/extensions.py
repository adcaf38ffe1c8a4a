"""What Training and Toolkit adds to the artisan's file page: the feedback on the toolkit."""

from applications.extensions import register_file_context
from toolkit.models import ToolkitIssue
from toolkit.services import can_give_feedback
from toolkit.workflow import ToolkitStatus


def _context(application, page: str) -> dict:
    if page != "owner":
        return {}
    return {
        "can_give_feedback": application.status == ToolkitStatus.TOOLKIT_ISSUED
        and can_give_feedback(ToolkitIssue.objects.filter(application=application).first())
    }


def register() -> None:
    register_file_context(_context)
