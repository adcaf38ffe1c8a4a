"""Pages of a GO change, for the state's ODOP cell: the list of drafts, a draft's form, its page
(figures beside those in force, what-if, steps, review), downloads, and the target what-if."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.access import role_required
from accounts.exceptions import PortalError
from accounts.models import Role
from dashboard import exports
from rulechanges import reports
from rulechanges.access import access_ruleset, access_what_if
from rulechanges.forms import DiscardForm, ReviewForm, RuleSetDraftForm, TargetWhatIfForm
from rulechanges.models import WhatIf
from rulechanges.services import (
    ParameterProblems,
    change_draft,
    discard_ruleset,
    draft_ruleset,
    latest_what_if,
    may_discard,
    publish_ruleset,
    request_target_what_if,
    request_what_if,
    return_ruleset,
    simulated,
    submit_for_review,
)
from schemes.changes import figure_changes
from schemes.models import RuleSet
from schemes.rules.base import financial_year
from schemes.selectors import active_ruleset, scheme_get, scheme_list

state_required = role_required(Role.STATE_STAFF, Role.ADMIN)
FORMATS = ("csv", "xlsx")


@state_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """Drafts and those waiting for review first, then the latest published, then the latest
    discarded (kept apart: they are nobody's work any more); two queries."""
    rulesets = list(
        RuleSet.objects.select_related("scheme", "created_by", "published_by").order_by(
            "state", "scheme__position", "-effective_from"
        )
    )
    open_ones = [r for r in rulesets if r.state in (RuleSet.State.DRAFT, RuleSet.State.IN_REVIEW)]
    published = [r for r in rulesets if r.state == RuleSet.State.PUBLISHED][:20]
    discarded = [r for r in rulesets if r.state == RuleSet.State.DISCARDED][:20]
    return render(
        request,
        "rulechanges/index.html",
        {
            "open_rulesets": open_ones,
            "published": published,
            "discarded": discarded,
            "schemes": scheme_list(),
        },
    )


def _save_draft(request: HttpRequest, form: RuleSetDraftForm, ruleset: RuleSet | None):
    data = form.cleaned_data
    arguments = {
        "user": request.user,
        "go_reference": data["go_reference"],
        "go_date": data["go_date"],
        "effective_from": data["effective_from"],
        "parameters": form.parameters_of(data),
        "notes": data["notes"],
        "go_document": data.get("go_document"),
    }
    try:
        if ruleset is None:
            return draft_ruleset(scheme=form.scheme, **arguments)
        return change_draft(ruleset_id=ruleset.pk, **arguments)
    except ParameterProblems as problems:
        form.add_problems(problems.problems)
    except PortalError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
    return None


@state_required
@require_http_methods(["GET", "POST"])
def new_draft(request: HttpRequest, scheme_code: str) -> HttpResponse:
    """A new draft, starting from the figures in force today."""
    scheme = scheme_get(code=scheme_code.upper())
    current = active_ruleset(scheme=scheme, on=timezone.localdate())
    form = RuleSetDraftForm(
        request.POST or None, request.FILES or None, scheme=scheme, current=current.parameters
    )
    if request.method == "POST" and form.is_valid():
        ruleset = _save_draft(request, form, None)
        if ruleset is not None:
            messages.success(request, _("Draft saved. Run the what-if to see what it would do."))
            return redirect("rulechanges:detail", pk=ruleset.pk)
    return render(
        request, "rulechanges/draft_form.html", {"form": form, "scheme": scheme, "current": current}
    )


@state_required
@require_http_methods(["GET", "POST"])
def edit_draft(request: HttpRequest, pk: int) -> HttpResponse:
    ruleset = access_ruleset(user=request.user, pk=pk)
    if ruleset.state != RuleSet.State.DRAFT or ruleset.created_by_id != request.user.pk:
        messages.error(
            request, _("Only the person who drafted it can change a draft, and only while it is a draft.")
        )
        return redirect("rulechanges:detail", pk=ruleset.pk)
    form = RuleSetDraftForm(
        request.POST or None,
        request.FILES or None,
        scheme=ruleset.scheme,
        current=ruleset.parameters,
        initial={
            "go_reference": ruleset.go_reference,
            "go_date": ruleset.go_date,
            "effective_from": ruleset.effective_from,
            "notes": ruleset.notes,
        },
    )
    if request.method == "POST" and form.is_valid() and _save_draft(request, form, ruleset) is not None:
        messages.success(request, _("Draft saved. Its what-if must be run again for the new figures."))
        return redirect("rulechanges:detail", pk=ruleset.pk)
    return render(
        request,
        "rulechanges/draft_form.html",
        {"form": form, "scheme": ruleset.scheme, "ruleset": ruleset, "current": None},
    )


@state_required
@require_safe
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    ruleset = access_ruleset(user=request.user, pk=pk)
    today = timezone.localdate()
    in_force = active_ruleset(scheme=ruleset.scheme, on=today)
    what_if = latest_what_if(ruleset)
    finished = simulated(ruleset)
    context = {
        "ruleset": ruleset,
        "in_force": in_force,
        "figures": figure_changes(
            None if in_force.pk == ruleset.pk else in_force.rule_parameters(), ruleset.rule_parameters()
        ),
        "events": ruleset.events.select_related("actor").order_by("created_at", "id"),
        "what_if": what_if,
        "finished": finished,
        "is_drafter": ruleset.created_by_id == request.user.pk,
        "review_form": ReviewForm(),
        "can_discard": may_discard(request.user, ruleset),
        "discard_form": DiscardForm(prefix="discard"),
    }
    if finished is not None:
        context["tables"] = [
            reports.years_table(finished),
            reports.reasons_table(finished),
            reports.largest_changes_table(finished),
            reports.districts_table(finished),
        ]
    return render(request, "rulechanges/detail.html", context)


def _act(request: HttpRequest, pk: int, action, success: str, **extra) -> HttpResponse:
    ruleset = access_ruleset(user=request.user, pk=pk)
    try:
        action(user=request.user, ruleset_id=ruleset.pk, **extra)
    except PortalError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, success)
    return redirect("rulechanges:detail", pk=ruleset.pk)


@state_required
@require_POST
def run_what_if(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, request_what_if, _("The what-if is queued; this page shows its progress."))


@state_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, submit_for_review, _("Sent for review. A second person must publish it."))


@state_required
@require_POST
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish, or send back with a note: the button pressed says which."""
    access_ruleset(user=request.user, pk=pk)  # a forged id gets 404 before anything is read
    form = ReviewForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("rulechanges:detail", pk=pk)
    if request.POST.get("decision") == "publish":
        return _act(
            request,
            pk,
            publish_ruleset,
            _("Published. It computes files from its effective date."),
            note=note,
        )
    if request.POST.get("decision") == "return":
        return _act(request, pk, return_ruleset, _("Sent back to the drafter with your note."), note=note)
    messages.error(request, _("Choose to publish or to send back."))
    return redirect("rulechanges:detail", pk=pk)


@state_required
@require_POST
def discard(request: HttpRequest, pk: int) -> HttpResponse:
    """Discard a draft or a rule set waiting for review, with an optional reason."""
    access_ruleset(user=request.user, pk=pk)  # a forged id gets 404 before anything is read
    form = DiscardForm(request.POST, prefix="discard")
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("rulechanges:detail", pk=pk)
    return _act(
        request,
        pk,
        discard_ruleset,
        _("Discarded. It is kept with its steps for the record and is never used."),
        note=form.cleaned_data["note"],
    )


@state_required
@require_safe
def progress(request: HttpRequest, pk: int, what_if_pk: int) -> JsonResponse:
    ruleset = access_ruleset(user=request.user, pk=pk)
    return _progress_answer(access_what_if(user=request.user, pk=what_if_pk, ruleset=ruleset))


def _progress_answer(what_if: WhatIf) -> JsonResponse:
    """How far a what-if has got, for the page's progress bar; never kept by a browser."""
    return JsonResponse(
        {"state": what_if.state, "done": what_if.done, "total": what_if.total, "percent": what_if.percent},
        headers={"Cache-Control": "no-store"},
    )


@state_required
@require_safe
def download(request: HttpRequest, pk: int, what_if_pk: int, fmt: str) -> HttpResponse:
    ruleset = access_ruleset(user=request.user, pk=pk)
    what_if = access_what_if(user=request.user, pk=what_if_pk, ruleset=ruleset)
    if fmt not in FORMATS or what_if.state != WhatIf.State.DONE:
        raise Http404("no such download")
    name = exports.safe_filename(
        "what-if", ruleset.scheme.code, f"{ruleset.effective_from:%Y-%m-%d}", str(what_if.pk)
    )
    files = reports.all_changes_table(what_if)
    if fmt == "csv":
        return exports.csv_response(files, name)
    return exports.xlsx_response(
        [
            files,
            reports.years_table(what_if),
            reports.districts_table(what_if),
            reports.reasons_table(what_if),
        ],
        name,
    )


@state_required
@require_safe
def go_document(request: HttpRequest, pk: int) -> FileResponse:
    ruleset = access_ruleset(user=request.user, pk=pk)
    if not ruleset.go_document:
        raise Http404("no GO attached")
    response = FileResponse(ruleset.go_document.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@state_required
@require_http_methods(["GET", "POST"])
def target_what_if(request: HttpRequest) -> HttpResponse:
    """ "If this district's target rose by N, which waiting files would it admit?" """
    form = TargetWhatIfForm(
        request.POST or None, initial={"financial_year": financial_year(timezone.localdate())}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            what_if = request_target_what_if(user=request.user, **data)
        except PortalError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            return redirect("rulechanges:target_result", pk=what_if.pk)
    recent = WhatIf.objects.filter(kind=WhatIf.Kind.TARGET).select_related("district", "scheme")[:10]
    return render(request, "rulechanges/target_form.html", {"form": form, "recent": recent})


@state_required
@require_safe
def target_result(request: HttpRequest, pk: int) -> HttpResponse:
    what_if = access_what_if(user=request.user, pk=pk, kind=WhatIf.Kind.TARGET)
    table = reports.admitted_table(what_if) if what_if.state == WhatIf.State.DONE else None
    return render(request, "rulechanges/target_result.html", {"what_if": what_if, "table": table})


@state_required
@require_safe
def target_progress(request: HttpRequest, pk: int) -> JsonResponse:
    return _progress_answer(access_what_if(user=request.user, pk=pk, kind=WhatIf.Kind.TARGET))
