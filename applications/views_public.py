"""Status lookup without signing in: the reference number, then a one-time code sent to the
mobile number registered with the application. Shows the timeline only, no personal details.
And the check of a printed receipt or letter by its verification code."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.exceptions import PortalError
from accounts.forms import OTPVerifyForm
from accounts.services import consume_otp, request_otp
from accounts.views import client_ip
from applications import selectors
from applications.forms import StatusLookupForm, VerifyCodeForm
from applications.models import Application
from applications.services.verification import allow_verification_check, normalise_code
from applications.workflow import Status

SESSION_KEY = "status_lookup"


@require_http_methods(["GET", "POST"])
def status_lookup(request: HttpRequest) -> HttpResponse:
    form = StatusLookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        application = (
            Application.objects.exclude(status=Status.DRAFT)
            .select_related("applicant__user")
            .filter(reference_number=form.cleaned_data["reference_number"])
            .first()
        )
        if application is None:
            form.add_error(
                "reference_number", _("No application has this reference number. Check it on your receipt.")
            )
        else:
            mobile = application.applicant.user.mobile
            try:
                request_otp(mobile=mobile, ip=client_ip(request))
            except PortalError as exc:
                form.add_error("reference_number", exc.message)
            else:
                request.session[SESSION_KEY] = {"pk": application.pk, "verified": False}
                return redirect("applications:status_verify")
    return render(request, "applications/status_lookup.html", {"form": form})


@require_http_methods(["GET", "POST"])
def status_verify(request: HttpRequest) -> HttpResponse:
    state = request.session.get(SESSION_KEY)
    if not state:
        return redirect("applications:status_lookup")
    application = Application.objects.select_related("applicant__user", "scheme", "district").get(
        pk=state["pk"]
    )
    mobile = application.applicant.user.mobile
    form = OTPVerifyForm(request.POST or None)
    if not state["verified"] and request.method == "POST" and form.is_valid():
        try:
            consume_otp(mobile=mobile, code=form.cleaned_data["code"])
        except PortalError as exc:
            form.add_error("code", exc.message)
        else:
            state["verified"] = True
            request.session[SESSION_KEY] = state
    if state["verified"]:
        application = selectors.application_detail(application=application)
        return render(
            request,
            "applications/status_result.html",
            {"application": application, "timeline": selectors.timeline(application)},
        )
    return render(
        request, "applications/status_verify.html", {"form": form, "masked_mobile": f"******{mobile[-4:]}"}
    )


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
