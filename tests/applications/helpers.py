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


MM_STEPS = {
    "unit": lambda app: {
        "product": str(app.district.products.order_by("name_en").first().pk),
        "unit_name": "Taj Leather Works",
        "activity": "industry",
        "unit_address": "Sikandra, Agra",
    },
    "project": lambda app: {
        "machinery_cost": "800000",
        "workshed_cost": "200000",
        "other_capital_cost": "",
        "land_cost": "500000",
        "working_capital": "500000",
    },
    "bank": lambda app: {
        "bank_name": "State Bank of India",
        "branch_name": "Sikandra",
        "branch_ifsc": "SBIN0012345",
    },
    "declarations": lambda app: {
        "is_defaulter": "no",
        "has_earlier_self_employment_benefit": "no",
        "family_has_received_margin_money": "no",
    },
}


def _notified_fair(event_date: str) -> str:
    """The notified fair the claims below name, ending on the day the test asks for."""
    from datetime import timedelta

    from schemes.models import NotifiedFair

    end = date.fromisoformat(event_date)
    fair, _ = NotifiedFair.objects.get_or_create(
        name_en="India International Trade Fair",
        place="New Delhi",
        category="outside_up",
        end_date=end,
        defaults={
            "name_hi": "भारत अंतरराष्ट्रीय व्यापार मेला",
            "start_date": end - timedelta(days=13),
            "notification_reference": "ODOP cell order 1/2026",
        },
    )
    return str(fair.pk)


def _mda_event_date(app) -> str:
    """The day the test asks for (app.details "_event_date"), else ten days ago, as the tests that
    override the date use."""
    from datetime import timedelta

    from django.utils import timezone

    return app.details.get("_event_date") or (timezone.localdate() - timedelta(days=10)).isoformat()


MDA_STEPS = {
    "fair": lambda app: {
        "product": str(app.district.products.order_by("name_en").first().pk),
        "claim_category": "outside_up",
        "notified_fair": _notified_fair(_mda_event_date(app)),
        "trade_type": "b2c",
        "fair_name": "",
        "event_date": "",
    },
    "expenses": lambda app: {
        "stall_cost": "300000",
        "freight_cost": "40000",
        "rail_or_bus_fare": "4000",
        "air_fare": "12000",
        "ecommerce_cost": "",
        "has_registration": "yes",
        "has_other_scheme_benefit_for_event": "no",
    },
}


def draft_for(applicant, code: str, steps: dict, **overrides):
    application = start_application(applicant=applicant, scheme=Scheme.objects.get(code=code))
    access = owner_access(application)
    for slug, raw in steps.items():
        values = {**raw(application), **overrides.get(slug, {})}
        application = save_step(application_id=application.pk, step_slug=slug, raw=values, access=access)
    for document in application.scheme.documents.all():
        if document.required_when == "always":
            upload_document(
                application_id=application.pk,
                code=document.code,
                upload=pdf_upload(),
                user=applicant.user,
                access=access,
            )
    return application


def submitted(applicant, code: str, steps: dict, **overrides):
    application = draft_for(applicant, code, steps, **overrides)
    return submit_application(
        application_id=application.pk, user=applicant.user, access=owner_access(application)
    )


def approved_by_committee(application, dic, kind: str):
    """Through scrutiny, the agenda and a meeting, without queued tasks (services called directly)."""
    from committees.models import AgendaItem
    from committees.services.meetings import (
        apply_meeting_decisions,
        place_on_agenda,
        record_meeting_decisions,
    )
    from tests.committees.helpers import close_agenda, seat_committee

    _, _secretary, members = seat_committee(kind, application.district.slug, secretary=dic)
    recommended(application, dic)
    place_on_agenda(application_id=application.pk)
    meeting = close_agenda(AgendaItem.objects.get(application=application, applied_at__isnull=True).meeting)
    record_meeting_decisions(
        meeting_id=meeting.pk,
        user=dic,
        present_user_ids=[dic.pk, *[m.pk for m in members]],
        decisions={meeting.items.get(application=application).pk: {"decision": "approve"}},
    )
    apply_meeting_decisions(meeting_id=meeting.pk)
    application.refresh_from_db()
    return application


def selected_toolkits(dic, count: int, *, first_seed: int = 100, district: str = "agra") -> list:
    """`count` Training and Toolkit applicants of one district, selected together at one meeting
    of the Toolkit Selection Committee (services called directly, no queued tasks)."""
    from applications.models import Application
    from committees.models import AgendaItem
    from committees.services.meetings import (
        apply_meeting_decisions,
        place_on_agenda,
        record_meeting_decisions,
    )
    from tests.committees.helpers import close_agenda, seat_committee

    _, _secretary, members = seat_committee("tsc", district, secretary=dic)
    applications = [
        submitted_toolkit(make_applicant(seed=first_seed + i, district=district)) for i in range(count)
    ]
    for application in applications:
        recommended(application, dic)
        place_on_agenda(application_id=application.pk)
    meeting = close_agenda(
        AgendaItem.objects.get(application=applications[0], applied_at__isnull=True).meeting
    )
    record_meeting_decisions(
        meeting_id=meeting.pk,
        user=dic,
        present_user_ids=[dic.pk, *[m.pk for m in members]],
        decisions={item.pk: {"decision": "approve"} for item in meeting.items.all()},
    )
    apply_meeting_decisions(meeting_id=meeting.pk)
    return list(Application.objects.filter(pk__in=[a.pk for a in applications]).order_by("pk"))


def through_the_bank(application, *, dic, bank, loan, margin, release: bool = True):
    """A Margin Money file already sent to `bank`'s branch, on through the loan's sanction, a
    week's training, the disbursement and the bank's claim (and, with `release`, the DIC's
    release by DBT), all dated today, through the services. Returns the bank case."""
    from datetime import timedelta

    from django.utils import timezone

    from margin_money import services as aa
    from margin_money.access import access_application_for_bank

    today = timezone.localdate()
    at_bank = partial(access_application_for_bank, user=bank, pk=application.pk)
    common = {"application_id": application.pk, "user": bank, "access": at_bank}
    aa.sanction_loan(**common, amount=loan, sanctioned_on=today)
    aa.record_training(
        **common,
        institution="RSETI Agra",
        start=today - timedelta(days=aa.MIN_TRAINING_DAYS - 1),
        end=today,
        certificate="",
    )
    aa.disburse_loan(**common, first_instalment_on=today)
    case = aa.claim_margin_money(**common, amount=margin, claimed_on=today)
    if release:
        case = aa.release_margin_money(
            application_id=application.pk,
            user=dic,
            access=officer_access(dic, application),
            dbt_reference="DBT-UP-MM-0001",
            released_on=today,
        )
    return case


def at_committee(application, by):
    """Recommended and placed on its committee's next agenda (the placing task's work, run here)."""
    from committees.services.meetings import place_on_agenda

    application = recommended(application, by)
    place_on_agenda(application_id=application.pk)
    application.refresh_from_db()
    return application


def committee_member(district: str = "agra", kind: str = "tsc", **kwargs):
    """A member seated on the district's committee of `kind`."""
    from committees.models import Committee, CommitteeMembership

    member = StaffFactory(role="committee_member", district=District.objects.get(slug=district), **kwargs)
    CommitteeMembership.objects.create(
        committee=Committee.objects.get(kind=kind, district__slug=district), user=member, role="member"
    )
    return member
