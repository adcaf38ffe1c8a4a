"""Pages for artisans: profile, applying step by step, documents, submitting, tracking."""

from functools import partial

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.access import artisan_required, role_required
from accounts.exceptions import PortalError
from accounts.models import Role
from accounts.redirects import safe_next_url
from applications import selectors
from applications.access import access_application_for_filling, access_application_for_owner, access_document
from applications.documents import pdf_thumbnail
from applications.extensions import file_context
from applications.forms import DocumentUploadForm, ProfileForm
from applications.models import Applicant
from applications.pdf import render_pdf
from applications.services.profile import save_profile
from applications.services.submission import (
    missing_documents,
    save_step,
    send_application,
    start_application,
    upload_document,
    withdraw_application,
)
from applications.services.verification import issue_receipt, printed_verification
from applications.steps import step_form, step_get, steps_for
from applications.workflow import HOLDER, OWNER, Status, allowed_transitions
from schemes.selectors import scheme_get


def _owner_access(request: HttpRequest, pk: int):
    """The artisan's own file, or for a district officer a file of their help desk."""
    return partial(access_application_for_filling, user=request.user, pk=pk)


# Filling pages serve the artisan and, at the help desk, a district officer acting for them.
filler_required = role_required(Role.ARTISAN, Role.DISTRICT_OFFICER, login_url="accounts:login")


def _in_reader_language(field) -> None:
    """A model choice shown by its name in the page's language (str() of a model is English)."""
    field.label_from_instance = lambda obj: obj.name


def _step_form(definition, *args, **kwargs):
    form = definition.form_class(*args, **kwargs)
    if "product" in form.fields:
        _in_reader_language(form.fields["product"])
    return form


def _profile_of(user) -> Applicant | None:
    return Applicant.objects.filter(user=user).select_related("district").first()


@artisan_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    instance = _profile_of(request.user)
    form = ProfileForm(request.POST or None, instance=instance)
    _in_reader_language(form.fields["district"])
    if request.method == "POST" and form.is_valid():
        try:
            save_profile(user=request.user, data=dict(form.cleaned_data), instance=instance)
        except PortalError as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect(safe_next_url(request, request.GET.get("next"), fallback="applications:mine"))
    return render(request, "applications/profile.html", {"form": form, "applicant": instance})


@artisan_required
def my_applications(request: HttpRequest) -> HttpResponse:
    from schemes.selectors import scheme_list

    return render(
        request,
        "applications/mine.html",
        {
            "applications": list(selectors.applications_for_artisan(user=request.user)),
            "schemes": scheme_list(),
            "has_profile": Applicant.objects.filter(user=request.user).exists(),
        },
    )


@artisan_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, scheme_slug: str) -> HttpResponse:
    """GET asks to confirm (so a link from the eligibility checker survives signing in); POST
    starts the draft."""
    scheme = scheme_get(slug=scheme_slug)
    if request.method == "GET":
        return render(
            request,
            "applications/start.html",
            {"scheme": scheme, "has_profile": _profile_of(request.user) is not None},
        )
    applicant = _profile_of(request.user)
    if applicant is None:
        messages.info(request, _("First fill in your profile; it is used for every application."))
        # Back to the list afterwards: starting a draft takes a POST, which a redirect cannot make.
        return redirect("applications:profile")
    try:
        application = start_application(applicant=applicant, scheme=scheme)
    except PortalError as exc:
        messages.error(request, exc.message)
        return redirect("applications:mine")
    return redirect(
        "applications:step",
        pk=application.pk,
        step=application.current_step or steps_for(application.scheme.code)[0].slug,
    )


def _step_context(application, current: str) -> dict:
    return {
        "application": application,
        "steps": steps_for(application.scheme.code),
        "current": current,
        "outcome": application.outcome,
    }


@filler_required
@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    application = access_application_for_filling(user=request.user, pk=pk)
    definition = step_get(application.scheme.code, step)
    if definition is None:
        return redirect("applications:step", pk=pk, step=steps_for(application.scheme.code)[0].slug)
    if application.status not in (Status.DRAFT, Status.RETURNED):
        return redirect("applications:detail", pk=pk)
    form = step_form(definition, application, data=request.POST or None)
    if "product" in form.fields:
        _in_reader_language(form.fields["product"])
    leaving = "save_and_leave" in request.POST
    complete = request.method == "POST" and form.is_valid()
    # "Finish later" keeps a half-filled step as a draft; a complete one counts as done.
    if complete or (leaving and form.is_valid_as_draft()):
        try:
            # The service cleans the posted answers again, under the row lock, and stores only
            # what its form cleaned.
            application = save_step(
                application_id=pk,
                step_slug=step,
                raw=request.POST,
                access=_owner_access(request, pk),
                draft=not complete,
            )
        except PortalError as exc:
            form.add_error(exc.field, exc.message)
        else:
            if leaving:
                messages.success(request, _("Saved. You can come back to it from any device."))
                return redirect(
                    "applications:mine" if request.user.role == Role.ARTISAN else "applications:queue"
                )
            order = [s.slug for s in steps_for(application.scheme.code)]
            position = order.index(step)
            if position + 1 < len(order):
                return redirect("applications:step", pk=pk, step=order[position + 1])
            return redirect("applications:documents", pk=pk)
    return render(
        request,
        "applications/step.html",
        {**_step_context(application, step), "form": form, "step": definition},
    )


@filler_required
@require_http_methods(["GET", "POST"])
def documents(request: HttpRequest, pk: int) -> HttpResponse:
    application = access_application_for_filling(user=request.user, pk=pk)
    errors: dict[str, str] = {}
    if request.method == "POST":
        form = DocumentUploadForm(request.POST, request.FILES)
        code = request.POST.get("code", "")
        if not form.is_valid():
            errors[code] = " ".join(e for field_errors in form.errors.values() for e in field_errors)
        else:
            try:
                upload_document(
                    application_id=pk,
                    code=form.cleaned_data["code"],
                    upload=form.cleaned_data["file"],
                    user=request.user,
                    access=_owner_access(request, pk),
                )
            except PortalError as exc:
                errors[code] = str(exc.message)
            else:
                messages.success(request, _("Document uploaded."))
                return redirect("applications:documents", pk=pk)
    current = {d.code: d for d in application.documents.filter(replaced_at__isnull=True)}
    required = [
        {
            "document": d,
            "current": current.get(d.code),
            "error": errors.get(d.code, ""),
            "flagged": d.code in application.returned_documents,
        }
        for d in application.scheme.documents.all()
    ]
    return render(
        request,
        "applications/documents.html",
        {
            **_step_context(application, "documents"),
            "required": required,
            "missing": missing_documents(application),
        },
    )


@filler_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, pk: int) -> HttpResponse:
    on_behalf = request.user.role == Role.DISTRICT_OFFICER
    done = "applications:office_file" if on_behalf else "applications:detail"
    error = ""
    if request.method == "POST":
        # The file is read once, locked, by the service; it is read again only to show an error.
        try:
            application = send_application(
                application_id=pk, user=request.user, access=_owner_access(request, pk), on_behalf=on_behalf
            )
        except PortalError as exc:
            error = exc.message
        else:
            if application.status == Status.SUBMITTED:
                messages.success(
                    request,
                    _("Submitted. Your reference number is %(ref)s.") % {"ref": application.reference_number},
                )
            else:
                messages.success(request, _("Your corrections are sent to the district office."))
            return redirect(done, pk=pk)
    application = access_application_for_filling(user=request.user, pk=pk)
    if application.status not in (Status.DRAFT, Status.RETURNED):
        # Submitted already: the file's own page says where it is; nothing is left to submit.
        return redirect(done, pk=pk)
    application = selectors.application_detail(application=application)
    return render(
        request,
        "applications/review.html",
        {
            **_step_context(application, "review"),
            "error": error,
            "missing": missing_documents(application),
            "answers": _answers_for_display(application),
        },
    )


def _answers_for_display(application) -> list[tuple[str, list[tuple[str, str]]]]:
    sections = []
    for definition in steps_for(application.scheme.code):
        form = _step_form(
            definition, initial=application.details.get(definition.slug, {}), application=application
        )
        rows = []
        for name, field in form.fields.items():
            value = application.details.get(definition.slug, {}).get(name)
            if hasattr(field, "choices") and value not in (None, ""):
                choices = {str(k): v for k, v in field.choices}
                value = (
                    ", ".join(str(choices.get(str(v), v)) for v in value)
                    if isinstance(value, list)
                    else choices.get(str(value), value)
                )
            rows.append((str(field.label), "" if value in (None, "") else str(value)))
        sections.append((str(definition.title), rows))
    return sections


@artisan_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = access_application_for_owner(user=request.user, pk=pk)
    return render(request, "applications/detail.html", _detail_context(application))


def _detail_context(application, **extra) -> dict:
    """The artisan's page of one file; each sub-scheme adds its own part (extensions.py)."""
    application = selectors.application_detail(application=application)
    return {
        "application": application,
        "timeline": selectors.timeline(application),
        "notes_for_applicant": [n for n in application.notes.all() if n.is_visible_to_applicant],
        "holder": HOLDER.get(application.status, ""),
        "can_withdraw": any(t.name == "withdraw" for t in allowed_transitions(application.status, OWNER)),
        **file_context(application, "owner"),
        **extra,
    }


@artisan_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        withdraw_application(application_id=pk, user=request.user, access=_owner_access(request, pk))
        messages.success(request, _("The application is withdrawn."))
    except PortalError as exc:
        messages.error(request, exc.message)
    return redirect("applications:detail", pk=pk)


@artisan_required
@require_safe
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_detail(
        application=access_application_for_owner(user=request.user, pk=pk)
    )
    if not application.reference_number:
        messages.error(request, _("The receipt is ready once the application is submitted."))
        return redirect("applications:detail", pk=pk)
    verification = issue_receipt(application=application)
    pdf = render_pdf(
        "applications/receipt_pdf.html", {"application": application, **printed_verification(verification)}
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = application.reference_number.replace("/", "-")
    response["Content-Disposition"] = f'attachment; filename="receipt-{filename}.pdf"'
    return response


@xframe_options_sameorigin  # shown inline on the officer's screen (PDFs in an <object>)
@require_safe
def document_file(request: HttpRequest, pk: int) -> FileResponse:
    """Any signed-in user who may see the application; everyone else gets 404."""
    document = access_document(user=request.user, pk=pk)
    response = FileResponse(document.file.open("rb"), content_type=document.content_type)
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def document_thumbnail(request: HttpRequest, pk: int) -> HttpResponse:
    """The first page of a PDF document as a picture, for phones whose browsers show embedded
    PDFs as black boxes. The same access check as the document itself; 404 otherwise."""
    document = access_document(user=request.user, pk=pk)
    png = pdf_thumbnail(document) if document.content_type == "application/pdf" else None
    if png is None:
        raise Http404("no thumbnail")
    response = HttpResponse(png, content_type="image/png")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
