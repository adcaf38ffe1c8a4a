"""Pages for the ODOP cell (state staff): Common Facility Centre proposals after the state
committee's in-principle sanction. The cell records the DPR's appraisal (GO-CFC-2018 paras
21-22) and the department's financial sanction (para 25); the state committee's decisions are
taken at its meetings, like any committee's."""

from functools import partial

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import artisan_required, role_required
from accounts.exceptions import PortalError
from accounts.models import Role
from applications import selectors
from applications.access import access_application_for_owner
from applications.forms import attach_error
from applications.views_artisan import _detail_context, _owner_access
from applications.workflow import STATE, allowed_transitions
from cfc import selectors as cfc_selectors
from cfc import services as cfc_grant
from cfc.access import access_application_for_state
from cfc.forms import AppraisalForm, FinalSanctionForm, UtilisationForm

state_required = role_required(Role.STATE_STAFF, Role.ADMIN)
PAGE_SIZE = 50
# The form for each step the ODOP cell records, by the transition it makes.
STATE_ACTIONS = {
    "appraise_dpr": (AppraisalForm, cfc_grant.record_appraisal),
    "sanction_finally": (FinalSanctionForm, cfc_grant.record_final_sanction),
}


@state_required
def cfc_proposals(request: HttpRequest) -> HttpResponse:
    """Proposals past district screening, those waiting on the ODOP cell first."""
    waiting = request.GET.get("show") != "all"
    page = Paginator(cfc_selectors.cfc_proposals_for_state(waiting_on_state=waiting), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "cfc/proposals.html", {"page": page, "waiting": waiting})


def _context(application, forms: dict | None = None) -> dict:
    application = selectors.application_detail(application=application)
    names = {t.name for t in allowed_transitions(application.status, STATE)}
    forms = forms or {}
    return {
        "application": application,
        "timeline": selectors.timeline(application),
        "cfc": cfc_selectors.cfc_grant_summary(application),
        "forms": {
            name: forms.get(name) or form_class(prefix=name)
            for name, (form_class, _service) in STATE_ACTIONS.items()
            if name in names
        },
    }


@state_required
def cfc_proposal(request: HttpRequest, pk: int) -> HttpResponse:
    application = access_application_for_state(user=request.user, pk=pk)
    return render(request, "cfc/proposal.html", _context(application))


@state_required
@require_POST
def cfc_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One step by the ODOP cell. A refused step changes nothing and says why, keeping what
    was typed."""
    application = access_application_for_state(user=request.user, pk=pk)
    if action not in STATE_ACTIONS:
        return HttpResponse(status=404)
    form_class, service = STATE_ACTIONS[action]
    form = form_class(request.POST, request.FILES, prefix=action)
    context = _context(application, {action: form})
    if not form.is_valid():
        return render(request, "cfc/proposal.html", context)
    try:
        service(
            application_id=pk,
            user=request.user,
            access=partial(access_application_for_state, user=request.user, pk=pk),
            **form.cleaned_data,
        )
    except PortalError as exc:
        if not attach_error(form, exc):
            context["action_error"] = exc.message
        return render(request, "cfc/proposal.html", context)
    messages.success(request, _("Recorded."))
    return redirect("cfc:state_proposal", pk=pk)


@artisan_required
@require_POST
def utilisation(request: HttpRequest, pk: int) -> HttpResponse:
    """The SPV uploads the utilisation certificate of the instalments released so far. A refused
    upload keeps the figures typed and says which field is wrong."""
    application = access_application_for_owner(user=request.user, pk=pk)
    form = UtilisationForm(request.POST, request.FILES, prefix="utilisation")
    if form.is_valid() and application.status in cfc_grant.CERTIFIED_AFTER:
        try:
            cfc_grant.record_utilisation(
                application_id=pk,
                user=request.user,
                access=_owner_access(request, pk),
                after_instalment=cfc_grant.CERTIFIED_AFTER[application.status],
                **form.cleaned_data,
            )
        except PortalError as exc:
            if not attach_error(form, exc):
                form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("The utilisation certificate is recorded; the office can release the next instalment."),
            )
            return redirect("applications:detail", pk=pk)
    elif form.is_valid():
        messages.error(request, _("A utilisation certificate follows the instalment just released."))
        return redirect("applications:detail", pk=pk)
    context = _detail_context(application)
    if context.get("utilisation_form") is not None:
        context["utilisation_form"] = form  # refused: the figures typed are kept
    return render(request, "applications/detail.html", context)
