"""Building applications the way users do: through the services."""

import io
from datetime import date
from functools import partial

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from stdnum import verhoeff

from applications.access import access_application_for_owner, access_application_for_review
from applications.forms import ProfileForm
from applications.services.profile import save_profile
from applications.services.review import recommend_application, take_up_application, verify_document
from applications.services.submission import save_step, start_application, submit_application, upload_document
from districts.models import District
from schemes.models import Scheme
from tests.factories import ArtisanFactory, StaffFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def aadhaar_number(seed: int) -> str:
    base = f"{2 + seed % 7}{seed:010d}"[:11]
    return base + verhoeff.calc_check_digit(base)


def pdf_upload(name: str = "paper.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def png_upload(name: str = "photo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


PROFILE = {
    "full_name": "Ramesh Kumar",
    "relative_name": "Suresh Kumar",
    "gender": "male",
    "date_of_birth": "1985-04-10",
    "social_category": "general",
    "is_up_native": "on",
    "address": "12 Tajganj",
    "pincode": "282001",
    "bank_account_number": "123456789012",
    "bank_ifsc": "SBIN0001234",
}


def make_applicant(*, seed: int = 1, district: str = "agra", spouse_seed: int | None = None, **overrides):
    user = overrides.pop("user", None) or ArtisanFactory()
    data = {
        **PROFILE,
        "district": str(District.objects.get(slug=district).pk),
        "aadhaar_number": aadhaar_number(seed),
    }
    if spouse_seed is not None:
        data["spouse_aadhaar_number"] = aadhaar_number(spouse_seed)
    data.update(overrides)
    form = ProfileForm(data)
    assert form.is_valid(), form.errors
    return save_profile(user=user, data=dict(form.cleaned_data))


def owner_access(application):
    return partial(access_application_for_owner, user=application.applicant.user, pk=application.pk)


def officer_access(officer, application):
    return partial(access_application_for_review, user=officer, pk=application.pk)


TOOLKIT_STEPS = {
    "craft": lambda app: {
        "product": str(app.district.products.order_by("name_en").first().pk),
        "craft": "Leather shoes",
        "experience_years": "12",
        "craft_has_qualification_pack": "",
    },
    "history": lambda app: {
        "received_toolkit_before": "no",
        "last_toolkit_on": "",
        "family_has_received_toolkit": "no",
    },
}


def toolkit_draft(applicant):
    application = start_application(applicant=applicant, scheme=Scheme.objects.get(code="TT"))
    access = owner_access(application)
    for slug, raw in TOOLKIT_STEPS.items():
        application = save_step(
            application_id=application.pk, step_slug=slug, raw=raw(application), access=access
        )
    for document in application.scheme.documents.all():
        upload_document(
            application_id=application.pk,
            code=document.code,
            upload=pdf_upload(),
            user=applicant.user,
            access=access,
        )
    return application


def submitted_toolkit(applicant=None, **kwargs):
    applicant = applicant or make_applicant(**kwargs)
    application = toolkit_draft(applicant)
    return submit_application(
        application_id=application.pk, user=applicant.user, access=owner_access(application)
    )


def officer(district: str = "agra", **kwargs):
    return StaffFactory(district=District.objects.get(slug=district), **kwargs)


def under_scrutiny(application, by):
    return take_up_application(application_id=application.pk, user=by, access=officer_access(by, application))


def verify_all(application, by):
    for document in application.documents.filter(replaced_at__isnull=True):
        application = verify_document(
            application_id=application.pk,
            document_id=document.pk,
            user=by,
            access=officer_access(by, application),
        )
    return application


def recommended(application, by, note: str = "Fit for the committee."):
    application = under_scrutiny(application, by)
    verify_all(application, by)
    return recommend_application(
        application_id=application.pk, user=by, access=officer_access(by, application), note=note
    )


TODAY = date.today
