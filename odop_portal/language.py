"""The language switch in every page's header."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language


@csrf_exempt
def switch_language(request: HttpRequest) -> HttpResponse:
    """Django's `set_language`, without a CSRF token and for the portal's own languages only.

    The language is a preference of the visitor's browser, not an act on their behalf, so the
    switch carries no token: every public page is then the same for every anonymous visitor and
    is served whole from the cache (`odop_portal/public_pages.py`). A language Django knows but
    the portal does not speak is not stored; `next` is checked by Django as always."""
    if request.method == "POST" and request.POST.get("language") not in dict(settings.LANGUAGES):
        request.POST = request.POST.copy()
        request.POST.pop("language", None)
    return set_language(request)
