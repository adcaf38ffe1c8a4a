"""Status lookup without signing in: the reference number, then a one-time code sent to the
mobile number registered with the application. Shows the timeline only, no personal details.

Reference numbers are sequential, so the pages answer a number that does not exist exactly as
one that does: the same redirect, the same page (no masked mobile number), the same messages for
wrong codes, tries left and expiry; only the real one gets an SMS.

And the check of a printed receipt or letter by its verification code."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.exceptions import PortalError, RateLimited
from accounts.forms import OTPVerifyForm
from accounts.models import CodePurpose
from accounts.services import check_network_allowance, consume_otp, request_otp, wrong_code_message
from applications import selectors
from applications.forms import StatusLookupForm, VerifyCodeForm
from applications.models import Application
from applications.services.verification import allow_verification_check, normalise_code
from applications.workflow import Status
from odop_portal.network import client_ip

SESSION_KEY = "status_lookup"


@require_http_methods(["GET", "POST"])
def status_lookup(request: HttpRequest) -> HttpResponse:
    form = StatusLookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            # Counted whether the number exists or not, so the limit says nothing either.
            check_network_allowance(ip=client_ip(request))
            application = (
                Application.objects.exclude(status=Status.DRAFT)
                .select_related("applicant__user")
                .filter(reference_number=form.cleaned_data["reference_number"])
                .first()
            )
            if application is not None:
                _send_code(request, application)
        except PortalError as exc:
            form.add_error("reference_number", exc.message)
        else:
            request.session[SESSION_KEY] = {
                "pk": application.pk if application else None,
                "verified": False,
                "tries": 0,
                "asked_at": timezone.now().timestamp(),
            }
            return redirect("applications:status_verify")
    return render(request, "applications/status_lookup.html", {"form": form})


def _send_code(request: HttpRequest, application: Application) -> None:
    try:
        request_otp(
            mobile=application.applicant.user.mobile, ip=client_ip(request), purpose=CodePurpose.STATUS_LOOKUP
        )
    except RateLimited as exc:
        # Asked again too soon or too often for this number: the code already sent still works,
        # and saying so would tell that the number exists.
        if exc.per != "mobile":
            raise


def _refuse_missing(state: dict) -> str:
    """The message a wrong code gets, for a reference number that does not exist."""
    if timezone.now().timestamp() - state["asked_at"] >= settings.OTP_VALIDITY.total_seconds():
        return _("This code has expired. Ask for a new code.")
    if state["tries"] >= settings.OTP_MAX_ATTEMPTS:
        return _("Too many wrong tries for this code. Ask for a new code.")
    state["tries"] += 1
    return wrong_code_message(attempts=state["tries"])


@require_http_methods(["GET", "POST"])
def status_verify(request: HttpRequest) -> HttpResponse:
    state = request.session.get(SESSION_KEY)
    if not state or "asked_at" not in state:
        return redirect("applications:status_lookup")
    application = (
        Application.objects.select_related("applicant__user", "scheme", "district")
        .filter(pk=state["pk"])
        .first()
        if state["pk"]
        else None
    )
    form = OTPVerifyForm(request.POST or None)
    if not state["verified"] and request.method == "POST" and form.is_valid():
        if application is None:
            form.add_error("code", _refuse_missing(state))
        else:
            try:
                consume_otp(
                    mobile=application.applicant.user.mobile,
                    code=form.cleaned_data["code"],
                    purpose=CodePurpose.STATUS_LOOKUP,
                )
            except PortalError as exc:
                form.add_error("code", exc.message)
            else:
                state["verified"] = True
        request.session[SESSION_KEY] = state
    if state["verified"] and application is not None:
        application = selectors.application_detail(application=application)
        return render(
            request,
            "applications/status_result.html",
            {"application": application, "timeline": selectors.timeline(application)},
        )
    return render(request, "applications/status_verify.html", {"form": form})


def _verification_response(request: HttpRequest, raw: str | None) -> HttpResponse:
    """One answer for a code nobody was given and for a string that cannot be a code: the same
    page, the same status; both count against the network address's allowance."""
    form = VerifyCodeForm(initial={"code": (raw or "")[:40]})
    context: dict = {"form": form}
    status = 200
    if raw is not None:
        if not allow_verification_check(ip=client_ip(request)):
            context["rate_limited"] = True
            status = 429
        else:
            code = normalise_code(raw)
            answer = selectors.verification_get(code=code) if code else None
            if answer is None:
                context["unknown"] = True
                status = 404
            else:
                context["answer"] = answer
    response = render(request, "applications/verify.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def verify_lookup(request: HttpRequest) -> HttpResponse:
    """A form for a code typed from the paper (GET, so the answer is a plain address)."""
    return _verification_response(request, request.GET.get("code"))


@require_GET
def verify_letter(request: HttpRequest, code: str) -> HttpResponse:
    """The address in a letter's QR code: is this receipt or letter genuine, and does it stand?"""
    return _verification_response(request, code)
