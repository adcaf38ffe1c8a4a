"""Pages of the dashboard: the state staff's dashboard, the list behind every figure, targets,
downloads, and the public open-data page."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe
from rest_framework.pagination import CursorPagination

from accounts.access import role_required
from accounts.exceptions import PortalError
from accounts.models import Role
from dashboard import exports, reports
from dashboard.board import dashboard_data
from dashboard.filters import PUBLIC_MEASURES, STAFF_MEASURES, ApplicationListFilter, ScopeForm
from dashboard.forms import MoveTargetForm, SetTargetForm
from dashboard.open_data import published_open_data, seconds_left
from dashboard.selectors import application_list_for_user, reference_lists
from dashboard.services import move_target, set_target
from odop_portal.pagination import keyset_page
from odop_portal.public_pages import for_everyone

state_staff_required = role_required(Role.STATE_STAFF, Role.ADMIN)
# The list behind a figure: state staff see every district, a district officer their own.
list_readers_required = role_required(Role.STATE_STAFF, Role.ADMIN, Role.DISTRICT_OFFICER)

STAFF_TABLES = ("summary", "statuses", "districts", "divisions", "league", "stages", "trend", "targets")
PUBLIC_TABLES = ("districts", "months", "schemes")
FORMATS = ("csv", "xlsx")


def _staff_context(request: HttpRequest) -> dict:
    lists = reference_lists()
    form = ScopeForm(request.GET or None, lists=lists, measures_choices=STAFF_MEASURES)
    scope = form.scope()
    data = dashboard_data(scope, lists)
    return {
        "form": form,
        "scope": scope,
        "data": data,
        "tables": reports.staff_tables(data),
        "measure": form.chosen_measure(),
    }


def _download_name(prefix: str, scope, table: str) -> str:
    place = scope.district.slug if scope.district else (scope.division.slug if scope.division else "up")
    return exports.safe_filename(
        prefix, table, scope.year, scope.scheme.code if scope.scheme else "all", place
    )


@state_staff_required
def home(request: HttpRequest) -> HttpResponse:
    context = _staff_context(request)
    context["charts"] = reports.staff_charts(context["data"], context["measure"])
    context["query"] = request.GET.urlencode()
    context["table_keys"] = STAFF_TABLES
    from outbox.services import outbox_health

    context["outbox"] = outbox_health()  # one query: is deferred work keeping up?
    return render(request, "dashboard/home.html", context)


@state_staff_required
def export(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    """One table (or `all` of them, as a workbook) for the filters chosen on the dashboard."""
    if fmt not in FORMATS or (table not in STAFF_TABLES and not (table == "all" and fmt == "xlsx")):
        raise Http404("no such download")
    context = _staff_context(request)
    tables = context["tables"]
    name = _download_name("odop-dashboard", context["scope"], table)
    if table == "all":
        return exports.xlsx_response([tables[key] for key in STAFF_TABLES], name)
    if fmt == "csv":
        return exports.csv_response(tables[table], name)
    return exports.xlsx_response([tables[table]], name)


class ListCursor(CursorPagination):
    page_size = 50
    ordering = ("submitted_at", "id")
    cursor_query_param = "cursor"


LIST_HEADER = [
    gettext_lazy("Reference"),
    gettext_lazy("District"),
    gettext_lazy("Sub-scheme"),
    gettext_lazy("Status"),
    gettext_lazy("Received"),
    gettext_lazy("Decided"),
    gettext_lazy("Due"),
    gettext_lazy("Benefit (₹)"),
]


@list_readers_required
def applications(request: HttpRequest) -> HttpResponse:
    """The files behind a dashboard figure, read-only, with the office queue's filters."""
    filterset = ApplicationListFilter(
        request.GET or None, queryset=application_list_for_user(user=request.user)
    )
    paginator = ListCursor()
    page = keyset_page(paginator, filterset.qs, request)
    lists = reference_lists()
    return render(
        request,
        "dashboard/applications.html",
        {
            "filter": filterset,
            "page": page,
            "next_url": paginator.get_next_link(),
            "previous_url": paginator.get_previous_link(),
            "districts": lists.districts if request.user.role != Role.DISTRICT_OFFICER else [],
            "divisions": lists.divisions if request.user.role != Role.DISTRICT_OFFICER else [],
            "is_officer": request.user.role == Role.DISTRICT_OFFICER,
            "query": request.GET.urlencode(),
        },
    )


@list_readers_required
def applications_csv(request: HttpRequest) -> HttpResponse:
    """The whole filtered list as CSV: reference numbers, places, status, dates and amounts,
    no names or other personal data."""
    filterset = ApplicationListFilter(
        request.GET or None, queryset=application_list_for_user(user=request.user)
    )
    rows = filterset.qs.order_by("submitted_at", "id").iterator(chunk_size=2000)

    def lines():
        for application in rows:
            yield [
                application.reference_number,
                application.district.name_en,
                application.scheme.code,
                application.status,
                application.submitted_at.isoformat() if application.submitted_at else "",
                application.closed_at.isoformat() if application.closed_at else "",
                application.due_at.isoformat() if application.due_at else "",
                application.benefit_amount if application.benefit_amount is not None else "",
            ]

    return exports.csv_stream([str(label) for label in LIST_HEADER], lines(), "odop-applications")


@state_staff_required
@require_http_methods(["GET", "POST"])
def targets(request: HttpRequest) -> HttpResponse:
    """Set a district's target, or move part of one to another district; the page shows the
    year's progress against the targets."""
    lists = reference_lists()
    set_form = SetTargetForm(
        request.POST if request.POST.get("action") == "set" else None, lists=lists, prefix="set"
    )
    move_form = MoveTargetForm(
        request.POST if request.POST.get("action") == "move" else None, lists=lists, prefix="move"
    )
    if request.method == "POST":
        form = set_form if request.POST.get("action") == "set" else move_form
        if form.is_valid():
            data = form.cleaned_data
            try:
                if form is set_form:
                    target = set_target(
                        district=data["district"],
                        scheme=data["scheme"],
                        financial_year=data["financial_year"],
                        physical=data["physical"],
                        financial=data["financial"],
                        user=request.user,
                    )
                    messages.success(
                        request,
                        _("Target saved: %(district)s, %(scheme)s, %(year)s.")
                        % {
                            "district": target.district.name,
                            "scheme": target.scheme.name,
                            "year": target.financial_year,
                        },
                    )
                else:
                    source, destination = move_target(
                        scheme=data["scheme"],
                        financial_year=data["financial_year"],
                        from_district=data["from_district"],
                        to_district=data["to_district"],
                        physical=data["physical"],
                        financial=data["financial"],
                        user=request.user,
                    )
                    messages.success(
                        request,
                        _("Target moved from %(from)s to %(to)s.")
                        % {"from": source.district.name, "to": destination.district.name},
                    )
                return redirect(f"{request.path}?year={data['financial_year']}&scheme={data['scheme'].code}")
            except PortalError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    scope_form = ScopeForm(
        request.GET or None, lists=lists, measures_choices=STAFF_MEASURES, with_places=False
    )
    scope = scope_form.scope()
    data = dashboard_data(scope, lists)
    return render(
        request,
        "dashboard/targets.html",
        {
            "form": scope_form,
            "scope": scope,
            "table": reports.staff_tables(data)["targets"],
            "set_form": set_form,
            "move_form": move_form,
        },
    )


def _public_context(request: HttpRequest) -> dict:
    lists = reference_lists()
    form = ScopeForm(request.GET or None, lists=lists, measures_choices=PUBLIC_MEASURES, with_places=False)
    scope = form.scope()
    data = published_open_data(year=scope.year, lists=lists)
    return {
        "form": form,
        "scope": scope,
        "open_data": data,
        "tables": reports.public_tables(data, scope.scheme),
        "measure": form.chosen_measure(),
    }


@require_safe
def open_data(request: HttpRequest) -> HttpResponse:
    """Public: the year's figures by district and sub-scheme, with small cells withheld. The
    unfiltered page is the same for every anonymous visitor: it is kept whole as long as the
    published figures it shows are, no longer (each page states the moment they are as of)."""
    drawn: dict = {}
    return for_everyone(
        request,
        "dashboard/open_data.html",
        lambda: _open_data_page(request, drawn),
        timeout=settings.OPEN_DATA_CACHE_SECONDS,
        lifetime=lambda: seconds_left(drawn["data"]),
    )


def _open_data_page(request: HttpRequest, drawn: dict) -> HttpResponse:
    context = _public_context(request)
    drawn["data"] = context["open_data"]  # what the page shows, for how long it may be kept
    context["charts"] = reports.public_charts(
        context["open_data"], context["scope"].scheme, context["measure"]
    )
    context["query"] = request.GET.urlencode()
    context["table_keys"] = PUBLIC_TABLES
    return render(request, "dashboard/open_data.html", context)


@require_safe
def open_data_export(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    if table not in PUBLIC_TABLES or fmt not in FORMATS:
        raise Http404("no such download")
    context = _public_context(request)
    name = _download_name("odop-open-data", context["scope"], table)
    if fmt == "csv":
        return exports.csv_response(context["tables"][table], name)
    return exports.xlsx_response([context["tables"][table]], name)
