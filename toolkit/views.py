"""Pages for Training and Toolkit after selection: the DIC's batches, a batch (placing, daily
attendance, completion, honorarium, institution payments, toolkit hand-over with the artisan's
code) and the artisan's feedback on the toolkit."""

from datetime import date, timedelta
from decimal import Decimal
from functools import partial

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import artisan_required, role_required
from accounts.exceptions import PortalError
from accounts.models import Role
from applications.access import access_application_for_owner, access_application_for_review
from odop_portal.dates import IndianDateField
from schemes.forms import PastDateField
from schemes.templatetags.scheme_tags import inr
from toolkit import selectors as toolkit_selectors
from toolkit import services as tt
from toolkit.access import access_batch
from toolkit.models import ToolkitIssue, ToolkitKit, TrainingBatch

officer_required = role_required(Role.DISTRICT_OFFICER)


class BatchForm(forms.Form):
    institution = forms.CharField(label=gettext_lazy("Training institution"), max_length=200)
    track = forms.ChoiceField(label=gettext_lazy("Track"), choices=TrainingBatch.Track.choices)
    start_date = IndianDateField(label=gettext_lazy("First day"))
    end_date = IndianDateField(label=gettext_lazy("Last day"))
    venue = forms.CharField(label=gettext_lazy("Venue"), max_length=200)
    capacity = forms.IntegerField(label=gettext_lazy("Seats"), min_value=1, initial=25)


class InstitutionPaymentForm(forms.Form):
    half = forms.TypedChoiceField(
        label=gettext_lazy("Half"),
        coerce=int,
        choices=[(1, gettext_lazy("First")), (2, gettext_lazy("Second"))],
    )
    amount = forms.DecimalField(label=gettext_lazy("Amount (rupees)"), max_digits=14, decimal_places=2)
    dbt_reference = forms.CharField(label=gettext_lazy("DBT reference"), max_length=60)
    paid_on = PastDateField(label=gettext_lazy("Paid on"), required=True)


class HonorariumForm(forms.Form):
    dbt_reference = forms.CharField(label=gettext_lazy("DBT reference"), max_length=60)
    paid_on = PastDateField(label=gettext_lazy("Paid on"), required=True)


class IssueForm(forms.Form):
    kit = forms.ModelChoiceField(label=gettext_lazy("Toolkit"), queryset=ToolkitKit.objects.none())
    code = forms.CharField(
        label=gettext_lazy("Code sent to the artisan's mobile"),
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )

    def __init__(self, *args, application, kits: list | None = None, **kwargs):
        """`kits`, when given, are the application's kits already fetched (the batch page fetches
        them once for every row); validation always reads them afresh."""
        super().__init__(*args, **kwargs)
        field = self.fields["kit"]
        field.queryset = tt.kits_for(application)
        # The officer chooses by what is in the kit and what it is worth.
        field.label_from_instance = lambda kit: f"{Truncator(kit.items).chars(80)} · {inr(kit.value)}"
        if kits is not None:
            field.choices = [
                ("", field.empty_label),
                *((kit.pk, field.label_from_instance(kit)) for kit in kits),
            ]


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=gettext_lazy("How useful are the tools? (1 = not at all, 5 = very)"),
        coerce=int,
        choices=[(n, str(n)) for n in range(1, 6)],
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=gettext_lazy("Anything to tell the office (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@officer_required
@require_http_methods(["GET", "POST"])
def batches(request: HttpRequest) -> HttpResponse:
    form = BatchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = tt.create_batch(user=request.user, **form.cleaned_data)
        except PortalError as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(request, _("Batch set up."))
            return redirect("toolkit:batch", pk=batch.pk)
    return render(
        request,
        "toolkit/batches.html",
        {
            "form": form,
            "batches": toolkit_selectors.batch_list_for_officer(user=request.user),
            "waiting_count": toolkit_selectors.selected_trainees_waiting_for_officer(
                user=request.user
            ).count(),
            "carried_forward": toolkit_selectors.toolkits_carried_forward_for_officer(user=request.user),
        },
    )


def _attendance_day(request: HttpRequest, batch: TrainingBatch) -> date:
    try:
        day = date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        day = timezone.localdate()
    return min(max(day, batch.start_date), batch.end_date)


def _batch_context(request: HttpRequest, batch: TrainingBatch, **extra) -> dict:
    day = _attendance_day(request, batch)
    trainees = list(toolkit_selectors.batch_trainees(batch=batch))
    present = set(
        batch.trainees.filter(attendance__day=day, attendance__present=True).values_list(
            "application_id", flat=True
        )
    )
    params = batch.ruleset.rule_parameters()
    kits = tt.kits_by_product(
        district_id=batch.district_id, product_ids={t.application.product_id for t in trainees}
    )
    rows = []
    for trainee in trainees:
        application = trainee.application
        rows.append(
            {
                "trainee": trainee,
                "application": application,
                "present": application.pk in present,
                "honorarium": application.honoraria[0] if application.honoraria else None,
                "honorarium_due": Decimal(params.honorarium_per_day) * trainee.days_present,
                "issue": getattr(application, "toolkit_issue", None),
                "issue_form": IssueForm(
                    application=application,
                    kits=kits.get(application.product_id, []),
                    prefix=f"issue-{application.pk}",
                ),
                # One form per row, each with its own prefix, so no two fields share an id.
                "honorarium_form": HonorariumForm(prefix=f"honorarium-{application.pk}"),
            }
        )
    return {
        "batch": batch,
        "rows": rows,
        "day": day,
        "days": [
            batch.start_date + timedelta(days=n) for n in range((batch.end_date - batch.start_date).days + 1)
        ],
        "training_days": tt.training_days(batch),
        "waiting": toolkit_selectors.selected_trainees_waiting_for_officer(user=request.user),
        "seats_left": batch.capacity - len(rows),
        "payments": list(batch.institution_payments.order_by("half")),
        "half_cap": tt.institution_half_cap(batch),
        "institution_form": InstitutionPaymentForm(prefix="institution"),
        "today": timezone.localdate(),
        **extra,
    }


@officer_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = access_batch(user=request.user, pk=pk)
    return render(request, "toolkit/batch.html", _batch_context(request, batch))


@officer_required
@require_POST
def batch_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One action on the whole batch; a refused one changes nothing and says why."""
    batch = access_batch(user=request.user, pk=pk)
    user = request.user
    try:
        if action == "assign":
            ids = [int(v) for v in request.POST.getlist("applications") if v.isdigit()]
            if not ids:
                raise PortalError(_("Select at least one applicant."))
            for application_id in ids:
                tt.assign_to_batch(batch_id=pk, application_id=application_id, user=user)
            messages.success(request, _("%(n)d placed in the batch.") % {"n": len(ids)})
        elif action == "attendance":
            try:
                day = date.fromisoformat(request.POST.get("day", ""))
            except ValueError as exc:
                raise PortalError(_("Choose the day."), field="day") from exc
            present = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
            count = tt.record_attendance(batch_id=pk, user=user, day=day, present_ids=present)
            messages.success(
                request,
                _("Attendance of %(day)s saved: %(n)d present.")
                % {"day": day.strftime("%d-%m-%Y"), "n": count},
            )
            return redirect(f"{reverse('toolkit:batch', args=[pk])}?day={day.isoformat()}")
        elif action == "complete":
            moved = tt.complete_batch(batch_id=pk, user=user)
            messages.success(request, _("Batch completed: %(n)d trained.") % {"n": len(moved)})
        elif action == "pay_institution":
            form = InstitutionPaymentForm(request.POST, prefix="institution")
            if not form.is_valid():
                context = _batch_context(request, batch, institution_form=form)
                return render(request, "toolkit/batch.html", context)
            tt.pay_institution(batch_id=pk, user=user, **form.cleaned_data)
            messages.success(request, _("Payment to the institution recorded."))
        else:
            raise Http404("no such action")
    except PortalError as exc:
        return render(
            request,
            "toolkit/batch.html",
            _batch_context(request, batch, action_error=exc.message),
        )
    return redirect("toolkit:batch", pk=pk)


@officer_required
@require_POST
def trainee_act(request: HttpRequest, pk: int, application_pk: int, action: str) -> HttpResponse:
    """One action on one trainee of the batch: honorarium, hand-over code, toolkit, carry forward,
    or, for one who never came, back to the list for a later batch."""
    batch = access_batch(user=request.user, pk=pk)
    if not batch.trainees.filter(application_id=application_pk).exists():
        raise Http404("not in this batch")
    access = partial(access_application_for_review, user=request.user, pk=application_pk)
    common = {"application_id": application_pk, "user": request.user, "access": access}
    try:
        if action == "pay_honorarium":
            form = HonorariumForm(request.POST, prefix=f"honorarium-{application_pk}")
            if not form.is_valid():
                raise PortalError(_("Give the DBT reference and the date of payment."))
            payment = tt.pay_honorarium(**common, **form.cleaned_data)
            messages.success(request, _("Honorarium of Rs %(amount)s recorded.") % {"amount": payment.amount})
        elif action == "send_code":
            tt.send_handover_code(**common)
            messages.success(request, _("A code has been sent to the artisan's mobile."))
        elif action == "issue_toolkit":
            form = IssueForm(request.POST, application=access(), prefix=f"issue-{application_pk}")
            if not form.is_valid():
                raise PortalError(_("Choose the toolkit and type the code the artisan received."))
            tt.issue_toolkit(**common, **form.cleaned_data)
            messages.success(request, _("Toolkit handed over."))
        elif action == "carry_forward":
            tt.carry_forward_toolkit(**common)
            messages.success(request, _("Toolkit carried forward to the next financial year."))
        elif action == "return_absentee":
            tt.return_absentee(batch_id=pk, application_id=application_pk, user=request.user)
            messages.success(request, _("Back on the list of selected artisans for a later batch."))
        else:
            raise Http404("no such action")
    except PortalError as exc:
        return render(
            request,
            "toolkit/batch.html",
            _batch_context(request, batch, action_error=exc.message),
        )
    return redirect("toolkit:batch", pk=pk)


@artisan_required
@require_http_methods(["GET", "POST"])
def toolkit_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    application = access_application_for_owner(user=request.user, pk=pk)
    issue = ToolkitIssue.objects.filter(application=application).first()
    if not tt.can_give_feedback(issue):
        messages.info(request, _("Feedback on the toolkit opens 30 days after you receive it, once."))
        return redirect("applications:detail", pk=pk)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            tt.record_feedback(
                application_id=pk,
                user=request.user,
                access=partial(access_application_for_owner, user=request.user, pk=pk),
                **form.cleaned_data,
            )
        except PortalError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Thank you for your feedback."))
            return redirect("applications:detail", pk=pk)
    return render(
        request,
        "toolkit/feedback.html",
        {"application": application, "issue": issue, "form": form},
    )
