"""Applications in each state the API's moves start from, built through the services."""

from applications.models import Application
from applications.services.review import return_application
from applications.services.submission import upload_document
from tests.applications.helpers import (
    officer_access,
    owner_access,
    pdf_upload,
    submitted_toolkit,
    toolkit_draft,
    under_scrutiny,
    verify_all,
)


def draft(people) -> Application:
    return toolkit_draft(people.owner)


def submitted(people) -> Application:
    return submitted_toolkit(people.owner)


def scrutinised(people) -> Application:
    return under_scrutiny(submitted(people), people.agra_officer)


def verified(people) -> Application:
    return verify_all(scrutinised(people), people.agra_officer)


def returned(people, document: str = "craft_proof") -> Application:
    application = scrutinised(people)
    return return_application(
        application_id=application.pk,
        user=people.agra_officer,
        access=officer_access(people.agra_officer, application),
        fields=[],
        documents=[document],
        reason="The photograph of your work is not readable.",
    )


def reupload(application: Application, code: str = "craft_proof") -> None:
    upload_document(
        application_id=application.pk,
        code=code,
        upload=pdf_upload("clearer.pdf"),
        user=application.applicant.user,
        access=owner_access(application),
    )


def returned_and_corrected(people) -> Application:
    application = returned(people)
    reupload(application)
    return application
