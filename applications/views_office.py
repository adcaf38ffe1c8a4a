"""Pages for the district office: the queue, the file with everything on one screen, the
scrutiny actions, bulk actions and the help desk."""

from functools import partial

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from rest_framework.pagination import CursorPagination

from accounts.access import role_required
from accounts.exceptions import PortalError
from accounts.models import Role
from accounts.redirects import safe_next_url
from applications import selectors
from applications.access import access_application_for_review, access_artisan_for_helpdesk, colleagues_of
from applications.extensions import OFFICE_ACTIONS, file_context, office_forms
from applications.forms import (
    AssignForm,
    BulkActionForm,
    HelpdeskStartForm,
    NoteForm,
    ProfileForm,
    RecommendForm,
    RejectForm,
    ReturnForm,
    attach_error,
)
from applications.models import Applicant
from applications.reasons import REASONS
from applications.services.profile import DuplicateAadhaar, save_profile_at_helpdesk
from applications.services.review import (
    add_internal_note,
    assign_application,
    bulk_action,
    recommend_application,
    reject_application,
    return_application,
    take_up_application,
    verify_document,
)
from applications.services.submission import start_application
from applications.steps import field_labels
from applications.views_artisan import _answers_for_display
from applications.workflow import OFFICER, Status, allowed_transitions, status_choices
from districts.models import District
from odop_portal.pagination import keyset_page
from odop_portal.public_pages import shared_value
from schemes.models import RequiredDocument
from schemes.selectors import scheme_get, scheme_list

officer_required = role_required(Role.DISTRICT_OFFICER)
QUEUE_PAGE_SIZE = 25


class QueueCursor(CursorPagination):
    """Keyset pages: as fast at the 10,000th file as at the first, and stable while files move."""

    page_size = QUEUE_PAGE_SIZE
    ordering = ("submitted_at", "id")
    cursor_query_param = "cursor"


def _review_access(request: HttpRequest, pk: int):
    return partial(access_application_for_review, user=request.user, pk=pk)


@officer_required
def queue(request: HttpRequest) -> HttpResponse:
    ordering = request.GET.get("order", "received")
    filterset, queryset = selectors.queue_for_officer(
        user=request.user, filters=request.GET, ordering=ordering
    )
    paginator = QueueCursor()
    paginator.ordering = selectors.QUEUE_ORDERINGS.get(ordering, selectors.QUEUE_ORDERINGS["received"])
    # An invalid filter shows its error and no rows (django-filter gives an empty queryset).
    page = keyset_page(paginator, queryset, request)
    counts = selectors.status_counts(user=request.user)
    # A filter chosen: the form shows it (and any error); otherwise the shared empty form.
    filters_chosen = any(request.GET.get(name) for name in filterset.form.fields)
    shared = shared_value("applications/office/queue.html", partial(_queue_shared_parts, request))
    return render(
        request,
        "applications/office/queue.html",
        {
            "filter": filterset,
            "page": page,
            "next_url": paginator.get_next_link() if page else None,
            "previous_url": paginator.get_previous_link() if page else None,
            # Only the stages that hold files: a phone shows the list, not a wall of zeros.
            "counts": [
                (value, label, counts[value])
                for value, label in status_choices()
                if value != Status.DRAFT and counts.get(value)
            ],
            "filters_applied": filters_chosen or bool(request.GET.get("order")),
            "filter_fields": _chosen_filter_fields(request, filterset)
            if filters_chosen
            else shared["filters"],
            "ordering": ordering,
            "shared": shared,
        },
    )


# Filters with a few values each: the form showing any of their combinations is the same for
# every officer in a language, and there are a few hundred of them at most. A search, a
# product or a date is rendered for the page that asks (as is a form with an error).
SHARED_FILTERS = ("scheme", "status", "overdue", "assigned_to_me")


def _chosen_filter_fields(request: HttpRequest, filterset) -> str:
    """The filter form's fields showing what the officer chose."""

    def render():
        return render_to_string(
            "applications/office/_queue_filter_fields.html", {"filter": filterset}, request
        )

    form = filterset.form
    chosen = sorted(name for name in form.fields if request.GET.get(name))
    if not set(chosen) <= set(SHARED_FILTERS) or not form.is_valid():
        return render()
    values = [
        f"{name}={getattr(form.cleaned_data[name], 'code', form.cleaned_data[name])}" for name in chosen
    ]
    return shared_value(f"applications/office/_queue_filter_fields.html?{'&'.join(values)}", render)


def _queue_shared_parts(request: HttpRequest) -> dict[str, str]:
    """The parts of the queue that are the same for every officer in a language: the filter
    form's fields with nothing chosen and the bulk actions with their list of papers (every sub-scheme's
    and reference data: a change moves the public version). Kept in the shared cache, they cost
    no query and no form rendering on the pages officers page through all day; a filtered page
    renders its own form, with what the officer chose."""
    return {
        "filters": render_to_string(
            "applications/office/_queue_filter_fields.html",
            # The filter set the page has when nothing is chosen (no query: its list is lazy).
            {"filter": selectors.queue_for_officer(user=request.user, filters={})[0]},
            request,
        ),
        "bulk": render_to_string(
            "applications/office/_queue_bulk.html",
            {
                "document_choices": _document_choices(),
                "bulk_actions": BulkActionForm.base_fields["action"].choices,
            },
            request,
        ),
    }


def _file_context(request: HttpRequest, application) -> dict:
    application = selectors.application_detail(application=application)
    documents = list(application.documents.all())
    return {
        "application": application,
        "timeline": selectors.timeline(application),
        "answers": _answers_for_display(application),
        "current_documents": [d for d in documents if d.replaced_at is None],
        "old_documents": [d for d in documents if d.replaced_at is not None],
        "actions": {t.name for t in allowed_transitions(application.status, OFFICER)},
        "return_form": ReturnForm(
            field_choices=list(field_labels(application.scheme.code).items()),
            document_choices=[(d.code, d.name) for d in application.scheme.documents.all()],
        ),
        "reject_form": RejectForm(reason_choices=_reason_choices(application)),
        "recommend_form": RecommendForm(),
        "note_form": NoteForm(),
        "assign_form": AssignForm(
            colleagues=colleagues_of(request.user), initial={"assignee": application.assigned_to_id}
        ),
        # The after-approval steps open to the DIC now, each sub-scheme's own (extensions.py).
        "delivery_forms": office_forms(
            application, {t.name for t in allowed_transitions(application.status, OFFICER)}
        ),
        **file_context(application, "office"),
    }


def _reason_choices(application) -> list[tuple[str, str]]:
    choices = []
    for rule in (application.outcome or {}).get("rules", []):
        if rule["status"] == "failed":
            message = rule["message_hi"] if (get_language() or "").startswith("hi") else rule["message_en"]
            choices.append((rule["code"], f"{message} ({rule['clause']})"))
    choices += [(r.code, f"{r.label} ({r.clause})" if r.clause else str(r.label)) for r in REASONS]
    return choices


@officer_required
def application_file(request: HttpRequest, pk: int) -> HttpResponse:
    application = access_application_for_review(user=request.user, pk=pk)
    return render(request, "applications/office/file.html", _file_context(request, application))


@officer_required
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One scrutiny action. A refused action changes nothing and says why on the same page."""
    application = access_application_for_review(user=request.user, pk=pk)
    access = _review_access(request, pk)
    context = _file_context(request, application)
    try:
        if action == "take_up":
            take_up_application(application_id=pk, user=request.user, access=access)
            messages.success(request, _("Taken up for scrutiny."))
        elif action == "return":
            form = ReturnForm(
                request.POST,
                field_choices=list(field_labels(application.scheme.code).items()),
                document_choices=[(d.code, d.name) for d in application.scheme.documents.all()],
            )
            context["return_form"] = form
            if not form.is_valid():
                raise _FormInvalid
            return_application(
                application_id=pk,
                user=request.user,
                access=access,
                fields=form.cleaned_data["fields_to_fix"],
                documents=form.cleaned_data["documents_to_fix"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("Returned to the applicant for correction."))
        elif action == "reject":
            form = RejectForm(request.POST, reason_choices=_reason_choices(application))
            context["reject_form"] = form
            if not form.is_valid():
                raise _FormInvalid
            reject_application(
                application_id=pk,
                user=request.user,
                access=access,
                reason_codes=form.cleaned_data["reason_codes"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("Rejected; the applicant is told why."))
        elif action == "recommend":
            form = RecommendForm(request.POST)
            context["recommend_form"] = form
            if not form.is_valid():
                raise _FormInvalid
            recommend_application(
                application_id=pk, user=request.user, access=access, note=form.cleaned_data["note"]
            )
            messages.success(request, _("Recommended to the committee."))
        elif action == "note":
            form = NoteForm(request.POST)
            context["note_form"] = form
            if not form.is_valid():
                raise _FormInvalid
            add_internal_note(
                application_id=pk, user=request.user, access=access, text=form.cleaned_data["text"]
            )
            messages.success(request, _("Note added."))
        elif action == "assign":
            form = AssignForm(request.POST, colleagues=colleagues_of(request.user))
            context["assign_form"] = form
            if not form.is_valid():
                raise _FormInvalid
            assign_application(
                application_id=pk, user=request.user, access=access, assignee=form.cleaned_data["assignee"]
            )
            messages.success(request, _("Assignment saved."))
        elif action in OFFICE_ACTIONS and OFFICE_ACTIONS[action].form is None:
            OFFICE_ACTIONS[action].service(application_id=pk, user=request.user, access=access)
            messages.success(request, OFFICE_ACTIONS[action].done or _("Recorded."))
        elif action in OFFICE_ACTIONS:
            step = OFFICE_ACTIONS[action]
            form = step.form(request.POST, request.FILES, prefix=action)
            context["delivery_forms"][action] = form
            if not form.is_valid():
                raise _FormInvalid
            try:
                step.service(application_id=pk, user=request.user, access=access, **form.cleaned_data)
            except PortalError as exc:
                # Shown against the field it concerns, with what was typed kept.
                if not attach_error(form, exc):
                    raise
                raise _FormInvalid from exc
            messages.success(request, step.done or _("Recorded."))
        elif action in ("verify", "unverify"):
            document_id = request.POST.get("document", "")
            verify_document(
                application_id=pk,
                document_id=int(document_id) if document_id.isdigit() else 0,
                user=request.user,
                access=access,
                verified=action == "verify",
            )
        else:
            return HttpResponse(status=404)
    except _FormInvalid:
        return render(request, "applications/office/file.html", context, status=200)
    except PortalError as exc:
        context["action_error"] = exc.message
        return render(request, "applications/office/file.html", context, status=200)
    return redirect("applications:office_file", pk=pk)


class _FormInvalid(Exception):
    pass


def _document_choices() -> list[tuple[str, str]]:
    """Every paper any sub-scheme asks for, once, by name: a bulk return names one of them."""
    return sorted(
        {d.code: d.name for d in RequiredDocument.objects.all()}.items(), key=lambda item: str(item[1])
    )


@officer_required
@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    back = safe_next_url(request, request.POST.get("next"), fallback="applications:queue")
    form = BulkActionForm(request.POST, document_choices=_document_choices())
    if not form.is_valid():
        for message in form.error_messages_for_people():
            messages.error(request, message)
        return redirect(back)
    ids, action, note = form.cleaned_data["ids"], form.cleaned_data["action"], form.cleaned_data["note"]
    steps = {
        "take_up": (take_up_application, {}),
        "recommend": (recommend_application, {"note": note}),
        "return": (
            return_application,
            {"fields": [], "documents": [form.cleaned_data["document"]], "reason": note},
        ),
    }
    service, arguments = steps[action]
    results = bulk_action(
        ids=ids,
        user=request.user,
        access_for=lambda pk: _review_access(request, pk),
        action=service,
        **arguments,
    )
    done = [pk for pk, error in results.items() if not error]
    refused = {pk: error for pk, error in results.items() if error}
    messages.success(request, _("%(n)d files done.") % {"n": len(done)})
    for pk, error in refused.items():
        messages.warning(request, _("File #%(pk)s: %(error)s") % {"pk": pk, "error": error})
    return redirect(back)


def _helpdesk_profile_form(request: HttpRequest, applicant: Applicant | None) -> ProfileForm:
    """The profile form of the help desk: bound only when its fields were posted, and offering
    the officer's own district only."""
    form = ProfileForm(
        request.POST if "profile-full_name" in request.POST else None, instance=applicant, prefix="profile"
    )
    form.fields["district"].queryset = District.objects.filter(pk=request.user.district_id)
    form.fields["district"].label_from_instance = lambda obj: obj.name
    return form


@officer_required
@require_http_methods(["GET", "POST"])
def helpdesk(request: HttpRequest) -> HttpResponse:
    """File on behalf of an artisan who cannot do it alone: find their profile by mobile number
    (of this district only), fill it or create it, then the application as the artisan would."""
    start_form = HelpdeskStartForm(request.POST or None, schemes=scheme_list(), prefix="start")
    profile_form = None
    context = {"start_form": start_form}
    if request.method == "POST" and start_form.is_valid():
        mobile = start_form.cleaned_data["mobile"]
        try:
            applicant = access_artisan_for_helpdesk(user=request.user, mobile=mobile)
        except PortalError as exc:
            start_form.add_error(exc.field, exc.message)
            return render(request, "applications/office/helpdesk.html", {**context, "profile_form": None})
        profile_form = _helpdesk_profile_form(request, applicant)
        if profile_form.is_bound:
            saved = None
            if profile_form.is_valid():
                try:
                    saved = save_profile_at_helpdesk(
                        officer=request.user,
                        mobile=mobile,
                        data=dict(profile_form.cleaned_data),
                        instance=applicant,
                    )
                except DuplicateAadhaar:
                    # The office, unlike the artisan, is told why: it can find the other profile.
                    profile_form.add_error(
                        "aadhaar_number",
                        _("This Aadhaar number is already registered with another mobile number."),
                    )
                except PortalError as exc:
                    profile_form.add_error(exc.field, exc.message)
            applicant = saved
        if applicant is not None:
            try:
                application = start_application(
                    applicant=applicant,
                    scheme=scheme_get(code=start_form.cleaned_data["scheme"]),
                    filed_by=request.user,
                )
            except PortalError as exc:
                start_form.add_error("scheme", exc.message)
            else:
                messages.success(request, _("Draft started on behalf of the applicant."))
                return redirect("applications:step", pk=application.pk, step=application.current_step)
    return render(request, "applications/office/helpdesk.html", {**context, "profile_form": profile_form})
