"""The ceiling for the load benchmark: a bare Django project with one view returning a tiny JSON
answer, served by the same gunicorn command as the portal. Whatever the portal does on top of
this (middleware, sessions, queries, templates) is what the benchmark's ratio measures.

    gunicorn benchmarks.ceiling:application --bind 127.0.0.1:8001 --workers 2
"""

from django.conf import settings

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="ceiling-benchmark-only",  # noqa: S106 - serves one constant answer, holds nothing
        ALLOWED_HOSTS=["*"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
        USE_I18N=False,
    )

from django.core.wsgi import get_wsgi_application
from django.http import JsonResponse
from django.urls import path


def ping(request):
    return JsonResponse({"ok": True})


urlpatterns = [path("", ping), path("<path:anything>", ping)]

application = get_wsgi_application()
