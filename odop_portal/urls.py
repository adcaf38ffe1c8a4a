from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from applications import views_public as application_public_views
from districts import views as district_views
from odop_portal.api_root import api_root
from odop_portal.health import healthz
from odop_portal.language import switch_language

admin.site.site_header = "ODOP Uttar Pradesh"
admin.site.site_title = "ODOP admin"

api_v1 = [
    # Before the routers' own roots, which each list only their app's endpoints.
    path("", api_root, name="api-root"),
    path("", include("districts.api.urls")),
    path("", include("schemes.api.urls")),
    path("", include("applications.api.urls")),
    path("", include("dashboard.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
]

urlpatterns = [
    path("", district_views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    # Printed on receipts and letters (QR code): public, no sign-in.
    path("verify/", application_public_views.verify_lookup, name="verify"),
    path("verify/<path:code>", application_public_views.verify_letter, name="verify_letter"),
    path("i18n/setlang/", switch_language, name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("accounts/", include("accounts.urls")),
    path("districts/", include("districts.urls")),
    path("schemes/", include("schemes.urls")),
    # Each sub-scheme's and the committees' pages sit under /applications/ with the shared ones.
    path("applications/", include("committees.urls")),
    path("applications/", include("margin_money.urls")),
    path("applications/", include("toolkit.urls")),
    path("applications/", include("cfc.urls")),
    path("applications/", include("applications.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("rule-changes/", include("rulechanges.urls")),
    path("api/v1/", include(api_v1)),
    path("admin/", admin.site.urls),
]

handler404 = "odop_portal.errors.not_found"
