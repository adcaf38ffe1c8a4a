"""The committees' papers: sanction and rejection letters, agendas and minutes, made once each.

Tasks call these with ids; each is safe to run twice."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from applications.extensions import file_context
from applications.models import Application, Verification
from applications.queueing import notify_after_commit
from applications.services.verification import _district_office, new_code
from committees.models import (
    AgendaItem,
    Committee,
    Letter,
    Meeting,
)


def generate_letter(*, item_id: int, kind: str) -> Letter | None:
    """The sanction or rejection letter of one decided item, made once."""
    from applications.pdf import render_pdf
    from applications.selectors import application_detail
    from applications.services.verification import printed_verification
    from committees.services.letters import letter_verification

    item = AgendaItem.objects.select_related("meeting__committee", "meeting__recorded_by").get(pk=item_id)
    if Letter.objects.filter(item=item, kind=kind).exists():
        return None
    application = application_detail(application=item.application)
    # A CFC proposal comes before a state committee twice: in principle, then finally (para 24).
    cfc_final = (
        application.scheme.code == "CFC"
        and AgendaItem.objects.filter(
            application=application,
            meeting__committee__district__isnull=True,
            decision=AgendaItem.Decision.APPROVE,
            pk__lt=item.pk,
        ).exists()
    )
    context = {"application": application, "item": item, "cfc_final": cfc_final}
    if cfc_final:
        # The grant's figures are the CFC app's, added to the file's pages (extensions.py).
        context["cfc"] = file_context(application, "letter").get("cfc")
    amount = None
    if kind == Letter.Kind.SANCTION:
        summary = context.get("cfc")
        amount = summary.grant.state_share if summary else application.benefit_amount
    verification = letter_verification(
        application=application,
        committee=item.meeting.committee,
        kind=kind,
        item_id=item.pk,
        signed_by=item.meeting.recorded_by,
        amount=amount,
    )
    context.update(printed_verification(verification))
    pdf = render_pdf(f"committees/letters/{kind}_pdf.html", context)
    name = f"{kind}-{application.reference_number.replace('/', '-')}.pdf"
    with transaction.atomic():
        if Letter.objects.select_for_update().filter(item=item, kind=kind).exists():
            return None
        letter = Letter(application=application, item=item, kind=kind)
        letter.file.save(name, ContentFile(pdf), save=False)
        letter.save()
        verification.letter = letter
        verification.save()

        notify_after_commit(application, f"letter_ready:{letter.pk}")
    return letter


def generate_agenda_pdf(*, meeting_id: int) -> Meeting:
    from applications.pdf import render_pdf

    meeting = Meeting.objects.select_related("committee", "committee__district").get(pk=meeting_id)
    items = meeting.items.select_related(
        "application__applicant", "application__scheme", "application__product"
    ).prefetch_related("application__notes")
    pdf = render_pdf("committees/agenda_pdf.html", {"meeting": meeting, "items": items})
    meeting.agenda_pdf.save(f"agenda-{meeting.pk}.pdf", ContentFile(pdf), save=False)
    Meeting.objects.filter(pk=meeting.pk).update(agenda_pdf=meeting.agenda_pdf.name)
    return meeting


def generate_minutes_pdf(*, meeting_id: int) -> Meeting:
    from applications.pdf import render_pdf

    meeting = Meeting.objects.select_related("committee", "committee__district", "recorded_by").get(
        pk=meeting_id
    )
    items = meeting.items.select_related("application__applicant", "application__scheme").prefetch_related(
        "recusals__user"
    )
    attendance = meeting.attendance.select_related("user")
    pdf = render_pdf(
        "committees/minutes_pdf.html",
        {"meeting": meeting, "items": items, "attendance": attendance},
    )
    meeting.minutes_pdf.save(f"minutes-{meeting.pk}.pdf", ContentFile(pdf), save=False)
    Meeting.objects.filter(pk=meeting.pk).update(minutes_pdf=meeting.minutes_pdf.name)
    return meeting


def _committee_office(application: Application, committee: Committee) -> tuple[str, str]:
    if committee.district_id is None:
        return (
            "ODOP Cell, Directorate of Industries, Uttar Pradesh",
            "ओडीओपी प्रकोष्ठ, उद्योग निदेशालय, उत्तर प्रदेश",
        )
    return _district_office(application)


def letter_verification(
    *, application: Application, committee: Committee, kind: str, item_id: int, signed_by, amount
) -> Verification:
    """An unsaved Verification for a letter about to be printed (saved with the letter)."""
    office_en, office_hi = _committee_office(application, committee)
    name = signed_by.get_full_name() if signed_by else ""
    prefix = "SL" if kind == Letter.Kind.SANCTION else "RL"
    return Verification(
        code=new_code(),
        kind=kind,
        application=application,
        number=f"{application.reference_number}/{prefix}-{item_id}",
        issued_at=timezone.now(),
        office_en=office_en,
        office_hi=office_hi,
        signatory_en=", ".join(filter(None, [name, f"Member-secretary, {committee.name_en}"])),
        signatory_hi=", ".join(filter(None, [name, f"सदस्य-सचिव, {committee.name_hi}"])),
        amount=amount,
    )
