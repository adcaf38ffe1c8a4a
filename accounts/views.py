from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import LoginView, LogoutView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.access import staff_required
from accounts.exceptions import PortalError
from accounts.forms import OTPRequestForm, OTPVerifyForm, StaffAuthenticationForm
from accounts.redirects import safe_next_url
from accounts.services import request_otp, verify_otp
from odop_portal.network import client_ip

SESSION_MOBILE = "otp_mobile"
SESSION_NEXT = "otp_next"


def _masked(mobile: str) -> str:
    return f"******{mobile[-4:]}"


@require_http_methods(["GET", "POST"])
def otp_request(request: HttpRequest) -> HttpResponse:
    """Artisan sign-in, step 1: the mobile number."""
    initial_next = request.GET.get("next") or request.POST.get("next") or ""
    form = OTPRequestForm(request.POST or None, initial={"mobile": request.session.get(SESSION_MOBILE, "")})
    if request.method == "POST" and form.is_valid():
        mobile = form.cleaned_data["mobile"]
        try:
            request_otp(mobile=mobile, ip=client_ip(request))
        except PortalError as exc:
            form.add_error(exc.field, exc.message)
        else:
            request.session[SESSION_MOBILE] = mobile
            request.session[SESSION_NEXT] = initial_next
            messages.success(
                request, _("We have sent a 6-digit code to %(mobile)s.") % {"mobile": _masked(mobile)}
            )
            return redirect("accounts:otp_verify")
    return render(request, "accounts/otp_request.html", {"form": form, "next": initial_next})


@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    """Artisan sign-in, step 2: the code."""
    mobile = request.session.get(SESSION_MOBILE)
    if not mobile:
        return redirect("accounts:login")
    form = OTPVerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = verify_otp(mobile=mobile, code=form.cleaned_data["code"])
        except PortalError as exc:
            form.add_error("code" if exc.field == "code" else None, exc.message)
        else:
            next_url = safe_next_url(request, request.session.get(SESSION_NEXT), fallback="accounts:home")
            login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
            return redirect(next_url)
    return render(request, "accounts/otp_verify.html", {"form": form, "masked_mobile": _masked(mobile)})


class _CheckedNextMixin:
    """Django's sign-in and sign-out views follow `next` through the portal's one check."""

    def get_redirect_url(self) -> str:
        candidate = self.request.POST.get(
            self.redirect_field_name, self.request.GET.get(self.redirect_field_name)
        )
        return safe_next_url(self.request, candidate, fallback="") if candidate else ""


class StaffLoginView(_CheckedNextMixin, LoginView):
    template_name = "accounts/staff_login.html"
    authentication_form = StaffAuthenticationForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return reverse("accounts:staff_desk")


class PortalLogoutView(_CheckedNextMixin, LogoutView):
    pass


def account_home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    if request.user.is_portal_staff:
        return redirect("accounts:staff_desk")
    return redirect("applications:mine")


@staff_required
def staff_desk(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/staff_desk.html", {})
