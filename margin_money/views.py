"""Pages for bank branch officers (Margin Money) and the DIC's bank-wise pendency view."""

from decimal import Decimal
from functools import partial

from django import forms
from django.contrib import messages
from django.db.models import Count, Min, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from rest_framework.pagination import CursorPagination

from accounts.access import role_required
from accounts.exceptions import PortalError
from accounts.models import Role
from applications import selectors
from applications.workflow import BANK, BANK_STATES, allowed_transitions, status_label
from margin_money import services as aa
from margin_money.access import access_application_for_bank
from margin_money.models import MarginMoneyCase
from odop_portal.pagination import keyset_page
from schemes.forms import PastDateField

bank_required = role_required(Role.BANK_OFFICER)


class SanctionForm(forms.Form):
    amount = forms.DecimalField(
        label=gettext_lazy("Loan sanctioned (rupees)"),
        min_value=Decimal("1"),
        max_digits=14,
        decimal_places=2,
    )
    sanctioned_on = PastDateField(label=gettext_lazy("Date of sanction"), required=True)


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for refusal"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class TrainingForm(forms.Form):
    institution = forms.CharField(label=gettext_lazy("Training institution"), max_length=200)
    start = PastDateField(label=gettext_lazy("From"), required=True)
    end = PastDateField(label=gettext_lazy("To"), required=True)
    certificate = forms.CharField(label=gettext_lazy("Certificate number"), max_length=100, required=False)


class DisburseForm(forms.Form):
    first_instalment_on = PastDateField(label=gettext_lazy("Date of the first instalment"), required=True)


class ClaimForm(forms.Form):
    amount = forms.DecimalField(
        label=gettext_lazy("Margin money claimed (rupees)"),
        min_value=Decimal("1"),
        max_digits=14,
        decimal_places=2,
    )
    claimed_on = PastDateField(label=gettext_lazy("Date of the claim"), required=True)


FORMS = {
    "sanction_loan": (SanctionForm, aa.sanction_loan),
    "refuse_loan": (RefuseForm, aa.refuse_loan),
    "record_training": (TrainingForm, aa.record_training),
    "disburse_loan": (DisburseForm, aa.disburse_loan),
    "claim_margin_money": (ClaimForm, aa.claim_margin_money),
}


class BranchQueueCursor(CursorPagination):
    """Keyset pages of the branch's files, oldest first: each page is one range of the
    (branch, sent_at, id) index, as fast at the thousandth page as at the first."""

    page_size = 50
    ordering = ("sent_at", "id")
    cursor_query_param = "cursor"


@bank_required
def bank_queue(request: HttpRequest) -> HttpResponse:
    """The files waiting on the branch, oldest first; every file ever sent to it with ?show=all.
    A page of 50, in a fixed number of queries however many files the branch has had."""
    waiting = request.GET.get("show") != "all"
    cases = (
        MarginMoneyCase.objects.filter(bank_branch_id=request.user.bank_branch_id)
        .select_related("application", "application__applicant")
        # What the rows show: not each file's answers and rules' outcome (JSON decoded per row).
        .only(
            "id",
            "sent_at",
            "application__id",
            "application__reference_number",
            "application__status",
            "application__due_at",
            "application__benefit_amount",
            "application__applicant__full_name",
        )
    )
    if waiting:
        cases = cases.filter(at_bank=True)
    paginator = BranchQueueCursor()
    page = keyset_page(paginator, cases, request)
    return render(
        request,
        "margin_money/queue.html",
        {
            "page": page,
            "next_url": paginator.get_next_link(),
            "previous_url": paginator.get_previous_link(),
            "waiting": waiting,
            "branch": request.user.bank_branch,
        },
    )


@bank_required
@require_http_methods(["GET", "POST"])
def bank_file(request: HttpRequest, pk: int) -> HttpResponse:
    application = access_application_for_bank(user=request.user, pk=pk)
    actions = [t.name for t in allowed_transitions(application.status, BANK)]
    forms_by_action = {name: FORMS[name][0](prefix=name) for name in actions if name in FORMS}
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in forms_by_action:
            messages.error(request, _("This step is not open for this file now."))
            return redirect("margin_money:bank_file", pk=pk)
        form_class, service = FORMS[action]
        form = form_class(request.POST, prefix=action)
        forms_by_action[action] = form
        if form.is_valid():
            try:
                service(
                    application_id=pk,
                    user=request.user,
                    access=partial(access_application_for_bank, user=request.user, pk=pk),
                    **form.cleaned_data,
                )
            except PortalError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _("Recorded."))
                return redirect("margin_money:bank_file", pk=pk)
    application = selectors.application_detail(application=application)
    return render(
        request,
        "margin_money/file.html",
        {
            "application": application,
            "case": application.margin_money,
            "forms": forms_by_action,
            "timeline": selectors.timeline(application),
        },
    )


@role_required(Role.DISTRICT_OFFICER, Role.LEAD_DISTRICT_MANAGER, Role.STATE_STAFF, Role.ADMIN)
def bank_pendency(request: HttpRequest) -> HttpResponse:
    """Files waiting at each bank branch, days waiting and overdue, against the GO limits: for
    the DIC and the Lead District Manager of a district, and for the state."""
    now = timezone.now()
    cases = MarginMoneyCase.objects.filter(at_bank=True)
    if request.user.role in (Role.DISTRICT_OFFICER, Role.LEAD_DISTRICT_MANAGER):
        # The status repeats what at_bank says (kept with every move), so that the district's
        # files come off the office queue's index (district, status) instead of every case at a
        # bank in the state joined to its file: 71 ms to 12 ms at 1,000,000 files.
        cases = cases.filter(
            application__district_id=request.user.district_id, application__status__in=BANK_STATES
        )
    rows = (
        cases.values(
            "bank_branch__bank_name", "bank_branch__branch_name", "bank_branch__ifsc", "application__status"
        )
        .annotate(
            files=Count("id"),
            oldest=Min("application__stage_entered_at"),
            overdue=Count("id", filter=Q(application__due_at__lt=now)),
        )
        .order_by("bank_branch__bank_name", "bank_branch__branch_name", "application__status")
    )
    table = [
        {**row, "days": (now - row["oldest"]).days, "status_label": status_label(row["application__status"])}
        for row in rows
    ]
    return render(request, "margin_money/pendency.html", {"rows": table})
