"""Pages for committee members and the member-secretary: meetings, agendas, decisions, minutes."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from accounts.exceptions import PortalError
from applications.reasons import REASONS
from committees.access import access_committee, access_letter, access_meeting
from committees.models import AgendaItem, CommitteeMembership, Meeting
from committees.services.meetings import close_agenda_now, record_meeting_decisions, schedule_meeting


class ScheduleForm(forms.Form):
    scheduled_for = forms.DateTimeField(
        label=gettext_lazy("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    venue = forms.CharField(label=gettext_lazy("Venue"), max_length=200, required=False)


def _is_secretary(committee, user) -> bool:
    return CommitteeMembership.objects.filter(
        committee=committee, user=user, role=CommitteeMembership.Role.SECRETARY
    ).exists()


@login_required(login_url="accounts:staff_login")
def my_committees(request: HttpRequest) -> HttpResponse:
    memberships = CommitteeMembership.objects.filter(user=request.user).select_related(
        "committee", "committee__district"
    )
    upcoming = (
        Meeting.objects.filter(
            committee__memberships__user=request.user,
            scheduled_for__gte=timezone.now() - timezone.timedelta(days=30),
        )
        .select_related("committee", "committee__district")
        .order_by("scheduled_for")[:20]
    )
    return render(request, "committees/mine.html", {"memberships": memberships, "meetings": upcoming})


@login_required(login_url="accounts:staff_login")
@require_http_methods(["GET", "POST"])
def committee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    committee = access_committee(user=request.user, pk=pk)
    secretary = _is_secretary(committee, request.user)
    form = ScheduleForm(request.POST or None)
    if request.method == "POST":
        if not secretary:
            raise Http404
        if form.is_valid():
            try:
                meeting = schedule_meeting(committee=committee, user=request.user, **form.cleaned_data)
            except PortalError as exc:
                form.add_error(exc.field, exc.message)
            else:
                messages.success(request, _("Meeting scheduled."))
                return redirect("committees:meeting", pk=meeting.pk)
    meetings = committee.meetings.order_by("-scheduled_for")[:24]
    members = committee.memberships.select_related("user").order_by("role", "user__username")
    return render(
        request,
        "committees/committee.html",
        {
            "committee": committee,
            "meetings": meetings,
            "members": members,
            "form": form,
            "is_secretary": secretary,
        },
    )


def _decisions_from(post, items) -> dict[int, dict]:
    return {
        item.pk: {
            "decision": post.get(f"decision-{item.pk}", ""),
            "reason_codes": post.getlist(f"reasons-{item.pk}"),
            "text": post.get(f"text-{item.pk}", ""),
            "interview_note": post.get(f"interview-{item.pk}", ""),
            "recused": [int(v) for v in post.getlist(f"recused-{item.pk}") if v.isdigit()],
        }
        for item in items
    }


@login_required(login_url="accounts:staff_login")
@require_http_methods(["GET", "POST"])
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access_meeting(user=request.user, pk=pk)
    secretary = _is_secretary(meeting.committee, request.user)
    items = list(
        meeting.items.select_related(
            "application__applicant", "application__scheme", "application__product"
        ).prefetch_related("application__notes", "recusals__user")
    )
    members = list(meeting.committee.memberships.select_related("user").order_by("role", "user__username"))
    error, field = "", ""
    posted = request.POST if request.method == "POST" else None
    if request.method == "POST":
        if not secretary:
            raise Http404
        try:
            if request.POST.get("action") == "close_agenda":
                close_agenda_now(meeting_id=meeting.pk, user=request.user)
                messages.success(request, _("The agenda is closed."))
            else:
                present = [int(v) for v in request.POST.getlist("present") if v.isdigit()]
                record_meeting_decisions(
                    meeting_id=meeting.pk,
                    user=request.user,
                    present_user_ids=present,
                    decisions=_decisions_from(request.POST, items),
                )
                messages.success(request, _("Decisions recorded. The applications are being moved now."))
            return redirect("committees:meeting", pk=meeting.pk)
        except PortalError as exc:
            error, field = exc.message, exc.field or ""
    applied = sum(1 for item in items if item.applied_at)
    return render(
        request,
        "committees/meeting.html",
        {
            "meeting": meeting,
            "items": items,
            "members": members,
            "is_secretary": secretary,
            "can_record": secretary and meeting.state == Meeting.State.LOCKED and meeting.has_begun,
            "error": error,
            "error_field": field,
            "posted": posted,
            "reasons": REASONS,
            "decisions": AgendaItem.Decision.choices,
            "applied": applied,
            "total": len(items),
            "refresh": meeting.state == Meeting.State.APPLYING,
        },
    )


@login_required(login_url="accounts:staff_login")
@require_safe
def meeting_pdf(request: HttpRequest, pk: int, kind: str) -> FileResponse:
    meeting = access_meeting(user=request.user, pk=pk)
    document = {"agenda": meeting.agenda_pdf, "minutes": meeting.minutes_pdf}.get(kind)
    if not document:
        raise Http404("not made yet")
    return FileResponse(
        document.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"{kind}-{meeting.pk}.pdf",
    )


@login_required
@require_safe
def letter_file(request: HttpRequest, pk: int, letter_pk: int) -> FileResponse:
    letter = access_letter(user=request.user, application_pk=pk, pk=letter_pk)
    return FileResponse(
        letter.file.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"{letter.kind}-letter.pdf",
    )
