from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import DataError, connection, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.request import Request


class StandardPagination(PageNumberPagination):
    """Page numbers for small reference lists. Long work lists (queues) use cursor pagination."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100


# What a forged cursor can raise: DRF's own NotFound for a bad encoding, and, for a well-encoded
# position that is no value of the ordering field, Django's or the database's refusal.
_BAD_CURSOR_ERRORS = (NotFound, ValidationError, ValueError, TypeError, OverflowError, DataError)


def keyset_page(paginator: CursorPagination, queryset, request: HttpRequest) -> list | None:
    """One keyset page for an HTML list. A cursor that does not decode, or decodes to a position
    that is no value of the ordering field (typed by hand or forged), gives the first page and a
    message instead of a server error."""
    try:
        if connection.in_atomic_block and request.GET.get(paginator.cursor_query_param):
            # Inside a transaction the database's refusal of a cursor's position aborts it: a
            # savepoint keeps the first page possible. Requests run in autocommit and need none.
            with transaction.atomic():
                return paginator.paginate_queryset(queryset, Request(request))
        return paginator.paginate_queryset(queryset, Request(request))
    except _BAD_CURSOR_ERRORS:
        first = request.GET.copy()
        first.pop(paginator.cursor_query_param, None)
        request.GET = first
        messages.warning(request, _("This page link is not valid any more; here is the first page."))
        return paginator.paginate_queryset(queryset, Request(request))
